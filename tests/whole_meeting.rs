//! Issue 18's proof: one whole meeting on a copy of the demo board, recorded as the docs' worked
//! examples record it (`procboard meeting <DIR> record`), with a bid evaluation in closed session,
//! a consent block with an item pulled off it, an amended motion, and a speakers' list with a
//! point of order. Its public minutes, site and OCDS package say of the closed item only what
//! docs/meeting-journal.md ("Closed sessions") says they show.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{procboard, scratch_board};

/// Words said only in the closed session.
const SECRET: &str = "Kestrel-Quill";

/// The ten members holding a seat in 2025.
const SEATED: [&str; 10] = [
    "stonebridge",
    "verplanck-falls",
    "roosekill",
    "oakwood-crossing",
    "maple-hollow",
    "hendrick-falls",
    "tillson-point",
    "bramblekill",
    "quarry-glen",
    "birch-notch",
];

const AMENDED: &str = "Renew the broker-of-record agreement with Hudson Valley Risk Advisors LLC for one year from 1 April 2025 at a flat fee of $36,000.";

fn board() -> (tempfile::TempDir, PathBuf) {
    let (tmp, b) = scratch_board("river-valley");
    let mut text = fs::read_to_string(b.join("board.toml")).unwrap();
    text.push_str(
        "\n[closed_session]\nstaff = [\"Kevin Yu\"]\ngrounds = [{ id = \"bids\", text = \"commercially sensitive bid information\" }]\n",
    );
    fs::write(b.join("board.toml"), text).unwrap();
    // Item 4 (the tender evaluation) in closed session; items 2 and 7 on the consent agenda.
    let agenda = b.join("meetings/2025-03-regular/agenda.toml");
    let text = fs::read_to_string(&agenda).unwrap();
    let mut out = String::new();
    let mut item = String::new();
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if let Some(id) = line.strip_prefix("id = \"") {
            item = id.trim_end_matches('"').to_string();
            match item.as_str() {
                "4" => out.push_str("session = \"closed\"\nground = \"bids\"\n"),
                "2" | "7" => out.push_str("consent = true\n"),
                _ => {}
            }
        }
    }
    assert!(!item.is_empty());
    fs::write(&agenda, out).unwrap();
    (tmp, b)
}

