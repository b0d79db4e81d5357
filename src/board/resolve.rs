//! What the files say on a given date: seats and their holders, chair and vice-chair, vote weights.
//!
//! Everything here is computed from the board's files alone (no journal, no clock), so "who held
//! the chair on 2024-09-12" has one answer anywhere, years later.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::load::Board;
use super::model::{Member, WeightBasis, WeightMethod};
use super::model::{parse_month_day, rotation_order};
use crate::rules::apportion;
use crate::rules::quorum::{QuorumBy, QuorumRule};
use crate::rules::rotation::{self, ChairRotation, SeatGroup};
use crate::rules::voting::{Base, DecisionRule, Majority, TieRule};

/// Why the seats of a date cannot be computed.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// Apportionment failed (the figures do not allow it).
    #[error("vote weights cannot be apportioned: {0}")]
    Apportion(#[from] apportion::ApportionError),
    /// Rotation could not be computed.
    #[error("rotation: {0}")]
    Rotation(#[from] rotation::RotationError),
}

/// One seat on a date.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SeatHolder {
    /// Seat id: the member id for a member's own seat, `<group>-<n>` for a group seat.
    pub seat: String,
    /// The member holding it; `None` when vacant.
    pub member: Option<String>,
    /// The seat group, for a shared seat.
    pub group: Option<String>,
    /// First day of the holder's term in a shared seat.
    pub term_start: Option<NaiveDate>,
    /// Last day of that term.
    pub term_end: Option<NaiveDate>,
    /// The vote weight the holder casts.
    pub weight: Decimal,
    /// Why vacant, when it is.
    pub note: Option<String>,
}

/// A member's vote weight in force on a date.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MemberWeight {
    /// Member id.
    pub member: String,
    /// Member name.
    pub name: String,
    /// Weight.
    pub weight: Decimal,
    /// Whether the member holds a seat on that date (members of a seat group may not).
    pub seated: bool,
}

/// Chair and vice-chair on a date.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct OfficersOn {
    /// Member chairing.
    pub chair: String,
    /// Member vice-chairing.
    pub vice_chair: String,
    /// Term year.
    pub term_year: i32,
    /// First day of the term.
    pub term_start: NaiveDate,
    /// Last day of the term.
    pub term_end: NaiveDate,
}

/// Seats, officers and weights on a date: what `procboard seats --on` prints and what a meeting
/// freezes at roll call.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SeatsReport {
    /// Board id.
    pub board: String,
    /// The date.
    pub date: NaiveDate,
    /// Every seat.
    pub seats: Vec<SeatHolder>,
    /// Officers, when the board has a rotation that has started by then.
    pub officers: Option<OfficersOn>,
    /// Why there are no officers, if so.
    pub officers_note: Option<String>,
    /// Every member in membership on the date, with its weight.
    pub weights: Vec<MemberWeight>,
    /// Where the weights come from.
    pub weight_source: String,
    /// Total weight of the seated members (W).
    pub total_weight: Decimal,
}

fn active_on(m: &Member, date: NaiveDate) -> bool {
    m.joined.as_ref().is_none_or(|j| j.get_ref().0 <= date)
        && m.left.as_ref().is_none_or(|l| l.get_ref().0 >= date)
}

