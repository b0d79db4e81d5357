//! Amendments, the consent agenda and a recess through the library API (`Meeting::record`), on a
//! scratch copy of river-valley's March 2025 meeting (docs/meeting-journal.md, "Amendments",
//! "The consent agenda", `recessed`, `resumed`); the minutes of each in English and French.
//!
//! Every refusal is checked to leave the journal byte-for-byte unchanged (and the state too), and
//! every test ends by reopening the meeting and comparing the replayed state with the live one.
//!
//! river-valley: weights stonebridge 3, verplanck-falls 3, roosekill 3, oakwood-crossing 2,
//! maple-hollow 2, hendrick-falls 2, tillson-point 2, bramblekill 2, quarry-glen 1,
//! birch-notch 1 (W = 21); item 7 is decided by `budget` (two thirds of the votes cast), item 8
//! by `motion` (`default`: a simple majority of the votes cast).

mod common;
use common::{copy_dir, edit_once, repo};

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use procboard::meeting::status::Status;
use procboard::meeting::{JOURNAL_FILE, Meeting, MeetingError};
use procboard::record::event::Event;
use procboard::record::state::{ItemStatus, MotionState};
use procboard::rules::voting::Outcome;
use serde_json::{Value, json};

const SECRETARY: &str = "Diane Marchetti";
const MEMBERS: [&str; 10] = [
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
];

struct Session {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    m: Meeting,
    clock: DateTime<Utc>,
}

impl Session {
    /// river-valley's March meeting (after `prepare` edits the scratch copy), opened, everyone
    /// present.
    fn start(prepare: impl FnOnce(&Path)) -> Session {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("river-valley");
        copy_dir(&repo("boards/river-valley"), &root);
        // Minutes in both languages.
        edit_once(
            &root.join("board.toml"),
            "languages = [\"en\"]",
            "languages = [\"en\", \"fr\"]",
        );
        prepare(&root);
        let dir = root.join("meetings/2025-03-regular");
        let m = Meeting::open_writer(&dir).expect("the meeting opens");
        let mut s = Session {
            _tmp: tmp,
            dir,
            m,
            clock: Utc
                .with_ymd_and_hms(2025, 3, 11, 22, 30, 0)
                .single()
                .expect("valid"),
        };
        s.ok(json!({"type": "meeting_opened"}));
        for m in MEMBERS {
            s.ok(json!({"type": "attendance", "member": m, "status": "present"}));
        }
        s
    }

    fn ok(&mut self, event: Value) -> u64 {
        let ev: Event = serde_json::from_value(event.clone()).expect("well-formed event");
        self.clock += Duration::minutes(1);
        match self.m.record(SECRETARY, self.clock, ev) {
            Ok(r) => r.seq,
            Err(e) => panic!("{event} refused: {e}"),
        }
    }

    fn journal(&self) -> Vec<u8> {
        fs::read(self.dir.join(JOURNAL_FILE)).unwrap_or_default()
    }

    fn state(&self) -> Value {
        serde_json::to_value(&self.m.state).expect("state serialises")
    }

    /// An event that must be refused, leaving journal and state as they were; its message.
    fn refused(&mut self, event: Value) -> String {
        let ev: Event = serde_json::from_value(event.clone()).expect("well-formed event");
        let (bytes, state) = (self.journal(), self.state());
        self.clock += Duration::minutes(1);
        let err = match self.m.record(SECRETARY, self.clock, ev) {
            Ok(r) => panic!("{event} was accepted as seq {}", r.seq),
            Err(e) => e,
        };
        assert!(matches!(err, MeetingError::Refused { .. }), "{err:?}");
        assert_eq!(self.journal(), bytes, "a refusal wrote to the journal");
        assert_eq!(self.state(), state, "a refusal changed the state");
        err.to_string()
    }

    fn motion(&self, id: &str) -> &MotionState {
        self.m.state.motion(id).expect("motion exists")
    }

    /// Puts the question on `motion`, casts `yes` for the first `yes` members and `no` for
    /// the rest, and closes the vote.
    fn vote(&mut self, motion: &str, yes: usize) {
        self.ok(json!({"type": "question_put", "motion": motion}));
        for (i, m) in MEMBERS.iter().enumerate() {
            let v = if i < yes { "yes" } else { "no" };
            self.ok(json!({"type": "vote_cast", "motion": motion, "member": m, "vote": v}));
        }
        self.ok(json!({"type": "vote_closed", "motion": motion}));
    }

