//! Events in the words the record screen (and the minutes) use.

use super::app::Model;
use crate::record::event::Event;

/// An event in the words the record screen and the minutes use.
pub fn describe(model: &Model, e: &Event) -> String {
    let n = |id: &str| model.info.name(id).to_string();
    match e {
        Event::MeetingOpened { presiding, .. } => format!(
            "The meeting is opened{}.",
            presiding
                .as_ref()
                .map(|p| format!(", {p} presiding"))
                .unwrap_or_default()
        ),
        Event::Attendance {
            member,
            status,
            person,
            alternate,
        } => format!(
            "{}: {}{}",
            n(member),
            status.as_str(),
            person
                .as_ref()
                .map(|p| format!(", {p}{}", if *alternate { " (alternate)" } else { "" }))
                .unwrap_or_default()
        ),
        Event::AttendanceCorrected {
            member,
            status,
            reason,
            ..
        } => {
            format!(
                "Correction: {} is {} ({reason})",
                n(member),
                status.as_str()
            )
        }
        Event::Proxy { member, holder } => {
            format!("{} gives its proxy to {}", n(member), n(holder))
        }
        Event::ItemOpened { item } => {
            format!("Item {item} is taken up: {}", item_title(model, item))
        }
        Event::ItemClosed { item } => format!("Item {item} is closed"),
        Event::ItemDeferred { item, reason } => format!("Item {item} is deferred: {reason}"),
        Event::Recusal {
            member,
            scope,
            reason,
        } => {
            let on = match scope {
                crate::record::event::RecusalScope::Item(i) => format!("item {i}"),
                crate::record::event::RecusalScope::Tender(t) => format!("tender {t}"),
            };
            format!("{} recuses itself from {on}: {reason}", n(member))
        }
        Event::MotionMoved {
            motion,
            text,
            mover,
            ..
        } => {
            format!("Motion {motion} moved by {}: {text}", n(mover))
        }
        Event::MotionSeconded { motion, seconder } => {
            format!("Motion {motion} seconded by {}", n(seconder))
        }
        Event::MotionWithdrawn { motion } => format!("Motion {motion} is withdrawn"),
        Event::VoteOpened { motion } => format!("Voting opens again on motion {motion}"),
        Event::VoteCast {
            motion,
            member,
            vote,
            ..
        } => {
            format!("{} votes {} on motion {motion}", n(member), vote.describe())
        }
        Event::VoteCorrected {
            motion,
            member,
            vote,
            reason,
            ..
        } => format!(
            "Correction: {} votes {} on motion {motion} ({reason})",
            n(member),
            vote.describe()
        ),
        Event::CastingVote { motion, choice } => {
            format!(
                "The chair gives a casting vote {} on motion {motion}",
                choice.as_str()
            )
        }
        Event::VoteClosed {
            motion,
            outcome,
            explanation,
        } => {
            if explanation.is_empty() {
                format!("Vote on motion {motion} closed: {outcome}")
            } else {
                format!(
                    "Vote on motion {motion} closed: {}. {explanation}",
                    outcome.to_uppercase()
                )
            }
        }
        Event::ScoreRecorded {
            member,
            tender,
            bid,
            criterion,
            score,
        } => format!(
            "{} scores bid {bid} of {tender} on {criterion}: {}",
            n(member),
            score.normalize()
        ),
        Event::ConsensusRecorded {
            tender,
            bid,
            criterion,
            score,
            ..
        } => format!(
            "Consensus on bid {bid} of {tender}, {criterion}: {}",
            score.normalize()
        ),
        Event::DisputeLodged {
            dispute,
            author,
            grounds,
            ..
        } => {
            format!("Dispute {dispute} lodged by {author}: {grounds}")
        }
        Event::DisputeStatusChanged {
            dispute, status, ..
        } => format!("Dispute {dispute} is now {status}"),
        Event::Note { text, item } => match item {
            Some(i) => format!("Note on item {i}: {text}"),
            None => format!("Note: {text}"),
        },
        Event::Presiding {
            member,
            person,
            reason,
        } => format!(
            "{}{} presides from now on{}",
            n(member),
            person
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default(),
            reason
                .as_ref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        ),
        Event::Adjourned {} => "The meeting is adjourned.".into(),
    }
}

fn item_title(model: &Model, id: &str) -> String {
    model
        .state
        .ctx
        .items
        .iter()
        .find(|i| i.id == id)
        .map(|i| i.title.clone())
        .unwrap_or_default()
}
