//! The console's screens drawn on a `TestBackend` with a fixed clock: text snapshots at 80×24 and
//! 200×50; the projector at 80×24 and 240×67; the mono theme draws the same words with no colour,
//! and has its own snapshots of every screen at both sizes, with the text attributes that stand in
//! for colour (bold, reversed…) drawn as a mask under the text.

mod tui_support;

use procboard::tui::theme::ThemeName;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use tui_support::{Tui, append, edit};

/// A meeting in progress: roll call taken, item 2 open with a motion being voted on, a score.
fn in_progress(theme: ThemeName) -> Tui {
    let mut t = Tui::open_theme("river-valley", "2025-03-regular", theme);
    t.open_and_roll_call();
    t.keys("2o");
    t.keys("c");
    t.keys("o"); // closing item 1 moved the cursor on to item 2
    t.keys("M");
    t.field("stonebridge");
    t.field("Approve the minutes of 11 February 2025 as circulated.");
    t.key(KeyCode::Enter);
    t.keys("s");
    t.field("hendrick-falls");
    t.keys("Qyyyn"); // the chair puts the question: the vote screen opens
    t.keys("4");
    while t.model.tender_ids().get(t.model.sel.tender) != Some(&"road-salt-2025") {
        t.keys("]");
    }
    t.keys("s");
    t.field("stonebridge");
    for _ in 0..3 {
        t.key(KeyCode::Enter);
    }
    t.field("4");
    t
}

const SCREENS: [(char, &str); 6] = [
    ('1', "roll_call"),
    ('2', "agenda"),
    ('3', "vote"),
    ('4', "tenders"),
    ('5', "disputes"),
    ('6', "record"),
];

#[test]
fn every_screen_at_80x24_and_200x50() {
    let mut t = in_progress(ThemeName::Default);
    for (k, name) in SCREENS {
        t.keys(&k.to_string());
        insta::assert_snapshot!(format!("{name}_80x24"), t.screen(80, 24));
        insta::assert_snapshot!(format!("{name}_200x50"), t.screen(200, 50));
    }
}

#[test]
fn before_opening_and_overlays() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    insta::assert_snapshot!("not_open_80x24", t.screen(80, 24));
    t.keys("O");
    insta::assert_snapshot!("confirm_open_80x24", t.screen(80, 24));
    t.keys("y?");
    insta::assert_snapshot!("help_80x24", t.screen(80, 24));
    insta::assert_snapshot!("help_200x50", t.screen(200, 50));
    t.key(KeyCode::Esc);
    t.keys("2M");
    insta::assert_snapshot!("form_motion_80x24", t.screen(80, 24));
    t.key(KeyCode::Esc);
    insta::assert_snapshot!("too_small_40x10", t.screen(40, 10));
}

#[test]
fn closing_a_vote_shows_the_result_to_record() {
    let mut t = in_progress(ThemeName::Default);
    t.keys("3x");
    insta::assert_snapshot!("confirm_close_vote_80x24", t.screen(80, 24));
    insta::assert_snapshot!("confirm_close_vote_200x50", t.screen(200, 50));
}

#[test]
fn projector_while_voting_and_after_the_vote() {
    let mut t = in_progress(ThemeName::HighContrast);
    t.keys("P");
    let voting = t.screen(80, 24);
    assert!(voting.contains("VOTING · votes entered 4 of 8"), "{voting}");
    assert!(!voting.contains("yes 9"), "no running tally while voting");
    insta::assert_snapshot!("projector_voting_80x24", voting);
    insta::assert_snapshot!("projector_voting_240x67", t.screen(240, 67));
    t.keys("P3yyyy");
    t.keys("xy");
    t.keys("P");
    let closed = t.screen(80, 24);
    assert!(closed.contains("CARRIED"), "{closed}");
    assert!(closed.contains("QUORUM MET 18 of 21"), "{closed}");
    insta::assert_snapshot!("projector_closed_80x24", closed);
    insta::assert_snapshot!("projector_closed_240x67", t.screen(240, 67));
    // Never the secretary's controls or notes.
    for s in [&voting, &closed] {
        assert!(!s.contains("Enter"), "{s}");
        assert!(!s.contains("next member"), "{s}");
    }
}

