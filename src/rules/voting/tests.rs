//! Unit tests for weighted voting: docs/domain.md §2 worked examples, every rule and tie variant,
//! every refusal.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::rules::quorum::QuorumBy;

/// An owned ballot, for tests.
#[derive(Debug, Clone)]
pub(super) struct Case {
    pub(super) rule: DecisionRule,
    pub(super) seats: Vec<Seat>,
    pub(super) presence: Vec<Presence>,
    pub(super) votes: Vec<(String, Vote)>,
    pub(super) chair: Option<String>,
    pub(super) casting: Option<Choice>,
    pub(super) round: u32,
}

impl Case {
    pub(super) fn new(majority: Majority, seats: &[(&str, Decimal)]) -> Case {
        Case {
            rule: DecisionRule {
                majority,
                quorum: weight_quorum(),
                ties: TieRule::Fails,
                block_casting: true,
                proxies: false,
            },
            seats: seats
                .iter()
                .map(|(m, w)| Seat {
                    member: (*m).to_string(),
                    weight: *w,
                })
                .collect(),
            presence: seats
                .iter()
                .map(|(m, _)| Presence {
                    member: (*m).to_string(),
                    present: true,
                    recused: false,
                })
                .collect(),
            votes: Vec::new(),
            chair: None,
            casting: None,
            round: 1,
        }
    }

    pub(super) fn tally(&self) -> Result<Tally, VoteError> {
        tally(&Ballot {
            rule: &self.rule,
            seats: &self.seats,
            presence: &self.presence,
            votes: &self.votes,
            chair: self.chair.as_deref(),
            casting_vote: self.casting,
            round: self.round,
        })
    }

    fn ok(&self) -> Tally {
        match self.tally() {
            Ok(t) => t,
            Err(e) => panic!("unexpected refusal: {e}"),
        }
    }

    fn err(&self) -> VoteError {
        match self.tally() {
            Ok(t) => panic!("expected a refusal, got {}", t.explanation),
            Err(e) => e,
        }
    }

    fn vote(mut self, member: &str, choice: Choice) -> Case {
        self.votes.push((member.to_string(), Vote::Whole(choice)));
        self
    }

    fn split(mut self, member: &str, yes: Decimal, no: Decimal, abstain: Decimal) -> Case {
        self.votes
            .push((member.to_string(), Vote::Split { yes, no, abstain }));
        self
    }

    fn absent(mut self, member: &str) -> Case {
        self.presence.retain(|p| p.member != member);
        self
    }

    fn recuse(mut self, member: &str) -> Case {
        for p in &mut self.presence {
            if p.member == member {
                p.recused = true;
            }
        }
        self
    }

    fn ties(mut self, ties: TieRule) -> Case {
        self.rule.ties = ties;
        self
    }

    fn chair(mut self, chair: &str) -> Case {
        self.chair = Some(chair.to_string());
        self
    }

    fn casting(mut self, choice: Choice) -> Case {
        self.casting = Some(choice);
        self
    }

    fn round(mut self, round: u32) -> Case {
        self.round = round;
        self
    }

    fn quorum(mut self, rule: QuorumRule) -> Case {
        self.rule.quorum = rule;
        self
    }

    fn splits_allowed(mut self) -> Case {
        self.rule.block_casting = false;
        self
    }
}

/// Quorum: more than half of the (non-recused) weight.
pub(super) fn weight_quorum() -> QuorumRule {
    QuorumRule {
        by: QuorumBy::Weight,
        share: dec!(0.5),
        strict: true,
        recused_count: false,
    }
}

const ABG: [(&str, Decimal); 3] = [("Alpha", dec!(40)), ("Beta", dec!(35)), ("Gamma", dec!(25))];

use Choice::{Abstain, No, Yes};

// ---- docs/domain.md §2 worked examples (Alpha 40 / Beta 35 / Gamma 25) ----

#[test]
fn worked_votes_cast_carries_40_over_37_5() {
    let t = Case::new(Majority::VotesCast, &ABG)
        .vote("Alpha", Yes)
        .vote("Beta", No)
        .vote("Gamma", Abstain)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!((t.yes, t.no, t.abstain), (dec!(40), dec!(35), dec!(25)));
    assert_eq!((t.entitled, t.total), (dec!(100), dec!(100)));
    assert_eq!((t.heads_yes, t.heads_no, t.heads_abstain), (1, 1, 1));
    assert!(!t.tie);
    assert_eq!(
        t.explanation,
        "carried: majority of votes cast: yes 40 of 75 weight cast (53.33 %), needs more than \
         50 %; no 35; abstentions (25) not counted; quorum met: 100 of 100 weight present \
         (100 %), needs more than 50 %"
    );
}

#[test]
fn worked_majority_of_those_present_fails_40_of_100() {
    let t = Case::new(Majority::Present, &ABG)
        .vote("Alpha", Yes)
        .vote("Beta", No)
        .vote("Gamma", Abstain)
        .ok();
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(!t.majority_met);
    assert!(t.explanation.starts_with(
        "failed: majority of those present: yes 40 of 100 weight present (40 %), needs more \
         than 50 %; against: no 35, abstain 25, not voting 0"
    ));
}

#[test]
fn worked_two_thirds_65_to_35_fails() {
    let t = Case::new(Majority::TwoThirdsCast, &ABG)
        .vote("Alpha", Yes)
        .vote("Gamma", Yes)
        .vote("Beta", No)
        .ok();
    assert_eq!((t.yes, t.no), (dec!(65), dec!(35)));
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(
        t.explanation
            .contains("yes 65 of 100 weight cast (65 %), needs at least two-thirds")
    );
}

