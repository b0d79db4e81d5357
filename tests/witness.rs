//! Witness statements (`procboard witness`) and their check in `minutes verify`: a record that a
//! member witnessed and that changed afterwards fails, naming the file, the witness and the date;
//! a journal that grew and a new meeting do not.

mod common;
use common::{procboard, scratch_board};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::Digest;
use ssh_key::{HashAlg, LineEnding, PrivateKey};

const APRIL: &str = "meetings/2025-04-regular";
const STATEMENT: &str = "witness/2025-04-20-heerbeek.toml";
const MARIEKE: &str = "marieke.janssen@heerbeek.example";

fn key(dir: &Path, name: &str, seed: u8) -> (PathBuf, String) {
    let sk = PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[seed; 32]));
    let path = dir.join(name);
    fs::write(&path, sk.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    (path, sk.public_key().to_openssh().unwrap())
}

/// A scratch Euregio board where Marieke Janssen (heerbeek's delegate) and Joost Hermans
/// (maasveld's) may sign witness statements; the earlier allowed_signers, which the April minutes
/// cite, is kept in allowed_signers.d/.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let (tmp, board) = scratch_board("euregio-energy");
    let (marieke, m_pub) = key(tmp.path(), "marieke", 21);
    let (joost, j_pub) = key(tmp.path(), "joost", 22);
    fs::create_dir_all(board.join("allowed_signers.d")).unwrap();
    fs::copy(
        board.join("allowed_signers"),
        board.join("allowed_signers.d/2025"),
    )
    .unwrap();
    let mut signers = fs::read_to_string(board.join("allowed_signers")).unwrap();
    signers.push_str(&format!(
        "{MARIEKE} namespaces=\"witness@procboard\",valid-after=\"20250101\" {m_pub}\njoost.hermans@maasveld.example namespaces=\"witness@procboard\" {j_pub}\n"
    ));
    fs::write(board.join("allowed_signers"), signers).unwrap();
    let mut toml = fs::read_to_string(board.join("board.toml")).unwrap();
    toml.push_str(&format!(
        "\"Marieke Janssen\" = \"{MARIEKE}\"\n\"Joost Hermans\" = \"joost.hermans@maasveld.example\"\n"
    ));
    fs::write(board.join("board.toml"), toml).unwrap();
    (tmp, board, marieke, joost)
}

fn witness(board: &Path, member: &str, key: &Path, at: &str) -> assert_cmd::assert::Assert {
    procboard()
        .arg("witness")
        .arg(board)
        .args(["--as", member, "--key"])
        .arg(key)
        .args(["--at", at])
        .assert()
}

/// `minutes verify`: exit code and standard output.
fn verify(board: &Path) -> (i32, String) {
    let out = procboard()
        .args(["minutes", "verify"])
        .arg(board)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// The board witnessed by heerbeek on 20 April 2025.
fn witnessed() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let (tmp, board, marieke, joost) = setup();
    witness(&board, "heerbeek", &marieke, "2025-04-20T10:00:00Z")
        .success()
        .stdout(predicates::str::contains(format!("{STATEMENT}.sig")))
        .stdout(predicates::str::contains("commit and push them"));
    (tmp, board, marieke, joost)
}

fn sign_raw(file: &Path, namespace: &str, key: &Path, sig: &Path) {
    let sk = PrivateKey::read_openssh_file(key).unwrap();
    let bytes = fs::read(file).unwrap();
    let s = sk.sign(namespace, HashAlg::Sha512, &bytes).unwrap();
    fs::write(sig, s.to_pem(LineEnding::LF).unwrap()).unwrap();
}

