//! meetings/<id>/agenda.toml: the meeting and its items.

use super::*;

impl Validator<'_> {
    /// Checks every meeting's agenda: the folder name, time zone, that it has items, and each
    /// item against the tenders, disputes, decision kinds and meetings it names.
    pub(super) fn meetings(&mut self) {
        let board = self.board;
        let meeting_ids: Vec<&str> = board.meetings.iter().map(|m| m.id.as_str()).collect();
        let tender_ids: Vec<&str> = board.tenders.iter().map(|t| t.id.as_str()).collect();
        let dispute_ids: Vec<&str> = board.disputes.iter().map(|d| d.id.as_str()).collect();
        let mut kinds: Vec<&str> = board.file.decisions.keys().map(String::as_str).collect();
        for k in crate::board::DEFAULT_DECISION_KINDS {
            if !kinds.contains(k) {
                kinds.push(k);
            }
        }
        let known = Known {
            meetings: &meeting_ids,
            tenders: &tender_ids,
            disputes: &dispute_ids,
            kinds: &kinds,
        };
        for m in &board.meetings {
            let f = m.path.as_path();
            if !valid_id(&m.id) {
                self.diags.push(
                    Diagnostic::file_error(f, format!("invalid meeting folder name `{}`", m.id))
                        .with_hint(ID_HINT),
                );
            }
            let info = &m.agenda.meeting;
            if let Some(tz) = &info.time_zone {
                self.time_zone(f, tz);
            }
            if m.agenda.items.is_empty() {
                self.diags.push(
                    Diagnostic::file_error(f, "the agenda has no items")
                        .with_hint("add [[item]] tables in the order they are taken"),
                );
            }
            self.unique(f, m.agenda.items.iter().map(|i| &i.id), "item");
            for item in &m.agenda.items {
                self.agenda_item(f, info, item, &known);
            }
        }
    }

    /// One agenda item: its documents, the tender (bid, lot) it names, and what its kind needs
    /// (`bid` and `motion` for an award, `motion`, `dispute`, `minutes_of`), with its decision
    /// kind.
    fn agenda_item(&mut self, f: &Path, info: &MeetingInfo, item: &Item, known: &Known<'_>) {
        let board = self.board;
        for d in &item.documents {
            self.document(f, d);
        }
        let kind = *item.kind.get_ref();
        let needs = |k: &[ItemKind]| k.contains(&kind);
        use ItemKind::*;
        let id = item.id.get_ref();
        if let Some(t) = &item.tender {
            if self.reference(f, t, "tender", known.tenders) {
                self.item_tender(f, item, board.tender(t.get_ref()));
            }
        } else if let Some(l) = &item.lot {
            self.err(
                f,
                l.span(),
                format!("item `{id}` names a lot but no `tender`"),
                None,
            );
        } else if needs(&[TenderEvaluation, AwardDecision]) {
            self.err(
                f,
                item.kind.span(),
                format!("item `{id}` ({}) needs `tender`", kind_name(kind)),
                Some(format!("tender = one of {}", list(known.tenders))),
            );
        }
        if kind == AwardDecision {
            if item.bid.is_none() {
                self.err(
                    f,
                    item.kind.span(),
                    format!("item `{id}` (award_decision) needs `bid`, the recommended bid"),
                    None,
                );
            }
            if item.motion.is_none() {
                self.err(
                    f,
                    item.kind.span(),
                    format!("item `{id}` (award_decision) needs `motion`, the text voted on"),
                    Some("e.g. motion = \"Award the road salt contract to Acme Salt Co.\"".into()),
                );
            }
        }
        if kind == Motion && item.motion.is_none() {
            self.err(
                f,
                item.kind.span(),
                format!("item `{id}` (motion) needs `motion`, the text voted on"),
                None,
            );
        }
        if let Some(d) = &item.dispute {
            self.reference(f, d, "dispute", known.disputes);
        } else if kind == DisputeHearing {
            self.err(
                f,
                item.kind.span(),
                format!("item `{id}` (dispute_hearing) needs `dispute`"),
                Some(format!("dispute = one of {}", list(known.disputes))),
            );
        }
        if let Some(dk) = &item.decision {
            self.reference(f, dk, "decision kind", known.kinds);
            if matches!(kind, Information | TenderEvaluation) {
                self.warn(
                    f,
                    dk.span(),
                    format!("a {} item takes no decision", kind_name(kind)),
                    None,
                );
            }
        }
        if kind == ApproveMinutes {
            self.approve_minutes(f, info, item, known.meetings);
        }
        self.closed_item(f, item);
        if let Some(c) = item.consent.as_ref().filter(|c| *c.get_ref()) {
            let why = match kind {
                Information => Some("it takes no decision"),
                Procedural => Some("a procedural item is taken in its turn"),
                TenderEvaluation => Some("the members score a tender one by one"),
                DisputeHearing => Some("a hearing is held on its own"),
                _ => None,
            };
            if let Some(why) = why {
                self.err(
                    f,
                    c.span(),
                    format!(
                        "item `{id}` ({}) cannot be on the consent agenda: {why}",
                        kind_name(kind)
                    ),
                    Some(
                        "remove consent = true; the consent agenda takes approve_minutes, motion, award_decision and contract_review items"
                            .into(),
                    ),
                );
            }
        }
        // Whether the contract exists is checked with the contracts (`contracts::check`).
        if kind == ContractReview && item.contract.is_none() {
            self.err(
                f,
                item.kind.span(),
                format!("item `{id}` (contract_review) needs `contract`, the contract reviewed"),
                Some("contract = the id of a file contracts/<id>.toml".into()),
            );
        }
    }

    /// The tender an item names (`td`, when it exists): the recommended bid is one of its bids,
    /// valid and for the item's lot; an award of a tender with lots says which lot, and the lot
    /// is one of the tender's.
    fn item_tender(&mut self, f: &Path, item: &Item, td: Option<&TenderDoc>) {
        let id = item.id.get_ref();
        if let (Some(td), Some(b)) = (td, &item.bid) {
            let bids: Vec<&str> = td
                .tender
                .bids
                .iter()
                .map(|b| b.id.get_ref().as_str())
                .collect();
            if self.reference(f, b, "bid", &bids) {
                let bid = td
                    .tender
                    .bids
                    .iter()
                    .find(|x| x.id.get_ref() == b.get_ref());
                if let Some(bid) = bid {
                    if bid.status != BidStatus::Valid {
                        self.err(
                            f,
                            b.span(),
                            format!("recommended bid `{}` is {}", b.get_ref(), bid.status),
                            Some("an award can only go to a valid bid".into()),
                        );
                    }
                    let bid_lot = bid.lot.as_ref().map(|l| l.get_ref());
                    if let (Some(il), Some(bl)) = (&item.lot, bid_lot)
                        && il.get_ref() != bl
                    {
                        self.err(
                            f,
                            b.span(),
                            format!(
                                "recommended bid `{}` is for lot `{bl}`, not `{}`",
                                b.get_ref(),
                                il.get_ref()
                            ),
                            None,
                        );
                    }
                }
            }
        }
        if let Some(td) = td
            && *item.kind.get_ref() == ItemKind::AwardDecision
            && item.lot.is_none()
            && !td.tender.lots.is_empty()
        {
            let lots: Vec<&str> = td
                .tender
                .lots
                .iter()
                .map(|l| l.id.get_ref().as_str())
                .collect();
            self.err(
                f,
                item.kind.span(),
                format!(
                    "item `{id}` awards tender `{}`, which has lots: say which `lot`",
                    td.id
                ),
                Some(format!("lot = one of {}", list(&lots))),
            );
        }
        if let (Some(td), Some(l)) = (td, &item.lot) {
            let lots: Vec<&str> = td
                .tender
                .lots
                .iter()
                .map(|l| l.id.get_ref().as_str())
                .collect();
            self.reference(f, l, "lot", &lots);
        }
    }

    /// An approve_minutes item: on a regular meeting, naming (`minutes_of`) an earlier meeting
    /// of the board.
    fn approve_minutes(&mut self, f: &Path, info: &MeetingInfo, item: &Item, meeting_ids: &[&str]) {
        let board = self.board;
        let id = item.id.get_ref();
        if *info.kind.get_ref() == MeetingKind::Special {
            self.err(
                f,
                item.kind.span(),
                "a special meeting does not approve minutes",
                Some("approval of the minutes belongs on the next regular meeting's agenda".into()),
            );
        }
        match &item.minutes_of {
            None => self.err(
                f,
                item.kind.span(),
                format!("item `{id}` (approve_minutes) needs `minutes_of`, the earlier meeting"),
                Some(format!("minutes_of = one of {}", list(meeting_ids))),
            ),
            Some(prev) => {
                if self.reference(f, prev, "meeting", meeting_ids)
                    && let Some(pm) = board.meeting(prev.get_ref())
                    && pm.agenda.meeting.date.get_ref() >= info.date.get_ref()
                {
                    self.err(
                        f,
                        prev.span(),
                        format!(
                            "meeting `{}` ({}) is not before this one ({})",
                            prev.get_ref(),
                            pm.agenda.meeting.date.get_ref(),
                            info.date.get_ref()
                        ),
                        Some("a meeting approves the minutes of an earlier meeting".into()),
                    );
                }
            }
        }
    }
}

/// The ids an agenda item may name: the board's meetings, tenders and disputes, and its
/// decision kinds (the defaults included).
struct Known<'k> {
    meetings: &'k [&'k str],
    tenders: &'k [&'k str],
    disputes: &'k [&'k str],
    kinds: &'k [&'k str],
}
