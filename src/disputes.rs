//! The board's dispute register: disputes filed in `disputes/` and those lodged or moved on in
//! meetings (journal events), with their status history (`procboard disputes`).

use crate::record::event::{DisputeLodged, DisputeStatusChanged};
use std::fmt;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::board::Board;
use crate::board::model::{AuthorRole, DisputeKind};
use crate::diag::Diagnostic;
use crate::record::event::Event;
use crate::record::journal::{JournalError, Record};
use crate::rules::dispute::{DisputeStatus, transition};

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
    /// Where it is written, for diagnostics.
    #[serde(skip)]
    at: Place,
}

/// A file, line and column (0 when unknown), relative to the board folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The file.
    pub file: PathBuf,
    /// 1-based line, 0 for the file as a whole.
    pub line: usize,
    /// 1-based column, 0 for the line as a whole.
    pub column: usize,
}

/// The kinds of [`Conflict`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// An id lodged a second time.
    DuplicateId,
    /// A change dated before the dispute was lodged.
    BeforeLodging,
    /// A move the life cycle does not allow at that point (e.g. after an outcome).
    NotAllowed,
}

/// A disagreement between dispute files and meeting journals (or between two journals): an id
/// lodged twice, or a move the life cycle does not allow once every source is put in date order
/// (a second outcome, a move dated before the lodging). The move is left out of the history.
#[derive(Clone, Debug, Serialize)]
pub struct Conflict {
    /// The dispute.
    pub dispute: String,
    /// Where the entry left out is written.
    pub at: Place,
    /// What is wrong, in words.
    pub message: String,
    /// What kind of disagreement.
    pub kind: ConflictKind,
    /// How to put it right.
    pub hint: String,
    /// Whether files and journals (or two journals) disagree; `false` for a problem inside one
    /// file or one journal, which `check` and `record` already refuse on their own.
    pub across_sources: bool,
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
    /// Upheld: the awards it cancelled (notified on or before the day it was upheld), e.g.
    /// "tender road-salt-2025: bid rs-1, notice 2025-03-12".
    pub cancels: Vec<String>,
}

/// Every dispute of the board, by id.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Register {
    /// Disputes, sorted by id; each id once.
    pub disputes: Vec<DisputeRecord>,
    /// Entries left out because files and journals disagree.
    pub conflicts: Vec<Conflict>,
}

impl DisputeRecord {
    /// Its status on `on`: the last change dated on or before it; `None` if lodged after `on`.
    pub fn status_on(&self, on: NaiveDate) -> Option<DisputeStatus> {
        if self.lodged > on {
            return None;
        }
        Some(
            self.history
                .iter()
                .take_while(|c| c.date <= on)
                .last()
                .map_or(DisputeStatus::Lodged, |c| c.status),
        )
    }

    /// The day it was upheld, if that is on or before `on`.
    pub fn upheld_on(&self, on: NaiveDate) -> Option<NaiveDate> {
        self.history
            .iter()
            .find(|c| c.status == DisputeStatus::Upheld && c.date <= on)
            .map(|c| c.date)
    }

    /// Whether it is against the award of tender `tender` (lot `lot`): against the tender, and
    /// either the whole tender or that lot.
    pub fn against_award(&self, tender: &str, lot: Option<&str>) -> bool {
        self.tender.as_deref() == Some(tender)
            && match (self.lot.as_deref(), lot) {
                (Some(dl), Some(l)) => dl == l,
                _ => true,
            }
    }
}

impl Register {
    /// The dispute with this id.
    pub fn get(&self, id: &str) -> Option<&DisputeRecord> {
        self.disputes.iter().find(|d| d.id == id)
    }
}

/// Builds the register from the dispute files and every meeting journal (read-only).
pub fn register(board: &Board) -> Result<Register, JournalError> {
    register_with(board, None)
}

