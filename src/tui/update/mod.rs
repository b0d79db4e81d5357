//! `update(&mut Model, Msg) -> Vec<Effect>`: pure, no I/O. Acts become [`Effect::Record`]; the
//! driver records them through [`crate::meeting::Meeting::record`] and answers with
//! [`Msg::Recorded`] (the new state) or [`Msg::Refused`] (the library's message).

use crate::record::event::{MotionMoved, VoteCast};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::app::{
    Confirm, Field, FieldKind, Form, Mode, Model, OnYes, Overlay, Screen, StatusKind, Target,
};
use super::keymap::{Action, Key, KeyContext};

mod acts;
mod closed;
mod speakers;
use crate::record::event::{Attendance, Event, VoteValue};
use crate::record::journal::Record;
use crate::record::state::{MeetingState, MotionStatus};
use crate::rules::voting::Choice;
use acts::act;

/// What happens to the console.
#[derive(Debug)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal was resized (the next frame uses the new size).
    Resize,
    /// A left click at (column, row) of the terminal.
    Click(u16, u16),
    /// The library recorded the event: the new state and the record.
    Recorded(Box<MeetingState>, Box<Record<Event>>),
    /// The library refused the event (nothing was written): its message.
    Refused(String),
    /// The journal changed on disk (projector process): the state and records replayed.
    Reloaded(Box<MeetingState>, Vec<Record<Event>>),
    /// The clock moved (display only).
    Clock(chrono::DateTime<chrono::Utc>),
    /// Review: a private note was saved.
    NoteSaved(super::review::PrivateNote),
    /// Review: the member's sheet was written and checked; the board as now read.
    SheetSaved(String, Box<crate::board::Board>),
    /// The minutes were rendered on adjournment: what was written, or why not.
    MinutesWritten(Result<String, String>),
    /// Review: the member's answer to a written procedure was written and signed (what the
    /// status line says, and the procedures as now read), or why not.
    WrittenAnswered(Result<(String, Vec<super::app::WrittenOpen>), String>),
    /// Review: a document was handed to the opener, or why not.
    DocumentOpened(Result<String, String>),
}

/// What `update` asks the driver to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Check, write and apply this event through the meeting library.
    Record(Box<Event>),
    /// End the console.
    Quit,
    /// Review: append a private note to this file.
    SaveNote(std::path::PathBuf, super::review::PrivateNote),
    /// Review: set one score in the member's sheet.
    SaveScore(Box<super::review::SheetScore>),
    /// Render the minutes of the adjourned meeting (`procboard minutes render`).
    WriteMinutes,
    /// Review: answer a written procedure as the reviewing member, signed with its key.
    AnswerWritten(Box<super::review::WrittenAnswer>),
    /// Review: open this document with the system's opener (spawned, never waited for).
    OpenDocument(std::path::PathBuf),
}

