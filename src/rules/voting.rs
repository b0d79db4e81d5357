//! Weighted voting: counting a ballot under the board's decision rule (docs/domain.md §2).
//!
//! Notation: W = total weight of the seats in force, E = weight present and entitled on this
//! item (recused members left out), Y / N / A = weight voting yes / no / abstaining. Recused
//! members never count in E, Y, N, A nor in the head counts of the vote. Every comparison is
//! exact ([`Decimal`]), never floating point.
//!
//! [`tally`] checks the ballot (refusing bad input with a [`VoteError`] that names the member),
//! counts quorum first ([`quorum`]), then applies the [`Majority`] rule and the [`TieRule`], and
//! explains the result in one line for the minutes.
//!
//! ## Head counts of a split vote
//! A member that splits its weight ([`Vote::Split`]) adds each part to Y, N and A. For head
//! counts it counts on the side of its strictly largest part; a split with no strictly largest
//! part (e.g. 20 yes / 20 no) counts as an abstention by head.

use std::borrow::Borrow;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::quorum::{
    Entry, QuorumRule, QuorumStatus, count_u32, min_heads, more_or_least, push_paren_percent,
    quorum_of, reaches, roster, share_percent,
};
pub use super::quorum::{Presence, Seat};

/// The largest total seat weight [`tally`] accepts: far above any real board, and low enough that
/// every product in the rules stays exact.
pub const MAX_TOTAL_WEIGHT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0); // 10^15

/// A member's choice on a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// For the motion.
    Yes,
    /// Against the motion.
    No,
    /// Abstains (present, takes no side).
    Abstain,
}

impl Choice {
    /// The word used in explanations and minutes: "yes", "no", "abstain".
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::No => "no",
            Choice::Abstain => "abstain",
        }
    }
}

/// One member's vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    /// The member's whole weight on one choice.
    Whole(Choice),
    /// The member's weight split between the choices. Only legal when block casting is off; the
    /// parts must be ≥ 0 and add up exactly to the member's weight. By head, the member counts on
    /// the side of its strictly largest part, or as an abstention if no part is strictly largest.
    Split {
        /// Weight voting yes.
        #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
        yes: Decimal,
        /// Weight voting no.
        #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
        no: Decimal,
        /// Weight abstaining.
        #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
        abstain: Decimal,
    },
}

/// The base a double majority is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    /// Votes cast: members voting yes or no (by head), Y + N (by weight).
    VotesCast,
    /// Those present and entitled: members present and not recused, E.
    Present,
    /// The whole membership: all seats, W.
    Membership,
}

impl Base {
    fn describe(self) -> &'static str {
        match self {
            Base::VotesCast => "votes cast",
            Base::Present => "those present",
            Base::Membership => "the membership",
        }
    }
}

/// The majority a motion needs (a setting per kind of decision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Majority {
    /// Simple majority of votes cast (Robert's Rules default): Y > (Y+N)/2; abstentions excluded.
    VotesCast,
    /// Majority of those present: Y > E/2; abstaining or not voting acts like a no.
    Present,
    /// Absolute majority of the membership: Y > W/2.
    Membership,
    /// Two-thirds of votes cast: 3Y ≥ 2(Y+N) (and at least some yes weight).
    TwoThirdsCast,
    /// Majority by head AND by weight, each strictly more than half of the chosen base
    /// (C/CAG JPA, SANDAG).
    DoubleMajority {
        /// The base both halves are counted on.
        base: Base,
    },
    /// Qualified majority, EU Council style, over all non-recused seats (present or not).
    ///
    /// The motion needs yes heads ≥ `member_share` of the base heads, and yes weight ≥
    /// `weight_share` of the base weight. When only the weight threshold is missed, the motion
    /// is carried anyway unless a blocking minority exists: at least `blocking_members` members
    /// not voting yes (no, abstain or absent all count against) holding more than
    /// `blocking_weight_share` of the base weight (Art. 16(4) TEU: "a blocking minority must
    /// include at least four Council members, failing which the qualified majority shall be
    /// deemed attained"). Missing the member threshold always fails.
    Qualified {
        /// Share of the base members that must vote yes (EU: 0.55).
        #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
        member_share: Decimal,
        /// Share of the base weight that must vote yes (EU: 0.65).
        #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
        weight_share: Decimal,
        /// Fewest members a blocking minority needs (EU: 4).
        blocking_members: u32,
        /// A blocking minority must hold more than this share of the base weight (EU: 0.35).
        #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
        blocking_weight_share: Decimal,
    },
    /// At least `members` distinct members voting yes AND yes weight at least `weight_share` of
    /// the base weight (joint powers boards: "at least five members representing at least 60 %
    /// of the weighted vote"). `members` is a number of members, not a share; a member counts
    /// once, a split vote on the side of its strictly largest part. Both thresholds are
    /// inclusive, so an equal split is never a tie here.
    MembersAndWeight {
        /// Fewest members that must vote yes (at least 1).
        members: u32,
        /// Share of the base weight that must vote yes.
        #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
        weight_share: Decimal,
        /// The weight base: `votes_cast` Y + N, `present` E, `membership` W.
        base: Base,
    },
}

impl Majority {
    /// The EU Council qualified majority: 55 % of members, 65 % of weight, a blocking minority
    /// of at least 4 members holding more than 35 % of weight.
    pub fn eu_qualified() -> Majority {
        Majority::Qualified {
            member_share: Decimal::new(55, 2),
            weight_share: Decimal::new(65, 2),
            blocking_members: 4,
            blocking_weight_share: Decimal::new(35, 2),
        }
    }

    /// A short name for explanations, e.g. "majority of votes cast".
    pub fn describe(&self) -> String {
        match self {
            Majority::VotesCast => "majority of votes cast".to_string(),
            Majority::Present => "majority of those present".to_string(),
            Majority::Membership => "majority of the membership".to_string(),
            Majority::TwoThirdsCast => "two-thirds of votes cast".to_string(),
            Majority::DoubleMajority { base } => format!("double majority of {}", base.describe()),
            Majority::Qualified { .. } => "qualified majority".to_string(),
            Majority::MembersAndWeight { .. } => "members and weight".to_string(),
        }
    }
}

