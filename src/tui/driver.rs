//! The driver: terminal, event loop, effects run through the meeting library.
//!
//! No async runtime: an input thread, a journal follower (projector) and a signal thread send
//! into one channel; the loop blocks on it, drains what is queued, and draws once if anything
//! arrived. Nothing arrives while nothing happens, so an idle console draws nothing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, SystemTime};

use chrono::Utc;
use ratatui::crossterm::event::{self, Event as TermEvent};

use super::app::{Mode, Model};
use super::keymap::Keymap;
use super::theme::ThemeName;
use super::update::{Effect, Msg, update};
use crate::meeting::{JOURNAL_FILE, Meeting, MeetingError};
use crate::record::journal::JournalError;

/// What the threads send.
enum Input {
    Msg(Msg),
    /// SIGTERM or SIGHUP: restore the terminal and end.
    Signal,
}

/// Restores the terminal when dropped: on return, on `?` and on panic unwinding.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore_once();
    }
}

/// Whether the terminal was already put back.
static RESTORED: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back, once. A second "leave the alternate screen" is not harmless: the
/// terminal then moves the cursor back to where it was when the console started, and the shell
/// writes over the error or panic message printed in between.
fn restore_once() {
    if !RESTORED.swap(true, Ordering::SeqCst) {
        let _ = ratatui::crossterm::execute!(
            std::io::stdout(),
            ratatui::crossterm::event::DisableMouseCapture
        );
        ratatui::restore();
    }
}

/// How the console was asked to run.
pub struct Options {
    /// The meeting folder.
    pub dir: PathBuf,
    /// Secretary, projector or review.
    pub mode: Mode,
    /// Who records.
    pub by: String,
    /// Review: the member filling in its own score sheet and answering written procedures.
    pub review_as: Option<String>,
    /// Review: the member's private key, offered when it answers a written procedure.
    pub review_key: Option<PathBuf>,
}

/// Runs the console; returns the exit code.
pub fn run(opts: &Options) -> i32 {
    let keymap = match Keymap::load_user() {
        Ok(k) => k,
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            eprintln!("error: the key file has problems; fix them or move it away");
            return crate::exit::EXIT_BAD_INPUT;
        }
    };
    let opened = if opts.mode == Mode::Secretary {
        Meeting::open_writer(&opts.dir)
    } else {
        Meeting::open_read(&opts.dir)
    };
    let mut meeting = match opened {
        Ok(m) => m,
        Err(MeetingError::Journal(JournalError::Locked { .. })) => {
            eprintln!(
                "error: another console (or `meeting record`) is recording this meeting; only one may write.\n  hint: to show the meeting on a second screen, run: procboard meet {} --projector",
                opts.dir.display()
            );
            return crate::exit::EXIT_FAILURE;
        }
        Err(e) => {
            if let MeetingError::Board(diags) = &e {
                for d in diags {
                    eprintln!("{d}");
                }
            }
            eprintln!("error: {e}");
            return match e {
                MeetingError::Board(_) | MeetingError::NotAMeeting(_) => {
                    crate::exit::EXIT_BAD_INPUT
                }
                _ => crate::exit::EXIT_FAILURE,
            };
        }
    };
    let mut model = Model::new(&meeting, opts.mode, ThemeName::from_env(), keymap);
    model.now = Utc::now();
    let tz: chrono_tz::Tz = model.info.time_zone.parse().unwrap_or(chrono_tz::UTC);
    model.today = model.now.with_timezone(&tz).date_naive();
    for w in &meeting.warnings {
        model.status = Some((super::app::StatusKind::Info, format!("warning: {w}")));
    }
    if opts.mode == Mode::Review {
        if let Some(who) = &opts.review_as
            && meeting.board.member(who).is_none()
        {
            let ids: Vec<&str> = meeting
                .board
                .file
                .members
                .iter()
                .map(|m| m.id.get_ref().as_str())
                .collect();
            let hint = crate::diag::did_you_mean(who, ids.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            eprintln!(
                "error: no member `{who}` on this board\n  hint: {hint}members: {}",
                crate::diag::list(&ids)
            );
            return crate::exit::EXIT_BAD_INPUT;
        }
        model.review_as = opts.review_as.clone();
        model.review_key = opts.review_key.clone();
        model.notes_file = super::review::notes_file(&model.info.board_id, &model.info.meeting);
        if let Some(f) = &model.notes_file {
            model.private_notes = super::review::load_notes(f);
        }
        model.screen = super::app::Screen::Agenda;
        model.status = Some((
            super::app::StatusKind::Info,
            match &opts.review_as {
                Some(w) if model.info.written_open.iter().any(|p| p.taking_answers) => format!(
                    "review (read-only) as {w}: a written procedure awaits answers: `1`, then `w` answers it; `:` keeps a private note; on the tenders screen `s` fills in your score sheet"
                ),
                Some(w) => format!(
                    "review (read-only) as {w}: `:` keeps a private note; on the tenders screen `s` fills in your score sheet"
                ),
                None => {
                    "review (read-only): `:` keeps a private note, outside the board folder".into()
                }
            },
        ));
    }
    let (tx, rx) = channel();
    spawn_input(tx.clone());
    spawn_signals(tx.clone());
    if opts.mode != Mode::Secretary {
        spawn_follower(tx, opts.dir.clone());
    }
    // `ratatui::init` installs a panic hook that restores the terminal; ours replaces it so that
    // the unwinding guard below does not restore a second time.
    let original = std::panic::take_hook();
    let mut terminal = ratatui::init();
    std::panic::set_hook(Box::new(move |info| {
        restore_once();
        original(info);
    }));
    let _restore = Restore;
    // Clicks select list rows and switch tabs (the projector takes no input but keys).
    if opts.mode != Mode::Projector {
        let _ = ratatui::crossterm::execute!(
            std::io::stdout(),
            ratatui::crossterm::event::EnableMouseCapture
        );
    }
    let mut draws = 0;
    let result = event_loop(&mut model, &mut meeting, &opts.by, &rx, &mut draws, |m| {
        draw(&mut terminal, m)
    });
    // For the tests: how many frames were drawn (an idle console draws none).
    if let Some(f) = std::env::var_os("PROCBOARD_TUI_DRAWS") {
        let _ = std::fs::write(f, draws.to_string());
    }
    match result {
        Ok(()) => crate::exit::EXIT_OK,
        Err(e) => {
            restore_once();
            eprintln!("error: {e}");
            crate::exit::EXIT_FAILURE
        }
    }
}

