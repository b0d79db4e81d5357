//! The speakers' list of the open item and the speeches of the meeting, as a fold over the
//! `speaker_*`, `point_of_order` and `speech_*` events; and the meeting's pace against the
//! agenda's planned durations.
//!
//! [`Speakers::check`] refuses what the list cannot take (a speaker twice, a member who is not
//! in the room, a member of the public on an item that is not a public comment item, a second
//! speech while one runs); [`Speakers::follow`] applies every event, so a speech still running
//! when its item closes or is deferred, or when the meeting adjourns, ends then. Pure: the time
//! of each event is the journal's, and [`pace`] takes "now" as a value.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::record::event::{
    AgendaItem, Event, SpeakerMoved, SpeakerOnList, SpeakerRequested, SpeakerRole, SpeechEnded,
    check_name, escaped,
};
use crate::record::state::{EventError, ItemStatus, MeetingState};

/// A speaker waiting on an item's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Waiting {
    /// A member id or a person's name.
    pub speaker: String,
    /// Member, officer or public.
    pub role: SpeakerRole,
    /// Put on the list by a point of order.
    pub point_of_order: bool,
    /// Sequence number of the request.
    pub seq: u64,
}

/// A speech: running (no `ended_at`) or done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Speech {
    /// Sequence number of the `speech_started` event.
    pub seq: u64,
    /// The item spoken on.
    pub item: String,
    /// A member id or a person's name.
    pub speaker: String,
    /// Member, officer or public.
    pub role: SpeakerRole,
    /// On a point of order.
    pub point_of_order: bool,
    /// When the speaker was given the floor.
    pub started_at: DateTime<Utc>,
    /// When the speech ended (by `speech_ended`, or the item's end or the adjournment).
    pub ended_at: Option<DateTime<Utc>>,
    /// Sequence number of the event that ended it.
    pub ended_seq: Option<u64>,
    /// Speaking time given, in seconds (the item's); none: not timed.
    pub limit_seconds: Option<u32>,
}

impl Speech {
    /// Seconds spoken by `now` (by its end, when it has ended).
    pub fn seconds(&self, now: DateTime<Utc>) -> i64 {
        let end = self.ended_at.unwrap_or(now);
        (end - self.started_at).num_seconds().max(0)
    }

    /// Seconds left of the speaking time at `now` (negative: over time); none when not timed.
    pub fn left(&self, now: DateTime<Utc>) -> Option<i64> {
        self.limit_seconds.map(|l| i64::from(l) - self.seconds(now))
    }
}

/// Every speakers' list and speech of the meeting.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Speakers {
    /// Who waits to speak, per item id, in the order they will be called.
    pub lists: BTreeMap<String, Vec<Waiting>>,
    /// The speech under way.
    pub current: Option<Speech>,
    /// Every speech that has ended, in order.
    pub done: Vec<Speech>,
}

/// Seconds left at which the countdown warns ("last 10 seconds").
pub const WARN_SECONDS: i64 = 10;

fn refuse<T>(message: impl Into<String>) -> Result<T, EventError> {
    Err(EventError {
        message: message.into(),
    })
}

impl Speakers {
    /// The list of `item`, in calling order.
    pub fn waiting(&self, item: &str) -> &[Waiting] {
        self.lists.get(item).map_or(&[], Vec::as_slice)
    }

    /// The last speech that ended on `item`.
    pub fn previous(&self, item: &str) -> Option<&Speech> {
        self.done.iter().rev().find(|s| s.item == item)
    }

