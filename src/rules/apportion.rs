//! Vote apportionment: turning a dated population or contribution table into whole votes
//! (docs/domain.md §1, SANDAG style, Cal. Pub. Util. Code §132351.2).
//!
//! The method, exactly as [`apportion`] applies it:
//!
//! 1. **Cap.** A member whose pro-rata share of the votes still to be shared reaches the cap gets
//!    the cap. The others share what remains pro rata; this repeats until no further member reaches
//!    the cap.
//! 2. **Round down.** Every other member gets the whole part of its pro-rata share.
//! 3. **Minimum.** A member whose whole part is below the minimum is raised to the minimum.
//! 4. **Shortfall or excess.** If the votes now add up to less than the total, the missing votes go
//!    one each to the members with the largest fractional parts; if they add up to more, the
//!    surplus is taken one each from the members with the smallest fractional parts, never below
//!    the minimum. Members capped in step 1 or raised in step 3 take no part in this step, except
//!    that, as a last resort when every other member is already at the minimum, capped members give
//!    up votes (they then still respect the cap and the minimum).
//!
//! Ties between equal fractional parts are broken in a fixed order: the larger figure first, then
//! the member id in byte order. "First" means first to receive a missing vote and last to give up a
//! surplus vote, so a larger figure never ends with fewer votes than a smaller one.
//!
//! All arithmetic is exact: figures are turned into integers on a common decimal scale and
//! fractional parts are compared as integer remainders over a common denominator.

use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use thiserror::Error;

/// Why votes could not be apportioned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApportionError {
    /// The table has no members.
    #[error("there are no members to share the votes among")]
    Empty,
    /// A figure is zero or negative.
    #[error(
        "member `{id}` has the figure {figure}; every population or contribution figure must be greater than zero"
    )]
    NonPositiveFigure {
        /// The member concerned.
        id: String,
        /// The figure as given.
        figure: Decimal,
    },
    /// The same member appears twice in the table.
    #[error("member `{id}` is listed more than once in the table")]
    DuplicateMember {
        /// The member listed twice.
        id: String,
    },
    /// The minimum cannot be given to every member within the total.
    #[error(
        "{members} members with at least {minimum} votes each need {needed} votes, more than the total of {total}"
    )]
    MinimumTooHigh {
        /// Number of members.
        members: usize,
        /// Minimum votes per member.
        minimum: u32,
        /// Votes the minimum alone requires.
        needed: u64,
        /// Total votes to apportion.
        total: u32,
    },
    /// The cap is too low for the members to hold the total between them.
    #[error(
        "{members} members with at most {cap} votes each can hold only {available} votes, fewer than the total of {total}"
    )]
    CapTooLow {
        /// Number of members.
        members: usize,
        /// Maximum votes per member.
        cap: u32,
        /// Votes the members can hold at most.
        available: u64,
        /// Total votes to apportion.
        total: u32,
    },
    /// The cap is below the minimum.
    #[error("the cap of {cap} votes is below the minimum of {minimum} votes per member")]
    CapBelowMinimum {
        /// Maximum votes per member.
        cap: u32,
        /// Minimum votes per member.
        minimum: u32,
    },
    /// The total to share is negative (only [`proportional_shares`] takes a decimal total).
    #[error("the total to share is {total}; it must not be negative")]
    NegativeTotal {
        /// The total as given.
        total: Decimal,
    },
    /// The figures are too large (or have too many decimal places) to compute exactly.
    #[error(
        "the figures are too large or have too many decimal places to be apportioned exactly; round them to fewer decimal places"
    )]
    FiguresTooLarge,
}

/// How a member's votes were arrived at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareBasis {
    /// The member's pro-rata share reached the cap.
    Capped,
    /// The member's share was below the minimum and was raised to it.
    RaisedToMinimum,
    /// The whole part of the member's pro-rata share, possibly adjusted by a vote or more.
    Rounded,
}

/// One member's line in an [`Apportionment`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberShare {
    /// Member id.
    pub id: String,
    /// The population or contribution figure.
    pub figure: Decimal,
    /// The pro-rata share that decided this member's votes (for a capped member: its share when
    /// it reached the cap; for the others: its share of the votes left after capping), rounded
    /// half-up to 4 decimal places for display only.
    pub share: Decimal,
    /// How the votes were arrived at.
    pub basis: ShareBasis,
    /// Votes added (positive) or taken away (negative) in the shortfall/excess step.
    pub adjustment: i64,
    /// Final whole votes.
    pub votes: u32,
}

/// The full result of [`apportion_detailed`]: every member's votes and how they were reached.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Apportionment {
    /// Total votes apportioned.
    pub total: u32,
    /// Minimum votes per member.
    pub minimum: u32,
    /// Maximum votes per member, if any.
    pub cap: Option<u32>,
    /// One line per member, in input order.
    pub members: Vec<MemberShare>,
}

