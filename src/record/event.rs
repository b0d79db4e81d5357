//! The events of a meeting: everything that happens in the room, one journal line each.
//!
//! Events are facts, never edits: a mistake is put right by a later event
//! ([`Event::AttendanceCorrected`], [`Event::VoteCorrected`]). The JSON form of each event (the
//! `type` tag and fields below) is the journal's line payload and the input of
//! `procboard meeting <DIR> record`; `docs/meeting-journal.md` documents it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::board::model::{AuthorRole, DisputeKind, ItemKind};
use crate::rules::dispute::DisputeStatus;
use crate::rules::voting::{Choice, DecisionRule, Vote};

/// A seat as frozen at the opening of a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenSeat {
    /// The seat's id, as board.toml's `[[seat]]` names it.
    pub seat: String,
    /// Member holding it.
    pub member: String,
    /// Weight cast by the holder.
    #[serde(deserialize_with = "exact_decimal")]
    pub weight: Decimal,
}

/// What a meeting freezes when it opens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frozen {
    /// The board's id (`[board] id` in board.toml).
    pub board: String,
    /// Meeting id (its folder name).
    pub meeting: String,
    /// Meeting date (local).
    pub date: NaiveDate,
    /// IANA time zone of the meeting.
    pub time_zone: String,
    /// Member chairing by rotation, if any.
    pub chair: Option<String>,
    /// Vice-chair by rotation, if any.
    pub vice_chair: Option<String>,
    /// Seats and weights in force.
    pub seats: Vec<FrozenSeat>,
    /// Where the weights come from.
    pub weight_source: String,
    /// Decision rules in force, by kind.
    pub rules: BTreeMap<String, DecisionRule>,
    /// SHA-256 of board.toml as read at opening.
    pub board_sha256: String,
    /// SHA-256 of the agenda as read at opening.
    pub agenda_sha256: String,
    /// The agenda's items.
    #[serde(default)]
    pub items: Vec<AgendaItem>,
    /// Recusals declared in tender files.
    #[serde(default)]
    pub tender_recusals: Vec<FileRecusal>,
    /// Delegates and alternates of each member.
    #[serde(default)]
    pub people: BTreeMap<String, People>,
}

/// An agenda item as the meeting needs it (frozen at opening).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// The item's id in agenda.toml: events name the item by it (`item`).
    pub id: String,
    /// The item's title as the agenda gives it; the minutes print it.
    pub title: String,
    /// What kind of item it is (a motion, an award, the approval of minutes, …).
    pub kind: ItemKind,
    /// The tender an award item decides, by its id in `tenders/`.
    #[serde(default)]
    pub tender: Option<String>,
    /// Decision kind used by motions on this item.
    pub decision: String,
    /// For an item held in closed session: its ground and who may stay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<ClosedItem>,
    /// On the consent agenda (`consent = true` in agenda.toml): adopted with the other consent
    /// items by one vote on the consent block, unless a member pulls it off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub consent: bool,
    /// Speaking time per speech on this item, in seconds: the item's `speaking_time_seconds`,
    /// else the board's `[speakers] speaking_time_seconds`; none: speeches are not timed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaking_seconds: Option<u32>,
    /// Planned duration of the item in minutes (agenda.toml's `duration_minutes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_minutes: Option<u32>,
    /// A public comment item: members of the public may be put on its speakers' list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public_comment: bool,
}

/// A recusal declared in a tender file (frozen at opening).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRecusal {
    /// The tender whose file declares the recusal.
    pub tender: String,
    /// The member recused from that tender's scoring and votes.
    pub member: String,
    /// Why, as the tender file says; the minutes quote it.
    pub reason: String,
}

/// Who may sit for a member (frozen at opening).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// The member's delegates: the persons who sit for it.
    pub delegates: Vec<String>,
    /// The member's alternates, who may sit in a delegate's place and vote the seat's full weight.
    pub alternates: Vec<String>,
}

/// How a member attends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// In the room.
    Present,
    /// Connected remotely (counts as present).
    Remote,
    /// Not in the room and not connected: counts neither as present nor for quorum.
    Absent,
    /// Not there, with apologies.
    Excused,
}

impl Attendance {
    /// Counts toward quorum and may vote.
    pub fn is_present(self) -> bool {
        matches!(self, Attendance::Present | Attendance::Remote)
    }

    /// The word used in status and minutes.
    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::Remote => "remote",
            Attendance::Absent => "absent",
            Attendance::Excused => "excused",
        }
    }
}

