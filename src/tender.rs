//! A tender's evaluation from the board's files and, optionally, a meeting's journal: the scoring
//! scheme, the members' sheets (recused members' refused), moderation per lot, totals and ranks,
//! and each award's standstill and status (`procboard score`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::board::Board;
use crate::board::load::TenderDoc;
use crate::board::model::quality_leaves;
use crate::board::model::{CriterionKind, FormulaKind, NoticeMeans};
use crate::board::resolve::{calendar, standstill_rule};
use crate::disputes::{DisputeRecord, Register};
use crate::rules::scoring::{
    self, BidInput, BidStatus, Consensus, Criterion, Evaluation, Moderated, PriceFormula, Scheme,
    Sheet,
};
use crate::rules::standstill::{self, Notice, Standstill};

/// The quality scale of a tender: its `[evaluation]`, else the board's `[scoring]`.
pub fn scale(board: &Board, t: &TenderDoc) -> (Decimal, Vec<Decimal>) {
    let e = &t.tender.evaluation;
    let s = &board.file.scoring;
    (
        e.scale_max.unwrap_or(s.scale_max),
        e.scale_points
            .clone()
            .unwrap_or_else(|| s.scale_points.clone()),
    )
}

/// The tender's life-cycle terms in the rules' form, when it has `[life_cycle]`.
pub fn life_cycle(t: &TenderDoc) -> Option<crate::rules::scoring::lcc::LifeCycle> {
    let l = t.tender.life_cycle.as_ref()?;
    Some(crate::rules::scoring::lcc::LifeCycle {
        years: *l.years.get_ref(),
        discount_rate: *l.discount_rate.get_ref(),
        energy_price: l
            .energy_price
            .as_ref()
            .map_or(Decimal::ZERO, |p| *p.get_ref()),
        energy_unit: l.energy_unit.clone(),
    })
}

/// The price a bid is scored on, and how it was reached: its net present cost under the
/// tender's `[life_cycle]` (the price offered when the bid's life-cycle figures are missing or
/// cannot be computed: `check` reports those), else the price offered.
pub fn evaluated_price(t: &TenderDoc, b: &crate::board::model::Bid) -> (Decimal, Vec<String>) {
    let offered = *b.price.get_ref();
    let (Some(lc), Some(l)) = (life_cycle(t), t.tender.life_cycle.as_ref()) else {
        return (offered, Vec::new());
    };
    let Some(bl) = b.life_cycle.as_ref().map(|x| x.get_ref()) else {
        return (offered, Vec::new());
    };
    let costs = crate::rules::scoring::lcc::BidCosts {
        energy_use: bl
            .energy_use
            .as_ref()
            .map_or(Decimal::ZERO, |x| *x.get_ref()),
        yearly: l
            .yearly_costs
            .iter()
            .map(|n| {
                let name = n.get_ref().clone();
                let cost = bl.yearly.get(&name).map_or(Decimal::ZERO, |x| *x.get_ref());
                (name, cost)
            })
            .collect(),
        end_of_life: bl
            .end_of_life
            .as_ref()
            .map_or(Decimal::ZERO, |x| *x.get_ref()),
    };
    match crate::rules::scoring::lcc::net_present_cost(offered, &lc, &costs) {
        Some(npc) => (npc.cost, npc.lines),
        None => (offered, Vec::new()),
    }
}

/// The scoring scheme of a tender, board defaults applied.
pub fn scheme(board: &Board, t: &TenderDoc) -> Scheme {
    let tf = &t.tender;
    let d = &board.file.scoring;
    let price_weight = tf
        .criteria
        .iter()
        .filter(|c| c.kind == CriterionKind::Price)
        .map(|c| *c.weight.get_ref())
        .sum();
    let formula = match &tf.price {
        None => PriceFormula::Proportional,
        Some(p) => match p.formula {
            FormulaKind::Proportional => PriceFormula::Proportional,
            FormulaKind::Linear => PriceFormula::Linear {
                low: p.low.as_ref().map(|x| *x.get_ref()),
                high: p.high.as_ref().map(|x| *x.get_ref()),
            },
            FormulaKind::RelativeToLowest => PriceFormula::RelativeToLowest,
            FormulaKind::Logarithmic => PriceFormula::Logarithmic {
                zero_ratio: p.zero_ratio.as_ref().map_or(Decimal::TWO, |x| *x.get_ref()),
            },
        },
    };
    Scheme {
        price_weight,
        formula,
        criteria: quality_leaves(tf)
            .into_iter()
            .map(|(id, weight)| Criterion {
                id: id.to_string(),
                weight,
            })
            .collect(),
        scale_max: scale(board, t).0,
        threshold: tf.evaluation.threshold.as_ref().map(|x| *x.get_ref()),
        moderation: tf.evaluation.moderation.unwrap_or(d.moderation),
        spread_limit: tf.evaluation.spread_limit.or(d.spread_limit),
        tie_break: tf
            .evaluation
            .tie_break
            .clone()
            .unwrap_or_else(|| d.tie_break.clone()),
    }
}

