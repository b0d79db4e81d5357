//! Quorum: is the board able to decide right now? (docs/domain.md §2)
//!
//! Quorum is counted by head, by weight, or both, against a share of the seats in force. The
//! threshold is either inclusive ("at least half") or strict ("more than half", Bavaria KommZG
//! Art. 33). Whether a recused member still counts toward quorum is a setting.
//!
//! Everything here is a pure function of its inputs: exact [`Decimal`] arithmetic, no floats,
//! no locale, no clock, and output that does not depend on hash-map order.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// What quorum is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuorumBy {
    /// Members present by head count, whatever their weight.
    Head,
    /// Vote weight present.
    Weight,
    /// Both the head count and the weight must reach the share.
    HeadAndWeight,
    /// Either the head count or the weight reaching the share is enough.
    HeadOrWeight,
}

/// The quorum setting of a board (or of one kind of decision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuorumRule {
    /// What is counted.
    pub by: QuorumBy,
    /// The share of the base that must be present, e.g. `0.5` for half.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub share: Decimal,
    /// `true`: strictly more than `share` is needed ("a majority of the members");
    /// `false`: at least `share` is enough ("at least half").
    pub strict: bool,
    /// `true`: recused members still count toward quorum (present or absent like anyone else);
    /// `false`: recused members are left out of both the members present and the base
    /// (KommZG: not counted).
    pub recused_count: bool,
}

/// A seat of the board in force: a member and its vote weight.
///
/// Seats are keyed by member. If a member is listed twice, [`quorum`] merges the entries into
/// one member (one head, the weights added); [`crate::rules::voting::tally`] refuses such a
/// list instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    /// The member municipality holding the seat.
    pub member: String,
    /// Its vote weight, frozen at roll call (never negative).
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub weight: Decimal,
}

/// Attendance of one member for the item being decided.
///
/// `present` includes remote attendance, an alternate sitting for the delegate, or a proxy where
/// the board allows it: the caller decides. Members without an entry are absent. Entries naming
/// no seat are ignored. If a member has several entries, it is present if any entry says so and
/// recused if any entry says so (so the result does not depend on the order of the entries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// The member municipality.
    pub member: String,
    /// Whether the member's seat is occupied (in person, remotely, by an alternate or proxy).
    pub present: bool,
    /// Whether the member declared a conflict of interest on this item.
    pub recused: bool,
}

/// The result of a quorum count, with every figure needed for the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuorumStatus {
    /// Whether quorum is met under the rule.
    pub met: bool,
    /// What was counted (copied from the rule).
    pub by: QuorumBy,
    /// The share required (copied from the rule).
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub share: Decimal,
    /// Strict ("more than") or inclusive ("at least") threshold (copied from the rule).
    pub strict: bool,
    /// Whether recused members counted toward quorum (copied from the rule).
    pub recused_count: bool,
    /// Members present and counted.
    pub heads_present: u32,
    /// Members in the base (all seats, less the recused ones when they do not count).
    pub heads_base: u32,
    /// The smallest head count that reaches the head threshold.
    pub heads_needed: u32,
    /// Whether the head count reaches its threshold (reported whatever `by` says).
    pub heads_met: bool,
    /// Weight present and counted.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub weight_present: Decimal,
    /// Weight in the base.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub weight_base: Decimal,
    /// The weight threshold `share × weight_base`: the weight present must be more than this
    /// when `strict`, at least this otherwise.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub weight_needed: Decimal,
    /// Whether the weight present reaches its threshold (reported whatever `by` says).
    pub weight_met: bool,
    /// Recused members, in seat order (left out of the count unless `recused_count`).
    pub recused: Vec<String>,
    /// One line for the minutes, e.g.
    /// "quorum met: 65 of 100 weight present (65 %), needs more than 50 %".
    pub explanation: String,
}

/// Counts quorum for `rule` over the `seats` in force, given who is `presence`-ent.
///
/// - Base: all seats; if `!rule.recused_count`, recused members are removed from both the count
///   of those present and the base.
/// - Head threshold: `present > share × base` when strict, `present ≥ share × base` otherwise;
///   the same for weight. Exact decimal comparison.
/// - Quorum is never met when nobody counted is present, even if the threshold is zero.
///
/// Seat weights are expected to be valid (non-negative, as the board loader checks); arithmetic
/// saturates instead of panicking on absurd figures.
pub fn quorum(rule: &QuorumRule, seats: &[Seat], presence: &[Presence]) -> QuorumStatus {
    quorum_of(rule, &roster(seats, presence))
}

