//! Where a written procedure stands: each answer valid or refused (and why), the running tally
//! by head and by weight under the frozen rule, and what is still needed.

use std::path::Path;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{
    ANSWERS, Answer, PROPOSAL, Proposal, RESULT, ResultFile, parse_time, parse_toml, read, rel_dir,
    sha256, sig_path,
};
use crate::board::Board;
use crate::board::written::DecideBy;
use crate::rules::quorum::{Presence, QuorumBy, QuorumRule, Seat};
use crate::rules::voting::{
    self, Ballot, Base, Choice, DecisionRule, Majority, Outcome, Tally, TieRule, Vote,
};
use crate::signature::allowed::AllowedSigners;

/// A procedure's proposal, read and checked for form.
#[derive(Clone, Debug)]
pub struct Opened {
    /// The procedure's id.
    pub id: String,
    /// The proposal.
    pub proposal: Proposal,
    /// Its exact bytes.
    pub bytes: Vec<u8>,
    /// Their SHA-256.
    pub sha256: String,
    /// When it was opened.
    pub opened: DateTime<Utc>,
    /// The deadline.
    pub deadline: DateTime<Utc>,
    /// The seats frozen at opening.
    pub seats: Vec<Seat>,
    /// The rule that decides, as counted: the frozen rule with the procedure's own settings.
    pub rule: DecisionRule,
    /// How it is decided.
    pub decide_by: DecideBy,
}

/// Reads `written/<id>/proposal.toml`; the error names the file and says why.
pub fn open_read(board: &Board, id: &str) -> Result<Opened, (String, String)> {
    let file = format!("{}/{PROPOSAL}", rel_dir(id));
    let fail = |m: String| (file.clone(), m);
    let bytes = read(board, &file).map_err(|e| fail(format!("cannot be read: {e}")))?;
    let proposal: Proposal = parse_toml(&bytes).map_err(fail)?;
    if proposal.id != id {
        return Err(fail(format!(
            "is the proposal of procedure `{}`, filed under `{id}`",
            proposal.id
        )));
    }
    let opened = parse_time(&proposal.opened).ok_or_else(|| {
        fail(format!(
            "`opened` {} is not an RFC 3339 time",
            proposal.opened
        ))
    })?;
    let deadline = parse_time(&proposal.deadline).ok_or_else(|| {
        fail(format!(
            "`deadline` {} is not an RFC 3339 time",
            proposal.deadline
        ))
    })?;
    let mut seats = Vec::with_capacity(proposal.seat.len());
    for s in &proposal.seat {
        let weight: Decimal = s.weight.parse().map_err(|_| {
            fail(format!(
                "the weight `{}` of `{}` is not a decimal",
                s.weight, s.member
            ))
        })?;
        seats.push(Seat {
            member: s.member.clone(),
            weight,
        });
    }
    let decide_by = DecideBy::parse(&proposal.decide_by).ok_or_else(|| {
        fail(format!(
            "`decide_by` `{}` is not decision_rule or unanimity",
            proposal.decide_by
        ))
    })?;
    let share = match &proposal.min_answer_weight_share {
        Some(s) => Some(
            s.parse::<Decimal>()
                .map_err(|_| fail(format!("`min_answer_weight_share` `{s}` is not a decimal")))?,
        ),
        None => None,
    };
    let rule = counted_rule(&proposal.rule, decide_by, share);
    Ok(Opened {
        id: id.to_string(),
        sha256: sha256(&bytes),
        proposal,
        bytes,
        opened,
        deadline,
        seats,
        rule,
        decide_by,
    })
}

/// The rule a written procedure is counted under: the kind's frozen rule, with no casting vote
/// (a tie fails: no one presides over a written procedure), unanimity as "members and weight:
/// at least one member and all the weight cast" when the board decides so, and the share of
/// weight that must answer as the quorum when the board sets one.
pub fn counted_rule(frozen: &DecisionRule, by: DecideBy, share: Option<Decimal>) -> DecisionRule {
    let mut rule = frozen.clone();
    rule.ties = TieRule::Fails;
    if by == DecideBy::Unanimity {
        rule.majority = Majority::MembersAndWeight {
            members: 1,
            weight_share: Decimal::ONE,
            base: Base::VotesCast,
        };
    }
    if let Some(share) = share {
        rule.quorum = QuorumRule {
            by: QuorumBy::Weight,
            share,
            strict: false,
            recused_count: false,
        };
    }
    rule
}

