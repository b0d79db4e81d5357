//! The minutes' words for the speakers' list: one line per speakers' event where it happened,
//! and, when the item closes, who spoke on it in order, for how long, and how long the item took.
//!
//! A meeting in which nobody was given the floor (`speech_started`) prints no summary, so the
//! minutes of meetings that keep no speakers' list read as before.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::meeting::Meeting;
use crate::phrases::speakers::role_word;
use crate::phrases::{Catalogue, fill};
use crate::record::event::{
    Event, SpeakerMoved, SpeakerOnList, SpeakerRequested, SpeakerRole, SpeechEnded,
};
use crate::record::speakers::{Speech, clock};

/// How the minutes name a speaker: members by `member` (name and id), anyone else by name and
/// role.
fn name(
    cat: &Catalogue,
    speaker: &str,
    role: SpeakerRole,
    member: &dyn Fn(&str) -> String,
) -> String {
    match role {
        SpeakerRole::Member => member(speaker),
        other => fill(
            cat.speakers.with_role,
            &[("name", speaker), ("role", role_word(cat, other))],
        ),
    }
}

/// The role of `speaker` on `item` as its request gave it (member when the journal has none).
fn role_of(m: &Meeting, item: &str, speaker: &str) -> SpeakerRole {
    m.records
        .iter()
        .rev()
        .find_map(|r| match &r.event {
            Event::SpeakerRequested(q) | Event::PointOfOrder(q)
                if q.item == item && q.speaker == speaker =>
            {
                Some(q.role)
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// The speech a `speech_started` (`started`) or an ending event (`ended`) at `seq` belongs to.
fn speech_at(m: &Meeting, seq: u64, started: bool) -> Option<&Speech> {
    let s = &m.state.speakers;
    s.done.iter().chain(s.current.iter()).find(|sp| {
        if started {
            sp.seq == seq
        } else {
            sp.ended_seq == Some(seq)
        }
    })
}

/// The minutes' line of a speakers' event at `seq` (time `hm`); `None` for other events.
pub fn line(
    m: &Meeting,
    cat: &Catalogue,
    seq: u64,
    hm: &str,
    event: &Event,
    member: &dyn Fn(&str) -> String,
) -> Option<String> {
    let p = cat.speakers;
    let who = |item: &str, speaker: &str| name(cat, speaker, role_of(m, item, speaker), member);
    Some(match event {
        Event::SpeakerRequested(SpeakerRequested { speaker, role, .. }) => fill(
            p.m_requested,
            &[
                ("time", hm),
                ("speaker", &name(cat, speaker, *role, member)),
            ],
        ),
        Event::PointOfOrder(SpeakerRequested { speaker, role, .. }) => fill(
            p.m_point_of_order,
            &[
                ("time", hm),
                ("speaker", &name(cat, speaker, *role, member)),
            ],
        ),
        Event::SpeakerRemoved(SpeakerOnList { item, speaker }) => fill(
            p.m_removed,
            &[("time", hm), ("speaker", &who(item, speaker))],
        ),
        Event::SpeakerMoved(SpeakerMoved {
            item,
            speaker,
            position,
        }) => fill(
            p.m_moved,
            &[
                ("time", hm),
                ("speaker", &who(item, speaker)),
                ("position", &position.to_string()),
            ],
        ),
        Event::SpeechStarted(SpeakerOnList { item, speaker }) => {
            let limit = speech_at(m, seq, true)
                .and_then(|s| s.limit_seconds)
                .map_or_else(String::new, |l| {
                    fill(p.m_limit, &[("limit", &clock(i64::from(l)))])
                });
            fill(
                p.m_started,
                &[
                    ("time", hm),
                    ("speaker", &who(item, speaker)),
                    ("limit", &limit),
                ],
            )
        }
        Event::SpeechEnded(SpeechEnded { .. }) => {
            ended_line(cat, hm, speech_at(m, seq, false)?, member)
        }
        _ => return None,
    })
}

/// "{time}: {speaker} ended after {spoken}{over}." for a speech that has ended.
fn ended_line(cat: &Catalogue, hm: &str, s: &Speech, member: &dyn Fn(&str) -> String) -> String {
    let p = cat.speakers;
    let end = s.ended_at.unwrap_or(s.started_at);
    let over = s
        .left(end)
        .filter(|l| *l < 0)
        .map_or_else(String::new, |l| fill(p.m_over, &[("over", &clock(-l))]));
    fill(
        p.m_ended,
        &[
            ("time", hm),
            ("speaker", &name(cat, &s.speaker, s.role, member)),
            ("spoken", &clock(s.seconds(end))),
            ("over", &over),
        ],
    )
}

/// When `item` closes (event `seq` at `at`): a speech it ended, its speakers in order with the time each spoke, and the time the
/// item took (against its plan). Nothing when no speech was given in the whole meeting.
pub fn item_block(
    m: &Meeting,
    cat: &Catalogue,
    (seq, at, hm): (u64, DateTime<Utc>, &str),
    item: &str,
    member: &dyn Fn(&str) -> String,
    out: &mut String,
) {
    let s = &m.state.speakers;
    if s.done.is_empty() && s.current.is_none() {
        return;
    }
    let p = cat.speakers;
    // A speech still running when the item closed ended with it.
    if let Some(sp) = speech_at(m, seq, false) {
        let _ = writeln!(out, "{}\n", ended_line(cat, hm, sp, member));
    }
    let speeches: Vec<&Speech> = s.on_item(item).collect();
    if !speeches.is_empty() {
        let _ = writeln!(out, "{}\n", p.m_speakers);
        for (n, sp) in speeches.iter().enumerate() {
            let end = sp.ended_at.unwrap_or(at);
            let point = if sp.point_of_order { p.m_point } else { "" };
            let _ = writeln!(
                out,
                "{}",
                fill(
                    p.m_speaker_row,
                    &[
                        ("n", &(n + 1).to_string()),
                        ("speaker", &name(cat, &sp.speaker, sp.role, member)),
                        ("spoken", &clock(sp.seconds(end))),
                        ("point", point),
                    ],
                )
            );
        }
        out.push('\n');
    }
    let opened = m
        .state
        .items
        .iter()
        .find(|i| i.id == item)
        .and_then(|i| i.opened_at);
    let Some(from) = opened else { return };
    let spent = clock((at - from).num_seconds().max(0));
    let planned = m
        .state
        .ctx
        .items
        .iter()
        .find(|i| i.id == item)
        .and_then(|i| i.planned_minutes);
    let line = match planned {
        Some(pm) => fill(
            p.m_took_planned,
            &[("spent", &spent), ("planned", &clock(i64::from(pm) * 60))],
        ),
        None => fill(p.m_took, &[("spent", &spent)]),
    };
    let _ = writeln!(out, "{line}\n");
}
