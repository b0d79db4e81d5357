//! A meeting's closed sessions, on the meeting's side: where the closed journal lives, how it is
//! replayed beside the public one, and how an event is routed to one or the other.
//!
//! While a closed session is open the meeting keeps two states: the public one (the fold of the
//! public journal alone, which any reader rebuilds) and the working one (the public one with the
//! closed journal's events of the session applied too), which the console shows and which checks
//! what is said in the room. When the session ends the working state is dropped: the public state
//! goes on, and nothing said in closed session stays in it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{Meeting, MeetingError};
use crate::board::Board;
use crate::board::closed::Session;
use crate::record::closed::{self as rc, ClosedItem, ClosedSessionBegan, ClosedSessionEnded};
use crate::record::event::Event;
use crate::record::journal::{Journal, Record};
use crate::record::state::MeetingState;

/// The closed journal's file name in its folder.
pub const CLOSED_JOURNAL: &str = "journal.jsonl";

/// The folder holding meeting `meeting`'s closed records: `meetings/<id>/closed/`, or
/// `<records>/<id>/` (relative to the board folder) when board.toml's `[closed_session]` gives
/// `records`.
pub fn closed_dir(board: &Board, meeting: &str) -> PathBuf {
    match &board.file.closed_session.records {
        Some(r) => board.root.join(r.get_ref()).join(meeting),
        None => board.root.join("meetings").join(meeting).join("closed"),
    }
}

/// The closed journal of meeting `meeting`.
pub fn closed_journal(board: &Board, meeting: &str) -> PathBuf {
    closed_dir(board, meeting).join(CLOSED_JOURNAL)
}

/// Where the board keeps closed records, in words: "meetings/<id>/closed" or the records path.
pub fn where_kept(board: &Board, meeting: &str) -> String {
    match &board.file.closed_session.records {
        Some(r) => format!("{}/{meeting}", r.get_ref().trim_end_matches('/')),
        None => format!("meetings/{meeting}/closed"),
    }
}

/// The closed-session facts of an agenda item, as the meeting freezes them.
pub fn closed_item(board: &Board, item: &crate::board::model::Item) -> Option<ClosedItem> {
    if item.session.as_ref().map(|s| *s.get_ref()) != Some(Session::Closed) {
        return None;
    }
    let ground = item.ground.as_ref()?.get_ref().clone();
    let cfg = &board.file.closed_session;
    Some(ClosedItem {
        text: cfg
            .ground(&ground)
            .map(|g| g.text.clone())
            .unwrap_or_default(),
        ground,
        staff: cfg.staff_names(),
    })
}

/// The closed side of an open meeting.
#[derive(Default)]
pub struct ClosedSide {
    /// The closed journal's path.
    pub path: PathBuf,
    /// The closed journal's records (read only when the meeting is open for writing).
    pub records: Vec<Record<Event>>,
    /// The public state, while a closed session is open (the meeting's `state` is then the
    /// working state).
    pub public: Option<MeetingState>,
    /// What opening the closed journal repaired (a torn last line set aside).
    pub warnings: Vec<String>,
    journal: Option<Journal<Event>>,
}

/// Replays the public `records` (with the closed journal's `closed` records at their places)
/// into `state`: the fold of [`Meeting::open`]. Returns the public state while a session is open.
pub(super) fn replay(
    state: &mut MeetingState,
    records: &[Record<Event>],
    closed: &[Record<Event>],
    closed_path: &Path,
    mut apply_public: impl FnMut(&mut MeetingState, &Record<Event>) -> Result<(), MeetingError>,
) -> Result<Option<MeetingState>, MeetingError> {
    let mut public: Option<MeetingState> = None;
    let mut cursor = 0usize;
    let closed_until = |w: &mut MeetingState, lines: u64, cursor: &mut usize| {
        while let Some(r) = closed.get(*cursor).filter(|r| r.seq <= lines) {
            let seq = w.last_seq;
            w.apply(seq, r.at, &r.event)
                .map_err(|e| MeetingError::Replay {
                    path: closed_path.to_path_buf(),
                    line: r.seq,
                    message: format!("{} does not replay: {}", r.event.kind(), e.message),
                })?;
            *cursor += 1;
        }
        Ok::<(), MeetingError>(())
    };
    for r in records {
        if let Event::ClosedSessionEnded(e) = &r.event {
            closed_until(state, e.lines, &mut cursor)?;
        }
        match public.as_mut() {
            Some(p) => {
                apply_public(p, r)?;
                apply_public(state, r)?;
            }
            None => apply_public(state, r)?,
        }
        match &r.event {
            Event::ClosedSessionBegan(_) => public = Some(state.clone()),
            Event::ClosedSessionEnded(_) => {
                if let Some(p) = public.take() {
                    *state = p;
                }
            }
            _ => {}
        }
    }
    if public.is_some() {
        closed_until(state, u64::MAX, &mut cursor)?;
    }
    Ok(public)
}