    /// Every speech on `item`, in order (the running one last).
    pub fn on_item<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a Speech> + 'a {
        self.done
            .iter()
            .chain(self.current.iter())
            .filter(move |s| s.item == item)
    }

    /// Each member's total speaking time in seconds by `now` (speeches with role `member`,
    /// the running one counted to `now`), by member id.
    pub fn member_totals(&self, now: DateTime<Utc>) -> BTreeMap<String, i64> {
        let mut totals = BTreeMap::new();
        for s in self.done.iter().chain(self.current.iter()) {
            if s.role == SpeakerRole::Member {
                *totals.entry(s.speaker.clone()).or_insert(0) += s.seconds(now);
            }
        }
        totals
    }

    /// Checks a speakers' event against the meeting `state` (the caller has checked that the
    /// meeting is open and not adjourned). Events of other kinds pass.
    pub fn check(&self, state: &MeetingState, event: &Event) -> Result<(), EventError> {
        match event {
            Event::SpeakerRequested(r) | Event::PointOfOrder(r) => {
                self.check_request(state, r, matches!(event, Event::PointOfOrder(_)))
            }
            Event::SpeakerRemoved(SpeakerOnList { item, speaker })
            | Event::SpeechStarted(SpeakerOnList { item, speaker }) => {
                open_item(state, item)?;
                self.on_list(item, speaker)?;
                if matches!(event, Event::SpeechStarted(_))
                    && let Some(c) = &self.current
                {
                    return refuse(format!(
                        "{} has the floor: end that speech first (`speech_ended`)",
                        escaped(&c.speaker)
                    ));
                }
                Ok(())
            }
            Event::SpeakerMoved(SpeakerMoved {
                item,
                speaker,
                position,
            }) => {
                open_item(state, item)?;
                self.on_list(item, speaker)?;
                let len = self.waiting(item).len();
                if *position == 0 || *position as usize > len {
                    return refuse(format!(
                        "position {position} is not on the list: it runs from 1 to {len}"
                    ));
                }
                Ok(())
            }
            Event::SpeechEnded(SpeechEnded { item }) => {
                open_item(state, item)?;
                match &self.current {
                    Some(c) if &c.item == item => Ok(()),
                    _ => refuse(format!(
                        "nobody has the floor on item `{}`: start a speech first (`speech_started`)",
                        crate::board::parse::clip(item)
                    )),
                }
            }
            _ => Ok(()),
        }
    }

    fn check_request(
        &self,
        state: &MeetingState,
        r: &SpeakerRequested,
        point_of_order: bool,
    ) -> Result<(), EventError> {
        let agenda = open_item(state, &r.item)?;
        match r.role {
            SpeakerRole::Member => {
                let seated = state
                    .opened
                    .as_ref()
                    .is_some_and(|o| o.seats.iter().any(|s| s.member == r.speaker));
                if !seated {
                    return refuse(format!(
                        "{} holds no seat at this meeting: a member speaks by its id; give \
                         `role` \"officer\" or \"public\" for anyone else",
                        escaped(&r.speaker)
                    ));
                }
                if !state.is_present(&r.speaker) {
                    return refuse(format!(
                        "`{}` is not recorded present: record its attendance first",
                        r.speaker
                    ));
                }
            }
            SpeakerRole::Officer | SpeakerRole::Public => {
                check_name("speaker", &r.speaker).map_err(|message| EventError { message })?;
                if r.role == SpeakerRole::Public && !agenda.public_comment {
                    return refuse(format!(
                        "item `{}` is not a public comment item: members of the public speak \
                         only on an item with `public_comment = true` in agenda.toml",
                        r.item
                    ));
                }
            }
        }
        let already = self
            .waiting(&r.item)
            .iter()
            .find(|w| w.speaker == r.speaker);
        match already {
            Some(w) if !point_of_order || w.point_of_order => refuse(format!(
                "{} is already on the speakers' list of item `{}`",
                escaped(&r.speaker),
                r.item
            )),
            _ => Ok(()),
        }
    }

    fn on_list(&self, item: &str, speaker: &str) -> Result<(), EventError> {
        if self.waiting(item).iter().any(|w| w.speaker == speaker) {
            return Ok(());
        }
        let names: Vec<&str> = self
            .waiting(item)
            .iter()
            .map(|w| w.speaker.as_str())
            .collect();
        refuse(format!(
            "{} is not on the speakers' list of item `{}`; waiting: {}",
            escaped(speaker),
            crate::board::parse::clip(item),
            crate::diag::list(&names)
        ))
    }

    /// Applies an accepted event: the speakers' events change the lists and speeches; an item's
    /// end and the adjournment end the speech under way.
    pub fn follow(&mut self, seq: u64, at: DateTime<Utc>, event: &Event, items: &[AgendaItem]) {
        match event {
            Event::SpeakerRequested(r) => {
                self.lists.entry(r.item.clone()).or_default().push(Waiting {
                    speaker: r.speaker.clone(),
                    role: r.role,
                    point_of_order: false,
                    seq,
                });
            }
            Event::PointOfOrder(r) => {
                let list = self.lists.entry(r.item.clone()).or_default();
                list.retain(|w| w.speaker != r.speaker);
                let front = list.iter().take_while(|w| w.point_of_order).count();
                list.insert(
                    front,
                    Waiting {
                        speaker: r.speaker.clone(),
                        role: r.role,
                        point_of_order: true,
                        seq,
                    },
                );
            }
            Event::SpeakerRemoved(SpeakerOnList { item, speaker }) => {
                if let Some(list) = self.lists.get_mut(item) {
                    list.retain(|w| &w.speaker != speaker);
                }
            }
            Event::SpeakerMoved(SpeakerMoved {
                item,
                speaker,
                position,
            }) => {
                if let Some(list) = self.lists.get_mut(item)
                    && let Some(from) = list.iter().position(|w| &w.speaker == speaker)
                {
                    let w = list.remove(from);
                    let to = (*position as usize).saturating_sub(1).min(list.len());
                    list.insert(to, w);
                }
            }
            Event::SpeechStarted(SpeakerOnList { item, speaker }) => {
                let Some(list) = self.lists.get_mut(item) else {
                    return;
                };
                let Some(from) = list.iter().position(|w| &w.speaker == speaker) else {
                    return;
                };
                let w = list.remove(from);
                self.current = Some(Speech {
                    seq,
                    item: item.clone(),
                    speaker: w.speaker,
                    role: w.role,
                    point_of_order: w.point_of_order,
                    started_at: at,
                    ended_at: None,
                    ended_seq: None,
                    limit_seconds: items
                        .iter()
                        .find(|i| &i.id == item)
                        .and_then(|i| i.speaking_seconds),
                });
            }
            Event::SpeechEnded(_)
            | Event::ItemClosed { .. }
            | Event::ItemDeferred { .. }
            | Event::Adjourned {} => {
                if let Some(mut s) = self.current.take() {
                    s.ended_at = Some(at);
                    s.ended_seq = Some(seq);
                    self.done.push(s);
                }
            }
            _ => {}
        }
    }
}

