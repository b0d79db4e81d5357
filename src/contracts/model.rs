//! The contract files and the members' reports as written in TOML (docs/contracts.md), and the
//! reporting periods they name.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::board::model::Date;

/// `contracts/<id>.toml`: one contract, from one award of one tender (or lot).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractFile {
    /// The contract itself (`[contract]`).
    pub contract: ContractInfo,
    /// The members it serves (`[[member]]`), with their shares or call-off ceilings.
    #[serde(rename = "member", default)]
    pub members: Vec<Served>,
    /// What the members report on it (`[[kpi]]`).
    #[serde(rename = "kpi", default)]
    pub kpis: Vec<Kpi>,
}

/// `[contract]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractInfo {
    /// Identifier; must equal the file name without `.toml`.
    pub id: Spanned<String>,
    /// Title as the review and the minutes show it.
    pub title: String,
    /// The tender it comes from (`tenders/<id>.toml`).
    pub tender: Spanned<String>,
    /// The lot, when the tender has lots.
    pub lot: Option<Spanned<String>>,
    /// The awarded bid: an `[[award]]` of the tender names it.
    pub award: Spanned<String>,
    /// The supplier: the awarded bid's bidder, as the tender file writes it.
    pub supplier: Spanned<String>,
    /// The contract value, in the board's currency.
    pub value: Spanned<Decimal>,
    /// The joint price per unit of volume (for the members' savings).
    pub unit_price: Option<Spanned<Decimal>>,
    /// The unit the volumes and the unit price are in ("t", "MWh").
    pub volume_unit: Option<String>,
    /// First day of the contract.
    pub start: Spanned<Date>,
    /// Last day of the contract.
    pub end: Spanned<Date>,
    /// The members' reports on this contract must be signed (as the board's
    /// `[contracts] require_signed_reports` does for every contract).
    #[serde(default)]
    pub signed_reports: bool,
}

/// `[[member]]` of a contract: a member served, its part and its declared baseline.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Served {
    /// The member's id in board.toml.
    pub member: Spanned<String>,
    /// Its share of the contract value, in percent (shares sum to 100).
    pub share: Option<Spanned<Decimal>>,
    /// Or its call-off ceiling, an amount (ceilings sum to at most the value).
    pub ceiling: Option<Spanned<Decimal>>,
    /// The unit price the member declares it would pay alone (its last price, or an estimate).
    pub baseline: Option<Spanned<Decimal>>,
    /// Where the baseline comes from, in words ("own contract 2024", "estimate").
    pub baseline_source: Option<String>,
    /// The member's volume, in `volume_unit`.
    pub volume: Option<Spanned<Decimal>>,
}

/// Which direction of a KPI is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// More is better (availability, on-time share).
    Higher,
    /// Less is better (delivery days, response hours).
    Lower,
}

/// How often a KPI is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Each calendar month: `2025-03`.
    Monthly,
    /// Each calendar quarter: `2025-Q1`.
    Quarterly,
    /// Each calendar year: `2025`.
    Yearly,
}

impl PeriodKind {
    /// The word for it.
    pub fn word(self) -> &'static str {
        match self {
            PeriodKind::Monthly => "monthly",
            PeriodKind::Quarterly => "quarterly",
            PeriodKind::Yearly => "yearly",
        }
    }
}

/// `[[kpi]]`: a key performance indicator of the contract.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// Identifier, the key members' reports use.
    pub id: Spanned<String>,
    /// Name as the review shows it.
    pub name: String,
    /// Unit ("days", "%", "hours"); a report must name the same unit.
    pub unit: Spanned<String>,
    /// The target the contract sets.
    pub target: Spanned<Decimal>,
    /// higher or lower.
    pub better: Better,
    /// How far from the target (and from the members' median) a value may be and still hold.
    pub tolerance: Option<Spanned<Decimal>>,
    /// monthly, quarterly or yearly.
    pub period: PeriodKind,
    /// The members that report it (default: every member the contract serves).
    #[serde(default)]
    pub reporters: Vec<Spanned<String>>,
    /// Lowest value that makes sense (a report below it is refused).
    pub min: Option<Spanned<Decimal>>,
    /// Highest value that makes sense.
    pub max: Option<Spanned<Decimal>>,
    /// The contract's remedy clause for this KPI (`[kpi.remedy]`).
    pub remedy: Option<Spanned<Remedy>>,
}

/// `[kpi.remedy]`: a price reduction per point of shortfall, after a number of consecutive
/// breached periods, capped.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remedy {
    /// The clause as the contract words it, quoted in the review.
    pub clause: Option<String>,
    /// Consecutive breached periods that trigger it.
    pub after_periods: Spanned<u32>,
    /// Percent of the member's part of the contract value per point.
    pub percent_per_point: Option<Spanned<Decimal>>,
    /// Or an amount per point.
    pub amount_per_point: Option<Spanned<Decimal>>,
    /// Cap, in percent of the member's part (with `percent_per_point`).
    pub cap_percent: Option<Spanned<Decimal>>,
    /// Cap, as an amount (with `amount_per_point`).
    pub cap_amount: Option<Spanned<Decimal>>,
}

