//! A `contract_review` item on the agenda screen: the figures the board reviews (each KPI's
//! values per member and period against the target, the benchmark across members, breaches and
//! the remedy the clause gives), as the minutes print them. Breaches and remedies are written in
//! words (`BREACH`, `REMEDY`) and marked by symbols (`!` breach, `~` outside the median's
//! tolerance, `-` no report) as well as by colour.

use ratatui::text::{Line, Span};

use crate::tui::app::Model;

/// The review table of item `item`, if it is a `contract_review` item whose figures could be read.
pub(super) fn table<'a>(model: &'a Model, item: &str) -> Option<&'a str> {
    model.info.contract_tables.get(item).map(String::as_str)
}

/// The table's lines, styled by what they say.
pub(super) fn lines(model: &Model, table: &str) -> Vec<Line<'static>> {
    let t = &model.theme;
    let mut out = vec![Line::styled(
        "Figures reviewed (as the minutes will print them):",
        t.title,
    )];
    for l in table.lines() {
        let trimmed = l.trim_start();
        let style = if trimmed.starts_with("BREACH") {
            Some(t.bad)
        } else if trimmed.starts_with("REMEDY") || trimmed.starts_with("NOTE") {
            Some(t.warn)
        } else if trimmed.starts_with("KPI ") || trimmed.starts_with("Contract ") {
            Some(t.title)
        } else if trimmed.starts_with('(') {
            Some(t.dim)
        } else {
            None
        };
        out.push(match style {
            Some(s) => Line::from(Span::styled(l.to_string(), s)),
            None => Line::raw(l.to_string()),
        });
    }
    out
}
