//! The six screens of the secretary's console (and of the review); the seventh, the speakers' list, is
//! in `speakers.rs`.

use crate::record::event::DisputeLodged;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::super::app::Model;
use super::super::theme::Theme;
use super::super::update::{tender_bids, tender_criteria};
use super::super::words::describe;
use crate::record::event::{Attendance, Event};
use crate::record::state::{ItemStatus, MotionState, MotionStatus, outcome_word};
use crate::rules::scoring::ScoreSource;

use super::{block, hit_row, local_time, pad, window};

pub(super) fn attendance_word(a: Option<Attendance>) -> (&'static str, fn(&Theme) -> Style) {
    match a {
        Some(Attendance::Present) => ("✓ present", |t| t.good),
        Some(Attendance::Remote) => ("≈ remote", |t| t.good),
        Some(Attendance::Absent) => ("✗ absent", |t| t.warn),
        Some(Attendance::Excused) => ("– excused", |t| t.warn),
        None => ("· not recorded", |t| t.dim),
    }
}

/// The overview's lines on the written procedures not closed yet; in review, the proposal's text,
/// and with `--as`, where the member's own answer stands and the key that answers.
fn written_lines(model: &Model) -> Vec<Line<'static>> {
    let t = &model.theme;
    let review = model.mode == crate::tui::app::Mode::Review;
    let mut out = Vec::new();
    for w in &model.info.written_open {
        out.push(Line::from(vec![
            Span::styled("✉ ", t.warn),
            Span::raw(w.line.clone()),
        ]));
        if !review {
            continue;
        }
        out.push(Line::from(vec![
            Span::raw("  proposed: "),
            Span::styled(w.text.clone(), t.title),
        ]));
        let Some(me) = &model.review_as else { continue };
        let mine = w.answers.iter().find(|(m, _)| m == me);
        out.push(match (mine, w.taking_answers) {
            (Some((_, word)), _) => Line::from(vec![
                Span::raw(format!("  {me}: ")),
                Span::styled(format!("✓ answered {word}"), t.good),
            ]),
            (None, true) => Line::from(vec![
                Span::raw(format!("  {me}: ")),
                Span::styled("· not answered yet: ", t.warn),
                Span::styled("w", t.key),
                Span::raw(" answers it"),
            ]),
            (None, false) => Line::from(vec![
                Span::raw(format!("  {me}: ")),
                Span::styled("– not answered; the deadline has passed", t.dim),
            ]),
        });
    }
    out
}