#[test]
fn a_witnessed_archive_verifies_and_names_the_statement() {
    let (_tmp, board, _, _) = witnessed();
    let text = fs::read_to_string(board.join(STATEMENT)).unwrap();
    for want in [
        "format = \"procboard-witness/1\"",
        "member = \"heerbeek\"",
        "person = \"Marieke Janssen\"",
        "at = \"2025-04-20T10:00:00Z\"",
        "\"meetings/2025-04-regular/journal.jsonl\" = { lines = 33, sha256 = ",
        "\"meetings/2025-04-regular/minutes.md.chair.sig\" = ",
        "\"meetings/2025-04-regular/minutes.json\" = ",
    ] {
        assert!(text.contains(want), "{want} in:\n{text}");
    }
    let (code, out) = verify(&board);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("witness  ok   {STATEMENT}: Marieke Janssen ({MARIEKE}) for heerbeek at 2025-04-20T10:00:00Z: 1 meeting, 5 files as witnessed")), "{out}");
    assert!(!out.contains("warning"), "{out}");
}

#[test]
fn witnessing_refuses_another_members_key_and_a_broken_archive() {
    let (_tmp, board, marieke, joost) = setup();
    witness(&board, "heerbeek", &joost, "2025-04-20T10:00:00Z")
        .code(2)
        .stderr(predicates::str::contains(
            "who is not a delegate or alternate of `heerbeek`",
        ));
    // Marieke's key is valid only from 2025.
    witness(&board, "heerbeek", &marieke, "2024-12-31T10:00:00Z")
        .code(2)
        .stderr(predicates::str::contains("the key is valid only after"));
    // Before the April meeting adjourned (12:48 UTC).
    witness(&board, "heerbeek", &marieke, "2025-04-15T12:30:00Z")
        .code(2)
        .stderr(predicates::str::contains(
            "is before the last act recorded in meeting 2025-04-regular (2025-04-15T12:48:00Z)",
        ));
    fs::remove_file(board.join(APRIL).join("minutes.md.chair.sig")).unwrap();
    fs::write(board.join(APRIL).join("minutes.md"), "forged").unwrap();
    witness(&board, "heerbeek", &marieke, "2025-04-20T10:00:00Z")
        .code(2)
        .stderr(predicates::str::contains("refused to witness"));
    assert!(!board.join("witness").exists());
}

#[test]
fn minutes_rewritten_and_signed_again_by_the_officers_fail() {
    let (_tmp, board, _, _) = witnessed();
    let md = board.join(APRIL).join("minutes.md");
    let text = fs::read_to_string(&md).unwrap();
    assert!(text.contains("yes 93 of 100"));
    fs::write(&md, text.replace("yes 93 of 100", "yes 39 of 100")).unwrap();
    for (role, person) in [
        ("secretary", "ine-vanderheyden"),
        ("chair", "els-vandenbroucke"),
    ] {
        sign_raw(
            &md,
            "minutes@procboard",
            &board.join(format!("demo-keys/DEMO-{person}")),
            &board.join(APRIL).join(format!("minutes.md.{role}.sig")),
        );
    }
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL meetings/2025-04-regular/minutes.md: SHA-256 "),
        "{out}"
    );
    assert!(out.contains("as witnessed by Marieke Janssen for heerbeek on 2025-04-20T10:00:00Z (witness/2025-04-20-heerbeek.toml): a witnessed record was rewritten"), "{out}");
    // The signatures changed too, and are named.
    assert!(
        out.contains("FAIL meetings/2025-04-regular/minutes.md.chair.sig: SHA-256 "),
        "{out}"
    );
    // Without the witness, the forgery verifies: the witness is what shows it.
    fs::remove_dir_all(board.join("witness")).unwrap();
    let (code, out) = verify(&board);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_removed_signature_fails() {
    let (_tmp, board, _, _) = witnessed();
    fs::remove_file(board.join(APRIL).join("minutes.md.chair.sig")).unwrap();
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL meetings/2025-04-regular/minutes.md.chair.sig: is missing, but it was witnessed by Marieke Janssen for heerbeek on 2025-04-20T10:00:00Z"), "{out}");
}