/// One lot's (or the whole tender's) evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct LotEvaluation {
    /// Lot id, or none for a tender without lots.
    pub lot: Option<String>,
    /// Lot title.
    pub title: Option<String>,
    /// Moderated scores with every individual score.
    pub moderated: Moderated,
    /// Totals, ranks, explanations.
    pub evaluation: Evaluation,
}

/// An award's status, with the codes of the OCDS award status codelist (1.1.5
/// `awardStatus.csv`), as procboard derives it from the tender file and the dispute register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AwardStatus {
    /// `pending`: proposed, not yet in force: the standstill runs, or an open dispute holds it.
    Pending,
    /// `active`: in force: the standstill is over and nothing holds it; the contract may be signed.
    Active,
    /// `cancelled`: a dispute against it was upheld on or after its notice; the board decides the
    /// award again (a new `[[award]]` notice dated after the decision).
    Cancelled,
    /// `unsuccessful`: it could not be made: the awarded bid has been withdrawn or disqualified.
    Unsuccessful,
}

impl AwardStatus {
    /// Every status, in the codelist's order.
    pub const ALL: [AwardStatus; 4] = [
        AwardStatus::Pending,
        AwardStatus::Active,
        AwardStatus::Cancelled,
        AwardStatus::Unsuccessful,
    ];

    /// The OCDS code: `pending`, `active`, `cancelled` or `unsuccessful`.
    pub fn code(self) -> &'static str {
        match self {
            AwardStatus::Pending => "pending",
            AwardStatus::Active => "active",
            AwardStatus::Cancelled => "cancelled",
            AwardStatus::Unsuccessful => "unsuccessful",
        }
    }
}

impl std::fmt::Display for AwardStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// An award notice with its standstill and status.
#[derive(Clone, Debug, Serialize)]
pub struct AwardState {
    /// Lot, if any.
    pub lot: Option<String>,
    /// Winning bid.
    pub bid: String,
    /// Bidder.
    pub bidder: String,
    /// Standstill, when the tender has a rule.
    pub standstill: Option<Standstill>,
    /// Its OCDS status on the evaluation date.
    pub status: AwardStatus,
    /// Why.
    pub reason: String,
    /// Open disputes that hold it.
    pub held_by: Vec<String>,
    /// The upheld dispute(s) that cancelled it.
    pub cancelled_by: Vec<String>,
}

/// A sheet (or a live score) left out, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Refused {
    /// Member.
    pub member: String,
    /// Where it came from.
    pub source: String,
    /// Why it was left out.
    pub reason: String,
}

/// Everything `procboard score` shows.
#[derive(Clone, Debug, Serialize)]
pub struct TenderEvaluation {
    /// Tender id.
    pub tender: String,
    /// Title.
    pub title: String,
    /// Currency.
    pub currency: String,
    /// Date the award statuses are given for.
    pub on: NaiveDate,
    /// The scheme used.
    pub scheme: Scheme,
    /// Members whose scores count, in order.
    pub panel: Vec<String>,
    /// Sheets and live scores left out.
    pub refused: Vec<Refused>,
    /// Per lot (one entry without lots).
    pub lots: Vec<LotEvaluation>,
    /// Awards with standstill.
    pub awards: Vec<AwardState>,
}

impl TenderEvaluation {
    /// Every bid's result across lots, for the flat JSON table.
    pub fn bids(&self) -> impl Iterator<Item = (&LotEvaluation, &scoring::BidResult)> {
        self.lots
            .iter()
            .flat_map(|l| l.evaluation.results.iter().map(move |r| (l, r)))
    }

