//! The review as text for the terminal (`procboard contracts`), the suggested `contract_review`
//! agenda item, and the table the minutes print for a contract review.

use std::fmt::{self, Write as _};

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::figures::Rate;
use super::model::Better;
use super::review::{ContractReview, KpiReview, Review};
use crate::board::Board;

/// The review as text.
pub struct ReviewText<'a>(pub &'a Review);

impl fmt::Display for ReviewText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.0;
        writeln!(
            f,
            "Contracts of board {} on {} (amounts in {})",
            r.board, r.on, r.currency
        )?;
        if r.contracts.is_empty() {
            writeln!(f, "\nNo contract to review.")?;
        }
        // Each contract's text on its own, side by side on the machine's cores, written in order.
        let texts: Vec<String> = r
            .contracts
            .par_iter()
            .map(|c| contract_text(c, &r.currency))
            .collect();
        for (c, text) in r.contracts.iter().zip(texts) {
            writeln!(f)?;
            f.write_str(&text)?;
            if let Some(item) = &c.suggested_item {
                writeln!(
                    f,
                    "  Suggested agenda item (paste into a meeting's agenda.toml):"
                )?;
                for line in item.lines() {
                    writeln!(f, "    {line}")?;
                }
            }
        }
        let d = &r.diversity;
        writeln!(f)?;
        writeln!(
            f,
            "Supplier diversity: {} contract{}, {} in all, {} distinct supplier{}",
            d.contracts,
            if d.contracts == 1 { "" } else { "s" },
            d.total_value,
            d.distinct,
            if d.distinct == 1 { "" } else { "s" }
        )?;
        for s in &d.suppliers {
            let scale = match s.scale {
                Some(crate::board::model::BidderScale::Sme) => "SME",
                Some(crate::board::model::BidderScale::Large) => "large",
                None => "size unknown",
            };
            writeln!(
                f,
                "  {:<36} {:>14} {:>7} %  {scale}; {}",
                s.supplier,
                s.value.to_string(),
                s.share.to_string(),
                s.contracts.join(", ")
            )?;
        }
        writeln!(
            f,
            "  HHI {} (0-10000: sum of the squared percentage shares)",
            d.hhi
        )?;
        writeln!(
            f,
            "  SME share {} % ({}); size unknown: {}",
            d.sme_share, d.sme_value, d.unknown_scale_value
        )?;
        for n in &d.notes {
            writeln!(f, "  NOTE: {n}")?;
        }
        Ok(())
    }
}

/// One contract's review as text: the heading, each KPI's table, breaches, remedies, savings.
pub fn contract_text(c: &ContractReview, currency: &str) -> String {
    let mut out = String::new();
    let lot = c
        .lot
        .as_deref()
        .map(|l| format!(", lot {l}"))
        .unwrap_or_default();
    let _ = writeln!(out, "Contract {}: {}", c.id, c.title);
    let _ = writeln!(
        out,
        "  tender {}{lot}, award to bid {}; supplier {}; value {currency} {}; {} to {}",
        c.tender, c.award, c.supplier, c.value, c.start, c.end
    );
    for k in &c.kpis {
        kpi_text(k, currency, &mut out);
    }
    if !c.savings.is_empty() {
        let _ = writeln!(
            out,
            "  Savings per member (method: (baseline - joint unit price) x volume, baseline as the member declared it):"
        );
        for s in &c.savings {
            let _ = writeln!(
                out,
                "    {:<20} {currency} {:>14}  = {}",
                s.member,
                s.savings.to_string(),
                s.method
            );
        }
        total_line(c.savings.iter().map(|s| s.savings), currency, &mut out);
    }
    call_offs_text(c, currency, &mut out);
    for l in &c.left_out {
        let _ = writeln!(out, "  LEFT OUT: {}: {}", l.file, l.reason);
    }
    out
}

