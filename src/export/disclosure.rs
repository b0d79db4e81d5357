//! The board's disclosure policy (`[disclosure]` in board.toml) applied to one tender on one
//! date: which bids' prices and scores, and which bidders' names, the public outputs (`export
//! ocds`, `publish`, `stats`) leave out, and why in one sentence.
//!
//! A bid is *successful* on a date when an award notified by then names it and that award is in
//! force (`pending` or `active`): its price is the award's value and its bidder the supplier, so
//! the policy never hides them. Every other bid is *unsuccessful*. A bidder's name is withheld
//! only when none of their bids is successful.
//!
//! `after_award` shows a bid once the award of its lot (or of the tender, without lots) is
//! *final* on the date: at least one award notified by then is `active` and none is `pending`
//! (an award cancelled or made unsuccessful is superseded by the board's new decision).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::board::load::TenderDoc;
use crate::board::model::{Disclosure, DisclosureConfig};
use crate::tender::{AwardState, AwardStatus};

/// What the policy withholds of one tender on one date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Withheld {
    /// The tender id.
    pub tender: String,
    /// Bids whose price and scores (points, totals, explanations) are withheld, by id.
    pub bids: BTreeSet<String>,
    /// Bidders whose name is withheld: name → neutral label ("Bidder 3 (name withheld)").
    pub names: BTreeMap<String, String>,
    /// Bidders whose name is withheld: name → their number (for stable party ids).
    pub numbers: BTreeMap<String, usize>,
    /// Why, one clause per key that withholds something (for the `withheld:` line).
    pub reasons: Vec<String>,
    /// The same in plain words for the public pages, one sentence per key.
    pub plain: Vec<String>,
}

impl Withheld {
    /// Whether nothing is withheld.
    pub fn is_empty(&self) -> bool {
        self.bids.is_empty() && self.names.is_empty()
    }

    /// Whether bid `id`'s price and scores are withheld.
    pub fn price(&self, id: &str) -> bool {
        self.bids.contains(id)
    }

    /// The name to show for bidder `name`: the neutral label when withheld, else the name.
    pub fn name<'a>(&'a self, name: &'a str) -> &'a str {
        self.names.get(name).map_or(name, String::as_str)
    }

    /// The sentence for standard error and the pages: "withheld: tender t1: …"; `None` when
    /// nothing is withheld.
    pub fn line(&self) -> Option<String> {
        (!self.is_empty()).then(|| format!("withheld: tender {}: {}", self.tender, self.sentence()))
    }

    /// What is withheld and why, without the prefix.
    pub fn sentence(&self) -> String {
        format!("{}.", self.reasons.join("; "))
    }
}

/// The neutral label of the `n`th bidder (1-based, in the order of the tender's bids).
pub fn label(n: usize) -> String {
    format!("Bidder {n} (name withheld)")
}

