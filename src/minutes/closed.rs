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
