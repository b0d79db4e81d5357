//! The model: the meeting as the library folded it, plus what the console shows of it (screen,
//! overlays, selections, status line). Nothing here is meeting state the journal lacks: `state`
//! and `records` are replaced by the driver after each recorded event.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use ratatui_textarea::TextArea;

use super::keymap::{KeyContext, Keymap};
use super::theme::{Theme, ThemeName};
use crate::board::Board;
use crate::meeting::Meeting;
use crate::record::event::Event;
use crate::record::journal::Record;
use crate::record::state::{MeetingState, MotionStatus};

/// The screens of the secretary's console, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Overview and roll call.
    RollCall,
    /// Agenda items, motions, recusals.
    Agenda,
    /// The vote on a motion.
    Vote,
    /// Tender evaluation.
    Tenders,
    /// Dispute register.
    Disputes,
    /// The journal as a readable log.
    Record,
    /// The speakers' list of the open item and the speech under way.
    Speakers,
}

impl Screen {
    /// Tab order.
    pub const ALL: [Screen; 7] = [
        Screen::RollCall,
        Screen::Agenda,
        Screen::Vote,
        Screen::Tenders,
        Screen::Disputes,
        Screen::Record,
        Screen::Speakers,
    ];

    /// Tab title.
    pub fn title(self) -> &'static str {
        match self {
            Screen::RollCall => "Roll call",
            Screen::Agenda => "Agenda",
            Screen::Vote => "Vote",
            Screen::Tenders => "Tenders",
            Screen::Disputes => "Disputes",
            Screen::Record => "Record",
            Screen::Speakers => "Speakers",
        }
    }

    /// Key context.
    pub fn context(self) -> KeyContext {
        match self {
            Screen::RollCall => KeyContext::RollCall,
            Screen::Agenda => KeyContext::Agenda,
            Screen::Vote => KeyContext::Vote,
            Screen::Tenders => KeyContext::Tenders,
            Screen::Disputes => KeyContext::Disputes,
            Screen::Record => KeyContext::Record,
            Screen::Speakers => KeyContext::Speakers,
        }
    }
}

/// Who runs this console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The secretary, holding the journal's writer lock.
    Secretary,
    /// The read-only projector process (`--projector`).
    Projector,
    /// A member's read-only review (`procboard review`).
    Review,
}

/// Where a form's values go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A journal event of the form's `event` type.
    Event,
    /// A private note (review).
    PrivateNote,
    /// The reviewing member's score sheet.
    Sheet,
    /// The reviewing member's answer to a written procedure.
    WrittenAnswer,
}

/// Facts from the board files, fixed while the console runs.
#[derive(Clone, Debug)]
pub struct Info {
    /// Board id.
    pub board_id: String,
    /// Board name.
    pub board_name: String,
    /// Meeting id.
    pub meeting: String,
    /// Meeting title.
    pub title: String,
    /// Meeting kind.
    pub kind: String,
    /// Local date.
    pub date: NaiveDate,
    /// Local start time.
    pub start: NaiveTime,
    /// IANA zone.
    pub time_zone: String,
    /// Place.
    pub place: Option<String>,
    /// Chair and vice-chair by rotation on the date (before the meeting opens).
    pub officers: Option<(String, String)>,
    /// Member id → name.
    pub names: Vec<(String, String)>,
    /// Before the opening: the seats and weights in force on the date (the roll call to come).
    pub seats_preview: Vec<(String, rust_decimal::Decimal)>,
    /// Before the opening: the quorum with nobody recorded yet, under the `default` rule.
    pub quorum_preview: Option<crate::rules::quorum::QuorumStatus>,
    /// The meeting folder (for messages).
    pub dir: String,
    /// The board, for tender evaluation on the tenders screen.
    pub board: Board,
    /// The dispute register (files and journals) when the console started, for award statuses.
    pub register: crate::disputes::Register,
    /// The witness statements no meeting has cited yet (path, SHA-256), when the console
    /// started: what the cite key enters in the record, one a key.
    pub witness_to_cite: Vec<(String, String)>,
    /// The written procedures not closed yet when the console started
    /// (docs/written-procedure.md): the overview shows them, and a member reviewing with `--as`
    /// answers them.
    pub written_open: Vec<WrittenOpen>,
    /// The figures each `contract_review` item of the meeting reviews: its contract's review on
    /// the meeting's date, as the minutes print it (`contracts::text::minutes_table`), by item id.
    pub contract_tables: std::collections::BTreeMap<String, String>,
}

