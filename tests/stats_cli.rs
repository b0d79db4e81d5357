//! `procboard stats`: the performance figures from the board's files and meeting journals, and
//! what is missing said instead of guessed.

mod common;
use common::{edit, json, procboard, scratch_copy};

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

fn stats(board: &Path, args: &[&str]) -> Value {
    json(procboard().arg("stats").arg(board).arg("--json").args(args))
}

fn tender<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["tenders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tender"] == id)
        .unwrap()
}

/// Takes out the `[[award]]` of `bid` that the bundled board's contract follows (the
/// `[[award]]` table through its `contract` date), for the tests written before it was awarded.
fn without_award(tender: &Path, bid: &str) {
    let text = fs::read_to_string(tender).unwrap();
    let start = text
        .find(&format!("[[award]]\nbid = \"{bid}\""))
        .unwrap_or_else(|| panic!("{} has no award to {bid}", tender.display()));
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    fs::write(tender, format!("{}{}", &text[..start], &text[end..])).unwrap();
}

#[test]
fn a_partly_awarded_tender_gives_what_it_can_and_says_what_is_missing() {
    let (_tmp, b) = scratch_copy("boards/euregio-energy");
    without_award(&b.join("tenders/electricity-2026.toml"), "el-3");
    let v = stats(&b, &[]);
    assert_eq!(v["on"], "2025-04-28", "the latest date in the files");
    let t = tender(&v, "cloud-it-2025");
    assert_eq!(t["estimated"], 3900000);
    assert_eq!(t["awarded"], 1480000);
    assert!(t["savings"].is_null());
    // Per lot: hosting is awarded (estimate 1,550,000), workplace is not.
    assert_eq!(t["lots"][0]["lot"], "hosting");
    assert_eq!(t["lots"][0]["savings"], 70000);
    assert_eq!(t["lots"][1]["lot"], "workplace");
    assert!(t["lots"][1]["awarded"].is_null());
    assert!(t["lots"][1]["savings"].is_null());
    assert_eq!(t["bids"], 5);
    assert_eq!(t["valid_bids"], 5);
    assert_eq!(t["days_to_award"], 87, "2025-01-20 to 2025-04-17");
    assert!(t["days_to_contract"].is_null());
    assert_eq!(t["protests_lodged"], 1);
    assert_eq!(t["protests_upheld"], 0);
    assert_eq!(t["held_by_dispute"], 1);
    assert_eq!(t["held_by_standstill"], 0);
    let missing: Vec<&str> = t["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        missing
            .iter()
            .any(|m| m.contains("no award in force for lot workplace"))
    );
    assert!(missing.iter().any(|m| m.contains("no contract date yet")));

    // The text form shows `-` and the same notes.
    procboard()
        .arg("stats")
        .arg(&b)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Performance of board euregio-energy on 2025-04-28",
        ))
        .stdout(predicate::str::contains(
            "tender cloud-it-2025: savings: no award in force for lot workplace",
        ))
        .stdout(predicate::str::contains(
            "meeting 2025-06-regular: no journal (journal.jsonl), its votes are not counted",
        ));
}

