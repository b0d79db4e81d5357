//! disputes/<id>.toml: disputes and bid protests with their status history.

use super::*;

impl Validator<'_> {
    pub(super) fn disputes(&mut self) {
        let board = self.board;
        let tender_ids: Vec<&str> = board.tenders.iter().map(|t| t.id.as_str()).collect();
        let meeting_ids: Vec<&str> = board.meetings.iter().map(|m| m.id.as_str()).collect();
        let dispute_ids: Vec<&str> = board.disputes.iter().map(|d| d.id.as_str()).collect();
        for d in &board.disputes {
            let f = d.path.as_path();
            let info = &d.dispute.dispute;
            self.file_id(f, "dispute", &info.id, &d.id);
            let mut tender = None;
            if let Some(t) = &info.tender
                && self.reference(f, t, "tender", &tender_ids)
            {
                tender = board.tender(t.get_ref());
            }
            if let Some(td) = tender {
                if let Some(l) = &info.lot {
                    let lots: Vec<&str> = td
                        .tender
                        .lots
                        .iter()
                        .map(|l| l.id.get_ref().as_str())
                        .collect();
                    self.reference(f, l, "lot", &lots);
                }
                if let Some(b) = &info.bid {
                    let bids: Vec<&str> = td
                        .tender
                        .bids
                        .iter()
                        .map(|b| b.id.get_ref().as_str())
                        .collect();
                    self.reference(f, b, "bid", &bids);
                }
            } else if let Some(x) = info.lot.as_ref().or(info.bid.as_ref())
                && info.tender.is_none()
            {
                self.err(f, x.span(), "`lot` and `bid` need `tender`", None);
            }
            match (&info.meeting, &info.item) {
                (Some(m), item) => {
                    if self.reference(f, m, "meeting", &meeting_ids)
                        && let (Some(md), Some(i)) = (board.meeting(m.get_ref()), item)
                    {
                        let items: Vec<&str> = md
                            .agenda
                            .items
                            .iter()
                            .map(|i| i.id.get_ref().as_str())
                            .collect();
                        self.reference(f, i, "agenda item", &items);
                    }
                }
                (None, Some(i)) => self.err(
                    f,
                    i.span(),
                    "`item` needs `meeting`, the folder of the meeting whose agenda holds it",
                    None,
                ),
                (None, None) => {}
            }
            if info.tender.is_none() && info.meeting.is_none() {
                self.err(
                    f,
                    info.id.span(),
                    format!("dispute `{}` is not linked to anything", d.id),
                    Some("set `tender` (and `lot` or `bid`), or `meeting` and `item`".into()),
                );
            }
            if let Some(r) = &info.reconsiders {
                if r.get_ref() == &d.id {
                    self.err(f, r.span(), "a dispute cannot reconsider itself", None);
                } else {
                    // Another dispute file; one lodged in a meeting, and whether the one named
                    // is decided (files and meetings together), `crate::disputes::check` checks.
                    let lodged_elsewhere = !dispute_ids.contains(&r.get_ref().as_str());
                    if !lodged_elsewhere {
                        self.reference(f, r, "dispute", &dispute_ids);
                    }
                }
            }
            // The moves themselves are checked by `procboard check` against the whole register
            // (`crate::disputes::check`): a meeting may have moved this dispute in between.
            let mut last = *info.lodged.get_ref();
            for (i, h) in d.dispute.history.iter().enumerate() {
                if *h.date.get_ref() < last {
                    let before = if i == 0 {
                        format!("before the dispute was lodged ({last})")
                    } else {
                        format!("before the previous one ({last})")
                    };
                    self.err(
                        f,
                        h.date.span(),
                        format!("status change dated {} is {before}", h.date.get_ref()),
                        Some("list status changes in date order, none before `lodged`".into()),
                    );
                }
                last = last.max(*h.date.get_ref());
            }
        }
    }
}
