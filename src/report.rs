//! Text and JSON forms of a tender evaluation (`procboard score`).

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use crate::tender::TenderEvaluation;

/// The flat JSON `procboard score --json` prints: one entry per bid with `bid`, `status`, `total`,
/// `rank` and points per criterion, then the flags, refused sheets, awards and the full detail.
pub fn score_json(e: &TenderEvaluation) -> Value {
    let bids: Vec<Value> = e
        .bids()
        .map(|(lot, r)| {
            let criteria: serde_json::Map<String, Value> = r
                .quality
                .iter()
                .map(|c| (c.criterion.clone(), json!(c.points)))
                .collect();
            json!({
                "bid": r.bid,
                "lot": lot.lot,
                "status": r.status,
                "reason": r.reason,
                "price": r.price,
                "price_points": r.price_points,
                "quality_total": r.quality_total,
                "criteria": criteria,
                "total": r.total,
                "rank": r.rank,
                "decide_by_lot": r.decide_by_lot,
                "explanation": r.explanation,
            })
        })
        .collect();
    let flags: Vec<Value> = e
        .lots
        .iter()
        .flat_map(|l| l.moderated.flagged())
        .map(|m| {
            json!({
                "bid": m.bid,
                "criterion": m.criterion,
                "spread": m.spread,
                "scores": m.individual,
            })
        })
        .collect();
    json!({
        "tender": e.tender,
        "title": e.title,
        "currency": e.currency,
        "on": e.on,
        "provisional": e.provisional(),
        "provisional_reasons": e.provisional_reasons(),
        "panel": e.panel,
        "bids": bids,
        "flags": flags,
        "refused": e.refused,
        "awards": e.awards,
        "lots": e.lots,
    })
}

/// The evaluation as a table for the terminal.
pub struct ScoreTable<'a>(pub &'a TenderEvaluation);

