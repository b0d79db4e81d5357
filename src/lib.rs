//! procboard: the library behind the `procboard` terminal tool for joint procurement boards.
//!
//! Where each concern lives:
//! - [`board`]: the board as written in TOML (model types, loading, validation, diagnostics).
//! - [`rules`]: pure functions (rotation, apportionment, quorum, voting, tender scoring, standstill).
//!   Decimal in, Decimal out; no I/O, no clock.
//! - [`meeting`]: the meeting as an append-only journal of events; state is a fold over events.
//! - [`ballot`]: ballot files tallied by the board's rules (`procboard tally`).
//! - [`tender`]: a tender's evaluation from files and a meeting's live scores and recusals, taken
//!   as plain data ([`tender::LiveInput`]); award standstill and OCDS award status
//!   (`procboard score`).
//! - [`disputes`]: the dispute register from files and journals, read through the one reader the
//!   meeting module offers ([`meeting::reader`]) (`procboard disputes`).
//! - [`minutes`]: minutes rendered from a journal, signed by role, verified (`procboard minutes`).
//! - [`phrases`]: every fixed phrase of the minutes and the console, per language, and one line
//!   per journal event kind (shared by the minutes and the meeting console).
//! - [`export`]: the public archive site (`procboard publish`).
//! - [`sign`]: signed score sheets (`procboard sign`), marked by `score` and `check`.
//! - [`export`]: open contracting: the OCDS release package (`procboard export ocds`) and the
//!   performance figures (`procboard stats`), as values for the CLI and the public site.
//! - [`tui`]: the meeting console (`procboard meet`), on the same library calls as the CLI.
//! - [`cli`]: the clap commands, each a thin call into the library.
//!
//! Tenders, disputes and meetings depend on each other one way: `meeting::{journal, event,
//! reader}` ← `disputes` ← `tender` ← `meeting::{Meeting, status}`.

pub mod ballot;
pub mod board;
pub mod cli;
pub mod diag;
pub mod disputes;
pub mod export;
pub mod limits;
pub mod meeting;
pub mod minutes;
pub mod phrases;
pub mod report;
pub mod rules;
pub mod sign;
pub mod tender;
pub mod tui;