/// The call-offs the members reported: each member's total against its ceiling.
fn call_offs_text(c: &ContractReview, currency: &str, out: &mut String) {
    if c.call_off_totals.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  Call-offs reported (orders placed under the contract):"
    );
    for t in &c.call_off_totals {
        let ceiling = match t.ceiling {
            Some(x) if t.over_ceiling => format!(
                "  OVER CEILING: {currency} {} above its ceiling of {currency} {x}",
                (t.total - x).normalize()
            ),
            Some(x) => format!("  (ceiling {currency} {x})"),
            None => String::new(),
        };
        let orders = if t.count == 1 { "order" } else { "orders" };
        let _ = writeln!(
            out,
            "    {:<20} {currency} {:>14}  {} {orders}{ceiling}",
            t.member,
            t.total.to_string(),
            t.count
        );
    }
    total_line(c.call_off_totals.iter().map(|t| t.total), currency, out);
}

/// The `total` line under a table of amounts per member, aligned with its rows.
fn total_line(amounts: impl Iterator<Item = Decimal>, currency: &str, out: &mut String) {
    let total: Decimal = amounts.sum();
    let _ = writeln!(
        out,
        "    {:<20} {currency} {:>14}",
        "total",
        total.normalize().to_string()
    );
}

/// The decimals of one KPI's table as text, each distinct value written once: a table repeats
/// few values many times (hundreds of thousands of cells on a large board). The figures it is
/// given are normalized, so equal values print alike.
#[derive(Default)]
struct Shown(std::collections::HashMap<Decimal, String>);

impl Shown {
    fn get(&mut self, d: Decimal) -> &str {
        self.0.entry(d).or_insert_with(|| d.to_string())
    }
}

/// A cell of a KPI table: a space, then `cell` right-aligned in 9 columns.
fn pad_cell(cell: &str, out: &mut String) {
    out.push(' ');
    for _ in cell.chars().count()..9 {
        out.push(' ');
    }
    out.push_str(cell);
}

