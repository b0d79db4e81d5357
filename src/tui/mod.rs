//! The meeting console (ratatui), Elm style.
//!
//! - [`app`]: the [`app::Model`]: the meeting as the library folded it, plus screens, overlays
//!   and selections.
//! - [`update`]: `update(&mut Model, Msg) -> Vec<Effect>`, pure; acts become
//!   [`update::Effect::Record`].
//! - [`forms`]: a form's fields → the event, through the JSON `meeting record` reads.
//! - [`view`] (screens, overlays) and [`projector`]: drawing, no side effects; [`words`]: events
//!   in the words of the record.
//! - [`review`]: `procboard review`'s private notes and the member's own score sheet.
//! - [`picker`]: the member picker (a list on screen, type-ahead, `Enter` on the highlighted row).
//! - [`keymap`]: keys as data (dispatch, help, hints, the guide's table), user overrides.
//! - [`theme`]: styles by meaning; `NO_COLOR` selects mono.
//! - [`driver`]: terminal, event loop, effects through [`crate::meeting::Meeting::record`].
//!
//! The console holds no state the journal lacks: every act is recorded through the same call as
//! `procboard meeting <DIR> record`, and shown as done only once that call returned.

pub mod app;
pub mod driver;
pub mod forms;
pub mod keymap;
pub mod picker;
pub mod projector;
pub mod review;
pub mod theme;
pub mod update;
pub mod view;
pub mod words;
