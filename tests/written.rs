//! `procboard written open | answer | status | close` on real files, and what `minutes verify`
//! and `archive` make of written procedures: every rule variant of `[written_procedure]`, every
//! refusal, the tampering cases (each caught naming the file), the documented `ssh-keygen`
//! commands, and the whole flow across two git clones of one repository.

mod common;
use common::{procboard, repo, scratch_board, tools};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const ID: &str = "2025-05-salt-extension";
const OPENED: &str = "2025-05-05T13:00:00Z";
const DEADLINE: &str = "2025-05-12T17:00";
const BEFORE: &str = "2025-05-08T12:00:00Z";
const AFTER: &str = "2025-05-13T12:00:00Z";
const BUNDLED: &str = "2025-04-budget-comments";

/// The members with a DEMO key in boards/river-valley: (member, key file).
const KEYS: [(&str, &str); 6] = [
    ("stonebridge", "DEMO-thomas-keane"),
    ("verplanck-falls", "DEMO-rita-lansing"),
    ("roosekill", "DEMO-pieter-brinckerhoff"),
    ("oakwood-crossing", "DEMO-susan-delacroix"),
    ("maple-hollow", "DEMO-robert-hasbrouck"),
    ("bramblekill", "DEMO-eleanor-decker"),
];

fn key(board: &Path, member: &str) -> PathBuf {
    let file = KEYS
        .iter()
        .find(|(m, _)| *m == member)
        .map(|(_, k)| *k)
        .unwrap_or(member);
    board.join("demo-keys").join(file)
}

fn secretary(board: &Path) -> PathBuf {
    board.join("demo-keys/DEMO-diane-marchetti")
}

fn run(board: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = procboard();
    cmd.arg("written").arg(args[0]).arg(board).args(&args[1..]);
    cmd.assert()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

/// Replaces the board's `[written_procedure]` table by `body` (an empty body removes it).
fn set_rules(board: &Path, body: &str) {
    let path = board.join("board.toml");
    let text = fs::read_to_string(&path).unwrap();
    let i = text.find("\n[written_procedure]\n").expect("the table");
    // The table ends where the next section's comment begins.
    let j = i + 1 + text[i + 1..].find("\n# ---").expect("the next section");
    let new = if body.is_empty() {
        format!("{}{}", &text[..i + 1], &text[j..])
    } else {
        format!(
            "{}\n[written_procedure]\n{body}\n{}",
            &text[..i],
            &text[j..]
        )
    };
    fs::write(path, new).unwrap();
}

fn open_at(
    board: &Path,
    id: &str,
    kind: &str,
    deadline: &str,
    role: &str,
    key: &Path,
) -> assert_cmd::assert::Assert {
    open_on(board, (id, kind, deadline, role), key, OPENED)
}

fn open_on(
    board: &Path,
    (id, kind, deadline, role): (&str, &str, &str, &str),
    key: &Path,
    at: &str,
) -> assert_cmd::assert::Assert {
    run(
        board,
        &[
            "open",
            "--id",
            id,
            "--kind",
            kind,
            "--text",
            "Extend the road-salt contract by one month.",
            "--deadline",
            deadline,
            "--as",
            role,
            "--key",
            key.to_str().unwrap(),
            "--at",
            at,
        ],
    )
}

fn open(board: &Path) {
    open_at(
        board,
        ID,
        "procedural",
        DEADLINE,
        "secretary",
        &secretary(board),
    )
    .success();
}

fn answer_at(board: &Path, member: &str, word: &str, at: &str) -> assert_cmd::assert::Assert {
    let k = key(board, member);
    run(
        board,
        &[
            "answer",
            "--id",
            ID,
            "--as",
            member,
            "--key",
            k.to_str().unwrap(),
            word,
            "--at",
            at,
        ],
    )
}

fn answer(board: &Path, member: &str, word: &str) {
    answer_at(board, member, word, BEFORE).success();
}

fn close_at(board: &Path, at: &str) -> assert_cmd::assert::Assert {
    let k = secretary(board);
    run(
        board,
        &[
            "close",
            "--id",
            ID,
            "--as",
            "secretary",
            "--key",
            k.to_str().unwrap(),
            "--at",
            at,
        ],
    )
}

fn status(board: &Path, at: &str) -> serde_json::Value {
    let out = run(board, &["status", "--id", ID, "--json", "--at", at]).success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    v[0].clone()
}

fn verify(board: &Path) -> (i32, String) {
    let out = procboard()
        .args(["minutes", "verify"])
        .arg(board)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A copy of river-valley with `rules` and one procedure opened.
fn board_with(rules: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let (tmp, board) = scratch_board("river-valley");
    if let Some(r) = rules {
        set_rules(&board, r);
    }
    open(&board);
    (tmp, board)
}

fn answers_dir(board: &Path) -> PathBuf {
    board.join("written").join(ID).join("answers")
}

// ---- the rules in board.toml ------------------------------------------------------------------

#[test]
fn check_refuses_bad_rules_with_file_line_and_column() {
    let (_t, board) = scratch_board("river-valley");
    set_rules(
        &board,
        "kinds = [\"award\", \"nope\"]\nlaunchers = [\"treasurer\"]\nmin_days = 10\nmax_days = 5\ndecide_by = \"majority\"\nmin_answer_weight_share = 1.5",
    );
    let out = procboard().arg("check").arg(&board).assert().code(2);
    let err = stdout(&out) + &stderr(&out);
    let line = |needle: &str| {
        fs::read_to_string(board.join("board.toml"))
            .unwrap()
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    };
    for (needle, msg) in [
        ("\"nope\"", "unknown decision kind `nope`"),
        ("treasurer", "unknown launching role `treasurer`"),
        ("max_days", "max_days 5 is shorter than min_days 10"),
        ("decide_by", "unknown deciding rule `majority`"),
        (
            "min_answer_weight_share",
            "min_answer_weight_share 1.5 is not a share",
        ),
    ] {
        let want = format!("board.toml:{}:", line(needle));
        assert!(
            err.lines().any(|l| l.starts_with(&want) && l.contains(msg)),
            "{want} {msg}\n{err}"
        );
    }
}

#[test]
fn the_bundled_board_checks_and_its_procedure_verifies() {
    procboard()
        .arg("check")
        .arg(repo("boards/river-valley"))
        .assert()
        .success();
    let (code, out) = verify(&repo("boards/river-valley"));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "written/{BUNDLED}  procedural procedure, closed: carried"
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "refused written/2025-04-budget-comments/answers/roosekill.toml: after the deadline"
        ),
        "{out}"
    );
    assert!(out.contains("ok: 1 meeting; 1 written procedure;"), "{out}");
    // The procedure comes after the January meeting, in date order.
    assert!(out.find("2025-01-regular").unwrap() < out.find(BUNDLED).unwrap());
}