/// The contract review tables of the meeting's `contract_review` items, by item id.
pub fn contract_tables(board: &Board, meeting: &str) -> std::collections::BTreeMap<String, String> {
    let Some(doc) = board.meeting(meeting) else {
        return Default::default();
    };
    let on = doc.agenda.meeting.date.get_ref().0;
    let reviewed: Vec<(&str, &str)> = doc
        .agenda
        .items
        .iter()
        .filter(|i| *i.kind.get_ref() == crate::board::model::ItemKind::ContractReview)
        .filter_map(|i| {
            Some((
                i.id.get_ref().as_str(),
                i.contract.as_ref()?.get_ref().as_str(),
            ))
        })
        .collect();
    if reviewed.is_empty() {
        return Default::default();
    }
    // The board's contracts are read once for every item.
    let ids: Vec<&str> = reviewed.iter().map(|(_, c)| *c).collect();
    let tables = crate::contracts::text::minutes_tables(board, &ids, on);
    reviewed
        .into_iter()
        .zip(tables)
        .filter_map(|((item, _), t)| Some((item.to_string(), t?)))
        .collect()
}

/// A written procedure not closed yet, as the console shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenOpen {
    /// The procedure's id.
    pub id: String,
    /// The proposed decision.
    pub text: String,
    /// Its line on the overview: state, deadline, answers and what is still needed.
    pub line: String,
    /// Whether an answer is still taken (before the deadline).
    pub taking_answers: bool,
    /// Each answer file: the member and its answer as the file says (`?` when unreadable),
    /// with `(refused)` added when it does not count.
    pub answers: Vec<(String, String)>,
}

/// The written procedures of `board` not closed at `now`: state, deadline, who has answered and
/// what is still needed.
pub fn written_open(board: &Board, now: DateTime<Utc>) -> Vec<WrittenOpen> {
    crate::written::procedure_ids(board)
        .into_iter()
        .filter_map(|id| crate::written::status::status(board, &id, now).ok())
        .filter(|st| st.result.is_none())
        .map(|st| {
            let counted = st.answers.iter().filter(|a| a.valid).count();
            let line = format!(
                "Written procedure {} ({}; deadline {}): {} answered, {} silent; {}",
                st.id,
                st.state,
                st.deadline,
                counted,
                st.silent.len(),
                st.needed
            );
            let answers = st
                .answers
                .iter()
                .map(|a| {
                    let word = a.answer.clone().unwrap_or_else(|| "?".into());
                    let word = if a.valid {
                        word
                    } else {
                        format!("{word} (refused: {})", a.reason.as_deref().unwrap_or("?"))
                    };
                    (a.member.clone(), word)
                })
                .collect();
            WrittenOpen {
                id: st.id,
                text: st.text,
                line,
                taking_answers: st.state == "open",
                answers,
            }
        })
        .collect()
}

impl Info {
    /// The facts of an opened meeting.
    pub fn of(m: &Meeting) -> Info {
        let doc = m.board.meeting(&m.id);
        let info = doc.map(|d| &d.agenda.meeting);
        let date = info.map_or(NaiveDate::MIN, |i| i.date.get_ref().0);
        let report = crate::board::resolve::seats_on(&m.board, date).ok();
        let officers = report
            .as_ref()
            .and_then(|r| r.officers.clone())
            .map(|o| (o.chair, o.vice_chair));
        let seats_preview: Vec<(String, rust_decimal::Decimal)> = report
            .map(|r| {
                r.seats
                    .into_iter()
                    .filter_map(|s| s.member.map(|m| (m, s.weight)))
                    .collect()
            })
            .unwrap_or_default();
        let quorum_preview = crate::board::resolve::decision_rules(&m.board)
            .get("default")
            .map(|rule| {
                let seats: Vec<crate::rules::quorum::Seat> = seats_preview
                    .iter()
                    .map(|(member, weight)| crate::rules::quorum::Seat {
                        member: member.clone(),
                        weight: *weight,
                    })
                    .collect();
                crate::rules::quorum::quorum(&rule.quorum, &seats, &[])
            });
        Info {
            board_id: m.board.file.board.id.get_ref().clone(),
            board_name: m.board.file.board.name.clone(),
            meeting: m.id.clone(),
            title: info
                .and_then(|i| i.title.clone())
                .unwrap_or_else(|| m.id.clone()),
            kind: info
                .map(|i| {
                    serde_json::to_value(i.kind.get_ref())
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                })
                .unwrap_or_default(),
            date,
            start: info.map_or(NaiveTime::MIN, |i| i.start.0),
            time_zone: info
                .and_then(|i| i.time_zone.as_ref())
                .unwrap_or(&m.board.file.board.time_zone)
                .get_ref()
                .clone(),
            place: info
                .and_then(|i| i.place.clone())
                .or_else(|| m.board.file.board.place.clone()),
            officers,
            names: m
                .board
                .file
                .members
                .iter()
                .map(|x| (x.id.get_ref().clone(), x.name.clone()))
                .collect(),
            dir: m.dir.display().to_string(),
            board: m.board.clone(),
            register: crate::disputes::register(&m.board).unwrap_or_default(),
            witness_to_cite: m.witness_to_cite(),
            written_open: written_open(&m.board, chrono::Utc::now()),
            contract_tables: contract_tables(&m.board, &m.id),
            seats_preview,
            quorum_preview,
        }
    }

