//! The meeting's rules through the library API (`Meeting::record`), on scratch copies of the
//! example boards (docs/domain.md §2): quorum on every arrival and departure, votes without quorum,
//! recusals, block casting, proxies, corrections, the order of business, ties and the chair's
//! casting vote, alternates, and the weights frozen at opening.
//!
//! Every refusal is checked to leave the journal byte-for-byte unchanged (and the state too), and
//! every test ends by reopening the meeting and comparing the replayed state with the live one.
//!
//! river-valley on 2025-03-11: weights stonebridge 3, verplanck-falls 3, roosekill 3,
//! oakwood-crossing 2, maple-hollow 2, hendrick-falls 2, tillson-point 2, bramblekill 2,
//! quarry-glen 1, birch-notch 1 (W = 21); quorum: more than half the weight (> 10.5); ties fail;
//! block casting; no proxies; chair bramblekill; roosekill recused from tender road-salt-2025
//! (items 4 and 5) in the tender file.
//!
//! euregio-energy on 2025-06-17: bilzenrode 9, heerbeek 18, maasveld 40, tongermaal 26,
//! vaalsbroek 7 (W = 100); quorum: more than half the members AND more than half the weight;
//! awards by double majority of those present; motions: a tie is repeated, then the chair
//! (tongermaal) decides.

mod common;
use common::{copy_dir, edit_once, repo};
use procboard::record::event::VoteClosed;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use procboard::meeting::status::Status;
use procboard::meeting::{JOURNAL_FILE, Meeting, MeetingError};
use procboard::record::event::{Event, VoteValue};
use procboard::record::state::{MotionState, MotionStatus};
use procboard::rules::voting::{Awaiting, Choice, Outcome, Tally};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

const SECRETARY: &str = "Diane Marchetti";

/// A meeting on a scratch copy of an example board, open for writing.
struct Session {
    _tmp: tempfile::TempDir,
    board: PathBuf,
    dir: PathBuf,
    m: Meeting,
    clock: DateTime<Utc>,
}

impl Session {
    /// Opens `meeting` of the example board `board` (after `prepare` edits the scratch copy)
    /// and records `meeting_opened`.
    fn start(board: &str, meeting: &str, prepare: impl FnOnce(&Path)) -> Session {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join(board);
        copy_dir(&repo(&format!("boards/{board}")), &root);
        prepare(&root);
        let dir = root.join("meetings").join(meeting);
        let m = Meeting::open_writer(&dir).expect("the meeting opens");
        let mut s = Session {
            _tmp: tmp,
            board: root,
            dir,
            m,
            clock: Utc
                .with_ymd_and_hms(2025, 3, 11, 22, 30, 0)
                .single()
                .expect("valid"),
        };
        s.ok(json!({"type": "meeting_opened"}));
        s
    }

    fn river() -> Session {
        Session::start("river-valley", "2025-03-regular", |_| {})
    }

    fn tick(&mut self) -> DateTime<Utc> {
        self.clock += Duration::minutes(1);
        self.clock
    }

    fn journal(&self) -> Vec<u8> {
        fs::read(self.dir.join(JOURNAL_FILE)).unwrap_or_default()
    }

    fn state(&self) -> Value {
        serde_json::to_value(&self.m.state).expect("state serialises")
    }

    /// A vote (or a close) on a motion still in debate: the chair puts the question first, as
    /// in the room (these tests are about what comes after; `question_put` has its own tests).
    fn put_question_for(&mut self, event: &Value) {
        let kind = event["type"].as_str().unwrap_or_default();
        if !matches!(kind, "vote_cast" | "vote_closed") {
            return;
        }
        let motion = event["motion"].as_str().unwrap_or_default().to_string();
        if self
            .m
            .state
            .motion(&motion)
            .is_some_and(|m| m.status == MotionStatus::Debate)
        {
            let at = self.tick();
            let put: Event =
                serde_json::from_value(json!({"type": "question_put", "motion": motion}))
                    .expect("well-formed event");
            self.m
                .record(SECRETARY, at, put)
                .expect("the question is put");
        }
    }

    /// Records an event that must be accepted; returns its seq.
    fn ok(&mut self, event: Value) -> u64 {
        self.put_question_for(&event);
        let ev: Event = serde_json::from_value(event.clone()).expect("well-formed event");
        let at = self.tick();
        match self.m.record(SECRETARY, at, ev) {
            Ok(r) => r.seq,
            Err(e) => panic!("{event} refused: {e}"),
        }
    }

    /// Records an event that must be refused; checks that neither the journal nor the state
    /// changed, and returns the message.
    fn refused(&mut self, event: Value) -> String {
        self.put_question_for(&event);
        let ev: Event = serde_json::from_value(event.clone()).expect("well-formed event");
        let bytes = self.journal();
        let state = self.state();
        let records = self.m.records.len();
        let at = self.tick();
        let err = match self.m.record(SECRETARY, at, ev) {
            Ok(r) => panic!("{event} was accepted as seq {}", r.seq),
            Err(e) => e,
        };
        assert!(
            matches!(err, MeetingError::Refused { .. }),
            "{event}: expected a refusal, got {err:?}"
        );
        assert_eq!(self.journal(), bytes, "a refusal wrote to the journal");
        assert_eq!(self.state(), state, "a refusal changed the state");
        assert_eq!(self.m.records.len(), records);
        err.to_string()
    }

    fn present(&mut self, members: &[&str]) {
        for m in members {
            self.ok(json!({"type": "attendance", "member": m, "status": "present"}));
        }
    }

    fn everyone_present(&mut self) {
        let members: Vec<String> = self
            .m
            .state
            .opened
            .as_ref()
            .expect("opened")
            .seats
            .iter()
            .map(|s| s.member.clone())
            .collect();
        for m in members {
            self.ok(json!({"type": "attendance", "member": m, "status": "present"}));
        }
    }

    fn vote(&mut self, motion: &str, member: &str, vote: Value) {
        self.ok(json!({"type": "vote_cast", "motion": motion, "member": member, "vote": vote}));
    }

    fn motion(&self, id: &str) -> &MotionState {
        self.m.state.motion(id).expect("motion exists")
    }

    fn result(&self, id: &str) -> &Tally {
        self.motion(id).result().expect("a result")
    }

    /// The outcome written in the last journal line (a `vote_closed`).
    fn announced(&self) -> String {
        match &self.m.records.last().expect("a record").event {
            Event::VoteClosed(VoteClosed { outcome, .. }) => outcome.clone(),
            other => panic!("last event is {}", other.kind()),
        }
    }

    /// Reopening replays to the identical state.
    fn replays(&self) {
        let again = Meeting::open_read(&self.dir).expect("replays");
        assert_eq!(
            serde_json::to_value(&again.state).expect("json"),
            self.state()
        );
        assert_eq!(again.records, self.m.records);
    }
}

fn dec(n: i64) -> Decimal {
    Decimal::from(n)
}

// ------------------------------------------------------------------------------------------------
// Quorum
// ------------------------------------------------------------------------------------------------

