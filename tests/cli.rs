//! The command line on real files: check, seats, tally, meeting record/status, the demo.

mod common;
use common::{procboard, repo, scratch_board};

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use predicates::prelude::*;

#[test]
fn check_accepts_the_example_boards_with_a_summary() {
    for board in ["boards/river-valley", "boards/euregio-energy"] {
        procboard()
            .args(["check", board])
            .current_dir(repo(""))
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("ok: board `"))
            // Each bundled board has a contract with a member's report overdue (a warning).
            .stderr(predicate::str::contains("warning: report overdue"));
    }
}

#[test]
fn check_reports_every_problem_with_position_and_exit_2() {
    let (_tmp, b) = scratch_board("river-valley");
    let board = fs::read_to_string(b.join("board.toml")).unwrap();
    let broken = board.replacen(
        "time_zone = \"America/New_York\"",
        "time_zone = \"America/New_Yrok\"",
        1,
    );
    assert_ne!(board, broken, "the fixture must contain the time zone line");
    fs::write(b.join("board.toml"), broken).unwrap();
    let tender = b.join("tenders/road-salt-2025.toml");
    let t = fs::read_to_string(&tender).unwrap();
    fs::write(
        &tender,
        t.replacen("[tender]", "[tender]\ntitel = \"x\"", 1),
    )
    .unwrap();
    let out = procboard()
        .args(["check"])
        .arg(&b)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("board.toml:") && stderr.contains("unknown time zone `America/New_Yrok`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `America/New_York`?"),
        "{stderr}"
    );
    let line = t
        .lines()
        .position(|l| l == "[tender]")
        .expect("a [tender] table")
        + 2;
    let expected = format!("tenders/road-salt-2025.toml:{line}:1: unknown key `titel`");
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
    assert!(stderr.contains("2 errors"), "{stderr}");
}

#[test]
fn check_json_lists_diagnostics() {
    let (_tmp, b) = scratch_board("river-valley");
    fs::write(b.join("board.toml"), "[board\n").unwrap();
    let out = procboard()
        .args(["check", "--json"])
        .arg(&b)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v[0];
    assert_eq!(first["file"], "board.toml");
    assert_eq!(first["line"], 1);
    assert_eq!(first["severity"], "error");
}

#[test]
fn seats_shows_chair_group_seats_and_weights() {
    let out = procboard()
        .args([
            "seats",
            "boards/river-valley",
            "--on",
            "2025-03-11",
            "--json",
        ])
        .current_dir(repo(""))
        .assert()
        .code(0)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["date"], "2025-03-11");
    assert!(v["officers"]["chair"].is_string());
    assert_ne!(v["officers"]["chair"], v["officers"]["vice_chair"]);
    let seats = v["seats"].as_array().unwrap();
    assert_eq!(seats.len(), 10, "8 own seats + 2 shared seats");
    let group: Vec<&serde_json::Value> = seats.iter().filter(|s| s["group"].is_string()).collect();
    assert_eq!(group.len(), 2);
    assert!(group.iter().all(|s| s["member"].is_string()));
    // Every member in membership has a weight and says whether it sits.
    let weights = v["weights"].as_array().unwrap();
    assert_eq!(weights.len(), 13);
    assert_eq!(weights.iter().filter(|w| w["seated"] == false).count(), 3);
    assert!(v["weight_source"].as_str().unwrap().contains("fixed"));

    // A year later the shared seats have rotated.
    let later = procboard()
        .args([
            "seats",
            "boards/river-valley",
            "--on",
            "2026-03-11",
            "--json",
        ])
        .current_dir(repo(""))
        .assert()
        .code(0)
        .get_output()
        .clone();
    let w: serde_json::Value = serde_json::from_slice(&later.stdout).unwrap();
    let holders = |v: &serde_json::Value| -> Vec<String> {
        v["seats"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["group"].is_string())
            .map(|s| s["member"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_ne!(holders(&v), holders(&w));
}

#[test]
fn seats_refuses_a_bad_date_with_exit_2() {
    procboard()
        .args(["seats", "boards/river-valley", "--on", "2025-13-01"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--on"));
}

#[test]
fn help_and_version_read_well() {
    procboard()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("check"))
        .stdout(predicate::str::contains("seats"))
        .stdout(predicate::str::contains("meeting"));
    procboard()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("procboard "));
    procboard()
        .args(["meeting", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("record"));
}

#[test]
fn demo_works_on_a_scratch_copy_and_never_writes_the_checkout() {
    let before = list_files(&repo("boards"));
    let out = procboard()
        .current_dir(repo(""))
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("scratch copy"), "{stdout}");
    assert!(stdout.contains("River Valley"), "{stdout}");
    // The scratch folder named in the output holds a loadable board.
    let path = stdout
        .lines()
        .find_map(|l| l.split(" is at ").nth(1))
        .expect("the demo says where the copy is")
        .trim()
        .to_string();
    assert!(Path::new(&path).join("board.toml").is_file());
    assert!(procboard::board::load(Path::new(&path)).error_count() == 0);
    fs::remove_dir_all(&path).unwrap();
    assert_eq!(
        before,
        list_files(&repo("boards")),
        "the demo wrote into the checkout"
    );
}

fn list_files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            out.extend(list_files(&e.path()));
        } else {
            out.push((e.path(), e.metadata().unwrap().len()));
        }
    }
    out.sort();
    out
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
}

