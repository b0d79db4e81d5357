//! The board's performance figures (`procboard stats`): per tender and per year, estimated
//! against awarded value and the savings, bids and valid bids, days from publication to award
//! and to contract, disputes lodged and upheld, awards held by the standstill; per member, the
//! tenders it took part in and its voting participation from the meeting journals.
//!
//! A figure the files cannot give is `None`, and the record's `missing` says which key or file
//! would give it: nothing is guessed. `docs/open-contracting.md` defines every figure.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::{Amount, as_of};
use crate::board::Board;
use crate::board::model::BidStatus;
use crate::disputes::Register;
use crate::meeting::Meeting;
use crate::rules::dispute::DisputeStatus;
use crate::tender::{AwardStatus, evaluate_tender};

/// Every figure `procboard stats` shows.
#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    /// Board id.
    pub board: String,
    /// The board's currency.
    pub currency: String,
    /// The date the statuses are given for.
    pub on: NaiveDate,
    /// Per tender, in id order.
    pub tenders: Vec<TenderStats>,
    /// Per year of publication, in order; tenders without a publication date last (`year` null).
    pub years: Vec<YearStats>,
    /// Per member, in board.toml's order.
    pub members: Vec<MemberStats>,
    /// What the board lacks for the member figures (meetings without a journal).
    pub missing: Vec<String>,
    /// The same, in plain words for the public (the public site shows these).
    pub missing_public: Vec<String>,
    /// Each member's savings on each contract, as `procboard contracts` computes them.
    pub member_savings: Vec<MemberSaving>,
    /// Supplier diversity across the board's contracts.
    pub diversity: crate::contracts::review::Diversity,
    /// The board's language (the first of its minutes languages): amounts in the text are
    /// written as it writes them.
    pub language: String,
    /// When board.toml has a `[disclosure]` policy that withholds something: what these figures
    /// withhold under it, and why (nothing: they use only the prices of awards in force).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// A member's savings on one contract: (baseline − joint price) × volume.
#[derive(Clone, Debug, Serialize)]
pub struct MemberSaving {
    /// The member.
    pub member: String,
    /// The contract.
    pub contract: String,
    /// The contract's first year.
    pub year: i32,
    /// The savings, exact.
    pub savings: Amount,
    /// The method, with the figures.
    pub method: String,
}

/// One tender's figures.
#[derive(Clone, Debug, Serialize)]
pub struct TenderStats {
    /// Tender id.
    pub tender: String,
    /// Title.
    pub title: String,
    /// The tender's currency.
    pub currency: String,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Estimated value.
    pub estimated: Amount,
    /// Sum of the awarded bids' prices, over awards in force (pending or active).
    pub awarded: Option<Amount>,
    /// Estimated − awarded, once every lot (or the tender) has an award in force.
    pub savings: Option<Amount>,
    /// Savings as a percentage of the estimated value, 2 decimals (half-up).
    pub savings_percent: Option<Amount>,
    /// Where the tender was evaluated on life-cycle cost: the awarded bids' net present cost,
    /// summed over the awards in force (the `awarded` price is their purchase price).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awarded_life_cycle_cost: Option<Amount>,
    /// Per lot (empty for a tender without lots): its estimate, award and savings.
    pub lots: Vec<LotStats>,
    /// Bids received.
    pub bids: usize,
    /// Bids valid after evaluation (a bid under the quality threshold is not).
    pub valid_bids: usize,
    /// Days from publication to the first award notice.
    pub days_to_award: Option<i64>,
    /// Days from publication to the first contract signed.
    pub days_to_contract: Option<i64>,
    /// Disputes lodged against the tender.
    pub protests_lodged: usize,
    /// Of those, upheld.
    pub protests_upheld: usize,
    /// Award notices sent by the date.
    pub awards: usize,
    /// Awards pending because the standstill runs.
    pub held_by_standstill: usize,
    /// Awards pending because an open dispute holds them.
    pub held_by_dispute: usize,
    /// What the files lack for the figures that are null.
    pub missing: Vec<String>,
    /// The same, in plain words for the public (the public site shows these).
    pub missing_public: Vec<String>,
}

