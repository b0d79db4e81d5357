//! Overlays drawn over a screen: help, confirmation, form.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::super::app::Model;
use super::super::keymap::{KeyContext, display_key};
use super::super::theme::Theme;

use super::{block, pad, window};

pub(super) fn centered(area: Rect, width_pct: u16, height: u16) -> Rect {
    let w = (area.width * width_pct / 100).max(area.width.min(40));
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub(super) fn popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    text: Text,
    width_pct: u16,
    t: &Theme,
) {
    let inner_w = (area.width * width_pct / 100).saturating_sub(2).max(1) as usize;
    let rows: usize = text
        .lines
        .iter()
        .map(|l| l.width().div_ceil(inner_w).max(1))
        .sum();
    let r = centered(area, width_pct, rows as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(block(format!(" {title} "), t).border_style(t.title)),
        r,
    );
}

pub(super) fn help(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let here = model.screen.context();
    let mut lines = Vec::new();
    for ctx in [here, KeyContext::Global] {
        lines.push(Line::styled(
            format!("{} keys", ctx.name().replace('_', " ")),
            t.title,
        ));
        // One row per action, its keys together ("↑ k  move up").
        let mut rows: Vec<(Vec<String>, &str, crate::tui::keymap::Action)> = Vec::new();
        for bnd in model.keymap.bindings.iter().filter(|b| b.context == ctx) {
            match rows.iter_mut().find(|r| r.2 == bnd.action) {
                Some(r) => r.0.push(display_key(&bnd.key)),
                None => rows.push((vec![display_key(&bnd.key)], bnd.desc, bnd.action)),
            }
        }
        for (keys, desc, _) in rows {
            lines.push(Line::from(vec![
                Span::styled(pad(&format!("  {}", keys.join(" ")), 12), t.key),
                Span::raw(desc),
            ]));
        }
    }
    let r = centered(area, 96, area.height.saturating_sub(2));
    frame.render_widget(Clear, r);
    let b = block(" Keys (Esc closes; every key: the user guide) ", t).border_style(t.title);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    // Two columns when one does not hold every line.
    if lines.len() > inner.height as usize && inner.width >= 60 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(inner);
        let rest = lines.split_off((inner.height as usize).min(lines.len()));
        frame.render_widget(Paragraph::new(lines), left);
        frame.render_widget(Paragraph::new(rest), right);
    } else {
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

pub(super) fn form(model: &Model, f: &crate::tui::app::Form, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let h = (f.fields.len() as u16 + 3).min(area.height);
    let r = centered(area, 80, h);
    frame.render_widget(Clear, r);
    let b = block(format!(" {} ", f.title), t).border_style(t.title);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let label_w = f
        .fields
        .iter()
        .map(|x| Line::raw(x.label).width())
        .max()
        .unwrap_or(10)
        .min(inner.width as usize / 2) as u16;
    let rows = inner.height.saturating_sub(1) as usize;
    let (from, to) = window(f.focus, f.fields.len(), rows);
    for (row, (i, field)) in f.fields.iter().enumerate().take(to).skip(from).enumerate() {
        let y = inner.y + row as u16;
        let lab = Rect {
            x: inner.x,
            y,
            width: label_w,
            height: 1,
        };
        let inp = Rect {
            x: inner.x + label_w + 1,
            y,
            width: inner.width.saturating_sub(label_w + 1),
            height: 1,
        };
        let focused = i == f.focus;
        frame.render_widget(
            Paragraph::new(Span::styled(
                pad(field.label, label_w as usize),
                if focused { t.title } else { t.dim },
            )),
            lab,
        );
        if focused {
            frame.render_widget(&field.input, inp);
        } else {
            frame.render_widget(Paragraph::new(field.value()), inp);
        }
    }
    let hint_y = inner.y + inner.height.saturating_sub(1);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Enter", t.key),
            Span::raw(" next/record  "),
            Span::styled("Tab", t.key),
            Span::raw(" field  "),
            Span::styled("Esc", t.key),
            Span::raw(" cancel"),
        ]))
        .alignment(Alignment::Left),
        Rect {
            x: inner.x,
            y: hint_y,
            width: inner.width,
            height: 1,
        },
    );
}

/// The member picker: what is asked, what is typed, the matching rows with the highlighted one
/// marked, and its own keys.
pub(super) fn picker(model: &Model, p: &crate::tui::picker::Picker, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let rows = p.matching();
    let h = (rows.len().max(1) as u16 + 4).min(area.height);
    let r = centered(area, 60, h);
    frame.render_widget(Clear, r);
    let b = block(format!(" {} ", p.title), t).border_style(t.title);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let mut lines = vec![Line::from(vec![
        Span::styled("type: ", t.dim),
        Span::raw(p.typed.clone()),
        Span::styled("▏", t.key),
    ])];
    let list_h = inner.height.saturating_sub(2) as usize;
    let cursor = p.cursor.min(rows.len().saturating_sub(1));
    let (from, to) = window(cursor, rows.len(), list_h);
    if rows.is_empty() {
        lines.push(Line::styled("no member matches: Backspace", t.warn));
    }
    for (n, i) in rows.iter().enumerate().take(to).skip(from) {
        let (value, label) = &p.choices[*i];
        let text = if value == label {
            label.clone()
        } else {
            format!("{label} ({value})")
        };
        if n == cursor {
            lines.push(Line::styled(format!("▶ {text}"), t.selected));
        } else {
            lines.push(Line::raw(format!("  {text}")));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let hint_y = inner.y + inner.height.saturating_sub(1);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw("type filters "),
            Span::styled("↑↓", t.key),
            Span::raw(" "),
            Span::styled("Enter", t.key),
            Span::raw(" picks "),
            Span::styled("Esc", t.key),
            Span::raw(" cancels"),
        ])),
        Rect {
            x: inner.x,
            y: hint_y,
            width: inner.width,
            height: 1,
        },
    );
}
