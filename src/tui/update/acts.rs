//! What each action does, by screen: most ask for an event (through a form or a confirmation
//! where the act needs words or cannot be undone), none does any I/O.

use super::*;
use crate::record::event::{MeetingOpened, VoteCast, VoteClosed};
use crate::tui::picker::{Picker, Then};

pub(super) fn act(model: &mut Model, action: Action) -> Vec<Effect> {
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
    let c = Targets {
        member,
        vote_member,
        item,
        open_item,
        motion,
    };
    match action {
        A::Help
        | A::Quit
        | A::NextScreen
        | A::PrevScreen
        | A::ScreenRollCall
        | A::ScreenAgenda
        | A::ScreenVote
        | A::ScreenTenders
        | A::ScreenDisputes
        | A::ScreenRecord
        | A::Up
        | A::Down
        | A::PageUp
        | A::PageDown
        | A::Left
        | A::Right
        | A::Projector
        | A::OpenMeeting
        | A::Adjourn
        | A::Note
        | A::CiteWitness => act_global(model, action, c),
        A::Present
        | A::Absent
        | A::Excused
        | A::Remote
        | A::Alternate
        | A::CorrectAttendance
        | A::Proxy
        | A::Presiding
        | A::ViceChairPresides => act_roll(model, action, c),
        A::OpenItem
        | A::CloseItem
        | A::DeferItem
        | A::MoveMotion
        | A::MoveMotionForm
        | A::SecondMotion
        | A::WithdrawMotion
        | A::Recusal
        | A::GoVote => act_agenda(model, action, c),
        A::VoteYes
        | A::VoteNo
        | A::VoteAbstain
        | A::SplitVote
        | A::CorrectVote
        | A::NewRound
        | A::CastingYes
        | A::CastingNo
        | A::CloseVote
        | A::PutQuestion
        | A::PrevMotion
        | A::NextMotion => act_vote(model, action, c),
        A::PrevTender
        | A::NextTender
        | A::Score
        | A::Consensus
        | A::ProposeAward
        | A::Lodge
        | A::MoveDispute => act_tender(model, action),
        A::AnswerWritten => info(
            model,
            "members answer written procedures themselves: `procboard review <BOARD> --as <MEMBER> --key <KEY>`, or `procboard written answer`",
        ),
        A::ShowClosed | A::ReportOut => super::closed::act_closed(model, action, c.open_item),
        A::Submit | A::Cancel | A::NextField | A::PrevField | A::Confirm => Vec::new(),
        A::MoveAmendment | A::PullConsent | A::MoveConsentBlock | A::RecessResume => {
            super::procedure::act(model, action, c.item, c.motion)
        }
        A::ScreenSpeakers
        | A::NextSpeech
        | A::PointOfOrder
        | A::AddSpeaker
        | A::AddSpeakerByName
        | A::RemoveSpeaker
        | A::SpeakerUp
        | A::SpeakerDown
        | A::StartSpeech
        | A::EndSpeech => super::speakers::act(model, action),
    }
}

/// Whether the tender on the Tenders screen is moderated by the mean (where consensus scores
/// count for nothing).
fn mean_moderated(model: &Model) -> bool {
    model
        .info
        .board
        .tenders
        .get(model.sel.tender)
        .is_some_and(|t| {
            crate::tender::scheme(&model.info.board, t).moderation
                == crate::rules::scoring::Moderation::Mean
        })
}

/// An action that reached an act function with no arm for it: the routing in [`act`] and the
/// family functions disagree. The status line says so, rather than the key doing nothing.
fn misrouted(model: &mut Model, action: Action, family: &str) -> Vec<Effect> {
    model.status = Some((
        StatusKind::Refused,
        format!(
            "`{}` reached the {family} acts, which do not handle it: nothing was done (please report this)",
            action.name()
        ),
    ));
    Vec::new()
}

