//! Exact rational arithmetic for scoring.
//!
//! Every scoring figure that comes from a division (a mean of several members' scores, a quality
//! share w × s / s_max, a price ratio P_min / P) is kept as a fraction of two integers. The quality
//! threshold, the one rounding of the total and the tie-breaks then compare true values, not
//! 28-digit approximations: 30 × (13/3) / 5 is exactly 26, where `Decimal` gives 25.999…998 and a
//! threshold of 26 would wrongly exclude the bid.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};

/// Largest mantissa a `Decimal` can hold (2^96 − 1).
const DECIMAL_MAX_MANTISSA: u128 = (1u128 << 96) - 1;
/// Largest scale a `Decimal` can hold.
const DECIMAL_MAX_SCALE: u32 = 28;

/// A fraction `num / den` in lowest terms with `den > 0`.
///
/// Because it is always reduced, two equal values have equal fields, so the derived `PartialEq`
/// agrees with the hand-written `Ord`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        // Scoring figures are small: once both fit 64 bits, finish with (much faster) u64 division.
        if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
            return u128::from(gcd_u64(x, y));
        }
        (a, b) = (b, a % b);
    }
    a
}

/// `a / g` for a divisor `g > 0` of `a`, with (much faster) 64-bit division when both fit.
fn div_by(a: i128, g: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(g)) {
        (Ok(x), Ok(y)) => i128::from(x / y),
        _ => a / g,
    }
}

fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Ratio {
    /// Zero.
    pub(super) const ZERO: Ratio = Ratio { num: 0, den: 1 };

    /// `num / den`, reduced; `None` when `den` is zero or the sign cannot be normalised.
    pub(super) fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = i128::try_from(gcd(num.unsigned_abs(), den.unsigned_abs())).ok()?;
        let (num, den) = (div_by(num, g), div_by(den, g));
        if den < 0 {
            Some(Ratio {
                num: num.checked_neg()?,
                den: den.checked_neg()?,
            })
        } else {
            Some(Ratio { num, den })
        }
    }

    /// The exact value of a `Decimal` (always representable: |mantissa| < 2^96, 10^scale ≤ 10^28).
    pub(super) fn from_decimal(d: Decimal) -> Ratio {
        let num = d.mantissa();
        let den = 10i128.pow(d.scale());
        // gcd ≤ den ≤ 10^28 fits an i128, and den > 0, so no sign fix-up is needed.
        let g = gcd(num.unsigned_abs(), den.unsigned_abs()) as i128;
        Ratio {
            num: div_by(num, g),
            den: div_by(den, g),
        }
    }

    /// A whole number.
    pub(super) fn int(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    /// `self + other`; `None` on overflow.
    pub(super) fn add(self, other: Ratio) -> Option<Ratio> {
        if self.den == other.den {
            return Ratio::new(self.num.checked_add(other.num)?, self.den);
        }
        let g = gcd(self.den as u128, other.den as u128) as i128;
        let (self_part, other_part) = (div_by(self.den, g), div_by(other.den, g));
        let num = self
            .num
            .checked_mul(other_part)?
            .checked_add(other.num.checked_mul(self_part)?)?;
        Ratio::new(num, self.den.checked_mul(other_part)?)
    }

    /// `self − other`; `None` on overflow.
    pub(super) fn sub(self, other: Ratio) -> Option<Ratio> {
        self.add(Ratio {
            num: other.num.checked_neg()?,
            den: other.den,
        })
    }

    /// `self × other`; `None` on overflow.
    pub(super) fn mul(self, other: Ratio) -> Option<Ratio> {
        let g1 = gcd(self.num.unsigned_abs(), other.den as u128) as i128;
        let g2 = gcd(other.num.unsigned_abs(), self.den as u128) as i128;
        let num = div_by(self.num, g1).checked_mul(div_by(other.num, g2))?;
        let den = div_by(self.den, g2).checked_mul(div_by(other.den, g1))?;
        Ratio::new(num, den)
    }

    /// `self ÷ other`; `None` when `other` is zero or on overflow.
    pub(super) fn div(self, other: Ratio) -> Option<Ratio> {
        self.mul(Ratio::new(other.den, other.num)?)
    }

    /// The smaller of two values.
    pub(super) fn min(self, other: Ratio) -> Ratio {
        if other < self { other } else { self }
    }

    /// The larger of two values.
    pub(super) fn max(self, other: Ratio) -> Ratio {
        if other > self { other } else { self }
    }

    /// Rounded half away from zero to 2 decimal places, computed exactly; `None` on overflow.
    pub(super) fn round_2dp(self) -> Option<Decimal> {
        let scaled = self.num.checked_mul(100)?;
        let q = scaled.div_euclid(self.den);
        let r = scaled.rem_euclid(self.den);
        // r/den is the fraction above q (floor). Half away from zero: a positive value goes up at
        // exactly one half, a negative one only above one half.
        let up = if self.num >= 0 {
            r >= self.den - r
        } else {
            r > self.den - r
        };
        let hundredths = if up { q.checked_add(1)? } else { q };
        Decimal::try_from_i128_with_scale(hundredths, 2).ok()
    }

    /// The nearest `Decimal` (28 significant digits at most), normalised (no trailing zeros).
    ///
    /// Exact whenever the fraction terminates within `Decimal`'s precision. A value beyond
    /// `Decimal`'s range saturates; scores are bounded by the weights (≤ 100), so it does not occur.
    pub(super) fn to_decimal(self) -> Decimal {
        let negative = self.num < 0;
        let n = self.num.unsigned_abs();
        let d = self.den as u128;
        let mut mantissa = n / d;
        let mut rem = n % d;
        if mantissa > DECIMAL_MAX_MANTISSA {
            return if negative { Decimal::MIN } else { Decimal::MAX };
        }
        // Take as many decimals as the mantissa holds (at most 28), up to 19 digits per division.
        let mut scale = 0;
        while rem != 0 && scale < DECIMAL_MAX_SCALE {
            let fits = |k: u32| {
                let p = 10u128.pow(k);
                rem.checked_mul(p).is_some()
                    && mantissa
                        .checked_mul(p)
                        .is_some_and(|m| m <= DECIMAL_MAX_MANTISSA - (p - 1))
            };
            let Some(k) = (1..=(DECIMAL_MAX_SCALE - scale).min(19))
                .rev()
                .find(|&k| fits(k))
            else {
                break;
            };
            let r = rem * 10u128.pow(k);
            // The next k digits: below 10^k ≤ 10^19, so they fit a u64.
            let mut digits = (r / d) as u64;
            rem = r % d;
            let mut k = k;
            if rem == 0 {
                // The fraction ends here: leave out the trailing zeros of these digits rather
                // than strip them from the whole 96-bit mantissa afterwards.
                while k > 0 && digits.is_multiple_of(10) {
                    digits /= 10;
                    k -= 1;
                }
            }
            mantissa = mantissa * 10u128.pow(k) + u128::from(digits);
            scale += k;
        }
        // Round what is left half away from zero.
        if rem != 0 && rem >= d - rem && mantissa < DECIMAL_MAX_MANTISSA {
            mantissa += 1;
        }
        // mantissa ≤ 2^96 − 1 fits an i128 and a Decimal, and scale ≤ 28: the conversion succeeds.
        let signed = if negative {
            -(mantissa as i128)
        } else {
            mantissa as i128
        };
        Decimal::try_from_i128_with_scale(signed, scale)
            .map(|x| x.normalize())
            .unwrap_or(Decimal::ZERO)
    }
}

