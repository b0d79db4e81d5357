//! The console's `update`, message by message, without a terminal: the model and the effects
//! after each key, with every act recorded through the meeting library on a scratch board.

mod tui_support;

use procboard::meeting::Meeting;
use procboard::record::event::{Attendance, Event, VoteValue};
use procboard::record::event::{MotionMoved, ScoreRecorded, VoteCast};
use procboard::rules::voting::Choice;
use procboard::tui::app::{Overlay, Screen, StatusKind};
use procboard::tui::update::{Effect, Msg, update};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::{Tui, kinds};

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn a_key_asks_for_an_event_and_the_model_shows_it_only_once_recorded() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    // `update` alone: opening asks to confirm, then asks for meeting_opened; nothing changes yet.
    assert!(update(&mut t.model, key('O')).is_empty());
    assert!(matches!(t.model.overlays.last(), Some(Overlay::Confirm(_))));
    let fx = update(&mut t.model, key('y'));
    assert!(matches!(fx.as_slice(), [Effect::Record(e)] if e.kind() == "meeting_opened"));
    assert!(t.model.waiting);
    assert!(
        t.model.state.opened.is_none(),
        "not shown as done before the library answers"
    );
    // The driver's answer.
    let Effect::Record(ev) = &fx[0] else {
        unreachable!()
    };
    let answer = procboard::tui::driver::run_record(
        &mut t.meeting,
        "sec",
        tui_support::start(),
        (**ev).clone(),
    );
    update(&mut t.model, answer);
    assert!(!t.model.waiting);
    assert!(t.model.state.opened.is_some());
    assert_eq!(t.model.records.len(), 1);
    assert!(matches!(t.model.status, Some((StatusKind::Done, _))));
}

#[test]
fn roll_call_is_one_key_per_member_moving_down_the_list() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    assert_eq!(t.model.sel.roll, 0);
    let fx = t.keys("p");
    assert_eq!(
        fx,
        vec![Effect::Record(Box::new(Event::Attendance {
            member: "stonebridge".into(),
            status: Attendance::Present,
            person: None,
            alternate: false
        }))]
    );
    assert_eq!(t.model.sel.roll, 1, "moves to the next member");
    t.keys("pp");
    t.keys("A");
    for _ in 0..4 {
        t.key(KeyCode::Enter);
    }
    let oak = &t.model.state.attendance["oakwood-crossing"];
    assert!(oak.alternate, "the alternate sits");
    assert_eq!(oak.person.as_deref(), Some("James Whitlock"));
    t.keys("aprppe");
    assert_eq!(t.model.state.attendance.len(), 10);
    assert_eq!(
        t.model.state.attendance["tillson-point"].status,
        Attendance::Remote
    );
    assert_eq!(
        t.model.state.attendance["birch-notch"].status,
        Attendance::Excused
    );
    let q = t.model.state.quorum_now().expect("quorum");
    assert!(q.met);
    assert_eq!(q.weight_present.to_string(), "18");
    // The same state as the journal replays.
    let replay = Meeting::open_read(&t.dir).expect("replays");
    assert_eq!(replay.records.len(), t.model.records.len());
}

#[test]
fn a_correction_goes_through_a_form_with_a_reason() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    t.keys("a"); // stonebridge absent by mistake
    t.keys("k"); // back up
    t.keys("c");
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("a form")
    };
    assert_eq!(f.event, "attendance_corrected");
    // The first empty field has the focus (the person sitting); back up to the status.
    assert_eq!(f.focus, 2);
    t.key(KeyCode::BackTab);
    t.field("present");
    t.key(KeyCode::Enter); // person: none given
    t.key(KeyCode::Enter); // alternate: no
    t.field("entered in the wrong row");
    assert_eq!(
        t.model.state.attendance["stonebridge"].status,
        Attendance::Present
    );
    assert_eq!(kinds(&t.meeting).last(), Some(&"attendance_corrected"));
}

#[test]
fn a_recusal_starts_from_the_member_picker_on_the_roll_calls_row() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    t.keys("jj"); // the roll call's third row: roosekill
    t.keys("2jjjjjjjo"); // item 8 taken up
    t.keys("r");
    let Some(Overlay::Picker(p)) = t.model.overlays.last() else {
        panic!("the member picker")
    };
    assert_eq!(p.highlighted(), Some("roosekill"));
    t.key(KeyCode::Enter);
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("the recusal form")
    };
    assert_eq!(f.event, "recusal");
    assert_eq!(f.fields[0].value(), "roosekill");
    assert_eq!(f.fields[1].value(), "item 8");
    assert_eq!(f.focus, 2, "the reason is asked");
    t.field("a relative works for the broker");
    assert!(t.model.state.is_recused("roosekill", "8"));
    // Recused, the member is no longer offered for that item.
    t.keys("r");
    let Some(Overlay::Picker(p)) = t.model.overlays.last() else {
        panic!("the member picker")
    };
    assert!(!p.choices.iter().any(|(m, _)| m == "roosekill"));
}

