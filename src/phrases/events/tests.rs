use rust_decimal_macros::dec;

use super::*;
use crate::board::model::{AuthorRole, DisputeKind};
use crate::phrases::{ALL, EN, FR, code};
use crate::record::event::Attendance;
use crate::rules::dispute::DisputeStatus;

/// Names members `<id>` and items `Title of <id>`, so that a line shows where each came from.
struct Plain;

impl Names for Plain {
    fn member(&self, id: &str) -> String {
        format!("<{id}>")
    }

    fn item_title(&self, id: &str) -> String {
        format!("Title of {id}")
    }
}

/// Every event kind has an index here. The match has no catch-all arm: a new kind stops these
/// tests from compiling until it is given an index, and then [`samples`] must show it.
fn kind_index(e: &Event) -> usize {
    match e {
        Event::MeetingOpened(MeetingOpened { .. }) => 0,
        Event::Attendance { .. } => 1,
        Event::AttendanceCorrected { .. } => 2,
        Event::Proxy { .. } => 3,
        Event::ItemOpened { .. } => 4,
        Event::ItemClosed { .. } => 5,
        Event::ItemDeferred { .. } => 6,
        Event::Recusal { .. } => 7,
        Event::MotionMoved(MotionMoved { .. }) => 8,
        Event::MotionSeconded { .. } => 9,
        Event::MotionWithdrawn { .. } => 10,
        Event::VoteOpened { .. } => 11,
        Event::VoteCast(VoteCast { .. }) => 12,
        Event::VoteCorrected(VoteCorrected { .. }) => 13,
        Event::CastingVote { .. } => 14,
        Event::Presiding(Presiding { .. }) => 15,
        Event::VoteClosed(VoteClosed { .. }) => 16,
        Event::ScoreRecorded(ScoreRecorded { .. }) => 17,
        Event::ConsensusRecorded(ConsensusRecorded { .. }) => 18,
        Event::DisputeLodged(DisputeLodged { .. }) => 19,
        Event::DisputeStatusChanged(DisputeStatusChanged { .. }) => 20,
        Event::Note { .. } => 21,
        Event::Adjourned {} => 22,
        Event::WitnessCited { .. } => 23,
        Event::QuestionPut { .. } => 24,
        Event::ClosedSessionBegan(_) => 25,
        Event::ClosedSessionEnded(_) => 26,
        Event::ReportedOut(_) => 27,
        Event::ConsentPulled(crate::record::event::ConsentPulled { .. }) => 28,
        Event::Recessed(crate::record::event::Recessed { .. }) => 29,
        Event::Resumed {} => 30,
        Event::SpeakerRequested(_) => 31,
        Event::PointOfOrder(_) => 32,
        Event::SpeakerRemoved(_) => 33,
        Event::SpeakerMoved(_) => 34,
        Event::SpeechStarted(_) => 35,
        Event::SpeechEnded(_) => 36,
    }
}

/// How many kinds [`kind_index`] knows.
const KINDS: usize = 37;

