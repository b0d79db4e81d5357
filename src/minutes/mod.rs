//! Minutes: rendered from a meeting's journal, signed by role, verified for good.
//!
//! - [`render`]: `minutes.md` and `minutes.json` of an adjourned meeting ([`render_meeting`]).
//! - the fixed phrases, in English and French, come from [`crate::phrases`].
//! - [`config`]: the `[minutes]` table of board.toml and its checks.
//! - [`signers`]: the OpenSSH `allowed_signers` file.
//! - [`sign`]: SSHSIG signatures of `minutes.md`, one per role.
//! - [`verify`]: the whole archive checked: signatures, roles, dates, header hashes, the chain.
//! - [`archive`]: the record committed to the board's git repository with the user's git.
//!
//! `docs/minutes.md` documents the files, the header, the namespace and how to check the record
//! with `ssh-keygen` and `sha256sum` alone.

pub mod archive;
pub mod closed;
pub mod render;
pub mod sign;
pub mod speakers;
pub mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::board::Board;
use crate::board::load::MeetingDoc;
use crate::exit::Fault;
use crate::meeting::{JOURNAL_FILE, Meeting, MeetingError, hex};

/// The format written in every header.
pub const FORMAT: &str = "procboard-minutes/1";
/// The SSHSIG namespace of minutes signatures (`ssh-keygen -Y … -n`).
pub const NAMESPACE: &str = "minutes@procboard";
/// File name of the minutes.
pub const MINUTES_MD: &str = "minutes.md";
/// File name of the minutes for machines.
pub const MINUTES_JSON: &str = "minutes.json";
/// File name of the board's signers, at the board's root.
pub const ALLOWED_SIGNERS: &str = crate::signature::allowed::FILE;

/// Why minutes cannot be rendered, signed or checked.
#[derive(Debug, thiserror::Error)]
pub enum MinutesError {
    /// The meeting cannot be read.
    #[error(transparent)]
    Meeting(#[from] MeetingError),
    /// The meeting is still in session or never opened.
    #[error(
        "meeting {0} is not adjourned: minutes are rendered only once the meeting has ended\n  hint: record {{\"type\":\"adjourned\"}} with `procboard meeting <DIR> record` when the meeting ends"
    )]
    NotAdjourned(String),
    /// The previous meeting's minutes are missing.
    #[error(
        "the previous meeting {0} has no minutes: the header cites them\n  hint: run `procboard minutes render` on meetings/{0} first"
    )]
    PreviousMissing(String),
    /// A refusal (signing): the message says why.
    #[error("{0}")]
    Refused(String),
    /// git failed.
    #[error("{0}")]
    Git(String),
    /// I/O.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// Path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

impl MinutesError {
    /// Whose fault it is: bad input or a refusal, or I/O and git.
    pub fn fault(&self) -> Fault {
        match self {
            MinutesError::Io { .. } | MinutesError::Git(_) => Fault::Failure,
            MinutesError::Meeting(e) => e.fault(),
            _ => Fault::BadInput,
        }
    }
}

/// The header of `minutes.md` (YAML front matter) and of `minutes.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Header {
    /// Format and version.
    pub format: String,
    /// Board id.
    pub board: String,
    /// Meeting id.
    pub meeting: String,
    /// Meeting date.
    pub date: String,
    /// SHA-256 of `journal.jsonl`.
    pub journal_sha256: String,
    /// Number of journal lines.
    pub journal_events: u64,
    /// The hash of the journal's last line (its chain's fingerprint).
    pub journal_last_hash: String,
    /// The meeting held before (none for the first).
    pub previous_meeting: Option<String>,
    /// SHA-256 of its `minutes.md`.
    pub previous_minutes_sha256: Option<String>,
    /// SHA-256 of the board's `allowed_signers` when rendered (none when the board has none).
    pub allowed_signers_sha256: Option<String>,
    /// Languages, in order.
    pub languages: Vec<String>,
}

impl Header {
    /// The YAML front matter of `minutes.md` (GitHub and GitLab show it as a table).
    pub fn to_front_matter(&self) -> String {
        let none = || "none".to_string();
        format!(
            "---\nformat: {}\nboard: {}\nmeeting: {}\ndate: {}\njournal_sha256: {}\njournal_events: {}\njournal_last_hash: {}\nprevious_meeting: {}\nprevious_minutes_sha256: {}\nallowed_signers_sha256: {}\nlanguages: {}\n---\n",
            self.format,
            self.board,
            self.meeting,
            self.date,
            self.journal_sha256,
            self.journal_events,
            self.journal_last_hash,
            self.previous_meeting.clone().unwrap_or_else(none),
            self.previous_minutes_sha256.clone().unwrap_or_else(none),
            self.allowed_signers_sha256.clone().unwrap_or_else(none),
            self.languages.join(" "),
        )
    }

