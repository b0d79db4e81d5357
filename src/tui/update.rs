//! `update(&mut Model, Msg) -> Vec<Effect>`: pure, no I/O. Acts become [`Effect::Record`]; the
//! driver records them through [`crate::meeting::Meeting::record`] and answers with
//! [`Msg::Recorded`] (the new state) or [`Msg::Refused`] (the library's message).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::app::{
    Confirm, Field, FieldKind, Form, Mode, Model, OnYes, Overlay, Screen, StatusKind, Target,
};
use super::keymap::{Action, Context, Key};
use crate::meeting::event::{Attendance, Event, VoteValue};
use crate::meeting::journal::Record;
use crate::meeting::state::{MeetingState, MotionStatus};
use crate::rules::voting::Choice;

/// What happens to the console.
#[derive(Debug)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal was resized (the next frame uses the new size).
    Resize,
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
}

/// Applies a message to the model and returns the effects to run.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) if k.kind == KeyEventKind::Press => key(model, k),
        Msg::Key(_) | Msg::Resize => Vec::new(),
        Msg::Clock(t) => {
            model.now = t;
            Vec::new()
        }
        Msg::Recorded(state, record) => {
            model.waiting = false;
            model.status = Some((
                StatusKind::Done,
                format!("recorded: {}", super::words::describe(model, &record.event)),
            ));
            model.now = record.at;
            model.state = *state;
            let st = model.state.clone();
            advance_after(model, &st, &record.event);
            model.records.push(*record);
            Vec::new()
        }
        Msg::Refused(message) => {
            model.waiting = false;
            model.status = Some((
                StatusKind::Refused,
                format!("refused, nothing written: {message}"),
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

/// After an act is on disk: move down the list, as one key per member expects.
fn advance_after(model: &mut Model, state: &MeetingState, event: &Event) {
    let n = model.seats().len();
    match event {
        Event::Attendance { .. } if model.screen == Screen::RollCall => {
            model.sel.roll = (model.sel.roll + 1).min(n.saturating_sub(1));
        }
        Event::VoteCast { motion, .. } if model.screen == Screen::Vote => {
            // Next member who may still vote (present, not recused, no vote yet); else stay.
            let item = model.state.motion(motion).map(|m| m.item.clone());
            let seats: Vec<String> = model.seats().iter().map(|(m, _)| m.to_string()).collect();
            let from = model.sel.vote + 1;
            if let Some(next) = (from..n).find(|&i| {
                let m = &seats[i];
                state.is_present(m)
                    && item.as_deref().is_none_or(|it| !state.is_recused(m, it))
                    && state
                        .motion(motion)
                        .is_some_and(|x| !x.votes.contains_key(m))
            }) {
                model.sel.vote = next;
            } else {
                model.sel.vote = (model.sel.vote + 1).min(n.saturating_sub(1));
            }
        }
        Event::MotionMoved { .. } => model.sel.motion = None,
        _ => {}
    }
}

fn key(model: &mut Model, k: KeyEvent) -> Vec<Effect> {
    let key = Key::of(&k);
    let context = model.context();
    let with_global = matches!(
        context,
        Context::RollCall
            | Context::Agenda
            | Context::Vote
            | Context::Tenders
            | Context::Disputes
            | Context::Record
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
        && !matches!(context, Context::Form | Context::Confirm | Context::Help)
    {
        return match action {
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
                let tender = model
                    .tender_ids()
                    .get(model.sel.tender)
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                let bid = tender_bids(model)
                    .get(model.sel.bid)
                    .cloned()
                    .unwrap_or_default();
                let crit = tender_criteria(model)
                    .get(model.sel.criterion)
                    .cloned()
                    .unwrap_or_default();
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
            Some(_) => info(
                model,
                "review is read-only: nothing is recorded here (`:` keeps a private note)",
            ),
            None => Vec::new(),
        };
    }
    match context {
        Context::Form => return form_key(model, action, k),
        Context::Confirm => return confirm_key(model, action),
        Context::Help => {
            if action == Some(Action::Cancel) {
                model.overlays.pop();
            }
            return Vec::new();
        }
        _ => {}
    }
    let Some(action) = action else {
        return Vec::new();
    };
    if model.waiting && !is_navigation(action) {
        model.status = Some((StatusKind::Info, "still recording the last act…".into()));
        return Vec::new();
    }
    act(model, action)
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

fn act(model: &mut Model, action: Action) -> Vec<Effect> {
    use Action as A;
    let seats: Vec<String> = model.seats().iter().map(|(m, _)| m.to_string()).collect();
    let member = seats.get(model.sel.roll).cloned();
    let vote_member = seats.get(model.sel.vote).cloned();
    let item = model
        .state
        .items
        .get(model.sel.agenda)
        .map(|i| i.id.clone());
    let open_item = model.state.current_item().map(|i| i.id.clone());
    let motion = model
        .motion_index()
        .and_then(|i| model.state.motions.get(i))
        .map(|m| m.id.clone());
    match action {
        A::Help => {
            model.overlays.push(Overlay::Help);
            Vec::new()
        }
        A::Quit => {
            if model.in_session() {
                model.overlays.push(Overlay::Confirm(Confirm {
                    title: "Quit the console?".into(),
                    lines: vec![
                        "The meeting is in session. Everything recorded is on disk;".into(),
                        format!("reopen with: procboard meet {}", model.info.dir),
                    ],
                    on_yes: OnYes::Quit,
                }));
                Vec::new()
            } else {
                model.quit = true;
                vec![Effect::Quit]
            }
        }
        A::NextScreen | A::PrevScreen => {
            let i = Screen::ALL
                .iter()
                .position(|s| *s == model.screen)
                .unwrap_or(0);
            let n = Screen::ALL.len();
            let j = if action == A::NextScreen {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            model.screen = Screen::ALL[j];
            Vec::new()
        }
        A::ScreenRollCall => screen(model, Screen::RollCall),
        A::ScreenAgenda => screen(model, Screen::Agenda),
        A::ScreenVote => screen(model, Screen::Vote),
        A::ScreenTenders => screen(model, Screen::Tenders),
        A::ScreenDisputes => screen(model, Screen::Disputes),
        A::ScreenRecord => screen(model, Screen::Record),
        A::Up | A::Down | A::PageUp | A::PageDown => {
            let step: isize = match action {
                A::Up => -1,
                A::Down => 1,
                A::PageUp => -10,
                _ => 10,
            };
            move_sel(model, step);
            Vec::new()
        }
        A::Left | A::Right => {
            if model.screen == Screen::Tenders {
                let n = tender_criteria(model).len();
                let c = &mut model.sel.criterion;
                *c = if action == A::Left {
                    c.saturating_sub(1)
                } else {
                    (*c + 1).min(n.saturating_sub(1))
                };
            }
            Vec::new()
        }
        A::Projector => {
            model.projector = !model.projector;
            Vec::new()
        }
        A::OpenMeeting => {
            if model.state.opened.is_some() {
                return info(model, "the meeting is already open");
            }
            model.overlays.push(Overlay::Confirm(Confirm {
                title: "Open the meeting?".into(),
                lines: vec![
                    format!("{} · {}", model.info.board_name, model.info.title),
                    "Freezes the seats, weights, officers and rules in force today.".into(),
                ],
                on_yes: OnYes::Record(Box::new(Event::MeetingOpened {
                    presiding: None,
                    secretary: None,
                    frozen: None,
                })),
            }));
            Vec::new()
        }
        A::Adjourn => {
            model.overlays.push(Overlay::Confirm(Confirm {
                title: "Adjourn the meeting?".into(),
                lines: vec!["Records the adjournment; no event can follow it.".into()],
                on_yes: OnYes::Record(Box::new(Event::Adjourned {})),
            }));
            Vec::new()
        }
        A::Note => form(
            model,
            "Note for the minutes",
            "note",
            vec![
                Field::new(
                    "item",
                    "item (empty: the meeting)",
                    FieldKind::Optional,
                    open_item.as_deref().unwrap_or(""),
                ),
                Field::new("text", "text", FieldKind::Text, ""),
            ],
        ),
        A::Present | A::Absent | A::Excused | A::Remote => {
            let Some(member) = member else {
                return info(
                    model,
                    "open the meeting first (O): the roll call lists its seats",
                );
            };
            let status = match action {
                A::Present => Attendance::Present,
                A::Absent => Attendance::Absent,
                A::Excused => Attendance::Excused,
                _ => Attendance::Remote,
            };
            record(
                model,
                Event::Attendance {
                    member,
                    status,
                    person: None,
                    alternate: false,
                },
            )
        }
        A::Alternate => {
            let Some(member) = member else {
                return info(model, "open the meeting first (O)");
            };
            let alt = model
                .state
                .ctx
                .people
                .get(&member)
                .and_then(|p| p.alternates.first().cloned())
                .unwrap_or_default();
            form(
                model,
                "An alternate sits",
                "attendance",
                vec![
                    Field::new("member", "member", FieldKind::Text, &member),
                    Field::new(
                        "status",
                        "status (present/remote)",
                        FieldKind::Text,
                        "present",
                    ),
                    Field::new("person", "alternate", FieldKind::Text, &alt),
                    Field::new(
                        "alternate",
                        "is an alternate (yes/no)",
                        FieldKind::Bool,
                        "yes",
                    ),
                ],
            )
        }
        A::CorrectAttendance => {
            let Some(member) = member else {
                return info(model, "open the meeting first (O)");
            };
            let now = model
                .state
                .attendance
                .get(&member)
                .map_or("present", |a| a.status.as_str());
            form(
                model,
                "Correct an attendance entry",
                "attendance_corrected",
                vec![
                    Field::new("member", "member", FieldKind::Text, &member),
                    Field::new(
                        "status",
                        "status (present/absent/excused/remote)",
                        FieldKind::Text,
                        now,
                    ),
                    Field::new(
                        "person",
                        "person sitting (optional)",
                        FieldKind::Optional,
                        "",
                    ),
                    Field::new(
                        "alternate",
                        "is an alternate (yes/no)",
                        FieldKind::Bool,
                        "no",
                    ),
                    Field::new("reason", "reason", FieldKind::Text, ""),
                ],
            )
        }
        A::Proxy => {
            let Some(member) = member else {
                return info(model, "open the meeting first (O)");
            };
            form(
                model,
                "Proxy",
                "proxy",
                vec![
                    Field::new("member", "absent member", FieldKind::Text, &member),
                    Field::new("holder", "held by (a present member)", FieldKind::Text, ""),
                ],
            )
        }
        A::Presiding => {
            let Some(member) = member else {
                return info(model, "open the meeting first (O)");
            };
            form(
                model,
                "Who presides from now on",
                "presiding",
                vec![
                    Field::new("member", "member presiding", FieldKind::Text, &member),
                    Field::new(
                        "person",
                        "person in the chair (optional)",
                        FieldKind::Optional,
                        "",
                    ),
                    Field::new(
                        "reason",
                        "why, for the minutes (optional)",
                        FieldKind::Optional,
                        "",
                    ),
                ],
            )
        }
        A::OpenItem | A::CloseItem => {
            let Some(item) = item else { return Vec::new() };
            let ev = if action == A::OpenItem {
                Event::ItemOpened { item }
            } else {
                Event::ItemClosed { item }
            };
            record(model, ev)
        }
        A::DeferItem => {
            let Some(item) = item else { return Vec::new() };
            form(
                model,
                "Defer an item",
                "item_deferred",
                vec![
                    Field::new("item", "item", FieldKind::Text, &item),
                    Field::new("reason", "reason", FieldKind::Text, ""),
                ],
            )
        }
        A::MoveMotion => {
            let next = next_motion_id(&model.state);
            let on = open_item.or(item).unwrap_or_default();
            form(
                model,
                "Move a motion",
                "motion_moved",
                vec![
                    Field::new("motion", "motion id", FieldKind::Text, &next),
                    Field::new("item", "item", FieldKind::Text, &on),
                    Field::new("mover", "moved by (member)", FieldKind::Text, ""),
                    Field::new(
                        "text",
                        "text (empty: the agenda's)",
                        FieldKind::Optional,
                        "",
                    ),
                    Field::new(
                        "decision",
                        "decision kind (empty: the item's)",
                        FieldKind::Optional,
                        "",
                    ),
                ],
            )
        }
        A::SecondMotion => form(
            model,
            "Second a motion",
            "motion_seconded",
            vec![
                Field::new(
                    "motion",
                    "motion id",
                    FieldKind::Text,
                    motion.as_deref().unwrap_or(""),
                ),
                Field::new("seconder", "seconded by (member)", FieldKind::Text, ""),
            ],
        ),
        A::WithdrawMotion => {
            let Some(motion) = motion else {
                return info(model, "no motion to withdraw");
            };
            model.overlays.push(Overlay::Confirm(Confirm {
                title: format!("Withdraw motion {motion}?"),
                lines: vec!["Records motion_withdrawn; its votes are not counted.".into()],
                on_yes: OnYes::Record(Box::new(Event::MotionWithdrawn { motion })),
            }));
            Vec::new()
        }
        A::Recusal => {
            let scope = item.map(|i| format!("item {i}")).unwrap_or_default();
            form(
                model,
                "Record a recusal",
                "recusal",
                vec![
                    Field::new(
                        "member",
                        "member",
                        FieldKind::Text,
                        member.as_deref().unwrap_or(""),
                    ),
                    Field::new(
                        "scope",
                        "scope (item <id> or tender <id>)",
                        FieldKind::Scope,
                        &scope,
                    ),
                    Field::new("reason", "reason", FieldKind::Text, ""),
                ],
            )
        }
        A::GoVote => screen(model, Screen::Vote),
        A::VoteYes | A::VoteNo | A::VoteAbstain => {
            let (Some(motion), Some(member)) = (motion, vote_member) else {
                return info(
                    model,
                    "no motion to vote on: move one on the agenda screen (m)",
                );
            };
            let choice = match action {
                A::VoteYes => Choice::Yes,
                A::VoteNo => Choice::No,
                _ => Choice::Abstain,
            };
            let voted = model
                .state
                .motion(&motion)
                .is_some_and(|m| m.votes.contains_key(&member));
            if voted {
                return correct_vote(model, &motion, &member, choice.as_str());
            }
            record(
                model,
                Event::VoteCast {
                    motion,
                    member,
                    vote: VoteValue::Whole(choice),
                    entered_by: String::new(),
                    proxy: None,
                },
            )
        }
        A::SplitVote => {
            let (Some(motion), Some(member)) = (motion, vote_member) else {
                return info(model, "no motion to vote on");
            };
            let weight = model
                .seats()
                .iter()
                .find(|(m, _)| *m == member)
                .map(|(_, w)| w.normalize().to_string())
                .unwrap_or_default();
            form(
                model,
                "A split vote (only where block casting is off)",
                "vote_cast",
                vec![
                    Field::new("motion", "motion", FieldKind::Text, &motion),
                    Field::new("member", "member", FieldKind::Text, &member),
                    Field::new(
                        "vote",
                        "vote (split yes <w> no <w> abstain <w>)",
                        FieldKind::Vote,
                        &format!("split yes {weight} no 0 abstain 0"),
                    ),
                ],
            )
        }
        A::CorrectVote => {
            let (Some(motion), Some(member)) = (motion, vote_member) else {
                return info(model, "no motion to correct");
            };
            correct_vote(model, &motion, &member, "")
        }
        A::NewRound => {
            let Some(motion) = motion else {
                return info(model, "no motion");
            };
            record(model, Event::VoteOpened { motion })
        }
        A::CastingYes | A::CastingNo => {
            let Some(motion) = motion else {
                return info(model, "no motion");
            };
            let choice = if action == A::CastingYes {
                Choice::Yes
            } else {
                Choice::No
            };
            record(model, Event::CastingVote { motion, choice })
        }
        A::CloseVote => {
            let Some(m) = motion.as_deref().and_then(|id| model.state.motion(id)) else {
                return info(model, "no motion to close");
            };
            let mut counted = m.clone();
            counted.status = MotionStatus::Voting;
            let lines = match model.state.tally(&counted) {
                Ok(t) => vec![
                    format!("Motion {}: {}", m.id, m.text),
                    format!(
                        "Result to record: {}",
                        crate::meeting::state::outcome_word(&t)
                            .to_uppercase()
                            .replace('_', " ")
                    ),
                    t.explanation,
                ],
                Err(e) => vec![format!("The vote cannot be counted: {}", e.message)],
            };
            let motion = m.id.clone();
            model.overlays.push(Overlay::Confirm(Confirm {
                title: format!("Close the vote on {motion}?"),
                lines,
                on_yes: OnYes::Record(Box::new(Event::VoteClosed {
                    motion,
                    outcome: String::new(),
                    explanation: String::new(),
                })),
            }));
            Vec::new()
        }
        A::PrevMotion | A::NextMotion => {
            let n = model.state.motions.len();
            if n > 0 {
                let i = model.motion_index().unwrap_or(0);
                let j = if action == A::PrevMotion {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(n - 1)
                };
                model.sel.motion = Some(j);
                model.sel.vote = 0;
            }
            Vec::new()
        }
        A::PrevTender | A::NextTender => {
            let n = model.tender_ids().len();
            if n > 0 {
                let t = &mut model.sel.tender;
                *t = if action == A::PrevTender {
                    (*t + n - 1) % n
                } else {
                    (*t + 1) % n
                };
                model.sel.bid = 0;
                model.sel.criterion = 0;
            }
            Vec::new()
        }
        A::Score | A::Consensus => {
            let tender = model
                .tender_ids()
                .get(model.sel.tender)
                .map(|s| s.to_string())
                .unwrap_or_default();
            let bid = tender_bids(model)
                .get(model.sel.bid)
                .cloned()
                .unwrap_or_default();
            let crit = tender_criteria(model)
                .get(model.sel.criterion)
                .cloned()
                .unwrap_or_default();
            if action == A::Score {
                form(
                    model,
                    "A member's score",
                    "score_recorded",
                    vec![
                        Field::new("member", "member", FieldKind::Text, ""),
                        Field::new("tender", "tender", FieldKind::Text, &tender),
                        Field::new("bid", "bid", FieldKind::Text, &bid),
                        Field::new("criterion", "criterion", FieldKind::Text, &crit),
                        Field::new("score", "score", FieldKind::Number, ""),
                    ],
                )
            } else {
                form(
                    model,
                    "Consensus score",
                    "consensus_recorded",
                    vec![
                        Field::new("tender", "tender", FieldKind::Text, &tender),
                        Field::new("bid", "bid", FieldKind::Text, &bid),
                        Field::new("criterion", "criterion", FieldKind::Text, &crit),
                        Field::new("score", "agreed score", FieldKind::Number, ""),
                        Field::new("reason", "reason (optional)", FieldKind::Optional, ""),
                    ],
                )
            }
        }
        A::Lodge => {
            let tender = model
                .tender_ids()
                .get(model.sel.tender)
                .map(|s| s.to_string())
                .unwrap_or_default();
            form(
                model,
                "Lodge a dispute",
                "dispute_lodged",
                vec![
                    Field::new("dispute", "new dispute id", FieldKind::Text, ""),
                    Field::new(
                        "kind",
                        "kind (bid_protest/objection/conflict_of_interest/point_of_order)",
                        FieldKind::Text,
                        "bid_protest",
                    ),
                    Field::new("author", "lodged by", FieldKind::Text, ""),
                    Field::new(
                        "role",
                        "role (bidder/member/public)",
                        FieldKind::Text,
                        "bidder",
                    ),
                    Field::new("tender", "tender (optional)", FieldKind::Optional, &tender),
                    Field::new("lot", "lot (optional)", FieldKind::Optional, ""),
                    Field::new("bid", "bid (optional)", FieldKind::Optional, ""),
                    Field::new("item", "agenda item (optional)", FieldKind::Optional, ""),
                    Field::new("grounds", "grounds", FieldKind::Text, ""),
                    Field::new(
                        "remedy",
                        "remedy sought (optional)",
                        FieldKind::Optional,
                        "",
                    ),
                    Field::new(
                        "blocks_award",
                        "blocks the award (yes/no)",
                        FieldKind::Bool,
                        "no",
                    ),
                    Field::new(
                        "reconsiders",
                        "reconsiders dispute (optional)",
                        FieldKind::Optional,
                        "",
                    ),
                ],
            )
        }
        A::MoveDispute => {
            let id = model
                .state
                .disputes
                .keys()
                .nth(model.sel.dispute)
                .cloned()
                .unwrap_or_default();
            form(
                model,
                "Move a dispute",
                "dispute_status_changed",
                vec![
                    Field::new("dispute", "dispute", FieldKind::Text, &id),
                    Field::new(
                        "status",
                        "new status (under_review/upheld/dismissed/withdrawn)",
                        FieldKind::Text,
                        "",
                    ),
                    Field::new(
                        "reasons",
                        "decision and reasons (optional)",
                        FieldKind::Optional,
                        "",
                    ),
                ],
            )
        }
        A::Submit | A::Cancel | A::NextField | A::PrevField | A::Confirm => Vec::new(),
    }
}

fn screen(model: &mut Model, s: Screen) -> Vec<Effect> {
    model.screen = s;
    Vec::new()
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
    };
    let sel = match model.screen {
        Screen::RollCall => &mut model.sel.roll,
        Screen::Vote => &mut model.sel.vote,
        Screen::Agenda => &mut model.sel.agenda,
        Screen::Tenders => &mut model.sel.bid,
        Screen::Disputes => &mut model.sel.dispute,
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
            let effect = if f.target == Target::PrivateNote {
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
                model.overlays.pop();
                record(model, ev)
            }
            Err(e) => {
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
