//! procboard: the library behind the `procboard` terminal tool for joint procurement boards.
//!
//! The modules stand on floors, and each imports only from the floors below it (ARCHITECTURE.md
//! has the table, and `tests/architecture.rs` holds the code to it):
//!
//! 1. [`diag`] (diagnostics with file, line and column), [`limits`] (the guarded reader and its
//!    size limits), [`exit`] (what kind of failure an error is), [`atomic`] (atomic writes) and
//!    [`rules`] (pure functions: rotation, apportionment, quorum, voting, scoring, standstill;
//!    Decimal in, Decimal out; no I/O, no clock).
//! 2. [`board`]: the board as written in TOML (model types, reading, validation, resolution into
//!    the rules' terms).
//! 3. [`record`]: a meeting's hash-chained journal, its events and its state as a fold; and
//!    [`signature`]: allowed_signers, SSHSIG, signed score sheets.
//! 4. [`disputes`]: the dispute register from files and every journal, read through
//!    [`record::reader`] (`procboard disputes`); and [`ballot`]: ballot files tallied by the
//!    board's rules (`procboard tally`); and [`phrases`]: every fixed phrase of the minutes and
//!    the console, per language, with one line per journal event kind; and [`witness`]: members'
//!    signed statements of the archive's state, checked by `minutes verify`.
//! 5. [`tender`]: a tender's evaluation from files and a meeting's live scores and recusals, taken
//!    as plain data ([`tender::LiveInput`]); award standstill and OCDS award status.
//! 6. [`meeting`]: a meeting folder opened for reading or writing, with its disputes and tenders
//!    in view (`procboard meeting`); and [`report`]: a tender evaluation as text and JSON
//!    (`procboard score`); and [`contracts`]: contracts after the award, members' KPI reports,
//!    the benchmark, breaches, remedies, savings and supplier diversity (`procboard contracts`);
//!    and [`written`]: decisions between meetings by written procedure
//!    (signed proposal, answers and result; `procboard written`).
//! 7. [`minutes`]: minutes rendered from a journal, signed by role, verified and archived
//!    (`procboard minutes`).
//! 8. [`export`]: open contracting (the OCDS release package, `procboard export ocds`), the
//!    performance figures (`procboard stats`) and the public archive site (`procboard publish`).
//! 9. [`tui`]: the meeting console and the members' review (`procboard meet`, `procboard review`).
//! 10. [`manpage`]: the man page rendered from the clap definitions it is given.
//! 11. [`cli`]: the clap commands, each a thin call into the library; it alone turns an error's
//!     [`exit::Fault`] into the process's exit code.

pub mod atomic;
pub mod ballot;
pub mod board;
pub mod cli;
pub mod contracts;
pub mod diag;
pub mod disputes;
pub mod exit;
pub mod export;
pub mod limits;
pub mod manpage;
pub mod meeting;
pub mod minutes;
pub mod phrases;
pub mod record;
pub mod report;
pub mod rules;
pub mod signature;
pub mod tender;
pub mod tui;
pub mod witness;
pub mod written;