#[test]
fn quorum_is_recomputed_on_every_arrival_and_departure() {
    let mut s = Session::river();
    // Opening logs the quorum once: nobody is present yet.
    assert_eq!(s.m.state.quorum_log.len(), 1);
    assert!(!s.m.state.quorum_log[0].2.met);

    // (member, status, weight present afterwards, quorum met afterwards); W = 21, needs > 10.5.
    let steps: [(&str, &str, i64, bool); 9] = [
        ("stonebridge", "present", 3, false),
        ("verplanck-falls", "present", 6, false),
        ("roosekill", "remote", 9, false),
        ("quarry-glen", "present", 10, false),
        ("birch-notch", "present", 11, true), // the first weight above half
        ("birch-notch", "absent", 10, false), // and back below it
        ("birch-notch", "remote", 11, true),  // remote counts as present
        ("verplanck-falls", "excused", 8, false),
        ("bramblekill", "present", 10, false),
    ];
    for (i, (member, status, weight, met)) in steps.into_iter().enumerate() {
        let seq = s.ok(json!({"type": "attendance", "member": member, "status": status}));
        let log = &s.m.state.quorum_log;
        assert_eq!(log.len(), i + 2, "one quorum entry per attendance change");
        let (at_seq, _, q) = log.last().expect("entry");
        assert_eq!(*at_seq, seq);
        assert_eq!(q.weight_present, dec(weight), "after {member} {status}");
        assert_eq!(q.met, met, "after {member} {status}: {}", q.explanation);
        assert_eq!(s.m.state.quorum_now().expect("quorum").met, met);
        assert_eq!(
            Status::of(
                &s.m,
                &procboard::disputes::Register::default(),
                chrono::NaiveDate::from_ymd_opt(2025, 3, 11).unwrap()
            )
            .quorum
            .expect("quorum")
            .met,
            met
        );
    }
    // A correction is a change of attendance too.
    s.ok(json!({
        "type": "attendance_corrected", "member": "bramblekill", "status": "absent",
        "reason": "Eleanor Decker had sent apologies"
    }));
    let (_, _, q) = s.m.state.quorum_log.last().expect("entry");
    assert_eq!(q.weight_present, dec(8));
    assert_eq!(s.m.state.quorum_log.len(), 11);
    // Notes and items do not touch attendance: no new entry.
    s.ok(json!({"type": "note", "text": "waiting for members"}));
    s.ok(json!({"type": "item_opened", "item": "1"}));
    assert_eq!(s.m.state.quorum_log.len(), 11);
    s.replays();
}

#[test]
fn quorum_threshold_is_exact_strict_or_inclusive() {
    // Stonebridge weighs 4 in these copies: W = 22, half is exactly 11.
    let heavier = |root: &Path| {
        edit_once(
            &root.join("board.toml"),
            "population = 27310\nweight = 3",
            "population = 27310\nweight = 4",
        )
    };
    let eleven = ["stonebridge", "verplanck-falls", "roosekill", "birch-notch"]; // 4+3+3+1
    // Strict ("a majority of the total weight"): exactly half is not enough.
    let mut strict = Session::start("river-valley", "2025-03-regular", heavier);
    strict.present(&eleven);
    let q = strict.m.state.quorum_now().expect("quorum");
    assert_eq!((q.weight_present, q.weight_base), (dec(11), dec(22)));
    assert!(!q.met, "{}", q.explanation);
    strict.present(&["quarry-glen"]);
    assert!(strict.m.state.quorum_now().expect("quorum").met);
    strict.replays();

    // Inclusive ("at least half"): exactly half is enough.
    let mut inclusive = Session::start("river-valley", "2025-03-regular", |root| {
        heavier(root);
        edit_once(
            &root.join("board.toml"),
            "quorum_strict = true ",
            "quorum_strict = false",
        );
    });
    inclusive.present(&eleven[..3]);
    assert!(!inclusive.m.state.quorum_now().expect("quorum").met);
    inclusive.present(&eleven[3..]);
    let q = inclusive.m.state.quorum_now().expect("quorum");
    assert_eq!(q.weight_present, dec(11));
    assert!(q.met, "{}", q.explanation);
    inclusive.replays();
}

#[test]
fn head_and_weight_quorum_needs_both() {
    let mut s = Session::start("euregio-energy", "2025-06-regular", |_| {});
    // 66 of 100 weight, but 2 of 5 members.
    s.present(&["maasveld", "tongermaal"]);
    let q = s.m.state.quorum_now().expect("quorum");
    assert!(q.weight_met && !q.heads_met && !q.met, "{}", q.explanation);
    // 3 members, 73 weight.
    s.present(&["vaalsbroek"]);
    let q = s.m.state.quorum_now().expect("quorum");
    assert!(q.met, "{}", q.explanation);
    assert!(
        q.explanation.contains("3 of 5 members"),
        "{}",
        q.explanation
    );
    assert!(
        q.explanation.contains("73 of 100 weight"),
        "{}",
        q.explanation
    );
    // 3 members but only 34 weight.
    s.ok(json!({"type": "attendance", "member": "maasveld", "status": "absent"}));
    s.present(&["bilzenrode"]);
    let q = s.m.state.quorum_now().expect("quorum");
    assert!(q.heads_met && !q.weight_met && !q.met, "{}", q.explanation);
    s.replays();
}

// ------------------------------------------------------------------------------------------------
// Debate: moved, seconded, debated; the chair puts the question; then the vote
// ------------------------------------------------------------------------------------------------

impl Session {
    /// Records `event` straight through the library (no question put on the way) and returns
    /// the refusal, checking that the journal is unchanged.
    fn refused_as_is(&mut self, event: Value) -> String {
        let ev: Event = serde_json::from_value(event.clone()).expect("well-formed event");
        let bytes = self.journal();
        let at = self.tick();
        let err = match self.m.record(SECRETARY, at, ev) {
            Ok(r) => panic!("{event} was accepted as seq {}", r.seq),
            Err(e) => e,
        };
        assert!(matches!(err, MeetingError::Refused { .. }), "{err:?}");
        assert_eq!(self.journal(), bytes, "a refusal wrote to the journal");
        err.to_string()
    }
}

#[test]
fn a_motion_is_in_debate_until_the_chair_puts_the_question() {
    let mut s = Session::river();
    s.present(&[
        "stonebridge",
        "verplanck-falls",
        "roosekill",
        "oakwood-crossing",
    ]);
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2",
        "text": "Approve the minutes of 11 February", "mover": "stonebridge"
    }));
    assert_eq!(s.motion("m1").status, MotionStatus::Debate);
    assert_eq!(s.state()["motions"][0]["status"], "debate");
    for event in [
        json!({"type": "vote_cast", "motion": "m1", "member": "roosekill", "vote": "yes"}),
        json!({"type": "vote_closed", "motion": "m1"}),
    ] {
        let why = s.refused_as_is(event);
        assert!(
            why.contains("motion `m1` is in debate and the question is not put yet")
                && why.contains("record `question_put`"),
            "{why}"
        );
    }
    // Nor can the item close or the meeting adjourn over a motion in debate.
    let why = s.refused_as_is(json!({"type": "item_closed", "item": "2"}));
    assert!(why.contains("is in debate"), "{why}");
    let why = s.refused_as_is(json!({"type": "adjourned"}));
    assert!(why.contains("is in debate"), "{why}");
    // A seconder may come later in the debate.
    s.ok(json!({"type": "motion_seconded", "motion": "m1", "seconder": "roosekill"}));
    assert_eq!(s.motion("m1").status, MotionStatus::Debate);
    let seq = s.ok(json!({"type": "question_put", "motion": "m1"}));
    assert_eq!(s.motion("m1").status, MotionStatus::Voting);
    assert_eq!(s.motion("m1").question_put, Some(seq));
    let why = s.refused_as_is(json!({"type": "question_put", "motion": "m1"}));
    assert!(why.contains("already put"), "{why}");
    for m in [
        "stonebridge",
        "verplanck-falls",
        "roosekill",
        "oakwood-crossing",
    ] {
        s.vote("m1", m, json!("yes"));
    }
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.motion("m1").status, MotionStatus::Closed);
    let why = s.refused_as_is(json!({"type": "question_put", "motion": "m1"}));
    assert!(why.contains("closed"), "{why}");
    s.replays();
}

#[test]
fn a_motion_in_debate_may_be_withdrawn_and_never_needs_a_question() {
    let mut s = Session::river();
    s.present(&["stonebridge", "verplanck-falls"]);
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2", "text": "Approve", "mover": "stonebridge"
    }));
    s.ok(json!({"type": "motion_withdrawn", "motion": "m1"}));
    let why = s.refused_as_is(json!({"type": "question_put", "motion": "m1"}));
    assert!(why.contains("withdrawn"), "{why}");
    s.ok(json!({"type": "item_closed", "item": "2"}));
    s.replays();
}

