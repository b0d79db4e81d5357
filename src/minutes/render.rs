//! Rendering the minutes of an adjourned meeting from its journal: `minutes.md` (Markdown, one
//! section per language) and `minutes.json` (the same record for machines).
//!
//! The renderer walks the journal in order and writes each act where it happened; the meeting's
//! state (after the last event) supplies what the events alone do not say (names, weights, the
//! quorum after each attendance change, each vote's tally). Every fixed phrase comes from
//! [`crate::phrases`]. Nothing depends on the machine's time zone or locale.

use crate::record::event::{
    ConsensusRecorded, DisputeLodged, DisputeStatusChanged, MeetingOpened, MotionMoved, Presiding,
    ScoreRecorded, VoteCast, VoteClosed, VoteCorrected,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::{Value, json};

use super::Header;

#[path = "procedure.rs"]
mod procedure;
use crate::board::model::{ItemKind, MeetingKind};
use crate::meeting::Meeting;
use crate::phrases::{Catalogue, catalogue, code, fill};
use crate::record::event::{Attendance, Event, RecusalScope, VoteValue};
use crate::record::state::outcome_word;
use crate::rules::voting::{Choice, Outcome};

/// What the renderer needs besides the meeting.
pub struct Inputs<'a> {
    /// The header (hashes and chain), already computed.
    pub header: &'a Header,
    /// SHA-256 of the minutes.md of each meeting whose minutes an `approve_minutes` item
    /// approves, by meeting id (absent when not rendered).
    pub approved_minutes: &'a BTreeMap<String, String>,
    /// Tender evaluations (`score` tables and JSON) at the end of the meeting, by tender id.
    pub evaluations: &'a BTreeMap<String, (String, Value)>,
}

/// One vote as rendered.
#[derive(Clone, Debug, Serialize)]
struct VoteRow {
    member: String,
    weight: String,
    vote: String,
    proxy: Option<String>,
    corrected_from: Option<String>,
}

/// The rendered minutes.
pub struct Rendered {
    /// `minutes.md`.
    pub markdown: String,
    /// `minutes.json`.
    pub json: String,
}

/// What every part of the minutes reads: the meeting, the board's time zone, the inputs gathered
/// before rendering (evaluations, register, officers) and the frozen weights by member.
struct RenderCtx<'a> {
    m: &'a Meeting,
    tz: Tz,
    inputs: &'a Inputs<'a>,
    weights: BTreeMap<&'a str, rust_decimal::Decimal>,
}

impl RenderCtx<'_> {
    /// Local time with its offset; on another day than the meeting's date (the header's), the
    /// local date too, so that one day's date is never joined to another day's time and offset.
    fn local(&self, at: DateTime<Utc>, cat: &Catalogue) -> String {
        let l = at.with_timezone(&self.tz);
        let offset = l.format("%:z").to_string();
        let time = format!(
            "{} ({})",
            l.format("%H:%M"),
            fill(cat.utc_offset, &[("offset", &offset)])
        );
        let day = self.inputs.header.date.parse::<chrono::NaiveDate>().ok();
        if day.is_some_and(|d| d != l.date_naive()) {
            format!("{}, {time}", date(l.date_naive(), cat))
        } else {
            time
        }
    }

    /// Local hours and minutes (the summary gives the zone and offset).
    fn hm(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.tz).format("%H:%M").to_string()
    }

    fn member(&self, id: &str) -> String {
        match self.m.board.member(id) {
            Some(mb) => format!("{} (`{id}`)", mb.name),
            None => format!("`{id}`"),
        }
    }

    fn weight(&self, id: &str) -> String {
        self.weights
            .get(id)
            .map_or_else(|| "0".to_string(), |w| w.normalize().to_string())
    }

    fn item_title(&self, id: &str) -> String {
        self.m
            .state
            .ctx
            .items
            .iter()
            .find(|i| i.id == id)
            .map_or_else(String::new, |i| i.title.clone())
    }
}

fn date(d: chrono::NaiveDate, cat: &Catalogue) -> String {
    let month = cat.months[d.month0() as usize];
    fill(
        cat.date,
        &[
            ("day", &d.day().to_string()),
            ("month", month),
            ("year", &d.year().to_string()),
        ],
    )
}

fn status_word(s: Attendance, cat: &Catalogue) -> &'static str {
    match s {
        Attendance::Present => cat.present,
        Attendance::Remote => cat.remote,
        Attendance::Absent => cat.absent,
        Attendance::Excused => cat.excused,
    }
}

fn choice_word(c: Choice, cat: &Catalogue) -> &'static str {
    match c {
        Choice::Yes => cat.yes,
        Choice::No => cat.no,
        Choice::Abstain => cat.abstain,
    }
}