#[test]
fn an_officer_raises_a_point_of_order_from_the_by_name_form() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jjjjjjjo"); // item 8 taken up
    t.keys("7a");
    t.field("stonebridge");
    t.keys("n");
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("the by-name form")
    };
    assert_eq!(f.fields[f.focus].key, "speaker", "the name is asked first");
    t.key(KeyCode::BackTab); // back to `point of order`
    t.field("yes");
    t.field("Diane Marchetti, counsel");
    assert_eq!(kinds(&t.meeting).last(), Some(&"point_of_order"));
    let waiting = t.model.state.speakers.waiting("8");
    assert_eq!(waiting[0].speaker, "Diane Marchetti, counsel");
    assert!(waiting[0].point_of_order);
    assert_eq!(waiting[1].speaker, "stonebridge");
    // Anything but yes or no is refused by the form, nothing written.
    let before = t.journal_len();
    t.keys("n");
    t.key(KeyCode::BackTab);
    t.field("perhaps");
    t.field("A. Clerk");
    assert_eq!(t.journal_len(), before);
    assert!(
        matches!(&t.model.status, Some((_, m)) if m.contains("write yes or no")),
        "{:?}",
        t.model.status
    );
}

#[test]
fn a_refusal_shows_the_library_message_and_writes_nothing() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    t.keys("ap"); // stonebridge absent, verplanck-falls present
    t.keys("2jo"); // take up item 2
    t.keys("M");
    t.field("verplanck-falls"); // mover; the motion id and item are prefilled
    t.field("Approve the minutes.");
    t.key(KeyCode::Enter); // decision: the item's
    assert_eq!(t.model.state.motions.len(), 1);
    t.keys("Q"); // the chair puts the question: the vote screen opens
    let before = t.journal_len();
    assert_eq!(t.model.screen, Screen::Vote);
    // The vote starts on verplanck-falls, the first member who may vote; up to stonebridge.
    assert_eq!(t.model.sel.vote, 1);
    t.keys("k");
    t.keys("y"); // stonebridge is absent: refused
    assert_eq!(t.journal_len(), before, "nothing written");
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("stonebridge"), "{msg}");
    assert!(msg.contains("not recorded as present"), "{msg}");
    assert!(t.model.state.motions[0].votes.is_empty());
    assert!(!t.model.quit, "the console keeps running");
}

#[test]
fn a_vote_then_closing_it_shows_the_exact_result_first() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    t.keys("M");
    t.field("stonebridge");
    t.field("Approve the minutes of 11 February 2025.");
    t.key(KeyCode::Enter);
    t.keys("s");
    t.field("hendrick-falls");
    t.keys("Q"); // the chair puts the question: the vote screen opens
    // Everyone present votes: one key each, moving down, skipping the absent and excused.
    t.keys("yyyyyyyn");
    let m = &t.model.state.motions[0];
    assert_eq!(m.votes.len(), 8);
    assert_eq!(m.votes["quarry-glen"].vote, VoteValue::Whole(Choice::No));
    assert!(!m.votes.contains_key("maple-hollow"));
    // A second key on a member who voted opens a correction, not a second vote.
    t.keys("k");
    let sel = t.model.sel.vote;
    t.keys("y");
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("a correction form")
    };
    assert_eq!(f.event, "vote_corrected");
    t.key(KeyCode::Esc);
    assert_eq!(t.model.sel.vote, sel);
    // Closing asks, showing the result it will record.
    let before = t.journal_len();
    assert!(t.keys("x").is_empty());
    let Some(Overlay::Confirm(c)) = t.model.overlays.last() else {
        panic!("a confirmation")
    };
    assert!(
        c.lines.iter().any(|l| l == "Result to record: CARRIED"),
        "{:?}",
        c.lines
    );
    assert_eq!(t.journal_len(), before);
    t.keys("y");
    assert_eq!(kinds(&t.meeting).last(), Some(&"vote_closed"));
    let r = t.model.state.motions[0].result().expect("a result");
    assert_eq!(r.yes.to_string(), "17");
}

#[test]
fn quitting_in_session_asks_and_outside_a_session_does_not() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    let ctrl_c = Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(t.send(ctrl_c), vec![Effect::Quit], "Ctrl-C quits as q does");
    let mut t = Tui::open("river-valley", "2025-03-regular");
    assert_eq!(
        t.keys("q"),
        vec![Effect::Quit],
        "not in session: quits at once"
    );
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    assert!(t.keys("q").is_empty());
    assert!(matches!(t.model.overlays.last(), Some(Overlay::Confirm(_))));
    t.keys("n");
    assert!(t.model.overlays.is_empty());
    t.keys("q");
    assert_eq!(t.keys("y"), vec![Effect::Quit]);
    assert!(t.model.quit);
}

