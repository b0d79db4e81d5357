//! `procboard meeting … record | status | verify` against hostile input and damaged journals
//! (issue #7, items 11–16): every line recorded or a non-zero exit saying what was not; a
//! stripped final newline; links, folders and devices; bad bytes, duplicate keys, bad ids.

mod common;
use common::{procboard, scratch_board};

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use predicates::prelude::*;

const OPEN: &str = r#"{"type":"meeting_opened","at":"2025-03-11T23:00:00Z","by":"Clerk"}"#;

fn meeting() -> (tempfile::TempDir, PathBuf) {
    let (tmp, b) = scratch_board("river-valley");
    (tmp, b.join("meetings/2025-03-regular"))
}

fn record(m: &Path, input: impl Into<Vec<u8>>) -> assert_cmd::assert::Assert {
    procboard()
        .arg("meeting")
        .arg(m)
        .args(["record", "--by", "Clerk"])
        .write_stdin(input)
        .assert()
}

fn journal_lines(m: &Path) -> usize {
    fs::read_to_string(m.join("journal.jsonl"))
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

/// 1 opening + `n` notes.
fn notes(n: usize) -> String {
    let mut s = format!("{OPEN}\n");
    for i in 0..n {
        s.push_str(&format!(
            "{{\"type\":\"note\",\"text\":\"note {i}\",\"at\":\"2025-03-11T23:01:00Z\"}}\n"
        ));
    }
    s
}

#[test]
fn a_closed_standard_output_is_not_success() {
    let (_tmp, m) = meeting();
    let events = m.join("events.jsonl");
    fs::write(&events, notes(2000)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("procboard");
    let mut child = Command::new(bin)
        .arg("meeting")
        .arg(&m)
        .args(["record", "--by", "Clerk", "--file"])
        .arg(&events)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one acknowledgement, then go away like `| head -1`.
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert_eq!(first, "ok 1 meeting_opened\n");
    drop(out);
    let result = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    let recorded = journal_lines(&m);
    assert!(
        recorded < 2001,
        "the reader went away, yet all lines were recorded"
    );
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot acknowledge"), "{stderr}");
    assert!(
        stderr.contains(&format!("{recorded} events recorded (seq 1 to {recorded})")),
        "{stderr}"
    );
    assert!(stderr.contains("nothing after"), "{stderr}");
}

#[test]
fn a_stripped_final_newline_keeps_the_last_event_and_its_seq() {
    let (_tmp, m) = meeting();
    record(&m, notes(2)).code(0);
    let path = m.join("journal.jsonl");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.trim_end_matches('\n')).unwrap();
    procboard()
        .arg("meeting")
        .arg(&m)
        .arg("verify")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ok: 3 events"));
    record(
        &m,
        "{\"type\":\"note\",\"text\":\"after\",\"at\":\"2025-03-11T23:02:00Z\"}\n",
    )
    .code(0)
    .stdout("ok 4 note\n")
    .stderr(predicate::str::contains("newline was added back"));
    let after = fs::read_to_string(&path).unwrap();
    assert!(
        after.starts_with(&text),
        "the first three lines are unchanged"
    );
    assert_eq!(after.lines().count(), 4);
    assert!(
        !fs::read_dir(&m).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("torn"))
    );
}

#[test]
fn a_forged_last_line_is_reported_at_its_own_line() {
    let (_tmp, m) = meeting();
    record(&m, notes(2)).code(0);
    let path = m.join("journal.jsonl");
    let text = fs::read_to_string(&path).unwrap();
    let last = text.lines().last().unwrap();
    let forged = last
        .replacen("\"seq\":3", "\"seq\":4", 1)
        .replacen("note 1", "forged", 1);
    fs::write(&path, format!("{text}{forged}\n")).unwrap();
    procboard()
        .arg("meeting")
        .arg(&m)
        .arg("verify")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("at line 4"))
        .stderr(predicate::str::contains("copied from another or forged"));
}

#[test]
fn non_utf8_input_is_refused_at_its_line_with_exit_2() {
    let (_tmp, m) = meeting();
    let mut input = format!("{OPEN}\n").into_bytes();
    input.extend_from_slice(b"{\"type\":\"note\",\"text\":\"caf\xe9\"}\n");
    record(&m, input)
        .code(2)
        .stdout("ok 1 meeting_opened\n")
        .stderr(predicate::str::starts_with(
            "<stdin>:2: not UTF-8 text: byte 27 of the line",
        ))
        .stderr(predicate::str::contains(
            "hint: save the events as UTF-8 text",
        ));
    assert_eq!(journal_lines(&m), 1);
}