    /// A member's name (its id when unknown).
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names
            .iter()
            .find(|(i, _)| i == id)
            .map_or(id, |(_, n)| n.as_str())
    }
}

/// Selections per screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Roll call row.
    pub roll: usize,
    /// Agenda row.
    pub agenda: usize,
    /// Vote row.
    pub vote: usize,
    /// Motion shown on the vote screen (index in `state.motions`); `None`: the active one.
    pub motion: Option<usize>,
    /// Tender (index in the board's tenders).
    pub tender: usize,
    /// Bid row in the tender matrix.
    pub bid: usize,
    /// Criterion column in the tender matrix.
    pub criterion: usize,
    /// Dispute row.
    pub dispute: usize,
    /// Record: lines scrolled up from the end.
    pub record_back: usize,
    /// Review: the document highlighted in the item's list.
    pub document: usize,
    /// Agenda: lines of a contract review's figures scrolled past (← →).
    pub figures: u16,
    /// Speakers: the row of the open item's list.
    pub speaker: usize,
}

/// How a form field's text becomes JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A string (sent even when empty, so the library says what is missing).
    Text,
    /// A string left out when empty.
    Optional,
    /// A string the form will not leave without (nothing else can supply it).
    Required,
    /// yes / no.
    Bool,
    /// A decimal number (sent as a string).
    Number,
    /// `item <id>` or `tender <id>`.
    Scope,
    /// `yes`, `no`, `abstain` or `split yes <w> no <w> abstain <w>`.
    Vote,
    /// Ids separated by spaces or commas, sent as a list.
    List,
    /// yes / no: `yes` records the form's request to speak as a point of order (the event
    /// `point_of_order` instead of `speaker_requested`); the field itself is not sent.
    PointOfOrder,
}

/// One field of a form.
#[derive(Clone, Debug)]
pub struct Field {
    /// JSON key of the event.
    pub key: &'static str,
    /// Label shown.
    pub label: &'static str,
    /// How it converts.
    pub kind: FieldKind,
    /// The text entry.
    pub input: TextArea<'static>,
}

impl Field {
    /// A field with a prefilled value.
    pub fn new(key: &'static str, label: &'static str, kind: FieldKind, value: &str) -> Field {
        let mut input = TextArea::new(vec![value.to_string()]);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        input.set_cursor_line_style(ratatui::style::Style::new());
        Field {
            key,
            label,
            kind,
            input,
        }
    }

    /// The text entered.
    pub fn value(&self) -> String {
        self.input.lines().join(" ").trim().to_string()
    }
}

/// A form that becomes one event.
#[derive(Clone, Debug)]
pub struct Form {
    /// Title.
    pub title: String,
    /// The event's `type`.
    pub event: &'static str,
    /// Fields.
    pub fields: Vec<Field>,
    /// Focused field.
    pub focus: usize,
    /// Where the values go.
    pub target: Target,
}

/// What a confirmation does on yes.
#[derive(Clone, Debug, PartialEq)]
pub enum OnYes {
    /// Record this event.
    Record(Box<Event>),
    /// Quit the console.
    Quit,
}

/// A question before an act that cannot be undone.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    /// Title.
    pub title: String,
    /// What will happen, exactly.
    pub lines: Vec<String>,
    /// What yes does.
    pub on_yes: OnYes,
}

/// Overlays, topmost last; the topmost gets the keys.
#[derive(Clone, Debug)]
pub enum Overlay {
    /// Every key.
    Help,
    /// A question.
    Confirm(Confirm),
    /// A form.
    Form(Form),
    /// A list of members (or people) to pick from.
    Picker(super::picker::Picker),
}

/// The status line's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusKind {
    /// Information.
    Info,
    /// An act was recorded.
    Done,
    /// The library refused; nothing was written.
    Refused,
}