/// One answer file, checked.
#[derive(Clone, Debug, Serialize)]
pub struct AnswerCheck {
    /// The member it is filed under (`answers/<member>.toml`).
    pub member: String,
    /// The file, relative to the board.
    pub file: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// The answer, when the file parses.
    pub answer: Option<String>,
    /// When, as the file says.
    pub answered: Option<String>,
    /// The statement, if any.
    pub statement: Option<String>,
    /// The person whose signature holds.
    pub signer: Option<String>,
    /// The principal of that signature.
    pub principal: Option<String>,
    /// Whether it counts.
    pub valid: bool,
    /// Refused only for being after the deadline.
    pub late: bool,
    /// Why it is refused.
    pub reason: Option<String>,
}

/// The answer files of procedure `id` (relative to the board), sorted, with their member.
pub fn answer_files(board: &Board, id: &str) -> Vec<(String, String)> {
    let dir = format!("{}/{ANSWERS}", rel_dir(id));
    let mut out: Vec<(String, String)> = std::fs::read_dir(board.root.join(&dir))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.'))
        .filter_map(|n| {
            n.strip_suffix(".toml")
                .map(|m| (m.to_string(), format!("{dir}/{n}")))
        })
        .collect();
    out.sort();
    out
}

/// Checks one answer file of `p` against `signers`.
pub fn check_answer(
    board: &Board,
    p: &Opened,
    (member, file): (&str, &str),
    signers: &AllowedSigners,
) -> AnswerCheck {
    let mut c = AnswerCheck {
        member: member.to_string(),
        file: file.to_string(),
        sha256: String::new(),
        answer: None,
        answered: None,
        statement: None,
        signer: None,
        principal: None,
        valid: false,
        late: false,
        reason: None,
    };
    let bytes = match read(board, file) {
        Ok(b) => b,
        Err(e) => {
            c.reason = Some(format!("cannot be read: {e}"));
            return c;
        }
    };
    c.sha256 = sha256(&bytes);
    let a: Answer = match parse_toml(&bytes) {
        Ok(a) => a,
        Err(e) => {
            c.reason = Some(e);
            return c;
        }
    };
    c.answer = Some(a.answer.clone());
    c.answered = Some(a.answered.clone());
    c.statement = a.statement.clone();
    if let Some(reason) = refusal(board, p, member, file, &a, &bytes, signers, &mut c) {
        c.reason = Some(reason);
    } else {
        c.valid = true;
    }
    c
}