/// Records `lines` (one JSON event each) as the secretary; returns what `record` printed.
fn record(dir: &Path, lines: &[String]) -> String {
    let out = procboard()
        .args(["meeting"])
        .arg(dir)
        .args(["record", "--by", "Diane Marchetti"])
        .write_stdin(lines.join("\n") + "\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn ev(at: &str, body: &str) -> String {
    format!("{{\"at\":\"2025-03-11T{at}:00Z\",{body}}}")
}

fn votes(at: &str, motion: &str) -> Vec<String> {
    SEATED
        .iter()
        .map(|m| {
            ev(
                at,
                &format!("\"type\":\"vote_cast\",\"motion\":\"{motion}\",\"member\":\"{m}\",\"vote\":\"yes\""),
            )
        })
        .collect()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn a_whole_meeting_with_a_closed_item_an_amendment_a_speakers_list_and_a_consent_block() {
    let (tmp, b) = board();
    let dir = b.join("meetings/2025-03-regular");
    let mut lines = vec![ev("22:30", "\"type\":\"meeting_opened\"")];
    for m in SEATED {
        lines.push(ev(
            "22:31",
            &format!("\"type\":\"attendance\",\"member\":\"{m}\",\"status\":\"present\""),
        ));
    }
    // The consent agenda: Roosekill pulls item 7; the block adopts item 2.
    lines.push(ev(
        "22:32",
        "\"type\":\"consent_pulled\",\"item\":\"7\",\"member\":\"roosekill\"",
    ));
    lines.push(ev(
        "22:33",
        "\"type\":\"motion_moved\",\"motion\":\"cb\",\"item\":\"consent\",\"mover\":\"stonebridge\",\"consent\":[\"2\"]",
    ));
    lines.push(ev("22:34", "\"type\":\"question_put\",\"motion\":\"cb\""));
    lines.extend(votes("22:34", "cb"));
    lines.push(ev("22:35", "\"type\":\"vote_closed\",\"motion\":\"cb\""));
    // The bid evaluation in closed session.
    lines.push(ev("22:40", "\"type\":\"item_opened\",\"item\":\"4\""));
    lines.push(ev(
        "22:40",
        "\"type\":\"closed_session_began\",\"item\":\"4\"",
    ));
    lines.push(ev(
        "22:45",
        &format!("\"type\":\"note\",\"item\":\"4\",\"text\":\"The panel found the {SECRET} pricing anomaly in the second bid.\""),
    ));
    lines.push(ev(
        "22:50",
        "\"type\":\"closed_session_ended\",\"item\":\"4\"",
    ));
    lines.push(ev(
        "22:51",
        "\"type\":\"reported_out\",\"item\":\"4\",\"text\":\"The panel's evaluation report is accepted.\"",
    ));
    lines.push(ev("22:52", "\"type\":\"item_closed\",\"item\":\"4\""));
    // Item 8: a motion, its amendment, a speakers' list with a point of order.
    lines.push(ev("23:00", "\"type\":\"item_opened\",\"item\":\"8\""));
    lines.push(ev(
        "23:01",
        "\"type\":\"motion_moved\",\"motion\":\"m1\",\"item\":\"8\",\"mover\":\"roosekill\"",
    ));
    lines.push(ev(
        "23:01",
        "\"type\":\"motion_seconded\",\"motion\":\"m1\",\"seconder\":\"stonebridge\"",
    ));
    lines.push(ev(
        "23:02",
        "\"type\":\"speaker_requested\",\"item\":\"8\",\"speaker\":\"verplanck-falls\"",
    ));
    lines.push(ev(
        "23:02",
        "\"type\":\"point_of_order\",\"item\":\"8\",\"speaker\":\"hendrick-falls\"",
    ));
    lines.push(ev(
        "23:03",
        "\"type\":\"speech_started\",\"item\":\"8\",\"speaker\":\"hendrick-falls\"",
    ));
    lines.push(ev("23:04", "\"type\":\"speech_ended\",\"item\":\"8\""));
    lines.push(ev(
        "23:04",
        "\"type\":\"speech_started\",\"item\":\"8\",\"speaker\":\"verplanck-falls\"",
    ));
    lines.push(ev("23:06", "\"type\":\"speech_ended\",\"item\":\"8\""));
    lines.push(ev(
        "23:07",
        &format!("\"type\":\"motion_moved\",\"motion\":\"a1\",\"item\":\"8\",\"mover\":\"verplanck-falls\",\"amends\":\"m1\",\"text\":\"{}\"", AMENDED),
    ));
    lines.push(ev(
        "23:07",
        "\"type\":\"motion_seconded\",\"motion\":\"a1\",\"seconder\":\"hendrick-falls\"",
    ));
    lines.push(ev("23:08", "\"type\":\"question_put\",\"motion\":\"a1\""));
    lines.extend(votes("23:08", "a1"));
    lines.push(ev("23:09", "\"type\":\"vote_closed\",\"motion\":\"a1\""));
    lines.push(ev("23:10", "\"type\":\"question_put\",\"motion\":\"m1\""));
    lines.extend(votes("23:10", "m1"));
    lines.push(ev("23:11", "\"type\":\"vote_closed\",\"motion\":\"m1\""));
    lines.push(ev("23:12", "\"type\":\"item_closed\",\"item\":\"8\""));
    lines.push(ev("23:20", "\"type\":\"adjourned\""));
    let said = record(&dir, &lines);
    assert!(said.contains("ok closed 1 note"), "{said}");
    assert!(!said.contains("refused"), "{said}");

    // The closed words are in the closed journal and nowhere in the public one.
    let public = fs::read_to_string(dir.join("journal.jsonl")).unwrap();
    let closed = fs::read_to_string(dir.join("closed/journal.jsonl")).unwrap();
    assert!(closed.contains(SECRET));
    assert!(!public.contains(SECRET));
    // The record replays and verifies.
    procboard()
        .args(["meeting"])
        .arg(&dir)
        .arg("verify")
        .assert()
        .success();

    // The public minutes: what the docs say they show.
    procboard()
        .args(["minutes", "render"])
        .arg(&dir)
        .assert()
        .success();
    let minutes = fs::read_to_string(dir.join("minutes.md")).unwrap();
    for want in [
        "commercially sensitive bid information",
        "The panel's evaluation report is accepted.",
        "Adopted by this vote (motion cb)",
        "pulled item 7",
        "Amendment a1 is adopted: motion m1 now reads:",
        "Motion m1 as amended by a1 is put to the vote in these words:",
        AMENDED,
        "rose to a point of order.",
        "was given the floor",
    ] {
        assert!(minutes.contains(want), "{want}\n{minutes}");
    }
    assert!(!minutes.contains(SECRET), "{minutes}");
    let status = procboard()
        .args(["meeting"])
        .arg(&dir)
        .args(["status", "--json"])
        .output()
        .unwrap();
    let st: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert!(
        st["speakers"]["member_seconds"]["verplanck-falls"] == 120,
        "two minutes of speech: {}",
        st["speakers"]
    );
    // The closed minutes, beside the closed journal, hold what was said.
    let closed_minutes = fs::read_to_string(dir.join("closed/minutes.md")).unwrap();
    assert!(closed_minutes.contains(SECRET));

    // The public site and the OCDS package: nothing of the closed item's content.
    let site = tmp.path().join("site");
    procboard()
        .arg("publish")
        .arg(&b)
        .arg("--out")
        .arg(&site)
        .assert()
        .success();
    let ocds = tmp.path().join("ocds.json");
    procboard()
        .args(["export", "ocds"])
        .arg(&b)
        .arg("--out")
        .arg(&ocds)
        .assert()
        .success();
    let mut published = files_under(&site);
    published.push(ocds);
    assert!(published.len() > 10);
    let mut saw_reported_out = false;
    for f in published {
        let bytes = fs::read(&f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(SECRET),
            "{} names the closed words",
            f.display()
        );
        assert!(
            !f.components().any(|c| c.as_os_str() == "closed"),
            "{} is a closed file",
            f.display()
        );
        saw_reported_out |= text.contains("evaluation report is accepted");
    }
    assert!(saw_reported_out, "the result reported out is public");
}
