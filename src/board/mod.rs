//! The board as written in TOML: model types, loading, validation and diagnostics.
//!
//! A board is a folder:
//! ```text
//! board.toml                         the body, members, weights, seats, rotation, rules, calendar
//! meetings/<id>/agenda.toml          a meeting and its ordered items
//! tenders/<id>.toml                  a tender: lots, criteria, price formula, standstill, bids
//! tenders/<id>/sheets/<member>.toml  a member's individual scores, submitted before the meeting
//! tenders/<id>/consensus.toml        the panel's consensus scores (moderation = consensus)
//! disputes/<id>.toml                 a dispute or bid protest and its status history
//! ```
//! `docs/board-format.md` documents every key.

pub mod closed;
pub mod load;
mod members;
pub mod minutes;
pub mod model;
pub mod parse;
pub mod resolve;
pub mod summary;
pub mod synthetic;
pub mod validate;
pub mod written;

pub use load::{Board, Loaded};

/// Loads and validates the board folder at `root`, reporting every problem found, sorted by file
/// and position: each file read and parsed ([`load::read`]), then the checks across files
/// ([`validate::validate`]).
pub fn load(root: &std::path::Path) -> Loaded {
    let mut loaded = load::read(root);
    if let Some(b) = &loaded.board {
        let more = validate::validate(b);
        loaded.diagnostics.extend(more);
    }
    crate::diag::sort(&mut loaded.diagnostics);
    loaded
}

/// Decision kinds every board has, even without a `[decisions.<kind>]` table: they then use
/// `[decisions.default]` (or the built-in defaults).
pub const DEFAULT_DECISION_KINDS: &[&str] = &[
    "default",
    "procedural",
    "minutes",
    "motion",
    "award",
    "dispute",
];
