//! Closed sessions: an agenda item held without the public, on a ground board.toml lists.
//!
//! What happens in the room while a closed item is open goes into a second hash-chained journal,
//! the *closed journal* (`meetings/<id>/closed/journal.jsonl`, or `<records>/<id>/journal.jsonl`
//! when board.toml's `[closed_session] records` keeps closed records elsewhere). It has the same
//! format and the same crash-safety as the public journal ([`crate::record::journal`]).
//!
//! The public journal records only that a closed session was held:
//! - [`ClosedSessionBegan`]: the item, its ground (id and words), the members present and the
//!   staff who stayed;
//! - [`ClosedSessionEnded`]: the commitment to the closed record: the number of lines and bytes
//!   of the closed journal at that moment, and the SHA-256 of exactly those bytes (the file from
//!   its first byte through the newline of its last line, as `head -c <bytes> | sha256sum`
//!   computes it);
//! - [`ReportedOut`]: a result the board announces in public after the session.
//!
//! The public chain replays and verifies alone: nothing in it depends on the closed journal. A
//! closed journal, when it is present (or released later), is proven to be the one sealed by
//! [`check_commitments`]. Which events go to the closed journal is [`kept_closed`]'s answer.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::record::event::{Event, RecusalScope};
use crate::record::journal::Record;
use crate::record::state::{EventError, MeetingState, MotionStatus};

pub use crate::record::event::{ClosedItem, ClosedSessionBegan, ClosedSessionEnded, ReportedOut};

/// A closed session as the public record knows it.
#[derive(Clone, Debug, Serialize)]
pub struct HeldSession {
    /// The item.
    pub item: String,
    /// The ground's id.
    pub ground: String,
    /// The ground in words.
    pub ground_text: String,
    /// Members present at the start.
    pub members: Vec<String>,
    /// Staff who stayed.
    pub staff: Vec<String>,
    /// When it began.
    pub began_at: DateTime<Utc>,
    /// When it ended (`None` while it is open).
    pub ended_at: Option<DateTime<Utc>>,
    /// The commitment, once ended.
    pub sealed: Option<ClosedSessionEnded>,
    /// How many motions the meeting had when it began: the ones after are the session's.
    #[serde(skip)]
    pub motions_before: usize,
}

/// The closed sessions of a meeting, and what was reported out.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ClosedSessions {
    /// Every session, in order; the last is open while `open` is true.
    pub held: Vec<HeldSession>,
    /// Whether the last session is still open.
    pub open: bool,
    /// Results reported out: (item, text, time).
    pub reported_out: Vec<(String, String, DateTime<Utc>)>,
}

impl ClosedSessions {
    /// The open session, if any.
    pub fn current(&self) -> Option<&HeldSession> {
        if self.open { self.held.last() } else { None }
    }

    /// Lines and bytes of the closed journal sealed so far.
    pub fn sealed_len(&self) -> (u64, u64) {
        self.held
            .iter()
            .rev()
            .find_map(|s| s.sealed.as_ref().map(|e| (e.lines, e.bytes)))
            .unwrap_or((0, 0))
    }
}

/// Whether `event`, recorded while a closed session is open, goes to the closed journal. The
/// meeting's frame stays public: opening, attendance, proxies, who presides, disputes, witness
/// statements, items, adjournment and the closed-session events themselves. Everything else
/// said or decided in the room is closed.
pub fn kept_closed(event: &Event) -> bool {
    !matches!(
        event,
        Event::MeetingOpened(_)
            | Event::Attendance { .. }
            | Event::AttendanceCorrected { .. }
            | Event::Proxy { .. }
            | Event::Presiding(_)
            | Event::DisputeLodged(_)
            | Event::DisputeStatusChanged(_)
            | Event::WitnessCited { .. }
            | Event::ItemOpened { .. }
            | Event::ItemClosed { .. }
            | Event::ItemDeferred { .. }
            | Event::Adjourned {}
            | Event::ClosedSessionBegan(_)
            | Event::ClosedSessionEnded(_)
            | Event::ReportedOut(_)
    )
}

