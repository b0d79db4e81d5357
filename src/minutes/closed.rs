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
        Err(b) => {
            out.problems.push((file, b.message));
            return out;
        }
    }
    closed_minutes(board, id, records, &bytes, &path, &mut out);
    out
}

/// The closed minutes beside the closed journal at `path`, where present: the rendering of the
/// closed journal, and each signature beside them.
fn closed_minutes(
    board: &crate::board::Board,
    id: &str,
    records: &[crate::record::journal::Record<Event>],
    bytes: &[u8],
    path: &std::path::Path,
    out: &mut ClosedCheck,
) {
    let folder = path.parent().unwrap_or(path);
    let shown = crate::meeting::closed::where_kept(board, id);
    let md_path = folder.join(CLOSED_MINUTES_MD);
    let mdrel = format!("{shown}/{CLOSED_MINUTES_MD}");
    let Ok(md) = crate::limits::read_file(&md_path, crate::limits::MINUTES_MAX) else {
        out.lines
            .push(format!("closed minutes: not rendered ({mdrel})"));
        return;
    };
    let closed = match crate::record::journal::Journal::<Event>::read(path) {
        Ok((r, _)) => r,
        Err(e) => {
            out.problems.push((mdrel, e.to_string()));
            return;
        }
    };
    if render_closed(board, id, records, bytes, &closed).as_bytes() != md {
        out.problems.push((
            mdrel,
            "is not the rendering of the closed journal (it was edited, or the journal changed)"
                .into(),
        ));
        return;
    }
    let officers = super::sign::Officers::of(records.first().map(|r| (&r.at, &r.event)));
    let signers = super::sign::load_signers(board)
        .ok()
        .map(|(s, _)| (crate::signature::allowed::FILE.to_string(), s));
    let mut roles = Vec::new();
    if let Some(at) = officers.at {
        for sig in super::sign::signature_files(folder) {
            let role = super::sign::role_of(&sig).unwrap_or_default();
            let srel = format!(
                "{shown}/{}",
                sig.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            );
            match super::sign::check_signature(
                board,
                &sig,
                &md,
                &role,
                &officers,
                signers.as_ref(),
                at,
                crate::signature::allowed::board_tz(board),
            ) {
                Ok((principal, _)) => roles.push(format!("{role} ({principal})")),
                Err(m) => out.problems.push((srel, m)),
            }
        }
    }
    out.lines.push(if roles.is_empty() {
        format!("closed minutes: rendered, not signed ({mdrel})")
    } else {
        format!("closed minutes: signed by {} ({mdrel})", roles.join(", "))
    });
}

/// The closed minutes' file name, in the closed records' folder (beside the closed journal).
pub const CLOSED_MINUTES_MD: &str = "minutes.md";

/// The format line of the closed minutes' header.
pub const CLOSED_FORMAT: &str = "procboard-closed-minutes/1";

/// Names for the closed minutes' lines: members and items as the board names them.
struct BoardNames<'a> {
    board: &'a crate::board::Board,
    meeting: &'a str,
}

impl crate::phrases::Names for BoardNames<'_> {
    fn member(&self, id: &str) -> String {
        self.board
            .member(id)
            .map_or_else(|| id.to_string(), |m| format!("{} (`{id}`)", m.name))
    }

    fn item_title(&self, id: &str) -> String {
        self.board
            .meeting(self.meeting)
            .and_then(|m| m.agenda.items.iter().find(|i| i.id.get_ref() == id))
            .map(|i| i.title.clone())
            .unwrap_or_default()
    }
}

/// Renders the closed minutes of meeting `meeting` from its public records and its closed
/// journal (`closed_bytes`, read as `closed`): a header binding them to the closed journal (its
/// SHA-256 and lines) and, per closed session, in each language of the minutes, the ground, who
/// attended, the start and end, every event recorded in the room with its time, and the seal.
/// Depends on those bytes and the board only, like the public minutes.
pub fn render_closed(
    board: &crate::board::Board,
    meeting: &str,
    public: &[crate::record::journal::Record<Event>],
    closed_bytes: &[u8],
    closed: &[crate::record::journal::Record<Event>],
) -> String {
    use std::fmt::Write as _;
    let tz: chrono_tz::Tz = public
        .first()
        .and_then(|r| match &r.event {
            Event::MeetingOpened(o) => o.frozen.as_ref().map(|f| f.time_zone.clone()),
            _ => None,
        })
        .unwrap_or_else(|| board.file.board.time_zone.get_ref().clone())
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let hm = |at: &chrono::DateTime<chrono::Utc>| at.with_timezone(&tz).format("%H:%M").to_string();
    let names = BoardNames { board, meeting };
    let title = board
        .meeting(meeting)
        .and_then(|m| m.agenda.meeting.title.clone())
        .unwrap_or_else(|| meeting.to_string());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\nformat: {CLOSED_FORMAT}\nboard: {}\nmeeting: {meeting}\nclosed_journal_sha256: {}\nclosed_journal_lines: {}\n---\n",
        board.file.board.id.get_ref(),
        crate::record::closed::sha256_hex(closed_bytes),
        closed.len()
    );
    let _ = writeln!(out, "# CLOSED SESSION · {title}\n");
    for lang in board.file.minutes.languages() {
        let cat = crate::phrases::catalogue(&lang);
        let member = |m: &str| crate::phrases::Names::member(&names, m);
        let mut cursor = 0usize;
        let mut began = None;
        for r in public {
            match &r.event {
                Event::ClosedSessionBegan(b) => {
                    let _ = writeln!(
                        out,
                        "## {}\n",
                        fill(
                            cat.item,
                            &[
                                ("id", &b.item),
                                ("title", &crate::phrases::Names::item_title(&names, &b.item))
                            ]
                        )
                    );
                    let _ = writeln!(out, "{}\n", public_line(&r.event, &hm(&r.at), cat, &member));
                    began = Some(b.item.clone());
                }
                Event::ClosedSessionEnded(e) => {
                    while let Some(c) = closed.get(cursor).filter(|c| c.seq <= e.lines) {
                        let line = crate::phrases::event_line(cat, &c.event, &names);
                        let _ = writeln!(out, "- {} {}", hm(&c.at), line.replace('\n', " "));
                        cursor += 1;
                    }
                    let _ = writeln!(
                        out,
                        "\n{}\n",
                        public_line(&r.event, &hm(&r.at), cat, &member)
                    );
                    began = None;
                }
                _ => {}
            }
        }
        if began.is_some() {
            for c in closed.get(cursor..).unwrap_or_default() {
                let line = crate::phrases::event_line(cat, &c.event, &names);
                let _ = writeln!(out, "- {} {}", hm(&c.at), line.replace('\n', " "));
            }
            out.push('\n');
        }
    }
    out
}

