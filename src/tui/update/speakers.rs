//! The speakers' list acts: screen 7's keys, and the global `T` (the next speech starts, or the
//! speech under way ends) and `!` (a point of order, to the front of the list). Each act asks for
//! one journal event; nothing changes on screen before the library has recorded it.

use super::{Effect, Field, FieldKind, Model, Overlay, Screen, form, info, record, screen};
use crate::record::event::{
    Event, SpeakerMoved, SpeakerOnList, SpeakerRequested, SpeakerRole, SpeechEnded,
};
use crate::record::speakers::Waiting;
use crate::tui::keymap::Action;
use crate::tui::picker::{Picker, Then};

/// Who waits on the open item's list, in order (empty between items).
pub(super) fn waiting(model: &Model) -> &[Waiting] {
    match model.state.current_item() {
        Some(i) => model.state.speakers.waiting(&i.id),
        None => &[],
    }
}

/// The event a member chosen in the picker makes: a request, or a point of order.
pub(super) fn request(item: &str, member: String, point_of_order: bool) -> Event {
    let r = SpeakerRequested {
        item: item.to_string(),
        speaker: member,
        role: SpeakerRole::Member,
    };
    if point_of_order {
        Event::PointOfOrder(r)
    } else {
        Event::SpeakerRequested(r)
    }
}

/// Runs a speakers' action.
pub(super) fn act(model: &mut Model, action: Action) -> Vec<Effect> {
    use Action as A;
    if action == A::ScreenSpeakers {
        return screen(model, Screen::Speakers);
    }
    let Some(item) = model.state.current_item().map(|i| i.id.clone()) else {
        return info(
            model,
            "no item is open: the speakers' list is kept per item (2, then o takes one up)",
        );
    };
    // The row highlighted, kept on the list when it has shrunk under it.
    let len = waiting(model).len();
    model.sel.speaker = model.sel.speaker.min(len.saturating_sub(1));
    let selected = waiting(model).get(model.sel.speaker).cloned();
    match action {
        A::NextSpeech => next_speech(model, &item),
        A::PointOfOrder | A::AddSpeaker => {
            let point_of_order = action == A::PointOfOrder;
            let choices = model.member_choices(|st, m| st.is_present(m));
            let title = if point_of_order {
                format!("Item {item}: point of order raised by")
            } else {
                format!("Item {item}: asks to speak")
            };
            model.overlays.push(Overlay::Picker(Picker::new(
                title,
                choices,
                Then::Speaker {
                    item,
                    point_of_order,
                },
            )));
            Vec::new()
        }
        A::AddSpeakerByName => {
            let public = model
                .state
                .ctx
                .items
                .iter()
                .any(|i| i.id == item && i.public_comment);
            form(
                model,
                "Add a speaker by name",
                "speaker_requested",
                vec![
                    Field::new("item", "item", FieldKind::Text, &item),
                    Field::new(
                        "role",
                        "role (officer, public)",
                        FieldKind::Text,
                        if public { "public" } else { "officer" },
                    ),
                    Field::new(
                        "point_of_order",
                        "point of order (yes: to the front of the list)",
                        FieldKind::PointOfOrder,
                        "no",
                    ),
                    Field::new("speaker", "name", FieldKind::Required, ""),
                ],
            )
        }
        A::RemoveSpeaker | A::StartSpeech => {
            let Some(w) = selected else {
                return info(
                    model,
                    "nobody waits to speak: a adds a member, n anyone else",
                );
            };
            let on = SpeakerOnList {
                item,
                speaker: w.speaker,
            };
            record(
                model,
                if action == A::RemoveSpeaker {
                    Event::SpeakerRemoved(on)
                } else {
                    Event::SpeechStarted(on)
                },
            )
        }
        A::SpeakerUp | A::SpeakerDown => {
            let Some(w) = selected else {
                return info(
                    model,
                    "nobody waits to speak: a adds a member, n anyone else",
                );
            };
            let at = model.sel.speaker;
            let to = if action == A::SpeakerUp {
                at.checked_sub(1)
            } else {
                Some(at + 1).filter(|t| *t < waiting(model).len())
            };
            let Some(to) = to else {
                return info(model, "already at that end of the list");
            };
            model.sel.speaker = to;
            record(
                model,
                Event::SpeakerMoved(SpeakerMoved {
                    item,
                    speaker: w.speaker,
                    position: u32::try_from(to + 1).unwrap_or(u32::MAX),
                }),
            )
        }
        A::EndSpeech => match &model.state.speakers.current {
            Some(_) => record(model, Event::SpeechEnded(SpeechEnded { item })),
            None => info(model, "nobody has the floor"),
        },
        _ => Vec::new(),
    }
}

/// `T`: the speech under way ends; else the first speaker waiting starts.
fn next_speech(model: &mut Model, item: &str) -> Vec<Effect> {
    if model.state.speakers.current.is_some() {
        return record(
            model,
            Event::SpeechEnded(SpeechEnded {
                item: item.to_string(),
            }),
        );
    }
    let Some(first) = waiting(model).first().cloned() else {
        return info(
            model,
            "nobody waits to speak: 7 shows the speakers' list (a adds a member, ! a point of order)",
        );
    };
    model.sel.speaker = 0;
    record(
        model,
        Event::SpeechStarted(SpeakerOnList {
            item: item.to_string(),
            speaker: first.speaker,
        }),
    )
}
