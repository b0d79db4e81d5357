//! Tenders, awards and disputes through the command line, on the worked examples of docs/domain.md
//! (tests/fixtures/abg: weights Alpha 40 / Beta 35 / Gamma 25; the §3 tender; the §4 standstill).

mod common;
use common::{json, procboard, tally};

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

fn scratch() -> (tempfile::TempDir, PathBuf) {
    common::scratch_copy("tests/fixtures/abg")
}

fn bid<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["bids"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["bid"] == id)
        .unwrap()
}

#[test]
fn score_reproduces_the_worked_example() {
    let (_t, b) = scratch();
    let v = json(
        procboard()
            .arg("score")
            .arg(&b)
            .args(["worked", "--on", "2025-03-10", "--json"]),
    );
    // Proportional price: A 40, B 32, C 20; quality A 38, B 50, C 60; totals A 78, B 82, C 80.
    for (id, price, total, rank) in [
        ("a", "40", "78.00", 3),
        ("b", "32", "82.00", 1),
        ("c", "20", "80.00", 2),
    ] {
        let r = bid(&v, id);
        assert_eq!(
            r["price_points"].as_str().unwrap().parse::<f64>().unwrap(),
            price.parse::<f64>().unwrap(),
            "{id}"
        );
        assert_eq!(r["total"], total, "{id}");
        assert_eq!(r["rank"], rank, "{id}");
        assert_eq!(r["status"], "valid");
    }
    assert_eq!(bid(&v, "b")["criteria"]["q3"], "10");
    // D (quality 27 < 30) is excluded before price scoring, so A keeps 40.
    let d = bid(&v, "d");
    assert_eq!(d["status"], "disqualified");
    assert!(d["rank"].is_null());
    assert!(
        d["reason"]
            .as_str()
            .unwrap()
            .contains("below the minimum of 30")
    );
}

#[test]
fn linear_price_between_the_actual_bids() {
    let (_t, b) = scratch();
    let f = b.join("tenders/worked.toml");
    let text = fs::read_to_string(&f).unwrap();
    fs::write(
        &f,
        text.replace("formula = \"proportional\"", "formula = \"linear\""),
    )
    .unwrap();
    let v = json(procboard().arg("score").arg(&b).args(["worked", "--json"]));
    assert_eq!(bid(&v, "a")["price_points"], "40");
    assert_eq!(bid(&v, "b")["price_points"], "30");
    assert_eq!(bid(&v, "c")["price_points"], "0");
}

#[test]
fn standstill_ends_on_a_working_day_and_the_award_becomes_active() {
    let (_t, b) = scratch();
    let v = json(
        procboard()
            .arg("score")
            .arg(&b)
            .args(["worked", "--on", "2025-03-17", "--json"]),
    );
    let a = &v["awards"][0];
    assert_eq!(a["standstill"]["ends"], "2025-03-17");
    assert_eq!(a["standstill"]["contract_from"], "2025-03-18");
    assert_eq!(a["status"], "pending");
    let v = json(
        procboard()
            .arg("score")
            .arg(&b)
            .args(["worked", "--on", "2025-03-18", "--json"]),
    );
    assert_eq!(v["awards"][0]["status"], "active");
}

#[test]
fn a_recused_members_sheet_is_refused_and_left_out() {
    let (_t, b) = scratch();
    let f = b.join("tenders/worked.toml");
    let text = fs::read_to_string(&f).unwrap();
    let with_recusal = text.replace(
        "estimated_value = 150000\n",
        "estimated_value = 150000\n\n[[tender.recusal]]\nmember = \"alpha\"\nreason = \"Alpha's mayor sits on the board of Supplier B\"\n",
    );
    assert_ne!(text, with_recusal);
    fs::write(&f, with_recusal).unwrap();
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "sheets/alpha.toml:1:10: warning: member `alpha` is recused from tender `worked`",
        ));
    let v = json(procboard().arg("score").arg(&b).args(["worked", "--json"]));
    assert_eq!(v["refused"][0]["member"], "alpha");
    assert!(
        v["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("recused")
    );
    assert_eq!(v["panel"].as_array().unwrap().len(), 0);
    assert!(
        bid(&v, "b")["rank"].is_null(),
        "no scores: nothing can be ranked"
    );
}

