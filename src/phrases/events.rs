//! One line per journal event, in each language: what the console's record screen and status
//! line show for an event.
//!
//! The minutes phrase the same events at more length (with times, tables and headings) from the
//! formal phrases of the same [`Catalogue`]; these lines are the short, present-tense form.

use crate::record::event::{
    ConsensusRecorded, DisputeLodged, DisputeStatusChanged, MeetingOpened, MotionMoved, Presiding,
    ScoreRecorded, VoteCast, VoteClosed, VoteCorrected,
};
use crate::record::event::{Event, RecusalScope, VoteValue};
use crate::rules::voting::Choice;

use super::{Catalogue, fill};

/// The one-line phrase of each event kind in one language. Optional parts of a line are
/// separate phrases, filled only when the event has them.
#[derive(Debug)]
pub struct EventPhrases {
    /// `meeting_opened`: "The meeting is opened{presiding}."
    pub meeting_opened: &'static str,
    /// Its optional part: ", {person} presiding".
    pub meeting_opened_presiding: &'static str,
    /// `attendance`: "{member}: {status}{person}".
    pub attendance: &'static str,
    /// Its optional part: ", {person}{alternate}".
    pub attendance_person: &'static str,
    /// Said of the person sitting when it is an alternate: " (alternate)".
    pub attendance_alternate: &'static str,
    /// `attendance_corrected`: "Correction: {member} is {status} ({reason})".
    pub attendance_corrected: &'static str,
    /// `proxy`: "{member} gives its proxy to {holder}".
    pub proxy: &'static str,
    /// `item_opened`: "Item {item} is taken up: {title}".
    pub item_opened: &'static str,
    /// `item_closed`: "Item {item} is closed".
    pub item_closed: &'static str,
    /// `item_deferred`: "Item {item} is deferred: {reason}".
    pub item_deferred: &'static str,
    /// `recusal`: "{member} recuses itself from {scope}: {reason}"; the scope is the catalogue's
    /// `scope_item` or `scope_tender`.
    pub recusal: &'static str,
    /// `motion_moved`: "Motion {motion} moved by {mover}: {text}".
    pub motion_moved: &'static str,
    /// `motion_seconded`: "Motion {motion} seconded by {seconder}".
    pub motion_seconded: &'static str,
    /// `question_put`: "The chair puts the question on motion {motion}: voting is open".
    pub question_put: &'static str,
    /// `motion_withdrawn`: "Motion {motion} is withdrawn".
    pub motion_withdrawn: &'static str,
    /// `vote_opened`: "Voting opens again on motion {motion}".
    pub vote_opened: &'static str,
    /// `vote_cast`: "{member} votes {vote} on motion {motion}"; the vote in the catalogue's words.
    pub vote_cast: &'static str,
    /// `vote_corrected`: "Correction: {member} votes {vote} on motion {motion} ({reason})".
    pub vote_corrected: &'static str,
    /// `casting_vote`: "The chair gives a casting vote {choice} on motion {motion}".
    pub casting_vote: &'static str,
    /// `presiding`: "{member}{person} presides from now on{reason}".
    pub presiding: &'static str,
    /// Its optional part: " ({person})".
    pub presiding_person: &'static str,
    /// Its optional part: ": {reason}".
    pub presiding_reason: &'static str,
    /// `vote_closed` without an explanation: "Vote on motion {motion} closed: {outcome}".
    pub vote_closed: &'static str,
    /// `vote_closed` with one, the outcome in capitals: "… closed: {outcome}. {explanation}".
    pub vote_closed_explained: &'static str,
    /// `score_recorded`: "{member} scores bid {bid} of {tender} on {criterion}: {score}".
    pub score_recorded: &'static str,
    /// `consensus_recorded`: "Consensus on bid {bid} of {tender}, {criterion}: {score}".
    pub consensus_recorded: &'static str,
    /// `dispute_lodged`: "Dispute {dispute} lodged by {author}: {grounds}".
    pub dispute_lodged: &'static str,
    /// `dispute_status_changed`: "Dispute {dispute} is now {status}".
    pub dispute_status_changed: &'static str,
    /// `witness_cited`: "Witness statement {statement} is entered in the record".
    pub witness_cited: &'static str,
    /// `note` about no item: "Note: {text}".
    pub note: &'static str,
    /// `note` about an item: "Note on item {item}: {text}".
    pub note_on_item: &'static str,
    /// `adjourned`: "The meeting is adjourned."
    pub adjourned: &'static str,
    /// `closed_session_began`: "Item {item} goes into closed session: {ground}".
    pub closed_session_began: &'static str,
    /// `closed_session_ended`: "The closed session on item {item} ends; its record is sealed".
    pub closed_session_ended: &'static str,
    /// `reported_out`: "Reported out from the closed session on item {item}: {text}".
    pub reported_out: &'static str,
    /// Words for the codes a line quotes (attendance statuses, vote outcomes, dispute statuses),
    /// by code. A code with no entry is shown as the journal writes it, as English does.
    pub codes: &'static [(&'static str, &'static str)],
}

