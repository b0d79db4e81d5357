//! The journal's edges: a stripped final newline, a forged last line, and journals or locks that
//! are not plain files (symbolic links, folders).

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use procboard::record::journal::{Journal, JournalError, TamperReason, Warning, verify};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Ev {
    Note { text: String },
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 5, 9, minute, 0).unwrap()
}

fn note(text: &str) -> Ev {
    Ev::Note { text: text.into() }
}

fn setup(n: u32) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let (mut j, _, _) = Journal::<Ev>::open_writer(&path).unwrap();
    for i in 0..n {
        j.append(at(i), "secretary", &note(&format!("n{i}")))
            .unwrap();
    }
    (dir, path)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_stripped_final_newline_keeps_the_last_event() {
    let (dir, path) = setup(3);
    let full = fs::read(&path).unwrap();
    fs::write(&path, &full[..full.len() - 1]).unwrap();

    // Reading: all three events, no warning, file untouched.
    let (records, warnings) = Journal::<Ev>::read(&path).unwrap();
    assert_eq!(records.len(), 3);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(verify(&path).unwrap().count, 3);

    // Writing: the newline comes back, nothing is set aside, the next event is seq 4.
    let (mut j, records, warnings) = Journal::<Ev>::open_writer(&path).unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(warnings, vec![Warning::NewlineAdded { line: 3 }]);
    assert!(warnings[0].to_string().contains("newline was added back"));
    assert_eq!(fs::read(&path).unwrap(), full);
    let r = j.append(at(9), "secretary", &note("next")).unwrap();
    assert_eq!(r.seq, 4);
    assert_eq!(r.prev, records[2].hash);
    drop(j);
    assert!(!entries(dir.path()).iter().any(|n| n.contains(".torn-")));
    assert_eq!(Journal::<Ev>::read(&path).unwrap().0.len(), 4);
}

#[test]
fn a_complete_last_line_that_does_not_chain_is_tampering_not_torn() {
    let (_dir, path) = setup(2);
    let text = fs::read_to_string(&path).unwrap();
    let last = text.lines().nth(1).unwrap();
    // A third line without newline whose link is wrong: not a crash, a forgery.
    let forged = last
        .replacen("\"seq\":2", "\"seq\":3", 1)
        .replacen("n1", "forged", 1);
    fs::write(&path, format!("{text}{forged}")).unwrap();
    let before = fs::read(&path).unwrap();
    let err = Journal::<Ev>::open_writer(&path).unwrap_err();
    match err {
        JournalError::Tampered { line, reason, .. } => {
            assert_eq!(line, 3);
            assert_eq!(reason, TamperReason::CopiedLink { previous_line: 2 });
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_forged_last_line_is_reported_at_its_own_line() {
    // The forger copies the genuine last line, renumbers it and changes the event: its `prev`
    // is the one the genuine line recorded, and the genuine line must not take the blame.
    let (_dir, path) = setup(3);
    let text = fs::read_to_string(&path).unwrap();
    let last = text.lines().nth(2).unwrap();
    let forged = last
        .replacen("\"seq\":3", "\"seq\":4", 1)
        .replacen("n2", "the chair resigns", 1);
    fs::write(&path, format!("{text}{forged}\n")).unwrap();
    let err = Journal::<Ev>::read(&path).unwrap_err();
    match err {
        JournalError::Tampered { line, reason, .. } => {
            assert_eq!(line, 4);
            assert_eq!(reason, TamperReason::CopiedLink { previous_line: 3 });
            assert!(reason.to_string().contains("copied from another or forged"));
        }
        other => panic!("{other:?}"),
    }
    // A line starting the chain again (64 zeros) is a forgery too.
    let genesis = text
        .lines()
        .next()
        .unwrap()
        .replacen("\"seq\":1", "\"seq\":4", 1);
    fs::write(&path, format!("{text}{genesis}\n")).unwrap();
    match Journal::<Ev>::read(&path).unwrap_err() {
        JournalError::Tampered { line, .. } => assert_eq!(line, 4),
        other => panic!("{other:?}"),
    }
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    fn not_a_file(err: JournalError) -> String {
        match &err {
            JournalError::NotAFile { .. } => err.to_string(),
            other => panic!("expected NotAFile, got {other:?}"),
        }
    }

    #[test]
    fn a_linked_journal_is_refused_and_never_written_through() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("elsewhere.jsonl");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        // Dangling: the writer must not create the target.
        symlink(&target, &path).unwrap();
        let msg = not_a_file(Journal::<Ev>::open_writer(&path).unwrap_err());
        assert!(msg.contains("symbolic link that leads nowhere"), "{msg}");
        assert!(!target.exists());
        not_a_file(Journal::<Ev>::read(&path).unwrap_err());
        // Leading to a file: refused, the file unchanged.
        fs::write(&target, b"").unwrap();
        not_a_file(Journal::<Ev>::open_writer(&path).unwrap_err());
        not_a_file(Journal::<Ev>::read(&path).unwrap_err());
        assert_eq!(fs::read(&target).unwrap(), b"");
    }

    #[test]
    fn a_linked_lock_is_refused_and_nothing_created_elsewhere() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("lock");
        let dir = tempfile::tempdir().unwrap();
        symlink(&target, dir.path().join("journal.lock")).unwrap();
        let err = Journal::<Ev>::open_writer(dir.path().join("journal.jsonl")).unwrap_err();
        assert!(not_a_file(err).contains("journal.lock"));
        assert!(!target.exists());
        assert!(!dir.path().join("journal.jsonl").exists());
    }

    #[test]
    fn a_looping_link_or_a_folder_is_reported_not_absent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        symlink(&path, &path).unwrap();
        let msg = not_a_file(Journal::<Ev>::read(&path).unwrap_err());
        assert!(msg.contains("cannot be followed"), "{msg}");
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        let msg = not_a_file(Journal::<Ev>::read(&path).unwrap_err());
        assert!(msg.contains("folder"), "{msg}");
        not_a_file(Journal::<Ev>::open_writer(&path).unwrap_err());
    }
}
