//! What the console and the projector show of the room's procedure: the recess in the header,
//! consent items on the agenda, amendments with the motion they amend, "motion as amended".

use ratatui::text::{Line, Span};

use super::local_time;
use crate::record::state::{MotionState, MotionStatus};
use crate::tui::app::Model;
use crate::tui::theme::Theme;

/// "IN RECESS since 19:40 (R resumes)" in the header while the meeting is in recess.
pub(crate) fn recess_span(model: &Model, t: &Theme) -> Option<Span<'static>> {
    let r = model.state.in_recess()?;
    Some(Span::styled(
        format!("IN RECESS since {} (R resumes)", local_time(model, r.at)),
        t.warn,
    ))
}

/// The projector's word for a recess: "RECESS since 19:40 · ".
pub(crate) fn recess_word(model: &Model) -> Option<String> {
    let r = model.state.in_recess()?;
    Some(format!("RECESS since {} · ", local_time(model, r.at)))
}

/// The tag of an agenda row on the consent agenda, before its title: "[consent] ",
/// "[pulled by …] " or "[adopted on consent] ".
pub(crate) fn consent_tag(model: &Model, item: &str, t: &Theme) -> Option<Span<'static>> {
    let a = model.state.ctx.items.iter().find(|i| i.id == item)?;
    if !a.consent {
        return None;
    }
    let s = &model.state;
    let (text, style) = if s.consent.adopted.iter().any(|i| i == item) {
        ("[adopted on consent] ".to_string(), t.good)
    } else if let Some(p) = s.consent.pulled.iter().find(|p| p.item == item) {
        (
            format!("[pulled by {}] ", model.info.name(&p.member)),
            t.warn,
        )
    } else {
        ("[consent] ".to_string(), t.warn)
    };
    Some(Span::styled(text, style))
}

/// "motion a1 (amends m1)", "consent block cb" or "motion m1".
pub(crate) fn motion_label(m: &MotionState) -> String {
    match (&m.procedure.amends, m.procedure.consent.is_empty()) {
        (Some(a), _) => format!("amendment {} (amends {a}) ", m.id),
        (None, false) => format!("consent block {} ", m.id),
        (None, true) => format!("motion {} ", m.id),
    }
}

/// The motions shown with an agenda item: its own, and for a consent item the consent block
/// that lists it.
pub(crate) fn shown_with_item<'m>(model: &'m Model, item: &str) -> Vec<&'m MotionState> {
    model
        .state
        .motions
        .iter()
        .filter(|m| m.item == item || m.procedure.consent.iter().any(|i| i == item))
        .collect()
}

/// Under a motion an amendment changed: "as moved: …" (dim).
pub(crate) fn as_moved_line(m: &MotionState, t: &Theme) -> Option<Line<'static>> {
    let moved = m.procedure.moved_text.as_ref()?;
    Some(Line::styled(
        format!(
            "  as amended by {}; as moved: {moved}",
            m.procedure.amended_by.join(", ")
        ),
        t.dim,
    ))
}

/// The projector's first line for a motion: "Motion m1: text"; for a motion amended,
/// "Motion m1 as amended: text"; for an amendment on the floor, the main motion as the
/// amendment would leave it, "Motion m1 as amended by a1 (pending): text".
pub(crate) fn projector_title(model: &Model, m: &MotionState) -> String {
    if m.procedure.amends.is_some() {
        let chain = model.state.amendment_chain(&m.id);
        let main = chain.last().map_or(m.id.as_str(), |x| x.id.as_str());
        let word = if matches!(
            m.status,
            MotionStatus::Debate | MotionStatus::Voting | MotionStatus::Tied
        ) {
            "pending"
        } else {
            "voted"
        };
        return format!("Motion {main} as amended by {} ({word}): {}", m.id, m.text);
    }
    if !m.procedure.amended_by.is_empty() {
        return format!("Motion {} as amended: {}", m.id, m.text);
    }
    format!("Motion {}: {}", m.id, m.text)
}

/// The projector's lines under an amendment: who moved it and what the motion it amends reads
/// now, so the room sees both texts.
pub(crate) fn projector_amendment_lines(
    model: &Model,
    m: &MotionState,
    t: &Theme,
) -> Vec<Line<'static>> {
    let Some(target) = m
        .procedure
        .amends
        .as_deref()
        .and_then(|a| model.state.motion(a))
    else {
        return Vec::new();
    };
    vec![
        Line::raw(""),
        Line::styled(
            format!(
                "Amendment {} to motion {}, moved by {}",
                m.id,
                target.id,
                model.info.name(&m.mover)
            ),
            t.dim,
        ),
        Line::styled(
            format!("Motion {} now reads: {}", target.id, target.text),
            t.dim,
        ),
    ]
}

/// The projector between items when the consent block is the last motion moved: its text,
/// where its vote stands, and when it carried the items adopted.
pub(crate) fn projector_consent_block(model: &Model, t: &Theme) -> Option<Vec<Line<'static>>> {
    if model.state.current_item().is_some() || model.state.adjourned_at.is_some() {
        return None;
    }
    let m = model
        .state
        .motions
        .last()
        .filter(|m| !m.procedure.consent.is_empty())?;
    let mut lines = vec![
        Line::styled(
            format!("Consent agenda · motion {}: {}", m.id, m.text),
            t.title,
        ),
        Line::raw(""),
    ];
    let status = match m.status {
        MotionStatus::Debate => ("Consent block on the floor — in debate".to_string(), t.warn),
        MotionStatus::Voting => (format!("VOTING · votes entered {}", m.votes.len()), t.warn),
        MotionStatus::Withdrawn => ("WITHDRAWN".to_string(), t.dim),
        MotionStatus::Closed | MotionStatus::Tied => match m.result() {
            Some(r) if r.outcome == crate::rules::voting::Outcome::Carried => (
                format!(
                    "result: CARRIED · adopted on consent: item {}",
                    m.procedure.consent.join(" · item ")
                ),
                t.good,
            ),
            Some(r) => (
                format!(
                    "result: {}",
                    crate::record::state::outcome_word(r).to_uppercase()
                ),
                t.bad,
            ),
            None => (String::new(), t.dim),
        },
    };
    lines.push(Line::styled(status.0, status.1));
    Some(lines)
}

/// The vote screen's title: "Motion m1 on item 2 ", "Amendment a1 to motion m1 on item 2 " or
/// "Consent block cb1 (items 2, 8) ".
pub(crate) fn vote_title(m: &MotionState) -> String {
    match (&m.procedure.amends, m.procedure.consent.is_empty()) {
        (Some(a), _) => format!("Amendment {} to motion {a} on item {} ", m.id, m.item),
        (None, false) => format!(
            "Consent block {} (items {}) ",
            m.id,
            m.procedure.consent.join(", ")
        ),
        (None, true) => format!("Motion {} on item {} ", m.id, m.item),
    }
}