#[test]
fn mono_draws_the_same_words_without_any_colour() {
    let mut colour = in_progress(ThemeName::Default);
    let mut mono = in_progress(ThemeName::Mono);
    for (k, name) in SCREENS {
        colour.keys(&k.to_string());
        mono.keys(&k.to_string());
        for (w, h) in [(80, 24), (200, 50)] {
            assert_eq!(colour.screen(w, h), mono.screen(w, h), "{name} {w}x{h}");
            let buf = mono.buffer(w, h);
            assert!(
                buf.content()
                    .iter()
                    .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
                "{name} {w}x{h}: mono uses no colour"
            );
        }
    }
    let buf = colour.buffer(200, 50);
    assert!(
        buf.content().iter().any(|c| c.fg != Color::Reset),
        "the default theme has colour"
    );
}

/// The screen as text, then the same grid with each cell's attributes: `b` bold, `r` reversed,
/// `u` underlined, `i` italic, `d` dim, `*` several, ` ` none. Colours are asserted absent.
fn mono_screen(t: &Tui, w: u16, h: u16) -> String {
    let buf = t.buffer(w, h);
    let mut out = t.screen(w, h);
    out.push_str("attributes (b bold, r reversed, u underlined, i italic, d dim, * several):\n");
    for y in 0..h {
        out.push('"');
        for x in 0..w {
            let c = &buf[(x, y)];
            assert!(
                c.fg == Color::Reset && c.bg == Color::Reset,
                "mono: no colour"
            );
            let m = c.modifier;
            let marks: Vec<char> = [
                (Modifier::BOLD, 'b'),
                (Modifier::REVERSED, 'r'),
                (Modifier::UNDERLINED, 'u'),
                (Modifier::ITALIC, 'i'),
                (Modifier::DIM, 'd'),
            ]
            .iter()
            .filter(|(f, _)| m.contains(*f))
            .map(|(_, ch)| *ch)
            .collect();
            out.push(match marks.as_slice() {
                [] => ' ',
                [one] => *one,
                _ => '*',
            });
        }
        out.push_str("\"\n");
    }
    out
}

#[test]
fn every_screen_in_mono_at_80x24_and_200x50() {
    let mut t = in_progress(ThemeName::Mono);
    for (k, name) in SCREENS {
        t.keys(&k.to_string());
        let small = mono_screen(&t, 80, 24);
        let mask = &small[small.find("attributes (").expect("the mask")..];
        assert!(
            mask.lines().skip(1).any(|l| l.contains('r')),
            "{name}: the selection shows without colour (reversed)"
        );
        insta::assert_snapshot!(format!("mono_{name}_80x24"), small);
        insta::assert_snapshot!(format!("mono_{name}_200x50"), mono_screen(&t, 200, 50));
    }
}

#[test]
fn names_with_accents_and_cjk_line_up() {
    let mut t = Tui::open_with(
        "river-valley",
        "2025-03-regular",
        ThemeName::Default,
        |root| {
            let board = root.join("board.toml");
            edit(
                &board,
                "name = \"Town of Stonebridge\"",
                "name = \"石桥镇 Stonebridge\"",
            );
            edit(
                &board,
                "name = \"Town of Roosekill\"",
                "name = \"Rooseküll-Hétérogène\"",
            );
        },
    );
    t.keys("Oy");
    let screen = t.screen(80, 24);
    let col = |needle: &str| {
        let line = screen.lines().find(|l| l.contains(needle)).expect(needle);
        let before = &line[..line.find("· not recorded").expect("status column")];
        ratatui::text::Line::raw(before).width()
    };
    assert_eq!(col("石桥镇"), col("Rooseküll"));
    assert_eq!(col("石桥镇"), col("Verplanck"));
}

/// Item 2 taken up, `text` moved by Stonebridge and seconded, the question put, `votes` typed on
/// the vote screen (one key per member), the vote closed; the projector on.
fn motion_voted_on_the_projector(text: &str, votes: &str) -> Tui {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2o");
    t.keys("c");
    t.keys("o");
    t.move_and_second(text);
    t.keys(votes);
    t.keys("xy");
    t.keys("P");
    t
}

