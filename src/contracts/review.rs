//! The review of the contracts as of a date: per contract and KPI, each member's values per
//! period against the target, the benchmark across members, breaches and remedies; each
//! member's savings; and the supplier diversity across contracts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::figures::{
    Benchmark, KpiTerms, Rate, RemedyFigure, RemedyTerms, benchmark, hhi, percent, remedies, saving,
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
#[derive(Clone, Debug, Serialize)]
pub struct PeriodRow {
    /// The period.
    pub period: Period,
    /// Each member's value, by member id (members that did not report are absent).
    pub values: BTreeMap<String, Decimal>,
    /// Reporting members with no value for the period.
    pub missing: Vec<String>,
    /// The benchmark across the members that reported.
    pub benchmark: Option<Benchmark>,
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
    let list = contracts
        .docs
        .iter()
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
    // The values that count: reports submitted by `on` and not left out, by (period, member).
    let mut values: BTreeMap<
        (Period, &str),
        &BTreeMap<String, toml::Spanned<super::model::ReportValue>>,
    > = BTreeMap::new();
    let mut left_out = Vec::new();
    let mut call_offs = Vec::new();
    for r in &doc.reports {
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
        values.insert((r.period, r.file.member.get_ref().as_str()), &r.file.values);
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
        .map(|k| {
            let members = reporters(doc, k);
            let series: Vec<(Period, BTreeMap<String, Decimal>)> = periods_ended(doc, k.period, on)
                .into_iter()
                .map(|p| {
                    let vals = members
                        .iter()
                        .filter_map(|m| {
                            values
                                .get(&(p, m.as_str()))
                                .and_then(|vs| vs.get(k.id.get_ref()))
                                .map(|v| (m.clone(), *v.get_ref().value.get_ref()))
                        })
                        .collect();
                    (p, vals)
                })
                .collect();
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

/// One KPI's figures from its series of values per period (member id → value).
pub fn kpi_review(
    doc: &ContractDoc,
    k: &Kpi,
    members: &[String],
    series: &[(Period, BTreeMap<String, Decimal>)],
) -> KpiReview {
    let terms = kpi_terms(k);
    let mut periods = Vec::with_capacity(series.len());
    let mut breaches = Vec::new();
    for (p, vals) in series {
        for m in members {
            if let Some(v) = vals.get(m)
                && terms.is_breach(*v)
            {
                breaches.push(Breach {
                    member: m.clone(),
                    period: *p,
                    value: v.normalize(),
                    shortfall: terms.shortfall(*v).normalize(),
                });
            }
        }
        periods.push(PeriodRow {
            period: *p,
            values: vals
                .iter()
                .map(|(m, v)| (m.clone(), v.normalize()))
                .collect(),
            missing: members
                .iter()
                .filter(|m| !vals.contains_key(*m))
                .cloned()
                .collect(),
            benchmark: benchmark(vals, terms.tolerance),
        });
    }
    let mut rems = Vec::new();
    if let Some(clause) = remedy_terms(k) {
        for m in members {
            let s: Vec<(Period, Option<Decimal>)> = series
                .iter()
                .map(|(p, vals)| (*p, vals.get(m).copied()))
                .collect();
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
    let parts: Vec<String> = rems
        .iter()
        .map(|(k, r)| {
            let name = board
                .member(&r.member)
                .map_or(r.member.clone(), |m| m.name.clone());
            let (first, last) = r.span();
            format!(
                "{currency} {} for {name} ({}, {first} to {last})",
                r.amount, k.id
            )
        })
        .collect();
    // TOML's own quoting, so any title or name pastes back as written.
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    Some(format!(
        "[[item]]\nid = {}\nkind = \"contract_review\"\ntitle = {}\ncontract = {}\nmotion = {}\n",
        quoted(&format!("review-{}", c.id)),
        quoted(&format!("Contract review: {}", c.title)),
        quoted(&c.id),
        quoted(&format!(
            "Apply the remedy clause of contract {} with {}: a price reduction of {}.",
            c.id,
            c.supplier,
            parts.join("; ")
        ))
    ))
}
