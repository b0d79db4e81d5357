//! `view(&Model, &mut Frame)`: draws the model, never changes it. Only visible rows are built.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

mod contract;
mod overlays;
pub(crate) mod procedure;
mod screens;
pub(crate) mod speakers;

use super::app::{Model, Overlay, Screen, StatusKind};
use super::keymap::KeyContext;
use super::theme::{Theme, bar};
use crate::rules::quorum::QuorumStatus;
use overlays::{form, help, popup};
use screens::{agenda, disputes, record, roll_call, tenders, vote};

/// Below this width the console shows the "too small" screen.
pub const MIN_WIDTH: u16 = 50;
/// Below this height the console shows the "too small" screen.
pub const MIN_HEIGHT: u16 = 14;

/// Draws the whole console.
pub fn view(model: &Model, frame: &mut Frame) {
    *model.hits.borrow_mut() = Default::default();
    let area = frame.area();
    let t = &model.theme;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Text::from(vec![
            Line::styled("Terminal too small", t.warn),
            Line::raw(format!(
                "{}×{}, need {MIN_WIDTH}×{MIN_HEIGHT}",
                area.width, area.height
            )),
            Line::raw("enlarge the window; q quits"),
        ]);
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    if model.projector {
        super::projector::view(model, frame, area);
    } else {
        let [head, tabs, body, status, hints] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(status_height(model, area)),
            Constraint::Length(1),
        ])
        .areas(area);
        header(model, frame, head);
        tab_bar(model, frame, tabs);
        match model.screen {
            Screen::RollCall => roll_call(model, frame, body),
            Screen::Agenda => agenda(model, frame, body),
            Screen::Vote => vote(model, frame, body),
            Screen::Tenders => tenders(model, frame, body),
            Screen::Disputes => disputes(model, frame, body),
            Screen::Record => record(model, frame, body),
            Screen::Speakers => speakers::screen(model, frame, body),
        }
        status_line(model, frame, status);
        hint_bar(model, frame, hints);
    }
    for o in &model.overlays {
        match o {
            Overlay::Help => help(model, frame, area),
            Overlay::Confirm(c) => {
                let mut lines: Vec<Line> = c.lines.iter().map(|l| Line::raw(l.clone())).collect();
                lines.push(Line::raw(""));
                lines.push(Line::from(vec![
                    Span::styled("y", t.key),
                    Span::raw(" yes   "),
                    Span::styled("n", t.key),
                    Span::raw(" no"),
                ]));
                popup(frame, area, &c.title, Text::from(lines), 70, t);
            }
            Overlay::Form(f) => form(model, f, frame, area),
            Overlay::Picker(p) => overlays::picker(model, p, frame, area),
        }
    }
}

/// Notes that line `line` of `area` (counted from its top) shows the list row `index`, for clicks.
fn hit_row(model: &Model, area: Rect, line: usize, index: usize) {
    if let Ok(dy) = u16::try_from(line)
        && dy < area.height
    {
        let hit = Rect::new(area.x, area.y + dy, area.width, 1);
        model.hits.borrow_mut().rows.push((hit, index));
    }
}

/// `20:31` in the meeting's zone.
pub fn local_time(model: &Model, at: DateTime<Utc>) -> String {
    let tz: chrono_tz::Tz = model.info.time_zone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&tz).format("%H:%M").to_string()
}

