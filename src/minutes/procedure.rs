//! The minutes of the room's procedure: amendments (each with its text, mover, seconder and
//! result, and the motion as amended put to the vote), the consent agenda (the block, the items
//! pulled off, each item adopted by the block's vote), a recess and the resumption with the
//! quorum counted again.
//!
//! A child module of `render` (declared there with `#[path]`): it writes into the same walk.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{Proceedings, cell};
use crate::phrases::fill;
use crate::record::event::{ConsentPulled, Event, MotionMoved, Recessed};
use crate::record::state::MotionState;
use crate::rules::voting::Outcome;

impl Proceedings<'_> {
    /// A `motion_moved`: an amendment or the consent block here, any other motion as before.
    pub(super) fn moved(&mut self, mm: &MotionMoved) {
        let (c, p) = (self.c, self.cat.procedure);
        if mm.amends.is_none() && mm.consent.is_empty() {
            return self.motion_moved(&mm.motion);
        }
        self.rounds.insert(mm.motion.clone(), 1);
        self.votes.insert(mm.motion.clone(), Vec::new());
        let mover = c.member(&mm.mover);
        let head = match &mm.amends {
            Some(amends) => fill(
                p.minutes_amendment_moved,
                &[("id", &mm.motion), ("amends", amends), ("mover", &mover)],
            ),
            None => {
                let _ = writeln!(self.out, "### {}\n", p.minutes_consent_heading);
                fill(
                    p.minutes_consent_moved,
                    &[("id", &mm.motion), ("mover", &mover)],
                )
            }
        };
        // The text as moved (the event's), not as a later amendment to it left it.
        let _ = writeln!(self.out, "{head}\n\n> {}\n", cell(&mm.text));
    }

    /// A `consent_pulled`, `recessed` or `resumed`.
    pub(super) fn procedure_act(&mut self, at: DateTime<Utc>, seq: u64, event: &Event) {
        let (c, p) = (self.c, self.cat.procedure);
        let line = match event {
            Event::ConsentPulled(ConsentPulled { item, member }) => fill(
                p.minutes_consent_pulled,
                &[
                    ("time", &c.hm(at)),
                    ("member", &c.member(member)),
                    ("id", item),
                    ("title", &c.item_title(item)),
                ],
            ),
            Event::Recessed(Recessed { reason: Some(r) }) => fill(
                p.minutes_recessed_reason,
                &[("time", &c.hm(at)), ("reason", &cell(r))],
            ),
            Event::Recessed(Recessed { reason: None }) => {
                fill(p.minutes_recessed, &[("time", &c.hm(at))])
            }
            Event::Resumed {} => {
                let quorum =
                    c.m.state
                        .recesses
                        .iter()
                        .find(|r| r.resumed_seq == Some(seq))
                        .and_then(|r| r.quorum.as_ref())
                        .map(|q| q.explanation.clone())
                        .unwrap_or_else(|| self.cat.none.to_string());
                fill(
                    p.minutes_resumed,
                    &[("time", &c.hm(at)), ("explanation", &quorum)],
                )
            }
            _ => return,
        };
        let _ = writeln!(self.out, "{line}\n");
    }

    /// After `question_put` on a motion an amendment changed: the words put to the vote.
    pub(super) fn as_amended(&mut self, motion: &str) {
        let (c, p) = (self.c, self.cat.procedure);
        let Some(ms) = c.m.state.motion(motion) else {
            return;
        };
        if ms.procedure.amended_by.is_empty() {
            return;
        }
        let _ = writeln!(
            self.out,
            "{}\n\n> {}\n",
            fill(
                p.minutes_as_amended,
                &[
                    ("id", motion),
                    ("amendments", &ms.procedure.amended_by.join(", "))
                ]
            ),
            cell(&ms.text)
        );
    }

    /// After a vote closes: an adopted amendment's new text of the motion it amends, or the
    /// items a consent block adopted.
    pub(super) fn after_vote(&mut self, seq: u64, motion: &str) {
        let (c, p) = (self.c, self.cat.procedure);
        let Some(ms) = c.m.state.motion(motion) else {
            return;
        };
        if ms.procedure.amends.is_none() && ms.procedure.consent.is_empty() {
            return;
        }
        // Only the close that decided the motion (a tie closes once more after it).
        let closes = c
            .m
            .records
            .iter()
            .take_while(|r| r.seq <= seq)
            .filter(|r| {
                matches!(&r.event, Event::VoteClosed(crate::record::event::VoteClosed { motion: m, .. }) if m == motion)
            })
            .count();
        if !carried(ms) || closes != ms.results.len() {
            return;
        }
        if let Some(amends) = &ms.procedure.amends {
            let _ = writeln!(
                self.out,
                "{}\n\n> {}\n",
                fill(
                    p.minutes_amendment_adopted,
                    &[("id", motion), ("amends", amends)]
                ),
                cell(&ms.text)
            );
        }
        if !ms.procedure.consent.is_empty() {
            let _ = writeln!(
                self.out,
                "{}\n",
                fill(p.minutes_consent_adopted, &[("id", motion)])
            );
            for item in &ms.procedure.consent {
                let _ = writeln!(
                    self.out,
                    "- {}",
                    fill(
                        p.minutes_consent_item,
                        &[("id", item), ("title", &cell(&c.item_title(item)))]
                    )
                );
            }
            self.out.push('\n');
            // An approval of minutes adopted on consent approves them as its own motion would.
            for item in &ms.procedure.consent {
                super::approval_outcome(c, item, self.cat, &mut self.out);
            }
        }
    }
}

fn carried(ms: &MotionState) -> bool {
    ms.result().is_some_and(|t| t.outcome == Outcome::Carried)
        && ms.status == crate::record::state::MotionStatus::Closed
}

/// The procedure's part of a motion in `minutes.json`: `amends`, `moved_text`, `amended_by`,
/// `consent`, each only when it has something.
pub(super) fn motion_json(ms: &MotionState, out: &mut Value) {
    let Value::Object(map) = out else { return };
    let Ok(Value::Object(extra)) = serde_json::to_value(&ms.procedure) else {
        return;
    };
    map.extend(extra);
}