impl Apportionment {
    /// The votes as `(id, votes)` pairs in input order.
    pub fn votes(&self) -> Vec<(String, u32)> {
        self.members
            .iter()
            .map(|m| (m.id.clone(), m.votes))
            .collect()
    }

    /// A plain-text explanation, one line per member, for the minutes or the weight record.
    /// Deterministic: it depends only on the inputs.
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        let cap = match self.cap {
            Some(c) => format!("cap {c}"),
            None => "no cap".to_string(),
        };
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{} votes apportioned pro rata among {} members (minimum {}, {cap}):",
            self.total,
            self.members.len(),
            self.minimum
        );
        for m in &self.members {
            let how = match m.basis {
                ShareBasis::Capped => format!("pro-rata share {} reaches the cap", m.share),
                ShareBasis::RaisedToMinimum => {
                    format!("pro-rata share {} raised to the minimum", m.share)
                }
                ShareBasis::Rounded => format!("pro-rata share {}", m.share),
            };
            let adj = match m.adjustment.cmp(&0) {
                Ordering::Greater => format!(", {:+} for a large fractional part", m.adjustment),
                Ordering::Less => {
                    format!(", {} to bring the sum back to the total", m.adjustment)
                }
                Ordering::Equal => String::new(),
            };
            let _ = writeln!(
                out,
                "- {}: {} (figure {}; {how}{adj})",
                m.id,
                votes_text(m.votes),
                m.figure
            );
        }
        out
    }
}

fn votes_text(n: u32) -> String {
    if n == 1 {
        "1 vote".to_string()
    } else {
        format!("{n} votes")
    }
}

/// Apportions `total` whole votes among members in proportion to their figures (population or
/// contribution), with a per-member `minimum` and an optional `cap`; see the module docs for the
/// exact method. The votes always add up to `total`, every member gets at least `minimum` and at
/// most `cap`, and a larger figure never gets fewer votes than a smaller one.
///
/// The result is in input order.
///
/// # Errors
/// An empty table, a duplicate member, a zero or negative figure, an infeasible total
/// (`members × minimum > total`, `members × cap < total`, `cap < minimum`), or figures too large to
/// compute exactly.
///
/// # Example
/// ```
/// use procboard::rules::apportion::apportion;
/// use rust_decimal::Decimal;
/// let pop = |id: &str, n: i64| (id.to_string(), Decimal::from(n));
/// let figures = [pop("A", 1_500_000), pop("B", 900_000), pop("C", 500_000),
///                pop("D", 300_000), pop("E", 100_000), pop("F", 20_000)];
/// let votes = apportion(&figures, 100, 1, Some(40)).unwrap();
/// let v: Vec<u32> = votes.iter().map(|(_, v)| *v).collect();
/// assert_eq!(v, [40, 30, 16, 10, 3, 1]);
/// ```
pub fn apportion(
    figures: &[(String, Decimal)],
    total: u32,
    minimum: u32,
    cap: Option<u32>,
) -> Result<Vec<(String, u32)>, ApportionError> {
    apportion_detailed(figures, total, minimum, cap).map(|a| a.votes())
}

/// Like [`apportion`], but returns how each member's votes were reached (for the weight record
/// and the minutes).
///
/// # Errors
/// As [`apportion`].
pub fn apportion_detailed(
    figures: &[(String, Decimal)],
    total: u32,
    minimum: u32,
    cap: Option<u32>,
) -> Result<Apportionment, ApportionError> {
    validate(figures, total, minimum, cap)?;
    let ints = to_integers(figures.iter().map(|(_, f)| *f))?;
    let n = figures.len();
    let total64 = u64::from(total);

    // Step 1: cap, iterating until nobody else reaches it.
    let (capped, decided, remaining) = cap_step(&ints, cap, total64)?;
    // Step 2 and 3: whole parts of the shares of the rest, raised to the minimum.
    let mut s = whole_parts(&ints, cap, minimum, remaining, capped, decided)?;

    // Step 4: shortfall or excess.
    let sum: u64 = s.votes.iter().sum();
    match sum.cmp(&total64) {
        Ordering::Less => s.give_shortfall(figures, &ints, cap, total, total64 - sum)?,
        Ordering::Greater => s.take_excess(figures, &ints, minimum, total, sum - total64)?,
        Ordering::Equal => {}
    }

    let mut members = Vec::with_capacity(n);
    for (i, (id, figure)) in figures.iter().enumerate() {
        let share = match s.decided[i] {
            Some((num, den)) => ratio_to_decimal(num, den, 4)?,
            None => Decimal::ZERO,
        };
        members.push(MemberShare {
            id: id.clone(),
            figure: *figure,
            share,
            basis: s.basis[i],
            adjustment: s.adjustment[i],
            // Every vote count is between the minimum and the cap or total, both u32.
            votes: u32::try_from(s.votes[i]).map_err(|_| ApportionError::FiguresTooLarge)?,
        });
    }
    Ok(Apportionment {
        total,
        minimum,
        cap,
        members,
    })
}