/// One lot's figures.
#[derive(Clone, Debug, Serialize)]
pub struct LotStats {
    /// Lot id.
    pub lot: String,
    /// The lot's `estimated_value`, when the file gives one.
    pub estimated: Option<Amount>,
    /// The price of the lot's award in force.
    pub awarded: Option<Amount>,
    /// estimated − awarded, when both are known.
    pub savings: Option<Amount>,
}

/// One year's figures: the sums of its tenders' (by year of publication).
#[derive(Clone, Debug, Serialize)]
pub struct YearStats {
    /// Year of publication; null for tenders without a publication date.
    pub year: Option<i32>,
    /// Tenders.
    pub tenders: usize,
    /// Sum of estimated values (tenders in the board's currency).
    pub estimated: Amount,
    /// Sum of awarded values, over the tenders that have one; null when none has.
    pub awarded: Option<Amount>,
    /// Sum of savings, over the tenders that have one; null when none has.
    pub savings: Option<Amount>,
    /// Tenders whose savings are known.
    pub savings_tenders: usize,
    /// Bids.
    pub bids: usize,
    /// Valid bids.
    pub valid_bids: usize,
    /// Mean days to award over the tenders that have the figure, 1 decimal (half-up).
    pub mean_days_to_award: Option<Amount>,
    /// Mean days to contract, likewise.
    pub mean_days_to_contract: Option<Amount>,
    /// Disputes lodged.
    pub protests_lodged: usize,
    /// Disputes upheld.
    pub protests_upheld: usize,
    /// Awards held by the standstill.
    pub held_by_standstill: usize,
    /// Tenders left out of the sums of money (another currency), and other gaps.
    pub missing: Vec<String>,
}

/// One member's figures.
#[derive(Clone, Debug, Serialize)]
pub struct MemberStats {
    /// Member id.
    pub member: String,
    /// Name.
    pub name: String,
    /// Tenders it buys through (its tender's `buyers`, or every tender without `buyers`).
    pub tenders: Vec<String>,
    /// Votes put while it held a seat at a meeting with a journal, recusals left out.
    pub votes_put: usize,
    /// Of those, the votes it cast.
    pub votes_cast: usize,
    /// votes_cast / votes_put as a percentage, 1 decimal (half-up); null without votes.
    pub participation_percent: Option<Amount>,
}

fn round(d: Decimal, dp: u32) -> Amount {
    Amount(d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero))
}

fn mean(xs: &[i64]) -> Option<Amount> {
    if xs.is_empty() {
        return None;
    }
    let sum: i64 = xs.iter().sum();
    Some(round(Decimal::from(sum) / Decimal::from(xs.len()), 1))
}

/// The figures of `board` on `on` (default: [`super::as_of`]).
pub fn stats(board: &Board, register: &Register, on: Option<NaiveDate>) -> Stats {
    let on = on
        .or_else(|| as_of(board, register))
        .unwrap_or_else(super::no_date);
    let currency = board.file.board.currency.get_ref().clone();
    let mut ts: Vec<&crate::board::load::TenderDoc> = board.tenders.iter().collect();
    ts.sort_by(|a, b| a.id.cmp(&b.id));
    let tenders: Vec<TenderStats> = ts
        .iter()
        .map(|t| tender_stats(board, register, t, on))
        .collect();

    let mut by_year: BTreeMap<(bool, i32), Vec<&TenderStats>> = BTreeMap::new();
    for t in &tenders {
        let key = match t.published {
            Some(p) => (false, p.year()),
            None => (true, 0),
        };
        by_year.entry(key).or_default().push(t);
    }
    let years = by_year
        .into_iter()
        .map(|((unknown, year), ts)| year_stats((!unknown).then_some(year), &ts, &currency))
        .collect();

    let (members, missing, missing_public) = member_stats(board);
    let loaded = crate::contracts::load(board);
    let review = crate::contracts::review::review(board, &loaded, on, None);
    let member_savings = review
        .contracts
        .iter()
        .flat_map(|c| {
            c.savings.iter().map(move |x| MemberSaving {
                member: x.member.clone(),
                contract: c.id.clone(),
                year: c.start.year(),
                savings: Amount(x.savings),
                method: x.method.clone(),
            })
        })
        .collect();
    Stats {
        board: board.file.board.id.get_ref().clone(),
        currency,
        on,
        tenders,
        years,
        members,
        missing,
        missing_public,
        member_savings,
        diversity: review.diversity,
        language: board
            .file
            .minutes
            .languages()
            .first()
            .cloned()
            .unwrap_or_else(|| "en".to_string()),
        withheld: withheld_note(board.file.disclosure),
    }
}

