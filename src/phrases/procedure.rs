//! The phrases of the room's procedure, in each language: amendments, the consent agenda, a
//! recess. The console's short lines (`line_*`, one per event kind, through [`line`]) and the
//! minutes' formal phrases (`minutes_*`).

use crate::record::event::{ConsentPulled, Event, MotionMoved, Recessed};

use super::{Catalogue, Names, fill};

/// The procedure's phrases in one language.
#[derive(Debug)]
pub struct ProcedurePhrases {
    /// `motion_moved` with `amends`: "Amendment {motion} to motion {amends} moved by {mover}:
    /// {text}".
    pub line_amendment_moved: &'static str,
    /// `motion_moved` with `consent`: "Consent block {motion} moved by {mover}: {text}".
    pub line_consent_moved: &'static str,
    /// `consent_pulled`: "{member} pulls item {item} off the consent agenda: it is taken on its
    /// own".
    pub line_consent_pulled: &'static str,
    /// `recessed`: "The meeting is in recess{reason}".
    pub line_recessed: &'static str,
    /// Its optional part: ": {reason}".
    pub line_recessed_reason: &'static str,
    /// `resumed`: "The meeting resumes; the quorum is counted again".
    pub line_resumed: &'static str,
    /// Minutes: "Amendment {id} to motion {amends}, moved by {mover}; the motion would read:".
    pub minutes_amendment_moved: &'static str,
    /// Minutes: "Amendment {id} is adopted: motion {amends} now reads:".
    pub minutes_amendment_adopted: &'static str,
    /// Minutes: "Motion {id} as amended by {amendments} is put to the vote in these words:".
    pub minutes_as_amended: &'static str,
    /// Minutes heading of the consent block: "Consent agenda".
    pub minutes_consent_heading: &'static str,
    /// Minutes: "Consent block {id}, moved by {mover}:".
    pub minutes_consent_moved: &'static str,
    /// Minutes: "Adopted by this vote (motion {id}):".
    pub minutes_consent_adopted: &'static str,
    /// Minutes, one per item: "Item {id}: {title}, adopted on consent.".
    pub minutes_consent_item: &'static str,
    /// Minutes: "{time}: {member} pulled item {id} ({title}) off the consent agenda; it is taken
    /// on its own.".
    pub minutes_consent_pulled: &'static str,
    /// Minutes: "{time}: the meeting went into recess.".
    pub minutes_recessed: &'static str,
    /// Minutes: "{time}: the meeting went into recess ({reason}).".
    pub minutes_recessed_reason: &'static str,
    /// Minutes: "{time}: the meeting resumed. Quorum counted again: {explanation}".
    pub minutes_resumed: &'static str,
}

/// English.
pub static EN: ProcedurePhrases = ProcedurePhrases {
    line_amendment_moved: "Amendment {motion} to motion {amends} moved by {mover}: {text}",
    line_consent_moved: "Consent block {motion} moved by {mover}: {text}",
    line_consent_pulled: "{member} pulls item {item} off the consent agenda: it is taken on its own",
    line_recessed: "The meeting is in recess{reason}",
    line_recessed_reason: ": {reason}",
    line_resumed: "The meeting resumes; the quorum is counted again",
    minutes_amendment_moved: "Amendment {id} to motion {amends}, moved by {mover}; the motion would read:",
    minutes_amendment_adopted: "Amendment {id} is adopted: motion {amends} now reads:",
    minutes_as_amended: "Motion {id} as amended by {amendments} is put to the vote in these words:",
    minutes_consent_heading: "Consent agenda",
    minutes_consent_moved: "Consent block {id}, moved by {mover}:",
    minutes_consent_adopted: "Adopted by this vote (motion {id}):",
    minutes_consent_item: "Item {id}: {title}, adopted on consent.",
    minutes_consent_pulled: "{time}: {member} pulled item {id} ({title}) off the consent agenda; it is taken on its own.",
    minutes_recessed: "{time}: the meeting went into recess.",
    minutes_recessed_reason: "{time}: the meeting went into recess ({reason}).",
    minutes_resumed: "{time}: the meeting resumed. Quorum counted again: {explanation}",
};

/// French.
pub static FR: ProcedurePhrases = ProcedurePhrases {
    line_amendment_moved: "Amendement {motion} à la motion {amends} proposé par {mover} : {text}",
    line_consent_moved: "Bloc de consentement {motion} proposé par {mover} : {text}",
    line_consent_pulled: "{member} retire le point {item} de l'ordre du jour de consentement : il est examiné séparément",
    line_recessed: "La séance est suspendue{reason}",
    line_recessed_reason: " : {reason}",
    line_resumed: "La séance reprend ; le quorum est recompté",
    minutes_amendment_moved: "Amendement {id} à la motion {amends}, proposé par {mover} ; la motion se lirait :",
    minutes_amendment_adopted: "L'amendement {id} est adopté : la motion {amends} se lit désormais :",
    minutes_as_amended: "La motion {id}, telle qu'amendée par {amendments}, est mise aux voix en ces termes :",
    minutes_consent_heading: "Ordre du jour de consentement",
    minutes_consent_moved: "Bloc de consentement {id}, proposé par {mover} :",
    minutes_consent_adopted: "Adoptés par ce vote (motion {id}) :",
    minutes_consent_item: "Point {id} : {title}, adopté par consentement.",
    minutes_consent_pulled: "{time} : {member} retire le point {id} ({title}) de l'ordre du jour de consentement ; il est examiné séparément.",
    minutes_recessed: "{time} : la séance est suspendue.",
    minutes_recessed_reason: "{time} : la séance est suspendue ({reason}).",
    minutes_resumed: "{time} : la séance reprend. Quorum recompté : {explanation}",
};

/// The console's line for an event of the procedure: an amendment or a consent block moved, a
/// pull, a recess, a resumption (empty for any other event).
pub fn line(cat: &Catalogue, e: &Event, names: &dyn Names) -> String {
    let p = cat.procedure;
    match e {
        Event::MotionMoved(MotionMoved {
            motion,
            text,
            mover,
            amends: Some(amends),
            ..
        }) => fill(
            p.line_amendment_moved,
            &[
                ("motion", motion),
                ("amends", amends),
                ("mover", &names.member(mover)),
                ("text", text),
            ],
        ),
        Event::MotionMoved(MotionMoved {
            motion,
            text,
            mover,
            ..
        }) => fill(
            p.line_consent_moved,
            &[
                ("motion", motion),
                ("mover", &names.member(mover)),
                ("text", text),
            ],
        ),
        Event::ConsentPulled(ConsentPulled { item, member }) => fill(
            p.line_consent_pulled,
            &[("member", &names.member(member)), ("item", item)],
        ),
        Event::Recessed(Recessed { reason }) => {
            let reason = reason.as_deref().map_or_else(String::new, |r| {
                fill(p.line_recessed_reason, &[("reason", r)])
            });
            fill(p.line_recessed, &[("reason", &reason)])
        }
        Event::Resumed {} => p.line_resumed.to_string(),
        _ => String::new(),
    }
}