#[test]
fn savings_days_and_the_standstill_of_an_awarded_tender() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    without_award(&b.join("tenders/auto-parts-2025.toml"), "ap-4");
    let t = b.join("tenders/road-salt-2025.toml");
    // Award to rs-2 (979,200.00) by e-mail on Wed 2025-03-05, contract signed 2025-03-20.
    let text = fs::read_to_string(&t).unwrap();
    fs::write(
        &t,
        text.replacen(
            "[[bid]]",
            "[[award]]\nbid = \"rs-2\"\nnotice = 2025-03-05\nmeans = \"electronic\"\ncontract = 2025-03-20\n\n[[bid]]",
            1,
        ),
    )
    .unwrap();
    edit(&t, "price = 979200 ", "price = 979200.00 ");
    let v = stats(&b, &[]);
    let s = tender(&v, "road-salt-2025");
    assert_eq!(s["awarded"].as_f64(), Some(979200.0));
    assert_eq!(s["savings"].as_f64(), Some(100800.0));
    assert_eq!(
        s["savings_percent"].as_f64(),
        Some(9.33),
        "100800 / 1080000"
    );
    assert_eq!(s["days_to_award"], 58, "2025-01-06 to 2025-03-05");
    assert_eq!(s["days_to_contract"], 73);
    assert_eq!(s["valid_bids"], 3, "rs-4 falls under the quality threshold");
    assert_eq!(s["held_by_standstill"], 0);
    assert!(s["missing"].as_array().unwrap().is_empty());
    let y = &v["years"][0];
    assert_eq!(y["year"], 2025);
    assert_eq!(y["savings"].as_f64(), Some(100800.0));
    assert_eq!(y["savings_tenders"], 1);
    assert_eq!(y["mean_days_to_award"].as_f64(), Some(58.0));

    // Exact decimals in the JSON: the digits as computed, not a float's.
    let raw = procboard()
        .arg("stats")
        .arg(&b)
        .arg("--json")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.contains("\"awarded\": 979200.00,"), "{raw}");
    assert!(raw.contains("\"savings\": 100800.00,"), "{raw}");

    // During the standstill (ends Mon 2025-03-17), before the contract: held by it.
    let v = stats(&b, &["--on", "2025-03-10"]);
    let s = tender(&v, "road-salt-2025");
    assert_eq!(s["held_by_standstill"], 1);
    assert!(s["days_to_contract"].is_null());
    assert_eq!(v["years"][0]["held_by_standstill"], 1);

    // Before the notice: no award known yet, so no days to award.
    let v = stats(&b, &["--on", "2025-03-04"]);
    let s = tender(&v, "road-salt-2025");
    assert_eq!(s["awards"], 0);
    assert!(s["awarded"].is_null());
    assert!(s["days_to_award"].is_null());
}

#[test]
fn a_missing_publication_date_is_named_not_guessed() {
    let (_tmp, b) = scratch_copy("boards/euregio-energy");
    edit(
        &b.join("tenders/cloud-it-2025.toml"),
        "published = 2025-01-20\n",
        "",
    );
    let v = stats(&b, &[]);
    let t = tender(&v, "cloud-it-2025");
    assert!(t["days_to_award"].is_null());
    assert!(t["missing"].as_array().unwrap().iter().any(|m| {
        m.as_str()
            .unwrap()
            .contains("no publication date (`published` in [tender])")
    }));
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.last().unwrap()["year"], Value::Null);
    assert_eq!(years.last().unwrap()["tenders"], 1);
}

