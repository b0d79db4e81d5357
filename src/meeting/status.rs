//! The status of a meeting: attendance, quorum, the open item, motions and outcomes.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Meeting;
use crate::record::state::{ItemStatus, MotionStatus};
use crate::rules::quorum::QuorumStatus;

/// One member's line.
#[derive(Clone, Debug, Serialize)]
pub struct AttendanceLine {
    /// Member id.
    pub member: String,
    /// Weight.
    pub weight: Decimal,
    /// present, remote, absent, excused, or "not recorded".
    pub status: String,
    /// Who sits.
    pub person: Option<String>,
    /// An alternate sits.
    pub alternate: bool,
    /// Holder of its proxy.
    pub proxy: Option<String>,
}

/// One item's line.
#[derive(Clone, Debug, Serialize)]
pub struct ItemLine {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: ItemStatus,
}

/// One motion's line.
#[derive(Clone, Debug, Serialize)]
pub struct MotionLine {
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
    /// Votes cast in the current round.
    pub votes_cast: usize,
    /// carried, failed, no_quorum, tied (when closed).
    pub outcome: Option<String>,
    /// Explanation of the outcome.
    pub explanation: Option<String>,
    /// What it amends, its text as moved once amended, the amendments adopted to it, a consent
    /// block's items (each only when it has something).
    #[serde(flatten)]
    pub procedure: crate::record::state::amendments::MotionProcedure,
}

/// What `procboard meeting <DIR> status` reports.
#[derive(Clone, Debug, Serialize)]
pub struct Status {
    /// Meeting id.
    pub meeting: String,
    /// Events recorded.
    pub events: u64,
    /// Opened yet?
    pub opened: bool,
    /// Adjourned?
    pub adjourned: bool,
    /// The person presiding now: the person named at the opening, then the person a `presiding`
    /// event names (its member id when it names no person).
    pub presiding: Option<String>,
    /// The member presiding now (who gives the casting vote on a tie): the chair by rotation
    /// from the opening, then whoever the last `presiding` event names.
    pub presiding_member: Option<String>,
    /// Every change of who presides (`presiding` events), in order: `seq`, `at`, `member`,
    /// `role` (`chair`, `vice_chair`, `pro_tem`), `person`, `reason`.
    pub presiding_changes: Vec<crate::record::state::PresidingChange>,
    /// Chair by rotation.
    pub chair: Option<String>,
    /// Attendance, in seat order.
    pub attendance: Vec<AttendanceLine>,
    /// Quorum now (default rule).
    pub quorum: Option<QuorumStatus>,
    /// The open item.
    pub current_item: Option<String>,
    /// Items.
    pub items: Vec<ItemLine>,
    /// Motions.
    pub motions: Vec<MotionLine>,
    /// Awards of the tenders on this agenda's award items, with standstill and status.
    pub awards: Vec<AgendaAward>,
    /// Disputes lodged or moved on in this meeting: (id, status).
    pub disputes: Vec<(String, String)>,
    /// Witness statements entered in the record (`witness_cited`): `seq`, `at`, `statement`,
    /// `sha256`.
    pub witness_cited: Vec<crate::record::state::WitnessCitation>,
    /// Closed sessions held (item, ground, members, staff, times, seal) and results reported out
    /// (docs/meeting-journal.md, "Closed sessions"); left out when there are none.
    #[serde(skip_serializing_if = "super::closed::no_sessions")]
    pub closed_sessions: crate::record::closed::ClosedSessions,
    /// The speakers' list: each member's total speaking time, the speech under way, who waits.
    pub speakers: SpeakersStatus,
    /// Warnings from opening.
    pub warnings: Vec<String>,
    /// Items still on the consent agenda, items pulled off it, the block that adopted them.
    pub consent: ConsentLine,
    /// Every recess: `seq`, `at`, `reason`, `resumed_at`, `resumed_seq`, and the `quorum`
    /// counted again at resumption.
    pub recesses: Vec<crate::record::state::recess::Recess>,
    /// In recess now.
    pub in_recess: bool,
}

/// The consent agenda in `status`.
#[derive(Clone, Debug, Serialize)]
pub struct ConsentLine {
    /// Items still on the consent agenda, in agenda order.
    pub items: Vec<String>,
    /// Pulled off, adopted, and by which block.
    #[serde(flatten)]
    pub taken: crate::record::state::consent::ConsentState,
}