// ---- open: refusals ---------------------------------------------------------------------------

#[test]
fn open_refuses_what_the_rules_do_not_allow() {
    let (_t, board) = scratch_board("river-valley");
    let sec = secretary(&board);
    let eleanor = key(&board, "bramblekill");
    // Kind not decided in writing.
    let a = open_at(&board, "a", "budget", DEADLINE, "secretary", &sec).code(2);
    assert!(
        stderr(&a).contains("decision kind `budget` is not decided in writing"),
        "{}",
        stderr(&a)
    );
    // Period too short and too long (min_days 5, max_days 15).
    let a = open_at(
        &board,
        "b",
        "procedural",
        "2025-05-07T17:00",
        "secretary",
        &sec,
    )
    .code(2);
    assert!(
        stderr(&a).contains("2 days after the opening day; [written_procedure] asks for 5 to 15"),
        "{}",
        stderr(&a)
    );
    let a = open_at(&board, "c", "procedural", "2025-06-30", "secretary", &sec).code(2);
    assert!(stderr(&a).contains("asks for 5 to 15"), "{}", stderr(&a));
    // The secretary's role with another person's key.
    let a = open_at(&board, "d", "procedural", DEADLINE, "secretary", &eleanor).code(2);
    assert!(
        stderr(&a).contains("refused to open as secretary"),
        "{}",
        stderr(&a)
    );
    assert!(stderr(&a).contains("Eleanor Decker"), "{}", stderr(&a));
    // A role that may not launch (river-valley: the secretary only).
    let a = open_at(&board, "e", "procedural", DEADLINE, "chair", &eleanor).code(2);
    assert!(
        stderr(&a).contains("the chair may not launch"),
        "{}",
        stderr(&a)
    );
    // Not allowed at all, or no table.
    set_rules(&board, "allowed = false");
    let a = open_at(&board, "f", "procedural", DEADLINE, "secretary", &sec).code(2);
    assert!(stderr(&a).contains("allowed = false"), "{}", stderr(&a));
    set_rules(&board, "");
    let a = open_at(&board, "g", "procedural", DEADLINE, "secretary", &sec).code(2);
    assert!(
        stderr(&a).contains("no [written_procedure] table"),
        "{}",
        stderr(&a)
    );
    assert!(!board.join("written/a").exists() && !board.join("written/g").exists());
}

