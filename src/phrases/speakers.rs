//! The phrases of the speakers' list and the clock, in each language: the console's one line per
//! event (`speaker_requested`, `point_of_order`, `speaker_removed`, `speaker_moved`,
//! `speech_started`, `speech_ended`) and the minutes' lines and per-item summary.

use crate::record::event::{
    Event, SpeakerMoved, SpeakerOnList, SpeakerRequested, SpeakerRole, SpeechEnded,
};

use super::{Catalogue, Names, fill};

/// The phrases of the speakers' list in one language.
#[derive(Debug)]
pub struct SpeakerPhrases {
    /// Console, `speaker_requested`: "{speaker} asks to speak on item {item}".
    pub requested: &'static str,
    /// Console, `point_of_order`: "{speaker} rises to a point of order on item {item}".
    pub point_of_order: &'static str,
    /// Console, `speaker_removed`.
    pub removed: &'static str,
    /// Console, `speaker_moved`.
    pub moved: &'static str,
    /// Console, `speech_started`.
    pub started: &'static str,
    /// Console, `speech_ended`.
    pub ended: &'static str,
    /// A speaker who is not a member, with their role: "{name} ({role})".
    pub with_role: &'static str,
    /// The role `officer`.
    pub officer: &'static str,
    /// The role `public`.
    pub public: &'static str,
    /// The role `member`.
    pub member: &'static str,
    /// Minutes, `speaker_requested`: "{time}: {speaker} asked to speak.".
    pub m_requested: &'static str,
    /// Minutes, `point_of_order`.
    pub m_point_of_order: &'static str,
    /// Minutes, `speaker_removed`.
    pub m_removed: &'static str,
    /// Minutes, `speaker_moved`.
    pub m_moved: &'static str,
    /// Minutes, `speech_started`, with `{limit}` the optional part below.
    pub m_started: &'static str,
    /// Its optional part: " (speaking time {limit})".
    pub m_limit: &'static str,
    /// Minutes, `speech_ended`: "{time}: {speaker} ended after {spoken}{over}.".
    pub m_ended: &'static str,
    /// Its optional part: ", {over} over the speaking time".
    pub m_over: &'static str,
    /// Heading of the item's speakers: "Speakers on this item:".
    pub m_speakers: &'static str,
    /// One speaker of the item: "{n}. {speaker}, {spoken}{point}".
    pub m_speaker_row: &'static str,
    /// Its optional part: " (point of order)".
    pub m_point: &'static str,
    /// "The item took {spent}." / with a plan: see `m_took_planned`.
    pub m_took: &'static str,
    /// "The item took {spent} (planned: {planned}).".
    pub m_took_planned: &'static str,
}

/// English.
pub(super) static EN: SpeakerPhrases = SpeakerPhrases {
    requested: "{speaker} asks to speak on item {item}",
    point_of_order: "{speaker} rises to a point of order on item {item}",
    removed: "{speaker} is taken off the speakers' list of item {item}",
    moved: "{speaker} moves to place {position} on the speakers' list of item {item}",
    started: "{speaker} has the floor on item {item}",
    ended: "The speech on item {item} ends",
    with_role: "{name} ({role})",
    officer: "officer",
    public: "member of the public",
    member: "member",
    m_requested: "{time}: {speaker} asked to speak.",
    m_point_of_order: "{time}: {speaker} rose to a point of order.",
    m_removed: "{time}: {speaker} was taken off the speakers' list.",
    m_moved: "{time}: {speaker} was moved to place {position} on the speakers' list.",
    m_started: "{time}: {speaker} was given the floor{limit}.",
    m_limit: " (speaking time {limit})",
    m_ended: "{time}: {speaker} ended after {spoken}{over}.",
    m_over: ", {over} over the speaking time",
    m_speakers: "Speakers on this item:",
    m_speaker_row: "{n}. {speaker}, {spoken}{point}",
    m_point: " (point of order)",
    m_took: "The item took {spent}.",
    m_took_planned: "The item took {spent} (planned: {planned}).",
};