/// The register, taking the records of meeting `open.0` from `open.1` (a meeting already read)
/// instead of reading its journal again.
///
/// Files and journals are merged: a dispute id is lodged once (a journal, which cannot change,
/// wins over a file; an earlier meeting over a later one); every dispute's status changes, from
/// its file and from every journal, are put in date order (on the same date, the file's first,
/// then the meetings' in meeting order) and run through the life cycle from `lodged`. A change
/// the life cycle refuses there (a second outcome, a change dated before the lodging) is left out
/// of the history and listed in [`Register::conflicts`].
pub fn register_with(
    board: &Board,
    open: Option<(&str, &[Record<Event>])>,
) -> Result<Register, JournalError> {
    let tz: chrono_tz::Tz = board
        .file
        .board
        .time_zone
        .get_ref()
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let local = |at: DateTime<Utc>| at.with_timezone(&tz).date_naive();

    // Lodged in meetings, in meeting order; moves from every journal, in order.
    let mut j = Journals::default();
    crate::record::reader::each_journal(board, open, |m, rel, records| {
        for r in records {
            let at = Place {
                file: PathBuf::from(rel),
                line: usize::try_from(r.seq).unwrap_or(usize::MAX),
                column: 1,
            };
            let source = format!("{rel} line {}", r.seq);
            match &r.event {
                Event::DisputeLodged(DisputeLodged { .. }) => {
                    j.lodge(&m.id, at, source, local(r.at), &r.event);
                }
                Event::DisputeStatusChanged(DisputeStatusChanged {
                    dispute,
                    status,
                    reasons,
                }) => j.moves.push((
                    dispute.clone(),
                    Change {
                        status: *status,
                        date: local(r.at),
                        reasons: reasons.clone(),
                        source,
                        at,
                    },
                )),
                _ => {}
            }
        }
    })?;
    let Journals {
        lodged,
        lodged_at,
        moves,
        mut conflicts,
    } = j;

    let mut disputes: Vec<DisputeRecord> = Vec::new();
    for d in &board.disputes {
        let i = &d.dispute.dispute;
        if let Some(j) = lodged_at.get(&d.id).map(|&i| &lodged[i]) {
            conflicts.push(Conflict {
                dispute: d.id.clone(),
                at: place(board, &d.path, i.id.span().start),
                message: format!(
                    "dispute id `{}` is already used by a dispute lodged in {}",
                    d.id, j.source
                ),
                kind: ConflictKind::DuplicateId,
                hint: "give this dispute an id of its own (file name and `id`); the journal cannot change, so its dispute keeps the id".into(),
                across_sources: true,
            });
            continue;
        }
        disputes.push(from_file(board, d));
    }
    disputes.extend(lodged);
    let index: BTreeMap<String, usize> = disputes
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    for (id, change) in moves {
        if let Some(&i) = index.get(&id) {
            disputes[i].history.push(change);
        }
    }
    for d in &mut disputes {
        conflicts.extend(settle(d));
    }
    disputes.sort_by(|a, b| a.id.cmp(&b.id));
    for d in &mut disputes {
        d.cancels = cancelled_awards(board, d);
    }
    conflicts.sort_by(|a, b| {
        (&a.at.file, a.at.line, &a.dispute).cmp(&(&b.at.file, b.at.line, &b.dispute))
    });
    Ok(Register {
        disputes,
        conflicts,
    })
}

/// The line and column of `offset` in a board file, as a [`Place`] (0 when the file's text is
/// not at hand).
fn place(board: &Board, file: &std::path::Path, offset: usize) -> Place {
    let (line, column) = board
        .sources
        .get(file)
        .map_or((0, 0), |s| s.position(offset));
    Place {
        file: file.to_path_buf(),
        line,
        column,
    }
}

/// A dispute as its file records it, with the status changes its file lists.
fn from_file(board: &Board, d: &crate::board::load::DisputeDoc) -> DisputeRecord {
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
        status: DisputeStatus::Lodged,
        history: d
            .dispute
            .history
            .iter()
            .map(|h| Change {
                status: *h.status.get_ref(),
                date: h.date.get_ref().0,
                reasons: h.reasons.clone(),
                source: source.clone(),
                at: place(board, &d.path, h.status.span().start),
            })
            .collect(),
        source,
        lodged_in: None,
        cancels: Vec::new(),
    }
}

/// What the journals say about disputes: those lodged in meetings (in meeting order), the
/// position of each in `lodged` by id (a board may hold many disputes, so no scans per
/// event), the status changes recorded, in order, and the ids lodged twice.
#[derive(Default)]
struct Journals {
    lodged: Vec<DisputeRecord>,
    lodged_at: BTreeMap<String, usize>,
    moves: Vec<(String, Change)>,
    conflicts: Vec<Conflict>,
}

