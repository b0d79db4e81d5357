//! What `minutes verify` checks of every written procedure: the proposal's signature (by the
//! role that launched it, on the opening day) and its documents' hashes; each answer (signed by
//! a delegate or alternate of its member, for this exact proposal, by the deadline); and, once
//! closed, the result's signature and that the answers on disk are exactly those the result
//! counted and refused, each by SHA-256, giving the outcome it states. Reads files only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use super::status::{AnswerCheck, Opened, answer_files, check_answer, count, open_read};
use super::{
    PROPOSAL, RESULT, ResultFile, check_signature, parse_time, parse_toml, read, rel_dir, sha256,
    sig_path, verify_time,
};
use crate::board::Board;
use crate::signature::allowed::AllowedSigners;

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
    /// The file it signs.
    pub signs: String,
    /// The principal.
    pub principal: String,
    /// The person.
    pub person: String,
    /// The version of allowed_signers it is checked against (relative to the board).
    pub allowed_signers: String,
    /// The moment the signer had to be allowed, as `ssh-keygen -Overify-time=` takes it.
    pub verify_time: String,
}

/// One procedure's result.
#[derive(Clone, Debug, Serialize)]
pub struct ProcedureReport {
    /// The procedure's id.
    pub procedure: String,
    /// The opening day in the board's time zone (`YYYY-MM-DD`), for the order with meetings.
    pub date: String,
    /// The decision kind.
    pub kind: String,
    /// `open` or `closed`.
    pub state: String,
    /// The result's outcome, once closed.
    pub outcome: Option<String>,
    /// Signatures that hold.
    pub signatures: Vec<GoodSignature>,
    /// Answers refused, as the record allows (late ones; those the result lists as refused).
    pub refused: Vec<Problem>,
    /// What fails.
    pub problems: Vec<Problem>,
}

/// Checks every procedure of the board, in date order (then by id).
pub fn verify_all(board: &Board) -> Vec<ProcedureReport> {
    let (versions, current) = super::signer_versions(board);
    let mut out: Vec<ProcedureReport> = super::procedure_ids(board)
        .iter()
        .map(|id| verify_one(board, id, &versions, current.as_deref()))
        .collect();
    out.sort_by(|a, b| (&a.date, &a.procedure).cmp(&(&b.date, &b.procedure)));
    out
}

type Versions = BTreeMap<String, (String, AllowedSigners)>;

fn verify_one(
    board: &Board,
    id: &str,
    versions: &Versions,
    current: Option<&str>,
) -> ProcedureReport {
    let mut r = ProcedureReport {
        procedure: id.to_string(),
        date: String::new(),
        kind: String::new(),
        state: "open".into(),
        outcome: None,
        signatures: Vec::new(),
        refused: Vec::new(),
        problems: Vec::new(),
    };
    let dir = rel_dir(id);
    if !super::valid_id(id) {
        r.problems.push(problem(
            &dir,
            format!("`{id}` is not a procedure id (a-z, 0-9, -)"),
        ));
        return r;
    }
    let p = match open_read(board, id) {
        Ok(p) => p,
        Err((file, message)) => {
            r.problems.push(Problem { file, message });
            return r;
        }
    };
    let tz = crate::signature::allowed::board_tz(board);
    r.date = p.opened.with_timezone(&tz).date_naive().to_string();
    r.kind = p.proposal.kind.clone();
    let proposal_file = format!("{dir}/{PROPOSAL}");
    if &p.proposal.board != board.file.board.id.get_ref() {
        r.problems.push(problem(
            &proposal_file,
            format!(
                "is a proposal of board `{}`, not of this board",
                p.proposal.board
            ),
        ));
    }
    // The proposal: signed by the person who held the launching role on the opening day.
    let cited = cited(
        versions,
        &p.proposal.allowed_signers_sha256,
        &proposal_file,
        &mut r,
    );
    if let Some((name, signers)) = cited {
        let holders = super::role_holders(board, &p.proposal.launched_as, p.opened);
        let who = format!("the {} on {}", p.proposal.launched_as, r.date);
        if let Some((principal, person)) = signed(
            board,
            (&proposal_file, &p.bytes),
            (signers, name),
            (&holders, &who),
            p.opened,
            &mut r,
        ) && person != p.proposal.launched_by
        {
            r.problems.push(problem(
                &proposal_file,
                format!(
                    "names `{}` as its launcher, but it is signed by `{principal}` ({person})",
                    p.proposal.launched_by
                ),
            ));
        }
    }
    cited_documents(board, &p, &proposal_file, &mut r);
    // The result, when there is one.
    let result_file = format!("{dir}/{RESULT}");
    let result_bytes = read(board, &result_file).ok();
    let result = read_result(board, &result_file, result_bytes.as_deref(), &mut r);
    // Answers are checked against the allowed_signers the result cites, or the current one.
    let answers_sha = result
        .as_ref()
        .map(|res| res.allowed_signers_sha256.clone())
        .or_else(|| current.map(str::to_string))
        .unwrap_or_default();
    let answer_signers = versions.get(&answers_sha);
    let empty = AllowedSigners::default();
    let checks: Vec<AnswerCheck> = answer_files(board, id)
        .iter()
        .map(|(m, f)| check_answer(board, &p, (m, f), answer_signers.map_or(&empty, |v| &v.1)))
        .collect();
    for c in &checks {
        if let (true, Some(principal), Some(person), Some(at)) = (
            c.valid,
            &c.principal,
            &c.signer,
            c.answered.as_deref().and_then(parse_time),
        ) {
            r.signatures.push(GoodSignature {
                file: sig_path(Path::new(&c.file)).to_string_lossy().into_owned(),
                signs: c.file.clone(),
                principal: principal.clone(),
                person: person.clone(),
                allowed_signers: answer_signers.map(|v| v.0.clone()).unwrap_or_default(),
                verify_time: verify_time(at),
            });
        }
    }
    match (&result, &result_bytes) {
        (Some(res), Some(bytes)) => {
            r.state = "closed".into();
            r.outcome = Some(res.outcome.clone());
            closed(board, &p, res, bytes, &checks, versions, &mut r);
        }
        _ => {
            for c in &checks {
                let reason = c.reason.clone().unwrap_or_default();
                if c.late {
                    r.refused.push(problem(&c.file, reason));
                } else if !c.valid {
                    r.problems
                        .push(problem(&c.file, format!("is refused: {reason}")));
                }
            }
        }
    }
    r
}