/// French.
pub(super) static FR: SpeakerPhrases = SpeakerPhrases {
    requested: "{speaker} demande la parole sur le point {item}",
    point_of_order: "{speaker} soulève un rappel au règlement sur le point {item}",
    removed: "{speaker} est retiré de la liste des orateurs du point {item}",
    moved: "{speaker} passe au rang {position} de la liste des orateurs du point {item}",
    started: "{speaker} a la parole sur le point {item}",
    ended: "L'intervention sur le point {item} prend fin",
    with_role: "{name} ({role})",
    officer: "agent",
    public: "membre du public",
    member: "membre",
    m_requested: "{time} : {speaker} a demandé la parole.",
    m_point_of_order: "{time} : {speaker} a soulevé un rappel au règlement.",
    m_removed: "{time} : {speaker} a été retiré de la liste des orateurs.",
    m_moved: "{time} : {speaker} a été placé au rang {position} de la liste des orateurs.",
    m_started: "{time} : la parole a été donnée à {speaker}{limit}.",
    m_limit: " (temps de parole {limit})",
    m_ended: "{time} : {speaker} a terminé après {spoken}{over}.",
    m_over: ", soit {over} de plus que le temps de parole",
    m_speakers: "Orateurs sur ce point :",
    m_speaker_row: "{n}. {speaker}, {spoken}{point}",
    m_point: " (rappel au règlement)",
    m_took: "Le point a duré {spent}.",
    m_took_planned: "Le point a duré {spent} (prévu : {planned}).",
};

/// The role in the catalogue's words.
pub fn role_word(cat: &Catalogue, role: SpeakerRole) -> &'static str {
    match role {
        SpeakerRole::Member => cat.speakers.member,
        SpeakerRole::Officer => cat.speakers.officer,
        SpeakerRole::Public => cat.speakers.public,
    }
}

/// A speaker as a line names them: a member by `names`, anyone else by name with their role.
pub fn speaker_name(
    cat: &Catalogue,
    speaker: &str,
    role: SpeakerRole,
    names: &dyn Names,
) -> String {
    match role {
        SpeakerRole::Member => names.member(speaker),
        other => fill(
            cat.speakers.with_role,
            &[("name", speaker), ("role", role_word(cat, other))],
        ),
    }
}

/// The console's line for a speakers' event; `None` for events of other kinds. A speaker named
/// by a removal, move or start is named as a member when `names` knows them, else by name.
pub fn line(cat: &Catalogue, e: &Event, names: &dyn Names) -> Option<String> {
    let p = cat.speakers;
    let plain = |speaker: &str| names.member(speaker);
    Some(match e {
        Event::SpeakerRequested(SpeakerRequested {
            item,
            speaker,
            role,
        }) => fill(
            p.requested,
            &[
                ("speaker", &speaker_name(cat, speaker, *role, names)),
                ("item", item),
            ],
        ),
        Event::PointOfOrder(SpeakerRequested {
            item,
            speaker,
            role,
        }) => fill(
            p.point_of_order,
            &[
                ("speaker", &speaker_name(cat, speaker, *role, names)),
                ("item", item),
            ],
        ),
        Event::SpeakerRemoved(SpeakerOnList { item, speaker }) => {
            fill(p.removed, &[("speaker", &plain(speaker)), ("item", item)])
        }
        Event::SpeakerMoved(SpeakerMoved {
            item,
            speaker,
            position,
        }) => fill(
            p.moved,
            &[
                ("speaker", &plain(speaker)),
                ("item", item),
                ("position", &position.to_string()),
            ],
        ),
        Event::SpeechStarted(SpeakerOnList { item, speaker }) => {
            fill(p.started, &[("speaker", &plain(speaker)), ("item", item)])
        }
        Event::SpeechEnded(SpeechEnded { item }) => fill(p.ended, &[("item", item)]),
        _ => return None,
    })
}
