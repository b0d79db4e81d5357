//! Keys as data: one table of (context, key, action, description) drives dispatch, the `?` help
//! overlay, the status-bar hints and the key table in the user guide.
//!
//! Users override keys in `<config dir>/procboard/keys.toml`:
//!
//! ```toml
//! [roll_call]
//! present = ["p", "enter"]
//! [global]
//! quit = "ctrl-q"
//! ```
//!
//! A binding for an action replaces every built-in key of that action in that context. Mistakes
//! are reported as `file:LINE:COL: message` with a hint, as for boards.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::diag::{Diagnostic, Source};

/// Where a key applies. `Global` keys work on every screen unless the screen binds the key itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyContext {
    /// Every screen.
    Global,
    /// The roll call (overview) screen.
    RollCall,
    /// The agenda screen.
    Agenda,
    /// The vote screen.
    Vote,
    /// The tenders screen.
    Tenders,
    /// The disputes screen.
    Disputes,
    /// The record (journal log) screen.
    Record,
    /// The speakers' list screen.
    Speakers,
    /// A text form.
    Form,
    /// A confirmation.
    Confirm,
    /// The help overlay.
    Help,
}

impl KeyContext {
    /// Every context, in the order of the help overlay.
    pub const ALL: [KeyContext; 11] = [
        KeyContext::Global,
        KeyContext::RollCall,
        KeyContext::Agenda,
        KeyContext::Vote,
        KeyContext::Tenders,
        KeyContext::Disputes,
        KeyContext::Record,
        KeyContext::Speakers,
        KeyContext::Form,
        KeyContext::Confirm,
        KeyContext::Help,
    ];

    /// The name used in the key file and the guide.
    pub fn name(self) -> &'static str {
        match self {
            KeyContext::Global => "global",
            KeyContext::RollCall => "roll_call",
            KeyContext::Agenda => "agenda",
            KeyContext::Vote => "vote",
            KeyContext::Tenders => "tenders",
            KeyContext::Disputes => "disputes",
            KeyContext::Record => "record",
            KeyContext::Speakers => "speakers",
            KeyContext::Form => "form",
            KeyContext::Confirm => "confirm",
            KeyContext::Help => "help",
        }
    }
}