#[test]
fn journals_from_before_question_put_replay_with_the_question_put_by_the_first_vote() {
    // The bundled boards' signed meetings were recorded before `question_put` existed: their
    // votes follow `motion_moved` directly, and they still replay, every motion decided.
    for dir in [
        "boards/river-valley/meetings/2025-01-regular",
        "boards/euregio-energy/meetings/2025-04-regular",
    ] {
        let m = Meeting::open_read(&repo(dir)).expect("an old journal replays");
        assert!(!m.state.motions.is_empty(), "{dir}");
        assert!(
            !m.records
                .iter()
                .any(|r| matches!(r.event, Event::QuestionPut { .. })),
            "{dir} has no question_put"
        );
        for motion in &m.state.motions {
            assert!(
                matches!(
                    motion.status,
                    MotionStatus::Closed | MotionStatus::Withdrawn
                ),
                "{dir} {}: {:?}",
                motion.id,
                motion.status
            );
            assert_eq!(motion.question_put, None, "put implicitly, not by an event");
        }
    }
}

#[test]
fn a_vote_closed_without_quorum_is_no_quorum_and_never_carried() {
    let mut s = Session::river();
    s.present(&["stonebridge", "verplanck-falls", "roosekill"]); // 9 of 21
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2",
        "text": "Approve the minutes of 11 February", "mover": "stonebridge"
    }));
    for m in ["stonebridge", "verplanck-falls", "roosekill"] {
        s.vote("m1", m, json!("yes"));
    }
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.announced(), "no_quorum");
    let t = s.result("m1");
    assert_eq!(t.outcome, Outcome::NoQuorum);
    assert!(!t.quorum_met);
    assert!(t.majority_met, "unanimous, yet not carried");
    assert!(
        t.explanation
            .starts_with("no quorum: the vote is not counted as a result"),
        "{}",
        t.explanation
    );
    assert_eq!(s.motion("m1").status, MotionStatus::Closed);
    let status = Status::of(
        &s.m,
        &procboard::disputes::Register::default(),
        chrono::NaiveDate::from_ymd_opt(2025, 3, 11).unwrap(),
    );
    assert_eq!(status.motions[0].outcome.as_deref(), Some("no_quorum"));
    // The decided motion takes no more votes.
    let msg = s
        .refused(json!({"type": "vote_cast", "motion": "m1", "member": "roosekill", "vote": "no"}));
    assert!(msg.contains("closed"), "{msg}");
    s.replays();
}

// ------------------------------------------------------------------------------------------------
// Recusals
// ------------------------------------------------------------------------------------------------

#[test]
fn a_member_recused_in_the_tender_file_cannot_vote_on_the_award_and_is_left_out_of_e() {
    let mut s = Session::river();
    s.everyone_present();
    assert!(
        s.m.state
            .recusals
            .iter()
            .any(|r| r.member == "roosekill" && r.from_file)
    );
    assert!(s.m.state.is_recused("roosekill", "4"));
    assert!(s.m.state.is_recused("roosekill", "5"));
    assert!(!s.m.state.is_recused("roosekill", "3"));

    s.ok(json!({"type": "item_opened", "item": "5"}));
    let msg = s.refused(json!({
        "type": "motion_moved", "motion": "m1", "item": "5", "text": "Award", "mover": "roosekill"
    }));
    assert!(msg.contains("recused"), "{msg}");
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "5",
        "text": "Award road salt to bid rs-1", "mover": "stonebridge"
    }));
    let msg = s.refused(
        json!({"type": "vote_cast", "motion": "m1", "member": "roosekill", "vote": "yes"}),
    );
    assert_eq!(
        msg,
        "vote_cast refused: `roosekill` is recused from item `5` and cannot vote on it"
    );
    for (m, v) in [
        ("stonebridge", "yes"),
        ("verplanck-falls", "yes"),
        ("oakwood-crossing", "no"),
        ("maple-hollow", "yes"),
        ("hendrick-falls", "abstain"),
        ("tillson-point", "yes"),
        ("bramblekill", "no"),
        ("quarry-glen", "yes"),
        ("birch-notch", "no"),
    ] {
        s.vote("m1", m, json!(v));
    }
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    let t = s.result("m1");
    // Award: majority of the weight present and entitled: Y 11 > E/2 = 9.
    assert_eq!(t.entitled, dec(18), "E leaves roosekill's 3 out");
    assert_eq!(t.total, dec(21));
    assert_eq!(t.recused, vec!["roosekill".to_string()]);
    assert_eq!((t.yes, t.no, t.abstain), (dec(11), dec(5), dec(2)));
    assert_eq!(t.outcome, Outcome::Carried);
    // Not counted for quorum either (recused_count_for_quorum = false).
    assert_eq!(t.quorum.weight_base, dec(18));
    assert!(
        t.explanation.contains("of 18 weight present"),
        "{}",
        t.explanation
    );
    s.replays();
}

#[test]
fn a_recusal_event_covers_one_item_only() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({
        "type": "recusal", "member": "hendrick-falls", "scope": {"item": "8"},
        "reason": "the delegate's firm advises the broker"
    }));
    let msg = s.refused(json!({
        "type": "recusal", "member": "hendrick-falls", "scope": {"item": "42"}, "reason": "x"
    }));
    assert!(msg.contains("no item `42`"), "{msg}");
    let msg = s.refused(json!({
        "type": "recusal", "member": "hendrick-falls", "scope": {"tender": "no-such"}, "reason": "x"
    }));
    assert!(msg.contains("no tender `no-such`"), "{msg}");
    let msg = s.refused(json!({
        "type": "recusal", "member": "fernkill", "scope": {"item": "8"}, "reason": "x"
    }));
    assert!(msg.contains("`fernkill` holds no seat"), "{msg}");

    s.ok(json!({"type": "item_opened", "item": "8"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "8", "text": "Renew", "mover": "stonebridge"
    }));
    let msg = s.refused(
        json!({"type": "vote_cast", "motion": "m1", "member": "hendrick-falls", "vote": "no"}),
    );
    assert!(msg.contains("recused from item `8`"), "{msg}");
    s.vote("m1", "stonebridge", json!("yes"));
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    let t = s.result("m1");
    assert_eq!(t.recused, vec!["hendrick-falls".to_string()]);
    assert_eq!(t.quorum.weight_base, dec(19));
    s.ok(json!({"type": "item_closed", "item": "8"}));

    // On another item the member votes as usual.
    s.ok(json!({"type": "item_opened", "item": "7"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m2", "item": "7", "text": "Adopt", "mover": "stonebridge"
    }));
    s.vote("m2", "hendrick-falls", json!("no"));
    s.ok(json!({"type": "vote_closed", "motion": "m2"}));
    let t = s.result("m2");
    assert!(t.recused.is_empty());
    assert_eq!(t.no, dec(2));
    s.replays();
}

// ------------------------------------------------------------------------------------------------
// Block casting, proxies, corrections
// ------------------------------------------------------------------------------------------------

#[test]
fn a_split_vote_is_refused_under_block_casting() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2", "text": "Approve", "mover": "stonebridge"
    }));
    let msg = s.refused(json!({
        "type": "vote_cast", "motion": "m1", "member": "stonebridge",
        "vote": {"yes": "2", "no": "1", "abstain": "0"}
    }));
    assert!(msg.contains("must cast its weight as one block"), "{msg}");
    assert!(msg.contains("split vote is refused"), "{msg}");
    // The whole weight as one block is fine.
    s.vote("m1", "stonebridge", json!("yes"));
    // A correction into a split is refused too.
    let msg = s.refused(json!({
        "type": "vote_corrected", "motion": "m1", "member": "stonebridge",
        "vote": {"yes": "1", "no": "2"}, "reason": "meant to split"
    }));
    assert!(msg.contains("one block"), "{msg}");
    s.replays();
}

#[test]
fn a_proxy_is_refused_when_the_rules_allow_none() {
    let mut s = Session::river();
    s.present(&["stonebridge", "verplanck-falls", "roosekill", "bramblekill"]);
    let msg =
        s.refused(json!({"type": "proxy", "member": "maple-hollow", "holder": "stonebridge"}));
    assert!(msg.contains("allow no proxies"), "{msg}");
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2", "text": "Approve", "mover": "stonebridge"
    }));
    let msg = s.refused(json!({
        "type": "vote_cast", "motion": "m1", "member": "maple-hollow", "vote": "yes",
        "proxy": "stonebridge"
    }));
    assert!(msg.contains("allows no proxies"), "{msg}");
    // Nor can an absent member simply vote.
    let msg = s.refused(
        json!({"type": "vote_cast", "motion": "m1", "member": "maple-hollow", "vote": "yes"}),
    );
    assert!(msg.contains("not recorded as present"), "{msg}");
    s.replays();
}

