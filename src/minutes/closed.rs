//! Closed sessions in the minutes.
//!
//! - [`public_line`]: what the public minutes say of a closed session: its ground, who attended,
//!   its start and end, the seal of the closed record, and any result reported out. Nothing said
//!   in closed session: that is in the closed journal, which the public minutes never read.

use crate::phrases::{Catalogue, fill};
use crate::record::event::Event;

/// The public minutes' line for a closed-session event (`closed_session_began`,
/// `closed_session_ended`, `reported_out`); empty for any other event.
pub fn public_line(
    event: &Event,
    time: &str,
    cat: &Catalogue,
    member: &dyn Fn(&str) -> String,
) -> String {
    let list = |names: &[String]| {
        if names.is_empty() {
            cat.none.to_string()
        } else {
            names.join(", ")
        }
    };
    match event {
        Event::ClosedSessionBegan(b) => {
            let members: Vec<String> = b.members.iter().map(|m| member(m)).collect();
            fill(
                cat.closed_began,
                &[
                    ("time", time),
                    ("ground", &b.ground_text),
                    ("members", &list(&members)),
                    ("staff", &list(&b.staff)),
                ],
            )
        }
        Event::ClosedSessionEnded(e) => fill(
            cat.closed_ended,
            &[
                ("time", time),
                ("lines", &e.lines.to_string()),
                ("bytes", &e.bytes.to_string()),
                ("sha", &e.sha256),
            ],
        ),
        Event::ReportedOut(r) => fill(cat.reported_out, &[("time", time), ("text", &r.text)]),
        _ => String::new(),
    }
}

/// What `minutes verify` says of one meeting's closed records: a line per closed session, and
/// the problems found.
#[derive(Clone, Debug, Default)]
pub struct ClosedCheck {
    /// One line per closed session: verified, or not seen and why.
    pub lines: Vec<String>,
    /// What fails (file relative to the board, message).
    pub problems: Vec<(String, String)>,
}

/// Checks the closed records of meeting `id` whose public journal holds `records`: where the
/// closed journal is present, its chain, and every seal of the public journal against its bytes
/// (`record::closed::check_commitments`); where it is not, says so plainly.
pub fn verify(
    board: &crate::board::Board,
    id: &str,
    records: &[crate::record::journal::Record<Event>],
) -> ClosedCheck {
    use crate::meeting::closed::{closed_journal, where_kept};
    let mut out = ClosedCheck::default();
    let sealed: Vec<&crate::record::closed::ClosedSessionEnded> = records
        .iter()
        .filter_map(|r| match &r.event {
            Event::ClosedSessionEnded(e) => Some(e),
            _ => None,
        })
        .collect();
    let open = records
        .iter()
        .filter(|r| matches!(r.event, Event::ClosedSessionBegan(_)))
        .count()
        > sealed.len();
    if sealed.is_empty() && !open {
        return out;
    }
    let path = closed_journal(board, id);
    let shown = where_kept(board, id);
    let file = format!("{shown}/{}", crate::meeting::closed::CLOSED_JOURNAL);
    if !crate::record::reader::journal_present(&path) {
        for e in &sealed {
            out.lines.push(format!(
                "closed record of item {}: not in this repository (kept in {shown}); not verified",
                e.item
            ));
        }
        return out;
    }
    if let Err(e) = crate::record::journal::verify(&path) {
        out.problems.push((file, e.to_string()));
        return out;
    }
    let bytes = match crate::limits::read_file(&path, crate::limits::JOURNAL_MAX) {
        Ok(b) => b,
        Err(e) => {
            out.problems.push((file, e.to_string()));
            return out;
        }
    };
    match crate::record::closed::check_commitments(records, &bytes) {
        Ok(()) => {
            for e in &sealed {
                out.lines.push(format!(
                    "closed record of item {}: sealed and verified ({file}, first {} bytes, SHA-256 {})",
                    e.item, e.bytes, e.sha256
                ));
            }
        }
        Err(b) => out.problems.push((file, b.message)),
    }
    out
}