#[test]
fn duplicate_keys_bad_motion_ids_and_bad_names_are_refused() {
    let cases = [
        (
            r#"{"type":"note","text":"a","text":"b"}"#,
            "the key `text` appears twice",
        ),
        (
            r#"{"type":"motion_moved","motion":"../m1","item":"1","mover":"stonebridge"}"#,
            "motion id \"../m1\" is not an id",
        ),
        (
            r#"{"type":"note","text":"a","by":"Cl/erk"}"#,
            "`by` \"Cl/erk\" holds a control character",
        ),
        (
            r#"{"type":"note","text":"a","by":"Cl\nerk"}"#,
            "`by` \"Cl\\nerk\" holds a control character",
        ),
        (
            r#"{"type":"score_recorded","member":"stonebridge","tender":"road-salt-2025","bid":"b1","criterion":"q","score":7.12345678901234567}"#,
            "has more digits than a JSON number holds exactly",
        ),
        (
            r#"{"type":"vote_cast","motion":"m1","member":"stonebridge","vote":5}"#,
            "expected a vote: \"yes\", \"no\", \"abstain\", or a split",
        ),
    ];
    for (line, message) in cases {
        let (_tmp, m) = meeting();
        record(&m, format!("{OPEN}\n{line}\n"))
            .code(2)
            .stderr(predicate::str::contains("<stdin>:2:"))
            .stderr(predicate::str::contains(message));
        assert_eq!(journal_lines(&m), 1, "{line}");
    }
    // A name longer than 100 characters.
    let (_tmp, m) = meeting();
    procboard()
        .arg("meeting")
        .arg(&m)
        .args(["record", "--by", &"x".repeat(101)])
        .write_stdin(format!("{OPEN}\n"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("longer than 100 characters"));
    assert!(!m.join("journal.jsonl").exists());
}

#[test]
fn record_refuses_a_folder_or_a_device_and_leaves_nothing_behind() {
    let (_tmp, m) = meeting();
    for input in [m.clone(), PathBuf::from("/dev/zero")] {
        if !input.exists() {
            continue;
        }
        procboard()
            .arg("meeting")
            .arg(&m)
            .args(["record", "--file"])
            .arg(&input)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot read"));
        assert!(!m.join("journal.jsonl").exists());
        assert!(!m.join("journal.lock").exists());
    }
}

#[test]
fn an_endless_line_is_cut_at_the_limit() {
    let (_tmp, m) = meeting();
    let mut input = format!("{OPEN}\n").into_bytes();
    input.extend(std::iter::repeat_n(b'x', 1024 * 1024 + 10));
    record(&m, input).code(2).stderr(predicate::str::contains(
        "<stdin>:2: the line is longer than the 1 MiB an event line may hold",
    ));
    assert_eq!(journal_lines(&m), 1);
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    fn every_command_reports(m: &Path, b: &Path, what: &str) {
        for args in [vec!["status"], vec!["verify"], vec!["record"]] {
            procboard()
                .arg("meeting")
                .arg(m)
                .args(&args)
                .write_stdin(format!("{OPEN}\n"))
                .assert()
                .failure()
                .stderr(predicate::str::contains(what))
                .stderr(predicate::str::contains("NOT OPENED").not())
                .stderr(predicate::str::contains("no journal yet").not());
        }
        procboard()
            .arg("disputes")
            .arg(b)
            .assert()
            .failure()
            .stderr(predicate::str::contains(what));
        procboard()
            .args(["score"])
            .arg(b)
            .args(["road-salt-2025", "--on", "2025-04-01"])
            .assert()
            .failure()
            .stderr(predicate::str::contains(what));
    }

    #[test]
    fn a_journal_that_is_a_dangling_link_a_loop_or_a_folder_is_reported_everywhere() {
        let (_tmp, m) = meeting();
        let b = m.parent().unwrap().parent().unwrap().to_path_buf();
        let path = m.join("journal.jsonl");
        let outside = tempfile::tempdir().unwrap();
        symlink(outside.path().join("elsewhere.jsonl"), &path).unwrap();
        every_command_reports(&m, &b, "symbolic link that leads nowhere");
        assert!(!outside.path().join("elsewhere.jsonl").exists());

        fs::remove_file(&path).unwrap();
        symlink(&path, &path).unwrap();
        every_command_reports(&m, &b, "cannot be followed");

        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        every_command_reports(&m, &b, "it is a folder, not a file");
    }

    #[test]
    fn a_linked_lock_is_never_written_through() {
        let (_tmp, m) = meeting();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("lock");
        symlink(&target, m.join("journal.lock")).unwrap();
        record(&m, format!("{OPEN}\n"))
            .code(1)
            .stderr(predicate::str::contains("journal.lock"))
            .stderr(predicate::str::contains("symbolic link"));
        assert!(!target.exists());
        assert!(!m.join("journal.jsonl").exists());
    }

    #[test]
    fn a_linked_board_file_outside_the_folder_is_refused_unread() {
        let (_tmp, b) = scratch_board("river-valley");
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.toml");
        fs::write(&secret, "password = \"hunter2\"\n").unwrap();
        symlink(&secret, b.join("disputes/leak.toml")).unwrap();
        procboard()
            .arg("check")
            .arg(&b)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "disputes/leak.toml: not read: it is a symbolic link that leads outside the board folder",
            ))
            .stderr(predicate::str::contains("hunter2").not());
        // A link that stays inside the folder is followed.
        fs::remove_file(b.join("disputes/leak.toml")).unwrap();
        let mut w = fs::File::create(b.join("notes.txt")).unwrap();
        writeln!(w, "not a dispute").unwrap();
        symlink(b.join("board.toml"), b.join("board-link.toml")).unwrap();
        procboard().arg("check").arg(&b).assert().code(0);
    }
}