/// English: the journal's own codes, as the console has always shown them.
pub(super) static EN: EventPhrases = EventPhrases {
    meeting_opened: "The meeting is opened{presiding}.",
    meeting_opened_presiding: ", {person} presiding",
    attendance: "{member}: {status}{person}",
    attendance_person: ", {person}{alternate}",
    attendance_alternate: " (alternate)",
    attendance_corrected: "Correction: {member} is {status} ({reason})",
    proxy: "{member} gives its proxy to {holder}",
    item_opened: "Item {item} is taken up: {title}",
    item_closed: "Item {item} is closed",
    item_deferred: "Item {item} is deferred: {reason}",
    recusal: "{member} recuses itself from {scope}: {reason}",
    motion_moved: "Motion {motion} moved by {mover}: {text}",
    motion_seconded: "Motion {motion} seconded by {seconder}",
    question_put: "The chair puts the question on motion {motion}: voting is open",
    motion_withdrawn: "Motion {motion} is withdrawn",
    vote_opened: "Voting opens again on motion {motion}",
    vote_cast: "{member} votes {vote} on motion {motion}",
    vote_corrected: "Correction: {member} votes {vote} on motion {motion} ({reason})",
    casting_vote: "The chair gives a casting vote {choice} on motion {motion}",
    presiding: "{member}{person} presides from now on{reason}",
    presiding_person: " ({person})",
    presiding_reason: ": {reason}",
    vote_closed: "Vote on motion {motion} closed: {outcome}",
    vote_closed_explained: "Vote on motion {motion} closed: {outcome}. {explanation}",
    score_recorded: "{member} scores bid {bid} of {tender} on {criterion}: {score}",
    consensus_recorded: "Consensus on bid {bid} of {tender}, {criterion}: {score}",
    dispute_lodged: "Dispute {dispute} lodged by {author}: {grounds}",
    dispute_status_changed: "Dispute {dispute} is now {status}",
    witness_cited: "Witness statement {statement} is entered in the record",
    note: "Note: {text}",
    note_on_item: "Note on item {item}: {text}",
    adjourned: "The meeting is adjourned.",
    closed_session_began: "Item {item} goes into closed session: {ground}",
    closed_session_ended: "The closed session on item {item} ends; its record is sealed",
    reported_out: "Reported out from the closed session on item {item}: {text}",
    codes: &[],
};

