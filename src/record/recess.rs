//! Recess and resumption: `recessed` suspends the meeting (nothing is moved, put or voted until
//! `resumed`); at resumption the quorum is counted again and kept with the recess.
//!
//! A child module of `state` (declared there with `#[path]`); docs/meeting-journal.md
//! (`recessed`, `resumed`) is the contract.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{EventError, MeetingState, MotionStatus, refuse};
use crate::record::event::{Event, Presiding, Recessed};
use crate::rules::quorum::QuorumStatus;

/// One recess.
#[derive(Clone, Debug, Serialize)]
pub struct Recess {
    /// Sequence number of the `recessed`.
    pub seq: u64,
    /// When the recess began.
    pub at: DateTime<Utc>,
    /// Why, as announced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When the meeting resumed (none while in recess).
    pub resumed_at: Option<DateTime<Utc>>,
    /// Sequence number of the `resumed`.
    pub resumed_seq: Option<u64>,
    /// The quorum counted again at resumption.
    pub quorum: Option<QuorumStatus>,
}

impl MeetingState {
    /// The recess the meeting is in now, if any.
    pub fn in_recess(&self) -> Option<&Recess> {
        self.recesses.last().filter(|r| r.resumed_at.is_none())
    }

    /// During a recess only attendance, proxies, who presides, recusals, notes, witness
    /// statements and `resumed` are taken; a recess starts only with no vote open.
    pub(super) fn check_recess(&self, event: &Event) -> Result<(), EventError> {
        if let Some(r) = self.in_recess() {
            return match event {
                Event::Resumed {}
                | Event::Attendance { .. }
                | Event::AttendanceCorrected { .. }
                | Event::Proxy { .. }
                | Event::Presiding(Presiding { .. })
                | Event::Recusal { .. }
                | Event::Note { .. }
                | Event::WitnessCited { .. } => Ok(()),
                Event::Recessed(Recessed { .. }) => refuse(format!(
                    "the meeting is already in recess since {} UTC",
                    r.at.format("%H:%M")
                )),
                _ => refuse(format!(
                    "the meeting is in recess since {} UTC: record `resumed` before `{}` (nothing is moved or voted during a recess)",
                    r.at.format("%H:%M"),
                    event.kind()
                )),
            };
        }
        match event {
            Event::Resumed {} => {
                refuse("the meeting is not in recess: `resumed` follows a `recessed`")
            }
            Event::Recessed(Recessed { .. }) => {
                match self
                    .motions
                    .iter()
                    .find(|m| m.status == MotionStatus::Voting)
                {
                    Some(m) => refuse(format!(
                        "the vote on motion `{}` is open: close it (`vote_closed`) before the recess",
                        m.id
                    )),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// The meeting goes into recess.
    pub(super) fn recess(&mut self, seq: u64, at: DateTime<Utc>, reason: Option<String>) {
        self.recesses.push(Recess {
            seq,
            at,
            reason,
            resumed_at: None,
            resumed_seq: None,
            quorum: None,
        });
    }

    /// The meeting resumes: the quorum is counted again, kept with the recess and in the log.
    pub(super) fn resume(&mut self, seq: u64, at: DateTime<Utc>) {
        let quorum = self.quorum_now();
        if let Some(r) = self.recesses.last_mut() {
            r.resumed_at = Some(at);
            r.resumed_seq = Some(seq);
            r.quorum = quorum;
        }
        self.log_quorum(seq, at);
    }
}
