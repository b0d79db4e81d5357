//! `[disclosure]` in board.toml (docs/board-format.md): `check` accepts every value and refuses
//! others; `stats` says what it withholds (nothing: its figures never use a losing bid's price,
//! score or name) and its figures do not change. The OCDS and site parts are in
//! tests/ocds_export.rs and tests/site_publish.rs.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{procboard, scratch_copy};
use predicates::prelude::*;
use serde_json::Value;

const VALUES: [&str; 3] = ["always", "after_award", "never"];

fn with_disclosure(bids: &str, bidders: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, b) = scratch_copy("boards/river-valley");
    let mut text = fs::read_to_string(b.join("board.toml")).unwrap();
    text.push_str(&format!(
        "\n[disclosure]\nunsuccessful_bids = \"{bids}\"\nunsuccessful_bidders = \"{bidders}\"\n"
    ));
    fs::write(b.join("board.toml"), text).unwrap();
    (tmp, b)
}

fn stats_json(board: &Path) -> Value {
    let out = procboard()
        .arg("stats")
        .arg(board)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn check_accepts_every_value_of_both_keys() {
    for bids in VALUES {
        for bidders in VALUES {
            let (_tmp, b) = with_disclosure(bids, bidders);
            procboard()
                .arg("check")
                .arg(&b)
                .assert()
                .code(0)
                .stderr(predicate::str::contains("disclosure").not());
        }
    }
}

#[test]
fn check_refuses_an_unknown_value_and_key_at_their_place() {
    let (_tmp, b) = with_disclosure("after_award", "sometimes");
    let lines = fs::read_to_string(b.join("board.toml")).unwrap();
    let line = lines.lines().position(|l| l.contains("sometimes")).unwrap() + 1;
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "board.toml:{line}:24: unknown value `sometimes`"
        )))
        .stderr(predicate::str::contains(
            "expected one of `always`, `after_award`, `never`",
        ));

    let (_tmp2, b) = scratch_copy("boards/river-valley");
    let mut text = fs::read_to_string(b.join("board.toml")).unwrap();
    text.push_str("\n[disclosure]\nunsuccessful_bid = \"never\"\n");
    fs::write(b.join("board.toml"), text).unwrap();
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown key `unsuccessful_bid`"))
        .stderr(predicate::str::contains(
            "did you mean `unsuccessful_bids`?",
        ));
}

#[test]
fn stats_says_it_withholds_nothing_and_its_figures_do_not_change() {
    let (_tmp, plain) = scratch_copy("boards/river-valley");
    let before = stats_json(&plain);
    assert!(before.get("withheld").is_none(), "no policy, no note");
    procboard()
        .arg("stats")
        .arg(&plain)
        .assert()
        .success()
        .stdout(predicate::str::contains("withheld:").not());
    for value in ["after_award", "never"] {
        let (_tmp, b) = with_disclosure(value, value);
        let mut after = stats_json(&b);
        let note = after
            .as_object_mut()
            .unwrap()
            .remove("withheld")
            .expect("a note on what is withheld");
        assert!(
            note.as_str().unwrap().starts_with(&format!(
                "nothing ([disclosure] unsuccessful_bids = \"{value}\""
            )),
            "{note}"
        );
        assert_eq!(before, after, "stats' figures change under {value}");
        procboard()
            .arg("stats")
            .arg(&b)
            .assert()
            .success()
            .stdout(predicate::str::contains("\nwithheld: nothing ("));
    }
}
