//! The speakers' list and the clock from the command line, on a copy of the demo board: events
//! recorded with `meeting record`, refusals with exit code 2 and nothing written, each member's
//! speaking time in `status --json`, the replay after a "crash" (a fresh process), the minutes'
//! speakers and item times, and the board's speaking time checked by `procboard check`.

mod common;
use common::{json, procboard, scratch_board};

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

/// River Valley's March meeting with `[speakers] speaking_time_seconds = 120` and item 8 a public
/// comment item with 90 seconds a speech.
fn meeting() -> (tempfile::TempDir, PathBuf) {
    let (tmp, b) = scratch_board("river-valley");
    let mut board = fs::read_to_string(b.join("board.toml")).expect("board.toml");
    board.push_str("\n[speakers]\nspeaking_time_seconds = 120\n");
    fs::write(b.join("board.toml"), board).expect("write board.toml");
    let m = b.join("meetings/2025-03-regular");
    let agenda = fs::read_to_string(m.join("agenda.toml")).expect("agenda.toml");
    let agenda = agenda.replacen(
        "id = \"8\"\n",
        "id = \"8\"\npublic_comment = true\nspeaking_time_seconds = 90\n",
        1,
    );
    fs::write(m.join("agenda.toml"), agenda).expect("write agenda.toml");
    (tmp, m)
}

const OPENING: &str = r#"{"at":"2025-03-11T22:31:00Z","type":"meeting_opened"}
{"at":"2025-03-11T22:32:00Z","type":"attendance","member":"stonebridge","status":"present"}
{"at":"2025-03-11T22:32:00Z","type":"attendance","member":"verplanck-falls","status":"present"}
{"at":"2025-03-11T22:32:00Z","type":"attendance","member":"roosekill","status":"present"}
{"at":"2025-03-11T22:32:00Z","type":"attendance","member":"bramblekill","status":"absent"}
{"at":"2025-03-11T22:40:00Z","type":"item_opened","item":"8"}
"#;

fn record(m: &Path, lines: &str) -> assert_cmd::assert::Assert {
    procboard()
        .arg("meeting")
        .arg(m)
        .args(["record", "--by", "Clerk"])
        .write_stdin(lines.to_string())
        .assert()
}

fn journal_len(m: &Path) -> usize {
    fs::read_to_string(m.join("journal.jsonl"))
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

fn status(m: &Path) -> serde_json::Value {
    json(procboard().arg("meeting").arg(m).args(["status", "--json"]))
}

fn secs(from: &str, to: &str) -> i64 {
    let a: DateTime<Utc> = from.parse().expect("a time");
    let b: DateTime<Utc> = to.parse().expect("a time");
    (b - a).num_seconds()
}

/// One line refused: exit 2, the message, and not a byte more in the journal.
fn refused(m: &Path, line: &str, message: &str) {
    let before = fs::read(m.join("journal.jsonl")).expect("the journal");
    let out = record(m, line).code(2).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.contains(message), "{line}\n{stderr}");
    assert_eq!(
        fs::read(m.join("journal.jsonl")).expect("the journal"),
        before,
        "{line}: nothing written"
    );
}

