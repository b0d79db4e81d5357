//! The console's speed (issue 8).
//!
//! - `tui/agenda_draw/{1000,10000}`: view + draw of the agenda screen at 200×50 on a
//!   `TestBackend`, with an agenda of 1,000 and 10,000 items, the selection in the middle. Only
//!   the visible rows are built, so 10,000 should cost what 1,000 costs. Target: median ≤ 1 ms.
//! - `tui/key_to_frame`: a roll-call key → `update` → `Meeting::record` (checked, appended,
//!   flushed to disk) → the next frame drawn at 200×50.
//! - `tui/start_to_first_frame`: on the large generated board (`Size::LARGE`: 500 members, 1,000
//!   agenda items in 10 meetings, 200 tenders): open a meeting, build the model, draw the first
//!   frame at 200×50. Target ≤ 50 ms.
//! - `tui/frame_200x50/picker`: a frame at 200×50 with the member picker open over the agenda
//!   (the mover's list of a meeting in session, one letter typed). Target: within the agenda
//!   frame's budget (median ≤ 1 ms).
//! - `tui/frame_200x50/projector_strip_{1000,10000}`: the projector layout at 200×50 with the
//!   agenda strip over an agenda of 1,000 and 10,000 items (half done, one open). Same budget.
//! - `tui/idle` (a measured loop, not a criterion timing; it runs before the timings): the real
//!   event loop (`driver::run_idle`) as the projector runs it, journal follower included, on a
//!   `TestBackend` for 2 s with nothing happening. It prints the frames drawn after the first and
//!   fails unless that is 0; then, as a control, the same 2 s with one event appended to the
//!   journal by another writer, which must draw (one frame, or two when the follower sees the new
//!   journal file both before and after the event is written in it).
//!
//! - `tui/frame_200x50/speakers_200` and `tui/frame_80x24/speakers_200`: the speakers' screen
//!   (7) with a list of 200 speakers waiting on the open item (the selection in the middle), a
//!   speech under way with its countdown, and the pace line; and `projector_speakers_200`, the
//!   projector's speakers view over the same list (the countdown in large digits). Same budget as
//!   the agenda frame (median ≤ 1 ms).
//!
//! Run briefly: `cargo bench --bench tui -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use chrono::Utc;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use procboard::board::model::ItemKind;
use procboard::meeting::Meeting;
use procboard::record::state::{AgendaItem, ItemState, ItemStatus};
use procboard::tui::app::{Mode, Model, Screen};
use procboard::tui::keymap::Keymap;
use procboard::tui::theme::ThemeName;
use procboard::tui::update::Msg;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "../tests/common/mod.rs"]
mod common;

fn agenda_model(m: &Meeting, n: usize) -> Model {
    let mut model = Model::new(m, Mode::Secretary, ThemeName::Default, Keymap::default());
    model.state.ctx.items = (0..n)
        .map(|i| AgendaItem {
            id: format!("{}", i + 1),
            title: format!(
                "Item number {} of the generated agenda, with a title of ordinary length",
                i + 1
            ),
            kind: ItemKind::Information,
            tender: None,
            decision: "default".into(),
            closed: None,
            consent: false,
            speaking_seconds: Some(180),
            planned_minutes: Some(10),
            public_comment: false,
        })
        .collect();
    model.state.items = (0..n)
        .map(|i| ItemState {
            id: format!("{}", i + 1),
            status: if i < n / 2 {
                ItemStatus::Closed
            } else {
                ItemStatus::Pending
            },
            opened_at: None,
            closed_at: None,
            deferred_reason: None,
        })
        .collect();
    model.screen = Screen::Agenda;
    model.sel.agenda = n / 2;
    model
}

fn agenda_draw(c: &mut Criterion) {
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    let m = Meeting::open_read(&root.join("meetings/2025-03-regular")).expect("opens");
    let mut g = c.benchmark_group("tui/agenda_draw");
    for n in [1_000usize, 10_000] {
        let model = agenda_model(&m, n);
        let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
        g.bench_with_input(BenchmarkId::from_parameter(n), &model, |b, model| {
            b.iter(|| {
                term.draw(|f| procboard::tui::view::view(black_box(model), f))
                    .expect("draws");
            })
        });
    }
    g.finish();
}