fn refuse<T>(message: impl Into<String>) -> Result<T, EventError> {
    Err(EventError {
        message: message.into(),
    })
}

impl MeetingState {
    /// The closed-session checks of `event`: the three closed-session kinds, and what may not
    /// happen while a closed session is open. `Ok` for every other event.
    pub(crate) fn check_closed(&self, event: &Event) -> Result<(), EventError> {
        match event {
            Event::ClosedSessionBegan(b) => return self.check_began(b),
            Event::ClosedSessionEnded(e) => return self.check_ended(e),
            Event::ReportedOut(r) => return self.check_reported_out(r),
            _ => {}
        }
        let Some(open) = self.closed.current() else {
            return Ok(());
        };
        let item = &open.item;
        let end_first = |what: &str| {
            refuse(format!(
                "item `{item}` is in closed session: record `closed_session_ended` before {what}"
            ))
        };
        match event {
            Event::ItemOpened { .. } => end_first("opening another item"),
            Event::ItemClosed { .. } | Event::ItemDeferred { .. } => end_first("closing the item"),
            Event::Adjourned {} => end_first("adjourning"),
            Event::MotionMoved(m) if &m.item != item => refuse(format!(
                "item `{item}` is in closed session: a motion now is on that item, not `{}`",
                m.item
            )),
            Event::Note { item: Some(i), .. } if i != item => refuse(format!(
                "item `{item}` is in closed session: a note now is about that item, not `{i}`"
            )),
            Event::Recusal {
                scope: RecusalScope::Item(i),
                ..
            } if i != item => refuse(format!(
                "item `{item}` is in closed session: a recusal now is from that item, not `{i}`"
            )),
            _ => Ok(()),
        }
    }

    fn check_began(&self, b: &ClosedSessionBegan) -> Result<(), EventError> {
        if let Some(open) = self.closed.current() {
            return refuse(format!("item `{}` is already in closed session", open.item));
        }
        if self.current_item().map(|i| i.id.as_str()) != Some(b.item.as_str()) {
            return refuse(format!(
                "item `{}` is not the item open now: open it first (`item_opened`)",
                b.item
            ));
        }
        let Some(closed) = self
            .ctx
            .items
            .iter()
            .find(|i| i.id == b.item)
            .and_then(|i| i.closed.as_ref())
        else {
            return refuse(format!(
                "item `{}` is not held in closed session: its agenda entry gives no `session = \"closed\"` with a `ground`",
                b.item
            ));
        };
        if b.ground != closed.ground {
            return refuse(format!(
                "item `{}` is held on ground `{}`, not `{}`",
                b.item, closed.ground, b.ground
            ));
        }
        if let Some(s) = b.staff.iter().find(|s| !closed.staff.contains(s)) {
            return refuse(format!(
                "{s} is not staff who may stay in closed session; board.toml lists: {}",
                crate::diag::list(&closed.staff.iter().map(String::as_str).collect::<Vec<_>>())
            ));
        }
        if let Some(m) = b.members.iter().find(|m| !self.is_present(m)) {
            return refuse(format!("member `{m}` is not present"));
        }
        Ok(())
    }

    fn check_ended(&self, e: &ClosedSessionEnded) -> Result<(), EventError> {
        let Some(open) = self.closed.current() else {
            return refuse("no closed session is open");
        };
        if open.item != e.item {
            return refuse(format!(
                "the closed session open is on item `{}`, not `{}`",
                open.item, e.item
            ));
        }
        if let Some(m) = self.motions.iter().skip(open.motions_before).find(|m| {
            matches!(
                m.status,
                MotionStatus::Debate | MotionStatus::Voting | MotionStatus::Tied
            )
        }) {
            return refuse(format!(
                "motion `{}` of the closed session is not decided: close its vote or withdraw it first",
                m.id
            ));
        }
        let (lines, bytes) = self.closed.sealed_len();
        if e.lines < lines || e.bytes < bytes {
            return refuse(format!(
                "the closed journal cannot shrink: sealed before at {lines} lines, {bytes} bytes; now {} lines, {} bytes",
                e.lines, e.bytes
            ));
        }
        if e.sha256.len() != 64
            || !e
                .sha256
                .bytes()
                .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        {
            return refuse("`sha256` must be 64 lowercase hex digits");
        }
        Ok(())
    }