/// What happens when the vote is tied (a setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieRule {
    /// A tie fails (Robert's Rules; KommZG).
    Fails,
    /// The chair's casting vote decides.
    ChairCasting,
    /// A tie in the first round is repeated; in a later round the chair's casting vote decides
    /// (Dutch VNG guidance).
    RepeatThenChair,
}

impl TieRule {
    /// The rule in words, e.g. "a tie fails".
    pub fn describe(self) -> &'static str {
        match self {
            TieRule::Fails => "a tie fails",
            TieRule::ChairCasting => "the chair's casting vote decides a tie",
            TieRule::RepeatThenChair => "a tie is repeated, then the chair's casting vote decides",
        }
    }
}

/// The full rule for one kind of decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRule {
    /// The majority needed.
    pub majority: Majority,
    /// The quorum needed before any vote counts.
    pub quorum: QuorumRule,
    /// What a tie does.
    pub ties: TieRule,
    /// `true`: each member casts its weight as one block (a split vote is refused).
    pub block_casting: bool,
    /// Whether the board allows proxies. Carried for the caller (who decides who is present);
    /// [`tally`] itself only checks votes against presence.
    pub proxies: bool,
}

/// Everything needed to count one vote on one item.
#[derive(Debug, Clone, Copy)]
pub struct Ballot<'a> {
    /// The decision rule.
    pub rule: &'a DecisionRule,
    /// The seats in force, with their frozen weights. Each member once.
    pub seats: &'a [Seat],
    /// Who is present and who is recused on this item (members missing are absent).
    pub presence: &'a [Presence],
    /// The votes, one per member at most, by member name.
    pub votes: &'a [(String, Vote)],
    /// The member presiding (its name), if known. The chair need not hold a seat.
    pub chair: Option<&'a str>,
    /// The chair's casting vote, given only to break a tie the rule lets the chair decide.
    pub casting_vote: Option<Choice>,
    /// The round of voting on this motion, from 1 (0 is read as 1). Matters only for
    /// [`TieRule::RepeatThenChair`].
    pub round: u32,
}

/// The result of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The motion is adopted.
    Carried,
    /// The motion is rejected.
    Failed,
    /// Quorum was not met: the votes are recorded but never counted as a result.
    NoQuorum,
    /// Tied and not yet resolved: see [`Tally::awaiting`].
    Tied,
}

impl Outcome {
    fn describe(self) -> &'static str {
        match self {
            Outcome::Carried => "carried",
            Outcome::Failed => "failed",
            Outcome::NoQuorum => "no quorum",
            Outcome::Tied => "tied",
        }
    }
}

/// What an unresolved tie waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Awaiting {
    /// The vote must be taken again (next round).
    RepeatVote,
    /// The chair's casting vote.
    CastingVote,
}

/// The counted vote, with every figure the minutes need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Carried, failed, no quorum, or tied (unresolved).
    pub outcome: Outcome,
    /// When `outcome` is tied: what it waits for.
    pub awaiting: Option<Awaiting>,
    /// Whether the vote was tied (an equality one casting vote decides under the rule, see
    /// [`tally`]), resolved or not.
    pub tie: bool,
    /// The chair's casting vote that decided the tie, if any.
    pub casting_vote: Option<Choice>,
    /// Whether the majority rule itself was met by the votes (before any tie rule), quorum aside.
    pub majority_met: bool,
    /// For a qualified majority that missed a threshold: whether a blocking minority exists.
    pub blocking_minority: Option<bool>,
    /// The quorum count.
    pub quorum: QuorumStatus,
    /// Same as `quorum.met`.
    pub quorum_met: bool,
    /// Y: weight voting yes.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub yes: Decimal,
    /// N: weight voting no.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub no: Decimal,
    /// A: weight abstaining.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub abstain: Decimal,
    /// Weight present and entitled that did not vote: E − Y − N − A.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub not_voting: Decimal,
    /// Members voting yes (split votes by their largest part).
    pub heads_yes: u32,
    /// Members voting no.
    pub heads_no: u32,
    /// Members abstaining (including splits with no strictly largest part).
    pub heads_abstain: u32,
    /// Members present and entitled that did not vote.
    pub heads_not_voting: u32,
    /// Members present and entitled (not recused).
    pub heads_entitled: u32,
    /// Members holding seats.
    pub heads_total: u32,
    /// E: weight present and entitled.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub entitled: Decimal,
    /// W: total weight of the seats.
    #[serde(serialize_with = "rust_decimal::serde::str::serialize")]
    pub total: Decimal,
    /// Recused members, in seat order: no vote on this item.
    pub recused: Vec<String>,
    /// One line for the minutes: the result, the rule, the base, the figures on each side and
    /// what was needed, the tie handling, and the quorum.
    pub explanation: String,
    /// The weight the rule counts yes on, as the explanation names it (not serialised: the
    /// explanation carries it).
    #[serde(skip)]
    pub base: WeightBase,
}

/// The weight a majority rule counts its yes on, and its name in the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeightBase {
    /// The base weight, e.g. Y + N under a majority of votes cast.
    pub weight: Decimal,
    /// Its name: "weight cast", "weight present", "total weight" or "weight".
    pub noun: &'static str,
    /// Whether abstentions are part of the base (not under the votes-cast bases).
    pub counts_abstain: bool,
}

impl WeightBase {
    /// "13 of 16 weight cast (81.25 %)": a part of the base, worded and rounded as in the
    /// explanation.
    pub fn share(&self, part: Decimal) -> String {
        let mut out = format!(
            "{} of {} {}",
            part.normalize(),
            self.weight.normalize(),
            self.noun
        );
        push_paren_percent(&mut out, part, self.weight);
        out
    }
}

