//! A plain-text overview of a board: what `procboard` prints until the meeting screen exists.

use std::fmt;

use chrono::NaiveDate;

use super::load::Board;
use super::resolve::seats_on;

/// Overview of a board on a date.
pub struct Summary<'a> {
    board: &'a Board,
    date: NaiveDate,
}

impl<'a> Summary<'a> {
    /// The overview of `board` as of `date` (for the chair and weights in force).
    pub fn new(board: &'a Board, date: NaiveDate) -> Self {
        Summary { board, date }
    }
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = &self.board.file;
        writeln!(f, "{}", b.board.name)?;
        writeln!(
            f,
            "  {} members · time zone {} · currency {}",
            b.members.len(),
            b.board.time_zone.get_ref(),
            b.board.currency.get_ref()
        )?;
        if let Ok(report) = seats_on(self.board, self.date) {
            let seated = report.seats.iter().filter(|s| s.member.is_some()).count();
            writeln!(
                f,
                "  {} seats filled on {}, total weight {}",
                seated,
                self.date.format("%Y-%m-%d"),
                report.total_weight.normalize()
            )?;
            if let Some(o) = &report.officers {
                writeln!(f, "  chair {} · vice-chair {}", o.chair, o.vice_chair)?;
            }
        }
        writeln!(f, "\nMeetings")?;
        for m in &self.board.meetings {
            let info = &m.agenda.meeting;
            writeln!(
                f,
                "  {:<24} {}  {:<8} {} items  {}",
                m.id,
                info.date.get_ref(),
                format!("{:?}", info.kind.get_ref()).to_lowercase(),
                m.agenda.items.len(),
                info.title.as_deref().unwrap_or("")
            )?;
        }
        writeln!(f, "\nTenders")?;
        for t in &self.board.tenders {
            writeln!(
                f,
                "  {:<24} {} bids, {} score sheets  {}",
                t.id,
                t.tender.bids.len(),
                t.sheets.len(),
                t.tender.tender.title
            )?;
        }
        if !self.board.disputes.is_empty() {
            writeln!(f, "\nDisputes")?;
            let width = self
                .board
                .disputes
                .iter()
                .map(|d| d.id.len())
                .max()
                .unwrap_or(0);
            for d in &self.board.disputes {
                let status = super::model::current_status(&d.dispute);
                writeln!(
                    f,
                    "  {:<width$} {:<12} {}",
                    d.id,
                    status.code(),
                    d.dispute.dispute.author
                )?;
            }
        }
        Ok(())
    }
}
