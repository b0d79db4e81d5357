//! One writer per journal: a second writer is refused in the same process, from another thread and
//! from another process; readers need no lock.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{TimeZone, Utc};
use procboard::record::journal::{Journal, JournalError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Note {
    text: String,
}

fn note(text: &str) -> Note {
    Note { text: text.into() }
}

const CHILD_PATH: &str = "PROCBOARD_JOURNAL_LOCK_CHILD_PATH";
const CHILD_MODE: &str = "PROCBOARD_JOURNAL_LOCK_CHILD_MODE";

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    (dir, path)
}

fn assert_locked(result: Result<impl Sized, JournalError>, journal: &Path) {
    match result {
        Err(JournalError::Locked { path }) => {
            assert_eq!(path, journal.with_file_name("journal.lock"));
        }
        Err(other) => panic!("expected Locked, got {other}"),
        Ok(_) => panic!("a second writer was allowed"),
    }
}

/// Tests in this file that hold a writer's lock and tests that start child processes run one at a
/// time: a child started by one test inherits, between fork and exec, every descriptor of this
/// process, including another test's lock, and would make that test's next lock attempt fail.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[test]
fn second_writer_in_the_same_process_is_refused() {
    let _serial = serial();
    let (_dir, path) = setup();
    let (mut first, _, _) = Journal::<Note>::open_writer(&path).unwrap();
    let second = Journal::<Note>::open_writer(&path);
    let err = second.as_ref().map(|_| ()).unwrap_err().to_string();
    assert!(
        err.starts_with("meeting is open for writing by another process (lock held on "),
        "{err}"
    );
    assert_locked(second, &path);
    // The refused attempt did not disturb the holder.
    let at = Utc.with_ymd_and_hms(2025, 3, 5, 9, 0, 0).unwrap();
    assert_eq!(
        first
            .append(at, "secretary", &note("still mine"))
            .unwrap()
            .seq,
        1
    );
}

#[test]
fn second_writer_from_another_thread_is_refused() {
    let _serial = serial();
    let (_dir, path) = setup();
    let (_first, _, _) = Journal::<Note>::open_writer(&path).unwrap();
    let other = path.clone();
    let result = std::thread::spawn(move || Journal::<Note>::open_writer(&other).map(|_| ()))
        .join()
        .unwrap();
    assert_locked(result, &path);
}

#[test]
fn the_lock_is_released_when_the_journal_is_dropped() {
    let _serial = serial();
    let (_dir, path) = setup();
    let (first, _, _) = Journal::<Note>::open_writer(&path).unwrap();
    drop(first);
    let (second, _, _) = Journal::<Note>::open_writer(&path).unwrap();
    assert_eq!(second.next_seq(), 1);
}

#[test]
fn reading_while_a_writer_holds_the_lock_works() {
    let _serial = serial();
    let (_dir, path) = setup();
    let (mut writer, _, _) = Journal::<Note>::open_writer(&path).unwrap();
    let at = Utc.with_ymd_and_hms(2025, 3, 5, 9, 0, 0).unwrap();
    writer.append(at, "secretary", &note("one")).unwrap();
    let (records, warnings) = Journal::<Note>::read(&path).unwrap();
    assert_eq!(records.len(), 1);
    assert!(warnings.is_empty());
    assert_eq!(records[0].event, note("one"));
    writer.append(at, "secretary", &note("two")).unwrap();
    assert_eq!(procboard::record::journal::verify(&path).unwrap().count, 2);
}

/// Runs this test binary again as a child process, executing only [`child_process_helper`].
fn spawn_child(path: &Path, mode: &str) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_process_helper",
            "--ignored",
            "--nocapture",
        ])
        .args(["--test-threads", "1"])
        .env(CHILD_PATH, path)
        .env(CHILD_MODE, mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

#[test]
fn writer_in_another_process_refuses_us_until_it_exits() {
    let _serial = serial();
    let (_dir, path) = setup();
    let mut child = spawn_child(&path, "hold");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert_ne!(stdout.read_line(&mut line).unwrap(), 0, "child ended early");
        if line.contains("HOLDING") {
            break;
        }
    }
    // The child holds the lock: we may read but not write.
    assert_locked(Journal::<Note>::open_writer(&path).map(|_| ()), &path);
    let (records, _) = Journal::<Note>::read(&path).unwrap();
    assert_eq!(records.len(), 1);

    // Closing the child's stdin lets it exit; its lock goes with it.
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    let (_journal, records, warnings) = Journal::<Note>::open_writer(&path).unwrap();
    assert_eq!(records[0].event, note("from the child"));
    assert!(warnings.is_empty());
}

#[test]
fn another_process_is_refused_while_we_write() {
    let _serial = serial();
    let (_dir, path) = setup();
    let (_journal, _, _) = Journal::<Note>::open_writer(&path).unwrap();
    let child = spawn_child(&path, "try");
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "child was not refused: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("REFUSED"));
}

/// Not a test on its own: the child side of the two tests above, run in a separate process.
#[test]
#[ignore = "run as a child process by the cross-process lock tests"]
fn child_process_helper() {
    let _serial = serial();
    let path = PathBuf::from(std::env::var_os(CHILD_PATH).expect("run by a parent test"));
    match std::env::var(CHILD_MODE).unwrap().as_str() {
        "hold" => {
            let (mut journal, _, _) = Journal::<Note>::open_writer(&path).unwrap();
            let at = Utc.with_ymd_and_hms(2025, 3, 5, 9, 0, 0).unwrap();
            journal
                .append(at, "secretary", &note("from the child"))
                .unwrap();
            println!("HOLDING");
            std::io::stdout().flush().unwrap();
            // Hold the lock until the parent closes our stdin.
            let mut rest = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut rest).unwrap();
        }
        "try" => {
            assert_locked(Journal::<Note>::open_writer(&path).map(|_| ()), &path);
            println!("REFUSED");
        }
        other => panic!("unknown mode {other}"),
    }
}
