//! Decisions between meetings: the written procedure (a circulated resolution), through the
//! board's shared repository and with no server.
//!
//! A procedure is a folder `written/<id>/` of the board:
//!
//! ```text
//! proposal.toml            text, documents by SHA-256, decision kind, deadline, seats, weights
//!                          and rule frozen at opening          (signed by the launcher)
//! proposal.toml.sig
//! answers/<member>.toml    yes, no, abstain or object, with an optional statement
//! answers/<member>.toml.sig                                    (signed by the member's delegate
//!                                                               or alternate)
//! result.toml              outcome, explanation in `tally`'s words, every answer counted or
//! result.toml.sig          refused by SHA-256                  (signed by the secretary)
//! ```
//!
//! Every signature is an SSHSIG under [`NAMESPACE`], checked against the board's
//! `allowed_signers` (with its validity windows), exactly as minutes and score sheets are:
//! `ssh-keygen -Y verify` checks each one alone. [`status`] tells where a procedure stands,
//! [`act`] opens, answers and closes, [`verify`] is what `minutes verify` runs over every
//! procedure. The rules come from board.toml's `[written_procedure]` ([`crate::board::written`]).

pub mod act;
pub mod status;
pub mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::board::Board;
use crate::diag::Diagnostic;
use crate::rules::voting::DecisionRule;
use crate::signature::allowed::AllowedSigners;

/// The SSHSIG namespace of every written-procedure signature.
pub const NAMESPACE: &str = "written@procboard";
/// The folder of the procedures, under the board.
pub const DIR: &str = "written";
/// The proposal's file name.
pub const PROPOSAL: &str = "proposal.toml";
/// The result's file name.
pub const RESULT: &str = "result.toml";
/// The answers' folder.
pub const ANSWERS: &str = "answers";
/// The format written in every file.
pub const FORMAT: &str = "procboard-written-1";
/// The answers a member may give.
pub const ANSWER_WORDS: &[&str] = &["yes", "no", "abstain", "object"];
/// Largest file of a procedure read.
pub const FILE_MAX: u64 = crate::limits::MINUTES_MAX;

/// A document of the proposal, by path (relative to the board) and SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Path relative to the board folder.
    pub path: String,
    /// SHA-256 of its bytes when the proposal was opened.
    pub sha256: String,
}

/// A seat frozen at opening: member and weight (a decimal, written as a string).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatLine {
    /// The member.
    pub member: String,
    /// Its vote weight.
    pub weight: String,
}

/// `proposal.toml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Always [`FORMAT`].
    pub format: String,
    /// The board's id.
    pub board: String,
    /// The procedure's id (its folder's name).
    pub id: String,
    /// The decision kind.
    pub kind: String,
    /// The proposed decision, in full.
    pub text: String,
    /// When it was opened (UTC, RFC 3339).
    pub opened: String,
    /// The deadline, in the board's time zone (RFC 3339 with its offset).
    pub deadline: String,
    /// The board's time zone.
    pub time_zone: String,
    /// The role that launched it: `chair` or `secretary`.
    pub launched_as: String,
    /// The person who launched it.
    pub launched_by: String,
    /// How it is decided: `decision_rule` or `unanimity`.
    pub decide_by: String,
    /// Whether one objection stops it.
    pub objection_stops: bool,
    /// Whether it may close before the deadline once the outcome cannot change.
    pub close_early: bool,
    /// The share of the total weight that must answer, if the board sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_answer_weight_share: Option<String>,
    /// SHA-256 of the allowed_signers in force at opening.
    pub allowed_signers_sha256: String,
    /// Total weight of the seats (W).
    pub total_weight: String,
    /// The documents, by path and SHA-256.
    #[serde(default)]
    pub document: Vec<Document>,
    /// The kind's rule, frozen at opening.
    pub rule: DecisionRule,
    /// The seats and weights, frozen at opening.
    pub seat: Vec<SeatLine>,
}

