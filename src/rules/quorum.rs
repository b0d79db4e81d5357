//! Quorum: is the board able to decide right now? (domain.md §2)
//!
//! Quorum is counted by head, by weight, or both, against a share of the seats in force. The
//! threshold is either inclusive ("at least half") or strict ("more than half", Bavaria KommZG
//! Art. 33). Whether a recused member still counts toward quorum is a setting.
//!
//! Everything here is a pure function of its inputs: exact [`Decimal`] arithmetic, no floats,
//! no locale, no clock, and output that does not depend on hash-map order.

use std::collections::BTreeMap;

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
    let roster = roster(seats, presence);
    let mut heads_present = 0usize;
    let mut heads_base = 0usize;
    let mut weight_present = Decimal::ZERO;
    let mut weight_base = Decimal::ZERO;
    let mut recused = Vec::new();
    for entry in &roster {
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

    let needs = format!(
        "needs {} {} %",
        more_or_least(rule.strict),
        pct_of_share(rule.share)
    );
    let heads_text = format!(
        "{} of {} members present{}, {} (at least {})",
        heads_present,
        heads_base,
        paren_percent(Decimal::from(heads_present), Decimal::from(heads_base)),
        needs,
        heads_needed
    );
    let weight_text = format!(
        "{} of {} weight present{}, {}",
        fmt_dec(weight_present),
        fmt_dec(weight_base),
        paren_percent(weight_present, weight_base),
        needs
    );
    let mut explanation = format!("quorum {}: ", if met { "met" } else { "not met" });
    match rule.by {
        QuorumBy::Head => explanation.push_str(&heads_text),
        QuorumBy::Weight => explanation.push_str(&weight_text),
        QuorumBy::HeadAndWeight => {
            explanation.push_str(&heads_text);
            explanation.push_str("; and ");
            explanation.push_str(&weight_text);
        }
        QuorumBy::HeadOrWeight => {
            explanation.push_str(&heads_text);
            explanation.push_str("; or ");
            explanation.push_str(&weight_text);
        }
    }
    if !anyone {
        explanation.push_str("; nobody counted is present");
    }
    if !recused.is_empty() {
        explanation.push_str(if rule.recused_count {
            "; recused, still counted toward quorum: "
        } else {
            "; recused, left out of the quorum: "
        });
        explanation.push_str(&recused.join(", "));
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

/// Merges seats (by member, in first-seen order, weights added) with presence entries
/// (present / recused if any entry says so; entries naming no seat are ignored).
pub(crate) fn roster<'a>(seats: &'a [Seat], presence: &[Presence]) -> Vec<Entry<'a>> {
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

/// A decimal for people: no trailing zeros ("61.5", "65", "0").
pub(crate) fn fmt_dec(value: Decimal) -> String {
    value.normalize().to_string()
}

/// `num / den` as a percentage, exact, rounded half-up to at most 2 dp, trailing zeros trimmed.
///
/// `None` when `den` is not positive, `num` is negative, or the figures are too large.
pub(crate) fn percent(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den <= Decimal::ZERO || num < Decimal::ZERO {
        return None;
    }
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

/// " (65 %)" or, when there is nothing to divide by, " (nothing in the base)".
pub(crate) fn paren_percent(num: Decimal, den: Decimal) -> String {
    match percent(num, den) {
        Some(p) => format!(" ({p} %)"),
        None if den.is_zero() => " (nothing in the base)".to_string(),
        None => String::new(),
    }
}

/// A share such as `0.5` written as a percentage ("50"), rounded half-up to at most 2 dp.
pub(crate) fn pct_of_share(share: Decimal) -> String {
    match share.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => fmt_dec(p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)),
        None => fmt_dec(share),
    }
}

#[cfg(test)]
mod tests;