#[test]
fn tally_gives_outcome_quorum_and_weights_as_json() {
    let (_tmp, b) = scratch_board("river-valley");
    let v = common::tally(
        &b,
        r#"
decision = "default"
date = 2025-03-11
present = ["stonebridge", "verplanck-falls", "roosekill", "bramblekill", "maple-hollow", "quarry-glen"]
[votes]
stonebridge = "yes"
verplanck-falls = "yes"
roosekill = "no"
bramblekill = "abstain"
"#,
    );
    // Present weight 3+3+3+2+2+1 = 14 of 21 > half: quorate. Yes 6 > (6+3)/2: carried.
    assert_eq!(v["outcome"], "carried");
    assert_eq!(v["quorum_met"], true);
    assert_eq!(v["yes"], "6");
    assert_eq!(v["no"], "3");
    assert_eq!(v["abstain"], "2");
    assert!(v["explanation"].as_str().unwrap().starts_with("carried"));

    // Without quorum the same votes are never counted as a result.
    let v = common::tally(
        &b,
        r#"
date = 2025-03-11
present = ["stonebridge", "verplanck-falls"]
[votes]
stonebridge = "yes"
verplanck-falls = "yes"
"#,
    );
    assert_eq!(v["outcome"], "no_quorum");
    assert_eq!(v["quorum_met"], false);
}

#[test]
fn tally_refuses_an_unknown_member_with_position() {
    let (_tmp, b) = scratch_board("river-valley");
    let ballot = b.join("ballot.toml");
    write(
        &ballot,
        "date = 2025-03-11\n[votes]\nstonebrige = \"yes\"\n",
    );
    procboard()
        .arg("tally")
        .arg(&b)
        .arg("--ballot")
        .arg(&ballot)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ballot.toml:3:14: `stonebrige` holds no seat",
        ))
        .stderr(predicate::str::contains("did you mean `stonebridge`?"));
}