impl ClosedSide {
    /// Reads the closed journal for a writer: its records, and checks it against the seals of
    /// the public `records`.
    pub(super) fn open(
        board: &Board,
        id: &str,
        records: &[Record<Event>],
        write: bool,
    ) -> Result<ClosedSide, MeetingError> {
        let path = closed_journal(board, id);
        let mut side = ClosedSide {
            path: path.clone(),
            ..ClosedSide::default()
        };
        // Only a writer replays the closed journal: a reader (status, minutes) sees the public
        // record alone.
        if !write || !crate::record::reader::journal_present(&path) {
            return Ok(side);
        }
        let (j, recs, warnings) = Journal::<Event>::open_writer(&path)?;
        side.warnings = warnings
            .iter()
            .map(|w| format!("closed journal {}: {w}", path.display()))
            .collect();
        let bytes = crate::limits::read_file(&path, crate::limits::JOURNAL_MAX).map_err(|e| {
            MeetingError::Io {
                what: "cannot read the closed journal",
                path: path.clone(),
                source: std::io::Error::other(e.to_string()),
            }
        })?;
        rc::check_commitments(records, &bytes).map_err(|b| MeetingError::Replay {
            path: path.clone(),
            line: b.line,
            message: b.message,
        })?;
        side.journal = Some(j);
        side.records = recs;
        Ok(side)
    }

    /// The closed journal's bytes as they are now (none when it does not exist yet).
    fn bytes(&self) -> Result<Vec<u8>, MeetingError> {
        if self.journal.is_none() && !crate::record::reader::journal_present(&self.path) {
            return Ok(Vec::new());
        }
        crate::limits::read_file(&self.path, crate::limits::JOURNAL_MAX).map_err(|e| {
            MeetingError::Io {
                what: "cannot read the closed journal",
                path: self.path.clone(),
                source: std::io::Error::other(e.to_string()),
            }
        })
    }
}

