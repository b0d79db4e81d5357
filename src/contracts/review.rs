//! The review of the contracts as of a date: per contract and KPI, each member's values per
//! period against the target, the benchmark across members, breaches and remedies; each
//! member's savings; and the supplier diversity across contracts.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::figures::{
    Benchmark, KpiTerms, Rate, RemedyFigure, RemedyTerms, hhi, median_and_spread, percent,
    remedies, saving,
};
use super::load::{ContractDoc, Contracts};
use super::model::{Better, Kpi, Period, PeriodKind};
use crate::board::Board;
use crate::board::model::BidderScale;

/// The whole review (`procboard contracts`).
#[derive(Clone, Debug, Serialize)]
pub struct Review {
    /// The board's id.
    pub board: String,
    /// The date the review is made on: periods ended and reports submitted by then count.
    pub on: NaiveDate,
    /// The board's currency.
    pub currency: String,
    /// One entry per contract reviewed.
    pub contracts: Vec<ContractReview>,
    /// Supplier diversity across every contract of the board.
    pub diversity: Diversity,
}

/// One contract reviewed.
#[derive(Clone, Debug, Serialize)]
pub struct ContractReview {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The tender it comes from.
    pub tender: String,
    /// The lot.
    pub lot: Option<String>,
    /// The awarded bid.
    pub award: String,
    /// The supplier.
    pub supplier: String,
    /// The value.
    pub value: Decimal,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Per KPI.
    pub kpis: Vec<KpiReview>,
    /// Per member with a declared baseline.
    pub savings: Vec<Saving>,
    /// Reports left out of the figures, with why.
    pub left_out: Vec<LeftOut>,
    /// A `contract_review` agenda item the secretary can paste, when a remedy is due.
    pub suggested_item: Option<String>,
    /// The orders the members reported placing under the contract, by date, member and id.
    pub call_offs: Vec<CallOffRow>,
    /// Per member that reported call-offs: their total, against its ceiling if it has one.
    pub call_off_totals: Vec<CallOffTotal>,
}

/// One order a member placed under the contract, as its report gives it.
#[derive(Clone, Debug, Serialize)]
pub struct CallOffRow {
    /// The member.
    pub member: String,
    /// The period of the report that gives it.
    pub period: Period,
    /// The member's reference for the order.
    pub id: String,
    /// Its date.
    pub date: NaiveDate,
    /// Its amount.
    pub amount: Decimal,
    /// What was ordered.
    pub note: Option<String>,
}

/// A member's call-offs in all.
#[derive(Clone, Debug, Serialize)]
pub struct CallOffTotal {
    /// The member.
    pub member: String,
    /// How many orders.
    pub count: usize,
    /// Their total.
    pub total: Decimal,
    /// The member's call-off ceiling in the contract file, if any.
    pub ceiling: Option<Decimal>,
    /// Whether the total is above the ceiling.
    pub over_ceiling: bool,
}

/// A report left out of the figures.
#[derive(Clone, Debug, Serialize)]
pub struct LeftOut {
    /// The report file.
    pub file: String,
    /// Why.
    pub reason: String,
}

/// One KPI reviewed.
#[derive(Clone, Debug, Serialize)]
pub struct KpiReview {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// The target.
    pub target: Decimal,
    /// higher or lower.
    pub better: Better,
    /// The tolerance.
    pub tolerance: Decimal,
    /// monthly, quarterly or yearly.
    pub period: PeriodKind,
    /// The members that report it, in board order.
    pub members: Vec<String>,
    /// Each period ended by the review date.
    pub periods: Vec<PeriodRow>,
    /// Every breach, by period then member.
    pub breaches: Vec<Breach>,
    /// The remedy clause in words, when there is one.
    pub clause: Option<String>,
    /// The remedies the clause gives.
    pub remedies: Vec<RemedyFigure>,
}

/// One period of a KPI.
#[derive(Clone, Debug)]
pub struct PeriodRow {
    /// The period.
    pub period: Period,
    /// Each member's value, in the order of the KPI's `members` (`None`: no value).
    pub cells: Vec<Option<Cell>>,
    /// Reporting members with no value for the period.
    pub missing: Vec<String>,
    /// The benchmark across the members that reported.
    pub benchmark: Option<Benchmark>,
    /// The KPI's members, in order and by id.
    roster: Arc<Roster>,
}

