//! `procboard minutes verify`: every meeting of a board, in date order: the journal's chain, the
//! header's hashes (journal, previous minutes, allowed_signers), every signature (valid, for an
//! allowed principal on the meeting's date, under the namespace, by the person who held the role
//! it claims), and each meeting's status. Reads files only: no replay, so it stays fast.

use crate::record::event::{MotionMoved, VoteClosed};
use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::sign::{Officers, board_tz, check_signature, role_of, signature_files};
use super::{
    ALLOWED_SIGNERS, Header, MINUTES_JSON, MINUTES_MD, NAMESPACE, held_meetings, opening, sha256,
};
use crate::board::Board;
use crate::board::model::{ItemKind, MeetingKind};
use crate::meeting::JOURNAL_FILE;
use crate::record::event::Event;
use crate::record::journal::{Journal, Record};
use crate::signature::allowed::AllowedSigners;

/// Where a meeting's minutes stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MinutesStatus {
    /// The meeting has not adjourned.
    InSession,
    /// Adjourned, minutes not rendered yet.
    NotRendered,
    /// Rendered, not signed by every role the board requires.
    Draft,
    /// Signed by every required role.
    Signed,
    /// Approved by a later regular meeting.
    Approved,
    /// Approved with corrections (notes on the approving item).
    ApprovedAsCorrected,
}

impl MinutesStatus {
    /// The word printed.
    pub fn as_str(self) -> &'static str {
        match self {
            MinutesStatus::InSession => "in session",
            MinutesStatus::NotRendered => "not rendered",
            MinutesStatus::Draft => "draft",
            MinutesStatus::Signed => "signed",
            MinutesStatus::Approved => "approved",
            MinutesStatus::ApprovedAsCorrected => "approved as corrected",
        }
    }
}

/// A problem, naming the file at fault (relative to the board folder).
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    /// The file.
    pub file: String,
    /// What fails.
    pub message: String,
}

/// A signature that holds.
#[derive(Clone, Debug, Serialize)]
pub struct GoodSignature {
    /// The signature file.
    pub file: String,
    /// The role it claims.
    pub role: String,
    /// The principal.
    pub principal: String,
    /// The person (from board.toml's `[minutes.signers]`).
    pub person: String,
    /// The version of allowed_signers the minutes cite (relative to the board).
    pub allowed_signers: String,
}

/// One meeting's result.
#[derive(Clone, Debug, Serialize)]
pub struct MeetingReport {
    /// Meeting id.
    pub meeting: String,
    /// Date: the one frozen in the journal when the meeting opened (the agenda's only for a
    /// journal that has not opened).
    pub date: String,
    /// When the meeting opened (UTC, RFC 3339), from its journal.
    pub opened_at: Option<String>,
    /// The opening as `ssh-keygen -Overify-time=` takes it (`YYYYMMDDHHMMSSZ`, UTC): the
    /// exact moment the signers' keys must have been valid.
    pub verify_time: Option<String>,
    /// MinutesStatus.
    pub status: MinutesStatus,
    /// The meeting whose approve_minutes item approved these minutes.
    pub approved_in: Option<String>,
    /// Corrections recorded with the approval.
    pub corrections: Vec<String>,
    /// Signatures that hold.
    pub signatures: Vec<GoodSignature>,
    /// What fails.
    pub problems: Vec<Problem>,
    /// The closed records of its closed sessions: verified, or not seen and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<String>,
}

/// The whole archive.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Whether everything holds.
    pub ok: bool,
    /// Meetings in date order.
    pub meetings: Vec<MeetingReport>,
    /// Problems not tied to one meeting (allowed_signers).
    pub problems: Vec<Problem>,
    /// Written procedures (decisions between meetings), in date order.
    pub written: Vec<crate::written::verify::ProcedureReport>,
}

