//! Witness statements: a member's signed note of the archive's state, so that the newest meeting
//! is protected too (docs/minutes.md, "Witness statements").
//!
//! `procboard witness <BOARD> --as <MEMBER> --key <KEY>` writes `witness/<date>-<member>.toml`:
//! for every meeting held, the number of lines of its journal, the SHA-256 of those lines and the
//! hash of the last one, and the SHA-256 of its `minutes.md`, `minutes.json` and every
//! `minutes.md.<role>.sig`; the statement's time (UTC), the member, the person and the principal
//! who sign, and the SHA-256 of the `allowed_signers` they are listed in. Beside it,
//! `<statement>.sig`: an SSHSIG of the statement's exact bytes under [`NAMESPACE`], by a delegate or
//! an alternate of the member (the rules of signed score sheets, [`crate::signature::sheets`]).
//!
//! [`verify`] checks every statement of a board: its signature (against the version of
//! `allowed_signers` it cites, at its time), then every file it names: still there, with the hash
//! witnessed; a journal may only have grown (the witnessed lines are still its first lines).
//! `minutes verify` reports what fails, naming the file, the witness and the date.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ssh_key::{HashAlg, LineEnding, PrivateKey};

use crate::board::Board;
use crate::limits::{BOARD_FILE_MAX, JOURNAL_MAX, ReadError};
use crate::record::event::Event;
use crate::record::journal::Journal;
use crate::signature::allowed::{AllowedSigners, FILE as ALLOWED_SIGNERS};
use crate::signature::sheets::{SheetMark, check_member_signature, member_signer};

/// The SSHSIG namespace of witness statements (`ssh-keygen -Y … -n`).
pub const NAMESPACE: &str = "witness@procboard";
/// The format written in every statement.
pub const FORMAT: &str = "procboard-witness/1";
/// The folder of the statements, at the board's root.
pub const DIR: &str = "witness";
/// A meeting's journal.
const JOURNAL: &str = "journal.jsonl";
/// The largest statement read.
const STATEMENT_MAX: u64 = BOARD_FILE_MAX;

/// A journal as witnessed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalSeen {
    /// Its number of lines then.
    pub lines: u64,
    /// SHA-256 of those lines (each with its newline), as `head -n <lines> | sha256sum` prints it.
    pub sha256: String,
    /// The `hash` of the last of them (the minutes' `journal_last_hash` once rendered).
    pub last_hash: String,
}

/// A witness statement, as written in `witness/<date>-<member>.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// [`FORMAT`].
    pub format: String,
    /// The board's id.
    pub board: String,
    /// The member who witnesses.
    pub member: String,
    /// The person who signs for the member (a delegate or an alternate).
    pub person: String,
    /// Their principal in allowed_signers.
    pub principal: String,
    /// When, UTC, RFC 3339.
    pub at: String,
    /// SHA-256 of the allowed_signers that lists the principal.
    pub allowed_signers_sha256: String,
    /// The meetings held, in date order.
    pub meetings: Vec<String>,
    /// Each meeting's journal, by its path in the board folder.
    pub journals: BTreeMap<String, JournalSeen>,
    /// SHA-256 of each minutes file and signature, by its path in the board folder.
    pub files: BTreeMap<String, String>,
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

impl Statement {
    /// The statement's text: a fixed layout, one file a line, so that `sed` and `sha256sum -c`
    /// can check it (docs/minutes.md).
    pub fn to_toml(&self) -> String {
        let mut s = String::from(
            "# A witness statement: the state of the archive as this member saw it (procboard witness;\n# docs/minutes.md#witness-statements). Signed in the .sig beside it.\n",
        );
        for (k, v) in [
            ("format", &self.format),
            ("board", &self.board),
            ("member", &self.member),
            ("person", &self.person),
            ("principal", &self.principal),
            ("at", &self.at),
            ("allowed_signers_sha256", &self.allowed_signers_sha256),
        ] {
            s.push_str(&format!("{k} = {}\n", quote(v)));
        }
        let meetings: Vec<String> = self.meetings.iter().map(|m| quote(m)).collect();
        s.push_str(&format!("meetings = [{}]\n", meetings.join(", ")));
        s.push_str("\n[journals]\n");
        for (path, j) in &self.journals {
            s.push_str(&format!(
                "{} = {{ lines = {}, sha256 = {}, last_hash = {} }}\n",
                quote(path),
                j.lines,
                quote(&j.sha256),
                quote(&j.last_hash)
            ));
        }
        s.push_str("\n[files]\n");
        for (path, sha) in &self.files {
            s.push_str(&format!("{} = {}\n", quote(path), quote(sha)));
        }
        s
    }

