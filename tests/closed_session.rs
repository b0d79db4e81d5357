//! Closed sessions (docs/meeting-journal.md, "Closed sessions"): a closed item's proceedings go
//! to the closed journal, the public journal keeps only that the session was held and its seal;
//! each side is proven against the other; publish and export ocds never show the closed words.
//!
//! The board is a scratch copy of `boards/river-valley` whose March meeting holds item 6 (the
//! Lakeshore bid protest) in closed session on the ground `protest`.

mod common;
use common::{procboard, scratch_board};

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use sha2::{Digest, Sha256};

/// Words that appear only in what is said in closed session.
const SECRET: [&str; 3] = ["zebrafinch", "marmalade", "Quillfeather"];

const GROUNDS: &str = r#"
[closed_session]
staff = ["Kevin Yu", "Ada Brenner"]
grounds = [
  { id = "bids", text = "commercially sensitive bid information" },
  { id = "protest", text = "legal advice on a pending bid protest" },
]
"#;

/// The scratch board with item 6 held in closed session; `records`: a `records` path.
fn board(records: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let (tmp, b) = scratch_board("river-valley");
    let mut text = fs::read_to_string(b.join("board.toml")).unwrap();
    text.push_str(GROUNDS);
    if let Some(r) = records {
        text.push_str(&format!("records = \"{r}\"\n"));
    }
    fs::write(b.join("board.toml"), text).unwrap();
    let agenda = b.join("meetings/2025-03-regular/agenda.toml");
    let text = fs::read_to_string(&agenda).unwrap().replacen(
        "dispute = \"auto-parts-protest-lakeshore\"\n",
        "dispute = \"auto-parts-protest-lakeshore\"\nsession = \"closed\"\nground = \"protest\"\n",
        1,
    );
    fs::write(&agenda, text).unwrap();
    (tmp, b)
}

fn meeting(b: &Path) -> PathBuf {
    b.join("meetings/2025-03-regular")
}

fn record(m: &Path, lines: &[&str]) -> assert_cmd::assert::Assert {
    procboard()
        .arg("meeting")
        .arg(m)
        .args(["record", "--by", "Diane Marchetti"])
        .write_stdin(lines.join("\n") + "\n")
        .assert()
}

const PRESENT: [&str; 6] = [
    "stonebridge",
    "roosekill",
    "verplanck-falls",
    "bramblekill",
    "oakwood-crossing",
    "hendrick-falls",
];