#[test]
fn projector_keeps_the_result_and_every_vote_under_a_long_motion_at_80x24() {
    let long = "Approve the minutes of the regular meeting of 11 February 2025 as circulated, \
                with the correction to item 5 recorded by the secretary, the attendance list \
                annexed, the register of recusals declared at that meeting, the tally of every \
                weighted vote taken and the written statements the members of the board handed \
                in before the close of the meeting, and the answers the chair gave to the \
                questions of the public, the report of the auditor on the accounts of the year \
                2024 and the note of the budget committee on the assessments of the member towns \
                and villages, the schedule of the meetings of the year 2025 and the list of the \
                tenders opened since the last meeting with their deadlines, the members of each \
                evaluation committee and the notices published in the Official Journal, all to \
                be published on the board's website.";
    let t = motion_voted_on_the_projector(long, "yyyyyyyn");
    let s = t.screen(80, 24);
    // The result and each member's vote stay on the wall: the large word gives way first, then
    // the motion's text is cut to fit.
    assert!(s.contains("result: CARRIED"), "{s}");
    assert!(!s.contains("▄█▀▀█▄"), "no room for the large word: {s}");
    assert!(s.contains("Town of Quarry Glen no"), "{s}");
    assert!(s.contains("rule: majority of votes cast"), "{s}");
    assert!(s.contains("Motion m1: Approve the minutes"), "{s}");
    assert!(s.contains('…'), "{s}");
    insta::assert_snapshot!("projector_longer_motion_80x24", s);
    // With room, the whole text and the large word.
    let big = t.screen(240, 67);
    assert!(big.contains("published on the board's website."), "{big}");
    assert!(!big.contains('…'), "{big}");
}

#[test]
fn projector_shows_tender_ranks_once_consensus_is_recorded_and_never_draft_scores() {
    // The panel moderates by consensus here (under the board's mean moderation the console
    // refuses a consensus score, which would count for nothing).
    let mut t = Tui::open_with(
        "river-valley",
        "2025-03-regular",
        procboard::tui::theme::ThemeName::Default,
        |root| {
            edit(
                &root.join("tenders/road-salt-2025.toml"),
                "[evaluation]\n",
                "[evaluation]\nmoderation = \"consensus\"\n",
            );
        },
    );
    t.open_and_roll_call();
    t.keys("2jjjo"); // item 4: road salt, evaluation
    t.keys("4");
    while t.model.tender_ids().get(t.model.sel.tender) != Some(&"road-salt-2025") {
        t.keys("]");
    }
    t.keys("s");
    t.field("stonebridge");
    for _ in 0..3 {
        t.key(KeyCode::Enter);
    }
    t.field("2");
    t.keys("P");
    let draft = t.screen(80, 24);
    assert!(
        !draft.contains("points"),
        "no ranking from draft scores: {draft}"
    );
    t.keys("P");
    t.keys("C");
    t.field("4");
    t.field("");
    t.keys("P");
    let s = t.screen(80, 24);
    assert!(s.contains("consensus scores recorded"), "{s}");
    assert!(s.contains("1.  rs-"), "{s}");
    insta::assert_snapshot!("projector_tender_80x24", s);
}

/// Issue 17, 4: the percentages are on the rule's own base, named, as in the explanation.
#[test]
fn projector_percentages_are_on_the_rules_base() {
    let mut t = in_progress(ThemeName::Default);
    t.keys("3yyyy");
    t.keys("xy");
    t.keys("P");
    let s = t.screen(80, 24);
    assert!(s.contains("16 of 18 weight cast (88.89 %)"), "{s}");
    assert!(s.contains("not counted under this rule"), "{s}");
    assert!(!s.contains("88.9%"), "{s}");
    insta::assert_snapshot!("projector_rule_base_80x24", s);
}

/// Issue 17, 3: the next item shows none of the previous item's motions.
#[test]
fn projector_shows_the_current_items_acts_only() {
    let mut t = in_progress(ThemeName::Default);
    t.keys("3yyyy");
    t.keys("xy");
    t.keys("2c");
    t.keys("o");
    t.keys("P");
    let s = t.screen(80, 24);
    assert!(!s.contains("Motion m1"), "{s}");
    assert!(!s.contains("CARRIED"), "{s}");
    insta::assert_snapshot!("projector_next_item_80x24", s);
}