/// Vote weights of the members in membership on `date`, and where they come from.
pub fn weights_on(
    board: &Board,
    date: NaiveDate,
) -> Result<(Vec<(String, Decimal)>, String), ResolveError> {
    let f = &board.file;
    let members: Vec<&Member> = f.members.iter().filter(|m| active_on(m, date)).collect();
    let w = &f.weights;
    match w.method {
        WeightMethod::Equal => Ok((
            members
                .iter()
                .map(|m| (m.id.get_ref().clone(), Decimal::ONE))
                .collect(),
            "equal weights: one vote per member (board.toml [weights] method = \"equal\")".into(),
        )),
        WeightMethod::Fixed => Ok((
            members
                .iter()
                .map(|m| {
                    let weight = m.weight.as_ref().map_or(Decimal::ZERO, |x| *x.get_ref());
                    (m.id.get_ref().clone(), weight)
                })
                .collect(),
            "fixed weights per member (board.toml [weights] method = \"fixed\")".into(),
        )),
        WeightMethod::Apportioned => {
            let basis = w.basis.as_ref().map(|b| *b.get_ref());
            let figures: Vec<(String, Decimal)> = members
                .iter()
                .map(|m| {
                    let figure = match basis {
                        Some(WeightBasis::Contribution) => m
                            .contribution
                            .as_ref()
                            .map_or(Decimal::ZERO, |c| *c.get_ref()),
                        _ => m
                            .population
                            .as_ref()
                            .map_or(Decimal::ZERO, |p| Decimal::from(*p.get_ref())),
                    };
                    (m.id.get_ref().clone(), figure)
                })
                .collect();
            let total = w.total.as_ref().map_or(100, |t| *t.get_ref());
            let cap = w.cap.as_ref().map(|c| *c.get_ref());
            let votes = apportion::apportion(&figures, total, w.minimum, cap)?;
            let basis_name = match basis {
                Some(WeightBasis::Contribution) => "contribution",
                _ => "population",
            };
            let mut source = format!(
                "apportioned by {basis_name}: {total} votes, minimum {}, {}",
                w.minimum,
                cap.map_or("no cap".to_string(), |c| format!("cap {c}"))
            );
            if let Some(s) = &w.source {
                source.push_str(&format!("; figures: {s}"));
            }
            if let Some(d) = &w.as_of {
                source.push_str(&format!(", as of {}", d.get_ref()));
            }
            Ok((
                votes
                    .into_iter()
                    .map(|(id, v)| (id, Decimal::from(v)))
                    .collect(),
                source,
            ))
        }
    }
}

/// The chair rotation of the board, as the rules module takes it.
pub fn chair_rotation(board: &Board) -> Option<ChairRotation> {
    let r = board.file.rotation.as_ref()?;
    let term_start = r
        .term_starts
        .as_ref()
        .and_then(|t| parse_month_day(t.get_ref()))
        .unwrap_or((1, 1));
    Some(ChairRotation {
        order: rotation_order(&board.file),
        epoch_year: *r.epoch.get_ref(),
        term_start,
        declines: r
            .declines
            .iter()
            .map(|d| (d.member.get_ref().clone(), *d.term.get_ref()))
            .collect(),
    })
}

/// Seats, officers and weights on `date`.
pub fn seats_on(board: &Board, date: NaiveDate) -> Result<SeatsReport, ResolveError> {
    let f = &board.file;
    let (weights, weight_source) = weights_on(board, date)?;
    // Indexed once, so the cost per seat does not grow with the board.
    let weight_index: HashMap<&str, Decimal> =
        weights.iter().map(|(m, w)| (m.as_str(), *w)).collect();
    let weight_of = |id: &str| weight_index.get(id).copied();
    let grouped: HashSet<&str> = f
        .seat_groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| m.get_ref().as_str()))
        .collect();

    let mut seats = Vec::new();
    for m in &f.members {
        let id = m.id.get_ref();
        if grouped.contains(&id.as_str()) {
            continue;
        }
        let active = active_on(m, date);
        seats.push(SeatHolder {
            seat: id.clone(),
            member: active.then(|| id.clone()),
            group: None,
            term_start: None,
            term_end: None,
            weight: weight_of(id).unwrap_or(Decimal::ZERO),
            note: (!active).then(|| "not a member on this date".to_string()),
        });
    }
    for g in &f.seat_groups {
        let group = SeatGroup {
            members: g.members.iter().map(|m| m.get_ref().clone()).collect(),
            seats: *g.seats.get_ref() as usize,
            first_term_start: g.first_term_starts.get_ref().0,
            term_months: g.term_months,
        };
        let term = rotation::group_holders_on(&group, date);
        for n in 0..group.seats {
            let seat = format!("{}-{}", g.id.get_ref(), n + 1);
            let mut holder = SeatHolder {
                seat,
                member: None,
                group: Some(g.id.get_ref().clone()),
                term_start: None,
                term_end: None,
                weight: Decimal::ZERO,
                note: None,
            };
            match &term {
                Ok(t) => {
                    holder.term_start = Some(t.term_start);
                    holder.term_end = Some(t.term_end);
                    match t.holders.get(n) {
                        Some(h) if weight_of(h).is_some() => {
                            holder.weight = weight_of(h).unwrap_or(Decimal::ZERO);
                            holder.member = Some(h.clone());
                        }
                        Some(h) => {
                            holder.note = Some(format!("`{h}` is not a member on this date"))
                        }
                        None => holder.note = Some("vacant".into()),
                    }
                }
                Err(e) => holder.note = Some(e.to_string()),
            }
            seats.push(holder);
        }
    }

    let seated: HashSet<&str> = seats.iter().filter_map(|s| s.member.as_deref()).collect();
    let total_weight = seats
        .iter()
        .filter(|s| s.member.is_some())
        .map(|s| s.weight)
        .sum();
    let member_weights = weights
        .iter()
        .map(|(id, w)| MemberWeight {
            member: id.clone(),
            name: board.member(id).map(|m| m.name.clone()).unwrap_or_default(),
            weight: *w,
            seated: seated.contains(&id.as_str()),
        })
        .collect();

    let (officers, officers_note) = match chair_rotation(board) {
        None => (None, Some("the board has no [rotation]".to_string())),
        Some(rot) => match rotation::officers_on(&rot, date) {
            Ok(o) => (
                Some(OfficersOn {
                    chair: o.chair,
                    vice_chair: o.vice_chair,
                    term_year: o.term_year,
                    term_start: o.term_start,
                    term_end: o.term_end,
                }),
                None,
            ),
            Err(e) => (None, Some(e.to_string())),
        },
    };

    Ok(SeatsReport {
        board: f.board.id.get_ref().clone(),
        date,
        seats,
        officers,
        officers_note,
        weights: member_weights,
        weight_source,
        total_weight,
    })
}

