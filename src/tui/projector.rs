//! The projector layout: what the room sees. Never controls, key hints, notes, draft scores or
//! dispute details.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::app::Model;
use super::theme::bar;
use crate::record::event::RecusalScope;
use crate::record::state::{ItemState, ItemStatus, MotionStatus, outcome_word};
use crate::rules::dispute::DisputeStatus;
use crate::rules::voting::Outcome;

/// Draws the projector layout in `area`.
pub fn view(model: &Model, frame: &mut Frame, area: Rect) {
    if closed_session(model, frame, area) {
        return;
    }
    let [head, strip, title, quorum, _, vote] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(head_line(model, head.width)), head);
    frame.render_widget(
        Paragraph::new(agenda_strip(model)).alignment(Alignment::Center),
        strip,
    );
    item_heading(model, frame, title);
    frame.render_widget(
        Paragraph::new(quorum_line(model)).alignment(Alignment::Center),
        quorum,
    );

    let current = model.state.current_item();
    let tender = current
        .and_then(|c| model.state.ctx.items.iter().find(|x| x.id == c.id))
        .and_then(|x| x.tender.clone())
        .filter(|t| model.state.consensus.iter().any(|c| c.tender == *t));
    let motion_here = current.is_some_and(|c| model.state.motions.iter().any(|m| m.item == c.id));
    if let (Some(tid), false) = (&tender, motion_here) {
        tender_ranking(model, tid, frame, vote);
        return;
    }
    if super::view::speakers::on_projector(model) {
        super::view::speakers::projector(model, frame, vote);
        return;
    }
    if let Some(lines) = super::view::procedure::projector_consent_block(model, &model.theme) {
        frame.render_widget(
            Paragraph::new(lines)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            vote,
        );
        return;
    }
    motion(model, frame, area, vote);
}

/// The top line: the meeting, its date and start (after the board's name where there is room).
fn head_line(model: &Model, width: u16) -> Line<'static> {
    let (t, i) = (&model.theme, &model.info);
    Line::from(vec![
        // The board's name only where there is room: the meeting and its date come first.
        Span::styled(
            if width >= 120 {
                format!("{} · ", i.board_name)
            } else {
                String::new()
            },
            t.title,
        ),
        Span::raw(format!(
            "{} · {} {}",
            i.title,
            i.date.format("%Y-%m-%d"),
            i.start.format("%H:%M")
        )),
    ])
}

/// Where the meeting stands on its agenda, in one line: the items done (`✓`) or deferred (`–`),
/// the current one (`▶` with its title) and the next one still to be taken.
fn agenda_strip(model: &Model) -> Line<'static> {
    let t = &model.theme;
    let items = &model.state.items;
    let title = |id: &str| {
        model
            .state
            .ctx
            .items
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.title.clone())
            .unwrap_or_default()
    };
    let mut spans = Vec::new();
    let done: Vec<String> = items
        .iter()
        .filter_map(|i| match i.status {
            ItemStatus::Closed => Some(format!("✓ {}", i.id)),
            ItemStatus::Deferred => Some(format!("– {}", i.id)),
            _ => None,
        })
        .collect();
    if !done.is_empty() {
        spans.push(Span::styled(format!("done {}", done.join(" ")), t.dim));
    }
    let current = items.iter().position(|i| i.status == ItemStatus::Open);
    if let Some(c) = current {
        if !spans.is_empty() {
            spans.push(Span::raw(" · "));
        }
        spans.push(Span::styled(format!("now ▶ {}", items[c].id), t.title));
    }
    let after = current.map_or(0, |c| c + 1);
    if let Some(n) = items[after.min(items.len())..]
        .iter()
        .find(|i| i.status == ItemStatus::Pending)
    {
        if !spans.is_empty() {
            spans.push(Span::raw(" · "));
        }
        spans.push(Span::raw(format!("next {} {}", n.id, title(&n.id))));
    }
    Line::from(spans)
}

/// The open item's number and title in `title`, bold (or, between items, where the meeting
/// stands): no larger than the motion on the floor and its result below it.
fn item_heading(model: &Model, frame: &mut Frame, title: Rect) {
    let t = &model.theme;
    let (num, item_title) = match shown_item(model) {
        Some(it) => (
            it.id.clone(),
            model
                .state
                .ctx
                .items
                .iter()
                .find(|x| x.id == it.id)
                .map(|x| x.title.clone())
                .unwrap_or_default(),
        ),
        None if model.state.adjourned_at.is_some() => {
            (String::new(), "The meeting is adjourned".to_string())
        }
        None if model.state.opened.is_some() => (String::new(), "In session".to_string()),
        None => (String::new(), "The meeting has not opened yet".to_string()),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            if num.is_empty() {
                item_title
            } else {
                format!("Item {num} · {item_title}")
            },
            t.title,
        ))
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true }),
        title,
    );
}