/// What `stats` withholds under a `[disclosure]` policy that withholds anything: nothing, since
/// no figure here derives from a price, a score or a name of a bid that holds no award.
fn withheld_note(p: crate::board::model::DisclosureConfig) -> Option<String> {
    (p != crate::board::model::DisclosureConfig::default()).then(|| {
        format!(
            "nothing ([disclosure] unsuccessful_bids = \"{}\", unsuccessful_bidders = \"{}\"): these figures use only the prices of awards in force and counts of bids, never a price, score or name of a bid that holds no award",
            p.unsuccessful_bids.code(),
            p.unsuccessful_bidders.code()
        )
    })
}

/// One tender's figures as of `on`: values and savings (per lot too), bids, days to award and
/// contract, protests, and the awards held; what the files lack is listed as missing.
fn tender_stats(
    board: &Board,
    register: &Register,
    t: &crate::board::load::TenderDoc,
    on: NaiveDate,
) -> TenderStats {
    let tf = &t.tender;
    let eval = evaluate_tender(board, t, None, register, on);
    let mut missing = Vec::new();
    let mut public = Vec::new();
    let published = tf.tender.published.as_ref().map(|d| d.get_ref().0);
    let estimated = *tf.tender.estimated_value.get_ref();

    // Awards notified by `on` (a later notice is not yet known), with their states.
    let notified: Vec<(&crate::board::model::AwardDef, &crate::tender::AwardState)> = tf
        .awards
        .iter()
        .zip(&eval.awards)
        .filter(|(a, _)| a.notice.get_ref().0 <= on)
        .collect();
    let in_force: Vec<(usize, &crate::tender::AwardState)> = notified
        .iter()
        .map(|(_, s)| *s)
        .enumerate()
        .filter(|(_, a)| matches!(a.status, AwardStatus::Pending | AwardStatus::Active))
        .collect();
    let price_of = |bid: &str| bid_price(t, bid);
    let awarded: Option<Decimal> =
        (!in_force.is_empty()).then(|| in_force.iter().map(|(_, a)| price_of(&a.bid)).sum());
    let unawarded: Vec<String> = if tf.lots.is_empty() {
        if in_force.is_empty() {
            vec!["the tender".into()]
        } else {
            Vec::new()
        }
    } else {
        tf.lots
            .iter()
            .map(|l| l.id.get_ref())
            .filter(|l| !in_force.iter().any(|(_, a)| a.lot.as_ref() == Some(*l)))
            .map(|l| format!("lot {l}"))
            .collect()
    };
    let savings = if unawarded.is_empty() {
        awarded.map(|a| estimated - a)
    } else {
        missing.push(format!(
            "savings: no award in force for {} (an [[award]] not cancelled or unsuccessful)",
            unawarded.join(", ")
        ));
        public.push(format!(
            "savings: not known until {} {} awarded",
            unawarded.join(", "),
            if unawarded.len() == 1 { "is" } else { "are" }
        ));
        None
    };
    let lots = lot_stats(t, &in_force);
    let awarded_life_cycle_cost = crate::tender::life_cycle(t)
        .filter(|_| !in_force.is_empty())
        .map(|_| {
            Amount(
                in_force
                    .iter()
                    .filter_map(|(_, a)| tf.bids.iter().find(|b| b.id.get_ref() == &a.bid))
                    .map(|b| crate::tender::evaluated_price(t, b).0)
                    .sum(),
            )
        });
    let savings_percent = savings
        .filter(|_| !estimated.is_zero())
        .map(|s| round(s * Decimal::ONE_HUNDRED / estimated, 2));

    let (days_to_award, days_to_contract) =
        days_to(published, &notified, on, (&mut missing, &mut public));

    let disputes: Vec<_> = register
        .disputes
        .iter()
        .filter(|d| d.tender.as_deref() == Some(t.id.as_str()) && d.lodged <= on)
        .collect();
    let protests_upheld = disputes
        .iter()
        .filter(|d| d.status_on(on) == Some(DisputeStatus::Upheld))
        .count();
    let pending: Vec<_> = in_force
        .iter()
        .filter(|(_, a)| a.status == AwardStatus::Pending)
        .collect();
    TenderStats {
        tender: t.id.clone(),
        title: tf.tender.title.clone(),
        currency: eval.currency.clone(),
        published,
        estimated: Amount(estimated),
        awarded: awarded.map(Amount),
        savings: savings.map(Amount),
        savings_percent,
        awarded_life_cycle_cost,
        lots,
        bids: tf.bids.len(),
        valid_bids: eval
            .bids()
            .filter(|(_, r)| r.status == BidStatus::Valid)
            .count(),
        days_to_award,
        days_to_contract,
        protests_lodged: disputes.len(),
        protests_upheld,
        awards: notified.len(),
        held_by_standstill: pending.iter().filter(|(_, a)| a.held_by.is_empty()).count(),
        held_by_dispute: pending
            .iter()
            .filter(|(_, a)| !a.held_by.is_empty())
            .count(),
        missing,
        missing_public: public,
    }
}

