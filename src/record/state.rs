//! The state of a meeting: a fold over its events.
//!
//! [`MeetingState::apply`] checks an event against the state and, only if it is acceptable,
//! applies it. Recording a new event and replaying the journal go through the same function, so
//! what was accepted once replays to the identical state.

use crate::record::event::{
    ConsensusRecorded, DisputeLodged, DisputeStatusChanged, MeetingOpened, MotionMoved, Presiding,
    ScoreRecorded, VoteCast, VoteClosed, VoteCorrected,
};
use crate::record::event::{ConsentPulled, Recessed};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use super::event::{
    Attendance, Event, FileRecusal, Frozen, FrozenSeat, People, RecusalScope, VoteValue,
};
use crate::rules::dispute::DisputeStatus;
use crate::rules::quorum::{self, QuorumStatus, Seat};
use crate::rules::voting::{self, Awaiting, Choice, DecisionRule, Outcome, Tally};

/// What the state needs to know about the agenda and the board, fixed for the meeting.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Agenda items in order.
    pub items: Vec<AgendaItem>,
    /// Tenders on the board, by id.
    pub tenders: BTreeMap<String, TenderCtx>,
    /// Disputes filed in `disputes/`, with their status.
    pub disputes: BTreeMap<String, DisputeStatus>,
    /// Recusals declared in tender files.
    pub tender_recusals: Vec<FileRecusal>,
    /// Delegates and alternates per member.
    pub people: BTreeMap<String, People>,
    /// The board's witness statements that hold (signature and every record they name), by
    /// path (`witness/<file>.toml`), with the SHA-256 of each: what `witness_cited` may cite.
    /// Filled only where new events are recorded; a replay takes the journal's word (`minutes
    /// verify` checks every cited statement against the archive).
    pub witness: BTreeMap<String, String>,
}

/// What a meeting needs to know of a tender to check live scores and disputes.
#[derive(Clone, Debug, Default)]
pub struct TenderCtx {
    /// Bids: (id, lot).
    pub bids: Vec<(String, Option<String>)>,
    /// Lots.
    pub lots: Vec<String>,
    /// Scored quality criteria (leaves).
    pub criteria: Vec<String>,
    /// Top of the quality scale.
    pub scale_max: Decimal,
    /// Allowed scores, when the scale has descriptors.
    pub scale_points: Vec<Decimal>,
}

impl TenderCtx {
    fn on_scale(&self, score: Decimal) -> bool {
        if self.scale_points.is_empty() {
            score >= Decimal::ZERO && score <= self.scale_max
        } else {
            self.scale_points.contains(&score)
        }
    }

    fn scale_text(&self) -> String {
        if self.scale_points.is_empty() {
            format!("scores run from 0 to {}", self.scale_max.normalize())
        } else {
            let pts: Vec<String> = self
                .scale_points
                .iter()
                .map(|p| p.normalize().to_string())
                .collect();
            format!("allowed scores: {}", pts.join(", "))
        }
    }
}

/// A live score.
#[derive(Clone, Debug, Serialize)]
pub struct LiveScore {
    /// Journal line.
    pub seq: u64,
    /// Member.
    pub member: String,
    /// Tender.
    pub tender: String,
    /// Bid.
    pub bid: String,
    /// Criterion.
    pub criterion: String,
    /// Score.
    pub score: Decimal,
}

/// A live consensus score.
#[derive(Clone, Debug, Serialize)]
pub struct LiveConsensus {
    /// Journal line.
    pub seq: u64,
    /// Tender.
    pub tender: String,
    /// Bid.
    pub bid: String,
    /// Criterion.
    pub criterion: String,
    /// Score.
    pub score: Decimal,
    /// Reason.
    pub reason: Option<String>,
}

/// A dispute as the meeting saw it: lodged here, or filed and moved on here.
#[derive(Clone, Debug, Serialize)]
pub struct DisputeTrack {
    /// The `dispute_lodged` event, for a dispute lodged in this meeting.
    pub lodged: Option<Event>,
    /// When lodged in this meeting.
    pub lodged_at: Option<DateTime<Utc>>,
    /// Current status.
    pub status: DisputeStatus,
    /// Changes recorded in this meeting: (seq, time, status, reasons).
    pub changes: Vec<(u64, DateTime<Utc>, DisputeStatus, Option<String>)>,
}

pub use super::event::AgendaItem;

#[path = "amendments.rs"]
pub mod amendments;
#[path = "closed.rs"]
pub mod closed;
#[path = "consent.rs"]
pub mod consent;
#[path = "recess.rs"]
pub mod recess;
#[path = "speakers.rs"]
pub mod speakers;

/// Why an event is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EventError {
    /// What is wrong and what to do instead.
    pub message: String,
}

fn refuse<T>(message: impl Into<String>) -> Result<T, EventError> {
    Err(EventError {
        message: message.into(),
    })
}

/// The frozen facts of an opened meeting.
#[derive(Clone, Debug, Serialize)]
pub struct Opened {
    /// Board id.
    pub board: String,
    /// Meeting id.
    pub meeting: String,
    /// Chair by rotation.
    pub chair: Option<String>,
    /// Vice-chair by rotation.
    pub vice_chair: Option<String>,
    /// Person presiding.
    pub presiding: String,
    /// Secretary.
    pub secretary: String,
    /// Seats and weights.
    pub seats: Vec<FrozenSeat>,
    /// Where the weights come from.
    pub weight_source: String,
    /// Rules by decision kind.
    #[serde(skip)]
    pub rules: BTreeMap<String, DecisionRule>,
    /// The seats as the rules count them (built once from `seats`).
    #[serde(skip)]
    pub rule_seats: Vec<Seat>,
    /// When.
    pub at: DateTime<Utc>,
}

/// A member's attendance now, and its history.
#[derive(Clone, Debug, Serialize)]
pub struct MemberAttendance {
    /// Current status.
    pub status: Attendance,
    /// Who sits.
    pub person: Option<String>,
    /// An alternate sits.
    pub alternate: bool,
    /// Every change: (seq, time, status, correction reason).
    pub changes: Vec<(u64, DateTime<Utc>, Attendance, Option<String>)>,
}

/// Where an agenda item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Not yet taken.
    Pending,
    /// Being taken now.
    Open,
    /// Done.
    Closed,
    /// Put off.
    Deferred,
}

/// An agenda item's progress.
#[derive(Clone, Debug, Serialize)]
pub struct ItemState {
    /// Item id.
    pub id: String,
    /// Status.
    pub status: ItemStatus,
    /// When opened.
    pub opened_at: Option<DateTime<Utc>>,
    /// When closed or deferred.
    pub closed_at: Option<DateTime<Utc>>,
    /// Why deferred.
    pub deferred_reason: Option<String>,
}

/// A recorded recusal.
#[derive(Clone, Debug, Serialize)]
pub struct RecusalRecord {
    /// Member.
    pub member: String,
    /// Item or tender.
    pub scope: RecusalScope,
    /// Why.
    pub reason: String,
    /// From the tender file (declared before the meeting) rather than the journal.
    pub from_file: bool,
}

impl RecusalRecord {
    fn from_file(r: &FileRecusal) -> Self {
        RecusalRecord {
            member: r.member.clone(),
            scope: RecusalScope::Tender(r.tender.clone()),
            reason: r.reason.clone(),
            from_file: true,
        }
    }
}

/// A vote as recorded.
#[derive(Clone, Debug, Serialize)]
pub struct CastVote {
    /// The vote.
    pub vote: VoteValue,
    /// Who entered it.
    pub entered_by: String,
    /// Proxy holder, for a vote by proxy.
    pub proxy: Option<String>,
    /// Corrections made: (reason, previous vote).
    pub corrections: Vec<(String, VoteValue)>,
}

/// Where a motion stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MotionStatus {
    /// Moved (and perhaps seconded), in debate: no vote until the chair puts the question.
    Debate,
    /// The question is put; votes may be cast.
    Voting,
    /// Closed tied; waiting for a repeat round or the chair's casting vote.
    Tied,
    /// Decided (carried, failed or no quorum).
    Closed,
    /// Withdrawn.
    Withdrawn,
}

/// A motion and its vote.
#[derive(Clone, Debug, Serialize)]
pub struct MotionState {
    /// Motion id.
    pub id: String,
    /// Item.
    pub item: String,
    /// Text.
    pub text: String,
    /// Mover.
    pub mover: String,
    /// Seconder.
    pub seconder: Option<String>,
    /// Decision kind.
    pub decision: String,
    /// Status.
    pub status: MotionStatus,
    /// Sequence number of the `question_put` that opened the vote; `None` before it, and for a
    /// motion of an older journal whose first vote put the question implicitly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question_put: Option<u64>,
    /// Round (1, then 2 … after a repeat).
    pub round: u32,
    /// Votes of the current round, by member.
    pub votes: BTreeMap<String, CastVote>,
    /// The chair's casting vote, if given.
    pub casting_vote: Option<Choice>,
    /// Results of earlier rounds and the final one.
    pub results: Vec<Tally>,
    /// What it amends, the amendments adopted to it, a consent block's items.
    #[serde(flatten)]
    pub procedure: amendments::MotionProcedure,
}