/// One member's value for one period, and what the review says of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The value.
    pub value: Decimal,
    /// Worse than the target by more than the tolerance.
    pub breach: bool,
    /// Further from the period's median than the tolerance.
    pub outside: bool,
}

/// The members of a KPI in their order, and that order sorted by id (how a period's values are
/// listed in the JSON and the open data).
#[derive(Debug)]
struct Roster {
    ids: Vec<String>,
    by_id: Vec<usize>,
}

impl Roster {
    fn new(ids: &[String]) -> Roster {
        let mut by_id: Vec<usize> = (0..ids.len()).collect();
        by_id.sort_by(|a, b| ids[*a].cmp(&ids[*b]));
        Roster {
            ids: ids.to_vec(),
            by_id,
        }
    }
}

impl PeriodRow {
    /// Each member's cell, by member id (members with no value are left out).
    pub fn cells_by_id(&self) -> impl Iterator<Item = (&str, Cell)> + '_ {
        self.roster
            .by_id
            .iter()
            .filter_map(|&i| self.cells[i].map(|c| (self.roster.ids[i].as_str(), c)))
    }

    /// Each member's value, by member id (members with no value are left out).
    pub fn values(&self) -> impl Iterator<Item = (&str, Decimal)> + '_ {
        self.cells_by_id().map(|(m, c)| (m, c.value))
    }

    /// The members further from the median than the tolerance, by id.
    pub fn outside(&self) -> impl Iterator<Item = &str> + '_ {
        self.cells_by_id()
            .filter(|(_, c)| c.outside)
            .map(|(m, _)| m)
    }

    /// The value of `member`, if it gave one.
    pub fn value(&self, member: &str) -> Option<Decimal> {
        let i = self.roster.ids.iter().position(|m| m == member)?;
        self.cells[i].map(|c| c.value)
    }
}

/// `{"period": …, "values": {member: value, …}, "missing": […], "benchmark": {"median": …,
/// "spread": …, "outside": […]}}`: the values as an object keyed by member id, in id order.
impl Serialize for PeriodRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeStruct};
        struct Values<'a>(&'a PeriodRow);
        impl Serialize for Values<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(None)?;
                for (member, value) in self.0.values() {
                    m.serialize_entry(member, &value)?;
                }
                m.end()
            }
        }
        struct Bench<'a>(&'a PeriodRow, Benchmark);
        impl Serialize for Bench<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut st = s.serialize_struct("Benchmark", 3)?;
                st.serialize_field("median", &self.1.median)?;
                st.serialize_field("spread", &self.1.spread)?;
                st.serialize_field("outside", &Outside(self.0))?;
                st.end()
            }
        }
        struct Outside<'a>(&'a PeriodRow);
        impl Serialize for Outside<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.outside())
            }
        }
        let mut st = s.serialize_struct("PeriodRow", 4)?;
        st.serialize_field("period", &self.period)?;
        st.serialize_field("values", &Values(self))?;
        st.serialize_field("missing", &self.missing)?;
        st.serialize_field("benchmark", &self.benchmark.map(|b| Bench(self, b)))?;
        st.end()
    }
}

/// A value worse than the target by more than the tolerance.
#[derive(Clone, Debug, Serialize)]
pub struct Breach {
    /// The member.
    pub member: String,
    /// The period.
    pub period: Period,
    /// Its value.
    pub value: Decimal,
    /// How far it falls short of the target.
    pub shortfall: Decimal,
}

/// A member's savings on a contract.
#[derive(Clone, Debug, Serialize)]
pub struct Saving {
    /// The member.
    pub member: String,
    /// Its declared baseline unit price.
    pub baseline: Decimal,
    /// Where the baseline comes from.
    pub baseline_source: Option<String>,
    /// The joint unit price.
    pub unit_price: Decimal,
    /// Its volume.
    pub volume: Decimal,
    /// The unit of the volume.
    pub volume_unit: Option<String>,
    /// (baseline − unit_price) × volume.
    pub savings: Decimal,
    /// The method, in words.
    pub method: String,
}