fn header(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let i = &model.info;
    let when = format!(
        "{} {} {}",
        i.date.format("%a %Y-%m-%d"),
        i.start.format("%H:%M"),
        i.time_zone
    );
    let line1 = Line::styled(i.board_name.clone(), t.title);
    let line0 = Line::from(vec![
        Span::raw(format!("{} ({}) · ", i.title, i.kind)),
        Span::raw(when),
    ]);
    let (chair, vice) = match &model.state.opened {
        Some(o) => (o.chair.clone(), o.vice_chair.clone()),
        None => (
            i.officers.as_ref().map(|o| o.0.clone()),
            i.officers.as_ref().map(|o| o.1.clone()),
        ),
    };
    let who = |m: &Option<String>| {
        m.as_deref()
            .map_or("none".to_string(), |m| i.name(m).to_string())
    };
    let session = if model.mode == crate::tui::app::Mode::Review {
        Span::styled(
            match &model.review_as {
                Some(w) => format!("REVIEW (read-only) as {}", i.name(w)),
                None => "REVIEW (read-only)".to_string(),
            },
            t.warn,
        )
    } else if model.state.adjourned_at.is_some() {
        Span::styled("ADJOURNED", t.warn)
    } else if let Some(c) = model.state.closed_now() {
        Span::styled(
            format!(
                "CLOSED SESSION on item {} ({}; Z {} the projector)",
                c.item,
                c.ground_text,
                if model.show_closed {
                    "hides it on"
                } else {
                    "shows it on"
                }
            ),
            t.warn,
        )
    } else if let Some(recess) = procedure::recess_span(model, t) {
        recess
    } else if model.state.opened.is_some() {
        Span::styled("IN SESSION", t.good)
    } else {
        Span::styled("NOT OPEN (O opens)", t.warn)
    };
    let mut l2 = vec![session];
    if model.mode == crate::tui::app::Mode::Secretary
        && model.state.adjourned_at.is_none()
        && let Some((m, status)) = model.presiding_away()
    {
        l2.push(Span::styled(
            format!(" · ⚠ NOBODY PRESIDES ({} {status}: V or C)", i.name(&m)),
            t.bad,
        ));
    }
    l2.extend([Span::raw(format!(
        " · chair {} · vice-chair {}",
        who(&chair),
        who(&vice)
    ))]);
    if let Some(o) = &model.state.opened {
        let who = match model.state.presiding_changes.last() {
            Some(c) => match &c.person {
                Some(p) => format!("{p} ({})", i.name(&c.member)),
                None => i.name(&c.member).to_string(),
            },
            None => o.presiding.clone(),
        };
        l2.push(Span::raw(format!(" · presiding {who}")));
    }
    // Before the opening: the quorum with nobody recorded, against the seats in force.
    let q = model
        .state
        .quorum_now()
        .or_else(|| i.quorum_preview.clone());
    frame.render_widget(
        Paragraph::new(vec![
            line1,
            line0,
            Line::from(l2),
            quorum_line(q.as_ref(), t, area.width),
        ]),
        area,
    );
}

/// "QUORUM MET · heads 9 of 10 (needs 6) · weight 18 of 21 (needs 10.5) [████░░]"
fn quorum_line(q: Option<&QuorumStatus>, t: &Theme, width: u16) -> Line<'static> {
    let Some(q) = q else {
        return Line::styled("quorum: counted once the meeting is open", t.dim);
    };
    let (word, style) = if q.met {
        ("✓ QUORUM MET", t.good)
    } else {
        ("✗ NO QUORUM", t.bad)
    };
    let text = format!(
        " · heads {} of {} (needs {}) · weight {} of {} (needs {}) ",
        q.heads_present,
        q.heads_base,
        q.heads_needed,
        q.weight_present.normalize(),
        q.weight_base.normalize(),
        q.weight_needed.normalize()
    );
    let used = Line::raw(word).width() + Line::raw(text.as_str()).width();
    let room = (width as usize).saturating_sub(used + 2).min(20);
    let mut spans = vec![Span::styled(word, style), Span::raw(text)];
    if room >= 5 {
        spans.push(Span::raw(format!(
            "[{}]",
            bar(q.weight_present, q.weight_base, room)
        )));
    }
    Line::from(spans)
}