#[test]
fn a_rewritten_or_cut_journal_fails() {
    let (_tmp, board, _, _) = witnessed();
    let journal = board.join(APRIL).join("journal.jsonl");
    let original = fs::read_to_string(&journal).unwrap();
    fs::write(&journal, original.replace("12:48:00Z", "12:49:00Z")).unwrap();
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "FAIL meetings/2025-04-regular/journal.jsonl: its first 33 lines have SHA-256 "
        ),
        "{out}"
    );
    assert!(out.contains("as witnessed by Marieke Janssen for heerbeek on 2025-04-20T10:00:00Z (witness/2025-04-20-heerbeek.toml): the journal was rewritten"), "{out}");
    // Cut: the last line dropped.
    let cut: String = original
        .lines()
        .take(32)
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&journal, cut).unwrap();
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL meetings/2025-04-regular/journal.jsonl: has fewer than the 33 lines witnessed by Marieke Janssen"), "{out}");
    // The last archive commit dropped: the record is gone, the agenda stays. Every witnessed
    // file is named.
    for f in fs::read_dir(board.join(APRIL)).unwrap() {
        let f = f.unwrap().path();
        if !f.ends_with("agenda.toml") {
            fs::remove_file(f).unwrap();
        }
    }
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL meetings/2025-04-regular/minutes.md: is missing, but it was witnessed"),
        "{out}"
    );
}

#[test]
fn an_edited_statement_or_one_signed_by_another_member_fails() {
    let (_tmp, board, _, joost) = witnessed();
    let statement = board.join(STATEMENT);
    let sig = board.join(format!("{STATEMENT}.sig"));
    let text = fs::read_to_string(&statement).unwrap();
    // Edited to match a forged minutes.md.
    fs::write(&statement, text.replacen("lines = 33", "lines = 32", 1)).unwrap();
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("FAIL {STATEMENT}: its signature {STATEMENT}.sig is refused (the signature does not verify: the statement or its signature was changed")), "{out}");
    // Signed again, by maasveld's delegate, in heerbeek's name.
    fs::write(&statement, &text).unwrap();
    sign_raw(&statement, "witness@procboard", &joost, &sig);
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("FAIL {STATEMENT}: its signature {STATEMENT}.sig is refused (signed by `joost.hermans@maasveld.example` (Joost Hermans), who is not a delegate or alternate of `heerbeek`")), "{out}");
    // No signature at all.
    fs::remove_file(&sig).unwrap();
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("FAIL {STATEMENT}: has no signature")),
        "{out}"
    );
}

/// The June meeting of the docs (docs/minutes.md), in two parts: the roll call, then the rest.
const JUNE_OPENING: &str = r#"{"at":"2025-06-17T12:01:00Z","type":"meeting_opened"}
{"at":"2025-06-17T12:01:00Z","type":"item_opened","item":"1"}
{"at":"2025-06-17T12:02:00Z","type":"attendance","member":"bilzenrode","status":"present"}
{"at":"2025-06-17T12:02:00Z","type":"attendance","member":"heerbeek","status":"present"}
{"at":"2025-06-17T12:02:00Z","type":"attendance","member":"maasveld","status":"present"}
{"at":"2025-06-17T12:02:00Z","type":"attendance","member":"tongermaal","status":"present"}
{"at":"2025-06-17T12:02:00Z","type":"attendance","member":"vaalsbroek","status":"excused"}
"#;
const JUNE_REST: &str = r#"{"at":"2025-06-17T12:04:00Z","type":"item_closed","item":"1"}
{"at":"2025-06-17T12:04:00Z","type":"item_opened","item":"2"}
{"at":"2025-06-17T12:05:00Z","type":"motion_moved","motion":"m1","item":"2","text":"Approve the minutes of the regular meeting of 15 April 2025 as circulated.","mover":"heerbeek"}
{"at":"2025-06-17T12:05:00Z","type":"motion_seconded","motion":"m1","seconder":"maasveld"}
{"at":"2025-06-17T12:06:00Z","type":"question_put","motion":"m1"}
{"at":"2025-06-17T12:06:00Z","type":"vote_cast","motion":"m1","member":"bilzenrode","vote":"yes"}
{"at":"2025-06-17T12:06:00Z","type":"vote_cast","motion":"m1","member":"heerbeek","vote":"yes"}
{"at":"2025-06-17T12:06:00Z","type":"vote_cast","motion":"m1","member":"maasveld","vote":"yes"}
{"at":"2025-06-17T12:06:00Z","type":"vote_cast","motion":"m1","member":"tongermaal","vote":"yes"}
{"at":"2025-06-17T12:07:00Z","type":"vote_closed","motion":"m1"}
{"at":"2025-06-17T12:07:00Z","type":"item_closed","item":"2"}
{"at":"2025-06-17T12:08:00Z","type":"adjourned"}
"#;

