//! Property tests for weighted voting: order independence, recusal, monotonicity, sums.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::tests::Case;
use super::*;
use crate::rules::quorum::QuorumBy;

/// Attendance of a generated member.
#[derive(Debug, Clone, Copy)]
enum State {
    /// No presence entry at all.
    Missing,
    Absent,
    Present,
    RecusedPresent,
    RecusedAbsent,
}

fn arb_state() -> impl Strategy<Value = State> {
    prop_oneof![
        1 => Just(State::Missing),
        1 => Just(State::Absent),
        6 => Just(State::Present),
        1 => Just(State::RecusedPresent),
        1 => Just(State::RecusedAbsent),
    ]
}

/// What a present, entitled member does: nothing, a whole vote, or a split (tenths of weight).
#[derive(Debug, Clone, Copy)]
enum Act {
    Silent,
    Whole(Choice),
    Split(u8, u8),
}

fn arb_act() -> impl Strategy<Value = Act> {
    prop_oneof![
        1 => Just(Act::Silent),
        3 => Just(Act::Whole(Choice::Yes)),
        3 => Just(Act::Whole(Choice::No)),
        1 => Just(Act::Whole(Choice::Abstain)),
        1 => (0u8..=10, 0u8..=10).prop_map(|(a, b)| Act::Split(a, b)),
    ]
}

fn arb_majority() -> impl Strategy<Value = Majority> {
    prop_oneof![
        Just(Majority::VotesCast),
        Just(Majority::Present),
        Just(Majority::Membership),
        Just(Majority::TwoThirdsCast),
        Just(Majority::DoubleMajority {
            base: Base::VotesCast
        }),
        Just(Majority::DoubleMajority {
            base: Base::Present
        }),
        Just(Majority::DoubleMajority {
            base: Base::Membership
        }),
        Just(Majority::eu_qualified()),
        (0u32..=100, 0u32..=100, 0u32..5, 0u32..=100).prop_map(|(m, w, b, bw)| {
            Majority::Qualified {
                member_share: Decimal::new(i64::from(m), 2),
                weight_share: Decimal::new(i64::from(w), 2),
                blocking_members: b,
                blocking_weight_share: Decimal::new(i64::from(bw), 2),
            }
        }),
        (
            1u32..6,
            0u32..=100,
            prop_oneof![
                Just(Base::VotesCast),
                Just(Base::Present),
                Just(Base::Membership)
            ]
        )
            .prop_map(|(members, w, base)| Majority::MembersAndWeight {
                members,
                weight_share: Decimal::new(i64::from(w), 2),
                base,
            }),
    ]
}

fn arb_quorum() -> impl Strategy<Value = QuorumRule> {
    (
        prop_oneof![
            Just(QuorumBy::Head),
            Just(QuorumBy::Weight),
            Just(QuorumBy::HeadAndWeight),
            Just(QuorumBy::HeadOrWeight)
        ],
        0u32..=70,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(by, pct, strict, recused_count)| QuorumRule {
            by,
            share: Decimal::new(i64::from(pct), 2),
            strict,
            recused_count,
        })
}

fn arb_ties() -> impl Strategy<Value = TieRule> {
    prop_oneof![
        Just(TieRule::Fails),
        Just(TieRule::ChairCasting),
        Just(TieRule::RepeatThenChair)
    ]
}

/// A valid ballot (no casting vote): 1 to 8 members with weights in tenths (small integers
/// often, so that ties happen), any attendance, votes only by present entitled members.
fn arb_case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((0i64..30, arb_state(), arb_act()), 1..9),
        arb_majority(),
        arb_quorum(),
        arb_ties(),
        any::<bool>(),
        prop::option::of(0usize..10),
        1u32..4,
    )
        .prop_map(
            |(rows, majority, quorum, ties, block_casting, chair, round)| {
                let mut case = Case::new(majority, &[]);
                case.rule.quorum = quorum;
                case.rule.ties = ties;
                case.rule.block_casting = block_casting;
                case.round = round;
                for (i, (w, state, act)) in rows.iter().enumerate() {
                    let member = format!("M{i}");
                    // Whole numbers most of the time, tenths otherwise.
                    let weight = if w % 3 == 0 {
                        Decimal::new(*w, 1)
                    } else {
                        Decimal::from(*w)
                    };
                    case.seats.push(Seat {
                        member: member.clone(),
                        weight,
                    });
                    let (present, recused) = match state {
                        State::Missing => (false, false),
                        State::Absent => (false, false),
                        State::Present => (true, false),
                        State::RecusedPresent => (true, true),
                        State::RecusedAbsent => (false, true),
                    };
                    if !matches!(state, State::Missing) {
                        case.presence.push(Presence {
                            member: member.clone(),
                            present,
                            recused,
                        });
                    }
                    if !present || recused {
                        continue;
                    }
                    let vote = match *act {
                        Act::Silent => continue,
                        Act::Whole(c) => Vote::Whole(c),
                        Act::Split(..) if block_casting => Vote::Whole(Choice::Abstain),
                        Act::Split(a, b) => {
                            let yes = weight * Decimal::from(a) / Decimal::TEN;
                            let no = (weight - yes) * Decimal::from(b) / Decimal::TEN;
                            Vote::Split {
                                yes,
                                no,
                                abstain: weight - yes - no,
                            }
                        }
                    };
                    case.votes.push((member, vote));
                }
                // A chair among the members, or from outside the board.
                case.chair = chair.map(|i| {
                    if i < rows.len() {
                        format!("M{i}")
                    } else {
                        "Outside chair".to_string()
                    }
                });
                case
            },
        )
}

