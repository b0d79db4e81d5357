//! Every event kind in docs/meeting-journal.md can be produced from the keyboard: a whole
//! meeting driven by keys, every act through the library, and the journal then verifies.

mod tui_support;

use std::collections::BTreeSet;

use procboard::meeting::Meeting;
use procboard::tui::app::StatusKind;
use procboard::tui::theme::ThemeName;
use procboard::tui::update::Effect;
use ratatui::crossterm::event::KeyCode;
use tui_support::{Tui, kinds};

/// The event types documented in docs/meeting-journal.md (`### \`type\`` under "## Events").
fn documented_kinds() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/meeting-journal.md"
    ))
    .expect("the journal doc");
    let events = doc.split("\n## Events").nth(1).expect("an Events section");
    let events = events.split("\n## ").next().unwrap_or(events);
    events
        .lines()
        .filter_map(|l| l.strip_prefix("### `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

fn asked(t: &Tui) -> BTreeSet<String> {
    t.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Record(ev) => Some(ev.kind().to_string()),
            _ => None,
        })
        .collect()
}

/// Eleanor Decker (bramblekill's delegate) witnesses river-valley's January record with her
/// demo key, allowed for witness statements too (the allowed_signers January's minutes cite is
/// kept in allowed_signers.d/).
fn witness_january(root: &std::path::Path) {
    let signers = root.join("allowed_signers");
    std::fs::create_dir_all(root.join("allowed_signers.d")).expect("allowed_signers.d");
    std::fs::copy(&signers, root.join("allowed_signers.d/2025")).expect("keep allowed_signers");
    let public = std::fs::read_to_string(root.join("demo-keys/DEMO-eleanor-decker.pub"))
        .expect("the demo key");
    let key: Vec<&str> = public.split_whitespace().take(2).collect();
    let mut text = std::fs::read_to_string(&signers).expect("allowed_signers");
    text.push_str(&format!(
        "eleanor.decker@bramblekill.example namespaces=\"witness@procboard\" {}\n",
        key.join(" ")
    ));
    std::fs::write(&signers, text).expect("write allowed_signers");
    let (board, _) = procboard::signature::load_board(root)
        .valid()
        .expect("the board loads");
    let at = "2025-01-20T10:00:00Z".parse().expect("a time");
    procboard::witness::witness(
        &board,
        "bramblekill",
        &root.join("demo-keys/DEMO-eleanor-decker"),
        at,
    )
    .expect("the statement is written");
}

/// Item 6 of the March meeting (the Lakeshore protest) is held in closed session, on a ground
/// board.toml lists.
fn closed_item_6(root: &std::path::Path) {
    let board = root.join("board.toml");
    let mut text = std::fs::read_to_string(&board).expect("board.toml");
    text.push_str(
        "\n[closed_session]\nstaff = [\"Kevin Yu\"]\ngrounds = [{ id = \"protest\", text = \"legal advice on a pending bid protest\" }]\n",
    );
    std::fs::write(&board, text).expect("write board.toml");
    let agenda = root.join("meetings/2025-03-regular/agenda.toml");
    let text = std::fs::read_to_string(&agenda).expect("agenda.toml").replacen(
        "dispute = \"auto-parts-protest-lakeshore\"\n",
        "dispute = \"auto-parts-protest-lakeshore\"\nsession = \"closed\"\nground = \"protest\"\n",
        1,
    );
    std::fs::write(&agenda, text).expect("write agenda.toml");
}

fn done(t: &mut Tui, what: &str) {
    assert!(
        matches!(t.model.status, Some((StatusKind::Done, _))),
        "{what}: {:?}",
        t.model.status
    );
}

