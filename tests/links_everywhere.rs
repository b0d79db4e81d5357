//! Issue 16, "nothing outside the board is read": for every path a command reads, a scratch copy
//! of `boards/euregio-energy` gets, in its place, a symbolic link to a file outside the board that
//! holds a marker string; every command that reads the path runs, and the marker never appears in
//! any output (standard output, standard error, the site's files, the OCDS package), the link is
//! reported by name, and nothing crashes.
//!
//! `READ_PATHS` is the list of every path a command reads: keep it in step with the readers (grep
//! for `read_inside` in src/).
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::{procboard, scratch_board};

/// The marker the file outside the board holds. It must never be shown.
const MARKER: &str = "zz_outside_marker_7c41e9";

const APRIL: &str = "meetings/2025-04-regular";

/// Every path any command reads (relative to the board folder). `allowed_signers.d/2024` and the
/// sheet's `.sig` are added to the scratch copy first (the bundled board has none).
const READ_PATHS: &[&str] = &[
    "board.toml",
    "meetings/2025-04-regular/agenda.toml",
    "meetings/2025-06-regular/agenda.toml",
    "tenders/cloud-it-2025.toml",
    "tenders/cloud-it-2025/sheets/heerbeek.toml",
    "tenders/cloud-it-2025/sheets/heerbeek.toml.sig",
    "tenders/electricity-2026/consensus.toml",
    "disputes/cloud-hosting-protest-polder.toml",
    "allowed_signers",
    "allowed_signers.d/2024",
    "meetings/2025-04-regular/journal.jsonl",
    "meetings/2025-04-regular/journal.lock",
    "meetings/2025-04-regular/minutes.md",
    "meetings/2025-04-regular/minutes.json",
    "meetings/2025-04-regular/minutes.md.chair.sig",
    "meetings/2025-04-regular/minutes.md.secretary.sig",
    // An agenda's `documents` entry.
    "docs/cloud-it-2025-evaluation-report.md",
];

/// Every command that reads the board, as arguments after the board folder's place (`{b}` is the
/// board, `{site}` a new output folder).
const COMMANDS: &[&[&str]] = &[
    &["check", "{b}"],
    &["score", "{b}", "cloud-it-2025"],
    &["disputes", "{b}"],
    &["export", "ocds", "{b}"],
    &["stats", "{b}"],
    &["publish", "{b}", "--out", "{site}"],
    &["minutes", "verify", "{b}"],
    &["minutes", "render", "{b}/meetings/2025-04-regular"],
    &["meeting", "{b}/meetings/2025-04-regular", "status"],
];

/// A scratch copy of euregio-energy with the extra files `READ_PATHS` names.
fn board() -> (tempfile::TempDir, PathBuf) {
    let (tmp, b) = scratch_board("euregio-energy");
    fs::create_dir_all(b.join("allowed_signers.d")).unwrap();
    fs::copy(b.join("allowed_signers"), b.join("allowed_signers.d/2024")).unwrap();
    fs::copy(
        b.join(APRIL).join("minutes.md.chair.sig"),
        b.join("tenders/cloud-it-2025/sheets/heerbeek.toml.sig"),
    )
    .unwrap();
    fs::write(b.join(APRIL).join("journal.lock"), b"").unwrap();
    (tmp, b)
}

/// What the file outside holds: for TOML, the original with the marker as a key (an unknown key
/// is quoted in errors, so a reader that followed the link would show it); else the original
/// with the marker appended.
fn outside_content(rel: &str, original: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if rel.ends_with(".toml") {
        out.extend_from_slice(format!("{MARKER} = \"{MARKER}\"\n").as_bytes());
        out.extend_from_slice(original);
    } else {
        out.extend_from_slice(original);
        out.extend_from_slice(format!("\n# {MARKER}\n").as_bytes());
    }
    out
}

/// Every file under `dir`, as text (lossy).
fn tree_text(dir: &Path) -> String {
    let mut text = String::new();
    let Ok(rd) = fs::read_dir(dir) else {
        return text;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            text.push_str(&tree_text(&p));
        } else if let Ok(b) = fs::read(&p) {
            text.push_str(&String::from_utf8_lossy(&b));
        }
    }
    text
}

