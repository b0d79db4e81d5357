//! After the award: contracts, their KPIs and the members' reports (`contracts/`), checked
//! against the board and its tenders, and reviewed (`procboard contracts`): each member's values
//! per period against the target, the benchmark across members, breaches, the remedy the
//! contract's clause gives, each member's savings and the supplier diversity across contracts.
//!
//! ```text
//! contracts/<id>.toml                              a contract, from one award
//! contracts/<id>/reports/<period>/<member>.toml    a member's report for a period (2025-Q1,
//!                                                  2025-03, 2025); <member>.toml.sig its signature
//! ```
//! docs/contracts.md documents the files, the command, every diagnostic and every formula.
//! Nothing here reads the clock: the review date comes in as `on`.

pub mod figures;
pub mod load;
pub mod model;
pub mod review;
pub mod synthetic;
pub mod text;

use chrono::NaiveDate;

pub use load::{Contracts, load};
pub use review::{Review, review};

use crate::board::Board;
use crate::board::model::ItemKind;
use crate::diag::{Diagnostic, Source, did_you_mean, list};

/// What `procboard check` adds for contracts: every problem of the contract and report files,
/// agenda items that review an unknown contract, and the reports overdue on `on` (warnings).
pub fn check(board: &Board, on: NaiveDate) -> Vec<Diagnostic> {
    let c = load(board);
    let mut out = c.diagnostics.clone();
    out.extend(agenda_references(board, &c));
    out.extend(overdue(board, &c, on));
    crate::diag::sort(&mut out);
    out
}

/// `contract_review` items naming a contract with no file.
fn agenda_references(board: &Board, c: &Contracts) -> Vec<Diagnostic> {
    let ids: Vec<&str> = c.docs.iter().map(|d| d.id.as_str()).collect();
    let mut out = Vec::new();
    for m in &board.meetings {
        let Some(src) = board.sources.get(&m.path) else {
            continue;
        };
        for item in &m.agenda.items {
            if *item.kind.get_ref() != ItemKind::ContractReview {
                continue;
            }
            let Some(k) = &item.contract else { continue };
            if !ids.contains(&k.get_ref().as_str()) {
                let hint = did_you_mean(k.get_ref(), ids.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                out.push(
                    src.error(k.span(), format!("unknown contract `{}`", k.get_ref()))
                        .with_hint(format!("{hint}contracts: {}", list(&ids))),
                );
            }
        }
    }
    out
}

/// The reports overdue on `on`: a member that reports a KPI has no report for a period of the
/// contract that ended more than the board's grace days (`[contracts] grace_days`, default 30)
/// before `on`. One warning per member and period, at the member's entry in the contract file.
pub fn overdue(board: &Board, c: &Contracts, on: NaiveDate) -> Vec<Diagnostic> {
    let grace = i64::from(board.file.contracts.grace_days);
    let mut out = Vec::new();
    for doc in &c.docs {
        let Some(src) = c.sources.get(&doc.path) else {
            continue;
        };
        let filed: std::collections::BTreeMap<(model::Period, &str), &load::ReportDoc> = doc
            .reports
            .iter()
            .map(|r| ((r.period, r.stem.as_str()), r))
            .collect();
        // (period, member) → the KPIs due.
        let mut due: std::collections::BTreeMap<(model::Period, String), Vec<&str>> =
            std::collections::BTreeMap::new();
        for k in &doc.file.kpis {
            for p in review::periods_ended(doc, k.period, on) {
                if (on - p.end()).num_days() <= grace {
                    continue;
                }
                for m in review::reporters(doc, k) {
                    let has = filed
                        .get(&(p, m.as_str()))
                        .is_some_and(|r| r.file.values.contains_key(k.id.get_ref()));
                    if !has {
                        due.entry((p, m)).or_default().push(k.id.get_ref());
                    }
                }
            }
        }
        for ((p, m), kpis) in due {
            let at = doc
                .file
                .members
                .iter()
                .find(|s| s.member.get_ref() == &m)
                .map_or(0..0, |s| s.member.span());
            let by = p.end() + chrono::Duration::days(grace);
            let what = if filed.contains_key(&(p, m.as_str())) {
                format!("has no value for {} in its report", quoted(&kpis))
            } else {
                format!("has not reported {}", quoted(&kpis))
            };
            out.push(
                Source::error(
                    src,
                    at,
                    format!(
                        "report overdue: `{m}` {what} for {p} (ended {}, due by {by})",
                        p.end()
                    ),
                )
                .with_hint(format!(
                    "add contracts/{}/reports/{p}/{m}.toml; [contracts] grace_days = {grace}",
                    doc.id
                ))
                .warning(),
            );
        }
    }
    out
}

fn quoted(ids: &[&str]) -> String {
    let v: Vec<String> = ids.iter().map(|s| format!("`{s}`")).collect();
    v.join(", ")
}