#[test]
fn worked_two_thirds_20_to_10_passes_exactly() {
    let t = Case::new(Majority::TwoThirdsCast, &[("P", dec!(20)), ("Q", dec!(10))])
        .vote("P", Yes)
        .vote("Q", No)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert!(t.explanation.contains("(66.67 %)"));
    // The same figures as a split of one seat.
    let t = Case::new(Majority::TwoThirdsCast, &[("P", dec!(30))])
        .splits_allowed()
        .split("P", dec!(20), dec!(10), dec!(0))
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
}

#[test]
fn worked_beta_recused_alpha_yes_gamma_no_carried() {
    let t = Case::new(Majority::VotesCast, &ABG)
        .recuse("Beta")
        .vote("Alpha", Yes)
        .vote("Gamma", No)
        .ok();
    assert!(t.quorum_met);
    assert_eq!(t.quorum.weight_present, dec!(65));
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!(t.entitled, dec!(65));
    assert_eq!(t.recused, vec!["Beta".to_string()]);
    assert_eq!(t.heads_entitled, 2);
    assert!(
        t.explanation
            .contains("recused, left out of the quorum: Beta")
    );
}

// ---- each majority rule ----

#[test]
fn votes_cast_ignores_abstentions_and_a_tie_fails() {
    let t = Case::new(
        Majority::VotesCast,
        &[("A", dec!(40)), ("B", dec!(40)), ("C", dec!(20))],
    )
    .vote("A", Yes)
    .vote("B", No)
    .vote("C", Abstain)
    .ok();
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(t.tie);
    assert!(t.explanation.contains("tie, 40 to 40: a tie fails"));
}

#[test]
fn votes_cast_with_nothing_cast_fails_without_a_tie() {
    let t = Case::new(Majority::VotesCast, &ABG)
        .vote("Alpha", Abstain)
        .vote("Beta", Abstain)
        .ok();
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(!t.tie);
    assert!(t.explanation.contains("no yes or no votes cast"));
}

#[test]
fn present_counts_silent_members_against() {
    // Alpha 40 + Gamma 25 = 65 present; Alpha yes, Gamma silent: 40 > 32.5 carried.
    let c = Case::new(Majority::Present, &ABG)
        .absent("Beta")
        .vote("Alpha", Yes);
    let t = c.ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!(t.not_voting, dec!(25));
    assert_eq!(t.heads_not_voting, 1);
    // Beta present and silent: 40 of 100, fails.
    let t = Case::new(Majority::Present, &ABG).vote("Alpha", Yes).ok();
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(t.explanation.contains("not voting 60"));
}

#[test]
fn membership_counts_against_all_seats() {
    // Beta absent: 65 of 100 needed more than 50: Alpha alone fails, Alpha + Gamma carries.
    let c = Case::new(Majority::Membership, &ABG).absent("Beta");
    assert_eq!(c.clone().vote("Alpha", Yes).ok().outcome, Outcome::Failed);
    let t = c.vote("Alpha", Yes).vote("Gamma", Yes).ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert!(t.explanation.contains("yes 65 of 100 total weight (65 %)"));
    // Exactly half of the membership is not a majority.
    let t = Case::new(Majority::Membership, &[("A", dec!(50)), ("B", dec!(50))])
        .vote("A", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::Failed);
}

const LOPSIDED: [(&str, Decimal); 3] = [("A", dec!(60)), ("B", dec!(20)), ("C", dec!(20))];

#[test]
fn double_majority_needs_heads_and_weight() {
    let m = Majority::DoubleMajority {
        base: Base::Present,
    };
    // Weight without heads.
    let t = Case::new(m.clone(), &LOPSIDED)
        .vote("A", Yes)
        .vote("B", No)
        .vote("C", No)
        .ok();
    assert_eq!(t.outcome, Outcome::Failed);
    // Heads without weight.
    let t = Case::new(m.clone(), &LOPSIDED)
        .vote("A", No)
        .vote("B", Yes)
        .vote("C", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::Failed);
    // Both.
    let t = Case::new(m, &LOPSIDED)
        .vote("A", Yes)
        .vote("B", Yes)
        .vote("C", No)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!(
        t.explanation,
        "carried: double majority of those present: yes 80 of 100 weight present (80 %), needs \
         more than 50 %; yes 2 of 3 members present (66.67 %), needs more than 50 % (at least \
         2); quorum met: 100 of 100 weight present (100 %), needs more than 50 %"
    );
}