/// Each document the proposal cites must still have the SHA-256 it cites.
fn cited_documents(board: &Board, p: &Opened, proposal_file: &str, r: &mut ProcedureReport) {
    for d in &p.proposal.document {
        match read(board, &d.path) {
            Ok(bytes) if sha256(&bytes) == d.sha256 => {}
            Ok(bytes) => r.problems.push(problem(
                &d.path,
                format!(
                    "SHA-256 {} is not {}, which {proposal_file} cites: the document changed after the procedure opened",
                    sha256(&bytes),
                    d.sha256
                ),
            )),
            Err(e) => r.problems.push(problem(
                &d.path,
                format!("cannot be read ({e}); {proposal_file} cites it"),
            )),
        }
    }
}

/// The procedure's result file, parsed, if there is one; a signature left without its result is
/// a problem.
fn read_result(
    board: &Board,
    result_file: &str,
    result_bytes: Option<&[u8]>,
    r: &mut ProcedureReport,
) -> Option<ResultFile> {
    match result_bytes {
        None => {
            if board.root.join(sig_path(Path::new(result_file))).exists() {
                r.problems.push(problem(
                    result_file,
                    "is missing, but its signature is there: the result was deleted".into(),
                ));
            }
            None
        }
        Some(b) => match parse_toml::<ResultFile>(b) {
            Ok(res) => Some(res),
            Err(e) => {
                r.problems.push(problem(result_file, e));
                None
            }
        },
    }
}

fn problem(file: &str, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        message,
    }
}

fn cited<'v>(
    versions: &'v Versions,
    sha: &str,
    by: &str,
    r: &mut ProcedureReport,
) -> Option<&'v (String, AllowedSigners)> {
    let v = versions.get(sha);
    if v.is_none() {
        r.problems.push(problem(
            crate::signature::allowed::FILE,
            format!(
                "no version of allowed_signers has SHA-256 {sha}, which {by} cites: the file was changed (keep earlier versions in allowed_signers.d/)"
            ),
        ));
    }
    v
}

/// Checks the signature of `file` (`bytes`): pushes it to the good ones or the problems.
fn signed(
    board: &Board,
    (file, bytes): (&str, &[u8]),
    (signers, name): (&AllowedSigners, &str),
    (people, who): (&[String], &str),
    at: chrono::DateTime<chrono::Utc>,
    r: &mut ProcedureReport,
) -> Option<(String, String)> {
    let sig = sig_path(Path::new(file)).to_string_lossy().into_owned();
    let text = match crate::limits::read_text_at(
        &board.root,
        &board.root.join(&sig),
        crate::limits::SIGNATURE_MAX,
    ) {
        Ok(t) => t,
        Err(crate::limits::ReadError::Missing) => {
            r.problems
                .push(problem(&sig, format!("is missing: {file} is not signed")));
            return None;
        }
        Err(e) => {
            r.problems
                .push(problem(&sig, format!("cannot be read: {e}")));
            return None;
        }
    };
    let base = file.rsplit('/').next().unwrap_or(file);
    match check_signature(board, signers, (base, who), people, at, bytes, &text) {
        Ok((principal, person)) => {
            r.signatures.push(GoodSignature {
                file: sig,
                signs: file.to_string(),
                principal: principal.clone(),
                person: person.clone(),
                allowed_signers: name.to_string(),
                verify_time: verify_time(at),
            });
            Some((principal, person))
        }
        Err(why) => {
            r.problems.push(problem(&sig, why));
            None
        }
    }
}

