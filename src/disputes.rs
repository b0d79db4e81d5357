//! The board's dispute register: disputes filed in `disputes/` and those lodged or moved on in
//! meetings (journal events), with their status history (`procboard disputes`).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::board::Board;
use crate::board::model::{AuthorRole, DisputeKind};
use crate::meeting::event::Event;
use crate::meeting::journal::{Journal, Record};
use crate::meeting::{JOURNAL_FILE, MeetingError};
use crate::rules::dispute::DisputeStatus;

/// One status change.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// New status.
    pub status: DisputeStatus,
    /// Date (local to the board).
    pub date: NaiveDate,
    /// Decision and reasons.
    pub reasons: Option<String>,
    /// `disputes/<id>.toml`, or `meetings/<id>/journal.jsonl line N`.
    pub source: String,
}

/// A dispute in the register.
#[derive(Clone, Debug, Serialize)]
pub struct DisputeRecord {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: DisputeKind,
    /// Who lodged it.
    pub author: String,
    /// Their role.
    pub role: AuthorRole,
    /// Tender.
    pub tender: Option<String>,
    /// Lot.
    pub lot: Option<String>,
    /// Bid.
    pub bid: Option<String>,
    /// Meeting of the item.
    pub meeting: Option<String>,
    /// Agenda item.
    pub item: Option<String>,
    /// Grounds.
    pub grounds: String,
    /// Remedy sought.
    pub remedy: Option<String>,
    /// Date lodged.
    pub lodged: NaiveDate,
    /// Blocks the award while open.
    pub blocks_award: bool,
    /// Earlier dispute reconsidered.
    pub reconsiders: Option<String>,
    /// Current status.
    pub status: DisputeStatus,
    /// Every change after lodging, in order.
    pub history: Vec<Change>,
    /// Where it was lodged.
    pub source: String,
    /// The meeting whose journal lodged it (none for a dispute file).
    pub lodged_in: Option<String>,
}

/// Every dispute of the board, by id.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Register {
    /// Disputes, sorted by id.
    pub disputes: Vec<DisputeRecord>,
}

impl Register {
    /// The dispute with this id.
    pub fn get(&self, id: &str) -> Option<&DisputeRecord> {
        self.disputes.iter().find(|d| d.id == id)
    }
}

/// Builds the register from the dispute files and every meeting journal (read-only).
pub fn register(board: &Board) -> Result<Register, MeetingError> {
    register_with(board, None)
}