impl Journals {
    /// A `dispute_lodged` event (`event`) of meeting `meeting`, recorded at `at` (`source`) on
    /// the board's local date `date`: lodged, unless its id was lodged before (a conflict).
    fn lodge(&mut self, meeting: &str, at: Place, source: String, date: NaiveDate, event: &Event) {
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
        if let Some(first) = self.lodged_at.get(dispute).map(|&i| &self.lodged[i]) {
            self.conflicts.push(Conflict {
                dispute: dispute.clone(),
                at,
                message: format!(
                    "dispute id `{dispute}` is lodged again; it was lodged first in {}",
                    first.source
                ),
                kind: ConflictKind::DuplicateId,
                hint: "the first lodging stands; a journal cannot change, so record later moves under the first id".into(),
                across_sources: true,
            });
            return;
        }
        self.lodged_at.insert(dispute.clone(), self.lodged.len());
        self.lodged.push(DisputeRecord {
            id: dispute.clone(),
            kind: *kind,
            author: author.clone(),
            role: *role,
            tender: tender.clone(),
            lot: lot.clone(),
            bid: bid.clone(),
            meeting: Some(meeting.to_string()),
            item: item.clone(),
            grounds: grounds.clone(),
            remedy: remedy.clone(),
            lodged: date,
            blocks_award: *blocks_award,
            reconsiders: reconsiders.clone(),
            status: DisputeStatus::Lodged,
            history: Vec::new(),
            source,
            lodged_in: Some(meeting.to_string()),
            cancels: Vec::new(),
        });
    }
}

/// Puts a dispute's changes in date order (stable: same-date changes keep file, then meeting,
/// order) and runs them through the life cycle from `lodged`; a change it refuses is taken out
/// and returned as a conflict. Sets the status.
fn settle(d: &mut DisputeRecord) -> Vec<Conflict> {
    d.history.sort_by_key(|c| c.date);
    // Moves written somewhere other than where the dispute was lodged: files and journals (or
    // two journals) must agree.
    let origin = d.source.split(" line ").next().unwrap_or_default();
    let across = d
        .history
        .iter()
        .any(|c| c.at.file.to_string_lossy().replace('\\', "/") != origin);
    let mut conflicts = Vec::new();
    let mut status = DisputeStatus::Lodged;
    let mut kept = Vec::with_capacity(d.history.len());
    for c in std::mem::take(&mut d.history) {
        let refused = if c.date < d.lodged {
            Some((
                ConflictKind::BeforeLodging,
                format!(
                    "dispute `{}`: the change to {} dated {} comes before the dispute was lodged ({}, {})",
                    d.id,
                    c.status,
                    c.date.format("%Y-%m-%d"),
                    d.lodged.format("%Y-%m-%d"),
                    d.source
                ),
            ))
        } else {
            transition(status, c.status).err().map(|e| {
                let after = kept
                    .last()
                    .map(|k: &Change| {
                        format!(
                            " after {} on {} ({})",
                            k.status,
                            k.date.format("%Y-%m-%d"),
                            k.source
                        )
                    })
                    .unwrap_or_default();
                let message = if across {
                    format!(
                        "dispute `{}`: the change to {} dated {}{after} is not allowed: {e}",
                        d.id,
                        c.status,
                        c.date.format("%Y-%m-%d"),
                    )
                } else {
                    e.to_string()
                };
                (ConflictKind::NotAllowed, message)
            })
        };
        match refused {
            Some((kind, message)) => conflicts.push(Conflict {
                dispute: d.id.clone(),
                at: c.at.clone(),
                message,
                kind,
                hint: "every source of a dispute (its file and every meeting) is read in date order; outcomes are final, so remove or re-date the later entry (a journal cannot change: fix the file)".into(),
                across_sources: across,
            }),
            None => {
                status = c.status;
                kept.push(c);
            }
        }
    }
    d.history = kept;
    d.status = status;
    conflicts
}

/// A dispute file's `reconsiders` must name a dispute of the register (a file or one lodged in a
/// meeting) that is decided, files and meetings together.
fn reconsiderations(board: &Board, r: &Register) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in &board.disputes {
        let Some(old) = &d.dispute.dispute.reconsiders else {
            continue;
        };
        if old.get_ref() == &d.id {
            continue; // the validation refuses it
        }
        let at = |message: String, hint: &str| {
            let mut diag = Diagnostic::file_error(&d.path, message).with_hint(hint);
            if let Some(src) = board.sources.get(&d.path) {
                (diag.line, diag.column) = src.position(old.span().start);
            }
            diag
        };
        match r.get(old.get_ref()) {
            None => {
                let ids: Vec<&str> = r.disputes.iter().map(|x| x.id.as_str()).collect();
                out.push(at(
                    format!("unknown dispute `{}`", old.get_ref()),
                    &format!("disputes: {}", crate::diag::list(&ids)),
                ));
            }
            Some(o) if !crate::rules::dispute::is_final(o.status) => out.push(at(
                format!(
                    "dispute `{}` is still {}: only a decided dispute can be reconsidered",
                    old.get_ref(),
                    o.status.code()
                ),
                "a reconsideration is a new record linked to a final one (upheld, dismissed or withdrawn)",
            )),
            Some(_) => {}
        }
    }
    out
}