/// French.
pub(super) static FR: EventPhrases = EventPhrases {
    meeting_opened: "La séance est ouverte{presiding}.",
    meeting_opened_presiding: ", sous la présidence de {person}",
    attendance: "{member} : {status}{person}",
    attendance_person: ", {person}{alternate}",
    attendance_alternate: " (suppléant)",
    attendance_corrected: "Rectification : {member} est « {status} » ({reason})",
    proxy: "{member} donne procuration à {holder}",
    item_opened: "Le point {item} est abordé : {title}",
    item_closed: "Le point {item} est clos",
    item_deferred: "Le point {item} est reporté : {reason}",
    recusal: "{member} se déporte pour {scope} : {reason}",
    motion_moved: "Motion {motion} proposée par {mover} : {text}",
    motion_seconded: "Motion {motion} appuyée par {seconder}",
    question_put: "La présidence met la motion {motion} aux voix : le vote est ouvert",
    motion_withdrawn: "La motion {motion} est retirée",
    vote_opened: "Le vote sur la motion {motion} est rouvert",
    vote_cast: "{member} vote « {vote} » sur la motion {motion}",
    vote_corrected: "Rectification : {member} vote « {vote} » sur la motion {motion} ({reason})",
    casting_vote: "La présidence exerce sa voix prépondérante « {choice} » sur la motion {motion}",
    presiding: "{member}{person} préside désormais{reason}",
    presiding_person: " ({person})",
    presiding_reason: " : {reason}",
    vote_closed: "Vote sur la motion {motion} clos : {outcome}",
    vote_closed_explained: "Vote sur la motion {motion} clos : {outcome}. {explanation}",
    score_recorded: "{member} note l'offre {bid} de {tender} sur {criterion} : {score}",
    consensus_recorded: "Consensus sur l'offre {bid} de {tender}, {criterion} : {score}",
    dispute_lodged: "Litige {dispute} introduit par {author} : {grounds}",
    dispute_status_changed: "Le litige {dispute} est désormais « {status} »",
    witness_cited: "La déclaration de témoin {statement} est versée au dossier",
    note: "Note : {text}",
    note_on_item: "Note sur le point {item} : {text}",
    adjourned: "La séance est levée.",
    closed_session_began: "Le point {item} est traité à huis clos : {ground}",
    closed_session_ended: "Le huis clos sur le point {item} prend fin ; son procès-verbal est scellé",
    reported_out: "Communiqué à l'issue du huis clos sur le point {item} : {text}",
    codes: &[
        ("present", "présent"),
        ("remote", "à distance"),
        ("absent", "absent"),
        ("excused", "excusé"),
        ("carried", "adoptée"),
        ("failed", "rejetée"),
        ("no_quorum", "quorum non atteint"),
        ("tied", "égalité"),
        ("lodged", "introduit"),
        ("under_review", "en cours d'examen"),
        ("upheld", "accueilli"),
        ("dismissed", "rejeté"),
        ("withdrawn", "retiré"),
    ],
};

/// How a line names what an event refers to by id.
pub trait Names {
    /// A member's name (its id when unknown).
    fn member(&self, id: &str) -> String;
    /// An agenda item's title (empty when unknown).
    fn item_title(&self, id: &str) -> String;
}

impl EventPhrases {
    /// The word for a code; the code itself when there is none.
    fn word<'a>(&self, code: &'a str) -> &'a str {
        self.codes
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, w)| w)
    }
}

/// `template` filled with `value` under `name`, or nothing when there is no value.
fn part(template: &str, name: &str, value: Option<&str>) -> String {
    value.map_or_else(String::new, |v| fill(template, &[(name, v)]))
}

/// A vote in the catalogue's words: "yes", or "split (yes 30, no 10, abstain 0)".
fn vote_word(cat: &Catalogue, vote: &VoteValue) -> String {
    match vote {
        VoteValue::Whole(c) => choice_word(cat, *c).to_string(),
        VoteValue::Split { yes, no, abstain } => fill(
            cat.split,
            &[
                ("yes", &yes.normalize().to_string()),
                ("no", &no.normalize().to_string()),
                ("abstain", &abstain.normalize().to_string()),
            ],
        ),
    }
}

fn choice_word(cat: &Catalogue, choice: Choice) -> &'static str {
    match choice {
        Choice::Yes => cat.yes,
        Choice::No => cat.no,
        Choice::Abstain => cat.abstain,
    }
}