/// Up to the closed session's start: opening, roll call, item 6 taken up, the session begins.
fn opening() -> Vec<String> {
    let mut v = vec![r#"{"type":"meeting_opened","at":"2025-03-11T22:30:00Z"}"#.to_string()];
    for m in PRESENT {
        v.push(format!(
            r#"{{"type":"attendance","member":"{m}","status":"present","at":"2025-03-11T22:31:00Z"}}"#
        ));
    }
    v.push(r#"{"type":"item_opened","item":"6","at":"2025-03-11T22:40:00Z"}"#.into());
    v.push(r#"{"type":"closed_session_began","item":"6","at":"2025-03-11T22:40:00Z"}"#.into());
    v
}

/// What is said and decided in closed session.
fn inside() -> Vec<String> {
    let mut v = vec![
        r#"{"type":"note","item":"6","text":"Counsel: the zebrafinch spreadsheet shows the error","at":"2025-03-11T22:45:00Z"}"#.to_string(),
        r#"{"type":"motion_moved","motion":"m1","item":"6","mover":"stonebridge","text":"Uphold the protest on the marmalade clause; ask Quillfeather to re-score","at":"2025-03-11T22:46:00Z"}"#.into(),
        r#"{"type":"motion_seconded","motion":"m1","seconder":"roosekill","at":"2025-03-11T22:46:30Z"}"#.into(),
        r#"{"type":"question_put","motion":"m1","at":"2025-03-11T22:47:00Z"}"#.into(),
    ];
    for m in PRESENT {
        v.push(format!(
            r#"{{"type":"vote_cast","motion":"m1","member":"{m}","vote":"yes","at":"2025-03-11T22:47:10Z"}}"#
        ));
    }
    v.push(r#"{"type":"vote_closed","motion":"m1","at":"2025-03-11T22:48:00Z"}"#.into());
    v
}

/// The session ends, a result is reported out, the item closes, the meeting adjourns.
fn closing() -> Vec<String> {
    vec![
        r#"{"type":"closed_session_ended","item":"6","at":"2025-03-11T22:55:00Z"}"#.into(),
        r#"{"type":"reported_out","item":"6","text":"The board upheld the protest; lot 1 will be evaluated again.","at":"2025-03-11T22:56:00Z"}"#.into(),
        r#"{"type":"item_closed","item":"6","at":"2025-03-11T22:57:00Z"}"#.into(),
        r#"{"type":"adjourned","at":"2025-03-11T23:00:00Z"}"#.into(),
    ]
}

/// `procboard minutes verify <board>`.
fn minutes_verify(b: &Path) -> assert_cmd::assert::Assert {
    procboard().args(["minutes", "verify"]).arg(b).assert()
}

/// `procboard minutes render <meeting>`.
fn minutes_render(m: &Path) -> assert_cmd::assert::Assert {
    procboard().args(["minutes", "render"]).arg(m).assert()
}

/// `procboard meeting <meeting> verify`.
fn meeting_verify(m: &Path) -> assert_cmd::assert::Assert {
    procboard().arg("meeting").arg(m).arg("verify").assert()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Records the whole meeting in three runs (the second and third reopen the journals).
fn held(m: &Path) {
    record(m, &strs(&opening())).success();
    record(m, &strs(&inside()))
        .success()
        .stdout(predicate::str::contains("ok closed 1 note"));
    record(m, &strs(&closing())).success();
}

fn public_events(m: &Path) -> Vec<serde_json::Value> {
    fs::read_to_string(m.join("journal.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["event"].clone())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_closed_proceedings_go_to_the_closed_journal_and_the_public_one_seals_them() {
    let (_tmp, b) = board(None);
    let m = meeting(&b);
    held(&m);
    let public = fs::read_to_string(m.join("journal.jsonl")).unwrap();
    let closed_path = m.join("closed/journal.jsonl");
    let closed = fs::read(&closed_path).unwrap();
    let closed_text = String::from_utf8(closed.clone()).unwrap();
    for w in SECRET {
        assert!(!public.contains(w), "the public journal holds `{w}`");
        assert!(closed_text.contains(w), "the closed journal lacks `{w}`");
    }
    assert_eq!(closed_text.lines().count(), inside().len());
    let events = public_events(&m);
    let kinds: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert!(
        !kinds.contains(&"motion_moved") && !kinds.contains(&"note"),
        "{kinds:?}"
    );
    let began = events
        .iter()
        .find(|e| e["type"] == "closed_session_began")
        .unwrap();
    assert_eq!(began["ground"], "protest");
    assert_eq!(
        began["ground_text"],
        "legal advice on a pending bid protest"
    );
    assert_eq!(began["members"].as_array().unwrap().len(), PRESENT.len());
    assert_eq!(
        began["staff"],
        serde_json::json!(["Kevin Yu", "Ada Brenner"])
    );
    // The seal: the closed journal's bytes, as sha256sum computes them.
    let ended = events
        .iter()
        .find(|e| e["type"] == "closed_session_ended")
        .unwrap();
    assert_eq!(ended["sha256"], hex(&closed));
    assert_eq!(ended["bytes"], closed.len() as u64);
    assert_eq!(ended["lines"], inside().len() as u64);
    // The status (from the public journal alone) lists the session, its seal and what was
    // reported out.
    procboard()
        .arg("meeting")
        .arg(&m)
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "item 6 (legal advice on a pending bid protest): sealed: {} lines, {} bytes, SHA-256 {}",
            inside().len(),
            closed.len(),
            hex(&closed)
        )))
        .stdout(predicate::str::contains(
            "reported out on item 6: The board upheld the protest",
        ))
        .stdout(predicate::str::contains("zebrafinch").not());
    // The archive verifies, and says what it checked.
    minutes_verify(&b)
        .success()
        .stdout(predicate::str::contains(
            "closed record of item 6: sealed and verified (meetings/2025-03-regular/closed/journal.jsonl",
        ));
}

#[test]
fn the_public_chain_verifies_alone_and_says_what_it_could_not_see() {
    let (_tmp, b) = board(None);
    let m = meeting(&b);
    held(&m);
    fs::remove_dir_all(m.join("closed")).unwrap();
    meeting_verify(&m).success();
    minutes_render(&m).success();
    minutes_verify(&b)
        .success()
        .stdout(predicate::str::contains(
            "closed record of item 6: not in this repository (kept in meetings/2025-03-regular/closed); not verified",
        ));
}

#[test]
fn a_closed_record_changed_after_sealing_fails_verify_naming_it() {
    let (_tmp, b) = board(None);
    let m = meeting(&b);
    held(&m);
    // The last line has no successor to vouch for it: the chain alone cannot see this change;
    // the seal does.
    let path = m.join("closed/journal.jsonl");
    let text = fs::read_to_string(&path).unwrap();
    let changed = text.replacen("\"type\":\"vote_closed\"", "\"type\":\"vote_closed\" ", 1);
    assert_ne!(changed, text);
    fs::write(&path, changed).unwrap();
    minutes_verify(&b)
        .failure()
        .stdout(predicate::str::contains(
            "FAIL meetings/2025-03-regular/closed/journal.jsonl",
        ))
        .stdout(predicate::str::contains("changed after it was sealed"));
    // A line added after the seal fails too.
    fs::write(&path, &text).unwrap();
    let mut more = text.clone();
    more.push_str(text.lines().next().unwrap());
    more.push('\n');
    fs::write(&path, more).unwrap();
    minutes_verify(&b)
        .failure()
        .stdout(predicate::str::contains("closed/journal.jsonl"));
    // The console (a writer) refuses to open on a closed record that does not match its seal.
    fs::write(&path, text.replacen("zebrafinch", "zebrafinck", 1)).unwrap();
    record(
        &m,
        &[r#"{"type":"note","text":"late","at":"2025-03-11T23:10:00Z"}"#],
    )
    .failure()
    .stderr(predicate::str::contains("closed/journal.jsonl"));
}

#[test]
fn a_changed_public_commitment_breaks_the_public_chain() {
    let (_tmp, b) = board(None);
    let m = meeting(&b);
    held(&m);
    let path = m.join("journal.jsonl");
    let text = fs::read_to_string(&path).unwrap();
    let sha = hex(&fs::read(m.join("closed/journal.jsonl")).unwrap());
    let forged = "0".repeat(64);
    fs::write(&path, text.replacen(&sha, &forged, 1)).unwrap();
    meeting_verify(&m)
        .failure()
        .stderr(predicate::str::contains("journal.jsonl"));
    minutes_verify(&b)
        .failure()
        .stdout(predicate::str::contains(
            "FAIL meetings/2025-03-regular/journal.jsonl",
        ));
}

#[test]
fn publish_and_export_ocds_show_nothing_said_in_closed_session() {
    let (tmp, b) = board(None);
    let m = meeting(&b);
    held(&m);
    minutes_render(&m).success();
    let minutes = fs::read_to_string(m.join("minutes.md")).unwrap();
    // What the docs say the public minutes show of it: the ground, who stayed, the seal, the
    // result reported out.
    for shown in [
        "closed session on this item, on the ground: legal advice on a pending bid protest",
        "Staff who stayed: Kevin Yu, Ada Brenner.",
        "the closed session ends. Its record is sealed",
        "reported out from the closed session: The board upheld the protest; lot 1 will be evaluated again.",
    ] {
        assert!(
            minutes.contains(shown),
            "minutes lack `{shown}`:\n{minutes}"
        );
    }
    let site = tmp.path().join("site");
    procboard()
        .arg("publish")
        .arg(&b)
        .arg("--out")
        .arg(&site)
        .assert()
        .success();
    let ocds = procboard()
        .args(["export", "ocds"])
        .arg(&b)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let ocds = String::from_utf8(ocds).unwrap();
    let mut pages = 0;
    for entry in walk(&site) {
        let text = String::from_utf8_lossy(&fs::read(&entry).unwrap()).into_owned();
        pages += 1;
        for w in SECRET {
            assert!(!text.contains(w), "{} shows `{w}`", entry.display());
        }
        assert!(
            !entry.to_string_lossy().contains("/closed/"),
            "{} is a closed file",
            entry.display()
        );
    }
    assert!(pages > 10, "the site has pages ({pages})");
    assert!(
        fs::read_to_string(site.join("meeting-2025-03-regular.html"))
            .unwrap()
            .contains("legal advice on a pending bid protest"),
        "the meeting page shows the ground"
    );
    for w in SECRET {
        assert!(!ocds.contains(w), "the OCDS package shows `{w}`");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn closed_records_kept_elsewhere_leave_none_in_the_public_repository() {
    let (tmp, b) = board(Some("../closed-records"));
    let m = meeting(&b);
    held(&m);
    assert!(!m.join("closed").exists());
    let elsewhere = tmp
        .path()
        .join("closed-records/2025-03-regular/journal.jsonl");
    let text = fs::read_to_string(&elsewhere).unwrap();
    assert!(text.contains("zebrafinch"));
    minutes_verify(&b)
        .success()
        .stdout(predicate::str::contains(
            "closed record of item 6: sealed and verified (../closed-records/2025-03-regular/journal.jsonl",
        ));
    fs::remove_dir_all(tmp.path().join("closed-records")).unwrap();
    minutes_verify(&b)
        .success()
        .stdout(predicate::str::contains(
            "closed record of item 6: not in this repository (kept in ../closed-records/2025-03-regular); not verified",
        ));
}

#[test]
fn what_a_closed_session_refuses() {
    let (_tmp, b) = board(None);
    let m = meeting(&b);
    let open = opening();
    // A public item cannot go into closed session.
    let mut first = open[..open.len() - 2].to_vec();
    first.push(r#"{"type":"item_opened","item":"3","at":"2025-03-11T22:35:00Z"}"#.into());
    record(&m, &strs(&first)).success();
    record(
        &m,
        &[r#"{"type":"closed_session_began","item":"3","at":"2025-03-11T22:36:00Z"}"#],
    )
    .failure()
    .code(2)
    .stderr(predicate::str::contains(
        "item `3` is not held in closed session",
    ));
    // Nothing to report out before a closed session.
    record(
        &m,
        &[r#"{"type":"reported_out","item":"6","text":"x","at":"2025-03-11T22:36:00Z"}"#],
    )
    .failure()
    .stderr(predicate::str::contains("no closed session"));
    record(
        &m,
        &[
            r#"{"type":"item_closed","item":"3","at":"2025-03-11T22:39:00Z"}"#,
            r#"{"type":"item_opened","item":"6","at":"2025-03-11T22:40:00Z"}"#,
            r#"{"type":"closed_session_began","item":"6","at":"2025-03-11T22:40:00Z"}"#,
            r#"{"type":"motion_moved","motion":"m1","item":"6","mover":"stonebridge","text":"Uphold","at":"2025-03-11T22:46:00Z"}"#,
        ],
    )
    .success();
    for (line, why) in [
        (
            r#"{"type":"item_closed","item":"6","at":"2025-03-11T22:50:00Z"}"#,
            "record `closed_session_ended` before closing the item",
        ),
        (
            r#"{"type":"motion_moved","motion":"m2","item":"7","mover":"stonebridge","text":"x","at":"2025-03-11T22:50:00Z"}"#,
            "a motion now is on that item, not `7`",
        ),
        (
            r#"{"type":"closed_session_ended","item":"6","at":"2025-03-11T22:50:00Z"}"#,
            "motion `m1` of the closed session is not decided",
        ),
        (
            r#"{"type":"adjourned","at":"2025-03-11T22:50:00Z"}"#,
            "before adjourning",
        ),
    ] {
        record(&m, &[line])
            .failure()
            .code(2)
            .stderr(predicate::str::contains(why));
    }
    // Withdrawn, the motion no longer holds the session open.
    record(
        &m,
        &[
            r#"{"type":"motion_withdrawn","motion":"m1","at":"2025-03-11T22:51:00Z"}"#,
            r#"{"type":"closed_session_ended","item":"6","at":"2025-03-11T22:52:00Z"}"#,
        ],
    )
    .success()
    .stdout(predicate::str::contains("ok closed 2 motion_withdrawn"));
}

#[test]
fn closed_minutes_are_rendered_signed_and_verified_beside_the_closed_journal() {
    let (_tmp, b) = board(None);
    let m = meeting(&b);
    held(&m);
    minutes_render(&m)
        .success()
        .stdout(predicate::str::contains(
            "closed/minutes.md (closed minutes)",
        ));
    let closed_md = m.join("closed/minutes.md");
    let text = fs::read_to_string(&closed_md).unwrap();
    for w in SECRET {
        assert!(text.contains(w), "the closed minutes lack `{w}`");
    }
    let sha = hex(&fs::read(m.join("closed/journal.jsonl")).unwrap());
    assert!(
        text.contains(&format!("closed_journal_sha256: {sha}")),
        "{text}"
    );
    // Nothing of it in the public minutes.
    let public = fs::read_to_string(m.join("minutes.md")).unwrap();
    for w in SECRET {
        assert!(!public.contains(w), "the public minutes show `{w}`");
    }
    minutes_verify(&b)
        .success()
        .stdout(predicate::str::contains(
            "closed minutes: rendered, not signed (meetings/2025-03-regular/closed/minutes.md)",
        ));
    procboard()
        .args(["minutes", "sign"])
        .arg(&m)
        .args(["--as", "secretary", "--closed", "--key"])
        .arg(b.join("demo-keys/DEMO-diane-marchetti"))
        .assert()
        .success()
        .stdout(predicate::str::contains("closed/minutes.md.secretary.sig"));
    assert!(!m.join("minutes.md.secretary.sig").exists());
    minutes_verify(&b)
        .success()
        .stdout(predicate::str::contains(
            "closed minutes: signed by secretary (diane.marchetti@river-valley.example)",
        ));
    // Signed closed minutes changed afterwards fail, naming them.
    fs::write(&closed_md, text.replacen("zebrafinch", "sparrow", 1)).unwrap();
    minutes_verify(&b)
        .failure()
        .stdout(predicate::str::contains(
            "FAIL meetings/2025-03-regular/closed/minutes.md: is not the rendering of the closed journal",
        ));
    // As for the public minutes, signed closed minutes are never rewritten with other bytes.
    minutes_render(&m)
        .failure()
        .code(2)
        .stderr(predicate::str::contains("signed minutes are never edited"));
    fs::write(&closed_md, &text).unwrap();
    minutes_verify(&b).success();
}

#[test]
fn a_crash_in_closed_session_loses_nothing_confirmed() {
    let (_tmp, b) = board(None);
    let m = meeting(&b);
    record(&m, &strs(&opening())).success();
    let inside = inside();
    record(&m, &strs(&inside[..2]))
        .success()
        .stdout(predicate::str::contains("ok closed 2 motion_moved"));
    // The program stopped while writing the third closed line: half of it is on disk.
    let path = m.join("closed/journal.jsonl");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(r#"{"seq":3,"at":"2025-03-11T22:46:30Z","by":"Diane"#);
    fs::write(&path, text).unwrap();
    // Reopened, the torn line is set aside and the session goes on where it was.
    record(&m, &strs(&inside[2..]))
        .success()
        .stdout(predicate::str::contains("ok closed 3 motion_seconded"))
        .stderr(predicate::str::contains("incomplete"));
    assert!(m.join("closed/journal.jsonl.torn-1").exists());
    record(&m, &strs(&closing())).success();
    minutes_verify(&b)
        .success()
        .stdout(predicate::str::contains(
            "closed record of item 6: sealed and verified",
        ));
}
