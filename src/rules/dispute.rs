//! The status of a dispute (bid protest, objection, conflict-of-interest challenge, point of
//! order), docs/domain.md §4 *(our design)*:
//!
//! ```text
//! lodged ──► under_review ──► upheld | dismissed
//!    │             │
//!    └─────────────┴──► withdrawn
//! ```
//!
//! A lodged dispute must be reviewed before it is decided. Outcomes (upheld, dismissed,
//! withdrawn) are final: a reconsideration is a new dispute record linked to the old one
//! (4 CFR 21.14), never a change of status.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// Where a dispute stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStatus {
    /// Received, not yet examined.
    Lodged,
    /// Being examined.
    UnderReview,
    /// Decided in the disputant's favour (final).
    Upheld,
    /// Decided against the disputant (final).
    Dismissed,
    /// Withdrawn by the disputant (final).
    Withdrawn,
}

impl DisputeStatus {
    /// Every status, in the order of the life cycle.
    pub const ALL: [DisputeStatus; 5] = [
        DisputeStatus::Lodged,
        DisputeStatus::UnderReview,
        DisputeStatus::Upheld,
        DisputeStatus::Dismissed,
        DisputeStatus::Withdrawn,
    ];

    /// The code used in files and commands (`under_review`), as serde writes it.
    pub fn code(self) -> &'static str {
        match self {
            DisputeStatus::Lodged => "lodged",
            DisputeStatus::UnderReview => "under_review",
            DisputeStatus::Upheld => "upheld",
            DisputeStatus::Dismissed => "dismissed",
            DisputeStatus::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for DisputeStatus {
    /// Writes the code, e.g. `under_review`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A status code that is not one of [`DisputeStatus::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "`{given}` is not a dispute status; use one of: lodged, under_review, upheld, dismissed, withdrawn"
)]
pub struct UnknownStatus {
    /// The text given.
    pub given: String,
}

impl FromStr for DisputeStatus {
    type Err = UnknownStatus;

    /// Parses a code such as `under_review` (exactly as written in files).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DisputeStatus::ALL
            .into_iter()
            .find(|st| st.code() == s)
            .ok_or_else(|| UnknownStatus {
                given: s.to_string(),
            })
    }
}

/// A status change the life cycle does not allow. Every message names the moves that are
/// allowed from the current status.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransitionError {
    /// The dispute already has an outcome.
    #[error(
        "the dispute is {from}, which is final, so it cannot become {to}; a reconsideration is a new dispute record linked to this one (4 CFR 21.14). Allowed moves from {from}: none"
    )]
    Final {
        /// Current status.
        from: DisputeStatus,
        /// Status asked for.
        to: DisputeStatus,
    },
    /// A lodged dispute cannot be decided without review.
    #[error(
        "a lodged dispute must be put under review before it can be {to}. Allowed moves from {from}: {}",
        allowed_text(*.from)
    )]
    NotReviewed {
        /// Current status (lodged).
        from: DisputeStatus,
        /// Status asked for (upheld or dismissed).
        to: DisputeStatus,
    },
    /// The dispute already has that status.
    #[error("the dispute is already {from}. Allowed moves from {from}: {}", allowed_text(*.from))]
    Unchanged {
        /// Current status.
        from: DisputeStatus,
    },
    /// Any other move the life cycle does not allow (e.g. back to lodged).
    #[error("a dispute cannot move from {from} to {to}. Allowed moves from {from}: {}", allowed_text(*.from))]
    NotAllowed {
        /// Current status.
        from: DisputeStatus,
        /// Status asked for.
        to: DisputeStatus,
    },
}