impl MotionState {
    /// The final (or latest) result.
    pub fn result(&self) -> Option<&Tally> {
        self.results.last()
    }
}

/// A change of who presides (a `presiding` event).
#[derive(Clone, Debug, Serialize)]
pub struct PresidingChange {
    /// Sequence number of the event.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// The member presiding from then on.
    pub member: String,
    /// `"chair"`, `"vice_chair"` (by rotation) or `"pro_tem"` (any other member).
    pub role: &'static str,
    /// The person in the chair, if given.
    pub person: Option<String>,
    /// Why, if given.
    pub reason: Option<String>,
}

/// A witness statement entered in the record (a `witness_cited` event).
#[derive(Clone, Debug, Serialize)]
pub struct WitnessCitation {
    /// Sequence number of the event.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// The statement's path in the board folder.
    pub statement: String,
    /// Its SHA-256 as cited.
    pub sha256: String,
}

/// The whole meeting as of the last event.
#[derive(Clone, Debug, Serialize)]
pub struct MeetingState {
    /// Agenda and board facts.
    #[serde(skip)]
    pub ctx: Context,
    /// Set by `meeting_opened`.
    pub opened: Option<Opened>,
    /// Attendance by member.
    pub attendance: BTreeMap<String, MemberAttendance>,
    /// Proxies: absent member → holder.
    pub proxies: BTreeMap<String, String>,
    /// Recusals, from tender files and the journal.
    pub recusals: Vec<RecusalRecord>,
    /// Items in agenda order.
    pub items: Vec<ItemState>,
    /// Motions in order.
    pub motions: Vec<MotionState>,
    /// Notes: (item, text, time).
    pub notes: Vec<(Option<String>, String, DateTime<Utc>)>,
    /// Scores recorded live.
    pub scores: Vec<LiveScore>,
    /// Consensus scores recorded live.
    pub consensus: Vec<LiveConsensus>,
    /// Disputes lodged or moved in this meeting, and those on file, by id.
    pub disputes: BTreeMap<String, DisputeTrack>,
    /// Quorum after every attendance change: (seq, time, status).
    pub quorum_log: Vec<(u64, DateTime<Utc>, QuorumStatus)>,
    /// When adjourned.
    pub adjourned_at: Option<DateTime<Utc>>,
    /// The member presiding now, who gives the casting vote on a tie: the chair by rotation
    /// from the opening, then whoever a `presiding` event names.
    pub presiding: Option<String>,
    /// Every `presiding` event: who took the chair, when, and why.
    pub presiding_changes: Vec<PresidingChange>,
    /// Every `witness_cited` event: the statements entered in the record.
    pub witness_cited: Vec<WitnessCitation>,
    /// Closed sessions held, the one open, results reported out (`record::closed`).
    pub closed: closed::ClosedSessions,
    /// The consent agenda: items pulled off, the block that adopted the others.
    pub consent: consent::ConsentState,
    /// Every recess, with its resumption and the quorum then.
    pub recesses: Vec<recess::Recess>,
    /// The speakers' lists and the speeches (`speaker_*`, `point_of_order`, `speech_*`).
    pub speakers: speakers::Speakers,
    /// Sequence number of the last event applied.
    pub last_seq: u64,
    /// Replaying the journal: dispute moves are not checked against statuses, which other
    /// meetings may have moved on since (the move was checked when it was recorded).
    #[serde(skip)]
    pub replaying: bool,
    /// Position of each motion in `motions`, by id: replaying a long meeting looks a motion up
    /// for almost every event, and a scan of `motions` made that quadratic. Only ever looked up,
    /// never iterated, so its order cannot leak into any output.
    #[serde(skip)]
    motion_index: HashMap<String, usize, BuildHasherDefault<IdHasher>>,
    /// Seats by member and the quorum counts outside any item, kept up to date event by event so
    /// that an attendance change costs the same on a board of 10 or 10,000 members. Built at the
    /// opening; only `apply` changes what it summarises.
    #[serde(skip)]
    presence: PresenceIndex,
}

/// See [`MeetingState::presence`].
#[derive(Clone, Debug, Default)]
struct PresenceIndex {
    /// Position of each member's first seat in `opened.seats`.
    seat_of: HashMap<String, usize, BuildHasherDefault<IdHasher>>,
    /// Each member's weight, its seats added (as the quorum roster merges them).
    weight: HashMap<String, Decimal, BuildHasherDefault<IdHasher>>,
    /// Members counted present for the quorum outside any item (in person, or by proxy where the
    /// default rule allows proxies).
    counted: HashMap<String, (), BuildHasherDefault<IdHasher>>,
    heads_present: usize,
    weight_present: Decimal,
    /// How many counted members have a weight written with each number of decimal places: a
    /// sum over the seats has the most places of its terms, and the counts keep that so.
    scales: [usize; 29],
    weight_base: Decimal,
    /// Whether the default rule lets a proxy count toward quorum.
    proxies: bool,
}

impl MeetingState {
    /// A meeting that has not opened yet.
    pub fn new(ctx: Context) -> Self {
        let items = pending_items(&ctx.items);
        let recusals = ctx
            .tender_recusals
            .iter()
            .map(RecusalRecord::from_file)
            .collect();
        let disputes = ctx
            .disputes
            .iter()
            .map(|(id, status)| {
                (
                    id.clone(),
                    DisputeTrack {
                        lodged: None,
                        lodged_at: None,
                        status: *status,
                        changes: Vec::new(),
                    },
                )
            })
            .collect();
        MeetingState {
            ctx,
            scores: Vec::new(),
            consensus: Vec::new(),
            disputes,
            opened: None,
            attendance: BTreeMap::new(),
            proxies: BTreeMap::new(),
            recusals,
            items,
            motions: Vec::new(),
            notes: Vec::new(),
            quorum_log: Vec::new(),
            adjourned_at: None,
            presiding: None,
            presiding_changes: Vec::new(),
            witness_cited: Vec::new(),
            closed: Default::default(),
            consent: consent::ConsentState::default(),
            recesses: Vec::new(),
            speakers: Default::default(),
            last_seq: 0,
            replaying: false,
            motion_index: HashMap::default(),
            presence: PresenceIndex::default(),
        }
    }

    /// The item being taken now.
    pub fn current_item(&self) -> Option<&ItemState> {
        self.items.iter().find(|i| i.status == ItemStatus::Open)
    }

    /// The motion with this id.
    pub fn motion(&self, id: &str) -> Option<&MotionState> {
        self.motion_position(id).and_then(|i| self.motions.get(i))
    }

    /// Where the motion with this id sits in `motions`. Uses the index, and falls back to a scan
    /// should `motions` have been changed from outside (it is a public field) so that the index
    /// no longer matches it.
    fn motion_position(&self, id: &str) -> Option<usize> {
        match self.motion_index.get(id) {
            Some(&i) if self.motions.get(i).is_some_and(|m| m.id == id) => Some(i),
            None if self.motion_index.len() == self.motions.len() => None,
            _ => self.motions.iter().position(|m| m.id == id),
        }
    }

    fn agenda_item(&self, id: &str) -> Option<&AgendaItem> {
        self.ctx.items.iter().find(|i| i.id == id)
    }

    /// Seats in force, as the rules count them (empty before opening).
    pub fn seats(&self) -> &[Seat] {
        self.opened
            .as_ref()
            .map_or(&[], |o| o.rule_seats.as_slice())
    }

    fn is_seated(&self, member: &str) -> bool {
        self.seat(member).is_some()
    }

    /// The member's first seat, found through the index (a scan should the index not match).
    fn seat(&self, member: &str) -> Option<&FrozenSeat> {
        let seats = &self.opened.as_ref()?.seats;
        if self.presence.seat_of.is_empty() {
            // Not indexed (no seats, or a state built without `apply`).
            return seats.iter().find(|s| s.member == member);
        }
        let seat = seats.get(*self.presence.seat_of.get(member)?)?;
        (seat.member == member).then_some(seat)
    }

    fn seated_list(&self) -> String {
        let ids: Vec<&str> = self
            .opened
            .as_ref()
            .map(|o| o.seats.iter().map(|s| s.member.as_str()).collect())
            .unwrap_or_default();
        crate::diag::list(&ids)
    }

    fn weight_of(&self, member: &str) -> Decimal {
        self.seat(member).map_or(Decimal::ZERO, |s| s.weight)
    }

    /// Is the member present (in the room or remote)?
    pub fn is_present(&self, member: &str) -> bool {
        self.attendance
            .get(member)
            .is_some_and(|a| a.status.is_present())
    }

    /// Is the member recused from this item (directly, or through the item's tender)?
    pub fn is_recused(&self, member: &str, item: &str) -> bool {
        let tender = self.agenda_item(item).and_then(|i| i.tender.as_deref());
        self.recused_on(member, item, tender)
    }