/// The speakers' part of the status (docs/meeting-journal.md, "The speakers' list").
#[derive(Clone, Debug, Serialize)]
pub struct SpeakersStatus {
    /// Every seated member's total speaking time in whole seconds over the speeches that have
    /// ended (0 for a member who has not spoken), by member id.
    pub member_seconds: std::collections::BTreeMap<String, i64>,
    /// The speech under way: `seq`, `item`, `speaker`, `role`, `point_of_order`, `started_at`,
    /// `ended_at` (null), `ended_seq` (null), `limit_seconds`.
    pub current: Option<crate::record::speakers::Speech>,
    /// Who waits to speak on the open item, in order: `speaker`, `role`, `point_of_order`,
    /// `seq`.
    pub waiting: Vec<crate::record::speakers::Waiting>,
}

impl SpeakersStatus {
    fn of(s: &crate::record::state::MeetingState) -> SpeakersStatus {
        let mut member_seconds: std::collections::BTreeMap<String, i64> = s
            .opened
            .iter()
            .flat_map(|o| o.seats.iter())
            .map(|seat| (seat.member.clone(), 0))
            .collect();
        let sp = &s.speakers;
        for speech in &sp.done {
            if speech.role == crate::record::event::SpeakerRole::Member {
                let end = speech.ended_at.unwrap_or(speech.started_at);
                *member_seconds.entry(speech.speaker.clone()).or_insert(0) += speech.seconds(end);
            }
        }
        SpeakersStatus {
            member_seconds,
            current: sp.current.clone(),
            waiting: s
                .current_item()
                .map(|i| sp.waiting(&i.id).to_vec())
                .unwrap_or_default(),
        }
    }
}

/// An award notice of a tender on the agenda.
#[derive(Clone, Debug, Serialize)]
pub struct AgendaAward {
    /// Tender.
    pub tender: String,
    /// The award, its standstill and status.
    #[serde(flatten)]
    pub award: crate::tender::AwardState,
}

impl Status {
    /// The status of a meeting; award statuses are given for `on`, with the disputes in
    /// `register`.
    pub fn of(m: &Meeting, register: &crate::disputes::Register, on: NaiveDate) -> Status {
        let s = &m.state;
        let attendance = s
            .opened
            .iter()
            .flat_map(|o| o.seats.iter())
            .map(|seat| {
                let a = s.attendance.get(&seat.member);
                AttendanceLine {
                    member: seat.member.clone(),
                    weight: seat.weight,
                    status: a.map_or("not recorded", |a| a.status.as_str()).to_string(),
                    person: a.and_then(|a| a.person.clone()),
                    alternate: a.is_some_and(|a| a.alternate),
                    proxy: s.proxies.get(&seat.member).cloned(),
                }
            })
            .collect();
        let items = s
            .items
            .iter()
            .zip(&s.ctx.items)
            .map(|(st, ag)| ItemLine {
                id: st.id.clone(),
                title: ag.title.clone(),
                status: st.status,
            })
            .collect();
        let motions = s
            .motions
            .iter()
            .map(|mo| MotionLine {
                id: mo.id.clone(),
                item: mo.item.clone(),
                text: mo.text.clone(),
                mover: mo.mover.clone(),
                seconder: mo.seconder.clone(),
                decision: mo.decision.clone(),
                status: mo.status,
                votes_cast: mo.votes.len(),
                outcome: mo
                    .result()
                    .map(|t| crate::record::state::outcome_word(t).to_string()),
                explanation: mo.result().map(|t| t.explanation.clone()),
                procedure: mo.procedure.clone(),
            })
            .collect();
        let mut tenders: Vec<&str> = s
            .ctx
            .items
            .iter()
            .filter(|i| i.kind == crate::board::model::ItemKind::AwardDecision)
            .filter_map(|i| i.tender.as_deref())
            .collect();
        tenders.dedup();
        let awards = tenders
            .into_iter()
            .filter_map(|t| m.board.tender(t))
            .flat_map(|t| {
                crate::tender::award_states(&m.board, t, register, on)
                    .into_iter()
                    .map(|award| AgendaAward {
                        tender: t.id.clone(),
                        award,
                    })
            })
            .collect();
        let disputes = s
            .disputes
            .iter()
            .filter(|(_, d)| d.lodged.is_some() || !d.changes.is_empty())
            .map(|(id, d)| (id.clone(), d.status.code().to_string()))
            .collect();
        Status {
            awards,
            disputes,
            meeting: m.id.clone(),
            events: s.last_seq,
            opened: s.opened.is_some(),
            adjourned: s.adjourned_at.is_some(),
            presiding: match s.presiding_changes.last() {
                Some(c) => Some(c.person.clone().unwrap_or_else(|| c.member.clone())),
                None => s.opened.as_ref().map(|o| o.presiding.clone()),
            },
            presiding_member: s.presiding.clone(),
            presiding_changes: s.presiding_changes.clone(),
            chair: s.opened.as_ref().and_then(|o| o.chair.clone()),
            attendance,
            quorum: s.quorum_now(),
            current_item: s.current_item().map(|i| i.id.clone()),
            items,
            motions,
            witness_cited: s.witness_cited.clone(),
            closed_sessions: m.public_state().closed.clone(),
            speakers: SpeakersStatus::of(s),
            warnings: m.warnings.clone(),
            consent: ConsentLine {
                items: s.consent_items(),
                taken: s.consent.clone(),
            },
            recesses: s.recesses.clone(),
            in_recess: s.in_recess().is_some(),
        }
    }
}

