//! The loader's diagnostics, proven on bad boards.
//!
//! Every folder under `tests/invalid_boards/` is a small board folder holding one realistic
//! mistake a board secretary would make (one, `99-…`, holds several across several files), and
//! beside the board files:
//! - `expected.txt`: diagnostic lines that must appear, exactly, in what `procboard check` prints
//!   to stderr: `path:LINE:COL: message` (or `path: message` for a problem with a whole file),
//!   each optionally followed by its `  hint: …` line;
//! - `absent.txt` (optional): text that must appear in no line of stderr, e.g. `board.toml:14:`
//!   to prove a line that looks suspicious but is right is not reported.
//!
//! `procboard check <folder>` must exit with 2 (bad input) and never panic. A mistake the board
//! tolerates with a warning (a recused member's sheet, which is left out) has only
//! `path:LINE:COL: warning: …` lines in expected.txt, and then the check must exit with 0.
//! Every failing fixture is reported at the end, with its actual output, not only the first.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Files in a fixture folder that are not part of the board.
const FIXTURE_FILES: &[&str] = &["expected.txt", "absent.txt"];

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("invalid_boards")
}

/// The fixture folders, sorted by name.
fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures_root())
        .expect("tests/invalid_boards/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Non-empty lines of a text file in the fixture, or none when it does not exist.
fn lines_of(dir: &Path, file: &str) -> Vec<String> {
    match fs::read_to_string(dir.join(file)) {
        Ok(text) => text
            .lines()
            .map(|l| l.trim_end().to_owned())
            .filter(|l| !l.is_empty())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// What went wrong with one fixture.
struct Failure {
    fixture: String,
    problems: Vec<String>,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `procboard check` on one fixture and lists what is wrong with the result.
fn check_fixture(dir: &Path) -> Option<Failure> {
    let expected = lines_of(dir, "expected.txt");
    let absent = lines_of(dir, "absent.txt");
    let output = Command::cargo_bin("procboard")
        .expect("the procboard binary is built")
        .arg("check")
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("procboard runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stderr_lines: Vec<&str> = stderr.lines().map(str::trim_end).collect();

    let mut problems = Vec::new();
    if expected.is_empty() {
        problems.push("expected.txt is missing or empty".to_owned());
    }
    let want_code = expected_exit_code(&expected);
    if output.status.code() != Some(want_code) {
        problems.push(format!(
            "exit code {:?}, expected {want_code}",
            output.status.code()
        ));
    }
    for text in [&stdout, &stderr] {
        if text.contains("panicked") || text.contains("RUST_BACKTRACE") {
            problems.push("the checker panicked".to_owned());
        }
    }
    for want in &expected {
        if !stderr_lines.contains(&want.as_str()) {
            problems.push(format!("missing line: {want}"));
        }
    }
    for bad in &absent {
        if let Some(line) = stderr_lines.iter().find(|l| l.contains(bad.as_str())) {
            problems.push(format!("`{bad}` must not be reported, but is: {line}"));
        }
    }
    if problems.is_empty() {
        return None;
    }
    Some(Failure {
        fixture: name(dir),
        problems,
        code: output.status.code(),
        stdout,
        stderr,
    })
}

/// 2 (bad input) when expected.txt holds an error; 0 when it holds only warnings.
fn expected_exit_code(expected: &[String]) -> i32 {
    let only_warnings = expected
        .iter()
        .filter(|l| !l.starts_with("  hint: "))
        .all(|l| {
            l.split_once(": ")
                .is_some_and(|(_, m)| m.starts_with("warning: "))
        });
    if only_warnings && !expected.is_empty() {
        0
    } else {
        2
    }
}

#[test]
fn every_invalid_board_is_diagnosed() {
    let dirs = fixtures();
    let failures: Vec<Failure> = dirs.iter().filter_map(|d| check_fixture(d)).collect();
    if failures.is_empty() {
        return;
    }
    let mut report = format!(
        "{} of {} invalid-board fixtures failed:\n",
        failures.len(),
        dirs.len()
    );
    for f in &failures {
        let _ = writeln!(report, "\n=== tests/invalid_boards/{}", f.fixture);
        for p in &f.problems {
            let _ = writeln!(report, "  - {p}");
        }
        let _ = writeln!(report, "  exit code: {:?}", f.code);
        let _ = writeln!(report, "  --- stderr:\n{}", f.stderr.trim_end());
        if !f.stdout.trim().is_empty() {
            let _ = writeln!(report, "  --- stdout:\n{}", f.stdout.trim_end());
        }
    }
    panic!("{report}");
}

#[test]
fn there_are_at_least_30_fixtures() {
    let n = fixtures().len();
    assert!(
        n >= 30,
        "only {n} fixtures under tests/invalid_boards/; at least 30 distinct mistakes"
    );
}

/// Splits `path:LINE:COL: message` or `path: message` into its path and whether it had a
/// position; `None` when the line has neither shape.
fn diagnostic_path(line: &str) -> Option<(&str, bool)> {
    let (head, _message) = line.split_once(": ")?;
    let mut parts = head.rsplitn(3, ':');
    let last = parts.next()?;
    match (parts.next(), parts.next()) {
        (Some(line_no), Some(path))
            if is_number(line_no) && is_number(last) && !path.contains(':') =>
        {
            Some((path, true))
        }
        _ if !head.contains(':') => Some((head, false)),
        _ => None,
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

#[test]
fn expected_lines_are_diagnostics_with_relative_paths() {
    let mut bad = Vec::new();
    for dir in fixtures() {
        let fixture = name(&dir);
        let expected = lines_of(&dir, "expected.txt");
        let mut previous_was_diagnostic = false;
        for line in &expected {
            if line.starts_with("  hint: ") {
                if !previous_was_diagnostic {
                    bad.push(format!(
                        "{fixture}: hint without its diagnostic line: {line}"
                    ));
                }
                previous_was_diagnostic = false;
                continue;
            }
            previous_was_diagnostic = true;
            let Some((path, _positioned)) = diagnostic_path(line) else {
                bad.push(format!(
                    "{fixture}: not `path:LINE:COL: message` or `path: message`: {line}"
                ));
                continue;
            };
            let p = Path::new(path);
            if path.is_empty()
                || p.is_absolute()
                || path.contains('\\')
                || p.components()
                    .any(|c| matches!(c, std::path::Component::ParentDir))
            {
                bad.push(format!("{fixture}: path is not relative: {line}"));
                continue;
            }
            // The file named exists in the fixture, except the files whose absence is the
            // mistake (a missing board.toml).
            if !dir.join(p).exists() && path != "board.toml" {
                bad.push(format!("{fixture}: {path} does not exist in the fixture"));
            }
            if FIXTURE_FILES.contains(&path) {
                bad.push(format!(
                    "{fixture}: a diagnostic about the fixture's own {path}"
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "malformed expected.txt:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_several_mistakes_fixture_reports_problems_in_several_files() {
    let dirs: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|d| {
            let files: std::collections::BTreeSet<String> = lines_of(d, "expected.txt")
                .iter()
                .filter_map(|l| diagnostic_path(l).map(|(p, _)| p.to_owned()))
                .collect();
            files.len() >= 3
        })
        .collect();
    assert!(
        !dirs.is_empty(),
        "no fixture expects problems in 3 or more files at once"
    );
}

#[test]
fn most_fixtures_are_errors() {
    let warnings_only: Vec<String> = fixtures()
        .iter()
        .filter(|d| expected_exit_code(&lines_of(d, "expected.txt")) == 0)
        .map(|d| name(d))
        .collect();
    assert!(
        warnings_only.len() <= 3,
        "fixtures expecting only warnings: {warnings_only:?}; an invalid board has an error"
    );
}

#[test]
fn the_exit_code_follows_the_severity() {
    let lines = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(expected_exit_code(&lines(&["a.toml:1:1: bad"])), 2);
    assert_eq!(
        expected_exit_code(&lines(&["a.toml:1:1: warning: odd", "  hint: fix it"])),
        0
    );
    assert_eq!(
        expected_exit_code(&lines(&["a.toml:1:1: warning: odd", "b.toml: bad"])),
        2
    );
    assert_eq!(expected_exit_code(&[]), 2);
}

#[test]
fn diagnostic_path_reads_both_shapes() {
    assert_eq!(
        diagnostic_path("board.toml:4:44: TOML syntax error"),
        Some(("board.toml", true))
    );
    assert_eq!(
        diagnostic_path("tenders/salt-2025.toml: the tender has no award criteria"),
        Some(("tenders/salt-2025.toml", false))
    );
    assert_eq!(diagnostic_path("board.toml:x:1: oops"), None);
    assert_eq!(diagnostic_path("board.toml:0:1: oops"), None);
    assert_eq!(diagnostic_path("error: 2 errors"), Some(("error", false)));
    assert_eq!(diagnostic_path("no separator"), None);
}