/// The register, taking the records of meeting `open.0` from `open.1` (a meeting already read)
/// instead of reading its journal again.
pub fn register_with(
    board: &Board,
    open: Option<(&str, &[Record<Event>])>,
) -> Result<Register, MeetingError> {
    let tz: chrono_tz::Tz = board
        .file
        .board
        .time_zone
        .get_ref()
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let local = |at: DateTime<Utc>| at.with_timezone(&tz).date_naive();
    let mut disputes: Vec<DisputeRecord> = board
        .disputes
        .iter()
        .map(|d| {
            let i = &d.dispute.dispute;
            let source = d.path.to_string_lossy().replace('\\', "/");
            let s = |x: &Option<toml::Spanned<String>>| x.as_ref().map(|v| v.get_ref().clone());
            DisputeRecord {
                id: d.id.clone(),
                kind: i.kind,
                author: i.author.clone(),
                role: i.role,
                tender: s(&i.tender),
                lot: s(&i.lot),
                bid: s(&i.bid),
                meeting: s(&i.meeting),
                item: s(&i.item),
                grounds: i.grounds.clone(),
                remedy: i.remedy.clone(),
                lodged: i.lodged.get_ref().0,
                blocks_award: i.blocks_award,
                reconsiders: s(&i.reconsiders),
                status: crate::board::model::current_status(&d.dispute),
                history: d
                    .dispute
                    .history
                    .iter()
                    .map(|h| Change {
                        status: *h.status.get_ref(),
                        date: h.date.get_ref().0,
                        reasons: h.reasons.clone(),
                        source: source.clone(),
                    })
                    .collect(),
                source,
                lodged_in: None,
            }
        })
        .collect();

    // Meetings in date order, so changes to the same dispute line up in time.
    let mut meetings: Vec<_> = board.meetings.iter().collect();
    meetings.sort_by_key(|m| (m.agenda.meeting.date.get_ref().0, m.id.clone()));
    for m in meetings {
        let read;
        let records: &[Record<Event>] = match open {
            Some((id, records)) if id == m.id => records,
            _ => {
                let path = board.root.join("meetings").join(&m.id).join(JOURNAL_FILE);
                if !crate::meeting::journal_present(&path) {
                    continue;
                }
                read = Journal::<Event>::read(&path)
                    .map_err(MeetingError::Journal)?
                    .0;
                &read
            }
        };
        let rel = format!("meetings/{}/{JOURNAL_FILE}", m.id);
        for r in records {
            // Only the dispute events are cloned: a journal holds many thousands of others.
            match r.event {
                Event::DisputeLodged { .. } | Event::DisputeStatusChanged { .. } => {}
                _ => continue,
            }
            match r.event.clone() {
                Event::DisputeLodged {
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
                } => disputes.push(DisputeRecord {
                    id: dispute,
                    kind,
                    author,
                    role,
                    tender,
                    lot,
                    bid,
                    meeting: item.as_ref().map(|_| m.id.clone()),
                    item,
                    grounds,
                    remedy,
                    lodged: local(r.at),
                    blocks_award,
                    reconsiders,
                    status: DisputeStatus::Lodged,
                    history: Vec::new(),
                    source: format!("{rel} line {}", r.seq),
                    lodged_in: Some(m.id.clone()),
                }),
                Event::DisputeStatusChanged {
                    dispute,
                    status,
                    reasons,
                } => {
                    if let Some(d) = disputes.iter_mut().find(|d| d.id == dispute) {
                        d.status = status;
                        d.history.push(Change {
                            status,
                            date: local(r.at),
                            reasons,
                            source: format!("{rel} line {}", r.seq),
                        });
                    }
                }
                _ => {}
            }
        }
    }
    disputes.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Register { disputes })
}

impl fmt::Display for Register {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.disputes.is_empty() {
            return writeln!(f, "No disputes.");
        }
        for d in &self.disputes {
            let against = [
                d.tender.as_ref().map(|t| format!("tender {t}")),
                d.lot.as_ref().map(|l| format!("lot {l}")),
                d.bid.as_ref().map(|b| format!("bid {b}")),
                d.item
                    .as_ref()
                    .map(|i| format!("item {i} of {}", d.meeting.as_deref().unwrap_or("?"))),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            writeln!(
                f,
                "{}  [{}]  {} by {} ({}) against {}",
                d.id,
                d.status.code().to_uppercase(),
                d.kind.code().replace('_', " "),
                d.author,
                d.role.code(),
                against
            )?;
            writeln!(
                f,
                "    lodged {}{}{}",
                d.lodged.format("%Y-%m-%d"),
                if d.blocks_award {
                    "; blocks the award while open"
                } else {
                    ""
                },
                d.reconsiders
                    .as_ref()
                    .map(|r| format!("; reconsiders {r}"))
                    .unwrap_or_default()
            )?;
            writeln!(f, "    grounds: {}", d.grounds)?;
            for c in &d.history {
                writeln!(
                    f,
                    "    {} {}{}",
                    c.date.format("%Y-%m-%d"),
                    c.status.code(),
                    c.reasons
                        .as_ref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                )?;
            }
            if !crate::rules::dispute::is_final(d.status) {
                let next: Vec<&str> = crate::rules::dispute::allowed_from(d.status)
                    .iter()
                    .map(|s| s.code())
                    .collect();
                writeln!(f, "    next: {}", next.join(" | "))?;
            }
        }
        Ok(())
    }
}