#[test]
fn a_vote_correction_changes_the_tally_and_keeps_the_history() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2", "text": "Approve", "mover": "stonebridge"
    }));
    s.vote("m1", "stonebridge", json!("yes"));
    s.vote("m1", "verplanck-falls", json!("yes"));
    s.vote("m1", "roosekill", json!("no"));
    s.vote("m1", "bramblekill", json!("no"));
    let msg = s.refused(
        json!({"type": "vote_cast", "motion": "m1", "member": "stonebridge", "vote": "no"}),
    );
    assert!(msg.contains("already voted"), "{msg}");
    assert!(msg.contains("vote_corrected"), "{msg}");
    let msg = s.refused(json!({
        "type": "vote_corrected", "motion": "m1", "member": "quarry-glen", "vote": "no",
        "reason": "x"
    }));
    assert!(msg.contains("nothing to correct"), "{msg}");

    // Before: yes 6, no 5: carried. Verplanck Falls said no, the clerk pressed yes.
    let at = s.tick();
    let rec =
        s.m.record(
            "Clerk",
            at,
            serde_json::from_value(json!({
                "type": "vote_corrected", "motion": "m1", "member": "verplanck-falls",
                "vote": "no", "reason": "entered against the wrong name"
            }))
            .expect("event"),
        )
        .expect("correction accepted");
    let seq = rec.seq;
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    let t = s.result("m1");
    assert_eq!((t.yes, t.no), (dec(3), dec(8)));
    assert_eq!(t.outcome, Outcome::Failed);
    assert_eq!(s.announced(), "failed");

    // The history: the original vote and the correction are both in the journal, and the state
    // keeps the previous vote with the reason and who entered the correction.
    let v = &s.motion("m1").votes["verplanck-falls"];
    assert_eq!(v.vote, VoteValue::Whole(Choice::No));
    assert_eq!(
        v.corrections,
        vec![(
            "entered against the wrong name".to_string(),
            VoteValue::Whole(Choice::Yes)
        )]
    );
    assert_eq!(v.entered_by, "Clerk");
    let kinds: Vec<&str> = s.m.records.iter().map(|r| r.event.kind()).collect();
    assert_eq!(kinds[seq as usize - 1], "vote_corrected");
    assert_eq!(
        kinds.iter().filter(|k| **k == "vote_cast").count(),
        4,
        "the original votes stay in the journal"
    );
    s.replays();
}

#[test]
fn a_closed_vote_cannot_be_corrected() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2", "text": "Approve", "mover": "stonebridge"
    }));
    s.vote("m1", "stonebridge", json!("yes"));
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    let msg = s.refused(json!({
        "type": "vote_corrected", "motion": "m1", "member": "stonebridge", "vote": "no",
        "reason": "too late"
    }));
    assert!(msg.contains("is closed"), "{msg}");
    assert!(msg.contains("reconsider or rescind"), "{msg}");
    let msg = s.refused(json!({"type": "vote_closed", "motion": "m1"}));
    assert!(msg.contains("is closed"), "{msg}");
    let msg = s.refused(json!({"type": "motion_withdrawn", "motion": "m1"}));
    assert!(msg.contains("is closed"), "{msg}");
    s.replays();
}

// ------------------------------------------------------------------------------------------------
// Order of business
// ------------------------------------------------------------------------------------------------

#[test]
fn motions_need_their_item_open() {
    let mut s = Session::river();
    s.everyone_present();
    let moved = |item: &str| {
        json!({
            "type": "motion_moved", "motion": "m1", "item": item, "text": "Approve",
            "mover": "stonebridge"
        })
    };
    let msg = s.refused(moved("2"));
    assert!(
        msg.contains("open item `2` before moving a motion"),
        "{msg}"
    );
    s.ok(json!({"type": "item_opened", "item": "2"}));
    let msg = s.refused(moved("3"));
    assert!(
        msg.contains("item `3` is not the open item (`2` is)"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "item_opened", "item": "3"}));
    assert!(msg.contains("item `2` is still open"), "{msg}");
    s.ok(json!({"type": "item_closed", "item": "2"}));
    let msg = s.refused(moved("2"));
    assert!(msg.contains("open item `2`"), "{msg}");
    let msg = s.refused(json!({"type": "item_opened", "item": "2"}));
    assert!(msg.contains("already closed"), "{msg}");
    // A motion on the open item, by a member who is present.
    s.ok(json!({"type": "item_opened", "item": "3"}));
    s.ok(json!({"type": "attendance", "member": "stonebridge", "status": "absent"}));
    let msg = s.refused(moved("3"));
    assert!(msg.contains("mover `stonebridge` is not present"), "{msg}");
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "3", "text": "Receive the report",
        "mover": "roosekill"
    }));
    let msg = s.refused(json!({"type": "item_closed", "item": "3"}));
    assert!(msg.contains("motion `m1` is in debate"), "{msg}");
    s.ok(json!({"type": "question_put", "motion": "m1"}));
    let msg = s.refused(json!({"type": "item_closed", "item": "3"}));
    assert!(msg.contains("still open"), "{msg}");
    s.replays();
}

#[test]
fn nothing_is_recorded_after_adjournment() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2", "text": "Approve", "mover": "stonebridge"
    }));
    s.ok(json!({"type": "question_put", "motion": "m1"}));
    let msg = s.refused(json!({"type": "adjourned"}));
    assert!(
        msg.contains("the vote on motion `m1` is still open"),
        "{msg}"
    );
    s.ok(json!({"type": "motion_withdrawn", "motion": "m1"}));
    s.ok(json!({"type": "adjourned"}));
    assert!(s.m.state.adjourned_at.is_some());
    for ev in [
        json!({"type": "note", "text": "one more thing"}),
        json!({"type": "attendance", "member": "stonebridge", "status": "absent"}),
        json!({"type": "item_opened", "item": "3"}),
        json!({"type": "adjourned"}),
        json!({"type": "meeting_opened"}),
    ] {
        let msg = s.refused(ev);
        assert!(msg.contains("the meeting is adjourned"), "{msg}");
    }
    s.replays();
}

#[test]
fn nothing_is_recorded_before_opening() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("river-valley");
    copy_dir(&repo("boards/river-valley"), &root);
    let dir = root.join("meetings/2025-03-regular");
    let mut m = Meeting::open_writer(&dir).expect("opens");
    let at = Utc
        .with_ymd_and_hms(2025, 3, 11, 22, 0, 0)
        .single()
        .expect("t");
    let err = m
        .record(
            SECRETARY,
            at,
            serde_json::from_value(json!({"type": "note", "text": "early"})).expect("event"),
        )
        .expect_err("refused");
    assert!(err.to_string().contains("record `meeting_opened` first"));
    assert_eq!(fs::read(dir.join(JOURNAL_FILE)).expect("journal"), b"");
}

// ------------------------------------------------------------------------------------------------
// Ties and the chair's casting vote (euregio: motions repeat a tie, then the chair decides)
// ------------------------------------------------------------------------------------------------

/// euregio-energy with split votes allowed on motions. Its apportioned weights (9, 18, 40, 26,
/// 7) have 31 distinct non-empty subset sums, so no two groups of whole votes can ever tie; a
/// split vote is the only way to reach a tie on this board.
fn euregio_with_splits() -> Session {
    let mut s = Session::start("euregio-energy", "2025-06-regular", |root| {
        edit_once(
            &root.join("board.toml"),
            "ties = \"repeat_then_chair\"",
            "ties = \"repeat_then_chair\"\nblock_casting = false",
        )
    });
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "8"}));
    s
}

fn split(yes: i64, no: i64, abstain: i64) -> Value {
    json!({"yes": yes.to_string(), "no": no.to_string(), "abstain": abstain.to_string()})
}

