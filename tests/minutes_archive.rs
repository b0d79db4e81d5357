//! `procboard archive`: the board's record committed with the user's git, refusals, `--push`.

mod common;
use common::{procboard, scratch_board};

use std::path::Path;
use std::process::Command;

/// git with a fixed identity and no user configuration (no signing, no hooks).
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn archive(board: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    procboard()
        .arg("archive")
        .arg(board)
        .args(extra)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .assert()
}

#[test]
fn a_board_in_no_repository_is_refused() {
    if !common::tools::require("git", "apt-get install git") {
        return;
    }
    let (_tmp, board) = scratch_board("euregio-energy");
    archive(&board, &[])
        .code(2)
        .stderr(predicates::str::contains("is in no git repository"));
}

#[test]
fn the_record_is_committed_and_nothing_else() {
    if !common::tools::require("git", "apt-get install git") {
        return;
    }
    let (_tmp, board) = scratch_board("euregio-energy");
    git(&board, &["init", "-q"]);
    git(&board, &["add", "board.toml"]);
    git(&board, &["commit", "-q", "-m", "the board"]);
    archive(&board, &[])
        .success()
        .stdout(predicates::str::contains("committed "))
        .stdout(predicates::str::contains(
            "meetings/2025-04-regular/minutes.md.secretary.sig",
        ));
    let files = git(&board, &["show", "--name-only", "--format=%s", "HEAD"]);
    assert!(files.starts_with("procboard archive: euregio-energy: 2025-04-regular\n"));
    for f in [
        "allowed_signers",
        ".gitattributes",
        "meetings/2025-04-regular/journal.jsonl",
        "meetings/2025-04-regular/minutes.md",
        "meetings/2025-04-regular/minutes.json",
        "meetings/2025-04-regular/minutes.md.chair.sig",
    ] {
        assert!(files.lines().any(|l| l == f), "{f} not in {files}");
    }
    assert!(!files.contains("agenda.toml"), "{files}");
    // Again: nothing new.
    archive(&board, &[])
        .success()
        .stdout("nothing to archive: the record is committed\n");
}