macro_rules! actions {
    ($($variant:ident = $name:literal,)*) => {
        /// What a key does.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Action { $(#[allow(missing_docs)] $variant,)* }
        impl Action {
            /// Every action.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];
            /// The kebab-case name used in the key file.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }
            /// The action with this name.
            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    Help = "help",
    Quit = "quit",
    NextScreen = "next-screen",
    PrevScreen = "prev-screen",
    ScreenRollCall = "screen-roll-call",
    ScreenAgenda = "screen-agenda",
    ScreenVote = "screen-vote",
    ScreenTenders = "screen-tenders",
    ScreenDisputes = "screen-disputes",
    ScreenRecord = "screen-record",
    Up = "up",
    Down = "down",
    Left = "left",
    Right = "right",
    PageUp = "page-up",
    PageDown = "page-down",
    Projector = "toggle-projector",
    OpenMeeting = "open-meeting",
    Adjourn = "adjourn",
    Note = "note",
    CiteWitness = "cite-witness",
    Present = "present",
    Absent = "absent",
    Excused = "excused",
    Remote = "remote",
    Alternate = "alternate",
    CorrectAttendance = "correct-attendance",
    Proxy = "proxy",
    Presiding = "presiding",
    ViceChairPresides = "vice-chair-presides",
    AnswerWritten = "answer-written",
    OpenItem = "open-item",
    CloseItem = "close-item",
    DeferItem = "defer-item",
    MoveMotion = "move-motion",
    MoveMotionForm = "move-motion-form",
    SecondMotion = "second-motion",
    PutQuestion = "put-question",
    WithdrawMotion = "withdraw-motion",
    Recusal = "recusal",
    GoVote = "go-vote",
    VoteYes = "vote-yes",
    VoteNo = "vote-no",
    VoteAbstain = "vote-abstain",
    CorrectVote = "correct-vote",
    SplitVote = "split-vote",
    NewRound = "new-round",
    CastingYes = "casting-yes",
    CastingNo = "casting-no",
    CloseVote = "close-vote",
    PrevMotion = "prev-motion",
    NextMotion = "next-motion",
    Score = "score",
    Consensus = "consensus",
    ProposeAward = "propose-award",
    PrevTender = "prev-tender",
    NextTender = "next-tender",
    Lodge = "lodge",
    MoveDispute = "move-dispute",
    ShowClosed = "show-closed-item",
    ReportOut = "report-out",
    Submit = "submit",
    Cancel = "cancel",
    NextField = "next-field",
    PrevField = "prev-field",
    Confirm = "confirm",
    MoveAmendment = "move-amendment",
    PullConsent = "pull-consent",
    MoveConsentBlock = "move-consent-block",
    RecessResume = "recess-resume",
    ScreenSpeakers = "screen-speakers",
    NextSpeech = "next-speech",
    PointOfOrder = "point-of-order",
    AddSpeaker = "add-speaker",
    AddSpeakerByName = "add-speaker-by-name",
    RemoveSpeaker = "remove-speaker",
    SpeakerUp = "speaker-up",
    SpeakerDown = "speaker-down",
    StartSpeech = "start-speech",
    EndSpeech = "end-speech",
}

/// One built-in binding.
pub struct Binding {
    /// Where it applies.
    pub context: KeyContext,
    /// The key, as written in the key file (`q`, `shift-tab`, `ctrl-a`, `enter`, …).
    pub key: &'static str,
    /// What it does.
    pub action: Action,
    /// What the help overlay and the guide say.
    pub desc: &'static str,
    /// Shown in the status bar.
    pub hint: bool,
}

const fn b(
    context: KeyContext,
    key: &'static str,
    action: Action,
    desc: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        context,
        key,
        action,
        desc,
        hint,
    }
}

use Action as A;
use KeyContext as C;

/// The built-in keymap. The user guide's key table is this table (a test compares them).
pub const DEFAULT: &[Binding] = &[
    b(C::Global, "?", A::Help, "show every key", true),
    b(
        C::Global,
        "q",
        A::Quit,
        "quit (asks while in session)",
        true,
    ),
    b(
        C::Global,
        "ctrl-c",
        A::Quit,
        "quit (asks while in session)",
        false,
    ),
    b(C::Global, "tab", A::NextScreen, "next screen", false),
    b(
        C::Global,
        "shift-tab",
        A::PrevScreen,
        "previous screen",
        false,
    ),
    b(C::Global, "1", A::ScreenRollCall, "roll call screen", false),
    b(C::Global, "2", A::ScreenAgenda, "agenda screen", false),
    b(C::Global, "3", A::ScreenVote, "vote screen", false),
    b(C::Global, "4", A::ScreenTenders, "tenders screen", false),
    b(C::Global, "5", A::ScreenDisputes, "disputes screen", false),
    b(C::Global, "6", A::ScreenRecord, "record screen", false),
    b(
        C::Global,
        "7",
        A::ScreenSpeakers,
        "speakers' list screen",
        false,
    ),
    b(C::Global, "up", A::Up, "move up", false),
    b(C::Global, "k", A::Up, "move up", false),
    b(C::Global, "down", A::Down, "move down", false),
    b(C::Global, "j", A::Down, "move down", false),
    b(C::Global, "left", A::Left, "move left", false),
    b(C::Global, "h", A::Left, "move left", false),
    b(C::Global, "right", A::Right, "move right", false),
    b(C::Global, "l", A::Right, "move right", false),
    b(C::Global, "pageup", A::PageUp, "page up", false),
    b(C::Global, "pagedown", A::PageDown, "page down", false),
    b(
        C::Global,
        "P",
        A::Projector,
        "projector layout on/off",
        true,
    ),
    b(C::Global, "O", A::OpenMeeting, "open the meeting", false),
    b(C::Global, "X", A::Adjourn, "adjourn (asks first)", false),
    b(C::Global, ":", A::Note, "note for the minutes", false),
    b(
        C::Global,
        "W",
        A::CiteWitness,
        "cite a witness statement",
        false,
    ),
    b(
        C::Global,
        "Z",
        A::ShowClosed,
        "projector: show/hide the closed item",
        false,
    ),
    b(
        C::Global,
        "T",
        A::NextSpeech,
        "speech: the next speaker starts / the speech ends",
        false,
    ),
    b(
        C::Global,
        "!",
        A::PointOfOrder,
        "point of order (to the front of the list)",
        false,
    ),
    b(C::RollCall, "p", A::Present, "present, next member", true),
    b(C::RollCall, "a", A::Absent, "absent, next member", true),
    b(C::RollCall, "e", A::Excused, "excused, next member", true),
    b(C::RollCall, "r", A::Remote, "remote, next member", true),
    b(
        C::RollCall,
        "A",
        A::Alternate,
        "an alternate sits (present)",
        true,
    ),
    b(
        C::RollCall,
        "c",
        A::CorrectAttendance,
        "correct the entry",
        true,
    ),
    b(C::RollCall, "x", A::Proxy, "give proxy to a member", false),
    b(
        C::RollCall,
        "C",
        A::Presiding,
        "this member presides from now",
        false,
    ),
    b(
        C::RollCall,
        "V",
        A::ViceChairPresides,
        "the vice-chair presides (chair away)",
        false,
    ),
    b(
        C::RollCall,
        "w",
        A::AnswerWritten,
        "answer a written procedure (review --as)",
        false,
    ),
    b(C::Agenda, "o", A::OpenItem, "take up the item", true),
    b(C::Agenda, "c", A::CloseItem, "close the item", true),
    b(C::Agenda, "d", A::DeferItem, "defer the item", true),
    b(C::Agenda, "m", A::MoveMotion, "move a motion", true),
    b(
        C::Agenda,
        "M",
        A::MoveMotionForm,
        "move a motion (form: own text, decision kind)",
        false,
    ),
    b(C::Agenda, "s", A::SecondMotion, "second the motion", true),
    b(
        C::Agenda,
        "Q",
        A::PutQuestion,
        "put the question (the vote opens)",
        true,
    ),
    b(
        C::Agenda,
        "w",
        A::WithdrawMotion,
        "withdraw the motion",
        false,
    ),
    b(C::Agenda, "r", A::Recusal, "record a recusal", false),
    b(C::Agenda, "enter", A::GoVote, "go to the vote", true),
    b(
        C::Agenda,
        "U",
        A::ReportOut,
        "report out a closed session's result (form)",
        false,
    ),
    b(
        C::Vote,
        "Q",
        A::PutQuestion,
        "put the question (the vote opens)",
        false,
    ),
    b(C::Vote, "y", A::VoteYes, "yes, next member", true),
    b(C::Vote, "n", A::VoteNo, "no, next member", true),
    b(C::Vote, "a", A::VoteAbstain, "abstain, next member", true),
    b(C::Vote, "c", A::CorrectVote, "correct a vote", false),
    b(
        C::Vote,
        "s",
        A::SplitVote,
        "split vote (where allowed)",
        false,
    ),
    b(C::Vote, "v", A::NewRound, "open a new round", false),
    b(C::Vote, "Y", A::CastingYes, "casting vote yes", false),
    b(C::Vote, "N", A::CastingNo, "casting vote no", false),
    b(C::Vote, "x", A::CloseVote, "close the vote (asks)", true),
    b(C::Vote, "[", A::PrevMotion, "previous motion", false),
    b(C::Vote, "]", A::NextMotion, "next motion", false),
    b(C::Tenders, "s", A::Score, "enter a member's score", true),
    b(
        C::Tenders,
        "C",
        A::Consensus,
        "enter the consensus score",
        true,
    ),
    b(
        C::Tenders,
        "A",
        A::ProposeAward,
        "move the award motion from the ranking",
        true,
    ),
    b(C::Tenders, "[", A::PrevTender, "previous tender", true),
    b(C::Tenders, "]", A::NextTender, "next tender", true),
    b(C::Disputes, "L", A::Lodge, "lodge a dispute", true),
    b(
        C::Disputes,
        "m",
        A::MoveDispute,
        "move to a new status",
        true,
    ),
    b(
        C::Speakers,
        "a",
        A::AddSpeaker,
        "add a member to the list",
        true,
    ),
    b(
        C::Speakers,
        "n",
        A::AddSpeakerByName,
        "add an officer or a member of the public",
        true,
    ),
    b(
        C::Speakers,
        "d",
        A::RemoveSpeaker,
        "take off the list",
        true,
    ),
    b(C::Speakers, "K", A::SpeakerUp, "move up the list", false),
    b(
        C::Speakers,
        "J",
        A::SpeakerDown,
        "move down the list",
        false,
    ),
    b(
        C::Speakers,
        "s",
        A::StartSpeech,
        "this speaker starts",
        true,
    ),
    b(C::Speakers, "e", A::EndSpeech, "end the speech", true),
    b(C::Form, "enter", A::Submit, "next field / record", true),
    b(C::Form, "esc", A::Cancel, "cancel", true),
    b(C::Form, "tab", A::NextField, "next field", false),
    b(C::Form, "down", A::NextField, "next field", false),
    b(C::Form, "shift-tab", A::PrevField, "previous field", false),
    b(C::Form, "up", A::PrevField, "previous field", false),
    b(C::Confirm, "y", A::Confirm, "yes, do it", true),
    b(C::Confirm, "enter", A::Confirm, "yes, do it", false),
    b(C::Confirm, "n", A::Cancel, "no", true),
    b(C::Confirm, "esc", A::Cancel, "no", false),
    b(C::Help, "esc", A::Cancel, "close help", true),
    b(C::Help, "?", A::Cancel, "close help", false),
    b(C::Help, "q", A::Cancel, "close help", false),
    b(
        C::Agenda,
        "a",
        A::MoveAmendment,
        "move an amendment to the motion on the floor (form: amended text prefilled)",
        false,
    ),
    b(
        C::Agenda,
        "p",
        A::PullConsent,
        "pull the selected item off the consent agenda",
        false,
    ),
    b(
        C::Agenda,
        "b",
        A::MoveConsentBlock,
        "move the consent block (the items still on the consent agenda)",
        false,
    ),
    b(
        C::Global,
        "R",
        A::RecessResume,
        "recess (asks the reason) / resume",
        false,
    ),
];

/// A key as pressed: code and the modifiers that matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl / Alt (Shift is folded into the character or `BackTab`).
    pub mods: KeyModifiers,
}