/// `answers/<member>.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Always [`FORMAT`].
    pub format: String,
    /// The procedure's id.
    pub procedure: String,
    /// SHA-256 of the proposal answered: an answer holds for those exact bytes only.
    pub proposal_sha256: String,
    /// The member answering.
    pub member: String,
    /// `yes`, `no`, `abstain` or `object` (to the procedure itself).
    pub answer: String,
    /// When (UTC, RFC 3339).
    pub answered: String,
    /// The person answering (a delegate or alternate of the member).
    pub signer: String,
    /// An optional statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

/// An answer the result counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counted {
    /// The member.
    pub member: String,
    /// Its answer.
    pub answer: String,
    /// The file, relative to the board.
    pub file: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// An answer the result refuses, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusedLine {
    /// The member the file is filed under.
    pub member: String,
    /// The file, relative to the board.
    pub file: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Why it is refused.
    pub reason: String,
}

/// `result.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The procedure's id.
    pub procedure: String,
    /// SHA-256 of the proposal.
    pub proposal_sha256: String,
    /// When it was closed (UTC, RFC 3339).
    pub closed: String,
    /// The person who closed it (the secretary).
    pub closed_by: String,
    /// Whether it was closed before the deadline.
    pub early: bool,
    /// `carried`, `failed`, `no_quorum` or `stopped`.
    pub outcome: String,
    /// The explanation, in the words of `procboard tally`.
    pub explanation: String,
    /// SHA-256 of the allowed_signers in force at closing.
    pub allowed_signers_sha256: String,
    /// Every answer counted.
    #[serde(default)]
    pub counted: Vec<Counted>,
    /// Every answer refused.
    #[serde(default)]
    pub refused: Vec<RefusedLine>,
}

/// Why an act of the written procedure is refused or fails.
#[derive(Debug, thiserror::Error)]
pub enum WrittenError {
    /// The board has errors.
    #[error("the board has {} problem(s); run `procboard check` on it", .0.iter().filter(|d| d.is_error()).count())]
    Board(Vec<Diagnostic>),
    /// Refused: the message says why (and how to fix it).
    #[error("{0}")]
    Refused(String),
    /// A file cannot be written.
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

impl WrittenError {
    /// Whose fault it is: bad input or a refusal (2), or I/O (1).
    pub fn fault(&self) -> crate::exit::Fault {
        match self {
            WrittenError::Io(..) => crate::exit::Fault::Failure,
            _ => crate::exit::Fault::BadInput,
        }
    }
}

pub(crate) fn refused(msg: impl Into<String>) -> WrittenError {
    WrittenError::Refused(msg.into())
}

/// Lowercase hex SHA-256.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The signature file of a file: `<file>.sig`.
pub fn sig_path(file: &Path) -> PathBuf {
    let mut s = file.as_os_str().to_owned();
    s.push(".sig");
    PathBuf::from(s)
}

/// Whether `id` is a procedure id: 1 to 64 of `a-z`, `0-9`, `-`, not starting with `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The folder of procedure `id` (relative to the board).
pub fn rel_dir(id: &str) -> String {
    format!("{DIR}/{id}")
}

/// The ids of the board's procedures (folders under `written/` holding a proposal), sorted.
pub fn procedure_ids(board: &Board) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(board.root.join(DIR))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.'))
        .collect();
    ids.sort();
    ids
}

/// A file read through the guarded opener, with its bytes.
pub(crate) fn read(board: &Board, rel: &str) -> Result<Vec<u8>, crate::limits::ReadError> {
    crate::limits::read_inside(&board.root, Path::new(rel), FILE_MAX)
}

/// Parses TOML bytes as `T`, or says why not (line and column).
pub(crate) fn parse_toml<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string())?;
    toml::from_str::<T>(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("{line}:{col}: ")
            })
            .unwrap_or_default();
        format!("{at}does not parse: {}", e.message())
    })
}