/// The weight base of `majority` over the figures, and its name (the explanation's words).
fn weight_base(majority: &Majority, f: &Figures) -> WeightBase {
    let cast = f.yes + f.no;
    let by_base = |base: Base| match base {
        Base::VotesCast => (cast, "weight cast"),
        Base::Present => (f.entitled, "weight present"),
        Base::Membership => (f.total, "total weight"),
    };
    let (weight, noun) = match majority {
        Majority::VotesCast | Majority::TwoThirdsCast => (cast, "weight cast"),
        Majority::Present => by_base(Base::Present),
        Majority::Membership => by_base(Base::Membership),
        Majority::DoubleMajority { base } | Majority::MembersAndWeight { base, .. } => {
            by_base(*base)
        }
        Majority::Qualified { .. } => (f.unrecused, "weight"),
    };
    WeightBase {
        weight,
        noun,
        counts_abstain: noun != "weight cast",
    }
}

/// A ballot that cannot be counted. Messages name the member and say what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VoteError {
    /// A vote names a member holding no seat.
    #[error("{member} holds no seat on this board, so its vote cannot be counted")]
    UnknownMember {
        /// The name given.
        member: String,
    },
    /// A vote by a member not recorded as present.
    #[error("{member} is not recorded as present, so it cannot vote; record its arrival first")]
    AbsentVoter {
        /// The member.
        member: String,
    },
    /// A vote by a member recused on this item.
    #[error("{member} is recused on this item and cannot vote on it")]
    RecusedVoter {
        /// The member.
        member: String,
    },
    /// A second vote by the same member.
    #[error("{member} has already voted on this item; each member votes once")]
    DuplicateVote {
        /// The member.
        member: String,
    },
    /// A split vote while the board requires block casting.
    #[error(
        "{member} split its vote, but this board requires each member's weight to be cast as one block"
    )]
    SplitNotAllowed {
        /// The member.
        member: String,
    },
    /// A split vote with a negative part.
    #[error("{member}'s split vote has a negative part; every part must be zero or more")]
    NegativeSplit {
        /// The member.
        member: String,
    },
    /// A split vote whose parts do not add up to the member's weight.
    #[error("{member}'s split vote adds up to {parts}, but its weight is {weight}")]
    SplitMismatch {
        /// The member.
        member: String,
        /// Yes + no + abstain as given.
        parts: Decimal,
        /// The member's weight.
        weight: Decimal,
    },
    /// A casting vote under a tie rule that gives the chair none.
    #[error(
        "a casting vote was given, but under this board's rule a tie fails: the chair has no casting vote"
    )]
    CastingVoteNotAllowed,
    /// A casting vote in the first round under "repeat, then the chair decides".
    #[error(
        "a tie in the first round must be voted on again before the chair's casting vote decides"
    )]
    CastingVoteBeforeRepeat,
    /// A casting vote when the vote is not tied under the rule (or quorum is not met).
    #[error("a casting vote was given, but there is no tie for it to break: {reason}")]
    CastingVoteWithoutTie {
        /// Why there is no tie, e.g. "yes 3 and no 2 are not equal".
        reason: String,
    },
    /// A casting vote with no chair named.
    #[error("a casting vote was given, but no chair is named for this vote")]
    NoChair,
    /// A casting vote by a chair that already voted.
    #[error("the chair, {chair}, already voted on this item and cannot vote twice")]
    ChairVotedTwice {
        /// The chair.
        chair: String,
    },
    /// A casting vote by a chair recused on the item.
    #[error("the chair, {chair}, is recused on this item and cannot give a casting vote")]
    ChairRecused {
        /// The chair.
        chair: String,
    },
    /// A casting vote by a chair holding a seat but not recorded as present.
    #[error("the chair, {chair}, is not recorded as present and cannot give a casting vote")]
    ChairAbsent {
        /// The chair.
        chair: String,
    },
    /// The same member listed for two seats.
    #[error(
        "{member} is listed twice among the seats; give each member one seat with its total weight"
    )]
    DuplicateSeat {
        /// The member.
        member: String,
    },
    /// A seat with a negative weight.
    #[error("{member} has a negative vote weight ({weight}); weights must be zero or more")]
    NegativeWeight {
        /// The member.
        member: String,
        /// The weight given.
        weight: Decimal,
    },
    /// The seats' total weight is too large to count exactly.
    #[error(
        "the total vote weight of the seats is larger than {MAX_TOTAL_WEIGHT}; check the weights"
    )]
    WeightTooLarge,
    /// A share in the rule outside 0..=1.
    #[error("the {what} share {share} must be from 0 to 1 (e.g. 0.5 for half)")]
    InvalidShare {
        /// Which share ("quorum", "qualified majority member", …).
        what: &'static str,
        /// The share given.
        share: Decimal,
    },
}

/// Counts a ballot: checks it, counts quorum, applies the majority and tie rules, explains.
///
/// Refused input ([`VoteError`]), checked vote by vote in the order given: a vote by an unknown,
/// recused or absent member, a second vote by a member, a split under block casting, a split
/// with a negative part or not adding up to the weight; a casting vote the tie rule does not
/// allow, before the repeat round, without a chair, by a chair who voted, is recused or absent,
/// or when there is no tie; also duplicate or negative seats, an absurd total weight, and
/// shares outside 0..=1.
///
/// Semantics:
/// - Quorum first: if it is not met the outcome is [`Outcome::NoQuorum`]; the figures are still
///   reported, never counted as a result.
/// - votes cast: Y > (Y+N)/2; present: Y > E/2; membership: Y > W/2; two-thirds: 3Y ≥ 2(Y+N)
///   with Y > 0; double majority: yes heads and yes weight each strictly more than half of the
///   base; qualified: see [`Majority::Qualified`].
/// - A tie is an equality of votes that one casting vote decides, so a casting vote never
///   carries a motion whose threshold the votes miss for any other reason. Per rule (quorum met,
///   the rule not met): votes cast: Y = N > 0; present: Y = N > 0 and Y + N = E; membership:
///   Y = N > 0 and Y + N = W; double majority: every count that misses "more than half"
///   (members, weight) is split exactly in half between yes and no on the base; two-thirds,
///   qualified, members and weight: never (their thresholds are not "more than half", so an
///   equal split is no tie: it simply misses them).
/// - [`TieRule::Fails`]: a tie fails. [`TieRule::ChairCasting`] (and
///   [`TieRule::RepeatThenChair`] from round 2): tied until the casting vote is given, then yes
///   carries and no or abstain fails; if no chair is named, or the named chair cannot give one
///   (it voted already, is recused, or holds a seat and is absent), the tie fails.
///   [`TieRule::RepeatThenChair`] in round 1: tied, awaiting a repeat vote.
pub fn tally(ballot: &Ballot) -> Result<Tally, VoteError> {
    let count = Count {
        rule: ballot.rule,
        seats: ballot.seats,
        chair: ballot.chair,
        casting_vote: ballot.casting_vote,
        round: ballot.round,
    };
    let votes = ballot.votes.iter().map(|(m, v)| (m.as_str(), v));
    tally_roster(&count, roster(ballot.seats, ballot.presence), votes)
}