/// [`quorum`] over a roster already merged from the seats and the presence entries.
pub(crate) fn quorum_of(rule: &QuorumRule, roster: &[Entry<'_>]) -> QuorumStatus {
    let mut heads_present = 0usize;
    let mut heads_base = 0usize;
    let mut weight_present = Decimal::ZERO;
    let mut weight_base = Decimal::ZERO;
    let mut recused = Vec::new();
    for entry in roster {
        if entry.recused {
            recused.push(entry.member.to_string());
            if !rule.recused_count {
                continue;
            }
        }
        heads_base += 1;
        weight_base = weight_base.saturating_add(entry.weight);
        if entry.present {
            heads_present += 1;
            weight_present = weight_present.saturating_add(entry.weight);
        }
    }
    quorum_from_counts(
        rule,
        heads_present,
        heads_base,
        weight_present,
        weight_base,
        recused,
    )
}

/// [`quorum_of`] from the counts alone: members and weight present and in the base, and the
/// recused members. Lets a meeting keep the counts up to date event by event instead of walking
/// every seat after each attendance change.
pub(crate) fn quorum_from_counts(
    rule: &QuorumRule,
    heads_present: usize,
    heads_base: usize,
    weight_present: Decimal,
    weight_base: Decimal,
    recused: Vec<String>,
) -> QuorumStatus {
    let heads_present = count_u32(heads_present);
    let heads_base = count_u32(heads_base);

    let heads_threshold = rule.share.saturating_mul(Decimal::from(heads_base));
    let heads_needed = min_heads(heads_threshold, rule.strict);
    let heads_met = reaches(Decimal::from(heads_present), heads_threshold, rule.strict);
    let weight_needed = rule.share.saturating_mul(weight_base);
    let weight_met = reaches(weight_present, weight_needed, rule.strict);

    let anyone = heads_present > 0;
    let met = anyone
        && match rule.by {
            QuorumBy::Head => heads_met,
            QuorumBy::Weight => weight_met,
            QuorumBy::HeadAndWeight => heads_met && weight_met,
            QuorumBy::HeadOrWeight => heads_met || weight_met,
        };

    // One buffer, written in place (formatting into a `String` cannot fail).
    let share_pct = share_percent(rule.share);
    let more_or_least = more_or_least(rule.strict);
    let mut explanation = String::with_capacity(160);
    let out = &mut explanation;
    let heads_text = |out: &mut String| {
        let _ = write!(out, "{heads_present} of {heads_base} members present");
        push_paren_percent(out, Decimal::from(heads_present), Decimal::from(heads_base));
        let _ = write!(
            out,
            ", needs {more_or_least} {share_pct} % (at least {heads_needed})"
        );
    };
    let weight_text = |out: &mut String| {
        let _ = write!(
            out,
            "{} of {} weight present",
            weight_present.normalize(),
            weight_base.normalize()
        );
        push_paren_percent(out, weight_present, weight_base);
        let _ = write!(out, ", needs {more_or_least} {share_pct} %");
    };
    out.push_str(if met {
        "quorum met: "
    } else {
        "quorum not met: "
    });
    match rule.by {
        QuorumBy::Head => heads_text(out),
        QuorumBy::Weight => weight_text(out),
        QuorumBy::HeadAndWeight => {
            heads_text(out);
            out.push_str("; and ");
            weight_text(out);
        }
        QuorumBy::HeadOrWeight => {
            heads_text(out);
            out.push_str("; or ");
            weight_text(out);
        }
    }
    if !anyone {
        out.push_str("; nobody counted is present");
    }
    if !recused.is_empty() {
        out.push_str(if rule.recused_count {
            "; recused, still counted toward quorum: "
        } else {
            "; recused, left out of the quorum: "
        });
        for (i, member) in recused.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(member);
        }
    }

    QuorumStatus {
        met,
        by: rule.by,
        share: rule.share,
        strict: rule.strict,
        recused_count: rule.recused_count,
        heads_present,
        heads_base,
        heads_needed,
        heads_met,
        weight_present,
        weight_base,
        weight_needed,
        weight_met,
        recused,
        explanation,
    }
}