/// A tie without the chair (tongermaal): 18 + 19 yes against 9 + 7 + 21 no.
fn tie_without_chair(s: &mut Session, motion: &str) {
    s.vote(motion, "heerbeek", json!("yes"));
    s.vote(motion, "bilzenrode", json!("no"));
    s.vote(motion, "vaalsbroek", json!("no"));
    s.vote(motion, "maasveld", split(19, 21, 0));
}

#[test]
fn euregio_motion_tie_is_repeated_then_the_chair_decides() {
    let mut s = euregio_with_splits();
    assert_eq!(
        s.m.state.opened.as_ref().and_then(|o| o.chair.as_deref()),
        Some("tongermaal")
    );
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "8",
        "text": "Adopt the information-security policy 2025", "mover": "heerbeek"
    }));
    s.ok(json!({"type": "motion_seconded", "motion": "m1", "seconder": "maasveld"}));

    // Round 1: a tie, 37 to 37.
    tie_without_chair(&mut s, "m1");
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.announced(), "tied");
    let t = s.result("m1");
    assert_eq!((t.yes, t.no), (dec(37), dec(37)));
    assert_eq!(t.outcome, Outcome::Tied);
    assert_eq!(t.awaiting, Some(Awaiting::RepeatVote));
    assert!(
        t.explanation.contains("first round, repeat the vote"),
        "{}",
        t.explanation
    );
    assert_eq!(s.motion("m1").status, MotionStatus::Tied);

    // While tied: no casting vote yet, no votes, no closing, no adjourning.
    let msg = s.refused(json!({"type": "casting_vote", "motion": "m1", "choice": "yes"}));
    assert!(
        msg.contains("tied in round 1 and must be voted on again before the chair's casting vote decides: record `vote_opened`"),
        "{msg}"
    );
    let msg = s.refused(
        json!({"type": "vote_cast", "motion": "m1", "member": "tongermaal", "vote": "yes"}),
    );
    assert!(
        msg.contains("the votes of this round are counted; motion `m1` tied in round 1 and must be voted on again: record `vote_opened`"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "vote_closed", "motion": "m1"}));
    assert!(
        msg.contains("tied in round 1 and must be voted on again"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "item_closed", "item": "8"}));
    assert!(
        msg.contains("tied in round 1 and must be voted on again"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "adjourned"}));
    assert!(
        msg.contains("cannot adjourn yet: motion `m1` tied in round 1 and must be voted on again: record `vote_opened`"),
        "{msg}"
    );

    // Round 2: the votes start afresh.
    s.ok(json!({"type": "vote_opened", "motion": "m1"}));
    assert_eq!(s.motion("m1").round, 2);
    assert!(s.motion("m1").votes.is_empty());
    let msg = s.refused(json!({"type": "vote_opened", "motion": "m1"}));
    assert!(msg.contains("already open"), "{msg}");
    tie_without_chair(&mut s, "m1");
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.announced(), "tied");
    let t = s.result("m1");
    assert_eq!(t.awaiting, Some(Awaiting::CastingVote));
    assert!(
        t.explanation
            .contains("waiting for the chair's (tongermaal) casting vote"),
        "{}",
        t.explanation
    );
    let msg = s.refused(json!({"type": "vote_opened", "motion": "m1"}));
    assert!(
        msg.contains("a new round starts only after a first-round tie that must be repeated; motion `m1` is tied and waits for the casting vote of the member presiding (`tongermaal`)"),
        "{msg}"
    );
    let msg = s.refused(json!({
        "type": "vote_corrected", "motion": "m1", "member": "heerbeek", "vote": "no", "reason": "r"
    }));
    assert!(
        msg.contains("can no longer be corrected; motion `m1` is tied and waits"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "vote_closed", "motion": "m1"}));
    assert!(
        msg.contains("motion `m1` is tied and waits for the casting vote of the member presiding (`tongermaal`): record `casting_vote`"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "adjourned"}));
    assert!(msg.contains("waits for the casting vote"), "{msg}");

    // The chair decides.
    s.ok(json!({"type": "casting_vote", "motion": "m1", "choice": "yes"}));
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.announced(), "carried");
    let m = s.motion("m1");
    assert_eq!(m.status, MotionStatus::Closed);
    assert_eq!(m.results.len(), 3, "round 1, round 2, the decision");
    let t = s.result("m1");
    assert_eq!(t.outcome, Outcome::Carried);
    assert!(t.tie);
    assert_eq!(t.casting_vote, Some(Choice::Yes));
    assert!(
        t.explanation
            .contains("the chair (tongermaal) gave the casting vote: yes"),
        "{}",
        t.explanation
    );
    let msg = s.refused(json!({"type": "casting_vote", "motion": "m1", "choice": "no"}));
    assert!(msg.contains("is closed"), "{msg}");

    // A casting vote against fails the motion.
    s.ok(json!({
        "type": "motion_moved", "motion": "m2", "item": "8", "text": "Amend the policy",
        "mover": "vaalsbroek"
    }));
    tie_without_chair(&mut s, "m2");
    s.ok(json!({"type": "vote_closed", "motion": "m2"}));
    s.ok(json!({"type": "vote_opened", "motion": "m2"}));
    tie_without_chair(&mut s, "m2");
    s.ok(json!({"type": "vote_closed", "motion": "m2"}));
    s.ok(json!({"type": "casting_vote", "motion": "m2", "choice": "no"}));
    s.ok(json!({"type": "vote_closed", "motion": "m2"}));
    assert_eq!(s.announced(), "failed");
    assert_eq!(s.result("m2").outcome, Outcome::Failed);
    s.ok(json!({"type": "item_closed", "item": "8"}));
    s.replays();
}

#[test]
fn the_chair_cannot_vote_twice() {
    let mut s = euregio_with_splits();
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "8", "text": "Adopt", "mover": "heerbeek"
    }));
    // The chair's own member votes: tongermaal yes 26 against maasveld no 26 (+ 14 abstaining).
    let chair_votes = |s: &mut Session| {
        s.vote("m1", "tongermaal", json!("yes"));
        s.vote("m1", "maasveld", split(0, 26, 14));
    };
    chair_votes(&mut s);
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.announced(), "tied");
    s.ok(json!({"type": "vote_opened", "motion": "m1"}));
    chair_votes(&mut s);
    // The chair already voted: no casting vote, so the tie fails at once.
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.announced(), "failed");
    let t = s.result("m1");
    assert!(t.tie);
    assert_eq!(t.casting_vote, None);
    assert!(
        t.explanation
            .contains("the chair (tongermaal) already voted and has no casting vote"),
        "{}",
        t.explanation
    );
    let msg = s.refused(json!({"type": "casting_vote", "motion": "m1", "choice": "yes"}));
    assert!(msg.contains("casting_vote refused"), "{msg}");
    s.replays();
}

#[test]
fn a_casting_vote_needs_the_chair_present() {
    let mut s = euregio_with_splits();
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "8", "text": "Adopt", "mover": "heerbeek"
    }));
    tie_without_chair(&mut s, "m1");
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    s.ok(json!({"type": "vote_opened", "motion": "m1"}));
    tie_without_chair(&mut s, "m1");
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.result("m1").awaiting, Some(Awaiting::CastingVote));
    // The chair steps out before giving the casting vote.
    s.ok(json!({"type": "attendance", "member": "tongermaal", "status": "absent"}));
    let msg = s.refused(json!({"type": "casting_vote", "motion": "m1", "choice": "yes"}));
    assert!(msg.contains("not recorded as present"), "{msg}");
    // Back in the room, the chair decides.
    s.ok(json!({"type": "attendance", "member": "tongermaal", "status": "present"}));
    s.ok(json!({"type": "casting_vote", "motion": "m1", "choice": "yes"}));
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.announced(), "carried");
    s.replays();
}

/// euregio-energy without its `[rotation]`: no chair is known, and motions still go to the
/// chair on a second tie.
fn euregio_without_rotation() -> Session {
    let mut s = Session::start("euregio-energy", "2025-06-regular", |root| {
        let board = root.join("board.toml");
        edit_once(
            &board,
            "ties = \"repeat_then_chair\"",
            "ties = \"repeat_then_chair\"\nblock_casting = false",
        );
        edit_once(
            &board,
            "[rotation]\norder = \"alphabetical\"\nepoch = 2022\nterm_starts = \"01-01\"\n",
            "",
        );
    });
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "8"}));
    s
}