/// Supplier diversity across the board's contracts.
#[derive(Clone, Debug, Serialize)]
pub struct Diversity {
    /// The contracts counted.
    pub contracts: usize,
    /// Their value in all.
    pub total_value: Decimal,
    /// Each supplier, largest share first.
    pub suppliers: Vec<SupplierShare>,
    /// Distinct suppliers.
    pub distinct: usize,
    /// The Herfindahl–Hirschman index (0–10,000).
    pub hhi: Decimal,
    /// Value won by SMEs.
    pub sme_value: Decimal,
    /// Its share of the total, percent.
    pub sme_share: Decimal,
    /// Value won by suppliers whose size no bid gives.
    pub unknown_scale_value: Decimal,
    /// The board's limit on one supplier's share, percent.
    pub share_limit: Decimal,
    /// Notes: suppliers above the limit.
    pub notes: Vec<String>,
}

/// One supplier's part of the awarded value.
#[derive(Clone, Debug, Serialize)]
pub struct SupplierShare {
    /// The supplier.
    pub supplier: String,
    /// Its contracts' value.
    pub value: Decimal,
    /// Percent of the total, rounded half up to 2 decimals.
    pub share: Decimal,
    /// Its contracts.
    pub contracts: Vec<String>,
    /// Its size, from its bid.
    pub scale: Option<BidderScale>,
}

/// The terms of a KPI as plain values.
pub fn kpi_terms(k: &Kpi) -> KpiTerms {
    KpiTerms {
        target: *k.target.get_ref(),
        better: k.better,
        tolerance: k.tolerance.as_ref().map_or(Decimal::ZERO, |t| *t.get_ref()),
    }
}

/// The members that report a KPI: its `reporters`, or every member served, in the contract's
/// order.
pub fn reporters(doc: &ContractDoc, k: &Kpi) -> Vec<String> {
    if k.reporters.is_empty() {
        doc.file
            .members
            .iter()
            .map(|m| m.member.get_ref().clone())
            .collect()
    } else {
        k.reporters.iter().map(|m| m.get_ref().clone()).collect()
    }
}

/// The periods of a KPI over the contract that have ended by `on`.
pub fn periods_ended(doc: &ContractDoc, kind: PeriodKind, on: NaiveDate) -> Vec<Period> {
    let c = &doc.file.contract;
    Period::covering(kind, c.start.get_ref().0, c.end.get_ref().0)
        .into_iter()
        .filter(|p| p.end() <= on)
        .collect()
}

/// The member's part of the contract value: value × share / 100, or its ceiling.
pub fn member_part(doc: &ContractDoc, member: &str) -> Decimal {
    let c = &doc.file.contract;
    doc.file
        .members
        .iter()
        .find(|m| m.member.get_ref() == member)
        .map_or(Decimal::ZERO, |m| match (&m.share, &m.ceiling) {
            (Some(s), _) => (*c.value.get_ref() * *s.get_ref() / Decimal::ONE_HUNDRED).normalize(),
            (None, Some(ce)) => *ce.get_ref(),
            (None, None) => Decimal::ZERO,
        })
}

/// Reviews the board's contracts (or the one named `only`) on `on`.
pub fn review(board: &Board, contracts: &Contracts, on: NaiveDate, only: Option<&str>) -> Review {
    // Each contract on its own: reviewed side by side on the machine's cores, kept in order.
    let list = contracts
        .docs
        .par_iter()
        .filter(|d| only.is_none_or(|o| d.id == o))
        .map(|d| review_contract(board, d, on))
        .collect();
    Review {
        board: board.file.board.id.get_ref().clone(),
        on,
        currency: board.file.board.currency.get_ref().clone(),
        contracts: list,
        diversity: diversity(board, contracts),
    }
}