    fn check_reported_out(&self, r: &ReportedOut) -> Result<(), EventError> {
        if r.text.trim().is_empty() {
            return refuse("`text` is empty: say what the board announces");
        }
        if self.closed.current().is_some() {
            return refuse(
                "the closed session is still open: end it (`closed_session_ended`) before reporting out",
            );
        }
        if !self
            .closed
            .held
            .iter()
            .any(|s| s.item == r.item && s.sealed.is_some())
        {
            return refuse(format!(
                "item `{}` has had no closed session in this meeting",
                r.item
            ));
        }
        Ok(())
    }

    /// Applies a closed-session event (after its check).
    pub(crate) fn apply_closed(&mut self, at: DateTime<Utc>, event: &Event) {
        match event {
            Event::ClosedSessionBegan(b) => {
                let motions_before = self.motions.len();
                self.closed.held.push(HeldSession {
                    item: b.item.clone(),
                    ground: b.ground.clone(),
                    ground_text: b.ground_text.clone(),
                    members: b.members.clone(),
                    staff: b.staff.clone(),
                    began_at: at,
                    ended_at: None,
                    sealed: None,
                    motions_before,
                });
                self.closed.open = true;
            }
            Event::ClosedSessionEnded(e) => {
                if let Some(s) = self.closed.held.last_mut() {
                    s.ended_at = Some(at);
                    s.sealed = Some(e.clone());
                }
                self.closed.open = false;
            }
            Event::ReportedOut(r) => {
                self.closed
                    .reported_out
                    .push((r.item.clone(), r.text.clone(), at));
            }
            _ => {}
        }
    }