/// What an unresolved tie's explanation says it waits for, and what it says once the motion
/// is withdrawn: (waiting, withdrawn).
const TIE_WAITS: [(&str, &str); 2] = [
    (
        ": first round, repeat the vote",
        ": first round, withdrawn before the repeat vote",
    ),
    (
        ": waiting for the chair's",
        ": withdrawn while waiting for the chair's",
    ),
];

/// Marks an unresolved tie as ended by the withdrawal of its motion: it no longer waits for a
/// repeat vote or a casting vote, and its explanation says so. Any other tally is left as is.
pub fn withdraw_tie(t: &mut Tally) {
    if t.outcome != Outcome::Tied {
        return;
    }
    let Some(awaiting) = t.awaiting.take() else {
        return;
    };
    let (waiting, withdrawn) = match awaiting {
        Awaiting::RepeatVote => TIE_WAITS[0],
        Awaiting::CastingVote => TIE_WAITS[1],
    };
    // The waiting clause is the last one before the quorum's: replace its last occurrence.
    if let Some(at) = t.explanation.rfind(waiting) {
        t.explanation
            .replace_range(at..at + waiting.len(), withdrawn);
    }
}

/// A [`Ballot`] without its presence and votes, which [`tally_roster`] takes in another form.
pub(crate) struct Count<'a> {
    /// The rule.
    pub(crate) rule: &'a DecisionRule,
    /// Seats in force.
    pub(crate) seats: &'a [Seat],
    /// The chair, if any.
    pub(crate) chair: Option<&'a str>,
    /// The chair's casting vote, if given.
    pub(crate) casting_vote: Option<Choice>,
    /// Round.
    pub(crate) round: u32,
}

/// [`tally`] with the presence already merged into `roster` (built from `count.seats`, as
/// [`roster`] does) and the votes as (member, vote) in the order to check them.
pub(crate) fn tally_roster<'v, V: Borrow<Vote>>(
    ballot: &Count<'_>,
    roster: Vec<Entry<'_>>,
    votes: impl IntoIterator<Item = (&'v str, V)>,
) -> Result<Tally, VoteError> {
    let rule = ballot.rule;
    check_rule(rule)?;
    check_seats(ballot.seats)?;
    // From here on every weight is ≥ 0 and their total ≤ MAX_TOTAL_WEIGHT (10^15), every share
    // is within 0..=1 and split parts are at most the member's weight, so no sum or product
    // below (at most 3 × 10^15) can overflow a Decimal (about 7.9 × 10^28): plain operators
    // cannot panic.
    let counts = count_votes(ballot, &roster, votes)?;
    let chair = check_casting(ballot, &roster, &counts.voted)?;

    let quorum_status = quorum_of(&rule.quorum, &roster);
    let (figures, recused) = roster_figures(&counts, &roster);
    let (entitled, total) = (figures.entitled, figures.total);
    let eval = evaluate(&rule.majority, &figures);
    let base = weight_base(&rule.majority, &figures);

    let equal = counts.yes == counts.no && counts.yes > Decimal::ZERO;
    let tie = quorum_status.met && eval.tie;
    if ballot.casting_vote.is_some() && !tie {
        let reason = if !quorum_status.met {
            "quorum is not met, so the vote is not counted".to_string()
        } else if eval.met {
            format!("the {} is met by the votes alone", rule.majority.describe())
        } else if equal {
            format!(
                "yes and no are equal ({} to {}), but {}",
                counts.yes.normalize(),
                counts.no.normalize(),
                eval.no_tie
            )
        } else {
            format!(
                "yes {} and no {} are not equal",
                counts.yes.normalize(),
                counts.no.normalize()
            )
        };
        return Err(VoteError::CastingVoteWithoutTie { reason });
    }

    let mut d = Decision {
        awaiting: None,
        casting_vote: None,
        tie_text: String::new(),
    };
    let outcome = if !quorum_status.met {
        Outcome::NoQuorum
    } else if eval.met {
        Outcome::Carried
    } else if !tie {
        if equal && rule.ties != TieRule::Fails {
            // Say why the chair is not asked: the equality is not a tie under this rule.
            let _ = write!(
                d.tie_text,
                "; yes and no are equal ({} to {}), but {}",
                counts.yes.normalize(),
                counts.no.normalize(),
                eval.no_tie
            );
        }
        Outcome::Failed
    } else {
        d.tie(ballot, &counts, chair)
    };
    let explanation = explain(outcome, &eval, &d.tie_text, &quorum_status, &counts);

    let not_voting = entitled - counts.yes - counts.no - counts.abstain;
    let heads_voted = counts.heads_yes + counts.heads_no + counts.heads_abstain;
    Ok(Tally {
        outcome,
        awaiting: d.awaiting,
        tie,
        casting_vote: d.casting_vote,
        majority_met: eval.met,
        blocking_minority: eval.blocking,
        quorum_met: quorum_status.met,
        quorum: quorum_status,
        yes: counts.yes.normalize(),
        no: counts.no.normalize(),
        abstain: counts.abstain.normalize(),
        not_voting: not_voting.normalize(),
        heads_yes: counts.heads_yes,
        heads_no: counts.heads_no,
        heads_abstain: counts.heads_abstain,
        heads_not_voting: figures.heads_entitled.saturating_sub(heads_voted),
        heads_entitled: figures.heads_entitled,
        heads_total: figures.heads_total,
        entitled: entitled.normalize(),
        total: total.normalize(),
        recused,
        explanation,
        base,
    })
}