/// Events of every kind (with and without their optional parts), each with its English line as
/// the console has always shown it.
fn samples() -> Vec<(Event, &'static str)> {
    let s = |x: &str| x.to_string();
    vec![
        (
            Event::MeetingOpened(MeetingOpened {
                presiding: Some(s("Ann")),
                secretary: None,
                frozen: None,
            }),
            "The meeting is opened, Ann presiding.",
        ),
        (
            Event::MeetingOpened(MeetingOpened {
                presiding: None,
                secretary: Some(s("Sue")),
                frozen: None,
            }),
            "The meeting is opened.",
        ),
        (
            Event::Attendance {
                member: s("m1"),
                status: Attendance::Remote,
                person: Some(s("Bob")),
                alternate: true,
            },
            "<m1>: remote, Bob (alternate)",
        ),
        (
            Event::Attendance {
                member: s("m2"),
                status: Attendance::Present,
                person: Some(s("Cy")),
                alternate: false,
            },
            "<m2>: present, Cy",
        ),
        (
            Event::Attendance {
                member: s("m3"),
                status: Attendance::Absent,
                person: None,
                alternate: false,
            },
            "<m3>: absent",
        ),
        (
            Event::AttendanceCorrected {
                member: s("m1"),
                status: Attendance::Excused,
                person: None,
                alternate: false,
                reason: s("sent apologies"),
            },
            "Correction: <m1> is excused (sent apologies)",
        ),
        (
            Event::Proxy {
                member: s("m3"),
                holder: s("m1"),
            },
            "<m3> gives its proxy to <m1>",
        ),
        (
            Event::ItemOpened { item: s("3") },
            "Item 3 is taken up: Title of 3",
        ),
        (Event::ItemClosed { item: s("3") }, "Item 3 is closed"),
        (
            Event::ItemDeferred {
                item: s("4"),
                reason: s("no time"),
            },
            "Item 4 is deferred: no time",
        ),
        (
            Event::Recusal {
                member: s("m1"),
                scope: RecusalScope::Tender(s("t1")),
                reason: s("a bidder's cousin"),
            },
            "<m1> recuses itself from tender t1: a bidder's cousin",
        ),
        (
            Event::Recusal {
                member: s("m2"),
                scope: RecusalScope::Item(s("4")),
                reason: s("employer"),
            },
            "<m2> recuses itself from item 4: employer",
        ),
        (
            Event::MotionMoved(MotionMoved {
                motion: s("x1"),
                item: s("3"),
                text: s("Award to b1"),
                mover: s("m2"),
                decision: None,
                amends: None,
                consent: Vec::new(),
            }),
            "Motion x1 moved by <m2>: Award to b1",
        ),
        (
            Event::MotionSeconded {
                motion: s("x1"),
                seconder: s("m1"),
            },
            "Motion x1 seconded by <m1>",
        ),
        (
            Event::QuestionPut { motion: s("x1") },
            "The chair puts the question on motion x1: voting is open",
        ),
        (
            Event::MotionWithdrawn { motion: s("x1") },
            "Motion x1 is withdrawn",
        ),
        (
            Event::VoteOpened { motion: s("x1") },
            "Voting opens again on motion x1",
        ),
        (
            Event::VoteCast(VoteCast {
                motion: s("x1"),
                member: s("m1"),
                vote: VoteValue::Whole(Choice::Yes),
                entered_by: s("Sue"),
                proxy: None,
            }),
            "<m1> votes yes on motion x1",
        ),
        (
            Event::VoteCast(VoteCast {
                motion: s("x1"),
                member: s("m2"),
                vote: VoteValue::Split {
                    yes: dec!(30.0),
                    no: dec!(10),
                    abstain: dec!(0),
                },
                entered_by: s("Sue"),
                proxy: Some(s("m1")),
            }),
            "<m2> votes split (yes 30, no 10, abstain 0) on motion x1",
        ),
        (
            Event::VoteCorrected(VoteCorrected {
                motion: s("x1"),
                member: s("m1"),
                vote: VoteValue::Whole(Choice::No),
                entered_by: s("Sue"),
                reason: s("slip"),
            }),
            "Correction: <m1> votes no on motion x1 (slip)",
        ),
        (
            Event::CastingVote {
                motion: s("x1"),
                choice: Choice::Abstain,
            },
            "The chair gives a casting vote abstain on motion x1",
        ),
        (
            Event::Presiding(Presiding {
                member: s("m3"),
                person: Some(s("Cy")),
                reason: Some(s("the chair left")),
            }),
            "<m3> (Cy) presides from now on: the chair left",
        ),
        (
            Event::Presiding(Presiding {
                member: s("m3"),
                person: None,
                reason: None,
            }),
            "<m3> presides from now on",
        ),
        (
            Event::VoteClosed(VoteClosed {
                motion: s("x1"),
                outcome: s("no_quorum"),
                explanation: String::new(),
            }),
            "Vote on motion x1 closed: no_quorum",
        ),
        (
            Event::VoteClosed(VoteClosed {
                motion: s("x1"),
                outcome: s("carried"),
                explanation: s("Yes 60 of 100."),
            }),
            "Vote on motion x1 closed: CARRIED. Yes 60 of 100.",
        ),
        (
            Event::ScoreRecorded(ScoreRecorded {
                member: s("m1"),
                tender: s("t1"),
                bid: s("b1"),
                criterion: s("c1"),
                score: dec!(4.50),
            }),
            "<m1> scores bid b1 of t1 on c1: 4.5",
        ),
        (
            Event::ConsensusRecorded(ConsensusRecorded {
                tender: s("t1"),
                bid: s("b1"),
                criterion: s("c1"),
                score: dec!(4),
                reason: Some(s("agreed")),
            }),
            "Consensus on bid b1 of t1, c1: 4",
        ),
        (
            Event::DisputeLodged(DisputeLodged {
                dispute: s("d1"),
                kind: DisputeKind::BidProtest,
                author: s("Acme Ltd"),
                role: AuthorRole::Bidder,
                tender: Some(s("t1")),
                lot: None,
                bid: None,
                item: None,
                grounds: s("the price was misread"),
                remedy: None,
                blocks_award: true,
                reconsiders: None,
            }),
            "Dispute d1 lodged by Acme Ltd: the price was misread",
        ),
        (
            Event::DisputeStatusChanged(DisputeStatusChanged {
                dispute: s("d1"),
                status: DisputeStatus::UnderReview,
                reasons: None,
            }),
            "Dispute d1 is now under_review",
        ),
        (
            Event::Note {
                item: Some(s("3")),
                text: s("see annex"),
            },
            "Note on item 3: see annex",
        ),
        (
            Event::Note {
                item: None,
                text: s("see annex"),
            },
            "Note: see annex",
        ),
        (Event::Adjourned {}, "The meeting is adjourned."),
        (
            Event::WitnessCited {
                statement: s("witness/2025-06-18-heerbeek.toml"),
                sha256: s("5e9d"),
            },
            "Witness statement witness/2025-06-18-heerbeek.toml is entered in the record",
        ),
        (
            Event::ClosedSessionBegan(crate::record::closed::ClosedSessionBegan {
                item: s("4"),
                ground: s("bids"),
                ground_text: s("commercially sensitive bid information"),
                members: vec![s("m1")],
                staff: vec![],
            }),
            "Item 4 goes into closed session: commercially sensitive bid information",
        ),
        (
            Event::ClosedSessionEnded(crate::record::closed::ClosedSessionEnded {
                item: s("4"),
                lines: 3,
                bytes: 600,
                sha256: s("ab12"),
            }),
            "The closed session on item 4 ends; its record is sealed",
        ),
        (
            Event::ReportedOut(crate::record::closed::ReportedOut {
                item: s("4"),
                text: s("the evaluation report is accepted"),
            }),
            "Reported out from the closed session on item 4: the evaluation report is accepted",
        ),
        (
            Event::MotionMoved(MotionMoved {
                motion: s("a1"),
                item: s("3"),
                text: s("Award to b2"),
                mover: s("m1"),
                decision: None,
                amends: Some(s("x1")),
                consent: Vec::new(),
            }),
            "Amendment a1 to motion x1 moved by <m1>: Award to b2",
        ),
        (
            Event::MotionMoved(MotionMoved {
                motion: s("cb"),
                item: s("consent"),
                text: s("Adopt by consent: item 2 (Minutes)."),
                mover: s("m1"),
                decision: None,
                amends: None,
                consent: vec![s("2")],
            }),
            "Consent block cb moved by <m1>: Adopt by consent: item 2 (Minutes).",
        ),
        (
            Event::ConsentPulled(crate::record::event::ConsentPulled {
                item: s("4"),
                member: s("m2"),
            }),
            "<m2> pulls item 4 off the consent agenda: it is taken on its own",
        ),
        (
            Event::Recessed(crate::record::event::Recessed {
                reason: Some(s("ten minutes")),
            }),
            "The meeting is in recess: ten minutes",
        ),
        (
            Event::Recessed(crate::record::event::Recessed { reason: None }),
            "The meeting is in recess",
        ),
        (
            Event::Resumed {},
            "The meeting resumes; the quorum is counted again",
        ),
    ]
    .into_iter()
    .chain(speaker_samples())
    .collect()
}