fn record(meeting: &Path, events: &str) {
    procboard()
        .arg("meeting")
        .arg(meeting)
        .args(["record", "--by", "Ine Vanderheyden"])
        .write_stdin(events)
        .assert()
        .success();
}

#[test]
fn a_grown_journal_and_a_new_meeting_still_verify() {
    let (_tmp, board, marieke, _) = witnessed();
    let june = board.join("meetings/2025-06-regular");
    record(&june, JUNE_OPENING);
    // Witnessed in session: June's journal has 7 lines.
    witness(&board, "heerbeek", &marieke, "2025-06-17T12:03:00Z").success();
    let mid = fs::read_to_string(board.join("witness/2025-06-17-heerbeek.toml")).unwrap();
    assert!(
        mid.contains("\"meetings/2025-06-regular/journal.jsonl\" = { lines = 7,"),
        "{mid}"
    );
    record(&june, JUNE_REST);
    procboard()
        .args(["minutes", "render"])
        .arg(&june)
        .assert()
        .success();
    for (role, person) in [
        ("secretary", "ine-vanderheyden"),
        ("chair", "els-vandenbroucke"),
    ] {
        procboard()
            .args(["minutes", "sign"])
            .arg(&june)
            .args(["--as", role, "--key"])
            .arg(board.join(format!("demo-keys/DEMO-{person}")))
            .assert()
            .success();
    }
    let (code, out) = verify(&board);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("witness  ok   witness/2025-06-17-heerbeek.toml"),
        "{out}"
    );
    // The newest meeting adjourned after every statement: a warning, not a failure.
    assert!(out.contains("witness  warning: the newest meeting, 2025-06-regular (adjourned 2025-06-17T12:08:00Z), has no witness statement that holds since then"), "{out}");
    // A second statement the same day gets its own file; the warning goes.
    witness(&board, "heerbeek", &marieke, "2025-06-17T18:00:00Z").success();
    assert!(board.join("witness/2025-06-17-heerbeek-2.toml").is_file());
    let (code, out) = verify(&board);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("warning"), "{out}");
}

#[test]
fn ssh_keygen_verifies_a_statement_with_the_documented_command() {
    if !common::tools::require("ssh-keygen", "apt-get install openssh-client") {
        return;
    }
    let (_tmp, board, _, _) = witnessed();
    // docs/minutes.md: ssh-keygen -Y verify -f allowed_signers -I <principal> -n witness@procboard
    //   -s <file>.sig < <file>
    let out = Command::new("ssh-keygen")
        .current_dir(&board)
        .args(["-Y", "verify", "-f", "allowed_signers", "-I", MARIEKE])
        .args(["-n", "witness@procboard", "-s"])
        .arg(format!("{STATEMENT}.sig"))
        .stdin(fs::File::open(board.join(STATEMENT)).unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "Good \"witness@procboard\" signature for {MARIEKE}"
        )),
        "{stdout}"
    );
    // And the files with sha256sum, as the docs show.
    let script = format!(
        "sed -n '/^\\[files\\]/,$s/^\"\\(.*\\)\" = \"\\([0-9a-f]*\\)\"$/\\2  \\1/p' {STATEMENT} | sha256sum -c"
    );
    let out = Command::new("bash")
        .args(["-eo", "pipefail", "-c", &script])
        .current_dir(&board)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("meetings/2025-04-regular/minutes.md: OK"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
}

