//! Helpers shared by the integration tests. Tests work on scratch copies of boards and never
//! write into the checkout.
#![allow(dead_code)] // each test file uses its own subset

pub mod tools;

use std::fs;
use std::path::{Path, PathBuf};

/// A path inside the repository.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Replaces the first `from` by `to` in `file`, which must contain it.
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} lacks {from:?}", file.display());
    fs::write(file, text.replacen(from, to, 1)).expect("write");
}

/// Replaces `from` by `to` in `file`, where it must occur exactly once.
pub fn edit_once(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).expect("read");
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur once in {}",
        file.display()
    );
    fs::write(file, text.replacen(from, to, 1)).expect("write");
}

/// Adds `text` at the end of `file`.
pub fn append(file: &Path, text: &str) {
    let mut all = fs::read_to_string(file).expect("read");
    all.push_str(text);
    fs::write(file, all).expect("write");
}

/// Copies a folder recursively, leaving out journals and their lock or torn files, should anyone
/// have recorded into the source; a journal whose meeting has minutes beside it (a recorded
/// example meeting the repository commits, like euregio-energy's April 2025) is copied.
pub fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).expect("mkdir");
    for entry in fs::read_dir(src).expect("read_dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        let to = dst.join(&name);
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &to);
        } else if !name.to_string_lossy().starts_with("journal.")
            || is_committed_journal(&entry.path())
        {
            fs::copy(entry.path(), to).expect("copy");
        }
    }
}

/// A journal with minutes beside it: a recorded example meeting that the repository commits.
fn is_committed_journal(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "journal.jsonl")
        && path
            .parent()
            .is_some_and(|d| d.join("minutes.md").is_file())
}

/// A scratch copy of the repository folder `rel` (e.g. "boards/river-valley"), named like it.
pub fn scratch_copy(rel: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let name = Path::new(rel).file_name().expect("a folder name");
    let dst = tmp.path().join(name);
    copy_dir(&repo(rel), &dst);
    (tmp, dst)
}

/// A scratch copy of the example board `boards/<name>`.
pub fn scratch_board(name: &str) -> (tempfile::TempDir, PathBuf) {
    scratch_copy(&format!("boards/{name}"))
}

/// The seated members of `boards/river-valley` on 2025-03-11, in seat order: (id, delegate,
/// alternate). Scripts that drive its March meeting draw movers and voters from it.
pub const RIVER_VALLEY_SEATED: [(&str, &str, Option<&str>); 10] = [
    ("stonebridge", "Margaret Van Wyck", Some("Thomas Keane")),
    ("verplanck-falls", "Daniel Okafor", Some("Rita Lansing")),
    ("roosekill", "Pieter Brinckerhoff", Some("Ana Morales")),
    (
        "oakwood-crossing",
        "Susan Delacroix",
        Some("James Whitlock"),
    ),
    ("maple-hollow", "Robert Hasbrouck", Some("Linda Cheng")),
    ("hendrick-falls", "Karen Schoonmaker", Some("Mark DeGroat")),
    ("tillson-point", "Luis Ortega", Some("Patricia Quinn")),
    ("bramblekill", "Eleanor Decker", Some("Frank Terwilliger")),
    ("quarry-glen", "Henry Slingerland", Some("Mary Beth Rowe")),
    ("birch-notch", "Joan Pettit", None),
];

/// Index in [`RIVER_VALLEY_SEATED`] of `roosekill`, recused from the road-salt tender.
pub const RIVER_VALLEY_ROOSEKILL: usize = 2;

/// The procboard binary, for assert_cmd.
pub fn procboard() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("procboard").expect("the procboard binary is built for tests")
}

/// Runs a command that must succeed and parses its standard output as JSON.
pub fn json(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    let out = cmd.assert().code(0).get_output().clone();
    serde_json::from_slice(&out.stdout).expect("JSON on standard output")
}

/// Writes `ballot` into the board folder and tallies it with `--json`.
pub fn tally(board: &Path, ballot: &str) -> serde_json::Value {
    let f = board.join("ballot.toml");
    fs::write(&f, ballot).expect("write the ballot");
    json(
        procboard()
            .arg("tally")
            .arg(board)
            .arg("--ballot")
            .arg(&f)
            .arg("--json"),
    )
}
