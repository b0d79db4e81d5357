//! The consent agenda: the items marked `consent = true` are adopted together by one vote on the
//! consent block (`motion_moved` with `consent`, the items listed); before the block is moved any
//! member may pull an item off (`consent_pulled`), and it is then taken on its own.
//!
//! A child module of `state` (declared there with `#[path]`); docs/meeting-journal.md ("The
//! consent agenda") is the contract.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{AgendaItem, EventError, ItemStatus, MeetingState, MotionStatus, refuse};
use crate::record::event::{ConsentPulled, Event, MotionMoved};
use crate::rules::voting::Outcome;

/// The `item` a consent block is moved on.
pub const CONSENT_ITEM: &str = "consent";

/// An item pulled off the consent agenda.
#[derive(Clone, Debug, Serialize)]
pub struct Pull {
    /// Sequence number of the `consent_pulled`.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// The item pulled.
    pub item: String,
    /// The member who pulled it.
    pub member: String,
}

/// The consent agenda as the meeting has taken it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ConsentState {
    /// Items pulled off, in order.
    pub pulled: Vec<Pull>,
    /// The consent block that carried, with the items it adopted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted_by: Option<String>,
    /// The items the block adopted.
    pub adopted: Vec<String>,
}

/// The text of a consent block on `ids`, as `Meeting::record` fills it in when the event gives
/// none: "Adopt by consent: item 4 (Title); item 6 (Title)."
pub fn block_text(items: &[AgendaItem], ids: &[String]) -> String {
    let listed: Vec<String> = ids
        .iter()
        .map(|id| {
            let title = items
                .iter()
                .find(|i| &i.id == id)
                .map_or("", |i| i.title.as_str());
            format!("item {id} ({title})")
        })
        .collect();
    format!("Adopt by consent: {}.", listed.join("; "))
}

impl MeetingState {
    /// The items still on the consent agenda, in agenda order: marked `consent`, not pulled off,
    /// not taken, and no consent block decided yet (after a block fails, each item is taken on
    /// its own).
    pub fn consent_items(&self) -> Vec<String> {
        let decided = self.motions.iter().any(|m| {
            !m.procedure.consent.is_empty()
                && matches!(m.status, MotionStatus::Closed | MotionStatus::Tied)
        });
        if decided {
            return Vec::new();
        }
        self.ctx
            .items
            .iter()
            .filter(|i| i.consent)
            .filter(|i| !self.consent.pulled.iter().any(|p| p.item == i.id))
            .filter(|i| {
                self.items
                    .iter()
                    .any(|s| s.id == i.id && s.status == ItemStatus::Pending)
            })
            .map(|i| i.id.clone())
            .collect()
    }

    /// The consent block moved and not yet decided or withdrawn.
    pub fn pending_consent_block(&self) -> Option<&super::MotionState> {
        self.motions.iter().find(|m| {
            !m.procedure.consent.is_empty()
                && matches!(m.status, MotionStatus::Debate | MotionStatus::Voting)
        })
    }