/// What a recusal covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecusalScope {
    /// One agenda item.
    Item(String),
    /// A tender: every item about it, its scoring and its award.
    Tender(String),
}

/// A vote as written in the journal: `"yes"`, `"no"`, `"abstain"`, or a split
/// `{"yes": "30", "no": "10", "abstain": "0"}` where block casting is off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum VoteValue {
    /// The whole weight on one choice.
    Whole(Choice),
    /// The weight divided.
    Split {
        /// Weight voting yes.
        #[serde(default)]
        yes: Decimal,
        /// Weight voting no.
        #[serde(default)]
        no: Decimal,
        /// Weight abstaining, out of the member's weight.
        #[serde(default)]
        abstain: Decimal,
    },
}

/// What a vote may be, in the words of the error shown when it is none of them.
const VOTE_EXPECTED: &str = "a vote: \"yes\", \"no\", \"abstain\", or a split of the weight \
     like {\"yes\": \"30\", \"no\": \"10\", \"abstain\": \"0\"}";

impl<'de> Deserialize<'de> for VoteValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The shapes a vote takes; only the error message differs from a derived untagged enum.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Whole(Choice),
            Split {
                #[serde(default)]
                yes: Checked,
                #[serde(default)]
                no: Checked,
                #[serde(default)]
                abstain: Checked,
            },
        }
        // The weights are read as `Checked` so that a weight with too many digits is named
        // (an untagged enum would only say that no shape matched).
        match Shape::deserialize(d) {
            Ok(Shape::Whole(c)) => Ok(VoteValue::Whole(c)),
            Ok(Shape::Split { yes, no, abstain }) => Ok(VoteValue::Split {
                yes: yes.0.map_err(serde::de::Error::custom)?,
                no: no.0.map_err(serde::de::Error::custom)?,
                abstain: abstain.0.map_err(serde::de::Error::custom)?,
            }),
            Err(_) => Err(serde::de::Error::custom(format!(
                "expected {VOTE_EXPECTED}"
            ))),
        }
    }
}

impl VoteValue {
    /// The rules' form of the vote.
    pub fn to_vote(&self) -> Vote {
        match self {
            VoteValue::Whole(c) => Vote::Whole(*c),
            VoteValue::Split { yes, no, abstain } => Vote::Split {
                yes: *yes,
                no: *no,
                abstain: *abstain,
            },
        }
    }

    /// "yes", "no", "abstain" or "split (yes 30, no 10)".
    pub fn describe(&self) -> String {
        match self {
            VoteValue::Whole(c) => c.as_str().to_string(),
            VoteValue::Split { yes, no, abstain } => format!(
                "split (yes {}, no {}, abstain {})",
                yes.normalize(),
                no.normalize(),
                abstain.normalize()
            ),
        }
    }
}

