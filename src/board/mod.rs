//! Board model
