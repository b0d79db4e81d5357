//! procboard: the library behind the `procboard` terminal tool for joint procurement boards.
//!
//! Where each concern lives:
//! - [`board`]: the board as written in TOML (model types, loading, validation, diagnostics).
//! - [`rules`]: pure functions (rotation, apportionment, quorum, voting, tender scoring, standstill).
//!   Decimal in, Decimal out; no I/O, no clock.
//! - [`meeting`]: the meeting as an append-only journal of events; state is a fold over events.
//! - [`ballot`]: ballot files tallied by the board's rules (`procboard tally`).
//! - [`tender`]: a tender's evaluation from files and journal, award standstill (`procboard score`).
//! - [`disputes`]: the dispute register from files and journals (`procboard disputes`).
//! - [`cli`]: the clap commands, each a thin call into the library.

pub mod ballot;
pub mod board;
pub mod cli;
pub mod diag;
pub mod disputes;
pub mod limits;
pub mod meeting;
pub mod report;
pub mod rules;
pub mod tender;
