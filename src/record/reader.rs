//! The one way other modules read what meetings recorded: every meeting journal of a board,
//! read-only, in meeting-date order. The dispute register ([`crate::disputes`]) reads journals
//! only through [`each_journal`], so it never depends on how a meeting is replayed: this file
//! uses only the journal and its events, and `disputes` → `tender` → `meeting::{Meeting, status}`
//! build on it in one direction.

use std::path::Path;

use super::event::Event;
use super::journal::{Journal, JournalError, Record};
use crate::board::Board;
use crate::board::load::MeetingDoc;

/// File name of the journal inside the meeting folder.
pub const JOURNAL_FILE: &str = "journal.jsonl";

/// Calls `visit` with each meeting of `board` that has a journal, in meeting-date order (then
/// id), with the journal's path relative to the board folder and its records. The records of
/// meeting `open.0` are taken from `open.1` (a meeting already read) instead of the file.
///
/// # Errors
/// A journal that cannot be read or whose chain is broken.
pub fn each_journal(
    board: &Board,
    open: Option<(&str, &[Record<Event>])>,
    mut visit: impl FnMut(&MeetingDoc, &str, &[Record<Event>]),
) -> Result<(), JournalError> {
    let mut meetings: Vec<&MeetingDoc> = board.meetings.iter().collect();
    meetings.sort_by_key(|m| (m.agenda.meeting.date.get_ref().0, m.id.as_str()));
    for m in meetings {
        let rel = format!("meetings/{}/{JOURNAL_FILE}", m.id);
        match open {
            Some((id, records)) if id == m.id => visit(m, &rel, records),
            _ => {
                let path = board.root.join(Path::new(&rel));
                if !journal_present(&path) {
                    continue;
                }
                let (records, _) = Journal::<Event>::read(&path)?;
                visit(m, &rel, &records);
            }
        }
    }
    Ok(())
}

/// Whether anything is at `path` (a link, even a dangling one, or a folder counts: the journal
/// reader then says what is wrong with it, rather than the meeting passing for not opened).
pub fn journal_present(path: &Path) -> bool {
    !matches!(std::fs::symlink_metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}