#[test]
fn voting_participation_comes_from_the_meeting_journals() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    let m = b.join("meetings/2025-03-regular");
    let input = r#"{"type":"meeting_opened","at":"2025-03-11T23:00:00Z","by":"Clerk"}
{"type":"attendance","member":"stonebridge","status":"present","at":"2025-03-11T23:01:00Z"}
{"type":"attendance","member":"verplanck-falls","status":"present","at":"2025-03-11T23:01:00Z"}
{"type":"attendance","member":"roosekill","status":"remote","at":"2025-03-11T23:01:00Z"}
{"type":"attendance","member":"bramblekill","status":"present","at":"2025-03-11T23:01:00Z"}
{"type":"item_opened","item":"1","at":"2025-03-11T23:02:00Z"}
{"type":"item_closed","item":"1","at":"2025-03-11T23:03:00Z"}
{"type":"item_opened","item":"2","at":"2025-03-11T23:04:00Z"}
{"type":"motion_moved","motion":"m1","item":"2","text":"Approve the minutes","mover":"stonebridge","at":"2025-03-11T23:05:00Z"}
{"type":"motion_seconded","motion":"m1","seconder":"roosekill","at":"2025-03-11T23:05:00Z"}
{"at":"2025-03-11T23:06:00Z","type":"question_put","motion":"m1"}
{"type":"vote_cast","motion":"m1","member":"stonebridge","vote":"yes","at":"2025-03-11T23:06:00Z"}
{"type":"vote_cast","motion":"m1","member":"roosekill","vote":"no","at":"2025-03-11T23:06:00Z"}
{"type":"vote_cast","motion":"m1","member":"verplanck-falls","vote":"yes","at":"2025-03-11T23:06:00Z"}
{"type":"vote_closed","motion":"m1","at":"2025-03-11T23:07:00Z"}
"#;
    // The bundled board already holds a recorded January meeting: count what March adds.
    let member = |v: &Value, id: &str| {
        v["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["member"] == id)
            .unwrap()
            .clone()
    };
    let counts = |v: &Value, id: &str| {
        let x = member(v, id);
        (
            x["votes_cast"].as_u64().unwrap(),
            x["votes_put"].as_u64().unwrap(),
        )
    };
    let before = stats(&b, &[]);
    procboard()
        .arg("meeting")
        .arg(&m)
        .args(["record", "--by", "Clerk"])
        .write_stdin(input)
        .assert()
        .code(0);
    let v = stats(&b, &[]);
    let (cast0, put0) = counts(&before, "stonebridge");
    assert_eq!(counts(&v, "stonebridge"), (cast0 + 1, put0 + 1));
    let sb = member(&v, "stonebridge");
    let (cast, put) = counts(&v, "stonebridge");
    let percent = (cast * 1000 / put) as f64 / 10.0;
    assert_eq!(sb["participation_percent"].as_f64(), Some(percent));
    // Present but silent, and seated but absent: a vote put, none cast.
    for id in ["bramblekill", "maple-hollow"] {
        let (cast0, put0) = counts(&before, id);
        assert_eq!(counts(&v, id), (cast0, put0 + 1), "{id}");
    }
    // Tenders: every tender without `buyers`, and those naming it.
    assert_eq!(sb["tenders"].as_array().unwrap().len(), 3);
    // The other meeting has no journal: said, not guessed.
    assert!(v["missing"].as_array().unwrap().iter().any(|x| {
        x.as_str()
            .unwrap()
            .starts_with("meeting 2025-02-regular: no journal")
    }));
}

/// Each member's savings on each contract (with the method) and the board's supplier diversity,
/// as `procboard contracts` computes them; and, for a tender evaluated on life-cycle cost, the
/// awarded bids' net present cost beside their price.
#[test]
fn stats_say_who_saves_on_whom_the_board_depends_and_the_life_cycle_cost() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    let mut lcc = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lcc/street-lights-2025.toml"
    ))
    .unwrap();
    lcc.push_str("\n[[award]]\nbid = \"sl-1\"\nnotice = 2025-03-12\nmeans = \"electronic\"\n");
    fs::write(b.join("tenders/street-lights-2025.toml"), lcc).unwrap();
    let v = stats(&b, &["--on", "2026-04-30"]);
    let saving = v["member_savings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["member"] == "stonebridge")
        .unwrap()
        .clone();
    assert_eq!(saving["contract"], "auto-parts-heavy-2025");
    // (0.90 − 0.82) × 135,000.
    assert_eq!(saving["savings"], serde_json::json!(10800));
    assert!(
        saving["method"]
            .as_str()
            .unwrap()
            .contains("x volume 135000")
    );
    assert_eq!(v["diversity"]["distinct"], 1);
    assert_eq!(v["diversity"]["hhi"], "10000");
    let t = tender(&v, "street-lights-2025");
    assert_eq!(t["awarded"], serde_json::json!(410000));
    assert_eq!(t["awarded_life_cycle_cost"], serde_json::json!(685766.33));
    let out = procboard()
        .arg("stats")
        .arg(&b)
        .args(["--on", "2026-04-30"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Life-cycle cost of street-lights-2025: awarded at $410,000, a net present cost of $685,766.33"),
        "{text}"
    );
    assert!(
        text.contains("Suppliers: 1 contracts worth $371,250"),
        "{text}"
    );
}