/// The price of bid `bid` of tender `t` (0 when the tender has no such bid).
fn bid_price(t: &crate::board::load::TenderDoc, bid: &str) -> Decimal {
    t.tender
        .bids
        .iter()
        .find(|b| b.id.get_ref() == bid)
        .map_or(Decimal::ZERO, |b| *b.price.get_ref())
}

/// Each lot's estimated and awarded value (the price of the bid whose award is in force for
/// it, from `in_force`) and the savings.
fn lot_stats(
    t: &crate::board::load::TenderDoc,
    in_force: &[(usize, &crate::tender::AwardState)],
) -> Vec<LotStats> {
    t.tender
        .lots
        .iter()
        .map(|l| {
            let est = l.estimated_value.as_ref().map(|v| *v.get_ref());
            let won: Option<Decimal> = in_force
                .iter()
                .find(|(_, a)| a.lot.as_ref() == Some(l.id.get_ref()))
                .map(|(_, a)| bid_price(t, &a.bid));
            LotStats {
                lot: l.id.get_ref().clone(),
                estimated: est.map(Amount),
                awarded: won.map(Amount),
                savings: est.zip(won).map(|(e, w)| Amount(e - w)),
            }
        })
        .collect()
}

/// Days from publication to the first award notice and to the first contract signed by `on`
/// (of the awards `notified`); a figure the files lack is listed in `missing` instead.
fn days_to(
    published: Option<NaiveDate>,
    notified: &[(&crate::board::model::AwardDef, &crate::tender::AwardState)],
    on: NaiveDate,
    (missing, public): (&mut Vec<String>, &mut Vec<String>),
) -> (Option<i64>, Option<i64>) {
    let first_notice = notified.iter().map(|(a, _)| a.notice.get_ref().0).min();
    let first_contract = notified
        .iter()
        .filter_map(|(a, _)| a.contract.as_ref().map(|c| c.get_ref().0))
        .filter(|d| *d <= on)
        .min();
    let mut days = |to: Option<NaiveDate>, what: &str, key: &str, plain: &str| match (published, to)
    {
        (Some(p), Some(d)) => Some((d - p).num_days()),
        (None, _) => {
            missing.push(format!(
                "days to {what}: no publication date (`published` in [tender])"
            ));
            public.push(format!("days to {what}: the publication date is not given"));
            None
        }
        (_, None) => {
            missing.push(format!("days to {what}: no {key}"));
            public.push(format!("days to {what}: {plain}"));
            None
        }
    };
    let days_to_award = days(
        first_notice,
        "award",
        "award notice yet ([[award]] `notice`)",
        "no award announced yet",
    );
    let days_to_contract = days(
        first_contract,
        "contract",
        "contract date yet (`contract` in [[award]])",
        "no contract signed yet",
    );
    (days_to_award, days_to_contract)
}