fn vote_word(v: &VoteValue, cat: &Catalogue) -> String {
    match v {
        VoteValue::Whole(c) => choice_word(*c, cat).to_string(),
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

fn outcome_text(o: Outcome, cat: &Catalogue) -> &'static str {
    match o {
        Outcome::Carried => cat.carried,
        Outcome::Failed => cat.failed,
        Outcome::NoQuorum => cat.no_quorum,
        Outcome::Tied => cat.tied,
    }
}

/// The snake_case word serde gives a value (dispute kinds, statuses, roles).
fn word<T: Serialize>(x: &T) -> String {
    match serde_json::to_value(x) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Escapes text for a Markdown table cell or a line (pipes and line breaks).
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Renders the minutes of an adjourned meeting.
pub fn render(m: &Meeting, inputs: &Inputs<'_>) -> Rendered {
    let tz: Tz = m
        .board
        .meeting(&m.id)
        .and_then(|d| d.agenda.meeting.time_zone.as_ref())
        .map_or_else(
            || m.board.file.board.time_zone.get_ref().clone(),
            |t| t.get_ref().clone(),
        )
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let mut weights: BTreeMap<&str, rust_decimal::Decimal> = BTreeMap::new();
    if let Some(o) = &m.state.opened {
        for s in &o.seats {
            *weights.entry(s.member.as_str()).or_default() += s.weight;
        }
    }
    let ctx = RenderCtx {
        m,
        tz,
        inputs,
        weights,
    };
    let mut markdown = inputs.header.to_front_matter();
    let languages = &inputs.header.languages;
    for (n, code) in languages.iter().enumerate() {
        let cat = catalogue(code);
        if languages.len() > 1 {
            if n > 0 {
                markdown.push_str("\n---\n");
            }
            let _ = write!(markdown, "\n<a id=\"{}\"></a>\n", cat.code);
        }
        markdown.push('\n');
        markdown.push_str(&body(&ctx, cat));
    }
    let json = json_record(&ctx);
    Rendered { markdown, json }
}

/// The minutes' body in one language: the title and summary table, the recusals declared in
/// tender files, then the proceedings in journal order.
fn body(c: &RenderCtx<'_>, cat: &Catalogue) -> String {
    let mut out = String::new();
    summary(c, cat, &mut out);
    file_recusals(c, cat, &mut out);
    written_since(c, cat, &mut out);
    let _ = writeln!(out, "\n## {}\n", cat.proceedings);
    Proceedings::new(c, cat, out).write()
}

/// The title line and the summary table (body, meeting, kind, date, place, zone, times, who
/// presided, chair and secretary).
fn summary(c: &RenderCtx<'_>, cat: &Catalogue, out: &mut String) {
    let m = c.m;
    let doc = m.board.meeting(&m.id);
    let info = doc.map(|d| &d.agenda.meeting);
    let kind = match info.map(|i| *i.kind.get_ref()) {
        Some(MeetingKind::Special) => cat.kind_special,
        _ => cat.kind_regular,
    };
    // The date frozen in the journal at the opening (the header's), not the editable agenda's.
    let day = c.inputs.header.date.parse::<chrono::NaiveDate>().ok();
    let day_text = day.map(|d| date(d, cat)).unwrap_or_default();
    let _ = writeln!(
        out,
        "# {}\n",
        fill(cat.title, &[("kind", kind), ("date", &day_text)])
    );
    let opened = m.state.opened.as_ref();
    let place = info
        .and_then(|i| i.place.clone())
        .or_else(|| m.board.file.board.place.clone())
        .unwrap_or_default();
    let rows: Vec<(&str, String)> = vec![
        (
            cat.body,
            format!(
                "{} (`{}`)",
                m.board.file.board.name,
                m.board.file.board.id.get_ref()
            ),
        ),
        (
            cat.meeting,
            format!(
                "{} (`{}`)",
                info.and_then(|i| i.title.clone()).unwrap_or_default(),
                m.id
            ),
        ),
        (cat.kind, kind.to_string()),
        (cat.date_label, day_text.clone()),
        (cat.place, place),
        (cat.time_zone, c.tz.name().to_string()),
        (
            cat.scheduled,
            info.map(|i| i.start.0.format("%H:%M").to_string())
                .unwrap_or_default(),
        ),
        (
            cat.opened,
            opened.map(|o| c.local(o.at, cat)).unwrap_or_default(),
        ),
        (
            cat.adjourned,
            m.state
                .adjourned_at
                .map(|a| c.local(a, cat))
                .unwrap_or_default(),
        ),
        (
            cat.presiding,
            opened
                .map(|o| presiding_text(c, o, cat))
                .unwrap_or_default(),
        ),
        (
            cat.chair,
            opened
                .and_then(|o| o.chair.as_deref())
                .map_or_else(|| cat.none.to_string(), |ch| c.member(ch)),
        ),
        (
            cat.secretary,
            opened
                .map(|o| {
                    if m.board.file.board.secretary.as_deref() == Some(o.secretary.as_str()) {
                        o.secretary.clone()
                    } else {
                        fill(cat.stood_in, &[("person", &o.secretary)])
                    }
                })
                .unwrap_or_default(),
        ),
    ];
    out.push_str("| | |\n|---|---|\n");
    for (k, v) in rows {
        let _ = writeln!(out, "| {} | {} |", k, cell(&v));
    }
}

/// A regular meeting's minutes list the decisions taken by written procedure since the previous
/// meeting (procedures closed after the previous meeting's day and before this meeting opened);
/// nothing when there are none.
fn written_since(c: &RenderCtx<'_>, cat: &Catalogue, out: &mut String) {
    let m = c.m;
    let regular = m
        .board
        .meeting(&m.id)
        .is_none_or(|d| *d.agenda.meeting.kind.get_ref() == MeetingKind::Regular);
    let Some(opened) = m.state.opened.as_ref().map(|o| o.at) else {
        return;
    };
    if !regular {
        return;
    }
    let after = c
        .inputs
        .header
        .previous_meeting
        .as_deref()
        .and_then(|p| m.board.meeting(p))
        .map(|d| d.agenda.meeting.date.get_ref().0);
    let list: Vec<_> = crate::written::status::closed_procedures(&m.board)
        .into_iter()
        .filter(|(_, _, at)| {
            *at < opened && after.is_none_or(|a| at.with_timezone(&c.tz).date_naive() > a)
        })
        .collect();
    if list.is_empty() {
        return;
    }
    let (title, closed) = match cat.code {
        "fr" => (
            "Décisions prises par procédure écrite depuis la séance précédente",
            "close le",
        ),
        _ => (
            "Decisions taken by written procedure since the previous meeting",
            "closed",
        ),
    };
    let _ = writeln!(out, "\n## {title}\n");
    for (p, res, at) in list {
        let day = date(at.with_timezone(&c.tz).date_naive(), cat);
        let _ = writeln!(
            out,
            "- `{}` ({}), {closed} {day}: {}\n  **{}**. {}",
            p.id,
            p.proposal.kind,
            p.proposal.text.replace('\n', " "),
            res.outcome.replace('_', " "),
            res.explanation
        );
    }
}

/// The recusals declared in tender files that concern this meeting, listed before the
/// proceedings (nothing when there are none).
fn file_recusals(c: &RenderCtx<'_>, cat: &Catalogue, out: &mut String) {
    let m = c.m;
    let file_recusals: Vec<_> = m
        .state
        .recusals
        .iter()
        .filter(|r| r.from_file && concerns(m, &r.scope))
        .collect();
    if !file_recusals.is_empty() {
        let _ = writeln!(out, "\n{}\n", cat.file_recusals);
        for r in file_recusals {
            let _ = writeln!(
                out,
                "- {}",
                recusal_text(c, &r.member, &r.scope, &r.reason, cat)
            );
        }
    }
}

/// The walk through the journal that writes the proceedings, one act where it happened, with
/// what an act needs from the acts before it: whether a run of attendance rows or of scores is
/// open, each motion's votes and round, and which tenders' evaluations are already shown.
struct Proceedings<'r> {
    c: &'r RenderCtx<'r>,
    cat: &'r Catalogue,
    out: String,
    in_attendance_run: bool,
    roll_call_done: bool,
    votes: BTreeMap<String, Vec<VoteRow>>,
    rounds: BTreeMap<String, u32>,
    tenders_shown: BTreeSet<String>,
    scores_run: Option<&'static str>,
}

impl<'r> Proceedings<'r> {
    fn new(c: &'r RenderCtx<'r>, cat: &'r Catalogue, out: String) -> Self {
        Proceedings {
            c,
            cat,
            out,
            in_attendance_run: false,
            roll_call_done: false,
            votes: BTreeMap::new(),
            rounds: BTreeMap::new(),
            tenders_shown: BTreeSet::new(),
            scores_run: None,
        }
    }

    /// Writes every record of the journal in order and returns the text so far with them.
    fn write(mut self) -> String {
        let records = &self.c.m.records;
        for (idx, r) in records.iter().enumerate() {
            let next_is_attendance = matches!(
                records.get(idx + 1).map(|n| &n.event),
                Some(Event::Attendance { .. })
            );
            let is_score = matches!(r.event, Event::ScoreRecorded(ScoreRecorded { .. }));
            let is_consensus =
                matches!(r.event, Event::ConsensusRecorded(ConsensusRecorded { .. }));
            if self.scores_run.is_some() && !is_score && !is_consensus {
                self.out.push('\n');
                self.scores_run = None;
            }
            self.act(r.at, r.seq, &r.event, next_is_attendance);
        }
        self.out
    }

    /// Writes one act: each event kind is one arm, the longer ones a method of their own.
    fn act(&mut self, at: DateTime<Utc>, seq: u64, event: &Event, next_is_attendance: bool) {
        let (c, cat) = (self.c, self.cat);
        let out = &mut self.out;
        match event {
            Event::MeetingOpened(MeetingOpened { .. }) => self.called_to_order(at),
            Event::Attendance {
                member,
                status,
                person,
                alternate,
            } => {
                let who = match person {
                    Some(p) if *alternate => fill(cat.alternate, &[("person", p)]),
                    Some(p) => p.clone(),
                    None => String::new(),
                };
                self.attendance(at, seq, member, *status, &who, next_is_attendance);
            }
            Event::AttendanceCorrected {
                member,
                status,
                reason,
                ..
            } => self.attendance_corrected(at, seq, member, *status, reason),
            Event::Proxy { member, holder } => {
                let _ = writeln!(
                    out,
                    "{}\n",
                    fill(
                        cat.proxy,
                        &[("member", &c.member(member)), ("holder", &c.member(holder))]
                    )
                );
            }
            Event::ItemOpened { item } => {
                let _ = writeln!(
                    out,
                    "### {}\n\n{}\n",
                    fill(cat.item, &[("id", item), ("title", &c.item_title(item))]),
                    fill(cat.item_opened, &[("time", &c.hm(at))])
                );
                approval_line(c, item, cat, out);
            }
            Event::ItemClosed { item } => {
                evaluation_block(c, item, cat, &mut self.tenders_shown, out);
                review_block(c, item, cat, out);
                approval_outcome(c, item, cat, out);
                let hm = c.hm(at);
                super::speakers::item_block(
                    c.m,
                    cat,
                    (seq, at, &hm),
                    item,
                    &|id| c.member(id),
                    out,
                );
                let _ = writeln!(out, "{}\n", fill(cat.item_closed, &[("time", &c.hm(at))]));
            }
            Event::ItemDeferred { item, reason } => {
                let _ = writeln!(
                    out,
                    "### {}\n\n{}\n",
                    fill(cat.item, &[("id", item), ("title", &c.item_title(item))]),
                    fill(
                        cat.item_deferred,
                        &[("time", &c.hm(at)), ("reason", reason)]
                    )
                );
            }
            Event::Recusal {
                member,
                scope,
                reason,
            } => {
                let text = recusal_text(c, member, scope, reason, cat);
                let _ = writeln!(out, "{}: {}\n", c.hm(at), text);
            }
            Event::MotionMoved(mm @ MotionMoved { .. }) => self.moved(mm),
            Event::MotionSeconded { seconder, .. } => {
                let seconder = c.member(seconder);
                let _ = writeln!(out, "{}\n", fill(cat.seconded, &[("seconder", &seconder)]));
            }
            Event::QuestionPut { motion } => {
                let _ = writeln!(
                    out,
                    "{}\n",
                    fill(cat.question_put, &[("time", &c.hm(at)), ("id", motion)])
                );
                self.as_amended(motion);
            }
            Event::MotionWithdrawn { motion } => {
                let _ = writeln!(out, "{}\n", fill(cat.withdrawn, &[("id", motion)]));
            }
            Event::VoteOpened { motion } => self.vote_opened(motion),
            Event::VoteCast(VoteCast {
                motion,
                member,
                vote,
                proxy,
                ..
            }) => self.vote_cast(motion, member, vote, proxy.clone()),
            Event::VoteCorrected(VoteCorrected {
                motion,
                member,
                vote,
                reason,
                ..
            }) => self.vote_corrected(at, motion, member, vote, reason),
            Event::CastingVote { choice, .. } => {
                let choice = choice_word(*choice, cat);
                let _ = writeln!(out, "{}\n", fill(cat.casting_vote, &[("choice", choice)]));
            }
            Event::Presiding(Presiding {
                member,
                person,
                reason,
            }) => self.presiding(at, member, person.as_deref(), reason.as_deref()),
            Event::VoteClosed(VoteClosed {
                motion,
                outcome: _,
                explanation,
            }) => {
                self.vote_closed(motion, explanation);
                self.after_vote(seq, motion);
            }
            Event::ScoreRecorded(ScoreRecorded { .. }) => self.score(at, event),
            Event::ConsensusRecorded(ConsensusRecorded { .. }) => self.consensus(at, event),
            Event::DisputeLodged(DisputeLodged { .. }) => self.dispute_lodged(at, event),
            Event::DisputeStatusChanged(DisputeStatusChanged {
                dispute,
                status,
                reasons,
            }) => self.dispute_status(at, dispute, *status, reasons.as_deref()),
            Event::WitnessCited { statement, sha256 } => {
                let line = fill(
                    cat.witness_cited,
                    &[
                        ("time", &c.hm(at)),
                        ("statement", statement),
                        ("sha", sha256),
                    ],
                );
                let _ = writeln!(out, "{line}\n");
            }
            Event::Note { text, .. } => {
                let _ = writeln!(out, "{}\n", fill(cat.note, &[("text", &cell(text))]));
            }
            Event::SpeakerRequested(_)
            | Event::PointOfOrder(_)
            | Event::SpeakerRemoved(_)
            | Event::SpeakerMoved(_)
            | Event::SpeechStarted(_)
            | Event::SpeechEnded(_) => {
                let hm = c.hm(at);
                if let Some(line) =
                    super::speakers::line(c.m, cat, seq, &hm, event, &|id| c.member(id))
                {
                    let _ = writeln!(out, "{line}\n");
                }
            }
            Event::Adjourned {} => {
                let time = c.local(at, cat);
                let _ = writeln!(out, "{}", fill(cat.adjournment, &[("time", &time)]));
            }
            Event::ClosedSessionBegan(_) | Event::ClosedSessionEnded(_) | Event::ReportedOut(_) => {
                let line = super::closed::public_line(event, &c.hm(at), cat, &|m| c.member(m));
                let _ = writeln!(out, "{}\n", cell(&line));
            }
            Event::ConsentPulled(_) | Event::Recessed(_) | Event::Resumed {} => {
                self.procedure_act(at, seq, event)
            }
        }
    }

    /// The meeting called to order: when, and by whom.
    fn called_to_order(&mut self, at: DateTime<Utc>) {
        let (c, cat) = (self.c, self.cat);
        if let Some(o) = c.m.state.opened.as_ref() {
            let _ = writeln!(
                self.out,
                "{}\n",
                fill(
                    cat.called_to_order,
                    &[("time", &c.local(at, cat)), ("person", &o.presiding)]
                )
            );
        }
    }

    /// A dispute's new status, with the reasons quoted when given.
    fn dispute_status(
        &mut self,
        at: DateTime<Utc>,
        dispute: &str,
        status: crate::rules::dispute::DisputeStatus,
        reasons: Option<&str>,
    ) {
        let (c, cat) = (self.c, self.cat);
        let out = &mut self.out;
        let status = word(&status);
        let status = code(cat, &status);
        let text = fill(cat.dispute_status, &[("id", dispute), ("status", status)]);
        let _ = writeln!(out, "{}: {}", c.hm(at), text);
        if let Some(why) = reasons {
            let _ = writeln!(out, "\n> {}", cell(why));
        }
        out.push('\n');
    }

    /// One row of the attendance table, opening the table (roll call, or a change after it) at
    /// the first row of a run and closing it with the quorum line after the last.
    fn attendance(
        &mut self,
        at: DateTime<Utc>,
        seq: u64,
        member: &str,
        status: Attendance,
        who: &str,
        next_is_attendance: bool,
    ) {
        let (c, cat) = (self.c, self.cat);
        let out = &mut self.out;
        if !self.in_attendance_run {
            let heading = if self.roll_call_done {
                cat.attendance_change
            } else {
                cat.roll_call
            };
            let _ = writeln!(
                out,
                "**{heading}**\n\n| {} | {} | {} | {} | {} |\n|---|---|---:|---|---|",
                cat.col_time, cat.col_member, cat.col_weight, cat.col_status, cat.col_person
            );
            self.in_attendance_run = true;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            c.hm(at),
            cell(&c.member(member)),
            c.weight(member),
            status_word(status, cat),
            cell(who)
        );
        if !next_is_attendance {
            self.in_attendance_run = false;
            self.roll_call_done = true;
            out.push('\n');
            quorum_line(c, seq, cat, out);
        }
    }

    /// A corrected attendance, in a sentence with its reason, then the quorum it leaves.
    fn attendance_corrected(
        &mut self,
        at: DateTime<Utc>,
        seq: u64,
        member: &str,
        status: Attendance,
        reason: &str,
    ) {
        let (c, cat) = (self.c, self.cat);
        let _ = writeln!(
            self.out,
            "{}\n",
            fill(
                cat.attendance_corrected,
                &[
                    ("time", &c.hm(at)),
                    ("member", &c.member(member)),
                    ("status", status_word(status, cat)),
                    ("reason", reason),
                ]
            )
        );
        quorum_line(c, seq, cat, &mut self.out);
    }

    /// Who presides from here on, and why when the journal says.
    fn presiding(
        &mut self,
        at: DateTime<Utc>,
        member: &str,
        person: Option<&str>,
        reason: Option<&str>,
    ) {
        let (c, cat) = (self.c, self.cat);
        let who = match person {
            Some(p) => format!("{p}, {}", c.member(member)),
            None => c.member(member),
        };
        let _ = writeln!(
            self.out,
            "{}\n",
            fill(cat.presides, &[("time", &c.hm(at)), ("who", &who)])
        );
        if let Some(why) = reason {
            let _ = writeln!(
                self.out,
                "{}\n",
                fill(cat.presides_why, &[("reason", &cell(why))])
            );
        }
    }

    /// A motion moved: its first round starts with no votes, and its text is quoted.
    fn motion_moved(&mut self, motion: &str) {
        let (c, cat) = (self.c, self.cat);
        self.rounds.insert(motion.to_string(), 1);
        self.votes.insert(motion.to_string(), Vec::new());
        if let Some(ms) = c.m.state.motion(motion) {
            let _ = writeln!(
                self.out,
                "{}\n\n> {}\n",
                fill(
                    cat.motion_moved,
                    &[("id", motion), ("mover", &c.member(&ms.mover))]
                ),
                cell(ms.procedure.moved_text.as_deref().unwrap_or(&ms.text))
            );
        }
    }

    /// A vote opened: the motion's next round, with no votes yet.
    fn vote_opened(&mut self, motion: &str) {
        let round = self.rounds.entry(motion.to_string()).or_insert(0);
        *round += 1;
        let round = round.to_string();
        self.votes.insert(motion.to_string(), Vec::new());
        let _ = writeln!(
            self.out,
            "{}\n",
            fill(self.cat.vote_opened, &[("id", motion), ("round", &round)])
        );
    }

    /// A vote cast is kept for the motion's table, written when the vote closes.
    fn vote_cast(&mut self, motion: &str, member: &str, vote: &VoteValue, proxy: Option<String>) {
        let (c, cat) = (self.c, self.cat);
        self.votes
            .entry(motion.to_string())
            .or_default()
            .push(VoteRow {
                member: member.to_string(),
                weight: c.weight(member),
                vote: vote_word(vote, cat),
                proxy,
                corrected_from: None,
            });
    }

    /// A corrected vote: the kept row takes the new vote and remembers the first one, and the
    /// correction is told in a sentence with its reason.
    fn vote_corrected(
        &mut self,
        at: DateTime<Utc>,
        motion: &str,
        member: &str,
        vote: &VoteValue,
        reason: &str,
    ) {
        let (c, cat) = (self.c, self.cat);
        let mut old = String::new();
        if let Some(row) = self
            .votes
            .get_mut(motion)
            .and_then(|v| v.iter_mut().find(|x| x.member == member))
        {
            old = row.vote.clone();
            row.vote = vote_word(vote, cat);
            row.corrected_from.get_or_insert(old.clone());
        }
        let _ = writeln!(
            self.out,
            "{}\n",
            fill(
                cat.vote_corrected,
                &[
                    ("time", &c.hm(at)),
                    ("member", &c.member(member)),
                    ("motion", motion),
                    ("vote", &vote_word(vote, cat)),
                    ("old", &old),
                    ("reason", reason),
                ]
            )
        );
    }

    /// A vote closed: the table of the round's votes, who was recused, the result, and the
    /// explanation given.
    fn vote_closed(&mut self, motion: &str, explanation: &str) {
        let (c, cat) = (self.c, self.cat);
        let out = &mut self.out;
        let round = self.rounds.get(motion).copied().unwrap_or(1);
        let ms = c.m.state.motion(motion);
        let decision = ms.map(|x| x.decision.clone()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{}\n\n| {} | {} | {} | {} |\n|---|---:|---|---|",
            fill(
                cat.vote_heading,
                &[
                    ("id", motion),
                    ("decision", &decision),
                    ("round", &round.to_string())
                ]
            ),
            cat.col_member,
            cat.col_weight,
            cat.col_vote,
            cat.col_note
        );
        for v in self
            .votes
            .get(motion)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let mut notes = Vec::new();
            if let Some(h) = &v.proxy {
                notes.push(fill(cat.by_proxy, &[("holder", &c.member(h))]));
            }
            if let Some(o) = &v.corrected_from {
                notes.push(fill(cat.corrected_from, &[("old", o)]));
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&c.member(&v.member)),
                v.weight,
                v.vote,
                cell(&notes.join("; "))
            );
        }
        out.push('\n');
        if let Some(ms) = ms {
            let recused: Vec<String> = ms_recused(c, &ms.item)
                .into_iter()
                .map(|x| c.member(&x))
                .collect();
            if !recused.is_empty() {
                let _ = writeln!(
                    out,
                    "{}\n",
                    fill(cat.recused_not_voting, &[("members", &recused.join(", "))])
                );
            }
            let idx = (round as usize).saturating_sub(1);
            if let Some(t) = ms.results.get(idx).or(ms.results.last()) {
                let _ = writeln!(
                    out,
                    "{}\n",
                    fill(
                        cat.result,
                        &[
                            ("outcome", outcome_text(t.outcome, cat)),
                            ("yes", &t.yes.normalize().to_string()),
                            ("no", &t.no.normalize().to_string()),
                            ("abstain", &t.abstain.normalize().to_string()),
                            ("not_voting", &t.not_voting.normalize().to_string()),
                        ]
                    )
                );
            }
        }
        let _ = writeln!(out, "{}\n\n> {}\n", cat.explanation, cell(explanation));
    }

    /// One member's score, as a row of the scores table (opened at the first of a run).
    fn score(&mut self, at: DateTime<Utc>, event: &Event) {
        let Event::ScoreRecorded(ScoreRecorded {
            member,
            tender,
            bid,
            criterion,
            score,
        }) = event
        else {
            return;
        };
        let (c, cat) = (self.c, self.cat);
        let out = &mut self.out;
        if self.scores_run != Some("score") {
            if self.scores_run.is_some() {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---:|",
                cat.scores,
                cat.col_time,
                cat.col_member,
                cat.col_tender,
                cat.col_bid,
                cat.col_criterion,
                cat.col_score
            );
            self.scores_run = Some("score");
        }
        let _ = writeln!(
            out,
            "| {} | {} | {tender} | {bid} | {criterion} | {} |",
            c.hm(at),
            cell(&c.member(member)),
            score.normalize()
        );
    }

    /// A score agreed by consensus, as a row of the consensus table (opened at the first of a
    /// run).
    fn consensus(&mut self, at: DateTime<Utc>, event: &Event) {
        let Event::ConsensusRecorded(ConsensusRecorded {
            tender,
            bid,
            criterion,
            score,
            reason,
        }) = event
        else {
            return;
        };
        let (c, cat) = (self.c, self.cat);
        let out = &mut self.out;
        if self.scores_run != Some("consensus") {
            if self.scores_run.is_some() {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---:|---|",
                cat.consensus,
                cat.col_time,
                cat.col_tender,
                cat.col_bid,
                cat.col_criterion,
                cat.col_score,
                cat.col_reason
            );
            self.scores_run = Some("consensus");
        }
        let _ = writeln!(
            out,
            "| {} | {tender} | {bid} | {criterion} | {} | {} |",
            c.hm(at),
            score.normalize(),
            cell(reason.as_deref().unwrap_or(""))
        );
    }

    /// A dispute lodged: who lodged what against what, then its grounds, remedy, whether it
    /// blocks the award and what it asks to reconsider.
    fn dispute_lodged(&mut self, at: DateTime<Utc>, event: &Event) {
        let Event::DisputeLodged(DisputeLodged {
            dispute,
            kind,
            author,
            role,
            tender,
            lot,
            bid,
            item,
            grounds,
            remedy,
            blocks_award,
            reconsiders,
        }) = event
        else {
            return;
        };
        let (c, cat) = (self.c, self.cat);
        let out = &mut self.out;
        let mut against = Vec::new();
        if let Some(t) = tender {
            against.push(fill(cat.scope_tender, &[("id", t)]));
        }
        if let Some(l) = lot {
            against.push(fill(cat.scope_lot, &[("id", l)]));
        }
        if let Some(b) = bid {
            against.push(fill(cat.scope_bid, &[("id", b)]));
        }
        if let Some(i) = item {
            against.push(fill(cat.scope_item, &[("id", i)]));
        }
        if against.is_empty() {
            against.push(cat.against_meeting.to_string());
        }
        let _ = writeln!(
            out,
            "{}: {}\n",
            c.hm(at),
            fill(
                cat.dispute_lodged,
                &[
                    ("id", dispute),
                    ("kind", code(cat, &word(kind))),
                    ("author", author),
                    ("role", code(cat, &word(role))),
                    ("against", &against.join(", ")),
                ]
            )
        );
        let _ = writeln!(out, "- {}", fill(cat.grounds, &[("text", &cell(grounds))]));
        if let Some(rem) = remedy {
            let _ = writeln!(out, "- {}", fill(cat.remedy, &[("text", &cell(rem))]));
        }
        if *blocks_award {
            let _ = writeln!(out, "- {}", cat.blocks_award);
        }
        if let Some(x) = reconsiders {
            let _ = writeln!(out, "- {}", fill(cat.reconsiders, &[("id", x)]));
        }
        out.push('\n');
    }
}
/// Whether a recusal's scope concerns this meeting: a tender one of its items is about, or one of
/// its items. Recusals declared in tender files appear only in the minutes of meetings that take
/// up that tender.
fn concerns(m: &Meeting, scope: &RecusalScope) -> bool {
    m.state.ctx.items.iter().any(|i| match scope {
        RecusalScope::Tender(t) => i.tender.as_deref() == Some(t.as_str()),
        RecusalScope::Item(id) => &i.id == id,
    })
}