/// Issue 17, 5: a long motion wraps after the vote too, at every size.
#[test]
fn projector_wraps_a_long_motion_after_the_vote() {
    let long = "Approve the minutes of 11 February 2025 as circulated, with the corrections read \
                into the record by the clerk, and direct the clerk to publish them on the board's \
                website together with the attendance list and the register of recusals declared";
    let t = motion_voted_on_the_projector(long, "yyyyyyyy");
    // The large screen first: that is where the text was cut once the vote closed.
    for (w, h) in [(240, 67), (80, 24)] {
        let s = t.screen(w, h);
        assert!(s.contains("recusals declared"), "{w}×{h}: {s}");
        insta::assert_snapshot!(format!("projector_long_motion_{w}x{h}"), s);
    }
}

/// Issue 17, 3: after the vote on item 2 is carried, the protest hearing (item 6) shows its own
/// act, the dispute decided while it is open, like a result; never item 2's motion.
#[test]
fn projector_shows_a_dispute_decision_on_its_item() {
    let mut t = in_progress(ThemeName::Default);
    t.keys("3yyyy");
    t.keys("xy");
    t.keys("2c");
    t.keys("jjjo"); // closing item 2 moved the cursor on to item 3: item 6, the protest
    t.keys("5m");
    t.field("upheld"); // the form opens on the status, the selected dispute filled in
    t.field("");
    t.keys("P");
    for (w, h) in [(80, 24), (240, 67)] {
        let s = t.screen(w, h);
        assert!(s.contains("Item 6"), "{s}");
        assert!(
            s.contains("Dispute auto-parts-protest-lakeshore: UPHELD"),
            "{s}"
        );
        assert!(!s.contains("Motion m1"), "{s}");
        assert!(!s.contains("CARRIED"), "{s}");
        insta::assert_snapshot!(format!("projector_dispute_decided_{w}x{h}"), s);
    }
}

/// Issue 17, 3: a deferral is shown like a result, on its item, until the next item is taken up.
#[test]
fn projector_shows_a_deferral_like_a_result() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2o");
    t.keys("c");
    t.keys("d"); // closing item 1 moved the cursor on to item 2
    t.field("The draft minutes reached the members too late to be read");
    t.keys("P");
    let s = t.screen(80, 24);
    assert!(s.contains("Item 2"), "{s}");
    assert!(s.contains("DEFERRED"), "{s}");
    assert!(s.contains("reached the members too late"), "{s}");
    insta::assert_snapshot!("projector_deferred_80x24", s);
}

/// Issue 17, the member picker: the list on screen, type-ahead, the highlighted row.
#[test]
fn the_member_picker_at_80x24_and_200x50() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2jo");
    t.keys("m");
    insta::assert_snapshot!("picker_mover_80x24", t.screen(80, 24));
    t.keys("f");
    insta::assert_snapshot!("picker_mover_typed_200x50", t.screen(200, 50));
}

/// Issue 17, 5 and 9: the projector during debate, at 80×24 and 240×67: the agenda strip, the
/// item, the motion on the floor "in debate", and no count of votes.
#[test]
fn projector_during_debate() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2o");
    t.keys("c");
    t.keys("o");
    t.keys("m");
    t.field("stonebridge"); // the mover; the seconder's list follows
    t.field("hendrick-falls");
    t.keys("P");
    for (w, h) in [(80, 24), (240, 67)] {
        let s = t.screen(w, h);
        assert!(s.contains("done ✓ 1 · now ▶ 2 · next 3"), "{w}×{h}: {s}");
        assert!(
            s.contains("Motion on the floor — in debate"),
            "{w}×{h}: {s}"
        );
        assert!(!s.contains("votes entered"), "{w}×{h}: {s}");
        insta::assert_snapshot!(format!("projector_debate_{w}x{h}"), s);
    }
}