/// Runs the console's event loop on `terminal` (any backend: the benches use a `TestBackend`)
/// as the projector runs it, with the journal follower on `dir` and no keyboard, until `idle` has
/// passed; then ends it as SIGTERM does. Returns the frames drawn: 1, the first frame, when
/// nothing happened. `benches/tui.rs` uses it to show that an idle console draws nothing.
pub fn run_idle<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    model: &mut Model,
    meeting: &mut Meeting,
    dir: &Path,
    idle: Duration,
) -> std::io::Result<u64> {
    let (tx, rx) = channel();
    spawn_follower(tx.clone(), dir.to_path_buf());
    std::thread::spawn(move || {
        std::thread::sleep(idle);
        let _ = tx.send(Input::Signal);
    });
    let mut draws = 0;
    event_loop(model, meeting, "", &rx, &mut draws, |m| {
        terminal
            .draw(|f| super::view::view(m, f))
            .map(|_| ())
            .map_err(|e| std::io::Error::other(e.to_string()))
    })?;
    Ok(draws)
}

fn event_loop(
    model: &mut Model,
    meeting: &mut Meeting,
    by: &str,
    rx: &Receiver<Input>,
    draws: &mut u64,
    mut draw: impl FnMut(&Model) -> std::io::Result<()>,
) -> std::io::Result<()> {
    draw(model)?;
    *draws += 1;
    while let Some(first) = next_input(model, rx) {
        let mut queue = vec![first];
        while let Ok(more) = rx.try_recv() {
            queue.push(more);
        }
        for input in queue {
            let msg = match input {
                Input::Msg(m) => m,
                Input::Signal => return Ok(()),
            };
            if matches!(msg, Msg::Key(_)) {
                injected_fault()?;
            }
            let effects = step(model, meeting, by, Utc::now, msg);
            if effects.contains(&Effect::Quit) || model.quit {
                return Ok(());
            }
        }
        draw(model)?;
        *draws += 1;
    }
    Ok(())
}

/// The next input; while a speech runs (its countdown on screen), a clock tick after a second
/// without one, so the console redraws each second. An idle console waits without ticking.
fn next_input(model: &Model, rx: &Receiver<Input>) -> Option<Input> {
    use std::sync::mpsc::RecvTimeoutError;
    let speaking = model.state.speakers.current.is_some() && model.state.adjourned_at.is_none();
    if !speaking {
        return rx.recv().ok();
    }
    match rx.recv_timeout(std::time::Duration::from_secs(1)) {
        Ok(input) => Some(input),
        Err(RecvTimeoutError::Timeout) => Some(Input::Msg(Msg::Clock(Utc::now()))),
        Err(RecvTimeoutError::Disconnected) => None,
    }
}

/// For the tests only, and only in debug builds (a release build, the one users run, has no such
/// switch): with `PROCBOARD_TUI_FAULT=error` the first key ends the loop with an I/O error, with
/// `PROCBOARD_TUI_FAULT=panic` it panics, so that `tests/tui_tmux.rs` can prove the terminal is
/// restored on both paths.
#[cfg(debug_assertions)]
fn injected_fault() -> std::io::Result<()> {
    match std::env::var("PROCBOARD_TUI_FAULT").as_deref() {
        Ok("error") => Err(std::io::Error::other(
            "injected fault (PROCBOARD_TUI_FAULT=error, debug builds only)",
        )),
        Ok("panic") => panic!("injected panic (PROCBOARD_TUI_FAULT=panic, debug builds only)"),
        _ => Ok(()),
    }
}