fn presiding_text(c: &RenderCtx<'_>, o: &crate::record::state::Opened, cat: &Catalogue) -> String {
    let by_rotation = o
        .chair
        .as_ref()
        .and_then(|ch| c.m.board.member(ch))
        .and_then(|mb| mb.delegates.first())
        .is_some_and(|d| d == &o.presiding);
    if by_rotation || o.chair.is_none() {
        o.presiding.clone()
    } else {
        fill(cat.stood_in, &[("person", &o.presiding)])
    }
}

fn recusal_text(
    c: &RenderCtx<'_>,
    member: &str,
    scope: &RecusalScope,
    reason: &str,
    cat: &Catalogue,
) -> String {
    let scope = match scope {
        RecusalScope::Item(i) => fill(cat.scope_item, &[("id", i)]),
        RecusalScope::Tender(t) => fill(cat.scope_tender, &[("id", t)]),
    };
    fill(
        cat.recusal,
        &[
            ("member", &c.member(member)),
            ("scope", &scope),
            ("reason", &cell(reason)),
        ],
    )
}

fn quorum_line(c: &RenderCtx<'_>, seq: u64, cat: &Catalogue, out: &mut String) {
    if let Some((_, _, q)) =
        c.m.state
            .quorum_log
            .iter()
            .rev()
            .find(|(s, _, _)| *s <= seq)
    {
        let _ = writeln!(
            out,
            "{}\n",
            fill(cat.quorum, &[("explanation", &q.explanation)])
        );
    }
}