    /// [`Self::is_recused`] with the item's tender already looked up.
    fn recused_on(&self, member: &str, item: &str, tender: Option<&str>) -> bool {
        self.recusals.iter().any(|r| {
            r.member == member
                && match &r.scope {
                    RecusalScope::Item(i) => i == item,
                    RecusalScope::Tender(t) => Some(t.as_str()) == tender,
                }
        })
    }

    /// From the opening on, the meeting works from what it froze (agenda, recusals declared in
    /// tender files, delegates and alternates), not from files that may be edited later.
    fn adopt_frozen(&mut self, f: &Frozen) {
        self.ctx.items = f.items.clone();
        self.items = pending_items(&f.items);
        self.ctx.tender_recusals = f.tender_recusals.clone();
        self.recusals.retain(|r| !r.from_file);
        self.recusals
            .extend(f.tender_recusals.iter().map(RecusalRecord::from_file));
        self.ctx.people = f.people.clone();
    }

    /// Sets each dispute's status to the board register's (files and every meeting, in order).
    pub fn sync_disputes<'r>(
        &mut self,
        statuses: impl IntoIterator<Item = (&'r str, DisputeStatus)>,
    ) {
        for (id, status) in statuses {
            if let Some(d) = self.disputes.get_mut(id) {
                d.status = status;
            }
        }
    }

    /// Is the member recused from the tender (a tender recusal, or a recusal on an item about it)?
    pub fn is_recused_from_tender(&self, member: &str, tender: &str) -> bool {
        self.recusals.iter().any(|r| {
            r.member == member
                && match &r.scope {
                    RecusalScope::Tender(t) => t == tender,
                    RecusalScope::Item(i) => self
                        .agenda_item(i)
                        .is_some_and(|a| a.tender.as_deref() == Some(tender)),
                }
        })
    }

    fn check_cell(
        &self,
        tender: &str,
        bid: &str,
        criterion: &str,
        score: Decimal,
    ) -> Result<(), EventError> {
        let Some(tc) = self.ctx.tenders.get(tender) else {
            let ids: Vec<&str> = self.ctx.tenders.keys().map(String::as_str).collect();
            return refuse(format!(
                "no tender `{tender}`; tenders: {}",
                crate::diag::list(&ids)
            ));
        };
        if !tc.bids.iter().any(|(id, _)| id == bid) {
            let ids: Vec<&str> = tc.bids.iter().map(|(id, _)| id.as_str()).collect();
            return refuse(format!(
                "tender `{tender}` has no bid `{bid}`; bids: {}",
                crate::diag::list(&ids)
            ));
        }
        if !tc.criteria.iter().any(|c| c == criterion) {
            let ids: Vec<&str> = tc.criteria.iter().map(String::as_str).collect();
            return refuse(format!(
                "`{criterion}` is not a scored criterion of tender `{tender}`; scored criteria: {}",
                crate::diag::list(&ids)
            ));
        }
        if !tc.on_scale(score) {
            return refuse(format!(
                "score {} is not on the scale: {}",
                score.normalize(),
                tc.scale_text()
            ));
        }
        Ok(())
    }

    /// The rule for a decision kind, falling back to `default`.
    pub fn rule(&self, kind: &str) -> Option<&DecisionRule> {
        let rules = &self.opened.as_ref()?.rules;
        rules.get(kind).or_else(|| rules.get("default"))
    }