/// Runs `tally` on `ballot` (written into the board folder) and returns (exit code, stdout,
/// stderr).
fn tally_raw(board: &Path, ballot: &str) -> (i32, String, String) {
    let f = board.join("ballot.toml");
    write(&f, ballot);
    let out = procboard()
        .arg("tally")
        .arg(board)
        .arg("--ballot")
        .arg(&f)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_readme_tour_ballot_names_its_real_reason() {
    // The README's tour: an award (majority of those present), 3 to 3 with 13 present silent.
    let (_tmp, b) = scratch_board("river-valley");
    let tour = "decision = \"award\"\ndate = 2025-03-11\nabsent = [\"maple-hollow\"]\n[votes]\nstonebridge = \"yes\"\nroosekill = \"no\"\n";
    let (code, out, _) = tally_raw(&b, tour);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "failed: majority of those present: yes 3 of 19 weight present (15.79 %), needs more than 50 %"
        ),
        "{out}"
    );
    assert!(!out.contains("tie"), "not a tie: {out}");
    // With the chair's casting vote as the tie rule, a casting vote still cannot carry it.
    let with_chair = "casting_vote = \"yes\"\ndecision = \"award\"\ndate = 2025-03-11\nabsent = [\"maple-hollow\"]\n[rule]\nties = \"chair_casting\"\n[votes]\nstonebridge = \"yes\"\nroosekill = \"no\"\n";
    let (code, out, err) = tally_raw(&b, with_chair);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("there is no tie for it to break: yes and no are equal (3 to 3), but a casting vote breaks a tie only when yes and no together make up all the weight present"),
        "{err}"
    );
    assert!(
        err.contains("hint: give `casting_vote` only for a tie"),
        "{err}"
    );
}

#[test]
fn a_casting_vote_cannot_carry_a_missed_membership_or_two_thirds_threshold() {
    let (_tmp, b) = scratch_board("river-valley");
    // Membership: yes 3 of 21 against no 3, the chair casting: refused, and without it: failed.
    for majority in ["membership", "two_thirds_cast"] {
        let ballot = format!(
            "date = 2025-03-11\ncasting_vote = \"yes\"\n[rule]\nmajority = \"{majority}\"\nties = \"chair_casting\"\n[votes]\nstonebridge = \"yes\"\nroosekill = \"no\"\n"
        );
        let (code, _, err) = tally_raw(&b, &ballot);
        assert_eq!(code, 2, "{majority}: {err}");
        assert!(err.contains("there is no tie for it to break"), "{err}");
        let (code, out, _) = tally_raw(&b, &ballot.replace("casting_vote = \"yes\"\n", ""));
        assert_eq!(code, 0);
        assert!(out.starts_with("failed: "), "{majority}: {out}");
    }
    // Votes cast: the same 3 to 3 is a true tie, and the casting vote carries it.
    let ballot = "date = 2025-03-11\ncasting_vote = \"yes\"\n[rule]\nties = \"chair_casting\"\n[votes]\nstonebridge = \"yes\"\nroosekill = \"no\"\n";
    let (code, out, _) = tally_raw(&b, ballot);
    assert_eq!(code, 0);
    assert!(out.starts_with("carried: "), "{out}");
}

