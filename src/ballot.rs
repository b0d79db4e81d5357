//! Ballot files: one vote written as TOML, tallied by the board's rules (`procboard tally`).
//!
//! ```toml
//! decision = "award"            # a decision kind of the board (default "default")
//! date = 2025-03-12             # seats and weights in force on this date
//! present = ["alpha", "beta"]   # or: absent = ["gamma"] (everyone else present)
//! recused = ["beta"]
//! chair = "alpha"               # default: the chair by rotation on `date`
//! casting_vote = "yes"          # the chair's casting vote on a tie
//! round = 1
//! [rule]                        # optional overrides, same keys as [decisions.<kind>]
//! majority = "two_thirds_cast"
//! [votes]
//! alpha = "yes"
//! beta = { yes = 30, no = 10 }  # a split, where block casting is off
//! ```

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::board::model::{Date, DecisionRules};
use crate::board::resolve::{SHARE_HINT, decision_rule, rule_from, rule_problems, seats_on};
use crate::board::{Board, parse};
use crate::diag::{Diagnostic, Source, Suggester, list};
use crate::record::event::VoteValue;
use crate::rules::quorum::{Presence, Seat};
use crate::rules::voting::{self, Ballot, Choice, DecisionRule, Tally};

/// A ballot file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotFile {
    /// Decision kind.
    #[serde(default)]
    pub decision: Option<Spanned<String>>,
    /// Date whose seats and weights apply.
    pub date: Spanned<Date>,
    /// Members present.
    #[serde(default)]
    pub present: Option<Vec<Spanned<String>>>,
    /// Members absent (the others present).
    #[serde(default)]
    pub absent: Option<Vec<Spanned<String>>>,
    /// Members recused.
    #[serde(default)]
    pub recused: Vec<Spanned<String>>,
    /// The chair (a member).
    pub chair: Option<Spanned<String>>,
    /// Chair's casting vote.
    pub casting_vote: Option<Choice>,
    /// Round.
    #[serde(default = "one")]
    pub round: u32,
    /// Overrides of the rule.
    pub rule: Option<Spanned<DecisionRules>>,
    /// Votes by member.
    #[serde(default)]
    pub votes: BTreeMap<String, Spanned<VoteValue>>,
}

fn one() -> u32 {
    1
}

/// The result of a ballot: the tally, with the rule and the decision kind.
#[derive(Clone, Debug, Serialize)]
pub struct BallotResult {
    /// Decision kind used.
    pub decision: String,
    /// The rule applied.
    pub rule: DecisionRule,
    /// The count.
    #[serde(flatten)]
    pub tally: Tally,
    /// Warnings on the ballot's `[rule]` (printed on standard error, not part of the JSON).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// Reads and tallies the ballot at `path` against `board`. Errors are diagnostics on the file.
pub fn tally_file(board: &Board, path: &Path) -> Result<BallotResult, Vec<Diagnostic>> {
    let shown = path.to_path_buf();
    let bytes = crate::limits::read_file(path, crate::limits::BALLOT_MAX).map_err(|e| {
        vec![Diagnostic::file_error(&shown, format!("cannot read: {e}")).with_hint(e.hint())]
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // Point at the first byte that is not UTF-8: everything before it is text.
        let good = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(e.as_bytes().get(..good).unwrap_or_default());
        vec![
            Source::new(&shown, &prefix)
                .error(
                    good..good,
                    "not UTF-8 text: this byte is not a valid character",
                )
                .with_hint("save the ballot as UTF-8 (editors call it \"UTF-8\" or \"Unicode\")"),
        ]
    })?;
    let src = Source::new(&shown, &text);
    let (file, diags) = parse::parse::<BallotFile>(&src, &text);
    let Some(file) = file.filter(|_| diags.is_empty()) else {
        return Err(diags);
    };
    tally_ballot(board, &src, &file)
}

/// Checks the ballot against the board (who holds a seat on its date, its decision kind and
/// `[rule]`), then counts it under the rule that applies.
fn tally_ballot(
    board: &Board,
    src: &Source,
    b: &BallotFile,
) -> Result<BallotResult, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let date = b.date.get_ref().0;
    let report =
        seats_on(board, date).map_err(|e| vec![src.error(b.date.span(), e.to_string())])?;
    let seated: Vec<&str> = report
        .seats
        .iter()
        .filter_map(|s| s.member.as_deref())
        .collect();
    check_seated(src, b, &seated, &mut diags);
    let kind = b
        .decision
        .as_ref()
        .map_or("default".to_string(), |d| d.get_ref().clone());
    let mut warnings = Vec::new();
    check_rule(board, src, b, &kind, &mut diags, &mut warnings);
    if !diags.is_empty() {
        // In file order, as `check` prints them.
        diags.sort_by_key(|d| (d.line, d.column));
        return Err(diags);
    }
    let rule = match &b.rule {
        None => decision_rule(board, &kind),
        Some(over) => {
            // The overrides win over the kind, which wins over the board default.
            let mut decisions = board.file.decisions.clone();
            let mut merged = decisions
                .get(&kind)
                .map(|s| s.get_ref().clone())
                .unwrap_or_default();
            overlay(&mut merged, over.get_ref());
            decisions.insert(kind.clone(), Spanned::new(0..0, merged));
            rule_from(&decisions, &kind)
        }
    };
    let seats: Vec<Seat> = report
        .seats
        .iter()
        .filter_map(|s| {
            s.member.as_ref().map(|m| Seat {
                member: m.clone(),
                weight: s.weight,
            })
        })
        .collect();
    let presence = ballot_presence(b, &seats);
    let votes: Vec<(String, voting::Vote)> = b
        .votes
        .iter()
        .map(|(m, v)| (m.clone(), v.get_ref().to_vote()))
        .collect();
    let chair = b
        .chair
        .as_ref()
        .map(|c| c.get_ref().clone())
        .or_else(|| report.officers.as_ref().map(|o| o.chair.clone()));
    let tally = voting::tally(&Ballot {
        rule: &rule,
        seats: &seats,
        presence: &presence,
        votes: &votes,
        chair: chair.as_deref(),
        casting_vote: b.casting_vote,
        round: b.round,
    })
    .map_err(|e| vote_error(src, b, &e))?;
    Ok(BallotResult {
        decision: kind,
        rule,
        tally,
        warnings,
    })
}