fn allowed_text(from: DisputeStatus) -> String {
    let allowed = allowed_from(from);
    if allowed.is_empty() {
        "none".to_string()
    } else {
        allowed
            .iter()
            .map(|s| s.code())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The statuses a dispute may move to from `status`, in life-cycle order (empty when final).
pub fn allowed_from(status: DisputeStatus) -> &'static [DisputeStatus] {
    use DisputeStatus::*;
    match status {
        Lodged => &[UnderReview, Withdrawn],
        UnderReview => &[Upheld, Dismissed, Withdrawn],
        Upheld | Dismissed | Withdrawn => &[],
    }
}

/// Checks a status change.
///
/// # Errors
/// A [`TransitionError`] explaining why the move is not allowed and listing the allowed moves.
pub fn transition(from: DisputeStatus, to: DisputeStatus) -> Result<(), TransitionError> {
    if allowed_from(from).contains(&to) {
        return Ok(());
    }
    Err(if is_final(from) {
        TransitionError::Final { from, to }
    } else if from == to {
        TransitionError::Unchanged { from }
    } else if from == DisputeStatus::Lodged
        && matches!(to, DisputeStatus::Upheld | DisputeStatus::Dismissed)
    {
        TransitionError::NotReviewed { from, to }
    } else {
        TransitionError::NotAllowed { from, to }
    })
}

/// Whether the status is an outcome (upheld, dismissed, withdrawn) that can no longer change.
pub fn is_final(status: DisputeStatus) -> bool {
    allowed_from(status).is_empty()
}

/// Whether a dispute keeps the award pending: it is still open (lodged or under review) and it
/// was recorded as blocking the award. A decided or withdrawn dispute no longer blocks; what an
/// upheld dispute changes (re-evaluation, cancellation) is a separate decision on the award.
pub fn blocks_award(status: DisputeStatus, blocks: bool) -> bool {
    blocks && !is_final(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DisputeStatus::*;

    /// The outcome of a transition: allowed, or the kind of error.
    #[derive(Debug, PartialEq)]
    enum Kind {
        Ok,
        Final,
        NotReviewed,
        Unchanged,
        NotAllowed,
    }

    fn kind(r: Result<(), TransitionError>) -> Kind {
        match r {
            Ok(()) => Kind::Ok,
            Err(TransitionError::Final { .. }) => Kind::Final,
            Err(TransitionError::NotReviewed { .. }) => Kind::NotReviewed,
            Err(TransitionError::Unchanged { .. }) => Kind::Unchanged,
            Err(TransitionError::NotAllowed { .. }) => Kind::NotAllowed,
        }
    }

    #[test]
    fn every_transition_pair() {
        use Kind as K;
        let table: [(DisputeStatus, [K; 5]); 5] = [
            // to:      Lodged        UnderReview   Upheld          Dismissed       Withdrawn
            (
                Lodged,
                [K::Unchanged, K::Ok, K::NotReviewed, K::NotReviewed, K::Ok],
            ),
            (
                UnderReview,
                [K::NotAllowed, K::Unchanged, K::Ok, K::Ok, K::Ok],
            ),
            (Upheld, [K::Final, K::Final, K::Final, K::Final, K::Final]),
            (
                Dismissed,
                [K::Final, K::Final, K::Final, K::Final, K::Final],
            ),
            (
                Withdrawn,
                [K::Final, K::Final, K::Final, K::Final, K::Final],
            ),
        ];
        for (from, row) in table {
            for (to, expected) in DisputeStatus::ALL.into_iter().zip(row) {
                assert_eq!(kind(transition(from, to)), expected, "{from} -> {to}");
            }
        }
    }

    #[test]
    fn every_error_lists_the_allowed_moves() {
        for from in DisputeStatus::ALL {
            let allowed = allowed_from(from);
            let listed = if allowed.is_empty() {
                "none".to_string()
            } else {
                allowed
                    .iter()
                    .map(|s| s.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            for to in DisputeStatus::ALL {
                if let Err(e) = transition(from, to) {
                    let msg = e.to_string();
                    assert!(
                        msg.ends_with(&format!("Allowed moves from {from}: {listed}")),
                        "{msg}"
                    );
                }
            }
        }
    }

    #[test]
    fn messages() {
        assert_eq!(
            transition(Lodged, Upheld).unwrap_err().to_string(),
            "a lodged dispute must be put under review before it can be upheld. Allowed moves \
             from lodged: under_review, withdrawn"
        );
        assert_eq!(
            transition(Dismissed, UnderReview).unwrap_err().to_string(),
            "the dispute is dismissed, which is final, so it cannot become under_review; a \
             reconsideration is a new dispute record linked to this one (4 CFR 21.14). Allowed \
             moves from dismissed: none"
        );
        assert_eq!(
            transition(UnderReview, Lodged).unwrap_err().to_string(),
            "a dispute cannot move from under_review to lodged. Allowed moves from under_review: \
             upheld, dismissed, withdrawn"
        );
    }

    #[test]
    fn finality_and_blocking() {
        let finals: Vec<DisputeStatus> = DisputeStatus::ALL
            .into_iter()
            .filter(|s| is_final(*s))
            .collect();
        assert_eq!(finals, [Upheld, Dismissed, Withdrawn]);
        assert!(blocks_award(Lodged, true));
        assert!(blocks_award(UnderReview, true));
        assert!(!blocks_award(UnderReview, false));
        for s in [Upheld, Dismissed, Withdrawn] {
            assert!(!blocks_award(s, true));
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in DisputeStatus::ALL {
            assert_eq!(s.code().parse::<DisputeStatus>(), Ok(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
            assert_eq!(
                serde_json::from_str::<DisputeStatus>(&format!("\"{s}\"")).unwrap(),
                s
            );
        }
        let e = "under review".parse::<DisputeStatus>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "`under review` is not a dispute status; use one of: lodged, under_review, upheld, \
             dismissed, withdrawn"
        );
    }
}
