//! The minutes' view of the shared phrase catalogue ([`crate::phrases`]): the minutes and the
//! console phrase events from the same per-language [`Catalogue`].

pub use crate::phrases::{Catalogue, EN, FR, catalogue, code, fill};