    /// Whether any lot's ranking is provisional (a bid pending or lacking scores, a problem).
    pub fn provisional(&self) -> bool {
        self.lots.iter().any(|l| l.evaluation.provisional)
    }

    /// Why, per lot: "lot hosting: bid(s) h3 pending: …" (no prefix without lots).
    pub fn provisional_reasons(&self) -> Vec<String> {
        self.lots
            .iter()
            .flat_map(|l| {
                l.evaluation
                    .provisional_reasons
                    .iter()
                    .map(move |r| match &l.lot {
                        Some(id) => format!("lot {id}: {r}"),
                        None => r.clone(),
                    })
            })
            .collect()
    }
}

/// What a meeting adds to a tender's evaluation, as plain data: the meeting module builds it
/// from its state ([`crate::meeting::live_input`]), so the evaluation never reads a journal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveInput {
    /// Scores recorded live, in the order recorded: each replaces the same cell of that member's
    /// sheet (one [`Sheet`] per score or per member, either works).
    pub scores: Vec<Sheet>,
    /// Consensus scores recorded live, in order: each replaces the same (bid, criterion).
    pub consensus: Vec<Consensus>,
    /// Members recused from the tender in the meeting, with the reason: their sheets are refused.
    pub recused: Vec<(String, String)>,
}

/// Evaluates tender `t` on `on` (the date for award statuses), with a meeting's live scores,
/// consensus and recusals when given, and the dispute register for protests.
pub fn evaluate_tender(
    board: &Board,
    t: &TenderDoc,
    live: Option<&LiveInput>,
    register: &Register,
    on: NaiveDate,
) -> TenderEvaluation {
    let mut e = evaluate_scores(board, t, live, on);
    e.awards = award_states(board, t, register, on);
    e
}

/// The evaluation without award statuses (`awards` left empty): scores, totals and ranks only.
pub fn evaluate_scores(
    board: &Board,
    t: &TenderDoc,
    live: Option<&LiveInput>,
    on: NaiveDate,
) -> TenderEvaluation {
    let scheme = scheme(board, t);
    let tf = &t.tender;
    let empty = LiveInput::default();
    let live = live.unwrap_or(&empty);
    let recused = recusals(t, live);
    let (sheets, refused) = panel_sheets(board, t, live, &recused);
    let consensus = consensus_records(t, live);
    let groups: Vec<(Option<String>, Option<String>)> = if tf.lots.is_empty() {
        vec![(None, None)]
    } else {
        tf.lots
            .iter()
            .map(|l| (Some(l.id.get_ref().clone()), Some(l.title.clone())))
            .collect()
    };
    let lots = groups
        .into_iter()
        .map(|(lot, title)| evaluate_lot(&scheme, t, lot, title, &sheets, &consensus))
        .collect();
    TenderEvaluation {
        tender: t.id.clone(),
        title: tf.tender.title.clone(),
        currency: tf
            .tender
            .currency
            .as_ref()
            .unwrap_or(&board.file.board.currency)
            .get_ref()
            .clone(),
        on,
        scheme,
        panel: sheets.iter().map(|s| s.member.clone()).collect(),
        refused,
        lots,
        awards: Vec::new(),
    }
}

/// Recused members and why: the tender file's recusals, then the meeting's on this tender.
fn recusals(t: &TenderDoc, live: &LiveInput) -> BTreeMap<String, String> {
    let mut recused: BTreeMap<String, String> = t
        .tender
        .tender
        .recusals
        .iter()
        .map(|r| (r.member.get_ref().clone(), r.reason.clone()))
        .collect();
    for (member, reason) in &live.recused {
        recused
            .entry(member.clone())
            .or_insert_with(|| reason.clone());
    }
    recused
}