/// What `procboard check` adds about disputes: every move the life cycle refuses once files and
/// journals are read together in date order, and every id lodged twice, as errors at the entry
/// left out (a journal that cannot be read is a warning:
/// its disputes are not compared).
pub fn check(board: &Board) -> Vec<Diagnostic> {
    match register(board) {
        Ok(r) => reconsiderations(board, &r)
            .into_iter()
            .chain(
                r.conflicts
                    .into_iter()
                    // A file's own dates out of order are the validation's; everything else is here.
                    .filter(|c| c.across_sources || c.kind != ConflictKind::BeforeLodging)
                    .map(|c| {
                        let mut d = Diagnostic::file_error(c.at.file, c.message).with_hint(c.hint);
                        d.line = c.at.line;
                        d.column = c.at.column;
                        d
                    }),
            )
            .collect(),
        // A journal or lock that is not a plain file (a link, a folder) is refused, not read.
        Err(JournalError::NotAFile { path, what }) => vec![
            Diagnostic::file_error(
                path.strip_prefix(&board.root).unwrap_or(&path),
                format!("not read: {what}"),
            )
            .with_hint(
                "a meeting's journal and its lock must be plain files in the meeting folder (docs/meeting-journal.md)",
            ),
        ],
        Err(e) => vec![
            Diagnostic::file_error(
                "meetings",
                format!("the dispute files could not be compared with the meeting journals: {e}"),
            )
            .warning()
            .with_hint("run `procboard meeting <DIR> verify` on each meeting"),
        ],
    }
}

/// The awards an upheld dispute cancels: those of its tender (and lot) notified on or before the
/// day it was upheld (the rule [`crate::tender::award_states`] applies).
fn cancelled_awards(board: &Board, d: &DisputeRecord) -> Vec<String> {
    let (Some(t), Some(upheld)) = (
        d.tender.as_deref().and_then(|t| board.tender(t)),
        d.upheld_on(NaiveDate::MAX),
    ) else {
        return Vec::new();
    };
    t.tender
        .awards
        .iter()
        .filter(|a| {
            let lot = a.lot.as_ref().map(|l| l.get_ref().as_str());
            d.against_award(&t.id, lot) && a.notice.get_ref().0 <= upheld
        })
        .map(|a| {
            format!(
                "tender {}{}: bid {}, notice {}",
                t.id,
                a.lot
                    .as_ref()
                    .map(|l| format!(" lot {}", l.get_ref()))
                    .unwrap_or_default(),
                a.bid.get_ref(),
                a.notice.get_ref().0.format("%Y-%m-%d")
            )
        })
        .collect()
}