#[test]
fn the_chair_by_rotation_may_launch_when_the_board_says_so() {
    let (_t, board) = scratch_board("river-valley");
    set_rules(&board, "launchers = [\"chair\", \"secretary\"]");
    // Bramblekill chairs in 2025 (rotation); Eleanor Decker is its delegate.
    open_at(
        &board,
        ID,
        "procedural",
        DEADLINE,
        "chair",
        &key(&board, "bramblekill"),
    )
    .success();
    let p = fs::read_to_string(board.join("written").join(ID).join("proposal.toml")).unwrap();
    assert!(
        p.contains("launched_as = \"chair\"") && p.contains("launched_by = \"Eleanor Decker\""),
        "{p}"
    );
    let (code, out) = verify(&board);
    assert_eq!(code, 0, "{out}");
    // The same key cannot launch as secretary.
    let a = open_at(
        &board,
        "other",
        "procedural",
        DEADLINE,
        "secretary",
        &key(&board, "bramblekill"),
    )
    .code(2);
    assert!(stderr(&a).contains("refused to open as secretary"));
}

// ---- answers: refusals ------------------------------------------------------------------------

#[test]
fn answer_refuses_another_members_key_a_member_without_a_seat_and_a_second_answer() {
    let (_t, board) = board_with(None);
    let margaret = key(&board, "stonebridge");
    let a = run(
        &board,
        &[
            "answer",
            "--id",
            ID,
            "--as",
            "verplanck-falls",
            "--key",
            margaret.to_str().unwrap(),
            "yes",
            "--at",
            BEFORE,
        ],
    )
    .code(2);
    assert!(
        stderr(&a).contains("refused to answer as `verplanck-falls`"),
        "{}",
        stderr(&a)
    );
    assert!(stderr(&a).contains("Thomas Keane"), "{}", stderr(&a));
    // fernkill shares the small-towns seats and holds none in 2025.
    let a = run(
        &board,
        &[
            "answer",
            "--id",
            ID,
            "--as",
            "fernkill",
            "--key",
            margaret.to_str().unwrap(),
            "yes",
            "--at",
            BEFORE,
        ],
    )
    .code(2);
    assert!(
        stderr(&a).contains("`fernkill` is not entitled to answer"),
        "{}",
        stderr(&a)
    );
    answer(&board, "stonebridge", "yes");
    let a = answer_at(&board, "stonebridge", "no", BEFORE).code(2);
    assert!(
        stderr(&a).contains("already exists: an answer is final"),
        "{}",
        stderr(&a)
    );
    assert!(!answers_dir(&board).join("verplanck-falls.toml").exists());
}

