//! Closed sessions in the console: opening a closed item enters closed session, closing it
//! first ends the session (sealing the closed record), `U` reports a result out, `Z` shows the
//! room the item on the projector or hides it again.

use super::*;
use crate::record::closed::{ClosedSessionBegan, ClosedSessionEnded};

/// `Z` (show or hide the closed item on the projector) and `U` (report out a result).
pub(super) fn act_closed(model: &mut Model, action: Action, item: Option<String>) -> Vec<Effect> {
    match action {
        Action::ShowClosed => {
            if model.state.closed_now().is_none() {
                model.show_closed = false;
                return info(
                    model,
                    "no closed session is open: the projector shows the meeting",
                );
            }
            model.show_closed = !model.show_closed;
            let text = if model.show_closed {
                "the projector shows the room the closed item (Z hides it again)"
            } else {
                "the projector shows CLOSED SESSION and the ground only"
            };
            info(model, text)
        }
        Action::ReportOut => {
            let on = model
                .state
                .closed
                .held
                .iter()
                .rev()
                .find(|s| s.sealed.is_some())
                .map(|s| s.item.clone())
                .or(item)
                .unwrap_or_default();
            form(
                model,
                "Report out a result of the closed session",
                "reported_out",
                vec![
                    Field::new("item", "item", FieldKind::Text, &on),
                    Field::new("text", "what the board announces", FieldKind::Required, ""),
                ],
            )
        }
        _ => Vec::new(),
    }
}

/// The event `c` (close the item) records for `item`: the end of its closed session while one is
/// open on it, else the item's closing.
pub(super) fn close_item_event(model: &Model, item: String) -> Event {
    match model.state.closed_now() {
        Some(s) if s.item == item => Event::ClosedSessionEnded(ClosedSessionEnded {
            item,
            lines: 0,
            bytes: 0,
            sha256: String::new(),
        }),
        _ => Event::ItemClosed { item },
    }
}

/// What follows a recorded event by itself: a closed item just taken up goes into closed
/// session.
pub(super) fn follow_up(model: &mut Model, event: &Event) -> Vec<Effect> {
    match event {
        Event::ItemOpened { item }
            if model
                .state
                .ctx
                .items
                .iter()
                .any(|i| &i.id == item && i.closed.is_some()) =>
        {
            model.show_closed = false;
            record(
                model,
                Event::ClosedSessionBegan(ClosedSessionBegan {
                    item: item.clone(),
                    ground: String::new(),
                    ground_text: String::new(),
                    members: Vec::new(),
                    staff: Vec::new(),
                }),
            )
        }
        Event::ClosedSessionEnded(_) => {
            model.show_closed = false;
            Vec::new()
        }
        _ => Vec::new(),
    }
}
