//! A meeting's record: the hash-chained journal, the events it holds and the meeting's state as
//! a fold over them. Nothing here knows disputes, tenders or minutes: those read the record.
//!
//! - [`journal`]: the storage engine: one JSON line per event, hash-chained, flushed before an
//!   append returns, one writer at a time, torn tails set aside.
//! - [`event`]: what can happen in a meeting, as journal lines.
//! - [`state`]: the meeting's state as a fold over its events, and the checks every new event
//!   must pass; board facts come in as plain data ([`state::Context`]).
//! - [`closed`]: closed sessions: the events the public journal keeps of them, the routing of
//!   what is said in closed session to the closed journal, and the seal that binds the two.
//! - [`speakers`]: the speakers' lists, the speeches and the meeting's pace against the plan.
//! - [`reader`]: every journal of a board, read-only (the dispute register reads through it).

pub mod event;
pub mod journal;
pub mod reader;
pub mod state;
pub use state::{closed, speakers};
