//! The documentation's examples, run exactly as written: `docs/user-guide.md`,
//! `docs/meeting-journal.md`, `docs/ballot-format.md`, `docs/minutes.md`,
//! `docs/open-contracting.md`, `docs/public-site.md` and `docs/contracts.md`.
//!
//! Each document runs in its own scratch folder holding a copy of `boards/` (never the
//! checkout), with the freshly built `procboard` first on `PATH`. Markers are HTML comments
//! (invisible when the Markdown is rendered) on the line just before a fenced block:
//!
//! - `<!-- file: PATH -->`: the block's text is written to `PATH` in the scratch folder.
//! - `<!-- test -->` or `<!-- test: exit N -->` before a ```` ```sh ```` block: the block runs in
//!   bash (`set -eo pipefail`) in the scratch folder, standard output and error merged, and must
//!   end with exit code 0 (or N). When the next fenced block follows with only blank lines between
//!   and is a ```` ```text ```` block, it is the expected output.
//! - `<!-- not tested: why -->` before a ```` ```sh ```` block: shown, not run (building,
//!   installing). Every `sh` block carries one of these markers, so nothing shown goes unchecked
//!   by accident.
//!
//! Expected output is compared line by line, trailing spaces ignored. `[..]` inside a line
//! matches any text; a line `...` matches any number of lines (dates of today, temporary paths).
//!
//! Blocks of a document run in order and share the scratch folder, like a reader following along.

mod common;
use common::{copy_dir, repo};

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use procboard::record::event::Event;

fn read_doc(rel: &str) -> String {
    fs::read_to_string(repo(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// A marker comment before a fenced block.
#[derive(Debug, Clone, PartialEq)]
enum Marker {
    None,
    File(String),
    Test { exit: i32 },
    NotTested,
}

/// A fenced code block of a Markdown document.
#[derive(Debug, Clone)]
struct Block {
    /// The info string after the opening fence (`sh`, `text`, `toml`, …).
    lang: String,
    /// The text between the fences, each line ending in `\n`.
    body: String,
    /// 1-based line of the opening fence.
    line: usize,
    /// 1-based line of the closing fence.
    end: usize,
    marker: Marker,
}

fn parse_marker(line: &str, doc: &str, n: usize) -> Marker {
    let Some(inner) = line
        .trim()
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
    else {
        return Marker::None;
    };
    let inner = inner.trim();
    if let Some(path) = inner.strip_prefix("file:") {
        Marker::File(path.trim().to_string())
    } else if inner == "test" {
        Marker::Test { exit: 0 }
    } else if let Some(code) = inner.strip_prefix("test: exit ") {
        Marker::Test {
            exit: code
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{doc}:{n}: bad exit code in marker `{line}`")),
        }
    } else if inner.starts_with("not tested:") {
        Marker::NotTested
    } else {
        Marker::None
    }
}

/// Every fenced block of `text` (fences are lines starting with three backticks), with the marker
/// on the last non-blank line before it, if any.
fn blocks(doc: &str, text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(info) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let marker = lines[..i]
            .iter()
            .enumerate()
            .rev()
            .find(|(_, l)| !l.trim().is_empty())
            .map_or(Marker::None, |(n, l)| parse_marker(l, doc, n + 1));
        let start = i;
        let mut body = String::new();
        i += 1;
        while i < lines.len() && lines[i].trim_end() != "```" {
            body.push_str(lines[i]);
            body.push('\n');
            i += 1;
        }
        assert!(i < lines.len(), "{doc}:{}: unclosed code block", start + 1);
        out.push(Block {
            lang: info.trim().to_string(),
            body,
            line: start + 1,
            end: i + 1,
            marker,
        });
        i += 1;
    }
    out
}

/// Does one expected line (with `[..]` wildcards) match an actual line?
fn line_matches(pattern: &str, actual: &str) -> bool {
    let parts: Vec<&str> = pattern.split("[..]").collect();
    if parts.len() == 1 {
        return pattern == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Do the expected lines (with `...` lines and `[..]`) match the actual lines?
fn lines_match(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"...", rest)) => (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..])),
        Some((first, rest)) => {
            !actual.is_empty() && line_matches(first, actual[0]) && lines_match(rest, &actual[1..])
        }
    }
}

