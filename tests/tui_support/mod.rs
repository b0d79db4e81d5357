//! Helpers for the console tests: a meeting on a scratch copy of a bundled board, keys fed to
//! `update` with the effects run through the library on a fixed clock, screens drawn on a
//! `TestBackend`.
#![allow(dead_code)] // each test file uses its own subset

use std::cell::Cell;
use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use procboard::meeting::Meeting;
use procboard::tui::app::{Mode, Model};
use procboard::tui::keymap::Keymap;
use procboard::tui::theme::ThemeName;
use procboard::tui::update::{Effect, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "../common/mod.rs"]
mod common;
#[allow(unused_imports)] // each test file uses its own subset
pub use common::{append, edit};

/// A console on a scratch meeting.
pub struct Tui {
    /// Keeps the scratch folder alive.
    pub tmp: tempfile::TempDir,
    /// The meeting folder.
    pub dir: PathBuf,
    /// The writer.
    pub meeting: Meeting,
    /// The console's model.
    pub model: Model,
    /// Every effect asked for so far.
    pub effects: Vec<Effect>,
    clock: Cell<DateTime<Utc>>,
}

/// 18:31 in New York on 11 March 2025.
pub fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-03-11T22:31:00Z")
        .expect("a time")
        .with_timezone(&Utc)
}

impl Tui {
    /// The console on `meeting` of the bundled board `board` (e.g. "river-valley").
    pub fn open(board: &str, meeting: &str) -> Tui {
        Tui::open_theme(board, meeting, ThemeName::Default)
    }

    /// The same with a theme.
    pub fn open_theme(board: &str, meeting: &str, theme: ThemeName) -> Tui {
        Tui::open_with(board, meeting, theme, |_| {})
    }

    /// The same, after `edit` changed the scratch board (its root folder is given).
    pub fn open_with(
        board: &str,
        meeting: &str,
        theme: ThemeName,
        edit: impl FnOnce(&std::path::Path),
    ) -> Tui {
        let (tmp, root) = common::scratch_copy(&format!("boards/{board}"));
        edit(&root);
        let dir = root.join("meetings").join(meeting);
        let meeting = Meeting::open_writer(&dir).expect("the meeting opens");
        let mut model = Model::new(&meeting, Mode::Secretary, theme, Keymap::default());
        model.now = start();
        Tui {
            tmp,
            dir,
            meeting,
            model,
            effects: Vec::new(),
            clock: Cell::new(start()),
        }
    }

    /// The same meeting opened read-only, in review mode (as `procboard review --as <who>`).
    pub fn review(board: &str, meeting: &str, who: Option<&str>) -> Tui {
        let (tmp, root) = common::scratch_copy(&format!("boards/{board}"));
        let dir = root.join("meetings").join(meeting);
        let meeting = Meeting::open_read(&dir).expect("the meeting opens");
        let mut model = Model::new(
            &meeting,
            Mode::Review,
            ThemeName::Default,
            Keymap::default(),
        );
        model.now = start();
        model.review_as = who.map(str::to_string);
        model.notes_file = Some(tmp.path().join("data/procboard/notes/river-valley/m.jsonl"));
        Tui {
            tmp,
            dir,
            meeting,
            model,
            effects: Vec::new(),
            clock: Cell::new(start()),
        }
    }

    /// Feeds one message; returns the effects it asked for.
    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        let clock = &self.clock;
        let tick = || {
            let t = clock.get();
            clock.set(t + Duration::minutes(1));
            t
        };
        let fx = procboard::tui::driver::step(
            &mut self.model,
            &mut self.meeting,
            "Diane Marchetti",
            tick,
            msg,
        );
        self.effects.extend(fx.iter().cloned());
        fx
    }

    /// Presses each character of `keys` as a key.
    pub fn keys(&mut self, keys: &str) -> Vec<Effect> {
        let mut all = Vec::new();
        for c in keys.chars() {
            all.extend(self.send(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            ))));
        }
        all
    }

    /// Presses a named key.
    pub fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    /// Fills the focused form field with `text` (after clearing it) and presses Enter.
    pub fn field(&mut self, text: &str) {
        for _ in 0..80 {
            self.send(Msg::Key(KeyEvent::new(
                KeyCode::Backspace,
                KeyModifiers::NONE,
            )));
        }
        self.keys(text);
        self.key(KeyCode::Enter);
    }

    /// Events in the journal.
    pub fn journal_len(&self) -> usize {
        self.meeting.records.len()
    }

    /// The screen as text at `w`×`h`.
    pub fn screen(&self, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        t.draw(|f| procboard::tui::view::view(&self.model, f))
            .expect("draws");
        format!("{}", t.backend())
    }

    /// The screen's buffer (with styles) at `w`×`h`.
    pub fn buffer(&self, w: u16, h: u16) -> ratatui::buffer::Buffer {
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        t.draw(|f| procboard::tui::view::view(&self.model, f))
            .expect("draws");
        t.backend().buffer().clone()
    }

    /// Opens the meeting and takes the roll call of river-valley's March meeting as the user
    /// guide does (Oakwood Crossing's alternate, Maple Hollow absent, Tillson Point remote,
    /// Birch Notch excused).
    pub fn open_and_roll_call(&mut self) {
        self.keys("Oy");
        self.keys("ppp");
        // The alternate: picked from the member's alternates, the first highlighted.
        self.keys("A");
        self.key(KeyCode::Enter);
        self.keys("aprppe");
    }

    /// Moves `text` on the item under the cursor (Stonebridge), seconded by Hendrick Falls, and
    /// puts the question: the vote screen opens.
    pub fn move_and_second(&mut self, text: &str) {
        self.keys("M");
        self.field("stonebridge");
        self.field(text);
        self.key(KeyCode::Enter);
        self.keys("s");
        self.field("hendrick-falls");
        self.keys("Q");
    }
}

/// The event kinds of the journal.
pub fn kinds(m: &Meeting) -> Vec<&'static str> {
    m.records.iter().map(|r| r.event.kind()).collect()
}
