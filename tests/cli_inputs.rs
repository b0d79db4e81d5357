//! What procboard reads, and refuses to read (issue #7, items 13, 14 and 17): size limits,
//! folders and devices where a file is expected, bytes that are not text, numbers with more
//! digits than are kept, and messages in plain words.

mod common;
use common::{procboard, scratch_board};

use std::fs;

use predicates::prelude::*;

fn check_fails_with(b: &std::path::Path, message: &str) {
    procboard()
        .arg("check")
        .arg(b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(message));
}

#[test]
fn folders_named_like_a_sheet_a_dispute_or_a_tender_are_reported() {
    for (folder, what) in [
        ("disputes/d-folder.toml", "a dispute file"),
        (
            "tenders/road-salt-2025/sheets/maple-hollow.toml",
            "a score sheet",
        ),
        ("tenders/t-folder.toml", "a tender file"),
    ] {
        let (_tmp, b) = scratch_board("river-valley");
        let path = b.join(folder);
        if path.exists() {
            fs::remove_file(&path).unwrap();
        }
        fs::create_dir_all(&path).unwrap();
        check_fails_with(
            &b,
            &format!("{folder}: is a folder, not a file: {what} is expected here"),
        );
    }
}

#[test]
fn a_board_file_over_the_limit_is_refused_unread() {
    let (_tmp, b) = scratch_board("river-valley");
    let f = fs::File::create(b.join("disputes/huge.toml")).unwrap();
    // Sparse: takes no room on disk, but reports 64 MiB + 1 byte.
    f.set_len(64 * 1024 * 1024 + 1).unwrap();
    check_fails_with(
        &b,
        "disputes/huge.toml: cannot read: it is larger than the 64 MiB procboard reads",
    );
}

#[test]
fn ballots_that_are_devices_folders_too_large_or_not_text_are_refused() {
    let (tmp, b) = scratch_board("river-valley");
    let tally = |ballot: &std::path::Path| {
        procboard()
            .arg("tally")
            .arg(&b)
            .arg("--ballot")
            .arg(ballot)
            .assert()
            .code(2)
    };
    if std::path::Path::new("/dev/zero").exists() {
        tally(std::path::Path::new("/dev/zero")).stderr(predicate::str::contains(
            "cannot read: it is a device, pipe or socket, not a regular file",
        ));
    }
    tally(tmp.path()).stderr(predicate::str::contains("it is a folder, not a file"));
    let big = tmp.path().join("big.toml");
    fs::File::create(&big)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    tally(&big).stderr(predicate::str::contains("larger than the 64 MiB"));
    let latin1 = tmp.path().join("latin1.toml");
    fs::write(&latin1, b"date = 2025-03-12\n# caf\xe9\n").unwrap();
    tally(&latin1).stderr(predicate::str::contains(
        "latin1.toml:2:6: not UTF-8 text: this byte is not a valid character",
    ));
}

#[test]
fn decimals_with_more_digits_than_kept_are_refused_not_rounded() {
    let (_tmp, b) = scratch_board("river-valley");
    let path = b.join("board.toml");
    let text = fs::read_to_string(&path).unwrap();
    let changed = text.replacen(
        "weight = 3\n",
        "weight = 3.00000000000000000000000000001\n",
        1,
    );
    assert_ne!(text, changed);
    fs::write(&path, changed).unwrap();
    check_fails_with(
        &b,
        "3.00000000000000000000000000001 has more digits than procboard keeps (28 in all); it is refused rather than rounded",
    );
}

#[test]
fn serde_internals_are_put_in_plain_words() {
    let (_tmp, b) = scratch_board("river-valley");
    let path = b.join("board.toml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replacen("weight = 3\n", "weight = 99999999999999999999999\n", 1),
    )
    .unwrap();
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the whole number 99999999999999999999999 is too large to read without quotes",
        ))
        .stderr(predicate::str::contains("i128").not());

    let (_tmp, b) = scratch_board("river-valley");
    let path = b.join("tenders/auto-parts-2025.toml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        format!(
            "tender = \"x\"\n{}",
            text.replacen("[tender]", "[tenderx]", 1)
        ),
    )
    .unwrap();
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected a table (a [section] with its keys)",
        ))
        .stderr(predicate::str::contains("struct").not());

    let (tmp, b) = scratch_board("river-valley");
    let ballot = tmp.path().join("ballot.toml");
    fs::write(&ballot, "date = 2025-03-12\n[votes]\nstonebridge = 5\n").unwrap();
    procboard()
        .arg("tally")
        .arg(&b)
        .arg("--ballot")
        .arg(&ballot)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected a vote: \"yes\", \"no\", \"abstain\", or a split",
        ))
        .stderr(predicate::str::contains("untagged").not());
}

#[test]
fn a_long_or_multiline_member_id_cannot_flood_or_split_a_diagnostic() {
    let (tmp, b) = scratch_board("river-valley");
    let ballot = tmp.path().join("ballot.toml");
    let long = "x".repeat(500);
    fs::write(
        &ballot,
        format!("date = 2025-03-12\n[votes]\n\"a\\nb\" = \"yes\"\n\"{long}\" = \"no\"\n"),
    )
    .unwrap();
    let out = procboard()
        .arg("tally")
        .arg(&b)
        .arg("--ballot")
        .arg(&ballot)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("`a\\nb` holds no seat"), "{stderr}");
    assert!(!stderr.contains(&long), "{stderr}");
    assert!(
        stderr.contains(&format!("`{}…` holds no seat", "x".repeat(60))),
        "{stderr}"
    );
}
