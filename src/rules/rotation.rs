//! Who holds which office or seat on a given date (docs/domain.md §1): the annual chair rotation and
//! the rotating seats of a small-town seat group. Everything is computed from the board's files
//! alone: no clock, no stored state.
//!
//! # Chair rotation
//! Term year `Y` runs from `Y`-`term_start` to the day before `(Y+1)`-`term_start`; the term year
//! of the epoch is the first term. The chairs follow `order`, cycle after cycle, starting at the
//! epoch. The simulation runs year by year over a *line* of turns:
//!
//! - Each cycle adds one turn per member, in `order`, to the end of the line when the line needs it.
//! - In term year `Y` the chair is the first member in the line that has not declined `Y`.
//! - A member passed over because it declined `Y` is skipped and takes a *make-up* turn after the
//!   other turns of its cycle (MPWMD Rule 2.5: "the declining Director shall have an opportunity
//!   to serve once the entire rotation schedule is complete"). Several make-up turns in one cycle
//!   keep the order in which the members declined. If the decliner was the last of its cycle, the
//!   chair for `Y` is the first member of the next cycle and the make-up turn comes next.
//! - A member that declines its make-up turn as well forfeits it and waits for its regular turn.
//! - The vice-chair is the member next in line after the chair (the following year's chair if
//!   nobody declines then), never the chair itself; so a rotation needs at least two members.
//! - A decline is only valid for a member whose turn was reached that year (it was due, or due
//!   for a make-up turn). Any other decline is an error that lists every such entry, so the loader
//!   can report them all at once.
//!
//! With two members a make-up turn can give a member two consecutive terms (A, A, B, B when B
//! declines in year 2): that is the rule applied literally, and the vice-chair still differs.
//!
//! # Seat groups
//! A group of members shares `seats` seats; term `k` starts `k × term_months` months after the
//! first term start (calendar months, clamped to the month's end by chrono, so a group starting on
//! 31 January has its second term start on 28 or 29 February and its third on 31 March) and ends
//! the day before the next term starts. In term `k` the holders are the members at positions
//! `(k × seats + i) mod len` for `i` in `0..seats`.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use thiserror::Error;

/// An annual chair rotation, as written in the board's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChairRotation {
    /// Member ids in the order they take the chair, starting at the epoch.
    pub order: Vec<String>,
    /// The term year of the first term.
    pub epoch_year: i32,
    /// Month and day each term starts, e.g. `(1, 1)` or `(7, 1)`. 29 February is not allowed.
    pub term_start: (u32, u32),
    /// Members that declined the chair for a term year: `(member, term year)`.
    pub declines: Vec<(String, i32)>,
}

/// The officers for one term of a [`ChairRotation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officers {
    /// The member holding the chair.
    pub chair: String,
    /// The member holding the vice-chair (next in line); never the chair.
    pub vice_chair: String,
    /// The term year.
    pub term_year: i32,
    /// First day of the term.
    pub term_start: NaiveDate,
    /// Last day of the term.
    pub term_end: NaiveDate,
}

/// A group of members sharing rotating seats (e.g. small towns sharing two seats).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatGroup {
    /// Member ids in rotation order.
    pub members: Vec<String>,
    /// Number of seats the group holds (at most the number of members).
    pub seats: usize,
    /// First day of the first term.
    pub first_term_start: NaiveDate,
    /// Length of a term in calendar months.
    pub term_months: u32,
}

/// One term of a [`SeatGroup`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupTerm {
    /// 0 for the first term.
    pub term_index: u32,
    /// First day of the term.
    pub term_start: NaiveDate,
    /// Last day of the term.
    pub term_end: NaiveDate,
    /// The members holding the group's seats, in the order of the group's member list.
    pub holders: Vec<String>,
}

/// Why a recorded decline does not fit the rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeclineReason {
    /// The member is not in the rotation.
    UnknownMember,
    /// The year is before the first term.
    BeforeEpoch,
    /// The member's turn was not reached that year; `chair` is who was due and became chair.
    NotDue {
        /// The chair for that term year (if it could be worked out).
        chair: Option<String>,
    },
}

/// A recorded decline that does not fit the rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidDecline {
    /// The member named in the decline.
    pub member: String,
    /// The term year named in the decline.
    pub year: i32,
    /// What is wrong with it.
    pub reason: DeclineReason,
}

impl fmt::Display for InvalidDecline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            DeclineReason::UnknownMember => write!(
                f,
                "`{}` declining in {} is not a member of the rotation",
                self.member, self.year
            ),
            DeclineReason::BeforeEpoch => write!(
                f,
                "`{}` declining in {}: that year is before the first term",
                self.member, self.year
            ),
            DeclineReason::NotDue { chair: Some(c) } => write!(
                f,
                "`{}` declining in {}: it was not `{}`'s turn (the chair due in {} was `{c}`)",
                self.member, self.year, self.member, self.year
            ),
            DeclineReason::NotDue { chair: None } => write!(
                f,
                "`{}` declining in {}: it was not `{}`'s turn",
                self.member, self.year, self.member
            ),
        }
    }
}