/// Applies `policy` to tender `t` on `on`, with its awards' states on that date (`awards`, as
/// [`crate::tender::award_states`] gives them, one per `[[award]]` in file order).
pub fn withheld(
    policy: DisclosureConfig,
    t: &TenderDoc,
    awards: &[AwardState],
    on: NaiveDate,
) -> Withheld {
    let tf = &t.tender;
    // Awards notified by `on`, with their state.
    let notified: Vec<&AwardState> = tf
        .awards
        .iter()
        .zip(awards)
        .filter(|(a, _)| a.notice.get_ref().0 <= on)
        .map(|(_, s)| s)
        .collect();
    let in_force = |s: &AwardState| matches!(s.status, AwardStatus::Pending | AwardStatus::Active);
    let successful: BTreeSet<&str> = notified
        .iter()
        .filter(|s| in_force(s))
        .map(|s| s.bid.as_str())
        .collect();
    let final_for = |lot: Option<&str>| {
        let of_lot: Vec<&&AwardState> = notified
            .iter()
            .filter(|s| s.lot.as_deref() == lot)
            .collect();
        of_lot.iter().any(|s| s.status == AwardStatus::Active)
            && !of_lot.iter().any(|s| s.status == AwardStatus::Pending)
    };
    let shown = |policy: Disclosure, lot: Option<&str>| match policy {
        Disclosure::Always => true,
        Disclosure::Never => false,
        Disclosure::AfterAward => final_for(lot),
    };

    let mut out = Withheld {
        tender: t.id.clone(),
        ..Withheld::default()
    };
    // The lots (none: the tender as a whole) whose award is not final, per key.
    let mut not_final: BTreeSet<Option<String>> = BTreeSet::new();
    let note_lot = |lot: Option<&str>, not_final: &mut BTreeSet<Option<String>>| {
        not_final.insert(lot.map(str::to_owned));
    };
    for bid in &tf.bids {
        let id = bid.id.get_ref();
        let lot = bid.lot.as_ref().map(|l| l.get_ref().as_str());
        if !successful.contains(id.as_str()) && !shown(policy.unsuccessful_bids, lot) {
            out.bids.insert(id.clone());
            if policy.unsuccessful_bids == Disclosure::AfterAward {
                note_lot(lot, &mut not_final);
            }
        }
    }
    // Bidders in the order of their first bid; a name is withheld when none of its bids is
    // successful and the policy hides some lot it bid for.
    let mut order: Vec<&str> = Vec::new();
    for bid in &tf.bids {
        if !order.contains(&bid.bidder.as_str()) {
            order.push(&bid.bidder);
        }
    }
    let mut names_not_final: BTreeSet<Option<String>> = BTreeSet::new();
    for (i, name) in order.iter().enumerate() {
        let theirs: Vec<_> = tf.bids.iter().filter(|b| b.bidder == *name).collect();
        if theirs
            .iter()
            .any(|b| successful.contains(b.id.get_ref().as_str()))
        {
            continue;
        }
        let hidden: Vec<Option<&str>> = theirs
            .iter()
            .map(|b| b.lot.as_ref().map(|l| l.get_ref().as_str()))
            .filter(|lot| !shown(policy.unsuccessful_bidders, *lot))
            .collect();
        if hidden.is_empty() {
            continue;
        }
        out.names.insert((*name).to_string(), label(i + 1));
        out.numbers.insert((*name).to_string(), i + 1);
        if policy.unsuccessful_bidders == Disclosure::AfterAward {
            for lot in hidden {
                note_lot(lot, &mut names_not_final);
            }
        }
    }

    explain(&mut out, policy, (&not_final, &names_not_final), on);
    out
}