#[test]
fn adjournment_asks_then_records() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    t.keys("X");
    assert!(matches!(t.model.overlays.last(), Some(Overlay::Confirm(_))));
    t.keys("y");
    assert!(t.model.state.adjourned_at.is_some());
    assert_eq!(t.keys("q"), vec![Effect::Quit], "no longer in session");
}

#[test]
fn adjournment_renders_the_minutes_beside_the_journal() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    t.keys("X");
    let fx = t.keys("y");
    assert!(fx.contains(&Effect::WriteMinutes), "{fx:?}");
    let status = t.model.status.clone().map(|(_, s)| s).unwrap_or_default();
    let md = t.dir.join("minutes.md");
    assert!(md.is_file(), "status: {status}");
    assert!(status.contains("minutes written"), "{status}");
    let rendered = procboard::minutes::render_meeting(&t.dir)
        .expect("renders")
        .1;
    assert_eq!(
        std::fs::read_to_string(&md).unwrap(),
        rendered.markdown,
        "the file is `minutes render`'s output"
    );
}

#[test]
fn help_opens_from_any_screen_and_takes_the_keys() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    for s in ['1', '2', '3', '4', '5', '6'] {
        t.keys(&s.to_string());
        t.keys("?");
        assert!(matches!(t.model.overlays.last(), Some(Overlay::Help)));
        assert!(t.keys("O").is_empty(), "help swallows other keys");
        t.key(KeyCode::Esc);
        assert!(t.model.overlays.is_empty());
    }
}

#[test]
fn a_form_cancelled_writes_nothing_and_bad_input_is_refused_before_the_library() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    let before = t.journal_len();
    t.keys(":");
    t.keys("a note");
    t.key(KeyCode::Esc);
    assert_eq!(t.journal_len(), before);
    t.keys("4s");
    t.field("stonebridge");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    t.field("lots");
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!()
    };
    assert!(msg.contains("not a number"), "{msg}");
    assert!(
        matches!(t.model.overlays.last(), Some(Overlay::Form(_))),
        "the form stays open"
    );
    assert_eq!(t.journal_len(), before);
}

#[test]
fn the_projector_toggle_and_the_screens_change_no_state() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("P");
    assert!(t.model.projector);
    t.keys("P");
    assert!(!t.model.projector);
    t.key(KeyCode::Tab);
    assert_eq!(t.model.screen, Screen::Agenda);
    t.key(KeyCode::BackTab);
    assert_eq!(t.model.screen, Screen::RollCall);
    assert_eq!(t.journal_len(), 0);
}

#[test]
fn a_split_vote_goes_to_the_library_which_refuses_it_under_block_casting() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    t.keys("M");
    t.field("stonebridge");
    t.field("Approve the minutes.");
    t.key(KeyCode::Enter);
    t.keys("Qs");
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("a split form")
    };
    assert_eq!(f.fields[2].value(), "split yes 3 no 0 abstain 0");
    let before = t.journal_len();
    for _ in 0..3 {
        t.key(KeyCode::Enter);
    }
    assert!(
        t.effects.iter().any(|e| matches!(e, Effect::Record(ev) if matches!(**ev, Event::VoteCast(VoteCast { vote: VoteValue::Split { .. }, .. })))),
        "the split vote was asked for"
    );
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("split") || msg.contains("block"), "{msg}");
    assert_eq!(t.journal_len(), before);
}

#[test]
fn the_award_motion_is_proposed_from_the_ranking_and_recorded_as_motion_moved() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    // Item 5 is the award decision on road-salt-2025: open it first.
    t.keys("2jjjjo");
    assert_eq!(
        t.model.state.current_item().map(|i| i.id.as_str()),
        Some("5")
    );
    t.keys("4");
    while t.model.tender_ids().get(t.model.sel.tender) != Some(&"road-salt-2025") {
        t.keys("]");
    }
    let before = t.journal_len();
    t.keys("A");
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("A opens the award motion form, got {:?}", t.model.status);
    };
    assert_eq!(f.event, "motion_moved");
    let text = f.fields[3].input.lines().join("\n");
    assert!(
        text.contains("bid rs-1 ranked 1 of 3 with 86.32 points"),
        "the library's ranking text: {text}"
    );
    assert_eq!(
        f.fields[1].input.lines().join(""),
        "5",
        "the award_decision item"
    );
    // Motion id, item and text prefilled: the focus is on the mover; then the text and decision
    // as proposed.
    assert_eq!(f.focus, 2);
    t.field("stonebridge");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    assert_eq!(t.journal_len(), before + 1, "{:?}", t.model.status);
    let Event::MotionMoved(MotionMoved { item, text, .. }) =
        &t.meeting.records.last().unwrap().event
    else {
        panic!("not a motion_moved");
    };
    assert_eq!(item, "5");
    assert!(text.starts_with("Award the 2025-26 road salt contract"));
    assert!(
        text.ends_with("(bid rs-1 ranked 1 of 3 with 86.32 points)"),
        "{text}"
    );
}