impl Key {
    /// The key of a terminal key event.
    pub fn of(ev: &KeyEvent) -> Key {
        let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            c => c,
        };
        if matches!(code, KeyCode::BackTab) {
            mods -= KeyModifiers::SHIFT;
        }
        Key { code, mods }
    }
}

/// Parses a key as written in the key file: a single character, or a name (`enter`, `esc`,
/// `tab`, `shift-tab`, `backspace`, `up`, `down`, `left`, `right`, `home`, `end`, `pageup`,
/// `pagedown`, `delete`, `space`, `f1`…`f12`), optionally prefixed with `ctrl-` or `alt-`.
pub fn parse_key(s: &str) -> Option<Key> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = s;
    loop {
        if rest.chars().count() > 1 {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
                continue;
            }
            if let Some(r) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
                continue;
            }
        }
        break;
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.starts_with('f') => {
                KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
            }
            _ => return None,
        },
    };
    Some(Key { code, mods })
}

/// The key as shown to the user (`q`, `Tab`, `S-Tab`, `C-a`, `Enter`, `↑`).
pub fn display_key(s: &str) -> String {
    let base = |k: &str| -> String {
        match k {
            "enter" => "Enter".into(),
            "esc" => "Esc".into(),
            "tab" => "Tab".into(),
            "shift-tab" => "S-Tab".into(),
            "up" => "↑".into(),
            "down" => "↓".into(),
            "left" => "←".into(),
            "right" => "→".into(),
            "pageup" => "PgUp".into(),
            "pagedown" => "PgDn".into(),
            "space" => "Space".into(),
            other => other.into(),
        }
    };
    if s.chars().count() > 1 {
        if let Some(r) = s.strip_prefix("ctrl-") {
            return format!("C-{}", base(r));
        }
        if let Some(r) = s.strip_prefix("alt-") {
            return format!("M-{}", base(r));
        }
    }
    base(s)
}