/// One event of a meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// The meeting opens. Its payload is a type of its own, [`MeetingOpened`].
    MeetingOpened(MeetingOpened),
    /// A member's attendance: roll call, an arrival, a departure (status absent).
    Attendance {
        /// The member whose attendance this is, by its id in board.toml.
        member: String,
        /// Present, remote, absent or excused from now on.
        status: Attendance,
        /// Who sits (a delegate or an alternate of the member).
        #[serde(default)]
        person: Option<String>,
        /// The person sitting is an alternate (votes with the seat's full weight).
        #[serde(default)]
        alternate: bool,
    },
    /// An attendance entry was wrong: the corrected status replaces it from now on.
    AttendanceCorrected {
        /// The member whose attendance was entered wrongly.
        member: String,
        /// The status that should have been entered: present, remote, absent or excused.
        status: Attendance,
        /// Who sits for the member: one of its delegates or alternates.
        #[serde(default)]
        person: Option<String>,
        /// Whether the person sitting is an alternate.
        #[serde(default)]
        alternate: bool,
        /// Why the entry is corrected; the minutes quote it.
        reason: String,
    },
    /// An absent member gives its proxy to a present member (only where the rules allow proxies).
    Proxy {
        /// The absent member.
        member: String,
        /// The member who holds the proxy.
        holder: String,
    },
    /// An item is taken up.
    ItemOpened {
        /// The agenda item taken up, by its id in agenda.toml.
        item: String,
    },
    /// An item is finished.
    ItemClosed {
        /// The agenda item finished, by its id in agenda.toml.
        item: String,
    },
    /// An item is put off to a later meeting.
    ItemDeferred {
        /// The agenda item put off, by its id in agenda.toml.
        item: String,
        /// Why it is put off; the minutes quote it.
        reason: String,
    },
    /// A member declares a conflict of interest.
    Recusal {
        /// The member declaring the conflict, by its id in board.toml.
        member: String,
        /// Item or tender.
        scope: RecusalScope,
        /// The conflict declared, in the member's words; the minutes quote it.
        reason: String,
    },
    /// A motion is moved. Its payload is a type of its own, [`MotionMoved`].
    MotionMoved(MotionMoved),
    /// A motion is seconded.
    MotionSeconded {
        /// The motion seconded, by the id its `motion_moved` gave it.
        motion: String,
        /// The member seconding, who is not the mover.
        seconder: String,
    },
    /// The chair puts the question: debate on the motion ends and its vote opens.
    QuestionPut {
        /// The motion put to the vote, by the id its `motion_moved` gave it.
        motion: String,
    },
    /// A motion is withdrawn before the vote closes.
    MotionWithdrawn {
        /// The motion withdrawn, by the id its `motion_moved` gave it.
        motion: String,
    },
    /// Voting opens on a motion (a new round after a tie clears earlier votes).
    VoteOpened {
        /// The motion put to the vote, by the id its `motion_moved` gave it.
        motion: String,
    },
    /// A member's vote. Its payload is a type of its own, [`VoteCast`].
    VoteCast(VoteCast),
    /// A vote was entered wrongly; the corrected vote replaces it. Its payload is a type of its
    /// own, [`VoteCorrected`].
    VoteCorrected(VoteCorrected),
    /// The chair's casting vote on a tie.
    CastingVote {
        /// The tied motion, by the id its `motion_moved` gave it.
        motion: String,
        /// Yes or no: the way the presiding officer breaks the tie.
        choice: Choice,
    },
    /// Who presides from now on, where the chair by rotation does not: the board has no rotation,
    /// the chair is absent or leaves, or must step down on an item. Its payload is a type of its
    /// own, [`Presiding`].
    Presiding(Presiding),
    /// Voting closes; the outcome is computed by the rules and written down as announced. Its
    /// payload is a type of its own, [`VoteClosed`].
    VoteClosed(VoteClosed),
    /// A member's score on one criterion of one bid, recorded live (it replaces the same cell of
    /// the member's score sheet file, if any). Its payload is a type of its own, [`ScoreRecorded`].
    ScoreRecorded(ScoreRecorded),
    /// The panel's consensus score on one criterion of one bid (moderation = consensus). Its
    /// payload is a type of its own, [`ConsensusRecorded`].
    ConsensusRecorded(ConsensusRecorded),
    /// A dispute or bid protest is lodged in the meeting. Its payload is a type of its own,
    /// [`DisputeLodged`].
    DisputeLodged(DisputeLodged),
    /// A dispute moves to a new status (lodged → under_review → upheld | dismissed; → withdrawn).
    /// Its payload is a type of its own, [`DisputeStatusChanged`].
    DisputeStatusChanged(DisputeStatusChanged),
    /// A member's witness statement entered in the record (docs/minutes.md, "Witness
    /// statements"): its hash joins this meeting's chain and so its signed minutes, and a later
    /// deletion or change of the statement is a failure of `minutes verify`.
    WitnessCited {
        /// The statement, by its path in the board folder: `witness/<file>.toml`.
        statement: String,
        /// SHA-256 of the statement's bytes, lowercase hex. Left out (or empty), procboard
        /// fills it in from the file when the event is recorded.
        #[serde(default)]
        sha256: String,
    },
    /// A note for the minutes.
    Note {
        /// Item, if about one.
        #[serde(default)]
        item: Option<String>,
        /// The note as the minutes print it.
        text: String,
    },
    /// The meeting ends.
    Adjourned {},
    /// A closed session starts on the item open now (docs/meeting-journal.md, "Closed
    /// sessions"). Its payload is a type of its own, [`ClosedSessionBegan`].
    ClosedSessionBegan(ClosedSessionBegan),
    /// The closed session ends and the closed journal is sealed. Its payload is a type of its
    /// own, [`ClosedSessionEnded`].
    ClosedSessionEnded(ClosedSessionEnded),
    /// A result of a closed session announced in public. Its payload is a type of its own,
    /// [`ReportedOut`].
    ReportedOut(ReportedOut),
    /// A member pulls an item off the consent agenda. Its payload is a type of its own,
    /// [`ConsentPulled`].
    ConsentPulled(ConsentPulled),
    /// The meeting goes into recess. Its payload is a type of its own, [`Recessed`].
    Recessed(Recessed),
    /// The meeting resumes after a recess; the quorum is counted again.
    Resumed {},
    /// Someone asks to speak on the open item: put at the end of its speakers' list.
    SpeakerRequested(SpeakerRequested),
    /// Someone rises to a point of order: put at the front of the speakers' list (after any
    /// point of order already waiting).
    PointOfOrder(SpeakerRequested),
    /// A speaker taken off the list before speaking.
    SpeakerRemoved(SpeakerOnList),
    /// A speaker moved to another place on the list.
    SpeakerMoved(SpeakerMoved),
    /// A speaker on the list is given the floor: the speech and its countdown start.
    SpeechStarted(SpeakerOnList),
    /// The speech under way ends.
    SpeechEnded(SpeechEnded),
}