/// One member of the board as seen for one item: its seat(s) merged with its presence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry<'a> {
    pub(crate) member: &'a str,
    pub(crate) weight: Decimal,
    pub(crate) present: bool,
    pub(crate) recused: bool,
}

/// Up to this many seats, members are matched by a linear scan (no index to build): cheaper
/// than a map for the boards this serves (a few dozen seats at most).
const SCAN_SEATS: usize = 32;

/// Merges seats (by member, in first-seen order, weights added) with presence entries
/// (present / recused if any entry says so; entries naming no seat are ignored).
pub(crate) fn roster<'a>(seats: &'a [Seat], presence: &[Presence]) -> Vec<Entry<'a>> {
    if seats.len() > SCAN_SEATS {
        return roster_indexed(seats, presence);
    }
    let mut entries = merge_seats(seats);
    for (i, p) in presence.iter().enumerate() {
        // Presence is usually given in seat order: try the same position first. Members are
        // unique among entries, so a match there is the member's entry.
        let at = if entries.get(i).is_some_and(|e| e.member == p.member) {
            Some(i)
        } else {
            entries.iter().position(|e| e.member == p.member)
        };
        if let Some(entry) = at.and_then(|i| entries.get_mut(i)) {
            entry.present |= p.present;
            entry.recused |= p.recused;
        }
    }
    entries
}

/// The roster for presence given seat by seat: `flags(seat)` says whether that seat's member is
/// present and whether it is recused. The same as [`roster`] with one presence entry per seat,
/// in seat order, without building the entries.
pub(crate) fn roster_by_seat<'a>(
    seats: &'a [Seat],
    mut flags: impl FnMut(&Seat) -> (bool, bool),
) -> Vec<Entry<'a>> {
    if seats.len() > SCAN_SEATS {
        let presence: Vec<Presence> = seats
            .iter()
            .map(|s| {
                let (present, recused) = flags(s);
                Presence {
                    member: s.member.clone(),
                    present,
                    recused,
                }
            })
            .collect();
        return roster_indexed(seats, &presence);
    }
    let mut entries: Vec<Entry<'a>> = Vec::with_capacity(seats.len());
    for seat in seats {
        let (present, recused) = flags(seat);
        match entries.iter_mut().find(|e| e.member == seat.member) {
            Some(entry) => {
                entry.weight = entry.weight.saturating_add(seat.weight);
                entry.present |= present;
                entry.recused |= recused;
            }
            None => entries.push(Entry {
                member: seat.member.as_str(),
                weight: seat.weight,
                present,
                recused,
            }),
        }
    }
    entries
}

/// Seats merged by member, in first-seen order, weights added (linear scan: few seats).
fn merge_seats(seats: &[Seat]) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry<'_>> = Vec::with_capacity(seats.len());
    for seat in seats {
        match entries.iter_mut().find(|e| e.member == seat.member) {
            Some(entry) => entry.weight = entry.weight.saturating_add(seat.weight),
            None => entries.push(Entry {
                member: seat.member.as_str(),
                weight: seat.weight,
                present: false,
                recused: false,
            }),
        }
    }
    entries
}

/// [`roster`] for many seats, with an index by member.
fn roster_indexed<'a>(seats: &'a [Seat], presence: &[Presence]) -> Vec<Entry<'a>> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut entries: Vec<Entry<'a>> = Vec::with_capacity(seats.len());
    for seat in seats {
        match index.get(seat.member.as_str()) {
            Some(&i) => {
                if let Some(entry) = entries.get_mut(i) {
                    entry.weight = entry.weight.saturating_add(seat.weight);
                }
            }
            None => {
                index.insert(seat.member.as_str(), entries.len());
                entries.push(Entry {
                    member: seat.member.as_str(),
                    weight: seat.weight,
                    present: false,
                    recused: false,
                });
            }
        }
    }
    for p in presence {
        if let Some(entry) = index
            .get(p.member.as_str())
            .and_then(|&i| entries.get_mut(i))
        {
            entry.present |= p.present;
            entry.recused |= p.recused;
        }
    }
    entries
}

/// `value > threshold` when strict, `value ≥ threshold` otherwise.
pub(crate) fn reaches(value: Decimal, threshold: Decimal, strict: bool) -> bool {
    if strict {
        value > threshold
    } else {
        value >= threshold
    }
}