    /// Every seat merged with its presence for a vote on `item` under `rule` (proxies count
    /// where allowed), as [`quorum::roster`] merges them.
    ///
    /// For a motion, a member who voted in the current round and left before the vote closed is
    /// counted present for it: its vote was valid when cast and is never dropped. On the consent
    /// block (`item` `consent`), a member recused from any item of the block is recused from it.
    fn roster(
        &self,
        item: Option<&str>,
        rule: Option<&DecisionRule>,
        motion: Option<&MotionState>,
    ) -> Vec<quorum::Entry<'_>> {
        let proxies = rule.is_some_and(|r| r.proxies);
        let tender = item
            .and_then(|i| self.agenda_item(i))
            .and_then(|i| i.tender.as_deref());
        let block: Option<Vec<String>> = (item == Some(consent::CONSENT_ITEM)).then(|| {
            motion
                .or_else(|| self.pending_consent_block())
                .map_or_else(|| self.consent_items(), |m| m.procedure.consent.clone())
        });
        quorum::roster_by_seat(self.seats(), |s| {
            let voted_in_person = motion
                .and_then(|m| m.votes.get(&s.member))
                .is_some_and(|v| v.proxy.is_none());
            let present = self.is_present(&s.member)
                || voted_in_person
                || (proxies
                    && self
                        .proxies
                        .get(&s.member)
                        .is_some_and(|h| self.is_present(h)));
            let recused = match &block {
                Some(items) => items.iter().any(|i| self.is_recused(&s.member, i)),
                None => item.is_some_and(|i| self.recused_on(&s.member, i, tender)),
            };
            (present, recused)
        })
    }

    /// Quorum now, under the `default` rule and outside any item: from the counts kept event by
    /// event (the same figures as walking every seat, at a cost that does not grow with the board).
    pub fn quorum_now(&self) -> Option<QuorumStatus> {
        let rule = self.rule("default")?;
        let p = &self.presence;
        let places = p.scales.iter().rposition(|&n| n > 0).unwrap_or(0);
        let mut weight_present = p.weight_present;
        // Exact: every counted weight has at most `places` decimal places.
        weight_present.rescale(u32::try_from(places).unwrap_or(0));
        Some(quorum::quorum_from_counts(
            &rule.quorum,
            p.heads_present,
            p.weight.len(),
            weight_present,
            p.weight_base,
            Vec::new(),
        ))
    }

    /// Whether `member` counts as present for the quorum outside any item.
    fn counted_present(&self, member: &str) -> bool {
        self.is_present(member)
            || (self.presence.proxies
                && self.proxies.get(member).is_some_and(|h| self.is_present(h)))
    }

    /// Builds the seat index and the quorum counts from the seats frozen at the opening.
    fn index_presence(&mut self) {
        let mut index = PresenceIndex {
            proxies: self.rule("default").is_some_and(|r| r.proxies),
            ..PresenceIndex::default()
        };
        if let Some(o) = &self.opened {
            for (i, seat) in o.seats.iter().enumerate() {
                index.seat_of.entry(seat.member.clone()).or_insert(i);
            }
            for seat in &o.rule_seats {
                let w = index
                    .weight
                    .entry(seat.member.clone())
                    .or_insert(Decimal::ZERO);
                *w = w.saturating_add(seat.weight);
                index.weight_base = index.weight_base.saturating_add(seat.weight);
            }
        }
        self.presence = index;
        let members: Vec<String> = self.presence.weight.keys().cloned().collect();
        for m in &members {
            self.recount(m);
        }
    }

    /// Brings `member`'s place in the quorum counts up to date.
    fn recount(&mut self, member: &str) {
        let Some(&weight) = self.presence.weight.get(member) else {
            return;
        };
        let now = self.counted_present(member);
        let p = &mut self.presence;
        let before = p.counted.contains_key(member);
        // A Decimal has at most 28 decimal places.
        let places = usize::try_from(weight.scale()).unwrap_or(28).min(28);
        if now && !before {
            p.counted.insert(member.to_string(), ());
            p.heads_present += 1;
            p.weight_present = p.weight_present.saturating_add(weight);
            if let Some(n) = p.scales.get_mut(places) {
                *n += 1;
            }
        } else if before && !now {
            p.counted.remove(member);
            p.heads_present -= 1;
            p.weight_present = p.weight_present.saturating_sub(weight);
            if let Some(n) = p.scales.get_mut(places) {
                *n -= 1;
            }
        }
    }

    /// Recounts `member` and every member whose proxy `member` holds.
    fn recount_around(&mut self, member: &str) {
        self.recount(member);
        let holders_of: Vec<String> = self
            .proxies
            .iter()
            .filter(|(_, h)| h.as_str() == member)
            .map(|(m, _)| m.clone())
            .collect();
        for m in &holders_of {
            self.recount(m);
        }
    }

    /// Quorum for a vote on `item` under the rule of `kind` (recusals applied).
    pub fn quorum_for(&self, item: &str, kind: &str) -> Option<QuorumStatus> {
        let rule = self.rule(kind)?;
        Some(quorum::quorum_of(
            &rule.quorum,
            &self.roster(Some(item), Some(rule), None),
        ))
    }

    /// Counts the current round of a motion as it stands.
    pub fn tally(&self, motion: &MotionState) -> Result<Tally, EventError> {
        self.tally_with(motion, motion.casting_vote)
    }

    /// Counts the current round of a motion with the given casting vote.
    fn tally_with(
        &self,
        motion: &MotionState,
        casting_vote: Option<Choice>,
    ) -> Result<Tally, EventError> {
        let Some(rule) = self.rule(&motion.decision) else {
            return refuse(format!("no rule for decision kind `{}`", motion.decision));
        };
        let roster = self.roster(Some(&motion.item), Some(rule), Some(motion));
        let votes = motion
            .votes
            .iter()
            .map(|(m, v)| (m.as_str(), v.vote.to_vote()));
        let chair = self.presiding.as_deref();
        let count = voting::Count {
            rule,
            seats: self.seats(),
            chair,
            casting_vote,
            round: motion.round,
        };
        voting::tally_roster(&count, roster, votes).map_err(|e| EventError {
            message: e.to_string(),
        })
    }

    /// Checks `event` and applies it. On error nothing changes.
    pub fn apply(&mut self, seq: u64, at: DateTime<Utc>, event: &Event) -> Result<(), EventError> {
        let counted = self.check_counted(event)?;
        self.mutate(seq, at, event, counted);
        self.last_seq = seq;
        Ok(())
    }

    /// Checks `event`; for a `vote_closed`, also returns the count of the motion (so that
    /// applying it does not count twice).
    fn check_counted(&self, event: &Event) -> Result<Option<Tally>, EventError> {
        self.check_rules(event)?;
        match event {
            Event::VoteClosed(VoteClosed { motion, .. }) => match self.motion(motion) {
                Some(m) => self.tally(m).map(Some),
                None => refuse(format!("no motion `{motion}`")),
            },
            _ => Ok(None),
        }
    }

    fn check_member(&self, member: &str) -> Result<(), EventError> {
        if self.is_seated(member) {
            Ok(())
        } else {
            let hint = match crate::diag::did_you_mean(
                member,
                self.opened
                    .iter()
                    .flat_map(|o| o.seats.iter().map(|s| s.member.as_str())),
            ) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => String::new(),
            };
            refuse(format!(
                "`{}` holds no seat at this meeting{hint}; seated members: {}",
                crate::board::parse::clip(member),
                self.seated_list()
            ))
        }
    }

    fn open_motion(&self, id: &str) -> Result<&MotionState, EventError> {
        let Some(m) = self.motion(id) else {
            let ids: Vec<&str> = self.motions.iter().map(|m| m.id.as_str()).collect();
            return refuse(format!(
                "no motion `{id}`; motions so far: {}",
                crate::diag::list(&ids)
            ));
        };
        match m.status {
            MotionStatus::Closed => refuse(format!(
                "the vote on motion `{id}` is closed; a decided motion changes only by a new motion (to reconsider or rescind)"
            )),
            MotionStatus::Withdrawn => refuse(format!("motion `{id}` was withdrawn")),
            _ => Ok(m),
        }
    }

    fn check_person(
        &self,
        member: &str,
        person: &Option<String>,
        alternate: bool,
    ) -> Result<(), EventError> {
        let Some(p) = person else {
            // An alternate must be named (a journal recorded before this check still replays).
            if alternate && !self.replaying {
                let names = self
                    .ctx
                    .people
                    .get(member)
                    .map(|p| p.alternates.iter().map(String::as_str).collect::<Vec<_>>())
                    .unwrap_or_default();
                return refuse(format!(
                    "an alternate sits for `{member}`: name them in `person`; alternates listed in board.toml: {}",
                    crate::diag::list(&names)
                ));
            }
            return Ok(());
        };
        let Some(people) = self.ctx.people.get(member) else {
            return Ok(());
        };
        let listed = if alternate {
            &people.alternates
        } else {
            &people.delegates
        };
        if !listed.contains(p) {
            let role = if alternate {
                "an alternate"
            } else {
                "a delegate"
            };
            let names: Vec<&str> = listed.iter().map(String::as_str).collect();
            return refuse(format!(
                "{p} is not {role} of `{member}`; listed in board.toml: {}",
                crate::diag::list(&names)
            ));
        }
        Ok(())
    }

    /// Checks `event` against the state without applying it.
    pub fn check(&self, event: &Event) -> Result<(), EventError> {
        self.check_counted(event).map(|_| ())
    }

    /// Every check but the count of a motion being closed (see [`Self::check_counted`]).
    fn check_rules(&self, event: &Event) -> Result<(), EventError> {
        if self.adjourned_at.is_some() && !self.names_who_presided_after_adjournment(event) {
            return refuse("the meeting is adjourned: nothing more can be recorded in it");
        }
        if self.opened.is_some() {
            self.check_closed(event)?;
        }
        let Some(opened) = &self.opened else {
            return match event {
                Event::MeetingOpened(MeetingOpened {
                    frozen: Some(_), ..
                }) => Ok(()),
                Event::MeetingOpened(MeetingOpened { frozen: None, .. }) => {
                    refuse("meeting_opened lacks what the board said at opening (`frozen`)")
                }
                _ => refuse(format!(
                    "the meeting has not been opened: record `meeting_opened` first (got `{}`)",
                    event.kind()
                )),
            };
        };
        self.check_procedure(event)?;
        match event {
            Event::MeetingOpened(MeetingOpened { .. }) => refuse("the meeting is already open"),
            Event::Attendance {
                member,
                person,
                alternate,
                ..
            }
            | Event::AttendanceCorrected {
                member,
                person,
                alternate,
                ..
            } => {
                self.check_member(member)?;
                self.check_person(member, person, *alternate)
            }
            Event::Proxy { member, holder } => self.check_proxy(opened, member, holder),
            Event::ItemOpened { item } => self.check_item_opened(item),
            Event::ItemClosed { item } | Event::ItemDeferred { item, .. } => {
                self.check_item_ending(item, matches!(event, Event::ItemClosed { .. }))
            }
            Event::Recusal { member, scope, .. } => {
                self.check_member(member)?;
                match scope {
                    RecusalScope::Item(i) if self.agenda_item(i).is_none() => {
                        refuse(format!("no item `{i}` on the agenda"))
                    }
                    RecusalScope::Tender(t) if !self.ctx.tenders.contains_key(t) => {
                        refuse(format!("no tender `{t}` on this board"))
                    }
                    _ => Ok(()),
                }
            }
            // The consent block: checked by `check_procedure` (consent.rs).
            Event::MotionMoved(MotionMoved { consent, .. }) if !consent.is_empty() => Ok(()),
            Event::MotionMoved(MotionMoved {
                motion,
                item,
                mover,
                decision,
                ..
            }) => self.check_motion_moved(opened, motion, item, mover, decision.as_deref()),
            Event::MotionSeconded { motion, seconder } => {
                self.check_motion_seconded(motion, seconder)
            }
            Event::QuestionPut { motion } => self.check_question_put(motion),
            Event::MotionWithdrawn { motion } => self.open_motion(motion).map(|_| ()),
            Event::VoteOpened { motion } => self.check_vote_opened(motion),
            Event::VoteCast(VoteCast {
                motion,
                member,
                vote,
                proxy,
                ..
            }) => self.check_vote_cast(motion, member, vote, proxy.as_deref()),
            Event::VoteCorrected(VoteCorrected {
                motion,
                member,
                vote,
                ..
            }) => self.check_vote_corrected(motion, member, vote),
            Event::CastingVote { motion, choice } => self.check_casting_vote(motion, *choice),
            Event::Presiding(Presiding { member, person, .. }) => {
                self.check_presiding(member, person.as_deref())
            }
            Event::VoteClosed(VoteClosed { motion, .. }) => self.check_vote_closed(motion),
            Event::ScoreRecorded(ScoreRecorded {
                member,
                tender,
                bid,
                criterion,
                score,
            }) => self.check_live_score(member, tender, bid, criterion, *score),
            Event::ConsensusRecorded(ConsensusRecorded {
                tender,
                bid,
                criterion,
                score,
                ..
            }) => self.check_cell(tender, bid, criterion, *score),
            Event::DisputeLodged(DisputeLodged { .. }) => self.check_dispute_lodged(event),
            Event::DisputeStatusChanged(DisputeStatusChanged {
                dispute, status, ..
            }) => self.check_dispute_status(dispute, *status),
            Event::WitnessCited { statement, sha256 } => {
                self.check_witness_cited(statement, sha256)
            }
            Event::Note { item, .. } => match item {
                Some(i) if self.agenda_item(i).is_none() => {
                    refuse(format!("no item `{i}` on the agenda"))
                }
                _ => Ok(()),
            },
            Event::SpeakerRequested(_)
            | Event::PointOfOrder(_)
            | Event::SpeakerRemoved(_)
            | Event::SpeakerMoved(_)
            | Event::SpeechStarted(_)
            | Event::SpeechEnded(_) => self.speakers.check(self, event),
            Event::Adjourned {} => {
                if let Some(m) = self.motions.iter().find(|m| {
                    matches!(
                        m.status,
                        MotionStatus::Debate | MotionStatus::Voting | MotionStatus::Tied
                    )
                }) {
                    return refuse(format!("cannot adjourn yet: {}", self.unfinished_vote(m)));
                }
                Ok(())
            }
            // Checked in `check_closed` (record::closed).
            Event::ClosedSessionBegan(_) | Event::ClosedSessionEnded(_) | Event::ReportedOut(_) => {
                Ok(())
            }
            // Checked by `check_procedure` (consent.rs, recess.rs).
            Event::ConsentPulled(ConsentPulled { .. })
            | Event::Recessed(Recessed { .. })
            | Event::Resumed {} => Ok(()),
        }
    }

    /// A witness statement cited: a path under `witness/` and a SHA-256 in lowercase hex, not
    /// cited before in this meeting; when recorded (not replayed), a statement that holds, with
    /// that hash.
    fn check_witness_cited(&self, statement: &str, sha256: &str) -> Result<(), EventError> {
        let plain = statement.strip_prefix("witness/").is_some_and(|name| {
            name.ends_with(".toml")
                && !name.contains('/')
                && !name.starts_with('.')
                && !name.chars().any(char::is_control)
        });
        if !plain {
            return refuse(format!(
                "`statement` {} is not a witness statement's path: write it as `witness/<file>.toml`, as `procboard witness` printed it",
                super::event::escaped(statement)
            ));
        }
        if let Some(c) = self.witness_cited.iter().find(|c| c.statement == statement) {
            return refuse(format!(
                "{statement} is already cited in this meeting (line {})",
                c.seq
            ));
        }
        if !self.replaying {
            return match self.ctx.witness.get(statement) {
                None => refuse(format!(
                    "{statement} is not a witness statement that holds in this archive: it is missing, unsigned, or a record it names has changed\n    hint: `procboard minutes verify` says which statements hold"
                )),
                Some(actual) if actual != sha256 => refuse(format!(
                    "{statement} has SHA-256 {actual}, not {sha256}: cite the statement as it is (leave `sha256` out and procboard fills it in)"
                )),
                Some(_) => Ok(()),
            };
        }
        // Replayed: the journal's word, in the form it must have (`minutes verify` checks the
        // statement itself).
        if sha256.len() != 64
            || !sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return refuse(format!(
                "`sha256` of {statement} is not a SHA-256 in lowercase hex (64 characters)"
            ));
        }
        Ok(())
    }

    /// A member's live score: by a present member not recused from the tender, for a cell of
    /// the tender (bid, scored criterion) on its scale.
    fn check_live_score(
        &self,
        member: &str,
        tender: &str,
        bid: &str,
        criterion: &str,
        score: Decimal,
    ) -> Result<(), EventError> {
        self.check_member(member)?;
        if !self.is_present(member) {
            return refuse(format!(
                "`{member}` is not recorded as present and cannot score live"
            ));
        }
        if self.is_recused_from_tender(member, tender) {
            return refuse(format!(
                "`{member}` is recused from tender `{tender}` and cannot score it"
            ));
        }
        self.check_cell(tender, bid, criterion, score)
    }

    /// A proxy: both members known, the rules allow proxies, the member is absent and the
    /// holder present.
    fn check_proxy(&self, opened: &Opened, member: &str, holder: &str) -> Result<(), EventError> {
        self.check_member(member)?;
        self.check_member(holder)?;
        if !opened.rules.values().any(|r| r.proxies) {
            return refuse(
                "this board's rules allow no proxies (set `proxies = true` in [decisions] to allow them)",
            );
        }
        if member == holder {
            return refuse("a member cannot hold its own proxy");
        }
        if self.is_present(member) {
            return refuse(format!("`{member}` is present and needs no proxy"));
        }
        if !self.is_present(holder) {
            return refuse(format!("proxy holder `{holder}` is not present"));
        }
        Ok(())
    }

    /// Opening an item: it is on the agenda, no other item is open, and it is neither closed
    /// nor deferred.
    fn check_item_opened(&self, item: &str) -> Result<(), EventError> {
        let Some(state) = self.items.iter().find(|i| i.id == item) else {
            let ids: Vec<&str> = self.items.iter().map(|i| i.id.as_str()).collect();
            return refuse(format!(
                "no item `{item}` on the agenda; items: {}",
                crate::diag::list(&ids)
            ));
        };
        if let Some(cur) = self.current_item() {
            return refuse(format!(
                "item `{}` is still open: close or defer it first",
                cur.id
            ));
        }
        match state.status {
            ItemStatus::Closed => refuse(format!("item `{item}` is already closed")),
            ItemStatus::Deferred => {
                refuse(format!("item `{item}` was deferred to a later meeting"))
            }
            _ => Ok(()),
        }
    }

    /// Closing (`closing`) or deferring an item: it is on the agenda, not already closed or
    /// deferred, open when being closed, and none of its motions still holds a vote or a tie.
    fn check_item_ending(&self, item: &str, closing: bool) -> Result<(), EventError> {
        let Some(state) = self.items.iter().find(|i| i.id == item) else {
            return refuse(format!("no item `{item}` on the agenda"));
        };
        if matches!(state.status, ItemStatus::Closed | ItemStatus::Deferred) {
            return refuse(format!(
                "item `{item}` is already {}",
                if state.status == ItemStatus::Closed {
                    "closed"
                } else {
                    "deferred"
                }
            ));
        }
        if closing && state.status != ItemStatus::Open {
            return refuse(format!("item `{item}` is not open"));
        }
        if let Some(m) = self.motions.iter().find(|m| {
            m.item == item
                && matches!(
                    m.status,
                    MotionStatus::Debate | MotionStatus::Voting | MotionStatus::Tied
                )
        }) {
            return refuse(self.unfinished_vote(m));
        }
        Ok(())
    }

    /// A motion moved: a new id, on the open item, by a present member not recused from it,
    /// of a decision kind the rules know.
    fn check_motion_moved(
        &self,
        opened: &Opened,
        motion: &str,
        item: &str,
        mover: &str,
        decision: Option<&str>,
    ) -> Result<(), EventError> {
        if self.motion(motion).is_some() {
            return refuse(format!(
                "motion id `{motion}` is already used in this meeting"
            ));
        }
        match self.current_item() {
            Some(cur) if cur.id == item => {}
            Some(cur) => {
                return refuse(format!(
                    "item `{item}` is not the open item (`{}` is)",
                    cur.id
                ));
            }
            None => {
                return refuse(format!("open item `{item}` before moving a motion on it"));
            }
        }
        self.check_member(mover)?;
        if !self.is_present(mover) {
            return refuse(format!("mover `{mover}` is not present"));
        }
        if self.is_recused(mover, item) {
            return refuse(format!("mover `{mover}` is recused from item `{item}`"));
        }
        if let Some(kind) = decision
            && !opened.rules.contains_key(kind)
        {
            let kinds: Vec<&str> = opened.rules.keys().map(String::as_str).collect();
            return refuse(format!(
                "unknown decision kind `{kind}`; kinds: {}",
                crate::diag::list(&kinds)
            ));
        }
        Ok(())
    }

    /// A motion seconded: once, by a present member other than the mover.
    fn check_motion_seconded(&self, motion: &str, seconder: &str) -> Result<(), EventError> {
        let m = self.open_motion(motion)?;
        self.check_member(seconder)?;
        if m.mover == seconder {
            return refuse("the mover cannot second its own motion");
        }
        if !self.is_present(seconder) {
            return refuse(format!("seconder `{seconder}` is not present"));
        }
        if m.seconder.is_some() {
            return refuse(format!("motion `{motion}` is already seconded"));
        }
        Ok(())
    }

    /// The question put: once, on a motion in debate.
    fn check_question_put(&self, motion: &str) -> Result<(), EventError> {
        let m = self.open_motion(motion)?;
        if m.status != MotionStatus::Debate {
            return refuse(format!(
                "the question on motion `{motion}` is already put and its vote is open or counted"
            ));
        }
        Ok(())
    }

    /// A vote on a motion still in debate is refused: the chair puts the question first. A
    /// journal recorded before `question_put` existed cast its votes (or closed the vote) right
    /// after `motion_moved`; on replay that first vote (or close) puts the question implicitly.
    fn check_question_is_put(&self, m: &MotionState) -> Result<(), EventError> {
        if m.status == MotionStatus::Debate && !self.replaying {
            return refuse(self.unfinished_vote(m));
        }
        Ok(())
    }

    /// After the adjournment, one event only is still taken, as a correction of the record the
    /// minutes need: a `presiding` naming who presided when the member presiding was recorded
    /// absent or excused (the minutes refuse to name a presiding officer who was not there).
    fn names_who_presided_after_adjournment(&self, event: &Event) -> bool {
        matches!(event, Event::Presiding(Presiding { .. }))
            && self.presiding.as_deref().is_some_and(|p| {
                self.attendance
                    .get(p)
                    .is_some_and(|a| matches!(a.status, Attendance::Absent | Attendance::Excused))
            })
    }

    /// A new round of voting: only after a first-round tie that must be repeated.
    fn check_vote_opened(&self, motion: &str) -> Result<(), EventError> {
        let m = self.open_motion(motion)?;
        if m.status == MotionStatus::Voting {
            return refuse(format!(
                "voting on motion `{motion}` is already open; a new round starts only after a tie that must be repeated"
            ));
        }
        if m.result().and_then(|t| t.awaiting) != Some(Awaiting::RepeatVote) {
            return refuse(format!(
                "a new round starts only after a first-round tie that must be repeated; {}",
                self.unfinished_vote(m)
            ));
        }
        Ok(())
    }

    /// A vote cast: while the round is open, once per member, by a member who may vote.
    fn check_vote_cast(
        &self,
        motion: &str,
        member: &str,
        vote: &VoteValue,
        proxy: Option<&str>,
    ) -> Result<(), EventError> {
        let m = self.open_motion(motion)?;
        self.check_question_is_put(m)?;
        if !matches!(m.status, MotionStatus::Voting | MotionStatus::Debate) {
            return refuse(format!(
                "the votes of this round are counted; {}",
                self.unfinished_vote(m)
            ));
        }
        self.check_member(member)?;
        if m.votes.contains_key(member) {
            return refuse(format!(
                "`{member}` has already voted on motion `{motion}`; record `vote_corrected` to change it"
            ));
        }
        self.check_voter(m, member, vote, proxy)
    }

    /// A vote corrected: while the round is open, of a member who voted, as it voted (in
    /// person or by proxy).
    fn check_vote_corrected(
        &self,
        motion: &str,
        member: &str,
        vote: &VoteValue,
    ) -> Result<(), EventError> {
        let m = self.open_motion(motion)?;
        if m.status != MotionStatus::Voting {
            return refuse(format!(
                "the votes of this round are counted and can no longer be corrected; {}",
                self.unfinished_vote(m)
            ));
        }
        let Some(prev) = m.votes.get(member) else {
            return refuse(format!(
                "`{member}` has not voted on motion `{motion}`: nothing to correct"
            ));
        };
        // A vote cast in person counts even if the member has left since (it is never
        // dropped), so it can be corrected after the departure too.
        self.check_voter_as(m, member, vote, prev.proxy.as_deref(), prev.proxy.is_none())
    }

    /// The chair's casting vote: only on a tie that waits for it, once, and only if the count
    /// with it in still works (the chair may have left or been recused since the tie).
    fn check_casting_vote(&self, motion: &str, choice: Choice) -> Result<(), EventError> {
        let m = self.open_motion(motion)?;
        match (m.status, m.result().and_then(|t| t.awaiting)) {
            (MotionStatus::Tied, Some(Awaiting::CastingVote)) => {}
            (MotionStatus::Tied, Some(Awaiting::RepeatVote)) => {
                return refuse(format!(
                    "motion `{motion}` tied in round {} and must be voted on again before the chair's casting vote decides: record `vote_opened`",
                    m.round
                ));
            }
            (MotionStatus::Voting, _) => {
                return refuse(format!(
                    "the vote on motion `{motion}` is still open: record `vote_closed` first; a casting vote only breaks a tie the count finds"
                ));
            }
            _ => {
                return refuse(format!(
                    "motion `{motion}` is not waiting for a casting vote"
                ));
            }
        }
        if m.casting_vote.is_some() {
            return refuse(format!(
                "the casting vote on motion `{motion}` was already given: record `vote_closed`"
            ));
        }
        // Count the vote with the casting vote in, as `vote_closed` will: the chair may
        // have left, or been recused, since the tie was announced.
        self.tally_with(m, Some(choice))
            .map(|_| ())
            .map_err(|e| EventError {
                message: format!(
                    "{}; record `vote_closed` to close the tie as failed, or `presiding` to name who presides",
                    e.message
                ),
            })
    }

    /// Who presides: a present member not already presiding, represented (when named) by one
    /// of its delegates or alternates.
    fn check_presiding(&self, member: &str, person: Option<&str>) -> Result<(), EventError> {
        self.check_member(member)?;
        if !self.is_present(member) {
            return refuse(format!(
                "`{member}` is not recorded as present and cannot preside: record its attendance first"
            ));
        }
        if self.presiding.as_deref() == Some(member) {
            return refuse(format!("`{member}` already presides"));
        }
        if let Some(p) = person
            && let Some(people) = self.ctx.people.get(member)
            && !people.delegates.iter().any(|d| d == p)
            && !people.alternates.iter().any(|a| a == p)
        {
            let names: Vec<&str> = people
                .delegates
                .iter()
                .chain(&people.alternates)
                .map(String::as_str)
                .collect();
            return refuse(format!(
                "{p} is not a delegate or alternate of `{member}`; listed in board.toml: {}",
                crate::diag::list(&names)
            ));
        }
        Ok(())
    }

    /// Closing a vote: a tie the chair can still break is refused (the count itself is made
    /// in `check_counted`).
    fn check_vote_closed(&self, motion: &str) -> Result<(), EventError> {
        let m = self.open_motion(motion)?;
        self.check_question_is_put(m)?;
        if m.status == MotionStatus::Tied && m.casting_vote.is_none() {
            // A tie the chair can no longer break (it left, or nobody presides) closes
            // as failed; one that still waits is refused with what it waits for.
            let still_tied = self.tally(m).is_ok_and(|t| t.outcome == Outcome::Tied);
            if still_tied {
                return refuse(self.unfinished_vote(m));
            }
        }
        // Counted in `check_counted`.
        Ok(())
    }

    /// A dispute lodged: a new valid id, linked to a known tender (lot, bid) or agenda item,
    /// and reconsidering only a decided dispute.
    fn check_dispute_lodged(&self, event: &Event) -> Result<(), EventError> {
        let Event::DisputeLodged(DisputeLodged {
            dispute,
            tender,
            lot,
            bid,
            item,
            reconsiders,
            ..
        }) = event
        else {
            return Ok(());
        };
        // On replay the id was unique when recorded: a dispute file added since with the
        // same id is the file's problem (`check` reports it), not the journal's.
        if self.disputes.contains_key(dispute) && !self.replaying {
            return refuse(format!(
                "dispute id `{dispute}` is already used on this board"
            ));
        }
        if !crate::board::model::valid_id(dispute) {
            return refuse(format!(
                "invalid dispute id `{dispute}`: use lowercase letters, digits, `-` and `_`"
            ));
        }
        if tender.is_none() && item.is_none() {
            return refuse(
                "a dispute must be linked to a tender (and lot or bid) or an agenda item",
            );
        }
        if let Some(t) = tender {
            let Some(tc) = self.ctx.tenders.get(t) else {
                return refuse(format!("no tender `{t}` on this board"));
            };
            if let Some(l) = lot
                && !tc.lots.contains(l)
            {
                return refuse(format!("tender `{t}` has no lot `{l}`"));
            }
            if let Some(b) = bid
                && !tc.bids.iter().any(|(id, _)| id == b)
            {
                return refuse(format!("tender `{t}` has no bid `{b}`"));
            }
        } else if lot.is_some() || bid.is_some() {
            return refuse("`lot` and `bid` need `tender`");
        }
        if let Some(i) = item
            && self.agenda_item(i).is_none()
        {
            return refuse(format!("no item `{i}` on the agenda"));
        }
        if let Some(r) = reconsiders {
            match self.disputes.get(r) {
                None => return refuse(format!("no dispute `{r}` to reconsider")),
                Some(d) if !crate::rules::dispute::is_final(d.status) => {
                    return refuse(format!(
                        "dispute `{r}` is still {}: only a decided dispute can be reconsidered",
                        d.status.code()
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// A dispute's new status: the dispute exists and (except on replay) the rules allow the
    /// move from its present status.
    fn check_dispute_status(&self, dispute: &str, status: DisputeStatus) -> Result<(), EventError> {
        let Some(d) = self.disputes.get(dispute) else {
            let ids: Vec<&str> = self.disputes.keys().map(String::as_str).collect();
            return refuse(format!(
                "no dispute `{dispute}`; disputes: {}",
                crate::diag::list(&ids)
            ));
        };
        if self.replaying {
            return Ok(());
        }
        crate::rules::dispute::transition(d.status, status).map_err(|e| EventError {
            message: format!("dispute `{dispute}`: {e}"),
        })
    }

    /// Why a motion still holds the meeting, and the way forward: its vote is open, or its tie
    /// waits for a repeat vote or for a casting vote (that the chair can still give, or not).
    fn unfinished_vote(&self, m: &MotionState) -> String {
        let id = &m.id;
        if m.status == MotionStatus::Debate {
            return format!(
                "motion `{id}` is in debate and the question is not put yet: record `question_put` to open its vote (or `motion_withdrawn`)"
            );
        }
        if m.status == MotionStatus::Voting {
            return format!(
                "the vote on motion `{id}` is still open: record `vote_closed` (or `motion_withdrawn`) first"
            );
        }
        match m.result().and_then(|t| t.awaiting) {
            Some(Awaiting::RepeatVote) => format!(
                "motion `{id}` tied in round {} and must be voted on again: record `vote_opened` and the votes (or `motion_withdrawn`)",
                m.round
            ),
            _ if m.casting_vote.is_some() => {
                format!("the chair's casting vote on motion `{id}` is given: record `vote_closed`")
            }
            _ => {
                let can_cast = self.tally(m).is_ok_and(|t| t.outcome == Outcome::Tied);
                let chair = self.presiding.as_deref().unwrap_or("nobody");
                if can_cast {
                    format!(
                        "motion `{id}` is tied and waits for the casting vote of the member presiding (`{chair}`): record `casting_vote`, then `vote_closed` (or `motion_withdrawn`)"
                    )
                } else {
                    format!(
                        "motion `{id}` is tied and the member presiding (`{chair}`) can no longer give the casting vote: record `vote_closed` to close the tie as failed, or `presiding` to name who presides"
                    )
                }
            }
        }
    }

    fn check_voter(
        &self,
        m: &MotionState,
        member: &str,
        vote: &VoteValue,
        proxy: Option<&str>,
    ) -> Result<(), EventError> {
        self.check_voter_as(m, member, vote, proxy, false)
    }

    /// [`Self::check_voter`]; `voted_in_person`: the member already voted in person this round,
    /// so its presence then stands for its presence now.
    fn check_voter_as(
        &self,
        m: &MotionState,
        member: &str,
        vote: &VoteValue,
        proxy: Option<&str>,
        voted_in_person: bool,
    ) -> Result<(), EventError> {
        let rule = self.rule(&m.decision);
        if self.is_recused(member, &m.item) {
            return refuse(format!(
                "`{member}` is recused from item `{}` and cannot vote on it",
                m.item
            ));
        }
        match proxy {
            Some(holder) => {
                if !rule.is_some_and(|r| r.proxies) {
                    return refuse(format!("decision kind `{}` allows no proxies", m.decision));
                }
                if self.proxies.get(member).map(String::as_str) != Some(holder) {
                    return refuse(format!("`{holder}` holds no proxy for `{member}`"));
                }
                if !self.is_present(holder) {
                    return refuse(format!("proxy holder `{holder}` is not present"));
                }
            }
            None => {
                if !voted_in_person && !self.is_present(member) {
                    return refuse(format!(
                        "`{member}` is not recorded as present: record its attendance first"
                    ));
                }
            }
        }
        if let VoteValue::Split { yes, no, abstain } = vote {
            if rule.is_some_and(|r| r.block_casting) {
                return refuse(format!(
                    "`{member}` must cast its weight as one block (decision kind `{}`): a split vote is refused",
                    m.decision
                ));
            }
            let weight = self.weight_of(member);
            if yes.is_sign_negative() || no.is_sign_negative() || abstain.is_sign_negative() {
                return refuse("every part of a split vote must be zero or more");
            }
            if *yes + *no + *abstain != weight {
                return refuse(format!(
                    "`{member}`'s split adds up to {}, but its weight is {}",
                    (*yes + *no + *abstain).normalize(),
                    weight.normalize()
                ));
            }
        }
        Ok(())
    }

    /// Applies a checked event; `counted` is the count `check_counted` made for a `vote_closed`.
    fn mutate(&mut self, seq: u64, at: DateTime<Utc>, event: &Event, counted: Option<Tally>) {
        // An older journal's first vote (or close) on a motion in debate puts the question
        // implicitly (only a replay gets here: a live one is refused).
        if let Event::VoteCast(VoteCast { motion, .. })
        | Event::VoteClosed(VoteClosed { motion, .. }) = event
            && let Some(m) = self.motion_mut(motion)
            && m.status == MotionStatus::Debate
        {
            m.status = MotionStatus::Voting;
        }
        self.speakers.follow(seq, at, event, &self.ctx.items);
        match event {
            Event::MeetingOpened(MeetingOpened {
                presiding,
                secretary,
                frozen: Some(f),
            }) => self.open(seq, at, presiding.as_deref(), secretary.as_deref(), f),
            Event::MeetingOpened(MeetingOpened { frozen: None, .. }) => {}
            Event::Attendance {
                member,
                status,
                person,
                alternate,
            } => self.set_attendance(seq, at, member, *status, person, *alternate, None),
            Event::AttendanceCorrected {
                member,
                status,
                person,
                alternate,
                reason,
            } => self.set_attendance(
                seq,
                at,
                member,
                *status,
                person,
                *alternate,
                Some(reason.clone()),
            ),
            Event::Proxy { member, holder } => {
                self.proxies.insert(member.clone(), holder.clone());
                self.recount(member);
                self.log_quorum(seq, at);
            }
            Event::ItemOpened { item } => {
                if let Some(i) = self.items.iter_mut().find(|i| &i.id == item) {
                    i.status = ItemStatus::Open;
                    i.opened_at = Some(at);
                }
            }
            Event::ItemClosed { item } => {
                if let Some(i) = self.items.iter_mut().find(|i| &i.id == item) {
                    i.status = ItemStatus::Closed;
                    i.closed_at = Some(at);
                }
            }
            Event::ItemDeferred { item, reason } => {
                if let Some(i) = self.items.iter_mut().find(|i| &i.id == item) {
                    i.status = ItemStatus::Deferred;
                    i.closed_at = Some(at);
                    i.deferred_reason = Some(reason.clone());
                }
            }
            Event::Recusal {
                member,
                scope,
                reason,
            } => self.recusals.push(RecusalRecord {
                member: member.clone(),
                scope: scope.clone(),
                reason: reason.clone(),
                from_file: false,
            }),
            Event::MotionMoved(MotionMoved { .. }) => self.move_motion(event),
            Event::MotionSeconded { motion, seconder } => {
                if let Some(m) = self.motion_mut(motion) {
                    m.seconder = Some(seconder.clone());
                }
            }
            Event::QuestionPut { motion } => {
                if let Some(m) = self.motion_mut(motion) {
                    m.status = MotionStatus::Voting;
                    m.question_put = Some(seq);
                }
            }
            Event::MotionWithdrawn { motion } => self.withdraw(motion),
            Event::Presiding(Presiding {
                member,
                person,
                reason,
            }) => self.change_presiding(seq, at, member, person, reason),
            Event::VoteOpened { motion } => {
                if let Some(m) = self.motion_mut(motion) {
                    m.round += 1;
                    m.votes.clear();
                    m.status = MotionStatus::Voting;
                }
            }
            Event::VoteCast(VoteCast { .. }) | Event::VoteCorrected(VoteCorrected { .. }) => {
                self.record_vote(event)
            }
            Event::CastingVote { motion, choice } => {
                if let Some(m) = self.motion_mut(motion) {
                    m.casting_vote = Some(*choice);
                }
            }
            Event::VoteClosed(VoteClosed { motion, .. }) => {
                if let (Some(m), Some(t)) = (self.motion_mut(motion), counted) {
                    m.status = if t.outcome == Outcome::Tied {
                        MotionStatus::Tied
                    } else {
                        MotionStatus::Closed
                    };
                    m.results.push(t);
                }
            }
            Event::ScoreRecorded(ScoreRecorded { .. })
            | Event::ConsensusRecorded(ConsensusRecorded { .. }) => {
                self.record_score(seq, event);
            }
            Event::DisputeLodged(DisputeLodged { .. })
            | Event::DisputeStatusChanged(DisputeStatusChanged { .. }) => {
                self.track_dispute(seq, at, event);
            }
            Event::Note { item, text } => self.notes.push((item.clone(), text.clone(), at)),
            Event::WitnessCited { statement, sha256 } => {
                self.witness_cited.push(WitnessCitation {
                    seq,
                    at,
                    statement: statement.clone(),
                    sha256: sha256.clone(),
                });
            }
            Event::Adjourned {} => self.adjourn(at),
            Event::ClosedSessionBegan(_) | Event::ClosedSessionEnded(_) | Event::ReportedOut(_) => {
                self.apply_closed(at, event)
            }
            Event::ConsentPulled(ConsentPulled { .. })
            | Event::Recessed(Recessed { .. })
            | Event::Resumed {} => {}
            Event::SpeakerRequested(_)
            | Event::PointOfOrder(_)
            | Event::SpeakerRemoved(_)
            | Event::SpeakerMoved(_)
            | Event::SpeechStarted(_)
            | Event::SpeechEnded(_) => {}
        }
        self.apply_procedure(seq, at, event);
    }

    /// Adjourns the meeting at `at`, closing the item still open.
    fn adjourn(&mut self, at: DateTime<Utc>) {
        for i in &mut self.items {
            if i.status == ItemStatus::Open {
                i.status = ItemStatus::Closed;
                i.closed_at = Some(at);
            }
        }
        self.adjourned_at = Some(at);
    }

    /// Opens the meeting with what the board said at opening (`f`): the seats and rules it
    /// runs on, who presides (the chair), who is present, and the quorum then.
    fn open(
        &mut self,
        seq: u64,
        at: DateTime<Utc>,
        presiding: Option<&str>,
        secretary: Option<&str>,
        f: &Frozen,
    ) {
        self.opened = Some(Opened {
            board: f.board.clone(),
            meeting: f.meeting.clone(),
            chair: f.chair.clone(),
            vice_chair: f.vice_chair.clone(),
            presiding: presiding.map(str::to_string).unwrap_or_default(),
            secretary: secretary.map(str::to_string).unwrap_or_default(),
            seats: f.seats.clone(),
            rule_seats: f
                .seats
                .iter()
                .map(|s| Seat {
                    member: s.member.clone(),
                    weight: s.weight,
                })
                .collect(),
            weight_source: f.weight_source.clone(),
            rules: f.rules.clone(),
            at,
        });
        self.presiding = f.chair.clone();
        self.adopt_frozen(f);
        self.index_presence();
        self.log_quorum(seq, at);
    }

    /// A motion withdrawn: a tie it left waiting waits no more.
    fn withdraw(&mut self, motion: &str) {
        if let Some(m) = self.motion_mut(motion) {
            m.status = MotionStatus::Withdrawn;
            // A tie it left waiting waits no more.
            if let Some(t) = m.results.last_mut() {
                voting::withdraw_tie(t);
            }
        }
    }

    /// A motion moved: its first round opens with no votes, under the decision kind it names
    /// or else its item's (`default` for an item not on the agenda).
    fn move_motion(&mut self, event: &Event) {
        let Event::MotionMoved(MotionMoved {
            motion,
            item,
            text,
            mover,
            decision,
            ..
        }) = event
        else {
            return;
        };
        let decision = decision.clone().unwrap_or_else(|| {
            self.agenda_item(item)
                .map_or_else(|| "default".to_string(), |i| i.decision.clone())
        });
        self.motion_index.insert(motion.clone(), self.motions.len());
        self.motions.push(MotionState {
            id: motion.clone(),
            item: item.clone(),
            text: text.clone(),
            mover: mover.clone(),
            seconder: None,
            decision,
            status: MotionStatus::Debate,
            question_put: None,
            round: 1,
            votes: BTreeMap::new(),
            casting_vote: None,
            results: Vec::new(),
            procedure: amendments::MotionProcedure::default(),
        });
    }

    /// Who presides from here on, with the role that member holds (chair, vice-chair or pro
    /// tem), kept in the list of changes.
    fn change_presiding(
        &mut self,
        seq: u64,
        at: DateTime<Utc>,
        member: &str,
        person: &Option<String>,
        reason: &Option<String>,
    ) {
        let role = match &self.opened {
            Some(o) if o.chair.as_deref() == Some(member) => "chair",
            Some(o) if o.vice_chair.as_deref() == Some(member) => "vice_chair",
            _ => "pro_tem",
        };
        self.presiding = Some(member.to_string());
        self.presiding_changes.push(PresidingChange {
            seq,
            at,
            member: member.to_string(),
            role,
            person: person.clone(),
            reason: reason.clone(),
        });
    }

    /// A vote cast (kept by member for this round) or corrected (the new vote replaces the
    /// old, which is kept with the reason).
    fn record_vote(&mut self, event: &Event) {
        match event {
            Event::VoteCast(VoteCast {
                motion,
                member,
                vote,
                entered_by,
                proxy,
            }) => {
                if let Some(m) = self.motion_mut(motion) {
                    m.votes.insert(
                        member.clone(),
                        CastVote {
                            vote: vote.clone(),
                            entered_by: entered_by.clone(),
                            proxy: proxy.clone(),
                            corrections: Vec::new(),
                        },
                    );
                }
            }
            Event::VoteCorrected(VoteCorrected {
                motion,
                member,
                vote,
                entered_by,
                reason,
            }) => {
                if let Some(v) = self
                    .motion_mut(motion)
                    .and_then(|m| m.votes.get_mut(member))
                {
                    let previous = std::mem::replace(&mut v.vote, vote.clone());
                    v.corrections.push((reason.clone(), previous));
                    v.entered_by = entered_by.clone();
                }
            }
            _ => {}
        }
    }

    /// A live score of one member, or a score agreed by consensus, kept in journal order.
    fn record_score(&mut self, seq: u64, event: &Event) {
        match event {
            Event::ScoreRecorded(ScoreRecorded {
                member,
                tender,
                bid,
                criterion,
                score,
            }) => self.scores.push(LiveScore {
                seq,
                member: member.clone(),
                tender: tender.clone(),
                bid: bid.clone(),
                criterion: criterion.clone(),
                score: *score,
            }),
            Event::ConsensusRecorded(ConsensusRecorded {
                tender,
                bid,
                criterion,
                score,
                reason,
            }) => self.consensus.push(LiveConsensus {
                seq,
                tender: tender.clone(),
                bid: bid.clone(),
                criterion: criterion.clone(),
                score: *score,
                reason: reason.clone(),
            }),
            _ => {}
        }
    }

    /// A dispute lodged (tracked from here, its event kept whole) or its status changed (kept
    /// with when and why).
    fn track_dispute(&mut self, seq: u64, at: DateTime<Utc>, event: &Event) {
        match event {
            Event::DisputeLodged(DisputeLodged { dispute, .. }) => {
                self.disputes.insert(
                    dispute.clone(),
                    DisputeTrack {
                        lodged: Some(event.clone()),
                        lodged_at: Some(at),
                        status: DisputeStatus::Lodged,
                        changes: Vec::new(),
                    },
                );
            }
            Event::DisputeStatusChanged(DisputeStatusChanged {
                dispute,
                status,
                reasons,
            }) => {
                if let Some(d) = self.disputes.get_mut(dispute) {
                    d.status = *status;
                    d.changes.push((seq, at, *status, reasons.clone()));
                }
            }
            _ => {}
        }
    }

    fn motion_mut(&mut self, id: &str) -> Option<&mut MotionState> {
        self.motion_position(id)
            .and_then(|i| self.motions.get_mut(i))
    }

    #[allow(clippy::too_many_arguments)]
    fn set_attendance(
        &mut self,
        seq: u64,
        at: DateTime<Utc>,
        member: &str,
        status: Attendance,
        person: &Option<String>,
        alternate: bool,
        correction: Option<String>,
    ) {
        let entry = self
            .attendance
            .entry(member.to_string())
            .or_insert_with(|| MemberAttendance {
                status,
                person: None,
                alternate: false,
                changes: Vec::new(),
            });
        entry.status = status;
        entry.person = person.clone();
        entry.alternate = alternate;
        entry.changes.push((seq, at, status, correction));
        if status.is_present() {
            self.proxies.remove(member);
        }
        self.recount_around(member);
        self.log_quorum(seq, at);
    }

    fn log_quorum(&mut self, seq: u64, at: DateTime<Utc>) {
        // Tests check the counts kept event by event against a walk over every seat.
        #[cfg(debug_assertions)]
        if let Some(rule) = self.rule("default") {
            let walked = quorum::quorum_of(&rule.quorum, &self.roster(None, Some(rule), None));
            let kept = self.quorum_now();
            debug_assert_eq!(kept.as_ref(), Some(&walked));
            debug_assert_eq!(
                serde_json::to_string(&kept).ok(),
                serde_json::to_string(&Some(&walked)).ok()
            );
        }
        if let Some(q) = self.quorum_now() {
            self.quorum_log.push((seq, at, q));
        }
    }
}

/// A fast hasher for the motion index (the multiply-rotate scheme of rustc's FxHasher).
///
/// Motion ids are short and looked up for almost every event of a replay; SipHash's protection
/// against chosen keys buys nothing here (the ids come from the meeting's own journal, and a
/// collision only costs time), so a cheaper hash is used. The index is never iterated.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl IdHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            if let Some(head) = word.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The table takes its bucket from the low bits: bring the well-mixed high bits there.
        self.0.rotate_left(26)
    }
}

/// Every agenda item, not yet taken.
fn pending_items(items: &[AgendaItem]) -> Vec<ItemState> {
    items
        .iter()
        .map(|i| ItemState {
            id: i.id.clone(),
            status: ItemStatus::Pending,
            opened_at: None,
            closed_at: None,
            deferred_reason: None,
        })
        .collect()
}

/// The outcome word of a tally, as recorded in `vote_closed`.
pub fn outcome_word(t: &Tally) -> &'static str {
    match t.outcome {
        Outcome::Carried => "carried",
        Outcome::Failed => "failed",
        Outcome::NoQuorum => "no_quorum",
        Outcome::Tied => "tied",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn motion(id: &str) -> MotionState {
        MotionState {
            id: id.to_string(),
            item: "1".to_string(),
            text: String::new(),
            mover: "a".to_string(),
            seconder: None,
            decision: "default".to_string(),
            status: MotionStatus::Voting,
            question_put: None,
            round: 1,
            votes: BTreeMap::new(),
            casting_vote: None,
            results: Vec::new(),
            procedure: amendments::MotionProcedure::default(),
        }
    }

    #[test]
    fn motions_are_found_even_when_the_public_list_is_changed_directly() {
        let mut state = MeetingState::new(Context::default());
        assert!(state.motion("m1").is_none());
        // Pushed from outside, bypassing the index.
        state.motions.push(motion("m1"));
        state.motions.push(motion("m2"));
        assert_eq!(state.motion("m2").map(|m| m.id.as_str()), Some("m2"));
        // Reordered from outside: the stale index is not trusted.
        state.motions.swap(0, 1);
        assert_eq!(state.motion("m1").map(|m| m.id.as_str()), Some("m1"));
        assert!(state.motion("m3").is_none());
    }
}
