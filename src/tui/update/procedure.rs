//! The acts of the room's procedure: an amendment to the motion on the floor (`a`, a form with
//! the motion's text prefilled, to be edited into the text as amended), pulling an item off the
//! consent agenda (`p`), the consent block (`b`), a recess and the resumption (`R`).

use super::*;

/// One act of the procedure; `item` is the agenda's selected item, `motion` the motion on the
/// floor (the selected one, else the latest still pending).
pub(super) fn act(
    model: &mut Model,
    action: Action,
    item: Option<String>,
    motion: Option<String>,
) -> Vec<Effect> {
    match action {
        Action::MoveAmendment => amendment_form(model, motion.as_deref()),
        Action::PullConsent => pull_form(model, item),
        Action::MoveConsentBlock => block_form(model),
        Action::RecessResume => recess_or_resume(model),
        _ => Vec::new(),
    }
}

/// The first free id of the form `<prefix><n>`.
fn next_id(state: &MeetingState, prefix: &str) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| state.motion(id).is_none())
        .unwrap_or_default()
}

/// An amendment to the motion on the floor: its text prefilled, to be edited into the whole
/// text as amended.
fn amendment_form(model: &mut Model, motion: Option<&str>) -> Vec<Effect> {
    let Some(m) = motion
        .and_then(|id| model.state.motion(id))
        .filter(|m| m.status == MotionStatus::Debate)
    else {
        return info(
            model,
            "no motion in debate to amend: move one first (m); an amendment comes before the question is put",
        );
    };
    let (id, item, text) = (m.id.clone(), m.item.clone(), m.text.clone());
    let next = next_id(&model.state, "a");
    form(
        model,
        &format!("Amend motion {id}: its whole text as amended"),
        "motion_moved",
        vec![
            Field::new("motion", "amendment id", FieldKind::Text, &next),
            Field::new("item", "item", FieldKind::Text, &item),
            Field::new("amends", "amends motion", FieldKind::Text, &id),
            Field::new("mover", "moved by (member)", FieldKind::Text, ""),
            Field::new("text", "text as amended", FieldKind::Required, &text),
            Field::new(
                "decision",
                "decision kind (empty: the board's for amendments)",
                FieldKind::Optional,
                "",
            ),
        ],
    )
}

/// Pulls the selected item off the consent agenda; the member who asks is entered.
fn pull_form(model: &mut Model, item: Option<String>) -> Vec<Effect> {
    let on_agenda = model.state.consent_items();
    let Some(item) = item.filter(|i| on_agenda.contains(i)) else {
        return info(
            model,
            format!(
                "the selected item is not on the consent agenda (on it: {})",
                if on_agenda.is_empty() {
                    "none".to_string()
                } else {
                    on_agenda.join(", ")
                }
            ),
        );
    };
    form(
        model,
        &format!("Pull item {item} off the consent agenda"),
        "consent_pulled",
        vec![
            Field::new("item", "item", FieldKind::Text, &item),
            Field::new("member", "pulled by (member)", FieldKind::Text, ""),
        ],
    )
}

/// The consent block: every item still on the consent agenda, adopted by one vote.
fn block_form(model: &mut Model) -> Vec<Effect> {
    let items = model.state.consent_items();
    if items.is_empty() {
        return info(model, "no item is on the consent agenda now");
    }
    let next = next_id(&model.state, "cb");
    form(
        model,
        "Move the consent block (one vote for every item listed)",
        "motion_moved",
        vec![
            Field::new("motion", "motion id", FieldKind::Text, &next),
            Field::new(
                "item",
                "item",
                FieldKind::Text,
                crate::record::state::consent::CONSENT_ITEM,
            ),
            Field::new("consent", "items", FieldKind::List, &items.join(" ")),
            Field::new("mover", "moved by (member)", FieldKind::Text, ""),
            Field::new(
                "decision",
                "decision kind (empty: the board's for the consent block)",
                FieldKind::Optional,
                "",
            ),
        ],
    )
}

/// In recess: resume at once. Otherwise the recess, with its reason (may be left empty).
fn recess_or_resume(model: &mut Model) -> Vec<Effect> {
    if model.state.in_recess().is_some() {
        return record(model, Event::Resumed {});
    }
    form(
        model,
        "Recess (nothing is moved or voted until R resumes)",
        "recessed",
        vec![Field::new(
            "reason",
            "reason or until when (may be empty)",
            FieldKind::Optional,
            "",
        )],
    )
}