/// The agenda item `item` if it is the one being taken now.
fn open_item<'s>(state: &'s MeetingState, item: &str) -> Result<&'s AgendaItem, EventError> {
    let open = state.current_item().map(|i| i.id.as_str());
    if open != Some(item) {
        return refuse(match open {
            Some(o) => format!(
                "item `{}` is not the item being taken: speakers' lists are kept for the open \
                 item, `{o}`",
                crate::board::parse::clip(item)
            ),
            None => format!(
                "no item is open: take up item `{}` first (`item_opened`)",
                crate::board::parse::clip(item)
            ),
        });
    }
    match state.ctx.items.iter().find(|i| i.id == item) {
        Some(a) => Ok(a),
        None => refuse(format!("no item `{item}` on the agenda")),
    }
}

/// The meeting's pace against the agenda's planned durations at a moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pace {
    /// Seconds taken by the items done (closed or deferred after being taken up) and the open
    /// one, by now.
    pub spent_seconds: i64,
    /// Planned seconds of the same items (items without a planned duration count 0).
    pub planned_seconds: i64,
    /// The open item: seconds taken by now, and its planned seconds.
    pub open_item: Option<(String, i64, Option<i64>)>,
    /// When the meeting ends if the rest goes at the pace so far (the items done took
    /// `spent/planned` of their plan); none when nothing is planned.
    pub ends_at: Option<DateTime<Utc>>,
}

