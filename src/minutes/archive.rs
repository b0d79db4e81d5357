//! `procboard archive`: commits a board's record (journals, minutes, signatures of minutes and of
//! score sheets, written procedures, allowed_signers) to the git repository that holds the board, through the user's
//! own `git` (so the commit is signed when the user's git is set up to sign commits), and pushes
//! only when asked.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::MinutesError;
use crate::board::Board;

/// What `archive` did.
#[derive(Debug)]
pub struct Archived {
    /// Files committed, relative to the repository.
    pub files: Vec<String>,
    /// The commit made (short id), when there was something to commit.
    pub commit: Option<String>,
    /// Whether it was pushed.
    pub pushed: bool,
}

fn refused(msg: impl Into<String>) -> MinutesError {
    MinutesError::Refused(msg.into())
}

/// Runs git in `dir`; returns stdout, or an error with git's message.
fn git(dir: &Path, args: &[&str]) -> Result<String, MinutesError> {
    git_bytes(dir, args).map(|out| String::from_utf8_lossy(&out).into_owned())
}

/// Runs git in `dir`; returns stdout as bytes (a committed file's exact bytes).
fn git_bytes(dir: &Path, args: &[&str]) -> Result<Vec<u8>, MinutesError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| MinutesError::Io {
            what: "cannot run git in",
            path: dir.to_path_buf(),
            source: e,
        })?;
    if !out.status.success() {
        return Err(MinutesError::Git(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// What kind of record file a path (relative to the board) is, for the guard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Journal,
    Minutes,
    MinutesJson,
    Signature,
    SignersVersion,
    /// A file of a written procedure (proposal, answer, result, their signatures).
    Written,
    Other,
}

fn kind(rel: &str) -> Kind {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if rel.starts_with("allowed_signers.d/") {
        Kind::SignersVersion
    } else if is_written(rel) {
        Kind::Written
    } else if rel.starts_with("tenders/") && name.ends_with(".toml.sig") {
        Kind::Signature
    } else if !rel.starts_with("meetings/") {
        Kind::Other
    } else if name == "journal.jsonl" {
        Kind::Journal
    } else if name == "minutes.md" {
        Kind::Minutes
    } else if name == "minutes.json" {
        Kind::MinutesJson
    } else if name.starts_with("minutes.md.") && name.ends_with(".sig") {
        Kind::Signature
    } else {
        Kind::Other
    }
}

/// The guard: nothing signed is removed or changed through `archive`. Compares the working tree
/// with the last commit (`git diff --name-status HEAD`) and returns, for each record file whose
/// change is refused, the file (relative to the board) and why: a committed journal deleted, or
/// a line already committed changed (appending lines is fine); a committed signature deleted or
/// changed; committed minutes deleted, or changed when they were signed in the last commit or
/// approved; a committed minutes.json deleted; a kept version of allowed_signers deleted or
/// changed. A rename is a deletion here.
fn guard(
    top: &Path,
    prefix: &str,
    in_board: &dyn Fn(&str) -> Option<String>,
    approved: &[String],
) -> Result<Vec<(String, String)>, MinutesError> {
    if git(top, &["rev-parse", "--verify", "-q", "HEAD"]).is_err() {
        // No commit yet: nothing was archived, nothing can be lost.
        return Ok(Vec::new());
    }
    let scope = if prefix.is_empty() { "." } else { prefix };
    let diff = git(
        top,
        &[
            "diff",
            "--name-status",
            "--no-renames",
            "-z",
            "HEAD",
            "--",
            scope,
        ],
    )?;
    let committed = git(
        top,
        &["ls-tree", "-r", "--name-only", "-z", "HEAD", "--", scope],
    )?;
    let committed: Vec<String> = committed
        .split('\0')
        .filter(|p| !p.is_empty())
        .filter_map(in_board)
        .collect();
    let was_signed = |rel: &str| {
        let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        committed.iter().any(|c| {
            c.rsplit_once('/').is_some_and(|(d, n)| {
                d == dir && n.starts_with("minutes.md.") && n.ends_with(".sig")
            })
        })
    };
    let mut refusals = Vec::new();
    let mut fields = diff.split('\0').filter(|s| !s.is_empty());
    while let (Some(code), Some(path)) = (fields.next(), fields.next()) {
        let Some(rel) = in_board(path) else { continue };
        let deleted = code.starts_with('D');
        let changed = code.starts_with('M') || code.starts_with('T');
        if !deleted && !changed {
            continue;
        }
        let meeting = rel
            .strip_prefix("meetings/")
            .and_then(|r| r.split('/').next())
            .unwrap_or("");
        let why = match (kind(&rel), deleted) {
            (Kind::Journal, true) => Some(
                "a committed journal would be deleted (or renamed): the meeting's record is kept for good".to_string(),
            ),
            (Kind::Journal, false) => {
                let before = git_bytes(top, &["show", &format!("HEAD:{path}")])?;
                let now = std::fs::read(top.join(path)).unwrap_or_default();
                (!now.starts_with(&before)).then(|| {
                    "lines already committed would change (only appending lines to a journal is archived)".to_string()
                })
            }
            (Kind::Signature, true) => Some(
                "a committed signature would be deleted (or renamed): signatures are never removed".to_string(),
            ),
            (Kind::Signature, false) => Some(
                "a committed signature would change (re-signed, or edited): signatures are never replaced".to_string(),
            ),
            (Kind::Minutes, true) => Some(
                "committed minutes would be deleted (or renamed): the next meeting's chain cites them".to_string(),
            ),
            (Kind::Minutes, false) if was_signed(&rel) => Some(
                "signed minutes would change: signed minutes are never edited (their signatures are committed)".to_string(),
            ),
            (Kind::Minutes, false) if approved.iter().any(|a| a == meeting) => Some(
                "approved minutes would change: a later meeting approved these bytes".to_string(),
            ),
            (Kind::MinutesJson, true) => Some(
                "a committed minutes.json would be deleted (or renamed): it is kept beside minutes.md (`procboard minutes render` writes it again)".to_string(),
            ),
            (Kind::Written, _) => Some(format!(
                "a committed file of a written procedure would be {}: its proposal, answers and result are signed and counted by SHA-256",
                if deleted { "deleted (or renamed)" } else { "changed" }
            )),
            (Kind::SignersVersion, _) => Some(format!(
                "a kept version of allowed_signers would be {}: signed minutes cite it by SHA-256",
                if deleted { "deleted (or renamed)" } else { "changed" }
            )),
            _ => None,
        };
        if let Some(why) = why {
            refusals.push((rel, why));
        }
    }
    Ok(refusals)
}

/// Whether a path (relative to the board) is a file of a written procedure:
/// `written/<id>/proposal.toml`, `result.toml`, `answers/<member>.toml`, and their `.sig`.
fn is_written(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    let file = |n: &str| {
        let n = n.strip_suffix(".sig").unwrap_or(n);
        n.ends_with(".toml")
    };
    match parts.as_slice() {
        ["written", _, name] => {
            let n = name.strip_suffix(".sig").unwrap_or(name);
            n == "proposal.toml" || n == "result.toml"
        }
        ["written", _, "answers", name] => file(name),
        _ => false,
    }
}

/// Whether a path (relative to the board) belongs to the record `archive` commits.
pub fn is_record(rel: &str) -> bool {
    if is_written(rel) {
        return true;
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if rel == "allowed_signers" || rel == ".gitattributes" || rel.starts_with("allowed_signers.d/")
    {
        return true;
    }
    if rel.starts_with("tenders/") && rel.contains("/sheets/") && name.ends_with(".toml.sig") {
        return true;
    }
    rel.starts_with("meetings/")
        && (name == "journal.jsonl"
            || name == "minutes.md"
            || name == "minutes.json"
            || (name.starts_with("minutes.md.") && name.ends_with(".sig")))
}

/// Commits the board's new or changed record files; pushes with `push`.
///
/// Refuses (nothing done) when the board is in no git repository, when the repository has
/// uncommitted changes to other files (staged, or tracked and modified), and when
/// `minutes verify` does not hold.
pub fn archive(board: &Board, push: bool) -> Result<Archived, MinutesError> {
    let root = &board.root;
    let top = git(root, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        refused(format!(
            "{} is in no git repository\n  hint: `git init` in the board folder (or clone the board's shared repository) first",
            root.display()
        ))
    })?;
    let top = PathBuf::from(top.trim());
    let board_abs = root.canonicalize().map_err(|e| MinutesError::Io {
        what: "cannot resolve",
        path: root.clone(),
        source: e,
    })?;
    let top_abs = top.canonicalize().unwrap_or(top.clone());
    let prefix = board_abs
        .strip_prefix(&top_abs)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let in_board = |path: &str| -> Option<String> {
        if prefix.is_empty() {
            Some(path.to_string())
        } else {
            path.strip_prefix(&format!("{prefix}/")).map(str::to_string)
        }
    };
    // Temporary files of an interrupted render or sign: never part of the record.
    for doc in &board.meetings {
        crate::atomic::remove_stale(&root.join("meetings").join(&doc.id));
    }
    let report = super::verify::verify_board(board);
    let approved: Vec<String> = report
        .meetings
        .iter()
        .filter(|m| m.approved_in.is_some())
        .map(|m| m.meeting.clone())
        .collect();
    let refusals = guard(&top_abs, &prefix, &in_board, &approved)?;
    if !refusals.is_empty() {
        let list: Vec<String> = refusals
            .iter()
            .map(|(f, why)| format!("  {f}: {why}"))
            .collect();
        return Err(refused(format!(
            "refused: the commit would remove or change what is already archived; nothing was committed\n{}\n  hint: restore the files from the last commit (`git checkout HEAD -- <file>`); a signed record is never removed or changed, only added to",
            list.join("\n")
        )));
    }
    if !report.ok {
        return Err(refused(format!(
            "the record does not verify; nothing was committed\n{report}  hint: `procboard minutes verify {}` shows the same report",
            root.display()
        )));
    }
    // Every change in the repository, as `git status` sees it (paths from the top).
    let status = git(
        &top_abs,
        &["status", "--porcelain=v1", "-z", "--untracked-files=all"],
    )?;
    let mut ours = Vec::new();
    let mut deleted = Vec::new();
    let mut unrelated = Vec::new();
    let mut fields = status.split('\0').filter(|s| !s.is_empty());
    while let Some(entry) = fields.next() {
        if entry.len() < 4 {
            continue;
        }
        let (code, path) = entry.split_at(3);
        if code.starts_with('R') || code.starts_with('C') {
            // A rename or copy: the next field is the source path.
            let _ = fields.next();
        }
        let untracked = code.starts_with("??");
        match in_board(path) {
            Some(rel) if is_record(&rel) => {
                ours.push(path.to_string());
                if code.contains('D') {
                    deleted.push(path.to_string());
                }
            }
            _ if untracked => {}
            _ => unrelated.push(path.to_string()),
        }
    }
    if !unrelated.is_empty() {
        return Err(refused(format!(
            "the repository has uncommitted changes to other files: {}\n  hint: commit or stash them first; `archive` commits only journals, minutes, signatures, written procedures and allowed_signers",
            unrelated.join(", ")
        )));
    }
    if ours.is_empty() {
        return Ok(Archived {
            files: Vec::new(),
            commit: None,
            pushed: false,
        });
    }
    let mut add = vec!["add", "-A", "--"];
    add.extend(ours.iter().map(String::as_str));
    git(&top_abs, &add)?;
    let meetings: std::collections::BTreeSet<String> = ours
        .iter()
        .filter_map(|p| in_board(p))
        .filter_map(|rel| {
            rel.strip_prefix("meetings/")
                .and_then(|r| r.split('/').next())
                .map(str::to_string)
                .or_else(|| {
                    rel.strip_prefix("written/")
                        .and_then(|r| r.split('/').next())
                        .map(|id| format!("written/{id}"))
                })
        })
        .collect();
    let message = format!(
        "procboard archive: {}{}",
        board.file.board.id.get_ref(),
        if meetings.is_empty() {
            String::new()
        } else {
            format!(": {}", meetings.into_iter().collect::<Vec<_>>().join(", "))
        }
    );
    git(&top_abs, &["commit", "-q", "-m", &message])?;
    let commit = git(&top_abs, &["rev-parse", "--short", "HEAD"])?
        .trim()
        .to_string();
    if push {
        git(&top_abs, &["push", "-q"])?;
    }
    Ok(Archived {
        files: ours
            .into_iter()
            .map(|f| {
                if deleted.contains(&f) {
                    format!("{f} (deleted)")
                } else {
                    f
                }
            })
            .collect(),
        commit: Some(commit),
        pushed: push,
    })
}

#[cfg(test)]
mod tests {
    use super::is_record;

    #[test]
    fn the_record_is_journals_minutes_signatures_and_signers() {
        for yes in [
            "allowed_signers",
            "allowed_signers.d/2024",
            ".gitattributes",
            "meetings/m/journal.jsonl",
            "meetings/m/minutes.md",
            "meetings/m/minutes.json",
            "meetings/m/minutes.md.chair.sig",
            "tenders/t/sheets/member.toml.sig",
            "written/w/proposal.toml",
            "written/w/proposal.toml.sig",
            "written/w/answers/m.toml",
            "written/w/answers/m.toml.sig",
            "written/w/result.toml.sig",
        ] {
            assert!(is_record(yes), "{yes}");
        }
        for no in [
            "board.toml",
            "meetings/m/agenda.toml",
            "meetings/m/journal.lock",
            "meetings/m/journal.jsonl.torn-1",
            "tenders/t.toml",
            "tenders/t/sheets/member.toml",
            "minutes.md",
            "written/w/notes.txt",
            "written/w/answers/m.txt",
        ] {
            assert!(!is_record(no), "{no}");
        }
    }
}