#[allow(clippy::too_many_arguments)]
fn refusal(
    board: &Board,
    p: &Opened,
    member: &str,
    file: &str,
    a: &Answer,
    bytes: &[u8],
    signers: &AllowedSigners,
    c: &mut AnswerCheck,
) -> Option<String> {
    if a.member != member {
        return Some(format!(
            "swapped: it is filed as the answer of `{member}` but answers for `{}`",
            a.member
        ));
    }
    if a.procedure != p.id || a.proposal_sha256 != p.sha256 {
        return Some(format!(
            "answers another proposal (procedure `{}`, proposal SHA-256 {}), not this one ({}): the proposal changed after it was answered, or the answer was copied from elsewhere",
            a.procedure, a.proposal_sha256, p.sha256
        ));
    }
    if !super::ANSWER_WORDS.contains(&a.answer.as_str()) {
        return Some(format!(
            "`{}` is not an answer: yes, no, abstain or object",
            a.answer
        ));
    }
    if !p.seats.iter().any(|s| s.member == member) {
        return Some(format!(
            "not entitled: `{member}` held no seat when the procedure opened (the seats are frozen in {PROPOSAL})"
        ));
    }
    let Some(at) = parse_time(&a.answered) else {
        return Some(format!("`answered` {} is not an RFC 3339 time", a.answered));
    };
    if at < p.opened {
        return Some(format!(
            "answered at {}, before the procedure opened at {}",
            a.answered, p.proposal.opened
        ));
    }
    let sig = sig_path(Path::new(file));
    let sig_text = match crate::limits::read_text_at(
        &board.root,
        &board.root.join(&sig),
        crate::limits::SIGNATURE_MAX,
    ) {
        Ok(t) => t,
        Err(crate::limits::ReadError::Missing) => {
            return Some(format!("unsigned: {} is missing", sig.display()));
        }
        Err(e) => return Some(format!("{} cannot be read: {e}", sig.display())),
    };
    let people = super::people_of(board, member);
    match super::check_signature(
        board,
        signers,
        (
            "the answer",
            &format!("a delegate or alternate of `{member}`"),
        ),
        &people,
        at,
        bytes,
        &sig_text,
    ) {
        Ok((principal, person)) => {
            c.signer = Some(person);
            c.principal = Some(principal);
        }
        Err(why) => return Some(format!("wrong signature: {why}")),
    }
    if at > p.deadline {
        c.late = true;
        return Some(format!(
            "after the deadline: answered at {}, the deadline was {}",
            a.answered, p.proposal.deadline
        ));
    }
    None
}

/// The count of a procedure over its valid answers.
#[derive(Clone, Debug, Serialize)]
pub struct Count {
    /// `carried`, `failed`, `no_quorum` or `stopped`.
    pub outcome: String,
    /// One line, in the words of `procboard tally` (and why it stopped, when it did).
    pub explanation: String,
    /// Members whose objection stopped it.
    pub objected: Vec<String>,
    /// The tally (none when stopped, or when the rules refuse the count).
    pub tally: Option<Tally>,
}