/// Item 8's speakers' list from screen 7's keys and the global `T` and `!`: two members and an
/// officer ask to speak, a point of order goes to the front, one moves down, one is taken off,
/// two speeches; back on the agenda screen.
fn speakers_list(t: &mut Tui) {
    t.keys("7a");
    t.field("stonebridge");
    done(t, "speaker_requested");
    t.keys("a");
    t.field("roosekill");
    t.keys("n"); // the name: the item and the role (officer) are filled in
    t.field("A. Clerk");
    done(t, "speaker_requested by name");
    t.keys("!");
    t.field("verplanck");
    done(t, "point_of_order");
    let list = |t: &Tui| -> Vec<String> {
        t.model
            .state
            .speakers
            .waiting("8")
            .iter()
            .map(|w| w.speaker.clone())
            .collect()
    };
    assert_eq!(
        list(t),
        ["verplanck-falls", "stonebridge", "roosekill", "A. Clerk"]
    );
    t.keys("jJ"); // stonebridge one down
    done(t, "speaker_moved");
    assert_eq!(
        list(t),
        ["verplanck-falls", "roosekill", "stonebridge", "A. Clerk"]
    );
    t.keys("jd"); // A. Clerk off the list
    done(t, "speaker_removed");
    t.keys("T"); // the point of order first
    done(t, "speech_started");
    assert_eq!(
        t.model
            .state
            .speakers
            .current
            .as_ref()
            .map(|s| s.speaker.as_str()),
        Some("verplanck-falls")
    );
    t.keys("T");
    done(t, "speech_ended");
    t.keys("kks"); // the first row: roosekill
    done(t, "speech_started from the list");
    t.keys("e");
    done(t, "speech_ended from the list");
    let spoke: Vec<&str> = t
        .model
        .state
        .speakers
        .done
        .iter()
        .map(|s| s.speaker.as_str())
        .collect();
    assert_eq!(spoke, ["verplanck-falls", "roosekill"]);
    t.keys("2");
}