impl Report {
    /// Number of problems.
    pub fn problem_count(&self) -> usize {
        self.problems.len()
            + self
                .meetings
                .iter()
                .map(|m| m.problems.len())
                .sum::<usize>()
            + self.written.iter().map(|w| w.problems.len()).sum::<usize>()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.problems {
            writeln!(f, "FAIL {}: {}", p.file, p.message)?;
        }
        let mut written = self.written.iter().peekable();
        for m in &self.meetings {
            while let Some(w) = written.next_if(|w| w.date < m.date) {
                write_procedure(f, w)?;
            }
            writeln!(
                f,
                "{}  {}  {}{}",
                m.date,
                m.meeting,
                m.status.as_str(),
                m.approved_in
                    .as_ref()
                    .map(|a| format!(" (in {a})"))
                    .unwrap_or_default()
            )?;
            for s in &m.signatures {
                writeln!(
                    f,
                    "  ok   {}: {} as {} ({})",
                    s.file, s.principal, s.role, s.person
                )?;
            }
            for c in &m.corrections {
                writeln!(f, "  correction: {c}")?;
            }
            for c in &m.closed {
                writeln!(f, "  {c}")?;
            }
            for p in &m.problems {
                writeln!(f, "  FAIL {}: {}", p.file, p.message)?;
            }
        }
        for w in written {
            write_procedure(f, w)?;
        }
        let n = self.problem_count();
        if n == 0 {
            let procedures = match self.written.len() {
                0 => String::new(),
                1 => " 1 written procedure;".to_string(),
                k => format!(" {k} written procedures;"),
            };
            writeln!(
                f,
                "ok: {} meeting{};{procedures} journals, headers, chain and signatures hold",
                self.meetings.len(),
                if self.meetings.len() == 1 { "" } else { "s" }
            )
        } else {
            writeln!(f, "FAILED: {n} problem{}", if n == 1 { "" } else { "s" })
        }
    }
}

impl Report {
    /// The commands that check each signature that holds with OpenSSH alone, from the board
    /// folder, at the exact UTC moment the meeting opened (`-Overify-time=YYYYMMDDHHMMSSZ`):
    /// a key that expired earlier that day is refused, as procboard refuses it.
    pub fn stranger(&self) -> String {
        let mut out = String::from(
            "Check the signatures with OpenSSH alone, from the board folder (each at the moment its meeting opened, UTC):\n",
        );
        for w in &self.written {
            for s in &w.signatures {
                out.push_str(&format!(
                    "ssh-keygen -Y verify -f {} -I {} -n {} -s {} -Overify-time={} < {}\n",
                    s.allowed_signers,
                    s.principal,
                    crate::written::NAMESPACE,
                    s.file,
                    s.verify_time,
                    s.signs
                ));
            }
        }
        for m in &self.meetings {
            let Some(t) = &m.verify_time else { continue };
            for s in &m.signatures {
                let md = s.file.split(".md.").next().unwrap_or_default();
                out.push_str(&format!(
                    "ssh-keygen -Y verify -f {} -I {} -n {NAMESPACE} -s {} -Overify-time={t} < {md}.md\n",
                    s.allowed_signers, s.principal, s.file
                ));
            }
        }
        out
    }
}