    fn item(&self, id: &str) -> ItemStatus {
        self.m
            .state
            .items
            .iter()
            .find(|i| i.id == id)
            .expect("an item")
            .status
    }

    fn replays(&self) {
        let again = Meeting::open_read(&self.dir).expect("replays");
        assert_eq!(
            serde_json::to_value(&again.state).expect("json"),
            self.state()
        );
        assert_eq!(again.records, self.m.records);
    }

    fn status(&self) -> Status {
        Status::of(
            &self.m,
            &procboard::disputes::Register::default(),
            chrono::NaiveDate::from_ymd_opt(2025, 3, 11).expect("a date"),
        )
    }

    /// Adjourns, checks the replay, and renders the minutes: (minutes.md, minutes.json).
    fn adjourn_and_render_both(&mut self) -> (String, String) {
        if let Some(i) = self.m.state.current_item().map(|i| i.id.clone()) {
            self.ok(json!({"type": "item_closed", "item": i}));
        }
        self.ok(json!({"type": "adjourned"}));
        self.replays();
        let (_, rendered) = procboard::minutes::render_meeting(&self.dir).expect("minutes");
        (rendered.markdown, rendered.json)
    }

    fn adjourn_and_render(&mut self) -> String {
        self.adjourn_and_render_both().0
    }
}

const BUDGET: &str = "Adopt the operating budget for the fiscal year 1 July 2025 to 30 June 2026 of $412,600, and the member assessments in its schedule A.";
const AMENDED: &str = "Adopt the operating budget for the fiscal year 1 July 2025 to 30 June 2026 of $400,000, and the member assessments in its schedule A.";
const SECONDARY: &str = "Adopt the operating budget for the fiscal year 1 July 2025 to 30 June 2026 of $405,000, and the member assessments in its schedule A.";

/// Item 7 open, motion m1 (the agenda's text) moved by stonebridge and seconded.
fn budget_motion(s: &mut Session) {
    s.ok(json!({"type": "item_opened", "item": "7"}));
    s.ok(json!({"type": "motion_moved", "motion": "m1", "item": "7", "mover": "stonebridge"}));
    s.ok(json!({"type": "motion_seconded", "motion": "m1", "seconder": "verplanck-falls"}));
}

fn amend(id: &str, amends: &str, text: &str, mover: &str) -> Value {
    json!({"type": "motion_moved", "motion": id, "item": "7", "mover": mover,
           "amends": amends, "text": text})
}