/// Applies a message to the model and returns the effects to run.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) if k.kind == KeyEventKind::Press => key(model, k),
        Msg::Key(_) | Msg::Resize => Vec::new(),
        Msg::Click(x, y) => click(model, x, y),
        Msg::Clock(t) => {
            model.now = t;
            Vec::new()
        }
        Msg::Recorded(state, record) => {
            model.waiting = false;
            model.sent_form = None;
            model.sent_picker = None;
            if let Some(p) = model.next_picker.take() {
                model.overlays.push(Overlay::Picker(p));
            }
            model.status = Some((
                StatusKind::Done,
                format!("recorded: {}", super::words::describe(model, &record.event)),
            ));
            model.now = record.at;
            model.state = *state;
            let st = model.state.clone();
            advance_after(model, &st, &record.event);
            // The member presiding has just been marked away: say so at once, with the fix.
            if matches!(
                record.event,
                Event::Attendance { .. } | Event::AttendanceCorrected { .. }
            ) && let Some(text) = model.presiding_away_text()
            {
                let done = model.status.take().map(|(_, s)| s).unwrap_or_default();
                model.status = Some((StatusKind::Info, format!("{done} · warning: {text}")));
            }
            let adjourned = matches!(record.event, Event::Adjourned {});
            let follow = closed::follow_up(model, &record.event);
            model.records.push(*record);
            if adjourned {
                vec![Effect::WriteMinutes]
            } else {
                follow
            }
        }
        Msg::DocumentOpened(result) => {
            model.status = Some(match result {
                Ok(m) => (StatusKind::Info, m),
                Err(m) => (StatusKind::Refused, m),
            });
            Vec::new()
        }
        Msg::MinutesWritten(result) => {
            model.status = Some(match result {
                Ok(written) => (
                    StatusKind::Done,
                    format!("adjourned; minutes written: {written}"),
                ),
                Err(why) => (
                    StatusKind::Refused,
                    format!("adjourned; the minutes were not written: {why}"),
                ),
            });
            Vec::new()
        }
        Msg::Refused(message) => {
            model.waiting = false;
            model.next_picker = None;
            if let Some(p) = model.sent_picker.take() {
                model.overlays.push(Overlay::Picker(p));
                model.status = Some((
                    StatusKind::Refused,
                    format!(
                        "refused, nothing written: {message} (the list is kept: pick again, or Esc)"
                    ),
                ));
                return Vec::new();
            }
            let kept = give_back_form(model, &message);
            model.status = Some((
                StatusKind::Refused,
                if kept {
                    format!(
                        "refused, nothing written: {message} (the form is kept: correct it, Enter)"
                    )
                } else {
                    format!("refused, nothing written: {message}")
                },
            ));
            Vec::new()
        }
        Msg::NoteSaved(note) => {
            model.waiting = false;
            model.status = Some((
                StatusKind::Done,
                "private note saved (outside the board folder)".into(),
            ));
            model.private_notes.push(note);
            Vec::new()
        }
        Msg::WrittenAnswered(Ok((message, open))) => {
            model.waiting = false;
            model.status = Some((StatusKind::Done, message));
            model.info.written_open = open;
            Vec::new()
        }
        Msg::WrittenAnswered(Err(message)) => {
            model.waiting = false;
            model.status = Some((StatusKind::Refused, message));
            Vec::new()
        }
        Msg::SheetSaved(message, board) => {
            model.waiting = false;
            model.status = Some((StatusKind::Done, message));
            model.info.board = *board;
            Vec::new()
        }
        Msg::Reloaded(state, records) => {
            model.state = *state;
            model.records = records;
            Vec::new()
        }
    }
}

/// Review with `--as`, `w` on the overview: the form that answers a written procedure, for the
/// first procedure still taking answers that the member has not answered.
fn answer_written_form(model: &mut Model) -> Vec<Effect> {
    let Some(me) = model.review_as.clone() else {
        return info(
            model,
            "review is read-only; to answer a written procedure, start it with --as <MEMBER> --key <KEY>",
        );
    };
    let open: Vec<&super::app::WrittenOpen> = model
        .info
        .written_open
        .iter()
        .filter(|w| w.taking_answers)
        .collect();
    let Some(first) = open
        .iter()
        .find(|w| !w.answers.iter().any(|(m, _)| *m == me))
        .or(open.first())
        .map(|w| w.id.clone())
    else {
        return info(model, "no written procedure is taking answers now");
    };
    let key = model
        .review_key
        .as_ref()
        .map(|k| k.display().to_string())
        .unwrap_or_default();
    let effects = form(
        model,
        &format!("Answer of {me} to a written procedure (signed with your key; final)"),
        "written_answer",
        vec![
            Field::new("procedure", "procedure", FieldKind::Text, &first),
            Field::new(
                "answer",
                "answer (yes, no, abstain, object)",
                FieldKind::Text,
                "",
            ),
            Field::new("statement", "statement (optional)", FieldKind::Optional, ""),
            Field::new("key", "private key file", FieldKind::Text, &key),
        ],
    );
    set_target(model, Target::WrittenAnswer);
    effects
}