/// The figures the majority rules read, from the counted votes and the roster (entitled:
/// present and not recused; total: every seat), and the recused members.
fn roster_figures(counts: &Counts, roster: &[Entry<'_>]) -> (Figures, Vec<String>) {
    let mut entitled = Decimal::ZERO;
    let mut heads_entitled = 0usize;
    let mut total = Decimal::ZERO;
    let mut recused = Vec::new();
    let mut base_heads_unrecused = 0usize;
    let mut base_weight_unrecused = Decimal::ZERO;
    for entry in roster {
        total += entry.weight;
        if entry.recused {
            recused.push(entry.member.to_string());
            continue;
        }
        base_heads_unrecused += 1;
        base_weight_unrecused += entry.weight;
        if entry.present {
            heads_entitled += 1;
            entitled += entry.weight;
        }
    }
    let figures = Figures {
        yes: counts.yes,
        no: counts.no,
        abstain: counts.abstain,
        heads_yes: counts.heads_yes,
        heads_no: counts.heads_no,
        entitled,
        heads_entitled: count_u32(heads_entitled),
        total,
        heads_total: count_u32(roster.len()),
        unrecused: base_weight_unrecused,
        heads_unrecused: count_u32(base_heads_unrecused),
    };
    (figures, recused)
}

/// How a count that is not simply carried or failed is settled: what it waits for, the
/// casting vote that decided it, and the words on the tie for the explanation.
struct Decision {
    awaiting: Option<Awaiting>,
    casting_vote: Option<Choice>,
    tie_text: String,
}

impl Decision {
    /// A tie under the rule (quorum met): it fails, waits for a repeat vote, or goes to the
    /// chair, who decides it, cannot (and it fails), or has yet to.
    fn tie(&mut self, ballot: &Count<'_>, counts: &Counts, chair: ChairState<'_>) -> Outcome {
        let rule = ballot.rule;
        let chair_decides = match rule.ties {
            TieRule::Fails => false,
            TieRule::ChairCasting => true,
            TieRule::RepeatThenChair => ballot.round >= 2,
        };
        let tie_text = &mut self.tie_text;
        let _ = write!(
            tie_text,
            "; tie, {} to {}",
            counts.yes.normalize(),
            counts.no.normalize()
        );
        if !chair_decides && rule.ties == TieRule::Fails {
            tie_text.push_str(": a tie fails");
            Outcome::Failed
        } else if !chair_decides {
            tie_text.push_str(": first round, repeat the vote");
            self.awaiting = Some(Awaiting::RepeatVote);
            Outcome::Tied
        } else {
            match (ballot.casting_vote, chair) {
                (Some(choice), ChairState::CanCast(name)) => {
                    self.casting_vote = Some(choice);
                    let _ = write!(
                        tie_text,
                        ": the chair ({name}) gave the casting vote: {}",
                        choice.as_str()
                    );
                    if choice == Choice::Yes {
                        Outcome::Carried
                    } else {
                        Outcome::Failed
                    }
                }
                (_, ChairState::Cannot(name, why)) => {
                    let _ = write!(
                        tie_text,
                        ": the chair ({name}) {} and has no casting vote, so the tie fails",
                        why.describe()
                    );
                    Outcome::Failed
                }
                // check_casting refuses a casting vote without a chair.
                (_, ChairState::Unnamed) => {
                    tie_text
                        .push_str(": no chair presides to give the casting vote, so the tie fails");
                    Outcome::Failed
                }
                (None, ChairState::CanCast(name)) => {
                    let _ = write!(tie_text, "{} ({name}) casting vote", TIE_WAITS[1].0);
                    self.awaiting = Some(Awaiting::CastingVote);
                    Outcome::Tied
                }
            }
        }
    }
}

/// The tally's explanation: the outcome, then the rule's figures and the tie (or, without a
/// quorum, the votes recorded), then the quorum.
fn explain(
    outcome: Outcome,
    eval: &Evaluation,
    tie_text: &str,
    quorum_status: &QuorumStatus,
    counts: &Counts,
) -> String {
    let mut explanation = String::with_capacity(
        eval.text.len() + tie_text.len() + quorum_status.explanation.len() + 16,
    );
    explanation.push_str(outcome.describe());
    explanation.push_str(": ");
    if outcome == Outcome::NoQuorum {
        let _ = write!(
            explanation,
            "the vote is not counted as a result (recorded: yes {}, no {}, abstain {})",
            counts.yes.normalize(),
            counts.no.normalize(),
            counts.abstain.normalize()
        );
    } else {
        explanation.push_str(&eval.text);
        explanation.push_str(tie_text);
    }
    explanation.push_str("; ");
    explanation.push_str(&quorum_status.explanation);
    explanation
}

/// Refuses shares outside 0..=1.
fn check_rule(rule: &DecisionRule) -> Result<(), VoteError> {
    let check = |what: &'static str, share: Decimal| {
        if share < Decimal::ZERO || share > Decimal::ONE {
            Err(VoteError::InvalidShare { what, share })
        } else {
            Ok(())
        }
    };
    check("quorum", rule.quorum.share)?;
    if let Majority::Qualified {
        member_share,
        weight_share,
        blocking_weight_share,
        ..
    } = &rule.majority
    {
        check("qualified majority member", *member_share)?;
        check("qualified majority weight", *weight_share)?;
        check("blocking minority weight", *blocking_weight_share)?;
    }
    if let Majority::MembersAndWeight { weight_share, .. } = &rule.majority {
        check("members and weight: weight", *weight_share)?;
    }
    Ok(())
}

/// Refuses duplicate seats, negative weights and an absurd total.
fn check_seats(seats: &[Seat]) -> Result<(), VoteError> {
    // Few seats: a scan of those before finds a repeat without building a set.
    let few = seats.len() <= 32;
    let mut seen = BTreeSet::new();
    let mut total = Decimal::ZERO;
    for (i, seat) in seats.iter().enumerate() {
        let repeated = if few {
            seats
                .get(..i)
                .is_some_and(|before| before.iter().any(|s| s.member == seat.member))
        } else {
            !seen.insert(seat.member.as_str())
        };
        if repeated {
            return Err(VoteError::DuplicateSeat {
                member: seat.member.clone(),
            });
        }
        if seat.weight < Decimal::ZERO {
            return Err(VoteError::NegativeWeight {
                member: seat.member.clone(),
                weight: seat.weight,
            });
        }
        total = total
            .checked_add(seat.weight)
            .ok_or(VoteError::WeightTooLarge)?;
        if total > MAX_TOTAL_WEIGHT {
            return Err(VoteError::WeightTooLarge);
        }
    }
    Ok(())
}