    /// The statement's time.
    pub fn instant(&self) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(&self.at)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// Lowercase hex SHA-256.
fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The first `n` lines of `bytes` (each with its newline), or `None` when it has fewer.
fn first_lines(bytes: &[u8], n: u64) -> Option<&[u8]> {
    if n == 0 {
        return Some(&bytes[..0]);
    }
    let mut seen = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            seen += 1;
            if seen == n {
                return Some(&bytes[..=i]);
            }
        }
    }
    None
}

/// Board-relative path with `/`.
fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads a file of the board through the guarded reader.
fn read(root: &Path, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    crate::limits::read_inside(root, Path::new(rel), limit)
}

/// The meetings held (a journal in their folder), in date order, then id.
fn held(board: &Board) -> Vec<&str> {
    let mut v: Vec<_> = board
        .meetings
        .iter()
        .filter(|m| {
            board
                .root
                .join("meetings")
                .join(&m.id)
                .join(JOURNAL)
                .is_file()
        })
        .map(|m| (m.agenda.meeting.date.get_ref().0, m.id.as_str()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, id)| id).collect()
}

/// The minutes files of a meeting folder that a statement names: `minutes.md`, `minutes.json`
/// and every `minutes.md.<role>.sig`, sorted.
fn minutes_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n == "minutes.md"
                    || n == "minutes.json"
                    || (n.starts_with("minutes.md.") && n.ends_with(".sig"))
            })
        })
        .collect();
    v.sort();
    v
}

/// Every version of allowed_signers the board keeps (the file and `allowed_signers.d/`), by
/// SHA-256, with its name.
fn signer_versions(root: &Path) -> BTreeMap<String, (String, Result<AllowedSigners, String>)> {
    let mut names = vec![ALLOWED_SIGNERS.to_string()];
    if let Ok(rd) = std::fs::read_dir(root.join("allowed_signers.d")) {
        let mut old: Vec<String> = rd
            .flatten()
            .map(|e| rel(root, &e.path()))
            .collect::<Vec<_>>();
        old.sort();
        names.extend(old);
    }
    let mut out = BTreeMap::new();
    for name in names {
        let Ok(bytes) = read(root, &name, BOARD_FILE_MAX) else {
            continue;
        };
        let parsed = AllowedSigners::parse(&String::from_utf8_lossy(&bytes), &name).map_err(|d| {
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        });
        out.entry(sha256(&bytes)).or_insert((name, parsed));
    }
    out
}

/// Why a statement cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum WitnessError {
    /// Refused: the message says why.
    #[error("{0}")]
    Refused(String),
    /// A file cannot be written.
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

impl WitnessError {
    /// Whose fault it is.
    pub fn fault(&self) -> crate::exit::Fault {
        match self {
            WitnessError::Io(..) => crate::exit::Fault::Failure,
            WitnessError::Refused(_) => crate::exit::Fault::BadInput,
        }
    }
}

/// What [`witness`] wrote.
#[derive(Debug)]
pub struct Written {
    /// The statement.
    pub statement: PathBuf,
    /// Its signature.
    pub signature: PathBuf,
    /// What it says.
    pub content: Statement,
}

/// The meetings held, their journals as seen, and their minutes files' hashes.
type Snapshot = (
    Vec<String>,
    BTreeMap<String, JournalSeen>,
    BTreeMap<String, String>,
);

