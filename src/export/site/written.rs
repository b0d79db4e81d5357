//! `written.html`: the decisions taken between meetings by written procedure
//! (docs/written-procedure.md): each proposal, every answer (counted or refused, and why) and the
//! result, as `procboard written status` gives them on the site's date.

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};

use super::html::{esc, table_end, table_head};
use crate::board::Board;

/// The end of `as_of` (UTC): what the site's date has seen.
fn end_of(as_of: NaiveDate) -> DateTime<Utc> {
    as_of
        .and_hms_opt(23, 59, 59)
        .map_or_else(Utc::now, |t| t.and_utc())
}

/// The page.
pub fn written(board: &Board, as_of: NaiveDate) -> String {
    let ids = crate::written::procedure_ids(board);
    let now = end_of(as_of);
    let mut s = String::from(
        "<h1>Decisions in writing</h1>\n<p>Between meetings the board decides some matters by written procedure: the proposal goes to every member, each answers in writing, signed, by the deadline, and the board's rule decides. Each proposal, answer and result is signed; the files are in the board's repository.</p>\n",
    );
    let mut shown = 0;
    for id in ids {
        let st = match crate::written::status::status(board, &id, now) {
            // A procedure opened after the site's date is not part of it yet.
            Ok(st) if crate::written::parse_time(&st.opened).is_some_and(|t| t > now) => continue,
            Ok(st) => st,
            Err((file, message)) => {
                let _ = writeln!(
                    s,
                    "<h2 id=\"{0}\">{0}</h2>\n<p><span class=\"badge fail\">FAILED</span> {1}: {2}</p>",
                    esc(&id),
                    esc(&file),
                    esc(&message)
                );
                continue;
            }
        };
        let outcome = st.result.as_ref().map_or_else(
            || format!("{} (no result yet)", st.state.to_uppercase()),
            |r| r.outcome.replace('_', " ").to_uppercase(),
        );
        let _ = writeln!(
            s,
            "<h2 id=\"{}\">{}</h2>\n<blockquote><p>{}</p></blockquote>\n<dl>\n<dt>Kind of decision</dt><dd>{}</dd>\n<dt>Opened</dt><dd>{}</dd>\n<dt>Deadline</dt><dd>{}</dd>\n<dt>Result</dt><dd><span class=\"badge\">{}</span> {}</dd>\n</dl>",
            esc(&st.id),
            esc(&st.id),
            esc(&st.text),
            esc(&st.kind),
            esc(&st.opened),
            esc(&st.deadline),
            esc(&outcome),
            esc(st
                .result
                .as_ref()
                .map_or(st.needed.as_str(), |r| r.explanation.as_str())),
        );
        shown += 1;
        table_head(
            &mut s,
            "answers",
            &format!("Answers to {}", st.id),
            &[
                ("Member", false),
                ("Answer", false),
                ("Answered", false),
                ("Signed by", false),
                ("Counted", false),
            ],
        );
        for a in &st.answers {
            let counted = if a.valid {
                "yes".to_string()
            } else {
                format!("no: {}", a.reason.as_deref().unwrap_or("refused"))
            };
            let _ = writeln!(
                s,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&a.member),
                esc(a.answer.as_deref().unwrap_or("—")),
                esc(a.answered.as_deref().unwrap_or("—")),
                esc(a.signer.as_deref().unwrap_or("—")),
                esc(&counted),
            );
        }
        table_end(&mut s);
        if !st.silent.is_empty() {
            let _ = writeln!(s, "<p>Did not answer: {}.</p>", esc(&st.silent.join(", ")));
        }
    }
    if shown == 0 {
        let _ = writeln!(
            s,
            "<p>No decision had been taken in writing by {as_of}.</p>"
        );
    }
    s
}
