//! The crash-safe, append-only meeting journal: the storage engine under the meeting's events.
//!
//! A meeting is kept as `meetings/<id>/journal.jsonl`, one event per line. The file is plain text
//! and can be read and checked without this software. Each line is a JSON object whose keys always
//! come in this order:
//!
//! | key     | meaning |
//! |---------|---------|
//! | `seq`   | 1, 2, 3 … with no gaps: the line number |
//! | `at`    | when the event happened, UTC, RFC 3339 ending in `Z` (supplied by the caller) |
//! | `by`    | who recorded it |
//! | `prev`  | lowercase hex SHA-256 of the previous line's exact bytes, without its newline; 64 zeros on the first line |
//! | `event` | the caller's payload, serialised with `serde_json` |
//!
//! The `prev` fingerprints chain the lines together: changing, removing, inserting or reordering any
//! line before the last is detected when the journal is read. (The last line has no successor to
//! vouch for it; anchor [`Summary::last_hash`] elsewhere, for example in the signed minutes, to
//! protect it too.)
//!
//! Guarantees:
//! - [`Journal::append`] writes the whole line with one `write_all` on a file opened in append
//!   mode and calls `sync_data` before it returns: a returned [`Record`] is on disk.
//! - One writer per journal: [`Journal::open_writer`] takes an exclusive lock that lives as long as
//!   the [`Journal`]. Readers ([`Journal::read`], [`verify`]) take no lock.
//! - A crash in the middle of an append leaves an incomplete last line without its newline (a
//!   *torn tail*): a line that is not a complete JSON value. Opening for writing moves it aside to
//!   `journal.jsonl.torn-<n>` and truncates the journal to the last complete line; reading skips it
//!   without touching the file. Both report a [`Warning`]. A last line that is complete and
//!   chains is an event even without its newline (an editor may have stripped it): reading
//!   accepts it, and opening for writing adds the newline back. Any other damage is refused as
//!   [`JournalError::Tampered`], naming the line.
//! - The journal and its lock are never followed through a symbolic link, and a journal that is a
//!   folder, a device, or larger than [`crate::limits::JOURNAL_MAX`] is refused
//!   ([`JournalError::NotAFile`], [`JournalError::TooLarge`]).
//! - No bytes in the file can make the reader panic.