/// `contracts/<id>/reports/<period>/<member>.toml`: one member's report for one period.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    /// The reporting member; must equal the file name.
    pub member: Spanned<String>,
    /// The date the member submitted it; a signature is checked as of this date.
    pub submitted: Spanned<Date>,
    /// A note from the member, quoted in the review.
    pub note: Option<String>,
    /// `[values]`: `kpi = { value = 2.5, unit = "days" }`.
    #[serde(default)]
    pub values: BTreeMap<String, Spanned<ReportValue>>,
    /// `[[call_off]]`: the orders the member placed under the contract in the period.
    #[serde(default, rename = "call_off")]
    pub call_offs: Vec<Spanned<CallOff>>,
}

/// One order a member placed under the contract (a call-off), in the board's currency.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallOff {
    /// The member's reference for the order (a purchase-order number), unique in the contract
    /// for that member.
    pub id: Spanned<String>,
    /// The date of the order, inside the report's period and the contract's dates.
    pub date: Spanned<Date>,
    /// Its amount, exact, more than zero.
    pub amount: Spanned<Decimal>,
    /// What was ordered, in words.
    pub note: Option<String>,
}

/// One KPI value in a report.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportValue {
    /// The value measured over the period.
    pub value: Spanned<Decimal>,
    /// Its unit, which must be the KPI's.
    pub unit: Spanned<String>,
}

/// A reporting period: a month, a quarter or a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The calendar year.
    pub year: i32,
    /// Month, quarter or year.
    pub kind: PeriodKind,
    /// The month (1–12) or quarter (1–4); 1 for a year.
    pub n: u32,
}

impl Period {
    /// Reads `2025-03`, `2025-Q1` or `2025`.
    pub fn parse(s: &str) -> Option<Period> {
        let year_of = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
        };
        if let Some((y, rest)) = s.split_once('-') {
            let year = year_of(y)?;
            if let Some(q) = rest.strip_prefix('Q') {
                let n: u32 = (q.len() == 1).then(|| q.parse().ok()).flatten()?;
                return (1..=4).contains(&n).then_some(Period {
                    year,
                    kind: PeriodKind::Quarterly,
                    n,
                });
            }
            let n: u32 = (rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()))
                .then(|| rest.parse().ok())
                .flatten()?;
            return (1..=12).contains(&n).then_some(Period {
                year,
                kind: PeriodKind::Monthly,
                n,
            });
        }
        Some(Period {
            year: year_of(s)?,
            kind: PeriodKind::Yearly,
            n: 1,
        })
    }

    /// The period of `kind` that holds `d`.
    pub fn holding(kind: PeriodKind, d: NaiveDate) -> Period {
        let n = match kind {
            PeriodKind::Monthly => d.month(),
            PeriodKind::Quarterly => (d.month() - 1) / 3 + 1,
            PeriodKind::Yearly => 1,
        };
        Period {
            year: d.year(),
            kind,
            n,
        }
    }

    fn first_month(self) -> u32 {
        match self.kind {
            PeriodKind::Monthly => self.n,
            PeriodKind::Quarterly => (self.n - 1) * 3 + 1,
            PeriodKind::Yearly => 1,
        }
    }

    /// Its first day.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.first_month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The period after it.
    pub fn next(self) -> Period {
        let (max, year, n) = match self.kind {
            PeriodKind::Monthly => (12, self.year, self.n),
            PeriodKind::Quarterly => (4, self.year, self.n),
            PeriodKind::Yearly => (1, self.year, self.n),
        };
        if n >= max {
            Period {
                year: year + 1,
                kind: self.kind,
                n: 1,
            }
        } else {
            Period {
                year,
                kind: self.kind,
                n: n + 1,
            }
        }
    }

    /// Its last day.
    pub fn end(self) -> NaiveDate {
        self.next().start().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The periods of `kind` that overlap `start..=end`, in order.
    pub fn covering(kind: PeriodKind, start: NaiveDate, end: NaiveDate) -> Vec<Period> {
        let mut out = Vec::new();
        if end < start {
            return out;
        }
        let mut p = Period::holding(kind, start);
        while p.start() <= end {
            out.push(p);
            p = p.next();
        }
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Monthly => write!(f, "{:04}-{:02}", self.year, self.n),
            PeriodKind::Quarterly => write!(f, "{:04}-Q{}", self.year, self.n),
            PeriodKind::Yearly => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_and_write_the_same() {
        for s in ["2025-03", "2025-Q1", "2025", "2024-12", "2026-Q4"] {
            assert_eq!(Period::parse(s).map(|p| p.to_string()).as_deref(), Some(s));
        }
        for bad in [
            "2025-Q5", "2025-13", "2025-3", "25", "2025-Q", "2025-00", "x",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn periods_know_their_days() {
        let q = Period::parse("2024-Q1").unwrap();
        assert_eq!(q.start().to_string(), "2024-01-01");
        assert_eq!(q.end().to_string(), "2024-03-31");
        let m = Period::parse("2024-02").unwrap();
        assert_eq!(m.end().to_string(), "2024-02-29");
        assert_eq!(
            Period::parse("2025-12").unwrap().next().to_string(),
            "2026-01"
        );
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let c: Vec<String> =
            Period::covering(PeriodKind::Quarterly, d("2025-04-15"), d("2026-01-01"))
                .iter()
                .map(ToString::to_string)
                .collect();
        assert_eq!(c, ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]);
    }
}