pub(super) fn roll_call(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let b = block(" Roll call: one key per member ", t);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let mut seats = model.seats();
    let mut inner = inner;
    // The written procedures still open: what the board decides between meetings.
    for line in written_lines(model) {
        if inner.height == 0 {
            break;
        }
        frame.render_widget(Paragraph::new(line), inner);
        inner.y += 1;
        inner.height = inner.height.saturating_sub(1);
    }
    if seats.is_empty() {
        // Not open yet: the seats in force on the date, nobody recorded.
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Not open yet. ", t.warn),
                Span::styled("O", t.key),
                Span::raw(" opens the meeting and freezes the seats, weights and rules."),
            ])),
            inner,
        );
        inner.y += 1;
        inner.height = inner.height.saturating_sub(1);
        seats = model
            .info
            .seats_preview
            .iter()
            .map(|(m, w)| (m.as_str(), *w))
            .collect();
    }
    let name_w = (inner.width as usize).saturating_sub(40).clamp(12, 40);
    let (from, to) = window(model.sel.roll, seats.len(), inner.height as usize);
    let mut lines = Vec::new();
    for (i, (m, w)) in seats.iter().enumerate().take(to).skip(from) {
        let a = model.state.attendance.get(*m);
        let (word, style) = attendance_word(a.map(|a| a.status));
        let person = a
            .and_then(|a| {
                a.person
                    .as_ref()
                    .map(|p| format!("{p}{}", if a.alternate { " (alternate)" } else { "" }))
            })
            .unwrap_or_default();
        let mut proxy = model
            .state
            .proxies
            .get(*m)
            .map(|h| format!("proxy: {h}"))
            .unwrap_or_default();
        if model.state.presiding.as_deref() == Some(*m) {
            proxy.push_str(" ⚑ presides");
        }
        hit_row(model, inner, lines.len(), i);
        let sel = i == model.sel.roll;
        let mark = if sel { "▶ " } else { "  " };
        let mut line = Line::from(vec![
            Span::raw(mark),
            Span::raw(pad(model.info.name(m), name_w)),
            Span::raw(format!("{:>5}  ", w.normalize().to_string())),
            Span::styled(pad(word, 15), style(t)),
            Span::raw(format!("{person} {proxy}")),
        ]);
        if sel {
            line = line.patch_style(t.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn item_badge(s: ItemStatus) -> (&'static str, fn(&Theme) -> Style) {
    match s {
        ItemStatus::Pending => ("[ ]     ", |t| t.dim),
        ItemStatus::Open => ("[OPEN]  ", |t| t.good),
        ItemStatus::Closed => ("[DONE]  ", |t| t.text),
        ItemStatus::Deferred => ("[DEFER] ", |t| t.warn),
    }
}

pub(super) fn agenda(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    // A contract review shows its figures full width under a shorter list.
    let reviewed = model
        .state
        .items
        .get(model.sel.agenda)
        .and_then(|it| super::contract::table(model, &it.id));
    let [list, detail] = if reviewed.is_some() {
        // The list as long as the agenda, at most a quarter of the screen.
        let rows = u16::try_from(model.state.items.len()).unwrap_or(u16::MAX);
        let list = rows.saturating_add(2).min(area.height / 4).max(3);
        Layout::vertical([Constraint::Length(list), Constraint::Min(0)]).areas(area)
    } else if area.width >= 100 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    } else {
        Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area)
    };
    let b = block(" Agenda ", t);
    let inner = b.inner(list);
    frame.render_widget(b, list);
    let items = &model.state.items;
    let (from, to) = window(model.sel.agenda, items.len(), inner.height as usize);
    let mut lines = Vec::with_capacity(to - from);
    for (i, it) in items[from..to].iter().enumerate() {
        let i = i + from;
        let (badge, style) = item_badge(it.status);
        let title = model
            .state
            .ctx
            .items
            .get(i)
            .map_or("", |a| a.title.as_str());
        hit_row(model, inner, lines.len(), i);
        let mut line = Line::from(vec![
            Span::raw(if i == model.sel.agenda { "▶ " } else { "  " }),
            Span::styled(badge, style(t)),
            Span::raw(format!("{:<4} ", it.id)),
            Span::raw(title.to_string()),
        ]);
        if let Some(tag) = super::procedure::consent_tag(model, &it.id, t) {
            line.spans.insert(3, tag);
        }
        if i == model.sel.agenda {
            line = line.patch_style(t.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);

    let b = block(" Item ", t);
    let inner = b.inner(detail);
    frame.render_widget(b, detail);
    let Some(it) = items.get(model.sel.agenda) else {
        return;
    };
    let ctx = model.state.ctx.items.get(model.sel.agenda);
    let mut lines = vec![Line::styled(
        format!("{} · {}", it.id, ctx.map_or("", |c| c.title.as_str())),
        t.title,
    )];
    if let Some(c) = ctx {
        lines.push(Line::styled(
            format!(
                "decision kind: {}{}",
                c.decision,
                c.tender
                    .as_ref()
                    .map(|x| format!(" · tender {x}"))
                    .unwrap_or_default()
            ),
            t.dim,
        ));
    }
    if let Some(r) = &it.deferred_reason {
        lines.push(Line::styled(format!("DEFERRED: {r}"), t.warn));
    }
    if model.mode == crate::tui::app::Mode::Review {
        review_item(model, &it.id, &mut lines);
    }
    for m in super::procedure::shown_with_item(model, &it.id) {
        lines.push(Line::from(vec![
            Span::styled(super::procedure::motion_label(m), t.title),
            motion_badge(m, t),
        ]));
        lines.push(Line::raw(format!("  {}", m.text)));
        lines.extend(super::procedure::as_moved_line(m, t));
        lines.push(Line::styled(
            format!(
                "  moved by {}{}",
                model.info.name(&m.mover),
                m.seconder
                    .as_ref()
                    .map(|s| format!(", seconded by {}", model.info.name(s)))
                    .unwrap_or_default()
            ),
            t.dim,
        ));
    }
    for r in &model.state.recusals {
        let hit = match &r.scope {
            crate::record::event::RecusalScope::Item(i) => *i == it.id,
            crate::record::event::RecusalScope::Tender(x) => {
                ctx.and_then(|c| c.tender.as_ref()) == Some(x)
            }
        };
        if hit {
            lines.push(Line::styled(
                format!("RECUSED {}: {}", model.info.name(&r.member), r.reason),
                t.warn,
            ));
        }
    }
    for (item, text, _) in &model.state.notes {
        if item.as_deref() == Some(it.id.as_str()) {
            lines.push(Line::raw(format!("note: {text}")));
        }
    }
    for n in &model.private_notes {
        if n.item.as_deref() == Some(it.id.as_str()) {
            lines.push(Line::styled(
                format!("my note (private): {}", n.text),
                t.dim,
            ));
        }
    }
    let mut scroll = 0;
    let mut inner = inner;
    if let Some(table) = reviewed {
        lines.extend(super::contract::lines(model, table));
        // Scrolled by ← →, never past the end of the figures; the last row says where it is.
        let total = Paragraph::new(lines.clone())
            .wrap(Wrap { trim: false })
            .line_count(inner.width);
        if total > usize::from(inner.height) && inner.height > 1 {
            inner.height -= 1;
            let last =
                u16::try_from(total.saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX);
            scroll = model.sel.figures.min(last);
            model.hits.borrow_mut().figures_last = last;
            let hint = if scroll < last {
                "→ more figures below (← → page)"
            } else {
                "end of the figures (← pages back)"
            };
            let row = Rect {
                y: inner.y + inner.height,
                height: 1,
                ..inner
            };
            frame.render_widget(Paragraph::new(Line::styled(hint, t.dim)), row);
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

pub(super) fn motion_badge(m: &MotionState, t: &Theme) -> Span<'static> {
    match m.status {
        MotionStatus::Debate => Span::styled("[IN DEBATE]", t.warn),
        MotionStatus::Voting => Span::styled("[VOTING]", t.warn),
        MotionStatus::Withdrawn => Span::styled("[WITHDRAWN]", t.dim),
        MotionStatus::Tied | MotionStatus::Closed => match m.result() {
            Some(r) => {
                let w = outcome_word(r).to_uppercase().replace('_', " ");
                let s = match r.outcome {
                    crate::rules::voting::Outcome::Carried => t.good,
                    crate::rules::voting::Outcome::Tied => t.warn,
                    _ => t.bad,
                };
                Span::styled(format!("[{w}]"), s)
            }
            None => Span::styled("[CLOSED]", t.text),
        },
    }
}

pub(super) fn vote(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let Some(m) = model
        .motion_index()
        .and_then(|i| model.state.motions.get(i))
    else {
        let b = block(" Vote ", t);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        frame.render_widget(
            Paragraph::new(
                "No motion yet: on the agenda screen (2), open an item (o) and move a motion (m).",
            )
            .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    };
    let [top, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    let rule = model
        .state
        .rule(&m.decision)
        .map(|r| r.majority.describe())
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(super::procedure::vote_title(m), t.title),
                motion_badge(m, t),
                Span::styled(format!(" round {}", m.round), t.dim),
            ]),
            Line::raw(m.text.clone()),
            Line::styled(format!("rule ({}): {rule}", m.decision), t.dim),
        ])
        .wrap(Wrap { trim: true }),
        top,
    );
    let [list, tally_area] = if rest.width >= 110 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Min(3), Constraint::Length(6)]).areas(rest)
    };
    let b = block(" Votes: one key per member ", t);
    let inner = b.inner(list);
    frame.render_widget(b, list);
    let seats = model.seats();
    let name_w = (inner.width as usize).saturating_sub(30).clamp(10, 40);
    let (from, to) = window(model.sel.vote, seats.len(), inner.height as usize);
    let mut lines = Vec::new();
    for (i, (member, w)) in seats.iter().enumerate().take(to).skip(from) {
        let (word, style): (String, Style) = if model.state.is_recused(member, &m.item) {
            ("recused".into(), t.warn)
        } else if let Some(v) = m.votes.get(*member) {
            let s = match &v.vote {
                crate::record::event::VoteValue::Whole(crate::rules::voting::Choice::Yes) => t.good,
                crate::record::event::VoteValue::Whole(crate::rules::voting::Choice::No) => t.bad,
                _ => t.text,
            };
            (
                format!(
                    "{}{}",
                    v.vote.describe().to_uppercase(),
                    if v.corrections.is_empty() {
                        ""
                    } else {
                        " (corrected)"
                    }
                ),
                s,
            )
        } else if model.state.is_present(member) {
            ("— waiting".into(), t.dim)
        } else {
            ("not present".into(), t.dim)
        };
        hit_row(model, inner, lines.len(), i);
        let sel = i == model.sel.vote;
        let mut line = Line::from(vec![
            Span::raw(if sel { "▶ " } else { "  " }),
            Span::raw(pad(model.info.name(member), name_w)),
            Span::raw(format!("{:>5}  ", w.normalize().to_string())),
            Span::styled(word, style),
        ]);
        if sel {
            line = line.patch_style(t.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);

    let b = block(" Tally ", t);
    let inner = b.inner(tally_area);
    frame.render_widget(b, tally_area);
    let tally = match m.status {
        MotionStatus::Debate => Err(format!(
            "in debate{}: no vote yet · Q puts the question and opens the vote",
            match &m.seconder {
                Some(s) => format!(", seconded by {}", model.info.name(s)),
                None => ", not seconded".to_string(),
            }
        )),
        MotionStatus::Closed | MotionStatus::Tied => m.result().cloned().ok_or_else(String::new),
        _ => {
            let mut counted = m.clone();
            counted.status = MotionStatus::Voting;
            model.state.tally(&counted).map_err(|e| e.message)
        }
    };
    let lines = match tally {
        Ok(x) => {
            let word = outcome_word(&x).to_uppercase().replace('_', " ");
            let prefix = if m.status == MotionStatus::Voting {
                "as it stands: "
            } else {
                "result: "
            };
            vec![
                Line::raw(format!(
                    "yes {} ({}) · no {} ({}) · abstain {} ({}) · not voting {} ({})",
                    x.yes.normalize(),
                    x.heads_yes,
                    x.no.normalize(),
                    x.heads_no,
                    x.abstain.normalize(),
                    x.heads_abstain,
                    x.not_voting.normalize(),
                    x.heads_not_voting
                )),
                Line::from(vec![
                    Span::raw(prefix),
                    Span::styled(
                        word,
                        if x.outcome == crate::rules::voting::Outcome::Carried {
                            t.good
                        } else {
                            t.warn
                        },
                    ),
                ]),
                Line::styled(x.explanation, t.dim),
            ]
        }
        Err(e) if m.status == MotionStatus::Debate => vec![Line::styled(e, t.warn)],
        Err(e) => vec![Line::styled(e, t.bad)],
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

/// The bidders behind the bid ids of the table: "bids: b1 Acme Salt Ltd · b2 …".
fn bidders_line(doc: &crate::board::load::TenderDoc) -> String {
    let names: Vec<String> = doc
        .tender
        .bids
        .iter()
        .map(|b| format!("{} {}", b.id.get_ref(), b.bidder))
        .collect();
    format!("bids: {}", names.join(" · "))
}

pub(super) fn tenders(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let Some(doc) = model.info.board.tenders.get(model.sel.tender) else {
        frame.render_widget(Paragraph::new("This board has no tenders."), area);
        return;
    };
    let title = format!(" Tender {} · {} ", doc.id, doc.tender.tender.title);
    let b = block(title, t);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let bids = tender_bids(model);
    let crits = tender_criteria(model);
    let eval = crate::tender::evaluate_tender(
        &model.info.board,
        doc,
        Some(&crate::meeting::live_input(&model.state, &doc.id)),
        &model.info.register,
        model.info.date,
    );
    let col = 12usize;
    let mut head = vec![Span::styled(pad("bid", 14), t.title)];
    for (j, c) in crits.iter().enumerate() {
        let s = if j == model.sel.criterion {
            t.selected
        } else {
            t.title
        };
        head.push(Span::styled(pad(c, col), s));
    }
    head.push(Span::styled(" price  total   rank", t.title));
    let mut lines = vec![Line::from(head)];
    let (from, to) = window(
        model.sel.bid,
        bids.len(),
        (inner.height as usize).saturating_sub(3),
    );
    for (i, bid) in bids.iter().enumerate().take(to).skip(from) {
        hit_row(model, inner, lines.len(), i);
        let mut spans = vec![Span::raw(pad(
            &format!("{}{bid}", if i == model.sel.bid { "▶" } else { " " }),
            14,
        ))];
        for (j, c) in crits.iter().enumerate() {
            // Sheets and live scores together, as `procboard score` moderates them.
            let moderated = eval.lots.iter().find_map(|l| l.moderated.get(bid, c));
            let mine = model.review_as.as_ref().and_then(|w| {
                doc.sheets
                    .iter()
                    .find(|sh| sh.stem == *w)
                    .and_then(|sh| sh.sheet.scores.get(bid))
                    .and_then(|b| b.get_ref().get(c))
                    .map(|x| *x.get_ref())
            });
            let text = match (moderated, mine) {
                (_, Some(x)) => format!("mine {}", x.normalize()),
                (Some(m), None) => {
                    let flag = if m.flagged { " ⚑" } else { "" };
                    match (m.source, m.score, m.mean) {
                        (Some(ScoreSource::Consensus), Some(x), _) => {
                            format!("={}{flag}", x.normalize())
                        }
                        (_, _, Some(mean)) => {
                            format!("{} ({}){flag}", mean.round_dp(1).normalize(), m.count)
                        }
                        _ => "·".into(),
                    }
                }
                (None, None) => "·".into(),
            };
            let s = if i == model.sel.bid && j == model.sel.criterion {
                t.selected
            } else {
                t.text
            };
            spans.push(Span::styled(pad(&text, col), s));
        }
        if let Some((_, r)) = eval.bids().find(|(_, r)| r.bid == *bid) {
            spans.push(Span::raw(format!(
                " {:>5} {:>6}  {}",
                r.price_points
                    .map(|x| format!("{:.2}", x.round_dp(2)))
                    .unwrap_or_else(|| "—".into()),
                r.total
                    .map(|x| x.round_dp(2).to_string())
                    .unwrap_or_else(|| "—".into()),
                r.rank
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| r.status_word())
            )));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::styled(
        "cells: =consensus, else the mean (how many sheets and live scores); ⚑ spread above the limit; · none; price: price points",
        t.dim,
    ));
    lines.push(Line::styled(bidders_line(doc), t.dim));
    lines.push(threshold_line(&eval, t));
    for a in &eval.awards {
        let status = serde_json::to_value(a.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_uppercase))
            .unwrap_or_default();
        let mut text = format!("award: {} ({}) {status}: {}", a.bid, a.bidder, a.reason);
        if let Some(st) = &a.standstill {
            text.push_str(&format!(
                " · standstill {} to {}, contract from {}",
                st.notice, st.ends, st.contract_from
            ));
        }
        lines.push(Line::styled(text, t.warn));
    }
    let warnings: Vec<String> = eval
        .lots
        .iter()
        .flat_map(|l| l.moderated.warnings.iter().map(ToString::to_string))
        .collect();
    if !warnings.is_empty() {
        lines.push(Line::styled(
            format!("⚠ moderation: {} to look at", warnings.len()),
            t.warn,
        ));
        lines.extend(warnings.into_iter().map(|w| Line::raw(format!("  {w}"))));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The quality threshold and the bids it excludes (quality points below the minimum: no price
/// points, not ranked).
fn threshold_line(eval: &crate::tender::TenderEvaluation, t: &Theme) -> Line<'static> {
    let Some(min) = eval.scheme.threshold else {
        return Line::styled("quality threshold: none", t.dim);
    };
    let excluded: Vec<String> = eval
        .bids()
        .filter_map(|(_, r)| {
            let q = r.quality_total?;
            (q < min).then(|| format!("{} (quality {})", r.bid, q.round_dp(2)))
        })
        .collect();
    if excluded.is_empty() {
        Line::styled(
            format!(
                "quality threshold: {} points · excludes no bid",
                min.normalize()
            ),
            t.text,
        )
    } else {
        Line::styled(
            format!(
                "⚠ quality threshold: {} points · excludes {}",
                min.normalize(),
                excluded.join(", ")
            ),
            t.warn,
        )
    }
}

trait StatusWord {
    fn status_word(&self) -> String;
}

impl StatusWord for crate::rules::scoring::BidResult {
    fn status_word(&self) -> String {
        serde_json::to_value(self.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_uppercase))
            .unwrap_or_default()
    }
}

pub(super) fn disputes(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let b = block(" Disputes ", t);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let mut lines = Vec::new();
    if model.state.disputes.is_empty() {
        lines.push(Line::raw("No disputes on the register. L lodges one."));
    }
    for (i, (id, d)) in model.state.disputes.iter().enumerate() {
        hit_row(model, inner, lines.len(), i);
        let sel = i == model.sel.dispute;
        let next: Vec<&str> = crate::rules::dispute::allowed_from(d.status)
            .iter()
            .map(|s| s.code())
            .collect();
        let mut line = Line::from(vec![
            Span::raw(if sel { "▶ " } else { "  " }),
            Span::raw(pad(id, 32)),
            Span::styled(pad(&d.status.code().to_uppercase(), 14), t.warn),
            Span::styled(
                if next.is_empty() {
                    "final".to_string()
                } else {
                    format!("may move to {}", next.join(", "))
                },
                t.dim,
            ),
        ]);
        if sel {
            line = line.patch_style(t.selected);
        }
        lines.push(line);
        if sel {
            if let Some(Event::DisputeLodged(DisputeLodged {
                author, grounds, ..
            })) = &d.lodged
            {
                lines.push(Line::raw(format!("    lodged here by {author}: {grounds}")));
            }
            for (seq, at, st, reasons) in &d.changes {
                lines.push(Line::styled(
                    format!(
                        "    #{seq} {} → {}{}",
                        local_time(model, *at),
                        st.code(),
                        reasons
                            .as_ref()
                            .map(|r| format!(": {r}"))
                            .unwrap_or_default()
                    ),
                    t.dim,
                ));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn record(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let b = block(" The record (journal) ", t);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let h = inner.height as usize;
    let n = model.records.len();
    let end = n.saturating_sub(model.sel.record_back);
    let start = end.saturating_sub(h);
    let lines: Vec<Line> = model.records[start..end]
        .iter()
        .map(|r| {
            Line::from(vec![
                Span::styled(format!("{:>4} {} ", r.seq, local_time(model, r.at)), t.dim),
                Span::raw(describe(model, &r.event)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Review: the item as the members will vote it: who presents it, the motion as it will be put
/// (for an award, the recommended bid with its rank and total), and its documents, the
/// highlighted one opened with `o`.
fn review_item(model: &Model, item: &str, lines: &mut Vec<Line<'static>>) {
    let t = &model.theme;
    let (presenter, documents) = model.item_papers(model.sel.agenda);
    if let Some(p) = presenter {
        lines.push(Line::raw(format!("presented by {p}")));
    }
    if !model.state.motions.iter().any(|m| m.item == item)
        && let Some(text) =
            crate::meeting::motion_text(&model.info.board, &model.info.meeting, &model.state, item)
    {
        lines.push(Line::styled("motion as it will be put:", t.title));
        lines.push(Line::raw(format!("  {text}")));
    }
    if documents.is_empty() {
        lines.push(Line::styled("no documents", t.dim));
        return;
    }
    lines.push(Line::styled("documents (←→ choose, o open):", t.title));
    let at = model.sel.document.min(documents.len() - 1);
    for (i, d) in documents.into_iter().enumerate() {
        if i == at {
            lines.push(Line::styled(format!("▶ {d}"), t.selected));
        } else {
            lines.push(Line::raw(format!("  {d}")));
        }
    }
}