#[test]
fn double_majority_bases_differ() {
    // A yes, B no, C abstains.
    let case = |base| {
        Case::new(Majority::DoubleMajority { base }, &LOPSIDED)
            .vote("A", Yes)
            .vote("B", No)
            .vote("C", Abstain)
            .ok()
    };
    // Votes cast: heads 1 of 2 is not more than half.
    assert_eq!(case(Base::VotesCast).outcome, Outcome::Failed);
    // A yes, B yes, C absent: membership base 2 of 3 heads and 80 of 100.
    let m = Majority::DoubleMajority {
        base: Base::Membership,
    };
    let t = Case::new(m.clone(), &LOPSIDED)
        .absent("C")
        .vote("A", Yes)
        .vote("B", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    // A yes only, B and C absent: quorum by weight met (60), membership heads 1 of 3 fails,
    // but votes cast heads 1 of 1 and weight 60 of 60 carries.
    let t = Case::new(m, &LOPSIDED)
        .absent("B")
        .absent("C")
        .vote("A", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::Failed);
    let t = Case::new(
        Majority::DoubleMajority {
            base: Base::VotesCast,
        },
        &LOPSIDED,
    )
    .absent("B")
    .absent("C")
    .vote("A", Yes)
    .ok();
    assert_eq!(t.outcome, Outcome::Carried);
}

#[test]
fn eu_qualified_constants() {
    assert_eq!(
        Majority::eu_qualified(),
        Majority::Qualified {
            member_share: dec!(0.55),
            weight_share: dec!(0.65),
            blocking_members: 4,
            blocking_weight_share: dec!(0.35),
        }
    );
}

fn five_equal() -> Vec<(&'static str, Decimal)> {
    vec![
        ("A", dec!(20)),
        ("B", dec!(20)),
        ("C", dec!(20)),
        ("D", dec!(20)),
        ("E", dec!(20)),
    ]
}

#[test]
fn qualified_both_thresholds_met() {
    let t = Case::new(Majority::eu_qualified(), &five_equal())
        .vote("A", Yes)
        .vote("B", Yes)
        .vote("C", Yes)
        .vote("D", Yes)
        .vote("E", No)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!(t.blocking_minority, None);
}

#[test]
fn qualified_weight_missed_without_blocking_minority_carries() {
    // A 40 against, four small members yes: 4 of 5 heads (80 %), 60 of 100 weight (< 65 %);
    // against: 1 member holding 40 %, fewer than 4 members: no blocking minority.
    let seats = [
        ("A", dec!(40)),
        ("B", dec!(15)),
        ("C", dec!(15)),
        ("D", dec!(15)),
        ("E", dec!(15)),
    ];
    let t = Case::new(Majority::eu_qualified(), &seats)
        .vote("A", No)
        .vote("B", Yes)
        .vote("C", Yes)
        .vote("D", Yes)
        .vote("E", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!(t.blocking_minority, Some(false));
    assert!(t.explanation.contains(
        "weight threshold missed but no blocking minority, so carried: 1 member not voting yes \
         holds 40 of 100 (40 %)"
    ));
}

fn ten_members() -> Vec<(String, Decimal)> {
    // A 37, B..J 7 each: total 100.
    let mut v = vec![("A".to_string(), dec!(37))];
    for c in ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'] {
        v.push((c.to_string(), dec!(7)));
    }
    v
}

fn ten_case(yes: &[&str]) -> Case {
    let owned = ten_members();
    let seats: Vec<(&str, Decimal)> = owned.iter().map(|(m, w)| (m.as_str(), *w)).collect();
    let mut c = Case::new(Majority::eu_qualified(), &seats);
    for (m, _) in &seats {
        let choice = if yes.contains(m) { Yes } else { No };
        c = c.vote(m, choice);
    }
    c
}

#[test]
fn qualified_blocked_by_a_blocking_minority() {
    // Yes: 6 small members (60 % of heads, 42 % of weight). Against: A + 3 small = 4 members
    // holding 58 %: blocked.
    let t = ten_case(&["E", "F", "G", "H", "I", "J"]).ok();
    assert_eq!(t.outcome, Outcome::Failed);
    assert_eq!(t.blocking_minority, Some(true));
    assert!(t.explanation.contains(
        "blocked by a blocking minority: 4 members not voting yes hold 58 of 100 (58 %)"
    ));
}

#[test]
fn qualified_member_threshold_missed_fails_even_without_blocking_weight() {
    // A 91 yes, nine members of 1 against: 10 % of heads. Their 9 % cannot block, but the
    // member threshold is not reached, so the motion fails (Art. 16(4) TEU).
    let mut seats = vec![("A".to_string(), dec!(91))];
    for i in 0..9 {
        seats.push((format!("S{i}"), dec!(1)));
    }
    let refs: Vec<(&str, Decimal)> = seats.iter().map(|(m, w)| (m.as_str(), *w)).collect();
    let mut c = Case::new(Majority::eu_qualified(), &refs).vote("A", Yes);
    for (m, _) in refs.iter().skip(1) {
        c = c.vote(m, No);
    }
    let t = c.ok();
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(
        t.explanation
            .contains("the member threshold is not reached")
    );
}

#[test]
fn qualified_abstention_and_absence_count_against() {
    // 3 yes (60 % heads, 60 % weight), 1 abstains, 1 absent: against 2 members < 4: carried.
    let c = Case::new(Majority::eu_qualified(), &five_equal())
        .absent("E")
        .vote("A", Yes)
        .vote("B", Yes)
        .vote("C", Yes)
        .vote("D", Abstain);
    let t = c.ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!(t.blocking_minority, Some(false));
    assert!(
        t.explanation
            .contains("2 members not voting yes hold 40 of 100")
    );
    // Two yes: 40 % of heads < 55 %: fails.
    let t = Case::new(Majority::eu_qualified(), &five_equal())
        .absent("E")
        .vote("A", Yes)
        .vote("B", Yes)
        .vote("C", Abstain)
        .ok();
    assert_eq!(t.outcome, Outcome::Failed);
}

#[test]
fn qualified_blocking_weight_must_be_strictly_more() {
    // A custom rule where 2 members can block, to reach exactly 35 % against.
    let m = Majority::Qualified {
        member_share: dec!(0.5),
        weight_share: dec!(0.7),
        blocking_members: 2,
        blocking_weight_share: dec!(0.35),
    };
    let seats = [
        ("A", dec!(35)),
        ("B", dec!(30)),
        ("C", dec!(35)),
        ("D", dec!(0)),
    ];
    // B, C, D yes (3 of 4 heads, 65 % < 70 %); against: A only, 1 member: not blocking.
    let t = Case::new(m.clone(), &seats)
        .vote("A", No)
        .vote("B", Yes)
        .vote("C", Yes)
        .vote("D", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    // A and D against: 2 members holding exactly 35 %: not more than 35 %, not blocking.
    let t = Case::new(m, &seats)
        .vote("A", No)
        .vote("B", Yes)
        .vote("C", Yes)
        .vote("D", No)
        .ok();
    assert_eq!(t.heads_yes, 2);
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!(t.blocking_minority, Some(false));
}

#[test]
fn qualified_base_leaves_recused_members_out() {
    // E recused: base 4 members, 80 weight; 3 yes (75 %, 60 of 80 = 75 %).
    let t = Case::new(Majority::eu_qualified(), &five_equal())
        .recuse("E")
        .vote("A", Yes)
        .vote("B", Yes)
        .vote("C", Yes)
        .vote("D", No)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert!(t.explanation.contains("yes 3 of 4 members (75 %)"));
    assert!(t.explanation.contains("yes 60 of 80 weight (75 %)"));
}

// ---- quorum first ----

#[test]
fn no_quorum_reports_but_never_counts() {
    let t = Case::new(Majority::VotesCast, &ABG)
        .absent("Alpha")
        .absent("Gamma")
        .vote("Beta", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::NoQuorum);
    assert!(!t.quorum_met);
    assert!(t.majority_met, "the votes alone would carry");
    assert_eq!(t.yes, dec!(35));
    assert_eq!(
        t.explanation,
        "no quorum: the vote is not counted as a result (recorded: yes 35, no 0, abstain 0); \
         quorum not met: 35 of 100 weight present (35 %), needs more than 50 %"
    );
}

#[test]
fn quorum_by_head_inclusive_at_the_boundary() {
    let seats = [
        ("A", dec!(10)),
        ("B", dec!(10)),
        ("C", dec!(10)),
        ("D", dec!(10)),
    ];
    let rule = |strict| QuorumRule {
        by: QuorumBy::Head,
        share: dec!(0.5),
        strict,
        recused_count: false,
    };
    let base = Case::new(Majority::VotesCast, &seats)
        .absent("C")
        .absent("D")
        .vote("A", Yes);
    assert_eq!(
        base.clone().quorum(rule(false)).ok().outcome,
        Outcome::Carried
    );
    assert_eq!(base.quorum(rule(true)).ok().outcome, Outcome::NoQuorum);
}

#[test]
fn recused_in_or_out_of_quorum() {
    // Beta recused and present; Gamma absent. Counted: 75 of 100 quorate; not counted: 40 of 65.
    let c = Case::new(Majority::VotesCast, &ABG)
        .recuse("Beta")
        .absent("Gamma")
        .vote("Alpha", Yes);
    let counted = c
        .clone()
        .quorum(QuorumRule {
            recused_count: true,
            ..weight_quorum()
        })
        .ok();
    assert_eq!(counted.outcome, Outcome::Carried);
    assert_eq!(counted.yes, dec!(40));
    assert_eq!(counted.entitled, dec!(40), "recused members are never in E");
    let left_out = c.ok();
    assert_eq!(left_out.outcome, Outcome::Carried); // 40 of 65 > 32.5
    assert_eq!(left_out.quorum.weight_base, dec!(65));
}

// ---- ties ----

const TIE: [(&str, Decimal); 3] = [("A", dec!(40)), ("B", dec!(40)), ("Chair", dec!(20))];

fn tie_case(ties: TieRule) -> Case {
    Case::new(Majority::VotesCast, &TIE)
        .ties(ties)
        .chair("Chair")
        .vote("A", Yes)
        .vote("B", No)
}

#[test]
fn tie_fails_under_fails() {
    let t = tie_case(TieRule::Fails).ok();
    assert_eq!(
        (t.outcome, t.tie, t.awaiting),
        (Outcome::Failed, true, None)
    );
}

#[test]
fn tie_waits_for_the_casting_vote() {
    let t = tie_case(TieRule::ChairCasting).ok();
    assert_eq!(t.outcome, Outcome::Tied);
    assert_eq!(t.awaiting, Some(Awaiting::CastingVote));
    assert!(t.explanation.starts_with("tied: "));
    assert!(
        t.explanation
            .contains("tie, 40 to 40: waiting for the chair's (Chair) casting vote")
    );
    let json = serde_json::to_value(&t).unwrap_or_default();
    assert_eq!(json["outcome"], "tied");
    assert_eq!(json["awaiting"], "casting_vote");
}

#[test]
fn casting_vote_decides() {
    let t = tie_case(TieRule::ChairCasting).casting(Yes).ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!(t.casting_vote, Some(Yes));
    assert!(
        t.explanation
            .contains("the chair (Chair) gave the casting vote: yes")
    );
    assert_eq!(t.yes, dec!(40), "the casting vote adds no weight");
    assert_eq!(
        tie_case(TieRule::ChairCasting).casting(No).ok().outcome,
        Outcome::Failed
    );
    assert_eq!(
        tie_case(TieRule::ChairCasting)
            .casting(Abstain)
            .ok()
            .outcome,
        Outcome::Failed
    );
}

#[test]
fn a_chair_who_voted_has_no_casting_vote() {
    let c = Case::new(Majority::VotesCast, &TIE)
        .ties(TieRule::ChairCasting)
        .chair("A")
        .vote("A", Yes)
        .vote("B", No);
    let t = c.clone().ok();
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(
        t.explanation
            .contains("the chair (A) already voted and has no casting vote")
    );
    let e = c.casting(Yes).err();
    assert_eq!(
        e,
        VoteError::ChairVotedTwice {
            chair: "A".to_string()
        }
    );
    assert_eq!(
        e.to_string(),
        "the chair, A, already voted on this item and cannot vote twice"
    );
}

#[test]
fn a_chair_without_a_seat_may_cast() {
    let c = Case::new(Majority::VotesCast, &[("A", dec!(40)), ("B", dec!(40))])
        .ties(TieRule::ChairCasting)
        .chair("Independent chair")
        .vote("A", Yes)
        .vote("B", No);
    assert_eq!(c.clone().ok().outcome, Outcome::Tied);
    assert_eq!(c.casting(Yes).ok().outcome, Outcome::Carried);
}

#[test]
fn no_chair_named() {
    // Nobody presides, so nobody can break the tie: it fails as the tie rule's docs say,
    // instead of waiting for a casting vote that can never come.
    let c = Case::new(Majority::VotesCast, &TIE)
        .ties(TieRule::ChairCasting)
        .vote("A", Yes)
        .vote("B", No);
    let t = c.clone().ok();
    assert_eq!(
        (t.outcome, t.awaiting, t.tie),
        (Outcome::Failed, None, true)
    );
    assert!(
        t.explanation.contains(
            "tie, 40 to 40: no chair presides to give the casting vote, so the tie fails"
        )
    );
    assert_eq!(c.casting(Yes).err(), VoteError::NoChair);
}

#[test]
fn recused_or_absent_chair() {
    let recused = tie_case(TieRule::ChairCasting).recuse("Chair");
    assert_eq!(recused.clone().ok().outcome, Outcome::Failed);
    assert_eq!(
        recused.casting(Yes).err(),
        VoteError::ChairRecused {
            chair: "Chair".to_string()
        }
    );
    let absent = tie_case(TieRule::ChairCasting).absent("Chair");
    let t = absent.clone().ok();
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(t.explanation.contains("(Chair) is not present"));
    assert_eq!(
        absent.casting(No).err(),
        VoteError::ChairAbsent {
            chair: "Chair".to_string()
        }
    );
}

#[test]
fn repeat_then_chair() {
    let first = tie_case(TieRule::RepeatThenChair).ok();
    assert_eq!(first.outcome, Outcome::Tied);
    assert_eq!(first.awaiting, Some(Awaiting::RepeatVote));
    assert!(first.explanation.contains("first round, repeat the vote"));
    assert_eq!(
        serde_json::to_value(&first).unwrap_or_default()["awaiting"],
        "repeat_vote"
    );
    // Round 0 is read as round 1.
    assert_eq!(
        tie_case(TieRule::RepeatThenChair).round(0).ok().awaiting,
        Some(Awaiting::RepeatVote)
    );
    assert_eq!(
        tie_case(TieRule::RepeatThenChair).casting(Yes).err(),
        VoteError::CastingVoteBeforeRepeat
    );
    let second = tie_case(TieRule::RepeatThenChair).round(2).ok();
    assert_eq!(second.awaiting, Some(Awaiting::CastingVote));
    let decided = tie_case(TieRule::RepeatThenChair)
        .round(3)
        .casting(Yes)
        .ok();
    assert_eq!(decided.outcome, Outcome::Carried);
}

#[test]
fn casting_vote_refusals() {
    assert_eq!(
        tie_case(TieRule::Fails).casting(Yes).err(),
        VoteError::CastingVoteNotAllowed
    );
    // No tie: A yes, B abstains.
    let no_tie = Case::new(Majority::VotesCast, &TIE)
        .ties(TieRule::ChairCasting)
        .chair("Chair")
        .vote("A", Yes)
        .vote("B", Abstain)
        .casting(No);
    let e = no_tie.err();
    assert_eq!(
        e.to_string(),
        "a casting vote was given, but there is no tie for it to break: the majority of votes cast is met by the votes alone"
    );
    // A tie without quorum is no tie to break.
    let no_quorum = tie_case(TieRule::ChairCasting).quorum(QuorumRule {
        share: dec!(1),
        ..weight_quorum()
    });
    let t = no_quorum.clone().ok();
    assert_eq!(t.outcome, Outcome::NoQuorum);
    assert!(!t.tie);
    assert_eq!(
        no_quorum.casting(Yes).err().to_string(),
        "a casting vote was given, but there is no tie for it to break: quorum is not met, so the vote is not counted"
    );
}

#[test]
fn a_casting_vote_never_carries_a_missed_threshold() {
    // Majority of those present: 40 to 40 with the chair's 20 present and silent misses
    // "more than half of E" by more than an equality: no tie, and no casting vote.
    let c = Case::new(Majority::Present, &TIE)
        .ties(TieRule::ChairCasting)
        .chair("Chair")
        .vote("A", Yes)
        .vote("B", No);
    let t = c.clone().ok();
    assert!(!t.tie);
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(t.explanation.contains(
        "yes and no are equal (40 to 40), but a casting vote breaks a tie only when yes and no together make up all the weight present"
    ), "{}", t.explanation);
    let e = c.casting(Yes).err();
    assert!(matches!(e, VoteError::CastingVoteWithoutTie { .. }));
    assert!(
        e.to_string()
            .contains("there is no tie for it to break: yes and no are equal (40 to 40), but")
    );

    // Membership: yes 2 of 7 weight with no 2 is no tie either (issue 7, item 1).
    let seats = [("A", dec!(2)), ("B", dec!(2)), ("C", dec!(3))];
    let c = Case::new(Majority::Membership, &seats)
        .ties(TieRule::ChairCasting)
        .chair("Ind")
        .absent("C")
        .quorum(QuorumRule {
            share: dec!(0.5),
            ..weight_quorum()
        })
        .vote("A", Yes)
        .vote("B", No);
    assert_eq!(c.clone().ok().outcome, Outcome::Failed);
    assert!(matches!(
        c.casting(Yes).err(),
        VoteError::CastingVoteWithoutTie { .. }
    ));

    // Two-thirds: 40 to 40 is short of two-thirds, never a tie.
    let c = Case::new(Majority::TwoThirdsCast, &TIE)
        .ties(TieRule::ChairCasting)
        .chair("Chair")
        .vote("A", Yes)
        .vote("B", No);
    let t = c.clone().ok();
    assert!(!t.tie);
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(t.explanation.contains("under two-thirds an equal split"));
    assert!(matches!(
        c.casting(Yes).err(),
        VoteError::CastingVoteWithoutTie { .. }
    ));

    // Qualified: a blocking minority is not a tie for the chair to break.
    let eu = [
        ("A", dec!(20)),
        ("B", dec!(20)),
        ("C", dec!(20)),
        ("D", dec!(20)),
        ("E", dec!(20)),
    ];
    let mut c = Case::new(Majority::eu_qualified(), &eu)
        .ties(TieRule::ChairCasting)
        .chair("Ind");
    c.rule.majority = Majority::Qualified {
        member_share: dec!(0.5),
        weight_share: dec!(0.5),
        blocking_members: 1,
        blocking_weight_share: dec!(0.35),
    };
    let c = c
        .vote("A", Yes)
        .vote("B", Yes)
        .vote("C", No)
        .vote("D", No)
        .vote("E", Abstain);
    let t = c.clone().ok();
    assert!(!t.tie);
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(matches!(
        c.casting(Yes).err(),
        VoteError::CastingVoteWithoutTie { .. }
    ));
}

#[test]
fn a_tie_is_an_exact_split_of_the_base() {
    // Majority of those present: the chair holds no seat, everyone present votes: 40 to 40.
    let c = Case::new(Majority::Present, &[("A", dec!(40)), ("B", dec!(40))])
        .ties(TieRule::ChairCasting)
        .chair("Independent chair")
        .vote("A", Yes)
        .vote("B", No);
    let t = c.clone().ok();
    assert!(t.tie);
    assert_eq!(t.awaiting, Some(Awaiting::CastingVote));
    assert_eq!(c.casting(Yes).ok().outcome, Outcome::Carried);
    // Membership: an absent member's weight is not split: no tie.
    let c = Case::new(
        Majority::Membership,
        &[("A", dec!(40)), ("B", dec!(40)), ("C", dec!(1))],
    )
    .ties(TieRule::ChairCasting)
    .chair("Independent chair")
    .absent("C")
    .vote("A", Yes)
    .vote("B", No);
    assert!(!c.ok().tie);
    // Double majority of votes cast: weight 40 to 40 (split), members 2 to 1 (met): a tie.
    let seats = [("A", dec!(20)), ("B", dec!(20)), ("C", dec!(40))];
    let c = Case::new(
        Majority::DoubleMajority {
            base: Base::VotesCast,
        },
        &seats,
    )
    .ties(TieRule::ChairCasting)
    .chair("Independent chair")
    .vote("A", Yes)
    .vote("B", Yes)
    .vote("C", No);
    let t = c.clone().ok();
    assert!(t.tie, "{}", t.explanation);
    assert_eq!(c.casting(No).ok().outcome, Outcome::Failed);
    // Members 1 to 2 (missed, not split): no tie even with the weight split 40 to 40.
    let c = Case::new(
        Majority::DoubleMajority {
            base: Base::VotesCast,
        },
        &[("A", dec!(40)), ("B", dec!(20)), ("C", dec!(20))],
    )
    .ties(TieRule::ChairCasting)
    .chair("Independent chair")
    .vote("A", Yes)
    .vote("B", No)
    .vote("C", No);
    let t = c.ok();
    assert!(!t.tie);
    assert_eq!(t.outcome, Outcome::Failed);
}

#[test]
fn withdrawing_a_tied_motion_ends_the_wait() {
    let mut t = tie_case(TieRule::ChairCasting).ok();
    withdraw_tie(&mut t);
    assert_eq!(t.awaiting, None);
    assert!(
        !t.explanation.contains(": waiting for"),
        "{}",
        t.explanation
    );
    assert!(
        t.explanation
            .contains("withdrawn while waiting for the chair's (Chair) casting vote")
    );
    let mut t = tie_case(TieRule::RepeatThenChair).ok();
    withdraw_tie(&mut t);
    assert_eq!(t.awaiting, None);
    assert!(
        t.explanation
            .contains("first round, withdrawn before the repeat vote")
    );
    // A decided tally is left alone.
    let mut t = tie_case(TieRule::ChairCasting).casting(Yes).ok();
    let before = t.clone();
    withdraw_tie(&mut t);
    assert_eq!(t, before);
}

#[test]
fn members_and_weight() {
    // At least 2 members and at least 60 % of the whole weight (100).
    let rule = |members| Majority::MembersAndWeight {
        members,
        weight_share: dec!(0.6),
        base: Base::Membership,
    };
    let t = Case::new(rule(2), &ABG)
        .vote("Alpha", Yes)
        .vote("Beta", No)
        .vote("Gamma", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    assert_eq!(
        t.explanation.split("; quorum").next().unwrap_or(""),
        "carried: members and weight: 2 members voting yes, needs at least 2 members; yes 65 of 100 total weight (65 %), needs at least 60 %"
    );
    // One big member alone: weight enough, members not; distinct members, not weight shares.
    let t = Case::new(rule(2), &ABG)
        .vote("Alpha", Yes)
        .vote("Beta", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried);
    let t = Case::new(rule(2), &ABG).vote("Alpha", Yes).ok();
    assert_eq!(t.outcome, Outcome::Failed);
    assert!(
        t.explanation
            .contains("1 member voting yes, needs at least 2 members")
    );
    assert!(
        t.explanation
            .contains("; too few members and too little weight voting yes")
    );
    // Two small members: enough members, too little weight.
    let t = Case::new(rule(1), &ABG)
        .vote("Beta", Yes)
        .vote("Gamma", Yes)
        .ok();
    assert_eq!(t.outcome, Outcome::Carried, "60 of 100 is at least 60 %");
    let t = Case::new(rule(2), &ABG)
        .vote("Beta", Yes)
        .vote("Gamma", No)
        .ok();
    assert!(t.explanation.contains("needs at least 2 members"));
    // Exactly the threshold counts (inclusive), and an equal split is never a tie.
    let c = Case::new(
        Majority::MembersAndWeight {
            members: 1,
            weight_share: dec!(0.6),
            base: Base::VotesCast,
        },
        &TIE,
    )
    .ties(TieRule::ChairCasting)
    .chair("Chair")
    .vote("A", Yes)
    .vote("B", No);
    let t = c.clone().ok();
    assert!(!t.tie);
    assert!(matches!(
        c.casting(Yes).err(),
        VoteError::CastingVoteWithoutTie { .. }
    ));
}

#[test]
fn one_member_is_singular() {
    let t = Case::new(
        Majority::Qualified {
            member_share: dec!(0.3),
            weight_share: dec!(0.65),
            blocking_members: 1,
            blocking_weight_share: dec!(0.35),
        },
        &ABG,
    )
    .vote("Beta", Yes)
    .vote("Gamma", Yes)
    .ok();
    assert!(
        t.explanation
            .contains("(a blocking minority needs at least 1 member holding more than 35 %)"),
        "{}",
        t.explanation
    );
}

// ---- split votes ----

#[test]
fn split_votes_add_their_parts() {
    let t = Case::new(Majority::VotesCast, &ABG)
        .splits_allowed()
        .split("Alpha", dec!(30), dec!(10), dec!(0))
        .vote("Beta", No)
        .ok();
    assert_eq!((t.yes, t.no, t.abstain), (dec!(30), dec!(45), dec!(0)));
    assert_eq!((t.heads_yes, t.heads_no), (1, 1));
    assert_eq!(t.outcome, Outcome::Failed);
}

#[test]
fn split_without_a_strict_largest_part_is_an_abstention_by_head() {
    let t = Case::new(Majority::VotesCast, &ABG)
        .splits_allowed()
        .split("Alpha", dec!(20), dec!(20), dec!(0))
        .split("Beta", dec!(0), dec!(17.5), dec!(17.5))
        .split("Gamma", dec!(5), dec!(10), dec!(10))
        .ok();
    assert_eq!((t.heads_yes, t.heads_no, t.heads_abstain), (0, 0, 3));
    assert_eq!(split_head(dec!(1), dec!(0), dec!(0)), Yes);
    assert_eq!(split_head(dec!(0), dec!(2), dec!(1)), No);
    assert_eq!(split_head(dec!(0), dec!(1), dec!(2)), Abstain);
}

// ---- every refusal ----

#[test]
fn refuses_unknown_absent_recused_and_double_voters() {
    let c = Case::new(Majority::VotesCast, &ABG);
    let e = c.clone().vote("Delta", Yes).err();
    assert_eq!(
        e,
        VoteError::UnknownMember {
            member: "Delta".to_string()
        }
    );
    assert!(e.to_string().contains("Delta holds no seat"));
    let e = c.clone().absent("Beta").vote("Beta", Yes).err();
    assert_eq!(
        e,
        VoteError::AbsentVoter {
            member: "Beta".to_string()
        }
    );
    assert!(e.to_string().starts_with("Beta is not recorded as present"));
    let e = c.clone().recuse("Gamma").vote("Gamma", No).err();
    assert_eq!(
        e,
        VoteError::RecusedVoter {
            member: "Gamma".to_string()
        }
    );
    assert!(e.to_string().contains("Gamma is recused"));
    let e = c.vote("Alpha", Yes).vote("Alpha", No).err();
    assert_eq!(
        e,
        VoteError::DuplicateVote {
            member: "Alpha".to_string()
        }
    );
    assert!(e.to_string().contains("Alpha has already voted"));
}

#[test]
fn refuses_bad_splits() {
    let c = Case::new(Majority::VotesCast, &ABG);
    let e = c.clone().split("Alpha", dec!(20), dec!(20), dec!(0)).err();
    assert_eq!(
        e,
        VoteError::SplitNotAllowed {
            member: "Alpha".to_string()
        }
    );
    assert!(e.to_string().contains("one block"));
    let c = c.splits_allowed();
    let e = c.clone().split("Alpha", dec!(50), dec!(-10), dec!(0)).err();
    assert_eq!(
        e,
        VoteError::NegativeSplit {
            member: "Alpha".to_string()
        }
    );
    let e = c.split("Alpha", dec!(20), dec!(10), dec!(0)).err();
    assert_eq!(
        e,
        VoteError::SplitMismatch {
            member: "Alpha".to_string(),
            parts: dec!(30),
            weight: dec!(40)
        }
    );
    assert_eq!(
        e.to_string(),
        "Alpha's split vote adds up to 30, but its weight is 40"
    );
}

#[test]
fn refuses_bad_seats_and_rules() {
    let e = Case::new(Majority::VotesCast, &[("A", dec!(1)), ("A", dec!(2))]).err();
    assert_eq!(
        e,
        VoteError::DuplicateSeat {
            member: "A".to_string()
        }
    );
    let e = Case::new(Majority::VotesCast, &[("A", dec!(-1))]).err();
    assert_eq!(
        e,
        VoteError::NegativeWeight {
            member: "A".to_string(),
            weight: dec!(-1)
        }
    );
    let e = Case::new(
        Majority::VotesCast,
        &[("A", MAX_TOTAL_WEIGHT), ("B", dec!(1))],
    )
    .err();
    assert_eq!(e, VoteError::WeightTooLarge);
    assert_eq!(MAX_TOTAL_WEIGHT, Decimal::from(1_000_000_000_000_000_u64));
    let e = Case::new(Majority::VotesCast, &ABG)
        .quorum(QuorumRule {
            share: dec!(1.5),
            ..weight_quorum()
        })
        .err();
    assert_eq!(
        e,
        VoteError::InvalidShare {
            what: "quorum",
            share: dec!(1.5)
        }
    );
    assert!(e.to_string().contains("must be from 0 to 1"));
    let bad = Majority::Qualified {
        member_share: dec!(0.55),
        weight_share: dec!(-0.1),
        blocking_members: 4,
        blocking_weight_share: dec!(0.35),
    };
    assert!(matches!(
        Case::new(bad, &ABG).err(),
        VoteError::InvalidShare {
            what: "qualified majority weight",
            ..
        }
    ));
}

// ---- serialisation ----

#[test]
fn tally_serialises_outcomes_and_decimals_as_strings() {
    let t = Case::new(Majority::VotesCast, &[("A", dec!(12.5)), ("B", dec!(7.25))])
        .vote("A", Yes)
        .ok();
    let json = serde_json::to_value(&t).unwrap_or_default();
    assert_eq!(json["outcome"], "carried");
    assert_eq!(json["yes"], "12.5");
    assert_eq!(json["total"], "19.75");
    assert_eq!(json["quorum"]["weight_base"], "19.75");
    for (outcome, text) in [
        (Outcome::Carried, "\"carried\""),
        (Outcome::Failed, "\"failed\""),
        (Outcome::NoQuorum, "\"no_quorum\""),
        (Outcome::Tied, "\"tied\""),
    ] {
        assert_eq!(serde_json::to_string(&outcome).unwrap_or_default(), text);
    }
}

#[test]
fn choices_and_votes_round_trip() {
    assert_eq!(
        serde_json::to_string(&Abstain).unwrap_or_default(),
        "\"abstain\""
    );
    let v: Vote = serde_json::from_str(r#"{"split":{"yes":"20","no":"10","abstain":"0"}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        v,
        Vote::Split {
            yes: dec!(20),
            no: dec!(10),
            abstain: dec!(0)
        }
    );
    let v: Vote = serde_json::from_str(r#"{"whole":"no"}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v, Vote::Whole(No));
    let rule: DecisionRule = toml::from_str(
        "majority = { qualified = { member_share = \"0.55\", weight_share = \"0.65\", \
         blocking_members = 4, blocking_weight_share = \"0.35\" } }\nties = \"repeat_then_chair\"\n\
         block_casting = true\nproxies = false\n\
         [quorum]\nby = \"weight\"\nshare = \"0.5\"\nstrict = true\nrecused_count = false\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rule.majority, Majority::eu_qualified());
    assert_eq!(rule.ties, TieRule::RepeatThenChair);
}

#[test]
fn explanation_is_deterministic_and_names_no_float() {
    let c = Case::new(
        Majority::DoubleMajority {
            base: Base::Present,
        },
        &ABG,
    )
    .vote("Gamma", Yes)
    .vote("Alpha", Yes)
    .vote("Beta", No);
    let a = c.clone().ok();
    let mut reversed = c;
    reversed.votes.reverse();
    assert_eq!(a, reversed.ok());
    assert!(
        a.explanation
            .contains("yes 65 of 100 weight present (65 %)")
    );
}