/// Compares `a/b` with `c/d` (`b, d > 0`) without overflow, by comparing whole parts and then the
/// reciprocals of the remainders (a continued-fraction expansion; terminates like Euclid's).
fn cmp_fractions(a: i128, b: i128, c: i128, d: i128) -> Ordering {
    let (qa, ra) = (a.div_euclid(b), a.rem_euclid(b));
    let (qc, rc) = (c.div_euclid(d), c.rem_euclid(d));
    match qa.cmp(&qc) {
        Ordering::Equal => match (ra == 0, rc == 0) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            // ra/b vs rc/d has the same order as d/rc vs b/ra.
            (false, false) => cmp_fractions(d, rc, b, ra),
        },
        other => other,
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_fractions(self.num, self.den, other.num, other.den)
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A figure for an explanation: exact when it has at most 6 decimals, else "≈" and 6 decimals.
pub(super) fn show(value: Ratio) -> String {
    show_decimal(value.to_decimal())
}

/// [`show`] for a `Decimal`.
pub(super) fn show_decimal(value: Decimal) -> String {
    let d = value.normalize();
    if d.scale() <= 6 {
        d.to_string()
    } else {
        format!(
            "≈{}",
            d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn r(num: i128, den: i128) -> Ratio {
        Ratio::new(num, den).unwrap()
    }

    #[test]
    fn reduces_and_normalises_sign() {
        assert_eq!(r(6, -4), Ratio { num: -3, den: 2 });
        assert_eq!(r(0, 7), Ratio::ZERO);
        assert_eq!(Ratio::new(1, 0), None);
        assert_eq!(Ratio::from_decimal(dec!(32.00)), Ratio::int(32));
        assert_eq!(Ratio::from_decimal(dec!(-0.25)), r(-1, 4));
    }

    #[test]
    fn thirds_are_exact() {
        // 30 × (13/3) / 5 = 26 exactly.
        let mean = r(13, 3);
        let points = Ratio::int(30)
            .mul(mean)
            .unwrap()
            .div(Ratio::int(5))
            .unwrap();
        assert_eq!(points, Ratio::int(26));
        assert_eq!(r(1, 3).add(r(2, 3)).unwrap(), Ratio::int(1));
        assert_eq!(r(1, 3).sub(r(1, 2)).unwrap(), r(-1, 6));
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(r(80005, 1000).round_2dp(), Some(dec!(80.01)));
        assert_eq!(r(80004, 1000).round_2dp(), Some(dec!(80.00)));
        assert_eq!(r(-1, 200).round_2dp(), Some(dec!(-0.01)));
        assert_eq!(r(-1, 250).round_2dp(), Some(dec!(0.00)));
        assert_eq!(r(2, 3).round_2dp(), Some(dec!(0.67)));
        assert_eq!(r(1, 3).round_2dp(), Some(dec!(0.33)));
    }

    #[test]
    fn converts_to_decimal() {
        assert_eq!(r(1, 3).to_decimal(), dec!(0.3333333333333333333333333333));
        assert_eq!(r(2, 3).to_decimal(), dec!(0.6666666666666666666666666667));
        assert_eq!(r(13, 3).to_decimal(), dec!(4.3333333333333333333333333333));
        assert_eq!(r(-5, 4).to_decimal(), dec!(-1.25));
        assert_eq!(Ratio::int(82).to_decimal().to_string(), "82");
    }

    #[test]
    fn shows_figures() {
        assert_eq!(show(r(13, 3)), "≈4.333333");
        assert_eq!(show(Ratio::int(32)), "32");
        assert_eq!(show(r(1, 8)), "0.125");
    }

    fn small() -> impl Strategy<Value = Ratio> {
        (-10_000i128..10_000, 1i128..10_000).prop_map(|(n, d)| r(n, d))
    }

    /// Digit-by-digit long division: the plain algorithm `to_decimal` speeds up.
    fn to_decimal_reference(r: Ratio) -> Decimal {
        let (n, d) = (r.num.unsigned_abs(), r.den as u128);
        let (mut mantissa, mut rem, mut scale) = (n / d, n % d, 0);
        while rem != 0 && scale < DECIMAL_MAX_SCALE && mantissa <= (DECIMAL_MAX_MANTISSA - 9) / 10 {
            mantissa = mantissa * 10 + rem * 10 / d;
            rem = rem * 10 % d;
            scale += 1;
        }
        if rem != 0 && rem >= d - rem {
            mantissa += 1;
        }
        let signed = if r.num < 0 {
            -(mantissa as i128)
        } else {
            mantissa as i128
        };
        Decimal::from_i128_with_scale(signed, scale).normalize()
    }

    #[test]
    fn converts_large_and_tiny_values() {
        for r in [
            r(i128::from(u64::MAX), 3),
            r((1i128 << 95) + 1, 7),
            r(1, 999_999_999_999_999_989),
            r(-123_456_789_012_345_678, 1_000_000_007),
        ] {
            assert_eq!(r.to_decimal(), to_decimal_reference(r), "{r:?}");
        }
    }

    proptest! {
        #[test]
        fn conversion_matches_long_division(
            n in -(1i128 << 100)..(1i128 << 100),
            d in 1i128..(1i128 << 62),
        ) {
            let r = Ratio::new(n, d).unwrap();
            prop_assume!(r.num.unsigned_abs() / (r.den as u128) <= DECIMAL_MAX_MANTISSA);
            prop_assert_eq!(r.to_decimal(), to_decimal_reference(r));
        }

        #[test]
        fn order_matches_cross_multiplication(a in small(), b in small()) {
            let expected = (a.num * b.den).cmp(&(b.num * a.den));
            prop_assert_eq!(a.cmp(&b), expected);
        }

        #[test]
        fn rounding_matches_decimal_for_terminating_values(m in -10_000_000i64..10_000_000, s in 0u32..6) {
            let d = Decimal::new(m, s);
            prop_assert_eq!(
                Ratio::from_decimal(d).round_2dp(),
                Some(d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
            );
        }

        #[test]
        fn arithmetic_round_trips(a in small(), b in small()) {
            prop_assert_eq!(a.add(b).unwrap().sub(b).unwrap(), a);
            if b != Ratio::ZERO {
                prop_assert_eq!(a.mul(b).unwrap().div(b).unwrap(), a);
            }
        }
    }
}