/// The state of the archive now: each held meeting's journal and minutes files.
fn snapshot(board: &Board) -> Result<Snapshot, String> {
    let root = &board.root;
    let mut meetings = Vec::new();
    let mut journals = BTreeMap::new();
    let mut files = BTreeMap::new();
    for id in held(board) {
        let dir = root.join("meetings").join(id);
        let jpath = dir.join(JOURNAL);
        let jrel = rel(root, &jpath);
        let summary = crate::record::journal::verify(&jpath)
            .map_err(|e| format!("{jrel} does not verify: {e}"))?;
        let bytes = read(root, &jrel, JOURNAL_MAX).map_err(|e| format!("{jrel}: {e}"))?;
        let lines = first_lines(&bytes, summary.count)
            .ok_or_else(|| format!("{jrel}: fewer lines than its events"))?;
        journals.insert(
            jrel,
            JournalSeen {
                lines: summary.count,
                sha256: sha256(lines),
                last_hash: summary.last_hash,
            },
        );
        for f in minutes_files(&dir) {
            let frel = rel(root, &f);
            let bytes = read(root, &frel, JOURNAL_MAX).map_err(|e| format!("{frel}: {e}"))?;
            files.insert(frel, sha256(&bytes));
        }
        meetings.push(id.to_string());
    }
    Ok((meetings, journals, files))
}

/// Writes a witness statement of the board's archive as `member`, signed with the private key at
/// `key_path`, dated `at`: `witness/<date>-<member>.toml` and its `.sig` (a second statement of
/// the same day gets `-2`, `-3`, …). The signature is written first, then the statement, each
/// atomically.
pub fn witness(
    board: &Board,
    member: &str,
    key_path: &Path,
    at: DateTime<Utc>,
) -> Result<Written, WitnessError> {
    let refused = WitnessError::Refused;
    if board.member(member).is_none() {
        return Err(refused(format!(
            "`{member}` is not a member of board {}",
            board.file.board.id.get_ref()
        )));
    }
    let key = PrivateKey::read_openssh_file(key_path).map_err(|e| {
        refused(format!(
            "cannot read the private key {}: {e}",
            key_path.display()
        ))
    })?;
    if key.is_encrypted() {
        return Err(refused(format!(
            "the key {} is protected by a passphrase, which procboard does not ask for\n  hint: docs/minutes.md#witness-statements shows how to sign a statement with `ssh-keygen -Y sign -n {NAMESPACE}`",
            key_path.display()
        )));
    }
    let (signers, signers_bytes) = crate::signature::allowed::load(board).map_err(refused)?;
    let (principal, person) =
        member_signer(board, &signers, member, NAMESPACE, at, key.public_key())
            .map_err(|why| refused(format!("refused to witness as `{member}`: {why}")))?;
    let (meetings, journals, files) = snapshot(board).map_err(refused)?;
    if meetings.is_empty() {
        return Err(refused(format!(
            "board {} has held no meeting yet: there is nothing to witness",
            board.file.board.id.get_ref()
        )));
    }
    // A statement cannot witness acts recorded after its own time.
    if let Some(newest) = meetings.last() {
        let jpath = board.root.join("meetings").join(newest).join(JOURNAL);
        if let Ok((records, _)) = Journal::<Event>::read(&jpath)
            && let Some(last) = records.last()
            && last.at > at
        {
            return Err(refused(format!(
                "the statement's time {} is before the last act recorded in meeting {newest} ({}): a witness states what was there at the time\n  hint: leave out --at to witness now",
                at.to_rfc3339_opts(SecondsFormat::Secs, true),
                last.at.to_rfc3339_opts(SecondsFormat::Secs, true)
            )));
        }
    }
    let statement = Statement {
        format: FORMAT.into(),
        board: board.file.board.id.get_ref().clone(),
        member: member.into(),
        person,
        principal,
        at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
        allowed_signers_sha256: sha256(&signers_bytes),
        meetings,
        journals,
        files,
    };
    let text = statement.to_toml();
    let sig = key
        .sign(NAMESPACE, HashAlg::Sha512, text.as_bytes())
        .and_then(|s| s.to_pem(LineEnding::LF))
        .map_err(|e| refused(format!("signing failed: {e}")))?;
    if let SheetMark::Refused { reason } = check_member_signature(
        board,
        &signers,
        (member, NAMESPACE, "the statement"),
        at,
        text.as_bytes(),
        &sig,
    ) {
        return Err(refused(format!(
            "refused to witness as `{member}`: {reason}"
        )));
    }
    let dir = board.root.join(DIR);
    std::fs::create_dir_all(&dir).map_err(|e| WitnessError::Io(dir.clone(), e))?;
    let stem = format!("{}-{member}", at.format("%Y-%m-%d"));
    let mut n = 1;
    let (toml_path, sig_path) = loop {
        let name = if n == 1 {
            format!("{stem}.toml")
        } else {
            format!("{stem}-{n}.toml")
        };
        let t = dir.join(&name);
        let s = dir.join(format!("{name}.sig"));
        if !t.exists() && !s.exists() {
            break (t, s);
        }
        n += 1;
    };
    crate::atomic::write(&sig_path, sig.as_bytes())
        .map_err(|e| WitnessError::Io(sig_path.clone(), e))?;
    crate::atomic::write(&toml_path, text.as_bytes())
        .map_err(|e| WitnessError::Io(toml_path.clone(), e))?;
    Ok(Written {
        statement: toml_path,
        signature: sig_path,
        content: statement,
    })
}

