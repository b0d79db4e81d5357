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