/// The votes added up.
struct Counts {
    yes: Decimal,
    no: Decimal,
    abstain: Decimal,
    heads_yes: u32,
    heads_no: u32,
    heads_abstain: u32,
    /// Whether each roster entry (same position) voted.
    voted: Vec<bool>,
}

/// Checks every vote (in the order given) and adds them up.
fn count_votes<'v, V: Borrow<Vote>>(
    ballot: &Count<'_>,
    roster: &[Entry<'_>],
    votes: impl IntoIterator<Item = (&'v str, V)>,
) -> Result<Counts, VoteError> {
    let mut counts = Counts {
        yes: Decimal::ZERO,
        no: Decimal::ZERO,
        abstain: Decimal::ZERO,
        heads_yes: 0,
        heads_no: 0,
        heads_abstain: 0,
        voted: vec![false; roster.len()],
    };
    // Indexed once when the roster is large, so finding a voter does not grow with the board.
    let index: Option<std::collections::HashMap<&str, usize>> = (roster.len() > 32).then(|| {
        roster
            .iter()
            .enumerate()
            .map(|(i, e)| (e.member, i))
            .collect()
    });
    for (member, vote) in votes {
        let at = match &index {
            Some(index) => index.get(member).copied(),
            None => roster.iter().position(|e| e.member == member),
        };
        let found = at.and_then(|i| Some((roster.get(i)?, counts.voted.get_mut(i)?)));
        let Some((entry, voted)) = found else {
            return Err(VoteError::UnknownMember {
                member: member.to_string(),
            });
        };
        if entry.recused {
            return Err(VoteError::RecusedVoter {
                member: member.to_string(),
            });
        }
        if !entry.present {
            return Err(VoteError::AbsentVoter {
                member: member.to_string(),
            });
        }
        if std::mem::replace(voted, true) {
            return Err(VoteError::DuplicateVote {
                member: member.to_string(),
            });
        }
        let head = match vote.borrow() {
            Vote::Whole(choice) => {
                match choice {
                    Choice::Yes => counts.yes += entry.weight,
                    Choice::No => counts.no += entry.weight,
                    Choice::Abstain => counts.abstain += entry.weight,
                }
                *choice
            }
            Vote::Split { yes, no, abstain } => {
                if ballot.rule.block_casting {
                    return Err(VoteError::SplitNotAllowed {
                        member: member.to_string(),
                    });
                }
                if *yes < Decimal::ZERO || *no < Decimal::ZERO || *abstain < Decimal::ZERO {
                    return Err(VoteError::NegativeSplit {
                        member: member.to_string(),
                    });
                }
                let parts = yes.checked_add(*no).and_then(|s| s.checked_add(*abstain));
                if parts != Some(entry.weight) {
                    return Err(VoteError::SplitMismatch {
                        member: member.to_string(),
                        parts: parts.unwrap_or(Decimal::MAX),
                        weight: entry.weight,
                    });
                }
                // Each part is at most the member's weight, itself at most MAX_TOTAL_WEIGHT.
                counts.yes += *yes;
                counts.no += *no;
                counts.abstain += *abstain;
                split_head(*yes, *no, *abstain)
            }
        };
        match head {
            Choice::Yes => counts.heads_yes += 1,
            Choice::No => counts.heads_no += 1,
            Choice::Abstain => counts.heads_abstain += 1,
        }
    }
    Ok(counts)
}

/// The side a split vote counts on by head: its strictly largest part, else abstain.
fn split_head(yes: Decimal, no: Decimal, abstain: Decimal) -> Choice {
    if yes > no && yes > abstain {
        Choice::Yes
    } else if no > yes && no > abstain {
        Choice::No
    } else {
        Choice::Abstain
    }
}

/// Whether the named chair could give a casting vote.
enum ChairState<'a> {
    /// No chair named.
    Unnamed,
    /// The chair may cast.
    CanCast(&'a str),
    /// The chair may not, and why.
    Cannot(&'a str, ChairBar),
}

/// Why a named chair cannot give a casting vote.
#[derive(Clone, Copy)]
enum ChairBar {
    Voted,
    Recused,
    Absent,
}

impl ChairBar {
    fn describe(self) -> &'static str {
        match self {
            ChairBar::Voted => "already voted",
            ChairBar::Recused => "is recused",
            ChairBar::Absent => "is not present",
        }
    }
}

/// Works out whether the chair can cast, and refuses a casting vote that is not allowed
/// (whether the vote is tied is checked later).
fn check_casting<'a>(
    ballot: &Count<'a>,
    roster: &[Entry<'_>],
    voted: &[bool],
) -> Result<ChairState<'a>, VoteError> {
    let state = match ballot.chair {
        None => ChairState::Unnamed,
        Some(chair) => {
            let at = roster.iter().position(|e| e.member == chair);
            let seat = at.and_then(|i| roster.get(i));
            if at.is_some_and(|i| voted.get(i) == Some(&true)) {
                ChairState::Cannot(chair, ChairBar::Voted)
            } else if seat.is_some_and(|e| e.recused) {
                ChairState::Cannot(chair, ChairBar::Recused)
            } else if seat.is_some_and(|e| !e.present) {
                ChairState::Cannot(chair, ChairBar::Absent)
            } else {
                ChairState::CanCast(chair)
            }
        }
    };
    if ballot.casting_vote.is_some() {
        match ballot.rule.ties {
            TieRule::Fails => return Err(VoteError::CastingVoteNotAllowed),
            TieRule::RepeatThenChair if ballot.round <= 1 => {
                return Err(VoteError::CastingVoteBeforeRepeat);
            }
            TieRule::ChairCasting | TieRule::RepeatThenChair => {}
        }
        match state {
            ChairState::Unnamed => return Err(VoteError::NoChair),
            ChairState::Cannot(chair, why) => {
                let chair = chair.to_string();
                return Err(match why {
                    ChairBar::Voted => VoteError::ChairVotedTwice { chair },
                    ChairBar::Recused => VoteError::ChairRecused { chair },
                    ChairBar::Absent => VoteError::ChairAbsent { chair },
                });
            }
            ChairState::CanCast(_) => {}
        }
    }
    Ok(state)
}

