//! Signed score sheets: `procboard sign <SHEET> --as <MEMBER> --key <PATH>` writes
//! `<member>.toml.sig` beside a member's score sheet (SSHSIG under [`SHEET_NAMESPACE`]), and
//! `score` / `check` mark each sheet signed (and verified), unsigned, or refused.
//!
//! A sheet's signature holds when it verifies over the sheet's exact bytes, under the namespace,
//! by a key that the board's `allowed_signers` lists for a principal valid on the sheet's
//! `submitted` date, whose person (board.toml's `[minutes.signers]`) is a delegate or an
//! alternate of the sheet's member. A refused sheet is left out of the scoring, like a recused
//! member's; so is an unsigned one when the board sets `[minutes] require_signed_sheets = true`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

use crate::board::Board;
use crate::board::load::SheetDoc;
use crate::diag::Diagnostic;
use crate::limits::{BOARD_FILE_MAX, SIGNATURE_MAX};
use crate::signature::allowed::{AllowedSigners, board_tz, load as load_signers};

/// The SSHSIG namespace of score-sheet signatures.
pub const SHEET_NAMESPACE: &str = "score-sheet@procboard";

/// Where a sheet's signature stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "mark")]
pub enum SheetMark {
    /// Signed by a delegate or alternate of the member, and verified.
    Signed {
        /// The principal.
        principal: String,
        /// The person.
        person: String,
    },
    /// No signature file.
    Unsigned,
    /// A signature that fails, or a signer who is not that member.
    Refused {
        /// Why.
        reason: String,
    },
}

/// The signature file of a sheet: `<sheet>.sig`.
pub fn sig_path(sheet: &Path) -> PathBuf {
    let mut s = sheet.as_os_str().to_owned();
    s.push(".sig");
    PathBuf::from(s)
}

