//! The figures of a contract review, as pure functions of plain values: the benchmark across
//! members per period, breaches, the remedy a clause gives, savings and supplier diversity.
//! Exact decimals throughout; docs/contracts.md gives every formula.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::model::{Better, Period};

/// A KPI's terms, as plain values.
#[derive(Clone, Debug)]
pub struct KpiTerms {
    /// The target.
    pub target: Decimal,
    /// Which direction is better.
    pub better: Better,
    /// The tolerance, around the target (breach) and around the median (benchmark).
    pub tolerance: Decimal,
}

impl KpiTerms {
    /// How far `value` falls short of the target, in the KPI's points (0 when it meets it).
    pub fn shortfall(&self, value: Decimal) -> Decimal {
        let d = match self.better {
            Better::Higher => self.target - value,
            Better::Lower => value - self.target,
        };
        d.max(Decimal::ZERO)
    }

    /// A breach: worse than the target by more than the tolerance (the tolerance is never
    /// negative: `check` refuses it).
    pub fn is_breach(&self, value: Decimal) -> bool {
        self.shortfall(value) > self.tolerance
    }

    /// [`KpiTerms::is_breach`] with its bound worked out once, for testing many values.
    pub fn breach_test(&self) -> BreachTest {
        BreachTest {
            better: self.better,
            bound: match self.better {
                Better::Lower => self.target + self.tolerance,
                Better::Higher => self.target - self.tolerance,
            },
        }
    }

    /// Outside the benchmark: further from the period's median than the tolerance.
    pub fn is_outside(&self, value: Decimal, median: Decimal) -> bool {
        (value - median).abs() > self.tolerance
    }

    /// [`KpiTerms::is_outside`] for one median, its bounds worked out once: a value below
    /// median − tolerance or above median + tolerance.
    pub fn outside_test(&self, median: Decimal) -> impl Fn(Decimal) -> bool + use<> {
        let (low, high) = (median - self.tolerance, median + self.tolerance);
        move |v: Decimal| v < low || v > high
    }
}

/// A KPI's breach test, its bound worked out once: a shortfall above the tolerance is a value
/// above target + tolerance (lower is better) or below target − tolerance (higher is better).
#[derive(Clone, Copy, Debug)]
pub struct BreachTest {
    better: Better,
    bound: Decimal,
}

impl BreachTest {
    /// Whether `value` is a breach.
    pub fn is_breach(&self, value: Decimal) -> bool {
        match self.better {
            Better::Lower => value > self.bound,
            Better::Higher => value < self.bound,
        }
    }
}

/// The benchmark of one period across the members that reported (the members outside it are
/// marked on their cells: [`super::review::Cell::outside`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Benchmark {
    /// The median of the values (the mean of the two middle ones for an even count).
    pub median: Decimal,
    /// The highest value less the lowest.
    pub spread: Decimal,
}

/// The median (the mean of the two middle values for an even count) and the spread (highest
/// less lowest) of `values`, which it sorts; `None` when there are none.
pub fn median_and_spread(values: &mut [Decimal]) -> Option<(Decimal, Decimal)> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO
    };
    Some((median, values[n - 1] - values[0]))
}

/// A remedy clause, as plain values.
#[derive(Clone, Debug)]
pub struct RemedyTerms {
    /// Consecutive breached periods that trigger it (at least 1).
    pub after_periods: u32,
    /// The reduction per point of shortfall.
    pub rate: Rate,
    /// The cap, in the rate's terms (percent or amount).
    pub cap: Option<Decimal>,
}

/// A reduction per point: a percent of the member's part of the value, or an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "per_point")]
pub enum Rate {
    /// Percent of the member's part per point.
    Percent(Decimal),
    /// Amount per point.
    Amount(Decimal),
}