/// The selections the acts read: the member under the cursor in the roll call and in the vote,
/// the item under the cursor and the item open, the motion shown.
struct Targets {
    member: Option<String>,
    vote_member: Option<String>,
    item: Option<String>,
    open_item: Option<String>,
    motion: Option<String>,
}

/// Keys that work on every screen.
fn act_global(model: &mut Model, action: Action, c: Targets) -> Vec<Effect> {
    use Action as A;
    let Targets { open_item, .. } = c;
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
            model.sel.figures = 0;
            Vec::new()
        }
        A::Left | A::Right => {
            if model.screen == Screen::Agenda {
                // A contract review's figures page by half a screen.
                let last = model.hits.borrow().figures_last;
                let f = &mut model.sel.figures;
                *f = if action == A::Left {
                    f.saturating_sub(8).min(last)
                } else {
                    f.saturating_add(8).min(last)
                };
            }
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
            // The engine freezes what is in force on the agenda's date, whatever day it is.
            let day = model.info.date;
            let day_text = day.format("%a %Y-%m-%d").to_string();
            let mut lines = vec![
                format!("{} · {}", model.info.board_name, model.info.title),
                format!("The agenda's date: {day_text}."),
            ];
            let today = model
                .info
                .time_zone
                .parse::<chrono_tz::Tz>()
                .map(|tz| model.now.with_timezone(&tz).date_naive())
                .unwrap_or_else(|_| model.now.date_naive());
            if today != day {
                lines.push(format!(
                    "Warning: the agenda says {day_text}; today is {}: the seats, weights and rules of the agenda's date are frozen.",
                    today.format("%a %Y-%m-%d")
                ));
            }
            lines.push(format!(
                "Freezes the seats, weights, officers and rules in force on {day_text}."
            ));
            model.overlays.push(Overlay::Confirm(Confirm {
                title: "Open the meeting?".into(),
                lines,
                on_yes: OnYes::Record(Box::new(Event::MeetingOpened(MeetingOpened {
                    presiding: None,
                    secretary: None,
                    frozen: None,
                }))),
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
        A::CiteWitness => cite_witness(model),
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
        _ => misrouted(model, action, "global"),
    }
}

/// The roll call: attendance, alternates, corrections, proxies, who presides.
/// Cites the next witness statement that no meeting has cited yet (`witness_cited`).
fn cite_witness(model: &mut Model) -> Vec<Effect> {
    if model.state.opened.is_none() {
        return info(
            model,
            "open the meeting first (O): witness statements are cited in an open meeting",
        );
    }
    let cited = &model.state.witness_cited;
    let next = model
        .info
        .witness_to_cite
        .iter()
        .find(|(file, _)| !cited.iter().any(|c| &c.statement == file))
        .cloned();
    match next {
        None => info(
            model,
            "no witness statement to cite: every statement that holds is cited (procboard witness writes one)",
        ),
        Some((statement, sha256)) => record(model, Event::WitnessCited { statement, sha256 }),
    }
}

fn act_roll(model: &mut Model, action: Action, c: Targets) -> Vec<Effect> {
    use Action as A;
    let Targets { member, .. } = c;
    match action {
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
            let alternates = model
                .state
                .ctx
                .people
                .get(&member)
                .map(|p| p.alternates.clone())
                .unwrap_or_default();
            if alternates.is_empty() {
                return info(
                    model,
                    format!(
                        "board.toml lists no alternate for {}",
                        model.info.name(&member)
                    ),
                );
            }
            let choices = alternates.iter().map(|a| (a.clone(), a.clone())).collect();
            let title = format!("An alternate sits for {}", model.info.name(&member));
            model.overlays.push(Overlay::Picker(Picker::new(
                title,
                choices,
                Then::Alternate { member },
            )));
            Vec::new()
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
            let choices = model.member_choices(|st, m| m != member && st.is_present(m));
            let title = format!("Proxy of {} held by", model.info.name(&member));
            model.overlays.push(Overlay::Picker(Picker::new(
                title,
                choices,
                Then::ProxyHolder { member },
            )));
            Vec::new()
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
        A::ViceChairPresides => vice_chair_presides(model),
        _ => misrouted(model, action, "roll-call"),
    }
}

/// `V` on the roll call: the vice-chair presides from now on (`presiding`), with the reason.
fn vice_chair_presides(model: &mut Model) -> Vec<Effect> {
    let Some(o) = &model.state.opened else {
        return info(model, "open the meeting first (O)");
    };
    let Some(vice) = o.vice_chair.clone() else {
        return info(
            model,
            "this board names no vice-chair: C on a member's row makes that member preside pro tem",
        );
    };
    if model.state.presiding.as_deref() == Some(vice.as_str()) {
        return info(model, "the vice-chair already presides");
    }
    let reason = match model.presiding_away() {
        Some((m, status)) => format!(
            "{} is {status}; the vice-chair presides.",
            model.info.name(&m)
        ),
        None => "The vice-chair presides.".to_string(),
    };
    record(
        model,
        Event::Presiding(crate::record::event::Presiding {
            member: vice,
            person: None,
            reason: Some(reason),
        }),
    )
}

/// The agenda: items, motions, recusals.
fn act_agenda(model: &mut Model, action: Action, c: Targets) -> Vec<Effect> {
    use Action as A;
    let Targets {
        member,
        item,
        open_item,
        motion,
        ..
    } = c;
    match action {
        A::OpenItem | A::CloseItem => {
            let Some(item) = item else { return Vec::new() };
            let ev = if action == A::OpenItem {
                Event::ItemOpened { item }
            } else {
                super::closed::close_item_event(model, item)
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
            let on = open_item.or(item).unwrap_or_default();
            let proposed = crate::meeting::motion_text(
                &model.info.board,
                &model.info.meeting,
                &model.state,
                &on,
            );
            let choices = model.member_choices(|st, m| st.is_present(m) && !st.is_recused(m, &on));
            model.overlays.push(Overlay::Picker(Picker::new(
                format!("Motion on item {on}: moved by"),
                choices,
                Then::Mover {
                    item: on,
                    text: proposed,
                },
            )));
            Vec::new()
        }
        A::MoveMotionForm => {
            let on = open_item.or(item).unwrap_or_default();
            motion_form(model, &on, "")
        }
        A::SecondMotion => {
            let Some(m) = motion.as_deref().and_then(|id| model.state.motion(id)) else {
                return info(model, "no motion to second: move one first (m)");
            };
            let (id, mover, item) = (m.id.clone(), m.mover.clone(), m.item.clone());
            model
                .overlays
                .push(Overlay::Picker(seconder_picker(model, &id, &mover, &item)));
            Vec::new()
        }
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
            // Who, from the seats (the roll call's row highlighted); then the form.
            let scope = item
                .as_ref()
                .map(|i| format!("item {i}"))
                .unwrap_or_default();
            let choices =
                model.member_choices(|st, m| item.as_ref().is_none_or(|i| !st.is_recused(m, i)));
            let mut picker =
                Picker::new("Recusal: who declares it", choices, Then::Recused { scope });
            if let Some(at) = member
                .as_deref()
                .and_then(|m| picker.choices.iter().position(|(id, _)| id == m))
            {
                picker.cursor = at;
            }
            model.overlays.push(Overlay::Picker(picker));
            Vec::new()
        }
        A::GoVote => screen(model, Screen::Vote),
        _ => misrouted(model, action, "agenda"),
    }
}

/// The recusal form: `member` filled in, `scope` proposed, the reason asked.
pub(super) fn recusal_form(model: &mut Model, member: &str, scope: &str) -> Vec<Effect> {
    form(
        model,
        "Record a recusal",
        "recusal",
        vec![
            Field::new("member", "member", FieldKind::Text, member),
            Field::new(
                "scope",
                "scope (item <id> or tender <id>)",
                FieldKind::Scope,
                scope,
            ),
            Field::new("reason", "reason", FieldKind::Text, ""),
        ],
    )
}

/// The vote: votes, corrections, rounds, the casting vote, closing.
fn act_vote(model: &mut Model, action: Action, c: Targets) -> Vec<Effect> {
    use Action as A;
    let Targets {
        vote_member,
        motion,
        ..
    } = c;
    if let Some(m) = motion.as_deref().and_then(|id| model.state.motion(id))
        && m.status == MotionStatus::Debate
        && matches!(
            action,
            A::VoteYes | A::VoteNo | A::VoteAbstain | A::SplitVote | A::CorrectVote | A::CloseVote
        )
    {
        return info(
            model,
            format!(
                "motion {} is in debate: no vote before the chair puts the question (Q)",
                m.id
            ),
        );
    }
    match action {
        A::PutQuestion => {
            let Some(m) = motion.as_deref().and_then(|id| model.state.motion(id)) else {
                return info(
                    model,
                    "no motion on the floor: move one on the agenda screen (m)",
                );
            };
            if m.status != MotionStatus::Debate {
                return info(
                    model,
                    format!("the question on motion {} is already put", m.id),
                );
            }
            let motion = m.id.clone();
            record(model, Event::QuestionPut { motion })
        }
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
                Event::VoteCast(VoteCast {
                    motion,
                    member,
                    vote: VoteValue::Whole(choice),
                    entered_by: String::new(),
                    proxy: None,
                }),
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
        A::CloseVote => close_vote(model, motion.as_deref()),
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
                let id = model.state.motions[j].id.clone();
                model.sel.vote = model.first_voter(&model.state, &id, 0).unwrap_or(0);
            }
            Vec::new()
        }
        _ => misrouted(model, action, "vote"),
    }
}