/// The instant a sheet's signer must be allowed at: the start of its `submitted` day in the
/// board's time zone.
fn submitted_at(board: &Board, sheet: &SheetDoc) -> Option<DateTime<Utc>> {
    let d = sheet.sheet.submitted.as_ref()?.get_ref().0;
    board_tz(board)
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The people who may sign for `member`: its delegates and alternates.
fn people_of(board: &Board, member: &str) -> Vec<String> {
    board
        .member(member)
        .map(|m| m.delegates.iter().chain(&m.alternates).cloned().collect())
        .unwrap_or_default()
}

/// Checks a signature of `bytes` for `member`'s sheet against `signers`.
fn check(
    board: &Board,
    signers: &AllowedSigners,
    member: &str,
    at: DateTime<Utc>,
    bytes: &[u8],
    sig_text: &str,
) -> SheetMark {
    check_member_signature(
        board,
        signers,
        (member, SHEET_NAMESPACE, "the sheet"),
        at,
        bytes,
        sig_text,
    )
}

/// Checks an SSH signature (`sig_text`) of `bytes` made for `member` under `namespace`: it must
/// verify, and its key must be listed in `signers` for that namespace at `at`, for a principal
/// whose person is a delegate or an alternate of the member. `what` names the signed file in
/// messages ("the sheet"). Score sheets use it, and so do witness statements.
pub fn check_member_signature(
    board: &Board,
    signers: &AllowedSigners,
    (member, namespace, what): (&str, &str, &str),
    at: DateTime<Utc>,
    bytes: &[u8],
    sig_text: &str,
) -> SheetMark {
    let refuse = |reason: String| SheetMark::Refused { reason };
    let sig = match SshSig::from_pem(sig_text) {
        Ok(s) => s,
        Err(e) => return refuse(format!("the signature is not an SSH signature: {e}")),
    };
    if sig.namespace() != namespace {
        return refuse(format!(
            "the signature was made for namespace `{}`, not `{namespace}`",
            sig.namespace()
        ));
    }
    let key = PublicKey::from(sig.public_key().clone());
    if key.verify(namespace, bytes, &sig).is_err() {
        return refuse(format!(
            "the signature does not verify: {what} or its signature was changed"
        ));
    }
    match member_signer(board, signers, member, namespace, at, &key) {
        Ok((principal, person)) => SheetMark::Signed { principal, person },
        Err(reason) => refuse(reason),
    }
}

/// The principal and person that `key` signs as for `member` under `namespace` at `at`: listed in
/// `signers`, allowed then, and a delegate or an alternate of the member; or why not.
pub fn member_signer(
    board: &Board,
    signers: &AllowedSigners,
    member: &str,
    namespace: &str,
    at: DateTime<Utc>,
    key: &PublicKey,
) -> Result<(String, String), String> {
    let people = people_of(board, member);
    let who = format!("a delegate or alternate of `{member}`");
    signer_among(board, signers, (namespace, at), key, &people, &who)
}

/// The principal and person that `key` signs as under `namespace` at `at`: listed in `signers`,
/// allowed then, for a principal whose person (board.toml's `[minutes.signers]`) is one of
/// `people`; or why not, `who` naming those people ("a delegate or alternate of `x`").
pub fn signer_among(
    board: &Board,
    signers: &AllowedSigners,
    (namespace, at): (&str, DateTime<Utc>),
    key: &PublicKey,
    people: &[String],
    who: &str,
) -> Result<(String, String), String> {
    let fp = key.fingerprint(HashAlg::Sha256);
    let mut why = Vec::new();
    for e in signers.with_key(key.key_data()) {
        if let Err(m) = e.allows(namespace, at, board_tz(board)) {
            why.push(m);
            continue;
        }
        for p in &e.principals {
            match board.file.minutes.person_of(p) {
                Some(person) if people.iter().any(|x| x == person) => {
                    return Ok((p.clone(), person.to_string()));
                }
                Some(person) => why.push(format!("signed by `{p}` ({person}), who is not {who}")),
                None => why.push(format!(
                    "principal `{p}` is not given to anyone in board.toml's [minutes.signers]"
                )),
            }
        }
    }
    if why.is_empty() {
        why.push(format!("key {fp} is not listed in allowed_signers"));
    }
    Err(why.join("; "))
}

/// The mark of one sheet of the board.
pub fn sheet_mark(board: &Board, sheet: &SheetDoc) -> SheetMark {
    let path = board.root.join(&sheet.path);
    let sig = sig_path(&path);
    let refuse = |reason: String| SheetMark::Refused { reason };
    let sig_text = match crate::limits::read_text_at(&board.root, &sig, SIGNATURE_MAX) {
        Ok(text) => text,
        Err(crate::limits::ReadError::Missing) => return SheetMark::Unsigned,
        Err(e) => {
            let rel = sig.strip_prefix(&board.root).unwrap_or(&sig);
            return refuse(format!("{} is not read: {e}", rel.display()));
        }
    };
    let Some(at) = submitted_at(board, sheet) else {
        return refuse("the sheet has no `submitted` date to check the signer against".into());
    };
    let bytes = match crate::limits::read_at(&board.root, &path, BOARD_FILE_MAX) {
        Ok(b) => b,
        Err(e) => return refuse(format!("cannot read the sheet: {e}")),
    };
    let signers = match load_signers(board) {
        Ok((s, _)) => s,
        Err(e) => return refuse(e),
    };
    check(
        board,
        &signers,
        sheet.sheet.member.get_ref(),
        at,
        &bytes,
        &sig_text,
    )
}

/// Why a sheet is left out of the scoring, if it is: a refused signature, or no signature where
/// the board requires them. `None` for a board where no sheet is signed and none need be (no file
/// is read beyond a check for the signature file).
pub fn sheet_refusal(board: &Board, sheet: &SheetDoc) -> Option<String> {
    let required = board.file.minutes.require_signed_sheets;
    match sheet_mark(board, sheet) {
        SheetMark::Signed { .. } => None,
        SheetMark::Unsigned if required => Some(
            "the sheet is not signed and the board requires signed sheets ([minutes] require_signed_sheets); it is left out"
                .into(),
        ),
        SheetMark::Unsigned => None,
        SheetMark::Refused { reason } => Some(format!(
            "its signature is refused ({reason}); the sheet is left out"
        )),
    }
}

/// `check`'s warnings for sheets: refused signatures, and unsigned sheets where required.
pub fn check_sheets(board: &Board) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &board.tenders {
        for s in &t.sheets {
            if let Some(reason) = sheet_refusal(board, s) {
                out.push(
                    Diagnostic::file_error(&s.path, reason)
                        .with_hint("`procboard sign <SHEET> --as <MEMBER> --key <KEY>` signs a sheet; docs/minutes.md#signed-score-sheets")
                        .warning(),
                );
            }
        }
    }
    out
}