impl fmt::Display for SeatsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Board `{}` on {}",
            self.board,
            self.date.format("%Y-%m-%d")
        )?;
        match &self.officers {
            Some(o) => {
                writeln!(
                    f,
                    "Chair: {}   Vice-chair: {}   (term {}: {} to {})",
                    o.chair,
                    o.vice_chair,
                    o.term_year,
                    o.term_start.format("%Y-%m-%d"),
                    o.term_end.format("%Y-%m-%d")
                )?;
            }
            None => writeln!(
                f,
                "Chair: none ({})",
                self.officers_note.as_deref().unwrap_or("unknown")
            )?,
        }
        writeln!(f)?;
        let width = self
            .seats
            .iter()
            .map(|s| s.seat.len())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(
            f,
            "{:<width$}  {:<20}  {:>8}  term",
            "seat", "held by", "weight"
        )?;
        for s in &self.seats {
            let holder = s.member.as_deref().unwrap_or("(vacant)");
            let term = match (s.term_start, s.term_end) {
                (Some(a), Some(b)) => {
                    format!("{} to {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d"))
                }
                _ => String::new(),
            };
            let note = s
                .note
                .as_deref()
                .map(|n| format!("  {n}"))
                .unwrap_or_default();
            writeln!(
                f,
                "{:<width$}  {:<20}  {:>8}  {term}{note}",
                s.seat,
                holder,
                s.weight.normalize()
            )?;
        }
        writeln!(
            f,
            "Total weight of seated members: {}",
            self.total_weight.normalize()
        )?;
        writeln!(f)?;
        writeln!(f, "Vote weights: {}", self.weight_source)?;
        for w in &self.weights {
            writeln!(
                f,
                "  {:<20} {:<32} {:>8}{}",
                w.member,
                w.name,
                w.weight.normalize(),
                if w.seated {
                    ""
                } else {
                    "  (no seat this term)"
                }
            )?;
        }
        Ok(())
    }
}

/// The decision rule of `kind`: keys of `[decisions.<kind>]`, else of `[decisions.default]`, else
/// the built-in defaults (simple majority of votes cast; quorum more than half of the weight,
/// recused members not counted; a tie fails; block casting; no proxies).
pub fn decision_rule(board: &Board, kind: &str) -> DecisionRule {
    rule_from(&board.file.decisions, kind)
}