    /// The consent agenda's rules: a pull, a block moved, a consent item opened, a vote by a
    /// member recused from an item of the block.
    pub(super) fn check_consent(&self, event: &Event) -> Result<(), EventError> {
        match event {
            Event::ConsentPulled(ConsentPulled { item, member }) => self.check_pull(item, member),
            Event::MotionMoved(m @ MotionMoved { consent, .. }) if !consent.is_empty() => {
                self.check_block(m)
            }
            Event::MotionMoved(MotionMoved { item, .. }) if item == CONSENT_ITEM => {
                refuse("a motion on `consent` is the consent block: list its items in `consent`")
            }
            Event::ItemOpened { item } if self.consent_items().contains(item) => refuse(format!(
                "item `{item}` is on the consent agenda: it is adopted with the consent block, or pulled off first (`consent_pulled`) to be taken on its own"
            )),
            Event::VoteCast(crate::record::event::VoteCast { motion, member, .. }) => {
                let Some(m) = self.motion(motion) else {
                    return Ok(());
                };
                match m
                    .procedure
                    .consent
                    .iter()
                    .find(|i| self.is_recused(member, i))
                {
                    Some(i) => refuse(format!(
                        "`{member}` is recused from item `{i}`, which is in the consent block: it does not vote on the block (pull the item off before the block is moved to take it on its own)"
                    )),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// A pull: a consent item still on the consent agenda, before the block is moved, by a
    /// present member.
    fn check_pull(&self, item: &str, member: &str) -> Result<(), EventError> {
        let Some(agenda) = self.agenda_item(item) else {
            return refuse(format!("no item `{item}` on the agenda"));
        };
        if !agenda.consent {
            return refuse(format!(
                "item `{item}` is not on the consent agenda (`consent = true` in agenda.toml)"
            ));
        }
        if let Some(p) = self.consent.pulled.iter().find(|p| p.item == item) {
            return refuse(format!(
                "item `{item}` was already pulled off the consent agenda by `{}`",
                p.member
            ));
        }
        if let Some(b) = self.pending_consent_block() {
            return refuse(format!(
                "the consent block (motion `{}`) is moved: an item is pulled off before; withdraw the block, pull the item, and move the block again",
                b.id
            ));
        }
        if !self.consent_items().iter().any(|i| i == item) {
            return refuse(format!(
                "item `{item}` is no longer on the consent agenda: the consent block was voted or the item was taken"
            ));
        }
        self.check_member(member)?;
        if !self.is_present(member) {
            return refuse(format!("`{member}` is not present"));
        }
        Ok(())
    }

    /// The consent block moved: between items, on `consent`, listing exactly the items still
    /// on the consent agenda, by a present member; one block at a time.
    fn check_block(&self, m: &MotionMoved) -> Result<(), EventError> {
        if m.item != CONSENT_ITEM {
            return refuse(format!(
                "the consent block is moved on item `{CONSENT_ITEM}` (got `{}`)",
                m.item
            ));
        }
        if self.motion(&m.motion).is_some() {
            return refuse(format!(
                "motion id `{}` is already used in this meeting",
                m.motion
            ));
        }
        if let Some(cur) = self.current_item() {
            return refuse(format!(
                "item `{}` is open: close it first; the consent block is taken between items",
                cur.id
            ));
        }
        if let Some(b) = self.pending_consent_block() {
            return refuse(format!(
                "the consent block (motion `{}`) is already moved",
                b.id
            ));
        }
        let left = self.consent_items();
        if left.is_empty() {
            return refuse("no item is on the consent agenda now");
        }
        if m.consent != left {
            return refuse(format!(
                "the consent block lists every item still on the consent agenda, in agenda order: {}",
                crate::diag::list(&left.iter().map(String::as_str).collect::<Vec<_>>())
            ));
        }
        self.check_member(&m.mover)?;
        if !self.is_present(&m.mover) {
            return refuse(format!("mover `{}` is not present", m.mover));
        }
        if let (Some(kind), Some(o)) = (&m.decision, &self.opened)
            && !o.rules.contains_key(kind)
        {
            let kinds: Vec<&str> = o.rules.keys().map(String::as_str).collect();
            return refuse(format!(
                "unknown decision kind `{kind}`; kinds: {}",
                crate::diag::list(&kinds)
            ));
        }
        Ok(())
    }

    /// A consent block whose vote carried: its items are adopted (and closed) by that vote.
    pub(super) fn adopt_consent_block(&mut self, motion: &str, at: DateTime<Utc>) {
        let Some(m) = self.motion(motion) else { return };
        let carried = m.status == MotionStatus::Closed
            && m.result().is_some_and(|t| t.outcome == Outcome::Carried);
        if m.procedure.consent.is_empty() || !carried {
            return;
        }
        let ids = m.procedure.consent.clone();
        for i in self.items.iter_mut().filter(|i| ids.contains(&i.id)) {
            i.status = ItemStatus::Closed;
            i.closed_at = Some(at);
        }
        self.consent.adopted_by = Some(motion.to_string());
        self.consent.adopted = ids;
    }
}