/// `x` on the vote screen: asks first, showing the result the rules give.
fn close_vote(model: &mut Model, motion: Option<&str>) -> Vec<Effect> {
    let Some(m) = motion.and_then(|id| model.state.motion(id)) else {
        return info(model, "no motion to close");
    };
    let mut counted = m.clone();
    counted.status = MotionStatus::Voting;
    let lines = match model.state.tally(&counted) {
        Ok(t) => vec![
            format!("Motion {}: {}", m.id, m.text),
            format!(
                "Result to record: {}",
                crate::record::state::outcome_word(&t)
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
        on_yes: OnYes::Record(Box::new(Event::VoteClosed(VoteClosed {
            motion,
            outcome: String::new(),
            explanation: String::new(),
        }))),
    }));
    Vec::new()
}

/// Tenders and disputes.
fn act_tender(model: &mut Model, action: Action) -> Vec<Effect> {
    use Action as A;
    match action {
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
        A::Consensus if mean_moderated(model) => {
            // Under mean moderation a consensus score is never used: recording one would put a
            // figure in the record (and on the wall) that counts for nothing.
            model.status = Some((
                StatusKind::Refused,
                "this tender is moderated by the mean of the members' scores, so a consensus score \
                 would not count: record each member's score (`s`), or set `moderation = \"consensus\"` \
                 in the tender's [evaluation] before scoring starts"
                    .into(),
            ));
            Vec::new()
        }
        A::Score | A::Consensus => {
            let (tender, bid, crit) = selected_cell(model);
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
        A::ProposeAward => propose_award(model),
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
        _ => misrouted(model, action, "tenders"),
    }
}

/// The seconder's picker for `motion`: present members other than the mover, not recused from
/// the motion's item.
pub(super) fn seconder_picker(model: &Model, motion: &str, mover: &str, item: &str) -> Picker {
    let choices =
        model.member_choices(|st, m| m != mover && st.is_present(m) && !st.is_recused(m, item));
    Picker::new(
        format!("Motion {motion}: seconded by (Esc: no seconder yet)"),
        choices,
        Then::Seconder {
            motion: motion.to_string(),
        },
    )
}

/// The motion form on item `on`, the mover filled in with `mover` (may be empty): its id, the
/// item and the text the motion will carry if left as it is (the agenda's, or the item kind's
/// standard motion; an item with neither asks for the text before the form leaves).
pub(super) fn motion_form(model: &mut Model, on: &str, mover: &str) -> Vec<Effect> {
    let next = next_motion_id(&model.state);
    let proposed =
        crate::meeting::motion_text(&model.info.board, &model.info.meeting, &model.state, on);
    form(
        model,
        "Move a motion",
        "motion_moved",
        vec![
            Field::new("motion", "motion id", FieldKind::Text, &next),
            Field::new("item", "item", FieldKind::Text, on),
            Field::new("mover", "moved by (member)", FieldKind::Text, mover),
            match &proposed {
                Some(text) => Field::new("text", "text", FieldKind::Optional, text),
                None => Field::new("text", "text", FieldKind::Required, ""),
            },
            Field::new(
                "decision",
                "decision kind (empty: the item's)",
                FieldKind::Optional,
                "",
            ),
        ],
    )
}

/// The award motion from the ranking: the award_decision item of this meeting for the selected
/// tender, its text as `Meeting::record` fills it in (the agenda's motion with the recommended
/// bid's rank and total as the evaluation stands). The secretary names the mover and records it as
/// an ordinary `motion_moved`.
fn propose_award(model: &mut Model) -> Vec<Effect> {
    let Some(tender) = model
        .tender_ids()
        .get(model.sel.tender)
        .map(|s| s.to_string())
    else {
        model.status = Some((StatusKind::Refused, "this board has no tenders".into()));
        return Vec::new();
    };
    let item = model
        .state
        .ctx
        .items
        .iter()
        .find(|i| {
            i.kind == crate::board::model::ItemKind::AwardDecision
                && i.tender.as_deref() == Some(&tender)
        })
        .map(|i| i.id.clone());
    let Some(item) = item else {
        model.status = Some((
            StatusKind::Refused,
            format!("no award_decision item for tender {tender} on this meeting's agenda"),
        ));
        return Vec::new();
    };
    let text =
        crate::meeting::motion_text(&model.info.board, &model.info.meeting, &model.state, &item)
            .unwrap_or_default();
    let next = next_motion_id(&model.state);
    form(
        model,
        "Move the award motion",
        "motion_moved",
        vec![
            Field::new("motion", "motion id", FieldKind::Text, &next),
            Field::new("item", "item", FieldKind::Text, &item),
            Field::new("mover", "moved by (member)", FieldKind::Text, ""),
            Field::new(
                "text",
                "text (from the ranking)",
                FieldKind::Optional,
                &text,
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

/// The tender, bid and criterion under the cursor on the tenders screen (empty when none).
pub(super) fn selected_cell(model: &Model) -> (String, String, String) {
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
    (tender, bid, crit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Keymap;
    use crate::tui::theme::ThemeName;

    /// Every action is routed to an act function that handles it: none reaches the fallback arm
    /// of a family that does not know it, on any screen.
    #[test]
    fn every_action_reaches_an_act_that_handles_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("boards/river-valley/meetings/2025-03-regular");
        let meeting = crate::meeting::Meeting::open_read(&dir).expect("the bundled meeting");
        for screen in Screen::ALL {
            for &action in Action::ALL {
                let mut model = Model::new(
                    &meeting,
                    Mode::Secretary,
                    ThemeName::Default,
                    Keymap::default(),
                );
                model.screen = screen;
                let _ = act(&mut model, action);
                if let Some((_, text)) = &model.status {
                    assert!(
                        !text.contains("do not handle it"),
                        "{} on {:?}: {text}",
                        action.name(),
                        screen
                    );
                }
            }
        }
    }
}
