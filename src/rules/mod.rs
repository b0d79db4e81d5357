//! Pure domain rules: no I/O, no clock, exact decimal arithmetic.

pub mod apportion;
pub mod dispute;
pub mod quorum;
pub mod rotation;
pub mod scoring;
pub mod standstill;
pub mod voting;