/// A time in a file: RFC 3339.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A UTC time as the files write it.
pub fn write_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A time in the board's zone as the files write it (RFC 3339 with the offset).
pub fn write_local(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    let local: DateTime<FixedOffset> = t.with_timezone(&tz).fixed_offset();
    local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A time as `ssh-keygen -Overify-time=` takes it: `YYYYMMDDHHMMSSZ` (UTC).
pub fn verify_time(t: DateTime<Utc>) -> String {
    t.format("%Y%m%d%H%M%SZ").to_string()
}

/// Every version of allowed_signers the procedures may cite: the current file and those kept in
/// `allowed_signers.d/`, by SHA-256, each with its path relative to the board. The current
/// file's SHA-256 is returned too (`None` when there is no readable file).
pub fn signer_versions(
    board: &Board,
) -> (BTreeMap<String, (String, AllowedSigners)>, Option<String>) {
    let mut out = BTreeMap::new();
    let mut current = None;
    let mut files = vec![crate::signature::allowed::FILE.to_string()];
    let dir = crate::signature::allowed::VERSIONS_DIR;
    if let Ok(rd) = std::fs::read_dir(board.root.join(dir)) {
        let mut old: Vec<String> = rd
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(|n| format!("{dir}/{n}")))
            .collect();
        old.sort();
        files.extend(old);
    }
    for (i, name) in files.into_iter().enumerate() {
        let Ok(bytes) =
            crate::limits::read_inside(&board.root, Path::new(&name), crate::limits::SIGNERS_MAX)
        else {
            continue;
        };
        let sha = sha256(&bytes);
        if i == 0 {
            current = Some(sha.clone());
        }
        if let Ok(s) = AllowedSigners::parse(&String::from_utf8_lossy(&bytes), &name) {
            out.entry(sha).or_insert((name, s));
        }
    }
    (out, current)
}

/// The people who may sign for `member`: its delegates and alternates.
pub fn people_of(board: &Board, member: &str) -> Vec<String> {
    board
        .member(member)
        .map(|m| m.delegates.iter().chain(&m.alternates).cloned().collect())
        .unwrap_or_default()
}

/// The people who hold `role` (`secretary`, or `chair`: the delegates and alternates of the
/// chair by rotation) on the day of `at` in the board's zone.
pub fn role_holders(board: &Board, role: &str, at: DateTime<Utc>) -> Vec<String> {
    match role {
        "secretary" => board.file.board.secretary.iter().cloned().collect(),
        "chair" => {
            let day = at
                .with_timezone(&crate::signature::allowed::board_tz(board))
                .date_naive();
            crate::board::resolve::seats_on(board, day)
                .ok()
                .and_then(|r| r.officers)
                .map(|o| people_of(board, &o.chair))
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// Checks an SSH signature (`sig_text`) of `bytes` under [`NAMESPACE`]: it must verify, and its
/// key must be listed in `signers` for the namespace at `at`, for a principal whose person
/// (board.toml's `[minutes.signers]`) is one of `people`. Returns the principal and person, or
/// why not; `what` names the signed file and `who` the people in messages.
pub fn check_signature(
    board: &Board,
    signers: &AllowedSigners,
    (what, who): (&str, &str),
    people: &[String],
    at: DateTime<Utc>,
    bytes: &[u8],
    sig_text: &str,
) -> Result<(String, String), String> {
    use ssh_key::{PublicKey, SshSig};
    let sig = SshSig::from_pem(sig_text)
        .map_err(|e| format!("the signature is not an SSH signature: {e}"))?;
    if sig.namespace() != NAMESPACE {
        return Err(format!(
            "the signature was made for namespace `{}`, not `{NAMESPACE}`",
            sig.namespace()
        ));
    }
    let key = PublicKey::from(sig.public_key().clone());
    if key.verify(NAMESPACE, bytes, &sig).is_err() {
        return Err(format!(
            "the signature does not verify: {what} or its signature was changed"
        ));
    }
    crate::signature::sheets::signer_among(board, signers, (NAMESPACE, at), &key, people, who)
}