#[test]
fn a_ballot_rule_is_checked_like_board_toml_with_positions_and_true_hints() {
    let (_tmp, b) = scratch_board("river-valley");
    // A strict quorum of the whole: refused in board.toml, so refused here too, at its place.
    let (code, _, err) = tally_raw(
        &b,
        "date = 2025-03-11\n[rule]\nquorum_share = 1\n[votes]\nstonebridge = \"yes\"\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "ballot.toml:3:16: a strict quorum of more than the whole (share 1) can never be met"
        ),
        "{err}"
    );
    assert!(!err.contains("votes come from"), "{err}");
    // A share of 0 and an out-of-range share: position, wording, the share hint.
    let (code, _, err) = tally_raw(
        &b,
        "date = 2025-03-11\n[rule]\nquorum_share = 0\nmajority = \"qualified\"\nqualified_weight_share = 1.5\n[votes]\nstonebridge = \"yes\"\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "ballot.toml:3:16: `quorum_share` is 0, but a share must be more than 0 and at most 1"
        ),
        "{err}"
    );
    assert!(
        err.contains("ballot.toml:5:26: `qualified_weight_share` is 1.5, but a share must be more than 0 and at most 1"),
        "{err}"
    );
    assert!(err.contains("hint: write a fraction as a decimal"), "{err}");
    assert!(!err.contains("votes come from"), "{err}");
    // double_majority needs `base` in a ballot too.
    let (code, _, err) = tally_raw(
        &b,
        "date = 2025-03-11\n[rule]\nmajority = \"double_majority\"\n[votes]\nstonebridge = \"yes\"\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("ballot.toml:2:1: [rule] majority = \"double_majority\" needs `base`"),
        "{err}"
    );
    // A split under block casting gets a hint about splits, not about who may vote.
    let (code, _, err) = tally_raw(
        &b,
        "date = 2025-03-11\n[votes]\nstonebridge = { yes = 1, no = 2 }\n",
    );
    assert_eq!(code, 2);
    assert!(err.contains("as one block"), "{err}");
    assert!(
        err.contains("hint: give the member's whole weight"),
        "{err}"
    );
    assert!(!err.contains("votes come from"), "{err}");
    // A key the majority does not read: a warning, and the ballot is counted.
    let (code, out, err) = tally_raw(
        &b,
        "date = 2025-03-11\n[rule]\nbase = \"present\"\n[votes]\nstonebridge = \"yes\"\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("carried"), "{out}");
    assert!(
        err.contains("ballot.toml:2:1: warning: [rule] `base` is only read for double_majority and members_and_weight"),
        "{err}"
    );
}

/// The message part of every diagnostic line ("file:line:col: message" → "message"), with the
/// table's name left out (`[decisions.x]` in board.toml, `[rule]` in a ballot).
fn messages(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| !l.starts_with("error: ") && !l.starts_with("ok: "))
        .map(|l| {
            let l = l.splitn(4, ':').nth(3).map_or(l, str::trim_start);
            l.replace("[decisions.trial] ", "").replace("[rule] ", "")
        })
        .collect()
}

#[test]
fn ballot_rules_and_board_rules_share_one_validation() {
    let bad_rules = [
        "quorum_share = 0",
        "quorum_share = 1",
        "quorum_share = 1.2",
        "majority = \"qualified\"\nqualified_member_share = 0\nblocking_members = 0",
        "majority = \"qualified\"\nblocking_weight_share = 2",
        "majority = \"double_majority\"",
        "majority = \"members_and_weight\"\nmin_yes_members = 0",
        "majority = \"members_and_weight\"\nmin_yes_members = 3\nmin_yes_weight_share = 1.01",
    ];
    for rule in bad_rules {
        let (_tmp, b) = scratch_board("river-valley");
        // The board's contract has a report overdue (a warning a ballot knows nothing of).
        fs::remove_dir_all(b.join("contracts")).unwrap();
        let board = b.join("board.toml");
        let text = fs::read_to_string(&board).unwrap();
        write(&board, &format!("{text}\n[decisions.trial]\n{rule}\n"));
        let out = procboard().arg("check").arg(&b).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{rule}");
        let from_board = messages(&String::from_utf8(out.stderr).unwrap());
        write(&board, &text);
        let (code, _, err) = tally_raw(
            &b,
            &format!("date = 2025-03-11\n[rule]\n{rule}\n[votes]\nstonebridge = \"yes\"\n"),
        );
        assert_eq!(code, 2, "{rule}: {err}");
        assert_eq!(from_board, messages(&err), "{rule}");
        assert!(!err.contains("votes come from"), "{err}");
    }
}