/// Records `events` in `meeting` and returns the exit code and standard error.
fn record_status(meeting: &Path, events: &str) -> (i32, String) {
    let out = procboard()
        .arg("meeting")
        .arg(meeting)
        .args(["record", "--by", "Ine Vanderheyden"])
        .write_stdin(events)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn cite(statement: &str) -> String {
    format!(
        "{{\"at\":\"2025-06-17T12:01:00Z\",\"type\":\"witness_cited\",\"statement\":\"{statement}\"}}\n"
    )
}

#[test]
fn a_cited_statement_joins_the_chain_and_its_loss_fails_verify() {
    let (_tmp, board, _, _) = witnessed();
    let june = board.join("meetings/2025-06-regular");
    record(
        &june,
        "{\"at\":\"2025-06-17T12:01:00Z\",\"type\":\"meeting_opened\"}\n",
    );
    // Refused: a path outside witness/, a statement that is not there, a wrong hash.
    for (event, want) in [
        (cite("../board.toml"), "is not a witness statement's path"),
        (
            cite("witness/2025-04-21-heerbeek.toml"),
            "is not a witness statement that holds in this archive",
        ),
        (
            format!(
                "{{\"at\":\"2025-06-17T12:01:00Z\",\"type\":\"witness_cited\",\"statement\":\"{STATEMENT}\",\"sha256\":\"{}\"}}\n",
                "0".repeat(64)
            ),
            "cite the statement as it is",
        ),
    ] {
        let (code, err) = record_status(&june, &event);
        assert_eq!(code, 2, "{event}: {err}");
        assert!(err.contains(want), "{want} in {err}");
    }
    // Cited: procboard fills in the hash from the file.
    record(&june, &cite(STATEMENT));
    let bytes = fs::read(board.join(STATEMENT)).unwrap();
    let sha = hex(&sha2::Sha256::digest(&bytes));
    let journal = fs::read_to_string(june.join("journal.jsonl")).unwrap();
    let last = journal.lines().last().unwrap();
    assert!(
        last.contains(&format!("\"sha256\":\"{sha}\"")),
        "{last} cites {sha}"
    );
    // Twice in one meeting: refused, nothing written.
    let (code, err) = record_status(&june, &cite(STATEMENT));
    assert_eq!(code, 2);
    assert!(
        err.contains("is already cited in this meeting (line 2)"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(june.join("journal.jsonl")).unwrap(),
        journal
    );
    // status lists it, in text and JSON.
    let status = procboard()
        .arg("meeting")
        .arg(&june)
        .args(["status", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["witness_cited"][0]["statement"], STATEMENT);
    assert_eq!(json["witness_cited"][0]["sha256"], sha.as_str());
    // The minutes print it, in both of the board's languages.
    record(
        &june,
        "{\"at\":\"2025-06-17T12:08:00Z\",\"type\":\"adjourned\"}\n",
    );
    procboard()
        .args(["minutes", "render"])
        .arg(&june)
        .assert()
        .success();
    let minutes = fs::read_to_string(june.join("minutes.md")).unwrap();
    assert!(
        minutes.contains(&format!(
            "14:01: witness statement `{STATEMENT}` is entered in the record (SHA-256 `{sha}`)."
        )),
        "{minutes}"
    );
    assert!(
        minutes.contains(&format!(
            "la déclaration de témoin `{STATEMENT}` est versée"
        )),
        "{minutes}"
    );
    let (code, out) = verify(&board);
    assert_eq!(code, 0, "{out}");

    // A cited statement changed, then deleted (with its signature): each fails, naming the
    // statement and the journal line that cites it.
    let mut changed = bytes.clone();
    changed.extend_from_slice(b"# edited\n");
    fs::write(board.join(STATEMENT), &changed).unwrap();
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("FAIL {STATEMENT}: SHA-256 ")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "is not {sha} as cited by meetings/2025-06-regular/journal.jsonl line 2"
        )),
        "{out}"
    );
    fs::remove_file(board.join(STATEMENT)).unwrap();
    fs::remove_file(board.join(format!("{STATEMENT}.sig"))).unwrap();
    let (code, out) = verify(&board);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "FAIL {STATEMENT}: is missing, but meetings/2025-06-regular/journal.jsonl line 2 cites it"
        )),
        "{out}"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
