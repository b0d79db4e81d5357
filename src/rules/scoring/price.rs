//! Price formulas (docs/domain.md §3): proportional, linear between bounds, logarithmic.

use rust_decimal::prelude::MathematicalOps;
use rust_decimal::{Decimal, RoundingStrategy};

use super::PriceFormula;
use super::exact::{Ratio, show};

/// Decimal places kept of the (irrational) logarithmic price points.
const LOG_DP: u32 = 20;

/// Price points with the text that shows the formula and the figures used.
pub(super) struct PriceScore {
    /// Exact points in [0, Wp].
    pub(super) points: Ratio,
    /// E.g. "proportional: 40 × 100000 / 125000 = 32".
    pub(super) text: String,
}

/// Price points for one bid: exact for the proportional and linear formulas, to 20 decimals for
/// the (irrational) logarithmic one.
///
/// `weight` is Wp; `p_min` and `p_max` are the lowest and highest prices among the bids still
/// valid (after pass/fail and the quality threshold). The linear formula uses its own bounds
/// where the scheme sets them. Results are clamped to [0, Wp]. Invalid input (a price or P_min
/// not above 0, a negative weight, a logarithmic ratio not above 1) gives 0; [`evaluate`](super::evaluate)
/// reports such input instead of scoring it.
pub fn price_points(
    formula: &PriceFormula,
    weight: Decimal,
    price: Decimal,
    p_min: Decimal,
    p_max: Decimal,
) -> Decimal {
    score(formula, weight, price, p_min, p_max).map_or(Decimal::ZERO, |s| s.points.to_decimal())
}