#[test]
fn members_and_weight_is_a_rule_of_board_toml_and_ballots() {
    let (_tmp, b) = scratch_board("river-valley");
    // Without the contract and its overdue report, the board checks with no warning at all.
    fs::remove_dir_all(b.join("contracts")).unwrap();
    let board = b.join("board.toml");
    let text = fs::read_to_string(&board).unwrap();
    write(
        &board,
        &format!(
            "{text}\n[decisions.statutes]\nmajority = \"members_and_weight\"\nmin_yes_members = 3\nmin_yes_weight_share = 0.4\n"
        ),
    );
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 warnings"));
    // Three towns of weight 3 (9 of 21, 42.86 %): carried; two of them (6): too few of both.
    let v = common::tally(
        &b,
        "decision = \"statutes\"\ndate = 2025-03-11\n[votes]\nstonebridge = \"yes\"\nverplanck-falls = \"yes\"\nroosekill = \"yes\"\n",
    );
    assert_eq!(v["outcome"], "carried", "{v}");
    assert_eq!(v["rule"]["majority"]["members_and_weight"]["members"], 3);
    assert_eq!(
        v["rule"]["majority"]["members_and_weight"]["weight_share"],
        "0.4"
    );
    assert_eq!(
        v["rule"]["majority"]["members_and_weight"]["base"],
        "membership"
    );
    let v = common::tally(
        &b,
        "decision = \"statutes\"\ndate = 2025-03-11\n[votes]\nstonebridge = \"yes\"\nverplanck-falls = \"yes\"\n",
    );
    assert_eq!(v["outcome"], "failed");
    assert!(
        v["explanation"]
            .as_str()
            .unwrap()
            .contains("2 members voting yes, needs at least 3 members; yes 6 of 21 total weight (28.57 %), needs at least 40 %; too few members and too little weight voting yes"),
        "{v}"
    );
    // More members than the board has seats (10 on this date, 13 members) can never vote yes.
    let (code, _, err) = tally_raw(
        &b,
        "decision = \"statutes\"\ndate = 2025-03-11\n[rule]\nmin_yes_members = 11\n[votes]\nstonebridge = \"yes\"\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("ballot.toml:4:19: `min_yes_members` is 11, but at most 10 members can vote: the rule can never be met"),
        "{err}"
    );
    // Many small towns: enough members, too little weight.
    let v = common::tally(
        &b,
        "decision = \"statutes\"\ndate = 2025-03-11\n[votes]\nquarry-glen = \"yes\"\nbirch-notch = \"yes\"\nbramblekill = \"yes\"\n",
    );
    assert_eq!(v["outcome"], "failed");
    assert!(
        v["explanation"]
            .as_str()
            .unwrap()
            .contains("; too little weight voting yes"),
        "{v}"
    );
}

#[test]
fn check_warns_where_a_casting_vote_can_have_no_chair() {
    let (_tmp, b) = scratch_board("euregio-energy");
    let board = b.join("board.toml");
    let text = fs::read_to_string(&board).unwrap();
    let without = text.replacen(
        "[rotation]\norder = \"alphabetical\"\nepoch = 2022\nterm_starts = \"01-01\"\n",
        "",
        1,
    );
    assert_ne!(text, without);
    write(&board, &without);
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "warning: ties go to the chair's casting vote ([decisions.motion]), but the board has no [rotation], so no chair is known",
        ))
        .stderr(predicate::str::contains("record a `presiding` event"));
}

const OPENING: &str = r#"{"type":"meeting_opened","at":"2025-03-11T23:00:00Z","by":"Clerk"}
{"type":"attendance","member":"stonebridge","status":"present","at":"2025-03-11T23:01:00Z"}
{"type":"attendance","member":"verplanck-falls","status":"present","at":"2025-03-11T23:01:00Z"}
{"type":"attendance","member":"roosekill","status":"remote","at":"2025-03-11T23:01:00Z"}
{"type":"attendance","member":"bramblekill","status":"present","at":"2025-03-11T23:01:00Z"}
"#;

fn record(meeting: &Path, input: &str) -> assert_cmd::assert::Assert {
    procboard()
        .args(["meeting"])
        .arg(meeting)
        .args(["record", "--by", "Clerk"])
        .write_stdin(input)
        .assert()
}