/// One written procedure in the report: its date, id, state and outcome, each signature that
/// holds, each answer refused as the record allows, each problem.
fn write_procedure(
    f: &mut std::fmt::Formatter<'_>,
    w: &crate::written::verify::ProcedureReport,
) -> std::fmt::Result {
    writeln!(
        f,
        "{}  written/{}  {} procedure, {}{}",
        w.date,
        w.procedure,
        w.kind,
        w.state,
        w.outcome
            .as_ref()
            .map(|o| format!(": {}", o.replace('_', " ")))
            .unwrap_or_default()
    )?;
    for s in &w.signatures {
        writeln!(f, "  ok   {}: {} ({})", s.file, s.principal, s.person)?;
    }
    for r in &w.refused {
        writeln!(f, "  refused {}: {}", r.file, r.message)?;
    }
    for p in &w.problems {
        writeln!(f, "  FAIL {}: {}", p.file, p.message)?;
    }
    Ok(())
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every version of allowed_signers the archive may cite: the current file and those kept in
/// `allowed_signers.d/` (earlier versions, kept when the file changes), by SHA-256.
fn signer_versions(
    board: &Board,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, (String, AllowedSigners)> {
    let mut out = BTreeMap::new();
    let mut files = vec![board.root.join(ALLOWED_SIGNERS)];
    if let Ok(rd) = std::fs::read_dir(board.root.join("allowed_signers.d")) {
        let mut old: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        old.sort();
        files.extend(old);
    }
    for path in files {
        let Ok(bytes) = crate::limits::read_at(&board.root, &path, crate::limits::SIGNERS_MAX)
        else {
            continue;
        };
        let name = rel(&board.root, &path);
        match AllowedSigners::parse(&String::from_utf8_lossy(&bytes), &name) {
            Ok(s) => {
                out.insert(sha256(&bytes), (name, s));
            }
            Err(diags) => {
                for d in diags {
                    problems.push(Problem {
                        file: name.clone(),
                        message: d.to_string(),
                    });
                }
            }
        }
    }
    out
}

struct Held {
    id: String,
    regular: bool,
    records: Vec<Record<Event>>,
}

/// Checks the whole archive of the board at `board`.
pub fn verify_board(board: &Board) -> Report {
    let mut top = Vec::new();
    let versions = signer_versions(board, &mut top);
    orphaned_minutes(board, &mut top);
    let held_docs = held_meetings(board);
    let v = Verifier {
        board,
        root: &board.root,
        versions,
        tz: board_tz(board),
        required: board.file.minutes.roles(),
        held_ids: held_docs.iter().map(|d| d.id.as_str()).collect(),
    };
    let mut reports: Vec<MeetingReport> = Vec::new();
    let mut held: Vec<Held> = Vec::new();
    let mut prev: Option<(String, Option<Vec<u8>>)> = None;
    for doc in held_docs.iter().copied() {
        let checked = v.meeting(&doc.id, prev.as_ref());
        let closed = super::closed::verify(board, &doc.id, &checked.records);
        prev = Some((doc.id.clone(), checked.md));
        held.push(Held {
            id: doc.id.clone(),
            regular: *doc.agenda.meeting.kind.get_ref() == MeetingKind::Regular,
            records: checked.records,
        });
        let opened = opening(&board.root.join("meetings").join(&doc.id).join(JOURNAL_FILE));
        let agenda_date = doc.agenda.meeting.date.get_ref().0;
        let mut problems = checked.problems;
        problems.extend(
            closed
                .problems
                .into_iter()
                .map(|(file, message)| Problem { file, message }),
        );
        if let Some(o) = opened
            && o.date != agenda_date
        {
            problems.push(Problem {
                file: format!("meetings/{}/agenda.toml", doc.id),
                message: format!(
                    "gives the date {agenda_date}, but the meeting's journal froze {} when it opened: the agenda was edited after the meeting; the journal's date is the meeting's\n    hint: set the agenda's date back to {}",
                    o.date, o.date
                ),
            });
        }
        reports.push(MeetingReport {
            meeting: doc.id.clone(),
            date: opened.map(|o| o.date).unwrap_or(agenda_date).to_string(),
            opened_at: opened.map(|o| o.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            verify_time: opened.map(|o| o.verify_time()),
            status: checked.status,
            approved_in: None,
            corrections: Vec::new(),
            signatures: checked.signatures,
            problems,
            closed: closed.lines,
        });
    }
    approvals(board, &held, &mut reports);

    // Members' witness statements (crate::witness): a witnessed record that changed fails.
    let witnessed = crate::witness::verify(board).problems.into_iter();
    top.extend(witnessed.map(|(file, message)| Problem { file, message }));
    let mut report = Report {
        ok: false,
        meetings: reports,
        problems: top,
        written: crate::written::verify::verify_all(board),
    };
    report.ok = report.problem_count() == 0;
    report
}

/// Minutes without their journal: the journal was deleted (the chain cannot say so when it is
/// the last meeting).
fn orphaned_minutes(board: &Board, top: &mut Vec<Problem>) {
    let root = &board.root;
    for doc in &board.meetings {
        let dir = root.join("meetings").join(&doc.id);
        // Anything at the journal's path (a link, a folder) is the meeting's own check's concern.
        if std::fs::symlink_metadata(dir.join(JOURNAL_FILE)).is_ok() {
            continue;
        }
        let left = [dir.join(MINUTES_MD), dir.join(MINUTES_JSON)]
            .into_iter()
            .filter(|p| std::fs::symlink_metadata(p).is_ok())
            .chain(signature_files(&dir))
            .next();
        if let Some(left) = left {
            top.push(Problem {
                file: rel(root, &dir.join(JOURNAL_FILE)),
                message: format!(
                    "is missing, but {} is there: the record of the meeting was deleted",
                    rel(root, &left)
                ),
            });
        }
    }
}

/// What checking each held meeting needs from the board: its root, every version of
/// allowed_signers by SHA-256, its time zone, the roles that must sign, and the ids of the
/// meetings held.
struct Verifier<'b> {
    board: &'b Board,
    root: &'b Path,
    versions: BTreeMap<String, (String, AllowedSigners)>,
    tz: chrono_tz::Tz,
    required: Vec<String>,
    held_ids: Vec<&'b str>,
}

/// What the check of one held meeting found, and what the next steps need from it (its
/// minutes' bytes for the chain, its journal for the approvals).
struct Checked {
    status: MinutesStatus,
    signatures: Vec<GoodSignature>,
    problems: Vec<Problem>,
    records: Vec<Record<Event>>,
    md: Option<Vec<u8>>,
}

impl Verifier<'_> {
    /// Checks one held meeting (`prev`: the meeting held before it, with its minutes' bytes):
    /// its journal, then, when its minutes are rendered, their header and signatures.
    fn meeting(&self, id: &str, prev: Option<&(String, Option<Vec<u8>>)>) -> Checked {
        let root = self.root;
        let dir = root.join("meetings").join(id);
        let mut problems = Vec::new();
        let journal_path = dir.join(JOURNAL_FILE);
        let jrel = rel(root, &journal_path);
        let summary = match crate::record::journal::verify(&journal_path) {
            Ok(s) => Some(s),
            Err(e) => {
                problems.push(Problem {
                    file: jrel.clone(),
                    message: e.to_string(),
                });
                None
            }
        };
        let records = if summary.is_some() {
            Journal::<Event>::read(&journal_path)
                .map(|(r, _)| r)
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        cited_witnesses(root, &jrel, &records, &mut problems);
        let adjourned = matches!(records.last().map(|r| &r.event), Some(Event::Adjourned {}));
        let mut push = |file: String, message: String| problems.push(Problem { file, message });
        let md_path = dir.join(MINUTES_MD);
        let mdrel = rel(root, &md_path);
        let md = crate::limits::read_at(root, &md_path, crate::limits::MINUTES_MAX).ok();
        let mut signatures = Vec::new();
        let mut status = if summary.is_some() && !adjourned {
            MinutesStatus::InSession
        } else {
            MinutesStatus::NotRendered
        };
        for name in crate::atomic::stale(&dir) {
            push(
                rel(root, &dir.join(&name)),
                "is a temporary file left by an interrupted write (a killed `minutes render` or `minutes sign`)\n    hint: `procboard minutes render`, `minutes sign` or `archive` removes it; then verify again".to_string(),
            );
        }
        let json_path = dir.join(MINUTES_JSON);
        let json =
            crate::limits::read_at(&self.board.root, &json_path, crate::limits::MINUTES_MAX).ok();
        match (&md, &json) {
            (Some(_), None) => push(
                rel(root, &json_path),
                format!(
                    "is missing, but {mdrel} is there: the pair is incomplete (deleted, or a render was interrupted)\n    hint: `procboard minutes render` writes it again (it is rendered from the journal)"
                ),
            ),
            (None, Some(_)) => push(
                mdrel.clone(),
                format!(
                    "is missing, but {} is there: the pair is incomplete (deleted, or a render was interrupted)",
                    rel(root, &json_path)
                ),
            ),
            _ => {}
        }
        if md.is_none() {
            for sig in signature_files(&dir) {
                push(
                    rel(root, &sig),
                    format!("signs {mdrel}, which is missing (deleted?)"),
                );
            }
        }
        if let Some(md) = &md {
            status = MinutesStatus::Draft;
            let header = std::str::from_utf8(md)
                .map_err(|_| "is not UTF-8".to_string())
                .and_then(Header::parse);
            match &header {
                Err(e) => push(mdrel.clone(), e.clone()),
                Ok(h) => {
                    if let Some(o) = opening(&journal_path)
                        && h.date != o.date.to_string()
                    {
                        push(
                            mdrel.clone(),
                            format!(
                                "its header gives the date {}, but the journal froze {} when the meeting opened",
                                h.date, o.date
                            ),
                        );
                    }
                    let journal = summary.as_ref().map(|s| (s.count, s.last_hash.as_str()));
                    let paths = (journal_path.as_path(), jrel.as_str(), mdrel.as_str());
                    self.header(id, h, journal, paths, prev, &mut problems);
                }
            }
            let signers = self.cited_signers(header.as_ref().ok(), &mdrel, &mut problems);
            let good_roles =
                self.signatures(&dir, md, &records, signers, &mut signatures, &mut problems);
            if self.required.iter().all(|r| good_roles.contains(r)) {
                status = MinutesStatus::Signed;
            }
            if let (Some(json), true) = (&json, summary.is_some())
                && let Some(p) = json_rendered(&dir, md, json, header.as_ref().ok())
            {
                problems.push(Problem {
                    file: rel(root, &json_path),
                    message: p,
                });
            }
        }
        Checked {
            status,
            signatures,
            problems,
            records,
            md,
        }
    }

    /// The header of meeting `id`'s minutes: whose minutes they are, the journal they were
    /// rendered from (`journal`: its count and last hash, when it holds; `paths`: the journal,
    /// and the journal and minutes as named in problems), and the chain to the minutes of the
    /// meeting held before.
    fn header(
        &self,
        id: &str,
        h: &Header,
        journal: Option<(u64, &str)>,
        paths: (&Path, &str, &str),
        prev: Option<&(String, Option<Vec<u8>>)>,
        problems: &mut Vec<Problem>,
    ) {
        let (journal_path, jrel, mdrel) = paths;
        let board = self.board;
        let mut push = |file: String, message: String| problems.push(Problem { file, message });
        if h.meeting != id || &h.board != board.file.board.id.get_ref() {
            push(
                mdrel.to_string(),
                format!(
                    "its header is for meeting {} of board {}, not {} of {}",
                    h.meeting,
                    h.board,
                    id,
                    board.file.board.id.get_ref()
                ),
            );
        }
        if let (Some((count, last_hash)), Ok(bytes)) = (
            journal,
            crate::limits::read_at(&board.root, journal_path, crate::limits::JOURNAL_MAX),
        ) {
            let actual = sha256(&bytes);
            if actual != h.journal_sha256 {
                push(
                    jrel.to_string(),
                    format!(
                        "SHA-256 {actual} does not match {} in the header of {mdrel}: the journal changed after the minutes were rendered",
                        h.journal_sha256
                    ),
                );
            } else if count != h.journal_events || last_hash != h.journal_last_hash {
                push(
                    mdrel.to_string(),
                    "header's journal_events or journal_last_hash do not match the journal".into(),
                );
            }
        }
        self.chain(h, mdrel, prev, problems);
    }

    /// The chain: the header names the meeting held before and its minutes' hash.
    fn chain(
        &self,
        h: &Header,
        mdrel: &str,
        prev: Option<&(String, Option<Vec<u8>>)>,
        problems: &mut Vec<Problem>,
    ) {
        let mut push = |file: String, message: String| problems.push(Problem { file, message });
        match (prev, &h.previous_meeting) {
            (None, None) => {}
            (None, Some(p)) => push(
                format!("meetings/{p}"),
                format!(
                    "{mdrel} cites meeting {p} as the previous one, and it is missing (deleted?)"
                ),
            ),
            (Some((pid, _)), None) => push(
                mdrel.to_string(),
                format!(
                    "its header names no previous meeting, but meeting {pid} was held before it"
                ),
            ),
            (Some(_), Some(p)) if !self.held_ids.contains(&p.as_str()) => push(
                format!("meetings/{p}"),
                format!(
                    "{mdrel} cites meeting {p} as the previous one, and it is missing (deleted?)"
                ),
            ),
            (Some((pid, _)), Some(p)) if pid != p => push(
                mdrel.to_string(),
                format!(
                    "its header cites meeting {p} as the previous one, but the meeting held before it is {pid} (a meeting was added or moved)"
                ),
            ),
            (Some((pid, pmd)), Some(_)) => {
                let prel = format!("meetings/{pid}/{MINUTES_MD}");
                match pmd {
                    None => push(prel, format!("is missing; {mdrel} cites it")),
                    Some(bytes) => {
                        let actual = sha256(bytes);
                        if Some(&actual) != h.previous_minutes_sha256.as_ref() {
                            push(
                                prel,
                                format!(
                                    "SHA-256 {actual} does not match {} cited by {mdrel}: it was changed after the next meeting's minutes were rendered",
                                    h.previous_minutes_sha256.as_deref().unwrap_or("none")
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    /// allowed_signers: the version the header cites (none when it cites none, or a problem
    /// when no version has that hash).
    fn cited_signers(
        &self,
        header: Option<&Header>,
        mdrel: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<&(String, AllowedSigners)> {
        let cited = header.and_then(|h| h.allowed_signers_sha256.clone());
        match &cited {
            Some(sha) => match self.versions.get(sha) {
                Some(v) => Some(v),
                None => {
                    problems.push(Problem {
                        file: ALLOWED_SIGNERS.to_string(),
                        message: format!(
                            "no version of allowed_signers has SHA-256 {sha}, which the header of {mdrel} cites: the file was changed (keep earlier versions in allowed_signers.d/)"
                        ),
                    });
                    None
                }
            },
            None => None,
        }
    }

    /// Checks each signature of the minutes `md` in `dir` against the officers at opening and
    /// the cited signers; the good ones go to `signatures`, and the roles they sign for are
    /// returned.
    fn signatures(
        &self,
        dir: &Path,
        md: &[u8],
        records: &[Record<Event>],
        signers: Option<&(String, AllowedSigners)>,
        signatures: &mut Vec<GoodSignature>,
        problems: &mut Vec<Problem>,
    ) -> Vec<String> {
        let officers = Officers::of(records.first().map(|r| (&r.at, &r.event)));
        let mut good_roles = Vec::new();
        let Some(at) = officers.at else {
            // Who held each role, and when, are the journal's to say.
            for sig_path in signature_files(dir) {
                problems.push(Problem {
                    file: rel(self.root, &sig_path),
                    message: "not checked: the journal, which names the meeting's officers and its time, cannot be read (see above)".to_string(),
                });
            }
            return good_roles;
        };
        for sig_path in signature_files(dir) {
            let srel = rel(self.root, &sig_path);
            let role = role_of(&sig_path).unwrap_or_default();
            match check_signature(
                self.board, &sig_path, md, &role, &officers, signers, at, self.tz,
            ) {
                Ok((principal, person)) => {
                    good_roles.push(role.clone());
                    signatures.push(GoodSignature {
                        file: srel,
                        role,
                        principal,
                        person,
                        allowed_signers: signers.map(|s| s.0.clone()).unwrap_or_default(),
                    });
                }
                Err(msg) => problems.push(Problem {
                    file: srel,
                    message: msg,
                }),
            }
        }
        good_roles
    }
}

/// Every witness statement the journal cites (`witness_cited`) is still in the archive, with the
/// SHA-256 cited: a cited statement deleted or changed breaks the meeting's record.
fn cited_witnesses(
    root: &Path,
    jrel: &str,
    records: &[crate::record::journal::Record<Event>],
    problems: &mut Vec<Problem>,
) {
    for r in records {
        let Event::WitnessCited {
            statement,
            sha256: cited,
        } = &r.event
        else {
            continue;
        };
        let line = r.seq;
        let message = match crate::limits::read_inside(
            root,
            Path::new(statement),
            crate::limits::BOARD_FILE_MAX,
        ) {
            Err(crate::limits::ReadError::Missing) => format!(
                "is missing, but {jrel} line {line} cites it (SHA-256 {cited}): a witness statement entered in the record was deleted\n    hint: copy it back from a member's clone (the member who signed it keeps it)"
            ),
            Err(e) => format!("cannot be read ({e}); {jrel} line {line} cites it"),
            Ok(bytes) => {
                let actual = sha256(&bytes);
                if actual == *cited {
                    continue;
                }
                format!(
                    "SHA-256 {actual} is not {cited} as cited by {jrel} line {line}: a witness statement entered in the record was changed"
                )
            }
        };
        problems.push(Problem {
            file: statement.clone(),
            message,
        });
    }
}

/// `minutes.json` is not signed: it is rendered from the journal, like `minutes.md`. When the
/// journal still renders the minutes.md on disk, minutes.json must be exactly what it renders;
/// when it no longer does (the board's files or procboard changed since: signed minutes are kept
/// as they were signed), minutes.json must at least carry the same header as minutes.md.
fn json_rendered(dir: &Path, md: &[u8], json: &[u8], header: Option<&Header>) -> Option<String> {
    if let Ok((_, r)) = super::render_meeting(dir)
        && r.markdown.as_bytes() == md
    {
        return (r.json.as_bytes() != json).then(|| {
            format!(
                "is not what the journal renders (it was changed after rendering, or a render was interrupted): minutes.json is not signed, so it is checked by rendering it again\n    hint: `procboard minutes render {}` writes it again",
                dir.display()
            )
        });
    }
    let parsed: Option<serde_json::Value> = serde_json::from_slice(json).ok();
    let same_header = match (parsed.as_ref().map(|v| &v["header"]), header) {
        (Some(got), Some(h)) => serde_json::to_value(h).ok().as_ref() == Some(got),
        _ => false,
    };
    (!same_header).then(|| {
        format!(
            "does not carry the header of {MINUTES_MD}: it is not the machine form of these minutes"
        )
    })
}

/// Approvals: a carried motion on a regular meeting's approve_minutes item approves the
/// minutes it names (as corrected, when notes are recorded on the item), provided they still
/// have the hash the approving minutes cite.
fn approvals(board: &Board, held: &[Held], reports: &mut [MeetingReport]) {
    let root = &board.root;
    for h in held {
        if !h.regular {
            continue;
        }
        let Some(doc) = board.meeting(&h.id) else {
            continue;
        };
        for item in &doc.agenda.items {
            if *item.kind.get_ref() != ItemKind::ApproveMinutes {
                continue;
            }
            let Some(of) = item.minutes_of.as_ref().map(|s| s.get_ref()) else {
                continue;
            };
            let item_id = item.id.get_ref();
            let motions: Vec<&str> = h
                .records
                .iter()
                .filter_map(|r| match &r.event {
                    // A motion on the item, or the consent block that lists it.
                    Event::MotionMoved(MotionMoved {
                        motion,
                        item,
                        consent,
                        ..
                    }) if item == item_id || consent.iter().any(|i| i == item_id) => {
                        Some(motion.as_str())
                    }
                    _ => None,
                })
                .collect();
            let carried = h.records.iter().any(|r| {
                matches!(&r.event, Event::VoteClosed(VoteClosed { motion, outcome, .. }) if outcome == "carried" && motions.contains(&motion.as_str()))
            });
            if !carried {
                continue;
            }
            let corrections: Vec<String> = h
                .records
                .iter()
                .filter_map(|r| match &r.event {
                    Event::Note {
                        item: Some(i),
                        text,
                    } if i == item_id => Some(text.clone()),
                    _ => None,
                })
                .collect();
            let problem = approved_changed(root, &h.id, of);
            if let Some(rep) = reports.iter_mut().find(|r| &r.meeting == of) {
                rep.problems.extend(problem);
                let missing: Vec<String> = board
                    .file
                    .minutes
                    .roles()
                    .into_iter()
                    .filter(|role| !rep.signatures.iter().any(|s| &s.role == role))
                    // A signature that is there and fails is reported as such already.
                    .filter(|role| {
                        !root
                            .join("meetings")
                            .join(of)
                            .join(format!("{MINUTES_MD}.{role}.sig"))
                            .exists()
                    })
                    .collect();
                if !missing.is_empty() {
                    rep.problems.push(Problem {
                        file: format!("meetings/{of}/{MINUTES_MD}"),
                        message: format!(
                            "approved in {}, but it does not carry a signature as {}: approved minutes are signed by every role (a signature was deleted, or never made)\n    hint: restore the signature from the archive (`git checkout -- meetings/{of}`), or sign with `procboard minutes sign meetings/{of} --as <ROLE>`",
                            h.id,
                            missing.join(", ")
                        ),
                    });
                }
                if matches!(rep.status, MinutesStatus::Signed | MinutesStatus::Draft) {
                    rep.status = if corrections.is_empty() {
                        MinutesStatus::Approved
                    } else {
                        MinutesStatus::ApprovedAsCorrected
                    };
                }
                rep.approved_in = Some(h.id.clone());
                rep.corrections = corrections;
            }
        }
    }
}

/// The approving minutes (of meeting `approving`) cite the approved minutes' (of meeting
/// `of`) SHA-256: they must still match, and the approved minutes must still be there.
fn approved_changed(root: &Path, approving: &str, of: &str) -> Option<Problem> {
    let approving_md = root.join("meetings").join(approving).join(MINUTES_MD);
    let approved_md = root.join("meetings").join(of).join(MINUTES_MD);
    let mut problem = None;
    if let Ok(text) = crate::limits::read_text_at(root, &approving_md, crate::limits::MINUTES_MAX) {
        match crate::limits::read_at(root, &approved_md, crate::limits::MINUTES_MAX) {
            Ok(bytes) => {
                let sha = sha256(&bytes);
                if !text.contains(&sha) {
                    problem = Some(Problem {
                        file: rel(root, &approved_md),
                        message: format!(
                            "SHA-256 {sha} is not the one cited by {}, whose meeting approved these minutes: they changed after approval",
                            rel(root, &approving_md)
                        ),
                    });
                }
            }
            Err(_) => {
                problem = Some(Problem {
                    file: rel(root, &approved_md),
                    message: format!("is missing; meeting {approving} approved these minutes"),
                });
            }
        }
    }
    problem
}
