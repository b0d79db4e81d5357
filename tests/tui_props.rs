//! Random terminal sizes (1×1 to 400×120) and random key sequences never panic, and every
//! journal they produce passes the same checks as `procboard meeting <DIR> verify`.

mod tui_support;

use proptest::prelude::*;
use ratatui::crossterm::event::KeyCode;
use tui_support::Tui;

/// Every key of the built-in keymap, plus text and editing keys.
fn any_key() -> impl Strategy<Value = KeyCode> {
    let mut keys: Vec<KeyCode> = procboard::tui::keymap::DEFAULT
        .iter()
        .filter_map(|b| procboard::tui::keymap::parse_key(b.key))
        .map(|k| k.code)
        .collect();
    keys.extend([
        KeyCode::Backspace,
        KeyCode::Char('1'),
        KeyCode::Char('m'),
        KeyCode::Char('z'),
        KeyCode::Char('é'),
        KeyCode::Char('語'),
        KeyCode::Char(' '),
        KeyCode::Home,
        KeyCode::End,
    ]);
    proptest::sample::select(keys)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_and_sizes_never_panic_and_journals_verify(
        steps in proptest::collection::vec((any_key(), 1u16..=400, 1u16..=120), 1..60),
    ) {
        let mut t = Tui::open("river-valley", "2025-03-regular");
        // Open the meeting first, most of the time, so that the keys reach the acts.
        t.keys("Oy");
        for (code, w, h) in steps {
            t.key(code);
            if t.model.quit {
                break;
            }
            let _ = t.screen(w, h);
        }
        let journal = t.dir.join(procboard::meeting::JOURNAL_FILE);
        procboard::record::journal::verify(&journal).expect("the chain holds");
        let replay = procboard::meeting::Meeting::open_read(&t.dir).expect("every event replays");
        prop_assert_eq!(replay.state.last_seq, t.model.state.last_seq);
        prop_assert_eq!(replay.records.len(), t.model.records.len());
    }
}