/// One sheet per member (by member id) from the sheet files, recused members' and unsigned
/// sheets refused, with the meeting's live scores replacing the same cells; and the refusals.
fn panel_sheets(
    board: &Board,
    t: &TenderDoc,
    live: &LiveInput,
    recused: &BTreeMap<String, String>,
) -> (Vec<Sheet>, Vec<Refused>) {
    let mut refused = Vec::new();
    let mut sheets: BTreeMap<String, Sheet> = BTreeMap::new();
    for s in &t.sheets {
        let member = s.sheet.member.get_ref();
        let source = s.path.to_string_lossy().replace('\\', "/");
        let reason = match recused.get(member) {
            Some(reason) => Some(format!(
                "`{member}` is recused from this tender ({reason}); its sheet is left out"
            )),
            None => crate::signature::sheets::sheet_refusal(board, s),
        };
        if let Some(reason) = reason {
            refused.push(Refused {
                member: member.clone(),
                source,
                reason,
            });
            continue;
        }
        let sheet = sheets
            .entry(member.clone())
            .or_insert_with(|| Sheet::new(member.clone()));
        for (bid, scores) in &s.sheet.scores {
            for (crit, score) in scores.get_ref() {
                sheet.set(bid.clone(), crit.clone(), *score.get_ref());
            }
        }
    }
    // Live scores replace the same cell of the member's sheet (the meeting refused recused
    // members when they were recorded).
    for s in &live.scores {
        let sheet = sheets
            .entry(s.member.clone())
            .or_insert_with(|| Sheet::new(s.member.clone()));
        for (bid, cells) in &s.scores {
            for (crit, score) in cells {
                sheet.set(bid.clone(), crit.clone(), *score);
            }
        }
    }
    (sheets.into_values().collect(), refused)
}

/// The consensus scores by (bid, criterion): consensus.toml, then the meeting's live records,
/// a later record replacing an earlier one.
fn consensus_records(t: &TenderDoc, live: &LiveInput) -> Vec<Consensus> {
    let mut consensus: BTreeMap<(String, String), Consensus> = BTreeMap::new();
    if let Some((_, c)) = &t.consensus {
        for e in &c.entries {
            consensus.insert(
                (e.bid.get_ref().clone(), e.criterion.get_ref().clone()),
                Consensus {
                    bid: e.bid.get_ref().clone(),
                    criterion: e.criterion.get_ref().clone(),
                    score: *e.score.get_ref(),
                    reason: e.reason.clone(),
                },
            );
        }
    }
    for c in &live.consensus {
        consensus.insert((c.bid.clone(), c.criterion.clone()), c.clone());
    }
    consensus.into_values().collect()
}

/// Moderation and evaluation of one lot (`lot` `None`: a tender without lots) on the scores
/// for its bids.
fn evaluate_lot(
    scheme: &Scheme,
    t: &TenderDoc,
    lot: Option<String>,
    title: Option<String>,
    sheets: &[Sheet],
    consensus: &[Consensus],
) -> LotEvaluation {
    let bids: Vec<BidInput> = t
        .tender
        .bids
        .iter()
        .filter(|b| b.lot.as_ref().map(|l| l.get_ref()) == lot.as_ref())
        .map(|b| {
            let (price, price_basis) = evaluated_price(t, b);
            BidInput {
                id: b.id.get_ref().clone(),
                price,
                status: b.status,
                pass_fail_failed: b.failed.iter().map(|f| f.get_ref().clone()).collect(),
                price_basis,
            }
        })
        .collect();
    // Only bids still in the competition are moderated; scores for other lots' bids, or for
    // bids withdrawn or disqualified before evaluation, do not count here.
    let ids: Vec<&str> = bids
        .iter()
        .filter(|b| scored(b.status))
        .map(|b| b.id.as_str())
        .collect();
    let lot_sheets: Vec<Sheet> = sheets
        .iter()
        .map(|s| Sheet {
            member: s.member.clone(),
            scores: s
                .scores
                .iter()
                .filter(|(bid, _)| ids.contains(&bid.as_str()))
                .map(|(b, c)| (b.clone(), c.clone()))
                .collect(),
        })
        .collect();
    let lot_consensus: Vec<Consensus> = consensus
        .iter()
        .filter(|c| ids.contains(&c.bid.as_str()))
        .cloned()
        .collect();
    let moderated = scoring::moderate(scheme, &ids, &lot_sheets, &lot_consensus);
    let evaluation = scoring::evaluate(scheme, &bids, &moderated);
    LotEvaluation {
        lot,
        title,
        moderated,
        evaluation,
    }
}