/// One binding in force (built-in or overridden).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    /// Where.
    pub context: KeyContext,
    /// The key as written.
    pub key: String,
    /// Parsed.
    pub parsed: Key,
    /// What.
    pub action: Action,
    /// Description.
    pub desc: &'static str,
    /// In the status bar.
    pub hint: bool,
}

/// The keymap in force.
#[derive(Clone, Debug)]
pub struct Keymap {
    /// Every binding, in table order.
    pub bindings: Vec<Bound>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: DEFAULT
                .iter()
                .filter_map(|d| {
                    Some(Bound {
                        context: d.context,
                        key: d.key.to_string(),
                        parsed: parse_key(d.key)?,
                        action: d.action,
                        desc: d.desc,
                        hint: d.hint,
                    })
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// The action of `key` in `context` (falling back to global keys when `with_global`).
    pub fn resolve(&self, context: KeyContext, key: Key, with_global: bool) -> Option<Action> {
        let find = |c: KeyContext| {
            self.bindings
                .iter()
                .find(|b| b.context == c && b.parsed == key)
                .map(|b| b.action)
        };
        find(context).or_else(|| {
            if with_global && context != KeyContext::Global {
                find(KeyContext::Global)
            } else {
                None
            }
        })
    }

    /// The first key bound to `action` in `context`, as displayed.
    pub fn key_for(&self, context: KeyContext, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .map(|b| display_key(&b.key))
    }

    /// The status-bar hints of a context: (key, description).
    pub fn hints(&self, context: KeyContext) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.hint)
            .map(|b| {
                let short = b.desc.split([',', '(']).next().unwrap_or(b.desc).trim_end();
                (display_key(&b.key), short)
            })
            .collect()
    }