#[test]
fn the_list_runs_in_order_with_the_point_of_order_first_and_each_member_is_timed() {
    let (_tmp, m) = meeting();
    record(m.as_path(), OPENING).code(0);
    let started = "2025-03-11T22:41:00Z";
    let ended = "2025-03-11T22:42:45Z";
    let poo_started = "2025-03-11T22:43:00Z";
    let poo_ended = "2025-03-11T22:43:30Z";
    let lines = format!(
        r#"{{"at":"2025-03-11T22:40:10Z","type":"speaker_requested","item":"8","speaker":"stonebridge"}}
{{"at":"2025-03-11T22:40:20Z","type":"speaker_requested","item":"8","speaker":"Maria Lopez","role":"public"}}
{{"at":"2025-03-11T22:40:30Z","type":"speaker_requested","item":"8","speaker":"roosekill"}}
{{"at":"2025-03-11T22:40:40Z","type":"speaker_moved","item":"8","speaker":"roosekill","position":1}}
{{"at":"{started}","type":"speech_started","item":"8","speaker":"roosekill"}}
{{"at":"2025-03-11T22:42:00Z","type":"point_of_order","item":"8","speaker":"verplanck-falls"}}
{{"at":"{ended}","type":"speech_ended","item":"8"}}
{{"at":"{poo_started}","type":"speech_started","item":"8","speaker":"verplanck-falls"}}
{{"at":"{poo_ended}","type":"speech_ended","item":"8"}}
{{"at":"2025-03-11T22:44:00Z","type":"speech_started","item":"8","speaker":"stonebridge"}}
"#
    );
    record(m.as_path(), &lines).code(0);
    // A fresh process replays the journal: the speech under way and the list are all there.
    let s = status(&m);
    let sp = &s["speakers"];
    assert_eq!(sp["current"]["speaker"], "stonebridge");
    assert_eq!(sp["current"]["limit_seconds"], 90);
    assert_eq!(sp["current"]["started_at"], "2025-03-11T22:44:00Z");
    let waiting: Vec<&str> = sp["waiting"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|w| w["speaker"].as_str().expect("a name"))
        .collect();
    assert_eq!(waiting, ["Maria Lopez"]);
    assert_eq!(sp["waiting"][0]["role"], "public");
    let totals = sp["member_seconds"].as_object().expect("an object");
    assert_eq!(totals["roosekill"], secs(started, ended));
    assert_eq!(totals["verplanck-falls"], secs(poo_started, poo_ended));
    // Stonebridge is speaking: only speeches that have ended count.
    assert_eq!(totals["stonebridge"], 0);
    // Every seated member is listed, spoken or not; a member of the public never is.
    assert_eq!(totals.len(), 10, "{totals:?}");
    assert!(!totals.contains_key("Maria Lopez"));
    // The text status says the same.
    let text = procboard()
        .arg("meeting")
        .arg(&m)
        .arg("status")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).expect("UTF-8");
    assert!(
        text.contains("speaking now: stonebridge (member) on item 8"),
        "{text}"
    );
    assert!(text.contains("1. Maria Lopez (public)"), "{text}");
    // The whole journal verifies.
    procboard()
        .arg("meeting")
        .arg(&m)
        .arg("verify")
        .assert()
        .code(0);
}