struct Run {
    code: Option<i32>,
    output: String,
}

fn run(args: &[&str], b: &Path, site: &Path) -> Run {
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            a.replace("{b}", &b.to_string_lossy())
                .replace("{site}", &site.to_string_lossy())
        })
        .collect();
    let out = procboard()
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
    output.push_str(&String::from_utf8_lossy(&out.stderr));
    output.push_str(&tree_text(site));
    Run {
        code: out.status.code(),
        output,
    }
}

/// The link at `rel` in a fresh board, leading to `target`.
fn with_link(
    rel: &str,
    target: impl FnOnce(&Path, &[u8]) -> PathBuf,
) -> (tempfile::TempDir, PathBuf) {
    let (tmp, b) = board();
    let at = b.join(rel);
    let original = fs::read(&at).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let to = target(tmp.path(), &original);
    fs::remove_file(&at).unwrap();
    symlink(&to, &at).unwrap();
    (tmp, b)
}

/// Runs every command on a board where `rel` is the link; returns what the issue asks that did
/// not hold.
fn every_command(rel: &str, b: &Path, tmp: &Path, kind: &str) -> Vec<String> {
    let mut failures = Vec::new();
    for (i, args) in COMMANDS.iter().enumerate() {
        let site = tmp.join(format!("site-{i}"));
        let r = run(args, b, &site);
        let what = format!("{kind} link at {rel}, `procboard {}`", args.join(" "));
        let short: String = r.output.chars().take(600).collect();
        if r.output.contains(MARKER) {
            failures.push(format!(
                "{what}: the file outside the board was shown:\n{short}"
            ));
        }
        if r.output.contains("panicked") {
            failures.push(format!("{what}: crashed:\n{short}"));
        }
        // check: 2 for a refused input file; the meeting's commands: 1 for its journal or lock.
        let want: &[i32] = if args[0] == "check" { &[2] } else { &[1, 2] };
        if !r.code.is_some_and(|c| want.contains(&c)) {
            failures.push(format!(
                "{what}: exit {:?}, want one of {want:?}:\n{short}",
                r.code
            ));
        }
        if !(r.output.contains(rel) && r.output.contains("symbolic link")) {
            failures.push(format!(
                "{what}: the link is not reported by name:\n{short}"
            ));
        }
    }
    failures
}

fn assert_none(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} failures:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_bundled_board_passes_unlinked() {
    // The baseline: without links every command reads the board (so a refusal below is the
    // link's doing).
    let (tmp, b) = board();
    for (i, args) in COMMANDS.iter().enumerate() {
        let site = tmp.path().join(format!("site-{i}"));
        let r = run(args, &b, &site);
        assert!(
            !r.output.contains("symbolic link") && !r.output.contains("panicked"),
            "`procboard {}`:\n{}",
            args.join(" "),
            r.output
        );
    }
}

#[test]
fn a_link_leading_outside_is_reported_and_never_read() {
    let mut failures = Vec::new();
    for rel in READ_PATHS {
        let (tmp, b) = with_link(rel, |tmp, original| {
            let f = tmp.join("outside.txt");
            fs::write(&f, outside_content(rel, original)).unwrap();
            f
        });
        failures.extend(every_command(rel, &b, tmp.path(), "outside"));
    }
    assert_none(&failures);
}

#[test]
fn a_dangling_link_or_a_loop_is_reported() {
    let mut failures = Vec::new();
    for rel in READ_PATHS {
        let (tmp, b) = with_link(rel, |tmp, _| tmp.join("nowhere"));
        failures.extend(every_command(rel, &b, tmp.path(), "dangling"));
        let (tmp, b) = with_link(rel, |_, _| PathBuf::from(rel.rsplit('/').next().unwrap()));
        failures.extend(every_command(rel, &b, tmp.path(), "looping"));
    }
    assert_none(&failures);
}