/// Why a sheet cannot be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The board has errors.
    #[error("the board has {} problem(s); run `procboard check` on it", .0.iter().filter(|d| d.is_error()).count())]
    Board(Vec<Diagnostic>),
    /// Refused: the message says why.
    #[error("{0}")]
    Refused(String),
    /// The signature cannot be written.
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

impl SignError {
    /// Whose fault it is: bad input or a refusal, or I/O.
    pub fn fault(&self) -> crate::exit::Fault {
        match self {
            SignError::Io(..) => crate::exit::Fault::Failure,
            _ => crate::exit::Fault::BadInput,
        }
    }
}

/// Signs the score sheet at `file` as `member` with the private key at `key_path`; returns the
/// signature file written.
pub fn sign_sheet(file: &Path, member: &str, key_path: &Path) -> Result<PathBuf, SignError> {
    let refused = SignError::Refused;
    let abs = file
        .canonicalize()
        .map_err(|e| refused(format!("cannot read {}: {e}", file.display())))?;
    // <board>/tenders/<tender>/sheets/<member>.toml
    let sheets = abs.parent();
    let root = sheets
        .filter(|d| d.file_name().is_some_and(|n| n == "sheets"))
        .and_then(Path::parent)
        .and_then(Path::parent)
        .filter(|d| d.file_name().is_some_and(|n| n == "tenders"))
        .and_then(Path::parent)
        .ok_or_else(|| {
            refused(format!(
                "{} is not a score sheet: expected <board>/tenders/<tender>/sheets/<member>.toml",
                file.display()
            ))
        })?;
    let (board, _) = crate::board::load(root).valid().map_err(SignError::Board)?;
    let sheet = board
        .tenders
        .iter()
        .flat_map(|t| &t.sheets)
        .find(|s| board.root.join(&s.path).canonicalize().ok().as_deref() == Some(abs.as_path()))
        .ok_or_else(|| {
            refused(format!(
                "{} is not a score sheet of the board",
                file.display()
            ))
        })?;
    let owner = sheet.sheet.member.get_ref();
    if owner != member {
        return Err(refused(format!(
            "{} is the sheet of `{owner}`; it cannot be signed as `{member}`",
            file.display()
        )));
    }
    let at = submitted_at(&board, sheet).ok_or_else(|| {
        refused(format!(
            "{} has no `submitted` date\n  hint: add `submitted = YYYY-MM-DD` (the signer must be allowed on that date)",
            file.display()
        ))
    })?;
    let key = PrivateKey::read_openssh_file(key_path).map_err(|e| {
        refused(format!(
            "cannot read the private key {}: {e}",
            key_path.display()
        ))
    })?;
    if key.is_encrypted() {
        return Err(refused(format!(
            "the key {} is protected by a passphrase, which procboard does not ask for\n  hint: sign with `ssh-keygen -Y sign -f {} -n {SHEET_NAMESPACE} {}` (it asks, or uses ssh-agent)",
            key_path.display(),
            key_path.display(),
            file.display()
        )));
    }
    let bytes = crate::limits::read_at(&board.root, &abs, BOARD_FILE_MAX)
        .map_err(|e| refused(format!("cannot read {}: {e}", file.display())))?;
    let sig = key
        .sign(SHEET_NAMESPACE, HashAlg::Sha512, &bytes)
        .map_err(|e| refused(format!("signing failed: {e}")))?;
    let pem = sig
        .to_pem(LineEnding::LF)
        .map_err(|e| refused(format!("signing failed: {e}")))?;
    // Check before writing: the same rules `score` applies.
    let (signers, _) = load_signers(&board).map_err(refused)?;
    if let SheetMark::Refused { reason } = check(&board, &signers, member, at, &bytes, &pem) {
        return Err(refused(format!("refused to sign as `{member}`: {reason}")));
    }
    let out = sig_path(&abs);
    crate::atomic::write(&out, pem.as_bytes()).map_err(|e| SignError::Io(out.clone(), e))?;
    Ok(sig_path(file))
}