/// A remedy the clause gives for one run of consecutive breached periods of one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RemedyFigure {
    /// The member.
    pub member: String,
    /// The breached periods of the run, in order.
    pub periods: Vec<Period>,
    /// The shortfall points summed over the run.
    pub points: Decimal,
    /// The rate per point.
    pub rate: Rate,
    /// Points × rate, before the cap (percent or amount, as the rate).
    pub uncapped: Decimal,
    /// Whether the cap applied.
    pub capped: bool,
    /// The figure after the cap (percent or amount, as the rate).
    pub applied: Decimal,
    /// The member's part of the contract value the percent applies to (percent rates only).
    pub base: Option<Decimal>,
    /// The price reduction, exact.
    pub amount: Decimal,
}

impl RemedyFigure {
    /// The first and the last period of the run, as written (`2025-Q3`).
    pub fn span(&self) -> (String, String) {
        let shown =
            |p: Option<&super::model::Period>| p.map(ToString::to_string).unwrap_or_default();
        (shown(self.periods.first()), shown(self.periods.last()))
    }
}

/// The remedies for one member's series (`(period, value)` in period order; `None` where the
/// member did not report): each run of at least `after_periods` consecutive breached periods
/// gives one remedy over the whole run. A missing report ends a run.
pub fn remedies(
    member: &str,
    series: &[(Period, Option<Decimal>)],
    kpi: &KpiTerms,
    clause: &RemedyTerms,
    base: Decimal,
) -> Vec<RemedyFigure> {
    let mut out = Vec::new();
    let mut run: Vec<(Period, Decimal)> = Vec::new();
    let mut close = |run: &mut Vec<(Period, Decimal)>| {
        if !run.is_empty() && run.len() >= clause.after_periods.max(1) as usize {
            out.push(remedy_of(member, run, clause, base));
        }
        run.clear();
    };
    let breach = kpi.breach_test();
    for (p, v) in series {
        match v {
            Some(v) if breach.is_breach(*v) => run.push((*p, kpi.shortfall(*v))),
            _ => close(&mut run),
        }
    }
    close(&mut run);
    out
}

fn remedy_of(
    member: &str,
    run: &[(Period, Decimal)],
    clause: &RemedyTerms,
    base: Decimal,
) -> RemedyFigure {
    let points: Decimal = run.iter().map(|(_, s)| *s).sum();
    let (per, is_percent) = match clause.rate {
        Rate::Percent(r) => (r, true),
        Rate::Amount(a) => (a, false),
    };
    let uncapped = points * per;
    let (figure, capped) = match clause.cap {
        Some(cap) if uncapped > cap => (cap, true),
        _ => (uncapped, false),
    };
    let amount = if is_percent {
        base * figure / Decimal::ONE_HUNDRED
    } else {
        figure
    };
    RemedyFigure {
        member: member.to_string(),
        periods: run.iter().map(|(p, _)| *p).collect(),
        points: points.normalize(),
        rate: clause.rate,
        uncapped: uncapped.normalize(),
        capped,
        applied: figure.normalize(),
        base: is_percent.then(|| base.normalize()),
        amount: amount.normalize(),
    }
}

/// A member's savings on a contract: (baseline − joint unit price) × volume.
pub fn saving(baseline: Decimal, unit_price: Decimal, volume: Decimal) -> Decimal {
    ((baseline - unit_price) * volume).normalize()
}

/// A percentage `part / whole × 100`, rounded half up to 2 decimals (0 for an empty whole).
pub fn percent(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        return Decimal::ZERO;
    }
    (part * Decimal::ONE_HUNDRED / whole)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// The Herfindahl–Hirschman index of the values: Σ (100 × vᵢ / T)² = 10,000 × Σ vᵢ² / T², on a
/// scale of 0 to 10,000, rounded half up to 2 decimals.
pub fn hhi(values: &[Decimal]) -> Decimal {
    let total: Decimal = values.iter().copied().sum();
    if total.is_zero() {
        return Decimal::ZERO;
    }
    // Σ (vᵢ / T)² with one division per supplier keeps the figures small enough for any board.
    let sum: Decimal = values
        .iter()
        .map(|v| {
            let s = *v / total;
            s * s
        })
        .sum();
    (sum * Decimal::from(10_000))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}