/// What `withheld` withheld, in words: the public note (`plain`) and the reasons printed to
/// stderr, each with the policy key and, for `after_award`, the lots whose award is not final.
fn explain(
    out: &mut Withheld,
    policy: DisclosureConfig,
    (not_final, names_not_final): (&BTreeSet<Option<String>>, &BTreeSet<Option<String>>),
    on: NaiveDate,
) {
    let why = |key: &str, p: Disclosure, not_final: &BTreeSet<Option<String>>| match p {
        Disclosure::AfterAward => {
            let lots: Vec<&str> = not_final.iter().flatten().map(String::as_str).collect();
            let of = match lots.len() {
                0 => String::new(),
                1 => format!(" for lot {}", lots[0]),
                _ => format!(" for lots {}", lots.join(", ")),
            };
            format!(
                "[disclosure] {key} = \"after_award\": the award is not final on {}{of}",
                on.format("%Y-%m-%d")
            )
        }
        _ => format!("[disclosure] {key} = \"{}\"", p.code()),
    };
    let day = on.format("%Y-%m-%d");
    let until = |p: Disclosure, not_final: &BTreeSet<Option<String>>, what: &str| match p {
        Disclosure::AfterAward => {
            let lots: Vec<&str> = not_final.iter().flatten().map(String::as_str).collect();
            let of = match lots.len() {
                0 => "the award".to_string(),
                1 => format!("the award of lot {}", lots[0]),
                _ => format!("the awards of lots {}", lots.join(", ")),
            };
            format!(
                "until {of} is final: the board's disclosure policy publishes {what} only once the award is final (the standstill over and no dispute holding it), and on {day} it is not"
            )
        }
        _ => format!("for good: the board's disclosure policy never publishes {what}"),
    };
    if !out.bids.is_empty() {
        let ids: Vec<&str> = out.bids.iter().map(String::as_str).collect();
        out.plain.push(format!(
            "The prices and scores of bid(s) {} are withheld {}.",
            ids.join(", "),
            until(
                policy.unsuccessful_bids,
                not_final,
                "the prices and scores of unsuccessful bids"
            )
        ));
        out.reasons.push(format!(
            "the prices and scores of unsuccessful bid(s) {} ({})",
            ids.join(", "),
            why("unsuccessful_bids", policy.unsuccessful_bids, not_final)
        ));
    }
    if !out.names.is_empty() {
        let mut numbers: Vec<usize> = out.numbers.values().copied().collect();
        numbers.sort_unstable();
        out.plain.push(format!(
            "The names of {} bidder(s) who hold no award are withheld (shown as \"Bidder N (name withheld)\") {}.",
            numbers.len(),
            until(
                policy.unsuccessful_bidders,
                names_not_final,
                "the names of unsuccessful bidders"
            )
        ));
        out.reasons.push(format!(
            "the names of unsuccessful bidder(s) {} ({})",
            numbers
                .iter()
                .map(|n| format!("Bidder {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            why(
                "unsuccessful_bidders",
                policy.unsuccessful_bidders,
                names_not_final
            )
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::Board;

    fn river_valley() -> (Board, crate::disputes::Register) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("boards/river-valley");
        let board = crate::board::load(&dir).board.expect("the bundled board");
        let register = crate::disputes::register(&board).expect("its disputes");
        (board, register)
    }

    fn on(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
    }

    /// The policy applied to the auto-parts tender (lot heavy-equipment awarded to ap-4 on
    /// 2025-03-14, standstill to 2025-03-24; lot light-vehicle not awarded).
    fn apply(
        board: &Board,
        register: &crate::disputes::Register,
        p: DisclosureConfig,
        d: &str,
    ) -> Withheld {
        let t = board.tender("auto-parts-2025").unwrap();
        let awards = crate::tender::award_states(board, t, register, on(d));
        withheld(p, t, &awards, on(d))
    }

    fn policy(bids: Disclosure, bidders: Disclosure) -> DisclosureConfig {
        DisclosureConfig {
            unsuccessful_bids: bids,
            unsuccessful_bidders: bidders,
        }
    }

    fn ids(w: &Withheld) -> Vec<&str> {
        w.bids.iter().map(String::as_str).collect()
    }

    #[test]
    fn always_withholds_nothing() {
        let (b, r) = river_valley();
        let w = apply(&b, &r, DisclosureConfig::default(), "2025-03-31");
        assert!(w.is_empty());
        assert_eq!(w.line(), None);
        assert_eq!(w.name("Valley Auto Supply Inc."), "Valley Auto Supply Inc.");
    }

    #[test]
    fn never_withholds_every_bid_but_the_one_whose_award_is_in_force() {
        let (b, r) = river_valley();
        let p = policy(Disclosure::Never, Disclosure::Never);
        // Before the notice nothing is awarded: every bid and name is withheld.
        let w = apply(&b, &r, p, "2025-03-10");
        assert_eq!(ids(&w), ["ap-1", "ap-2", "ap-3", "ap-4", "ap-5"]);
        assert_eq!(w.names.len(), 5);
        // During the standstill the award is pending, in force: ap-4 and its bidder are shown.
        let w = apply(&b, &r, p, "2025-03-20");
        assert_eq!(ids(&w), ["ap-1", "ap-2", "ap-3", "ap-5"]);
        assert!(!w.price("ap-4"));
        assert_eq!(
            w.name("Kingston Heavy Equipment Parts Co."),
            "Kingston Heavy Equipment Parts Co."
        );
        assert_eq!(
            w.name("Valley Auto Supply Inc."),
            "Bidder 1 (name withheld)"
        );
        assert_eq!(
            w.name("Northway Truck & Equipment Inc."),
            "Bidder 5 (name withheld)"
        );
        let line = w.line().unwrap();
        assert!(
            line.starts_with("withheld: tender auto-parts-2025: "),
            "{line}"
        );
        assert!(
            line.contains("[disclosure] unsuccessful_bids = \"never\""),
            "{line}"
        );
        assert!(
            line.contains("[disclosure] unsuccessful_bidders = \"never\""),
            "{line}"
        );
    }

    #[test]
    fn after_award_shows_a_lot_once_its_award_is_final() {
        let (b, r) = river_valley();
        let p = policy(Disclosure::AfterAward, Disclosure::AfterAward);
        let w = apply(&b, &r, p, "2025-03-20");
        assert_eq!(ids(&w), ["ap-1", "ap-2", "ap-3", "ap-5"]);
        let line = w.line().unwrap();
        assert!(
            line.contains("not final on 2025-03-20 for lots heavy-equipment, light-vehicle"),
            "{line}"
        );
        let w = apply(&b, &r, p, "2025-03-31");
        assert_eq!(ids(&w), ["ap-1", "ap-2", "ap-3"]);
        assert_eq!(
            w.name("Northway Truck & Equipment Inc."),
            "Northway Truck & Equipment Inc."
        );
        assert!(
            w.line()
                .unwrap()
                .contains("not final on 2025-03-31 for lot light-vehicle")
        );
        assert!(
            w.plain
                .iter()
                .all(|p| p.contains("until the award of lot light-vehicle is final"))
        );
    }
}