fn tab_bar(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let mut spans = Vec::new();
    let mut x = area.x;
    // A space between tabs where the whole bar fits with it (each label is padded already).
    let widths: usize = Screen::ALL
        .iter()
        .map(|s| s.title().chars().count() + 5)
        .sum();
    let gap = u16::from(widths <= usize::from(area.width));
    for (n, s) in Screen::ALL.iter().enumerate() {
        let label = format!(" {} {} ", n + 1, s.title());
        let span = if *s == model.screen {
            Span::styled(format!("[{}]", label.trim()), t.selected)
        } else {
            Span::styled(label, t.dim)
        };
        let w = u16::try_from(span.width()).unwrap_or(u16::MAX);
        let right = area.right();
        if x < right {
            let hit = Rect::new(x, area.y, w.min(right - x), 1);
            model.hits.borrow_mut().tabs.push((hit, *s));
        }
        x = x.saturating_add(w).saturating_add(gap);
        spans.push(span);
        if gap == 1 {
            spans.push(Span::raw(" "));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Rows the status line needs to be read whole at this width: a long refusal wraps onto up to a
/// quarter of the screen (at least one row, at most 6) rather than being cut off.
fn status_height(model: &Model, area: Rect) -> u16 {
    let Some((_, text)) = &model.status else {
        return 1;
    };
    let width = usize::from(area.width.max(1));
    let chars = Line::raw(text.as_str()).width() + 2;
    // Word wrapping leaves the end of some rows empty: one row of slack once it wraps at all.
    let rows = if chars <= width {
        1
    } else {
        chars.div_ceil(width) + 1
    };
    let cap = (area.height / 4).clamp(1, 6);
    u16::try_from(rows).unwrap_or(u16::MAX).min(cap)
}

fn status_line(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let line = match (&model.status, model.waiting) {
        (_, true) => Line::styled("… recording", t.warn),
        (Some((StatusKind::Done, s)), _) => {
            Line::from(vec![Span::styled("✓ ", t.good), Span::raw(s.clone())])
        }
        (Some((StatusKind::Refused, s)), _) => Line::from(vec![
            Span::styled("✗ ", t.bad),
            Span::styled(s.clone(), t.bad),
        ]),
        (Some((StatusKind::Info, s)), _) => Line::raw(s.clone()),
        (None, _) => Line::styled(format!("journal: {} events", model.state.last_seq), t.dim),
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), area);
}

fn hint_bar(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let mut spans = Vec::new();
    if model.mode == crate::tui::app::Mode::Review && model.overlays.is_empty() {
        // Review has keys of its own: none of the secretary's acts.
        let mut hints = vec![("↑↓", "item"), ("←→", "document"), ("o", "open document")];
        if model.review_as.is_some() {
            hints.push(("s", "score (your sheet)"));
        }
        hints.extend([
            (":", "private note"),
            ("1-6", "screens"),
            ("?", "keys"),
            ("q", "quit"),
        ]);
        for (k, d) in hints {
            spans.push(Span::styled(k, t.key));
            spans.push(Span::raw(format!(" {d}  ")));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let mut hints = model.keymap.hints(model.context());
    if model.overlays.is_empty() {
        hints.extend(model.keymap.hints(KeyContext::Global));
    }
    for (k, d) in hints {
        spans.push(Span::styled(k, t.key));
        spans.push(Span::raw(format!(" {d}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn block<'a>(title: impl Into<Line<'a>>, t: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(title)
}

/// The rows `[offset, offset + height)` that keep `sel` visible.
pub fn window(sel: usize, len: usize, height: usize) -> (usize, usize) {
    if height == 0 {
        return (0, 0);
    }
    let offset = if sel >= height { sel + 1 - height } else { 0 };
    let offset = offset.min(len);
    (offset, (offset + height).min(len))
}

fn pad(s: &str, width: usize) -> String {
    let w = Line::raw(s).width();
    if w > width {
        let mut out = String::new();
        let mut used = 0;
        for c in s.chars() {
            let cw = Line::raw(c.to_string()).width();
            if used + cw > width.saturating_sub(1) {
                out.push('…');
                used += 1;
                break;
            }
            out.push(c);
            used += cw;
        }
        out.push_str(&" ".repeat(width.saturating_sub(used)));
        out
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

#[cfg(test)]
mod tests {
    use super::{pad, window};

    #[test]
    fn pad_measures_as_displayed_and_cuts_only_what_does_not_fit() {
        assert_eq!(
            pad("criterion", 9),
            "criterion",
            "an exact fit is kept whole"
        );
        assert_eq!(pad("abcdef", 4), "abc…");
        assert_eq!(
            pad("石桥", 5),
            "石桥 ",
            "CJK characters are two columns wide"
        );
        assert_eq!(pad("Rooseküll", 10), "Rooseküll ");
    }

    #[test]
    fn window_keeps_the_selection_visible_and_never_passes_the_end() {
        assert_eq!(window(0, 100, 10), (0, 10));
        assert_eq!(window(50, 100, 10), (41, 51));
        assert_eq!(window(99, 100, 10), (90, 100));
        assert_eq!(window(500, 100, 10), (100, 100));
        assert_eq!(window(3, 100, 0), (0, 0));
    }
}
