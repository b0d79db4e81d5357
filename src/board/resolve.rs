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
    let base_of = |b: BaseKind| match b {
        BaseKind::VotesCast => Base::VotesCast,
        BaseKind::Present => Base::Present,
        BaseKind::Membership => Base::Membership,
    };
    let picked_base = pick!(base);
    // `check` requires `base` for double_majority; votes cast is only a fallback for a rule
    // that has not been checked.
    let base = base_of(picked_base.unwrap_or(BaseKind::VotesCast));
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
                    *blocking_members = x.into_inner();
                }
                if let Some(x) = dec(pick!(blocking_weight_share)) {
                    *blocking_weight_share = x;
                }
            }
            q
        }
        MajorityKind::MembersAndWeight => Majority::MembersAndWeight {
            // `check` requires both; the fallbacks only serve a rule that was not checked.
            members: pick!(min_yes_members).map_or(1, |m| *m.get_ref()),
            weight_share: dec(pick!(min_yes_weight_share)).unwrap_or(Decimal::new(5, 1)),
            base: base_of(picked_base.unwrap_or(BaseKind::Membership)),
        },
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
        Motion | ContractReview => "motion",
        ApproveMinutes => "minutes",
        DisputeHearing => "dispute",
        Procedural => "procedural",
        Information | TenderEvaluation => "default",
    }
    .to_string()
}

/// One problem with a decision rule, found by [`rule_problems`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// Where: the offending key's value, or `None` for the table as a whole.
    pub span: Option<std::ops::Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// How to put it right.
    pub hint: Option<String>,
    /// A warning rather than an error.
    pub warning: bool,
}

/// The hint for a share out of range.
pub const SHARE_HINT: &str =
    "write a fraction as a decimal, more than 0 and at most 1: 0.5 for half, 0.65 for 65 %";