/// Members recused from an item (by the item or by its tender), in seat order.
fn ms_recused(c: &RenderCtx<'_>, item: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(o) = &c.m.state.opened {
        for s in &o.seats {
            if c.m.state.is_recused(&s.member, item) && !out.contains(&s.member) {
                out.push(s.member.clone());
            }
        }
    }
    out
}

fn approval_line(c: &RenderCtx<'_>, item: &str, cat: &Catalogue, out: &mut String) {
    if let Some(of) = approves(c.m, item) {
        match c.inputs.approved_minutes.get(&of) {
            Some(sha) => {
                let _ = writeln!(
                    out,
                    "{}\n",
                    fill(cat.minutes_of, &[("meeting", &of), ("sha", sha)])
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "{}\n",
                    fill(cat.minutes_of_missing, &[("meeting", &of)])
                );
            }
        }
    }
}

/// What an `approve_minutes` item decided: (the meeting whose minutes it approves, the
/// corrections recorded as notes on the item), when a motion on it carried.
pub fn approval(m: &Meeting, item: &str) -> Option<(String, Vec<String>)> {
    let of = approves(m, item)?;
    let carried = m.state.motions.iter().any(|ms| {
        // The motion on the item, or the consent block that adopted it.
        (ms.item == item || ms.procedure.consent.iter().any(|i| i == item))
            && ms.result().is_some_and(|t| t.outcome == Outcome::Carried)
    });
    if !carried {
        return None;
    }
    let corrections = m
        .records
        .iter()
        .filter_map(|r| match &r.event {
            Event::Note {
                item: Some(i),
                text,
            } if i == item => Some(text.clone()),
            _ => None,
        })
        .collect();
    Some((of, corrections))
}