#[test]
fn what_the_list_cannot_take_is_refused_and_nothing_is_written() {
    let (_tmp, m) = meeting();
    record(m.as_path(), OPENING).code(0);
    record(
        m.as_path(),
        r#"{"type":"speaker_requested","item":"8","speaker":"stonebridge"}"#,
    )
    .code(0);
    let cases = [
        (
            r#"{"type":"speaker_requested","item":"8","speaker":"stonebridge"}"#,
            "is already on the speakers' list of item `8`",
        ),
        (
            r#"{"type":"speaker_requested","item":"8","speaker":"bramblekill"}"#,
            "`bramblekill` is not recorded present",
        ),
        (
            r#"{"type":"speaker_requested","item":"8","speaker":"nobody-town"}"#,
            "holds no seat at this meeting",
        ),
        (
            r#"{"type":"speaker_requested","item":"7","speaker":"roosekill"}"#,
            "item `7` is not the item being taken",
        ),
        (
            r#"{"type":"speaker_requested","item":"8","speaker":"A/B","role":"officer"}"#,
            "holds a control character, `/` or `..`",
        ),
        (
            r#"{"type":"speaker_removed","item":"8","speaker":"roosekill"}"#,
            "\"roosekill\" is not on the speakers' list of item `8`",
        ),
        (
            r#"{"type":"speaker_moved","item":"8","speaker":"stonebridge","position":2}"#,
            "position 2 is not on the list: it runs from 1 to 1",
        ),
        (
            r#"{"type":"speaker_moved","item":"8","speaker":"stonebridge","position":0}"#,
            "position 0 is not on the list",
        ),
        (
            r#"{"type":"speech_ended","item":"8"}"#,
            "nobody has the floor on item `8`",
        ),
        (
            r#"{"type":"speech_started","item":"8","speaker":"roosekill"}"#,
            "is not on the speakers' list",
        ),
        (
            r#"{"type":"speaker_requested","item":"8","speaker":"x","role":"mayor"}"#,
            "unknown variant `mayor`",
        ),
    ];
    for (line, message) in cases {
        refused(&m, line, message);
    }
    // A second speech while one runs; a point of order twice.
    record(
        m.as_path(),
        "{\"type\":\"speech_started\",\"item\":\"8\",\"speaker\":\"stonebridge\"}\n\
         {\"type\":\"point_of_order\",\"item\":\"8\",\"speaker\":\"roosekill\"}\n\
         {\"type\":\"speaker_requested\",\"item\":\"8\",\"speaker\":\"verplanck-falls\"}\n",
    )
    .code(0);
    refused(
        &m,
        r#"{"type":"speech_started","item":"8","speaker":"roosekill"}"#,
        "\"stonebridge\" has the floor: end that speech first",
    );
    refused(
        &m,
        r#"{"type":"point_of_order","item":"8","speaker":"roosekill"}"#,
        "is already on the speakers' list",
    );
    // A point of order from a member already waiting takes them to the front, once.
    let n = journal_len(&m);
    record(
        m.as_path(),
        r#"{"type":"point_of_order","item":"8","speaker":"verplanck-falls"}"#,
    )
    .code(0);
    assert_eq!(journal_len(&m), n + 1);
    let order: Vec<String> = status(&m)["speakers"]["waiting"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|w| w["speaker"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        order,
        ["roosekill", "verplanck-falls"],
        "points of order in turn"
    );
}

#[test]
fn public_speakers_only_on_a_public_comment_item() {
    let (_tmp, m) = meeting();
    record(m.as_path(), OPENING).code(0);
    record(
        m.as_path(),
        "{\"type\":\"item_closed\",\"item\":\"8\"}\n{\"type\":\"item_opened\",\"item\":\"7\"}\n",
    )
    .code(0);
    refused(
        &m,
        r#"{"type":"speaker_requested","item":"7","speaker":"Sam Ortiz","role":"public"}"#,
        "item `7` is not a public comment item",
    );
    // An officer may speak on any item.
    record(
        m.as_path(),
        r#"{"type":"speaker_requested","item":"7","speaker":"Ron Albrecht, Treasurer","role":"officer"}"#,
    )
    .code(0);
}

#[test]
fn a_speech_running_when_its_item_closes_ends_then_and_the_minutes_give_the_speakers() {
    let (_tmp, m) = meeting();
    record(m.as_path(), OPENING).code(0);
    let started = "2025-03-11T22:41:00Z";
    let closed = "2025-03-11T22:43:20Z";
    record(
        m.as_path(),
        &format!(
            r#"{{"at":"2025-03-11T22:40:30Z","type":"speaker_requested","item":"8","speaker":"roosekill"}}
{{"at":"{started}","type":"speech_started","item":"8","speaker":"roosekill"}}
{{"at":"{closed}","type":"item_closed","item":"8"}}
{{"at":"2025-03-11T22:44:00Z","type":"adjourned"}}
{{"at":"2025-03-11T22:44:00Z","type":"presiding","member":"stonebridge","reason":"The chair was away."}}
"#
        ),
    )
    .code(0);
    let s = status(&m);
    assert!(s["speakers"]["current"].is_null());
    assert_eq!(
        s["speakers"]["member_seconds"]["roosekill"],
        secs(started, closed)
    );
    procboard()
        .args(["minutes", "render"])
        .arg(&m)
        .assert()
        .code(0);
    let md = fs::read_to_string(m.join("minutes.md")).expect("minutes.md");
    let spoken = secs(started, closed);
    let over = spoken - 90;
    assert!(
        md.contains(&format!(
            "1. Town of Roosekill (`roosekill`), {}:{:02}",
            spoken / 60,
            spoken % 60
        )),
        "{md}"
    );
    let took = secs("2025-03-11T22:40:00Z", closed);
    assert!(
        md.contains(&format!(
            "The item took {}:{:02} (planned: 10:00).",
            took / 60,
            took % 60
        )),
        "{md}"
    );
    assert!(
        md.contains("was given the floor (speaking time 1:30)."),
        "{md}"
    );
    // The speech ended with its item, over its 90 seconds: the minutes say by how much.
    assert!(
        md.contains(&format!(
            "ended after {}:{:02}, {}:{:02} over the speaking time.",
            spoken / 60,
            spoken % 60,
            over / 60,
            over % 60
        )),
        "{md}"
    );
    // The minutes verify against the journal they were rendered from.
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(m.join("minutes.json")).expect("minutes.json"))
            .expect("JSON");
    assert!(json.to_string().contains("speech_started"));
}

#[test]
fn a_meeting_without_speeches_prints_no_speakers_part() {
    let (_tmp, m) = meeting();
    record(m.as_path(), OPENING).code(0);
    let out = procboard()
        .arg("meeting")
        .arg(&m)
        .arg("status")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8_lossy(&out).contains("Speakers"));
}

#[test]
fn a_speaking_time_of_zero_is_refused_where_it_is_written() {
    let (_tmp, b) = scratch_board("river-valley");
    let mut board = fs::read_to_string(b.join("board.toml")).expect("board.toml");
    board.push_str("\n[speakers]\nspeaking_time_seconds = 0\n");
    let line = board.lines().count();
    fs::write(b.join("board.toml"), board).expect("write board.toml");
    let out = procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        stderr.contains(&format!("board.toml:{line}:")),
        "the line of the zero: {stderr}"
    );
}