/// A statement that holds: its signature verifies and every record it names is as witnessed.
#[derive(Clone, Debug, Serialize)]
pub struct Good {
    /// The statement's file.
    pub file: String,
    /// SHA-256 of the statement's bytes (what a meeting's `witness_cited` cites).
    pub sha256: String,
    /// The member.
    pub member: String,
    /// The person who signed.
    pub person: String,
    /// Their principal.
    pub principal: String,
    /// When.
    pub at: String,
    /// How many meetings it witnesses.
    pub meetings: usize,
    /// How many files (journals included).
    pub files: usize,
}

/// Every statement of a board checked.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Checked {
    /// Statements that hold.
    pub good: Vec<Good>,
    /// Failures: the file at fault and what fails.
    pub problems: Vec<(String, String)>,
    /// Warnings (no failure): the newest meeting witnessed by nobody yet.
    pub warnings: Vec<String>,
}

/// A path a statement may name: relative, under `meetings/`, without `..`.
fn plain_path(p: &str) -> bool {
    let path = Path::new(p);
    p.starts_with("meetings/") && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Checks every witness statement of the board: see the module's documentation. A board without
/// a `witness/` folder gives nothing.
pub fn verify(board: &Board) -> Checked {
    let root = &board.root;
    let mut out = Checked::default();
    let Ok(rd) = std::fs::read_dir(root.join(DIR)) else {
        return out;
    };
    let mut names: Vec<String> = rd
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    let versions = signer_versions(root);
    for name in &names {
        if let Some(stem) = name.strip_suffix(".sig") {
            if stem.ends_with(".toml") && !names.iter().any(|n| n == stem) {
                out.problems.push((
                    format!("{DIR}/{name}"),
                    format!("signs {DIR}/{stem}, which is missing (deleted?)"),
                ));
            }
            continue;
        }
        if !name.ends_with(".toml") {
            continue;
        }
        let file = format!("{DIR}/{name}");
        match statement(board, &versions, &file) {
            Ok((s, sha256)) => match records(root, &file, &s) {
                Ok(()) => out.good.push(Good {
                    file,
                    sha256,
                    member: s.member.clone(),
                    person: s.person.clone(),
                    principal: s.principal.clone(),
                    at: s.at.clone(),
                    meetings: s.meetings.len(),
                    files: s.files.len() + s.journals.len(),
                }),
                Err(mut p) => out.problems.append(&mut p),
            },
            Err(message) => out.problems.push((file, message)),
        }
    }
    newest_unwitnessed(board, &out.good, &mut out.warnings);
    out
}

/// Reads the statement at `file` and checks its signature; the statement and the SHA-256 of its
/// bytes when it holds, or what fails.
fn statement(
    board: &Board,
    versions: &BTreeMap<String, (String, Result<AllowedSigners, String>)>,
    file: &str,
) -> Result<(Statement, String), String> {
    let root = &board.root;
    let bytes = read(root, file, STATEMENT_MAX).map_err(|e| format!("cannot be read: {e}"))?;
    let sig_file = format!("{file}.sig");
    let sig = match read(root, &sig_file, STATEMENT_MAX) {
        Ok(s) => String::from_utf8_lossy(&s).into_owned(),
        Err(ReadError::Missing) => {
            return Err(format!(
                "has no signature ({sig_file} is missing): an unsigned statement witnesses nothing"
            ));
        }
        Err(e) => return Err(format!("its signature {sig_file} cannot be read: {e}")),
    };
    let text = std::str::from_utf8(&bytes).map_err(|_| "is not UTF-8".to_string())?;
    let s: Statement =
        toml::from_str(text).map_err(|e| format!("is not a witness statement: {e}"))?;
    if s.format != FORMAT {
        return Err(format!("has format `{}`, not `{FORMAT}`", s.format));
    }
    if &s.board != board.file.board.id.get_ref() {
        return Err(format!(
            "is a statement about board `{}`, not `{}`",
            s.board,
            board.file.board.id.get_ref()
        ));
    }
    let at = s
        .instant()
        .ok_or_else(|| format!("its time `{}` is not an RFC 3339 time", s.at))?;
    let (vname, signers) = match versions.get(&s.allowed_signers_sha256) {
        Some((n, Ok(v))) => (n, v),
        Some((n, Err(e))) => return Err(format!("cites {n}, which does not parse: {e}")),
        None => {
            return Err(format!(
                "cites allowed_signers with SHA-256 {}, and no version has it (keep earlier versions in allowed_signers.d/)",
                s.allowed_signers_sha256
            ));
        }
    };
    match check_member_signature(
        board,
        signers,
        (&s.member, NAMESPACE, "the statement"),
        at,
        &bytes,
        &sig,
    ) {
        SheetMark::Signed { principal, person } => {
            if principal != s.principal || person != s.person {
                return Err(format!(
                    "names {} ({}) as its signer, but {sig_file} is by {person} ({principal})",
                    s.person, s.principal
                ));
            }
            Ok((s, sha256(&bytes)))
        }
        SheetMark::Refused { reason } => Err(format!(
            "its signature {sig_file} is refused ({reason}; checked against {vname} at {})",
            s.at
        )),
        SheetMark::Unsigned => Err(format!("has no signature ({sig_file})")),
    }
}

/// Checks the records a good statement names; every one that changed, named.
fn records(root: &Path, file: &str, s: &Statement) -> Result<(), Vec<(String, String)>> {
    let mut problems = Vec::new();
    let by = format!("{} for {} on {} ({file})", s.person, s.member, s.at);
    for (path, seen) in &s.journals {
        if !plain_path(path) {
            problems.push((
                file.to_string(),
                format!("names `{path}`, which is not a file of a meeting"),
            ));
            continue;
        }
        match read(root, path, JOURNAL_MAX) {
            Err(ReadError::Missing) => problems.push((
                path.clone(),
                format!("is missing, but it was witnessed with {} lines by {by}: a witnessed record was deleted", seen.lines),
            )),
            Err(e) => problems.push((path.clone(), format!("cannot be read: {e}"))),
            Ok(bytes) => match first_lines(&bytes, seen.lines) {
                None => problems.push((
                    path.clone(),
                    format!(
                        "has fewer than the {} lines witnessed by {by}: the journal was cut",
                        seen.lines
                    ),
                )),
                Some(prefix) => {
                    let actual = sha256(prefix);
                    if actual != seen.sha256 {
                        problems.push((
                            path.clone(),
                            format!(
                                "its first {} lines have SHA-256 {actual}, not {} as witnessed by {by}: the journal was rewritten",
                                seen.lines, seen.sha256
                            ),
                        ));
                    }
                }
            },
        }
    }
    for (path, sha) in &s.files {
        if !plain_path(path) {
            problems.push((
                file.to_string(),
                format!("names `{path}`, which is not a file of a meeting"),
            ));
            continue;
        }
        match read(root, path, JOURNAL_MAX) {
            Err(ReadError::Missing) => problems.push((
                path.clone(),
                format!("is missing, but it was witnessed by {by}: a witnessed record was deleted"),
            )),
            Err(e) => problems.push((path.clone(), format!("cannot be read: {e}"))),
            Ok(bytes) => {
                let actual = sha256(&bytes);
                if &actual != sha {
                    problems.push((
                        path.clone(),
                        format!(
                            "SHA-256 {actual} is not {sha} as witnessed by {by}: a witnessed record was rewritten"
                        ),
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A warning when the newest adjourned meeting has no good statement dated after its
/// adjournment that names its journal with every line.
fn newest_unwitnessed(board: &Board, good: &[Good], warnings: &mut Vec<String>) {
    let Some(id) = held(board).last().copied() else {
        return;
    };
    let jrel = format!("meetings/{id}/{JOURNAL}");
    let Ok((records, _)) = Journal::<Event>::read(board.root.join(&jrel)) else {
        return;
    };
    let Some(last) = records.last() else {
        return;
    };
    if !matches!(last.event, Event::Adjourned {}) {
        return;
    }
    let covered = good.iter().any(|g| {
        let Ok(bytes) = read(&board.root, &g.file, STATEMENT_MAX) else {
            return false;
        };
        let Ok(s) = toml::from_str::<Statement>(&String::from_utf8_lossy(&bytes)) else {
            return false;
        };
        s.instant().is_some_and(|t| t >= last.at)
            && s.journals
                .get(&jrel)
                .is_some_and(|j| j.lines == records.len() as u64)
    });
    if !covered {
        warnings.push(format!(
            "the newest meeting, {id} (adjourned {}), has no witness statement that holds since then: until a member witnesses it (procboard witness), its officers alone vouch for it",
            last.at.to_rfc3339_opts(SecondsFormat::Secs, true)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_lines_are_a_prefix_with_newlines() {
        assert_eq!(first_lines(b"a\nb\nc", 2), Some(&b"a\nb\n"[..]));
        assert_eq!(first_lines(b"a\nb\n", 2), Some(&b"a\nb\n"[..]));
        assert_eq!(first_lines(b"a\n", 2), None);
        assert_eq!(first_lines(b"a\n", 0), Some(&b""[..]));
    }

    #[test]
    fn paths_stay_in_meetings() {
        assert!(plain_path("meetings/2025-04-regular/minutes.md"));
        assert!(!plain_path("meetings/../board.toml"));
        assert!(!plain_path("/etc/passwd"));
        assert!(!plain_path("board.toml"));
    }

    #[test]
    fn the_text_parses_back() {
        let s = Statement {
            format: FORMAT.into(),
            board: "b".into(),
            member: "m".into(),
            person: "A \"Q\" Person".into(),
            principal: "a@b".into(),
            at: "2025-04-20T10:00:00Z".into(),
            allowed_signers_sha256: "00".into(),
            meetings: vec!["x".into()],
            journals: [(
                "meetings/x/journal.jsonl".to_string(),
                JournalSeen {
                    lines: 3,
                    sha256: "11".into(),
                    last_hash: "22".into(),
                },
            )]
            .into(),
            files: [("meetings/x/minutes.md".to_string(), "33".to_string())].into(),
        };
        let back: Statement = toml::from_str(&s.to_toml()).unwrap();
        assert_eq!(back, s);
    }
}