/// The console's model.
#[derive(Clone, Debug)]
pub struct Model {
    /// Board facts.
    pub info: Info,
    /// The meeting as folded from the journal.
    pub state: MeetingState,
    /// The journal's records.
    pub records: Vec<Record<Event>>,
    /// Secretary or projector process.
    pub mode: Mode,
    /// The projector layout inside the secretary's console.
    pub projector: bool,
    /// In closed session: the projector shows the item (the secretary chose to, with `Z`)
    /// instead of "CLOSED SESSION" and the ground.
    pub show_closed: bool,
    /// Current screen.
    pub screen: Screen,
    /// Selections.
    pub sel: Selection,
    /// Overlays.
    pub overlays: Vec<Overlay>,
    /// The status line.
    pub status: Option<(StatusKind, String)>,
    /// An event was sent to the library and its answer is awaited.
    pub waiting: bool,
    /// Styles.
    pub theme: Theme,
    /// Keys.
    pub keymap: Keymap,
    /// Set when the console should end.
    pub quit: bool,
    /// The clock for display (fixed in tests).
    pub now: DateTime<Utc>,
    /// Review: the member filling in its own score sheet and answering written procedures
    /// (`--as`).
    pub review_as: Option<String>,
    /// Review: the member's private key for signing its answers (`--key`), offered in the form.
    pub review_key: Option<std::path::PathBuf>,
    /// Review: where private notes are kept.
    pub notes_file: Option<std::path::PathBuf>,
    /// Review: the private notes.
    pub private_notes: Vec<super::review::PrivateNote>,
    /// Today in the board's time zone (the date a score sheet is submitted).
    pub today: NaiveDate,
    /// Where the last frame drew the tabs and the list rows, for mouse clicks. Written by the
    /// view (which otherwise only reads the model), read by `update`.
    pub hits: std::cell::RefCell<Hits>,
    /// The form whose event is being recorded: given back, as it was typed, if the library
    /// refuses the event, so nothing has to be typed again.
    pub sent_form: Option<Form>,
    /// The picker whose choice is being recorded: given back if the library refuses it.
    pub sent_picker: Option<super::picker::Picker>,
    /// The picker that opens once the act being recorded is on disk (the seconder after the
    /// mover).
    pub next_picker: Option<super::picker::Picker>,
}

/// The clickable areas of the last frame.
#[derive(Clone, Debug, Default)]
pub struct Hits {
    /// Each tab of the tab bar and its screen.
    pub tabs: Vec<(ratatui::layout::Rect, Screen)>,
    /// Each visible row of the screen's list and the index it selects.
    pub rows: Vec<(ratatui::layout::Rect, usize)>,
    /// The furthest a contract review's figures can scroll in the last frame (← → stop there).
    pub figures_last: u16,
}

impl Model {
    /// The members a picker offers, in seat order, labelled with their names: those `keep` lets
    /// through (present, not recused, …).
    pub fn member_choices(
        &self,
        keep: impl Fn(&crate::record::state::MeetingState, &str) -> bool,
    ) -> Vec<(String, String)> {
        self.seats()
            .iter()
            .filter(|(m, _)| keep(&self.state, m))
            .map(|(m, _)| (m.to_string(), self.info.name(m).to_string()))
            .collect()
    }

    /// What a member reads of agenda item number `index` before the session: who presents it and its
    /// documents (paths inside the board folder, as the agenda lists them).
    pub fn item_papers(&self, index: usize) -> (Option<String>, Vec<String>) {
        let Some(item) = self
            .info
            .board
            .meeting(&self.info.meeting)
            .and_then(|m| m.agenda.items.get(index))
        else {
            return (None, Vec::new());
        };
        (
            item.presenter.clone(),
            item.documents.iter().map(|d| d.get_ref().clone()).collect(),
        )
    }

    /// A model of an opened meeting.
    pub fn new(m: &Meeting, mode: Mode, theme: ThemeName, keymap: Keymap) -> Model {
        let mut model = Model {
            info: Info::of(m),
            state: m.state.clone(),
            records: m.records.clone(),
            mode,
            projector: mode == Mode::Projector,
            show_closed: false,
            screen: Screen::RollCall,
            sel: Selection::default(),
            overlays: Vec::new(),
            status: None,
            waiting: false,
            theme: Theme::new(theme),
            keymap,
            quit: false,
            now: m.records.last().map_or_else(Utc::now, |r| r.at),
            review_as: None,
            review_key: None,
            notes_file: None,
            private_notes: Vec::new(),
            today: NaiveDate::MIN,
            hits: Default::default(),
            sent_form: None,
            sent_picker: None,
            next_picker: None,
        };
        model.today = model.info.date;
        model.resume_vote();
        if let Some(i) = model.state.current_item().map(|c| c.id.clone()) {
            model.sel.agenda = model
                .state
                .items
                .iter()
                .position(|x| x.id == i)
                .unwrap_or(0);
        }
        model
    }