fn frame_200x50(c: &mut Criterion) {
    let mut g = c.benchmark_group("tui/frame_200x50");
    // The picker over the agenda, in session.
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    let dir = root.join("meetings/2025-03-regular");
    let mut m = Meeting::open_writer(&dir).expect("opens");
    let mut model = Model::new(&m, Mode::Secretary, ThemeName::Default, Keymap::default());
    let key = |c: char| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    for c in "Oyppppppppppp2jom".chars() {
        procboard::tui::driver::step(&mut model, &mut m, "sec", Utc::now, key(c));
    }
    procboard::tui::driver::step(&mut model, &mut m, "sec", Utc::now, key('t'));
    assert!(
        matches!(
            model.overlays.last(),
            Some(procboard::tui::app::Overlay::Picker(_))
        ),
        "the picker is open: {:?}",
        model.status
    );
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    g.bench_function("picker", |b| {
        b.iter(|| {
            term.draw(|f| procboard::tui::view::view(black_box(&model), f))
                .expect("draws");
        })
    });
    // The projector with its agenda strip over a long agenda.
    let m = Meeting::open_read(&dir).expect("opens");
    for n in [1_000usize, 10_000] {
        let mut model = agenda_model(&m, n);
        model.state.items[n / 2].status = ItemStatus::Open;
        model.projector = true;
        let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
        g.bench_with_input(
            BenchmarkId::new("projector_strip", n),
            &model,
            |b, model| {
                b.iter(|| {
                    term.draw(|f| procboard::tui::view::view(black_box(model), f))
                        .expect("draws");
                })
            },
        );
    }
    g.finish();
}

fn key_to_frame(c: &mut Criterion) {
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    let dir = root.join("meetings/2025-03-regular");
    let mut m = Meeting::open_writer(&dir).expect("opens");
    let mut model = Model::new(&m, Mode::Secretary, ThemeName::Default, Keymap::default());
    let key = |c: char| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    procboard::tui::driver::step(&mut model, &mut m, "sec", Utc::now, key('O'));
    procboard::tui::driver::step(&mut model, &mut m, "sec", Utc::now, key('y'));
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut present = true;
    let mut ran = false;
    c.bench_function("tui/key_to_frame", |b| {
        b.iter(|| {
            ran = true;
            model.sel.roll = 0;
            let k = if present { 'p' } else { 'a' };
            present = !present;
            procboard::tui::driver::step(&mut model, &mut m, "sec", Utc::now, key(k));
            term.draw(|f| procboard::tui::view::view(&model, f))
                .expect("draws");
        })
    });
    // (Skipped when a filter leaves this bench out.)
    assert!(!ran || model.records.len() > 2, "events were recorded");
}

fn start_to_first_frame(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tmp");
    procboard::board::synthetic::write_board(tmp.path(), procboard::board::synthetic::Size::LARGE)
        .expect("writes the board");
    let dir = tmp.path().join("meetings/mt000");
    c.bench_function("tui/start_to_first_frame", |b| {
        b.iter(|| {
            let m = Meeting::open_read(&dir).expect("opens");
            let model = Model::new(&m, Mode::Secretary, ThemeName::Default, Keymap::default());
            let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
            term.draw(|f| procboard::tui::view::view(&model, f))
                .expect("draws");
        })
    });
}

