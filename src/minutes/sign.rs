//! Signing `minutes.md`: one detached SSHSIG signature per role, `minutes.md.<role>.sig`, under
//! the namespace [`super::NAMESPACE`], byte-compatible with `ssh-keygen -Y sign`.

use crate::record::event::MeetingOpened;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ssh_key::{HashAlg, LineEnding, PrivateKey};

use super::{ALLOWED_SIGNERS, MINUTES_MD, MinutesError, NAMESPACE, render_meeting, write_atomic};
use crate::board::Board;
use crate::board::minutes::ROLES;
use crate::record::event::Event;
use crate::signature::allowed::AllowedSigners;

/// The officers of a meeting as its journal's first line (`meeting_opened`) records them.
#[derive(Clone, Debug, Default)]
pub struct Officers {
    /// When the meeting opened.
    pub at: Option<DateTime<Utc>>,
    /// Who presided.
    pub presiding: Option<String>,
    /// Who took the minutes.
    pub secretary: Option<String>,
    /// Vice-chair member by rotation.
    pub vice_chair: Option<String>,
}

impl Officers {
    /// Reads them from the first record.
    pub fn of(first: Option<(&DateTime<Utc>, &Event)>) -> Officers {
        match first {
            Some((
                at,
                Event::MeetingOpened(MeetingOpened {
                    presiding,
                    secretary,
                    frozen,
                }),
            )) => Officers {
                at: Some(*at),
                presiding: presiding.clone(),
                secretary: secretary.clone(),
                vice_chair: frozen.as_ref().and_then(|f| f.vice_chair.clone()),
            },
            _ => Officers::default(),
        }
    }

    /// The people who held `role` at the meeting: the secretary, the presiding officer (`chair`),
    /// or the delegates and alternates of the vice-chair member.
    pub fn holders(&self, board: &Board, role: &str) -> Vec<String> {
        match role {
            "secretary" => self.secretary.iter().cloned().collect(),
            "chair" => self.presiding.iter().cloned().collect(),
            "vice_chair" => self
                .vice_chair
                .as_deref()
                .and_then(|v| board.member(v))
                .map(|m| m.delegates.iter().chain(&m.alternates).cloned().collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// The signature files beside `minutes.md` in `dir`, sorted.
pub fn signature_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("minutes.md.") && n.ends_with(".sig"))
        })
        .collect();
    v.sort();
    v
}

/// The role a signature file claims: `minutes.md.<role>.sig`.
pub fn role_of(path: &Path) -> Option<String> {
    path.file_name()?
        .to_str()?
        .strip_prefix("minutes.md.")?
        .strip_suffix(".sig")
        .map(str::to_string)
}

pub use crate::signature::allowed::board_tz;

/// Reads and parses the board's `allowed_signers`.
pub fn load_signers(board: &Board) -> Result<(AllowedSigners, Vec<u8>), MinutesError> {
    crate::signature::allowed::load(board).map_err(MinutesError::Refused)
}

/// Signs the minutes of the meeting at `dir` as `role` with the private key at `key_path`;
/// returns the signature file written.
///
/// Refuses: minutes missing or not rendered from the current journal, an unknown role, a key that
/// is encrypted or not in `allowed_signers`, a principal not allowed on the meeting's date or for
/// the namespace, and a signer who did not hold the role at that meeting.
pub fn sign_minutes(dir: &Path, role: &str, key_path: &Path) -> Result<PathBuf, MinutesError> {
    if !ROLES.contains(&role) {
        return Err(MinutesError::Refused(format!(
            "unknown role `{role}`\n  hint: roles: {}",
            crate::diag::list(ROLES)
        )));
    }
    let (m, rendered) = render_meeting(dir)?;
    crate::atomic::remove_stale(dir);
    let md_path = dir.join(MINUTES_MD);
    if std::fs::symlink_metadata(&md_path).is_err() {
        return Err(MinutesError::Refused(format!(
            "{} does not exist\n  hint: run `procboard minutes render {}` first",
            md_path.display(),
            dir.display()
        )));
    }
    let on_disk = super::read(&m.board.root, &md_path, crate::limits::MINUTES_MAX)?;
    if on_disk != rendered.markdown.as_bytes() {
        return Err(MinutesError::Refused(format!(
            "{} is not the rendering of the current journal (it was edited, or the journal, the previous minutes or allowed_signers changed)\n  hint: run `procboard minutes render {}` and read the minutes again before signing",
            md_path.display(),
            dir.display()
        )));
    }
    sign_bytes(&m, role, key_path, &on_disk, dir)
}