impl Meeting {
    /// Fills in what the engine computes for the closed-session events: the ground, the members
    /// present and the staff for `closed_session_began`; the seal of the closed journal for
    /// `closed_session_ended`.
    pub(super) fn complete_closed(&self, event: &mut Event) -> Result<(), MeetingError> {
        match event {
            Event::ClosedSessionBegan(ClosedSessionBegan {
                item,
                ground,
                ground_text,
                members,
                staff,
            }) => {
                if let Some(c) = self
                    .state
                    .ctx
                    .items
                    .iter()
                    .find(|i| &i.id == item)
                    .and_then(|i| i.closed.as_ref())
                {
                    if ground.is_empty() {
                        ground.clone_from(&c.ground);
                    }
                    if ground_text.is_empty() {
                        ground_text.clone_from(&c.text);
                    }
                    if staff.is_empty() {
                        staff.clone_from(&c.staff);
                    }
                }
                if members.is_empty() {
                    *members = self
                        .state
                        .attendance
                        .iter()
                        .filter(|(_, a)| a.status.is_present())
                        .map(|(m, _)| m.clone())
                        .collect();
                }
            }
            Event::ClosedSessionEnded(e) => {
                let bytes = self.closed.bytes()?;
                let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
                *e = rc::seal(&e.item, lines, &bytes);
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether `event` goes to the closed journal now (a closed session is open and the event
    /// is one [`rc::kept_closed`] keeps there).
    pub fn goes_closed(&self, event: &Event) -> bool {
        self.state.closed.open && rc::kept_closed(event)
    }

    /// Records `event` in the closed journal: checked against the working state, appended to
    /// the closed journal (created on the first closed event), applied to the working state.
    pub(super) fn record_closed(
        &mut self,
        by: &str,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<&Record<Event>, MeetingError> {
        let refused = |e: crate::record::state::EventError| MeetingError::Refused {
            kind: event.kind(),
            message: e.message,
        };
        self.state.check(&event).map_err(refused)?;
        if self.closed.journal.is_none() {
            let dir = parent(&self.closed.path);
            std::fs::create_dir_all(&dir).map_err(|source| MeetingError::Io {
                what: "cannot create the closed records' folder",
                path: dir.clone(),
                source,
            })?;
            let (j, recs, _) = Journal::<Event>::open_writer(&self.closed.path)?;
            self.closed.journal = Some(j);
            self.closed.records = recs;
        }
        let journal = self.closed.journal.as_mut().ok_or(MeetingError::ReadOnly)?;
        let record = journal.append(at, by, &event)?;
        let seq = self.state.last_seq;
        self.state.apply(seq, at, &event).map_err(refused)?;
        self.closed.records.push(record);
        Ok(self
            .closed
            .records
            .last()
            .expect("a record was just pushed"))
    }

    /// The public state (the working state when no closed session is open).
    pub fn public_state(&self) -> &MeetingState {
        self.closed.public.as_ref().unwrap_or(&self.state)
    }

    /// Records a public `event` (already completed) while keeping the two states in step.
    pub(super) fn record_public(
        &mut self,
        by: &str,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<&Record<Event>, MeetingError> {
        let refused = |e: crate::record::state::EventError| MeetingError::Refused {
            kind: event.kind(),
            message: e.message,
        };
        let seq = self.public_state().last_seq + 1;
        self.public_state().check(&event).map_err(refused)?;
        if self.closed.public.is_some() {
            self.state.check(&event).map_err(refused)?;
        }
        let journal = self.journal.as_mut().ok_or(MeetingError::ReadOnly)?;
        let record = journal.append(at, by, &event)?;
        if let Some(p) = self.closed.public.as_mut() {
            p.apply(seq, at, &event).map_err(refused)?;
        }
        self.state.apply(seq, at, &event).map_err(refused)?;
        match &event {
            Event::ClosedSessionBegan(_) => self.closed.public = Some(self.state.clone()),
            Event::ClosedSessionEnded(ClosedSessionEnded { .. }) => {
                if let Some(p) = self.closed.public.take() {
                    self.state = p;
                }
            }
            _ => {}
        }
        self.records.push(record);
        Ok(self.records.last().expect("a record was just pushed"))
    }
}

fn parent(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Whether a meeting held no closed session (the status then leaves them out).
pub fn no_sessions(c: &rc::ClosedSessions) -> bool {
    c.held.is_empty() && c.reported_out.is_empty()
}

/// The status's lines on closed sessions: each with its ground and seal, and what was reported
/// out.
pub fn status_lines(f: &mut std::fmt::Formatter<'_>, c: &rc::ClosedSessions) -> std::fmt::Result {
    if no_sessions(c) {
        return Ok(());
    }
    writeln!(f, "\nClosed sessions")?;
    for s in &c.held {
        let state = match &s.sealed {
            Some(e) => format!(
                "sealed: {} lines, {} bytes, SHA-256 {}",
                e.lines, e.bytes, e.sha256
            ),
            None => "OPEN".to_string(),
        };
        writeln!(f, "  item {} ({}): {state}", s.item, s.ground_text)?;
    }
    for (item, text, _) in &c.reported_out {
        writeln!(f, "  reported out on item {item}: {text}")?;
    }
    Ok(())
}
