//! Signatures, one concern for minutes and score sheets: OpenSSH's `allowed_signers` with its
//! validity windows ([`allowed`]), and signed score sheets ([`sheets`]). Minutes signing builds
//! on [`allowed`] one floor up, in `minutes::sign`.

pub mod allowed;
pub mod sheets;

use std::path::Path;

use crate::board::load::Loaded;

/// Loads and checks the board at `root` as [`crate::board::load`] does, and adds what only the
/// signatures can tell: a score sheet whose signature is refused (or missing where the board
/// requires signed sheets) is a warning, since `score` then leaves that sheet out.
pub fn load_board(root: &Path) -> Loaded {
    let mut loaded = crate::board::load(root);
    if let Some(board) = &loaded.board {
        let mut warnings = sheets::check_sheets(board);
        warnings.extend(refused_links(board));
        if !warnings.is_empty() {
            loaded.diagnostics.extend(warnings);
            crate::diag::sort(&mut loaded.diagnostics);
        }
    }
    loaded
}

/// The files beside the TOML files that commands read, which `board::load` does not: the board's
/// `allowed_signers` and every file in `allowed_signers.d/`, and every file of a meeting folder
/// but its journal and lock (minutes, their JSON, their signatures; the journal reader refuses a
/// link there in its own words, exit 1). A symbolic link among them that leads outside the
/// board folder, nowhere, or round in a loop is an error naming the link and where it leads:
/// such a file is never read, by any command. (Score sheets' `.sig` files are listed, and links
/// among them refused, with the sheets.)
pub fn refused_links(board: &crate::board::Board) -> Vec<crate::diag::Diagnostic> {
    let root = &board.root;
    let mut paths = vec![
        std::path::PathBuf::from(allowed::FILE),
        std::path::PathBuf::from("allowed_signers.d"),
    ];
    let mut folders = vec![std::path::PathBuf::from("allowed_signers.d")];
    folders.extend(
        board
            .meetings
            .iter()
            .map(|m| Path::new("meetings").join(&m.id)),
    );
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(root.join(&folder)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with("journal.") {
                paths.push(folder.join(name));
            }
        }
    }
    paths.sort();
    let mut out = Vec::new();
    for rel in paths {
        let path = root.join(&rel);
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            continue;
        }
        match crate::limits::check_inside(root, &path) {
            Ok(_) | Err(crate::limits::ReadError::Folder) => {}
            Err(e) => out.push(
                crate::diag::Diagnostic::file_error(&rel, format!("not read: {e}"))
                    .with_hint(e.hint()),
            ),
        }
    }
    out
}
