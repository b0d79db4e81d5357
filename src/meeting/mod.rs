//! The meeting as a journal of events.

pub mod journal;