    /// Reads the front matter at the start of `minutes.md`.
    pub fn parse(text: &str) -> Result<Header, String> {
        let rest = text
            .strip_prefix("---\n")
            .ok_or("does not start with the `---` line of its header")?;
        let end = rest
            .find("\n---\n")
            .ok_or("its header has no closing `---` line")?;
        let mut fields: BTreeMap<&str, &str> = BTreeMap::new();
        for (n, line) in rest[..end].lines().enumerate() {
            let (k, v) = line
                .split_once(": ")
                .ok_or_else(|| format!("header line {}: expected `key: value`", n + 2))?;
            if fields.insert(k, v).is_some() {
                return Err(format!("header line {}: `{k}` is repeated", n + 2));
            }
        }
        let get = |k: &str| {
            fields
                .get(k)
                .map(|v| v.to_string())
                .ok_or_else(|| format!("its header has no `{k}`"))
        };
        let opt = |k: &str| get(k).map(|v| if v == "none" { None } else { Some(v) });
        let format = get("format")?;
        if format != FORMAT {
            return Err(format!(
                "header format `{format}` is not `{FORMAT}`, the only one this version reads"
            ));
        }
        Ok(Header {
            format,
            board: get("board")?,
            meeting: get("meeting")?,
            date: get("date")?,
            journal_sha256: get("journal_sha256")?,
            journal_events: get("journal_events")?
                .parse()
                .map_err(|_| "header `journal_events` is not a number".to_string())?,
            journal_last_hash: get("journal_last_hash")?,
            previous_meeting: opt("previous_meeting")?,
            previous_minutes_sha256: opt("previous_minutes_sha256")?,
            allowed_signers_sha256: opt("allowed_signers_sha256")?,
            languages: get("languages")?.split(' ').map(str::to_string).collect(),
        })
    }
}

/// Lowercase hex SHA-256 of bytes.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Reads the file at `path` of the board at `root` through the guarded opener
/// ([`crate::limits::read_inside`]) up to `limit`: a link leading outside the board, a folder or
/// an oversize file is refused, naming the file.
pub(crate) fn read(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, MinutesError> {
    crate::limits::read_at(root, path, limit).map_err(|e| match e {
        crate::limits::ReadError::Io(source) => MinutesError::Io {
            what: "cannot read",
            path: path.to_path_buf(),
            source,
        },
        e => MinutesError::Refused(format!(
            "cannot read {}: {e}\n  hint: {}",
            path.display(),
            e.hint()
        )),
    })
}

/// When and on which date a meeting opened, as its journal's first line (`meeting_opened`, with
/// the board frozen at the opening) records it: the hash-chained truth, which the editable
/// agenda may contradict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opening {
    /// The meeting's date (local), frozen at the opening.
    pub date: chrono::NaiveDate,
    /// The moment it opened (UTC).
    pub at: chrono::DateTime<chrono::Utc>,
}

impl Opening {
    /// The opening time as `ssh-keygen -O verify-time=` takes it: `YYYYMMDDHHMMSSZ` (UTC).
    pub fn verify_time(&self) -> String {
        self.at.format("%Y%m%d%H%M%SZ").to_string()
    }
}

/// Reads the opening of the meeting whose journal is at `journal` (its first line only), if the
/// journal starts with a `meeting_opened` that froze the board.
pub fn opening(journal: &Path) -> Option<Opening> {
    use std::io::{BufRead, Read};
    // Never through a link, as the journal's own reader.
    if std::fs::symlink_metadata(journal)
        .ok()?
        .file_type()
        .is_symlink()
    {
        return None;
    }
    let file = std::fs::File::open(journal).ok()?;
    let mut line = String::new();
    std::io::BufReader::new(file.take(16 * 1024 * 1024))
        .read_line(&mut line)
        .ok()?;
    let v: serde_json::Value = serde_json::from_str(line.trim_end()).ok()?;
    let event = v.get("event")?;
    if event.get("type")?.as_str()? != "meeting_opened" {
        return None;
    }
    let date = event.get("frozen")?.get("date")?.as_str()?.parse().ok()?;
    let at = v.get("at")?.as_str()?.parse().ok()?;
    Some(Opening { date, at })
}

/// The date a held meeting is ordered by: the one frozen in its journal, else its agenda's.
fn held_date(board: &Board, m: &MeetingDoc) -> chrono::NaiveDate {
    opening(&board.root.join("meetings").join(&m.id).join(JOURNAL_FILE))
        .map(|o| o.date)
        .unwrap_or(m.agenda.meeting.date.get_ref().0)
}