/// `status` names who presides now and every change (issue 7's `presiding` event), in text and
/// JSON.
#[test]
fn status_reports_who_presides_and_each_change() {
    let (_tmp, m) = meeting();
    record(
        &m,
        format!(
            "{OPEN}\n{}\n{}\n{}\n{}\n",
            r#"{"type":"attendance","member":"maple-hollow","status":"present","at":"2025-03-11T23:01:00Z"}"#,
            r#"{"type":"attendance","member":"quarry-glen","status":"present","at":"2025-03-11T23:01:00Z"}"#,
            r#"{"type":"presiding","member":"maple-hollow","at":"2025-03-11T23:10:00Z","reason":"The chair left."}"#,
            r#"{"type":"presiding","member":"quarry-glen","person":"Henry Slingerland","at":"2025-03-11T23:20:00Z","reason":"Elected to preside pro tem."}"#
        ),
    )
    .success();
    let out = procboard()
        .arg("meeting")
        .arg(&m)
        .arg("status")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(
            "Presiding: Henry Slingerland for quarry-glen, pro tem (chair: bramblekill)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  from 2025-03-11 23:10 UTC: maple-hollow, vice-chair: The chair left.\n  from 2025-03-11 23:20 UTC: quarry-glen (Henry Slingerland), pro tem: Elected to preside pro tem.\n"
        ),
        "{text}"
    );
    let v = common::json(
        procboard()
            .arg("meeting")
            .arg(&m)
            .args(["status", "--json"]),
    );
    assert_eq!(v["presiding"], "Henry Slingerland");
    assert_eq!(v["presiding_member"], "quarry-glen");
    let changes = v["presiding_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["member"], "maple-hollow");
    assert_eq!(changes[0]["role"], "vice_chair");
    assert_eq!(changes[0]["person"], serde_json::Value::Null);
    assert_eq!(changes[0]["reason"], "The chair left.");
    assert_eq!(changes[0]["at"], "2025-03-11T23:10:00Z");
    assert_eq!(changes[1]["role"], "pro_tem");
    assert_eq!(changes[1]["person"], "Henry Slingerland");
}

#[test]
fn long_digit_strings_in_free_text_are_recorded_as_written() {
    // Free text is never read as a decimal: 31 digits in a note or a motion text are kept.
    let digits = "1234567890123456789012345678901";
    let (_tmp, m) = meeting();
    let input = format!(
        "{OPEN}\n\
         {{\"type\":\"note\",\"text\":\"{digits}\"}}\n\
         {{\"type\":\"attendance\",\"member\":\"stonebridge\",\"status\":\"present\"}}\n\
         {{\"type\":\"item_opened\",\"item\":\"2\"}}\n\
         {{\"type\":\"motion_moved\",\"motion\":\"m1\",\"item\":\"2\",\"text\":\"{digits}\",\"mover\":\"stonebridge\"}}\n"
    );
    record(&m, input)
        .success()
        .stdout(predicate::str::contains("ok 2 note"))
        .stdout(predicate::str::contains("ok 5 motion_moved"));
    let journal = fs::read_to_string(m.join("journal.jsonl")).unwrap();
    let lines: Vec<&str> = journal.lines().collect();
    assert_eq!(lines.len(), 5, "{journal}");
    assert!(
        lines[1].contains(&format!("\"text\":\"{digits}\"")),
        "{}",
        lines[1]
    );
    assert!(
        lines[4].contains(&format!("\"text\":\"{digits}\"")),
        "{}",
        lines[4]
    );
    // The journal reads back as written.
    procboard()
        .arg("meeting")
        .arg(&m)
        .arg("verify")
        .assert()
        .success();
}