fn year_stats(year: Option<i32>, ts: &[&TenderStats], currency: &str) -> YearStats {
    let mut missing = Vec::new();
    let same: Vec<&&TenderStats> = ts.iter().filter(|t| t.currency == currency).collect();
    for t in ts.iter().filter(|t| t.currency != currency) {
        missing.push(format!(
            "tender {} is in {}, left out of the sums of money",
            t.tender, t.currency
        ));
    }
    let with_savings: Vec<_> = same.iter().filter(|t| t.savings.is_some()).collect();
    let award_days: Vec<i64> = ts.iter().filter_map(|t| t.days_to_award).collect();
    let contract_days: Vec<i64> = ts.iter().filter_map(|t| t.days_to_contract).collect();
    if year.is_none() {
        missing.push("these tenders have no publication date (`published` in [tender])".into());
    }
    YearStats {
        year,
        tenders: ts.len(),
        estimated: Amount(same.iter().map(|t| t.estimated.0).sum()),
        awarded: same
            .iter()
            .any(|t| t.awarded.is_some())
            .then(|| Amount(same.iter().filter_map(|t| t.awarded.map(|a| a.0)).sum())),
        savings: (!with_savings.is_empty()).then(|| {
            Amount(
                with_savings
                    .iter()
                    .filter_map(|t| t.savings.map(|a| a.0))
                    .sum(),
            )
        }),
        savings_tenders: with_savings.len(),
        bids: ts.iter().map(|t| t.bids).sum(),
        valid_bids: ts.iter().map(|t| t.valid_bids).sum(),
        mean_days_to_award: mean(&award_days),
        mean_days_to_contract: mean(&contract_days),
        protests_lodged: ts.iter().map(|t| t.protests_lodged).sum(),
        protests_upheld: ts.iter().map(|t| t.protests_upheld).sum(),
        held_by_standstill: ts.iter().map(|t| t.held_by_standstill).sum(),
        missing,
    }
}

/// Per member: tenders, and votes from every meeting journal. Also what is missing.
fn member_stats(board: &Board) -> (Vec<MemberStats>, Vec<String>, Vec<String>) {
    let mut missing = Vec::new();
    let mut public = Vec::new();
    let mut put: BTreeMap<String, usize> = BTreeMap::new();
    let mut cast: BTreeMap<String, usize> = BTreeMap::new();
    let mut journals = 0;
    for m in &board.meetings {
        let dir = board.root.join("meetings").join(&m.id);
        if !dir.join(crate::meeting::JOURNAL_FILE).exists() {
            missing.push(format!(
                "meeting {}: no journal ({}), its votes are not counted",
                m.id,
                crate::meeting::JOURNAL_FILE
            ));
            public.push(format!(
                "meeting {}: not held yet, or its record is not published: its votes are not counted",
                m.id
            ));
            continue;
        }
        let meeting = match Meeting::open_read(&dir) {
            Ok(x) => x,
            Err(e) => {
                missing.push(format!("meeting {}: journal cannot be read: {e}", m.id));
                public.push(format!(
                    "meeting {}: its record cannot be read, so its votes are not counted",
                    m.id
                ));
                continue;
            }
        };
        journals += 1;
        let s = &meeting.state;
        let Some(opened) = &s.opened else {
            continue;
        };
        let mut seated: Vec<&str> = opened.seats.iter().map(|x| x.member.as_str()).collect();
        seated.sort_unstable();
        seated.dedup();
        for motion in s.motions.iter().filter(|x| !x.results.is_empty()) {
            for member in &seated {
                if s.is_recused(member, &motion.item) {
                    continue;
                }
                *put.entry((*member).to_string()).or_default() += 1;
                if motion.votes.contains_key(*member) {
                    *cast.entry((*member).to_string()).or_default() += 1;
                }
            }
        }
    }
    if board.meetings.is_empty() {
        missing.push("no meetings: voting participation unknown".into());
        public.push("no meetings yet: voting participation is not known".into());
    }
    let members = board
        .file
        .members
        .iter()
        .map(|m| {
            let id = m.id.get_ref();
            let tenders = board
                .tenders
                .iter()
                .filter(|t| {
                    t.tender.tender.buyers.is_empty()
                        || t.tender.tender.buyers.iter().any(|b| b.get_ref() == id)
                })
                .map(|t| t.id.clone())
                .collect();
            let votes_put = put.get(id).copied().unwrap_or(0);
            let votes_cast = cast.get(id).copied().unwrap_or(0);
            MemberStats {
                member: id.clone(),
                name: m.name.clone(),
                tenders,
                votes_put,
                votes_cast,
                participation_percent: (journals > 0 && votes_put > 0).then(|| {
                    round(
                        Decimal::from(votes_cast) * Decimal::ONE_HUNDRED / Decimal::from(votes_put),
                        1,
                    )
                }),
            }
        })
        .collect();
    (members, missing, public)
}