#[test]
fn the_award_motion_is_refused_for_a_tender_with_no_award_item_on_the_agenda() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("4");
    while t.model.tender_ids().get(t.model.sel.tender) == Some(&"road-salt-2025") {
        t.keys("]");
    }
    let before = t.journal_len();
    t.keys("A");
    assert!(t.model.overlays.is_empty(), "no form opens");
    assert!(
        matches!(&t.model.status, Some((StatusKind::Refused, m)) if m.contains("no award_decision item")),
        "{:?}",
        t.model.status
    );
    assert_eq!(t.journal_len(), before);
}

/// Where `needle` is drawn on `screen` (as `Tui::screen` prints it: one quoted line per row):
/// (column, row), columns counted as displayed.
fn find(screen: &str, needle: &str) -> (u16, u16) {
    for (y, line) in screen.lines().enumerate() {
        let line = line.trim_matches('"');
        if let Some(i) = line.find(needle) {
            let x = ratatui::text::Line::raw(&line[..i]).width();
            return (x as u16, y as u16);
        }
    }
    panic!("`{needle}` not on screen:\n{screen}");
}

#[test]
fn clicks_switch_tabs_and_select_list_rows_as_the_keys_do() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    let s = t.screen(80, 24);
    // A row of the roll call.
    let (x, y) = find(&s, "Town of Hendrick Falls");
    t.send(Msg::Click(x, y));
    assert_eq!(t.model.sel.roll, 5);
    // The agenda tab, then its third item.
    let (x, y) = find(&s, "2 Agenda");
    t.send(Msg::Click(x + 2, y));
    assert_eq!(t.model.screen, Screen::Agenda);
    let s = t.screen(80, 24);
    let third = &t.model.state.items[2].id;
    let (x, y) = find(&s, &format!("{third:<4} "));
    t.send(Msg::Click(x, y));
    assert_eq!(t.model.sel.agenda, 2);
    // Clicking elsewhere (the header) changes nothing.
    t.send(Msg::Click(1, 0));
    assert_eq!((t.model.screen, t.model.sel.agenda), (Screen::Agenda, 2));
    // Under an overlay, clicks do nothing.
    t.keys("?");
    let (x, y) = find(&s, "1 Roll call");
    t.send(Msg::Click(x + 2, y));
    assert_eq!(t.model.screen, Screen::Agenda);
    t.key(KeyCode::Esc);
    t.send(Msg::Click(x + 2, y));
    assert_eq!(t.model.screen, Screen::RollCall);
    assert_eq!(t.journal_len(), 11, "a click records nothing");
}

/// The total a row of the tenders screen draws for `bid` (the column before the rank).
fn drawn_total(screen: &str, bid: &str) -> String {
    let row = screen
        .lines()
        .find(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.trim_start_matches(['"', '│', '▶']) == bid)
        })
        .unwrap_or_else(|| panic!("no row for {bid} on the screen:\n{screen}"));
    let words: Vec<&str> = row
        .trim_end_matches(|c: char| c == '│' || c == '"' || c.is_whitespace())
        .split_whitespace()
        .collect();
    words[words.len() - 2].to_string()
}

/// The points in an award motion's text: "… with 86.32 points …".
fn motion_total(text: &str) -> String {
    let (_, after) = text
        .split_once(" with ")
        .unwrap_or_else(|| panic!("no total in {text}"));
    after
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_live_score_gives_the_same_total_on_the_tenders_screen_and_in_the_award_motion() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jjjjo");
    assert_eq!(
        t.model.state.current_item().map(|i| i.id.as_str()),
        Some("5")
    );
    t.keys("4");
    while t.model.tender_ids().get(t.model.sel.tender) != Some(&"road-salt-2025") {
        t.keys("]");
    }
    let before = drawn_total(&t.screen(200, 50), "rs-1");
    // A panel member's live score on rs-1 changes its total.
    let answer = procboard::tui::driver::run_record(
        &mut t.meeting,
        "Diane Marchetti",
        tui_support::start() + chrono::Duration::minutes(90),
        Event::ScoreRecorded(ScoreRecorded {
            member: "stonebridge".into(),
            tender: "road-salt-2025".into(),
            bid: "rs-1".into(),
            criterion: "delivery".into(),
            score: rust_decimal::Decimal::ZERO,
        }),
    );
    update(&mut t.model, answer);
    assert_eq!(t.model.state.scores.len(), 1, "{:?}", t.model.status);
    let screen = t.screen(200, 50);
    let drawn = drawn_total(&screen, "rs-1");
    assert_ne!(drawn, before, "the live score changes the total drawn");
    t.keys("A");
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("A opens the award motion form, got {:?}", t.model.status);
    };
    let text = f.fields[3].input.lines().join("\n");
    assert!(text.contains("bid rs-1 ranked"), "{text}");
    assert_eq!(
        motion_total(&text),
        drawn,
        "the motion text and the screen show one figure:\n{text}\n{screen}"
    );
}