/// The library refused the event a form asked for: the form comes back as it was typed, with the
/// focus on the first field whose value the refusal quotes (else where it was). Returns whether a
/// form came back.
fn give_back_form(model: &mut Model, message: &str) -> bool {
    let Some(mut form) = model.sent_form.take() else {
        return false;
    };
    let quoted = |v: &str| !v.is_empty() && message.contains(&format!("`{v}`"));
    if let Some(i) = form
        .fields
        .iter()
        .position(|f| quoted(&f.value()) || message.contains(&format!("`{}`", f.key)))
    {
        form.focus = i;
    }
    model.overlays.push(Overlay::Form(form));
    true
}

/// A click, hit-tested against the areas of the last frame: on a tab, the key that shows that
/// screen; on a row of the screen's list, the selection moves there as the arrow keys would
/// move it. Ignored under an overlay, on the projector and while an act is being recorded.
fn click(model: &mut Model, x: u16, y: u16) -> Vec<Effect> {
    if !model.overlays.is_empty() || model.projector || model.waiting {
        return Vec::new();
    }
    let at = ratatui::layout::Position::new(x, y);
    let hits = model.hits.borrow().clone();
    if let Some((_, screen)) = hits.tabs.iter().find(|(r, _)| r.contains(at)) {
        let action = match screen {
            Screen::RollCall => Action::ScreenRollCall,
            Screen::Agenda => Action::ScreenAgenda,
            Screen::Vote => Action::ScreenVote,
            Screen::Tenders => Action::ScreenTenders,
            Screen::Disputes => Action::ScreenDisputes,
            Screen::Record => Action::ScreenRecord,
            Screen::Speakers => Action::ScreenSpeakers,
        };
        return acts::act(model, action);
    }
    if let Some((_, i)) = hits.rows.iter().find(|(r, _)| r.contains(at)) {
        let i = *i;
        match model.screen {
            Screen::RollCall => model.sel.roll = i,
            Screen::Agenda => model.sel.agenda = i,
            Screen::Vote => model.sel.vote = i,
            Screen::Tenders => model.sel.bid = i,
            Screen::Disputes => model.sel.dispute = i,
            Screen::Record => {}
            Screen::Speakers => model.sel.speaker = i,
        }
    }
    Vec::new()
}

/// After an act is on disk: move down the list, as one key per member expects.
fn advance_after(model: &mut Model, state: &MeetingState, event: &Event) {
    let n = model.seats().len();
    match event {
        Event::Attendance { .. } if model.screen == Screen::RollCall => {
            model.sel.roll = (model.sel.roll + 1).min(n.saturating_sub(1));
        }
        Event::VoteCast(VoteCast { motion, .. }) if model.screen == Screen::Vote => {
            // Next member who may still vote (present, not recused, no vote yet), below and
            // then from the top; when everyone has voted, one row down.
            model.sel.vote = model
                .first_voter(state, motion, model.sel.vote + 1)
                .or_else(|| model.first_voter(state, motion, 0))
                .unwrap_or((model.sel.vote + 1).min(n.saturating_sub(1)));
        }
        Event::ItemClosed { item } | Event::ItemDeferred { item, .. } => {
            // On to the next item still to be taken (after this one, else from the top).
            let at = state.items.iter().position(|i| &i.id == item).unwrap_or(0);
            let pending = |i: &&crate::record::state::ItemState| {
                i.status == crate::record::state::ItemStatus::Pending
            };
            let next = state.items[at..]
                .iter()
                .find(pending)
                .or_else(|| state.items.iter().find(pending))
                .and_then(|n| state.items.iter().position(|i| i.id == n.id));
            if let Some(next) = next {
                model.sel.agenda = next;
            }
        }
        Event::MotionMoved(MotionMoved { motion, .. }) | Event::VoteOpened { motion } => {
            // A new vote (or a new round) starts on the first member who may vote on it.
            model.sel.motion = None;
            model.sel.vote = model.first_voter(state, motion, 0).unwrap_or(0);
        }
        Event::QuestionPut { motion } => {
            // Debate is over: the vote screen, on the first member who may vote.
            model.sel.motion = None;
            model.screen = Screen::Vote;
            model.sel.vote = model.first_voter(state, motion, 0).unwrap_or(0);
        }
        _ => {}
    }
}