    /// The default keymap with the user's file applied, if it exists.
    pub fn load_user() -> Result<Keymap, Vec<Diagnostic>> {
        match user_file() {
            Some(path) if path.is_file() => {
                let bytes = crate::limits::read_file(&path, crate::limits::BOARD_FILE_MAX)
                    .map_err(|e| {
                        vec![Diagnostic::file_error(&path, format!("cannot read: {e}"))]
                    })?;
                let text = String::from_utf8(bytes).map_err(|_| {
                    vec![Diagnostic::file_error(&path, "cannot read: not UTF-8 text")]
                })?;
                Keymap::with_overrides(&path, &text)
            }
            _ => Ok(Keymap::default()),
        }
    }

    /// The default keymap with the overrides in `text` (the content of `path`).
    pub fn with_overrides(path: &Path, text: &str) -> Result<Keymap, Vec<Diagnostic>> {
        use toml::de::{DeTable, DeValue};
        let source = Source::new(path, text);
        let root = DeTable::parse(text).map_err(|e| {
            vec![
                source
                    .error(
                        e.span().unwrap_or(0..0),
                        format!("TOML syntax error: {}", e.message().trim_end()),
                    )
                    .with_hint(
                        "write `[context]` then `action = \"key\"` or `action = [\"key\", …]`",
                    ),
            ]
        })?;
        let mut diags = Vec::new();
        let mut map = Keymap::default();
        let contexts: Vec<&str> = KeyContext::ALL.iter().map(|c| c.name()).collect();
        let mut replaced: BTreeMap<(KeyContext, Action), Vec<(String, Key)>> = BTreeMap::new();
        for (ctx_key, ctx_val) in root.get_ref() {
            let Some(context) = KeyContext::ALL
                .iter()
                .copied()
                .find(|c| c.name() == ctx_key.get_ref())
            else {
                let hint = crate::diag::did_you_mean(ctx_key.get_ref(), contexts.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                diags.push(
                    source
                        .error(
                            ctx_key.span(),
                            format!("unknown context `{}`", ctx_key.get_ref()),
                        )
                        .with_hint(format!("{hint}contexts: {}", crate::diag::list(&contexts))),
                );
                continue;
            };
            let DeValue::Table(table) = ctx_val.get_ref() else {
                diags.push(
                    source
                        .error(
                            ctx_val.span(),
                            format!("`{}` must be a table", context.name()),
                        )
                        .with_hint(format!("write `[{}]` on a line of its own", context.name())),
                );
                continue;
            };
            let actions: Vec<&str> = DEFAULT
                .iter()
                .filter(|d| d.context == context)
                .map(|d| d.action.name())
                .collect();
            for (act_key, act_val) in table {
                let action =
                    Action::from_name(act_key.get_ref()).filter(|a| actions.contains(&a.name()));
                let Some(action) = action else {
                    let hint =
                        crate::diag::did_you_mean(act_key.get_ref(), actions.iter().copied())
                            .map(|s| format!("did you mean `{s}`? "))
                            .unwrap_or_default();
                    let mut uniq = actions.clone();
                    uniq.dedup();
                    diags.push(
                        source
                            .error(
                                act_key.span(),
                                format!(
                                    "unknown action `{}` in `[{}]`",
                                    act_key.get_ref(),
                                    context.name()
                                ),
                            )
                            .with_hint(format!("{hint}actions here: {}", crate::diag::list(&uniq))),
                    );
                    continue;
                };
                let mut keys: Vec<(String, std::ops::Range<usize>)> = Vec::new();
                match act_val.get_ref() {
                    DeValue::String(s) => keys.push((s.to_string(), act_val.span())),
                    DeValue::Array(arr) => {
                        for v in arr {
                            if let DeValue::String(s) = v.get_ref() {
                                keys.push((s.to_string(), v.span()));
                            } else {
                                diags.push(
                                    source
                                        .error(v.span(), "expected a key as a string")
                                        .with_hint("e.g. \"q\", \"ctrl-a\", \"enter\""),
                                );
                            }
                        }
                    }
                    _ => {
                        diags.push(
                            source
                                .error(act_val.span(), "expected a key or a list of keys")
                                .with_hint("e.g. quit = \"q\" or quit = [\"q\", \"ctrl-c\"]"),
                        );
                        continue;
                    }
                }
                for (k, span) in keys {
                    match parse_key(&k) {
                        Some(parsed) => replaced
                            .entry((context, action))
                            .or_default()
                            .push((k, parsed)),
                        None => diags.push(
                            source.error(span, format!("`{k}` is not a key")).with_hint(
                                "a single character, or enter, esc, tab, shift-tab, backspace, up, down, left, right, pageup, pagedown, home, end, space, f1..f12, with an optional ctrl- or alt- prefix",
                            ),
                        ),
                    }
                }
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        for ((context, action), keys) in replaced {
            let Some(pos) = map
                .bindings
                .iter()
                .position(|b| b.context == context && b.action == action)
            else {
                continue;
            };
            let template = map.bindings[pos].clone();
            map.bindings
                .retain(|b| !(b.context == context && b.action == action));
            for (i, (k, parsed)) in keys.into_iter().enumerate() {
                // The new keys win over any other action bound to the same key here.
                map.bindings
                    .retain(|b| !(b.context == context && b.parsed == parsed));
                let at = (pos + i).min(map.bindings.len());
                map.bindings.insert(
                    at,
                    Bound {
                        key: k,
                        parsed,
                        hint: template.hint && i == 0,
                        ..template.clone()
                    },
                );
            }
        }
        Ok(map)
    }
}

/// `<config dir>/procboard/keys.toml` (`$XDG_CONFIG_HOME` or `~/.config` on Linux).
pub fn user_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("procboard").join("keys.toml"))
}

/// The key table of the user guide, generated from the built-in keymap.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| where | key | in keys.toml | action | what it does |\n|---|---|---|---|---|\n",
    );
    for d in DEFAULT {
        out.push_str(&format!(
            "| {} | `{}` | `{}` | `{}` | {} |\n",
            d.context.name(),
            display_key(d.key),
            d.key,
            d.action.name(),
            d.desc
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_parses_and_no_key_is_bound_twice_in_a_context() {
        for d in DEFAULT {
            assert!(parse_key(d.key).is_some(), "{}", d.key);
        }
        let map = Keymap::default();
        for (i, x) in map.bindings.iter().enumerate() {
            for y in &map.bindings[i + 1..] {
                assert!(
                    !(x.context == y.context && x.parsed == y.parsed),
                    "{} bound twice in {}",
                    x.key,
                    x.context.name()
                );
            }
        }
    }

    #[test]
    fn screen_keys_win_over_global_keys() {
        let map = Keymap::default();
        let a = parse_key("a").unwrap();
        assert_eq!(
            map.resolve(KeyContext::RollCall, a, true),
            Some(Action::Absent)
        );
        assert_eq!(
            map.resolve(KeyContext::Vote, a, true),
            Some(Action::VoteAbstain)
        );
        let q = parse_key("q").unwrap();
        assert_eq!(map.resolve(KeyContext::Vote, q, true), Some(Action::Quit));
        assert_eq!(map.resolve(KeyContext::Form, q, false), None);
    }

    #[test]
    fn overrides_replace_keys_and_errors_point_at_line_and_column() {
        let map = Keymap::with_overrides(
            Path::new("keys.toml"),
            "[roll_call]\npresent = [\"P\", \"enter\"]\n",
        )
        .unwrap();
        let enter = parse_key("enter").unwrap();
        assert_eq!(
            map.resolve(KeyContext::RollCall, enter, true),
            Some(Action::Present)
        );
        let p = parse_key("p").unwrap();
        assert_eq!(map.resolve(KeyContext::RollCall, p, true), None);
        let err = Keymap::with_overrides(
            Path::new("keys.toml"),
            "[roll_call]\npresnt = \"p\"\n[vote]\nvote-yes = \"ctrl-\"\n[votes]\n",
        )
        .unwrap_err();
        let text: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert!(
            text[0].starts_with("keys.toml:2:1: unknown action `presnt`"),
            "{text:?}"
        );
        assert!(text[0].contains("did you mean `present`"), "{text:?}");
        assert!(
            text[1].starts_with("keys.toml:4:12: `ctrl-` is not a key"),
            "{text:?}"
        );
        assert!(
            text[2].starts_with("keys.toml:5:2: unknown context `votes`"),
            "{text:?}"
        );
    }
}