/// The speakers' list's events, each with its English line.
fn speaker_samples() -> Vec<(Event, &'static str)> {
    use crate::record::event::{
        SpeakerMoved, SpeakerOnList, SpeakerRequested, SpeakerRole, SpeechEnded,
    };
    let s = |x: &str| x.to_string();
    let on = |speaker: &str| SpeakerOnList {
        item: s("4"),
        speaker: s(speaker),
    };
    vec![
        (
            Event::SpeakerRequested(SpeakerRequested {
                item: s("4"),
                speaker: s("m1"),
                role: SpeakerRole::Member,
            }),
            "<m1> asks to speak on item 4",
        ),
        (
            Event::SpeakerRequested(SpeakerRequested {
                item: s("4"),
                speaker: s("Jo Public"),
                role: SpeakerRole::Public,
            }),
            "Jo Public (member of the public) asks to speak on item 4",
        ),
        (
            Event::PointOfOrder(SpeakerRequested {
                item: s("4"),
                speaker: s("A. Clerk"),
                role: SpeakerRole::Officer,
            }),
            "A. Clerk (officer) rises to a point of order on item 4",
        ),
        (
            Event::SpeakerRemoved(on("m2")),
            "<m2> is taken off the speakers' list of item 4",
        ),
        (
            Event::SpeakerMoved(SpeakerMoved {
                item: s("4"),
                speaker: s("m3"),
                position: 2,
            }),
            "<m3> moves to place 2 on the speakers' list of item 4",
        ),
        (
            Event::SpeechStarted(on("m1")),
            "<m1> has the floor on item 4",
        ),
        (
            Event::SpeechEnded(SpeechEnded { item: s("4") }),
            "The speech on item 4 ends",
        ),
    ]
}