/// [`decision_rule`] from a `[decisions]` map.
pub fn rule_from(
    ds: &BTreeMap<String, toml::Spanned<super::model::DecisionRules>>,
    kind: &str,
) -> DecisionRule {
    use super::model::{BaseKind, MajorityKind, QuorumByKind, TieKind};
    let own = ds.get(kind).map(|s| s.get_ref());
    let default = ds.get("default").map(|s| s.get_ref());
    macro_rules! pick {
        ($field:ident) => {
            own.and_then(|r| r.$field.clone())
                .or_else(|| default.and_then(|r| r.$field.clone()))
        };
    }
    let dec = |s: Option<toml::Spanned<Decimal>>| s.map(|x| *x.get_ref());
    let base = match pick!(base).unwrap_or(BaseKind::VotesCast) {
        BaseKind::VotesCast => Base::VotesCast,
        BaseKind::Present => Base::Present,
        BaseKind::Membership => Base::Membership,
    };
    let majority = match pick!(majority).unwrap_or(MajorityKind::VotesCast) {
        MajorityKind::VotesCast => Majority::VotesCast,
        MajorityKind::Present => Majority::Present,
        MajorityKind::Membership => Majority::Membership,
        MajorityKind::TwoThirdsCast => Majority::TwoThirdsCast,
        MajorityKind::DoubleMajority => Majority::DoubleMajority { base },
        MajorityKind::Qualified => {
            // The EU Council figures, each overridden by the board where it says so.
            let mut q = Majority::eu_qualified();
            if let Majority::Qualified {
                member_share,
                weight_share,
                blocking_members,
                blocking_weight_share,
            } = &mut q
            {
                if let Some(x) = dec(pick!(qualified_member_share)) {
                    *member_share = x;
                }
                if let Some(x) = dec(pick!(qualified_weight_share)) {
                    *weight_share = x;
                }
                if let Some(x) = pick!(blocking_members) {
                    *blocking_members = x;
                }
                if let Some(x) = dec(pick!(blocking_weight_share)) {
                    *blocking_weight_share = x;
                }
            }
            q
        }
    };
    let by = match pick!(quorum_by).unwrap_or(QuorumByKind::Weight) {
        QuorumByKind::Head => QuorumBy::Head,
        QuorumByKind::Weight => QuorumBy::Weight,
        QuorumByKind::HeadAndWeight => QuorumBy::HeadAndWeight,
        QuorumByKind::HeadOrWeight => QuorumBy::HeadOrWeight,
    };
    let ties = match pick!(ties).unwrap_or(TieKind::Fails) {
        TieKind::Fails => TieRule::Fails,
        TieKind::ChairCasting => TieRule::ChairCasting,
        TieKind::RepeatThenChair => TieRule::RepeatThenChair,
    };
    DecisionRule {
        majority,
        quorum: QuorumRule {
            by,
            share: dec(pick!(quorum_share)).unwrap_or(Decimal::new(5, 1)),
            strict: pick!(quorum_strict).unwrap_or(true),
            recused_count: pick!(recused_count_for_quorum).unwrap_or(false),
        },
        ties,
        block_casting: pick!(block_casting).unwrap_or(true),
        proxies: pick!(proxies).unwrap_or(false),
    }
}

/// Every decision kind of the board (declared and built-in) with its rule.
pub fn decision_rules(board: &Board) -> BTreeMap<String, DecisionRule> {
    let mut kinds: Vec<&str> = board.file.decisions.keys().map(String::as_str).collect();
    kinds.extend(super::DEFAULT_DECISION_KINDS);
    kinds
        .into_iter()
        .map(|k| (k.to_string(), decision_rule(board, k)))
        .collect()
}

/// The decision kind a motion on this item uses by default.
pub fn item_decision_kind(item: &super::model::Item) -> String {
    use super::model::ItemKind::*;
    if let Some(d) = &item.decision {
        return d.get_ref().clone();
    }
    match item.kind.get_ref() {
        AwardDecision => "award",
        Motion => "motion",
        ApproveMinutes => "minutes",
        DisputeHearing => "dispute",
        Procedural => "procedural",
        Information | TenderEvaluation => "default",
    }
    .to_string()
}