#[test]
fn an_amendment_to_the_amendment_carries_then_the_amendment_then_the_motion_as_amended() {
    let mut s = Session::start(|_| {});
    budget_motion(&mut s);
    let a1 = amend("a1", "m1", AMENDED, "roosekill");
    s.ok(a1);
    s.ok(json!({"type": "motion_seconded", "motion": "a1", "seconder": "quarry-glen"}));
    // No amendment named in the board: the amendment is counted by the motion's own rule.
    assert_eq!(s.motion("a1").decision, "budget");
    assert_eq!(s.motion("a1").procedure.amends.as_deref(), Some("m1"));

    // The main question is not put while an amendment to it is pending.
    let e = s.refused(json!({"type": "question_put", "motion": "m1"}));
    assert!(
        e.contains("amendment `a1` to motion `m1` is pending"),
        "{e}"
    );
    // One primary amendment at a time.
    let other = amend("a9", "m1", SECONDARY, "birch-notch");
    let e = s.refused(other);
    assert!(
        e.contains("amendment `a1` to motion `m1` is still pending"),
        "{e}"
    );
    // The main motion is not withdrawn from under its amendment.
    let e = s.refused(json!({"type": "motion_withdrawn", "motion": "m1"}));
    assert!(
        e.contains("amendment `a1` to motion `m1` is pending"),
        "{e}"
    );

    // An amendment to the amendment (the second level) ...
    let a2 = amend("a2", "a1", SECONDARY, "oakwood-crossing");
    s.ok(a2);
    // ... and no third.
    let a3 = amend("a3", "a2", AMENDED, "birch-notch");
    let e = s.refused(a3);
    assert!(e.contains("third level"), "{e}");
    assert!(e.contains("amendment to amendment `a1`"), "{e}");

    // a2 carries: a1 now reads as a2 says, and m1 is untouched.
    s.vote("a2", 8);
    assert_eq!(
        s.motion("a2").result().map(|t| t.outcome),
        Some(Outcome::Carried)
    );
    assert_eq!(s.motion("a1").text, SECONDARY);
    assert_eq!(
        s.motion("a1").procedure.moved_text.as_deref(),
        Some(AMENDED)
    );
    assert_eq!(s.motion("m1").text, BUDGET);
    // a1 (as amended) carries: m1 reads as amended, its text as moved kept.
    s.vote("a1", 8);
    assert_eq!(s.motion("m1").text, SECONDARY);
    assert_eq!(s.motion("m1").procedure.moved_text.as_deref(), Some(BUDGET));
    assert_eq!(s.motion("m1").procedure.amended_by, vec!["a1".to_string()]);
    // Now the main question: 7 yes, 3 no is two thirds of the votes cast.
    s.vote("m1", 7);
    assert_eq!(
        s.motion("m1").result().map(|t| t.outcome),
        Some(Outcome::Carried)
    );
    s.replays();

    // status --json shows the amendment and the motion as amended.
    let status = s.status();
    let json = serde_json::to_value(&status).expect("json");
    let motions = json["motions"].as_array().expect("motions");
    let m1 = motions.iter().find(|m| m["id"] == "m1").expect("m1");
    assert_eq!(m1["text"], SECONDARY);
    assert_eq!(m1["moved_text"], BUDGET);
    assert_eq!(m1["amended_by"], json!(["a1"]));
    let a2 = motions.iter().find(|m| m["id"] == "a2").expect("a2");
    assert_eq!(a2["amends"], "a1");
    let text = status.to_string();
    assert!(text.contains("a1 (item 7, amends m1)"), "{text}");

    let (md, json) = s.adjourn_and_render_both();
    let json: Value = serde_json::from_str(&json).expect("minutes.json");
    let motions = json["motions"].as_array().expect("motions");
    let m1 = motions.iter().find(|m| m["id"] == "m1").expect("m1");
    assert_eq!(m1["moved_text"], BUDGET);
    assert_eq!(m1["text"], SECONDARY);
    assert_eq!(m1["amended_by"], json!(["a1"]));
    let a2 = motions.iter().find(|m| m["id"] == "a2").expect("a2");
    assert_eq!(a2["amends"], "a1");
    let en = md.split("<a id=\"fr\">").next().unwrap_or(&md);
    for line in [
        "Motion m1, moved by".to_string(),
        format!("> {BUDGET}"),
        "Amendment a1 to motion m1, moved by".to_string(),
        "Amendment a2 to motion a1, moved by".to_string(),
        format!("Amendment a2 is adopted: motion a1 now reads:\n\n> {SECONDARY}"),
        format!("Amendment a1 is adopted: motion m1 now reads:\n\n> {SECONDARY}"),
        format!("Motion m1 as amended by a1 is put to the vote in these words:\n\n> {SECONDARY}"),
    ] {
        assert!(en.contains(&line), "{line:?} not in the minutes:\n{en}");
    }
    for line in [
        "Amendement a1 à la motion m1, proposé par",
        "L'amendement a1 est adopté : la motion m1 se lit désormais :",
        "La motion m1, telle qu'amendée par a1, est mise aux voix en ces termes :",
    ] {
        assert!(
            md.contains(line),
            "{line:?} not in the French minutes:\n{md}"
        );
    }
}