/// Checks a decision-rule table `own` (a `[decisions.<kind>]` of board.toml, or a ballot's
/// `[rule]`) whose missing keys come from `inherited` (for board.toml: `[decisions.default]`;
/// for a ballot: the kind's table over `[decisions.default]`). One check for both, so a ballot
/// cannot try a rule board.toml would refuse. `what` names the table in messages
/// (`[decisions.award]`, `[rule]`); `members` is the most members that can vote (see
/// [`voting_capacity`]), 0 when unknown.
///
/// Problems are reported on the keys `own` sets (its inherited keys are checked where they
/// are written), except a rule that cannot work as a whole, reported on the table.
pub fn rule_problems(
    own: &super::model::DecisionRules,
    inherited: &super::model::DecisionRules,
    what: &str,
    members: usize,
) -> Vec<RuleProblem> {
    use super::model::MajorityKind;
    let mut out = Vec::new();
    let mut error = |span: Option<std::ops::Range<usize>>, message: String, hint: Option<&str>| {
        out.push(RuleProblem {
            span,
            message,
            hint: hint.map(str::to_string),
            warning: false,
        });
    };
    for (key, share) in [
        ("quorum_share", &own.quorum_share),
        ("qualified_member_share", &own.qualified_member_share),
        ("qualified_weight_share", &own.qualified_weight_share),
        ("blocking_weight_share", &own.blocking_weight_share),
        ("min_yes_weight_share", &own.min_yes_weight_share),
    ] {
        if let Some(share) = share {
            let s = share.get_ref().normalize();
            if s <= Decimal::ZERO || s > Decimal::ONE {
                error(
                    Some(share.span()),
                    format!("`{key}` is {s}, but a share must be more than 0 and at most 1"),
                    Some(SHARE_HINT),
                );
            }
        }
    }
    let majority = own.majority.or(inherited.majority);
    let base = own.base.or(inherited.base);
    let strict = own
        .quorum_strict
        .or(inherited.quorum_strict)
        .unwrap_or(true);
    let share = own
        .quorum_share
        .as_ref()
        .or(inherited.quorum_share.as_ref());
    if strict
        && let Some(share) = share
        && *share.get_ref() == Decimal::ONE
        && (own.quorum_share.is_some() || own.quorum_strict.is_some())
    {
        let span = own.quorum_share.as_ref().map(|s| s.span());
        let at = if span.is_some() {
            String::new()
        } else {
            format!("{what} ")
        };
        error(
            span,
            format!("{at}a strict quorum of more than the whole (share 1) can never be met"),
            Some("use quorum_strict = false for \"all members\", or a smaller share"),
        );
    }
    if let Some(m) = &own.blocking_members
        && *m.get_ref() == 0
    {
        error(
            Some(m.span()),
            "`blocking_members` is 0, but a blocking minority needs at least 1 member".to_string(),
            Some("the EU Council's figure is 4 (`blocking_members = 4`)"),
        );
    }
    if let Some(m) = &own.min_yes_members {
        let n = *m.get_ref();
        if n == 0 {
            error(
                Some(m.span()),
                "`min_yes_members` is 0, but at least 1 member must vote yes".to_string(),
                Some("give the number of members that must vote yes, e.g. min_yes_members = 5"),
            );
        } else if members > 0 && n as usize > members {
            error(
                Some(m.span()),
                format!(
                    "`min_yes_members` is {n}, but at most {members} member{} can vote: the rule can never be met",
                    if members == 1 { "" } else { "s" }
                ),
                Some(
                    "a number of members, at most the number of seats (members with a seat of their own, plus the seats of each seat group)",
                ),
            );
        }
    }
    match majority {
        Some(MajorityKind::DoubleMajority) if base.is_none() => error(
            None,
            format!("{what} majority = \"double_majority\" needs `base`"),
            Some(
                "base = \"votes_cast\", \"present\" or \"membership\" (here or in [decisions.default])",
            ),
        ),
        Some(MajorityKind::MembersAndWeight) => {
            let needs =
                |key: &str| format!("{what} majority = \"members_and_weight\" needs `{key}`");
            if own.min_yes_members.is_none() && inherited.min_yes_members.is_none() {
                error(
                    None,
                    needs("min_yes_members"),
                    Some("the number of members that must vote yes, e.g. min_yes_members = 5"),
                );
            }
            if own.min_yes_weight_share.is_none() && inherited.min_yes_weight_share.is_none() {
                error(
                    None,
                    needs("min_yes_weight_share"),
                    Some(
                        "the share of the weight that must vote yes, e.g. min_yes_weight_share = 0.6",
                    ),
                );
            }
        }
        _ => {}
    }
    let mut warn = |message: String| {
        out.push(RuleProblem {
            span: None,
            message,
            hint: None,
            warning: true,
        });
    };
    if let Some(m) = majority {
        if own.base.is_some()
            && !matches!(
                m,
                MajorityKind::DoubleMajority | MajorityKind::MembersAndWeight
            )
        {
            warn(format!(
                "{what} `base` is only read for double_majority and members_and_weight"
            ));
        }
        if (own.min_yes_members.is_some() || own.min_yes_weight_share.is_some())
            && m != MajorityKind::MembersAndWeight
        {
            warn(format!(
                "{what} `min_yes_members` and `min_yes_weight_share` are only read for members_and_weight"
            ));
        }
    }
    out
}

/// The most members that can vote at once: members with a seat of their own, plus the seats of
/// each seat group (a group's members share its seats), however many members leave or join.
pub fn voting_capacity(board: &super::model::BoardFile) -> usize {
    let grouped: usize = board.seat_groups.iter().map(|g| g.members.len()).sum();
    let group_seats: usize = board
        .seat_groups
        .iter()
        .map(|g| (*g.seats.get_ref() as usize).min(g.members.len()))
        .sum();
    board.members.len().saturating_sub(grouped) + group_seats
}

/// The board's working-day calendar.
pub fn calendar(board: &Board) -> crate::rules::standstill::Calendar {
    use crate::rules::standstill::Calendar;
    let c = &board.file.calendar;
    Calendar::new(
        c.weekend
            .iter()
            .filter_map(|d| crate::board::model::parse_weekday(d.get_ref()))
            .collect(),
        c.holidays.iter().map(|h| h.get_ref().0).collect(),
    )
}

/// The rules' form of a tender's `[standstill]`.
pub fn standstill_rule(
    s: &crate::board::model::StandstillDef,
) -> crate::rules::standstill::StandstillRule {
    use crate::board::model::StandstillKind;
    use crate::rules::standstill::StandstillRule;
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
