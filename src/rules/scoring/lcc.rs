//! Life-cycle costing (Directive 2014/24/EU art. 68): a bid's net present cost over the years the
//! tender sets, at its discount rate. The net present cost is then the price the tender's price
//! formula scores.
//!
//! NPC = P + Y × A + E × D_n, where P is the acquisition price, Y the yearly cost (energy use ×
//! the tender's energy price, plus every other yearly cost the bid states), D_t = 1 / (1 + r)^t
//! the discount factor of year t, A = D_1 + … + D_n their sum, and E the end-of-life cost (negative
//! for a residual value), paid at the end of year n. Yearly costs fall at the end of each year.
//!
//! Each discount factor is computed with `Decimal`'s 28 significant digits (a division by
//! (1 + r)^t is not a finite decimal); the net present cost is rounded **once**, half up, to
//! cents. That rounded figure is the bid's evaluated price: from there on everything is exact.

use rust_decimal::{Decimal, RoundingStrategy};

/// What the tender sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LifeCycle {
    /// Years of use counted (n), at least 1.
    pub years: u32,
    /// Discount rate a year (r), as a fraction: 0.04 for 4 %.
    pub discount_rate: Decimal,
    /// Price of one unit of energy, in the tender's currency.
    pub energy_price: Decimal,
    /// The unit of energy the bids state their use in (`kWh`), for the explanation.
    pub energy_unit: String,
}

/// What a bid states.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BidCosts {
    /// Energy used a year, in the tender's unit.
    pub energy_use: Decimal,
    /// Other yearly costs (maintenance, consumables…), by name, in the tender's order.
    pub yearly: Vec<(String, Decimal)>,
    /// Cost at the end of the last year; negative for a residual value.
    pub end_of_life: Decimal,
}

/// A bid's net present cost and how it was reached, one step per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetPresentCost {
    /// Rounded once, half up, to cents: the evaluated price.
    pub cost: Decimal,
    /// The calculation in words.
    pub lines: Vec<String>,
}

fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn shown(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A figure in cents: with two decimals when it has any (`741212.10`), whole otherwise.
fn shown_cents(d: Decimal) -> String {
    if d.fract().is_zero() {
        shown(d)
    } else {
        format!("{:.2}", cents(d))
    }
}

/// `a + b`, or `a − |b|` for a negative `b`.
fn plus(b: Decimal) -> String {
    if b.is_sign_negative() {
        format!("− {}", shown_cents(-b))
    } else {
        format!("+ {}", shown_cents(b))
    }
}

/// The net present cost of a bid priced `price` with `costs`, under `lc`; `None` when the figures
/// cannot be computed (no years, a rate of −100 % or less, an overflow).
pub fn net_present_cost(
    price: Decimal,
    lc: &LifeCycle,
    costs: &BidCosts,
) -> Option<NetPresentCost> {
    if lc.years == 0 {
        return None;
    }
    let growth = Decimal::ONE.checked_add(lc.discount_rate)?;
    if growth <= Decimal::ZERO {
        return None;
    }
    let mut factor = Decimal::ONE;
    let mut annuity = Decimal::ZERO;
    for _ in 0..lc.years {
        factor = factor.checked_div(growth)?;
        annuity = annuity.checked_add(factor)?;
    }
    let energy = costs.energy_use.checked_mul(lc.energy_price)?;
    let mut yearly = energy;
    for (_, c) in &costs.yearly {
        yearly = yearly.checked_add(*c)?;
    }
    let yearly_pv = yearly.checked_mul(annuity)?;
    let end_pv = costs.end_of_life.checked_mul(factor)?;
    let exact = price.checked_add(yearly_pv)?.checked_add(end_pv)?;
    let cost = cents(exact);
    let rate_pct = shown(lc.discount_rate * Decimal::ONE_HUNDRED);
    let mut parts = vec![format!(
        "energy {} {} × {} = {}",
        shown(costs.energy_use),
        lc.energy_unit,
        shown(lc.energy_price),
        shown(energy)
    )];
    parts.extend(
        costs
            .yearly
            .iter()
            .map(|(n, c)| format!("{n} {}", shown(*c))),
    );
    let lines = vec![
        format!(
            "Life-cycle cost over {} years at {rate_pct} % a year: acquisition {}.",
            lc.years,
            shown(price)
        ),
        format!(
            "Yearly cost {} = {}; × {} (the sum of the {} discount factors 1 / {}^t) = {}.",
            parts.join(" + "),
            shown(yearly),
            shown(annuity.round_dp(6)),
            lc.years,
            shown(growth),
            shown_cents(cents(yearly_pv))
        ),
        format!(
            "End of life {} × {} (1 / {}^{}) = {}.",
            shown(costs.end_of_life),
            shown(factor.round_dp(6)),
            shown(growth),
            lc.years,
            shown_cents(cents(end_pv))
        ),
        format!(
            "Net present cost {} {} {} = {}, rounded once half-up to cents: the price scored.",
            shown(price),
            plus(cents(yearly_pv)),
            plus(cents(end_pv)),
            shown_cents(cost)
        ),
    ];
    Some(NetPresentCost { cost, lines })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn lc(years: u32, rate: Decimal) -> LifeCycle {
        LifeCycle {
            years,
            discount_rate: rate,
            energy_price: dec!(0.25),
            energy_unit: "kWh".into(),
        }
    }

    /// Worked by hand (docs/board-format.md): 2 years at 10 %, acquisition 1000, energy
    /// 400 kWh × 0.25 = 100 and maintenance 21 a year, end of life 121.
    /// A = 1/1.1 + 1/1.21 = 210/121; 121 × 210/121 = 210; 121 × 1/1.21 = 100; NPC = 1310.
    #[test]
    fn a_hand_worked_example() {
        let costs = BidCosts {
            energy_use: dec!(400),
            yearly: vec![("maintenance".into(), dec!(21))],
            end_of_life: dec!(121),
        };
        let npc = net_present_cost(dec!(1000), &lc(2, dec!(0.1)), &costs).unwrap();
        assert_eq!(npc.cost, dec!(1310));
        assert!(npc.lines[1].contains("= 210."), "{:?}", npc.lines);
        assert!(npc.lines[2].contains("= 100."), "{:?}", npc.lines);
    }

    /// No discount: every year counts in full, so NPC = P + n × Y + E.
    #[test]
    fn without_discount_the_years_add_up() {
        let costs = BidCosts {
            energy_use: dec!(1000),
            yearly: vec![("consumables".into(), dec!(50))],
            end_of_life: dec!(-200),
        };
        let npc = net_present_cost(dec!(5000), &lc(8, Decimal::ZERO), &costs).unwrap();
        assert_eq!(npc.cost, dec!(5000) + dec!(8) * dec!(300) - dec!(200));
    }

    #[test]
    fn impossible_figures_give_none() {
        let c = BidCosts::default();
        assert!(net_present_cost(dec!(1), &lc(0, dec!(0.04)), &c).is_none());
        assert!(net_present_cost(dec!(1), &lc(3, dec!(-1)), &c).is_none());
    }
}