/// Two rounds tied without the chair's vote; returns after the second `vote_closed`.
fn tie_twice(s: &mut Session, motion: &str) {
    s.ok(json!({
        "type": "motion_moved", "motion": motion, "item": "8", "text": "Adopt", "mover": "heerbeek"
    }));
    tie_without_chair(s, motion);
    s.ok(json!({"type": "vote_closed", "motion": motion}));
    s.ok(json!({"type": "vote_opened", "motion": motion}));
    tie_without_chair(s, motion);
    s.ok(json!({"type": "vote_closed", "motion": motion}));
}

#[test]
fn a_tie_with_nobody_presiding_fails_and_the_meeting_goes_on() {
    let mut s = euregio_without_rotation();
    assert_eq!(s.m.state.presiding, None);
    tie_twice(&mut s, "m1");
    // No chair: the tie cannot wait for a casting vote that can never come. It fails.
    assert_eq!(s.announced(), "failed");
    let t = s.result("m1");
    assert!(t.tie);
    assert!(
        t.explanation
            .contains("no chair presides to give the casting vote, so the tie fails"),
        "{}",
        t.explanation
    );
    assert_eq!(s.motion("m1").status, MotionStatus::Closed);

    // The meeting names who presides: tongermaal, pro tem, who has not voted.
    let msg = s.refused(json!({"type": "presiding", "member": "nowhere"}));
    assert!(msg.contains("holds no seat"), "{msg}");
    s.ok(json!({
        "type": "presiding", "member": "tongermaal", "person": "Els Vandenbroucke",
        "reason": "elected to preside pro tem"
    }));
    assert_eq!(s.m.state.presiding.as_deref(), Some("tongermaal"));
    let change = s.m.state.presiding_changes.last().expect("a change");
    assert_eq!(
        (change.member.as_str(), change.role),
        ("tongermaal", "pro_tem")
    );
    let msg = s.refused(json!({"type": "presiding", "member": "tongermaal"}));
    assert!(msg.contains("already presides"), "{msg}");

    tie_twice(&mut s, "m2");
    assert_eq!(s.announced(), "tied");
    assert_eq!(s.result("m2").awaiting, Some(Awaiting::CastingVote));
    s.ok(json!({"type": "casting_vote", "motion": "m2", "choice": "yes"}));
    s.ok(json!({"type": "vote_closed", "motion": "m2"}));
    assert_eq!(s.announced(), "carried");
    assert!(
        s.result("m2")
            .explanation
            .contains("the chair (tongermaal) gave the casting vote: yes")
    );
    s.ok(json!({"type": "item_closed", "item": "8"}));
    s.ok(json!({"type": "adjourned"}));
    s.replays();
}

#[test]
fn a_tie_the_chair_can_no_longer_break_closes_as_failed() {
    let mut s = euregio_with_splits();
    tie_twice(&mut s, "m1");
    assert_eq!(s.result("m1").awaiting, Some(Awaiting::CastingVote));
    // The chair leaves while the tie waits.
    s.ok(json!({"type": "attendance", "member": "tongermaal", "status": "absent"}));
    let msg = s.refused(json!({"type": "casting_vote", "motion": "m1", "choice": "yes"}));
    assert!(
        msg.contains("is not recorded as present and cannot give a casting vote; record `vote_closed` to close the tie as failed, or `presiding` to name who presides"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "adjourned"}));
    assert!(
        msg.contains("the member presiding (`tongermaal`) can no longer give the casting vote: record `vote_closed` to close the tie as failed"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "presiding", "member": "tongermaal"}));
    assert!(msg.contains("cannot preside"), "{msg}");
    // Closing again closes the tie as failed, as the docs say.
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.announced(), "failed");
    let t = s.result("m1");
    assert!(
        t.explanation.contains(
            "the chair (tongermaal) is not present and has no casting vote, so the tie fails"
        ),
        "{}",
        t.explanation
    );
    assert_eq!(s.motion("m1").results.len(), 3);

    // Next motion: the vice-chair (vaalsbroek) takes the chair, but voted, so cannot cast;
    // heerbeek (voted too) cannot either. Maasveld voted. Nobody who did not vote is present:
    // the vice-chair presides, and the tie fails.
    s.ok(json!({"type": "presiding", "member": "vaalsbroek", "reason": "the chair left"}));
    assert_eq!(
        s.m.state.presiding_changes.last().map(|c| c.role),
        Some("vice_chair")
    );
    tie_twice(&mut s, "m2");
    assert_eq!(s.announced(), "failed");
    assert!(
        s.result("m2")
            .explanation
            .contains("the chair (vaalsbroek) already voted and has no casting vote")
    );
    s.ok(json!({"type": "item_closed", "item": "8"}));
    s.ok(json!({"type": "adjourned"}));
    s.replays();
}

#[test]
fn a_presiding_member_must_be_present() {
    let mut s = euregio_with_splits();
    s.ok(json!({"type": "attendance", "member": "vaalsbroek", "status": "absent"}));
    let msg = s.refused(json!({"type": "presiding", "member": "vaalsbroek"}));
    assert!(
        msg.contains("is not recorded as present and cannot preside"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "presiding", "member": "maasveld", "person": "Nobody"}));
    assert!(
        msg.contains("Nobody is not a delegate or alternate of `maasveld`"),
        "{msg}"
    );
    s.replays();
}

#[test]
fn a_withdrawn_tied_motion_no_longer_waits_for_the_chair() {
    let mut s = euregio_with_splits();
    tie_twice(&mut s, "m1");
    s.ok(json!({"type": "motion_withdrawn", "motion": "m1"}));
    let t = s.result("m1");
    assert_eq!(t.awaiting, None);
    assert!(
        !t.explanation.contains(": waiting for"),
        "{}",
        t.explanation
    );
    assert!(
        t.explanation
            .contains("withdrawn while waiting for the chair's (tongermaal) casting vote"),
        "{}",
        t.explanation
    );
    let status = Status::of(
        &s.m,
        &procboard::disputes::Register::default(),
        chrono::NaiveDate::from_ymd_opt(2025, 6, 17).expect("valid date"),
    )
    .to_string();
    assert!(!status.contains(": waiting for"), "{status}");
    assert!(status.contains("[WITHDRAWN]"), "{status}");
    s.ok(json!({"type": "item_closed", "item": "8"}));
    s.ok(json!({"type": "adjourned"}));
    s.replays();
}

#[test]
fn a_casting_vote_while_voting_is_open_gives_the_true_reason() {
    let mut s = euregio_with_splits();
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "8", "text": "Adopt", "mover": "heerbeek"
    }));
    s.ok(json!({"type": "question_put", "motion": "m1"}));
    let msg = s.refused(json!({"type": "casting_vote", "motion": "m1", "choice": "yes"}));
    assert!(
        msg.contains("the vote on motion `m1` is still open: record `vote_closed` first"),
        "{msg}"
    );
    let msg = s.refused(json!({"type": "adjourned"}));
    assert!(
        msg.contains("cannot adjourn yet: the vote on motion `m1` is still open"),
        "{msg}"
    );
    s.replays();
}

#[test]
fn a_vote_recorded_before_a_member_left_can_still_be_corrected() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "3"}));
    s.ok(json!({"type": "motion_moved", "motion": "m1", "item": "3", "text": "Accept the report", "mover": "stonebridge"}));
    s.vote("m1", "roosekill", json!("no"));
    s.vote("m1", "stonebridge", json!("yes"));
    s.ok(json!({"type": "attendance", "member": "roosekill", "status": "absent"}));
    // A vote not yet cast cannot be cast after leaving…
    s.ok(json!({"type": "attendance", "member": "tillson-point", "status": "absent"}));
    let msg = s.refused(
        json!({"type": "vote_cast", "motion": "m1", "member": "tillson-point", "vote": "yes"}),
    );
    assert!(msg.contains("not recorded as present"), "{msg}");
    // …but one cast before leaving can be put right.
    s.ok(json!({
        "type": "vote_corrected", "motion": "m1", "member": "roosekill", "vote": "yes",
        "reason": "Entered as no by mistake."
    }));
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    let t = s.result("m1");
    assert_eq!((t.yes, t.no), (dec(6), dec(0)));
    assert_eq!(s.announced(), "carried");
    s.replays();
}