/// Finding 14: `meeting status` reports a `journal.lock` that is a symbolic link (to a file,
/// dangling, a loop), with exit 1, as docs/meeting-journal.md says.
#[test]
fn status_reports_a_linked_lock() {
    for (kind, to) in [
        ("to a file", "journal.jsonl"),
        ("dangling", "nowhere"),
        ("a loop", "journal.lock"),
    ] {
        let (_tmp, b) = board();
        let lock = b.join(APRIL).join("journal.lock");
        fs::remove_file(&lock).unwrap();
        symlink(to, &lock).unwrap();
        let out = procboard()
            .args(["meeting", &b.join(APRIL).to_string_lossy(), "status"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{kind}: {err}");
        assert!(
            err.contains("journal.lock") && err.contains("symbolic link"),
            "{kind}: {err}"
        );
    }
}

/// Finding 15: a document behind a linked folder names the link, not "does not exist".
#[test]
fn a_document_behind_a_linked_folder_names_the_link() {
    let (tmp, b) = board();
    let outside = tmp.path().join("elsewhere");
    fs::rename(b.join("docs"), &outside).unwrap();
    symlink(&outside, b.join("docs")).unwrap();
    for args in [
        vec!["check", "{b}"],
        vec!["export", "ocds", "{b}"],
        vec!["publish", "{b}", "--out", "{site}"],
    ] {
        let r = run(&args, &b, &tmp.path().join("site"));
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.output);
        assert!(
            r.output.contains("lies behind the symbolic link `docs`")
                && !r.output.contains("does not exist"),
            "{args:?}: {}",
            r.output
        );
    }
}

/// Finding 15: a document behind a linked folder that leads nowhere names the link too, and
/// says how to repair it.
#[test]
fn a_document_behind_a_dangling_linked_folder_names_the_link() {
    let (tmp, b) = board();
    fs::remove_dir_all(b.join("docs")).unwrap();
    symlink(tmp.path().join("gone"), b.join("docs")).unwrap();
    let r = run(&["check", "{b}"], &b, &tmp.path().join("site"));
    assert_eq!(r.code, Some(2), "{}", r.output);
    assert!(
        r.output
            .contains("lies behind the symbolic link `docs`, leads nowhere")
            && r.output.contains("hint: repair the link")
            && !r.output.contains("` does not exist"),
        "{}",
        r.output
    );
}

/// A signed meeting whose journal became a link that leads nowhere (or a folder) fails verify,
/// naming the journal; its signatures are reported as not checked (the journal names the
/// officers and the time they are checked against), never as good or as keys out of date.
#[test]
fn signed_minutes_over_an_unreadable_journal_fail_and_are_not_checked() {
    let (tmp, b) = board();
    let journal = b.join(APRIL).join("journal.jsonl");
    for make in ["link", "folder"] {
        let _ = fs::remove_file(&journal);
        let _ = fs::remove_dir(&journal);
        if make == "link" {
            symlink(tmp.path().join("gone"), &journal).unwrap();
        } else {
            fs::create_dir(&journal).unwrap();
        }
        let r = run(&["minutes", "verify", "{b}"], &b, &tmp.path().join("site"));
        assert_eq!(r.code, Some(1), "{make}: {}", r.output);
        assert!(
            r.output
                .contains(&format!("FAIL {APRIL}/journal.jsonl: cannot use"))
                && r.output.contains(&format!(
                    "FAIL {APRIL}/minutes.md.chair.sig: not checked: the journal"
                ))
                && !r.output.contains("1970"),
            "{make}: {}",
            r.output
        );
    }
}

/// Finding 15: a torn first and only line: `status` says NOT OPENED and warns.
#[test]
fn status_warns_of_a_torn_only_line() {
    let (_tmp, b) = board();
    let june = b.join("meetings/2025-06-regular");
    let line = fs::read(b.join(APRIL).join("journal.jsonl")).unwrap();
    fs::write(june.join("journal.jsonl"), &line[..100]).unwrap();
    let out = procboard()
        .args(["meeting", &june.to_string_lossy(), "status"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("NOT OPENED")
            && text.contains("warning: line 1 of the journal was incomplete"),
        "{text}"
    );
    let out = procboard()
        .args(["meeting", &june.to_string_lossy(), "status", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["warnings"]
            .as_array()
            .is_some_and(|ws| ws.iter().any(|w| w
                .as_str()
                .is_some_and(|w| w.starts_with("line 1 of the journal was incomplete")))),
        "{v}"
    );
}