fn approval_outcome(c: &RenderCtx<'_>, item: &str, cat: &Catalogue, out: &mut String) {
    let Some((of, corrections)) = approval(c.m, item) else {
        return;
    };
    if corrections.is_empty() {
        let _ = writeln!(out, "{}\n", fill(cat.minutes_approved, &[("meeting", &of)]));
    } else {
        let _ = writeln!(
            out,
            "{}\n",
            fill(cat.minutes_approved_corrected, &[("meeting", &of)])
        );
        for text in corrections {
            let _ = writeln!(out, "- {}", cell(&text));
        }
        out.push('\n');
    }
}

/// The meeting whose minutes item `item` approves, for an `approve_minutes` item.
pub fn approves(m: &Meeting, item: &str) -> Option<String> {
    let doc = m.board.meeting(&m.id)?;
    let it = doc
        .agenda
        .items
        .iter()
        .find(|i| i.id.get_ref() == item && *i.kind.get_ref() == ItemKind::ApproveMinutes)?;
    it.minutes_of.as_ref().map(|s| s.get_ref().clone())
}

fn evaluation_block(
    c: &RenderCtx<'_>,
    item: &str,
    cat: &Catalogue,
    shown: &mut BTreeSet<String>,
    out: &mut String,
) {
    let Some(tender) =
        c.m.state
            .ctx
            .items
            .iter()
            .find(|i| i.id == item)
            .and_then(|i| i.tender.clone())
    else {
        return;
    };
    if shown.contains(&tender) {
        return;
    }
    if let Some((table, _)) = c.inputs.evaluations.get(&tender) {
        shown.insert(tender.clone());
        let _ = writeln!(
            out,
            "{}\n\n```text\n{}```\n",
            fill(cat.evaluation, &[("tender", &tender)]),
            table
        );
    }
}