/// The line for an event in the language of `cat`, members and items named by `names`.
pub fn event_line(cat: &Catalogue, e: &Event, names: &dyn Names) -> String {
    let p = cat.events;
    let n = |id: &str| names.member(id);
    match e {
        Event::MeetingOpened(MeetingOpened { presiding, .. }) => {
            let by = part(p.meeting_opened_presiding, "person", presiding.as_deref());
            fill(p.meeting_opened, &[("presiding", &by)])
        }
        Event::Attendance {
            member,
            status,
            person,
            alternate,
        } => {
            let alternate = if *alternate {
                p.attendance_alternate
            } else {
                ""
            };
            let who = person.as_deref().map_or_else(String::new, |x| {
                fill(
                    p.attendance_person,
                    &[("person", x), ("alternate", alternate)],
                )
            });
            let status = p.word(status.as_str());
            fill(
                p.attendance,
                &[("member", &n(member)), ("status", status), ("person", &who)],
            )
        }
        Event::AttendanceCorrected {
            member,
            status,
            reason,
            ..
        } => fill(
            p.attendance_corrected,
            &[
                ("member", &n(member)),
                ("status", p.word(status.as_str())),
                ("reason", reason),
            ],
        ),
        Event::Proxy { member, holder } => {
            fill(p.proxy, &[("member", &n(member)), ("holder", &n(holder))])
        }
        Event::ItemOpened { item } => fill(
            p.item_opened,
            &[("item", item), ("title", &names.item_title(item))],
        ),
        Event::ItemClosed { item } => fill(p.item_closed, &[("item", item)]),
        Event::ItemDeferred { item, reason } => {
            fill(p.item_deferred, &[("item", item), ("reason", reason)])
        }
        Event::Recusal {
            member,
            scope,
            reason,
        } => {
            let scope = match scope {
                RecusalScope::Item(id) => fill(cat.scope_item, &[("id", id)]),
                RecusalScope::Tender(id) => fill(cat.scope_tender, &[("id", id)]),
            };
            fill(
                p.recusal,
                &[
                    ("member", &n(member)),
                    ("scope", &scope),
                    ("reason", reason),
                ],
            )
        }
        Event::Presiding(Presiding {
            member,
            person,
            reason,
        }) => fill(
            p.presiding,
            &[
                ("member", &n(member)),
                (
                    "person",
                    &part(p.presiding_person, "person", person.as_deref()),
                ),
                (
                    "reason",
                    &part(p.presiding_reason, "reason", reason.as_deref()),
                ),
            ],
        ),
        Event::WitnessCited { statement, .. } => fill(p.witness_cited, &[("statement", statement)]),
        Event::Note { text, item } => match item {
            Some(i) => fill(p.note_on_item, &[("item", i), ("text", text)]),
            None => fill(p.note, &[("text", text)]),
        },
        Event::Adjourned {} => p.adjourned.to_string(),
        Event::ClosedSessionBegan(b) => fill(
            p.closed_session_began,
            &[("item", &b.item), ("ground", &b.ground_text)],
        ),
        Event::ClosedSessionEnded(e) => fill(p.closed_session_ended, &[("item", &e.item)]),
        Event::ReportedOut(r) => fill(p.reported_out, &[("item", &r.item), ("text", &r.text)]),
        Event::MotionMoved(MotionMoved {
            amends, consent, ..
        }) if amends.is_some() || !consent.is_empty() => super::procedure::line(cat, e, names),
        Event::ConsentPulled(_) | Event::Recessed(_) | Event::Resumed {} => {
            super::procedure::line(cat, e, names)
        }
        Event::SpeakerRequested(_)
        | Event::PointOfOrder(_)
        | Event::SpeakerRemoved(_)
        | Event::SpeakerMoved(_)
        | Event::SpeechStarted(_)
        | Event::SpeechEnded(_) => super::speakers::line(cat, e, names).unwrap_or_default(),
        Event::MotionMoved(MotionMoved { .. })
        | Event::MotionSeconded { .. }
        | Event::QuestionPut { .. }
        | Event::MotionWithdrawn { .. }
        | Event::VoteOpened { .. }
        | Event::VoteCast(VoteCast { .. })
        | Event::VoteCorrected(VoteCorrected { .. })
        | Event::CastingVote { .. }
        | Event::VoteClosed(VoteClosed { .. }) => motion_line(cat, e, names),
        Event::ScoreRecorded(ScoreRecorded { .. })
        | Event::ConsensusRecorded(ConsensusRecorded { .. })
        | Event::DisputeLodged(DisputeLodged { .. })
        | Event::DisputeStatusChanged(DisputeStatusChanged { .. }) => record_line(cat, e, names),
    }
}