#[test]
fn unrelated_uncommitted_changes_are_refused() {
    if !common::tools::require("git", "apt-get install git") {
        return;
    }
    let (_tmp, board) = scratch_board("euregio-energy");
    git(&board, &["init", "-q"]);
    git(&board, &["add", "."]);
    git(&board, &["commit", "-q", "-m", "all"]);
    let toml = board.join("board.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("# an edit\n");
    std::fs::write(&toml, text).unwrap();
    archive(&board, &[])
        .code(2)
        .stderr(predicates::str::contains(
            "the repository has uncommitted changes to other files: board.toml",
        ));
}

#[test]
fn a_record_that_does_not_verify_is_not_archived() {
    if !common::tools::require("git", "apt-get install git") {
        return;
    }
    let (_tmp, board) = scratch_board("euregio-energy");
    git(&board, &["init", "-q"]);
    git(&board, &["add", "board.toml"]);
    git(&board, &["commit", "-q", "-m", "the board"]);
    let md = board.join("meetings/2025-04-regular/minutes.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, text.replace("CARRIED", "FAILED")).unwrap();
    archive(&board, &[])
        .code(2)
        .stderr(predicates::str::contains("the record does not verify"));
    assert_eq!(git(&board, &["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn push_only_when_asked() {
    if !common::tools::require("git", "apt-get install git") {
        return;
    }
    let (tmp, board) = scratch_board("euregio-energy");
    let remote = tmp.path().join("remote.git");
    git(
        tmp.path(),
        &["init", "-q", "--bare", remote.to_str().unwrap()],
    );
    git(&board, &["init", "-q", "-b", "main"]);
    git(&board, &["add", "board.toml"]);
    git(&board, &["commit", "-q", "-m", "the board"]);
    git(
        &board,
        &["remote", "add", "origin", remote.to_str().unwrap()],
    );
    git(&board, &["push", "-q", "-u", "origin", "main"]);
    archive(&board, &[]).success();
    let remote_head = git(&remote, &["rev-parse", "main"]);
    assert_ne!(remote_head, git(&board, &["rev-parse", "HEAD"]));
    let mut sig = std::fs::read_to_string(board.join("allowed_signers")).unwrap();
    sig.push_str("# a comment\n");
    std::fs::write(board.join("allowed_signers"), &sig).unwrap();
    // allowed_signers changed: the minutes' header cites the old one, so verify fails…
    archive(&board, &["--push"]).code(2);
    // … unless the old version is kept in allowed_signers.d/.
    std::fs::create_dir(board.join("allowed_signers.d")).unwrap();
    let old = git(&board, &["show", "HEAD:allowed_signers"]);
    std::fs::write(board.join("allowed_signers.d/2024"), old).unwrap();
    archive(&board, &["--push"])
        .success()
        .stdout(predicates::str::contains(", pushed"));
    assert_eq!(
        git(&remote, &["rev-parse", "main"]),
        git(&board, &["rev-parse", "HEAD"])
    );
}

// Issue 16: the archive never loses a signed record. Each test below reproduces one finding of
// the outside archivist on a scratch copy of boards/euregio-energy.

const APRIL: &str = "meetings/2025-04-regular";

/// A scratch euregio board in a git repository whose last commit holds everything (the signed
/// April meeting included): the state an archivist finds.
fn archived_board() -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    if !common::tools::require("git", "apt-get install git") {
        return None;
    }
    let (tmp, board) = scratch_board("euregio-energy");
    git(&board, &["init", "-q"]);
    git(&board, &["add", "."]);
    git(&board, &["commit", "-q", "-m", "the board and its record"]);
    Some((tmp, board))
}

fn commits(board: &Path) -> String {
    git(board, &["rev-list", "--count", "HEAD"])
        .trim()
        .to_string()
}

/// `minutes verify` on the board: (exit code, text printed).
fn verify_text(board: &Path, extra: &[&str]) -> (i32, String) {
    let out = procboard()
        .args(["minutes", "verify"])
        .arg(board)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Expects `archive` to refuse (exit 2, nothing committed) naming each of `files` on stderr.
fn expect_refused(board: &Path, files: &[&str], why: &str) {
    let before = commits(board);
    let out = archive(board, &[]).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "archive should refuse: {stderr}"
    );
    for f in files {
        assert!(stderr.contains(f), "{f} not named: {stderr}");
    }
    assert!(stderr.contains(why), "`{why}` not said: {stderr}");
    assert_eq!(commits(board), before, "nothing is committed");
}

#[test]
fn finding_1_archive_refuses_the_deletion_of_a_whole_signed_meeting() {
    let Some((_tmp, board)) = archived_board() else {
        return;
    };
    let files = [
        "journal.jsonl",
        "minutes.md",
        "minutes.json",
        "minutes.md.chair.sig",
        "minutes.md.secretary.sig",
    ];
    for f in files {
        std::fs::remove_file(board.join(APRIL).join(f)).unwrap();
    }
    let named: Vec<String> = files.iter().map(|f| format!("{APRIL}/{f}")).collect();
    let named: Vec<&str> = named.iter().map(String::as_str).collect();
    expect_refused(&board, &named, "would be deleted");
}

#[test]
fn finding_2_archive_refuses_the_deletion_of_one_signature_or_of_minutes_json() {
    let Some((_tmp, board)) = archived_board() else {
        return;
    };
    let sig = format!("{APRIL}/minutes.md.chair.sig");
    std::fs::remove_file(board.join(&sig)).unwrap();
    expect_refused(&board, &[&sig], "a committed signature would be deleted");
    git(&board, &["checkout", "HEAD", "--", &sig]);
    let json = format!("{APRIL}/minutes.json");
    std::fs::remove_file(board.join(&json)).unwrap();
    expect_refused(&board, &[&json], "would be deleted");
    // verify reports the incomplete pair too.
    let (code, text) = verify_text(&board, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains(&format!("FAIL {json}: is missing")), "{text}");
}

#[test]
fn finding_2_a_renamed_signature_is_a_deletion() {
    let Some((_tmp, board)) = archived_board() else {
        return;
    };
    let sig = format!("{APRIL}/minutes.md.secretary.sig");
    std::fs::rename(board.join(&sig), board.join(format!("{sig}.bak"))).unwrap();
    expect_refused(&board, &[&sig], "deleted (or renamed)");
}

#[test]
fn finding_4_a_flipped_byte_in_minutes_json_fails_verify_and_archive() {
    let Some((_tmp, board)) = archived_board() else {
        return;
    };
    let json = board.join(APRIL).join("minutes.json");
    let mut bytes = std::fs::read(&json).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 0x01;
    std::fs::write(&json, bytes).unwrap();
    let (code, text) = verify_text(&board, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(&format!(
            "FAIL {APRIL}/minutes.json: is not what the journal renders"
        )),
        "{text}"
    );
    expect_refused(&board, &["minutes.json"], "is not what the journal renders");
}

#[test]
fn finding_7_archive_removes_a_stale_temporary_file() {
    let Some((_tmp, board)) = archived_board() else {
        return;
    };
    let tmp = board.join(APRIL).join(".procboard-a1b2c3.tmp");
    std::fs::write(&tmp, b"half a minutes.md").unwrap();
    let (code, text) = verify_text(&board, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(".procboard-a1b2c3.tmp: is a temporary file left by an interrupted write"),
        "{text}"
    );
    archive(&board, &[])
        .success()
        .stdout("nothing to archive: the record is committed\n");
    assert!(!tmp.exists());
    assert_eq!(verify_text(&board, &[]).0, 0);
}

#[test]
fn a_changed_journal_line_is_refused_and_an_appended_one_is_not_refused_as_such() {
    let Some((_tmp, board)) = archived_board() else {
        return;
    };
    let journal = board.join(APRIL).join("journal.jsonl");
    let text = std::fs::read_to_string(&journal).unwrap();
    std::fs::write(&journal, text.replacen("\"yes\"", "\"no\"", 1)).unwrap();
    expect_refused(
        &board,
        &[&format!("{APRIL}/journal.jsonl")],
        "lines already committed would change",
    );
}

#[test]
fn finding_6_signers_add_keeps_the_version_it_replaces() {
    let Some((tmp, board)) = archived_board() else {
        return;
    };
    if !common::tools::require("ssh-keygen", "apt-get install openssh-client") {
        return;
    }
    let key = tmp.path().join("new-secretary");
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "new", "-f"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(st.success());
    let old = std::fs::read(board.join("allowed_signers")).unwrap();
    procboard()
        .args(["signers", "add"])
        .arg(&board)
        .args(["--principal", "jo@euregio-energy.example", "--key"])
        .arg(key.with_extension("pub"))
        .args(["--valid-after", "20250601"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "kept the earlier allowed_signers as",
        ));
    let kept: Vec<_> = std::fs::read_dir(board.join("allowed_signers.d"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), old);
    let new = std::fs::read_to_string(board.join("allowed_signers")).unwrap();
    assert!(new.contains("jo@euregio-energy.example namespaces=\"minutes@procboard\",valid-after=\"20250601\" ssh-ed25519 "), "{new}");
    // The signed April minutes cite the old version: they still verify, and archive commits.
    assert_eq!(verify_text(&board, &[]).0, 0);
    archive(&board, &[])
        .success()
        .stdout(predicates::str::contains("allowed_signers.d/sha256-"));
    // A bad key writes nothing.
    std::fs::write(tmp.path().join("bad.pub"), "ssh-ed25519 notbase64\n").unwrap();
    procboard()
        .args(["signers", "add"])
        .arg(&board)
        .args(["--principal", "x@example.org", "--key"])
        .arg(tmp.path().join("bad.pub"))
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_to_string(board.join("allowed_signers")).unwrap(),
        new
    );
}

#[test]
fn finding_8_the_stranger_checks_at_the_exact_utc_opening() {
    let Some((tmp, board)) = archived_board() else {
        return;
    };
    if !common::tools::require("ssh-keygen", "apt-get install openssh-client") {
        return;
    }
    let (code, text) = verify_text(&board, &["--stranger"]);
    assert_eq!(code, 0, "{text}");
    let line = text
        .lines()
        .find(|l| l.starts_with("ssh-keygen ") && l.contains("minutes.md.secretary.sig"))
        .unwrap_or_else(|| panic!("no ssh-keygen line: {text}"));
    // April's meeting opened at 12:02 UTC: the exact time, not the day.
    assert!(line.contains("-Overify-time=20250415120200Z"), "{line}");
    let run = |line: &str| {
        let out = Command::new("sh")
            .arg("-c")
            .arg(line)
            .current_dir(&board)
            .env("TZ", "UTC")
            .output()
            .unwrap();
        out.status.success()
    };
    assert!(run(line), "{line}");
    // A key that expired at 10:00 UTC that day: the day alone accepts it, the exact time
    // does not (and neither does procboard).
    let ine = std::fs::read_to_string(board.join("demo-keys/DEMO-ine-vanderheyden.pub")).unwrap();
    let key = ine.split(' ').take(2).collect::<Vec<_>>().join(" ");
    let expired = tmp.path().join("expired_signers");
    std::fs::write(
        &expired,
        format!("ine.vanderheyden@euregio-energy.example namespaces=\"minutes@procboard\",valid-before=\"20250415100000Z\" {key}\n"),
    )
    .unwrap();
    let by_day = line
        .replace("-f allowed_signers", &format!("-f {}", expired.display()))
        .replace("-Overify-time=20250415120200Z", "-Overify-time=20250415");
    let exact = line.replace("-f allowed_signers", &format!("-f {}", expired.display()));
    assert!(
        run(&by_day),
        "the day alone accepts the expired key: {by_day}"
    );
    assert!(!run(&exact), "the exact time refuses it: {exact}");
}

// The property: whatever is done at archive time to a signed, committed record is refused by
// `archive` (exit 2, nothing committed); what only adds to it is committed.

use proptest::prelude::*;

/// The April meeting's record files, and allowed_signers, which its header cites.
const RECORD: [&str; 6] = [
    "meetings/2025-04-regular/journal.jsonl",
    "meetings/2025-04-regular/minutes.md",
    "meetings/2025-04-regular/minutes.json",
    "meetings/2025-04-regular/minutes.md.chair.sig",
    "meetings/2025-04-regular/minutes.md.secretary.sig",
    "allowed_signers",
];

#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Rename(usize),
    Truncate(usize, u16),
    Flip(usize, u32),
    Swap(usize, usize),
    /// Sign the minutes again as secretary (false) or chair (true) with another key.
    Resign(bool, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let f = 0..RECORD.len();
    prop_oneof![
        f.clone().prop_map(Edit::Delete),
        f.clone().prop_map(Edit::Rename),
        (f.clone(), any::<u16>()).prop_map(|(i, n)| Edit::Truncate(i, n)),
        (f.clone(), any::<u32>()).prop_map(|(i, n)| Edit::Flip(i, n)),
        (f.clone(), f)
            .prop_filter("two files", |(a, b)| a != b)
            .prop_map(|(a, b)| Edit::Swap(a, b)),
        (any::<bool>(), 10u8..250).prop_map(|(c, s)| Edit::Resign(c, s)),
    ]
}

fn apply(board: &Path, e: &Edit) {
    let p = |i: usize| board.join(RECORD[i]);
    match *e {
        Edit::Delete(i) => {
            let _ = std::fs::remove_file(p(i));
        }
        Edit::Rename(i) => {
            let _ = std::fs::rename(p(i), p(i).with_extension("renamed"));
        }
        Edit::Truncate(i, n) => {
            if let Ok(b) = std::fs::read(p(i)) {
                let len = b.len() * n as usize / 65536;
                std::fs::write(p(i), &b[..len.min(b.len().saturating_sub(1))]).unwrap();
            }
        }
        Edit::Flip(i, n) => {
            if let Ok(mut b) = std::fs::read(p(i))
                && !b.is_empty()
            {
                let at = n as usize % b.len();
                b[at] ^= 1 << (n % 8);
                std::fs::write(p(i), b).unwrap();
            }
        }
        Edit::Swap(a, b) => {
            if let (Ok(x), Ok(y)) = (std::fs::read(p(a)), std::fs::read(p(b))) {
                std::fs::write(p(a), y).unwrap();
                std::fs::write(p(b), x).unwrap();
            }
        }
        Edit::Resign(chair, seed) => {
            use ssh_key::{HashAlg, LineEnding, PrivateKey};
            let Ok(md) = std::fs::read(p(1)) else { return };
            let sk = PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[seed; 32]));
            let sig = sk.sign("minutes@procboard", HashAlg::Sha512, &md).unwrap();
            let role = if chair { 3 } else { 4 };
            std::fs::write(p(role), sig.to_pem(LineEnding::LF).unwrap()).unwrap();
        }
    }
}

/// The June meeting's events, as docs/minutes.md records them.
fn june_events() -> Vec<String> {
    let doc = std::fs::read_to_string(common::repo("docs/minutes.md")).unwrap();
    let start = doc
        .find("meetings/2025-06-regular record --by \"Ine Vanderheyden\" <<'EOF'\n")
        .expect("the June events in docs/minutes.md");
    doc[start..]
        .lines()
        .skip(1)
        .take_while(|l| *l != "EOF")
        .map(|l| format!("{l}\n"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_edit_of_a_signed_committed_record_is_refused(
        edits in proptest::collection::vec(edit(), 1..4)
    ) {
        let Some((_tmp, board)) = archived_board() else {
            return Ok(());
        };
        for e in &edits {
            apply(&board, e);
        }
        let status = git(&board, &["status", "--porcelain"]);
        prop_assume!(!status.trim().is_empty());
        let before = commits(&board);
        let out = archive(&board, &[]).get_output().clone();
        prop_assert_eq!(
            out.status.code(),
            Some(2),
            "{:?} was not refused: {}{}",
            edits,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        prop_assert_eq!(commits(&board), before);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn additions_to_the_record_are_archived(
        split in 1usize..19,
        checkpoints in proptest::array::uniform5(any::<bool>()),
    ) {
        let Some((_tmp, board)) = archived_board() else {
            return Ok(());
        };
        let june = board.join("meetings/2025-06-regular");
        let events = june_events();
        prop_assert_eq!(events.len(), 19);
        let record = |lines: &[String]| {
            procboard()
                .args(["meeting"])
                .arg(&june)
                .args(["record", "--by", "Ine Vanderheyden"])
                .write_stdin(lines.concat())
                .assert()
                .success();
        };
        let minutes = |args: &[&str]| {
            procboard().arg("minutes").args(args).assert().success();
        };
        let check = |at: usize| {
            if checkpoints[at] {
                let out = archive(&board, &[]).get_output().clone();
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "step {at}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        };
        let dir = june.to_str().unwrap();
        let key = |name: &str| board.join("demo-keys").join(name).to_str().unwrap().to_string();
        // A new meeting opens: its journal is new.
        record(&events[..split]);
        check(0);
        // Lines appended to a committed journal.
        record(&events[split..]);
        check(1);
        minutes(&["render", dir]);
        check(2);
        // New signatures, one at a time.
        minutes(&["sign", dir, "--as", "secretary", "--key", &key("DEMO-ine-vanderheyden")]);
        check(3);
        minutes(&["sign", dir, "--as", "chair", "--key", &key("DEMO-els-vandenbroucke")]);
        check(4);
        archive(&board, &[]).success();
        prop_assert_eq!(verify_text(&board, &[]).0, 0);
        let status = git(&board, &["status", "--porcelain"]);
        let left: Vec<&str> = status.lines().filter(|l| !l.ends_with("journal.lock")).collect();
        prop_assert!(left.is_empty(), "{:?}", left);
    }
}