/// Step 1 of [`apportion_detailed`]: caps every member whose share of what remains reaches
/// the cap, again until nobody else does. Returns who is capped, for display the share
/// (numerator, denominator) that decided each capped member, and the votes left for the rest.
fn cap_step(
    ints: &[u128],
    cap: Option<u32>,
    total64: u64,
) -> Result<(Vec<bool>, Decided, u64), ApportionError> {
    let n = ints.len();
    let mut capped = vec![false; n];
    // For display: (numerator, denominator) of the share that decided each capped member.
    let mut decided: Decided = vec![None; n];
    let mut remaining = total64;
    if let Some(cap) = cap {
        let cap128 = u128::from(cap);
        loop {
            let sum = checked_sum(
                ints.iter()
                    .zip(&capped)
                    .filter(|(_, c)| !**c)
                    .map(|(f, _)| *f),
            )?;
            if sum == 0 {
                break;
            }
            let cap_times_sum = cap128
                .checked_mul(sum)
                .ok_or(ApportionError::FiguresTooLarge)?;
            let mut newly = Vec::new();
            for i in (0..n).filter(|&i| !capped[i]) {
                let num = u128::from(remaining)
                    .checked_mul(ints[i])
                    .ok_or(ApportionError::FiguresTooLarge)?;
                if num >= cap_times_sum {
                    newly.push(i);
                    decided[i] = Some((num, sum));
                }
            }
            if newly.is_empty() {
                break;
            }
            for &i in &newly {
                capped[i] = true;
            }
            // Members reaching the cap each hold a share >= cap of `remaining`, so their caps
            // together never exceed it; saturate anyway rather than assume.
            remaining = remaining.saturating_sub(u64::from(cap) * newly.len() as u64);
        }
    }
    Ok((capped, decided, remaining))
}

/// For each member, the share (numerator, denominator) that decided its votes, for display.
type Decided = Vec<Option<(u128, u128)>>;

/// An apportionment between its steps, one entry per member in the order of the figures.
struct Steps {
    capped: Vec<bool>,
    /// (numerator, denominator) of the share that decided each member, for display.
    decided: Decided,
    votes: Vec<u64>,
    /// The remainder of each uncapped member's share (its fractional part, over the
    /// denominator).
    rem: Vec<u128>,
    basis: Vec<ShareBasis>,
    adjustment: Vec<i64>,
}

/// Steps 2 and 3 of [`apportion_detailed`]: capped members get the cap; the others the whole
/// part of their share of `remaining`, raised to the minimum.
fn whole_parts(
    ints: &[u128],
    cap: Option<u32>,
    minimum: u32,
    remaining: u64,
    capped: Vec<bool>,
    mut decided: Decided,
) -> Result<Steps, ApportionError> {
    let n = ints.len();
    let min64 = u64::from(minimum);
    let den = checked_sum(
        ints.iter()
            .zip(&capped)
            .filter(|(_, c)| !**c)
            .map(|(f, _)| *f),
    )?;
    let mut votes = vec![0u64; n];
    let mut rem = vec![0u128; n];
    let mut basis = vec![ShareBasis::Rounded; n];
    for i in 0..n {
        if capped[i] {
            votes[i] = cap.map_or(0, u64::from);
            basis[i] = ShareBasis::Capped;
            continue;
        }
        // `den > 0` here: member i itself is uncapped and has a positive figure.
        let num = u128::from(remaining)
            .checked_mul(ints[i])
            .ok_or(ApportionError::FiguresTooLarge)?;
        decided[i] = Some((num, den));
        let whole = num / den;
        rem[i] = num % den;
        // whole <= remaining <= u32::MAX, so the conversion cannot fail.
        let whole = u64::try_from(whole).map_err(|_| ApportionError::FiguresTooLarge)?;
        if whole < min64 {
            votes[i] = min64;
            basis[i] = ShareBasis::RaisedToMinimum;
        } else {
            votes[i] = whole;
        }
    }
    Ok(Steps {
        capped,
        decided,
        votes,
        rem,
        basis,
        adjustment: vec![0i64; n],
    })
}

impl Steps {
    /// The members whose votes are their rounded share (neither capped nor raised).
    fn rounded(&self) -> Vec<usize> {
        (0..self.votes.len())
            .filter(|&i| self.basis[i] == ShareBasis::Rounded)
            .collect()
    }