#[test]
fn score_names_an_unknown_tender_with_a_suggestion() {
    let (_t, b) = scratch();
    procboard()
        .arg("score")
        .arg(&b)
        .arg("workd")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no tender `workd`"))
        .stderr(predicate::str::contains("did you mean `worked`?"));
}

fn record(meeting: &Path, lines: &str) -> assert_cmd::assert::Assert {
    procboard()
        .arg("meeting")
        .arg(meeting)
        .args(["record", "--by", "Sam"])
        .write_stdin(lines.to_string())
        .assert()
}

const OPEN: &str = r#"{"type":"meeting_opened","at":"2025-03-04T10:00:00Z"}
{"type":"attendance","member":"alpha","status":"present","at":"2025-03-04T10:01:00Z"}
{"type":"attendance","member":"beta","status":"present","at":"2025-03-04T10:01:00Z"}
{"type":"attendance","member":"gamma","status":"present","at":"2025-03-04T10:01:00Z"}
"#;

#[test]
fn live_scores_count_but_a_recused_member_cannot_score() {
    let (_t, b) = scratch();
    let m = b.join("meetings/m1");
    record(
        &m,
        &format!(
            "{OPEN}{}",
            r#"{"type":"recusal","member":"beta","scope":{"tender":"worked"},"reason":"conflict"}
{"type":"score_recorded","member":"gamma","tender":"worked","bid":"a","criterion":"q1","score":5}
"#
        ),
    )
    .code(0);
    record(&m, r#"{"type":"score_recorded","member":"beta","tender":"worked","bid":"a","criterion":"q1","score":5}"#)
        .code(2)
        .stderr(predicate::str::contains("`beta` is recused from tender `worked` and cannot score it"));
    record(&m, r#"{"type":"score_recorded","member":"gamma","tender":"worked","bid":"a","criterion":"q1","score":7}"#)
        .code(2)
        .stderr(predicate::str::contains("score 7 is not on the scale: scores run from 0 to 5"));
    let v = json(
        procboard()
            .arg("score")
            .arg(&b)
            .arg("worked")
            .arg("--meeting")
            .arg(&m)
            .arg("--json"),
    );
    assert_eq!(v["panel"], serde_json::json!(["alpha", "gamma"]));
    // Gamma scored only one cell: A's q1 mean is (3 + 5) / 2 = 4, so 30 × 4 / 5 = 24 points.
    assert_eq!(bid(&v, "a")["criteria"]["q1"], "24");
}

#[test]
fn an_award_motion_carries_the_ranking_and_a_protest_holds_the_award() {
    let (_t, b) = scratch();
    let m = b.join("meetings/m1");
    record(&m, &format!("{OPEN}{}", r#"{"type":"item_opened","item":"2"}
{"type":"motion_moved","motion":"m1","item":"2","mover":"alpha"}
{"type":"question_put","motion":"m1"}
{"type":"vote_cast","motion":"m1","member":"alpha","vote":"yes"}
{"type":"vote_cast","motion":"m1","member":"beta","vote":"no"}
{"type":"vote_cast","motion":"m1","member":"gamma","vote":"yes"}
{"type":"vote_closed","motion":"m1"}
{"type":"dispute_lodged","dispute":"protest-c","kind":"bid_protest","author":"Supplier C","role":"bidder","tender":"worked","bid":"c","grounds":"Quality marked down unfairly","at":"2025-03-06T09:00:00Z"}
"#))
    .code(0)
    .stdout(predicate::str::contains("ok 12 dispute_lodged"));
    let journal = fs::read_to_string(m.join("journal.jsonl")).unwrap();
    assert!(
        journal.contains(
            "Award the worked tender to Supplier B (bid b ranked 1 of 3 with 82.00 points)"
        ),
        "{journal}"
    );
    assert!(journal.contains(r#""outcome":"carried""#));

    // Lodged during the standstill (2025-03-06 … 2025-03-17), the protest keeps the award pending
    // even after the standstill has ended.
    let v = json(
        procboard()
            .arg("score")
            .arg(&b)
            .args(["worked", "--on", "2025-03-20", "--json"]),
    );
    assert_eq!(v["awards"][0]["status"], "pending");
    assert_eq!(v["awards"][0]["held_by"][0], "protest-c");

    // Outcomes move through the register's state machine; an illegal move says what is allowed.
    record(
        &m,
        r#"{"type":"dispute_status_changed","dispute":"protest-c","status":"upheld"}"#,
    )
    .code(2)
    .stderr(predicate::str::contains("under_review"));
    record(&m, r#"{"type":"dispute_status_changed","dispute":"protest-c","status":"under_review","at":"2025-03-07T09:00:00Z"}
{"type":"dispute_status_changed","dispute":"protest-c","status":"dismissed","reasons":"The marking followed the published scale","at":"2025-03-08T09:00:00Z"}
"#)
    .code(0);
    record(
        &m,
        r#"{"type":"dispute_status_changed","dispute":"protest-c","status":"under_review"}"#,
    )
    .code(2)
    .stderr(predicate::str::contains("final"));
    let v = json(procboard().arg("disputes").arg(&b).arg("--json"));
    let d = &v["disputes"][0];
    assert_eq!(d["id"], "protest-c");
    assert_eq!(d["status"], "dismissed");
    assert_eq!(d["lodged"], "2025-03-06");
    assert_eq!(d["history"].as_array().unwrap().len(), 2);
    // Decided, the protest no longer holds the award.
    let v = json(
        procboard()
            .arg("score")
            .arg(&b)
            .args(["worked", "--on", "2025-03-20", "--json"]),
    );
    assert_eq!(v["awards"][0]["status"], "active");
    procboard()
        .arg("disputes")
        .arg(&b)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "protest-c  [DISMISSED]  bid protest by Supplier C (bidder)",
        ));
}

#[test]
fn tally_reproduces_the_worked_voting_examples() {
    let (_t, b) = scratch();
    let votes = "date = 2025-03-04\n[votes]\nalpha = \"yes\"\nbeta = \"no\"\ngamma = \"abstain\"\n";
    // Majority of votes cast: 40 > 37.5, carried.
    let v = tally(&b, votes);
    assert_eq!(v["outcome"], "carried");
    assert_eq!(
        (v["yes"].as_str(), v["no"].as_str(), v["abstain"].as_str()),
        (Some("40"), Some("35"), Some("25"))
    );
    // Majority of those present: 40 > 50 fails.
    let v = tally(&b, &format!("decision = \"present\"\n{votes}"));
    assert_eq!(v["outcome"], "failed");
    // Two-thirds: 65 / 35 fails (65 < 70).
    let v = tally(
        &b,
        "decision = \"two_thirds\"\ndate = 2025-03-04\n[votes]\nalpha = \"yes\"\ngamma = \"yes\"\nbeta = \"no\"\n",
    );
    assert_eq!(v["outcome"], "failed");
    // Beta recused: 65 of 65 non-recused weight present, quorate; Alpha yes, Gamma no: carried.
    let v = tally(
        &b,
        "date = 2025-03-04\nrecused = [\"beta\"]\n[votes]\nalpha = \"yes\"\ngamma = \"no\"\n",
    );
    assert_eq!(v["outcome"], "carried");
    assert_eq!(v["quorum_met"], true);
    assert!(v["explanation"].as_str().unwrap().contains("carried"));
}

#[test]
fn qualified_majority_settings_override_the_eu_figures() {
    let (_t, b) = scratch();
    let votes = "[votes]\nalpha = \"yes\"\nbeta = \"yes\"\ngamma = \"no\"\n";
    // 2 of 3 members (≥ 55 %) and 75 % of weight (≥ 65 %): carried.
    let v = tally(
        &b,
        &format!("date = 2025-03-04\n[rule]\nmajority = \"qualified\"\n{votes}"),
    );
    assert_eq!(v["outcome"], "carried");
    // Weight share raised to 80 %: missed, but no blocking minority of 4 members exists.
    let v = tally(
        &b,
        &format!(
            "date = 2025-03-04\n[rule]\nmajority = \"qualified\"\nqualified_weight_share = 0.8\n{votes}"
        ),
    );
    assert_eq!(v["outcome"], "carried");
    assert_eq!(v["blocking_minority"], false);
    // A blocking minority of one member holding more than 20 % now blocks it.
    let v = tally(
        &b,
        &format!(
            "date = 2025-03-04\n[rule]\nmajority = \"qualified\"\nqualified_weight_share = 0.8\nblocking_members = 1\nblocking_weight_share = 0.2\n{votes}"
        ),
    );
    assert_eq!(v["outcome"], "failed");
    assert_eq!(v["blocking_minority"], true);
}

/// Replaces `from` by `to` in the board file `rel`, checking that it was there.
fn edit(b: &Path, rel: &str, from: &str, to: &str) {
    let f = b.join(rel);
    let text = fs::read_to_string(&f).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(&f, text.replacen(from, to, 1)).unwrap();
}

fn score_text(b: &Path, extra: &[&str]) -> String {
    let out = procboard()
        .arg("score")
        .arg(b)
        .arg("worked")
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_pending_bid_is_not_scored_and_the_evaluation_is_provisional() {
    // Issue #7 item 5: bid a (the lowest valid price) made pending. Before the fix it was scored,
    // ranked and set P_min although `check` refuses an award to it.
    let (_t, b) = scratch();
    edit(
        &b,
        "tenders/worked.toml",
        "price = 100000\nstatus = \"valid\"",
        "price = 100000\nstatus = \"pending\"",
    );
    let v = json(procboard().arg("score").arg(&b).args(["worked", "--json"]));
    let a = bid(&v, "a");
    assert_eq!(a["status"], "pending");
    assert!(a["rank"].is_null() && a["total"].is_null() && a["price_points"].is_null());
    // P_min is now b's 125000: b scores the full 40 price points.
    assert_eq!(bid(&v, "b")["price_points"], "40");
    assert_eq!(bid(&v, "b")["rank"], 1);
    assert_eq!(v["provisional"], true);
    assert_eq!(
        v["provisional_reasons"][0],
        "bid(s) a pending: not scored until found valid, and the ranking may change then"
    );
    let text = score_text(&b, &[]);
    assert!(
        text.contains(
            "PROVISIONAL: bid(s) a pending: not scored until found valid, and the ranking may change then"
        ),
        "{text}"
    );
    // The meeting's award motion quotes the same ranking, marked provisional.
    let m = b.join("meetings/m1");
    record(
        &m,
        &format!(
            "{OPEN}{}",
            r#"{"type":"item_opened","item":"2"}
{"type":"motion_moved","motion":"m1","item":"2","mover":"alpha"}
"#
        ),
    )
    .code(0);
    procboard()
        .arg("meeting")
        .arg(&m)
        .arg("status")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Award the worked tender to Supplier B (bid b ranked 1 of 2 with 90.00 points; the ranking is provisional)",
        ));
    // `check` refuses an award to it, for the same reason.
    edit(
        &b,
        "tenders/worked.toml",
        "bid = \"b\"\nnotice",
        "bid = \"a\"\nnotice",
    );
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("which is pending"));
    // With every bid decided, the evaluation is final.
    let (_t2, b2) = scratch();
    let v = json(procboard().arg("score").arg(&b2).args(["worked", "--json"]));
    assert_eq!(v["provisional"], false);
    assert!(!score_text(&b2, &[]).contains("PROVISIONAL"));
}

#[test]
fn relative_to_lowest_price_formula() {
    // Issue #7 item 10: Wp × (1 − (P − P_min) / P_min), floored at 0. A 100000 → 40,
    // B 125000 → 30, C 200000 → 0; totals A 78, B 80, C 60.
    let (_t, b) = scratch();
    edit(
        &b,
        "tenders/worked.toml",
        "formula = \"proportional\"",
        "formula = \"relative_to_lowest\"",
    );
    procboard().arg("check").arg(&b).assert().code(0);
    let v = json(procboard().arg("score").arg(&b).args(["worked", "--json"]));
    for (id, price, total, rank) in [
        ("a", "40", "78.00", 2),
        ("b", "30", "80.00", 1),
        ("c", "0", "60.00", 3),
    ] {
        let r = bid(&v, id);
        assert_eq!(r["price_points"], price, "{id}");
        assert_eq!(r["total"], total, "{id}");
        assert_eq!(r["rank"], rank, "{id}");
    }
    assert!(
        bid(&v, "b")["explanation"]
            .as_str()
            .unwrap()
            .contains("relative to the lowest: 40 × (1 − (125000 − 100000) / 100000) = 30")
    );
    // A bid dearer than twice the lowest is floored at 0, never negative.
    edit(
        &b,
        "tenders/worked.toml",
        "price = 200000",
        "price = 260000",
    );
    let v = json(procboard().arg("score").arg(&b).args(["worked", "--json"]));
    assert_eq!(bid(&v, "c")["price_points"], "0");
    assert!(
        bid(&v, "c")["explanation"]
            .as_str()
            .unwrap()
            .contains("= -24, floored at 0")
    );
    assert!(score_text(&b, &[]).contains("Price weight 40 (relative to the lowest)"));
}

#[test]
fn the_table_rounds_points_half_up() {
    // Issue #7 item 7: q2 = 20 × 1.40625 / 5 = 5.625 showed as 5.62 (half to even).
    let (_t, b) = scratch();
    edit(
        &b,
        "tenders/worked/sheets/alpha.toml",
        "[scores.a]\nq1 = 3\nq2 = 4",
        "[scores.a]\nq1 = 3\nq2 = 1.40625",
    );
    let v = json(procboard().arg("score").arg(&b).args(["worked", "--json"]));
    assert_eq!(bid(&v, "a")["criteria"]["q2"], "5.625");
    let text = score_text(&b, &[]);
    let row = text.lines().find(|l| l.contains(" a ")).unwrap();
    assert!(row.contains(" 5.63 "), "{row}");
    assert!(!row.contains("5.62"), "{row}");
}

const PROTEST_C: &str = r#"[dispute]
id = "protest-c"
kind = "bid_protest"
author = "Supplier C"
role = "bidder"
tender = "worked"
bid = "c"
grounds = "Quality marked down unfairly"
lodged = 2025-03-06

[[status]]
status = "under_review"
date = 2025-03-07

[[status]]
status = "upheld"
date = 2025-03-10
reasons = "The panel ignored annex 3."
"#;

#[test]
fn an_upheld_protest_cancels_the_award_until_the_board_decides_again() {
    // Issue #7 item 6: an upheld protest left the award ACTIVE ("the contract may be signed").
    let (_t, b) = scratch();
    fs::create_dir_all(b.join("disputes")).unwrap();
    fs::write(b.join("disputes/protest-c.toml"), PROTEST_C).unwrap();
    procboard().arg("check").arg(&b).assert().code(0);
    let on = |day: &str| {
        json(
            procboard()
                .arg("score")
                .arg(&b)
                .args(["worked", "--on", day, "--json"]),
        )
    };
    // Under review (lodged during the standstill): the award waits.
    let v = on("2025-03-08");
    assert_eq!(v["awards"][0]["status"], "pending");
    assert_eq!(v["awards"][0]["held_by"][0], "protest-c");
    // Upheld on 2025-03-10, after the notice of 2025-03-05: cancelled, and it stays so.
    for day in ["2025-03-10", "2025-03-20"] {
        let v = on(day);
        let a = &v["awards"][0];
        assert_eq!(a["status"], "cancelled", "{day}");
        assert_eq!(a["cancelled_by"][0], "protest-c");
        assert_eq!(
            a["reason"],
            "cancelled: dispute protest-c upheld on 2025-03-10; no contract: the board decides the award again"
        );
    }
    assert!(
        score_text(&b, &["--on", "2025-03-20"])
            .contains("Award: bid b (Supplier B) — CANCELLED on 2025-03-20: cancelled: dispute protest-c upheld on 2025-03-10")
    );
    procboard()
        .arg("disputes")
        .arg(&b)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "    cancels the award of tender worked: bid b, notice 2025-03-05: the board decides it again",
        ));
    // `meeting status` (its agenda decides the award) shows it too.
    procboard()
        .arg("meeting")
        .arg(b.join("meetings/m1"))
        .arg("status")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "  worked: bid b [CANCELLED] cancelled: dispute protest-c",
        ));
    // The board decides again: a new notice after the decision starts a new standstill.
    edit(
        &b,
        "tenders/worked.toml",
        "notice = 2025-03-05",
        "notice = 2025-03-12",
    );
    assert_eq!(on("2025-03-20")["awards"][0]["status"], "pending");
    assert_eq!(on("2025-04-01")["awards"][0]["status"], "active");
    assert!(
        on("2025-04-01")["awards"][0]["cancelled_by"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_award_to_a_bid_withdrawn_since_is_unsuccessful() {
    let (_t, b) = scratch();
    edit(
        &b,
        "tenders/worked.toml",
        "price = 125000\nstatus = \"valid\"",
        "price = 125000\nstatus = \"withdrawn\"",
    );
    // The meeting's agenda now recommends another bid (an agenda may not recommend a withdrawn one).
    edit(&b, "meetings/m1/agenda.toml", "bid = \"b\"", "bid = \"a\"");
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "warning: the award goes to bid `b`, which is now withdrawn: the award is unsuccessful",
        ));
    let v = json(
        procboard()
            .arg("score")
            .arg(&b)
            .args(["worked", "--on", "2025-04-01", "--json"]),
    );
    assert_eq!(v["awards"][0]["status"], "unsuccessful");
}