/// Whether the quorum is met now, with the weight and members present (empty before opening).
fn quorum_line(model: &Model) -> Line<'static> {
    let t = &model.theme;
    match &model.state.quorum_now() {
        Some(q) => {
            let (w, s) = if q.met {
                ("QUORUM MET", t.good)
            } else {
                ("NO QUORUM", t.bad)
            };
            Line::from(vec![
                Span::styled(
                    super::view::procedure::recess_word(model).unwrap_or_default(),
                    t.warn,
                ),
                Span::styled(w, s),
                Span::raw(format!(
                    " {} of {} weight · {} of {} members present",
                    q.weight_present.normalize(),
                    q.weight_base.normalize(),
                    q.heads_present,
                    q.heads_base
                )),
            ])
        }
        None => Line::raw(""),
    }
}

/// The selected motion in `vote`: its text and where its vote stands; a result is written
/// large on a large screen (`area` is the whole layout).
fn motion(model: &Model, frame: &mut Frame, area: Rect, vote: Rect) {
    let t = &model.theme;
    let Some(item) = shown_item(model) else {
        return;
    };
    let acts = item_acts(model, item);
    if item.status == ItemStatus::Deferred {
        frame.render_widget(
            Paragraph::new(acts)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            vote,
        );
        return;
    }
    // The current item's motions only: the selected one if it is of this item, else the one
    // being voted on, else the last.
    let ms = &model.state.motions;
    let here = model
        .motion_index()
        .filter(|i| ms.get(*i).is_some_and(|m| m.item == item.id))
        .or_else(|| {
            ms.iter().rposition(|m| {
                m.item == item.id
                    && matches!(
                        m.status,
                        MotionStatus::Debate | MotionStatus::Voting | MotionStatus::Tied
                    )
            })
        })
        .or_else(|| ms.iter().rposition(|m| m.item == item.id));
    let Some(m) = here.and_then(|i| ms.get(i)) else {
        frame.render_widget(
            Paragraph::new(acts)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            vote,
        );
        return;
    };
    let mut lines = vec![Line::styled(
        super::view::procedure::projector_title(model, m),
        t.title,
    )];
    // On a large screen the outcome is written large and each vote has its line.
    let large = area.height >= 40 && area.width >= 100;
    let mut big_word = None;
    match m.status {
        MotionStatus::Debate => {
            lines.push(Line::raw(""));
            let seconded = match &m.seconder {
                Some(s) => format!(" · seconded by {}", model.info.name(s)),
                None => String::new(),
            };
            lines.push(Line::styled(
                format!("Motion on the floor — in debate{seconded}"),
                t.warn,
            ));
        }
        MotionStatus::Voting => {
            let entitled = {
                let mut counted = m.clone();
                counted.status = MotionStatus::Voting;
                model
                    .state
                    .tally(&counted)
                    .map(|x| x.heads_entitled)
                    .unwrap_or(0)
            };
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("VOTING · votes entered {} of {}", m.votes.len(), entitled),
                t.warn,
            ));
        }
        MotionStatus::Withdrawn => lines.push(Line::styled("WITHDRAWN", t.dim)),
        MotionStatus::Closed | MotionStatus::Tied => {
            if let Some(x) = m.result() {
                big_word = result_lines(model, m, x, large, vote.width, &mut lines);
            }
        }
    }
    lines.extend(super::view::procedure::projector_amendment_lines(
        model, m, t,
    ));
    if !acts.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(acts);
    }
    // The result and the votes keep their rows: on a screen too short for everything, the large
    // word goes first (the line `result: …` stays), then the motion's text is cut to the rows left.
    let below: u16 = lines[1..]
        .iter()
        .map(|l| wrapped_height(l, vote.width))
        .sum();
    let title_h = wrapped_height(&lines[0], vote.width);
    if big_word.is_some() && title_h + 4 + below > vote.height {
        big_word = None;
    }
    if title_h + below > vote.height {
        let rows = vote.height.saturating_sub(below).max(1);
        lines[0] = cut_to_rows(&lines[0], vote.width, rows);
    }
    let mut rest = vote;
    if let Some((word, style)) = big_word {
        let first_h = wrapped_height(&lines[0], vote.width);
        let [first, word_area, after] = Layout::vertical([
            Constraint::Length(first_h),
            Constraint::Length(4),
            Constraint::Min(0),
        ])
        .areas(vote);
        frame.render_widget(
            Paragraph::new(lines.remove(0))
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            first,
        );
        frame.render_widget(
            BigText::builder()
                .pixel_size(PixelSize::HalfHeight)
                .style(style)
                .lines(vec![Line::from(word)])
                .centered()
                .build(),
            word_area,
        );
        rest = after;
    }
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rest,
    );
}