fn closed(
    board: &Board,
    p: &Opened,
    res: &ResultFile,
    bytes: &[u8],
    checks: &[AnswerCheck],
    versions: &Versions,
    r: &mut ProcedureReport,
) {
    let dir = rel_dir(&p.id);
    let result_file = format!("{dir}/{RESULT}");
    if res.procedure != p.id || res.proposal_sha256 != p.sha256 {
        r.problems.push(problem(
            &result_file,
            format!(
                "is the result of another proposal (procedure `{}`, proposal SHA-256 {}), not of {dir}/{PROPOSAL} ({}): the proposal changed after close",
                res.procedure, res.proposal_sha256, p.sha256
            ),
        ));
    }
    match parse_time(&res.closed) {
        None => r.problems.push(problem(
            &result_file,
            format!("`closed` {} is not an RFC 3339 time", res.closed),
        )),
        Some(at) => {
            if at < p.deadline && !(res.early && p.proposal.close_early) {
                r.problems.push(problem(
                    &result_file,
                    format!(
                        "was closed at {} before the deadline {}, which the procedure does not allow",
                        res.closed, p.proposal.deadline
                    ),
                ));
            }
            if let Some((name, signers)) =
                cited(versions, &res.allowed_signers_sha256, &result_file, r)
            {
                let holders = super::role_holders(board, "secretary", at);
                if let Some((principal, person)) = signed(
                    board,
                    (&result_file, bytes),
                    (signers, name),
                    (&holders, "the board's secretary"),
                    at,
                    r,
                ) && person != res.closed_by
                {
                    r.problems.push(problem(
                        &result_file,
                        format!(
                            "names `{}` as who closed it, but it is signed by `{principal}` ({person})",
                            res.closed_by
                        ),
                    ));
                }
            }
        }
    }
    let on_disk: BTreeMap<&str, &AnswerCheck> =
        checks.iter().map(|c| (c.file.as_str(), c)).collect();
    let mut named = BTreeSet::new();
    for c in &res.counted {
        named.insert(c.file.as_str());
        match on_disk.get(c.file.as_str()) {
            None => r.problems.push(problem(
                &c.file,
                format!(
                    "is missing, but {result_file} counts it ({}, SHA-256 {}): a counted answer was removed",
                    c.answer, c.sha256
                ),
            )),
            Some(a) if a.sha256 != c.sha256 => r.problems.push(problem(
                &c.file,
                format!(
                    "SHA-256 {} is not {}, which {result_file} counted: the answer changed after close{}",
                    a.sha256,
                    c.sha256,
                    a.reason
                        .as_ref()
                        .map(|why| format!("; and it is refused now: {why}"))
                        .unwrap_or_default()
                ),
            )),
            Some(a) if !a.valid => r.problems.push(problem(
                &c.file,
                format!(
                    "is counted in {result_file}, but it is refused: {}",
                    a.reason.as_deref().unwrap_or("")
                ),
            )),
            Some(a) if a.answer.as_deref() != Some(c.answer.as_str()) || a.member != c.member => {
                r.problems.push(problem(
                    &result_file,
                    format!(
                        "counts `{}` for `{}` from {}, but the file says `{}` for `{}`",
                        c.answer,
                        c.member,
                        c.file,
                        a.answer.as_deref().unwrap_or("?"),
                        a.member
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    for f in &res.refused {
        named.insert(f.file.as_str());
        match on_disk.get(f.file.as_str()) {
            None => r.problems.push(problem(
                &f.file,
                format!("is missing, but {result_file} lists it as refused: it was removed after close"),
            )),
            Some(a) if a.sha256 != f.sha256 => r.problems.push(problem(
                &f.file,
                format!(
                    "SHA-256 {} is not {}, which {result_file} refused: the answer changed after close",
                    a.sha256, f.sha256
                ),
            )),
            Some(_) => r.refused.push(problem(&f.file, f.reason.clone())),
        }
    }
    for c in checks {
        if !named.contains(c.file.as_str()) {
            r.problems.push(problem(
                &c.file,
                format!("was added after the procedure closed: {result_file} neither counts nor refuses it"),
            ));
        }
    }
    let answers: Vec<(String, String)> = res
        .counted
        .iter()
        .map(|c| (c.member.clone(), c.answer.clone()))
        .collect();
    let again = count(p, &answers);
    if again.outcome != res.outcome || again.explanation != res.explanation {
        r.problems.push(problem(
            &result_file,
            format!(
                "states `{}`, but the answers it counts give `{}`: {}",
                res.outcome, again.outcome, again.explanation
            ),
        ));
    }
}