    /// The closed item open now with its ground, if a closed session is open.
    pub fn closed_now(&self) -> Option<&HeldSession> {
        self.closed.current()
    }
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The seal of a closed journal whose bytes are `bytes` and that holds `lines` lines.
pub fn seal(item: &str, lines: u64, bytes: &[u8]) -> ClosedSessionEnded {
    ClosedSessionEnded {
        item: item.to_string(),
        lines,
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    }
}

/// A closed journal that does not match what the public journal sealed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// The public journal's line of the `closed_session_ended` that does not hold (0: none,
    /// the closed journal has lines no session sealed).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// Checks the closed journal's bytes against every seal in the public records: each
/// `closed_session_ended` must hash the closed journal's first `bytes` bytes to its `sha256`,
/// and, unless a closed session is still open at the end of the public journal, the closed
/// journal holds nothing after the last seal.
pub fn check_commitments(public: &[Record<Event>], closed: &[u8]) -> Result<(), Broken> {
    let mut open = false;
    let mut last = 0u64;
    for r in public {
        match &r.event {
            Event::ClosedSessionBegan(_) => open = true,
            Event::ClosedSessionEnded(e) => {
                open = false;
                let Some(prefix) = usize::try_from(e.bytes).ok().and_then(|n| closed.get(..n))
                else {
                    return Err(Broken {
                        line: r.seq,
                        message: format!(
                            "the closed journal holds {} bytes, fewer than the {} sealed on line {} of the public journal (item `{}`)",
                            closed.len(),
                            e.bytes,
                            r.seq,
                            e.item
                        ),
                    });
                };
                let actual = sha256_hex(prefix);
                if actual != e.sha256 {
                    return Err(Broken {
                        line: r.seq,
                        message: format!(
                            "the closed journal's first {} bytes have SHA-256 {actual}, not the {} sealed on line {} of the public journal (item `{}`): the closed record was changed after it was sealed",
                            e.bytes, e.sha256, r.seq, e.item
                        ),
                    });
                }
                let lines = prefix.iter().filter(|&&b| b == b'\n').count() as u64;
                if lines != e.lines {
                    return Err(Broken {
                        line: r.seq,
                        message: format!(
                            "the sealed bytes hold {lines} lines, not the {} sealed on line {}",
                            e.lines, r.seq
                        ),
                    });
                }
                last = e.bytes;
            }
            _ => {}
        }
    }
    if !open && (closed.len() as u64) > last {
        return Err(Broken {
            line: 0,
            message: format!(
                "the closed journal has {} bytes after the last seal ({} bytes): lines were added that no closed session sealed",
                closed.len() as u64 - last,
                last
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(seq: u64, event: Event) -> Record<Event> {
        Record {
            seq,
            at: "2025-03-11T22:40:00Z".parse().unwrap(),
            by: "Clerk".into(),
            prev: String::new(),
            event,
            hash: String::new(),
        }
    }

    fn began() -> Event {
        Event::ClosedSessionBegan(ClosedSessionBegan {
            item: "6".into(),
            ground: "protest".into(),
            ground_text: "legal advice".into(),
            members: vec![],
            staff: vec![],
        })
    }

    /// A public record: one session sealed over `sealed`, then perhaps a second one opened.
    fn public(sealed: &[u8], lines: u64, second_open: bool) -> Vec<Record<Event>> {
        let mut v = vec![
            rec(1, began()),
            rec(2, Event::ClosedSessionEnded(seal("6", lines, sealed))),
        ];
        if second_open {
            v.push(rec(3, began()));
        }
        v
    }

    #[test]
    fn the_seal_is_the_sha256_of_the_file_as_it_stood() {
        let closed = b"{\"a\":1}\n{\"b\":2}\n";
        let e = seal("6", 2, closed);
        assert_eq!(e.bytes, 16);
        // `printf '{"a":1}\n{"b":2}\n' | sha256sum`
        assert_eq!(e.sha256, sha256_hex(closed));
        assert_ne!(e.sha256, sha256_hex(b"{\"a\":1}\n"));
        assert!(check_commitments(&public(closed, 2, false), closed).is_ok());
    }

    #[test]
    fn a_changed_shortened_or_longer_closed_journal_is_refused() {
        let closed = b"{\"a\":1}\n{\"b\":2}\n";
        let p = public(closed, 2, false);
        let changed = b"{\"a\":1}\n{\"b\":3}\n";
        let e = check_commitments(&p, changed).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message.contains("changed after it was sealed"),
            "{}",
            e.message
        );
        let e = check_commitments(&p, b"{\"a\":1}\n").unwrap_err();
        assert!(e.message.contains("fewer than"), "{}", e.message);
        let longer = b"{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n";
        let e = check_commitments(&p, longer).unwrap_err();
        assert_eq!(e.line, 0);
        assert!(e.message.contains("after the last seal"), "{}", e.message);
        // While a later session is open, its lines may follow the last seal.
        assert!(check_commitments(&public(closed, 2, true), longer).is_ok());
        // A seal whose line count does not match its bytes is refused.
        assert!(check_commitments(&public(closed, 3, false), closed).is_err());
    }

    #[test]
    fn what_stays_public_in_closed_session() {
        assert!(kept_closed(&Event::Note {
            item: None,
            text: "x".into()
        }));
        assert!(!kept_closed(&Event::Attendance {
            member: "m".into(),
            status: crate::record::event::Attendance::Absent,
            person: None,
            alternate: false,
        }));
        assert!(!kept_closed(&began()));
        assert!(!kept_closed(&Event::Adjourned {}));
    }
}