/// Who may be on a speakers' list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerRole {
    /// A member, by its id in board.toml (its delegate or alternate speaks for it).
    #[default]
    Member,
    /// An officer or staff (secretary, counsel, procurement officer), by name.
    Officer,
    /// A member of the public, by name: only on a public comment item.
    Public,
}

impl SpeakerRole {
    /// The code written in the journal.
    pub fn code(self) -> &'static str {
        match self {
            SpeakerRole::Member => "member",
            SpeakerRole::Officer => "officer",
            SpeakerRole::Public => "public",
        }
    }
}

/// `speaker_requested` and `point_of_order`: who asks for the floor on which item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerRequested {
    /// The open item.
    pub item: String,
    /// A member id (role `member`), or a person's name (roles `officer`, `public`).
    pub speaker: String,
    /// Who the speaker is; default `member`.
    #[serde(default)]
    pub role: SpeakerRole,
}

/// `speaker_removed` and `speech_started`: a speaker waiting on the open item's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerOnList {
    /// The open item.
    pub item: String,
    /// The speaker as the list names them.
    pub speaker: String,
}

/// `speaker_moved`: a waiting speaker put at another place on the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerMoved {
    /// The open item.
    pub item: String,
    /// The speaker as the list names them.
    pub speaker: String,
    /// The new place, 1 for the front of the list.
    pub position: u32,
}

/// `speech_ended`: the speech under way on the item ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeechEnded {
    /// The open item.
    pub item: String,
}

/// The meeting opens. Freezes the seats, weights and rules in force: later edits of
/// board.toml do not change this meeting. Recorded with only `presiding` and `secretary`
/// (both optional); the engine fills in `frozen`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingOpened {
    /// Who presides (a person; default: the first delegate of the chair by rotation).
    #[serde(default)]
    pub presiding: Option<String>,
    /// Who takes the minutes (default: the board's secretary, else whoever records).
    #[serde(default)]
    pub secretary: Option<String>,
    /// What the files said at opening (filled in by the engine).
    #[serde(default)]
    pub frozen: Option<Frozen>,
}

/// A motion is moved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MotionMoved {
    /// Motion id, unique in the meeting (e.g. "m1").
    pub motion: String,
    /// Item it belongs to.
    pub item: String,
    /// Text (default: the agenda item's `motion`; for an award decision, with the bid's rank
    /// and total from the evaluation).
    #[serde(default)]
    pub text: String,
    /// Member moving it.
    pub mover: String,
    /// Kind of decision (default from the item; for an amendment, `amendment` where the board
    /// sets `[decisions.amendment]`, else the amended motion's own).
    #[serde(default)]
    pub decision: Option<String>,
    /// An amendment: the motion it amends (a main motion, or a pending amendment to one, never
    /// deeper). Its `text` is then the amended motion's whole text as amended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
    /// The consent block: the agenda items it adopts together, in agenda order (every consent
    /// item not pulled off and not yet decided); `item` is then `"consent"`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consent: Vec<String>,
}

/// A member pulls an item off the consent agenda: it is then taken on its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentPulled {
    /// The consent item pulled, by its id in agenda.toml.
    pub item: String,
    /// The member who asks for it to be taken on its own.
    pub member: String,
}