/// Why an office or seat holder could not be worked out.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RotationError {
    /// The chair rotation lists no members.
    #[error("the chair rotation lists no members")]
    EmptyOrder,
    /// A chair and a different vice-chair need at least two members.
    #[error(
        "the chair rotation lists only {count} member; a chair and a different vice-chair need at least two"
    )]
    TooFewMembers {
        /// Number of members listed.
        count: usize,
    },
    /// A member is listed twice.
    #[error("member `{member}` is listed more than once in the rotation")]
    DuplicateMember {
        /// The member listed twice.
        member: String,
    },
    /// The term start is not a day that exists every year.
    #[error(
        "the term start month {month}, day {day} is not a date that exists every year (29 February is not allowed; use 28 February or 1 March)"
    )]
    InvalidTermStart {
        /// Month as given.
        month: u32,
        /// Day as given.
        day: u32,
    },
    /// The date is before the first term.
    #[error("{date} is before the first term, which starts on {first_term_start}")]
    BeforeEpoch {
        /// The date asked about.
        date: NaiveDate,
        /// First day of the first term.
        first_term_start: NaiveDate,
    },
    /// The date is too far in the past or future for the calendar.
    #[error("term dates around {date} are outside the supported calendar range")]
    DateOutOfRange {
        /// The date asked about (or the term start that could not be computed).
        date: NaiveDate,
    },
    /// A term year too far from the epoch for the calendar.
    #[error("term year {year} is outside the supported calendar range")]
    YearOutOfRange {
        /// The term year.
        year: i32,
    },
    /// Every member declined the chair for a year.
    #[error("every member declined the chair for term year {year}; at least one must accept")]
    NobodyAvailable {
        /// The term year.
        year: i32,
    },
    /// Recorded declines that do not fit the rotation (all of them, not just the first).
    #[error("declines that do not fit the chair rotation: {}", list_declines(.problems))]
    InvalidDeclines {
        /// Every decline that does not fit.
        problems: Vec<InvalidDecline>,
    },
    /// A seat group lists no members.
    #[error("the seat group lists no members")]
    EmptyGroup,
    /// A seat group holds no seats.
    #[error("the seat group holds no seats; it needs at least one")]
    NoSeats,
    /// A seat group has more seats than members.
    #[error(
        "the seat group has {seats} seats but only {members} members; each seat needs a different member"
    )]
    TooManySeats {
        /// Seats.
        seats: usize,
        /// Members.
        members: usize,
    },
    /// A seat group's terms have no length.
    #[error("the seat group's term length is 0 months; it must be at least 1")]
    ZeroTermMonths,
    /// The date is before a seat group's first term.
    #[error("{date} is before the seat group's first term, which starts on {first_term_start}")]
    BeforeFirstTerm {
        /// The date asked about.
        date: NaiveDate,
        /// First day of the first term.
        first_term_start: NaiveDate,
    },
}