fn kpi_text(k: &KpiReview, currency: &str, out: &mut String) {
    let dir = match k.better {
        Better::Higher => "higher is better",
        Better::Lower => "lower is better",
    };
    let _ = writeln!(
        out,
        "  KPI {} \"{}\" ({}, {dir}; target {}, tolerance {}, {})",
        k.id,
        k.name,
        k.unit,
        k.target,
        k.tolerance,
        k.period.word()
    );
    if k.periods.is_empty() {
        let _ = writeln!(out, "    no period has ended yet");
        return;
    }
    let width = k.members.iter().map(String::len).max().unwrap_or(6).max(14);
    let _ = write!(out, "    {:<width$}", "member");
    for p in &k.periods {
        let _ = write!(out, " {:>9}", p.period.to_string());
    }
    out.push('\n');
    // One buffer for every cell: a cell is its value and its marks, right-aligned in 9.
    let mut cell = String::new();
    let mut shown = Shown::default();
    for (i, m) in k.members.iter().enumerate() {
        let _ = write!(out, "    {m:<width$}");
        for p in &k.periods {
            cell.clear();
            match p.cells[i] {
                None => cell.push('-'),
                Some(c) => {
                    cell.push_str(shown.get(c.value));
                    if c.breach {
                        cell.push('!');
                    }
                    if c.outside {
                        cell.push('~');
                    }
                }
            }
            pad_cell(&cell, out);
        }
        out.push('\n');
    }
    for (label, pick) in [("median", 0), ("spread (max-min)", 1)] {
        let _ = write!(out, "    {label:<width$}");
        for p in &k.periods {
            cell.clear();
            match &p.benchmark {
                None => cell.push('-'),
                Some(b) if pick == 0 => {
                    cell.push_str(shown.get(b.median));
                }
                Some(b) => {
                    cell.push_str(shown.get(b.spread));
                }
            }
            pad_cell(&cell, out);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "    (! breach: worse than the target by more than the tolerance; ~ outside the tolerance of the median; - no report)"
    );
    for p in &k.periods {
        let Some(b) = &p.benchmark else { continue };
        if p.outside().next().is_none() {
            continue;
        }
        let _ = write!(
            out,
            "    {}: outside the tolerance of the median {}: ",
            p.period, b.median
        );
        for (n, (m, c)) in p.cells_by_id().filter(|(_, c)| c.outside).enumerate() {
            let sep = if n == 0 { "" } else { ", " };
            let _ = write!(out, "{sep}{m} ({})", shown.get(c.value));
        }
        out.push('\n');
    }
    if k.breaches.is_empty() {
        let _ = writeln!(out, "    Breaches: none");
    } else {
        let _ = writeln!(out, "    Breaches:");
        // What every line shares, and each period's name, written once.
        let against = format!(" {} against target {} (", k.unit, k.target);
        let names: Vec<String> = k.periods.iter().map(|p| p.period.to_string()).collect();
        let name = |p| {
            k.periods
                .binary_search_by(|r| r.period.cmp(&p))
                .map_or_else(|_| p.to_string(), |i| names[i].clone())
        };
        let mut period = (None, String::new());
        for b in &k.breaches {
            if period.0 != Some(b.period) {
                period = (Some(b.period), name(b.period));
            }
            let _ = write!(out, "      BREACH {} {}: ", b.member, period.1);
            out.push_str(shown.get(b.value));
            out.push_str(&against);
            out.push_str(shown.get(b.shortfall));
            out.push_str(if b.shortfall == Decimal::ONE {
                " point short)\n"
            } else {
                " points short)\n"
            });
        }
    }
    if let Some(cl) = &k.clause {
        let _ = writeln!(out, "    Remedy clause: {cl}");
    }
    for r in &k.remedies {
        let (first, last) = r.span();
        let how = match r.rate {
            Rate::Percent(p) => format!(
                "{} points x {} % = {} %{} of {currency} {} (its part of the value)",
                r.points,
                p.normalize(),
                r.uncapped,
                cap_words(r, " %"),
                r.base.unwrap_or_default()
            ),
            Rate::Amount(a) => format!(
                "{} points x {currency} {} = {currency} {}{}",
                r.points,
                a.normalize(),
                r.uncapped,
                cap_words(r, "")
            ),
        };
        let _ = writeln!(
            out,
            "    REMEDY {}: {} breached periods in a row ({first} to {last}): {how}: price reduction {currency} {}",
            r.member,
            r.periods.len(),
            r.amount
        );
    }
}

/// ", capped at 5 %" when the cap applied.
fn cap_words(r: &super::figures::RemedyFigure, suffix: &str) -> String {
    if !r.capped {
        return String::new();
    }
    match r.rate {
        Rate::Percent(_) => format!(", capped at {}{suffix},", r.applied),
        Rate::Amount(_) => format!(", capped at {}", r.applied),
    }
}

/// The figures of one contract as the minutes print them under a `contract_review` item: the
/// review of that contract on the meeting's date, as text. `None` when the contract files
/// cannot be read or have errors.
pub fn minutes_table(board: &Board, contract: &str, on: chrono::NaiveDate) -> Option<String> {
    minutes_tables(board, &[contract], on).pop().flatten()
}

/// [`minutes_table`] for several contracts, the board's contracts read once: one table (or none)
/// per contract, in the order given.
pub fn minutes_tables(
    board: &Board,
    contracts: &[&str],
    on: chrono::NaiveDate,
) -> Vec<Option<String>> {
    let c = super::load(board);
    if c.has_errors() {
        return contracts.iter().map(|_| None).collect();
    }
    contracts
        .iter()
        .map(|id| {
            let r = super::review(board, &c, on, Some(id));
            r.contracts
                .first()
                .map(|one| contract_text(one, &r.currency))
        })
        .collect()
}