fn key(model: &mut Model, k: KeyEvent) -> Vec<Effect> {
    let key = Key::of(&k);
    let context = model.context();
    let with_global = matches!(
        context,
        KeyContext::RollCall
            | KeyContext::Agenda
            | KeyContext::Vote
            | KeyContext::Tenders
            | KeyContext::Disputes
            | KeyContext::Record
            | KeyContext::Speakers
    );
    let action = model.keymap.resolve(context, key, with_global);
    if model.mode == Mode::Projector {
        return match action {
            Some(Action::Quit) => {
                model.quit = true;
                vec![Effect::Quit]
            }
            Some(Action::Help) => {
                model.overlays.push(Overlay::Help);
                Vec::new()
            }
            Some(Action::Cancel) => {
                model.overlays.pop();
                Vec::new()
            }
            _ => Vec::new(),
        };
    }
    if model.mode == Mode::Review
        && !matches!(
            context,
            KeyContext::Form | KeyContext::Confirm | KeyContext::Help
        )
    {
        let (_, documents) = model.item_papers(model.sel.agenda);
        let on_agenda = model.screen == super::app::Screen::Agenda;
        return match action {
            Some(Action::Left | Action::Right) if on_agenda => {
                let n = documents.len();
                let d = &mut model.sel.document;
                *d = if action == Some(Action::Left) {
                    d.saturating_sub(1)
                } else {
                    (*d + 1).min(n.saturating_sub(1))
                };
                Vec::new()
            }
            Some(Action::Up | Action::Down) if on_agenda => {
                model.sel.document = 0;
                act(model, action.unwrap_or(Action::Up))
            }
            Some(Action::OpenItem) if on_agenda => {
                match documents.get(model.sel.document.min(documents.len().saturating_sub(1))) {
                    Some(doc) => vec![Effect::OpenDocument(model.info.board.root.join(doc))],
                    None => info(model, "this item lists no documents"),
                }
            }
            Some(a) if is_navigation(a) || a == Action::Quit => act(model, a),
            Some(Action::Note) => {
                let item = model
                    .state
                    .items
                    .get(model.sel.agenda)
                    .map(|i| i.id.clone())
                    .unwrap_or_default();
                let effects = form(
                    model,
                    "Private note (kept in your data folder, never in the board)",
                    "note",
                    vec![
                        Field::new(
                            "item",
                            "item (empty: the meeting)",
                            FieldKind::Optional,
                            &item,
                        ),
                        Field::new("text", "text", FieldKind::Text, ""),
                    ],
                );
                set_target(model, Target::PrivateNote);
                effects
            }
            Some(Action::Score) if model.review_as.is_some() => {
                let (tender, bid, crit) = acts::selected_cell(model);
                let who = model.review_as.clone().unwrap_or_default();
                let effects = form(
                    model,
                    &format!("Score sheet of {who}"),
                    "score_recorded",
                    vec![
                        Field::new("tender", "tender", FieldKind::Text, &tender),
                        Field::new("bid", "bid", FieldKind::Text, &bid),
                        Field::new("criterion", "criterion", FieldKind::Text, &crit),
                        Field::new("score", "score", FieldKind::Number, ""),
                    ],
                );
                set_target(model, Target::Sheet);
                effects
            }
            Some(Action::Score) => info(
                model,
                "review is read-only; to fill in your score sheet, start it with --as <MEMBER>",
            ),
            Some(Action::AnswerWritten) => answer_written_form(model),
            Some(_) => info(
                model,
                "review is read-only: nothing is recorded here (`:` keeps a private note)",
            ),
            None => Vec::new(),
        };
    }
    if matches!(model.overlays.last(), Some(Overlay::Picker(_))) {
        return picker_key(model, k);
    }
    match context {
        KeyContext::Form => return form_key(model, action, k),
        KeyContext::Confirm => return confirm_key(model, action),
        KeyContext::Help => {
            if action == Some(Action::Cancel) {
                model.overlays.pop();
            }
            return Vec::new();
        }
        _ => {}
    }
    let Some(action) = action else {
        return unbound(model, key);
    };
    if model.waiting && !is_navigation(action) {
        model.status = Some((StatusKind::Info, "still recording the last act…".into()));
        return Vec::new();
    }
    act(model, action)
}