    /// Step 4, a shortfall of `short` votes: given in rounds to the rounded members, largest
    /// fractional part first, then larger figure, then id, never past the cap.
    fn give_shortfall(
        &mut self,
        figures: &[(String, Decimal)],
        ints: &[u128],
        cap: Option<u32>,
        total: u32,
        short: u64,
    ) -> Result<(), ApportionError> {
        let n = self.votes.len();
        let mut order = self.rounded();
        let rem = &self.rem;
        // Largest fractional part first, then larger figure, then id.
        order.sort_by(|&a, &b| {
            rem[b]
                .cmp(&rem[a])
                .then(ints[b].cmp(&ints[a]))
                .then(figures[a].0.cmp(&figures[b].0))
        });
        let caps: Vec<u64> = order
            .iter()
            .map(|&i| cap.map_or(u64::MAX, |c| u64::from(c).saturating_sub(self.votes[i])))
            .collect();
        let (given, left) = in_rounds(&caps, short);
        if left > 0 {
            // Cannot happen: the shortfall is below the number of members with a positive
            // fractional part, each of which is below the cap. Reported rather than assumed.
            return Err(ApportionError::CapTooLow {
                members: n,
                cap: cap.unwrap_or(u32::MAX),
                available: u64::from(total) - left,
                total,
            });
        }
        for (k, &i) in order.iter().enumerate() {
            self.votes[i] += given[k];
            self.adjustment[i] += given[k] as i64;
        }
        Ok(())
    }

    /// Step 4, an excess of `excess` votes: taken in rounds from the rounded members (the
    /// reverse of the shortfall's priority), then if need be from capped members, smaller
    /// figure first, never below the minimum.
    fn take_excess(
        &mut self,
        figures: &[(String, Decimal)],
        ints: &[u128],
        minimum: u32,
        total: u32,
        mut excess: u64,
    ) -> Result<(), ApportionError> {
        let n = self.votes.len();
        let min64 = u64::from(minimum);
        let mut order = self.rounded();
        let rem = &self.rem;
        // Smallest fractional part first, then smaller figure, then id in reverse: exactly
        // the reverse of the priority used for a shortfall.
        order.sort_by(|&a, &b| {
            rem[a]
                .cmp(&rem[b])
                .then(ints[a].cmp(&ints[b]))
                .then(figures[b].0.cmp(&figures[a].0))
        });
        let room: Vec<u64> = order
            .iter()
            .map(|&i| self.votes[i].saturating_sub(min64))
            .collect();
        let (taken, left) = in_rounds(&room, excess);
        for (k, &i) in order.iter().enumerate() {
            self.votes[i] -= taken[k];
            self.adjustment[i] -= taken[k] as i64;
        }
        excess = left;
        if excess > 0 {
            // Last resort: capped members give up votes, smaller figure first.
            let mut order: Vec<usize> = (0..n).filter(|&i| self.capped[i]).collect();
            order.sort_by(|&a, &b| ints[a].cmp(&ints[b]).then(figures[b].0.cmp(&figures[a].0)));
            let room: Vec<u64> = order
                .iter()
                .map(|&i| self.votes[i].saturating_sub(min64))
                .collect();
            let (taken, left) = in_rounds(&room, excess);
            if left > 0 {
                // Cannot happen once `members × minimum <= total` was checked.
                return Err(ApportionError::MinimumTooHigh {
                    members: n,
                    minimum,
                    needed: min64 * n as u64,
                    total,
                });
            }
            for (k, &i) in order.iter().enumerate() {
                self.votes[i] -= taken[k];
                self.adjustment[i] -= taken[k] as i64;
            }
        }
        Ok(())
    }
}

/// Exact pro-rata shares of `total`: member i gets `total × figure_i / Σ figures`, correctly
/// rounded half-up (half away from zero) to `decimal_places` places (at most 28). Shares are
/// rounded independently, so they may not add up to `total` exactly; use [`apportion`] for whole
/// votes that must.
///
/// # Errors
/// An empty table, a duplicate member, a zero or negative figure, a negative total, or numbers
/// too large to compute exactly.
pub fn proportional_shares(
    figures: &[(String, Decimal)],
    total: Decimal,
    decimal_places: u32,
) -> Result<Vec<(String, Decimal)>, ApportionError> {
    validate_table(figures)?;
    if total.is_sign_negative() && !total.is_zero() {
        return Err(ApportionError::NegativeTotal { total });
    }
    let dp = decimal_places.min(28);
    let ints = to_integers(figures.iter().map(|(_, f)| *f))?;
    let sum = checked_sum(ints.iter().copied())?;
    let t = total.normalize();
    let t_mantissa = u128::try_from(t.mantissa()).map_err(|_| ApportionError::FiguresTooLarge)?;
    // share = t_mantissa × f / (10^t_scale × sum), scaled by 10^dp before rounding.
    let den = pow10(t.scale())
        .and_then(|p| p.checked_mul(sum))
        .ok_or(ApportionError::FiguresTooLarge)?;
    let scale = pow10(dp).ok_or(ApportionError::FiguresTooLarge)?;
    figures
        .iter()
        .zip(&ints)
        .map(|((id, _), &f)| {
            let num = t_mantissa
                .checked_mul(f)
                .and_then(|x| x.checked_mul(scale))
                .ok_or(ApportionError::FiguresTooLarge)?;
            let q = round_half_up(num, den);
            let q = i128::try_from(q).map_err(|_| ApportionError::FiguresTooLarge)?;
            let d = Decimal::try_from_i128_with_scale(q, dp)
                .map_err(|_| ApportionError::FiguresTooLarge)?;
            Ok((id.clone(), d))
        })
        .collect()
}