impl Status {
    /// The consent agenda and the recesses, in the text form.
    fn fmt_procedure(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.consent;
        if !c.items.is_empty() {
            writeln!(
                f,
                "  Consent agenda (one vote): items {}",
                c.items.join(", ")
            )?;
        }
        for p in &c.taken.pulled {
            writeln!(
                f,
                "  Item {} pulled off the consent agenda by {}",
                p.item, p.member
            )?;
        }
        if let Some(by) = &c.taken.adopted_by {
            writeln!(
                f,
                "  Adopted on consent by motion {by}: items {}",
                c.taken.adopted.join(", ")
            )?;
        }
        for r in &self.recesses {
            let until = r
                .resumed_at
                .map(|t| format!(" to {} UTC", t.format("%H:%M")))
                .unwrap_or_else(|| ", not resumed yet".to_string());
            let quorum = r
                .quorum
                .as_ref()
                .map(|q| format!("; quorum at resumption: {}", q.explanation))
                .unwrap_or_default();
            writeln!(
                f,
                "  Recess from {} UTC{until}{quorum}",
                r.at.format("%H:%M")
            )?;
        }
        Ok(())
    }
}

/// The role of a member presiding, in words.
fn role_word(role: &str) -> &str {
    match role {
        "chair" => "chair",
        "vice_chair" => "vice-chair",
        "pro_tem" => "pro tem",
        other => other,
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.adjourned {
            "ADJOURNED"
        } else if self.in_recess {
            "IN RECESS"
        } else if self.opened {
            "IN SESSION"
        } else {
            "NOT OPENED"
        };
        writeln!(
            f,
            "Meeting {}: {state} ({} events)",
            self.meeting, self.events
        )?;
        if let Some(p) = &self.presiding {
            let now = match self.presiding_changes.last() {
                Some(c) if c.person.is_some() => {
                    format!(" for {}, {}", c.member, role_word(c.role))
                }
                Some(c) => format!(", {}", role_word(c.role)),
                None => String::new(),
            };
            writeln!(
                f,
                "Presiding: {p}{now}{}",
                self.chair
                    .as_ref()
                    .map(|c| format!(" (chair: {c})"))
                    .unwrap_or_default()
            )?;
            for c in &self.presiding_changes {
                let person = c
                    .person
                    .as_ref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default();
                let reason = c
                    .reason
                    .as_ref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                writeln!(
                    f,
                    "  from {}: {}{person}, {}{reason}",
                    c.at.format("%Y-%m-%d %H:%M UTC"),
                    c.member,
                    role_word(c.role)
                )?;
            }
        }
        if let Some(q) = &self.quorum {
            let badge = if q.met { "QUORUM" } else { "NO QUORUM" };
            writeln!(f, "{badge}: {}", q.explanation)?;
        }
        if !self.attendance.is_empty() {
            writeln!(f, "\nAttendance")?;
            for a in &self.attendance {
                let mut extra = String::new();
                if let Some(p) = &a.person {
                    extra.push_str(&format!("  {p}"));
                    if a.alternate {
                        extra.push_str(" (alternate)");
                    }
                }
                if let Some(h) = &a.proxy {
                    extra.push_str(&format!("  proxy held by {h}"));
                }
                writeln!(
                    f,
                    "  {:<20} {:>6}  {:<12}{extra}",
                    a.member,
                    a.weight.normalize(),
                    a.status
                )?;
            }
        }
        writeln!(f, "\nAgenda")?;
        for i in &self.items {
            let mark = match i.status {
                ItemStatus::Pending => "   ",
                ItemStatus::Open => ">> ",
                ItemStatus::Closed => "ok ",
                ItemStatus::Deferred => "-- ",
            };
            let word = match i.status {
                ItemStatus::Pending => "",
                ItemStatus::Open => "  [OPEN]",
                ItemStatus::Closed => "  [DONE]",
                ItemStatus::Deferred => "  [DEFERRED]",
            };
            writeln!(f, "  {mark}{:<5} {}{word}", i.id, i.title)?;
        }
        self.fmt_procedure(f)?;
        if !self.motions.is_empty() {
            writeln!(f, "\nMotions")?;
            for m in &self.motions {
                let badge = match (m.status, m.outcome.as_deref()) {
                    (MotionStatus::Withdrawn, _) => "WITHDRAWN".to_string(),
                    (MotionStatus::Debate, _) if m.seconder.is_some() => {
                        "IN DEBATE, seconded; the question is not put yet".to_string()
                    }
                    (MotionStatus::Debate, _) => {
                        "IN DEBATE, not seconded; the question is not put yet".to_string()
                    }
                    (MotionStatus::Voting, _) => format!("VOTING ({} cast)", m.votes_cast),
                    (_, Some(o)) => o.replace('_', " ").to_uppercase(),
                    (_, None) => String::new(),
                };
                let amends = m
                    .procedure
                    .amends
                    .as_ref()
                    .map(|a| format!(", amends {a}"))
                    .unwrap_or_default();
                writeln!(
                    f,
                    "  {} (item {}{amends}): {}  [{badge}]",
                    m.id, m.item, m.text
                )?;
                if let Some(moved) = &m.procedure.moved_text {
                    writeln!(
                        f,
                        "      as amended by {}; as moved: {moved}",
                        m.procedure.amended_by.join(", ")
                    )?;
                }
                if let Some(e) = &m.explanation {
                    writeln!(f, "      {e}")?;
                }
            }
        }
        if !self.awards.is_empty() {
            writeln!(f, "\nAwards")?;
            for a in &self.awards {
                let status = a.award.status.code().to_uppercase();
                let lot = a
                    .award
                    .lot
                    .as_ref()
                    .map(|l| format!(" lot {l}"))
                    .unwrap_or_default();
                writeln!(
                    f,
                    "  {}{lot}: bid {} [{status}] {}",
                    a.tender, a.award.bid, a.award.reason
                )?;
            }
        }
        if !self.disputes.is_empty() {
            writeln!(f, "\nDisputes in this meeting")?;
            for (id, st) in &self.disputes {
                writeln!(f, "  {id} [{}]", st.to_uppercase())?;
            }
        }
        if !self.witness_cited.is_empty() {
            writeln!(f, "\nWitness statements cited")?;
            for w in &self.witness_cited {
                writeln!(f, "  {} (SHA-256 {})", w.statement, w.sha256)?;
            }
        }
        super::closed::status_lines(f, &self.closed_sessions)?;
        self.fmt_speakers(f)?;
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}

impl Status {
    /// The speakers' part of the text status: who has the floor, who waits, each member's total
    /// speaking time (only once someone has spoken or asked to).
    fn fmt_speakers(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::record::speakers::clock;
        let sp = &self.speakers;
        let spoke = sp.member_seconds.values().any(|s| *s > 0);
        if !spoke && sp.current.is_none() && sp.waiting.is_empty() {
            return Ok(());
        }
        writeln!(f, "\nSpeakers")?;
        if let Some(c) = &sp.current {
            let limit = c.limit_seconds.map_or_else(String::new, |l| {
                format!(", speaking time {}", clock(i64::from(l)))
            });
            writeln!(
                f,
                "  speaking now: {} ({}) on item {}, since {}{limit}",
                c.speaker,
                c.role.code(),
                c.item,
                c.started_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            )?;
        }
        for (n, w) in sp.waiting.iter().enumerate() {
            let point = if w.point_of_order {
                ", point of order"
            } else {
                ""
            };
            writeln!(f, "  {}. {} ({}{point})", n + 1, w.speaker, w.role.code())?;
        }
        writeln!(f, "  Speaking time per member (speeches ended)")?;
        for (member, seconds) in &sp.member_seconds {
            writeln!(f, "    {member:<24} {}", clock(*seconds))?;
        }
        Ok(())
    }
}