/// `line` cut at a word to at most `rows` rows wrapped at `width`, ending with `…` when cut.
fn cut_to_rows(line: &Line<'_>, width: u16, rows: u16) -> Line<'static> {
    let style = line.spans.first().map(|s| s.style).unwrap_or_default();
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    // The most words that fit with the ellipsis.
    let (mut lo, mut hi) = (0, words.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate = format!("{} …", words[..mid].join(" "));
        if wrapped_height(&Line::raw(candidate), width) <= rows {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let cut = if lo == words.len() {
        text
    } else {
        format!("{} …", words[..lo].join(" "))
    };
    Line::from(Span::styled(cut, style)).style(line.style)
}

/// The item's acts other than votes, each shown like a result: a recusal on the item (or its
/// tender) and a dispute decided, dismissed or withdrawn while the item is open. Never the
/// dispute's reasons.
fn item_acts(model: &Model, item: &ItemState) -> Vec<Line<'static>> {
    let t = &model.theme;
    let tender = model
        .state
        .ctx
        .items
        .iter()
        .find(|x| x.id == item.id)
        .and_then(|x| x.tender.clone());
    let mut lines = Vec::new();
    if item.status == ItemStatus::Deferred {
        lines.push(Line::styled("DEFERRED", t.warn));
        if let Some(r) = &item.deferred_reason {
            lines.push(Line::raw(r.clone()));
        }
        lines.push(Line::raw(""));
    }
    for r in &model.state.recusals {
        let on = match &r.scope {
            RecusalScope::Item(i) => *i == item.id,
            RecusalScope::Tender(x) => tender.as_ref() == Some(x),
        };
        if on {
            lines.push(Line::from(vec![
                Span::styled("RECUSED", t.warn),
                Span::raw(format!(" · {}", model.info.name(&r.member))),
            ]));
        }
    }
    let Some(opened) = item.opened_at else {
        return lines;
    };
    for (id, d) in &model.state.disputes {
        for (_, at, status, _) in &d.changes {
            let decided = matches!(
                status,
                DisputeStatus::Upheld | DisputeStatus::Dismissed | DisputeStatus::Withdrawn
            );
            if decided && *at >= opened && item.closed_at.is_none_or(|c| *at <= c) {
                let word = format!("{status:?}").to_uppercase();
                let style = if *status == DisputeStatus::Upheld {
                    t.good
                } else {
                    t.bad
                };
                lines.push(Line::from(vec![
                    Span::raw(format!("Dispute {id}: ")),
                    Span::styled(word, style),
                ]));
            }
        }
    }
    lines
}

/// A counted vote's lines: the outcome, a bar for each choice, the rule, and how each member
/// voted (one a line when `large`). On a large screen the outcome is also returned, to be
/// written large.
fn result_lines(
    model: &Model,
    m: &crate::record::state::MotionState,
    x: &crate::rules::voting::Tally,
    large: bool,
    width: u16,
    lines: &mut Vec<Line<'static>>,
) -> Option<(String, ratatui::style::Style)> {
    let t = &model.theme;
    let word = outcome_word(x).to_uppercase().replace('_', " ");
    let style = match x.outcome {
        Outcome::Carried => t.good,
        Outcome::Tied => t.warn,
        _ => t.bad,
    };
    // Large at every size, and also as text (screen readers, captures).
    let big_word = Some((word.clone(), style));
    lines.push(Line::styled(format!("result: {word}"), style));
    // The rule's own base, worded and rounded as in the explanation (and so the minutes).
    let base = &x.base;
    let w = (width as usize).saturating_sub(56).clamp(5, 60);
    for (label, v, h) in [
        ("yes", x.yes, x.heads_yes),
        ("no", x.no, x.heads_no),
        ("abstain", x.abstain, x.heads_abstain),
    ] {
        let members = format!("({h} member{})", if h == 1 { "" } else { "s" });
        if label == "abstain" && !base.counts_abstain {
            lines.push(Line::raw(format!(
                "{label} {} {members}, not counted under this rule",
                v.normalize()
            )));
            continue;
        }
        lines.push(Line::raw(format!(
            "{label:<8}{:>32}  {}  {members}",
            base.share(v),
            bar(v, base.weight, w),
        )));
    }
    if let Some(r) = model.state.rule(&m.decision) {
        lines.push(Line::styled(
            format!("rule: {}", r.majority.describe()),
            t.dim,
        ));
    }
    let mut votes = Vec::new();
    for (member, _) in model.seats() {
        if let Some(v) = m.votes.get(member) {
            votes.push(format!("{} {}", model.info.name(member), v.vote.describe()));
        }
    }
    if let Some(c) = x.casting_vote {
        votes.push(format!("chair's casting vote: {}", c.as_str()));
    }
    if large {
        // One member a line: legible from the back of the room.
        lines.push(Line::raw(""));
        lines.extend(votes.into_iter().map(Line::raw));
    } else {
        lines.push(Line::raw(votes.join(" · ")));
    }
    big_word
}

/// Totals and ranks once consensus is recorded (never the members' draft scores).
fn tender_ranking(model: &Model, tender: &str, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let Some(doc) = model.info.board.tender(tender) else {
        return;
    };
    let e = crate::tender::evaluate_tender(
        &model.info.board,
        doc,
        Some(&crate::meeting::live_input(&model.state, &doc.id)),
        &model.info.register,
        model.info.date,
    );
    let mut rows: Vec<(u32, String, String)> = e
        .bids()
        .filter_map(|(_, r)| {
            let bidder = doc
                .tender
                .bids
                .iter()
                .find(|b| *b.id.get_ref() == r.bid)
                .map(|b| b.bidder.clone())
                .unwrap_or_default();
            Some((
                r.rank?,
                format!("{} {bidder}", r.bid),
                r.total?.round_dp(2).to_string(),
            ))
        })
        .collect();
    rows.sort();
    let mut lines = vec![Line::styled(
        format!("{} · consensus scores recorded", doc.tender.tender.title),
        t.title,
    )];
    for (rank, bid, total) in rows {
        lines.push(Line::raw(format!(
            "{rank:>3}.  {bid:<40} {total:>8} points"
        )));
    }
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
}

/// How many rows `line` takes wrapped word by word at `width` (as `Wrap { trim: true }` does;
/// a word longer than the width is broken).
fn wrapped_height(line: &Line<'_>, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let (mut rows, mut used) = (1usize, 0usize);
    for word in text.split_whitespace() {
        let w = Line::raw(word).width();
        let need = if used == 0 { w } else { used + 1 + w };
        if need <= width {
            used = need;
        } else if w <= width {
            rows += usize::from(used > 0);
            used = w;
        } else {
            // Broken across rows, from a fresh row.
            rows += usize::from(used > 0) + (w - 1) / width;
            used = (w - 1) % width + 1;
        }
    }
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// The item the wall is about: the open one, else, when the last item acted on was deferred,
/// that one (its deferral is shown like a result until the next item is taken up).
fn shown_item(model: &Model) -> Option<&ItemState> {
    if let Some(it) = model.state.current_item() {
        return Some(it);
    }
    if model.state.adjourned_at.is_some() {
        return None;
    }
    model
        .state
        .items
        .iter()
        .filter(|i| i.closed_at.is_some())
        .max_by_key(|i| i.closed_at)
        .filter(|i| i.status == ItemStatus::Deferred)
}

/// While a closed session is open, and unless the secretary shows the room the item (`Z`): the
/// meeting's line, "CLOSED SESSION", the item's number, the ground in words and the quorum;
/// nothing of the item's title or content. Returns whether it drew.
fn closed_session(model: &Model, frame: &mut Frame, area: Rect) -> bool {
    let Some(session) = model.state.closed_now() else {
        return false;
    };
    if model.show_closed {
        return false;
    }
    let t = &model.theme;
    let [head, _, big, item, ground, _, quorum, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(if area.height >= 30 { 4 } else { 1 }),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(head_line(model, head.width)), head);
    let words = "CLOSED SESSION";
    if big.height >= 4 && area.width >= 112 {
        frame.render_widget(
            BigText::builder()
                .pixel_size(PixelSize::HalfHeight)
                .style(t.bad)
                .lines(vec![Line::from(words)])
                .centered()
                .build(),
            big,
        );
    } else {
        frame.render_widget(
            Paragraph::new(Line::styled(format!("■ {words} ■"), t.bad))
                .alignment(Alignment::Center),
            big,
        );
    }
    frame.render_widget(
        Paragraph::new(Line::styled(format!("Item {}", session.item), t.title))
            .alignment(Alignment::Center),
        item,
    );
    frame.render_widget(
        Paragraph::new(Line::raw(format!("Ground: {}", session.ground_text)))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        ground,
    );
    frame.render_widget(
        Paragraph::new(quorum_line(model)).alignment(Alignment::Center),
        quorum,
    );
    true
}