/// The meeting goes into recess (the time is the record's); `resumed` ends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recessed {
    /// Why, or until when, as the chair announces it; the minutes quote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A member's vote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteCast {
    /// The motion voted on, by the id its `motion_moved` gave it.
    pub motion: String,
    /// Member voting (for a proxy: the absent member whose vote it is).
    pub member: String,
    /// Yes, no or abstain with the member's whole weight, or a split of it where the board allows.
    pub vote: VoteValue,
    /// Who entered it (the secretary, or the member at a terminal); default: who records.
    #[serde(default)]
    pub entered_by: String,
    /// For a vote by proxy: the member holding the proxy.
    #[serde(default)]
    pub proxy: Option<String>,
}

/// A vote was entered wrongly; the corrected vote replaces it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteCorrected {
    /// The motion the corrected vote belongs to.
    pub motion: String,
    /// The member whose vote was entered wrongly.
    pub member: String,
    /// The vote that should have been entered; it replaces the earlier one.
    pub vote: VoteValue,
    /// Who entered the correction; default: who records.
    #[serde(default)]
    pub entered_by: String,
    /// Why the vote is corrected; the minutes quote it.
    pub reason: String,
}

/// Voting closes; the outcome is computed by the rules and written down as announced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteClosed {
    /// The motion whose vote closes, by the id its `motion_moved` gave it.
    pub motion: String,
    /// The outcome announced ("carried", "failed", "no_quorum", "tied"); filled in by the
    /// engine and checked on replay.
    #[serde(default)]
    pub outcome: String,
    /// The explanation announced (filled in by the engine).
    #[serde(default)]
    pub explanation: String,
}

/// A dispute or bid protest is lodged in the meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeLodged {
    /// New dispute id, unique on the board (files and journals).
    pub dispute: String,
    /// A bid protest, an objection, a conflict-of-interest challenge or a point of order.
    pub kind: DisputeKind,
    /// Who lodges it.
    pub author: String,
    /// bidder, member or public.
    pub role: AuthorRole,
    /// Against a tender …
    #[serde(default)]
    pub tender: Option<String>,
    /// … a lot …
    #[serde(default)]
    pub lot: Option<String>,
    /// … a bid …
    #[serde(default)]
    pub bid: Option<String>,
    /// … or an agenda item of this meeting.
    #[serde(default)]
    pub item: Option<String>,
    /// Why the dispute is lodged, in the author's words.
    pub grounds: String,
    /// What the author asks for (e.g. a new evaluation), if said.
    #[serde(default)]
    pub remedy: Option<String>,
    /// Whether it blocks the award while open.
    #[serde(default)]
    pub blocks_award: bool,
    /// An earlier, decided dispute this one asks to reconsider.
    #[serde(default)]
    pub reconsiders: Option<String>,
}

/// A dispute moves to a new status (lodged → under_review → upheld | dismissed; → withdrawn).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeStatusChanged {
    /// Dispute id (from `disputes/` or lodged in a meeting).
    pub dispute: String,
    /// The status the dispute moves to (`under_review`, `upheld`, `dismissed`, `withdrawn`).
    pub status: DisputeStatus,
    /// Decision and reasons, or a note.
    #[serde(default)]
    pub reasons: Option<String>,
}

/// A member's score on one criterion of one bid, recorded live (it replaces the same cell of the
/// member's score sheet file, if any).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRecorded {
    /// The member scoring, by its id in board.toml.
    pub member: String,
    /// The tender scored, by its id in `tenders/`.
    pub tender: String,
    /// The bid scored, by its id in the tender file.
    pub bid: String,
    /// Scored (leaf quality) criterion.
    pub criterion: String,
    /// Score on the tender's scale.
    #[serde(deserialize_with = "exact_decimal")]
    pub score: Decimal,
}

/// The panel's consensus score on one criterion of one bid (moderation = consensus).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsensusRecorded {
    /// The tender scored, by its id in `tenders/`.
    pub tender: String,
    /// The bid scored, by its id in the tender file.
    pub bid: String,
    /// The scored (leaf quality) criterion, by its id in the tender file.
    pub criterion: String,
    /// The score the panel agreed, on the tender's scale.
    #[serde(deserialize_with = "exact_decimal")]
    pub score: Decimal,
    /// Why, where it differs from the mean.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Who presides from now on, where the chair by rotation does not: the board has no
/// rotation, the chair is absent or leaves, or must step down on an item. The member named
/// presides (its delegate in the chair) and gives the casting vote on a tie.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presiding {
    /// The member presiding: the vice-chair, or a member elected to preside pro tem.
    pub member: String,
    /// The person in the chair (a delegate or alternate of the member).
    #[serde(default)]
    pub person: Option<String>,
    /// Why, for the minutes (e.g. "the chair left at 21:10").
    #[serde(default)]
    pub reason: Option<String>,
}

