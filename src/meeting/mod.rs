//! A meeting folder opened for reading or writing, on top of its record.
//!
//! - [`Meeting`]: board + agenda + journal, replayed to its state with the board's disputes and
//!   tenders in view; [`Meeting::record`] checks, completes, appends and applies an event.
//! - [`status`]: the report `procboard meeting <DIR> status` prints.
//!
//! The journal file, the events and the fold into a state live one floor down, in
//! [`crate::record`], so that disputes and tenders can read journals without reaching up here.

pub mod closed;
pub mod status;

use crate::record::event::{MeetingOpened, MotionMoved, VoteCast, VoteClosed, VoteCorrected};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::board::Board;
use crate::board::resolve::{decision_rules, item_decision_kind, seats_on};
use crate::diag::Diagnostic;
use crate::record::event::{self, Event, Frozen, FrozenSeat};
use crate::record::journal::{Journal, JournalError, Record};
use crate::record::state::{self, AgendaItem, Context, MeetingState, outcome_word};

pub use crate::record::reader::{JOURNAL_FILE, journal_present};

/// Why a meeting cannot be opened or an event not recorded.
#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    /// The path is not `<board>/meetings/<id>`.
    #[error("{0} is not a meeting folder: expected <board>/meetings/<id>/ holding agenda.toml")]
    NotAMeeting(PathBuf),
    /// The board has errors.
    #[error("the board has {} problem(s); run `procboard check` on it", .0.iter().filter(|d| d.is_error()).count())]
    Board(Vec<Diagnostic>),
    /// The journal cannot be opened, read or written.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// A journal line does not replay: the file was edited or written by another version.
    #[error("{path}: line {line}: {message}")]
    Replay {
        /// Journal path.
        path: PathBuf,
        /// Line (= seq).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The event is not acceptable now; nothing was written.
    #[error("{kind} refused: {message}")]
    Refused {
        /// Event type.
        kind: &'static str,
        /// Why.
        message: String,
    },
    /// The meeting was opened read-only.
    #[error("the meeting is open read-only")]
    ReadOnly,
    /// Other I/O.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// Path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

impl MeetingError {
    /// Whose fault it is: a board with errors, a refused act or a path that is no meeting is
    /// the input's; a journal that cannot be read or written, or a replay that fails, is not.
    pub fn fault(&self) -> crate::exit::Fault {
        match self {
            MeetingError::Board(_)
            | MeetingError::Refused { .. }
            | MeetingError::NotAMeeting(_) => crate::exit::Fault::BadInput,
            _ => crate::exit::Fault::Failure,
        }
    }
}

/// A meeting folder, opened and replayed.
pub struct Meeting {
    /// The board (validated).
    pub board: Board,
    /// Meeting id (folder name).
    pub id: String,
    /// The meeting folder.
    pub dir: PathBuf,
    /// State after the last event.
    pub state: MeetingState,
    /// Every record, in order.
    pub records: Vec<Record<Event>>,
    /// Warnings from opening (a torn tail set aside, board warnings).
    pub warnings: Vec<String>,
    /// The closed journal and, while a closed session is open, the public state (`closed`).
    pub closed: closed::ClosedSide,
    journal: Option<Journal<Event>>,
}

impl Meeting {
    /// Opens the meeting at `dir` for writing (one writer at a time) and replays its journal.
    pub fn open_writer(dir: &Path) -> Result<Meeting, MeetingError> {
        Self::open(dir, true)
    }

    /// Opens the meeting at `dir` read-only (no lock; a writer may be active).
    pub fn open_read(dir: &Path) -> Result<Meeting, MeetingError> {
        Self::open(dir, false)
    }

    fn open(dir: &Path, write: bool) -> Result<Meeting, MeetingError> {
        let not_meeting = || MeetingError::NotAMeeting(dir.to_path_buf());
        let id = dir
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .ok_or_else(not_meeting)?;
        let meetings = dir.parent().ok_or_else(not_meeting)?;
        if meetings.file_name().is_none_or(|n| n != "meetings") {
            return Err(not_meeting());
        }
        let root = meetings.parent().ok_or_else(not_meeting)?;
        let root = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        };
        let (board, diags) = crate::signature::load_board(root)
            .valid()
            .map_err(MeetingError::Board)?;
        if board.meeting(&id).is_none() {
            return Err(not_meeting());
        }
        let mut warnings: Vec<String> = diags.iter().map(ToString::to_string).collect();
        let path = dir.join(JOURNAL_FILE);
        if !write {
            crate::record::journal::check_lock(&path)?;
        }
        let (journal, records, jw) = if write {
            let (j, r, w) = Journal::<Event>::open_writer(&path)?;
            (Some(j), r, w)
        } else if journal_present(&path) {
            let (r, w) = Journal::<Event>::read(&path)?;
            (None, r, w)
        } else {
            (None, Vec::new(), Vec::new())
        };
        warnings.extend(jw.iter().map(ToString::to_string));
        // Disputes lodged or moved on in other meetings are part of the board's register. Replay
        // knows the disputes lodged elsewhere; a dispute's status is then set from the whole
        // register, in meeting-date order, so a move recorded now is checked against the latest.
        let register = crate::disputes::register_with(&board, Some((&id, &records)))?;
        let mut state = MeetingState::new(context(&board, &id, &register));
        if write {
            // What a new `witness_cited` may cite: the statements that hold now.
            state.ctx.witness = crate::witness::verify(&board)
                .good
                .into_iter()
                .map(|g| (g.file, g.sha256))
                .collect();
        }
        let mut closed_side = closed::ClosedSide::open(&board, &id, &records, write)?;
        warnings.append(&mut closed_side.warnings);
        state.replaying = true;
        let apply = |state: &mut MeetingState, r: &Record<Event>| {
            state
                .apply(r.seq, r.at, &r.event)
                .map_err(|e| MeetingError::Replay {
                    path: path.clone(),
                    line: r.seq,
                    message: format!("{} does not replay: {}", r.event.kind(), e.message),
                })?;
            check_announced(state, r).map_err(|message| MeetingError::Replay {
                path: path.clone(),
                line: r.seq,
                message,
            })
        };
        closed_side.public = closed::replay(
            &mut state,
            &records,
            &closed_side.records,
            &closed_side.path.clone(),
            apply,
        )?;
        state.replaying = false;
        if let Some(Event::MeetingOpened(MeetingOpened {
            frozen: Some(f), ..
        })) = records.first().map(|r| &r.event)
        {
            for (file, frozen) in [
                ("board.toml".to_string(), &f.board_sha256),
                (format!("meetings/{id}/agenda.toml"), &f.agenda_sha256),
            ] {
                let now = crate::limits::read_inside(
                    root,
                    Path::new(&file),
                    crate::limits::BOARD_FILE_MAX,
                )
                .map(|b| hex(&Sha256::digest(&b)));
                if now.as_ref().ok() != Some(frozen) {
                    warnings.push(format!(
                        "{file} has changed since the meeting opened; the meeting keeps the seats, weights, rules, agenda and recusals it froze then"
                    ));
                }
            }
        }
        state.sync_disputes(register.disputes.iter().map(|d| (d.id.as_str(), d.status)));
        if let Some(p) = closed_side.public.as_mut() {
            p.replaying = false;
            p.sync_disputes(register.disputes.iter().map(|d| (d.id.as_str(), d.status)));
        }
        Ok(Meeting {
            board,
            id,
            dir: dir.to_path_buf(),
            state,
            records,
            warnings,
            closed: closed_side,
            journal,
        })
    }

    /// Checks `event`, fills in what the engine computes (the frozen board at opening, a vote's
    /// outcome, who entered a vote), appends it to the journal (on disk before this returns) and
    /// applies it. On any error nothing is written and the state is unchanged.
    pub fn record(
        &mut self,
        by: &str,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<&Record<Event>, MeetingError> {
        if self.journal.is_none() {
            return Err(MeetingError::ReadOnly);
        }
        let refused_input = |message| MeetingError::Refused {
            kind: event.kind(),
            message,
        };
        event::check_name("by", by).map_err(refused_input)?;
        event.check_new_ids().map_err(refused_input)?;
        let mut event = self.complete(by, event)?;
        self.complete_closed(&mut event)?;
        if self.goes_closed(&event) {
            return self.record_closed(by, at, event);
        }
        self.record_public(by, at, event)
    }

    fn complete(&self, by: &str, mut event: Event) -> Result<Event, MeetingError> {
        match &mut event {
            Event::MeetingOpened(MeetingOpened {
                presiding,
                secretary,
                frozen,
            }) => {
                let f = self.freeze()?;
                if presiding.is_none() {
                    *presiding = f
                        .chair
                        .as_deref()
                        .and_then(|c| self.board.member(c))
                        .and_then(|m| m.delegates.first().cloned());
                }
                if secretary.is_none() {
                    *secretary = Some(
                        self.board
                            .file
                            .board
                            .secretary
                            .clone()
                            .unwrap_or_else(|| by.to_string()),
                    );
                }
                *frozen = Some(f);
            }
            Event::VoteCast(VoteCast { entered_by, .. })
            | Event::VoteCorrected(VoteCorrected { entered_by, .. })
                if entered_by.is_empty() =>
            {
                *entered_by = by.to_string();
            }
            Event::WitnessCited { statement, sha256 } if sha256.is_empty() => {
                if let Some(actual) = self.state.ctx.witness.get(statement.as_str()) {
                    sha256.clone_from(actual);
                }
            }
            Event::MotionMoved(MotionMoved { text, consent, .. })
                if text.trim().is_empty() && !consent.is_empty() =>
            {
                *text = crate::record::state::consent::block_text(&self.state.ctx.items, consent);
            }
            Event::MotionMoved(MotionMoved {
                item,
                text,
                amends: None,
                ..
            }) if text.trim().is_empty() => {
                *text = self
                    .motion_text(item)
                    .ok_or_else(|| MeetingError::Refused {
                        kind: "motion_moved",
                        message: format!(
                            "the motion has no `text` and agenda item `{item}` gives none"
                        ),
                    })?;
            }
            Event::VoteClosed(VoteClosed {
                motion,
                outcome,
                explanation,
            }) => {
                if let Some(m) = self.state.motion(motion) {
                    let mut counted = m.clone();
                    counted.status = state::MotionStatus::Voting;
                    let t = self
                        .state
                        .tally(&counted)
                        .map_err(|e| MeetingError::Refused {
                            kind: "vote_closed",
                            message: e.message,
                        })?;
                    *outcome = outcome_word(&t).to_string();
                    *explanation = t.explanation;
                }
            }
            _ => {}
        }
        Ok(event)
    }

    /// The witness statements that hold and that neither this meeting nor any other has cited
    /// yet, by path, with their SHA-256: what the console's cite key enters in the record.
    pub fn witness_to_cite(&self) -> Vec<(String, String)> {
        let mut cited: std::collections::BTreeSet<String> = self
            .state
            .witness_cited
            .iter()
            .map(|c| c.statement.clone())
            .collect();
        for other in self.board.meetings.iter().filter(|m| m.id != self.id) {
            let path = self
                .board
                .root
                .join("meetings")
                .join(&other.id)
                .join(JOURNAL_FILE);
            if !journal_present(&path) {
                continue;
            }
            // A journal that does not read cites nothing here; `minutes verify` reports it.
            if let Ok((records, _)) = Journal::<Event>::read(&path) {
                cited.extend(records.into_iter().filter_map(|r| match r.event {
                    Event::WitnessCited { statement, .. } => Some(statement),
                    _ => None,
                }));
            }
        }
        self.state
            .ctx
            .witness
            .iter()
            .filter(|(file, _)| !cited.contains(*file))
            .map(|(f, h)| (f.clone(), h.clone()))
            .collect()
    }

    /// The default text of a motion on `item`: the agenda's `motion`; for an award decision, the
    /// recommended bid with its rank and total from the evaluation as it stands.
    fn motion_text(&self, item: &str) -> Option<String> {
        motion_text(&self.board, &self.id, &self.state, item)
    }

    /// What the files say at opening: seats, weights, officers and rules on the meeting date.
    fn freeze(&self) -> Result<Frozen, MeetingError> {
        let doc = self
            .board
            .meeting(&self.id)
            .ok_or_else(|| MeetingError::NotAMeeting(self.dir.clone()))?;
        let info = &doc.agenda.meeting;
        let date = info.date.get_ref().0;
        let report = seats_on(&self.board, date).map_err(|e| MeetingError::Refused {
            kind: "meeting_opened",
            message: e.to_string(),
        })?;
        let seats = report
            .seats
            .iter()
            .filter_map(|s| {
                s.member.as_ref().map(|m| FrozenSeat {
                    seat: s.seat.clone(),
                    member: m.clone(),
                    weight: s.weight,
                })
            })
            .collect();
        let hash = |rel: &Path| -> Result<String, MeetingError> {
            let path = self.board.root.join(rel);
            let bytes =
                crate::limits::read_inside(&self.board.root, rel, crate::limits::BOARD_FILE_MAX)
                    .map_err(|e| MeetingError::Io {
                        what: "cannot read",
                        path: path.clone(),
                        source: std::io::Error::other(e.to_string()),
                    })?;
            Ok(hex(&Sha256::digest(&bytes)))
        };
        Ok(Frozen {
            board: self.board.file.board.id.get_ref().clone(),
            meeting: self.id.clone(),
            date,
            time_zone: info
                .time_zone
                .as_ref()
                .unwrap_or(&self.board.file.board.time_zone)
                .get_ref()
                .clone(),
            chair: report.officers.as_ref().map(|o| o.chair.clone()),
            vice_chair: report.officers.as_ref().map(|o| o.vice_chair.clone()),
            seats,
            weight_source: report.weight_source,
            rules: decision_rules(&self.board),
            board_sha256: hash(Path::new("board.toml"))?,
            agenda_sha256: hash(&doc.path)?,
            items: self.state.ctx.items.clone(),
            tender_recusals: self.state.ctx.tender_recusals.clone(),
            people: self.state.ctx.people.clone(),
        })
    }
}

/// What the meeting adds to tender `tender`'s evaluation, as plain data: its live scores and
/// consensus scores in the order recorded, and the members recused from the tender in this
/// meeting (by a tender recusal or a recusal on an item about the tender).
pub fn live_input(state: &MeetingState, tender: &str) -> crate::tender::LiveInput {
    crate::tender::LiveInput {
        scores: state
            .scores
            .iter()
            .filter(|s| s.tender == tender)
            .map(|s| {
                crate::rules::scoring::Sheet::new(s.member.clone()).with(
                    s.bid.clone(),
                    s.criterion.clone(),
                    s.score,
                )
            })
            .collect(),
        consensus: state
            .consensus
            .iter()
            .filter(|c| c.tender == tender)
            .map(|c| crate::rules::scoring::Consensus {
                bid: c.bid.clone(),
                criterion: c.criterion.clone(),
                score: c.score,
                reason: c.reason.clone(),
            })
            .collect(),
        recused: state
            .recusals
            .iter()
            .filter(|r| state.is_recused_from_tender(&r.member, tender))
            .map(|r| (r.member.clone(), r.reason.clone()))
            .collect(),
    }
}

/// A replayed `vote_closed` must announce what the rules compute.
fn check_announced(state: &MeetingState, r: &Record<Event>) -> Result<(), String> {
    if let Event::VoteClosed(VoteClosed {
        motion, outcome, ..
    }) = &r.event
    {
        let computed = state
            .motion(motion)
            .and_then(|m| m.result())
            .map(outcome_word)
            .unwrap_or("");
        if computed != outcome {
            return Err(format!(
                "vote_closed on motion `{motion}` announces `{outcome}`, but the rules give `{computed}`"
            ));
        }
    }
    Ok(())
}

/// The agenda and board facts a meeting's state needs; `register` gives the disputes as the rest
/// of the board (files and other meetings) has them.
pub fn context(board: &Board, meeting: &str, register: &crate::disputes::Register) -> Context {
    let items = board
        .meeting(meeting)
        .map(|m| {
            m.agenda
                .items
                .iter()
                .map(|i| AgendaItem {
                    id: i.id.get_ref().clone(),
                    title: i.title.clone(),
                    kind: *i.kind.get_ref(),
                    tender: i.tender.as_ref().map(|t| t.get_ref().clone()),
                    decision: item_decision_kind(i),
                    closed: closed::closed_item(board, i),
                    consent: i.on_consent(),
                    speaking_seconds: i
                        .speaking_time_seconds
                        .or(board.file.speakers.speaking_time_seconds)
                        .map(std::num::NonZeroU32::get),
                    planned_minutes: i.duration_minutes,
                    public_comment: i.public_comment,
                })
                .collect()
        })
        .unwrap_or_default();
    Context {
        items,
        tenders: board
            .tenders
            .iter()
            .map(|t| (t.id.clone(), tender_ctx(board, t)))
            .collect(),
        disputes: register
            .disputes
            .iter()
            .filter(|d| d.lodged_in.as_deref() != Some(meeting))
            .map(|d| (d.id.clone(), d.status))
            .collect(),
        tender_recusals: board
            .tenders
            .iter()
            .flat_map(|t| {
                t.tender.tender.recusals.iter().map(|r| event::FileRecusal {
                    tender: t.id.clone(),
                    member: r.member.get_ref().clone(),
                    reason: r.reason.clone(),
                })
            })
            .collect(),
        people: board
            .file
            .members
            .iter()
            .map(|m| {
                (
                    m.id.get_ref().clone(),
                    event::People {
                        delegates: m.delegates.clone(),
                        alternates: m.alternates.clone(),
                    },
                )
            })
            .collect(),
        witness: std::collections::BTreeMap::new(),
    }
}

fn tender_ctx(board: &Board, t: &crate::board::load::TenderDoc) -> state::TenderCtx {
    let (scale_max, scale_points) = crate::tender::scale(board, t);
    state::TenderCtx {
        bids: t
            .tender
            .bids
            .iter()
            .map(|b| {
                (
                    b.id.get_ref().clone(),
                    b.lot.as_ref().map(|l| l.get_ref().clone()),
                )
            })
            .collect(),
        lots: t
            .tender
            .lots
            .iter()
            .map(|l| l.id.get_ref().clone())
            .collect(),
        criteria: crate::board::model::quality_leaves(&t.tender)
            .into_iter()
            .map(|(id, _)| id.to_string())
            .collect(),
        scale_max,
        scale_points,
    }
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The standard motion of an approval of minutes whose agenda item gives no `motion`: "That the
/// minutes of the regular meeting of 11 February 2025 be approved." (the approved meeting's kind
/// and date, in English: give the item a `motion` to word it otherwise).
fn standard_minutes_motion(board: &Board, it: &crate::board::model::Item) -> Option<String> {
    let of = board.meeting(it.minutes_of.as_ref()?.get_ref())?;
    let m = &of.agenda.meeting;
    let kind = match m.kind.get_ref() {
        crate::board::model::MeetingKind::Regular => "regular",
        crate::board::model::MeetingKind::Special => "special",
    };
    Some(format!(
        "That the minutes of the {kind} meeting of {} be approved.",
        m.date.get_ref().0.format("%-d %B %Y")
    ))
}

/// The default text of a motion on `item` of meeting `meeting`, as `Meeting::record` fills it
/// in: the agenda's `motion`; for an award decision, with the recommended bid's rank and total
/// from the evaluation of `state` as it stands (the console proposes the award motion with it).
pub fn motion_text(
    board: &Board,
    meeting: &str,
    state: &MeetingState,
    item: &str,
) -> Option<String> {
    let doc = board.meeting(meeting)?;
    let it = doc.agenda.items.iter().find(|i| i.id.get_ref() == item)?;
    let base = it.motion.clone();
    if *it.kind.get_ref() == crate::board::model::ItemKind::ApproveMinutes && base.is_none() {
        return standard_minutes_motion(board, it);
    }
    if *it.kind.get_ref() != crate::board::model::ItemKind::AwardDecision {
        return base;
    }
    let tender = board.tender(it.tender.as_ref()?.get_ref())?;
    let bid = it.bid.as_ref()?.get_ref();
    let live = live_input(state, &tender.id);
    let e = crate::tender::evaluate_scores(
        board,
        tender,
        Some(&live),
        state
            .opened
            .as_ref()
            .map_or(doc.agenda.meeting.date.get_ref().0, |o| o.at.date_naive()),
    );
    let ranking = e.bids().find(|(_, r)| r.bid == *bid).map(|(lot, r)| {
        let ranked = lot
            .evaluation
            .results
            .iter()
            .filter(|x| x.rank.is_some())
            .count();
        let provisional = if lot.evaluation.provisional {
            "; the ranking is provisional"
        } else {
            ""
        };
        match (r.rank, r.total) {
            (Some(rank), Some(total)) => {
                format!("bid {bid} ranked {rank} of {ranked} with {total:.2} points{provisional}")
            }
            _ => format!("bid {bid} is not ranked{provisional}"),
        }
    });
    let bidder = tender
        .tender
        .bids
        .iter()
        .find(|b| b.id.get_ref() == bid)
        .map(|b| b.bidder.clone())
        .unwrap_or_default();
    let text = base.unwrap_or_else(|| format!("Award {} to {bidder}", tender.tender.tender.title));
    Some(match ranking {
        Some(r) => format!("{text} ({r})"),
        None => text,
    })
}