/// Each `[[award]]` of the tender with its standstill and status on `on`.
pub fn award_states(
    board: &Board,
    t: &TenderDoc,
    register: &Register,
    on: NaiveDate,
) -> Vec<AwardState> {
    let cal = calendar(board);
    t.tender
        .awards
        .iter()
        .map(|a| {
            let lot = a.lot.as_ref().map(|l| l.get_ref().clone());
            let bid = a.bid.get_ref().clone();
            let bidder = t
                .tender
                .bids
                .iter()
                .find(|b| b.id.get_ref() == &bid)
                .map(|b| b.bidder.clone())
                .unwrap_or_default();
            let means = match a.means {
                NoticeMeans::Electronic => Notice::Electronic,
                NoticeMeans::Other => Notice::Other,
            };
            let ss = t.tender.standstill.as_ref().map(|s| {
                standstill::standstill(&standstill_rule(s), a.notice.get_ref().0, means, &cal)
            });
            let notice = a.notice.get_ref().0;
            let bid_status = t
                .tender
                .bids
                .iter()
                .find(|b| b.id.get_ref() == &bid)
                .map(|b| b.status);
            let against: Vec<&DisputeRecord> = register
                .disputes
                .iter()
                .filter(|d| d.against_award(&t.id, lot.as_deref()))
                .collect();
            let cancelled_by: Vec<(String, NaiveDate)> = against
                .iter()
                .filter_map(|d| {
                    d.upheld_on(on)
                        .filter(|day| *day >= notice)
                        .map(|day| (d.id.clone(), day))
                })
                .collect();
            let held_by: Vec<String> = against
                .iter()
                .filter(|d| holds_award(d, on, ss.as_ref()))
                .map(|d| d.id.clone())
                .collect();
            let (status, reason) = if let Some(
                s @ (BidStatus::Withdrawn | BidStatus::Disqualified),
            ) = bid_status
            {
                (
                    AwardStatus::Unsuccessful,
                    format!(
                        "bid {bid} is {s}: the award could not be made; the board decides it again"
                    ),
                )
            } else if !cancelled_by.is_empty() {
                let upheld: Vec<String> = cancelled_by
                    .iter()
                    .map(|(id, day)| format!("{id} upheld on {}", day.format("%Y-%m-%d")))
                    .collect();
                (
                    AwardStatus::Cancelled,
                    format!(
                        "cancelled: dispute {}; no contract: the board decides the award again",
                        upheld.join(", ")
                    ),
                )
            } else if !held_by.is_empty() {
                (
                    AwardStatus::Pending,
                    format!(
                        "held by open dispute(s) {}: no contract until decided",
                        held_by.join(", ")
                    ),
                )
            } else {
                match &ss {
                    Some(s) if on < s.contract_from => (
                        AwardStatus::Pending,
                        format!(
                            "standstill until {}: contract from {}",
                            s.ends.format("%Y-%m-%d"),
                            s.contract_from.format("%Y-%m-%d")
                        ),
                    ),
                    Some(s) => (
                        AwardStatus::Active,
                        format!(
                            "standstill ended {}: the contract may be signed",
                            s.ends.format("%Y-%m-%d")
                        ),
                    ),
                    None => (
                        AwardStatus::Active,
                        "no standstill rule for this tender".to_string(),
                    ),
                }
            };
            AwardState {
                lot,
                bid,
                bidder,
                standstill: ss,
                status,
                reason,
                held_by,
                cancelled_by: cancelled_by.into_iter().map(|(id, _)| id).collect(),
            }
        })
        .collect()
}

/// An open dispute (on `on`) against the award holds it when it blocks the award by its own terms
/// or was lodged during the standstill.
fn holds_award(d: &DisputeRecord, on: NaiveDate, ss: Option<&Standstill>) -> bool {
    let Some(status) = d.status_on(on) else {
        return false;
    };
    if crate::rules::dispute::is_final(status) {
        return false;
    }
    let during_standstill = ss.is_some_and(|s| d.lodged >= s.notice && d.lodged <= s.ends);
    d.blocks_award || during_standstill
}

/// Bid statuses that take part in an evaluation.
fn scored(status: BidStatus) -> bool {
    status == BidStatus::Valid
}