/// Issue 17, defect 1: a new vote starts on the first member who may vote, not on the row where
/// the previous vote ended (an absent member there would refuse `y`).
#[test]
fn a_new_vote_starts_on_the_first_member_who_may_vote() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    t.move_and_second("Approve the minutes of 11 February 2025.");
    t.keys("yyyyyyyn");
    t.keys("xy");
    assert_eq!(kinds(&t.meeting).last(), Some(&"vote_closed"));
    let ended_on = t.model.sel.vote;
    // A second motion on the same item: the cursor goes back to the first voter.
    t.keys("2");
    t.move_and_second("Thank the outgoing chair.");
    let seats: Vec<String> = t.model.seats().iter().map(|(m, _)| m.to_string()).collect();
    let first = seats
        .iter()
        .position(|m| t.model.state.is_present(m))
        .expect("a member present");
    assert_eq!(
        t.model.sel.vote, first,
        "ended the last vote on row {ended_on}"
    );
    let before = t.model.state.motions[1].votes.len();
    t.keys("y");
    assert_eq!(
        t.model.state.motions[1].votes.len(),
        before + 1,
        "{:?}",
        t.model.status
    );
}

/// Issue 17, defect 2: after a restart in the middle of a vote, the console opens on the vote,
/// on the next member still to vote, so `y` records a vote rather than opening a correction.
#[test]
fn a_restart_in_the_middle_of_a_vote_resumes_on_the_next_member_to_vote() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    t.move_and_second("Approve the minutes of 11 February 2025.");
    t.keys("yyy");
    let voted = t.model.state.motions[0].votes.len();
    assert_eq!(voted, 3);
    // The secretary's machine restarts: a new console on the same journal.
    let again = procboard::meeting::Meeting::open_read(&t.dir).expect("the meeting reopens");
    let model = procboard::tui::app::Model::new(
        &again,
        procboard::tui::app::Mode::Secretary,
        procboard::tui::theme::ThemeName::Default,
        procboard::tui::keymap::Keymap::default(),
    );
    assert_eq!(model.screen, Screen::Vote);
    let seats: Vec<String> = model.seats().iter().map(|(m, _)| m.to_string()).collect();
    let on = &seats[model.sel.vote];
    let motion = &model.state.motions[0];
    assert!(!motion.votes.contains_key(on), "{on} has already voted");
    assert!(model.state.is_present(on), "{on} is not present");
    assert_eq!(
        Some(model.sel.vote),
        model.first_voter(&model.state, &motion.id, 0),
        "the first member still to vote"
    );
}

/// Issue 17, defect 14: closing an item moves the cursor on to the next item still to be taken,
/// and a key that does nothing on a screen says so.
#[test]
fn closing_an_item_moves_on_and_an_unbound_key_says_so() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    let open = t.model.sel.agenda;
    t.keys("c");
    if matches!(t.model.overlays.last(), Some(Overlay::Confirm(_))) {
        t.keys("y");
    }
    assert_eq!(kinds(&t.meeting).last(), Some(&"item_closed"));
    assert_eq!(t.model.sel.agenda, open + 1, "on to the next item");
    let before = t.journal_len();
    t.keys("z");
    let Some((StatusKind::Info, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("`z` does nothing on the"), "{msg}");
    assert!(msg.contains("`?`"), "{msg}");
    assert_eq!(t.journal_len(), before, "nothing written");
}

/// Issue 17, defect 7: the Tenders screen opens on the tender of the item open now, and names
/// the bidder behind each bid id.
#[test]
fn the_tenders_screen_opens_on_the_open_items_tender_with_the_bidders_named() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jjjo"); // item 4: the road salt evaluation
    t.keys("4");
    let doc = &t.model.info.board.tenders[t.model.sel.tender];
    assert_eq!(doc.id, "road-salt-2025");
    let screen = t.screen(200, 50);
    for bid in &doc.tender.bids {
        assert!(
            screen.contains(&format!("{} {}", bid.id.get_ref(), bid.bidder)),
            "{} {} not on screen",
            bid.id.get_ref(),
            bid.bidder
        );
    }
}