/// The closed records of meeting `dir` as they are: the board, the meeting id, the public
/// records, the closed journal's bytes and records. `None` when there is no closed journal.
#[allow(clippy::type_complexity)]
fn closed_records(
    dir: &std::path::Path,
) -> Result<
    Option<(
        crate::meeting::Meeting,
        Vec<u8>,
        Vec<crate::record::journal::Record<Event>>,
    )>,
    super::MinutesError,
> {
    let m = crate::meeting::Meeting::open_read(dir)?;
    let path = crate::meeting::closed::closed_journal(&m.board, &m.id);
    if !crate::record::reader::journal_present(&path) {
        return Ok(None);
    }
    let (records, _) = crate::record::journal::Journal::<Event>::read(&path)
        .map_err(crate::meeting::MeetingError::Journal)?;
    let bytes = crate::limits::read_file(&path, crate::limits::JOURNAL_MAX).map_err(|e| {
        super::MinutesError::Refused(format!("cannot read {}: {e}", path.display()))
    })?;
    crate::record::closed::check_commitments(&m.records, &bytes)
        .map_err(|b| super::MinutesError::Refused(format!("{}: {}", path.display(), b.message)))?;
    Ok(Some((m, bytes, records)))
}

/// Writes the closed minutes of the adjourned meeting at `dir` beside its closed journal, when
/// the closed journal is present; returns the file written. Signed closed minutes are never
/// rewritten with other bytes.
pub fn write_closed_minutes(
    dir: &std::path::Path,
) -> Result<Option<std::path::PathBuf>, super::MinutesError> {
    let Some((m, bytes, records)) = closed_records(dir)? else {
        return Ok(None);
    };
    let md = render_closed(&m.board, &m.id, &m.records, &bytes, &records);
    let folder = crate::meeting::closed::closed_dir(&m.board, &m.id);
    let path = folder.join(CLOSED_MINUTES_MD);
    if std::fs::symlink_metadata(&path).is_ok() {
        let now = crate::limits::read_file(&path, crate::limits::MINUTES_MAX).map_err(|e| {
            super::MinutesError::Refused(format!("cannot read {}: {e}", path.display()))
        })?;
        if now != md.as_bytes() && !super::sign::signature_files(&folder).is_empty() {
            return Err(super::MinutesError::Refused(format!(
                "{} is signed and would change: signed minutes are never edited",
                path.display()
            )));
        }
    }
    super::write_atomic(&path, md.as_bytes())?;
    Ok(Some(path))
}

/// Signs the closed minutes of the meeting at `dir` as `role` with the key at `key_path`, as
/// `minutes sign` signs the public ones (same namespace, same checks of the signer); writes
/// `minutes.md.<role>.sig` beside them.
pub fn sign_closed_minutes(
    dir: &std::path::Path,
    role: &str,
    key_path: &std::path::Path,
) -> Result<std::path::PathBuf, super::MinutesError> {
    let Some((m, bytes, records)) = closed_records(dir)? else {
        return Err(super::MinutesError::Refused(format!(
            "meeting {} has no closed journal here to sign the closed minutes of",
            dir.display()
        )));
    };
    let md = render_closed(&m.board, &m.id, &m.records, &bytes, &records);
    let folder = crate::meeting::closed::closed_dir(&m.board, &m.id);
    let path = folder.join(CLOSED_MINUTES_MD);
    let on_disk = crate::limits::read_file(&path, crate::limits::MINUTES_MAX).map_err(|_| {
        super::MinutesError::Refused(format!(
            "{} does not exist\n  hint: run `procboard minutes render {}` first",
            path.display(),
            dir.display()
        ))
    })?;
    if on_disk != md.as_bytes() {
        return Err(super::MinutesError::Refused(format!(
            "{} is not the rendering of the current closed journal\n  hint: run `procboard minutes render {}` and read them again before signing",
            path.display(),
            dir.display()
        )));
    }
    super::sign::sign_bytes(&m, role, key_path, &on_disk, &folder)
}