impl Event {
    /// The event's `type` tag.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::MeetingOpened(MeetingOpened { .. }) => "meeting_opened",
            Event::Attendance { .. } => "attendance",
            Event::AttendanceCorrected { .. } => "attendance_corrected",
            Event::Proxy { .. } => "proxy",
            Event::ItemOpened { .. } => "item_opened",
            Event::ItemClosed { .. } => "item_closed",
            Event::ItemDeferred { .. } => "item_deferred",
            Event::Recusal { .. } => "recusal",
            Event::MotionMoved(MotionMoved { .. }) => "motion_moved",
            Event::MotionSeconded { .. } => "motion_seconded",
            Event::QuestionPut { .. } => "question_put",
            Event::MotionWithdrawn { .. } => "motion_withdrawn",
            Event::VoteOpened { .. } => "vote_opened",
            Event::VoteCast(VoteCast { .. }) => "vote_cast",
            Event::VoteCorrected(VoteCorrected { .. }) => "vote_corrected",
            Event::CastingVote { .. } => "casting_vote",
            Event::Presiding(Presiding { .. }) => "presiding",
            Event::VoteClosed(VoteClosed { .. }) => "vote_closed",
            Event::ScoreRecorded(ScoreRecorded { .. }) => "score_recorded",
            Event::ConsensusRecorded(ConsensusRecorded { .. }) => "consensus_recorded",
            Event::DisputeLodged(DisputeLodged { .. }) => "dispute_lodged",
            Event::DisputeStatusChanged(DisputeStatusChanged { .. }) => "dispute_status_changed",
            Event::WitnessCited { .. } => "witness_cited",
            Event::Note { .. } => "note",
            Event::Adjourned {} => "adjourned",
            Event::ClosedSessionBegan(_) => "closed_session_began",
            Event::ClosedSessionEnded(_) => "closed_session_ended",
            Event::ReportedOut(_) => "reported_out",
            Event::ConsentPulled(ConsentPulled { .. }) => "consent_pulled",
            Event::Recessed(Recessed { .. }) => "recessed",
            Event::Resumed {} => "resumed",
            Event::SpeakerRequested(_) => "speaker_requested",
            Event::PointOfOrder(_) => "point_of_order",
            Event::SpeakerRemoved(_) => "speaker_removed",
            Event::SpeakerMoved(_) => "speaker_moved",
            Event::SpeechStarted(_) => "speech_started",
            Event::SpeechEnded(_) => "speech_ended",
        }
    }
}

/// Longest name accepted for who records an event (`by`), in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// Checks the name of who records an event: not blank, at most [`MAX_NAME_CHARS`] characters,
/// no control characters (a newline would split a message or the minutes), no `/` and no `..`.
pub fn check_name(what: &str, name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err(format!("`{what}` is empty: say who records the event"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "`{what}` is longer than {MAX_NAME_CHARS} characters"
        ));
    }
    if name.chars().any(char::is_control) || name.contains('/') || name.contains("..") {
        return Err(format!(
            "`{what}` {} holds a control character, `/` or `..`; write a plain name like \"A. Clerk\"",
            escaped(name)
        ));
    }
    Ok(())
}

/// `text` quoted, with control characters and quotes escaped and at most 80 characters shown, so
/// that an id from a file can never split or flood a message.
pub fn escaped(text: &str) -> String {
    const SHOWN: usize = 80;
    let mut out = String::from("\"");
    for (i, c) in text.chars().enumerate() {
        if i == SHOWN {
            out.push('…');
            break;
        }
        out.extend(c.escape_debug());
    }
    out.push('"');
    out
}

impl Event {
    /// Checks the ids an event introduces (a new motion's id) by the rules every id follows:
    /// lowercase letters, digits, `-` and `_`, at most 64 characters.
    pub fn check_new_ids(&self) -> Result<(), String> {
        if let Event::MotionMoved(MotionMoved { motion, .. }) = self
            && !crate::board::model::valid_id(motion)
        {
            return Err(format!(
                "motion id {} is not an id: use lowercase letters, digits, `-` and `_` (at most \
                 64), like \"m1\"",
                escaped(motion)
            ));
        }
        Ok(())
    }
}