fn list_declines(problems: &[InvalidDecline]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The chair, vice-chair and term on `date`.
///
/// # Errors
/// A malformed rotation (no or duplicate members, fewer than two, bad term start), declines that
/// do not fit the rotation, a date before the first term, a year in which every member declined,
/// or dates beyond chrono's range.
pub fn officers_on(rot: &ChairRotation, date: NaiveDate) -> Result<Officers, RotationError> {
    check_order(rot)?;
    let first = term_start_date(rot, rot.epoch_year)?;
    if date < first {
        return Err(RotationError::BeforeEpoch {
            date,
            first_term_start: first,
        });
    }
    let this_year =
        term_start_date(rot, date.year()).map_err(|_| RotationError::DateOutOfRange { date })?;
    let year = if date >= this_year {
        date.year()
    } else {
        date.year() - 1
    };
    officers_for_term(rot, year)
}

/// The chair, vice-chair and dates of term year `year`.
///
/// # Errors
/// As [`officers_on`]; a year before the epoch is [`RotationError::BeforeEpoch`].
pub fn officers_for_term(rot: &ChairRotation, year: i32) -> Result<Officers, RotationError> {
    check_order(rot)?;
    if year < rot.epoch_year {
        let first = term_start_date(rot, rot.epoch_year)?;
        let date = term_start_date(rot, year)?;
        return Err(RotationError::BeforeEpoch {
            date,
            first_term_start: first,
        });
    }
    let last = last_decline_year(rot).map_or(year, |d| d.max(year));
    let run = simulate(rot, last)?;
    let offset = usize::try_from(year - rot.epoch_year)
        .map_err(|_| RotationError::YearOutOfRange { year })?;
    let (chair, vice) = run.terms[offset];
    officers_of(rot, year, chair, vice)
}

/// The officers of every term from the epoch up to and including `last_year`, in order (empty if
/// `last_year` is before the epoch). Useful to print the rotation schedule.
///
/// # Errors
/// As [`officers_on`].
pub fn schedule(rot: &ChairRotation, last_year: i32) -> Result<Vec<Officers>, RotationError> {
    check_order(rot)?;
    let upto = last_decline_year(rot).map_or(last_year, |d| d.max(last_year));
    let run = simulate(rot, upto)?;
    run.terms
        .iter()
        .enumerate()
        .take_while(|(i, _)| i64::from(rot.epoch_year) + (*i as i64) <= i64::from(last_year))
        .map(|(i, &(chair, vice))| {
            let year = year_at(rot.epoch_year, i)?;
            officers_of(rot, year, chair, vice)
        })
        .collect()
}

/// Checks a chair rotation as the loader should: the member list, the term start and every
/// recorded decline (all invalid declines are listed in one error).
///
/// # Errors
/// The first structural problem found, or [`RotationError::InvalidDeclines`] listing every
/// decline that does not fit, or [`RotationError::NobodyAvailable`].
pub fn validate_rotation(rot: &ChairRotation) -> Result<(), RotationError> {
    check_order(rot)?;
    term_start_date(rot, rot.epoch_year)?;
    let last = last_decline_year(rot).unwrap_or(rot.epoch_year);
    simulate(rot, last).map(|_| ())
}

/// The seat holders of a seat group on `date`.
///
/// # Errors
/// A malformed group (no or duplicate members, no seats, more seats than members, zero-month
/// terms), a date before the first term, or dates beyond chrono's range.
pub fn group_holders_on(g: &SeatGroup, date: NaiveDate) -> Result<GroupTerm, RotationError> {
    check_group(g)?;
    if date < g.first_term_start {
        return Err(RotationError::BeforeFirstTerm {
            date,
            first_term_start: g.first_term_start,
        });
    }
    let start = g.first_term_start;
    let months = i64::from(date.year() - start.year()) * 12 + i64::from(date.month())
        - i64::from(start.month());
    // An estimate, corrected below: month-end clamping can move a term start by a few days.
    let mut k = u64::try_from(months.max(0)).unwrap_or(0) / u64::from(g.term_months);
    while k > 0 && group_term_start(g, k)? > date {
        k -= 1;
    }
    while group_term_start(g, k + 1)? <= date {
        k += 1;
    }
    let index = u32::try_from(k).map_err(|_| RotationError::DateOutOfRange { date })?;
    group_term(g, index)
}

/// Term number `term_index` (0 for the first) of a seat group.
///
/// # Errors
/// A malformed group, or a term beyond chrono's range.
pub fn group_term(g: &SeatGroup, term_index: u32) -> Result<GroupTerm, RotationError> {
    check_group(g)?;
    let k = u64::from(term_index);
    let term_start = group_term_start(g, k)?;
    let term_end = group_term_start(g, k + 1)?
        .pred_opt()
        .ok_or(RotationError::DateOutOfRange { date: term_start })?;
    let len = g.members.len() as u128;
    let mut positions: Vec<usize> = (0..g.seats as u128)
        .map(|i| ((u128::from(k) * g.seats as u128 + i) % len) as usize)
        .collect();
    positions.sort_unstable();
    Ok(GroupTerm {
        term_index,
        term_start,
        term_end,
        holders: positions
            .into_iter()
            .map(|p| g.members[p].clone())
            .collect(),
    })
}

fn group_term_start(g: &SeatGroup, k: u64) -> Result<NaiveDate, RotationError> {
    let out_of_range = RotationError::DateOutOfRange {
        date: g.first_term_start,
    };
    let months = k
        .checked_mul(u64::from(g.term_months))
        .and_then(|m| u32::try_from(m).ok())
        .ok_or(out_of_range.clone())?;
    g.first_term_start
        .checked_add_months(Months::new(months))
        .ok_or(out_of_range)
}

fn check_group(g: &SeatGroup) -> Result<(), RotationError> {
    if g.members.is_empty() {
        return Err(RotationError::EmptyGroup);
    }
    check_unique(&g.members)?;
    if g.seats == 0 {
        return Err(RotationError::NoSeats);
    }
    if g.seats > g.members.len() {
        return Err(RotationError::TooManySeats {
            seats: g.seats,
            members: g.members.len(),
        });
    }
    if g.term_months == 0 {
        return Err(RotationError::ZeroTermMonths);
    }
    Ok(())
}

fn check_unique(members: &[String]) -> Result<(), RotationError> {
    let mut seen = BTreeSet::new();
    for m in members {
        if !seen.insert(m.as_str()) {
            return Err(RotationError::DuplicateMember { member: m.clone() });
        }
    }
    Ok(())
}

fn check_order(rot: &ChairRotation) -> Result<(), RotationError> {
    if rot.order.is_empty() {
        return Err(RotationError::EmptyOrder);
    }
    check_unique(&rot.order)?;
    if rot.order.len() < 2 {
        return Err(RotationError::TooFewMembers {
            count: rot.order.len(),
        });
    }
    let (month, day) = rot.term_start;
    // 2001 is not a leap year: a day valid in 2001 exists in every year.
    if NaiveDate::from_ymd_opt(2001, month, day).is_none() {
        return Err(RotationError::InvalidTermStart { month, day });
    }
    Ok(())
}

fn term_start_date(rot: &ChairRotation, year: i32) -> Result<NaiveDate, RotationError> {
    let (month, day) = rot.term_start;
    if NaiveDate::from_ymd_opt(2001, month, day).is_none() {
        return Err(RotationError::InvalidTermStart { month, day });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or(RotationError::YearOutOfRange { year })
}

fn officers_of(
    rot: &ChairRotation,
    year: i32,
    chair: usize,
    vice: usize,
) -> Result<Officers, RotationError> {
    let term_start = term_start_date(rot, year)?;
    let next = year
        .checked_add(1)
        .ok_or(RotationError::YearOutOfRange { year })?;
    let term_end = term_start_date(rot, next)?
        .pred_opt()
        .ok_or(RotationError::YearOutOfRange { year })?;
    Ok(Officers {
        chair: rot.order[chair].clone(),
        vice_chair: rot.order[vice].clone(),
        term_year: year,
        term_start,
        term_end,
    })
}

fn last_decline_year(rot: &ChairRotation) -> Option<i32> {
    rot.declines.iter().map(|(_, y)| *y).max()
}

fn year_at(epoch: i32, offset: usize) -> Result<i32, RotationError> {
    i32::try_from(offset)
        .ok()
        .and_then(|o| epoch.checked_add(o))
        .ok_or(RotationError::YearOutOfRange { year: epoch })
}

/// The chair and vice-chair (indices into `order`) of every term year from the epoch.
struct Run {
    terms: Vec<(usize, usize)>,
}

/// Simulates the rotation from the epoch through `last_year`, checking every decline.
fn simulate(rot: &ChairRotation, last_year: i32) -> Result<Run, RotationError> {
    let index: BTreeMap<&str, usize> = rot
        .order
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let mut problems = Vec::new();
    // term year -> members declining that year.
    let mut by_year: BTreeMap<i32, BTreeSet<usize>> = BTreeMap::new();
    for (member, year) in &rot.declines {
        match index.get(member.as_str()) {
            None => problems.push(InvalidDecline {
                member: member.clone(),
                year: *year,
                reason: DeclineReason::UnknownMember,
            }),
            Some(_) if *year < rot.epoch_year => problems.push(InvalidDecline {
                member: member.clone(),
                year: *year,
                reason: DeclineReason::BeforeEpoch,
            }),
            Some(&i) => {
                by_year.entry(*year).or_default().insert(i);
            }
        }
    }

    let none = BTreeSet::new();
    let mut line = Line::new(rot.order.len());
    let mut terms = Vec::new();
    let mut year = rot.epoch_year;
    while year <= last_year {
        let declined = by_year.get(&year).unwrap_or(&none);
        let step = line
            .step(declined)
            .ok_or(RotationError::NobodyAvailable { year })?;
        for &m in declined {
            if !step.passed_over.contains(&m) {
                problems.push(InvalidDecline {
                    member: rot.order[m].clone(),
                    year,
                    reason: DeclineReason::NotDue {
                        chair: Some(rot.order[step.chair].clone()),
                    },
                });
            }
        }
        let vice = line.next_in_line(step.chair);
        terms.push((step.chair, vice));
        if year == i32::MAX {
            break;
        }
        year += 1;
    }
    if problems.is_empty() {
        Ok(Run { terms })
    } else {
        // Report in the order of the files' years, then members, for a stable message.
        problems.sort_by(|a, b| a.year.cmp(&b.year).then(a.member.cmp(&b.member)));
        problems.dedup();
        Err(RotationError::InvalidDeclines { problems })
    }
}

/// One turn in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Turn {
    member: usize,
    cycle: u64,
    makeup: bool,
}

/// The outcome of one term year.
struct Step {
    chair: usize,
    /// Members whose turns were passed over because they declined.
    passed_over: BTreeSet<usize>,
}

/// The line of upcoming turns.
#[derive(Debug, Clone)]
struct Line {
    members: usize,
    turns: Vec<Turn>,
    next_cycle: u64,
}

impl Line {
    fn new(members: usize) -> Self {
        Line {
            members,
            turns: Vec::new(),
            next_cycle: 0,
        }
    }

    /// Appends a fresh cycle of regular turns.
    fn add_cycle(&mut self) {
        let cycle = self.next_cycle;
        self.next_cycle += 1;
        self.turns.extend((0..self.members).map(|member| Turn {
            member,
            cycle,
            makeup: false,
        }));
    }

    /// Chooses the chair for one term year; `None` if every member declined.
    fn step(&mut self, declined: &BTreeSet<usize>) -> Option<Step> {
        let mut added = false;
        let k = loop {
            if let Some(k) = self
                .turns
                .iter()
                .position(|t| !declined.contains(&t.member))
            {
                break k;
            }
            if added {
                return None;
            }
            self.add_cycle();
            added = true;
        };
        let mut skipped: Vec<Turn> = self.turns.drain(..=k).collect();
        // `drain(..=k)` yields k + 1 turns, the last being the chair's.
        let chair = skipped.pop()?;
        let mut passed_over = BTreeSet::new();
        for t in skipped {
            passed_over.insert(t.member);
            if t.makeup {
                // Declining a make-up turn forfeits it.
                continue;
            }
            let at = self
                .turns
                .iter()
                .position(|u| u.cycle > t.cycle)
                .unwrap_or(self.turns.len());
            self.turns.insert(at, Turn { makeup: true, ..t });
        }
        Some(Step {
            chair: chair.member,
            passed_over,
        })
    }

    /// The member next in line that is not `chair` (the vice-chair).
    fn next_in_line(&mut self, chair: usize) -> usize {
        loop {
            if let Some(t) = self.turns.iter().find(|t| t.member != chair) {
                return t.member;
            }
            // A fresh cycle holds every member, and there are at least two: the next pass finds one.
            self.add_cycle();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rot(declines: &[(&str, i32)]) -> ChairRotation {
        ChairRotation {
            order: ["A", "B", "C", "D"].map(String::from).to_vec(),
            epoch_year: 2020,
            term_start: (1, 1),
            declines: declines.iter().map(|(m, y)| (m.to_string(), *y)).collect(),
        }
    }

    /// (chair, vice) for term years epoch..=last.
    fn chairs(r: &ChairRotation, last: i32) -> Vec<(String, String)> {
        schedule(r, last)
            .unwrap()
            .into_iter()
            .map(|o| (o.chair, o.vice_chair))
            .collect()
    }

    fn pairs(s: &[(&str, &str)]) -> Vec<(String, String)> {
        s.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn plain_rotation() {
        let r = rot(&[]);
        assert_eq!(
            chairs(&r, 2024),
            pairs(&[("A", "B"), ("B", "C"), ("C", "D"), ("D", "A"), ("A", "B")])
        );
        let o = officers_on(&r, d(2023, 12, 31)).unwrap();
        assert_eq!(
            o,
            Officers {
                chair: "D".into(),
                vice_chair: "A".into(),
                term_year: 2023,
                term_start: d(2023, 1, 1),
                term_end: d(2023, 12, 31),
            }
        );
    }

    #[test]
    fn mid_year_term_start() {
        let mut r = rot(&[]);
        r.term_start = (7, 1);
        let o = officers_on(&r, d(2021, 6, 30)).unwrap();
        assert_eq!((o.term_year, o.chair.as_str()), (2020, "A"));
        assert_eq!((o.term_start, o.term_end), (d(2020, 7, 1), d(2021, 6, 30)));
        let o = officers_on(&r, d(2021, 7, 1)).unwrap();
        assert_eq!((o.term_year, o.chair.as_str()), (2021, "B"));
        assert_eq!(
            officers_on(&r, d(2020, 6, 30)),
            Err(RotationError::BeforeEpoch {
                date: d(2020, 6, 30),
                first_term_start: d(2020, 7, 1)
            })
        );
    }

    #[test]
    fn term_spanning_a_leap_day() {
        let mut r = rot(&[]);
        r.term_start = (3, 1);
        let o = officers_on(&r, d(2024, 2, 29)).unwrap();
        assert_eq!(o.term_year, 2023);
        assert_eq!(o.term_end, d(2024, 2, 29));
        let o = officers_on(&r, d(2025, 2, 28)).unwrap();
        assert_eq!(o.term_end, d(2025, 2, 28));
    }

    #[test]
    fn decline_takes_its_turn_after_the_cycle() {
        // B declines 2021: C, D, then B's make-up turn, then the next cycle from A.
        let r = rot(&[("B", 2021)]);
        assert_eq!(
            chairs(&r, 2025),
            pairs(&[
                ("A", "B"),
                ("C", "D"),
                ("D", "B"),
                ("B", "A"),
                ("A", "B"),
                ("B", "C")
            ])
        );
    }

    #[test]
    fn two_declines_in_one_cycle() {
        // B declines 2021, D declines 2022: make-up turns in the order they declined.
        let r = rot(&[("B", 2021), ("D", 2022)]);
        assert_eq!(
            chairs(&r, 2024),
            pairs(&[("A", "B"), ("C", "D"), ("B", "D"), ("D", "A"), ("A", "B")])
        );
        // B and C both decline 2021.
        let r = rot(&[("B", 2021), ("C", 2021)]);
        assert_eq!(
            chairs(&r, 2024),
            pairs(&[("A", "B"), ("D", "B"), ("B", "C"), ("C", "A"), ("A", "B")])
        );
    }

    #[test]
    fn decline_in_the_last_year_of_a_cycle() {
        // D declines 2023, the last turn of the first cycle: A (first of the next cycle) chairs
        // 2023, D takes its make-up turn in 2024, then the second cycle continues with B.
        let r = rot(&[("D", 2023)]);
        assert_eq!(
            chairs(&r, 2028),
            pairs(&[
                ("A", "B"),
                ("B", "C"),
                ("C", "D"),
                ("A", "D"),
                ("D", "B"),
                ("B", "C"),
                ("C", "D"),
                ("D", "A"),
                ("A", "B"),
            ])
        );
    }

    #[test]
    fn declining_a_make_up_turn_forfeits_it() {
        // B declines 2021 and again its make-up turn in 2023: it waits for its regular turn.
        let r = rot(&[("B", 2021), ("B", 2023)]);
        assert_eq!(
            chairs(&r, 2026),
            pairs(&[
                ("A", "B"),
                ("C", "D"),
                ("D", "B"),
                ("A", "B"),
                ("B", "C"),
                ("C", "D"),
                ("D", "A"),
            ])
        );
    }

    #[test]
    fn two_members_vice_never_chair() {
        let r = ChairRotation {
            order: vec!["A".into(), "B".into()],
            epoch_year: 2020,
            term_start: (1, 1),
            declines: vec![("B".into(), 2021)],
        };
        let s = chairs(&r, 2025);
        assert_eq!(
            s,
            pairs(&[
                ("A", "B"),
                ("A", "B"),
                ("B", "A"),
                ("B", "A"),
                ("A", "B"),
                ("B", "A")
            ])
        );
        assert!(s.iter().all(|(c, v)| c != v));
    }

    #[test]
    fn invalid_declines_are_all_listed() {
        let r = rot(&[("C", 2020), ("Zed", 2021), ("A", 2019), ("B", 2021)]);
        let e = validate_rotation(&r).unwrap_err();
        assert_eq!(
            e,
            RotationError::InvalidDeclines {
                problems: vec![
                    InvalidDecline {
                        member: "A".into(),
                        year: 2019,
                        reason: DeclineReason::BeforeEpoch
                    },
                    InvalidDecline {
                        member: "C".into(),
                        year: 2020,
                        reason: DeclineReason::NotDue {
                            chair: Some("A".into())
                        }
                    },
                    InvalidDecline {
                        member: "Zed".into(),
                        year: 2021,
                        reason: DeclineReason::UnknownMember
                    },
                ]
            }
        );
        assert_eq!(
            e.to_string(),
            "declines that do not fit the chair rotation: `A` declining in 2019: that year is before \
             the first term; `C` declining in 2020: it was not `C`'s turn (the chair due in 2020 was \
             `A`); `Zed` declining in 2021 is not a member of the rotation"
        );
        // officers_on refuses to answer from files that do not fit, even for an earlier date.
        assert!(matches!(
            officers_on(&r, d(2020, 5, 1)),
            Err(RotationError::InvalidDeclines { .. })
        ));
        assert_eq!(validate_rotation(&rot(&[("B", 2021), ("D", 2022)])), Ok(()));
    }

    #[test]
    fn decline_after_the_turn_passed_is_not_due() {
        // C was due in 2022; declining 2023 (when D is due) is an error.
        let e = validate_rotation(&rot(&[("C", 2023)])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "declines that do not fit the chair rotation: `C` declining in 2023: it was not `C`'s \
             turn (the chair due in 2023 was `D`)"
        );
    }

    #[test]
    fn everyone_declining_is_an_error() {
        let r = rot(&[("A", 2020), ("B", 2020), ("C", 2020), ("D", 2020)]);
        assert_eq!(
            officers_on(&r, d(2020, 3, 1)),
            Err(RotationError::NobodyAvailable { year: 2020 })
        );
    }

    #[test]
    fn malformed_rotations() {
        let mut r = rot(&[]);
        r.term_start = (2, 29);
        assert_eq!(
            officers_on(&r, d(2024, 3, 1)),
            Err(RotationError::InvalidTermStart { month: 2, day: 29 })
        );
        r.term_start = (13, 1);
        assert!(matches!(
            validate_rotation(&r),
            Err(RotationError::InvalidTermStart { .. })
        ));
        let mut r = rot(&[]);
        r.order = vec!["A".into()];
        assert_eq!(
            officers_on(&r, d(2024, 3, 1)),
            Err(RotationError::TooFewMembers { count: 1 })
        );
        r.order.clear();
        assert_eq!(
            officers_on(&r, d(2024, 3, 1)),
            Err(RotationError::EmptyOrder)
        );
        r.order = vec!["A".into(), "B".into(), "A".into()];
        assert_eq!(
            officers_on(&r, d(2024, 3, 1)),
            Err(RotationError::DuplicateMember { member: "A".into() })
        );
        assert!(matches!(
            officers_for_term(&rot(&[]), 2019),
            Err(RotationError::BeforeEpoch { .. })
        ));
    }

    fn group(members: &[&str], seats: usize, start: NaiveDate, months: u32) -> SeatGroup {
        SeatGroup {
            members: members.iter().map(|m| m.to_string()).collect(),
            seats,
            first_term_start: start,
            term_months: months,
        }
    }

    #[test]
    fn seat_group_holders_rotate() {
        let g = group(&["a", "b", "c", "d", "e"], 2, d(2024, 1, 1), 12);
        let h = |date| group_holders_on(&g, date).unwrap().holders;
        assert_eq!(h(d(2024, 6, 1)), ["a", "b"]);
        assert_eq!(h(d(2025, 1, 1)), ["c", "d"]);
        // Term 2: positions 4 and 0, reported in list order.
        assert_eq!(h(d(2026, 12, 31)), ["a", "e"]);
        assert_eq!(h(d(2027, 1, 1)), ["b", "c"]);
        let t = group_holders_on(&g, d(2026, 12, 31)).unwrap();
        assert_eq!(
            (t.term_index, t.term_start, t.term_end),
            (2, d(2026, 1, 1), d(2026, 12, 31))
        );
    }

    #[test]
    fn seat_group_month_end_terms() {
        // 31 January + 1 month = 28 February (2025), + 2 months = 31 March.
        let g = group(&["a", "b", "c"], 1, d(2025, 1, 31), 1);
        let t = group_holders_on(&g, d(2025, 2, 27)).unwrap();
        assert_eq!(
            (t.term_index, t.term_start, t.term_end),
            (0, d(2025, 1, 31), d(2025, 2, 27))
        );
        let t = group_holders_on(&g, d(2025, 2, 28)).unwrap();
        assert_eq!(
            (t.term_index, t.term_start, t.term_end),
            (1, d(2025, 2, 28), d(2025, 3, 30))
        );
        assert_eq!(t.holders, ["b"]);
        let t = group_holders_on(&g, d(2025, 3, 31)).unwrap();
        assert_eq!((t.term_index, t.term_start), (2, d(2025, 3, 31)));
        assert_eq!(t.holders, ["c"]);
        // Leap year: 31 January 2024 + 1 month = 29 February.
        let g = group(&["a", "b"], 1, d(2024, 1, 31), 1);
        let t = group_holders_on(&g, d(2024, 2, 29)).unwrap();
        assert_eq!(
            (t.term_index, t.term_start, t.term_end),
            (1, d(2024, 2, 29), d(2024, 3, 30))
        );
    }

    #[test]
    fn seat_group_starting_on_a_leap_day() {
        let g = group(&["a", "b", "c"], 1, d(2024, 2, 29), 12);
        let t = group_holders_on(&g, d(2025, 2, 27)).unwrap();
        assert_eq!((t.term_index, t.term_end), (0, d(2025, 2, 27)));
        let t = group_holders_on(&g, d(2025, 2, 28)).unwrap();
        assert_eq!((t.term_index, t.term_start), (1, d(2025, 2, 28)));
        let t = group_holders_on(&g, d(2028, 2, 29)).unwrap();
        assert_eq!((t.term_index, t.term_start), (4, d(2028, 2, 29)));
        let t = group_holders_on(&g, d(2028, 2, 28)).unwrap();
        assert_eq!(t.term_index, 3);
    }

    #[test]
    fn seat_group_errors() {
        let start = d(2024, 1, 1);
        assert_eq!(
            group_holders_on(&group(&[], 1, start, 12), start),
            Err(RotationError::EmptyGroup)
        );
        assert_eq!(
            group_holders_on(&group(&["a"], 0, start, 12), start),
            Err(RotationError::NoSeats)
        );
        assert_eq!(
            group_holders_on(&group(&["a", "b"], 3, start, 12), start),
            Err(RotationError::TooManySeats {
                seats: 3,
                members: 2
            })
        );
        assert_eq!(
            group_holders_on(&group(&["a"], 1, start, 0), start),
            Err(RotationError::ZeroTermMonths)
        );
        assert_eq!(
            group_holders_on(&group(&["a", "a"], 1, start, 12), start),
            Err(RotationError::DuplicateMember { member: "a".into() })
        );
        let e = group_holders_on(&group(&["a"], 1, start, 12), d(2023, 12, 31)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "2023-12-31 is before the seat group's first term, which starts on 2024-01-01"
        );
    }

    /// Builds a rotation with random *valid* declines: each year the first `k` turns in line
    /// decline (fewer than all members).
    fn rotation_with_declines(
        n: usize,
        epoch: i32,
        term_start: (u32, u32),
        ks: &[usize],
    ) -> ChairRotation {
        let order: Vec<String> = (0..n).map(|i| format!("m{i}")).collect();
        let mut line = Line::new(n);
        let mut declines = Vec::new();
        for (offset, &k) in ks.iter().enumerate() {
            let year = epoch + offset as i32;
            while line.turns.len() < k {
                line.add_cycle();
            }
            let declined: BTreeSet<usize> = line.turns[..k].iter().map(|t| t.member).collect();
            if declined.len() >= n {
                line.step(&BTreeSet::new());
                continue;
            }
            for &m in &declined {
                declines.push((order[m].clone(), year));
            }
            line.step(&declined);
        }
        ChairRotation {
            order,
            epoch_year: epoch,
            term_start,
            declines,
        }
    }

    proptest! {
        #[test]
        fn officers_always_computable_and_different(
            n in 2usize..7,
            epoch in 1990i32..2030,
            month in 1u32..=12,
            day in 1u32..=28,
            ks in prop::collection::vec(prop_oneof![4 => Just(0usize), 2 => Just(1usize), 1 => 2usize..4], 0..25),
            days_after in 0i64..(40 * 366),
        ) {
            let r = rotation_with_declines(n, epoch, (month, day), &ks);
            prop_assert_eq!(validate_rotation(&r), Ok(()));
            let first = NaiveDate::from_ymd_opt(epoch, month, day).unwrap();
            let date = first + chrono::Duration::days(days_after);
            let o = officers_on(&r, date).unwrap();
            prop_assert_ne!(&o.chair, &o.vice_chair);
            prop_assert!(o.term_start <= date && date <= o.term_end);
            prop_assert!(o.term_start.month() == month && o.term_start.day() == day);
            // Consistent with the schedule and with the term before.
            let s = schedule(&r, o.term_year).unwrap();
            prop_assert_eq!(s.last(), Some(&o));
            if s.len() >= 2 {
                let prev = &s[s.len() - 2];
                prop_assert_eq!(prev.term_end.succ_opt(), Some(o.term_start));
            }
        }

        #[test]
        fn every_member_chairs_once_per_cycle_without_declines(n in 2usize..8, epoch in 1990i32..2030) {
            let r = rotation_with_declines(n, epoch, (1, 1), &[]);
            let s = schedule(&r, epoch + n as i32 - 1).unwrap();
            let chairs: BTreeSet<&str> = s.iter().map(|o| o.chair.as_str()).collect();
            prop_assert_eq!(chairs.len(), n);
        }

        #[test]
        fn group_term_contains_date(
            members in 1usize..8,
            seats_pick in 0usize..8,
            start_days in 0i64..3000,
            term_months in 1u32..30,
            days_after in 0i64..5000,
        ) {
            let seats = seats_pick % members + 1;
            let names: Vec<String> = (0..members).map(|i| format!("t{i}")).collect();
            let start = d(2020, 1, 1) + chrono::Duration::days(start_days);
            let g = SeatGroup { members: names.clone(), seats, first_term_start: start, term_months };
            let date = start + chrono::Duration::days(days_after);
            let t = group_holders_on(&g, date).unwrap();
            prop_assert!(t.term_start <= date && date <= t.term_end);
            prop_assert_eq!(t.holders.len(), seats);
            let distinct: BTreeSet<&String> = t.holders.iter().collect();
            prop_assert_eq!(distinct.len(), seats);
            let next = group_term(&g, t.term_index + 1).unwrap();
            prop_assert_eq!(t.term_end.succ_opt(), Some(next.term_start));
        }
    }
}