#[test]
fn meeting_record_and_status_walk_a_vote() {
    let (_tmp, b) = scratch_board("river-valley");
    let m = b.join("meetings/2025-03-regular");
    let input = format!(
        "{OPENING}{}",
        r#"{"type":"item_opened","item":"1","at":"2025-03-11T23:02:00Z"}
{"type":"item_closed","item":"1","at":"2025-03-11T23:03:00Z"}
{"type":"item_opened","item":"2","at":"2025-03-11T23:04:00Z"}
{"type":"motion_moved","motion":"m1","item":"2","text":"Approve the minutes","mover":"stonebridge","at":"2025-03-11T23:05:00Z"}
{"type":"motion_seconded","motion":"m1","seconder":"roosekill","at":"2025-03-11T23:05:00Z"}
{"at":"2025-03-11T23:06:00Z","type":"question_put","motion":"m1"}
{"type":"vote_cast","motion":"m1","member":"stonebridge","vote":"yes","at":"2025-03-11T23:06:00Z"}
{"type":"vote_cast","motion":"m1","member":"roosekill","vote":"no","at":"2025-03-11T23:06:00Z"}
{"type":"vote_cast","motion":"m1","member":"verplanck-falls","vote":"yes","at":"2025-03-11T23:06:00Z"}
{"type":"vote_closed","motion":"m1","at":"2025-03-11T23:07:00Z"}
"#
    );
    record(&m, &input)
        .code(0)
        .stdout(predicate::str::contains("ok 1 meeting_opened"))
        .stdout(predicate::str::contains("ok 15 vote_closed"));
    let journal = fs::read_to_string(m.join("journal.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 15);
    assert!(journal.contains(r#""outcome":"carried""#));

    let out = procboard()
        .args(["meeting"])
        .arg(&m)
        .args(["status", "--json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["events"], 15);
    assert_eq!(v["current_item"], "2");
    assert_eq!(v["quorum"]["met"], true);
    assert_eq!(v["motions"][0]["outcome"], "carried");
    assert!(
        v["motions"][0]["explanation"]
            .as_str()
            .unwrap()
            .contains("yes 6")
    );

    let text = procboard()
        .args(["meeting"])
        .arg(&m)
        .arg("status")
        .assert()
        .code(0)
        .get_output()
        .clone();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("QUORUM"), "{text}");
    assert!(text.contains("[CARRIED]"), "{text}");
}

#[test]
fn a_refused_event_stops_the_run_and_keeps_what_was_acknowledged() {
    let (_tmp, b) = scratch_board("river-valley");
    let m = b.join("meetings/2025-03-regular");
    let input = format!(
        "{OPENING}{}",
        r#"{"type":"item_opened","item":"99"}
{"type":"note","text":"never reached"}
"#
    );
    record(&m, &input)
        .code(2)
        .stdout(predicate::str::contains("ok 5 attendance"))
        .stderr(predicate::str::contains(
            "<stdin>:6: error: item_opened refused: no item `99`",
        ));
    let journal = fs::read_to_string(m.join("journal.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 5, "nothing after the refused line");

    // Malformed JSON is refused with its line number; nothing is written.
    record(&m, "{\"type\":\"note\"\n")
        .code(2)
        .stderr(predicate::str::contains("<stdin>:1: not JSON"));
    // An unknown event type names the allowed ones.
    record(&m, "{\"type\":\"vote\"}\n")
        .code(2)
        .stderr(predicate::str::contains("unknown variant `vote`"));
    assert_eq!(
        fs::read_to_string(m.join("journal.jsonl")).unwrap(),
        journal
    );
}

#[test]
fn a_second_writer_is_refused_while_reading_stays_possible() {
    let (_tmp, b) = scratch_board("river-valley");
    let m = b.join("meetings/2025-03-regular");
    record(&m, OPENING).code(0);
    // The first writer keeps the meeting open, waiting on its standard input.
    let mut first = StdCommand::new(assert_cmd::cargo::cargo_bin("procboard"))
        .args(["meeting"])
        .arg(&m)
        .arg("record")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it holds the lock: its first acknowledged event proves it.
    let mut stdin = first.stdin.take().unwrap();
    writeln!(stdin, r#"{{"type":"note","text":"first writer"}}"#).unwrap();
    let mut stdout = std::io::BufReader::new(first.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    assert_eq!(line.trim(), "ok 6 note");

    record(&m, "{\"type\":\"note\",\"text\":\"second\"}\n")
        .code(1)
        .stderr(predicate::str::contains("another process"));
    procboard()
        .args(["meeting"])
        .arg(&m)
        .arg("status")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(6 events)"));
    drop(stdin);
    assert!(first.wait().unwrap().success());
}

#[test]
fn a_dispute_lodged_at_one_meeting_is_decided_at_the_next_and_stays_decided() {
    let (_tmp, b) = scratch_board("river-valley");
    let feb = b.join("meetings/2025-02-regular");
    let mar = b.join("meetings/2025-03-regular");
    record(
        &feb,
        r#"{"type":"meeting_opened","at":"2025-02-11T23:00:00Z"}
{"type":"dispute_lodged","dispute":"salt-objection","kind":"objection","author":"A resident","role":"public","tender":"road-salt-2025","grounds":"Too much salt","at":"2025-02-11T23:10:00Z"}
"#,
    )
    .code(0);
    // The same id cannot be lodged again at another meeting.
    record(
        &mar,
        &format!(
            "{OPENING}{}",
            r#"{"type":"dispute_lodged","dispute":"salt-objection","kind":"objection","author":"Someone","role":"public","tender":"road-salt-2025","grounds":"Again"}
"#
        ),
    )
    .code(2)
    .stderr(predicate::str::contains("dispute id `salt-objection` is already used"));
    record(
        &mar,
        r#"{"type":"dispute_status_changed","dispute":"salt-objection","status":"under_review"}
{"type":"dispute_status_changed","dispute":"salt-objection","status":"dismissed","reasons":"Salt quantities follow the state standard"}
"#,
    )
    .code(0);
    let out = procboard()
        .arg("disputes")
        .arg(&b)
        .arg("--json")
        .assert()
        .code(0)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = v["disputes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "salt-objection")
        .unwrap();
    assert_eq!(d["status"], "dismissed");
    assert_eq!(d["history"].as_array().unwrap().len(), 2);
    // Reopening February, the outcome recorded in March is seen: it cannot be reversed there.
    record(
        &feb,
        r#"{"type":"dispute_status_changed","dispute":"salt-objection","status":"upheld"}"#,
    )
    .code(2)
    .stderr(predicate::str::contains("final"));
}

#[test]
fn verify_checks_the_chain_and_the_replay_and_names_a_tampered_line() {
    let (_tmp, b) = scratch_board("river-valley");
    let m = b.join("meetings/2025-03-regular");
    record(&m, OPENING).code(0);
    let journal = fs::read_to_string(m.join("journal.jsonl")).unwrap();
    let last = journal.lines().last().unwrap();
    use sha2::Digest;
    let expected: String = sha2::Sha256::digest(last.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    procboard()
        .args(["meeting"])
        .arg(&m)
        .arg("verify")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ok: 5 events"))
        .stdout(predicate::str::contains(expected.as_str()));
    // Turn roosekill's "remote" into "absent" on line 4: the chain breaks there.
    let tampered = journal.replacen("\"remote\"", "\"absent\"", 1);
    assert_ne!(tampered, journal);
    fs::write(m.join("journal.jsonl"), tampered).unwrap();
    procboard()
        .args(["meeting"])
        .arg(&m)
        .arg("verify")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 4"));
}
