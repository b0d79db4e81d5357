//! Checks of board.toml's `[written_procedure]`: known decision kinds and launching roles, an
//! answering period that can be met, a known deciding rule, a share between 0 and 1.

use std::path::Path;

use rust_decimal::Decimal;

use crate::board::load::Board;
use crate::board::written::{DECIDE_BY, LAUNCHERS};
use crate::diag::{Diagnostic, list};

/// Checks `[written_procedure]`.
pub fn check(board: &Board) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Some(src) = board.sources.get(Path::new("board.toml")) else {
        return diags;
    };
    let Some(cfg) = &board.file.written_procedure else {
        return diags;
    };
    let kinds = crate::board::resolve::decision_rules(board);
    let names: Vec<&str> = kinds.keys().map(String::as_str).collect();
    let mut seen = Vec::new();
    for k in &cfg.kinds {
        if !kinds.contains_key(k.get_ref()) {
            diags.push(
                src.error(k.span(), format!("unknown decision kind `{}`", k.get_ref()))
                    .with_hint(format!("decision kinds of this board: {}", list(&names))),
            );
        } else if seen.contains(k.get_ref()) {
            diags.push(src.error(k.span(), format!("kind `{}` is listed twice", k.get_ref())));
        }
        seen.push(k.get_ref().clone());
    }
    let mut seen = Vec::new();
    for l in &cfg.launchers {
        let role = l.get_ref().as_str();
        if !LAUNCHERS.contains(&role) {
            diags.push(
                src.error(l.span(), format!("unknown launching role `{role}`"))
                    .with_hint(format!("launchers: {}", list(LAUNCHERS))),
            );
        } else if seen.contains(&role) {
            diags.push(src.error(l.span(), format!("role `{role}` is listed twice")));
        } else if role == "secretary" && board.file.board.secretary.is_none() {
            diags.push(
                src.error(
                    l.span(),
                    "the secretary may launch, but [board] names no secretary",
                )
                .with_hint("add `secretary = \"<name>\"` to [board]"),
            );
        } else if role == "chair" && board.file.rotation.is_none() {
            diags.push(
                src.error(
                    l.span(),
                    "the chair may launch, but the board has no [rotation] to say who chairs",
                )
                .with_hint("add a [rotation] table, or let the secretary launch"),
            );
        }
        seen.push(role);
    }
    if let Some(d) = &cfg.min_days
        && *d.get_ref() == 0
    {
        diags.push(
            src.error(
                d.span(),
                "min_days is 0: members need at least a day to answer",
            )
            .with_hint("give a number of days, 1 or more"),
        );
    }
    if let Some(max) = &cfg.max_days
        && *max.get_ref() < cfg.min_days()
    {
        diags.push(
            src.error(
                max.span(),
                format!(
                    "max_days {} is shorter than min_days {}: no deadline can be set",
                    max.get_ref(),
                    cfg.min_days()
                ),
            )
            .with_hint("max_days is the longest answering period, min_days the shortest"),
        );
    }
    if let Some(d) = &cfg.decide_by
        && !DECIDE_BY.contains(&d.get_ref().as_str())
    {
        diags.push(
            src.error(d.span(), format!("unknown deciding rule `{}`", d.get_ref()))
                .with_hint(format!("decide_by: {}", list(DECIDE_BY))),
        );
    }
    if let Some(s) = &cfg.min_answer_weight_share {
        let v = *s.get_ref();
        if v <= Decimal::ZERO || v > Decimal::ONE {
            diags.push(
                src.error(
                    s.span(),
                    format!("min_answer_weight_share {v} is not a share of the weight"),
                )
                .with_hint("a decimal fraction above 0 and at most 1, e.g. 0.5 for half"),
            );
        }
    }
    diags
}