fn review_contract(board: &Board, doc: &ContractDoc, on: NaiveDate) -> ContractReview {
    let c = &doc.file.contract;
    // The reports that count: submitted by `on` and not left out.
    let mut counted = vec![false; doc.reports.len()];
    let mut left_out = Vec::new();
    let mut call_offs = Vec::new();
    for (r, counts) in doc.reports.iter().zip(&mut counted) {
        if r.file.submitted.get_ref().0 > on {
            continue;
        }
        if let Some(why) = &r.left_out {
            left_out.push(LeftOut {
                file: r.path.to_string_lossy().replace('\\', "/"),
                reason: why.clone(),
            });
            continue;
        }
        *counts = true;
        call_offs.extend(r.file.call_offs.iter().map(|co| {
            let co = co.get_ref();
            CallOffRow {
                member: r.file.member.get_ref().clone(),
                period: r.period,
                id: co.id.get_ref().clone(),
                date: co.date.get_ref().0,
                amount: co.amount.get_ref().normalize(),
                note: co.note.clone(),
            }
        }));
    }
    call_offs.sort_by(|a, b| (a.date, &a.member, &a.id).cmp(&(b.date, &b.member, &b.id)));
    let kpis: Vec<KpiReview> = doc
        .file
        .kpis
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let members = reporters(doc, k);
            let series = series_of(doc, &counted, i, &members, periods_ended(doc, k.period, on));
            kpi_review(doc, k, &members, &series)
        })
        .collect();
    let savings = savings_of(doc);
    let mut r = ContractReview {
        id: doc.id.clone(),
        title: c.title.clone(),
        tender: c.tender.get_ref().clone(),
        lot: c.lot.as_ref().map(|l| l.get_ref().clone()),
        award: c.award.get_ref().clone(),
        supplier: c.supplier.get_ref().clone(),
        value: c.value.get_ref().normalize(),
        start: c.start.get_ref().0,
        end: c.end.get_ref().0,
        kpis,
        savings,
        left_out,
        suggested_item: None,
        call_off_totals: call_off_totals(doc, &call_offs),
        call_offs,
    };
    r.suggested_item = suggested_item(board, &r);
    r
}

/// Each member's call-offs in all, in the order the contract file lists the members, against
/// its ceiling.
fn call_off_totals(doc: &ContractDoc, rows: &[CallOffRow]) -> Vec<CallOffTotal> {
    doc.file
        .members
        .iter()
        .filter_map(|s| {
            let member = s.member.get_ref();
            let mine: Vec<&CallOffRow> = rows.iter().filter(|r| &r.member == member).collect();
            if mine.is_empty() {
                return None;
            }
            let total: Decimal = mine.iter().map(|r| r.amount).sum();
            let ceiling = s.ceiling.as_ref().map(|c| c.get_ref().normalize());
            Some(CallOffTotal {
                member: member.clone(),
                count: mine.len(),
                total: total.normalize(),
                ceiling,
                over_ceiling: ceiling.is_some_and(|c| total > c),
            })
        })
        .collect()
}

/// The values of the contract's KPI number `kpi` from the reports that count: one row per
/// period of `periods`, each member's value in the order of `members` (`None` where it gave
/// none).
fn series_of(
    doc: &ContractDoc,
    counted: &[bool],
    kpi: usize,
    members: &[String],
    periods: Vec<Period>,
) -> Vec<(Period, Vec<Option<Decimal>>)> {
    // The contract's `[[member]]` entries → their column.
    let column: Vec<Option<usize>> = doc
        .file
        .members
        .iter()
        .map(|s| members.iter().position(|m| m == s.member.get_ref()))
        .collect();
    let mut series: Vec<(Period, Vec<Option<Decimal>>)> = periods
        .into_iter()
        .map(|p| (p, vec![None; members.len()]))
        .collect();
    for v in doc.values() {
        if v.kpi != kpi || !counted[v.report] {
            continue;
        }
        let Ok(row) = series.binary_search_by(|(p, _)| p.cmp(&v.period)) else {
            continue;
        };
        if let Some(col) = column[v.member] {
            series[row].1[col] = Some(v.value);
        }
    }
    series
}