/// Issue 18: the projector in closed session, at 80×24 and 240×67: "CLOSED SESSION", the item's
/// number and the ground; nothing of the item's title or of the motion moved in the room, until
/// the secretary shows the room the item (`Z`).
#[test]
fn projector_in_closed_session() {
    let mut t = Tui::open_with(
        "river-valley",
        "2025-03-regular",
        ThemeName::Default,
        |root| {
            append(
                &root.join("board.toml"),
                "\n[closed_session]\nstaff = [\"Kevin Yu\"]\ngrounds = [{ id = \"protest\", text = \"legal advice on a pending bid protest\" }]\n",
            );
            edit(
                &root.join("meetings/2025-03-regular/agenda.toml"),
                "dispute = \"auto-parts-protest-lakeshore\"\n",
                "dispute = \"auto-parts-protest-lakeshore\"\nsession = \"closed\"\nground = \"protest\"\n",
            );
        },
    );
    t.open_and_roll_call();
    t.keys("2");
    t.model.sel.agenda = 5;
    t.keys("o");
    t.keys("M");
    t.field("stonebridge");
    t.field("Uphold the protest of the Lakeshore company.");
    t.key(KeyCode::Enter);
    t.keys("P");
    for (w, h) in [(80, 24), (240, 67)] {
        let s = t.screen(w, h);
        assert!(s.contains("Item 6"), "{w}×{h}: {s}");
        assert!(
            s.contains("Ground: legal advice on a pending bid protest"),
            "{w}×{h}: {s}"
        );
        assert!(!s.contains("Lakeshore"), "{w}×{h}: {s}");
        insta::assert_snapshot!(format!("projector_closed_session_{w}x{h}"), s);
    }
    assert!(t.screen(80, 24).contains("CLOSED SESSION"));
    // The secretary shows the room the item: its title and the motion appear.
    t.keys("Z");
    assert!(t.screen(240, 67).contains("Lakeshore"));
    t.keys("Z");
    assert!(!t.screen(240, 67).contains("Lakeshore"));
}

/// Issue 18: the projector with an amendment on the floor, at 80×24 and 240×67: "motion as
/// amended" (the main motion as the pending amendment would leave it), who moved the amendment,
/// and what the motion reads now.
#[test]
fn projector_motion_as_amended() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("2o");
    t.keys("c");
    t.keys("o");
    t.keys("m");
    t.field("stonebridge");
    t.field("hendrick-falls");
    t.keys("a"); // the amendment form: the motion's text prefilled
    t.field("roosekill");
    t.field("Approve the minutes of 11 February 2025 as corrected.");
    t.key(KeyCode::Enter);
    let a = t.model.state.motions.last().expect("the amendment");
    assert_eq!(a.procedure.amends.as_deref(), Some("m1"));
    t.keys("P");
    for (w, h) in [(80, 24), (240, 67)] {
        let s = t.screen(w, h);
        assert!(s.contains("as amended by a1 (pending)"), "{w}×{h}: {s}");
        assert!(s.contains("corrected."), "{w}×{h}: {s}");
        assert!(
            s.contains("Amendment a1 to motion m1, moved by"),
            "{w}×{h}: {s}"
        );
        assert!(s.contains("Motion m1 now reads:"), "{w}×{h}: {s}");
        insta::assert_snapshot!(format!("projector_motion_as_amended_{w}x{h}"), s);
    }
}

/// Issue 18: between items, the projector shows the consent block: its text, its debate, and
/// once it carried the items adopted on consent; the agenda marks the items.
#[test]
fn projector_shows_the_consent_block_between_items() {
    let mut t = Tui::open_with(
        "river-valley",
        "2025-03-regular",
        ThemeName::Default,
        |root| {
            edit(
                &root.join("meetings/2025-03-regular/agenda.toml"),
                "minutes_of = \"2025-02-regular\"\n",
                "minutes_of = \"2025-02-regular\"\nconsent = true\n",
            );
        },
    );
    t.open_and_roll_call();
    t.keys("2");
    let s = t.screen(120, 40);
    assert!(s.contains("2    [consent] Approval of the minutes"), "{s}");
    t.keys("b");
    t.field("stonebridge");
    t.key(KeyCode::Enter);
    t.keys("P");
    let s = t.screen(80, 24);
    assert!(s.contains("Consent agenda · motion cb1"), "{s}");
    assert!(s.contains("Consent block on the floor — in debate"), "{s}");
    t.keys("P");
    t.keys("Q");
    t.keys("yyyyyyyy");
    t.keys("xy");
    t.keys("P");
    let s = t.screen(80, 24);
    assert!(s.contains("adopted on consent: item 2"), "{s}");
    t.keys("P2");
    let s = t.screen(120, 40);
    assert!(s.contains("2    [adopted on consent] Approval"), "{s}");
}