/// The pace of the meeting at `now`: time spent against planned, and when it ends at this pace.
pub fn pace(state: &MeetingState, now: DateTime<Utc>) -> Pace {
    let planned_of = |id: &str| {
        state
            .ctx
            .items
            .iter()
            .find(|i| i.id == id)
            .and_then(|i| i.planned_minutes)
            .map(|m| i64::from(m) * 60)
    };
    let (mut done_spent, mut done_planned) = (0i64, 0i64);
    let mut open_item = None;
    let mut to_come = 0i64;
    for i in &state.items {
        let planned = planned_of(&i.id);
        match (i.status, i.opened_at) {
            (ItemStatus::Closed | ItemStatus::Deferred, Some(from)) => {
                let to = i.closed_at.unwrap_or(now);
                if planned.is_some() {
                    done_spent += (to - from).num_seconds().max(0);
                    done_planned += planned.unwrap_or(0);
                }
            }
            (ItemStatus::Open, Some(from)) => {
                open_item = Some((i.id.clone(), (now - from).num_seconds().max(0), planned));
            }
            (ItemStatus::Pending, _) => to_come += planned.unwrap_or(0),
            _ => {}
        }
    }
    let spent_all: i64 = state
        .items
        .iter()
        .filter_map(|i| {
            let from = i.opened_at?;
            Some((i.closed_at.unwrap_or(now) - from).num_seconds().max(0))
        })
        .sum();
    let planned_all: i64 = state
        .items
        .iter()
        .filter(|i| i.opened_at.is_some())
        .filter_map(|i| planned_of(&i.id))
        .sum();
    // At this pace: each planned second of what is left takes done_spent / done_planned
    // seconds (integers only); before any planned item is done, the plan itself.
    let scale = |s: i64| {
        if done_planned > 0 {
            s * done_spent / done_planned
        } else {
            s
        }
    };
    let open_left = open_item
        .as_ref()
        .and_then(|(_, spent, planned)| planned.map(|p| (scale(p) - spent).max(0)))
        .unwrap_or(0);
    let anything_planned = state.ctx.items.iter().any(|i| i.planned_minutes.is_some());
    let ends_at = (anything_planned && state.adjourned_at.is_none())
        .then(|| now + Duration::seconds(scale(to_come) + open_left));
    Pace {
        spent_seconds: spent_all,
        planned_seconds: planned_all,
        open_item,
        ends_at,
    }
}

/// Seconds as `m:ss` (`-m:ss` when negative), or `h:mm:ss` from an hour.
pub fn clock(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    if s >= 3600 {
        format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{sign}{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_minutes_and_seconds() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(75), "1:15");
        assert_eq!(clock(-9), "-0:09");
        assert_eq!(clock(3725), "1:02:05");
    }

    fn speech(limit: Option<u32>) -> Speech {
        let at: DateTime<Utc> = "2025-03-18T19:00:00Z".parse().unwrap();
        Speech {
            seq: 1,
            item: "4".into(),
            speaker: "a".into(),
            role: SpeakerRole::Member,
            point_of_order: false,
            started_at: at,
            ended_at: None,
            ended_seq: None,
            limit_seconds: limit,
        }
    }

    /// Items of 10, 10 and 20 planned minutes; the first took 15 (half as long again as
    /// planned), the second has run 5: at this pace the second takes 15, the third 30.
    #[test]
    fn the_meeting_ends_at_the_pace_of_the_items_done() {
        use crate::board::model::ItemKind;
        use crate::record::state::{Context, ItemStatus};
        let item = |id: &str, planned: u32| AgendaItem {
            id: id.into(),
            title: format!("Item {id}"),
            kind: ItemKind::Information,
            tender: None,
            decision: "default".into(),
            speaking_seconds: None,
            planned_minutes: Some(planned),
            public_comment: false,
            closed: None,
            consent: false,
        };
        let mut state = MeetingState::new(Context {
            items: vec![item("1", 10), item("2", 10), item("3", 20)],
            ..Context::default()
        });
        let t0: DateTime<Utc> = "2025-03-11T23:00:00Z".parse().unwrap();
        let now = t0 + Duration::minutes(20);
        state.items[0].status = ItemStatus::Closed;
        state.items[0].opened_at = Some(t0);
        state.items[0].closed_at = Some(t0 + Duration::minutes(15));
        state.items[1].status = ItemStatus::Open;
        state.items[1].opened_at = Some(t0 + Duration::minutes(15));
        let p = pace(&state, now);
        assert_eq!(p.spent_seconds, 20 * 60);
        assert_eq!(p.planned_seconds, 20 * 60);
        assert_eq!(p.open_item, Some(("2".into(), 5 * 60, Some(10 * 60))));
        assert_eq!(p.ends_at, Some(now + Duration::minutes(10 + 30)));
        // Adjourned: no forecast.
        state.adjourned_at = Some(now);
        assert_eq!(pace(&state, now).ends_at, None);
    }

    #[test]
    fn a_speech_counts_down_from_its_limit_and_past_it() {
        let s = speech(Some(120));
        let at = s.started_at;
        assert_eq!(s.left(at + Duration::seconds(30)), Some(90));
        assert_eq!(s.left(at + Duration::seconds(125)), Some(-5));
        assert_eq!(speech(None).left(at), None);
        assert_eq!(s.seconds(at - Duration::seconds(5)), 0);
    }
}
