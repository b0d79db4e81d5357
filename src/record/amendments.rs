//! Amendments: a motion that amends the motion on the floor (`motion_moved` with `amends`), one
//! level deeper at most, voted like any motion; when it carries, the amended motion's text
//! becomes its text. Also the one check every event passes first: what the procedure of the
//! room (a recess, the consent agenda, a pending amendment) allows now.
//!
//! A child module of `state` (declared there with `#[path]`), so that it reads the state as
//! `state` does; docs/meeting-journal.md ("Amendments") is the contract.

use serde::Serialize;

use super::{EventError, MeetingState, MotionState, MotionStatus, refuse};
use crate::record::event::{ConsentPulled, Event, MotionMoved, Recessed, VoteClosed};
use crate::rules::voting::Outcome;

/// Where a motion sits in the procedure: what it amends, the amendments adopted to it, the items
/// of a consent block. Flattened into the motion; every part is left out of its JSON when empty.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MotionProcedure {
    /// The motion this amendment amends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
    /// The text as moved, kept once an amendment to it carried (the text is then as amended).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_text: Option<String>,
    /// The amendments to this motion that carried, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amended_by: Vec<String>,
    /// For the consent block: the agenda items it adopts together.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub consent: Vec<String>,
}

/// The decision kind an amendment is counted by, when it names none: `amendment` where the board
/// sets `[decisions.amendment]`, else the amended motion's own.
pub const AMENDMENT_KIND: &str = "amendment";

fn pending(m: &MotionState) -> bool {
    matches!(
        m.status,
        MotionStatus::Debate | MotionStatus::Voting | MotionStatus::Tied
    )
}

impl MeetingState {
    /// The amendment to `motion` still pending (in debate, voting or tied), if any.
    pub fn pending_amendment(&self, motion: &str) -> Option<&MotionState> {
        self.motions
            .iter()
            .find(|m| m.procedure.amends.as_deref() == Some(motion) && pending(m))
    }

    /// The motions `motion` amends, nearest first (empty for a main motion).
    pub fn amendment_chain(&self, motion: &str) -> Vec<&MotionState> {
        let mut out = Vec::new();
        let mut at = self
            .motion(motion)
            .and_then(|m| m.procedure.amends.as_deref());
        while let Some(id) = at {
            let Some(m) = self.motion(id) else { break };
            if out.iter().any(|x: &&MotionState| x.id == m.id) {
                break;
            }
            out.push(m);
            at = m.procedure.amends.as_deref();
        }
        out
    }