/// Issue 17, defect 6: a refused form comes back as it was typed, with the focus on the field the
/// refusal names, so the secretary corrects one field rather than typing it all again.
#[test]
fn a_refused_form_comes_back_as_typed_pointing_at_the_wrong_field() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    t.keys("M");
    t.field("stonbridge"); // a typo for stonebridge
    t.field("Approve the minutes of 11 February 2025.");
    t.key(KeyCode::Enter);
    assert!(t.model.state.motions.is_empty(), "refused");
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("the form is kept"), "{msg}");
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("the form is back: {:?}", t.model.status)
    };
    assert_eq!(f.event, "motion_moved");
    assert_eq!(
        f.fields[f.focus].key, "mover",
        "focus on the mistyped field"
    );
    let text = f
        .fields
        .iter()
        .find(|x| x.key == "text")
        .expect("a text field");
    assert_eq!(text.value(), "Approve the minutes of 11 February 2025.");
    // Correct the one field and submit again.
    for _ in 0.."stonbridge".len() {
        t.key(KeyCode::Backspace);
    }
    t.field("stonebridge");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    assert_eq!(t.model.state.motions.len(), 1, "{:?}", t.model.status);
    assert_eq!(t.model.state.motions[0].mover, "stonebridge");
    assert!(t.model.overlays.is_empty());
}

/// Issue 17, defect 16: an approval of minutes whose agenda gives no motion text proposes the
/// standard motion in the form; an item with no text at all asks for it before the form leaves.
#[test]
fn a_motion_form_proposes_the_standard_text_or_asks_for_one() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo"); // item 2: approval of the minutes of 11 February 2025, no `motion` given
    t.keys("M");
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("a form")
    };
    let text = f
        .fields
        .iter()
        .find(|x| x.key == "text")
        .expect("a text field");
    assert_eq!(
        text.value(),
        "That the minutes of the regular meeting of 11 February 2025 be approved."
    );
    t.field("stonebridge");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    assert_eq!(
        t.model.state.motions[0].text,
        "That the minutes of the regular meeting of 11 February 2025 be approved."
    );
}

/// The same form on an item with no motion text and no standard one: it will not leave without
/// the text, and points at that field.
#[test]
fn a_motion_form_without_any_text_asks_for_it_before_leaving() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jjo"); // item 3: the treasurer's report, no motion text
    assert_eq!(
        kinds(&t.meeting).last(),
        Some(&"item_opened"),
        "{:?}",
        t.model.status
    );
    t.keys("M");
    t.field("stonebridge");
    t.key(KeyCode::Enter); // text left empty
    t.key(KeyCode::Enter);
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("the form stays: {:?}", t.model.status)
    };
    assert_eq!(f.fields[f.focus].key, "text", "{:?}", t.model.status);
    assert!(t.model.state.motions.is_empty(), "nothing recorded");
}

/// Issue 17, defect 13: a long refusal is read whole at 80 columns: the status line wraps.
#[test]
fn a_long_refusal_is_shown_whole_at_80_columns() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    t.keys("M");
    t.field("nobody-here");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    let Some((StatusKind::Refused, msg)) = t.model.status.clone() else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.len() > 160, "a long message: {msg}");
    let screen = t.screen(80, 24);
    let flat: String = screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '"' || c == '│').trim())
        .collect::<Vec<_>>()
        .join(" ");
    for word in ["refused,", "birch-notch", "Enter)"] {
        assert!(flat.contains(word), "`{word}` not on screen:\n{screen}");
    }
}

/// Issue 17, defect 8: a consensus score on a tender moderated by the mean would count for
/// nothing; the console refuses it and says why, and records nothing.
#[test]
fn a_consensus_score_under_mean_moderation_is_refused_with_the_reason() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jjjo"); // item 4: road salt, moderated by the mean (the board's default)
    t.keys("4");
    let before = t.journal_len();
    t.keys("C");
    assert!(t.model.overlays.is_empty(), "no form opens");
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("moderated by the mean"), "{msg}");
    assert_eq!(t.journal_len(), before);
}

/// Issue 17, defect 10: the open confirmation says the agenda's date, and warns plainly when
/// today (in the meeting's time zone) is another day, before the secretary confirms.
#[test]
fn opening_on_another_day_than_the_agenda_warns_before_confirming() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    // On the day (22:31 UTC is 18:31 in New York, Tue 11 March): the date, no warning.
    assert!(update(&mut t.model, key('O')).is_empty());
    let Some(Overlay::Confirm(c)) = t.model.overlays.last() else {
        panic!("a confirmation")
    };
    assert!(
        c.lines.iter().any(|l| l.contains("Tue 2025-03-11")),
        "{:?}",
        c.lines
    );
    assert!(
        !c.lines.iter().any(|l| l.contains("today")),
        "{:?}",
        c.lines
    );
    t.key(KeyCode::Esc);
    // 02:00 UTC on the 12th is still the 11th in New York: no warning either.
    t.model.now = "2025-03-12T02:00:00Z".parse().expect("time");
    update(&mut t.model, key('O'));
    let Some(Overlay::Confirm(c)) = t.model.overlays.last() else {
        panic!("a confirmation")
    };
    assert!(
        !c.lines.iter().any(|l| l.contains("today")),
        "{:?}",
        c.lines
    );
    t.key(KeyCode::Esc);
    // A day late.
    t.model.now = "2025-03-12T22:31:00Z".parse().expect("time");
    update(&mut t.model, key('O'));
    let Some(Overlay::Confirm(c)) = t.model.overlays.last() else {
        panic!("a confirmation")
    };
    assert!(
        c.lines.iter().any(|l| l
            == "Warning: the agenda says Tue 2025-03-11; today is Wed 2025-03-12: the seats, weights and rules of the agenda's date are frozen."),
        "{:?}",
        c.lines
    );
    assert!(
        !c.lines.iter().any(|l| l.contains("in force today")),
        "{:?}",
        c.lines
    );
}

