//! The `[closed_session]` table of board.toml: the grounds on which the board may hold an agenda
//! item in closed session, the staff who may stay in the room, and where the closed records are
//! kept. Checked in `validate::closed`; the closed journal itself lives in `crate::record::closed`.

use serde::Deserialize;
use toml::Spanned;

/// `[closed_session]`: when and with whom the board sits without the public.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosedSessionRules {
    /// The grounds a closed item may give (`grounds = [{ id = "…", text = "…" }]`).
    #[serde(default)]
    pub grounds: Vec<Ground>,
    /// Staff who may stay in the room besides the members' delegates (names).
    #[serde(default)]
    pub staff: Vec<Spanned<String>>,
    /// Where closed records are kept instead of `meetings/<id>/closed/`: a folder path relative
    /// to the board folder (e.g. `../closed-records`), holding `<meeting-id>/journal.jsonl`.
    pub records: Option<Spanned<String>>,
}

/// One ground for closed session.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ground {
    /// The ground's id, as an agenda item's `ground` names it.
    pub id: Spanned<String>,
    /// The ground in words, as the public journal, the minutes and the projector show it.
    pub text: String,
}

/// Whether an agenda item is held in public (the default) or in closed session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Session {
    /// In public.
    #[default]
    Public,
    /// In closed session, on a ground listed in `[closed_session]`.
    Closed,
}

impl ClosedSessionRules {
    /// The ground with this id.
    pub fn ground(&self, id: &str) -> Option<&Ground> {
        self.grounds.iter().find(|g| g.id.get_ref() == id)
    }

    /// The staff names.
    pub fn staff_names(&self) -> Vec<String> {
        self.staff.iter().map(|s| s.get_ref().clone()).collect()
    }
}