#[test]
fn decimals_written_as_strings_with_more_digits_than_kept_are_refused() {
    let refused =
        "has more digits than procboard keeps (28 in all); it is refused rather than rounded";
    let cases = [
        r#"{"type":"score_recorded","member":"stonebridge","tender":"road-salt-2025","bid":"b1","criterion":"q","score":"7.00000000000000000000000000001"}"#,
        r#"{"type":"consensus_recorded","tender":"road-salt-2025","bid":"b1","criterion":"q","score":"1234567890123456789012345678901"}"#,
        r#"{"type":"vote_cast","motion":"m1","member":"stonebridge","vote":{"yes":"3.00000000000000000000000000001","no":"0"}}"#,
        r#"{"type":"vote_corrected","motion":"m1","member":"stonebridge","vote":{"no":"3.00000000000000000000000000001"},"reason":"typo"}"#,
    ];
    for line in cases {
        let (_tmp, m) = meeting();
        record(&m, format!("{OPEN}\n{line}\n"))
            .code(2)
            .stderr(predicate::str::contains("<stdin>:2:"))
            .stderr(predicate::str::contains(refused));
        assert_eq!(journal_lines(&m), 1, "{line}");
    }
}

/// `record >&-`: the runtime reopens a closed standard output as /dev/null, and every
/// acknowledgement would vanish. Refused before anything is recorded, exit 1; `> /dev/null`
/// (discarding on purpose) still records.
#[cfg(unix)]
#[test]
fn a_standard_output_closed_at_start_records_nothing_and_exits_1() {
    let (_tmp, m) = meeting();
    let events = m.join("events.jsonl");
    fs::write(&events, notes(3)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("procboard");
    let closed = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" meeting \"$1\" record --by Clerk --file \"$2\" >&-")
        .arg(&bin)
        .arg(&m)
        .arg(&events)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&closed.stderr);
    assert_eq!(closed.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("standard output is closed"), "{stderr}");
    assert_eq!(
        journal_lines(&m),
        0,
        "nothing may be recorded unacknowledged"
    );

    let discarded = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" meeting \"$1\" record --by Clerk --file \"$2\" > /dev/null")
        .arg(&bin)
        .arg(&m)
        .arg(&events)
        .output()
        .unwrap();
    assert_eq!(
        discarded.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&discarded.stderr)
    );
    assert_eq!(journal_lines(&m), 4);
}

/// A write that fails part-way (here a file size limit, as a full disk would) leaves no half
/// line: the journal is cut back to its last complete line, and the next `record` finds nothing
/// to set aside.
#[cfg(unix)]
#[test]
fn a_write_that_fails_part_way_leaves_the_journal_whole() {
    let (_tmp, m) = meeting();
    record(&m, notes(5)).success();
    let journal = m.join("journal.jsonl");
    let before = fs::read(&journal).unwrap();
    // Room for about 200 more bytes; the note below needs far more.
    let blocks = before.len() / 512 + 1;
    let room = blocks * 512 - before.len();
    assert!(room < 600, "the limit leaves {room} bytes");
    let long = "x".repeat(2000);
    let bin = assert_cmd::cargo::cargo_bin("procboard");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" meeting \"$1\" record --by Clerk"
        ))
        .arg(&bin)
        .arg(&m)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            format!("{{\"type\":\"note\",\"text\":\"{long}\",\"at\":\"2025-03-11T23:05:00Z\"}}\n")
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nothing of it was kept"), "{stderr}");
    assert_eq!(
        fs::read(&journal).unwrap(),
        before,
        "the journal is as it was"
    );

    record(
        &m,
        "{\"type\":\"note\",\"text\":\"after\",\"at\":\"2025-03-11T23:06:00Z\"}\n",
    )
    .success()
    .stderr(predicate::str::contains("torn").not());
    let torn: Vec<_> = fs::read_dir(&m)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("torn"))
        .collect();
    assert!(torn.is_empty(), "no side file: {torn:?}");
    assert_eq!(journal_lines(&m), 7);
}

/// Issue 17, defect 10: `meeting_opened` recorded on another day than the agenda's (in the
/// meeting's time zone) is recorded, with a warning on stderr; on the agenda's day, no warning.
#[test]
fn an_opening_on_another_day_than_the_agenda_is_recorded_with_a_warning() {
    let (_tmp, m) = meeting();
    record(
        &m,
        "{\"at\":\"2025-03-12T22:31:00Z\",\"type\":\"meeting_opened\"}\n",
    )
    .success()
    .stdout(predicate::str::contains("ok 1 meeting_opened"))
    .stderr(predicate::str::contains(
        "warning: the meeting is opened on Wed 2025-03-12 (America/New_York), not on the agenda's date Tue 2025-03-11",
    ));
    assert_eq!(journal_lines(&m), 1);
    // 02:00 UTC on the 12th is still the 11th in New York.
    let (_tmp2, m2) = meeting();
    record(
        &m2,
        "{\"at\":\"2025-03-12T02:00:00Z\",\"type\":\"meeting_opened\"}\n",
    )
    .success()
    .stderr(predicate::str::contains("warning").not());
}
