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
        let warnings = sheets::check_sheets(board);
        if !warnings.is_empty() {
            loaded.diagnostics.extend(warnings);
            crate::diag::sort(&mut loaded.diagnostics);
        }
    }
    loaded
}