use std::borrow::Cow;
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev` value of the first line: 64 zeros (there is no previous line to fingerprint).
pub const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored event, as written to and read back from the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<E> {
    /// Position in the journal, counting from 1; equal to the line number.
    pub seq: u64,
    /// When the event happened (supplied by whoever recorded it).
    pub at: DateTime<Utc>,
    /// Who recorded the event.
    pub by: String,
    /// Lowercase hex SHA-256 of the previous line ([`GENESIS_PREV`] for the first).
    pub prev: String,
    /// The caller's payload.
    pub event: E,
    /// Lowercase hex SHA-256 of this record's line (without its newline): the next line's `prev`.
    pub hash: String,
}

/// Something the secretary should know about, found while opening a journal that is still usable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The last line was incomplete: the program stopped while writing it. The event on it was never
    /// confirmed, so the journal ends at the line before.
    TornTail {
        /// Line number of the incomplete line.
        line: u64,
        /// How many bytes it held.
        bytes: u64,
        /// Where the incomplete line was moved when opening for writing; `None` when reading only,
        /// in which case it was skipped and the file left untouched.
        moved_to: Option<PathBuf>,
    },
    /// The last line was complete and chained but had no final newline; opening for writing
    /// added it (the line's bytes, and so the chain, are unchanged).
    NewlineAdded {
        /// Line number of the last line.
        line: u64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::TornTail {
                line,
                bytes,
                moved_to,
            } => {
                write!(
                    f,
                    "line {line} of the journal was incomplete ({bytes} bytes; the program \
                     probably stopped while recording it), so that event was not recorded; "
                )?;
                match moved_to {
                    Some(side) => write!(f, "the incomplete line was moved to {}", side.display()),
                    None => write!(f, "it was skipped and the file left unchanged"),
                }
            }
            Warning::NewlineAdded { line } => write!(
                f,
                "line {line} of the journal, its last, had lost its final newline (an editor may \
                 have removed it); the event on it is kept and the newline was added back"
            ),
        }
    }
}

/// What [`verify`] found in a sound journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Number of complete, valid events.
    pub count: u64,
    /// Fingerprint of the last valid line ([`GENESIS_PREV`] for an empty journal): the value to
    /// anchor elsewhere (e.g. in signed minutes) so that the last line is protected too.
    pub last_hash: String,
    /// Recoverable problems (an incomplete last line).
    pub warnings: Vec<Warning>,
}

/// Why a line was refused as altered or damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TamperReason {
    /// The line is empty.
    EmptyLine,
    /// The line is longer than [`crate::limits::JOURNAL_LINE_MAX`].
    TooLong,
    /// The line is not a complete JSON value.
    NotJson {
        /// The parser's description, with the column.
        detail: String,
    },
    /// The line is JSON but not a journal entry (missing, unknown or repeated keys, wrong types).
    NotAnEntry {
        /// The parser's description.
        detail: String,
    },
    /// `seq` is not the line number.
    WrongSeq {
        /// The line number, which `seq` must equal.
        expected: u64,
        /// The `seq` written on the line.
        found: u64,
    },
    /// `at` is not a UTC time in RFC 3339 form ending in `Z`.
    BadTime {
        /// The text found.
        value: String,
    },
    /// `by` is empty.
    MissingAuthor,
    /// The first line's `prev` is not [`GENESIS_PREV`].
    BadFirstLink,
    /// This line's bytes no longer match the fingerprint the next line recorded for it: this line
    /// was changed, or lines after it were removed or inserted (and the rest renumbered).
    AlteredContent {
        /// The line whose `prev` no longer matches.
        next_line: u64,
    },
    /// The fingerprint this line records for the previous line is the one an earlier line has or
    /// records: the line was copied from another or forged.
    CopiedLink {
        /// The line the fingerprint should be for.
        previous_line: u64,
    },
    /// The fingerprint this line records for the previous line was changed.
    AlteredLink {
        /// The line the fingerprint is for.
        previous_line: u64,
    },
}

impl fmt::Display for TamperReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TamperReason::EmptyLine => write!(f, "the line is empty"),
            TamperReason::TooLong => write!(
                f,
                "the line is longer than the {} procboard reads",
                crate::limits::size_words(crate::limits::JOURNAL_LINE_MAX)
            ),
            TamperReason::NotJson { detail } => {
                write!(f, "the line is not a complete JSON object ({detail})")
            }
            TamperReason::NotAnEntry { detail } => {
                write!(f, "the line is not a journal entry ({detail})")
            }
            TamperReason::WrongSeq { expected, found } => write!(
                f,
                "the entry is numbered {found} where {expected} was expected (an entry was \
                 removed, inserted, moved or renumbered)"
            ),
            TamperReason::BadTime { value } => write!(
                f,
                "the time {value:?} is not a UTC time in RFC 3339 form ending in Z"
            ),
            TamperReason::MissingAuthor => {
                write!(f, "the entry does not say who recorded it")
            }
            TamperReason::BadFirstLink => write!(
                f,
                "the first entry does not start the chain (its \"prev\" must be 64 zeros)"
            ),
            TamperReason::AlteredContent { next_line } => write!(
                f,
                "the line no longer matches the fingerprint that line {next_line} recorded for \
                 it (this line was changed, or lines were removed or inserted after it)"
            ),
            TamperReason::CopiedLink { previous_line } => write!(
                f,
                "the fingerprint this entry records for line {previous_line} is that of an \
                 earlier line: the entry was copied from another or forged"
            ),
            TamperReason::AlteredLink { previous_line } => write!(
                f,
                "the fingerprint this entry records for line {previous_line} was changed"
            ),
        }
    }
}

/// Everything that can go wrong with a journal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// The operating system refused a file operation.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// What was being done, e.g. "read the journal".
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The journal (or its lock file) is not a plain file: a symbolic link, a folder, a device.
    #[error(
        "cannot use {}: {what}; a meeting's journal and its lock must be plain files in the \
         meeting folder (procboard never follows or writes through a symbolic link there)",
        .path.display()
    )]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is, in words ("it is a symbolic link").
        what: String,
    },
    /// The journal is larger than [`crate::limits::JOURNAL_MAX`].
    #[error(
        "cannot read the journal {}: it is larger than the {} procboard reads",
        .path.display(),
        crate::limits::size_words(crate::limits::JOURNAL_MAX)
    )]
    TooLarge {
        /// The journal file.
        path: PathBuf,
    },
    /// Another [`Journal`] (in this or another process) holds the writer's lock.
    #[error("meeting is open for writing by another process (lock held on {})", .path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// A line was altered or damaged: the journal cannot be trusted past it and is refused.
    #[error("the journal {} was altered or damaged at line {line}: {reason}", .path.display())]
    Tampered {
        /// The journal file.
        path: PathBuf,
        /// The line to inspect (1-based).
        line: u64,
        /// What is wrong with it.
        reason: TamperReason,
    },
    /// A line is a sound journal entry, but its event does not read as the expected type: it was
    /// altered in a way the chain cannot show (the last line), or written by another version.
    #[error(
        "line {line} of the journal {} holds an event this version of procboard cannot read \
         ({detail}); the line was altered or written by a different version",
        .path.display()
    )]
    BadPayload {
        /// The journal file.
        path: PathBuf,
        /// The line (1-based).
        line: u64,
        /// The parser's description.
        detail: String,
    },
    /// [`Journal::append`] was given no author; nothing was written.
    #[error("the event was not recorded: it does not say who recorded it")]
    MissingAuthor,
    /// [`Journal::append`] was given an event that cannot be stored so that it reads back; nothing
    /// was written.
    #[error("the event was not recorded: {detail}")]
    Unstorable {
        /// Why.
        detail: String,
    },
    /// An earlier append failed part-way, so what is on disk is uncertain; nothing was written.
    #[error(
        "the event was not recorded: an earlier write to the journal {} failed; close and reopen \
         the meeting to recover",
        .path.display()
    )]
    Poisoned {
        /// The journal file.
        path: PathBuf,
    },
}

/// What [`Journal::open_writer`] returns: the journal, the records already stored, and warnings.
pub type Opened<E> = (Journal<E>, Vec<Record<E>>, Vec<Warning>);

/// An append-only journal open for writing, holding the one-writer lock until dropped.
///
/// `E` is the event payload type; every line's `event` must deserialise into it.
pub struct Journal<E> {
    path: PathBuf,
    file: File,
    // The lock lives in this open file description; dropping the Journal closes it and so
    // releases the lock (also when the process dies).
    _lock: File,
    next_seq: u64,
    last_hash: String,
    /// The journal's length in bytes: everything up to the last complete line. A failed append
    /// cuts the file back to it, so a full disk never leaves half a line behind.
    len: u64,
    poisoned: bool,
    _event: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for Journal<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Journal")
            .field("path", &self.path)
            .field("next_seq", &self.next_seq)
            .field("last_hash", &self.last_hash)
            .field("poisoned", &self.poisoned)
            .finish_non_exhaustive()
    }
}

impl<E: DeserializeOwned> Journal<E> {
    /// Reads and checks the journal at `path` without locking or changing it.
    ///
    /// An incomplete last line (for example, one a writer is recording at this very moment, or
    /// one left by a crash) is skipped and reported as a [`Warning::TornTail`] with no `moved_to`.
    ///
    /// # Errors
    /// [`JournalError::Io`] (including a missing file), [`JournalError::Tampered`],
    /// [`JournalError::BadPayload`].
    pub fn read(path: impl AsRef<Path>) -> Result<(Vec<Record<E>>, Vec<Warning>), JournalError> {
        let path = path.as_ref();
        check_lock(path)?;
        if !plain_file(path)? {
            return Err(JournalError::Io {
                action: "read the journal",
                path: path.to_path_buf(),
                source: io::Error::from(io::ErrorKind::NotFound),
            });
        }
        let file = File::open(path).map_err(io_error("read the journal", path))?;
        let bytes = read_all(&file, path)?;
        let scan = scan::<E>(&bytes, path)?;
        let warnings = scan
            .torn
            .map(|torn| Warning::TornTail {
                line: torn.line,
                bytes: (bytes.len() - scan.good_len) as u64,
                moved_to: None,
            })
            .into_iter()
            .collect();
        Ok((scan.records, warnings))
    }
}

impl<E: Serialize + DeserializeOwned> Journal<E> {
    /// Opens the journal at `path` for appending, creating the file if absent (its folder, the
    /// meeting's, must exist), and replays it.
    ///
    /// Takes the one-writer lock on the lock file next to the journal (`journal.lock` for
    /// `journal.jsonl`) and fails with [`JournalError::Locked`] if any other `Journal` holds it,
    /// in this process or another. An incomplete last line is moved aside to
    /// `<journal>.torn-<n>` (never overwriting an earlier one), the journal is truncated to its
    /// last complete line and synced, and a [`Warning::TornTail`] is returned.
    ///
    /// Returns the journal, the records already stored, and warnings.
    ///
    /// # Errors
    /// [`JournalError::Locked`], [`JournalError::Io`], and for a damaged journal
    /// [`JournalError::Tampered`] or [`JournalError::BadPayload`].
    pub fn open_writer(path: impl AsRef<Path>) -> Result<Opened<E>, JournalError> {
        let path = path.as_ref().to_path_buf();
        let dir = parent_dir(&path);
        check_folder(&dir)?;

        // Why a separate lock file rather than locking the journal itself:
        // - on Windows, file locks are mandatory: an exclusive lock on the journal would make
        //   read-only opens (another screen, `verify`) fail while a meeting is open;
        // - the lock does not depend on what happens to the journal file: repairing a torn tail
        //   (or any future repair that replaces the file) cannot drop or split it;
        // - the lock file is never deleted, because deleting a lock file lets two processes lock
        //   two different files of the same name.
        let lock_path = lock_path_for(&path);
        let lock = open_plain(&lock_path, false, "open the lock file")?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(JournalError::Locked { path: lock_path }),
            Err(TryLockError::Error(source)) => {
                return Err(JournalError::Io {
                    action: "lock",
                    path: lock_path,
                    source,
                });
            }
        }

        let mut file = open_plain(&path, true, "open the journal")?;
        // Make the journal's directory entry durable. Done on every writer open, not only when the
        // file was just created: a crash between creation and this sync would otherwise leave a
        // journal whose entry was never synced.
        sync_dir(&dir)?;

        let bytes = read_all(&file, &path)?;
        let scan = scan::<E>(&bytes, &path)?;

        let mut warnings = Vec::new();
        if scan.unterminated {
            // The last line is a sound event that lost its newline: add it back (the line's
            // bytes, and so its fingerprint, do not change) before anything is appended.
            file.write_all(b"\n")
                .and_then(|()| file.sync_data())
                .map_err(io_error("add the missing final newline to", &path))?;
            warnings.push(Warning::NewlineAdded {
                line: scan.records.len() as u64,
            });
        }
        if let Some(torn) = scan.torn {
            let torn_bytes = bytes.get(scan.good_len..).unwrap_or_default();
            // The torn bytes are made durable in the side file before the journal is cut, so a
            // crash during the repair loses nothing.
            let side = move_aside(&path, &dir, torn_bytes)?;
            file.set_len(scan.good_len as u64)
                .map_err(io_error("cut the incomplete last line from", &path))?;
            file.sync_all()
                .map_err(io_error("save the repaired journal", &path))?;
            warnings.push(Warning::TornTail {
                line: torn.line,
                bytes: torn_bytes.len() as u64,
                moved_to: Some(side),
            });
        }

        let last_hash = scan
            .records
            .last()
            .map_or_else(|| GENESIS_PREV.to_owned(), |r| r.hash.clone());
        let len = file
            .metadata()
            .map_err(io_error("read the length of", &path))?
            .len();
        let journal = Journal {
            path,
            file,
            _lock: lock,
            next_seq: scan.records.len() as u64 + 1,
            last_hash,
            len,
            poisoned: false,
            _event: PhantomData,
        };
        Ok((journal, scan.records, warnings))
    }

    /// Appends one event and flushes it to disk before returning.
    ///
    /// The returned record is exactly what a later replay produces for this line (the line is
    /// read back before it is written, so an event that would not replay is refused instead of
    /// poisoning the journal).
    ///
    /// # Errors
    /// - [`JournalError::MissingAuthor`] if `by` is blank; [`JournalError::Unstorable`] if the
    ///   event cannot be serialised, or does not read back as `E`, or `at` lies outside years
    ///   0–9999. Nothing is written.
    /// - [`JournalError::Io`] if writing or flushing fails. The journal is then poisoned (further
    ///   appends return [`JournalError::Poisoned`]): reopen it, and look at the records returned,
    ///   to learn whether the event was stored.
    pub fn append(
        &mut self,
        at: DateTime<Utc>,
        by: &str,
        event: &E,
    ) -> Result<Record<E>, JournalError> {
        if self.poisoned {
            return Err(JournalError::Poisoned {
                path: self.path.clone(),
            });
        }
        if by.trim().is_empty() {
            return Err(JournalError::MissingAuthor);
        }
        let seq = self.next_seq;
        let at_text = at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let entry = EntryOut {
            seq,
            at: &at_text,
            by,
            prev: &self.last_hash,
            event,
        };
        let mut line = serde_json::to_vec(&entry).map_err(|e| JournalError::Unstorable {
            detail: format!("it cannot be written as JSON ({e})"),
        })?;
        // serde_json's compact output escapes control characters inside strings and adds no
        // whitespace, so it never contains a newline; checked anyway because a newline would
        // split the entry in two.
        if line.contains(&b'\n') {
            return Err(JournalError::Unstorable {
                detail: "its JSON form contains a line break".to_owned(),
            });
        }
        let record = parse_line::<E>(&line, seq, &self.last_hash).map_err(|problem| {
            JournalError::Unstorable {
                detail: match problem {
                    LineProblem::Payload { detail } => {
                        format!("the event does not read back as the same type ({detail})")
                    }
                    LineProblem::Tampered { reason, .. } => {
                        format!("it would not read back: {reason}")
                    }
                },
            }
        })?;
        let next_seq = seq.checked_add(1).ok_or_else(|| JournalError::Unstorable {
            detail: "the journal is full".to_owned(),
        })?;

        if line.len() as u64 > crate::limits::JOURNAL_LINE_MAX {
            return Err(JournalError::Unstorable {
                detail: format!(
                    "its line would be longer than the {} a journal line may hold",
                    crate::limits::size_words(crate::limits::JOURNAL_LINE_MAX)
                ),
            });
        }
        line.push(b'\n');
        if let Err(source) = self
            .file
            .write_all(&line)
            .and_then(|()| self.file.sync_data())
        {
            self.poisoned = true;
            // A write that failed part-way (a full disk, a file size limit) may have left some
            // of the line behind: cut it off, so the file ends with its last complete line and
            // the next writer finds no torn tail to set aside.
            let cut = self
                .file
                .set_len(self.len)
                .and_then(|()| self.file.sync_data())
                .is_ok();
            return Err(JournalError::Io {
                action: if cut {
                    "record the event (nothing of it was kept) in"
                } else {
                    "record the event in"
                },
                path: self.path.clone(),
                source,
            });
        }
        self.len += line.len() as u64;
        self.next_seq = next_seq;
        self.last_hash.clone_from(&record.hash);
        Ok(record)
    }

    /// The journal file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The `seq` the next appended event will get (the number of stored events plus one).
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Fingerprint of the last stored line ([`GENESIS_PREV`] when empty).
    pub fn last_hash(&self) -> &str {
        &self.last_hash
    }
}

/// Checks the journal at `path` without knowing its event type and without locking or changing
/// it: every line must be a sound entry in an unbroken chain. For a future `verify` command.
///
/// # Errors
/// [`JournalError::Io`], [`JournalError::Tampered`].
pub fn verify(path: impl AsRef<Path>) -> Result<Summary, JournalError> {
    let (records, warnings) = Journal::<IgnoredAny>::read(path)?;
    Ok(Summary {
        count: records.len() as u64,
        last_hash: records
            .last()
            .map_or_else(|| GENESIS_PREV.to_owned(), |r| r.hash.clone()),
        warnings,
    })
}

/// The line as written; field order here is the key order in the file.
#[derive(Serialize)]
struct EntryOut<'a, E> {
    seq: u64,
    at: &'a str,
    by: &'a str,
    prev: &'a str,
    event: &'a E,
}

/// The line as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "journal entry")]
struct EntryIn<'a, T> {
    seq: u64,
    #[serde(borrow)]
    at: Cow<'a, str>,
    by: String,
    prev: String,
    event: T,
}

/// What is wrong with one line, before the path is known.
enum LineProblem {
    Tampered { line: u64, reason: TamperReason },
    Payload { detail: String },
}

/// The result of reading a journal's bytes.
struct Scan<T> {
    records: Vec<Record<T>>,
    /// Length of the valid part: just after the last complete line's newline.
    good_len: usize,
    torn: Option<Torn>,
    /// The last record's line had no final newline.
    unterminated: bool,
}

struct Torn {
    line: u64,
}

/// Reads every line of `bytes`, checking each and the chain. `T` is the event type.
fn scan<T: DeserializeOwned>(bytes: &[u8], path: &Path) -> Result<Scan<T>, JournalError> {
    // One record per newline: sizing the vector up front avoids copying records as it grows.
    let mut records: Vec<Record<T>> =
        Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut pos = 0;
    let mut line_no: u64 = 0;
    while let Some(rest) = bytes.get(pos..).filter(|rest| !rest.is_empty()) {
        line_no += 1;
        let newline = memchr::memchr(b'\n', rest);
        let line = rest
            .get(..newline.unwrap_or(rest.len()))
            .unwrap_or_default();
        if line.len() as u64 > crate::limits::JOURNAL_LINE_MAX {
            return Err(JournalError::Tampered {
                path: path.to_path_buf(),
                line: line_no,
                reason: TamperReason::TooLong,
            });
        }
        let prev = records.last().map_or(GENESIS_PREV, |r| r.hash.as_str());
        let parsed = parse_line::<T>(line, line_no, prev);
        if newline.is_none() {
            // The last line has no newline. A crash while appending leaves a prefix of a line,
            // which is never a complete JSON value: that is a torn tail. A complete line that
            // reads and chains is an event; anything else is judged like any other line.
            match parsed {
                Err(LineProblem::Tampered {
                    reason: TamperReason::NotJson { .. },
                    ..
                }) => {
                    return Ok(Scan {
                        records,
                        good_len: pos,
                        torn: Some(Torn { line: line_no }),
                        unterminated: false,
                    });
                }
                Ok(record) => {
                    records.push(record);
                    return Ok(Scan {
                        records,
                        good_len: bytes.len(),
                        torn: None,
                        unterminated: true,
                    });
                }
                Err(_) => {}
            }
        }
        match parsed {
            Ok(record) => records.push(record),
            Err(LineProblem::Tampered {
                reason: TamperReason::AlteredContent { .. },
                ..
            }) if copied_link(line, &records) => {
                return Err(JournalError::Tampered {
                    path: path.to_path_buf(),
                    line: line_no,
                    reason: TamperReason::CopiedLink {
                        previous_line: line_no - 1,
                    },
                });
            }
            Err(LineProblem::Tampered { line, reason }) => {
                return Err(JournalError::Tampered {
                    path: path.to_path_buf(),
                    line,
                    reason,
                });
            }
            Err(LineProblem::Payload { detail }) => {
                // The envelope is sound but the event is not an E. If the rest of the file shows
                // tampering (e.g. the next line's fingerprint no longer matches this line), say
                // so; otherwise it is a payload this version cannot read. `IgnoredAny` accepts any
                // payload, so this cannot recurse further.
                scan::<IgnoredAny>(bytes, path)?;
                return Err(JournalError::BadPayload {
                    path: path.to_path_buf(),
                    line: line_no,
                    detail,
                });
            }
        }
        pos += line.len() + 1;
    }
    Ok(Scan {
        records,
        good_len: pos,
        torn: None,
        unterminated: false,
    })
}

/// Whether `line`'s `prev` is the fingerprint of, or the `prev` recorded by, one of the lines
/// before the last of `records`: then the line itself was copied or forged (a change to the line
/// before it could not make its fingerprint equal an earlier one).
fn copied_link<T>(line: &[u8], records: &[Record<T>]) -> bool {
    let Ok(entry) = serde_json::from_slice::<EntryIn<IgnoredAny>>(line) else {
        return false;
    };
    let before_last = records.len().saturating_sub(1);
    records
        .iter()
        .enumerate()
        .any(|(i, r)| r.prev == entry.prev || (i < before_last && r.hash == entry.prev))
}

/// Checks one complete line (without its newline) that should be entry `seq`, following a line
/// whose fingerprint is `prev`.
fn parse_line<T: DeserializeOwned>(
    line: &[u8],
    seq: u64,
    prev: &str,
) -> Result<Record<T>, LineProblem> {
    let tampered = |reason| LineProblem::Tampered { line: seq, reason };
    if line.is_empty() {
        return Err(tampered(TamperReason::EmptyLine));
    }
    // Validating the whole line once is faster than serde_json checking each string.
    let text = std::str::from_utf8(line).map_err(|error| {
        tampered(TamperReason::NotJson {
            detail: format!("not UTF-8 text from byte {}", error.valid_up_to() + 1),
        })
    })?;
    let entry = match serde_json::from_str::<EntryIn<T>>(text) {
        Ok(entry) => entry,
        Err(error) => {
            // Tell a damaged envelope from an unreadable payload; report the envelope first.
            return match serde_json::from_str::<EntryIn<IgnoredAny>>(text) {
                Ok(envelope) => {
                    check_envelope(&envelope, line, seq, prev)?;
                    Err(LineProblem::Payload {
                        detail: error.to_string(),
                    })
                }
                Err(envelope_error) => Err(tampered(json_problem(&envelope_error))),
            };
        }
    };
    let (at, hash) = check_envelope(&entry, line, seq, prev)?;
    Ok(Record {
        seq: entry.seq,
        at,
        by: entry.by,
        prev: entry.prev,
        event: entry.event,
        hash,
    })
}

/// Checks the envelope fields and the link; returns the parsed time and the line's fingerprint.
fn check_envelope<T>(
    entry: &EntryIn<'_, T>,
    line: &[u8],
    seq: u64,
    prev: &str,
) -> Result<(DateTime<Utc>, String), LineProblem> {
    let tampered = |line, reason| LineProblem::Tampered { line, reason };
    if entry.seq != seq {
        return Err(tampered(
            seq,
            TamperReason::WrongSeq {
                expected: seq,
                found: entry.seq,
            },
        ));
    }
    let at = parse_time(&entry.at).ok_or_else(|| {
        tampered(
            seq,
            TamperReason::BadTime {
                value: entry.at.clone().into_owned(),
            },
        )
    })?;
    if entry.by.trim().is_empty() {
        return Err(tampered(seq, TamperReason::MissingAuthor));
    }
    if entry.prev != prev {
        return Err(if seq == 1 {
            tampered(seq, TamperReason::BadFirstLink)
        } else if link_was_edited(&entry.prev, prev) {
            tampered(
                seq,
                TamperReason::AlteredLink {
                    previous_line: seq - 1,
                },
            )
        } else {
            tampered(seq - 1, TamperReason::AlteredContent { next_line: seq })
        });
    }
    Ok((at, hex(&Sha256::digest(line))))
}

/// When a line's `prev` does not match the previous line's fingerprint, decides which of the two
/// lines to blame: `true` if the recorded fingerprint itself was edited (it is malformed, or
/// differs from the true fingerprint in only a few digits, which a change to the previous line
/// could not cause: SHA-256 changes about 60 of 64 digits, and matching all but 8 by chance has
/// probability below 1e-50), `false` if the previous line's content was changed.
fn link_was_edited(recorded: &str, expected: &str) -> bool {
    let well_formed = recorded.len() == expected.len()
        && recorded
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !well_formed {
        return true;
    }
    let differing = recorded
        .bytes()
        .zip(expected.bytes())
        .filter(|(a, b)| a != b)
        .count();
    differing <= 8
}

/// Parses an RFC 3339 UTC time written with `Z`.
fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    if !text.ends_with('Z') {
        return None;
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Classifies a JSON error on the envelope.
fn json_problem(error: &serde_json::Error) -> TamperReason {
    let detail = error.to_string();
    match error.classify() {
        serde_json::error::Category::Data => TamperReason::NotAnEntry { detail },
        _ => TamperReason::NotJson { detail },
    }
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = Vec::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        // Both indices are below 16: a nibble cannot index past the table.
        text.push(DIGITS[usize::from(byte >> 4)]);
        text.push(DIGITS[usize::from(byte & 0x0f)]);
    }
    // Only ASCII hex digits were pushed, so this is valid UTF-8 and never falls back.
    String::from_utf8(text).unwrap_or_default()
}

/// The folder holding `path` (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks that the lock file next to the journal at `path` is a plain file or absent: it is never
/// followed, so a symbolic link there (even to a file, even dangling, even a loop), a folder or a
/// device is reported by readers too, not only by the writer.
///
/// # Errors
/// [`JournalError::NotAFile`].
pub fn check_lock(path: &Path) -> Result<(), JournalError> {
    plain_file(&lock_path_for(path)).map(|_| ())
}

/// The lock file for the journal at `path`: `journal.lock` next to `journal.jsonl`.
fn lock_path_for(path: &Path) -> PathBuf {
    let lock = path.with_extension("lock");
    if lock == path {
        let mut name = path.as_os_str().to_os_string();
        name.push(".lock");
        PathBuf::from(name)
    } else {
        lock
    }
}

/// Whether `path` holds a plain file (`false` when nothing is there). A symbolic link (even one
/// that leads to a file), a folder or a device is refused with [`JournalError::NotAFile`].
fn plain_file(path: &Path) -> Result<bool, JournalError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(JournalError::Io {
                action: "look at",
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let kind = meta.file_type();
    let what = if kind.is_symlink() {
        match fs::metadata(path) {
            Ok(_) => "it is a symbolic link",
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                "it is a symbolic link that leads nowhere"
            }
            Err(_) => "it is a symbolic link that cannot be followed (a loop of links?)",
        }
    } else if kind.is_dir() {
        "it is a folder, not a file"
    } else if !kind.is_file() {
        "it is a device, pipe or socket, not a file"
    } else {
        return Ok(true);
    };
    Err(JournalError::NotAFile {
        path: path.to_path_buf(),
        what: what.to_owned(),
    })
}

/// Opens (creating if absent) the plain file at `path` for writing, in append mode when `append`
/// (else read + write), without ever following or creating through a symbolic link: a new file is
/// created with `create_new`, which refuses a link, and an existing one is checked before and
/// after opening to be the same plain file.
fn open_plain(path: &Path, append: bool, action: &'static str) -> Result<File, JournalError> {
    let mut options = OpenOptions::new();
    options.read(true);
    if append {
        options.append(true);
    } else {
        options.write(true);
    }
    loop {
        if !plain_file(path)? {
            match options.clone().create_new(true).open(path) {
                Ok(file) => return Ok(file),
                // Someone created it meanwhile: check what it is.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(source) => {
                    return Err(JournalError::Io {
                        action,
                        path: path.to_path_buf(),
                        source,
                    });
                }
            }
        }
        let file = options.open(path).map_err(io_error(action, path))?;
        same_file(&file, path)?;
        return Ok(file);
    }
}

/// Checks that the open `file` is still the plain file at `path` (not swapped for a link).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> Result<(), JournalError> {
    use std::os::unix::fs::MetadataExt;
    let opened = file.metadata().map_err(io_error("look at", path))?;
    let now = fs::symlink_metadata(path).map_err(io_error("look at", path))?;
    if opened.is_file() && now.is_file() && opened.dev() == now.dev() && opened.ino() == now.ino() {
        Ok(())
    } else {
        Err(JournalError::NotAFile {
            path: path.to_path_buf(),
            what: "it changed while it was being opened (replaced by a link?)".to_owned(),
        })
    }
}

/// Other platforms: the check before opening is all there is.
#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> Result<(), JournalError> {
    Ok(())
}

/// Reads the whole journal from an open file, up to [`crate::limits::JOURNAL_MAX`]. A file whose
/// length is already over the limit is refused before a byte of it is read; the limit on the read
/// itself covers a file that grows while it is read.
fn read_all(file: &File, path: &Path) -> Result<Vec<u8>, JournalError> {
    let limit = crate::limits::JOURNAL_MAX;
    let len = file
        .metadata()
        .map_err(io_error("read the length of", path))?
        .len();
    if len > limit {
        return Err(JournalError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let mut file = file;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error("read the journal", path))?;
    if bytes.len() as u64 > limit {
        return Err(JournalError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    Ok(bytes)
}

/// Fails with a clear message unless the meeting's folder exists.
fn check_folder(dir: &Path) -> Result<(), JournalError> {
    let meta = fs::metadata(dir).map_err(io_error("open the meeting folder", dir))?;
    if meta.is_dir() {
        Ok(())
    } else {
        Err(JournalError::Io {
            action: "open the meeting folder",
            path: dir.to_path_buf(),
            source: io::Error::new(io::ErrorKind::NotADirectory, "it is not a folder"),
        })
    }
}

/// Saves `bytes` to a new side file `<journal name>.torn-<n>` next to the journal, durably.
fn move_aside(path: &Path, dir: &Path, bytes: &[u8]) -> Result<PathBuf, JournalError> {
    let name = path
        .file_name()
        .map_or_else(|| OsString::from("journal"), |n| n.to_os_string());
    for n in 1..=u32::MAX {
        let mut side_name = name.clone();
        side_name.push(format!(".torn-{n}"));
        let side = dir.join(side_name);
        match OpenOptions::new().write(true).create_new(true).open(&side) {
            Ok(mut file) => {
                if let Err(source) = file.write_all(bytes).and_then(|()| file.sync_all()) {
                    // No room for the side file (a full disk): leave no empty or partial copy
                    // behind; the journal keeps its torn tail until there is room.
                    drop(file);
                    let _ = fs::remove_file(&side);
                    return Err(JournalError::Io {
                        action: "save the incomplete last line to",
                        path: side,
                        source,
                    });
                }
                sync_dir(dir)?;
                return Ok(side);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => {
                return Err(JournalError::Io {
                    action: "save the incomplete last line to",
                    path: side,
                    source: error,
                });
            }
        }
    }
    Err(JournalError::Io {
        action: "find a free name for the incomplete last line next to",
        path: path.to_path_buf(),
        source: io::Error::from(io::ErrorKind::AlreadyExists),
    })
}

/// Makes the entries of `dir` (created or renamed files) durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), JournalError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error("save the meeting folder", dir))
}

/// Directories cannot be opened for syncing on this platform; its file systems make new
/// directory entries durable with the file's own flush.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), JournalError> {
    Ok(())
}

/// Builds a `map_err` closure turning an I/O error into [`JournalError::Io`].
fn io_error<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(io::Error) -> JournalError + 'a {
    move |source| JournalError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Ev {
        Note { text: String },
        Vote { member: String, choice: String },
    }

    fn note(text: &str) -> Ev {
        Ev::Note {
            text: text.to_owned(),
        }
    }

    fn t(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 5, 9, minute, 0).unwrap()
    }

    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        (dir, path)
    }

    fn write_three(path: &Path) -> Vec<Record<Ev>> {
        let (mut j, _, _) = Journal::<Ev>::open_writer(path).unwrap();
        let vote = Ev::Vote {
            member: "Alpha".into(),
            choice: "yes".into(),
        };
        let out = vec![
            j.append(t(0), "secretary", &note("opened")).unwrap(),
            j.append(t(1), "secretary", &vote).unwrap(),
            j.append(t(2), "chair", &note("closed")).unwrap(),
        ];
        out
    }

    fn lines(path: &Path) -> Vec<Vec<u8>> {
        let bytes = fs::read(path).unwrap();
        bytes
            .split_inclusive(|&b| b == b'\n')
            .map(<[u8]>::to_vec)
            .collect()
    }

    fn tampered_line(err: JournalError) -> (u64, TamperReason) {
        match err {
            JournalError::Tampered { line, reason, .. } => (line, reason),
            other => panic!("expected Tampered, got {other:?}"),
        }
    }

    #[test]
    fn hex_is_lowercase_and_complete() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(GENESIS_PREV.len(), 64);
    }

    #[test]
    fn line_format_is_exact() {
        let (_dir, path) = setup();
        let records = write_three(&path);
        let text = fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            format!(
                r#"{{"seq":1,"at":"2025-03-05T09:00:00Z","by":"secretary","prev":"{GENESIS_PREV}","event":{{"kind":"note","text":"opened"}}}}"#
            )
        );
        assert_eq!(records[0].hash, hex(&Sha256::digest(first.as_bytes())));
        assert_eq!(records[1].prev, records[0].hash);
        assert!(text.ends_with('\n'));
        assert_eq!(text.lines().count(), 3);
    }

    #[test]
    fn lock_file_sits_next_to_the_journal() {
        assert_eq!(
            lock_path_for(Path::new("m/journal.jsonl")),
            PathBuf::from("m/journal.lock")
        );
        assert_eq!(
            lock_path_for(Path::new("m/journal.lock")),
            PathBuf::from("m/journal.lock.lock")
        );
        assert_eq!(parent_dir(Path::new("journal.jsonl")), PathBuf::from("."));
    }

    #[test]
    fn subsecond_times_round_trip() {
        let (_dir, path) = setup();
        let at = Utc.timestamp_opt(1_741_165_200, 123_456_789).unwrap();
        let (mut j, _, _) = Journal::<Ev>::open_writer(&path).unwrap();
        let rec = j.append(at, "secretary", &note("x")).unwrap();
        assert_eq!(rec.at, at);
        drop(j);
        let (records, _) = Journal::<Ev>::read(&path).unwrap();
        assert_eq!(records[0].at, at);
        assert!(
            fs::read_to_string(&path)
                .unwrap()
                .contains("\"at\":\"2025-03-05T09:00:00.123456789Z\"")
        );
    }

    #[test]
    fn blank_author_is_refused_and_nothing_written() {
        let (_dir, path) = setup();
        let (mut j, _, _) = Journal::<Ev>::open_writer(&path).unwrap();
        assert!(matches!(
            j.append(t(0), "  ", &note("x")),
            Err(JournalError::MissingAuthor)
        ));
        assert_eq!(fs::read(&path).unwrap().len(), 0);
        assert_eq!(j.next_seq(), 1);
    }

    #[test]
    fn time_beyond_rfc3339_is_refused() {
        let (_dir, path) = setup();
        let (mut j, _, _) = Journal::<Ev>::open_writer(&path).unwrap();
        let far = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
        let err = j.append(far, "secretary", &note("x")).unwrap_err();
        assert!(matches!(err, JournalError::Unstorable { .. }), "{err:?}");
        assert_eq!(fs::read(&path).unwrap().len(), 0);
        // The journal stays usable.
        assert_eq!(j.append(t(0), "secretary", &note("x")).unwrap().seq, 1);
    }

    #[test]
    fn event_that_does_not_read_back_is_refused() {
        // Serialises as a string, but the journal expects a number.
        #[derive(Debug, Serialize, Deserialize)]
        struct Lossy(#[serde(deserialize_with = "deserialize_number")] String);
        fn deserialize_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
            u64::deserialize(d).map(|n| n.to_string())
        }
        let (_dir, path) = setup();
        let (mut j, _, _) = Journal::<Lossy>::open_writer(&path).unwrap();
        let err = j
            .append(t(0), "secretary", &Lossy("abc".into()))
            .unwrap_err();
        assert!(err.to_string().contains("does not read back"), "{err}");
        assert_eq!(fs::read(&path).unwrap().len(), 0);
    }

    #[test]
    fn failed_write_poisons_the_journal() {
        let (_dir, path) = setup();
        let (mut j, _, _) = Journal::<Ev>::open_writer(&path).unwrap();
        // Swap in a read-only handle so the write fails.
        j.file = File::open(&path).unwrap();
        let err = j.append(t(0), "secretary", &note("x")).unwrap_err();
        assert!(matches!(err, JournalError::Io { .. }), "{err:?}");
        let err = j.append(t(0), "secretary", &note("x")).unwrap_err();
        assert!(matches!(err, JournalError::Poisoned { .. }), "{err:?}");
        assert!(err.to_string().contains("reopen"));
    }

    #[test]
    fn missing_meeting_folder_is_an_io_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-meeting");
        let err = Journal::<Ev>::open_writer(missing.join("journal.jsonl")).unwrap_err();
        match err {
            JournalError::Io { path, .. } => assert_eq!(path, missing),
            other => panic!("{other:?}"),
        }
        assert!(!missing.exists());
    }

    #[test]
    fn empty_middle_line_is_tampering() {
        let (_dir, path) = setup();
        write_three(&path);
        let mut l = lines(&path);
        l.insert(1, b"\n".to_vec());
        fs::write(&path, l.concat()).unwrap();
        let (line, reason) = tampered_line(Journal::<Ev>::read(&path).unwrap_err());
        assert_eq!((line, reason), (2, TamperReason::EmptyLine));
    }

    #[test]
    fn invalid_complete_last_line_is_tampering_not_torn() {
        let (_dir, path) = setup();
        write_three(&path);
        let mut bytes = fs::read(&path).unwrap();
        let len = bytes.len();
        bytes[len - 3] = b'!'; // inside the closing braces of line 3
        fs::write(&path, &bytes).unwrap();
        let (line, reason) = tampered_line(Journal::<Ev>::read(&path).unwrap_err());
        assert_eq!(line, 3);
        assert!(matches!(reason, TamperReason::NotJson { .. }), "{reason:?}");
        // Opening for writing refuses too and leaves the file alone.
        assert!(Journal::<Ev>::open_writer(&path).is_err());
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn edited_content_is_blamed_on_that_line() {
        let (_dir, path) = setup();
        write_three(&path);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replacen("Alpha", "Alphb", 1)).unwrap();
        let (line, reason) = tampered_line(Journal::<Ev>::read(&path).unwrap_err());
        assert_eq!(line, 2);
        assert_eq!(reason, TamperReason::AlteredContent { next_line: 3 });
    }

    #[test]
    fn edited_fingerprint_is_blamed_on_its_own_line() {
        let (_dir, path) = setup();
        let records = write_three(&path);
        let text = fs::read_to_string(&path).unwrap();
        let good = &records[1].hash; // recorded as prev by line 3
        let mut bad = good.clone();
        let last = if bad.ends_with('0') { "1" } else { "0" };
        bad.replace_range(63.., last);
        fs::write(&path, text.replacen(good.as_str(), &bad, 1)).unwrap();
        let (line, reason) = tampered_line(Journal::<Ev>::read(&path).unwrap_err());
        assert_eq!(line, 3);
        assert_eq!(reason, TamperReason::AlteredLink { previous_line: 2 });
    }

    #[test]
    fn first_line_must_start_the_chain() {
        let (_dir, path) = setup();
        write_three(&path);
        let text = fs::read_to_string(&path).unwrap();
        let bad = "1".repeat(64);
        fs::write(&path, text.replacen(GENESIS_PREV, &bad, 1)).unwrap();
        let (line, reason) = tampered_line(Journal::<Ev>::read(&path).unwrap_err());
        assert_eq!((line, reason), (1, TamperReason::BadFirstLink));
    }

    #[test]
    fn envelope_checks_name_the_problem() {
        let prev = GENESIS_PREV;
        let check = |line: String| match parse_line::<Ev>(line.as_bytes(), 1, prev) {
            Err(LineProblem::Tampered { line, reason }) => (line, reason),
            Err(LineProblem::Payload { detail }) => panic!("payload: {detail}"),
            Ok(_) => panic!("accepted {line}"),
        };
        let ev = r#"{"kind":"note","text":"x"}"#;
        let (_, r) = check(format!(
            r#"{{"seq":1,"at":"2025-03-05T09:00:00+01:00","by":"s","prev":"{prev}","event":{ev}}}"#
        ));
        assert!(matches!(r, TamperReason::BadTime { .. }));
        let (_, r) = check(format!(
            r#"{{"seq":1,"at":"yesterday Z","by":"s","prev":"{prev}","event":{ev}}}"#
        ));
        assert!(matches!(r, TamperReason::BadTime { .. }));
        let (_, r) = check(format!(
            r#"{{"seq":1,"at":"2025-03-05T09:00:00Z","by":"","prev":"{prev}","event":{ev}}}"#
        ));
        assert_eq!(r, TamperReason::MissingAuthor);
        let (_, r) = check(format!(
            r#"{{"seq":1,"at":"2025-03-05T09:00:00Z","by":"s","prev":"{prev}","event":{ev},"x":1}}"#
        ));
        assert!(matches!(r, TamperReason::NotAnEntry { .. }), "{r:?}");
        let (_, r) = check(format!(
            r#"{{"seq":1,"seq":1,"at":"2025-03-05T09:00:00Z","by":"s","prev":"{prev}","event":{ev}}}"#
        ));
        assert!(matches!(r, TamperReason::NotAnEntry { .. }), "{r:?}");
        let (_, r) = check(format!(
            r#"{{"seq":2,"at":"2025-03-05T09:00:00Z","by":"s","prev":"{prev}","event":{ev}}}"#
        ));
        assert_eq!(
            r,
            TamperReason::WrongSeq {
                expected: 1,
                found: 2
            }
        );
        let (_, r) = check("[1,2]".to_owned());
        assert!(matches!(r, TamperReason::NotAnEntry { .. }), "{r:?}");
        let (_, r) = check("{\"seq\":1".to_owned());
        assert!(matches!(r, TamperReason::NotJson { .. }), "{r:?}");
    }

    #[test]
    fn unknown_event_on_sound_last_line_is_bad_payload() {
        let (_dir, path) = setup();
        let records = write_three(&path);
        let prev = &records[2].hash;
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(
            format!(
                "{{\"seq\":4,\"at\":\"2025-03-05T09:03:00Z\",\"by\":\"s\",\"prev\":\"{prev}\",\"event\":{{\"kind\":\"future_kind\"}}}}\n"
            )
            .as_bytes(),
        );
        fs::write(&path, &bytes).unwrap();
        match Journal::<Ev>::read(&path).unwrap_err() {
            JournalError::BadPayload { line, .. } => assert_eq!(line, 4),
            other => panic!("{other:?}"),
        }
        // The envelope and chain are sound, so a type-agnostic verify accepts it.
        let summary = verify(&path).unwrap();
        assert_eq!(summary.count, 4);
    }

    #[test]
    fn unreadable_event_in_a_broken_chain_is_tampering() {
        let (_dir, path) = setup();
        write_three(&path);
        let text = fs::read_to_string(&path).unwrap();
        // Line 2's event no longer reads as Ev, and line 3's fingerprint no longer matches.
        fs::write(&path, text.replacen("\"vote\"", "\"vite\"", 1)).unwrap();
        let (line, reason) = tampered_line(Journal::<Ev>::read(&path).unwrap_err());
        assert_eq!(line, 2);
        assert_eq!(reason, TamperReason::AlteredContent { next_line: 3 });
    }

    #[test]
    fn errors_and_warnings_read_well() {
        let err = JournalError::Tampered {
            path: PathBuf::from("meetings/2025-03-05/journal.jsonl"),
            line: 7,
            reason: TamperReason::WrongSeq {
                expected: 7,
                found: 8,
            },
        };
        assert_eq!(
            err.to_string(),
            "the journal meetings/2025-03-05/journal.jsonl was altered or damaged at line 7: the \
             entry is numbered 8 where 7 was expected (an entry was removed, inserted, moved or \
             renumbered)"
        );
        let locked = JournalError::Locked {
            path: PathBuf::from("m/journal.lock"),
        };
        assert_eq!(
            locked.to_string(),
            "meeting is open for writing by another process (lock held on m/journal.lock)"
        );
        let w = Warning::TornTail {
            line: 4,
            bytes: 17,
            moved_to: None,
        };
        assert_eq!(
            w.to_string(),
            "line 4 of the journal was incomplete (17 bytes; the program probably stopped while \
             recording it), so that event was not recorded; it was skipped and the file left \
             unchanged"
        );
    }
}
