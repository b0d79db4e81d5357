//! The speakers' list on screen: the secretary's screen 7 (the list of the open item, the speech
//! under way with its countdown, the time spent against the plan) and the projector's view of it
//! (the current speaker and countdown, the previous speaker, the next five).
//!
//! The countdown reads the model's clock (`Model::now`, set by the driver each second while a
//! speech runs, fixed in tests). Its last ten seconds are marked by a symbol and words as well as
//! colour; past the speaking time it says "over time" plainly.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::super::app::Model;
use super::{block, hit_row, local_time, pad, window};
use crate::record::event::SpeakerRole;
use crate::record::speakers::{Speech, WARN_SECONDS, clock, pace};

/// A speaker as the console names them: a member by name, anyone else with their role.
pub(crate) fn speaker_label(model: &Model, speaker: &str, role: SpeakerRole) -> String {
    match role {
        SpeakerRole::Member => model.info.name(speaker).to_string(),
        SpeakerRole::Officer => format!("{speaker} (officer)"),
        SpeakerRole::Public => format!("{speaker} (public)"),
    }
}

/// The countdown of a speech at the model's clock, and its style: time left; in the last
/// [`WARN_SECONDS`], `⚠` and "last seconds"; past the limit, "OVER TIME by m:ss"; untimed, the
/// time spoken.
pub(crate) fn countdown(model: &Model, s: &Speech) -> (String, Style) {
    let t = &model.theme;
    match s.left(model.now) {
        None => (format!("speaking {}", clock(s.seconds(model.now))), t.text),
        Some(left) if left < 0 => (format!("OVER TIME by {}", clock(-left)), t.bad),
        Some(left) if left <= WARN_SECONDS => {
            (format!("⚠ {} left · last seconds", clock(left)), t.warn)
        }
        Some(left) => (format!("{} left", clock(left)), t.good),
    }
}

/// Time spent against planned, and when the meeting ends at this pace, in one line.
fn pace_line(model: &Model) -> Line<'static> {
    let t = &model.theme;
    let p = pace(&model.state, model.now);
    let mut spans = Vec::new();
    if let Some((id, spent, planned)) = &p.open_item {
        let plan = planned.map_or_else(
            || "no plan".to_string(),
            |pl| format!("planned {}", clock(pl)),
        );
        let style = if planned.is_some_and(|pl| *spent > pl) {
            t.warn
        } else {
            t.text
        };
        spans.push(Span::styled(
            format!("item {id}: {} spent, {plan}", clock(*spent)),
            style,
        ));
        spans.push(Span::raw(" · "));
    }
    spans.push(Span::raw(format!(
        "meeting: {} spent, {} planned",
        clock(p.spent_seconds),
        clock(p.planned_seconds)
    )));
    if let Some(end) = p.ends_at {
        spans.push(Span::raw(format!(
            " · ends at this pace {}",
            local_time(model, end)
        )));
    }
    Line::from(spans)
}

