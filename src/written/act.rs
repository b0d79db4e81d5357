//! The acts of a written procedure: open (the launcher's signed proposal), answer (a member's
//! signed answer), close (the secretary's signed result). Each checks the board's rules first
//! and writes its file and signature together (atomically), or nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use ssh_key::{HashAlg, LineEnding, PrivateKey};

use super::status::{Opened, count, open_read, status_of, valid_answers};
use super::{
    ANSWERS, Answer, Counted, Document, FORMAT, NAMESPACE, PROPOSAL, Proposal, RESULT, RefusedLine,
    ResultFile, SeatLine, WrittenError, check_signature, refused, rel_dir, sha256, sig_path,
    write_local, write_time,
};
use crate::board::Board;
use crate::signature::allowed::board_tz;

/// What `written open` is given.
#[derive(Clone, Debug)]
pub struct OpenArgs {
    /// The procedure's id.
    pub id: String,
    /// The proposed decision.
    pub text: String,
    /// The decision kind.
    pub kind: String,
    /// The deadline, in the board's time zone: `YYYY-MM-DD` (the end of that day),
    /// `YYYY-MM-DDTHH:MM[:SS]`, or RFC 3339 with an offset.
    pub deadline: String,
    /// The launcher's role: `chair` or `secretary`.
    pub role: String,
    /// The launcher's private key.
    pub key: PathBuf,
    /// Documents, by path relative to the board (or a path inside the board folder).
    pub documents: Vec<PathBuf>,
    /// When (default now, at the CLI).
    pub at: DateTime<Utc>,
}

/// Reads the deadline in the board's zone.
pub fn parse_deadline(s: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let local = if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        d.and_time(NaiveTime::from_hms_opt(23, 59, 59)?)
    } else {
        [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())?
    };
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn read_key(key_path: &Path) -> Result<PrivateKey, WrittenError> {
    let key = PrivateKey::read_openssh_file(key_path).map_err(|e| {
        refused(format!(
            "cannot read the private key {}: {e}\n  hint: give an OpenSSH private key file (ssh-keygen -t ed25519)",
            key_path.display()
        ))
    })?;
    if key.is_encrypted() {
        return Err(refused(format!(
            "the key {} is protected by a passphrase, which procboard does not ask for\n  hint: sign the file with `ssh-keygen -Y sign -f {} -n {NAMESPACE} <FILE>` (it asks, or uses ssh-agent); docs/written-procedure.md",
            key_path.display(),
            key_path.display()
        )));
    }
    Ok(key)
}

fn sign(key: &PrivateKey, bytes: &[u8]) -> Result<String, WrittenError> {
    let sig = key
        .sign(NAMESPACE, HashAlg::Sha512, bytes)
        .map_err(|e| refused(format!("signing failed: {e}")))?;
    sig.to_pem(LineEnding::LF)
        .map_err(|e| refused(format!("signing failed: {e}")))
}

fn write_pair(board: &Board, rel: &str, bytes: &[u8], pem: &str) -> Result<PathBuf, WrittenError> {
    let path = board.root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| WrittenError::Io(dir.to_path_buf(), e))?;
        crate::atomic::remove_stale(dir);
    }
    let sig = sig_path(&path);
    crate::atomic::write_all(&[(&path, bytes), (&sig, pem.as_bytes())])
        .map_err(|e| WrittenError::Io(path.clone(), e))?;
    Ok(path)
}

fn current_signers(
    board: &Board,
) -> Result<(crate::signature::allowed::AllowedSigners, String), WrittenError> {
    let (s, bytes) = crate::signature::allowed::load(board).map_err(refused)?;
    Ok((s, sha256(&bytes)))
}