/// What `procboard check` adds about tenders: the warnings `procboard score` gives from the files
/// alone (a member's sheet that skips a bid or criterion, a missing consensus entry, a consensus
/// that differs from the mean without a reason), each at the sheet or consensus file it concerns.
/// Only for a board without errors (`valid`), whose evaluation means something, and for tenders
/// with at least one sheet or a consensus file; a consensus ignored under mean moderation is left
/// to the validation's own warning.
pub fn check(board: &Board, valid: bool) -> Vec<crate::diag::Diagnostic> {
    use crate::diag::Diagnostic;
    use crate::rules::scoring::ModerationWarning as W;
    if !valid {
        return Vec::new();
    }
    let mut out = Vec::new();
    // A tender nobody has scored yet is not being evaluated: nothing to warn about.
    for t in board
        .tenders
        .iter()
        .filter(|t| !t.sheets.is_empty() || t.consensus.is_some())
    {
        let e = evaluate_scores(board, t, None, NaiveDate::MIN);
        let consensus_file = t.consensus.as_ref().map(|(p, _)| p.clone());
        for w in e.lots.iter().flat_map(|l| l.moderated.warnings.iter()) {
            let (file, offset, hint) = match w {
                W::ConsensusIgnored { .. } => continue,
                W::ScoreMissing { member, bid, .. } => {
                    let sheet = t.sheets.iter().find(|s| s.sheet.member.get_ref() == member);
                    match sheet {
                        Some(s) => (
                            s.path.clone(),
                            Some(
                                s.sheet
                                    .scores
                                    .get(bid)
                                    .map_or(s.sheet.member.span().start, |x| x.span().start),
                            ),
                            format!("score every criterion of bid `{bid}` in this sheet"),
                        ),
                        None => (t.path.clone(), None, String::new()),
                    }
                }
                W::ConsensusMissing { .. } | W::ConsensusWithoutReason { .. } => (
                    consensus_file
                        .clone()
                        .unwrap_or_else(|| t.path.with_extension("").join("consensus.toml")),
                    None,
                    "the panel's agreed score, with a `reason` where it differs from the mean, goes in consensus.toml".to_string(),
                ),
                _ => (t.path.clone(), None, String::new()),
            };
            let mut d = Diagnostic::file_error(&file, w.to_string()).warning();
            if !hint.is_empty() {
                d = d.with_hint(hint);
            }
            if let (Some(offset), Some(src)) = (offset, board.sources.get(&file)) {
                (d.line, d.column) = src.position(offset);
            }
            out.push(d);
        }
    }
    out
}

/// Why the members' score sheets of tender `tender` are frozen, if they are: its award is
/// decided, by an `[[award]]` in the tender file or by an award motion on the tender carried in
/// any meeting's journal. A frozen sheet is never rewritten by procboard (it fed the award).
pub fn sheets_frozen(board: &Board, tender: &str) -> Option<String> {
    use crate::record::event::Event;
    if let Some(t) = board.tender(tender)
        && !t.tender.awards.is_empty()
    {
        return Some(format!(
            "the award of tender {tender} is decided (an [[award]] in tenders/{tender}.toml): its score sheets are frozen"
        ));
    }
    let mut found = None;
    // A journal that cannot be read is checked by `check`; here it only says nothing.
    let _ = crate::record::reader::each_journal(board, None, |m, _, records| {
        if found.is_some() {
            return;
        }
        let mut award_items: Vec<String> = m
            .agenda
            .items
            .iter()
            .filter(|i| {
                *i.kind.get_ref() == crate::board::model::ItemKind::AwardDecision
                    && i.tender.as_ref().is_some_and(|t| t.get_ref() == tender)
            })
            .map(|i| i.id.get_ref().clone())
            .collect();
        let mut motions: Vec<String> = Vec::new();
        for r in records {
            match &r.event {
                Event::MeetingOpened(o) => {
                    if let Some(f) = &o.frozen {
                        award_items = f
                            .items
                            .iter()
                            .filter(|i| {
                                i.kind == crate::board::model::ItemKind::AwardDecision
                                    && i.tender.as_deref() == Some(tender)
                            })
                            .map(|i| i.id.clone())
                            .collect();
                    }
                }
                Event::MotionMoved(mm) if award_items.contains(&mm.item) => {
                    motions.push(mm.motion.clone());
                }
                Event::VoteClosed(v) if v.outcome == "carried" && motions.contains(&v.motion) => {
                    found = Some(format!(
                        "the award of tender {tender} was carried in meeting {} (motion {}): its score sheets are frozen",
                        m.id, v.motion
                    ));
                    return;
                }
                _ => {}
            }
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn award_statuses_use_the_ocds_codes() {
        // OCDS 1.1.5 codelists/awardStatus.csv: pending, active, cancelled, unsuccessful.
        let codes: Vec<&str> = AwardStatus::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes, ["pending", "active", "cancelled", "unsuccessful"]);
        for s in AwardStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
            assert_eq!(s.to_string(), s.code());
        }
    }
}