/// Issue 18: a recess in the header and on the projector, and nothing voted during it; `R`
/// again resumes.
#[test]
fn a_recess_shows_in_the_header_and_on_the_projector() {
    let mut t = Tui::open("river-valley", "2025-03-regular");
    t.open_and_roll_call();
    t.keys("R");
    t.field("ten minutes");
    let s = t.screen(120, 40);
    assert!(s.contains("IN RECESS since 18:"), "{s}");
    t.keys("P");
    let s = t.screen(80, 24);
    assert!(s.contains("RECESS since 18:"), "{s}");
    t.keys("P");
    // Nothing is moved during the recess: the library refuses, the journal is unchanged.
    let before = t.journal_len();
    t.keys("2o");
    assert_eq!(t.journal_len(), before);
    assert!(
        matches!(&t.model.status, Some((procboard::tui::app::StatusKind::Refused, m)) if m.contains("in recess")),
        "{:?}",
        t.model.status
    );
    t.keys("R");
    let s = t.screen(120, 40);
    assert!(s.contains("IN SESSION"), "{s}");
    assert!(!s.contains("IN RECESS"), "{s}");
}

/// The speakers' list with a two-minute speaking time: a point of order spoken, seven members
/// waiting, Stonebridge speaking with 9 seconds left (the warning) on the projector and screen 7.
fn speaking() -> Tui {
    let mut t = Tui::open_with(
        "river-valley",
        "2025-03-regular",
        ThemeName::Default,
        |root| {
            append(
                &root.join("board.toml"),
                "\n[speakers]\nspeaking_time_seconds = 120\n",
            );
        },
    );
    t.open_and_roll_call();
    t.keys("2o7");
    for member in [
        "stonebridge",
        "roosekill",
        "oakwood",
        "hendrick",
        "tillson",
        "bramblekill",
        "quarry",
    ] {
        t.keys("a");
        t.field(member);
    }
    t.keys("!");
    t.field("verplanck");
    t.keys("TT"); // the point of order is spoken
    t.keys("T"); // Stonebridge has the floor
    let started = t
        .model
        .state
        .speakers
        .current
        .as_ref()
        .expect("a speech")
        .started_at;
    t.send(procboard::tui::update::Msg::Clock(
        started + chrono::Duration::seconds(111),
    ));
    t
}

#[test]
fn speakers_on_the_projector_and_screen_7() {
    let mut t = speaking();
    let console = t.screen(80, 24);
    assert!(console.contains("⚠ 0:09 left · last seconds"), "{console}");
    insta::assert_snapshot!("speakers_80x24", console);
    insta::assert_snapshot!("speakers_200x50", t.screen(200, 50));
    t.keys("P");
    for (w, h) in [(80, 24), (240, 67)] {
        let s = t.screen(w, h);
        assert!(s.contains("Speaking: Town of Stonebridge"), "{w}×{h}: {s}");
        assert!(
            s.contains("Previous: Town of Verplanck Falls"),
            "{w}×{h}: {s}"
        );
        assert!(s.contains("5. Town of Bramblekill"), "{w}×{h}: {s}");
        assert!(
            !s.contains("Town of Quarry Glen"),
            "only the next five: {s}"
        );
        insta::assert_snapshot!(format!("projector_speakers_{w}x{h}"), s);
    }
    // Past the speaking time: said plainly.
    let started = t
        .model
        .state
        .speakers
        .current
        .as_ref()
        .expect("a speech")
        .started_at;
    t.send(procboard::tui::update::Msg::Clock(
        started + chrono::Duration::seconds(125),
    ));
    let s = t.screen(80, 24);
    assert!(s.contains("OVER TIME by 0:05"), "{s}");
    insta::assert_snapshot!("projector_speakers_overtime_80x24", s);
}
