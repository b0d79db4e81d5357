//! `procboard archive`: commits a board's record (journals, minutes, signatures of minutes and of
//! score sheets, allowed_signers) to the git repository that holds the board, through the user's
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
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether a path (relative to the board) belongs to the record `archive` commits.
pub fn is_record(rel: &str) -> bool {
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
    let report = super::verify::verify_board(board);
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
            Some(rel) if is_record(&rel) => ours.push(path.to_string()),
            _ if untracked => {}
            _ => unrelated.push(path.to_string()),
        }
    }
    if !unrelated.is_empty() {
        return Err(refused(format!(
            "the repository has uncommitted changes to other files: {}\n  hint: commit or stash them first; `archive` commits only journals, minutes, signatures and allowed_signers",
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
    let mut add = vec!["add", "--"];
    add.extend(ours.iter().map(String::as_str));
    git(&top_abs, &add)?;
    let meetings: std::collections::BTreeSet<String> = ours
        .iter()
        .filter_map(|p| in_board(p))
        .filter_map(|rel| {
            rel.strip_prefix("meetings/")
                .and_then(|r| r.split('/').next())
                .map(str::to_string)
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
        files: ours,
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
        ] {
            assert!(!is_record(no), "{no}");
        }
    }
}
