//! The `[written_procedure]` table of board.toml: whether the board may decide between meetings
//! by written procedure, for which decision kinds, who may launch one, the answering period, the
//! rule that decides and whether one objection stops the procedure. It is checked in
//! `validate::written`; the procedures themselves (proposal, answers, result, their signatures)
//! live one floor up, in `crate::written`.

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

/// Roles that may launch a written procedure.
pub const LAUNCHERS: &[&str] = &["chair", "secretary"];

/// Values of `decide_by`.
pub const DECIDE_BY: &[&str] = &["decision_rule", "unanimity"];

/// Default shortest answering period, in days.
pub const DEFAULT_MIN_DAYS: u32 = 5;
/// Default longest answering period, in days.
pub const DEFAULT_MAX_DAYS: u32 = 30;

/// `[written_procedure]`: how the board decides between meetings in writing.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrittenRules {
    /// Whether written procedure is allowed (default `true` once the table is there).
    pub allowed: Option<bool>,
    /// Decision kinds that may be decided in writing (default: every kind of the board).
    #[serde(default)]
    pub kinds: Vec<Spanned<String>>,
    /// Roles that may launch one: `chair`, `secretary` (default `["secretary"]`).
    #[serde(default)]
    pub launchers: Vec<Spanned<String>>,
    /// Shortest answering period in days, from opening to deadline (default 5).
    pub min_days: Option<Spanned<u32>>,
    /// Longest answering period in days (default 30).
    pub max_days: Option<Spanned<u32>>,
    /// `decision_rule` (the kind's own rule, counted over the answers; the default) or
    /// `unanimity` (no answer against, at least one yes).
    pub decide_by: Option<Spanned<String>>,
    /// A share of the total weight that must answer, or the procedure fails for want of answers
    /// (replaces the kind's quorum; default: the kind's quorum, counted over the answers).
    pub min_answer_weight_share: Option<Spanned<Decimal>>,
    /// Whether one member's objection to the procedure stops it, so the matter goes to the next
    /// meeting (default `true`).
    pub objection_stops: Option<bool>,
    /// Whether the secretary may close before the deadline once the outcome can no longer
    /// change (default `false`).
    #[serde(default)]
    pub close_early: bool,
}

/// How a written procedure is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecideBy {
    /// The decision kind's own rule, counted over the members who answered.
    DecisionRule,
    /// No answer against, and at least one yes.
    Unanimity,
}

impl DecideBy {
    /// The word in board.toml and in the proposal.
    pub fn as_str(self) -> &'static str {
        match self {
            DecideBy::DecisionRule => "decision_rule",
            DecideBy::Unanimity => "unanimity",
        }
    }

    /// From its word.
    pub fn parse(s: &str) -> Option<DecideBy> {
        match s {
            "decision_rule" => Some(DecideBy::DecisionRule),
            "unanimity" => Some(DecideBy::Unanimity),
            _ => None,
        }
    }
}

impl WrittenRules {
    /// Whether the board allows written procedure.
    pub fn allowed(&self) -> bool {
        self.allowed.unwrap_or(true)
    }

    /// Whether decision kind `kind` may be decided in writing.
    pub fn allows_kind(&self, kind: &str) -> bool {
        self.kinds.is_empty() || self.kinds.iter().any(|k| k.get_ref() == kind)
    }

    /// The roles that may launch one.
    pub fn launchers(&self) -> Vec<String> {
        if self.launchers.is_empty() {
            vec!["secretary".to_string()]
        } else {
            self.launchers.iter().map(|l| l.get_ref().clone()).collect()
        }
    }

    /// Shortest answering period in days.
    pub fn min_days(&self) -> u32 {
        self.min_days
            .as_ref()
            .map_or(DEFAULT_MIN_DAYS, |d| *d.get_ref())
    }

    /// Longest answering period in days.
    pub fn max_days(&self) -> u32 {
        self.max_days
            .as_ref()
            .map_or(DEFAULT_MAX_DAYS, |d| *d.get_ref())
    }

    /// The deciding rule.
    pub fn decide_by(&self) -> DecideBy {
        self.decide_by
            .as_ref()
            .and_then(|d| DecideBy::parse(d.get_ref()))
            .unwrap_or(DecideBy::DecisionRule)
    }

    /// The share of the total weight that must answer, if the board sets one.
    pub fn min_answer_weight_share(&self) -> Option<Decimal> {
        self.min_answer_weight_share.as_ref().map(|s| *s.get_ref())
    }

    /// Whether one objection stops the procedure.
    pub fn objection_stops(&self) -> bool {
        self.objection_stops.unwrap_or(true)
    }
}
