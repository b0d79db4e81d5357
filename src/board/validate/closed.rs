//! Checks of closed sessions: board.toml's `[closed_session]` (grounds with unique ids, a
//! records folder that is a relative path) and each agenda item's `session` and `ground`.

use super::*;
use crate::board::closed::Session;

impl Validator<'_> {
    /// `[closed_session]` in board.toml.
    pub(super) fn closed_session(&mut self) {
        let cfg = &self.board.file.closed_session;
        let f = Path::new("board.toml");
        self.unique(f, cfg.grounds.iter().map(|g| &g.id), "ground");
        for g in &cfg.grounds {
            if g.text.trim().is_empty() {
                self.err(
                    f,
                    g.id.span(),
                    format!("ground `{}` has no `text`", g.id.get_ref()),
                    Some("text = the ground in words, as the public record shows it".into()),
                );
            }
        }
        if let Some(r) = &cfg.records {
            let p = Path::new(r.get_ref());
            if r.get_ref().trim().is_empty() || p.is_absolute() {
                self.err(
                    f,
                    r.span(),
                    "`records` must be a folder path relative to the board folder",
                    Some("e.g. records = \"../closed-records\"".into()),
                );
            }
        }
    }

    /// An agenda item's `session` and `ground`: a closed item names a ground listed in
    /// board.toml; a public item names none.
    pub(super) fn closed_item(&mut self, f: &Path, item: &Item) {
        let id = item.id.get_ref();
        let closed = item
            .session
            .as_ref()
            .is_some_and(|s| *s.get_ref() == Session::Closed);
        let grounds: Vec<&str> = self
            .board
            .file
            .closed_session
            .grounds
            .iter()
            .map(|g| g.id.get_ref().as_str())
            .collect();
        match (&item.session, &item.ground) {
            (Some(s), None) if closed => {
                let hint = if grounds.is_empty() {
                    "list the grounds in board.toml: [closed_session] grounds = [{ id = \"…\", text = \"…\" }], then name one here with ground = \"<id>\"".to_string()
                } else {
                    format!("ground = one of {}", list(&grounds))
                };
                self.err(
                    f,
                    s.span(),
                    format!("item `{id}` is held in closed session but gives no `ground`"),
                    Some(hint),
                );
            }
            (_, Some(g)) if closed && !grounds.contains(&g.get_ref().as_str()) => {
                let hint = if grounds.is_empty() {
                    "board.toml lists no grounds: add them under [closed_session] grounds"
                        .to_string()
                } else {
                    format!(
                        "grounds listed in board.toml [closed_session]: {}",
                        list(&grounds)
                    )
                };
                self.err(
                    f,
                    g.span(),
                    format!(
                        "item `{id}`: `{}` is not a ground listed in board.toml",
                        g.get_ref()
                    ),
                    Some(hint),
                );
            }
            (_, Some(_)) if closed => {}
            (_, Some(g)) => self.err(
                f,
                g.span(),
                format!("item `{id}` gives a `ground` but is not held in closed session"),
                Some("add session = \"closed\", or remove `ground`".into()),
            ),
            _ => {}
        }
    }
}