/// Signs `on_disk` (minutes of meeting `m`) as `role` with the key at `key_path`, after the
/// checks of the signer, and writes `minutes.md.<role>.sig` in `dir`.
pub fn sign_bytes(
    m: &crate::meeting::Meeting,
    role: &str,
    key_path: &Path,
    on_disk: &[u8],
    dir: &Path,
) -> Result<PathBuf, MinutesError> {
    if !ROLES.contains(&role) {
        return Err(MinutesError::Refused(format!(
            "unknown role `{role}`\n  hint: roles: {}",
            crate::diag::list(ROLES)
        )));
    }
    let md_path = dir.join(MINUTES_MD);
    let key = PrivateKey::read_openssh_file(key_path).map_err(|e| {
        MinutesError::Refused(format!(
            "cannot read the private key {}: {e}\n  hint: give an OpenSSH private key file (ssh-keygen -t ed25519)",
            key_path.display()
        ))
    })?;
    if key.is_encrypted() {
        return Err(MinutesError::Refused(format!(
            "the key {} is protected by a passphrase, which procboard does not ask for\n  hint: sign with `ssh-keygen -Y sign -f {} -n {NAMESPACE} {}` (it asks, or uses ssh-agent) and rename the .sig to minutes.md.{role}.sig",
            key_path.display(),
            key_path.display(),
            md_path.display()
        )));
    }
    let (signers, _) = load_signers(&m.board)?;
    let public = key.public_key();
    let fingerprint = public.fingerprint(HashAlg::Sha256);
    let entries: Vec<_> = signers.with_key(public.key_data()).collect();
    if entries.is_empty() {
        return Err(MinutesError::Refused(format!(
            "the key {fingerprint} is not listed in {}\n  hint: add a line `<principal> namespaces=\"{NAMESPACE}\" {}` to allowed_signers",
            m.board.root.join(ALLOWED_SIGNERS).display(),
            public.to_openssh().unwrap_or_default()
        )));
    }
    let officers = Officers::of(m.records.first().map(|r| (&r.at, &r.event)));
    let at = officers.at.unwrap_or_default();
    let tz = board_tz(&m.board);
    let holders = officers.holders(&m.board, role);
    let cfg = &m.board.file.minutes;
    let mut why = Vec::new();
    let mut ok = false;
    for e in &entries {
        if let Err(msg) = e.allows(NAMESPACE, at, tz) {
            why.push(msg);
            continue;
        }
        for p in &e.principals {
            match cfg.person_of(p) {
                Some(person) if holders.iter().any(|h| h == person) => ok = true,
                Some(person) => why.push(format!(
                    "`{p}` is {person}, who was not the {role} of meeting {} (the {role} was {})",
                    m.id,
                    if holders.is_empty() {
                        "nobody".to_string()
                    } else {
                        holders.join(", ")
                    }
                )),
                None => why.push(format!(
                    "principal `{p}` is not given to anyone in board.toml's [minutes.signers]"
                )),
            }
        }
    }
    if !ok {
        return Err(MinutesError::Refused(format!(
            "refused to sign as {role} with key {fingerprint}: {}",
            why.join("; ")
        )));
    }
    let sig = key
        .sign(NAMESPACE, HashAlg::Sha512, on_disk)
        .map_err(|e| MinutesError::Refused(format!("signing failed: {e}")))?;
    let pem = sig
        .to_pem(LineEnding::LF)
        .map_err(|e| MinutesError::Refused(format!("signing failed: {e}")))?;
    let out = dir.join(format!("{MINUTES_MD}.{role}.sig"));
    write_atomic(&out, pem.as_bytes())?;
    Ok(out)
}

/// Checks one signature of minutes `md` for `role`: over the exact bytes, under the minutes
/// namespace, by a key `signers` lists for a principal valid at `at`, given to the person who held
/// the role in the meeting. Returns (principal, person), or why not.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_signature(
    board: &Board,
    sig_path: &Path,
    md: &[u8],
    role: &str,
    officers: &Officers,
    signers: Option<&(String, AllowedSigners)>,
    at: chrono::DateTime<chrono::Utc>,
    tz: chrono_tz::Tz,
) -> Result<(String, String), String> {
    if !crate::board::minutes::ROLES.contains(&role) {
        return Err(format!(
            "claims role `{role}`, which is not a signing role ({})",
            crate::diag::list(crate::board::minutes::ROLES)
        ));
    }
    // Read in its own folder: closed minutes may be kept outside the board folder.
    let folder = sig_path.parent().unwrap_or(&board.root);
    let text = crate::limits::read_text_at(folder, sig_path, crate::limits::SIGNATURE_MAX)
        .map_err(|e| format!("cannot be read: {e}"))?;
    let sig =
        ssh_key::SshSig::from_pem(&text).map_err(|e| format!("is not an SSH signature: {e}"))?;
    if sig.namespace() != NAMESPACE {
        return Err(format!(
            "was made for namespace `{}`, not `{NAMESPACE}`",
            sig.namespace()
        ));
    }
    let key = ssh_key::PublicKey::from(sig.public_key().clone());
    key.verify(NAMESPACE, md, &sig).map_err(|_| {
        format!("does not verify against {MINUTES_MD}: the minutes or the signature were changed")
    })?;
    let fp = key.fingerprint(ssh_key::HashAlg::Sha256);
    let Some((name, signers)) = signers else {
        return Err(format!(
            "key {fp}: the minutes' header cites no allowed_signers to check it against"
        ));
    };
    let entries: Vec<_> = signers.with_key(key.key_data()).collect();
    if entries.is_empty() {
        return Err(format!("key {fp} is not listed in {name}"));
    }
    let holders = officers.holders(board, role);
    let mut why = Vec::new();
    for e in entries {
        if let Err(m) = e.allows(NAMESPACE, at, tz) {
            why.push(m);
            continue;
        }
        for p in &e.principals {
            match board.file.minutes.person_of(p) {
                Some(person) if holders.iter().any(|h| h == person) => {
                    return Ok((p.clone(), person.to_string()));
                }
                Some(person) => why.push(format!(
                    "signed by `{p}` ({person}), who was not the {role} of the meeting (the {role} was {})",
                    if holders.is_empty() { "nobody".to_string() } else { holders.join(", ") }
                )),
                None => why.push(format!(
                    "principal `{p}` is not given to anyone in board.toml's [minutes.signers]"
                )),
            }
        }
    }
    Err(why.join("; "))
}