fn tally_ok(case: &Case) -> Result<Tally, TestCaseError> {
    case.tally()
        .map_err(|e| TestCaseError::fail(format!("generated ballot refused: {e}")))
}

/// Members recused on the item.
fn recused_members(case: &Case) -> Vec<String> {
    case.presence
        .iter()
        .filter(|p| p.recused)
        .map(|p| p.member.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The outcome (and everything else) does not depend on the order of the votes.
    #[test]
    fn order_of_votes_does_not_matter(
        (case, shuffled) in arb_case().prop_flat_map(|c| {
            let votes = c.votes.clone();
            (Just(c), Just(votes).prop_shuffle())
        })
    ) {
        let mut other = case.clone();
        other.votes = shuffled;
        prop_assert_eq!(tally_ok(&case)?, tally_ok(&other)?);
    }

    /// Figures add up: Y + N + A + not voting = E, heads likewise, no quorum iff quorum not met.
    #[test]
    fn figures_add_up(case in arb_case()) {
        let t = tally_ok(&case)?;
        prop_assert_eq!(t.yes + t.no + t.abstain + t.not_voting, t.entitled);
        prop_assert_eq!(
            t.heads_yes + t.heads_no + t.heads_abstain + t.heads_not_voting,
            t.heads_entitled
        );
        prop_assert!(t.not_voting >= Decimal::ZERO);
        prop_assert_eq!(t.outcome == Outcome::NoQuorum, !t.quorum_met);
        prop_assert_eq!(t.awaiting.is_some(), t.outcome == Outcome::Tied);
        prop_assert!(!t.tie || !t.majority_met);
        // A tie is an equality one casting vote decides, per rule (issue 7: a casting vote
        // never carries a motion whose threshold the votes miss by more than an equality).
        if t.tie {
            let cast = t.yes + t.no;
            match &case.rule.majority {
                Majority::VotesCast => prop_assert!(t.yes == t.no),
                Majority::Present => prop_assert!(t.yes == t.no && cast == t.entitled),
                Majority::Membership => prop_assert!(t.yes == t.no && cast == t.total),
                Majority::DoubleMajority { .. } => prop_assert!(t.yes == t.no || t.heads_yes == t.heads_no),
                Majority::TwoThirdsCast | Majority::Qualified { .. } | Majority::MembersAndWeight { .. } => {
                    prop_assert!(false, "no tie under {:?}", case.rule.majority)
                }
            }
        }
        prop_assert!(!t.explanation.is_empty());
    }

    /// A recused member's vote is refused whatever it is, and it changes nothing: not its
    /// attendance, and (where the rule's base leaves recused members out) not even its seat.
    #[test]
    fn recused_members_change_nothing(case in arb_case(), pick in any::<prop::sample::Index>(), choice in prop_oneof![Just(Choice::Yes), Just(Choice::No), Just(Choice::Abstain)]) {
        let recused = recused_members(&case);
        prop_assume!(!recused.is_empty());
        let member = recused[pick.index(recused.len())].clone();
        let base = tally_ok(&case)?;

        // Its vote is refused, wherever it comes in the list.
        let mut voting = case.clone();
        voting.votes.insert(0, (member.clone(), Vote::Whole(choice)));
        prop_assert_eq!(voting.tally(), Err(VoteError::RecusedVoter { member: member.clone() }));

        // Present or absent, the figures of the vote are the same.
        let mut moved = case.clone();
        for p in &mut moved.presence {
            if p.member == member {
                p.present = !p.present;
            }
        }
        let t = tally_ok(&moved)?;
        prop_assert_eq!((t.yes, t.no, t.abstain, t.entitled), (base.yes, base.no, base.abstain, base.entitled));
        prop_assert_eq!((t.heads_yes, t.heads_no, t.heads_abstain), (base.heads_yes, base.heads_no, base.heads_abstain));
        if !case.rule.quorum.recused_count {
            prop_assert_eq!(t.outcome, base.outcome);
        }

        // Removing it altogether changes nothing when no count includes recused members.
        let membership_based = matches!(
            case.rule.majority,
            Majority::Membership
                | Majority::DoubleMajority { base: Base::Membership }
                | Majority::MembersAndWeight { base: Base::Membership, .. }
        );
        if !case.rule.quorum.recused_count && !membership_based && case.chair.as_deref() != Some(member.as_str()) {
            let mut gone = case.clone();
            gone.seats.retain(|s| s.member != member);
            gone.presence.retain(|p| p.member != member);
            let t = tally_ok(&gone)?;
            prop_assert_eq!(
                (t.outcome, t.yes, t.no, t.abstain, t.entitled),
                (base.outcome, base.yes, base.no, base.abstain, base.entitled)
            );
        }
    }

    /// Every rule is monotone: turning one no into a yes never turns carried into failed.
    #[test]
    fn one_more_yes_never_defeats_a_carried_motion(case in arb_case(), pick in any::<prop::sample::Index>()) {
        let noes: Vec<usize> = case
            .votes
            .iter()
            .enumerate()
            .filter(|(_, (_, v))| *v == Vote::Whole(Choice::No))
            .map(|(i, _)| i)
            .collect();
        prop_assume!(!noes.is_empty());
        let i = noes[pick.index(noes.len())];
        let before = tally_ok(&case)?;
        let mut flipped = case.clone();
        flipped.votes[i].1 = Vote::Whole(Choice::Yes);
        let after = tally_ok(&flipped)?;
        prop_assert!(after.yes >= before.yes);
        prop_assert!(!before.majority_met || after.majority_met, "{} / {}", before.explanation, after.explanation);
        if before.outcome == Outcome::Carried {
            prop_assert_eq!(after.outcome, Outcome::Carried, "{} / {}", before.explanation, after.explanation);
        }
    }

    /// A tie the chair may break is carried by a yes and failed by a no or abstain.
    #[test]
    fn casting_vote_decides_any_pending_tie(case in arb_tied_case(), choice in prop_oneof![Just(Choice::Yes), Just(Choice::No), Just(Choice::Abstain)]) {
        let t = tally_ok(&case)?;
        prop_assume!(t.quorum_met && !t.majority_met);
        prop_assert!(t.tie);
        prop_assert_eq!(t.awaiting, Some(Awaiting::CastingVote));
        let mut decided = case.clone();
        decided.casting = Some(choice);
        let d = tally_ok(&decided)?;
        let expected = if choice == Choice::Yes { Outcome::Carried } else { Outcome::Failed };
        prop_assert_eq!(d.outcome, expected);
        prop_assert_eq!((d.yes, d.no), (t.yes, t.no));
        prop_assert_eq!(d.casting_vote, Some(choice));
    }
}

/// A generated ballot turned into a tie: everyone else is absent, and two new members of equal
/// weight vote yes and no; the chair is from outside and the chair's casting vote decides.
fn arb_tied_case() -> impl Strategy<Value = Case> {
    let majority = prop_oneof![
        Just(Majority::VotesCast),
        Just(Majority::Present),
        Just(Majority::DoubleMajority {
            base: Base::VotesCast
        }),
        Just(Majority::DoubleMajority {
            base: Base::Present
        }),
    ];
    (arb_case(), 1i64..30, majority).prop_map(|(mut case, w, majority)| {
        // Everyone else is away, so the two new members make up all those present and voting:
        // an exact split under every rule picked here.
        case.votes.clear();
        for p in &mut case.presence {
            p.present = false;
        }
        case.rule.majority = majority;
        case.rule.quorum.share = Decimal::ZERO;
        for (member, choice) in [("Tie yes", Choice::Yes), ("Tie no", Choice::No)] {
            case.seats.push(Seat {
                member: member.to_string(),
                weight: Decimal::from(w),
            });
            case.presence.push(Presence {
                member: member.to_string(),
                present: true,
                recused: false,
            });
            case.votes.push((member.to_string(), Vote::Whole(choice)));
        }
        case.rule.ties = TieRule::ChairCasting;
        case.chair = Some("Outside chair".to_string());
        case
    })
}

#[test]
fn generated_cases_reach_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = arb_case();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..4000 {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        if let Ok(t) = tree.current().tally() {
            seen.insert(format!("{:?}{:?}", t.outcome, t.awaiting));
        }
    }
    for wanted in [
        "CarriedNone",
        "FailedNone",
        "NoQuorumNone",
        "TiedSome(RepeatVote)",
        "TiedSome(CastingVote)",
    ] {
        assert!(seen.contains(wanted), "never generated {wanted}: {seen:?}");
    }
}