/// `check`'s stderr and exit code.
fn check(b: &Path) -> (i32, String) {
    let out = procboard().arg("check").arg(b).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_gives_the_warnings_score_gives() {
    // Issue #7 item 8: a sheet that skips a bid and a missing consensus entry were warned by
    // `score` only.
    let (_t, b) = scratch();
    let sheet = fs::read_to_string(b.join("tenders/worked/sheets/alpha.toml")).unwrap();
    let beta = sheet
        .replace("member = \"alpha\"", "member = \"beta\"")
        .replace("[scores.c]\nq1 = 5\nq2 = 5\nq3 = 5\n", "");
    fs::write(b.join("tenders/worked/sheets/beta.toml"), beta).unwrap();
    edit(
        &b,
        "tenders/worked.toml",
        "[evaluation]\n",
        "[evaluation]\nmoderation = \"consensus\"\n",
    );
    fs::write(
        b.join("tenders/worked/consensus.toml"),
        "[[consensus]]\nbid = \"a\"\ncriterion = \"q1\"\nscore = 3\n",
    )
    .unwrap();
    let (code, stderr) = check(&b);
    assert_eq!(code, 0, "{stderr}");
    let score = score_text(&b, &[]);
    let warned: Vec<&str> = score
        .lines()
        .filter_map(|l| l.strip_prefix("warning: "))
        .collect();
    assert!(
        warned.contains(&"beta has no score for bid c on criterion q1"),
        "{score}"
    );
    assert!(
        warned
            .iter()
            .any(|w| w.starts_with("no consensus score recorded for bid b on criterion q2"))
    );
    for w in &warned {
        assert!(
            stderr.contains(&format!("warning: {w}")),
            "check lacks {w:?}:\n{stderr}"
        );
    }
    // Each at the file it concerns.
    assert!(
        stderr.contains("tenders/worked/sheets/beta.toml:1:10: warning: beta has no score for bid c on criterion q1"),
        "{stderr}"
    );
    assert!(stderr.contains("tenders/worked/consensus.toml: warning: no consensus score recorded"));
}

const PROTEST_FILE: &str = r#"[dispute]
id = "protest-f"
kind = "bid_protest"
author = "Supplier C"
role = "bidder"
tender = "worked"
grounds = "Quality marked down unfairly"
lodged = 2025-03-03

[[status]]
status = "under_review"
date = 2025-03-03
"#;

fn verify(m: &Path) -> assert_cmd::assert::Assert {
    procboard().arg("meeting").arg(m).arg("verify").assert()
}

#[test]
fn a_dispute_file_reusing_an_id_lodged_in_a_meeting_is_refused_by_check_not_by_verify() {
    // Issue #7 item 9: the file passed `check`, made the untouched journal fail `verify`
    // ("does not replay"), and `disputes` listed the id twice.
    let (_t, b) = scratch();
    let m = b.join("meetings/m1");
    record(&m, &format!("{OPEN}{}", r#"{"type":"dispute_lodged","dispute":"protest-c","kind":"bid_protest","author":"Supplier C","role":"bidder","tender":"worked","grounds":"Quality marked down unfairly","at":"2025-03-04T11:00:00Z"}
"#)).code(0);
    fs::create_dir_all(b.join("disputes")).unwrap();
    fs::write(
        b.join("disputes/protest-c.toml"),
        PROTEST_C.replace("lodged = 2025-03-06", "lodged = 2025-03-04"),
    )
    .unwrap();
    verify(&m).code(0);
    let (code, stderr) = check(&b);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("disputes/protest-c.toml:2:6: dispute id `protest-c` is already used by a dispute lodged in meetings/m1/journal.jsonl line 5"),
        "{stderr}"
    );
    let v = json(procboard().arg("disputes").arg(&b).arg("--json"));
    let ids: Vec<&str> = v["disputes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["protest-c"]);
    assert_eq!(
        v["disputes"][0]["status"], "lodged",
        "the journal's dispute stands"
    );
    assert_eq!(v["conflicts"][0]["kind"], "duplicate_id");
}

#[test]
fn a_file_move_after_a_meetings_decision_is_refused_and_histories_are_in_date_order() {
    // Issue #7 item 9: a file [[status]] dated after a decision taken in a meeting (or back-dated
    // before it) gave one dispute two outcomes, listed out of date order.
    let (_t, b) = scratch();
    fs::create_dir_all(b.join("disputes")).unwrap();
    fs::write(b.join("disputes/protest-f.toml"), PROTEST_FILE).unwrap();
    let m = b.join("meetings/m1");
    record(&m, &format!("{OPEN}{}", r#"{"type":"dispute_status_changed","dispute":"protest-f","status":"dismissed","reasons":"Marked by the scale","at":"2025-03-04T11:00:00Z"}
"#)).code(0);
    assert_eq!(check(&b).0, 0);

    // Upheld on file after the meeting dismissed it: a second outcome.
    let upheld = "\n[[status]]\nstatus = \"upheld\"\ndate = 2025-03-10\n";
    fs::write(
        b.join("disputes/protest-f.toml"),
        format!("{PROTEST_FILE}{upheld}"),
    )
    .unwrap();
    verify(&m).code(0);
    let (code, stderr) = check(&b);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("disputes/protest-f.toml:15:10: dispute `protest-f`: the change to upheld dated 2025-03-10 after dismissed on 2025-03-04 (meetings/m1/journal.jsonl line 5) is not allowed: the dispute is dismissed, which is final"), "{stderr}");
    let v = json(procboard().arg("disputes").arg(&b).arg("--json"));
    let d = &v["disputes"][0];
    assert_eq!(d["status"], "dismissed");
    let dates: Vec<&str> = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2025-03-03", "2025-03-04"]);
    let text =
        String::from_utf8(procboard().arg("disputes").arg(&b).output().unwrap().stdout).unwrap();
    assert!(
        text.contains(
            "CONFLICT disputes/protest-f.toml:15:10: dispute `protest-f`: the change to upheld"
        ),
        "{text}"
    );

    // Back-dated before the meeting: the file's outcome comes first, so the meeting's
    // dismissal is the second outcome, refused at its journal line.
    fs::write(
        b.join("disputes/protest-f.toml"),
        format!(
            "{PROTEST_FILE}{}",
            upheld.replace("2025-03-10", "2025-03-03")
        ),
    )
    .unwrap();
    verify(&m).code(0);
    let (code, stderr) = check(&b);
    assert_eq!(code, 2);
    assert!(stderr.contains("meetings/m1/journal.jsonl:5:1: dispute `protest-f`: the change to dismissed dated 2025-03-04 after upheld on 2025-03-03 (disputes/protest-f.toml)"), "{stderr}");
    let v = json(procboard().arg("disputes").arg(&b).arg("--json"));
    assert_eq!(v["disputes"][0]["status"], "upheld");
}

#[test]
fn a_dispute_against_a_meeting_without_item_names_the_meeting() {
    let (_t, b) = scratch();
    fs::create_dir_all(b.join("disputes")).unwrap();
    fs::write(
        b.join("disputes/order.toml"),
        "[dispute]\nid = \"order\"\nkind = \"point_of_order\"\nauthor = \"Beta\"\nrole = \"member\"\nmeeting = \"m1\"\ngrounds = \"Notice too short\"\nlodged = 2025-03-04\n",
    )
    .unwrap();
    procboard()
        .arg("disputes")
        .arg(&b)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "order  [LODGED]  point of order by Beta (member) against meeting m1\n",
        ));
}

#[test]
fn an_alternate_must_be_named() {
    let (_t, b) = scratch();
    let m = b.join("meetings/m1");
    record(
        &m,
        r#"{"type":"meeting_opened","at":"2025-03-04T10:00:00Z"}
{"type":"attendance","member":"alpha","status":"present","alternate":true,"at":"2025-03-04T10:01:00Z"}
"#,
    )
    .code(2)
    .stderr(predicate::str::contains(
        "an alternate sits for `alpha`: name them in `person`",
    ));
}

#[test]
fn a_filed_dispute_reviewed_in_a_meeting_is_decided_on_file_in_date_order() {
    // Files and journals are one history: a meeting puts the filed dispute under review, the file
    // then records the decision. Before, the file alone was checked (dismissed without review)
    // and its entries were listed before the meeting's whatever their dates.
    let (_t, b) = scratch();
    fs::create_dir_all(b.join("disputes")).unwrap();
    let lodged_only = PROTEST_FILE
        .split("\n[[status]]")
        .next()
        .unwrap()
        .to_string();
    fs::write(b.join("disputes/protest-f.toml"), &lodged_only).unwrap();
    let m = b.join("meetings/m1");
    record(&m, &format!("{OPEN}{}", r#"{"type":"dispute_status_changed","dispute":"protest-f","status":"under_review","at":"2025-03-04T11:00:00Z"}
"#)).code(0);
    fs::write(
        b.join("disputes/protest-f.toml"),
        format!("{lodged_only}\n[[status]]\nstatus = \"dismissed\"\ndate = 2025-03-10\n"),
    )
    .unwrap();
    let (code, stderr) = check(&b);
    assert_eq!(code, 0, "{stderr}");
    verify(&m).code(0);
    let v = json(procboard().arg("disputes").arg(&b).arg("--json"));
    let d = &v["disputes"][0];
    assert_eq!(d["status"], "dismissed");
    let history: Vec<(&str, &str)> = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["date"].as_str().unwrap(), c["source"].as_str().unwrap()))
        .collect();
    assert_eq!(
        history,
        [
            ("2025-03-04", "meetings/m1/journal.jsonl line 5"),
            ("2025-03-10", "disputes/protest-f.toml")
        ]
    );
    assert!(v["conflicts"].as_array().unwrap().is_empty());
}