/// Issue 17, defect 9: a motion moved is in debate: no tally, no "as it stands", no vote keys;
/// `Q` puts the question, and only then does the vote open, on the first member who may vote.
#[test]
fn a_motion_is_debated_until_the_question_is_put() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    t.keys("M");
    t.field("stonebridge");
    t.field("Approve the minutes of 11 February 2025.");
    t.key(KeyCode::Enter);
    t.keys("s");
    t.field("hendrick-falls");
    assert_eq!(
        t.model.state.motions[0].status,
        procboard::record::state::MotionStatus::Debate
    );
    t.keys("3");
    let screen = t.screen(120, 40);
    assert!(screen.contains("[IN DEBATE]"), "{screen}");
    assert!(!screen.contains("as it stands"), "{screen}");
    assert!(!screen.contains("FAILED"), "{screen}");
    assert!(screen.contains("Q puts the question"), "{screen}");
    // The vote keys record nothing before the question is put, and say why.
    let before = t.journal_len();
    assert!(t.keys("y").is_empty());
    assert!(t.keys("x").is_empty());
    assert_eq!(t.journal_len(), before);
    let Some((StatusKind::Info, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("in debate"), "{msg}");
    assert!(msg.contains("(Q)"), "{msg}");
    assert!(
        t.model.overlays.is_empty(),
        "no close-vote dialog in debate"
    );
    // The projector shows the motion in debate, and no count of votes.
    t.keys("P");
    let wall = t.screen(80, 24);
    assert!(wall.contains("in debate"), "{wall}");
    assert!(!wall.contains("votes entered"), "{wall}");
    t.keys("P");
    // Q puts the question: the vote screen, on the first member who may vote; `y` votes.
    t.keys("2Q");
    assert_eq!(kinds(&t.meeting).last(), Some(&"question_put"));
    assert_eq!(t.model.screen, Screen::Vote);
    let first = t.model.first_voter(&t.model.state, "m1", 0);
    assert_eq!(Some(t.model.sel.vote), first);
    t.keys("y");
    assert_eq!(kinds(&t.meeting).last(), Some(&"vote_cast"));
    // A second Q says the question is already put, and records nothing.
    let before = t.journal_len();
    t.keys("Q");
    assert_eq!(t.journal_len(), before);
    let Some((StatusKind::Info, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("already put"), "{msg}");
}

/// Issue 17, defect 15: the chair's member excused at the roll call: the console says so at once,
/// in the status line and the header, and `V` (one key) makes the vice-chair preside; the
/// minutes are then written on adjournment.
#[test]
fn an_absent_chair_is_flagged_at_once_and_one_key_seats_the_vice_chair() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    // stonebridge … tillson-point present (maple-hollow, the vice-chair, among them).
    t.keys("ppppppp");
    assert!(t.model.presiding_away().is_none());
    t.keys("e"); // bramblekill, the chair by rotation: excused
    let Some((StatusKind::Info, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(
        msg.contains("Town of Bramblekill presides and is excused"),
        "{msg}"
    );
    assert!(
        msg.contains("V: the vice-chair, Town of Maple Hollow, presides"),
        "{msg}"
    );
    let screen = t.screen(120, 30);
    assert!(screen.contains("NOBODY PRESIDES"), "{screen}");
    t.keys("pp");
    let before = t.journal_len();
    t.keys("V");
    assert_eq!(t.journal_len(), before + 1, "one key: {:?}", t.model.status);
    assert_eq!(kinds(&t.meeting).last(), Some(&"presiding"));
    assert_eq!(t.model.state.presiding.as_deref(), Some("maple-hollow"));
    assert!(t.model.presiding_away().is_none());
    assert!(!t.screen(120, 30).contains("NOBODY PRESIDES"));
    t.keys("Xy");
    assert!(
        t.effects
            .contains(&procboard::tui::update::Effect::WriteMinutes),
        "{:?}",
        t.effects
    );
    procboard::minutes::render_meeting(&t.dir).expect("the minutes render");
}

/// Without the `presiding` event, the minutes of such a meeting are refused with the fix.
#[test]
fn an_absent_chair_left_in_the_chair_stops_the_minutes_with_the_fix() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    t.keys("ppppppp");
    t.keys("e");
    t.keys("Xy");
    let err = procboard::minutes::render_meeting(&t.dir)
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains("the minutes would name `bramblekill` as presiding"),
        "{err}"
    );
    assert!(err.contains("\"member\":\"maple-hollow\""), "{err}");
}