/// Screen 7: the speech under way, the list of the open item, the pace.
pub(super) fn screen(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let item = model.state.current_item().map(|i| i.id.clone());
    let title = match &item {
        Some(i) => format!(" Speakers · item {i} "),
        None => " Speakers ".to_string(),
    };
    let b = block(title, t);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let [now_area, pace_area, _, list_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let sp = &model.state.speakers;
    let now_lines = match (&item, &sp.current) {
        (None, _) => vec![Line::raw(
            "No item is open: the speakers' list is kept per item (2, then o).",
        )],
        (_, Some(c)) => {
            let (text, style) = countdown(model, c);
            let point = if c.point_of_order {
                " · point of order"
            } else {
                ""
            };
            vec![
                Line::from(vec![
                    Span::styled("Speaking: ", t.title),
                    Span::raw(format!(
                        "{}{point} · since {}",
                        speaker_label(model, &c.speaker, c.role),
                        local_time(model, c.started_at)
                    )),
                ]),
                Line::styled(text, style),
            ]
        }
        (Some(i), None) => {
            let prev = sp.previous(i).map_or_else(
                || "nobody has spoken on this item yet".to_string(),
                |p| {
                    format!(
                        "last: {} ({})",
                        speaker_label(model, &p.speaker, p.role),
                        clock(p.seconds(model.now))
                    )
                },
            );
            vec![
                Line::styled("Nobody has the floor. T: the first speaker starts.", t.dim),
                Line::styled(prev, t.dim),
            ]
        }
    };
    frame.render_widget(Paragraph::new(now_lines), now_area);
    frame.render_widget(
        Paragraph::new(pace_line(model)).wrap(Wrap { trim: true }),
        pace_area,
    );
    let waiting = match &item {
        Some(i) => sp.waiting(i),
        None => &[],
    };
    let mut lines = Vec::new();
    if waiting.is_empty() && item.is_some() {
        lines.push(Line::styled(
            "Nobody waits to speak. a adds a member, n an officer or a member of the public, ! a point of order.",
            t.dim,
        ));
    }
    let h = list_area.height as usize;
    let (start, end) = window(model.sel.speaker, waiting.len(), h);
    for (i, w) in waiting.iter().enumerate().take(end).skip(start) {
        hit_row(model, list_area, lines.len(), i);
        let sel = i == model.sel.speaker;
        let mut line = Line::from(vec![
            Span::raw(if sel { "▶ " } else { "  " }),
            Span::raw(format!("{:>3}. ", i + 1)),
            Span::raw(pad(&speaker_label(model, &w.speaker, w.role), 40)),
            Span::styled(
                if w.point_of_order {
                    "POINT OF ORDER"
                } else {
                    ""
                },
                t.warn,
            ),
        ]);
        if sel {
            line = line.patch_style(t.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), list_area);
}

/// Whether the projector shows the speakers' view: a speech is under way, or someone waits to
/// speak on the open item and no vote is open.
pub(crate) fn on_projector(model: &Model) -> bool {
    let sp = &model.state.speakers;
    if sp.current.is_some() {
        return true;
    }
    let Some(item) = model.state.current_item() else {
        return false;
    };
    let voting = model
        .state
        .motions
        .iter()
        .any(|m| m.item == item.id && m.status == crate::record::state::MotionStatus::Voting);
    !voting && !sp.waiting(&item.id).is_empty()
}

/// The projector's speakers view in `area`: the current speaker and the countdown large, the
/// previous speaker, the next five.
pub(crate) fn projector(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let sp = &model.state.speakers;
    let Some(item) = model.state.current_item().map(|i| i.id.clone()) else {
        return;
    };
    let mut lines = Vec::new();
    let mut area = area;
    match &sp.current {
        Some(c) => {
            let point = if c.point_of_order {
                " — point of order"
            } else {
                ""
            };
            let [who, digits, rest] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(if area.height >= 14 { 4 } else { 0 }),
                Constraint::Min(0),
            ])
            .areas(area);
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!(
                        "Speaking: {}{point}",
                        speaker_label(model, &c.speaker, c.role)
                    ),
                    t.title,
                ))
                .alignment(Alignment::Center),
                who,
            );
            let (text, style) = countdown(model, c);
            // The clock itself, large: time left, or over the limit with `+`, or time spoken.
            let big = match c.left(model.now) {
                Some(left) if left < 0 => format!("+{}", clock(-left)),
                Some(left) => clock(left),
                None => clock(c.seconds(model.now)),
            };
            frame.render_widget(
                tui_big_text::BigText::builder()
                    .pixel_size(tui_big_text::PixelSize::HalfHeight)
                    .style(style)
                    .lines(vec![Line::from(big)])
                    .centered()
                    .build(),
                digits,
            );
            lines.push(Line::styled(text, style));
            area = rest;
        }
        None => lines.push(Line::styled("Nobody has the floor", t.dim)),
    }
    lines.push(Line::raw(""));
    if let Some(p) = sp.previous(&item) {
        lines.push(Line::styled(
            format!(
                "Previous: {} ({})",
                speaker_label(model, &p.speaker, p.role),
                clock(p.seconds(model.now))
            ),
            t.dim,
        ));
    }
    let waiting = sp.waiting(&item);
    if waiting.is_empty() {
        lines.push(Line::raw("Next: nobody waits to speak"));
    } else {
        lines.push(Line::raw(format!("Next ({} waiting):", waiting.len())));
        for (i, w) in waiting.iter().take(5).enumerate() {
            let point = if w.point_of_order {
                " — point of order"
            } else {
                ""
            };
            lines.push(Line::raw(format!(
                "  {}. {}{point}",
                i + 1,
                speaker_label(model, &w.speaker, w.role)
            )));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