/// Opens a procedure: writes `written/<id>/proposal.toml` and its signature.
pub fn open(board: &Board, a: &OpenArgs) -> Result<PathBuf, WrittenError> {
    let Some(rules) = &board.file.written_procedure else {
        return Err(refused(
            "board.toml has no [written_procedure] table: this board does not decide in writing\n  hint: add [written_procedure] (docs/board-format.md#written_procedure)",
        ));
    };
    if !rules.allowed() {
        return Err(refused(
            "board.toml's [written_procedure] sets allowed = false: no new written procedure",
        ));
    }
    if !super::valid_id(&a.id) {
        return Err(refused(format!(
            "`{}` is not a procedure id\n  hint: 1 to 64 of a-z, 0-9 and -, e.g. 2025-04-salt-extension",
            a.id
        )));
    }
    let kinds = crate::board::resolve::decision_rules(board);
    if !kinds.contains_key(&a.kind) {
        let names: Vec<&str> = kinds.keys().map(String::as_str).collect();
        return Err(refused(format!(
            "unknown decision kind `{}`\n  hint: decision kinds of this board: {}",
            a.kind,
            crate::diag::list(&names)
        )));
    }
    if !rules.allows_kind(&a.kind) {
        let allowed: Vec<String> = rules.kinds.iter().map(|k| k.get_ref().clone()).collect();
        return Err(refused(format!(
            "decision kind `{}` is not decided in writing on this board ([written_procedure] kinds: {})",
            a.kind,
            allowed.join(", ")
        )));
    }
    let launchers = rules.launchers();
    if !launchers.contains(&a.role) {
        return Err(refused(format!(
            "the {} may not launch a written procedure ([written_procedure] launchers: {})",
            a.role,
            launchers.join(", ")
        )));
    }
    if a.text.trim().is_empty() {
        return Err(refused("the proposal's --text is empty"));
    }
    let dir = rel_dir(&a.id);
    if std::fs::symlink_metadata(board.root.join(&dir)).is_ok() {
        return Err(refused(format!(
            "{dir} already exists: procedure ids are never reused"
        )));
    }
    let tz = board_tz(board);
    let deadline = parse_deadline(&a.deadline, tz).ok_or_else(|| {
        refused(format!(
            "--deadline {}: not a date or time\n  hint: YYYY-MM-DD (the end of that day) or YYYY-MM-DDTHH:MM, in the board's time zone ({tz})",
            a.deadline
        ))
    })?;
    let days = (deadline.with_timezone(&tz).date_naive() - a.at.with_timezone(&tz).date_naive())
        .num_days();
    let (min, max) = (i64::from(rules.min_days()), i64::from(rules.max_days()));
    if deadline <= a.at || days < min || days > max {
        return Err(refused(format!(
            "the deadline {} is {days} day{} after the opening day; [written_procedure] asks for {min} to {max}",
            write_local(deadline, tz),
            if days == 1 { "" } else { "s" }
        )));
    }
    let mut documents = Vec::new();
    for d in &a.documents {
        documents.push(document(board, d)?);
    }
    let day = a.at.with_timezone(&tz).date_naive();
    let seats = crate::board::resolve::seats_on(board, day)
        .map_err(|e| refused(format!("seats on {day}: {e}")))?;
    let seat: Vec<SeatLine> = seats
        .seats
        .iter()
        .filter_map(|s| {
            s.member.as_ref().map(|m| SeatLine {
                member: m.clone(),
                weight: s.weight.normalize().to_string(),
            })
        })
        .collect();
    let total: Decimal = seats
        .seats
        .iter()
        .filter(|s| s.member.is_some())
        .map(|s| s.weight)
        .sum();
    let holders = super::role_holders(board, &a.role, a.at);
    let (signers, signers_sha) = current_signers(board)?;
    let key = read_key(&a.key)?;
    let proposal = Proposal {
        format: FORMAT.into(),
        board: board.file.board.id.get_ref().clone(),
        id: a.id.clone(),
        kind: a.kind.clone(),
        text: a.text.clone(),
        opened: write_time(a.at),
        deadline: write_local(deadline, tz),
        time_zone: tz.to_string(),
        launched_as: a.role.clone(),
        launched_by: String::new(),
        decide_by: rules.decide_by().as_str().into(),
        objection_stops: rules.objection_stops(),
        close_early: rules.close_early,
        min_answer_weight_share: rules
            .min_answer_weight_share()
            .map(|s| s.normalize().to_string()),
        allowed_signers_sha256: signers_sha,
        total_weight: total.normalize().to_string(),
        document: documents,
        rule: crate::board::resolve::decision_rule(board, &a.kind),
        seat,
    };
    // The launcher's name is in the file: find who the key belongs to first.
    let probe = toml::to_string(&proposal).map_err(|e| refused(format!("cannot write: {e}")))?;
    let pem = sign(&key, probe.as_bytes())?;
    let who = format!("the {} on {day}", a.role);
    let (_, person) = check_signature(
        board,
        &signers,
        ("the proposal", &who),
        &holders,
        a.at,
        probe.as_bytes(),
        &pem,
    )
    .map_err(|why| refused(format!("refused to open as {}: {why}", a.role)))?;
    let proposal = Proposal {
        launched_by: person,
        ..proposal
    };
    let text = toml::to_string(&proposal).map_err(|e| refused(format!("cannot write: {e}")))?;
    let pem = sign(&key, text.as_bytes())?;
    write_pair(board, &format!("{dir}/{PROPOSAL}"), text.as_bytes(), &pem)
}