/// A key that does nothing here says so, rather than nothing happening at all.
fn unbound(model: &mut Model, key: Key) -> Vec<Effect> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    if matches!(key.code, KeyCode::Modifier(_) | KeyCode::Null) {
        return Vec::new();
    }
    let mut name = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        name.push_str("Ctrl-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        name.push_str("Alt-");
    }
    match key.code {
        KeyCode::Char(c) => name.push(c),
        other => name.push_str(&other.to_string()),
    }
    info(
        model,
        format!(
            "`{name}` does nothing on the {} screen; `?` lists its keys",
            model.screen.title()
        ),
    )
}

fn is_navigation(a: Action) -> bool {
    use Action::*;
    matches!(
        a,
        Help | NextScreen
            | PrevScreen
            | ScreenRollCall
            | ScreenAgenda
            | ScreenVote
            | ScreenTenders
            | ScreenDisputes
            | ScreenRecord
            | Up
            | Down
            | Left
            | Right
            | PageUp
            | PageDown
            | Projector
            | PrevMotion
            | NextMotion
            | PrevTender
            | NextTender
    )
}

fn record(model: &mut Model, event: Event) -> Vec<Effect> {
    model.waiting = true;
    vec![Effect::Record(Box::new(event))]
}

fn info(model: &mut Model, text: impl Into<String>) -> Vec<Effect> {
    model.status = Some((StatusKind::Info, text.into()));
    Vec::new()
}

fn screen(model: &mut Model, s: Screen) -> Vec<Effect> {
    // The tender of the item open now, if it has one: the one the room is deciding.
    if s == Screen::Tenders
        && model.screen != Screen::Tenders
        && let Some(i) = open_item_tender(model)
        && i != model.sel.tender
    {
        model.sel.tender = i;
        model.sel.bid = 0;
        model.sel.criterion = 0;
    }
    model.screen = s;
    Vec::new()
}

/// The position, among the board's tenders, of the tender the open agenda item concerns.
fn open_item_tender(model: &Model) -> Option<usize> {
    let open = model.state.current_item()?;
    let tender = model
        .state
        .ctx
        .items
        .iter()
        .find(|i| i.id == open.id)?
        .tender
        .as_ref()?;
    model
        .info
        .board
        .tenders
        .iter()
        .position(|t| &t.id == tender)
}

fn correct_vote(model: &mut Model, motion: &str, member: &str, vote: &str) -> Vec<Effect> {
    form(
        model,
        "Correct a vote",
        "vote_corrected",
        vec![
            Field::new("motion", "motion", FieldKind::Text, motion),
            Field::new("member", "member", FieldKind::Text, member),
            Field::new(
                "vote",
                "vote (yes/no/abstain, or split yes 2 no 1 abstain 0)",
                FieldKind::Vote,
                vote,
            ),
            Field::new("reason", "reason", FieldKind::Text, ""),
        ],
    )
}

mod procedure;

fn next_motion_id(state: &MeetingState) -> String {
    (1..)
        .map(|n| format!("m{n}"))
        .find(|id| state.motion(id).is_none())
        .unwrap_or_default()
}