#[test]
fn a_failed_or_withdrawn_amendment_leaves_the_text_and_the_board_rule_counts_amendments() {
    let mut s = Session::start(|root| {
        let board = root.join("board.toml");
        let mut text = fs::read_to_string(&board).expect("board.toml");
        text.push_str("\n[decisions.amendment]\nmajority = \"two_thirds_cast\"\n");
        fs::write(&board, text).expect("write");
    });
    // Item 8 is decided by a simple majority; its amendments by two thirds here.
    s.ok(json!({"type": "item_opened", "item": "8"}));
    s.ok(json!({"type": "motion_moved", "motion": "m1", "item": "8", "mover": "stonebridge"}));
    let text = s.motion("m1").text.clone();
    let three_years = text.replace("for one year", "for three years");
    s.ok(
        json!({"type": "motion_moved", "motion": "a1", "item": "8", "mover": "roosekill",
                "amends": "m1", "text": three_years}),
    );
    assert_eq!(s.motion("a1").decision, "amendment");
    // 11 yes to 10 no by weight is a majority, but not two thirds: the amendment fails.
    s.vote("a1", 4);
    assert_eq!(
        s.motion("a1").result().map(|t| t.outcome),
        Some(Outcome::Failed)
    );
    assert_eq!(s.motion("m1").text, text);
    assert!(s.motion("m1").procedure.amended_by.is_empty());
    // A second amendment, withdrawn: the text stays.
    s.ok(
        json!({"type": "motion_moved", "motion": "a2", "item": "8", "mover": "roosekill",
                "amends": "m1", "text": text.replace("$38,500", "$35,000")}),
    );
    s.ok(json!({"type": "motion_withdrawn", "motion": "a2"}));
    assert_eq!(s.motion("m1").text, text);

    // Refused: the same text; no text; another item's motion; an amendment to itself.
    let e = s.refused(json!({"type": "motion_moved", "motion": "a3", "item": "8",
                              "mover": "roosekill", "amends": "m1", "text": text}));
    assert!(e.contains("as it stands"), "{e}");
    let e = s.refused(json!({"type": "motion_moved", "motion": "a3", "item": "8",
                              "mover": "roosekill", "amends": "m1"}));
    assert!(e.contains("whole text of motion `m1` as amended"), "{e}");
    let e = s.refused(json!({"type": "motion_moved", "motion": "a3", "item": "7",
                              "mover": "roosekill", "amends": "m1", "text": "x"}));
    assert!(e.contains("`item` must be `8`"), "{e}");
    let e = s.refused(json!({"type": "motion_moved", "motion": "a3", "item": "8",
                              "mover": "roosekill", "amends": "zz", "text": "x"}));
    assert!(e.contains("no motion `zz`"), "{e}");
    // Once the question is put, no amendment.
    s.ok(json!({"type": "question_put", "motion": "m1"}));
    let e = s.refused(json!({"type": "motion_moved", "motion": "a3", "item": "8",
                              "mover": "roosekill", "amends": "m1", "text": "x"}));
    assert!(e.contains("already put"), "{e}");
    s.ok(json!({"type": "motion_withdrawn", "motion": "m1"}));
    let md = s.adjourn_and_render();
    assert!(md.contains("Amendment a1 to motion m1, moved by"), "{md}");
    assert!(!md.contains("is adopted: motion m1"), "{md}");
}

/// Items 2, 7 and 8 on the consent agenda.
fn consent_agenda(root: &Path) {
    let agenda = root.join("meetings/2025-03-regular/agenda.toml");
    for (from, to) in [
        (
            "minutes_of = \"2025-02-regular\"\n",
            "minutes_of = \"2025-02-regular\"\nconsent = true\n",
        ),
        (
            "decision = \"budget\"\n",
            "decision = \"budget\"\nconsent = true\n",
        ),
        (
            "title = \"Renew the insurance broker-of-record agreement\"\n",
            "title = \"Renew the insurance broker-of-record agreement\"\nconsent = true\n",
        ),
    ] {
        edit_once(&agenda, from, to);
    }
}