#[test]
fn the_samples_show_every_event_kind() {
    let mut seen = [false; KINDS];
    for (e, _) in samples() {
        seen[kind_index(&e)] = true;
    }
    let missing: Vec<usize> = (0..KINDS).filter(|&k| !seen[k]).collect();
    assert!(missing.is_empty(), "no sample of kind(s) {missing:?}");
}

#[test]
fn english_lines_are_the_consoles() {
    for (e, expected) in samples() {
        assert_eq!(event_line(&EN, &e, &Plain), expected, "{}", e.kind());
    }
}

#[test]
fn every_event_kind_has_a_line_in_every_language() {
    for cat in ALL {
        for (e, _) in samples() {
            let line = event_line(cat, &e, &Plain);
            assert!(
                !line.trim().is_empty(),
                "{}: no line for {}",
                cat.code,
                e.kind()
            );
            assert!(
                !line.contains('{') && !line.contains('}'),
                "{}: a placeholder is left in the line for {}: {line}",
                cat.code,
                e.kind()
            );
        }
    }
}

#[test]
fn french_lines_are_translated() {
    for (e, english) in samples() {
        let french = event_line(&FR, &e, &Plain);
        assert_ne!(french, english, "{} is not translated", e.kind());
    }
    let e = &samples()[2].0;
    assert_eq!(
        event_line(&FR, e, &Plain),
        "<m1> : à distance, Bob (suppléant)"
    );
    let split = &samples()[18].0;
    assert_eq!(
        event_line(&FR, split, &Plain),
        "<m2> vote « partagé (pour 30, contre 10, abstention 0) » sur la motion x1"
    );
}

#[test]
fn french_has_a_word_for_every_code_a_line_quotes() {
    let attendance = [
        Attendance::Present,
        Attendance::Remote,
        Attendance::Absent,
        Attendance::Excused,
    ];
    let outcomes = ["carried", "failed", "no_quorum", "tied"];
    let codes = attendance
        .iter()
        .map(|a| a.as_str())
        .chain(outcomes)
        .chain(DisputeStatus::ALL.iter().map(|s| s.code()));
    for c in codes {
        let listed = FR.events.codes.iter().any(|(code, _)| *code == c);
        assert!(listed, "no French word for `{c}`");
    }
    assert_eq!(FR.events.word("remote"), "à distance");
    // English lines quote the journal's codes as written.
    assert!(EN.events.codes.is_empty());
    // A dispute status reads the same in the French console and the French minutes.
    for s in DisputeStatus::ALL {
        assert_eq!(FR.events.word(s.code()), code(&FR, s.code()));
    }
}