fn opt<T: fmt::Display>(x: &Option<T>) -> String {
    x.as_ref().map_or_else(|| "-".into(), ToString::to_string)
}

impl Stats {
    /// The text's lines on life-cycle cost, the members' savings and the suppliers.
    fn fmt_contracts(
        &self,
        f: &mut fmt::Formatter<'_>,
        m: &crate::export::money::Money,
    ) -> fmt::Result {
        for t in &self.tenders {
            if let (Some(a), Some(l)) = (&t.awarded, &t.awarded_life_cycle_cost) {
                writeln!(
                    f,
                    "\nLife-cycle cost of {}: awarded at {}, a net present cost of {} over the tender's years",
                    t.tender,
                    m.format(a.0, &t.currency),
                    m.format(l.0, &t.currency)
                )?;
            }
        }
        if !self.member_savings.is_empty() {
            writeln!(
                f,
                "\nSavings declared by the members ((baseline - joint price) x volume)"
            )?;
            for x in &self.member_savings {
                writeln!(
                    f,
                    "  {:<22} {:<26} {:>5} {:>14}  {}",
                    x.member,
                    x.contract,
                    x.year,
                    m.format(x.savings.0, &self.currency),
                    x.method
                )?;
            }
        }
        let d = &self.diversity;
        if d.contracts > 0 {
            writeln!(
                f,
                "\nSuppliers: {} contracts worth {}, {} distinct suppliers, HHI {}, {} % won by SMEs",
                d.contracts,
                m.format(d.total_value, &self.currency),
                d.distinct,
                d.hhi.round_dp(0).normalize(),
                d.sme_share.normalize()
            )?;
            for n in &d.notes {
                writeln!(f, "  note: {n}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = crate::export::money::Money::new(&self.language);
        let cash = |a: &Option<Amount>, currency: &str| {
            a.map_or_else(|| "-".to_string(), |a| m.format(a.0, currency))
        };
        writeln!(
            f,
            "Performance of board {} on {} (amounts in {}; - = missing, see the notes)",
            self.board, self.on, self.currency
        )?;
        if let Some(w) = &self.withheld {
            writeln!(f, "withheld: {w}")?;
        }
        writeln!(f, "\nTenders")?;
        writeln!(
            f,
            "  {:<22} {:>14} {:>14} {:>13} {:>7} {:>9} {:>6} {:>8} {:>9} {:>6}",
            "tender",
            "estimated",
            "awarded",
            "savings",
            "saved%",
            "bids/ok",
            "award",
            "contract",
            "disputes",
            "held"
        )?;
        for t in &self.tenders {
            writeln!(
                f,
                "  {:<22} {:>14} {:>14} {:>13} {:>7} {:>9} {:>6} {:>8} {:>9} {:>6}",
                t.tender,
                m.format(t.estimated.0, &t.currency),
                cash(&t.awarded, &t.currency),
                cash(&t.savings, &t.currency),
                opt(&t.savings_percent),
                format!("{}/{}", t.bids, t.valid_bids),
                opt(&t.days_to_award),
                opt(&t.days_to_contract),
                format!("{}/{}", t.protests_lodged, t.protests_upheld),
                format!("{}+{}", t.held_by_standstill, t.held_by_dispute),
            )?;
        }
        writeln!(
            f,
            "  (award, contract: days from publication; disputes: lodged/upheld; held: awards pending by standstill + by dispute)"
        )?;
        writeln!(f, "\nYears")?;
        writeln!(
            f,
            "  {:<7} {:>7} {:>14} {:>14} {:>15} {:>9} {:>9} {:>9} {:>9} {:>6}",
            "year",
            "tenders",
            "estimated",
            "awarded",
            "savings",
            "bids/ok",
            "award",
            "contract",
            "disputes",
            "held"
        )?;
        for y in &self.years {
            writeln!(
                f,
                "  {:<7} {:>7} {:>14} {:>14} {:>15} {:>9} {:>9} {:>9} {:>9} {:>6}",
                y.year.map_or_else(|| "unknown".into(), |y| y.to_string()),
                y.tenders,
                m.format(y.estimated.0, &self.currency),
                cash(&y.awarded, &self.currency),
                format!(
                    "{} ({})",
                    cash(&y.savings, &self.currency),
                    y.savings_tenders
                ),
                format!("{}/{}", y.bids, y.valid_bids),
                opt(&y.mean_days_to_award),
                opt(&y.mean_days_to_contract),
                format!("{}/{}", y.protests_lodged, y.protests_upheld),
                y.held_by_standstill,
            )?;
        }
        writeln!(
            f,
            "  (savings: sum over the tenders in brackets; award, contract: mean days from publication)"
        )?;
        writeln!(f, "\nMembers")?;
        writeln!(
            f,
            "  {:<22} {:>7} {:>11} {:>13}",
            "member", "tenders", "votes cast", "participation"
        )?;
        for m in &self.members {
            writeln!(
                f,
                "  {:<22} {:>7} {:>11} {:>13}",
                m.member,
                m.tenders.len(),
                format!("{}/{}", m.votes_cast, m.votes_put),
                m.participation_percent
                    .map_or_else(|| "-".into(), |p| format!("{p} %")),
            )?;
        }
        self.fmt_contracts(f, &m)?;
        let notes: Vec<String> = self
            .tenders
            .iter()
            .flat_map(|t| {
                t.missing
                    .iter()
                    .map(move |m| format!("tender {}: {m}", t.tender))
            })
            .chain(self.years.iter().flat_map(|y| {
                let label = y.year.map_or_else(|| "unknown".into(), |y| y.to_string());
                y.missing.iter().map(move |m| format!("year {label}: {m}"))
            }))
            .chain(self.missing.iter().cloned())
            .collect();
        if !notes.is_empty() {
            writeln!(f, "\nMissing")?;
            for n in notes {
                writeln!(f, "  {n}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn means_and_percentages_round_once_half_away_from_zero() {
        assert_eq!(mean(&[1, 2]), Some(Amount(dec!(1.5))));
        assert_eq!(mean(&[1, 1, 2, 2]), Some(Amount(dec!(1.5))));
        // 0.25 and 0.35 are exact decimals: half-up, not to even, and never through a float.
        assert_eq!(round(dec!(0.25), 1), Amount(dec!(0.3)));
        assert_eq!(round(dec!(0.35), 1), Amount(dec!(0.4)));
        assert_eq!(round(dec!(-9.335), 2), Amount(dec!(-9.34)));
        assert_eq!(mean(&[]), None);
    }
}
