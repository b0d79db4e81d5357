//! Open contracting: the board's files as an OCDS 1.1 release package ([`ocds`],
//! `procboard export ocds`) and the performance figures the member councils ask for ([`stats`],
//! `procboard stats`). `docs/open-contracting.md` maps every field.
//!
//! Both are pure functions of a loaded board and a date: no clock, no local time zone, so the
//! same files give the same bytes. The date defaults to [`as_of`], the latest date written in
//! the board's tender and dispute files (or, without any, its agendas).

pub mod disclosure;
pub mod money;
pub mod ocds;
pub mod site;
pub mod stats;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::board::Board;
use crate::board::load::TenderDoc;
use crate::disputes::Register;

/// An exact decimal written into JSON as a number with its own digits (`1044000`, `979200.50`),
/// never through a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(pub Decimal);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        // A Decimal's text is always a valid JSON number: an optional `-`, digits, an optional
        // `.` and digits; never an exponent.
        let raw = serde_json::value::RawValue::from_string(self.0.to_string())
            .map_err(S::Error::custom)?;
        raw.serialize(s)
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Every date a tender's record carries: publication, deadline, bids received, award notices,
/// contract dates, and the lodging and status changes of the disputes against it.
pub fn tender_dates(t: &TenderDoc, register: &Register) -> Vec<NaiveDate> {
    let tf = &t.tender;
    let mut out: Vec<NaiveDate> = Vec::new();
    out.extend(tf.tender.published.as_ref().map(|d| d.get_ref().0));
    out.extend(tf.tender.deadline.as_ref().map(|d| d.get_ref().0));
    out.extend(
        tf.bids
            .iter()
            .filter_map(|b| b.received.as_ref())
            .map(|d| d.get_ref().0),
    );
    for a in &tf.awards {
        out.push(a.notice.get_ref().0);
        out.extend(a.contract.as_ref().map(|d| d.get_ref().0));
    }
    for d in register
        .disputes
        .iter()
        .filter(|d| d.tender.as_deref() == Some(t.id.as_str()))
    {
        out.push(d.lodged);
        out.extend(d.history.iter().map(|c| c.date));
    }
    out
}

/// The date the board's record stands at: the latest date in its tender and dispute files
/// (see [`tender_dates`]); for a board without any, the latest meeting date of its agendas;
/// `None` for a board without either.
pub fn as_of(board: &Board, register: &Register) -> Option<NaiveDate> {
    record_date(board, register).or_else(|| {
        board
            .meetings
            .iter()
            .map(|m| m.agenda.meeting.date.get_ref().0)
            .max()
    })
}

/// The date used when the board's files hold no date at all: 1970-01-01.
pub fn no_date() -> NaiveDate {
    NaiveDate::default()
}

fn record_date(board: &Board, register: &Register) -> Option<NaiveDate> {
    let tenders = board.tenders.iter().flat_map(|t| tender_dates(t, register));
    let disputes = register
        .disputes
        .iter()
        .flat_map(|d| std::iter::once(d.lodged).chain(d.history.iter().map(|c| c.date)));
    tenders.chain(disputes).max()
}