/// Every member the ballot names (present, absent, recused, voting, chair) holds a seat on its
/// date (`seated`), and it gives `present` or `absent`, not both.
fn check_seated(src: &Source, b: &BallotFile, seated: &[&str], diags: &mut Vec<Diagnostic>) {
    // Indexed once: the cost of each check does not grow with the board.
    let seated_set: HashSet<&str> = seated.iter().copied().collect();
    let suggester = Suggester::new(seated.iter().copied());
    let mut check = |name: &str, span: std::ops::Range<usize>| {
        if !seated_set.contains(name) {
            let hint = match suggester.suggest(name) {
                Some(s) => format!(
                    "did you mean `{s}`? seated on {}: {}",
                    b.date.get_ref(),
                    list(seated)
                ),
                None => format!("seated on {}: {}", b.date.get_ref(), list(seated)),
            };
            diags.push(
                src.error(
                    span,
                    format!(
                        "`{}` holds no seat on {}",
                        crate::board::parse::clip(name),
                        b.date.get_ref()
                    ),
                )
                .with_hint(hint),
            );
        }
    };
    for m in b
        .present
        .iter()
        .flatten()
        .chain(b.absent.iter().flatten())
        .chain(&b.recused)
    {
        check(m.get_ref(), m.span());
    }
    for (m, v) in &b.votes {
        check(m, v.span());
    }
    if let Some(c) = &b.chair {
        check(c.get_ref(), c.span());
    }
    if b.present.is_some() && b.absent.is_some() {
        diags.push(
            src.error(0..0, "give `present` or `absent`, not both")
                .with_hint("list who is present; everyone else is absent"),
        );
    }
}

/// The decision kind (`kind`) is one of the board's, and the `[rule]` overrides pass the same
/// checks as board.toml's decision rules (errors to `diags`, warnings to `warnings`).
fn check_rule(
    board: &Board,
    src: &Source,
    b: &BallotFile,
    kind: &str,
    diags: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let kinds = crate::board::resolve::decision_rules(board);
    if let Some(d) = &b.decision
        && !kinds.contains_key(d.get_ref())
    {
        let names: Vec<&str> = kinds.keys().map(String::as_str).collect();
        diags.push(
            src.error(d.span(), format!("unknown decision kind `{}`", d.get_ref()))
                .with_hint(format!("decision kinds of this board: {}", list(&names))),
        );
    }
    // The [rule] overrides pass the same checks as board.toml's decision rules.
    if let Some(over) = &b.rule {
        // What the overrides fall back on: the kind's own keys, then [decisions.default].
        let mut inherited = board
            .file
            .decisions
            .get("default")
            .map(|s| s.get_ref().clone())
            .unwrap_or_default();
        if kind != "default"
            && let Some(own) = board.file.decisions.get(kind)
        {
            overlay(&mut inherited, own.get_ref());
        }
        let members = crate::board::resolve::voting_capacity(&board.file);
        for p in rule_problems(over.get_ref(), &inherited, "[rule]", members) {
            let d = src.error(p.span.unwrap_or_else(|| over.span()), p.message);
            let d = match p.hint {
                Some(h) => d.with_hint(h),
                None => d,
            };
            if p.warning {
                warnings.push(d.warning());
            } else {
                diags.push(d);
            }
        }
    }
}