fn validate_table(figures: &[(String, Decimal)]) -> Result<(), ApportionError> {
    if figures.is_empty() {
        return Err(ApportionError::Empty);
    }
    let mut seen = BTreeSet::new();
    for (id, figure) in figures {
        if !seen.insert(id.as_str()) {
            return Err(ApportionError::DuplicateMember { id: id.clone() });
        }
        if *figure <= Decimal::ZERO {
            return Err(ApportionError::NonPositiveFigure {
                id: id.clone(),
                figure: *figure,
            });
        }
    }
    Ok(())
}

fn validate(
    figures: &[(String, Decimal)],
    total: u32,
    minimum: u32,
    cap: Option<u32>,
) -> Result<(), ApportionError> {
    validate_table(figures)?;
    let n = figures.len();
    let needed = u64::from(minimum) * n as u64;
    if needed > u64::from(total) {
        return Err(ApportionError::MinimumTooHigh {
            members: n,
            minimum,
            needed,
            total,
        });
    }
    if let Some(cap) = cap {
        if cap < minimum {
            return Err(ApportionError::CapBelowMinimum { cap, minimum });
        }
        let available = u64::from(cap) * n as u64;
        if available < u64::from(total) {
            return Err(ApportionError::CapTooLow {
                members: n,
                cap,
                available,
                total,
            });
        }
    }
    Ok(())
}

/// Turns positive decimals into integers on a common scale (exact).
fn to_integers(
    figures: impl Iterator<Item = Decimal> + Clone,
) -> Result<Vec<u128>, ApportionError> {
    let scale = figures
        .clone()
        .map(|f| f.normalize().scale())
        .max()
        .unwrap_or(0);
    figures
        .map(|f| {
            let f = f.normalize();
            let m = u128::try_from(f.mantissa()).map_err(|_| ApportionError::FiguresTooLarge)?;
            pow10(scale - f.scale())
                .and_then(|p| p.checked_mul(m))
                .ok_or(ApportionError::FiguresTooLarge)
        })
        .collect()
}

fn checked_sum(mut values: impl Iterator<Item = u128>) -> Result<u128, ApportionError> {
    values.try_fold(0u128, |acc, v| {
        acc.checked_add(v).ok_or(ApportionError::FiguresTooLarge)
    })
}

fn pow10(exp: u32) -> Option<u128> {
    10u128.checked_pow(exp)
}

/// `round(num / den)` half-up, for `den > 0`.
fn round_half_up(num: u128, den: u128) -> u128 {
    let q = num / den;
    let r = num % den;
    // r >= den - r  <=>  2r >= den, written without overflow.
    if r >= den - r { q + 1 } else { q }
}

/// `num / den` as a decimal rounded half-up to `dp` places.
fn ratio_to_decimal(num: u128, den: u128, dp: u32) -> Result<Decimal, ApportionError> {
    let whole = num / den;
    let mut rem = num % den;
    let mut digits: u128 = 0;
    for _ in 0..dp {
        rem = rem.checked_mul(10).ok_or(ApportionError::FiguresTooLarge)?;
        digits = digits * 10 + rem / den;
        rem %= den;
    }
    let mut scaled = whole
        .checked_mul(pow10(dp).ok_or(ApportionError::FiguresTooLarge)?)
        .and_then(|w| w.checked_add(digits))
        .ok_or(ApportionError::FiguresTooLarge)?;
    if rem >= den - rem {
        scaled += 1;
    }
    let scaled = i128::try_from(scaled).map_err(|_| ApportionError::FiguresTooLarge)?;
    Decimal::try_from_i128_with_scale(scaled, dp).map_err(|_| ApportionError::FiguresTooLarge)
}