fn document(board: &Board, d: &Path) -> Result<Document, WrittenError> {
    let root = board
        .root
        .canonicalize()
        .map_err(|e| WrittenError::Io(board.root.clone(), e))?;
    let inside = if d.is_relative() && board.root.join(d).exists() {
        board.root.join(d)
    } else {
        d.to_path_buf()
    };
    let abs = inside.canonicalize().map_err(|e| {
        refused(format!(
            "--document {}: {e}\n  hint: give a path relative to the board folder",
            d.display()
        ))
    })?;
    let rel = abs.strip_prefix(&root).map_err(|_| {
        refused(format!(
            "--document {}: the document is outside the board folder; copy it into the board (e.g. docs/) first",
            d.display()
        ))
    })?;
    let rel = rel.to_string_lossy().replace('\\', "/");
    let bytes = crate::limits::read_inside(&board.root, Path::new(&rel), super::FILE_MAX)
        .map_err(|e| refused(format!("--document {rel}: {e}")))?;
    Ok(Document {
        path: rel,
        sha256: sha256(&bytes),
    })
}

fn opened(board: &Board, id: &str) -> Result<Opened, WrittenError> {
    if !super::valid_id(id) {
        return Err(refused(format!("`{id}` is not a procedure id")));
    }
    open_read(board, id).map_err(|(file, msg)| refused(format!("{file}: {msg}")))
}

/// What `written answer` did: the file written, and a warning when it will be refused as late.
#[derive(Clone, Debug)]
pub struct Answered {
    /// The answer file.
    pub file: PathBuf,
    /// Set when the deadline had passed: the answer is kept but refused as late.
    pub late: Option<String>,
}