#[test]
fn status_says_why_each_refused_answer_is_refused() {
    let (_t, board) = board_with(None);
    answer(&board, "stonebridge", "yes");
    answer(&board, "verplanck-falls", "yes");
    answer(&board, "oakwood-crossing", "no");
    // Late: written with a warning, refused by status.
    let a = answer_at(&board, "maple-hollow", "yes", AFTER).success();
    assert!(stderr(&a).contains("refused as late"), "{}", stderr(&a));
    // Unsigned: the signature removed.
    answer(&board, "bramblekill", "yes");
    fs::remove_file(answers_dir(&board).join("bramblekill.toml.sig")).unwrap();
    // Wrong key: roosekill's answer signed with stonebridge's delegate key.
    answer(&board, "roosekill", "yes");
    fs::copy(
        answers_dir(&board).join("stonebridge.toml.sig"),
        answers_dir(&board).join("roosekill.toml.sig"),
    )
    .unwrap();
    // Not entitled: an answer filed for a member with no seat.
    let text = fs::read_to_string(answers_dir(&board).join("oakwood-crossing.toml"))
        .unwrap()
        .replace("oakwood-crossing", "fernkill");
    fs::write(answers_dir(&board).join("fernkill.toml"), text).unwrap();
    let s = status(&board, AFTER);
    let reason = |m: &str| {
        s["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["member"] == m)
            .map(|a| {
                (
                    a["valid"].as_bool().unwrap(),
                    a["reason"].as_str().unwrap_or("").to_string(),
                )
            })
            .unwrap()
    };
    assert_eq!(reason("stonebridge"), (true, String::new()));
    assert!(
        reason("maple-hollow").1.starts_with("after the deadline"),
        "{:?}",
        reason("maple-hollow")
    );
    assert!(
        reason("bramblekill").1.starts_with("unsigned"),
        "{:?}",
        reason("bramblekill")
    );
    assert!(
        reason("roosekill").1.starts_with("wrong signature"),
        "{:?}",
        reason("roosekill")
    );
    assert!(
        reason("fernkill").1.starts_with("not entitled"),
        "{:?}",
        reason("fernkill")
    );
    assert_eq!(s["state"], "awaiting close");
    // Running tally by head and weight over the three valid answers: 6 yes, 2 no of 21.
    assert_eq!(s["count"]["tally"]["yes"], "6");
    assert_eq!(s["count"]["tally"]["no"], "2");
    assert_eq!(s["count"]["tally"]["heads_yes"], 2);
    assert_eq!(s["weight_answered"], "8");
    assert_eq!(s["weight_total"], "21");
    // 8 of 21 is less than half: no quorum (min_answer_weight_share = 0.5).
    assert_eq!(s["count"]["outcome"], "no_quorum");
    // The text form names the same refusals.
    let out = run(&board, &["status", "--at", AFTER]).success();
    let text = stdout(&out);
    assert!(
        text.contains("refused roosekill") && text.contains("needed:"),
        "{text}"
    );
}

// ---- rule variants ----------------------------------------------------------------------------

fn outcome_after(board: &Path) -> (String, String) {
    let a = close_at(board, AFTER).success();
    let r = fs::read_to_string(board.join("written").join(ID).join("result.toml")).unwrap();
    let v: toml::Value = toml::from_str(&r).unwrap();
    let _ = a;
    (
        v["outcome"].as_str().unwrap().to_string(),
        v["explanation"].as_str().unwrap().to_string(),
    )
}

#[test]
fn decision_rule_counts_the_kinds_own_rule_over_the_answers() {
    let (_t, board) = board_with(None);
    for (m, w) in [
        ("stonebridge", "yes"),
        ("verplanck-falls", "yes"),
        ("oakwood-crossing", "no"),
        ("maple-hollow", "yes"),
        ("bramblekill", "abstain"),
    ] {
        answer(&board, m, w);
    }
    let (o, e) = outcome_after(&board);
    assert_eq!(o, "carried");
    // The same words as `procboard tally`.
    assert!(
        e.starts_with("carried: majority of votes cast: yes 8 of 10 weight cast (80 %)"),
        "{e}"
    );
    assert!(e.contains("quorum met: 12 of 21 weight present"), "{e}");
    let (code, out) = verify(&board);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn the_kinds_quorum_applies_without_a_share_of_answers() {
    // procedural: more than half the weight (the default rule); 8 of 21 is not enough.
    let (_t, board) = board_with(Some("kinds = [\"procedural\"]"));
    answer(&board, "stonebridge", "yes");
    answer(&board, "verplanck-falls", "yes");
    answer(&board, "oakwood-crossing", "yes");
    let (o, e) = outcome_after(&board);
    assert_eq!(o, "no_quorum", "{e}");
}

#[test]
fn a_share_of_weight_that_must_answer() {
    let (_t, board) = board_with(Some("min_answer_weight_share = 0.25"));
    answer(&board, "stonebridge", "yes");
    answer(&board, "verplanck-falls", "no");
    answer(&board, "bramblekill", "yes");
    // 8 of 21 answered: at least a quarter.
    let (o, e) = outcome_after(&board);
    assert_eq!(o, "carried", "{e}");
    assert!(e.contains("needs at least 25 %"), "{e}");
    let (_t, board) = board_with(Some("min_answer_weight_share = 0.5"));
    answer(&board, "stonebridge", "yes");
    answer(&board, "verplanck-falls", "yes");
    let (o, _) = outcome_after(&board);
    assert_eq!(o, "no_quorum");
}

#[test]
fn unanimity_of_those_answering() {
    let rules = "decide_by = \"unanimity\"\nmin_answer_weight_share = 0.25";
    let (_t, board) = board_with(Some(rules));
    answer(&board, "stonebridge", "yes");
    answer(&board, "verplanck-falls", "yes");
    answer(&board, "bramblekill", "abstain");
    let (o, e) = outcome_after(&board);
    assert_eq!(o, "carried", "{e}");
    assert!(e.starts_with("Unanimity of those answering"), "{e}");
    let (_t, board) = board_with(Some(rules));
    answer(&board, "stonebridge", "yes");
    answer(&board, "verplanck-falls", "yes");
    answer(&board, "maple-hollow", "yes");
    answer(&board, "bramblekill", "no");
    let (o, e) = outcome_after(&board);
    assert_eq!(o, "failed", "{e}");
}

#[test]
fn one_objection_stops_it_or_counts_as_an_abstention() {
    let (_t, board) = board_with(None);
    for (m, w) in [
        ("stonebridge", "yes"),
        ("verplanck-falls", "yes"),
        ("roosekill", "yes"),
        ("bramblekill", "object"),
    ] {
        answer(&board, m, w);
    }
    let s = status(&board, BEFORE);
    assert_eq!(s["count"]["outcome"], "stopped");
    assert!(
        s["needed"]
            .as_str()
            .unwrap()
            .contains("stopped by an objection")
    );
    let (o, e) = outcome_after(&board);
    assert_eq!(o, "stopped");
    assert!(e.contains("`bramblekill` objected"), "{e}");
    let (_t, board) = board_with(Some("objection_stops = false"));
    for (m, w) in [
        ("stonebridge", "yes"),
        ("verplanck-falls", "yes"),
        ("roosekill", "yes"),
        ("bramblekill", "object"),
    ] {
        answer(&board, m, w);
    }
    let (o, e) = outcome_after(&board);
    assert_eq!(o, "carried", "{e}");
    assert!(e.contains("abstentions (2) not counted"), "{e}");
}

#[test]
fn closing_early_only_when_allowed_and_settled() {
    // Not allowed: refused before the deadline, whatever the answers.
    let (_t, board) = board_with(Some(
        "objection_stops = false\nmin_answer_weight_share = 0.5",
    ));
    let a = close_at(&board, BEFORE).code(2);
    assert!(
        stderr(&a).contains("does not allow closing early"),
        "{}",
        stderr(&a)
    );
    // Allowed, but the outcome can still change.
    let (_t, board) = board_with(Some(
        "objection_stops = false\nclose_early = true\nmin_answer_weight_share = 0.5",
    ));
    answer(&board, "stonebridge", "yes");
    let a = close_at(&board, BEFORE).code(2);
    assert!(
        stderr(&a).contains("the outcome can still change"),
        "{}",
        stderr(&a)
    );
    // Allowed and settled: 15 of 21 yes carries whatever the 6 silent weight answers.
    for m in [
        "verplanck-falls",
        "roosekill",
        "oakwood-crossing",
        "maple-hollow",
        "bramblekill",
    ] {
        answer(&board, m, "yes");
    }
    assert_eq!(status(&board, BEFORE)["settled"], true);
    close_at(&board, BEFORE).success();
    let r = fs::read_to_string(board.join("written").join(ID).join("result.toml")).unwrap();
    assert!(
        r.contains("early = true") && r.contains("outcome = \"carried\""),
        "{r}"
    );
    let (code, out) = verify(&board);
    assert_eq!(code, 0, "{out}");
    // Closed: no more answers, no second close.
    let a = close_at(&board, AFTER).code(2);
    assert!(stderr(&a).contains("already closed"));
}

// ---- tampering --------------------------------------------------------------------------------

/// A closed procedure, carried: five valid answers and one late one.
fn closed_board() -> (tempfile::TempDir, PathBuf) {
    let (t, board) = board_with(None);
    for (m, w) in [
        ("stonebridge", "yes"),
        ("verplanck-falls", "yes"),
        ("oakwood-crossing", "no"),
        ("maple-hollow", "yes"),
        ("bramblekill", "abstain"),
    ] {
        answer(&board, m, w);
    }
    answer_at(&board, "roosekill", "no", AFTER).success();
    close_at(&board, AFTER).success();
    let (code, out) = verify(&board);
    assert_eq!(code, 0, "{out}");
    (t, board)
}

fn expect_failure(board: &Path, file: &str, what: &str) {
    let (code, out) = verify(board);
    assert_eq!(code, 1, "{out}");
    let line = format!("FAIL written/{ID}/{file}");
    assert!(
        out.lines().any(|l| l.contains(&line) && l.contains(what)),
        "expected `{line}` with `{what}`:\n{out}"
    );
}

#[test]
fn tamper_an_edited_proposal() {
    let (_t, board) = closed_board();
    let p = board.join("written").join(ID).join("proposal.toml");
    let text = fs::read_to_string(&p)
        .unwrap()
        .replace("by one month", "by one year");
    fs::write(&p, text).unwrap();
    expect_failure(
        &board,
        "proposal.toml.sig",
        "proposal.toml or its signature was changed",
    );
}

#[test]
fn tamper_a_swapped_answer() {
    let (_t, board) = closed_board();
    let d = answers_dir(&board);
    fs::copy(d.join("oakwood-crossing.toml"), d.join("stonebridge.toml")).unwrap();
    fs::copy(
        d.join("oakwood-crossing.toml.sig"),
        d.join("stonebridge.toml.sig"),
    )
    .unwrap();
    expect_failure(&board, "answers/stonebridge.toml", "changed after close");
    expect_failure(&board, "answers/stonebridge.toml", "");
    let (_, out) = verify(&board);
    assert!(
        out.contains(
            "swapped: it is filed as the answer of `stonebridge` but answers for `oakwood-crossing`"
        ),
        "{out}"
    );
}

#[test]
fn tamper_an_answer_signed_by_another_members_key() {
    let (_t, board) = board_with(None);
    answer(&board, "stonebridge", "yes");
    // Re-sign verplanck-falls's answer with Margaret Van Wyck's key (open procedure).
    answer(&board, "verplanck-falls", "no");
    let d = answers_dir(&board);
    sign_with(&key(&board, "stonebridge"), &d.join("verplanck-falls.toml"));
    expect_failure(&board, "answers/verplanck-falls.toml", "wrong signature");
    let (_, out) = verify(&board);
    assert!(out.contains("thomas.keane@stonebridge.example"), "{out}");
}

/// Signs `file` with `key` under written@procboard as `ssh-keygen -Y sign` does, replacing
/// `<file>.sig`.
fn sign_with(key: &Path, file: &Path) {
    let k = ssh_key::PrivateKey::read_openssh_file(key).unwrap();
    let sig = k
        .sign(
            "written@procboard",
            ssh_key::HashAlg::Sha512,
            &fs::read(file).unwrap(),
        )
        .unwrap();
    let mut s = file.as_os_str().to_owned();
    s.push(".sig");
    fs::write(
        PathBuf::from(s),
        sig.to_pem(ssh_key::LineEnding::LF).unwrap(),
    )
    .unwrap();
}

#[test]
fn tamper_an_answer_after_the_deadline_counted() {
    let (_t, board) = closed_board();
    // The result is re-made to count bramblekill's late answer (and re-signed by the secretary):
    // the answer is still late.
    let r = board.join("written").join(ID).join("result.toml");
    let text = fs::read_to_string(&r).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    let refused = &v["refused"].as_array().unwrap()[0];
    let counted = format!(
        "\n[[counted]]\nmember = \"roosekill\"\nanswer = \"no\"\nfile = \"{}\"\nsha256 = \"{}\"\n",
        refused["file"].as_str().unwrap(),
        refused["sha256"].as_str().unwrap()
    );
    let i = text.find("\n[[refused]]").unwrap();
    fs::write(&r, format!("{}{counted}", &text[..i])).unwrap();
    sign_with(&secretary(&board), &r);
    expect_failure(&board, "answers/roosekill.toml", "is counted in");
    let (_, out) = verify(&board);
    assert!(out.contains("after the deadline"), "{out}");
}

#[test]
fn tamper_a_removed_answer_counted_in_the_result() {
    let (_t, board) = closed_board();
    fs::remove_file(answers_dir(&board).join("maple-hollow.toml")).unwrap();
    fs::remove_file(answers_dir(&board).join("maple-hollow.toml.sig")).unwrap();
    expect_failure(&board, "answers/maple-hollow.toml", "is missing, but");
}

#[test]
fn tamper_a_changed_answer_after_close() {
    let (_t, board) = closed_board();
    let f = answers_dir(&board).join("oakwood-crossing.toml");
    let text = fs::read_to_string(&f)
        .unwrap()
        .replace("answer = \"no\"", "answer = \"yes\"");
    fs::write(&f, text).unwrap();
    // Re-signed by its own member: the signature holds, the hash the result counted does not.
    sign_with(&key(&board, "oakwood-crossing"), &f);
    expect_failure(
        &board,
        "answers/oakwood-crossing.toml",
        "changed after close",
    );
}

#[test]
fn tamper_an_answer_added_after_close_and_an_edited_result() {
    let (_t, board) = closed_board();
    let f = answers_dir(&board).join("hendrick-falls.toml");
    let text = fs::read_to_string(answers_dir(&board).join("stonebridge.toml"))
        .unwrap()
        .replace("stonebridge", "hendrick-falls");
    fs::write(&f, text).unwrap();
    sign_with(&key(&board, "stonebridge"), &f);
    expect_failure(
        &board,
        "answers/hendrick-falls.toml",
        "was added after the procedure closed",
    );
    let r = board.join("written").join(ID).join("result.toml");
    let text = fs::read_to_string(&r)
        .unwrap()
        .replace("outcome = \"carried\"", "outcome = \"failed\"");
    fs::write(&r, text).unwrap();
    expect_failure(
        &board,
        "result.toml.sig",
        "result.toml or its signature was changed",
    );
}

// ---- ssh-keygen alone ------------------------------------------------------------------------

/// Each signature of the bundled procedure verifies with the commands docs/written-procedure.md
/// gives (`minutes verify --stranger` prints them), run by `ssh-keygen` alone from the board folder.
#[test]
fn ssh_keygen_verifies_every_signature_alone() {
    if !tools::require("ssh-keygen", "apt-get install openssh-client") {
        return;
    }
    let (_t, board) = scratch_board("river-valley");
    let out = procboard()
        .args(["minutes", "verify", "--stranger"])
        .arg(&board)
        .assert()
        .success();
    let cmds: Vec<String> = stdout(&out)
        .lines()
        .filter(|l| l.starts_with("ssh-keygen -Y verify") && l.contains("written@procboard"))
        .map(str::to_string)
        .collect();
    // The proposal, five answers counted and the result.
    assert_eq!(cmds.len(), 7, "{cmds:?}");
    let doc = fs::read_to_string(repo("docs/written-procedure.md")).unwrap();
    for c in &cmds {
        assert!(
            doc.contains(c.as_str()),
            "docs/written-procedure.md lacks `{c}`"
        );
        let ok = Command::new("sh")
            .arg("-c")
            .arg(c)
            .current_dir(&board)
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{c}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        // Changed bytes fail.
        let (file, _) = c
            .rsplit_once(" < ")
            .map(|(a, f)| (f.to_string(), a))
            .unwrap();
        let tampered = board.join("tampered");
        let mut bytes = fs::read(board.join(&file)).unwrap();
        bytes.push(b'\n');
        fs::write(&tampered, bytes).unwrap();
        let bad = c.replace(&format!(" < {file}"), " < tampered");
        let no = Command::new("sh")
            .arg("-c")
            .arg(&bad)
            .current_dir(&board)
            .output()
            .unwrap();
        assert!(!no.status.success(), "{bad} accepted changed bytes");
    }
}

// ---- the minutes of the next meeting ---------------------------------------------------------

#[test]
fn the_next_regular_meetings_minutes_list_the_procedure() {
    let (_t, board) = scratch_board("river-valley");
    // Between the January and February meetings.
    open_on(
        &board,
        (
            "2025-01-snow",
            "procedural",
            "2025-01-27T17:00",
            "secretary",
        ),
        &secretary(&board),
        "2025-01-20T14:00:00Z",
    )
    .success();
    for (m, w) in [
        ("stonebridge", "yes"),
        ("verplanck-falls", "yes"),
        ("oakwood-crossing", "yes"),
        ("maple-hollow", "yes"),
        ("bramblekill", "no"),
    ] {
        let k = key(&board, m);
        run(
            &board,
            &[
                "answer",
                "--id",
                "2025-01-snow",
                "--as",
                m,
                "--key",
                k.to_str().unwrap(),
                w,
                "--at",
                "2025-01-22T12:00:00Z",
            ],
        )
        .success();
    }
    let k = secretary(&board);
    run(
        &board,
        &[
            "close",
            "--id",
            "2025-01-snow",
            "--as",
            "secretary",
            "--key",
            k.to_str().unwrap(),
            "--at",
            "2025-01-28T12:00:00Z",
        ],
    )
    .success();
    let dir = board.join("meetings/2025-02-regular");
    let events =
        fs::read_to_string(repo("tests/fixtures/minutes/rv-2025-02-regular.jsonl")).unwrap();
    procboard()
        .args([
            "meeting",
            dir.to_str().unwrap(),
            "record",
            "--by",
            "Diane Marchetti",
        ])
        .write_stdin(events)
        .assert()
        .success();
    procboard()
        .args(["minutes", "render"])
        .arg(&dir)
        .assert()
        .success();
    let md = fs::read_to_string(dir.join("minutes.md")).unwrap();
    assert!(
        md.contains("## Decisions taken by written procedure since the previous meeting"),
        "{md}"
    );
    assert!(md.contains("- `2025-01-snow` (procedural), closed"), "{md}");
    assert!(
        md.contains("**carried**. carried: majority of votes cast"),
        "{md}"
    );
    // The bundled April procedure closed after February: not listed.
    assert!(!md.contains(BUNDLED), "{md}");
}

// ---- archive and two clones ------------------------------------------------------------------

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn archive_refuses_to_lose_a_closed_procedures_files() {
    if !tools::require("git", "apt-get install git") {
        return;
    }
    let (_t, board) = scratch_board("river-valley");
    git(&board, &["init", "-q", "-b", "main"]);
    git(&board, &["add", "-A"]);
    git(&board, &["commit", "-q", "-m", "board"]);
    let d = board.join("written").join(BUNDLED).join("answers");
    fs::remove_file(d.join("stonebridge.toml")).unwrap();
    let a = procboard().arg("archive").arg(&board).assert().code(2);
    let err = stderr(&a);
    assert!(
        err.contains(&format!("written/{BUNDLED}/answers/stonebridge.toml: a committed file of a written procedure would be deleted")),
        "{err}"
    );
    git(&board, &["checkout", "-q", "HEAD", "--", "."]);
    let r = board.join("written").join(BUNDLED).join("result.toml.sig");
    fs::write(&r, "x").unwrap();
    let a = procboard().arg("archive").arg(&board).assert().code(2);
    assert!(
        stderr(&a)
            .contains("result.toml.sig: a committed file of a written procedure would be changed"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn the_whole_flow_across_two_clones() {
    if !tools::require("git", "apt-get install git") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (_t, src) = scratch_board("river-valley");
    let origin = tmp.path().join("origin.git");
    let seed = tmp.path().join("seed");
    common::copy_dir(&src, &seed);
    git(&seed, &["init", "-q", "-b", "main"]);
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "-q", "-m", "board"]);
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--bare",
            seed.to_str().unwrap(),
            origin.to_str().unwrap(),
        ],
    );
    let secretary_clone = tmp.path().join("secretary");
    let member_clone = tmp.path().join("member");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            origin.to_str().unwrap(),
            secretary_clone.to_str().unwrap(),
        ],
    );
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            origin.to_str().unwrap(),
            member_clone.to_str().unwrap(),
        ],
    );
    // Launch in one clone, archive (commit) and push.
    open(&secretary_clone);
    procboard()
        .args(["archive", "--push"])
        .arg(&secretary_clone)
        .assert()
        .success();
    // Answer in the other, after a pull; each answer committed and pushed.
    git(&member_clone, &["pull", "-q"]);
    for (m, w) in [
        ("stonebridge", "yes"),
        ("verplanck-falls", "yes"),
        ("oakwood-crossing", "no"),
        ("maple-hollow", "yes"),
        ("bramblekill", "abstain"),
    ] {
        answer(&member_clone, m, w);
    }
    procboard()
        .args(["archive", "--push"])
        .arg(&member_clone)
        .assert()
        .success();
    // Pull in the first clone, close after the deadline, verify.
    git(&secretary_clone, &["pull", "-q"]);
    let s = status(&secretary_clone, AFTER);
    assert_eq!(s["answers"].as_array().unwrap().len(), 5);
    close_at(&secretary_clone, AFTER).success();
    procboard()
        .args(["archive", "--push"])
        .arg(&secretary_clone)
        .assert()
        .success();
    git(&member_clone, &["pull", "-q"]);
    let (code, out) = verify(&member_clone);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "written/{ID}  procedural procedure, closed: carried"
        )),
        "{out}"
    );
    let log = git(&member_clone, &["log", "--format=%s"]);
    assert!(log.contains(&format!("written/{ID}")), "{log}");
}