/// The figures every majority rule reads.
struct Figures {
    yes: Decimal,
    no: Decimal,
    abstain: Decimal,
    heads_yes: u32,
    heads_no: u32,
    /// E.
    entitled: Decimal,
    heads_entitled: u32,
    /// W.
    total: Decimal,
    heads_total: u32,
    /// Weight of all non-recused seats.
    unrecused: Decimal,
    heads_unrecused: u32,
}

/// Whether the majority rule is met, and how to say so.
struct Evaluation {
    met: bool,
    blocking: Option<bool>,
    /// Whether the votes stand at an equality that one casting vote decides under this rule
    /// (see [`tally`]); false when the rule is met.
    tie: bool,
    /// Why equal yes and no weight is not such a tie under this rule (for the explanation).
    no_tie: &'static str,
    text: String,
}

/// Whether one count is split exactly in half: yes = no > 0 and yes + no make up the whole
/// base, so that the threshold "more than half" is missed by an equality alone.
fn split_in_half(yes: Decimal, no: Decimal, base: Decimal) -> bool {
    yes == no && yes > Decimal::ZERO && yes + no == base
}

/// Appends "yes 40 of 75 weight cast (53.33 %), needs more than 50 %".
fn weight_clause(out: &mut String, yes: Decimal, base: Decimal, noun: &str, needs: &str) {
    let _ = write!(
        out,
        "yes {} of {} {noun}",
        yes.normalize(),
        base.normalize()
    );
    push_paren_percent(out, yes, base);
    out.push_str(", needs ");
    out.push_str(needs);
}

/// Appends "yes 2 of 3 members present (66.67 %), needs more than 50 % (at least 2)".
fn heads_clause(out: &mut String, yes: u32, base: u32, noun: &str, strict: bool, share: Decimal) {
    let needed = min_heads(share * Decimal::from(base), strict);
    let _ = write!(out, "yes {yes} of {base} {noun}");
    push_paren_percent(out, Decimal::from(yes), Decimal::from(base));
    let _ = write!(
        out,
        ", needs {} {} % (at least {needed})",
        more_or_least(strict),
        share_percent(share)
    );
}

/// "1 member" / "4 members".
fn members_count(n: u32) -> String {
    if n == 1 {
        "1 member".to_string()
    } else {
        format!("{n} members")
    }
}

/// "1 member not voting yes holds" / "4 members not voting yes hold".
fn against_members(out: &mut String, n: u32) {
    if n == 1 {
        out.push_str("1 member not voting yes holds");
    } else {
        let _ = write!(out, "{n} members not voting yes hold");
    }
}

/// What the simple majorities need.
const MORE_THAN_HALF: &str = "more than 50 %";

/// Applies the majority rule to the figures (quorum and ties aside).
fn evaluate(majority: &Majority, f: &Figures) -> Evaluation {
    let two = Decimal::TWO;
    let cast = f.yes + f.no;
    let mut blocking = None;
    let mut tie = false;
    let no_tie: &str;
    // "<rule>: <figures>", written in place (formatting into a `String` cannot fail).
    let mut text = String::with_capacity(256);
    match majority {
        Majority::DoubleMajority { base } => {
            let _ = write!(text, "double majority of {}: ", base.describe());
        }
        _ => {
            text.push_str(&majority.describe());
            text.push_str(": ");
        }
    }
    let out = &mut text;
    let met = match majority {
        Majority::VotesCast | Majority::TwoThirdsCast => {
            let two_thirds = matches!(majority, Majority::TwoThirdsCast);
            let (met, t, n) = votes_cast(out, f, two_thirds);
            (tie, no_tie) = (t, n);
            met
        }
        Majority::Present => {
            let not_voting = f.entitled - cast - f.abstain;
            let b = weight_base(majority, f);
            weight_clause(out, f.yes, b.weight, b.noun, MORE_THAN_HALF);
            let _ = write!(
                out,
                "; against: no {}, abstain {}, not voting {}",
                f.no.normalize(),
                f.abstain.normalize(),
                not_voting.normalize()
            );
            tie = split_in_half(f.yes, f.no, f.entitled);
            no_tie = "a casting vote breaks a tie only when yes and no together make up all the weight present";
            f.yes * two > f.entitled
        }
        Majority::Membership => {
            let b = weight_base(majority, f);
            weight_clause(out, f.yes, b.weight, b.noun, MORE_THAN_HALF);
            let _ = write!(
                out,
                "; no {}, abstain {}",
                f.no.normalize(),
                f.abstain.normalize()
            );
            tie = split_in_half(f.yes, f.no, f.total);
            no_tie = "a casting vote breaks a tie only when yes and no together make up the whole membership's weight";
            f.yes * two > f.total
        }
        Majority::DoubleMajority { base } => {
            let (met, t) = double_majority(out, f, *base);
            tie = t;
            no_tie = "a casting vote breaks a tie only when each missed count (members, weight) is split exactly in half between yes and no";
            met
        }
        Majority::Qualified {
            member_share,
            weight_share,
            blocking_members,
            blocking_weight_share,
        } => {
            no_tie = "a casting vote cannot make up the qualified majority's thresholds or outvote a blocking minority";
            let shares = (*member_share, *weight_share, *blocking_weight_share);
            let (met, b) = qualified(out, f, shares, *blocking_members);
            blocking = b;
            met
        }
        Majority::MembersAndWeight {
            members,
            weight_share,
            base,
        } => {
            no_tie = "a casting vote cannot make up the member and weight thresholds";
            members_and_weight(out, f, *members, *weight_share, *base)
        }
    };
    Evaluation {
        met,
        blocking,
        tie: tie && !met,
        no_tie,
        text,
    }
}