/// Whether anything is at `path` (a link, even a dangling one, counts: reading it then says
/// what is wrong with it).
fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// The meetings that were held (their folder has a journal), in date order (then id). The date
/// is the one frozen in the journal when the meeting opened (the agenda's, for a journal that
/// has not opened): moving the agenda's date afterwards changes no order.
pub fn held_meetings(board: &Board) -> Vec<&MeetingDoc> {
    let mut v: Vec<(chrono::NaiveDate, &MeetingDoc)> = board
        .meetings
        .iter()
        // A journal that is a link (even dangling) counts: reading it then reports the link.
        .filter(|m| present(&board.root.join("meetings").join(&m.id).join(JOURNAL_FILE)))
        .map(|m| (held_date(board, m), m))
        .collect();
    v.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    v.into_iter().map(|(_, m)| m).collect()
}

/// The meeting held just before `id`, if any.
pub fn previous_meeting<'b>(board: &'b Board, id: &str) -> Option<&'b MeetingDoc> {
    let held = held_meetings(board);
    let pos = held.iter().position(|m| m.id == id)?;
    pos.checked_sub(1).map(|p| held[p])
}

/// The meeting's date: the one frozen in its journal at the opening, else the agenda's.
fn meeting_date(m: &Meeting) -> Option<chrono::NaiveDate> {
    match m.records.first().map(|r| &r.event) {
        Some(crate::record::event::Event::MeetingOpened(crate::record::event::MeetingOpened {
            frozen: Some(f),
            ..
        })) => Some(f.date),
        _ => m
            .board
            .meeting(&m.id)
            .map(|d| d.agenda.meeting.date.get_ref().0),
    }
}

/// The header a meeting's minutes must carry now.
pub fn header_for(m: &Meeting) -> Result<Header, MinutesError> {
    if m.state.adjourned_at.is_none() {
        return Err(MinutesError::NotAdjourned(m.id.clone()));
    }
    let journal_path = m.dir.join(JOURNAL_FILE);
    let summary = crate::record::journal::verify(&journal_path).map_err(MeetingError::Journal)?;
    let journal = read(&m.board.root, &journal_path, crate::limits::JOURNAL_MAX)?;
    let (previous_meeting, previous_minutes_sha256) = match previous_meeting(&m.board, &m.id) {
        None => (None, None),
        Some(p) => {
            let path = m.board.root.join("meetings").join(&p.id).join(MINUTES_MD);
            if !present(&path) {
                return Err(MinutesError::PreviousMissing(p.id.clone()));
            }
            (
                Some(p.id.clone()),
                Some(sha256(&read(
                    &m.board.root,
                    &path,
                    crate::limits::MINUTES_MAX,
                )?)),
            )
        }
    };
    let signers = m.board.root.join(ALLOWED_SIGNERS);
    let allowed_signers_sha256 = if present(&signers) {
        Some(sha256(&read(
            &m.board.root,
            &signers,
            crate::limits::SIGNERS_MAX,
        )?))
    } else {
        None
    };
    let date = meeting_date(m).map(|d| d.to_string()).unwrap_or_default();
    Ok(Header {
        format: FORMAT.to_string(),
        board: m.board.file.board.id.get_ref().clone(),
        meeting: m.id.clone(),
        date,
        journal_sha256: sha256(&journal),
        journal_events: summary.count,
        journal_last_hash: summary.last_hash,
        previous_meeting,
        previous_minutes_sha256,
        allowed_signers_sha256,
        languages: m.board.file.minutes.languages(),
    })
}

/// Renders the minutes of the meeting at `dir` in memory (nothing is written).
pub fn render_meeting(dir: &Path) -> Result<(Meeting, render::Rendered), MinutesError> {
    let m = Meeting::open_read(dir)?;
    let header = header_for(&m)?;
    render::check_presiding(&m).map_err(MinutesError::Refused)?;
    let mut approved = BTreeMap::new();
    for item in &m.state.ctx.items {
        if let Some(of) = render::approves(&m, &item.id) {
            let path = m.board.root.join("meetings").join(&of).join(MINUTES_MD);
            if present(&path) {
                let bytes = read(&m.board.root, &path, crate::limits::MINUTES_MAX)?;
                approved.insert(of, sha256(&bytes));
            }
        }
    }
    let register = crate::disputes::register(&m.board).map_err(MeetingError::Journal)?;
    let on = meeting_date(&m).unwrap_or_default();
    let mut evaluations = BTreeMap::new();
    for item in &m.state.ctx.items {
        let Some(tid) = &item.tender else { continue };
        if evaluations.contains_key(tid) {
            continue;
        }
        if let Some(t) = m.board.tender(tid) {
            let live = crate::meeting::live_input(&m.state, tid);
            let e = crate::tender::evaluate_tender(&m.board, t, Some(&live), &register, on);
            evaluations.insert(
                tid.clone(),
                (
                    crate::report::ScoreTable(&e).to_string(),
                    crate::report::score_json(&e),
                ),
            );
        }
    }
    let rendered = render::render(
        &m,
        &render::Inputs {
            header: &header,
            approved_minutes: &approved,
            evaluations: &evaluations,
        },
    );
    Ok((m, rendered))
}