/// [`price_points`] with its explanation; `None` for invalid input or on overflow.
pub(super) fn score(
    formula: &PriceFormula,
    weight: Decimal,
    price: Decimal,
    p_min: Decimal,
    p_max: Decimal,
) -> Option<PriceScore> {
    if price <= Decimal::ZERO || p_min <= Decimal::ZERO || weight < Decimal::ZERO {
        return None;
    }
    let wp = Ratio::from_decimal(weight);
    let full = |why: String| PriceScore {
        points: wp,
        text: format!("{why}: full {weight}"),
    };
    let none = |why: String| PriceScore {
        points: Ratio::ZERO,
        text: format!("{why}: 0"),
    };
    match formula {
        PriceFormula::Proportional => {
            let points = wp
                .mul(Ratio::from_decimal(p_min))?
                .div(Ratio::from_decimal(price))?
                .min(wp);
            Some(PriceScore {
                points,
                text: format!(
                    "proportional: {weight} × {p_min} / {price} = {}",
                    show(points)
                ),
            })
        }
        PriceFormula::Linear { low, high } => {
            let lo = low.unwrap_or(p_min);
            let hi = high.unwrap_or(p_max);
            if hi <= lo {
                // Degenerate bounds (all valid bids at one price, or a buyer's upper bound below
                // the lowest bid): a bid at or below the upper bound scores Wp, any other 0.
                return Some(if price <= hi {
                    full(format!(
                        "linear, bounds {lo} and {hi} leave no range; at or below {hi}"
                    ))
                } else {
                    none(format!(
                        "linear, bounds {lo} and {hi} leave no range; above {hi}"
                    ))
                });
            }
            if price <= lo {
                return Some(full(format!("linear: at or below the lower bound {lo}")));
            }
            if price >= hi {
                return Some(none(format!("linear: at or above the upper bound {hi}")));
            }
            let (lo_r, hi_r) = (Ratio::from_decimal(lo), Ratio::from_decimal(hi));
            let points = wp
                .mul(hi_r.sub(Ratio::from_decimal(price))?)?
                .div(hi_r.sub(lo_r)?)?;
            Some(PriceScore {
                points,
                text: format!(
                    "linear: {weight} × ({hi} − {price}) / ({hi} − {lo}) = {}",
                    show(points)
                ),
            })
        }
        PriceFormula::RelativeToLowest => {
            // Wp × (1 − (P − P_min) / P_min) = Wp × (2 P_min − P) / P_min, at least 0, at most Wp.
            let (lo, p) = (Ratio::from_decimal(p_min), Ratio::from_decimal(price));
            let raw = wp.mul(lo.add(lo)?.sub(p)?)?.div(lo)?;
            let points = raw.max(Ratio::ZERO).min(wp);
            let floored = if raw < Ratio::ZERO {
                ", floored at 0"
            } else {
                ""
            };
            Some(PriceScore {
                points,
                text: format!(
                    "relative to the lowest: {weight} × (1 − ({price} − {p_min}) / {p_min}) = {}{floored}",
                    show(raw.min(wp))
                ),
            })
        }
        PriceFormula::Logarithmic { zero_ratio } => {
            if *zero_ratio <= Decimal::ONE {
                return None;
            }
            if price <= p_min {
                return Some(full(format!("logarithmic: at or below P_min {p_min}")));
            }
            let zero_price = p_min.checked_mul(*zero_ratio)?;
            if price >= zero_price {
                return Some(none(format!(
                    "logarithmic: at or above {zero_ratio} × P_min = {zero_price}"
                )));
            }
            let share = price
                .checked_div(p_min)?
                .checked_ln()?
                .checked_div(zero_ratio.checked_ln()?)?;
            let raw = weight.checked_mul(Decimal::ONE.checked_sub(share)?)?;
            let points = Ratio::from_decimal(
                raw.round_dp_with_strategy(LOG_DP, RoundingStrategy::MidpointAwayFromZero),
            )
            .max(Ratio::ZERO)
            .min(wp);
            Some(PriceScore {
                points,
                text: format!(
                    "logarithmic: {weight} × (1 − ln({price} / {p_min}) / ln {zero_ratio}) = {}",
                    show(points)
                ),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const PROP: PriceFormula = PriceFormula::Proportional;
    const LIN: PriceFormula = PriceFormula::Linear {
        low: None,
        high: None,
    };

    fn pp(f: &PriceFormula, price: Decimal) -> Decimal {
        price_points(f, dec!(40), price, dec!(100000), dec!(200000))
    }

    #[test]
    fn worked_example_proportional() {
        assert_eq!(pp(&PROP, dec!(100000)), dec!(40));
        assert_eq!(pp(&PROP, dec!(125000)), dec!(32));
        assert_eq!(pp(&PROP, dec!(200000)), dec!(20));
    }

    #[test]
    fn worked_example_linear() {
        assert_eq!(pp(&LIN, dec!(100000)), dec!(40));
        assert_eq!(pp(&LIN, dec!(125000)), dec!(30));
        assert_eq!(pp(&LIN, dec!(200000)), dec!(0));
    }

    #[test]
    fn linear_with_buyer_bounds_clamps() {
        let f = PriceFormula::Linear {
            low: Some(dec!(110000)),
            high: Some(dec!(150000)),
        };
        assert_eq!(pp(&f, dec!(100000)), dec!(40)); // below the floor: Wp, not more
        assert_eq!(pp(&f, dec!(130000)), dec!(20)); // 40 × 20000 / 40000
        assert_eq!(pp(&f, dec!(200000)), dec!(0)); // above the ceiling: 0, not negative
    }

    #[test]
    fn linear_equal_bounds_give_every_bid_full_points() {
        let p = price_points(&LIN, dec!(40), dec!(5000), dec!(5000), dec!(5000));
        assert_eq!(p, dec!(40));
        // A buyer ceiling below every bid: nobody earns price points.
        let f = PriceFormula::Linear {
            low: None,
            high: Some(dec!(90000)),
        };
        assert_eq!(pp(&f, dec!(100000)), dec!(0));
    }

    #[test]
    fn logarithmic_worked_figures() {
        // A = 2: a bid at twice the lowest price scores 0.
        // B at 1.25 × P_min: 40 × (1 − ln 1.25 / ln 2) = 40 × (1 − 0.32192809488736234787…)
        //   = 27.12287620450550608518722… (reference: 50-digit decimal arithmetic).
        // C at 1.5 × P_min: 40 × (1 − 0.58496250072115618145…) = 16.60149997115375274…
        let f = PriceFormula::Logarithmic {
            zero_ratio: dec!(2),
        };
        assert_eq!(pp(&f, dec!(100000)), dec!(40));
        let b = pp(&f, dec!(125000));
        assert!((b - dec!(27.122876204505506085187)).abs() < dec!(0.000000000000000001));
        let c = pp(&f, dec!(150000));
        assert!((c - dec!(16.601499971153752742)).abs() < dec!(0.000000000000000001));
        assert_eq!(pp(&f, dec!(200000)), dec!(0));
        assert_eq!(pp(&f, dec!(250000)), dec!(0)); // clamped, not negative
        // A = 10, a bid at 10^0.5 ≈ 3.1623 × P_min would score half; at 1.5 × P_min:
        // 40 × (1 − ln 1.5 / ln 10) = 40 × (1 − 0.17609125905568124208…) = 32.956349637772750…
        let f10 = PriceFormula::Logarithmic {
            zero_ratio: dec!(10),
        };
        let d = pp(&f10, dec!(150000));
        assert!((d - dec!(32.956349637772750316)).abs() < dec!(0.000000000000000001));
    }

    #[test]
    fn relative_to_lowest_worked_figures() {
        // Issue #7 item 10: Wp × (1 − (P − P_min) / P_min), floored at 0; P_min = 100000.
        let f = PriceFormula::RelativeToLowest;
        assert_eq!(pp(&f, dec!(100000)), dec!(40)); // the lowest: full points
        assert_eq!(pp(&f, dec!(125000)), dec!(30)); // 25 % dearer: 40 × 0.75
        assert_eq!(pp(&f, dec!(160000)), dec!(16)); // 60 % dearer: 40 × 0.4
        assert_eq!(pp(&f, dec!(200000)), dec!(0)); // twice the lowest: 0
        assert_eq!(pp(&f, dec!(250000)), dec!(0)); // floored, not −10
        // Exact thirds: 40 × (1 − 100 / 300) = 26.666…
        let p = price_points(&f, dec!(40), dec!(400), dec!(300), dec!(400));
        assert_eq!(p.round_dp(10), dec!(26.6666666667));
        let s = score(&f, dec!(40), dec!(250000), dec!(100000), dec!(250000)).unwrap();
        assert_eq!(
            s.text,
            "relative to the lowest: 40 × (1 − (250000 − 100000) / 100000) = -20, floored at 0"
        );
        let s = score(&f, dec!(40), dec!(125000), dec!(100000), dec!(250000)).unwrap();
        assert_eq!(
            s.text,
            "relative to the lowest: 40 × (1 − (125000 − 100000) / 100000) = 30"
        );
    }

    #[test]
    fn invalid_input_scores_zero() {
        assert_eq!(pp(&PROP, dec!(0)), dec!(0));
        assert_eq!(pp(&PROP, dec!(-5)), dec!(0));
        let bad = PriceFormula::Logarithmic {
            zero_ratio: dec!(1),
        };
        assert_eq!(pp(&bad, dec!(150000)), dec!(0));
    }

    #[test]
    fn texts_show_the_figures() {
        let s = score(&PROP, dec!(40), dec!(125000), dec!(100000), dec!(200000)).unwrap();
        assert_eq!(s.text, "proportional: 40 × 100000 / 125000 = 32");
        let s = score(&LIN, dec!(40), dec!(125000), dec!(100000), dec!(200000)).unwrap();
        assert_eq!(
            s.text,
            "linear: 40 × (200000 − 125000) / (200000 − 100000) = 30"
        );
    }
}