fn normalized(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

/// Programs from outside the repository that some example blocks run, with how to get them: a
/// block that names one is skipped (with a line) where it is missing, see tests/common/tools.rs.
const PROGRAMS: [(&str, &str); 3] = [
    ("python3", "apt-get install python3"),
    ("ssh-keygen", "apt-get install openssh-client"),
    ("git", "apt-get install git"),
];

/// Whether a shell block names `program` as a word (a command, not part of a longer name).
fn runs(body: &str, program: &str) -> bool {
    body.split(|c: char| c.is_whitespace() || "|;&()$`'\"".contains(c))
        .any(|w| w == program)
}

/// Runs every marked block of the document `rel`; returns how many blocks ran (or were skipped
/// because a program they run is missing here).
fn run_doc(rel: &str) -> usize {
    let text = read_doc(rel);
    let all = blocks(rel, &text);
    let lines: Vec<&str> = text.lines().collect();
    let scratch = tempfile::tempdir().expect("scratch folder");
    let dir = scratch.path();
    copy_dir(&repo("boards"), &dir.join("boards"));
    let tmp = dir.join(".tmp");
    fs::create_dir_all(&tmp).expect("tmp");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_procboard"));
    let bin_dir = bin.parent().expect("the binary's folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");

    let mut ran = 0;
    let mut failures = Vec::new();
    let mut missing: Option<(&str, &str)> = None;
    for (k, block) in all.iter().enumerate() {
        match &block.marker {
            Marker::File(p) => {
                let target = dir.join(p);
                fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                fs::write(&target, &block.body).expect("write the example file");
            }
            Marker::Test { exit } => {
                assert_eq!(
                    block.lang, "sh",
                    "{rel}:{}: `<!-- test -->` marks a ```sh block",
                    block.line
                );
                let part = format!("{rel}:{}", block.line);
                // The blocks of a document share one folder and build on each other: once a block
                // is skipped for want of a program, every later block of the document is too.
                let needs: Vec<(&str, &str)> = missing
                    .into_iter()
                    .chain(
                        PROGRAMS
                            .iter()
                            .copied()
                            .filter(|(program, _)| runs(&block.body, program)),
                    )
                    .collect();
                if let Some(&gone) = needs.iter().find(|(program, install)| {
                    !common::tools::require_for(Some(&part), program, install)
                }) {
                    missing.get_or_insert(gone);
                    ran += 1;
                    continue;
                }
                let expected = all.get(k + 1).filter(|next| {
                    next.lang == "text"
                        && next.marker == Marker::None
                        && lines[block.end..next.line - 1]
                            .iter()
                            .all(|l| l.trim().is_empty())
                });
                let script = format!("set -eo pipefail\nexec 2>&1\n{}", block.body);
                let out = Command::new("bash")
                    .arg("-c")
                    .arg(&script)
                    .current_dir(dir)
                    .env("PATH", &path)
                    .env("TMPDIR", &tmp)
                    .env("USER", "secretary")
                    .env("LC_ALL", "C")
                    .env("TZ", "UTC")
                    .env_remove("NO_COLOR")
                    .stdin(Stdio::null())
                    .output()
                    .expect("bash runs");
                ran += 1;
                let actual = String::from_utf8_lossy(&out.stdout).into_owned();
                let code = out.status.code().unwrap_or(-1);
                if code != *exit {
                    failures.push(format!(
                        "{rel}:{}: exit code {code}, expected {exit}\n--- script\n{}--- output\n{actual}",
                        block.line, block.body
                    ));
                    continue;
                }
                if let Some(exp) = expected
                    && !lines_match(&normalized(&exp.body), &normalized(&actual))
                {
                    failures.push(format!(
                        "{rel}:{}: the output differs from the block at line {}\n--- script\n{}--- expected\n{}--- actual\n{actual}",
                        block.line, exp.line, block.body, exp.body
                    ));
                }
            }
            Marker::NotTested => {}
            Marker::None => assert_ne!(
                block.lang, "sh",
                "{rel}:{}: every ```sh block is marked `<!-- test -->` or `<!-- not tested: why -->`",
                block.line
            ),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    ran
}

#[test]
fn the_user_guide_runs_as_shown() {
    assert!(run_doc("docs/user-guide.md") >= 20);
}

#[test]
fn the_meeting_journal_examples_run_as_shown() {
    assert!(run_doc("docs/meeting-journal.md") >= 5);
}

#[test]
fn the_minutes_examples_run_as_shown() {
    assert!(run_doc("docs/minutes.md") >= 7);
}

#[test]
fn the_ballot_examples_run_as_shown() {
    assert!(run_doc("docs/ballot-format.md") >= 10);
}

#[test]
fn the_open_contracting_examples_run_as_shown() {
    assert!(run_doc("docs/open-contracting.md") >= 2);
}

#[test]
fn the_contracts_examples_run_as_shown() {
    assert!(run_doc("docs/contracts.md") >= 4);
}

#[test]
fn the_written_procedure_examples_run_as_shown() {
    assert!(run_doc("docs/written-procedure.md") >= 10);
}

#[test]
fn the_public_site_examples_run_as_shown() {
    assert!(run_doc("docs/public-site.md") >= 3);
}

/// The event types the program knows, from its own refusal of an unknown type.
fn event_types() -> Vec<String> {
    let err = serde_json::from_str::<Event>(r#"{"type":"?"}"#)
        .expect_err("`?` is not an event type")
        .to_string();
    let list = err
        .split("expected one of")
        .nth(1)
        .unwrap_or_else(|| panic!("the error lists the event types: {err}"));
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_event_type_has_its_section_in_the_journal_doc() {
    let doc = read_doc("docs/meeting-journal.md");
    let types = event_types();
    assert!(types.len() >= 20, "{types:?}");
    for t in &types {
        assert!(
            doc.contains(&format!("\n### `{t}`\n")),
            "docs/meeting-journal.md has no section `### \\`{t}\\``"
        );
    }
}

#[test]
fn every_json_example_in_the_event_reference_is_an_event_procboard_reads() {
    let doc = read_doc("docs/meeting-journal.md");
    let events = doc
        .split("\n## Events\n")
        .nth(1)
        .expect("a section `## Events`");
    let events = events.split("\n## ").next().unwrap_or(events);
    let types = event_types();
    let mut seen = std::collections::BTreeSet::new();
    for block in blocks("docs/meeting-journal.md#Events", events) {
        if block.lang != "json" {
            continue;
        }
        for line in block.body.lines().filter(|l| !l.trim().is_empty()) {
            let mut value: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON: {line}: {e}"));
            let obj = value.as_object_mut().expect("an object");
            // `at` and `by` belong to the `record` input line, not to the event.
            obj.remove("at");
            obj.remove("by");
            let event: Event = serde_json::from_value(value)
                .unwrap_or_else(|e| panic!("not an event procboard reads: {line}: {e}"));
            seen.insert(event.kind().to_string());
        }
    }
    for t in &types {
        assert!(
            seen.contains(t),
            "the event reference has no JSON example of `{t}`"
        );
    }
}

#[test]
fn wildcards_match_as_documented() {
    assert!(line_matches("a [..] c", "a b b c"));
    assert!(line_matches("[..]", ""));
    assert!(!line_matches("a [..] c", "a b d"));
    assert!(!line_matches("ab[..]ba", "aba"));
    assert!(lines_match(&["x", "...", "z"], &["x", "y", "y", "z"]));
    assert!(lines_match(&["x", "...", "z"], &["x", "z"]));
    assert!(!lines_match(&["x", "...", "z"], &["x", "y"]));
    assert!(!lines_match(&["x"], &["x", "y"]));
}

/// The keys a TOML table accepts, from procboard's own refusal of an unknown key in `ballot`.
fn accepted_keys(ballot: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("ballot.toml");
    fs::write(&file, ballot).expect("write the ballot");
    let out = Command::new(env!("CARGO_BIN_EXE_procboard"))
        .arg("tally")
        .arg(repo("boards/river-valley"))
        .arg("--ballot")
        .arg(&file)
        .output()
        .expect("procboard runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let list = err
        .split("expected one of")
        .nth(1)
        .unwrap_or_else(|| panic!("the error lists the keys: {err}"));
    let list = list.lines().next().unwrap_or_default();
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_ballot_key_and_rule_key_is_in_the_ballot_doc() {
    let doc = read_doc("docs/ballot-format.md");
    let keys = accepted_keys("date = 2025-03-11\nbogus = 1\n");
    assert!(keys.len() >= 10, "{keys:?}");
    // The hint names the first twelve keys of a long list ("… (14 in all)").
    let rule_keys = accepted_keys("date = 2025-03-11\n[rule]\nbogus = 1\n");
    assert!(rule_keys.len() >= 12, "{rule_keys:?}");
    for k in keys.iter().chain(&rule_keys) {
        assert!(
            doc.contains(&format!("\n| `{k}` |")),
            "docs/ballot-format.md has no table row for the key `{k}`"
        );
    }
}