/// One KPI's figures from its series of values per period, each member's value in the order of
/// `members` (`None`: no value).
pub fn kpi_review(
    doc: &ContractDoc,
    k: &Kpi,
    members: &[String],
    series: &[(Period, Vec<Option<Decimal>>)],
) -> KpiReview {
    let terms = kpi_terms(k);
    let breach_test = terms.breach_test();
    let roster = Arc::new(Roster::new(members));
    let mut periods = Vec::with_capacity(series.len());
    let mut breaches = Vec::new();
    let mut sorted = Vec::with_capacity(members.len());
    for (p, vals) in series {
        sorted.clear();
        sorted.extend(vals.iter().flatten().copied());
        let middle = median_and_spread(&mut sorted);
        let is_outside = middle.map(|(median, _)| terms.outside_test(median));
        let mut cells: Vec<Option<Cell>> = Vec::with_capacity(vals.len());
        for (m, v) in members.iter().zip(vals) {
            let Some(v) = *v else {
                cells.push(None);
                continue;
            };
            let breach = breach_test.is_breach(v);
            let value = v.normalize();
            if breach {
                breaches.push(Breach {
                    member: m.clone(),
                    period: *p,
                    value,
                    shortfall: terms.shortfall(v).normalize(),
                });
            }
            cells.push(Some(Cell {
                value,
                breach,
                outside: is_outside.as_ref().is_some_and(|outside| outside(v)),
            }));
        }
        let benchmark = middle.map(|(median, spread)| Benchmark {
            median: median.normalize(),
            spread: spread.normalize(),
        });
        periods.push(PeriodRow {
            period: *p,
            missing: members
                .iter()
                .zip(&cells)
                .filter(|(_, c)| c.is_none())
                .map(|(m, _)| m.clone())
                .collect(),
            cells,
            benchmark,
            roster: Arc::clone(&roster),
        });
    }
    let mut rems = Vec::new();
    if let Some(clause) = remedy_terms(k) {
        for (i, m) in members.iter().enumerate() {
            let s: Vec<(Period, Option<Decimal>)> =
                series.iter().map(|(p, vals)| (*p, vals[i])).collect();
            rems.extend(remedies(m, &s, &terms, &clause, member_part(doc, m)));
        }
    }
    KpiReview {
        id: k.id.get_ref().clone(),
        name: k.name.clone(),
        unit: k.unit.get_ref().clone(),
        target: terms.target.normalize(),
        better: k.better,
        tolerance: terms.tolerance.normalize(),
        period: k.period,
        members: members.to_vec(),
        periods,
        breaches,
        clause: k.remedy.as_ref().and_then(|r| r.get_ref().clause.clone()),
        remedies: rems,
    }
}

/// A KPI's remedy clause as plain values, when it has a complete one.
pub fn remedy_terms(k: &Kpi) -> Option<RemedyTerms> {
    let r = k.remedy.as_ref()?.get_ref();
    let (rate, cap) = match (&r.percent_per_point, &r.amount_per_point) {
        (Some(p), None) => (Rate::Percent(*p.get_ref()), r.cap_percent.as_ref()),
        (None, Some(a)) => (Rate::Amount(*a.get_ref()), r.cap_amount.as_ref()),
        _ => return None,
    };
    Some(RemedyTerms {
        after_periods: *r.after_periods.get_ref(),
        rate,
        cap: cap.map(|c| *c.get_ref()),
    })
}

fn savings_of(doc: &ContractDoc) -> Vec<Saving> {
    let c = &doc.file.contract;
    let Some(price) = c.unit_price.as_ref().map(|p| *p.get_ref()) else {
        return Vec::new();
    };
    doc.file
        .members
        .iter()
        .filter_map(|m| {
            let baseline = *m.baseline.as_ref()?.get_ref();
            let volume = *m.volume.as_ref()?.get_ref();
            let unit = c.volume_unit.clone();
            let per = unit
                .as_deref()
                .map(|u| format!(" per {u}"))
                .unwrap_or_default();
            let source = m
                .baseline_source
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            Some(Saving {
                member: m.member.get_ref().clone(),
                baseline: baseline.normalize(),
                baseline_source: m.baseline_source.clone(),
                unit_price: price.normalize(),
                volume: volume.normalize(),
                volume_unit: unit.clone(),
                savings: saving(baseline, price, volume),
                method: format!(
                    "(baseline {}{per}{source} - joint price {}{per}) x volume {}{}",
                    baseline.normalize(),
                    price.normalize(),
                    volume.normalize(),
                    unit.map(|u| format!(" {u}")).unwrap_or_default()
                ),
            })
        })
        .collect()
}