/// A majority of the weight cast (more than half, or at least two-thirds), abstentions
/// aside; returns whether it is met, whether an equality is a tie, and why not otherwise.
fn votes_cast(out: &mut String, f: &Figures, two_thirds: bool) -> (bool, bool, &'static str) {
    let two = Decimal::TWO;
    let cast = f.yes + f.no;
    if cast.is_zero() {
        out.push_str("no yes or no votes cast");
    } else {
        let needs = if two_thirds {
            "at least two-thirds"
        } else {
            MORE_THAN_HALF
        };
        let b = weight_base(&Majority::VotesCast, f);
        weight_clause(out, f.yes, b.weight, b.noun, needs);
        let _ = write!(out, "; no {}", f.no.normalize());
    }
    let _ = write!(out, "; abstentions ({}) not counted", f.abstain.normalize());
    if two_thirds {
        let no_tie = "under two-thirds an equal split is short of the threshold, not a tie";
        let met = f.yes > Decimal::ZERO && Decimal::from(3) * f.yes >= two * cast;
        (met, false, no_tie)
    } else {
        (f.yes * two > cast, split_in_half(f.yes, f.no, cast), "")
    }
}

/// More than half of the members and more than half of the weight, over `base`; returns
/// whether it is met and whether it is tied (every missed count split exactly in half).
fn double_majority(out: &mut String, f: &Figures, base: Base) -> (bool, bool) {
    let two = Decimal::TWO;
    let cast = f.yes + f.no;
    let (heads_base, weight_base, heads_noun, weight_noun) = match base {
        Base::VotesCast => (
            f.heads_yes + f.heads_no,
            cast,
            "members voting yes or no",
            "weight cast",
        ),
        Base::Present => (
            f.heads_entitled,
            f.entitled,
            "members present",
            "weight present",
        ),
        Base::Membership => (f.heads_total, f.total, "members", "total weight"),
    };
    let half = Decimal::new(5, 1);
    let heads_met = u64::from(f.heads_yes) * 2 > u64::from(heads_base);
    let weight_met = f.yes * two > weight_base;
    let heads_split = split_in_half(
        Decimal::from(f.heads_yes),
        Decimal::from(f.heads_no),
        Decimal::from(heads_base),
    );
    let weight_split = split_in_half(f.yes, f.no, weight_base);
    // Tied when every count that misses "more than half" misses it by an exact split.
    let tie =
        !(heads_met && weight_met) && (heads_met || heads_split) && (weight_met || weight_split);
    weight_clause(out, f.yes, weight_base, weight_noun, MORE_THAN_HALF);
    out.push_str("; ");
    heads_clause(out, f.heads_yes, heads_base, heads_noun, true, half);
    (heads_met && weight_met, tie)
}

/// A qualified majority over all members not recused: `shares` are the member share, the
/// weight share and the blocking minority's weight share; a missed weight threshold still
/// carries unless a blocking minority (of at least `blocking_members`) forms. Returns whether
/// it is met and, when it came to that, whether a blocking minority formed.
fn qualified(
    out: &mut String,
    f: &Figures,
    shares: (Decimal, Decimal, Decimal),
    blocking_members: u32,
) -> (bool, Option<bool>) {
    let (member_share, weight_share, blocking_weight_share) = shares;
    let heads_base = f.heads_unrecused;
    let weight_base = f.unrecused;
    let members_met = f.heads_yes > 0
        && reaches(
            Decimal::from(f.heads_yes),
            member_share * Decimal::from(heads_base),
            false,
        );
    let weight_met = reaches(f.yes, weight_share * weight_base, false);
    let against_heads = heads_base.saturating_sub(f.heads_yes);
    let against_weight = weight_base - f.yes;
    out.push_str("over all members not recused: ");
    heads_clause(out, f.heads_yes, heads_base, "members", false, member_share);
    out.push_str("; ");
    let needs = format!("at least {} %", share_percent(weight_share));
    weight_clause(out, f.yes, weight_base, "weight", &needs);
    if !members_met {
        out.push_str("; the member threshold is not reached");
        (false, None)
    } else if weight_met {
        (true, None)
    } else {
        let blocks = against_heads >= blocking_members
            && against_weight > blocking_weight_share * weight_base;
        out.push_str(if blocks {
            "; blocked by a blocking minority: "
        } else {
            "; weight threshold missed but no blocking minority, so carried: "
        });
        against_members(out, against_heads);
        let _ = write!(
            out,
            " {} of {}",
            against_weight.normalize(),
            weight_base.normalize()
        );
        push_paren_percent(out, against_weight, weight_base);
        let _ = write!(
            out,
            " (a blocking minority needs at least {} holding more than {} %)",
            members_count(blocking_members),
            share_percent(blocking_weight_share)
        );
        (!blocks, Some(blocks))
    }
}

/// At least `members` members voting yes and at least `weight_share` of the weight over
/// `base`; returns whether both are met.
fn members_and_weight(
    out: &mut String,
    f: &Figures,
    members: u32,
    weight_share: Decimal,
    base: Base,
) -> bool {
    let cast = f.yes + f.no;
    let (weight_base, weight_noun) = match base {
        Base::VotesCast => (cast, "weight cast"),
        Base::Present => (f.entitled, "weight present"),
        Base::Membership => (f.total, "total weight"),
    };
    let members_met = f.heads_yes >= members && f.heads_yes > 0;
    let weight_met = reaches(f.yes, weight_share * weight_base, false);
    let _ = write!(
        out,
        "{} voting yes, needs at least {}; ",
        members_count(f.heads_yes),
        members_count(members)
    );
    let needs = format!("at least {} %", share_percent(weight_share));
    weight_clause(out, f.yes, weight_base, weight_noun, &needs);
    match (members_met, weight_met) {
        (true, true) => {}
        (false, true) => out.push_str("; too few members voting yes"),
        (true, false) => out.push_str("; too little weight voting yes"),
        (false, false) => out.push_str("; too few members and too little weight voting yes"),
    }
    members_met && weight_met
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