#[test]
fn river_valley_ties_fail() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2", "text": "Approve", "mover": "stonebridge"
    }));
    s.vote("m1", "stonebridge", json!("yes"));
    s.vote("m1", "roosekill", json!("no"));
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    assert_eq!(s.announced(), "failed");
    let t = s.result("m1");
    assert!(
        t.tie && t.explanation.contains("a tie fails"),
        "{}",
        t.explanation
    );
    let msg = s.refused(json!({"type": "casting_vote", "motion": "m1", "choice": "yes"}));
    assert!(msg.contains("closed"), "{msg}");
    s.replays();
}

// ------------------------------------------------------------------------------------------------
// Alternates and the frozen board
// ------------------------------------------------------------------------------------------------

#[test]
fn attendance_names_a_listed_delegate_or_alternate() {
    let mut s = Session::river();
    let sit = |person: &str, alternate: bool| {
        json!({
            "type": "attendance", "member": "stonebridge", "status": "present",
            "person": person, "alternate": alternate
        })
    };
    let msg = s.refused(sit("John Doe", false));
    assert!(
        msg.contains("John Doe is not a delegate of `stonebridge`; listed in board.toml"),
        "{msg}"
    );
    assert!(msg.contains("Margaret Van Wyck"), "{msg}");
    let msg = s.refused(sit("John Doe", true));
    assert!(
        msg.contains("is not an alternate of `stonebridge`"),
        "{msg}"
    );
    assert!(msg.contains("Thomas Keane"), "{msg}");
    let msg = s.refused(sit("Thomas Keane", false));
    assert!(msg.contains("not a delegate"), "{msg}");
    let msg = s.refused(sit("Margaret Van Wyck", true));
    assert!(msg.contains("not an alternate"), "{msg}");
    let msg = s.refused(json!({
        "type": "attendance", "member": "birch-notch", "status": "present",
        "person": "Joan Pettit", "alternate": true
    }));
    assert!(msg.contains("not an alternate of `birch-notch`"), "{msg}");
    let msg = s.refused(json!({"type": "attendance", "member": "stonebrige", "status": "present"}));
    assert!(msg.contains("did you mean `stonebridge`?"), "{msg}");
    let msg = s.refused(json!({"type": "attendance", "member": "fernkill", "status": "present"}));
    assert!(msg.contains("holds no seat"), "{msg}");
    s.ok(sit("Thomas Keane", true));
    let a = &s.m.state.attendance["stonebridge"];
    assert_eq!(a.person.as_deref(), Some("Thomas Keane"));
    assert!(a.alternate);
    s.replays();
}

#[test]
fn an_alternate_votes_with_the_full_weight_of_the_seat() {
    let mut s = Session::river();
    s.ok(json!({
        "type": "attendance", "member": "stonebridge", "status": "present",
        "person": "Thomas Keane", "alternate": true
    }));
    s.ok(json!({
        "type": "attendance", "member": "verplanck-falls", "status": "remote",
        "person": "Rita Lansing", "alternate": true
    }));
    s.present(&["roosekill", "oakwood-crossing", "maple-hollow"]);
    // 3 + 3 + 3 + 2 + 2 = 13 > 10.5: the alternates' seats count in full for quorum.
    assert_eq!(
        s.m.state.quorum_now().expect("quorum").weight_present,
        dec(13)
    );
    s.ok(json!({"type": "item_opened", "item": "2"}));
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2", "text": "Approve", "mover": "stonebridge"
    }));
    s.vote("m1", "stonebridge", json!("yes"));
    s.vote("m1", "verplanck-falls", json!("yes"));
    s.vote("m1", "roosekill", json!("no"));
    s.vote("m1", "oakwood-crossing", json!("no"));
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    let t = s.result("m1");
    assert_eq!((t.yes, t.no), (dec(6), dec(5)));
    assert_eq!(t.outcome, Outcome::Carried);
    let status = Status::of(
        &s.m,
        &procboard::disputes::Register::default(),
        chrono::NaiveDate::from_ymd_opt(2025, 3, 11).unwrap(),
    );
    let line = &status.attendance[0];
    assert_eq!(
        (line.member.as_str(), line.person.as_deref(), line.alternate),
        ("stonebridge", Some("Thomas Keane"), true)
    );
    s.replays();
}

#[test]
fn weights_are_frozen_when_the_meeting_opens() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "2"}));
    let votes = [
        ("stonebridge", "yes"),
        ("verplanck-falls", "no"),
        ("roosekill", "no"),
        ("quarry-glen", "yes"),
        ("birch-notch", "yes"),
        ("bramblekill", "yes"),
    ];
    s.ok(json!({
        "type": "motion_moved", "motion": "m1", "item": "2", "text": "Approve", "mover": "stonebridge"
    }));
    for (m, v) in votes {
        s.vote("m1", m, json!(v));
    }
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    let before = s.result("m1").clone();
    assert_eq!((before.yes, before.no), (dec(7), dec(6)));
    assert_eq!(before.outcome, Outcome::Carried);
    let state_before = s.state();
    let dir = s.dir.clone();
    let board = s.board.clone();
    let Session { m, _tmp: tmp, .. } = s;
    drop(m);

    // The board is edited after the opening: Stonebridge now weighs 9.
    edit_once(
        &board.join("board.toml"),
        "population = 27310\nweight = 3",
        "population = 27310\nweight = 9",
    );
    let reread = Meeting::open_read(&dir).expect("reopens");
    let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 11).expect("date");
    let today = procboard::board::resolve::seats_on(&reread.board, date).expect("seats");
    let stonebridge = today
        .seats
        .iter()
        .find(|seat| seat.member.as_deref() == Some("stonebridge"))
        .expect("a seat");
    assert_eq!(stonebridge.weight, dec(9), "the board now says 9");
    // ... but the meeting keeps the weights it opened with.
    assert_eq!(
        serde_json::to_value(&reread.state).expect("json"),
        state_before
    );
    let frozen = reread.state.opened.as_ref().expect("opened");
    assert_eq!(frozen.seats[0].weight, dec(3));

    // New votes after the edit are counted with the frozen weights too.
    let mut m = Meeting::open_writer(&dir).expect("writer");
    let mut at = Utc
        .with_ymd_and_hms(2025, 3, 12, 0, 0, 0)
        .single()
        .expect("t");
    let mut rec = |m: &mut Meeting, ev: Value| {
        at += Duration::minutes(1);
        m.record(SECRETARY, at, serde_json::from_value(ev).expect("event"))
            .map(|r| r.seq)
            .expect("accepted");
    };
    rec(
        &mut m,
        json!({"type": "motion_moved", "motion": "m2", "item": "2", "text": "Again", "mover": "roosekill"}),
    );
    rec(&mut m, json!({"type": "question_put", "motion": "m2"}));
    for (member, v) in votes {
        rec(
            &mut m,
            json!({"type": "vote_cast", "motion": "m2", "member": member, "vote": v}),
        );
    }
    rec(&mut m, json!({"type": "vote_closed", "motion": "m2"}));
    let after = m
        .state
        .motion("m2")
        .and_then(|x| x.result())
        .expect("result");
    assert_eq!(
        (after.yes, after.no, after.total, after.outcome),
        (before.yes, before.no, before.total, before.outcome)
    );
    let again = Meeting::open_read(&dir).expect("replays");
    assert_eq!(
        serde_json::to_value(&again.state).expect("json"),
        serde_json::to_value(&m.state).expect("json")
    );
    drop(tmp);
}

// ------------------------------------------------------------------------------------------------
// Property: whatever is thrown at it, a refusal writes nothing and the journal replays exactly.
// ------------------------------------------------------------------------------------------------

const RV_MEMBERS: [&str; 11] = [
    "stonebridge",
    "verplanck-falls",
    "roosekill",
    "oakwood-crossing",
    "maple-hollow",
    "hendrick-falls",
    "tillson-point",
    "bramblekill",
    "quarry-glen",
    "birch-notch",
    "fernkill", // holds no seat in 2025
];