/// The figures reviewed under a `contract_review` item: the contract's review on the meeting's
/// date (`contracts::text::minutes_table`), as a text table.
fn review_block(c: &RenderCtx<'_>, item: &str, cat: &Catalogue, out: &mut String) {
    let Some(doc) = c.m.board.meeting(&c.m.id) else {
        return;
    };
    let Some(contract) = doc
        .agenda
        .items
        .iter()
        .find(|i| i.id.get_ref() == item && *i.kind.get_ref() == ItemKind::ContractReview)
        .and_then(|i| i.contract.as_ref())
    else {
        return;
    };
    let on = doc.agenda.meeting.date.get_ref().0;
    let Some(table) = crate::contracts::text::minutes_table(&c.m.board, contract.get_ref(), on)
    else {
        return;
    };
    // The heading in the minutes' language; the table's own words are the review's.
    let heading = match cat.code {
        "fr" => format!(
            "Chiffres examinés du contrat `{}` au {on} :",
            contract.get_ref()
        ),
        _ => format!(
            "Figures reviewed for contract `{}` on {on}:",
            contract.get_ref()
        ),
    };
    let _ = writeln!(out, "{heading}\n\n```text\n{table}```\n");
}

fn json_record(c: &RenderCtx<'_>) -> String {
    let m = c.m;
    let en = catalogue("en");
    let info = m.board.meeting(&m.id).map(|d| &d.agenda.meeting);
    let opened = m.state.opened.as_ref();
    let mut entries = Vec::new();
    for r in &m.records {
        let mut event = serde_json::to_value(&r.event).unwrap_or(Value::Null);
        if let Value::Object(o) = &mut event {
            // The frozen board is in the journal; the minutes give its facts in their own fields.
            o.remove("frozen");
        }
        let mut entry = json!({
            "seq": r.seq,
            "at": r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "local_time": r.at.with_timezone(&c.tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            "by": r.by,
            "event": event,
        });
        match &r.event {
            Event::Attendance { .. } | Event::AttendanceCorrected { .. } => {
                if let Some((_, _, q)) = m
                    .state
                    .quorum_log
                    .iter()
                    .rev()
                    .find(|(s, _, _)| *s <= r.seq)
                {
                    entry["quorum"] = json!({"met": q.met, "explanation": q.explanation});
                }
            }
            Event::ItemOpened { item } => {
                if let Some(of) = approves(m, item) {
                    entry["approves"] = json!({
                        "meeting": of,
                        "minutes_sha256": c.inputs.approved_minutes.get(&of),
                    });
                }
            }
            Event::ItemClosed { item } => {
                if let Some((of, corrections)) = approval(m, item) {
                    entry["approved"] = json!({
                        "meeting": of,
                        "minutes_sha256": c.inputs.approved_minutes.get(&of),
                        "as_corrected": !corrections.is_empty(),
                        "corrections": corrections,
                    });
                }
            }
            _ => {}
        }
        entries.push(entry);
    }
    let motions: Vec<Value> = m
        .state
        .motions
        .iter()
        .map(|ms| {
            let votes: Vec<Value> = ms
                .votes
                .iter()
                .map(|(member, v)| {
                    json!({
                        "member": member,
                        "weight": c.weight(member),
                        "vote": v.vote,
                        "proxy": v.proxy,
                        "corrections": v.corrections.iter().map(|(reason, old)| json!({"reason": reason, "previous": old})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut value = json!({
                "id": ms.id,
                "item": ms.item,
                "text": ms.text,
                "mover": ms.mover,
                "seconder": ms.seconder,
                "decision": ms.decision,
                "status": word(&ms.status),
                "rounds": ms.results.len(),
                "outcome": ms.result().map(outcome_word),
                "explanation": ms.result().map(|t| t.explanation.clone()),
                "recused": ms_recused(c, &ms.item),
                "votes": votes,
            });
            procedure::motion_json(ms, &mut value);
            value
        })
        .collect();
    let seats: Vec<Value> = opened
        .map(|o| {
            o.seats
                .iter()
                .map(|s| json!({"seat": s.seat, "member": s.member, "weight": s.weight.normalize().to_string()}))
                .collect()
        })
        .unwrap_or_default();
    let recusals: Vec<Value> = m
        .state
        .recusals
        .iter()
        .filter(|r| !r.from_file || concerns(m, &r.scope))
        .map(|r| json!({"member": r.member, "scope": r.scope, "reason": r.reason, "from_file": r.from_file}))
        .collect();
    let evaluations: BTreeMap<&String, &Value> = c
        .inputs
        .evaluations
        .iter()
        .map(|(k, (_, v))| (k, v))
        .collect();
    let record = json!({
        "format": super::FORMAT,
        "header": c.inputs.header,
        "board": {"id": m.board.file.board.id.get_ref(), "name": m.board.file.board.name},
        "meeting": {
            "id": m.id,
            "kind": info.map(|i| *i.kind.get_ref()),
            "title": info.and_then(|i| i.title.clone()),
            "date": Some(&c.inputs.header.date),
            "scheduled_start": info.map(|i| i.start.0.format("%H:%M:%S").to_string()),
            "time_zone": c.tz.name(),
            "place": info.and_then(|i| i.place.clone()).or_else(|| m.board.file.board.place.clone()),
            "opened_at": opened.map(|o| o.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            "adjourned_at": m.state.adjourned_at.map(|a| a.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            "opened_local": opened.map(|o| c.local(o.at, en)),
            "adjourned_local": m.state.adjourned_at.map(|a| c.local(a, en)),
        },
        "presiding": opened.map(|o| o.presiding.clone()),
        "secretary": opened.map(|o| o.secretary.clone()),
        "chair": opened.and_then(|o| o.chair.clone()),
        "vice_chair": opened.and_then(|o| o.vice_chair.clone()),
        "seats": seats,
        "recusals": recusals,
        "entries": entries,
        "motions": motions,
        "evaluations": evaluations,
    });
    let mut s = serde_json::to_string_pretty(&record).unwrap_or_default();
    s.push('\n');
    s
}

/// The minutes name who presided: the chair by rotation from the opening, then each member a
/// `presiding` event names. A member presiding that the journal records absent or excused, with
/// no `presiding` event after it and no return, would be named as presiding though it was not
/// there: refused, with the event that fixes it (a `presiding` is still taken after the
/// adjournment in this one case).
pub fn check_presiding(m: &Meeting) -> Result<(), String> {
    let Some(opened) = &m.state.opened else {
        return Ok(());
    };
    let mut presiding = opened.chair.clone();
    let mut away: Option<(u64, Attendance)> = None;
    for r in &m.records {
        match &r.event {
            Event::Presiding(p) => {
                presiding = Some(p.member.clone());
                away = None;
            }
            Event::Attendance { member, status, .. }
            | Event::AttendanceCorrected { member, status, .. }
                if presiding.as_deref() == Some(member.as_str()) =>
            {
                away = matches!(status, Attendance::Absent | Attendance::Excused)
                    .then_some((r.seq, *status));
            }
            _ => {}
        }
    }
    let (Some(member), Some((seq, status))) = (presiding, away) else {
        return Ok(());
    };
    let vice = opened
        .vice_chair
        .as_deref()
        .filter(|v| *v != member && m.state.is_present(v));
    let example = match vice {
        Some(v) => format!(
            "{{\"type\":\"presiding\",\"member\":\"{v}\",\"reason\":\"The chair was {}; the vice-chair presided.\"}}",
            status.as_str()
        ),
        None => "{\"type\":\"presiding\",\"member\":\"<a member present>\",\"reason\":\"Elected to preside pro tem.\"}".to_string(),
    };
    Err(format!(
        "the minutes would name `{member}` as presiding, but the journal records it {} (line {seq}) and no `presiding` event names who presided instead\n  hint: record who presided with `procboard meeting {} record`, e.g. {example} (taken even after the adjournment), then render again",
        status.as_str(),
        m.dir.display()
    ))
}