impl fmt::Display for Register {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.disputes.is_empty() {
            writeln!(f, "No disputes.")?;
        }
        for d in &self.disputes {
            let against = [
                d.tender.as_ref().map(|t| format!("tender {t}")),
                d.lot.as_ref().map(|l| format!("lot {l}")),
                d.bid.as_ref().map(|b| format!("bid {b}")),
                match (&d.item, &d.meeting) {
                    (Some(i), Some(m)) => Some(format!("item {i} of {m}")),
                    (Some(i), None) => Some(format!("item {i}")),
                    (None, Some(m)) => Some(format!("meeting {m}")),
                    (None, None) => None,
                },
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
            for c in &d.cancels {
                writeln!(
                    f,
                    "    cancels the award of {c}: the board decides it again"
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
        for c in &self.conflicts {
            let at = match (c.at.line, c.at.column) {
                (0, _) => c.at.file.display().to_string(),
                (l, 0) => format!("{}:{l}", c.at.file.display()),
                (l, col) => format!("{}:{l}:{col}", c.at.file.display()),
            };
            writeln!(f, "CONFLICT {at}: {} (left out)", c.message)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DisputeStatus::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
    }

    fn change(status: DisputeStatus, d: u32, file: &str) -> Change {
        Change {
            status,
            date: day(d),
            reasons: None,
            source: file.to_string(),
            at: Place {
                file: PathBuf::from(file),
                line: 1,
                column: 1,
            },
        }
    }

    fn record(history: Vec<Change>) -> DisputeRecord {
        DisputeRecord {
            id: "p".into(),
            kind: DisputeKind::BidProtest,
            author: "C".into(),
            role: AuthorRole::Bidder,
            tender: Some("t".into()),
            lot: Some("l1".into()),
            bid: None,
            meeting: None,
            item: None,
            grounds: "g".into(),
            remedy: None,
            lodged: day(3),
            blocks_award: false,
            reconsiders: None,
            status: Lodged,
            history,
            source: "disputes/p.toml".into(),
            lodged_in: None,
            cancels: Vec::new(),
        }
    }

    #[test]
    fn settle_orders_every_source_by_date_and_keeps_outcomes_final() {
        let mut d = record(vec![
            change(Upheld, 10, "disputes/p.toml"),
            change(UnderReview, 4, "meetings/m/journal.jsonl"),
            change(Dismissed, 6, "meetings/m/journal.jsonl"),
        ]);
        let conflicts = settle(&mut d);
        assert_eq!(d.status, Dismissed);
        let dates: Vec<NaiveDate> = d.history.iter().map(|c| c.date).collect();
        assert_eq!(dates, [day(4), day(6)]);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].kind, ConflictKind::NotAllowed);
        assert!(conflicts[0].across_sources);
        assert!(
            conflicts[0]
                .message
                .contains("after dismissed on 2025-03-06")
        );
    }

    #[test]
    fn a_change_before_the_lodging_is_left_out() {
        let mut d = record(vec![change(UnderReview, 2, "meetings/m/journal.jsonl")]);
        let conflicts = settle(&mut d);
        assert_eq!(d.status, Lodged);
        assert!(d.history.is_empty());
        assert_eq!(conflicts[0].kind, ConflictKind::BeforeLodging);
    }

    #[test]
    fn status_on_a_date_knows_only_what_happened_by_then() {
        let mut d = record(vec![
            change(UnderReview, 4, "disputes/p.toml"),
            change(Upheld, 8, "disputes/p.toml"),
        ]);
        assert!(settle(&mut d).is_empty());
        assert_eq!(d.status_on(day(2)), None);
        assert_eq!(d.status_on(day(3)), Some(Lodged));
        assert_eq!(d.status_on(day(5)), Some(UnderReview));
        assert_eq!(d.status_on(day(8)), Some(Upheld));
        assert_eq!(d.upheld_on(day(7)), None);
        assert_eq!(d.upheld_on(day(9)), Some(day(8)));
    }

    fn any_status() -> impl proptest::strategy::Strategy<Value = DisputeStatus> {
        proptest::sample::select(DisputeStatus::ALL.to_vec())
    }

    proptest::proptest! {
        /// Whatever files and journals say, the settled history is in date order, every step is
        /// a move the life cycle allows, nothing is lost (kept + conflicts = all), and the order
        /// the sources are read in does not matter when the dates differ.
        #[test]
        fn settled_histories_are_ordered_legal_and_complete(
            moves in proptest::collection::vec((any_status(), 1u32..28, proptest::bool::ANY), 0..12),
        ) {
            let changes: Vec<Change> = moves
                .iter()
                .enumerate()
                .map(|(i, (st, d, in_file))| {
                    // Distinct dates, so the order of reading cannot matter.
                    let mut c = change(*st, 1, if *in_file { "disputes/p.toml" } else { "meetings/m/journal.jsonl" });
                    c.date = day(1) + chrono::Days::new(u64::from(*d) * 16 + i as u64);
                    c
                })
                .collect();
            let mut d = record(changes.clone());
            d.lodged = day(1);
            let conflicts = settle(&mut d);
            proptest::prop_assert_eq!(d.history.len() + conflicts.len(), changes.len());
            let mut from = Lodged;
            for w in d.history.windows(2) {
                proptest::prop_assert!(w[0].date <= w[1].date);
            }
            for c in &d.history {
                proptest::prop_assert!(transition(from, c.status).is_ok());
                from = c.status;
            }
            proptest::prop_assert_eq!(d.status, from);
            let mut reversed = record(changes.into_iter().rev().collect());
            reversed.lodged = day(1);
            let again = settle(&mut reversed);
            proptest::prop_assert_eq!(reversed.status, d.status);
            proptest::prop_assert_eq!(again.len(), conflicts.len());
        }
    }

    #[test]
    fn against_award_matches_the_tender_and_lot() {
        let d = record(Vec::new());
        assert!(d.against_award("t", Some("l1")));
        assert!(d.against_award("t", None));
        assert!(!d.against_award("t", Some("l2")));
        assert!(!d.against_award("u", Some("l1")));
    }
}