/// Bid ids of the selected tender.
pub fn tender_bids(model: &Model) -> Vec<String> {
    model
        .info
        .board
        .tenders
        .get(model.sel.tender)
        .map(|t| {
            t.tender
                .bids
                .iter()
                .map(|b| b.id.get_ref().clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Scored criteria of the selected tender.
pub fn tender_criteria(model: &Model) -> Vec<String> {
    model
        .info
        .board
        .tenders
        .get(model.sel.tender)
        .and_then(|t| model.state.ctx.tenders.get(&t.id))
        .map(|t| t.criteria.clone())
        .unwrap_or_default()
}

fn move_sel(model: &mut Model, step: isize) {
    let len = match model.screen {
        Screen::RollCall | Screen::Vote => model.seats().len(),
        Screen::Agenda => model.state.items.len(),
        Screen::Tenders => tender_bids(model).len(),
        Screen::Disputes => model.state.disputes.len(),
        Screen::Record => model.records.len(),
        Screen::Speakers => speakers::waiting(model).len(),
    };
    let sel = match model.screen {
        Screen::RollCall => &mut model.sel.roll,
        Screen::Vote => &mut model.sel.vote,
        Screen::Agenda => &mut model.sel.agenda,
        Screen::Tenders => &mut model.sel.bid,
        Screen::Disputes => &mut model.sel.dispute,
        Screen::Speakers => &mut model.sel.speaker,
        Screen::Record => {
            // Up scrolls back in time.
            let back = &mut model.sel.record_back;
            *back = back.saturating_add_signed(-step).min(len.saturating_sub(1));
            return;
        }
    };
    *sel = sel.saturating_add_signed(step).min(len.saturating_sub(1));
}

fn set_target(model: &mut Model, target: Target) {
    if let Some(Overlay::Form(f)) = model.overlays.last_mut() {
        f.target = target;
    }
}

fn form(model: &mut Model, title: &str, event: &'static str, fields: Vec<Field>) -> Vec<Effect> {
    // Focus the first empty field: prefilled ones are usually right.
    let focus = fields
        .iter()
        .position(|f| f.value().is_empty())
        .unwrap_or(0);
    model.overlays.push(Overlay::Form(Form {
        title: title.into(),
        event,
        fields,
        focus,
        target: Target::Event,
    }));
    Vec::new()
}

fn form_key(model: &mut Model, action: Option<Action>, k: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Form(f)) = model.overlays.last_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Cancel) => {
            model.overlays.pop();
            model.status = Some((StatusKind::Info, "cancelled; nothing written".into()));
            Vec::new()
        }
        Some(Action::NextField) => {
            f.focus = (f.focus + 1) % f.fields.len().max(1);
            Vec::new()
        }
        Some(Action::PrevField) => {
            let n = f.fields.len().max(1);
            f.focus = (f.focus + n - 1) % n;
            Vec::new()
        }
        Some(Action::Submit) if f.focus + 1 < f.fields.len() => {
            f.focus += 1;
            Vec::new()
        }
        Some(Action::Submit) if f.target != Target::Event => {
            let value = |k: &str| {
                f.fields
                    .iter()
                    .find(|x| x.key == k)
                    .map(|x| x.value())
                    .unwrap_or_default()
            };
            let effect = if f.target == Target::WrittenAnswer {
                let key = value("key");
                Effect::AnswerWritten(Box::new(super::review::WrittenAnswer {
                    id: value("procedure"),
                    member: model.review_as.clone().unwrap_or_default(),
                    answer: value("answer"),
                    statement: Some(value("statement")).filter(|s| !s.is_empty()),
                    key: super::review::expand_home(&key),
                }))
            } else if f.target == Target::PrivateNote {
                let Some(file) = model.notes_file.clone() else {
                    model.status = Some((
                        StatusKind::Refused,
                        "no data folder for private notes on this system".into(),
                    ));
                    return Vec::new();
                };
                let item = Some(value("item")).filter(|s| !s.is_empty());
                Effect::SaveNote(
                    file,
                    super::review::PrivateNote {
                        item,
                        text: value("text"),
                    },
                )
            } else {
                let Ok(score) = value("score").parse::<rust_decimal::Decimal>() else {
                    model.status = Some((
                        StatusKind::Refused,
                        format!("not saved: score: `{}` is not a number", value("score")),
                    ));
                    return Vec::new();
                };
                Effect::SaveScore(Box::new(super::review::SheetScore {
                    root: model.info.board.root.clone(),
                    member: model.review_as.clone().unwrap_or_default(),
                    tender: value("tender"),
                    bid: value("bid"),
                    criterion: value("criterion"),
                    score,
                    on: model.today,
                }))
            };
            model.overlays.pop();
            model.waiting = true;
            vec![effect]
        }
        Some(Action::Submit) => match super::forms::form_event(f) {
            Ok(ev) => {
                if let Some(Overlay::Form(sent)) = model.overlays.pop() {
                    model.sent_form = Some(sent);
                }
                record(model, ev)
            }
            Err(e) => {
                // Point at the field the message is about (messages start with its label).
                if let Some(Overlay::Form(f)) = model.overlays.last_mut()
                    && let Some(i) = f.fields.iter().position(|x| e.starts_with(x.label))
                {
                    f.focus = i;
                }
                model.status = Some((StatusKind::Refused, format!("not recorded: {e}")));
                Vec::new()
            }
        },
        _ => {
            if !matches!(
                k.code,
                KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc
            ) && let Some(field) = f.fields.get_mut(f.focus)
            {
                field.input.input(k);
            }
            Vec::new()
        }
    }
}

/// A key on the member picker: type-ahead, moves, and on `Enter` the act the row chosen makes.
fn picker_key(model: &mut Model, k: KeyEvent) -> Vec<Effect> {
    use super::picker::{Outcome, Then};
    let Some(Overlay::Picker(p)) = model.overlays.last_mut() else {
        return Vec::new();
    };
    let chosen = match p.key(k) {
        Outcome::Open => return Vec::new(),
        Outcome::Cancelled => {
            model.overlays.pop();
            model.status = Some((StatusKind::Info, "cancelled; nothing written".into()));
            return Vec::new();
        }
        Outcome::Chosen(v) => v,
    };
    let Some(Overlay::Picker(p)) = model.overlays.pop() else {
        return Vec::new();
    };
    let event = match &p.then {
        Then::Mover { item, text: None } => {
            // No text to propose: the form asks for it, the mover filled in.
            return acts::motion_form(model, item, &chosen);
        }
        Then::Mover {
            item,
            text: Some(_),
        } => {
            let motion = next_motion_id(&model.state);
            model.next_picker = Some(acts::seconder_picker(model, &motion, &chosen, item));
            Event::MotionMoved(MotionMoved {
                motion,
                item: item.clone(),
                text: String::new(),
                mover: chosen,
                decision: None,
                amends: None,
                consent: Vec::new(),
            })
        }
        Then::Recused { scope } => {
            let scope = scope.clone();
            return acts::recusal_form(model, &chosen, &scope);
        }
        Then::Seconder { motion } => Event::MotionSeconded {
            motion: motion.clone(),
            seconder: chosen,
        },
        Then::Alternate { member } => Event::Attendance {
            member: member.clone(),
            status: Attendance::Present,
            person: Some(chosen),
            alternate: true,
        },
        Then::ProxyHolder { member } => Event::Proxy {
            member: member.clone(),
            holder: chosen,
        },
        Then::Speaker {
            item,
            point_of_order,
        } => speakers::request(item, chosen, *point_of_order),
    };
    model.sent_picker = Some(p);
    record(model, event)
}

fn confirm_key(model: &mut Model, action: Option<Action>) -> Vec<Effect> {
    match action {
        Some(Action::Confirm) => match model.overlays.pop() {
            Some(Overlay::Confirm(c)) => match c.on_yes {
                OnYes::Record(ev) => record(model, *ev),
                OnYes::Quit => {
                    model.quit = true;
                    vec![Effect::Quit]
                }
            },
            _ => Vec::new(),
        },
        Some(Action::Cancel) => {
            model.overlays.pop();
            model.status = Some((StatusKind::Info, "cancelled; nothing written".into()));
            Vec::new()
        }
        _ => Vec::new(),
    }
}