/// Presses `keys` (a character each, `\n` for Enter) and returns how many keys that was.
fn press(t: &mut Tui, keys: &str) -> usize {
    for c in keys.chars() {
        if c == '\n' {
            t.key(KeyCode::Enter);
        } else {
            t.keys(&c.to_string());
        }
    }
    keys.chars().count()
}

/// Issue 17, the member picker: a motion moved and seconded in at most 6 keys (a list of the
/// members who may move, type-ahead, Enter on the highlighted row; the seconder's list follows),
/// an alternate seated in at most 2.
#[test]
fn the_member_picker_moves_and_seconds_in_six_keys_and_seats_an_alternate_in_two() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.keys("Oy");
    t.keys("ppp");
    // Oakwood Crossing's alternate: A, then Enter on the first alternate listed.
    let before = t.journal_len();
    let n = press(&mut t, "A\n");
    assert!(n <= 2, "{n} keys");
    assert_eq!(t.journal_len(), before + 1, "{:?}", t.model.status);
    let a = &t.model.state.attendance["oakwood-crossing"];
    assert!(a.alternate, "an alternate sits");
    assert_eq!(a.person.as_deref(), Some("James Whitlock"));
    t.keys("aprppe");
    t.keys("2jo"); // item 2: the approval of the minutes proposes its text
    // m; "s" highlights Stonebridge; Enter; the seconder's list opens: "h", Enter.
    let before = t.journal_len();
    t.keys("m");
    let screen = t.screen(100, 30);
    assert!(screen.contains("moved by"), "{screen}");
    assert!(screen.contains("▶ Town of Stonebridge"), "{screen}");
    assert!(
        screen.contains("Town of Quarry Glen"),
        "the list is on screen: {screen}"
    );
    let Some(Overlay::Picker(p)) = t.model.overlays.last() else {
        panic!("the mover's list")
    };
    assert!(
        !p.choices.iter().any(|(v, _)| v == "maple-hollow"),
        "absent members cannot move"
    );
    let n = 1 + press(&mut t, "s\nh\n");
    assert!(n <= 6, "{n} keys");
    assert_eq!(t.journal_len(), before + 2, "{:?}", t.model.status);
    let m = &t.model.state.motions[0];
    assert_eq!(m.mover, "stonebridge");
    assert_eq!(m.seconder.as_deref(), Some("hendrick-falls"));
    assert_eq!(
        m.text,
        "That the minutes of the regular meeting of 11 February 2025 be approved."
    );
    assert!(t.model.overlays.is_empty());
}

/// The seconder's list leaves out the mover, and Esc leaves the motion unseconded; `s` opens the
/// list again later. A refused pick keeps the list open.
#[test]
fn the_seconder_list_leaves_out_the_mover_and_esc_skips_it() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    t.keys("m");
    press(&mut t, "ver\n");
    let Some(Overlay::Picker(p)) = t.model.overlays.last() else {
        panic!("the seconder's list: {:?}", t.model.status)
    };
    assert!(!p.choices.iter().any(|(v, _)| v == "verplanck-falls"));
    t.key(KeyCode::Esc);
    assert!(t.model.state.motions[0].seconder.is_none());
    t.keys("s");
    press(&mut t, "quarry\n");
    assert_eq!(
        t.model.state.motions[0].seconder.as_deref(),
        Some("quarry-glen")
    );
    // A second `s`: the library refuses (already seconded); the list stays for another pick.
    t.keys("s");
    press(&mut t, "\n");
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("already seconded"), "{msg}");
    assert!(matches!(t.model.overlays.last(), Some(Overlay::Picker(_))));
}

/// The secretary's overview names each written procedure not closed yet, with what it still
/// needs; a closed one (the bundled board's) is not shown.
#[test]
fn the_overview_shows_the_written_procedures_still_open() {
    let t = Tui::open("river-valley", "2025-03-regular");
    assert!(
        !t.screen(120, 40).contains("Written procedure"),
        "the bundled procedure is closed"
    );
    let t = Tui::open_with(
        "river-valley",
        "2025-03-regular",
        procboard::tui::theme::ThemeName::Default,
        |root| {
            let dir = root.join("written/2025-04-budget-comments");
            std::fs::remove_file(dir.join("result.toml")).expect("the result");
            std::fs::remove_file(dir.join("result.toml.sig")).expect("its signature");
        },
    );
    let screen = t.screen(160, 40);
    assert!(
        screen.contains(
            "Written procedure 2025-04-budget-comments (awaiting close; deadline 2025-04-14"
        ),
        "{screen}"
    );
    assert!(screen.contains("5 answered, 5 silent"), "{screen}");
}