    /// After a restart in the middle of a vote: the console opens on the vote, with the cursor on
    /// the first member still to vote (the secretary's next key is that member's vote).
    fn resume_vote(&mut self) {
        if self.mode != Mode::Secretary {
            return;
        }
        let Some(i) = self
            .state
            .motions
            .iter()
            .rposition(|m| m.status == MotionStatus::Voting)
        else {
            return;
        };
        let motion = self.state.motions[i].id.clone();
        self.screen = Screen::Vote;
        self.sel.motion = Some(i);
        self.sel.vote = self.first_voter(&self.state, &motion, 0).unwrap_or(0);
    }

    /// The first seat, from position `from` on, whose member may still vote on `motion` in
    /// `state`: present, not recused on the motion's item, and without a vote in this round.
    pub fn first_voter(&self, state: &MeetingState, motion: &str, from: usize) -> Option<usize> {
        let m = state.motion(motion)?;
        self.seats()
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, (member, _))| {
                state.is_present(member)
                    && !state.is_recused(member, &m.item)
                    && !m.votes.contains_key(*member)
            })
            .map(|(i, _)| i)
    }

    /// The member presiding, when it is recorded absent or excused (nobody present presides):
    /// its id and its status, e.g. `("bramblekill", "excused")`.
    pub fn presiding_away(&self) -> Option<(String, &'static str)> {
        let member = self.state.presiding.as_deref()?;
        let a = self.state.attendance.get(member)?;
        matches!(
            a.status,
            crate::record::event::Attendance::Absent | crate::record::event::Attendance::Excused
        )
        .then(|| (member.to_string(), a.status.as_str()))
    }

    /// What the secretary is told while the member presiding is away, and the keys that fix it.
    pub fn presiding_away_text(&self) -> Option<String> {
        let (member, status) = self.presiding_away()?;
        let vice = self
            .state
            .opened
            .as_ref()
            .and_then(|o| o.vice_chair.clone())
            .filter(|v| v != &member && self.state.is_present(v));
        let offer = match vice {
            Some(v) => format!(
                "V: the vice-chair, {}, presides; or C on a member's row: that member presides pro tem",
                self.info.name(&v)
            ),
            None => {
                "C on a member's row: that member presides pro tem (the vice-chair is not present)"
                    .to_string()
            }
        };
        Some(format!(
            "{} presides and is {status}: nobody present presides. {offer}",
            self.info.name(&member)
        ))
    }

    /// In session: opened and not adjourned.
    pub fn in_session(&self) -> bool {
        self.mode == Mode::Secretary
            && self.state.opened.is_some()
            && self.state.adjourned_at.is_none()
    }

    /// The seats in force, in order: (member, weight).
    pub fn seats(&self) -> Vec<(&str, rust_decimal::Decimal)> {
        self.state
            .opened
            .as_ref()
            .map(|o| {
                o.seats
                    .iter()
                    .map(|s| (s.member.as_str(), s.weight))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The motion the vote screen shows: the chosen one, else the last one still voting or
    /// tied, else the last one.
    pub fn motion_index(&self) -> Option<usize> {
        let ms = &self.state.motions;
        if let Some(i) = self.sel.motion.filter(|i| *i < ms.len()) {
            return Some(i);
        }
        ms.iter()
            .rposition(|m| {
                matches!(
                    m.status,
                    MotionStatus::Debate | MotionStatus::Voting | MotionStatus::Tied
                )
            })
            .or_else(|| ms.len().checked_sub(1))
    }

    /// The key context now: the topmost overlay's, else the screen's.
    pub fn context(&self) -> KeyContext {
        match self.overlays.last() {
            Some(Overlay::Help) => KeyContext::Help,
            Some(Overlay::Confirm(_)) => KeyContext::Confirm,
            Some(Overlay::Form(_)) | Some(Overlay::Picker(_)) => KeyContext::Form,
            None => self.screen.context(),
        }
    }

    /// The tender ids of the board.
    pub fn tender_ids(&self) -> Vec<&str> {
        self.info
            .board
            .tenders
            .iter()
            .map(|t| t.id.as_str())
            .collect()
    }
}