/// Supplier diversity across every contract of the board.
pub fn diversity(board: &Board, contracts: &Contracts) -> Diversity {
    let mut by: BTreeMap<String, (Decimal, Vec<String>, Option<BidderScale>)> = BTreeMap::new();
    for d in &contracts.docs {
        let c = &d.file.contract;
        let scale = board
            .tender(c.tender.get_ref())
            .and_then(|t| {
                t.tender
                    .bids
                    .iter()
                    .find(|b| b.id.get_ref() == c.award.get_ref())
            })
            .and_then(|b| b.scale);
        let e = by.entry(c.supplier.get_ref().clone()).or_default();
        e.0 += *c.value.get_ref();
        e.1.push(d.id.clone());
        e.2 = e.2.or(scale);
    }
    let total: Decimal = by.values().map(|e| e.0).sum();
    let limit = *board.file.contracts.supplier_share_limit.get_ref();
    let mut suppliers: Vec<SupplierShare> = by
        .into_iter()
        .map(|(s, (v, cs, scale))| SupplierShare {
            supplier: s,
            value: v.normalize(),
            share: percent(v, total),
            contracts: cs,
            scale,
        })
        .collect();
    suppliers.sort_by(|a, b| b.value.cmp(&a.value).then(a.supplier.cmp(&b.supplier)));
    let notes = suppliers
        .iter()
        .filter(|s| s.value * Decimal::ONE_HUNDRED > limit * total)
        .map(|s| {
            format!(
                "{} holds {} % of the awarded value, above the board's limit of {} % ([contracts] supplier_share_limit)",
                s.supplier,
                s.share,
                limit.normalize()
            )
        })
        .collect();
    let sme_value: Decimal = suppliers
        .iter()
        .filter(|s| s.scale == Some(BidderScale::Sme))
        .map(|s| s.value)
        .sum();
    let unknown: Decimal = suppliers
        .iter()
        .filter(|s| s.scale.is_none())
        .map(|s| s.value)
        .sum();
    let values: Vec<Decimal> = suppliers.iter().map(|s| s.value).collect();
    Diversity {
        contracts: contracts.docs.len(),
        total_value: total.normalize(),
        distinct: suppliers.len(),
        hhi: hhi(&values),
        sme_value: sme_value.normalize(),
        sme_share: percent(sme_value, total),
        unknown_scale_value: unknown.normalize(),
        share_limit: limit.normalize(),
        suppliers,
        notes,
    }
}

/// A `contract_review` agenda item for a contract with remedies due, as TOML to paste.
pub fn suggested_item(board: &Board, c: &ContractReview) -> Option<String> {
    let rems: Vec<(&KpiReview, &RemedyFigure)> = c
        .kpis
        .iter()
        .flat_map(|k| k.remedies.iter().map(move |r| (k, r)))
        .collect();
    if rems.is_empty() {
        return None;
    }
    let currency = board.file.board.currency.get_ref();
    let mut parts = String::new();
    for (n, (k, r)) in rems.iter().enumerate() {
        let name = board
            .member(&r.member)
            .map_or(r.member.as_str(), |m| &m.name);
        let (first, last) = r.span();
        let sep = if n == 0 { "" } else { "; " };
        let _ = write!(
            parts,
            "{sep}{currency} {} for {name} ({}, {first} to {last})",
            r.amount, k.id
        );
    }
    // TOML's own quoting, so any title or name pastes back as written.
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    Some(format!(
        "[[item]]\nid = {}\nkind = \"contract_review\"\ntitle = {}\ncontract = {}\nmotion = {}\n",
        quoted(&format!("review-{}", c.id)),
        quoted(&format!("Contract review: {}", c.title)),
        quoted(&c.id),
        quoted(&format!(
            "Apply the remedy clause of contract {} with {}: a price reduction of {}.",
            c.id, c.supplier, parts
        ))
    ))
}