/// Release builds: never a fault.
#[cfg(not(debug_assertions))]
fn injected_fault() -> std::io::Result<()> {
    Ok(())
}

/// One frame, inside a synchronized update so the terminal shows it whole.
fn draw(terminal: &mut ratatui::DefaultTerminal, model: &Model) -> std::io::Result<()> {
    use ratatui::crossterm::execute;
    use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
    execute!(std::io::stdout(), BeginSynchronizedUpdate)?;
    let drawn = terminal.draw(|f| super::view::view(model, f)).map(|_| ());
    execute!(std::io::stdout(), EndSynchronizedUpdate)?;
    drawn
}

/// Applies `msg` and runs the effects it asks for: each event goes through
/// [`Meeting::record`] (stamped with `clock()`), and the library's answer goes back into
/// `update`. Returns every effect asked for, in order.
pub fn step(
    model: &mut Model,
    meeting: &mut Meeting,
    by: &str,
    clock: impl Fn() -> chrono::DateTime<Utc>,
    msg: Msg,
) -> Vec<Effect> {
    let mut all = Vec::new();
    let mut effects = update(model, msg);
    while !effects.is_empty() {
        let mut next = Vec::new();
        for e in effects {
            let answer = match &e {
                Effect::Record(ev) => Some(run_record(meeting, by, clock(), (**ev).clone())),
                Effect::SaveNote(file, note) => Some(match super::review::save_note(file, note) {
                    Ok(()) => Msg::NoteSaved(note.clone()),
                    Err(m) => Msg::Refused(m),
                }),
                Effect::SaveScore(s) => Some(match super::review::save_score(s) {
                    Ok(path) => match crate::signature::load_board(&s.root).valid() {
                        Ok((board, _)) => Msg::SheetSaved(
                            format!("saved and checked: {}", path.display()),
                            Box::new(board),
                        ),
                        Err(_) => Msg::Refused(format!(
                            "{} was saved, but the board has other problems; run procboard check",
                            path.display()
                        )),
                    },
                    Err(m) => Msg::Refused(m),
                }),
                Effect::AnswerWritten(a) => {
                    let at = clock();
                    Some(Msg::WrittenAnswered(
                        super::review::answer_written(&meeting.board, a, at)
                            .map(|said| (said, super::app::written_open(&meeting.board, at))),
                    ))
                }
                Effect::OpenDocument(path) => {
                    Some(Msg::DocumentOpened(super::review::open_document(path)))
                }
                Effect::WriteMinutes => Some(Msg::MinutesWritten(
                    crate::minutes::write_minutes(&meeting.dir)
                        .map(|_| {
                            format!(
                                "{} and {}",
                                meeting.dir.join(crate::minutes::MINUTES_MD).display(),
                                crate::minutes::MINUTES_JSON
                            )
                        })
                        .map_err(|e| e.to_string()),
                )),
                Effect::Quit => None,
            };
            if let Some(answer) = answer {
                next.extend(update(model, answer));
            }
            all.push(e);
        }
        effects = next;
    }
    all
}

/// Records one event through the library; the answer as a message.
pub fn run_record(
    meeting: &mut Meeting,
    by: &str,
    at: chrono::DateTime<Utc>,
    ev: crate::record::event::Event,
) -> Msg {
    match meeting.record(by, at, ev) {
        Ok(r) => {
            let r = Box::new(r.clone());
            Msg::Recorded(Box::new(meeting.state.clone()), r)
        }
        Err(MeetingError::Refused { message, .. }) => Msg::Refused(message),
        Err(e) => Msg::Refused(e.to_string()),
    }
}

fn spawn_input(tx: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(TermEvent::Key(k)) => Msg::Key(k),
                Ok(TermEvent::Resize(..)) => Msg::Resize,
                Ok(TermEvent::Mouse(m))
                    if m.kind == event::MouseEventKind::Down(event::MouseButton::Left) =>
                {
                    Msg::Click(m.column, m.row)
                }
                Ok(_) => continue,
                Err(_) => break,
            };
            if tx.send(Input::Msg(msg)).is_err() {
                break;
            }
        }
    });
}

fn spawn_signals(tx: Sender<Input>) {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(Input::Signal);
            }
        });
    }
}

fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// Watches the journal (size and time) four times a second; sends the replayed meeting when it
/// changed. Sends nothing while the journal stays as it is.
fn spawn_follower(tx: Sender<Input>, dir: PathBuf) {
    std::thread::spawn(move || {
        let path = dir.join(JOURNAL_FILE);
        let mut last = stamp(&path);
        loop {
            std::thread::sleep(Duration::from_millis(250));
            let now = stamp(&path);
            if now == last {
                continue;
            }
            last = now;
            if let Ok(m) = Meeting::open_read(&dir) {
                let msg = Msg::Reloaded(Box::new(m.state), m.records);
                if tx.send(Input::Msg(msg)).is_err() {
                    break;
                }
            }
        }
    });
}