/// Frames drawn by the projector's loop over 2 s, after the first frame; with `append`, one event
/// is recorded by a writer half a second in.
fn idle_frames(append: bool) -> u64 {
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    let dir = root.join("meetings/2025-03-regular");
    let mut m = Meeting::open_read(&dir).expect("opens");
    let mut model = Model::new(&m, Mode::Projector, ThemeName::Default, Keymap::default());
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let writer = append.then(|| {
        let dir = dir.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(500));
            let mut w = Meeting::open_writer(&dir).expect("a writer");
            let ev = serde_json::from_str(r#"{"type":"meeting_opened"}"#).expect("an event");
            w.record("sec", Utc::now(), ev).expect("recorded");
        })
    });
    let started = std::time::Instant::now();
    let draws = procboard::tui::driver::run_idle(
        &mut term,
        &mut model,
        &mut m,
        &dir,
        std::time::Duration::from_secs(2),
    )
    .expect("the loop runs");
    let took = started.elapsed();
    if let Some(w) = writer {
        w.join().expect("the writer");
    }
    assert!(took >= std::time::Duration::from_secs(2), "ran {took:?}");
    draws - 1
}

fn idle(_c: &mut Criterion) {
    let idle = idle_frames(false);
    println!(
        "tui/idle: {idle} frames drawn in 2 s with nothing happening (projector loop, follower on)"
    );
    assert_eq!(idle, 0, "an idle console draws nothing");
    let busy = idle_frames(true);
    println!("tui/idle (control): {busy} frame(s) drawn in 2 s with one journal event");
    // The follower may see the new journal file before and after the event is written.
    assert!(
        (1..=2).contains(&busy),
        "a journal change draws: the count is live"
    );
}

/// A model on the speakers' screen: an agenda of 20 items, item 10 open for ten minutes, 200
/// speakers waiting (members, officers and the public, every tenth a point of order) and a speech
/// under way for 100 of its 180 seconds.
fn speakers_model(m: &Meeting) -> Model {
    use procboard::record::event::SpeakerRole;
    use procboard::record::speakers::{Speech, Waiting};
    let mut model = agenda_model(m, 20);
    let now = Utc::now();
    let opened = now - chrono::Duration::minutes(10);
    for (i, it) in model.state.items.iter_mut().enumerate() {
        if i < 9 {
            it.status = ItemStatus::Closed;
            it.opened_at = Some(opened - chrono::Duration::minutes(12 * (9 - i as i64)));
            it.closed_at = Some(opened - chrono::Duration::minutes(12 * (8 - i as i64)));
        }
    }
    model.state.items[9].status = ItemStatus::Open;
    model.state.items[9].opened_at = Some(opened);
    let roles = [
        SpeakerRole::Member,
        SpeakerRole::Officer,
        SpeakerRole::Public,
    ];
    let waiting: Vec<Waiting> = (0..200)
        .map(|i| Waiting {
            speaker: format!("Speaker number {i} with an ordinary name"),
            role: roles[i % 3],
            point_of_order: i % 10 == 0,
            seq: i as u64,
        })
        .collect();
    model.state.speakers.lists.insert("10".into(), waiting);
    model.state.speakers.current = Some(Speech {
        seq: 201,
        item: "10".into(),
        speaker: "A. Speaker".into(),
        role: SpeakerRole::Officer,
        point_of_order: false,
        started_at: now - chrono::Duration::seconds(100),
        ended_at: None,
        ended_seq: None,
        limit_seconds: Some(180),
    });
    model.now = now;
    model.screen = Screen::Speakers;
    model.sel.speaker = 100;
    model
}

fn speakers_frame(c: &mut Criterion) {
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    let m = Meeting::open_read(&root.join("meetings/2025-03-regular")).expect("opens");
    let mut model = speakers_model(&m);
    for (group, w, h) in [("tui/frame_200x50", 200, 50), ("tui/frame_80x24", 80, 24)] {
        let mut g = c.benchmark_group(group);
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        g.bench_function("speakers_200", |b| {
            b.iter(|| {
                term.draw(|f| procboard::tui::view::view(black_box(&model), f))
                    .expect("draws");
            })
        });
        g.finish();
    }
    model.projector = true;
    let mut g = c.benchmark_group("tui/frame_200x50");
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    g.bench_function("projector_speakers_200", |b| {
        b.iter(|| {
            term.draw(|f| procboard::tui::view::view(black_box(&model), f))
                .expect("draws");
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    idle,
    agenda_draw,
    frame_200x50,
    speakers_frame,
    key_to_frame,
    start_to_first_frame
);
criterion_main!(benches);