#[test]
fn the_consent_block_adopts_every_item_left_on_the_consent_agenda_by_one_vote() {
    let mut s = Session::start(consent_agenda);
    assert_eq!(s.m.state.consent_items(), vec!["2", "7", "8"]);
    // A consent item is not taken on its own before it is pulled.
    let e = s.refused(json!({"type": "item_opened", "item": "2"}));
    assert!(e.contains("on the consent agenda"), "{e}");
    // Only consent items are pulled, by members present, once.
    let e = s.refused(json!({"type": "consent_pulled", "item": "3", "member": "roosekill"}));
    assert!(e.contains("not on the consent agenda"), "{e}");
    let e = s.refused(json!({"type": "consent_pulled", "item": "7", "member": "nobody"}));
    assert!(e.contains("holds no seat"), "{e}");
    s.ok(json!({"type": "consent_pulled", "item": "7", "member": "roosekill"}));
    let e = s.refused(json!({"type": "consent_pulled", "item": "7", "member": "stonebridge"}));
    assert!(e.contains("already pulled"), "{e}");
    assert_eq!(s.m.state.consent_items(), vec!["2", "8"]);
    let text = s.status().to_string();
    assert!(
        text.contains("  Consent agenda (one vote): items 2, 8"),
        "{text}"
    );
    assert!(
        text.contains("  Item 7 pulled off the consent agenda by roosekill"),
        "{text}"
    );

    // The block lists exactly the items left, and is moved between items.
    let e = s.refused(
        json!({"type": "motion_moved", "motion": "cb", "item": "consent",
                              "mover": "stonebridge", "consent": ["2", "7", "8"]}),
    );
    assert!(
        e.contains("`2` and `8`") || e.contains("2") && e.contains("8"),
        "{e}"
    );
    s.ok(json!({"type": "item_opened", "item": "1"}));
    let e = s.refused(
        json!({"type": "motion_moved", "motion": "cb", "item": "consent",
                              "mover": "stonebridge", "consent": ["2", "8"]}),
    );
    assert!(e.contains("item `1` is open"), "{e}");
    s.ok(json!({"type": "item_closed", "item": "1"}));
    s.ok(
        json!({"type": "motion_moved", "motion": "cb", "item": "consent",
                "mover": "stonebridge", "consent": ["2", "8"]}),
    );
    let text = s.motion("cb").text.clone();
    assert_eq!(
        text,
        "Adopt by consent: item 2 (Approval of the minutes of the regular meeting of 11 February 2025); item 8 (Renew the insurance broker-of-record agreement)."
    );
    // After the block is moved, nothing more is pulled; the block is not amended.
    let e = s.refused(json!({"type": "consent_pulled", "item": "8", "member": "roosekill"}));
    assert!(e.contains("withdraw the block"), "{e}");
    let e = s.refused(
        json!({"type": "motion_moved", "motion": "a1", "item": "consent",
                              "mover": "roosekill", "amends": "cb", "text": "x"}),
    );
    assert!(e.contains("consent block"), "{e}");
    s.vote("cb", 10);
    assert_eq!(s.item("2"), ItemStatus::Closed);
    assert_eq!(s.item("8"), ItemStatus::Closed);
    assert_eq!(s.item("7"), ItemStatus::Pending);
    assert_eq!(s.m.state.consent.adopted, vec!["2", "8"]);
    assert!(s.m.state.consent_items().is_empty());
    let text = s.status().to_string();
    assert!(
        text.contains("  Adopted on consent by motion cb: items 2, 8"),
        "{text}"
    );
    assert!(!text.contains("Consent agenda (one vote)"), "{text}");
    let json = serde_json::to_value(s.status()).expect("json");
    assert_eq!(json["consent"]["adopted_by"], "cb");
    assert_eq!(json["consent"]["pulled"][0]["member"], "roosekill");
    // The pulled item is taken on its own.
    s.ok(json!({"type": "item_opened", "item": "7"}));
    s.ok(json!({"type": "motion_moved", "motion": "m7", "item": "7", "mover": "stonebridge"}));
    s.vote("m7", 10);
    let md = s.adjourn_and_render();
    for line in [
        "roosekill pulled item 7",
        "### Consent agenda",
        "Consent block cb, moved by",
        "Adopted by this vote (motion cb):",
        "- Item 2: Approval of the minutes of the regular meeting of 11 February 2025, adopted on consent.",
        "- Item 8: Renew the insurance broker-of-record agreement, adopted on consent.",
        // Item 2 approves February's minutes: adopted on consent, they are approved.
        "The minutes of meeting 2025-02-regular are approved.",
        "### Ordre du jour de consentement",
        "- Point 8 : Renew the insurance broker-of-record agreement, adopté par consentement.",
    ] {
        let line = line.replace("roosekill", "");
        assert!(
            md.contains(line.trim()),
            "{line:?} not in the minutes:\n{md}"
        );
    }
}

#[test]
fn a_member_recused_from_an_item_of_the_block_is_recused_from_the_block() {
    let mut s = Session::start(consent_agenda);
    s.ok(json!({
        "type": "recusal", "member": "hendrick-falls", "scope": {"item": "8"},
        "reason": "the delegate's firm advises the broker"
    }));
    s.ok(
        json!({"type": "motion_moved", "motion": "cb", "item": "consent",
                "mover": "stonebridge", "consent": ["2", "7", "8"]}),
    );
    // Quorum for the block leaves the recused member out of its base, as on the item itself.
    let block = s.m.state.quorum_for("consent", "default").expect("a rule");
    let item = s.m.state.quorum_for("8", "default").expect("a rule");
    assert_eq!(block.recused, vec!["hendrick-falls".to_string()]);
    assert_eq!(block.weight_base, item.weight_base);
    assert_eq!(block.heads_base, item.heads_base);
    s.ok(json!({"type": "question_put", "motion": "cb"}));
    let e = s.refused(
        json!({"type": "vote_cast", "motion": "cb", "member": "hendrick-falls", "vote": "yes"}),
    );
    assert!(e.contains("which is in the consent block"), "{e}");
    for m in MEMBERS.iter().filter(|m| **m != "hendrick-falls") {
        s.ok(json!({"type": "vote_cast", "motion": "cb", "member": m, "vote": "yes"}));
    }
    s.ok(json!({"type": "vote_closed", "motion": "cb"}));
    let t = s.motion("cb").result().expect("a result").clone();
    assert_eq!(t.recused, vec!["hendrick-falls".to_string()]);
    assert_eq!(t.quorum.weight_base, item.weight_base);
    assert_eq!(s.item("8"), ItemStatus::Closed);
    s.replays();
}