/// Answers procedure `id` for `member`: writes `answers/<member>.toml` and its signature.
#[allow(clippy::too_many_arguments)]
pub fn answer(
    board: &Board,
    id: &str,
    member: &str,
    key_path: &Path,
    choice: &str,
    statement: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Answered, WrittenError> {
    let p = opened(board, id)?;
    let dir = rel_dir(id);
    if board.root.join(&dir).join(RESULT).exists() {
        return Err(refused(format!(
            "procedure {id} is closed ({dir}/{RESULT}): no answer is taken after close"
        )));
    }
    if !super::ANSWER_WORDS.contains(&choice) {
        return Err(refused(format!(
            "`{choice}` is not an answer\n  hint: yes, no, abstain or object (an objection to deciding in writing)"
        )));
    }
    if !p.seats.iter().any(|s| s.member == member) {
        let seated: Vec<&str> = p.seats.iter().map(|s| s.member.as_str()).collect();
        return Err(refused(format!(
            "`{member}` is not entitled to answer: it held no seat when the procedure opened\n  hint: seated members: {}",
            crate::diag::list(&seated)
        )));
    }
    if at < p.opened {
        return Err(refused(format!(
            "the procedure opened at {}; an answer cannot come before",
            p.proposal.opened
        )));
    }
    let rel = format!("{dir}/{ANSWERS}/{member}.toml");
    if std::fs::symlink_metadata(board.root.join(&rel)).is_ok() {
        return Err(refused(format!(
            "{rel} already exists: an answer is final (the signed file stays in the record)"
        )));
    }
    let key = read_key(key_path)?;
    let (signers, _) = current_signers(board)?;
    let people = super::people_of(board, member);
    let a = Answer {
        format: FORMAT.into(),
        procedure: id.into(),
        proposal_sha256: p.sha256.clone(),
        member: member.into(),
        answer: choice.into(),
        answered: write_time(at),
        signer: String::new(),
        statement: statement.map(str::to_string),
    };
    let who = format!("a delegate or alternate of `{member}`");
    let probe = toml::to_string(&a).map_err(|e| refused(format!("cannot write: {e}")))?;
    let pem = sign(&key, probe.as_bytes())?;
    let (_, person) = check_signature(
        board,
        &signers,
        ("the answer", &who),
        &people,
        at,
        probe.as_bytes(),
        &pem,
    )
    .map_err(|why| refused(format!("refused to answer as `{member}`: {why}")))?;
    let a = Answer {
        signer: person,
        ..a
    };
    let text = toml::to_string(&a).map_err(|e| refused(format!("cannot write: {e}")))?;
    let pem = sign(&key, text.as_bytes())?;
    let file = write_pair(board, &rel, text.as_bytes(), &pem)?;
    let late = (at > p.deadline).then(|| {
        format!(
            "the deadline was {}: this answer is kept in the record but refused as late",
            p.proposal.deadline
        )
    });
    Ok(Answered { file, late })
}

/// Closes procedure `id` as the secretary: writes `result.toml` and its signature.
pub fn close(
    board: &Board,
    id: &str,
    role: &str,
    key_path: &Path,
    at: DateTime<Utc>,
) -> Result<(PathBuf, ResultFile), WrittenError> {
    if role != "secretary" {
        return Err(refused(format!(
            "only the secretary closes a written procedure, not the {role}\n  hint: --as secretary"
        )));
    }
    let p = opened(board, id)?;
    let dir = rel_dir(id);
    if board.root.join(&dir).join(RESULT).exists() {
        return Err(refused(format!(
            "procedure {id} is already closed ({dir}/{RESULT})"
        )));
    }
    let (signers, signers_sha) = current_signers(board)?;
    let status = status_of(board, &p, &signers, at);
    let early = at < p.deadline;
    if early && !(p.proposal.close_early && status.settled) {
        return Err(refused(format!(
            "the deadline is {}; {}",
            p.proposal.deadline,
            if p.proposal.close_early {
                format!("the outcome can still change ({})", status.needed)
            } else {
                "[written_procedure] does not allow closing early (close_early)".to_string()
            }
        )));
    }
    let valid = valid_answers(&status.answers);
    let c = count(&p, &valid);
    let holders = super::role_holders(board, "secretary", at);
    let key = read_key(key_path)?;
    let mut result = ResultFile {
        format: FORMAT.into(),
        procedure: id.into(),
        proposal_sha256: p.sha256.clone(),
        closed: write_time(at),
        closed_by: String::new(),
        early,
        outcome: c.outcome.clone(),
        explanation: c.explanation.clone(),
        allowed_signers_sha256: signers_sha,
        counted: status
            .answers
            .iter()
            .filter(|a| a.valid)
            .map(|a| Counted {
                member: a.member.clone(),
                answer: a.answer.clone().unwrap_or_default(),
                file: a.file.clone(),
                sha256: a.sha256.clone(),
            })
            .collect(),
        refused: status
            .answers
            .iter()
            .filter(|a| !a.valid)
            .map(|a| RefusedLine {
                member: a.member.clone(),
                file: a.file.clone(),
                sha256: a.sha256.clone(),
                reason: a.reason.clone().unwrap_or_default(),
            })
            .collect(),
    };
    let probe = toml::to_string(&result).map_err(|e| refused(format!("cannot write: {e}")))?;
    let pem = sign(&key, probe.as_bytes())?;
    let (_, person) = check_signature(
        board,
        &signers,
        ("the result", "the board's secretary"),
        &holders,
        at,
        probe.as_bytes(),
        &pem,
    )
    .map_err(|why| refused(format!("refused to close as secretary: {why}")))?;
    result.closed_by = person;
    let text = toml::to_string(&result).map_err(|e| refused(format!("cannot write: {e}")))?;
    let pem = sign(&key, text.as_bytes())?;
    let path = write_pair(board, &format!("{dir}/{RESULT}"), text.as_bytes(), &pem)?;
    Ok((path, result))
}