fn arb_event() -> impl Strategy<Value = Value> {
    let member = (0..RV_MEMBERS.len()).prop_map(|i| RV_MEMBERS[i]);
    let item = (1..=10u8).prop_map(|i| i.to_string());
    let motion = (1..=3u8).prop_map(|i| format!("m{i}"));
    let status = prop_oneof![
        Just("present"),
        Just("remote"),
        Just("absent"),
        Just("excused")
    ];
    let choice = prop_oneof![Just("yes"), Just("no"), Just("abstain")];
    prop_oneof![
        4 => (member.clone(), status).prop_map(|(m, s)| json!({"type": "attendance", "member": m, "status": s})),
        2 => item.clone().prop_map(|i| json!({"type": "item_opened", "item": i})),
        1 => item.clone().prop_map(|i| json!({"type": "item_closed", "item": i})),
        2 => (motion.clone(), item.clone(), member.clone()).prop_map(|(id, i, m)| json!({
            "type": "motion_moved", "motion": id, "item": i, "text": "t", "mover": m
        })),
        5 => (motion.clone(), member.clone(), choice.clone()).prop_map(|(id, m, c)| json!({
            "type": "vote_cast", "motion": id, "member": m, "vote": c
        })),
        1 => (motion.clone(), member.clone()).prop_map(|(id, m)| json!({
            "type": "vote_cast", "motion": id, "member": m, "vote": {"yes": "1", "no": "2"}
        })),
        1 => (motion.clone(), member.clone(), choice.clone()).prop_map(|(id, m, c)| json!({
            "type": "vote_corrected", "motion": id, "member": m, "vote": c, "reason": "r"
        })),
        2 => motion.clone().prop_map(|id| json!({"type": "vote_closed", "motion": id})),
        1 => motion.clone().prop_map(|id| json!({"type": "vote_opened", "motion": id})),
        1 => (motion.clone(), choice).prop_map(|(id, c)| json!({"type": "casting_vote", "motion": id, "choice": c})),
        1 => motion.clone().prop_map(|id| json!({"type": "motion_withdrawn", "motion": id})),
        2 => motion.prop_map(|id| json!({"type": "question_put", "motion": id})),
        1 => (member.clone(), item).prop_map(|(m, i)| json!({
            "type": "recusal", "member": m, "scope": {"item": i}, "reason": "r"
        })),
        1 => (member.clone(), member.clone()).prop_map(|(m, h)| json!({"type": "proxy", "member": m, "holder": h})),
        1 => Just(json!({"type": "note", "text": "n"})),
        1 => member.clone().prop_map(|m| json!({"type": "presiding", "member": m})),
        1 => Just(json!({"type": "adjourned"})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn refusals_write_nothing_and_the_journal_replays_exactly(
        events in proptest::collection::vec(arb_event(), 1..60),
        chair_casting in any::<bool>(),
    ) {
        let mut s = if chair_casting {
            Session::start("river-valley", "2025-03-regular", |root| {
                edit_once(&root.join("board.toml"), "\nties = \"fails\"", "\nties = \"chair_casting\"")
            })
        } else {
            Session::river()
        };
        let mut accepted = 1usize;
        for ev in events {
            let parsed: Event = serde_json::from_value(ev.clone()).expect("well-formed");
            let bytes = s.journal();
            let state = s.state();
            let at = s.tick();
            match s.m.record(SECRETARY, at, parsed) {
                Ok(_) => {
                    accepted += 1;
                    prop_assert!(s.journal().len() > bytes.len());
                }
                Err(e) => {
                    prop_assert!(matches!(e, MeetingError::Refused { .. }), "{e:?}");
                    prop_assert_eq!(s.journal(), bytes);
                    prop_assert_eq!(s.state(), state);
                }
            }
            prop_assert_eq!(s.m.records.len(), accepted);
            prop_assert_eq!(s.m.state.last_seq, accepted as u64);
        }
        s.replays();
        // The meeting always has a way forward: every unfinished motion can be taken further by
        // putting the question, `vote_closed`, a new round, or the casting vote of the member
        // presiding, without withdrawing it; and once they are all withdrawn, the meeting can
        // adjourn.
        if s.m.state.adjourned_at.is_none() {
            for mo in s.m.state.motions.clone() {
                if !matches!(
                    mo.status,
                    MotionStatus::Debate | MotionStatus::Voting | MotionStatus::Tied
                ) {
                    continue;
                }
                let ways = [
                    json!({"type": "question_put", "motion": mo.id}),
                    json!({"type": "vote_closed", "motion": mo.id}),
                    json!({"type": "vote_opened", "motion": mo.id}),
                    json!({"type": "casting_vote", "motion": mo.id, "choice": "yes"}),
                ];
                let open = ways.iter().any(|w| {
                    let ev: Event = serde_json::from_value(w.clone()).expect("well-formed");
                    s.m.state.check(&ev).is_ok()
                });
                prop_assert!(open, "motion {} ({:?}) is stuck", mo.id, mo.status);
                s.ok(json!({"type": "motion_withdrawn", "motion": mo.id}));
            }
            let ev: Event = serde_json::from_value(json!({"type": "adjourned"})).expect("event");
            prop_assert!(s.m.state.check(&ev).is_ok());
        }
        // A closed motion's announced outcome matches what its tally says.
        for mo in &s.m.state.motions {
            if mo.status == MotionStatus::Closed {
                let t = mo.result().expect("a closed motion has a result");
                prop_assert!(t.outcome != Outcome::Tied);
                if t.outcome == Outcome::Carried {
                    prop_assert!(t.quorum_met);
                }
            }
        }
    }
}

#[test]
fn a_vote_cast_before_the_member_leaves_still_counts() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "3"}));
    s.ok(json!({"type": "motion_moved", "motion": "m1", "item": "3", "text": "Accept the report", "mover": "stonebridge"}));
    s.vote("m1", "roosekill", json!("yes"));
    s.vote("m1", "stonebridge", json!("no"));
    // Roosekill (3) leaves before the vote closes: its yes stays counted.
    s.ok(json!({"type": "attendance", "member": "roosekill", "status": "absent"}));
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    let t = s.result("m1");
    assert_eq!(t.yes, dec(3));
    assert_eq!(t.no, dec(3));
    assert_eq!(s.announced(), "failed", "a tie fails on this board");
    s.replays();
}

#[test]
fn a_meeting_keeps_what_it_froze_when_files_change_later() {
    let mut s = Session::river();
    s.everyone_present();
    s.ok(json!({"type": "item_opened", "item": "5"}));
    s.ok(json!({"type": "motion_moved", "motion": "m1", "item": "5", "mover": "stonebridge"}));
    s.vote("m1", "hendrick-falls", json!("yes"));
    // After the vote, someone adds a recusal of hendrick-falls to the tender file, and edits
    // the agenda title: the journal must still replay, unchanged, with a warning.
    let tender = s.board.join("tenders/road-salt-2025.toml");
    let text = fs::read_to_string(&tender).unwrap();
    let first_recusal = text
        .find("[[tender.recusal]]")
        .expect("the tender has a recusal");
    let mut edited = text.clone();
    edited.insert_str(
        first_recusal,
        "[[tender.recusal]]\nmember = \"hendrick-falls\"\nreason = \"added after the vote\"\n\n",
    );
    fs::write(&tender, edited).unwrap();
    let agenda = s.dir.join("agenda.toml");
    let a = fs::read_to_string(&agenda).unwrap();
    fs::write(
        &agenda,
        a.replacen("title = ", "title = \"Renamed\"\n# was: ", 1),
    )
    .unwrap();
    let again = Meeting::open_read(&s.dir).expect("the journal still replays");
    assert_eq!(serde_json::to_value(&again.state).unwrap(), s.state());
    assert!(
        again
            .warnings
            .iter()
            .any(|w| w.contains("agenda.toml has changed since the meeting opened")),
        "{:?}",
        again.warnings
    );
    // The recusal added to the file does not apply to this meeting.
    assert!(!again.state.is_recused("hendrick-falls", "5"));
}