/// The line of a motion or vote event ([`event_line`] sends no other event here).
fn motion_line(cat: &Catalogue, e: &Event, names: &dyn Names) -> String {
    let p = cat.events;
    let n = |id: &str| names.member(id);
    match e {
        Event::MotionMoved(MotionMoved {
            motion,
            text,
            mover,
            ..
        }) => fill(
            p.motion_moved,
            &[("motion", motion), ("mover", &n(mover)), ("text", text)],
        ),
        Event::MotionSeconded { motion, seconder } => fill(
            p.motion_seconded,
            &[("motion", motion), ("seconder", &n(seconder))],
        ),
        Event::QuestionPut { motion } => fill(p.question_put, &[("motion", motion)]),
        Event::MotionWithdrawn { motion } => fill(p.motion_withdrawn, &[("motion", motion)]),
        Event::VoteOpened { motion } => fill(p.vote_opened, &[("motion", motion)]),
        Event::VoteCast(VoteCast {
            motion,
            member,
            vote,
            ..
        }) => fill(
            p.vote_cast,
            &[
                ("member", &n(member)),
                ("vote", &vote_word(cat, vote)),
                ("motion", motion),
            ],
        ),
        Event::VoteCorrected(VoteCorrected {
            motion,
            member,
            vote,
            reason,
            ..
        }) => fill(
            p.vote_corrected,
            &[
                ("member", &n(member)),
                ("vote", &vote_word(cat, vote)),
                ("motion", motion),
                ("reason", reason),
            ],
        ),
        Event::CastingVote { motion, choice } => fill(
            p.casting_vote,
            &[("choice", choice_word(cat, *choice)), ("motion", motion)],
        ),
        Event::VoteClosed(VoteClosed {
            motion,
            outcome,
            explanation,
        }) if explanation.is_empty() => fill(
            p.vote_closed,
            &[("motion", motion), ("outcome", p.word(outcome))],
        ),
        Event::VoteClosed(VoteClosed {
            motion,
            outcome,
            explanation,
        }) => fill(
            p.vote_closed_explained,
            &[
                ("motion", motion),
                ("outcome", &p.word(outcome).to_uppercase()),
                ("explanation", explanation),
            ],
        ),
        _ => String::new(),
    }
}

/// The line of a score, consensus or dispute event ([`event_line`] sends no other event here).
fn record_line(cat: &Catalogue, e: &Event, names: &dyn Names) -> String {
    let p = cat.events;
    match e {
        Event::ScoreRecorded(ScoreRecorded {
            member,
            tender,
            bid,
            criterion,
            score,
        }) => fill(
            p.score_recorded,
            &[
                ("member", &names.member(member)),
                ("bid", bid),
                ("tender", tender),
                ("criterion", criterion),
                ("score", &score.normalize().to_string()),
            ],
        ),
        Event::ConsensusRecorded(ConsensusRecorded {
            tender,
            bid,
            criterion,
            score,
            ..
        }) => fill(
            p.consensus_recorded,
            &[
                ("bid", bid),
                ("tender", tender),
                ("criterion", criterion),
                ("score", &score.normalize().to_string()),
            ],
        ),
        Event::DisputeLodged(DisputeLodged {
            dispute,
            author,
            grounds,
            ..
        }) => fill(
            p.dispute_lodged,
            &[
                ("dispute", dispute),
                ("author", author),
                ("grounds", grounds),
            ],
        ),
        Event::DisputeStatusChanged(DisputeStatusChanged {
            dispute, status, ..
        }) => fill(
            p.dispute_status_changed,
            &[("dispute", dispute), ("status", p.word(status.code()))],
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;
