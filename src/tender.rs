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
use crate::board::model::{
    CriterionKind, FormulaKind, NoticeMeans, StandstillDef, StandstillKind, parse_weekday,
};
use crate::disputes::{DisputeRecord, Register};
use crate::meeting::state::MeetingState;
use crate::rules::scoring::{
    self, BidInput, BidStatus, Consensus, Criterion, Evaluation, Moderated, PriceFormula, Scheme,
    Sheet,
};
use crate::rules::standstill::{self, Calendar, Notice, Standstill, StandstillRule};

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

/// The board's working-day calendar.
pub fn calendar(board: &Board) -> Calendar {
    let c = &board.file.calendar;
    Calendar::new(
        c.weekend
            .iter()
            .filter_map(|d| parse_weekday(d.get_ref()))
            .collect(),
        c.holidays.iter().map(|h| h.get_ref().0).collect(),
    )
}

/// The rules' form of a tender's `[standstill]`.
pub fn standstill_rule(s: &StandstillDef) -> StandstillRule {
    let days = s.days.as_ref().map_or(10, |d| *d.get_ref());
    match s.rule {
        StandstillKind::EuRemedies => StandstillRule::eu_remedies(),
        StandstillKind::UkPcr2015 => StandstillRule::uk_pcr_2015(),
        StandstillKind::UkProcurementAct2023 => StandstillRule::uk_procurement_act_2023(),
        StandstillKind::CalendarDays => StandstillRule::CalendarDays {
            electronic: days,
            other: s.days_other.unwrap_or(days),
            end_on_working_day: s.end_on_working_day,
        },
        StandstillKind::WorkingDays => StandstillRule::WorkingDays { days },
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

/// OCDS award status, as procboard derives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AwardStatus {
    /// Standstill running, or held by a protest: no contract yet.
    Pending,
    /// Standstill over and nothing blocks it: the contract may be signed.
    Active,
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
    /// pending or active on the evaluation date.
    pub status: AwardStatus,
    /// Why.
    pub reason: String,
    /// Open disputes that hold it.
    pub held_by: Vec<String>,
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
}

/// Evaluates tender `t` on `on` (the date for award statuses), with a meeting's live scores,
/// consensus and recusals when given, and the dispute register for protests.
pub fn evaluate_tender(
    board: &Board,
    t: &TenderDoc,
    meeting: Option<&MeetingState>,
    register: &Register,
    on: NaiveDate,
) -> TenderEvaluation {
    let scheme = scheme(board, t);
    let tf = &t.tender;

    // Recused members: tender file, plus the meeting's recusals on this tender.
    let mut recused: BTreeMap<String, String> = tf
        .tender
        .recusals
        .iter()
        .map(|r| (r.member.get_ref().clone(), r.reason.clone()))
        .collect();
    if let Some(m) = meeting {
        for r in &m.recusals {
            if m.is_recused_from_tender(&r.member, &t.id) {
                recused
                    .entry(r.member.clone())
                    .or_insert_with(|| r.reason.clone());
            }
        }
    }

    let mut refused = Vec::new();
    let mut sheets: BTreeMap<String, Sheet> = BTreeMap::new();
    for s in &t.sheets {
        let member = s.sheet.member.get_ref();
        let source = s.path.to_string_lossy().replace('\\', "/");
        if let Some(reason) = recused.get(member) {
            refused.push(Refused {
                member: member.clone(),
                source,
                reason: format!(
                    "`{member}` is recused from this tender ({reason}); its sheet is left out"
                ),
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
    if let Some(m) = meeting {
        for s in m.scores.iter().filter(|s| s.tender == t.id) {
            // Live scores replace the same cell of the member's sheet (the state refused recused
            // members when they were recorded).
            sheets
                .entry(s.member.clone())
                .or_insert_with(|| Sheet::new(s.member.clone()))
                .set(s.bid.clone(), s.criterion.clone(), s.score);
        }
        for c in m.consensus.iter().filter(|c| c.tender == t.id) {
            consensus.insert(
                (c.bid.clone(), c.criterion.clone()),
                Consensus {
                    bid: c.bid.clone(),
                    criterion: c.criterion.clone(),
                    score: c.score,
                    reason: c.reason.clone(),
                },
            );
        }
    }
    let sheets: Vec<Sheet> = sheets.into_values().collect();
    let consensus: Vec<Consensus> = consensus.into_values().collect();

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
        .map(|(lot, title)| {
            let bids: Vec<BidInput> = tf
                .bids
                .iter()
                .filter(|b| b.lot.as_ref().map(|l| l.get_ref()) == lot.as_ref())
                .map(|b| BidInput {
                    id: b.id.get_ref().clone(),
                    price: *b.price.get_ref(),
                    status: b.status,
                    pass_fail_failed: b.failed.iter().map(|f| f.get_ref().clone()).collect(),
                })
                .collect();
            // Only bids still in the competition are moderated; scores for other lots' bids, or
            // for bids withdrawn or disqualified before evaluation, do not count here.
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
            let moderated = scoring::moderate(&scheme, &ids, &lot_sheets, &lot_consensus);
            let evaluation = scoring::evaluate(&scheme, &bids, &moderated);
            LotEvaluation {
                lot,
                title,
                moderated,
                evaluation,
            }
        })
        .collect();

    let awards = award_states(board, t, register, on);
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
        awards,
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
            let held_by: Vec<String> = register
                .disputes
                .iter()
                .filter(|d| holds_award(d, &t.id, lot.as_deref(), ss.as_ref()))
                .map(|d| d.id.clone())
                .collect();
            let (status, reason) = if !held_by.is_empty() {
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
            }
        })
        .collect()
}

/// An open dispute holds an award when it is against the tender (or this lot, or a bid of it) and
/// either blocks the award by its own terms or was lodged during the standstill.
fn holds_award(
    d: &DisputeRecord,
    tender: &str,
    lot: Option<&str>,
    ss: Option<&Standstill>,
) -> bool {
    if crate::rules::dispute::is_final(d.status) || d.tender.as_deref() != Some(tender) {
        return false;
    }
    if let (Some(dl), Some(l)) = (d.lot.as_deref(), lot)
        && dl != l
    {
        return false;
    }
    let during_standstill = ss.is_some_and(|s| d.lodged >= s.notice && d.lodged <= s.ends);
    d.blocks_award || during_standstill
}

/// Bid statuses that take part in an evaluation.
fn scored(status: BidStatus) -> bool {
    matches!(status, BidStatus::Pending | BidStatus::Valid)
}