#[test]
fn every_documented_event_kind_comes_from_the_keyboard() {
    let mut t = Tui::open_with(
        "river-valley",
        "2025-03-regular",
        ThemeName::Default,
        |root| {
            let board = root.join("board.toml");
            let mut text = std::fs::read_to_string(&board).expect("board.toml");
            text.push_str("\n[decisions.motion]\nties = \"repeat_then_chair\"\n");
            std::fs::write(&board, text).expect("write board.toml");
            // The road salt panel moderates by consensus here, so a consensus score counts
            // (under the board's mean moderation the console refuses one).
            let tender = root.join("tenders/road-salt-2025.toml");
            let text = std::fs::read_to_string(&tender).expect("the tender file");
            let text = text.replacen(
                "[evaluation]\n",
                "[evaluation]\nmoderation = \"consensus\"\n",
                1,
            );
            std::fs::write(&tender, text).expect("write the tender file");
            // Items 2 and 7 on the consent agenda.
            let agenda = root.join("meetings/2025-03-regular/agenda.toml");
            let text = std::fs::read_to_string(&agenda).expect("agenda.toml");
            let text = text
                .replacen(
                    "minutes_of = \"2025-02-regular\"\n",
                    "minutes_of = \"2025-02-regular\"\nconsent = true\n",
                    1,
                )
                .replacen(
                    "decision = \"budget\"\n",
                    "decision = \"budget\"\nconsent = true\n",
                    1,
                );
            std::fs::write(&agenda, text).expect("write agenda.toml");
            witness_january(root);
            closed_item_6(root);
        },
    );
    t.open_and_roll_call();
    done(&mut t, "roll call");
    // The chair's statement on January's record enters this meeting's record; a second key
    // finds nothing left to cite, and says so.
    t.keys("W");
    done(&mut t, "witness_cited");
    let before = t.journal_len();
    t.keys("W");
    assert!(
        matches!(&t.model.status, Some((StatusKind::Info, m)) if m.contains("no witness statement to cite")),
        "{:?}",
        t.model.status
    );
    assert_eq!(t.journal_len(), before);
    // A correction of the last entry (birch-notch), and a proxy (this board allows none: the
    // library's refusal is shown and nothing is written).
    t.keys("c"); // focus on the first empty field: the person
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    t.field("apologies were sent in advance");
    done(&mut t, "attendance_corrected");
    t.keys("kkkkkx"); // maple-hollow
    t.field("stonebridge");
    let before = t.journal_len();
    assert!(
        matches!(t.model.status, Some((StatusKind::Refused, _))),
        "{:?}",
        t.model.status
    );
    assert_eq!(t.journal_len(), before);
    // The refused pick comes back (the list kept); the secretary gives up on it.
    assert!(matches!(
        t.model.overlays.last(),
        Some(procboard::tui::app::Overlay::Picker(_))
    ));
    t.key(KeyCode::Esc);

    // Agenda: take up item 1, a note, close it; defer item 3.
    t.keys("2o");
    t.keys(":");
    t.field("The agenda is adopted.");
    done(&mut t, "note");
    t.keys("c"); // closed: the cursor moves on to item 2
    t.keys("jd");
    t.field("the treasurer is away");
    done(&mut t, "item_deferred");

    // Item 8: a recusal, a motion moved, seconded; a tie, a new round, a tie, the casting vote.
    t.keys("jjjjo"); // deferred: the cursor had moved on to item 4
    done(&mut t, "item_opened 8");
    t.keys("r"); // who, from the seats; then the form, member and item filled in
    t.field("quarry-glen");
    t.field("the broker is a relative");
    done(&mut t, "recusal");
    speakers_list(&mut t);
    t.keys("M");
    t.field("roosekill");
    t.field("Renew the broker-of-record agreement for three years.");
    t.key(KeyCode::Enter);
    done(&mut t, "motion_moved");
    t.keys("s");
    t.field("stonebridge");
    done(&mut t, "motion_seconded");
    // Debate; then the chair puts the question: the vote screen opens on the first voter.
    t.keys("Q");
    done(&mut t, "question_put");
    // Votes: stonebridge yes, verplanck no, roosekill abstain, oakwood yes by mistake, corrected.
    t.keys("yna");
    t.keys("y"); // oakwood-crossing; the selection skips absent maple-hollow
    t.keys("kk");
    t.keys("n"); // a second key on oakwood-crossing: the correction form, vote prefilled
    t.field("the alternate misspoke");
    done(&mut t, "vote_corrected");
    // hendrick-falls yes, tillson-point yes, bramblekill no (quarry-glen recused): 7 to 7.
    t.keys("jj");
    t.keys("yyn");
    t.keys("x");
    t.keys("y");
    assert_eq!(kinds(&t.meeting).last(), Some(&"vote_closed"));
    let m = &t.model.state.motions[0];
    assert_eq!(
        m.result().map(|r| r.tie),
        Some(true),
        "{:?}",
        m.result().map(|r| &r.explanation)
    );
    t.keys("v");
    done(&mut t, "vote_opened");
    t.keys("gg"); // not bound: nothing happens
    for _ in 0..10 {
        t.keys("k");
    }
    // Round 2: 5 to 5; the chair (bramblekill) has not voted, so its casting vote decides.
    t.keys("yna");
    t.keys("n");
    t.keys("ya");
    t.keys("xy");
    t.keys("Y");
    done(&mut t, "casting_vote");
    t.keys("xy");
    let m = &t.model.state.motions[0];
    assert_eq!(m.result().map(|r| r.casting_vote.is_some()), Some(true));
    // A second motion, withdrawn.
    t.keys("2M");
    t.field("stonebridge");
    t.field("Refer the agreement to the finance committee.");
    t.key(KeyCode::Enter);
    t.keys("wy");
    done(&mut t, "motion_withdrawn");
    // A third motion and an amendment to it (the form prefills the motion's text, edited into
    // the text as amended); the amendment is on the floor, so `w` withdraws it first.
    t.keys("M");
    t.field("stonebridge");
    t.field("Renew the agreement for one year.");
    t.key(KeyCode::Enter);
    done(&mut t, "motion_moved m3");
    t.keys("a");
    t.field("roosekill");
    t.field("Renew the agreement for two years.");
    t.key(KeyCode::Enter);
    done(&mut t, "motion_moved (amendment)");
    let a = t.model.state.motions.last().expect("the amendment");
    assert_eq!(a.procedure.amends.as_deref(), Some("m3"));
    // The form cleared (at most 80 characters of) the prefilled text before the new words.
    assert!(
        a.text.ends_with("Renew the agreement for two years."),
        "{}",
        a.text
    );
    t.keys("wy");
    done(&mut t, "motion_withdrawn (amendment)");
    t.keys("wy");
    done(&mut t, "motion_withdrawn m3");
    t.keys("c");

    // The consent agenda: item 7 pulled off, the block (item 2) moved, then withdrawn.
    t.model.sel.agenda = t
        .model
        .state
        .items
        .iter()
        .position(|i| i.id == "7")
        .expect("item 7");
    t.keys("p");
    t.field("roosekill");
    done(&mut t, "consent_pulled");
    t.keys("b");
    t.field("stonebridge");
    t.key(KeyCode::Enter);
    done(&mut t, "motion_moved (consent block)");
    let cb = t.model.state.motions.last().expect("the block");
    assert_eq!(cb.procedure.consent, vec!["2".to_string()]);
    t.keys("wy");
    done(&mut t, "motion_withdrawn (consent block)");
    // A recess and the resumption.
    t.keys("R");
    t.field("ten minutes");
    done(&mut t, "recessed");
    t.keys("R");
    done(&mut t, "resumed");
    assert!(t.model.state.in_recess().is_none());

    // Tender road-salt-2025: a live score and the consensus on its first bid and criterion.
    t.keys("4");
    while t.model.tender_ids().get(t.model.sel.tender) != Some(&"road-salt-2025") {
        t.keys("]");
    }
    t.keys("s");
    t.field("stonebridge");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    t.field("4");
    done(&mut t, "score_recorded");
    t.keys("C");
    t.field("4");
    t.field("");
    done(&mut t, "consensus_recorded");

    // Disputes: lodge one, move it.
    t.keys("5L");
    t.field("salt-protest");
    t.key(KeyCode::Enter);
    t.field("Cargill Salt");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    t.field("rs-2");
    t.key(KeyCode::Enter);
    t.field("the price points were miscalculated");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    done(&mut t, "dispute_lodged");
    let n = t
        .model
        .state
        .disputes
        .keys()
        .position(|k| k == "salt-protest")
        .expect("lodged");
    t.model.sel.dispute = n;
    t.keys("m");
    t.field("under_review");
    t.field("");
    done(&mut t, "dispute_status_changed");

    // The vice-chair (oakwood-crossing) takes the chair.
    t.keys("1");
    t.model.sel.roll = 3;
    t.keys("C");
    t.key(KeyCode::Enter); // person: none given
    t.field("the chair left at 21:10");
    done(&mut t, "presiding");
    assert_eq!(t.model.state.presiding.as_deref(), Some("oakwood-crossing"));

    // Item 6, the protest hearing, in closed session: taking it up enters it; `Z` shows the
    // room the item and hides it again; a note goes to the closed journal; `c` ends the session
    // (its record sealed), `U` reports a result out, `c` again closes the item.
    t.keys("2");
    t.model.sel.agenda = 5;
    t.keys("o");
    done(&mut t, "closed_session_began");
    assert!(t.model.state.closed_now().is_some());
    assert!(
        t.screen(200, 50).contains("CLOSED SESSION on item 6"),
        "the secretary's header says so"
    );
    t.keys("Z");
    assert!(t.model.show_closed);
    t.keys("Z");
    assert!(!t.model.show_closed);
    let before = t.journal_len();
    t.keys(":");
    t.field("Counsel's advice on the protest");
    done(&mut t, "note in closed session");
    assert_eq!(
        t.journal_len(),
        before,
        "the note went to the closed journal"
    );
    t.keys("c");
    done(&mut t, "closed_session_ended");
    t.keys("U");
    t.field("The protest is upheld; lot 1 is evaluated again.");
    done(&mut t, "reported_out");
    t.keys("c");
    done(&mut t, "item_closed 6");

    // Adjourn.
    t.keys("Xy");
    done(&mut t, "adjourned");

    let documented = documented_kinds();
    assert_eq!(documented.len(), 37, "{documented:?}");
    assert_eq!(
        asked(&t),
        documented,
        "every documented kind was asked for from the keyboard"
    );
    let recorded: BTreeSet<String> = kinds(&t.meeting).iter().map(|k| k.to_string()).collect();
    let missing: Vec<&String> = documented.difference(&recorded).collect();
    assert_eq!(
        missing,
        vec!["proxy"],
        "only the proxy is refused by this board's rules"
    );

    // The journal verifies: chain and full replay.
    let path = t.dir.join(procboard::meeting::JOURNAL_FILE);
    procboard::record::journal::verify(&path).expect("the chain holds");
    let replay = Meeting::open_read(&t.dir).expect("every event replays");
    assert_eq!(replay.state.last_seq, t.model.state.last_seq);
}