/// The smallest whole head count reaching `threshold` (strict: more than; else at least).
pub(crate) fn min_heads(threshold: Decimal, strict: bool) -> u32 {
    if threshold < Decimal::ZERO {
        return 0;
    }
    let whole = if strict {
        threshold.floor().saturating_add(Decimal::ONE)
    } else {
        threshold.ceil()
    };
    whole.to_u32().unwrap_or(u32::MAX)
}

/// Converts a count to `u32`, saturating (a board never has four billion seats).
pub(crate) fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// "more than" for a strict threshold, "at least" for an inclusive one.
pub(crate) fn more_or_least(strict: bool) -> &'static str {
    if strict { "more than" } else { "at least" }
}

/// `num / den` as a percentage, exact, rounded half-up to at most 2 dp, trailing zeros trimmed.
///
/// `None` when `den` is not positive, `num` is negative, or the figures are too large.
pub(crate) fn percent(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den <= Decimal::ZERO || num < Decimal::ZERO {
        return None;
    }
    percent_small(num, den).or_else(|| percent_decimal(num, den))
}

/// [`percent`] in decimal arithmetic, for any figures (`0 ≤ num`, `0 < den`).
fn percent_decimal(num: Decimal, den: Decimal) -> Option<Decimal> {
    // Hundredths of a percent: r / den, rounded half-up. Take the floor quotient by division,
    // then correct it with exact multiplications so that no rounding in the division can leak.
    let r = num.checked_mul(Decimal::from(10_000))?;
    let mut q = r.checked_div(den)?.floor();
    while q > Decimal::ZERO && q.checked_mul(den)? > r {
        q -= Decimal::ONE;
    }
    while q.checked_add(Decimal::ONE)?.checked_mul(den)? <= r {
        q += Decimal::ONE;
    }
    let rem = r.checked_sub(q.checked_mul(den)?)?;
    if rem.checked_mul(Decimal::TWO)? >= den {
        q += Decimal::ONE;
    }
    Some((q / Decimal::ONE_HUNDRED).normalize())
}

/// [`percent`] in integers, for the usual figures: `0 ≤ num ≤ den`, both with at most 6
/// decimals and a mantissa below 2^50. There every step of the decimal computation is exact,
/// so this gives the same (mathematically exact) result; `None` leaves other figures to it.
fn percent_small(num: Decimal, den: Decimal) -> Option<Decimal> {
    const MAX_MANTISSA: i128 = 1 << 50;
    const MAX_SCALE: u32 = 6;
    if num.is_sign_negative() || den.is_sign_negative() || num > den {
        return None;
    }
    let (mn, sn, md, sd) = (num.mantissa(), num.scale(), den.mantissa(), den.scale());
    if mn >= MAX_MANTISSA || md >= MAX_MANTISSA || md <= 0 || sn > MAX_SCALE || sd > MAX_SCALE {
        return None;
    }
    // num / den = (mn × 10^sd) / (md × 10^sn); below 2^50 × 10^6 × 10^4 < 2^114.
    let r = mn.checked_mul(10i128.pow(sd))?.checked_mul(10_000)?;
    let d = md.checked_mul(10i128.pow(sn))?;
    let mut q = r / d;
    if (r % d) * 2 >= d {
        q += 1;
    }
    // num ≤ den, so q ≤ 10 000: hundredths of a percent.
    Some(Decimal::try_from_i128_with_scale(q, 2).ok()?.normalize())
}

/// Appends " (65 %)" or, when there is nothing to divide by, " (nothing in the base)".
pub(crate) fn push_paren_percent(out: &mut String, num: Decimal, den: Decimal) {
    match percent(num, den) {
        Some(p) => {
            let _ = write!(out, " ({p} %)");
        }
        None if den.is_zero() => out.push_str(" (nothing in the base)"),
        None => {}
    }
}

/// A share such as `0.5` as the percentage to write ("50"), rounded half-up to at most 2 dp,
/// without trailing zeros. Decimals are written normalised throughout ("61.5", "65", "0").
pub(crate) fn share_percent(share: Decimal) -> Decimal {
    match share.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => p
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
        None => share.normalize(),
    }
}

#[cfg(test)]
mod tests;