#[test]
fn a_failed_consent_block_leaves_each_item_to_be_taken_on_its_own() {
    let mut s = Session::start(consent_agenda);
    s.ok(
        json!({"type": "motion_moved", "motion": "cb", "item": "consent",
                "mover": "stonebridge", "consent": ["2", "7", "8"]}),
    );
    s.vote("cb", 3);
    assert_eq!(s.item("2"), ItemStatus::Pending);
    assert!(s.m.state.consent_items().is_empty());
    s.ok(json!({"type": "item_opened", "item": "2"}));
    let e = s.refused(json!({"type": "consent_pulled", "item": "8", "member": "roosekill"}));
    assert!(e.contains("no longer on the consent agenda"), "{e}");
    s.replays();
}

#[test]
fn nothing_is_moved_or_voted_during_a_recess_and_quorum_is_counted_again_at_resumption() {
    let mut s = Session::start(|_| {});
    s.ok(json!({"type": "item_opened", "item": "8"}));
    s.ok(json!({"type": "motion_moved", "motion": "m1", "item": "8", "mover": "stonebridge"}));
    s.ok(json!({"type": "question_put", "motion": "m1"}));
    // Not while a vote is open.
    let e = s.refused(json!({"type": "recessed"}));
    assert!(e.contains("the vote on motion `m1` is open"), "{e}");
    s.ok(json!({"type": "vote_cast", "motion": "m1", "member": "stonebridge", "vote": "yes"}));
    s.ok(json!({"type": "vote_closed", "motion": "m1"}));
    let e = s.refused(json!({"type": "resumed"}));
    assert!(e.contains("not in recess"), "{e}");
    s.ok(json!({"type": "recessed", "reason": "ten minutes, for the treasurer's figures"}));
    assert!(s.m.state.in_recess().is_some());
    let text = s.status().to_string();
    assert!(
        text.starts_with("Meeting 2025-03-regular: IN RECESS"),
        "{text}"
    );
    assert!(text.contains(", not resumed yet"), "{text}");
    for event in [
        json!({"type": "motion_moved", "motion": "m2", "item": "8", "mover": "stonebridge"}),
        json!({"type": "item_closed", "item": "8"}),
        json!({"type": "recessed"}),
        json!({"type": "adjourned"}),
    ] {
        let e = s.refused(event);
        assert!(e.contains("in recess since 22:"), "{e}");
    }
    // Members leave during the recess: quorum (more than 10.5 of 21) is lost at resumption.
    for m in [
        "stonebridge",
        "verplanck-falls",
        "roosekill",
        "oakwood-crossing",
    ] {
        s.ok(json!({"type": "attendance", "member": m, "status": "absent"}));
    }
    s.ok(json!({"type": "note", "text": "Four members left during the recess."}));
    let log = s.m.state.quorum_log.len();
    let seq = s.ok(json!({"type": "resumed"}));
    assert_eq!(
        s.m.state.quorum_log.len(),
        log + 1,
        "the quorum is counted again"
    );
    let r = &s.m.state.recesses[0];
    assert_eq!(r.resumed_seq, Some(seq));
    let q = r.quorum.clone().expect("a quorum at resumption");
    assert!(!q.met, "{}", q.explanation);
    assert!(s.m.state.in_recess().is_none());
    let text = s.status().to_string();
    assert!(
        text.contains("; quorum at resumption: quorum not met: 10 of 21"),
        "{text}"
    );
    assert_eq!(
        serde_json::to_value(s.status()).expect("json")["in_recess"],
        false
    );
    let md = s.adjourn_and_render();
    let en = md.split("<a id=\"fr\">").next().unwrap_or(&md);
    assert!(
        en.contains("the meeting went into recess (ten minutes, for the treasurer's figures)."),
        "{en}"
    );
    assert!(
        en.contains("the meeting resumed. Quorum counted again: "),
        "{en}"
    );
    assert!(en.contains(&q.explanation), "{en}");
    assert!(md.contains("la séance est suspendue (ten minutes"), "{md}");
    assert!(md.contains("la séance reprend. Quorum recompté : "), "{md}");
}