/// Refuses a JSON text in which any object repeats a key (`{"member":"a","member":"b"}`):
/// serde_json would silently keep the last one.
pub fn reject_duplicate_keys(text: &str) -> Result<(), String> {
    use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
    struct Walk;
    impl<'de> DeserializeSeed<'de> for Walk {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Walk {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(Walk)?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::BTreeSet::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value_seed(Walk)?;
                if !seen.insert(key.clone()) {
                    return Err(serde::de::Error::custom(format!(
                        "the key `{}` appears twice; write each key once",
                        key.escape_debug()
                    )));
                }
            }
            Ok(())
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    Walk.deserialize(&mut de).map_err(|e| e.to_string())
}

/// Most significant digits a bare JSON number may have in an event line: a JSON number is read
/// as a binary float, exact to 15 digits. Longer decimals are written as strings (`"0.1234…"`),
/// which are read exactly up to 28 digits.
pub const MAX_JSON_NUMBER_DIGITS: usize = 15;

/// Refuses a bare JSON number with more than [`MAX_JSON_NUMBER_DIGITS`] significant digits: it
/// would be read as a binary float and rounded. Never rounds silently. Strings are not looked at
/// here (a note may hold any digits): a decimal written as a string is checked where it is read
/// as a decimal ([`exact_decimal`]).
pub fn check_numbers(text: &str) -> Result<(), String> {
    use crate::board::parse::{clip, decimal_digits};
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'"' {
            // A string: skip to its end, past escaped characters.
            i += 1;
            while let Some(&c) = bytes.get(i) {
                match c {
                    b'\\' => i += 2,
                    b'"' => break,
                    _ => i += 1,
                }
            }
            i += 1;
        } else if b == b'-' || b.is_ascii_digit() {
            let start = i;
            while bytes
                .get(i)
                .is_some_and(|c| c.is_ascii_digit() || b".eE+-".contains(c))
            {
                i += 1;
            }
            let token = text.get(start..i).unwrap_or_default();
            let mantissa = token.split(['e', 'E']).next().unwrap_or_default();
            if decimal_digits(mantissa).is_some_and(|n| n > MAX_JSON_NUMBER_DIGITS) {
                return Err(format!(
                    "the number {} has more digits than a JSON number holds exactly \
                     ({MAX_JSON_NUMBER_DIGITS}); write it as a string, like \"{}\"",
                    clip(token),
                    clip(token)
                ));
            }
        } else {
            i += 1;
        }
    }
    Ok(())
}

/// A decimal as read from an event, or why it is refused: a string written like a decimal with
/// more than [`crate::board::parse::MAX_DECIMAL_DIGITS`] significant digits (it would be
/// rounded). Other values are read as [`Decimal`] reads them.
struct Checked(Result<Decimal, String>);