/// Counts `answers` (member, answer) of procedure `p`.
pub fn count(p: &Opened, answers: &[(String, String)]) -> Count {
    let objected: Vec<String> = answers
        .iter()
        .filter(|(_, a)| a == "object")
        .map(|(m, _)| m.clone())
        .collect();
    if p.proposal.objection_stops && !objected.is_empty() {
        return Count {
            outcome: "stopped".into(),
            explanation: format!(
                "Stopped: {} objected to deciding in writing ([written_procedure] objection_stops); the matter goes to the next meeting.",
                objected
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            objected,
            tally: None,
        };
    }
    let tally = tally(p, answers);
    let prefix = match p.decide_by {
        DecideBy::Unanimity => {
            "Unanimity of those answering (no answer against, at least one for): "
        }
        DecideBy::DecisionRule => "",
    };
    match tally {
        Ok(t) => Count {
            outcome: match t.outcome {
                Outcome::Carried => "carried",
                Outcome::NoQuorum => "no_quorum",
                Outcome::Failed | Outcome::Tied => "failed",
            }
            .into(),
            explanation: format!("{prefix}{}", t.explanation),
            objected,
            tally: Some(t),
        },
        Err(e) => Count {
            outcome: "failed".into(),
            explanation: format!("the answers cannot be counted: {e}"),
            objected,
            tally: None,
        },
    }
}

fn tally(p: &Opened, answers: &[(String, String)]) -> Result<Tally, voting::VoteError> {
    let answered: std::collections::HashMap<&str, &str> = answers
        .iter()
        .map(|(m, a)| (m.as_str(), a.as_str()))
        .collect();
    let presence: Vec<Presence> = p
        .seats
        .iter()
        .map(|s| Presence {
            member: s.member.clone(),
            present: answered.contains_key(s.member.as_str()),
            recused: false,
        })
        .collect();
    let votes: Vec<(String, Vote)> = p
        .seats
        .iter()
        .filter_map(|s| {
            let choice = match *answered.get(s.member.as_str())? {
                "yes" => Choice::Yes,
                "no" => Choice::No,
                _ => Choice::Abstain,
            };
            Some((s.member.clone(), Vote::Whole(choice)))
        })
        .collect();
    voting::tally(&Ballot {
        rule: &p.rule,
        seats: &p.seats,
        presence: &presence,
        votes: &votes,
        chair: None,
        casting_vote: None,
        round: 1,
    })
}

/// Where the procedure stands.
#[derive(Clone, Debug, Serialize)]
pub struct ProcedureStatus {
    /// The procedure's id.
    pub id: String,
    /// The decision kind.
    pub kind: String,
    /// The proposed decision.
    pub text: String,
    /// Opened (UTC).
    pub opened: String,
    /// Deadline (board's zone).
    pub deadline: String,
    /// `open`, `awaiting close` (the deadline has passed) or `closed`.
    pub state: String,
    /// How it is decided.
    pub decide_by: String,
    /// Every answer file, checked.
    pub answers: Vec<AnswerCheck>,
    /// Members with a seat and no valid answer.
    pub silent: Vec<String>,
    /// Weight answered (valid answers) and the total weight.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub weight_answered: Decimal,
    /// The total weight of the seats.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub weight_total: Decimal,
    /// The running count.
    pub count: Count,
    /// The outcome if every silent member answered yes, and if every one answered no.
    pub if_all_yes: String,
    /// See `if_all_yes`.
    pub if_all_no: String,
    /// Whether the outcome can no longer change.
    pub settled: bool,
    /// What is still needed, in words.
    pub needed: String,
    /// The result, once closed.
    pub result: Option<ResultFile>,
}

/// The valid answers of `checks` as (member, answer).
pub fn valid_answers(checks: &[AnswerCheck]) -> Vec<(String, String)> {
    checks
        .iter()
        .filter(|c| c.valid)
        .filter_map(|c| c.answer.clone().map(|a| (c.member.clone(), a)))
        .collect()
}

/// The status of procedure `p` at `now`, its answers checked against `signers`.
pub fn status_of(
    board: &Board,
    p: &Opened,
    signers: &AllowedSigners,
    now: DateTime<Utc>,
) -> ProcedureStatus {
    let checks: Vec<AnswerCheck> = answer_files(board, &p.id)
        .iter()
        .map(|(m, f)| check_answer(board, p, (m, f), signers))
        .collect();
    let valid = valid_answers(&checks);
    let running = count(p, &valid);
    let answered: std::collections::HashSet<&str> = valid.iter().map(|(m, _)| m.as_str()).collect();
    let silent: Vec<String> = p
        .seats
        .iter()
        .filter(|s| !answered.contains(s.member.as_str()))
        .map(|s| s.member.clone())
        .collect();
    let weight_total: Decimal = p.seats.iter().map(|s| s.weight).sum();
    let weight_answered: Decimal = p
        .seats
        .iter()
        .filter(|s| answered.contains(s.member.as_str()))
        .map(|s| s.weight)
        .sum();
    let with = |word: &str| {
        let mut all = valid.clone();
        all.extend(silent.iter().map(|m| (m.clone(), word.to_string())));
        count(p, &all).outcome
    };
    let (if_all_yes, if_all_no) = (with("yes"), with("no"));
    let stopped = running.outcome == "stopped";
    // A silent member may still object, which would stop it.
    let settled = stopped
        || silent.is_empty()
        || (!p.proposal.objection_stops && (if_all_yes == "carried") == (if_all_no == "carried"));
    let result_file = format!("{}/{RESULT}", rel_dir(&p.id));
    let result: Option<ResultFile> = read(board, &result_file)
        .ok()
        .and_then(|b| parse_toml(&b).ok());
    let state = if result.is_some() {
        "closed"
    } else if now >= p.deadline {
        "awaiting close"
    } else {
        "open"
    };
    let needed = if let Some(r) = &result {
        format!("nothing: closed, {}", r.outcome.replace('_', " "))
    } else if stopped {
        "nothing: stopped by an objection; the matter goes to the next meeting".to_string()
    } else if settled {
        format!(
            "nothing: the outcome can no longer change ({}){}",
            running.outcome.replace('_', " "),
            if state == "open" && !p.proposal.close_early {
                "; it closes after the deadline"
            } else {
                "; the secretary may close it"
            }
        )
    } else {
        format!(
            "{} member{} ha{} not answered ({} of {} weight): with all of them for, it would be {}; with all against, {}{}",
            silent.len(),
            if silent.len() == 1 { "" } else { "s" },
            if silent.len() == 1 { "s" } else { "ve" },
            weight_total - weight_answered,
            weight_total,
            if_all_yes.replace('_', " "),
            if_all_no.replace('_', " "),
            if p.proposal.objection_stops {
                "; one objection would stop it"
            } else {
                ""
            }
        )
    };
    ProcedureStatus {
        id: p.id.clone(),
        kind: p.proposal.kind.clone(),
        text: p.proposal.text.clone(),
        opened: p.proposal.opened.clone(),
        deadline: p.proposal.deadline.clone(),
        state: state.to_string(),
        decide_by: p.proposal.decide_by.clone(),
        answers: checks,
        silent,
        weight_answered,
        weight_total,
        count: running,
        if_all_yes,
        if_all_no,
        settled,
        needed,
        result,
    }
}

/// The status of procedure `id` (or why its proposal cannot be read: file and message).
pub fn status(
    board: &Board,
    id: &str,
    now: DateTime<Utc>,
) -> Result<ProcedureStatus, (String, String)> {
    let p = open_read(board, id)?;
    let signers = crate::signature::allowed::load(board)
        .map(|(s, _)| s)
        .unwrap_or_default();
    Ok(status_of(board, &p, &signers, now))
}

impl std::fmt::Display for ProcedureStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}  {}  {}  (opened {}, deadline {})",
            self.id, self.kind, self.state, self.opened, self.deadline
        )?;
        for line in self.text.lines() {
            writeln!(f, "  | {line}")?;
        }
        for a in &self.answers {
            let word = a.answer.as_deref().unwrap_or("?");
            if a.valid {
                writeln!(
                    f,
                    "  ok      {:<20} {:<8} {} ({})",
                    a.member,
                    word,
                    a.answered.as_deref().unwrap_or(""),
                    a.signer.as_deref().unwrap_or("")
                )?;
            } else {
                writeln!(
                    f,
                    "  refused {:<20} {:<8} {}",
                    a.member,
                    word,
                    a.reason.as_deref().unwrap_or("")
                )?;
            }
        }
        if let Some(t) = &self.count.tally {
            writeln!(
                f,
                "  by head: {} yes, {} no, {} abstain, {} not answered of {}",
                t.heads_yes,
                t.heads_no,
                t.heads_abstain,
                t.heads_total - t.heads_entitled,
                t.heads_total
            )?;
            writeln!(
                f,
                "  by weight: {} yes, {} no, {} abstain; answered {} of {}",
                t.yes, t.no, t.abstain, self.weight_answered, self.weight_total
            )?;
        }
        writeln!(f, "  so far: {}", self.count.explanation)?;
        if let Some(r) = &self.result {
            writeln!(
                f,
                "  result: {} (closed {} by {})",
                r.outcome.replace('_', " "),
                r.closed,
                r.closed_by
            )?;
        }
        writeln!(f, "  needed: {}", self.needed)
    }
}

/// Every closed procedure of the board whose result parses and whose proposal reads, with the
/// closing time, in closing order (then by id).
pub fn closed_procedures(board: &Board) -> Vec<(Opened, ResultFile, DateTime<Utc>)> {
    let mut out = Vec::new();
    for id in super::procedure_ids(board) {
        let Ok(p) = open_read(board, &id) else {
            continue;
        };
        let Some(res) = read(board, &format!("{}/{RESULT}", rel_dir(&id)))
            .ok()
            .and_then(|b| parse_toml::<ResultFile>(&b).ok())
        else {
            continue;
        };
        let Some(at) = parse_time(&res.closed) else {
            continue;
        };
        out.push((p, res, at));
    }
    out.sort_by(|a, b| (a.2, &a.0.id).cmp(&(b.2, &b.0.id)));
    out
}