/// Who of the seats is present (from `present`, or everyone not `absent`, or everyone) and who
/// is recused.
fn ballot_presence(b: &BallotFile, seats: &[Seat]) -> Vec<Presence> {
    let names = |list: &Option<Vec<Spanned<String>>>| -> Option<HashSet<String>> {
        list.as_ref()
            .map(|l| l.iter().map(|x| x.get_ref().clone()).collect())
    };
    let (present, absent) = (names(&b.present), names(&b.absent));
    let recused: HashSet<&str> = b.recused.iter().map(|r| r.get_ref().as_str()).collect();
    let present_of = |m: &str| match (&present, &absent) {
        (Some(p), _) => p.contains(m),
        (None, Some(a)) => !a.contains(m),
        (None, None) => true,
    };
    seats
        .iter()
        .map(|s| Presence {
            member: s.member.clone(),
            present: present_of(&s.member),
            recused: recused.contains(s.member.as_str()),
        })
        .collect()
}

/// A count the rules refuse, as a diagnostic on the vote it concerns (or on the file) with a
/// hint in the ballot's own terms.
fn vote_error(src: &Source, b: &BallotFile, e: &voting::VoteError) -> Vec<Diagnostic> {
    let message = match e {
        // The rules speak of a meeting; a ballot says who is present in its own keys.
        voting::VoteError::AbsentVoter { member } => format!(
            "`{member}` votes but is not present: add it to `present` (or take it out of `absent`)"
        ),
        _ => e.to_string(),
    };
    let span = match e {
        voting::VoteError::AbsentVoter { member }
        | voting::VoteError::RecusedVoter { member }
        | voting::VoteError::SplitNotAllowed { member }
        | voting::VoteError::NegativeSplit { member }
        | voting::VoteError::SplitMismatch { member, .. } => b.votes.get(member).map(Spanned::span),
        _ => None,
    };
    let d = match span {
        Some(span) => src.error(span, message),
        None => Diagnostic::file_error(&src.file, message),
    };
    use voting::VoteError as V;
    let hint = match e {
        V::CastingVoteNotAllowed
        | V::CastingVoteBeforeRepeat
        | V::CastingVoteWithoutTie { .. }
        | V::NoChair
        | V::ChairVotedTwice { .. }
        | V::ChairRecused { .. }
        | V::ChairAbsent { .. } => {
            "give `casting_vote` only for a tie the rule leaves to the chair (see `round` for repeated votes)"
        }
        V::SplitNotAllowed { .. } => {
            "give the member's whole weight as \"yes\", \"no\" or \"abstain\", or set `block_casting = false` in [rule] to try split votes"
        }
        V::NegativeSplit { .. } | V::SplitMismatch { .. } => {
            "the parts of a split vote are 0 or more and add up to the member's weight (see `procboard seats`)"
        }
        V::InvalidShare { .. } => SHARE_HINT,
        V::DuplicateSeat { .. } | V::NegativeWeight { .. } | V::WeightTooLarge => {
            "check the vote weights in board.toml (`procboard check`)"
        }
        V::UnknownMember { .. }
        | V::AbsentVoter { .. }
        | V::RecusedVoter { .. }
        | V::DuplicateVote { .. } => "votes come from seated, present, non-recused members",
    };
    vec![d.with_hint(hint)]
}

fn overlay(base: &mut DecisionRules, over: &DecisionRules) {
    macro_rules! take {
        ($($f:ident),*) => { $( if over.$f.is_some() { base.$f = over.$f.clone(); } )* };
    }
    take!(
        description,
        majority,
        base,
        quorum_by,
        quorum_share,
        quorum_strict,
        recused_count_for_quorum,
        ties,
        block_casting,
        proxies,
        qualified_member_share,
        qualified_weight_share,
        blocking_members,
        blocking_weight_share,
        min_yes_members,
        min_yes_weight_share
    );
}