impl Default for Checked {
    fn default() -> Self {
        Checked(Ok(Decimal::ZERO))
    }
}

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::IntoDeserializer;
        /// Reads as `Decimal` reads (not `Decimal::deserialize`, which reads bytes).
        fn via<'a, D: serde::Deserializer<'a>>(d: D) -> Result<Checked, D::Error> {
            <Decimal as Deserialize>::deserialize(d).map(|x| Checked(Ok(x)))
        }
        struct Exact;
        impl serde::de::Visitor<'_> for Exact {
            type Value = Checked;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, like 125000 or 61.5")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Checked, E> {
                use crate::board::parse::{MAX_DECIMAL_DIGITS, clip, decimal_digits};
                if decimal_digits(v).is_some_and(|n| n > MAX_DECIMAL_DIGITS) {
                    return Ok(Checked(Err(format!(
                        "\"{}\" has more digits than procboard keeps ({MAX_DECIMAL_DIGITS} in \
                         all); it is refused rather than rounded",
                        clip(v)
                    ))));
                }
                via(IntoDeserializer::<E>::into_deserializer(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Checked, E> {
                via(IntoDeserializer::<E>::into_deserializer(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Checked, E> {
                via(IntoDeserializer::<E>::into_deserializer(v))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Checked, E> {
                via(IntoDeserializer::<E>::into_deserializer(v))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Checked, E> {
                via(IntoDeserializer::<E>::into_deserializer(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Checked, E> {
                via(IntoDeserializer::<E>::into_deserializer(v))
            }
        }
        d.deserialize_any(Exact)
    }
}

/// Reads a decimal field of an event exactly: a decimal written as a string with more digits
/// than procboard keeps is refused rather than rounded (bare JSON numbers are checked by
/// [`check_numbers`] before, since serde_json has already read them as floats).
pub fn exact_decimal<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    Checked::deserialize(d)?.0.map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(value: &str) -> Result<Decimal, String> {
        let line = format!(
            r#"{{"type":"score_recorded","member":"a","tender":"t","bid":"b","criterion":"q","score":{value}}}"#
        );
        match serde_json::from_str::<Event>(&line).map_err(|e| e.to_string())? {
            Event::ScoreRecorded(ScoreRecorded { score, .. }) => Ok(score),
            other => Err(format!("{other:?}")),
        }
    }

    #[test]
    fn decimal_fields_read_as_decimal_reads_them() {
        for value in ["7", "7.5", "\"7.125\"", "\"-0.5\"", "0", "\"1e3\""] {
            let expected: Decimal = serde_json::from_str(value).unwrap();
            assert_eq!(score(value), Ok(expected), "{value}");
        }
        // 28 significant digits are kept exactly.
        let kept = "\"1.234567890123456789012345678\"";
        assert_eq!(
            score(kept).unwrap().to_string(),
            "1.234567890123456789012345678"
        );
        assert!(score("\"abc\"").is_err());
    }

    #[test]
    fn decimal_strings_with_more_digits_than_kept_are_refused() {
        for value in [
            "\"3.00000000000000000000000000001\"",
            "\"1234567890123456789012345678901\"",
        ] {
            let err = score(value).unwrap_err();
            assert!(
                err.contains("has more digits than procboard keeps"),
                "{err}"
            );
        }
        let vote = r#"{"yes":"3.00000000000000000000000000001"}"#;
        let err = serde_json::from_str::<VoteValue>(vote)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("has more digits than procboard keeps"),
            "{err}"
        );
        let split: VoteValue = serde_json::from_str(r#"{"yes":"30","no":10}"#).unwrap();
        assert_eq!(split.describe(), "split (yes 30, no 10, abstain 0)");
    }

    #[test]
    fn free_text_digits_are_not_numbers() {
        let digits = "1234567890123456789012345678901";
        let line = format!(r#"{{"type":"note","text":"{digits}"}}"#);
        assert_eq!(check_numbers(&line), Ok(()));
        let event: Event = serde_json::from_str(&line).unwrap();
        assert_eq!(
            event,
            Event::Note {
                item: None,
                text: digits.into()
            }
        );
        // A bare number that a float cannot hold is still refused.
        assert!(check_numbers(r#"{"score":7.12345678901234567}"#).is_err());
        assert!(check_numbers(r#"{"text":"7.12345678901234567 \" 1"}"#).is_ok());
    }
}

/// What the frozen agenda says of a closed item: its ground and who may stay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosedItem {
    /// The ground's id in board.toml's `[closed_session] grounds`.
    pub ground: String,
    /// The ground in words.
    pub text: String,
    /// Staff who may stay in the room (board.toml's `[closed_session] staff`).
    #[serde(default)]
    pub staff: Vec<String>,
}

/// `closed_session_began`: the public record that a closed session starts on an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosedSessionBegan {
    /// The agenda item, open now, held in closed session.
    pub item: String,
    /// The ground's id (filled in by the engine from the agenda).
    #[serde(default)]
    pub ground: String,
    /// The ground in words (filled in by the engine from board.toml, as frozen at opening).
    #[serde(default)]
    pub ground_text: String,
    /// The members present as the session starts (filled in by the engine).
    #[serde(default)]
    pub members: Vec<String>,
    /// The staff who stay (default: every staff name board.toml lists).
    #[serde(default)]
    pub staff: Vec<String>,
}

/// `closed_session_ended`: the session ends and the closed record is sealed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosedSessionEnded {
    /// The item whose closed session ends.
    pub item: String,
    /// Lines of the closed journal at this moment (filled in by the engine).
    #[serde(default)]
    pub lines: u64,
    /// Bytes of the closed journal at this moment (filled in by the engine).
    #[serde(default)]
    pub bytes: u64,
    /// SHA-256, lowercase hex, of the closed journal's first `bytes` bytes (filled in by the
    /// engine).
    #[serde(default)]
    pub sha256: String,
}

/// `reported_out`: a result of a closed session the board announces in public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportedOut {
    /// The item whose closed session is reported on.
    pub item: String,
    /// What is announced, as the minutes print it.
    pub text: String,
}