/// Hands out `amount` single units to candidates in rounds: each round gives one unit to every
/// candidate that still has capacity, in the given order, until the amount runs out. Returns the
/// units per candidate and the amount that could not be placed. Computed in bulk, so large
/// amounts cost no more than small ones.
fn in_rounds(capacity: &[u64], amount: u64) -> (Vec<u64>, u64) {
    let filled =
        |rounds: u64| -> u128 { capacity.iter().map(|&c| u128::from(c.min(rounds))).sum() };
    let max = capacity.iter().copied().max().unwrap_or(0);
    // Largest number of full rounds whose units fit in `amount`.
    let (mut lo, mut hi) = (0u64, max);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if filled(mid) <= u128::from(amount) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let rounds = lo;
    let mut given: Vec<u64> = capacity.iter().map(|&c| c.min(rounds)).collect();
    // filled(rounds) <= amount by construction.
    let mut left = amount - given.iter().sum::<u64>();
    for (g, &c) in given.iter_mut().zip(capacity) {
        if left == 0 {
            break;
        }
        if c > rounds {
            *g += 1;
            left -= 1;
        }
    }
    (given, left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn table(rows: &[(&str, Decimal)]) -> Vec<(String, Decimal)> {
        rows.iter().map(|(id, f)| (id.to_string(), *f)).collect()
    }

    fn sandag() -> Vec<(String, Decimal)> {
        table(&[
            ("A", dec!(1500000)),
            ("B", dec!(900000)),
            ("C", dec!(500000)),
            ("D", dec!(300000)),
            ("E", dec!(100000)),
            ("F", dec!(20000)),
        ])
    }

    fn only_votes(v: &[(String, u32)]) -> Vec<u32> {
        v.iter().map(|(_, v)| *v).collect()
    }

    #[test]
    fn sandag_worked_example() {
        let v = apportion(&sandag(), 100, 1, Some(40)).unwrap();
        assert_eq!(
            v,
            vec![
                ("A".to_string(), 40),
                ("B".to_string(), 30),
                ("C".to_string(), 16),
                ("D".to_string(), 10),
                ("E".to_string(), 3),
                ("F".to_string(), 1),
            ]
        );
    }

    #[test]
    fn sandag_detail_and_explanation() {
        let a = apportion_detailed(&sandag(), 100, 1, Some(40)).unwrap();
        let basis: Vec<ShareBasis> = a.members.iter().map(|m| m.basis).collect();
        assert_eq!(
            basis,
            [
                ShareBasis::Capped,
                ShareBasis::Rounded,
                ShareBasis::Rounded,
                ShareBasis::Rounded,
                ShareBasis::Rounded,
                ShareBasis::RaisedToMinimum
            ]
        );
        let adj: Vec<i64> = a.members.iter().map(|m| m.adjustment).collect();
        assert_eq!(adj, [0, 1, 0, 1, 0, 0]);
        // A: 100 × 1.5M / 3.32M = 45.1807; B: 60 × 900k / 1.82M = 29.6703; F: 0.6593.
        assert_eq!(a.members[0].share, dec!(45.1807));
        assert_eq!(a.members[1].share, dec!(29.6703));
        assert_eq!(a.members[5].share, dec!(0.6593));
        let text = a.explanation();
        assert!(
            text.starts_with(
                "100 votes apportioned pro rata among 6 members (minimum 1, cap 40):\n"
            )
        );
        assert!(
            text.contains("- A: 40 votes (figure 1500000; pro-rata share 45.1807 reaches the cap)")
        );
        assert!(text.contains(
            "- B: 30 votes (figure 900000; pro-rata share 29.6703, +1 for a large fractional part)"
        ));
        assert!(
            text.contains(
                "- F: 1 vote (figure 20000; pro-rata share 0.6593 raised to the minimum)"
            )
        );
        assert_eq!(
            text,
            apportion_detailed(&sandag(), 100, 1, Some(40))
                .unwrap()
                .explanation()
        );
    }

    #[test]
    fn input_order_is_kept() {
        let mut t = sandag();
        t.reverse();
        let v = apportion(&t, 100, 1, Some(40)).unwrap();
        assert_eq!(only_votes(&v), [1, 3, 10, 16, 30, 40]);
        assert_eq!(v[0].0, "F");
    }

    #[test]
    fn iterated_cap() {
        // A has 50 % (capped at 30 of 100); of the remaining 70, B's share 70 × 30/50 = 42 ≥ 30
        // so B is capped too; C and D share 40: 40 × 12/20 = 24, 16.
        let t = table(&[
            ("A", dec!(50)),
            ("B", dec!(30)),
            ("C", dec!(12)),
            ("D", dec!(8)),
        ]);
        let a = apportion_detailed(&t, 100, 1, Some(30)).unwrap();
        assert_eq!(only_votes(&a.votes()), [30, 30, 24, 16]);
        assert_eq!(a.members[1].basis, ShareBasis::Capped);
    }

    #[test]
    fn no_cap_plain_largest_remainder() {
        // Quotas 10 × 5/9 = 5.556, 10 × 3/9 = 3.333, 10 × 1/9 = 1.111: floors 5,3,1 → +1 to A.
        let t = table(&[("A", dec!(5)), ("B", dec!(3)), ("C", dec!(1))]);
        assert_eq!(only_votes(&apportion(&t, 10, 0, None).unwrap()), [6, 3, 1]);
    }

    #[test]
    fn excess_is_taken_from_smallest_fractional_parts() {
        // Total 10, min 1. Quotas: A 10×60/100 = 6.0, B 10×39/100 = 3.9, C,D... tiny.
        // Floors 6, 3; C and D raised to 1 each → 11, excess 1, taken from A (fraction .0).
        let t = table(&[
            ("A", dec!(60)),
            ("B", dec!(39)),
            ("C", dec!(0.5)),
            ("D", dec!(0.5)),
        ]);
        let a = apportion_detailed(&t, 10, 1, None).unwrap();
        assert_eq!(only_votes(&a.votes()), [5, 3, 1, 1]);
        assert_eq!(a.members[0].adjustment, -1);
    }

    #[test]
    fn large_excess_taken_in_rounds_never_below_minimum() {
        // Total 10, min 1: the big member's quota 9.17 floors to 9; nine tiny members raised to
        // 1 each → 18, excess 8, all from the big member.
        let mut rows = vec![("big".to_string(), dec!(100))];
        for i in 0..9 {
            rows.push((format!("t{i}"), dec!(1)));
        }
        let v = apportion(&rows, 10, 1, None).unwrap();
        assert_eq!(only_votes(&v), [1; 10]);
    }

    #[test]
    fn capped_members_give_up_votes_as_last_resort() {
        // Two large members reach the cap of 4; the third must get the minimum 3: 4+4+3 = 11 > 10.
        // Every rounded member is at the minimum, so a capped member gives one up; with equal
        // figures the id decides (the later id gives it up).
        let t = table(&[("X", dec!(100)), ("Y", dec!(100)), ("Z", dec!(1))]);
        let v = apportion(&t, 10, 3, Some(4)).unwrap();
        assert_eq!(only_votes(&v), [4, 3, 3]);
    }

    #[test]
    fn ties_broken_by_larger_figure_then_id() {
        // Equal figures 1 and 1 with total 1: both quotas are 0.5, so the id decides ("a").
        let t = table(&[("b", dec!(1)), ("a", dec!(1))]);
        assert_eq!(only_votes(&apportion(&t, 1, 0, None).unwrap()), [0, 1]);
        // Iterated cap: 2 × 3/4 = 1.5 reaches the cap of 1; then b's share of the remaining 1
        // vote is 1 × 1/1 = 1, which reaches it too.
        let t = table(&[("a", dec!(3)), ("b", dec!(1))]);
        assert_eq!(only_votes(&apportion(&t, 2, 0, Some(1)).unwrap()), [1, 1]);
    }

    #[test]
    fn equal_fractional_parts_prefer_the_larger_figure() {
        // Total 2, figures 3 and 1: quotas 1.5 and 0.5, floors 1 and 0, equal fractions .5;
        // the missing vote goes to the larger figure.
        let t = table(&[("small", dec!(1)), ("large", dec!(3))]);
        assert_eq!(only_votes(&apportion(&t, 2, 0, None).unwrap()), [0, 2]);
    }

    #[test]
    fn decimal_figures_are_exact() {
        // Contributions with cents: 0.1 + 0.2 vs 0.3 must compare exactly.
        let t = table(&[("A", dec!(0.10)), ("B", dec!(0.2)), ("C", dec!(0.30))]);
        // total 6: quotas 1, 2, 3 exactly.
        assert_eq!(only_votes(&apportion(&t, 6, 0, None).unwrap()), [1, 2, 3]);
    }

    #[test]
    fn errors() {
        assert_eq!(apportion(&[], 10, 0, None), Err(ApportionError::Empty));
        let t = table(&[("A", dec!(1)), ("B", dec!(0))]);
        assert!(matches!(
            apportion(&t, 10, 0, None),
            Err(ApportionError::NonPositiveFigure { ref id, .. }) if id == "B"
        ));
        let t = table(&[("A", dec!(1)), ("B", dec!(-5))]);
        assert!(matches!(
            apportion(&t, 10, 0, None),
            Err(ApportionError::NonPositiveFigure { .. })
        ));
        let t = table(&[("A", dec!(1)), ("A", dec!(2))]);
        assert_eq!(
            apportion(&t, 10, 0, None),
            Err(ApportionError::DuplicateMember { id: "A".into() })
        );
        let t = table(&[("A", dec!(1)), ("B", dec!(2)), ("C", dec!(2))]);
        let e = apportion(&t, 5, 2, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "3 members with at least 2 votes each need 6 votes, more than the total of 5"
        );
        let e = apportion(&t, 100, 1, Some(33)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "3 members with at most 33 votes each can hold only 99 votes, fewer than the total of 100"
        );
        assert_eq!(
            apportion(&t, 9, 3, Some(2)),
            Err(ApportionError::CapBelowMinimum { cap: 2, minimum: 3 })
        );
    }

    #[test]
    fn proportional_shares_are_correctly_rounded() {
        let s = proportional_shares(&sandag(), dec!(100), 2).unwrap();
        let v: Vec<Decimal> = s.iter().map(|(_, d)| *d).collect();
        // 100 × 1.5/3.32 = 45.180722..., 900/3320 = 27.108433..., 15.060240..., 9.036144...,
        // 3.012048..., 0.602409...
        assert_eq!(
            v,
            [
                dec!(45.18),
                dec!(27.11),
                dec!(15.06),
                dec!(9.04),
                dec!(3.01),
                dec!(0.60)
            ]
        );
        // Exactly half rounds up.
        let t = table(&[("A", dec!(1)), ("B", dec!(7))]);
        let s = proportional_shares(&t, dec!(1), 4).unwrap();
        assert_eq!(s[0].1, dec!(0.1250));
        let s = proportional_shares(&t, dec!(1), 2).unwrap();
        assert_eq!(s[0].1, dec!(0.13));
        assert_eq!(
            proportional_shares(&t, dec!(-1), 2),
            Err(ApportionError::NegativeTotal { total: dec!(-1) })
        );
    }

    #[test]
    fn in_rounds_matches_one_at_a_time() {
        let caps = [3, 0, 5, 1, 2];
        for amount in 0..15u64 {
            // Reference: one unit at a time, round-robin.
            let mut given = [0u64; 5];
            let mut left = amount;
            'outer: loop {
                let mut any = false;
                for k in 0..5 {
                    if left == 0 {
                        break 'outer;
                    }
                    if given[k] < caps[k] {
                        given[k] += 1;
                        left -= 1;
                        any = true;
                    }
                }
                if !any {
                    break;
                }
            }
            assert_eq!(
                in_rounds(&caps, amount),
                (given.to_vec(), left),
                "amount {amount}"
            );
        }
    }

    fn arb_case() -> impl Strategy<Value = (Vec<(String, Decimal)>, u32, u32, Option<u32>)> {
        (
            // Small figures give many ties; large ones with decimals give varied fractions.
            prop_oneof![
                prop::collection::vec((1u64..20, Just(0u32)), 1..12),
                prop::collection::vec((1u64..2_000_000, 0u32..3), 1..12),
            ],
            0u32..300,
            0u32..5,
            prop::option::of(0u32..120),
        )
            .prop_map(|(rows, total, min, cap)| {
                let figs = rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (m, s))| (format!("m{i:02}"), Decimal::new(m as i64, s)))
                    .collect();
                (figs, total, min, cap)
            })
    }

    proptest! {
        #[test]
        fn apportion_invariants((figs, total, min, cap) in arb_case()) {
            let n = figs.len() as u64;
            let feasible = n * u64::from(min) <= u64::from(total)
                && cap.is_none_or(|c| c >= min && u64::from(c) * n >= u64::from(total));
            let result = apportion(&figs, total, min, cap);
            prop_assert_eq!(result.is_ok(), feasible, "{:?}", result);
            if let Ok(v) = result {
                prop_assert_eq!(v.len(), figs.len());
                prop_assert_eq!(v.iter().map(|(_, x)| u64::from(*x)).sum::<u64>(), u64::from(total));
                for ((id, votes), (fid, _)) in v.iter().zip(&figs) {
                    prop_assert_eq!(id, fid);
                    prop_assert!(*votes >= min);
                    if let Some(c) = cap {
                        prop_assert!(*votes <= c);
                    }
                }
                for (i, (_, fi)) in figs.iter().enumerate() {
                    for (j, (_, fj)) in figs.iter().enumerate() {
                        if fi > fj {
                            prop_assert!(v[i].1 >= v[j].1,
                                "{} ({}) got {} < {} ({}) got {}", figs[i].0, fi, v[i].1, figs[j].0, fj, v[j].1);
                        }
                    }
                }
            }
        }

        #[test]
        fn apportion_ignores_input_order((figs, total, min, cap) in arb_case()) {
            let forward = apportion(&figs, total, min, cap);
            let mut rev = figs.clone();
            rev.reverse();
            let backward = apportion(&rev, total, min, cap).map(|mut v| { v.reverse(); v });
            prop_assert_eq!(forward, backward);
        }
    }
}