    /// What the procedure of the room allows now, checked before the event's own rules: nothing
    /// but attendance, notes and `resumed` during a recess; the consent agenda; amendments.
    pub(super) fn check_procedure(&self, event: &Event) -> Result<(), EventError> {
        self.check_recess(event)?;
        self.check_consent(event)?;
        match event {
            Event::MotionMoved(MotionMoved {
                motion,
                item,
                text,
                amends: Some(amends),
                consent,
                ..
            }) => {
                if !consent.is_empty() {
                    return refuse(
                        "a motion is an amendment (`amends`) or the consent block (`consent`), not both",
                    );
                }
                self.check_amendment(motion, item, text, amends)
            }
            // Votes need no look here: a motion's vote opens only by `question_put`, refused
            // while an amendment to it is pending, and no amendment is moved once it is put.
            Event::QuestionPut { motion } => match self.pending_amendment(motion) {
                Some(a) => refuse(format!(
                    "amendment `{}` to motion `{motion}` is pending: vote on it (or withdraw it) before the question on motion `{motion}` is put",
                    a.id
                )),
                None => Ok(()),
            },
            Event::MotionWithdrawn { motion } => match self.pending_amendment(motion) {
                Some(a) => refuse(format!(
                    "amendment `{}` to motion `{motion}` is pending: withdraw it or vote on it before motion `{motion}` is withdrawn",
                    a.id
                )),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// An amendment moved: to a motion in debate on the same item, at most one level below a
    /// main motion, one pending at a time, with the whole text as amended, which differs.
    fn check_amendment(
        &self,
        motion: &str,
        item: &str,
        text: &str,
        amends: &str,
    ) -> Result<(), EventError> {
        if motion == amends {
            return refuse(format!("motion `{motion}` cannot amend itself"));
        }
        let target = self.open_motion(amends)?;
        if !target.procedure.consent.is_empty() {
            return refuse(format!(
                "motion `{amends}` is the consent block: it is not amended; a member pulls an item off the consent agenda instead (`consent_pulled`)"
            ));
        }
        if target.status != MotionStatus::Debate {
            return refuse(format!(
                "the question on motion `{amends}` is already put: an amendment is moved while the motion is in debate"
            ));
        }
        if target.item != item {
            return refuse(format!(
                "an amendment is on the item of the motion it amends: `item` must be `{}`",
                target.item
            ));
        }
        // `target` amends a motion that itself amends one: it is already the second level.
        if let [primary, _main, ..] = self.amendment_chain(amends).as_slice() {
            return refuse(format!(
                "motion `{amends}` is an amendment to amendment `{}`: an amendment to it would be a third level, which Robert's Rules do not allow; vote on `{amends}` (or withdraw it) first",
                primary.id
            ));
        }
        if let Some(a) = self.pending_amendment(amends) {
            return refuse(format!(
                "amendment `{}` to motion `{amends}` is still pending: vote on it (or withdraw it) first; one amendment at a time",
                a.id
            ));
        }
        if text.trim().is_empty() {
            return refuse(format!(
                "an amendment gives in `text` the whole text of motion `{amends}` as amended"
            ));
        }
        if text == target.text {
            return refuse(format!(
                "the amendment's text is the text of motion `{amends}` as it stands: an amendment changes it (write the whole text as amended)"
            ));
        }
        Ok(())
    }

    /// After an event is applied: an amendment's procedure and decision kind, the text an
    /// adopted amendment gives the motion it amends, a consent block's items, a recess.
    pub(super) fn apply_procedure(
        &mut self,
        seq: u64,
        at: chrono::DateTime<chrono::Utc>,
        event: &Event,
    ) {
        match event {
            Event::MotionMoved(MotionMoved {
                motion,
                amends,
                consent,
                decision,
                ..
            }) => {
                let set_by_board = |kind: &str| {
                    self.opened
                        .as_ref()
                        .is_some_and(|o| o.rules.contains_key(kind))
                };
                let kind = match (amends, decision) {
                    (Some(a), None) => Some(self.amendment_kind(a)),
                    (None, None) if !consent.is_empty() && set_by_board("consent") => {
                        Some("consent".to_string())
                    }
                    _ => None,
                };
                if let Some(m) = self.motions.iter_mut().rev().find(|m| &m.id == motion) {
                    m.procedure.amends.clone_from(amends);
                    m.procedure.consent.clone_from(consent);
                    if let Some(kind) = kind {
                        m.decision = kind;
                    }
                }
            }
            Event::VoteClosed(VoteClosed { motion, .. }) => {
                self.adopt_amendment(motion);
                self.adopt_consent_block(motion, at);
            }
            Event::ConsentPulled(ConsentPulled { item, member }) => {
                self.consent.pulled.push(super::consent::Pull {
                    seq,
                    at,
                    item: item.clone(),
                    member: member.clone(),
                });
            }
            Event::Recessed(Recessed { reason }) => self.recess(seq, at, reason.clone()),
            Event::Resumed {} => self.resume(seq, at),
            _ => {}
        }
    }

    /// The decision kind of an amendment to `amends` that names none.
    fn amendment_kind(&self, amends: &str) -> String {
        let set_by_board = self
            .opened
            .as_ref()
            .is_some_and(|o| o.rules.contains_key(AMENDMENT_KIND));
        if set_by_board {
            return AMENDMENT_KIND.to_string();
        }
        self.motion(amends)
            .map_or_else(|| "default".to_string(), |m| m.decision.clone())
    }

    /// An amendment whose vote carried: the motion it amends takes its text.
    fn adopt_amendment(&mut self, motion: &str) {
        let Some(a) = self.motion(motion) else { return };
        let carried = a.status == MotionStatus::Closed
            && a.result().is_some_and(|t| t.outcome == Outcome::Carried);
        let (Some(target), true) = (a.procedure.amends.clone(), carried) else {
            return;
        };
        let text = a.text.clone();
        if let Some(t) = self.motions.iter_mut().find(|m| m.id == target) {
            let old = std::mem::replace(&mut t.text, text);
            t.procedure.moved_text.get_or_insert(old);
            t.procedure.amended_by.push(motion.to_string());
        }
    }
}