/// Writes `bytes` to `path` atomically ([`crate::atomic::write`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), MinutesError> {
    crate::atomic::write(path, bytes).map_err(|source| MinutesError::Io {
        what: "cannot write",
        path: path.to_path_buf(),
        source,
    })
}

/// Renders and writes `minutes.md` and `minutes.json` of the meeting at `dir`. Refuses to replace
/// minutes that are signed and differ (signed minutes are never edited).
///
/// Both files are written as a pair ([`crate::atomic::write_all`]): a failure (a full disk)
/// replaces neither. Temporary files an interrupted earlier run left in the folder are removed.
pub fn write_minutes(dir: &Path) -> Result<render::Rendered, MinutesError> {
    let (m, r) = render_meeting(dir)?;
    crate::atomic::remove_stale(dir);
    let md = dir.join(MINUTES_MD);
    if present(&md)
        && read(&m.board.root, &md, crate::limits::MINUTES_MAX)? != r.markdown.as_bytes()
    {
        let sigs = sign::signature_files(dir);
        if !sigs.is_empty() {
            return Err(MinutesError::Refused(format!(
                "{} is signed ({}) and would change: signed minutes are never edited\n  hint: the journal, the previous minutes or allowed_signers changed since they were signed; `procboard minutes verify` shows what",
                md.display(),
                sigs.iter()
                    .map(|p| p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    // Both files or neither: minutes.json first, minutes.md (the signed record) last.
    let json = dir.join(MINUTES_JSON);
    crate::atomic::write_all(&[(&json, r.json.as_bytes()), (&md, r.markdown.as_bytes())]).map_err(
        |source| MinutesError::Io {
            what: "cannot write the minutes (nothing was replaced)",
            path: dir.to_path_buf(),
            source,
        },
    )?;
    // The closed minutes, where the closed journal is here (docs/meeting-journal.md).
    closed::write_closed_minutes(dir)?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hex64() -> impl Strategy<Value = String> {
        "[0-9a-f]{64}"
    }

    proptest! {
        #[test]
        fn the_header_reads_back_as_written(
            board in "[a-z][a-z0-9-]{0,20}",
            meeting in "[a-z0-9][a-z0-9-]{0,20}",
            journal in hex64(),
            last in hex64(),
            events in 1u64..100_000,
            previous in proptest::option::of(("[a-z0-9-]{1,20}", hex64())),
            signers in proptest::option::of(hex64()),
            fr in any::<bool>(),
        ) {
            let h = Header {
                format: FORMAT.into(),
                board,
                meeting,
                date: "2025-03-11".into(),
                journal_sha256: journal,
                journal_events: events,
                journal_last_hash: last,
                previous_meeting: previous.as_ref().map(|p| p.0.clone()),
                previous_minutes_sha256: previous.map(|p| p.1),
                allowed_signers_sha256: signers,
                languages: if fr { vec!["en".into(), "fr".into()] } else { vec!["en".into()] },
            };
            let text = format!("{}\n# Minutes\n", h.to_front_matter());
            prop_assert_eq!(Header::parse(&text), Ok(h));
        }
    }

    #[test]
    fn a_damaged_header_is_refused_with_the_reason() {
        assert!(
            Header::parse("# no header\n")
                .unwrap_err()
                .contains("`---`")
        );
        assert!(
            Header::parse("---\nformat: procboard-minutes/1\n")
                .unwrap_err()
                .contains("closing")
        );
        assert!(
            Header::parse("---\nformat: procboard-minutes/9\n---\n")
                .unwrap_err()
                .contains("procboard-minutes/9")
        );
        let e = Header::parse("---\nformat: procboard-minutes/1\nboard: a\nboard: b\n---\n")
            .unwrap_err();
        assert!(e.contains("`board` is repeated"), "{e}");
        let e = Header::parse("---\nformat: procboard-minutes/1\nboard: a\n---\n").unwrap_err();
        assert!(e.contains("no `meeting`"), "{e}");
    }
}