impl fmt::Display for ScoreTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        writeln!(f, "Tender {}: {}", e.tender, e.title)?;
        writeln!(
            f,
            "Price weight {} ({}); quality {} over {} criteria, scale 0–{}, moderation by {}",
            e.scheme.price_weight.normalize(),
            formula_name(&e.scheme.formula),
            e.scheme.quality_weight().normalize(),
            e.scheme.criteria.len(),
            e.scheme.scale_max.normalize(),
            match e.scheme.moderation {
                crate::rules::scoring::Moderation::Mean => "mean",
                crate::rules::scoring::Moderation::Consensus => "consensus",
            }
        )?;
        if let Some(t) = e.scheme.threshold {
            writeln!(
                f,
                "Minimum quality: {} points (applied before price scoring)",
                t.normalize()
            )?;
        }
        writeln!(
            f,
            "Panel: {}",
            if e.panel.is_empty() {
                "no sheets yet".to_string()
            } else {
                e.panel.join(", ")
            }
        )?;
        for r in &e.refused {
            writeln!(f, "REFUSED {} ({}): {}", r.member, r.source, r.reason)?;
        }
        for lot in &e.lots {
            writeln!(f)?;
            if let Some(l) = &lot.lot {
                writeln!(f, "Lot {l}: {}", lot.title.as_deref().unwrap_or(""))?;
            }
            let crits: Vec<&str> = e.scheme.criteria.iter().map(|c| c.id.as_str()).collect();
            let width = crits
                .iter()
                .map(|c| c.len())
                .max()
                .unwrap_or(4)
                .clamp(6, 12);
            write!(f, "{:>4}  {:<10} {:<13}", "rank", "bid", "status")?;
            for c in &crits {
                let short: String = c.chars().take(width).collect();
                write!(f, " {short:>width$}")?;
            }
            writeln!(f, " {:>8} {:>8}", "price", "TOTAL")?;
            for r in &lot.evaluation.results {
                let rank = match (r.rank, r.decide_by_lot) {
                    (Some(n), true) => format!("{n}="),
                    (Some(n), false) => n.to_string(),
                    (None, _) => "-".into(),
                };
                write!(
                    f,
                    "{rank:>4}  {:<10} {:<13}",
                    r.bid,
                    r.status.to_string().to_uppercase()
                )?;
                for c in &crits {
                    let pts = r
                        .quality
                        .iter()
                        .find(|q| q.criterion == *c)
                        .map(|q| shown(q.points))
                        .unwrap_or_else(|| "-".into());
                    write!(f, " {pts:>width$}")?;
                }
                let price = r.price_points.map(shown).unwrap_or_else(|| "-".into());
                let total = r
                    .total
                    .map(|t| format!("{t:.2}"))
                    .unwrap_or_else(|| "-".into());
                writeln!(f, " {price:>8} {total:>8}")?;
                if let Some(reason) = &r.reason {
                    writeln!(f, "{:>16}{reason}", "")?;
                }
            }
            if lot.evaluation.provisional {
                writeln!(
                    f,
                    "PROVISIONAL: {}",
                    lot.evaluation.provisional_reasons.join("; ")
                )?;
            }
            for t in &lot.evaluation.ties {
                writeln!(f, "TIE: {}", t.text)?;
            }
            life_cycle_lines(f, &lot.evaluation.results)?;
            for n in &lot.evaluation.notes {
                writeln!(f, "note: {n}")?;
            }
            for p in &lot.evaluation.problems {
                writeln!(f, "PROBLEM: {p}")?;
            }
            for m in lot.moderated.flagged() {
                let scores: Vec<String> = m
                    .individual
                    .iter()
                    .map(|(who, s)| format!("{who} {}", s.normalize()))
                    .collect();
                writeln!(
                    f,
                    "SPREAD {} / {}: {} ({}) — discuss before moderation",
                    m.bid,
                    m.criterion,
                    m.spread
                        .map(|s| s.normalize().to_string())
                        .unwrap_or_default(),
                    scores.join(", ")
                )?;
            }
            for w in &lot.moderated.warnings {
                writeln!(f, "warning: {w}")?;
            }
        }
        for a in &e.awards {
            writeln!(f)?;
            let lot = a
                .lot
                .as_ref()
                .map(|l| format!(" (lot {l})"))
                .unwrap_or_default();
            writeln!(
                f,
                "Award{lot}: bid {} ({}) — {} on {}: {}",
                a.bid,
                a.bidder,
                a.status.code().to_uppercase(),
                e.on.format("%Y-%m-%d"),
                a.reason
            )?;
            if let Some(s) = &a.standstill {
                writeln!(f, "  standstill: {}", s.explanation)?;
            }
        }
        Ok(())
    }
}

fn formula_name(p: &crate::rules::scoring::PriceFormula) -> String {
    use crate::rules::scoring::PriceFormula::*;
    match p {
        Proportional => "proportional".into(),
        Linear { .. } => "linear".into(),
        RelativeToLowest => "relative to the lowest".into(),
        Logarithmic { zero_ratio } => {
            format!("logarithmic, zero at {} × lowest", zero_ratio.normalize())
        }
    }
}

/// A figure of the table: rounded half up (never half to even) to 2 decimals, trailing zeros
/// dropped: 5.625 shows as 5.63, 35.10 as 35.1.
pub fn shown(d: Decimal) -> String {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// Each bid's life-cycle cost, line by line, for a tender evaluated on it.
fn life_cycle_lines(
    f: &mut std::fmt::Formatter<'_>,
    results: &[crate::rules::scoring::BidResult],
) -> std::fmt::Result {
    for r in results.iter().filter(|r| !r.price_basis.is_empty()) {
        writeln!(f, "life-cycle cost of bid {}:", r.bid)?;
        for line in &r.price_basis {
            writeln!(f, "  {line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn table_figures_round_half_up() {
        // Issue #7 item 7: 5.625 showed as 5.62 (half to even).
        assert_eq!(shown(dec!(5.625)), "5.63");
        assert_eq!(shown(dec!(0.125)), "0.13");
        assert_eq!(shown(dec!(5.624999)), "5.62");
        assert_eq!(shown(dec!(35.10)), "35.1");
        assert_eq!(shown(dec!(24)), "24");
    }
}
