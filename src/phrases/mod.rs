//! Every fixed phrase of the minutes and of the meeting console, in each language: the rendering
//! code holds no sentence.
//!
//! One [`Catalogue`] per language. The minutes use its formal phrases (past tense, with times,
//! tables and headings); the console's record screen and status line use its [`EventPhrases`],
//! one line per journal event kind, through [`event_line`]. Phrases carry `{name}` placeholders,
//! filled by [`fill`].
//!
//! The module sits just above the meeting's events (it reads [`crate::record::event::Event`])
//! and below everything that phrases them: the minutes and the console both import it.

mod events;
pub mod procedure;
pub mod speakers;

pub use events::{EventPhrases, Names, event_line};

/// The phrases of one language.
#[derive(Debug)]
pub struct Catalogue {
    /// Language code.
    pub code: &'static str,
    /// Language name, in itself.
    pub name: &'static str,
    /// Month names, January first.
    pub months: [&'static str; 12],
    /// "{day} {month} {year}".
    pub date: &'static str,
    /// Title: "Minutes of the {kind} meeting of {date}".
    pub title: &'static str,
    /// "regular".
    pub kind_regular: &'static str,
    /// "special".
    pub kind_special: &'static str,
    /// Field labels of the summary table.
    pub body: &'static str,
    /// "Meeting".
    pub meeting: &'static str,
    /// "Kind of meeting".
    pub kind: &'static str,
    /// "Date".
    pub date_label: &'static str,
    /// "Place".
    pub place: &'static str,
    /// "Time zone".
    pub time_zone: &'static str,
    /// "Scheduled start".
    pub scheduled: &'static str,
    /// "Opened".
    pub opened: &'static str,
    /// "Adjourned".
    pub adjourned: &'static str,
    /// "Presiding officer".
    pub presiding: &'static str,
    /// "Chair by rotation".
    pub chair: &'static str,
    /// "Secretary".
    pub secretary: &'static str,
    /// "{person}, standing in".
    pub stood_in: &'static str,
    /// "Proceedings".
    pub proceedings: &'static str,
    /// "The meeting was called to order at {time} by {person}, presiding.".
    pub called_to_order: &'static str,
    /// Heading of the roll call.
    pub roll_call: &'static str,
    /// Heading of a later attendance change.
    pub attendance_change: &'static str,
    /// Table header: time.
    pub col_time: &'static str,
    /// Table header: member.
    pub col_member: &'static str,
    /// Table header: weight.
    pub col_weight: &'static str,
    /// Table header: attendance.
    pub col_status: &'static str,
    /// Table header: person.
    pub col_person: &'static str,
    /// Table header: vote.
    pub col_vote: &'static str,
    /// Table header: note (proxy, correction).
    pub col_note: &'static str,
    /// Attendance statuses.
    pub present: &'static str,
    /// "remote".
    pub remote: &'static str,
    /// "absent".
    pub absent: &'static str,
    /// "excused".
    pub excused: &'static str,
    /// "{person} (alternate)".
    pub alternate: &'static str,
    /// "Correction: {member}'s attendance is {status} ({reason})".
    pub attendance_corrected: &'static str,
    /// "Quorum: {explanation}".
    pub quorum: &'static str,
    /// "{member} gives its proxy to {holder}."
    pub proxy: &'static str,
    /// "Recusals declared in tender files".
    pub file_recusals: &'static str,
    /// "{member} is recused from {scope}: {reason}".
    pub recusal: &'static str,
    /// "tender {id}".
    pub scope_tender: &'static str,
    /// "item {id}".
    pub scope_item: &'static str,
    /// "Item {id}: {title}".
    pub item: &'static str,
    /// "Taken up at {time}.".
    pub item_opened: &'static str,
    /// "Closed at {time}.".
    pub item_closed: &'static str,
    /// "Deferred at {time}: {reason}".
    pub item_deferred: &'static str,
    /// "Minutes concerned: meeting {meeting}, minutes.md SHA-256 {sha}".
    pub minutes_of: &'static str,
    /// "… (not rendered)".
    pub minutes_of_missing: &'static str,
    /// "The minutes of meeting {meeting} are approved.".
    pub minutes_approved: &'static str,
    /// "The minutes of meeting {meeting} are approved as corrected:" (then the corrections).
    pub minutes_approved_corrected: &'static str,
    /// "Motion {id}, moved by {mover}:".
    pub motion_moved: &'static str,
    /// "Seconded by {seconder}.".
    pub seconded: &'static str,
    /// The chair puts the question: "{time}: After debate, the chair put the question on motion {id}."
    pub question_put: &'static str,
    /// "Motion {id} withdrawn.".
    pub withdrawn: &'static str,
    /// "Voting on motion {id} opened (round {round}).".
    pub vote_opened: &'static str,
    /// "Correction: the vote of {member} on motion {motion} is {vote}, not {old} ({reason}).".
    pub vote_corrected: &'static str,
    /// "The chair gives a casting vote: {choice}.".
    pub casting_vote: &'static str,
    /// "From {time}, {who} presides.".
    pub presides: &'static str,
    /// "Reason: {reason}".
    pub presides_why: &'static str,
    /// "Vote on motion {id} (decision kind `{decision}`), round {round}".
    pub vote_heading: &'static str,
    /// "by proxy of {holder}".
    pub by_proxy: &'static str,
    /// "corrected from {old}".
    pub corrected_from: &'static str,
    /// "Recused and not voting: {members}".
    pub recused_not_voting: &'static str,
    /// "Result: {outcome}, yes {yes}, no {no}, abstain {abstain}, not voting {not_voting}".
    pub result: &'static str,
    /// "Explanation as announced:".
    pub explanation: &'static str,
    /// Outcomes.
    pub carried: &'static str,
    /// "FAILED".
    pub failed: &'static str,
    /// "NO QUORUM".
    pub no_quorum: &'static str,
    /// "TIED".
    pub tied: &'static str,
    /// Choices.
    pub yes: &'static str,
    /// "no".
    pub no: &'static str,
    /// "abstain".
    pub abstain: &'static str,
    /// "split (yes {yes}, no {no}, abstain {abstain})".
    pub split: &'static str,
    /// "Scores recorded".
    pub scores: &'static str,
    /// Table headers of scores.
    pub col_tender: &'static str,
    /// "Bid".
    pub col_bid: &'static str,
    /// "Criterion".
    pub col_criterion: &'static str,
    /// "Score".
    pub col_score: &'static str,
    /// "Consensus scores recorded".
    pub consensus: &'static str,
    /// "Reason".
    pub col_reason: &'static str,
    /// "Evaluation of tender {tender} as it stands at the end of the meeting".
    pub evaluation: &'static str,
    /// "Dispute {id} ({kind}) lodged by {author} ({role}) against {against}.".
    pub dispute_lodged: &'static str,
    /// "Grounds: {text}".
    pub grounds: &'static str,
    /// "Remedy sought: {text}".
    pub remedy: &'static str,
    /// "It blocks the award while open.".
    pub blocks_award: &'static str,
    /// "It asks to reconsider dispute {id}.".
    pub reconsiders: &'static str,
    /// "Dispute {id} is now {status}.".
    pub dispute_status: &'static str,
    /// "the meeting".
    pub against_meeting: &'static str,
    /// "lot {id}".
    pub scope_lot: &'static str,
    /// "bid {id}".
    pub scope_bid: &'static str,
    /// Words for the codes of dispute kinds, authors' roles and dispute statuses, by code.
    pub codes: &'static [(&'static str, &'static str)],
    /// "{time}: witness statement {statement} is entered in the record (SHA-256 {sha})."
    pub witness_cited: &'static str,
    /// "Note: {text}".
    pub note: &'static str,
    /// "The meeting adjourned at {time}.".
    pub adjournment: &'static str,
    /// `closed_session_began` in the minutes: "{time}: closed session on the ground: {ground}. …".
    pub closed_began: &'static str,
    /// `closed_session_ended` in the minutes: "{time}: the closed session ends; … SHA-256 …".
    pub closed_ended: &'static str,
    /// `reported_out` in the minutes: "{time}: reported out from the closed session: {text}".
    pub reported_out: &'static str,
    /// "{time} ({offset})" is built by the renderer; this is "UTC{offset}".
    pub utc_offset: &'static str,
    /// "none".
    pub none: &'static str,
    /// One line per journal event kind, as the console shows an event.
    pub events: &'static EventPhrases,
    /// Amendments, the consent agenda, a recess: console lines and minutes phrases.
    pub procedure: &'static procedure::ProcedurePhrases,
    /// The speakers' list and the clock: the console's lines and the minutes'.
    pub speakers: &'static speakers::SpeakerPhrases,
}

/// English.
pub static EN: Catalogue = Catalogue {
    code: "en",
    name: "English",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date: "{day} {month} {year}",
    title: "Minutes of the {kind} meeting of {date}",
    kind_regular: "regular",
    kind_special: "special",
    body: "Body",
    meeting: "Meeting",
    kind: "Kind of meeting",
    date_label: "Date",
    place: "Place",
    time_zone: "Time zone",
    scheduled: "Scheduled start",
    opened: "Opened",
    adjourned: "Adjourned",
    presiding: "Presiding officer",
    chair: "Chair by rotation",
    secretary: "Secretary",
    stood_in: "{person}, standing in",
    proceedings: "Proceedings",
    called_to_order: "The meeting was called to order at {time} by {person}, presiding.",
    roll_call: "Roll call",
    attendance_change: "Attendance",
    col_time: "Time",
    col_member: "Member",
    col_weight: "Weight",
    col_status: "Attendance",
    col_person: "Sitting",
    col_vote: "Vote",
    col_note: "Note",
    present: "present",
    remote: "present (remote)",
    absent: "absent",
    excused: "excused",
    alternate: "{person} (alternate)",
    attendance_corrected: "Correction at {time}: the attendance of {member} is {status} ({reason}).",
    quorum: "Quorum: {explanation}",
    proxy: "{member} gives its proxy to {holder}.",
    file_recusals: "Recusals declared in tender files before the meeting:",
    recusal: "{member} is recused from {scope}: {reason}",
    scope_tender: "tender {id}",
    scope_item: "item {id}",
    item: "Item {id}: {title}",
    item_opened: "Taken up at {time}.",
    item_closed: "Closed at {time}.",
    item_deferred: "Deferred at {time}: {reason}",
    minutes_of: "Minutes concerned: meeting {meeting}, minutes.md SHA-256 `{sha}`.",
    minutes_of_missing: "Minutes concerned: meeting {meeting} (no minutes rendered).",
    minutes_approved: "The minutes of meeting {meeting} are approved.",
    minutes_approved_corrected: "The minutes of meeting {meeting} are approved as corrected:",
    motion_moved: "Motion {id}, moved by {mover}:",
    seconded: "Seconded by {seconder}.",
    question_put: "{time}: After debate, the chair put the question on motion {id}.",
    withdrawn: "Motion {id} is withdrawn.",
    vote_opened: "Voting on motion {id} opens again (round {round}).",
    vote_corrected: "Correction at {time}: the vote of {member} on motion {motion} is {vote}, not {old} ({reason}).",
    casting_vote: "The chair gives a casting vote: {choice}.",
    presides: "From {time}, {who} presides.",
    presides_why: "Reason: {reason}",
    vote_heading: "Vote on motion {id} (decision kind `{decision}`, round {round}):",
    by_proxy: "by proxy, held by {holder}",
    corrected_from: "corrected from {old}",
    recused_not_voting: "Recused, not voting: {members}.",
    result: "Result: **{outcome}**: yes {yes}, no {no}, abstain {abstain}, not voting {not_voting}.",
    explanation: "Explanation as announced:",
    carried: "CARRIED",
    failed: "FAILED",
    no_quorum: "NO QUORUM",
    tied: "TIED",
    yes: "yes",
    no: "no",
    abstain: "abstain",
    split: "split (yes {yes}, no {no}, abstain {abstain})",
    scores: "Scores recorded:",
    col_tender: "Tender",
    col_bid: "Bid",
    col_criterion: "Criterion",
    col_score: "Score",
    consensus: "Consensus scores recorded:",
    col_reason: "Reason",
    evaluation: "Evaluation of tender {tender} as it stands at the end of the meeting (the table `procboard score` prints):",
    dispute_lodged: "Dispute {id} ({kind}) is lodged by {author} ({role}) against {against}.",
    grounds: "Grounds: {text}",
    remedy: "Remedy sought: {text}",
    blocks_award: "It blocks the award while open.",
    reconsiders: "It asks to reconsider dispute {id}.",
    dispute_status: "Dispute {id} is now {status}.",
    against_meeting: "the meeting",
    scope_lot: "lot {id}",
    scope_bid: "bid {id}",
    codes: &[
        ("bid_protest", "bid protest"),
        ("objection", "objection"),
        ("conflict_of_interest", "conflict of interest"),
        ("point_of_order", "point of order"),
        ("bidder", "bidder"),
        ("member", "member"),
        ("public", "member of the public"),
        ("lodged", "lodged"),
        ("under_review", "under review"),
        ("upheld", "upheld"),
        ("dismissed", "dismissed"),
        ("withdrawn", "withdrawn"),
    ],
    witness_cited: "{time}: witness statement `{statement}` is entered in the record (SHA-256 `{sha}`).",
    note: "Note: {text}",
    adjournment: "The meeting adjourned at {time}.",
    closed_began: "{time}: the board goes into closed session on this item, on the ground: {ground}. Members present: {members}. Staff who stayed: {staff}.",
    closed_ended: "{time}: the closed session ends. Its record is sealed: {lines} lines, {bytes} bytes, SHA-256 `{sha}`.",
    reported_out: "{time}: reported out from the closed session: {text}",
    utc_offset: "UTC{offset}",
    none: "none",
    events: &events::EN,
    procedure: &procedure::EN,
    speakers: &speakers::EN,
};

/// French.
pub static FR: Catalogue = Catalogue {
    code: "fr",
    name: "Français",
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    date: "{day} {month} {year}",
    title: "Procès-verbal de la séance {kind} du {date}",
    kind_regular: "ordinaire",
    kind_special: "extraordinaire",
    body: "Organe",
    meeting: "Séance",
    kind: "Type de séance",
    date_label: "Date",
    place: "Lieu",
    time_zone: "Fuseau horaire",
    scheduled: "Ouverture prévue",
    opened: "Ouverture",
    adjourned: "Clôture",
    presiding: "Présidence de séance",
    chair: "Présidence par rotation",
    secretary: "Secrétaire",
    stood_in: "{person}, en remplacement",
    proceedings: "Déroulement",
    called_to_order: "La séance est ouverte à {time} sous la présidence de {person}.",
    roll_call: "Appel",
    attendance_change: "Présences",
    col_time: "Heure",
    col_member: "Membre",
    col_weight: "Poids",
    col_status: "Présence",
    col_person: "Siège occupé par",
    col_vote: "Vote",
    col_note: "Remarque",
    present: "présent",
    remote: "présent (à distance)",
    absent: "absent",
    excused: "excusé",
    alternate: "{person} (suppléant)",
    attendance_corrected: "Rectification à {time} : la présence de {member} est « {status} » ({reason}).",
    quorum: "Quorum : {explanation}",
    proxy: "{member} donne procuration à {holder}.",
    file_recusals: "Déports déclarés dans les dossiers d'appel d'offres avant la séance :",
    recusal: "{member} se déporte pour {scope} : {reason}",
    scope_tender: "l'appel d'offres {id}",
    scope_item: "le point {id}",
    item: "Point {id} : {title}",
    item_opened: "Abordé à {time}.",
    item_closed: "Clos à {time}.",
    item_deferred: "Reporté à {time} : {reason}",
    minutes_of: "Procès-verbal concerné : séance {meeting}, minutes.md SHA-256 `{sha}`.",
    minutes_of_missing: "Procès-verbal concerné : séance {meeting} (procès-verbal non établi).",
    minutes_approved: "Le procès-verbal de la séance {meeting} est approuvé.",
    minutes_approved_corrected: "Le procès-verbal de la séance {meeting} est approuvé tel que rectifié :",
    motion_moved: "Motion {id}, proposée par {mover} :",
    seconded: "Appuyée par {seconder}.",
    question_put: "{time} : après débat, la présidence met la motion {id} aux voix.",
    withdrawn: "La motion {id} est retirée.",
    vote_opened: "Le vote sur la motion {id} est rouvert (tour {round}).",
    vote_corrected: "Rectification à {time} : le vote de {member} sur la motion {motion} est « {vote} » et non « {old} » ({reason}).",
    casting_vote: "La présidence exerce sa voix prépondérante : {choice}.",
    presides: "À partir de {time}, {who} préside la séance.",
    presides_why: "Motif : {reason}",
    vote_heading: "Vote sur la motion {id} (type de décision `{decision}`, tour {round}) :",
    by_proxy: "par procuration, détenue par {holder}",
    corrected_from: "rectifié, auparavant {old}",
    recused_not_voting: "Déportés, ne votent pas : {members}.",
    result: "Résultat : **{outcome}** : pour {yes}, contre {no}, abstention {abstain}, sans vote {not_voting}.",
    explanation: "Explication telle qu'annoncée (en anglais, comme consignée au journal) :",
    carried: "ADOPTÉE",
    failed: "REJETÉE",
    no_quorum: "QUORUM NON ATTEINT",
    tied: "ÉGALITÉ",
    yes: "pour",
    no: "contre",
    abstain: "abstention",
    split: "partagé (pour {yes}, contre {no}, abstention {abstain})",
    scores: "Notes enregistrées :",
    col_tender: "Appel d'offres",
    col_bid: "Offre",
    col_criterion: "Critère",
    col_score: "Note",
    consensus: "Notes de consensus enregistrées :",
    col_reason: "Motif",
    evaluation: "Évaluation de l'appel d'offres {tender} à la fin de la séance (le tableau qu'affiche `procboard score`) :",
    dispute_lodged: "Le litige {id} ({kind}) est introduit par {author} ({role}) contre {against}.",
    grounds: "Moyens : {text}",
    remedy: "Demande : {text}",
    blocks_award: "Il suspend l'attribution tant qu'il est pendant.",
    reconsiders: "Il demande le réexamen du litige {id}.",
    dispute_status: "Le litige {id} est désormais « {status} ».",
    against_meeting: "la séance",
    scope_lot: "le lot {id}",
    scope_bid: "l'offre {id}",
    codes: &[
        ("bid_protest", "recours d'un soumissionnaire"),
        ("objection", "objection"),
        ("conflict_of_interest", "conflit d'intérêts"),
        ("point_of_order", "rappel au règlement"),
        ("bidder", "soumissionnaire"),
        ("member", "membre"),
        ("public", "public"),
        ("lodged", "introduit"),
        ("under_review", "en cours d'examen"),
        ("upheld", "accueilli"),
        ("dismissed", "rejeté"),
        ("withdrawn", "retiré"),
    ],
    witness_cited: "{time} : la déclaration de témoin `{statement}` est versée au dossier (SHA-256 `{sha}`).",
    note: "Note : {text}",
    adjournment: "La séance est levée à {time}.",
    closed_began: "{time} : le conseil se réunit à huis clos sur ce point, au motif : {ground}. Membres présents : {members}. Personnel resté : {staff}.",
    closed_ended: "{time} : fin du huis clos. Son procès-verbal est scellé : {lines} lignes, {bytes} octets, SHA-256 `{sha}`.",
    reported_out: "{time} : communiqué à l'issue du huis clos : {text}",
    utc_offset: "UTC{offset}",
    none: "aucun",
    events: &events::FR,
    procedure: &procedure::FR,
    speakers: &speakers::FR,
};

/// Every catalogue, English first.
pub static ALL: [&Catalogue; 2] = [&EN, &FR];

/// The catalogue of a language code (English when unknown; the board check refuses unknown codes).
pub fn catalogue(code: &str) -> &'static Catalogue {
    match code {
        "fr" => &FR,
        _ => &EN,
    }
}

/// The words for a code (a dispute kind, an author's role, a dispute status); the code itself
/// when the catalogue has none.
pub fn code<'a>(cat: &'a Catalogue, code: &'a str) -> &'a str {
    cat.codes
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, w)| w)
}

/// Replaces each `{name}` in `template` by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_name_the_same_codes() {
        let en: Vec<&str> = EN.codes.iter().map(|(c, _)| *c).collect();
        let fr: Vec<&str> = FR.codes.iter().map(|(c, _)| *c).collect();
        assert_eq!(en, fr);
        assert_eq!(code(&FR, "under_review"), "en cours d'examen");
        assert_eq!(code(&EN, "something_new"), "something_new");
    }

    #[test]
    fn every_catalogue_is_found_by_its_code() {
        for cat in ALL {
            assert!(std::ptr::eq(catalogue(cat.code), cat), "{}", cat.code);
        }
        assert!(std::ptr::eq(catalogue("xx"), &EN));
    }

    #[test]
    fn fill_replaces_known_names_and_keeps_unknown_ones() {
        assert_eq!(
            fill("a {x} b {y} {z", &[("x", "1"), ("y", "2")]),
            "a 1 b 2 {z"
        );
        assert_eq!(fill("{q}", &[]), "{q}");
    }
}
