//! Tender scoring (docs/domain.md §3): panel moderation, quality points, price formulas, the minimum
//! quality threshold, one rounding of each total, ranking and tie-breaks.
//!
//! Pure functions, no I/O. The flow is:
//! 1. [`moderate`]: every member's [`Sheet`] plus any [`Consensus`] records become one moderated
//!    score per (bid, criterion), keeping every individual score and warning about gaps;
//! 2. [`evaluate`]: pass/fail and the quality threshold exclude bids *before* price scoring (an
//!    excluded bid never sets P_min, CJEU C-546/16), then price points, exact totals, one rounding
//!    half-up to 2 decimals, ranking and the published tie-break.
//!
//! All arithmetic is exact: figures from divisions are kept as fractions internally, so the
//! threshold test, the rounding and the tie-breaks see true values. Only the logarithmic price
//! formula is irrational; its points are taken to 20 decimal places.

mod evaluation;
mod exact;
pub mod lcc;
mod moderation;
mod price;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use evaluation::{BidResult, CriterionPoints, Evaluation, TieNote, evaluate};
pub use moderation::{Member, Moderated, ModeratedScore, ModerationWarning, ScoreSource, moderate};
pub use price::price_points;

/// How price becomes points (*setting per tender*).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PriceFormula {
    /// Wp × P_min / P_i.
    Proportional,
    /// Wp × (P_max − P_i) / (P_max − P_min), clamped to [0, Wp].
    Linear {
        /// Price at or below which a bid scores Wp; `None` = the lowest valid bid.
        #[serde(default)]
        low: Option<Decimal>,
        /// Price at or above which a bid scores 0; `None` = the highest valid bid.
        #[serde(default)]
        high: Option<Decimal>,
    },
    /// Wp × (1 − ln(P_i / P_min) / ln A), clamped to [0, Wp].
    Logarithmic {
        /// A: the price ratio P_i / P_min that scores 0 (must be above 1).
        zero_ratio: Decimal,
    },
    /// Relative to the lowest price: Wp × (1 − (P_i − P_min) / P_min), floored at 0. Each
    /// percent above the lowest price costs one percent of Wp; a bid at twice P_min or more
    /// scores 0. For boards that cannot fix bounds in advance.
    RelativeToLowest,
}

/// How the panel's individual scores become one score per criterion (*setting, fixed in advance*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moderation {
    /// The exact mean of the members' scores.
    Mean,
    /// A score the panel agrees on, with a reason where it differs from the mean.
    Consensus,
}

impl fmt::Display for Moderation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Moderation::Mean => "mean",
            Moderation::Consensus => "consensus",
        })
    }
}

/// One step of the published tie-break, applied in order to bids with equal rounded totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// More quality points (exact) ranks first.
    HigherQuality,
    /// A lower price ranks first.
    LowerPrice,
    /// Drawing lots: the software leaves the tie unresolved and flags "decide by lot".
    Lot,
}

impl fmt::Display for TieBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TieBreak::HigherQuality => "higher quality points",
            TieBreak::LowerPrice => "lower price",
            TieBreak::Lot => "lot",
        })
    }
}

/// A bid's status, with the OCDS bid status codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BidStatus {
    /// Invited to bid; no bid received. Not scored.
    Invited,
    /// Received, its validity not yet decided. Not scored, not ranked, never sets P_min; while a
    /// bid is pending the evaluation is provisional.
    Pending,
    /// Found valid. Scored.
    Valid,
    /// Disqualified. Not scored; never affects other bids.
    Disqualified,
    /// Withdrawn by the bidder. Not scored; never affects other bids.
    Withdrawn,
}

impl fmt::Display for BidStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BidStatus::Invited => "invited",
            BidStatus::Pending => "pending",
            BidStatus::Valid => "valid",
            BidStatus::Disqualified => "disqualified",
            BidStatus::Withdrawn => "withdrawn",
        })
    }
}

/// A leaf quality criterion. Sub-criteria are flattened by the caller into leaves whose weights
/// sum to the quality weight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Identifier, unique within the scheme.
    pub id: String,
    /// Points available on this criterion (w_k).
    pub weight: Decimal,
}

/// The published evaluation scheme of a tender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// Wp: points available for price. Wp + Σ criterion weights must be 100.
    pub price_weight: Decimal,
    /// The price formula.
    pub formula: PriceFormula,
    /// The leaf quality criteria.
    pub criteria: Vec<Criterion>,
    /// Top of the scoring scale (s_max), e.g. 5 for a 0–5 scale; scores run from 0 to this.
    pub scale_max: Decimal,
    /// Minimum quality points (exact total of quality points) a bid needs to stay in the tender.
    #[serde(default)]
    pub threshold: Option<Decimal>,
    /// Mean or consensus.
    pub moderation: Moderation,
    /// Spreads (max − min of the members' scores) above this are flagged.
    #[serde(default)]
    pub spread_limit: Option<Decimal>,
    /// Tie-break steps in order; `lot` or the end of the list leaves a tie to be decided by lot.
    #[serde(default)]
    pub tie_break: Vec<TieBreak>,
}

impl Scheme {
    /// Σ criterion weights (the points available for quality).
    pub fn quality_weight(&self) -> Decimal {
        self.criteria
            .iter()
            .fold(Decimal::ZERO, |sum, c| sum.saturating_add(c.weight))
    }

    /// Checks the scheme and reports every problem at once: weights that are negative or do not
    /// sum to 100, duplicate criteria, a scale top not above 0, a threshold outside
    /// 0..=quality weight, a negative spread limit, bad linear bounds or logarithmic ratio.
    pub fn validate(&self) -> Result<(), Vec<ScoringError>> {
        let mut problems = Vec::new();
        if self.price_weight < Decimal::ZERO {
            problems.push(ScoringError::NegativeWeight {
                what: "price".to_string(),
                weight: self.price_weight,
            });
        }
        let mut seen = BTreeSet::new();
        for c in &self.criteria {
            if c.weight < Decimal::ZERO {
                problems.push(ScoringError::NegativeWeight {
                    what: format!("criterion {}", c.id),
                    weight: c.weight,
                });
            }
            if !seen.insert(c.id.as_str()) {
                problems.push(ScoringError::DuplicateCriterion { id: c.id.clone() });
            }
        }
        let total = self.price_weight.saturating_add(self.quality_weight());
        if total != Decimal::ONE_HUNDRED {
            problems.push(ScoringError::WeightsNot100 { total });
        }
        if self.scale_max <= Decimal::ZERO {
            problems.push(ScoringError::BadScale {
                scale_max: self.scale_max,
            });
        }
        if let Some(threshold) = self.threshold
            && (threshold < Decimal::ZERO || threshold > self.quality_weight())
        {
            problems.push(ScoringError::BadThreshold {
                threshold,
                quality_weight: self.quality_weight(),
            });
        }
        if let Some(limit) = self.spread_limit
            && limit < Decimal::ZERO
        {
            problems.push(ScoringError::BadSpreadLimit { limit });
        }
        match &self.formula {
            PriceFormula::Proportional | PriceFormula::RelativeToLowest => {}
            PriceFormula::Linear { low, high } => {
                let non_positive = [low, high]
                    .into_iter()
                    .flatten()
                    .any(|b| *b <= Decimal::ZERO);
                let inverted = matches!((low, high), (Some(l), Some(h)) if l >= h);
                if non_positive || inverted {
                    problems.push(ScoringError::BadLinearBounds {
                        low: *low,
                        high: *high,
                    });
                }
            }
            PriceFormula::Logarithmic { zero_ratio } => {
                if *zero_ratio <= Decimal::ONE {
                    problems.push(ScoringError::BadZeroRatio { ratio: *zero_ratio });
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// One member's individual scores on the scale: bid id → criterion id → score.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// The member (seat) who scored.
    pub member: String,
    /// bid id → criterion id → score.
    pub scores: BTreeMap<String, BTreeMap<String, Decimal>>,
}

impl Sheet {
    /// An empty sheet for `member`.
    pub fn new(member: impl Into<String>) -> Sheet {
        Sheet {
            member: member.into(),
            scores: BTreeMap::new(),
        }
    }

    /// Records `score` for (`bid`, `criterion`), replacing any earlier one.
    pub fn set(&mut self, bid: impl Into<String>, criterion: impl Into<String>, score: Decimal) {
        self.scores
            .entry(bid.into())
            .or_default()
            .insert(criterion.into(), score);
    }

    /// Builder form of [`Sheet::set`].
    pub fn with(
        mut self,
        bid: impl Into<String>,
        criterion: impl Into<String>,
        score: Decimal,
    ) -> Sheet {
        self.set(bid, criterion, score);
        self
    }

    /// The score for (`bid`, `criterion`), if recorded.
    pub fn get(&self, bid: &str, criterion: &str) -> Option<Decimal> {
        self.scores.get(bid)?.get(criterion).copied()
    }
}

/// A score the panel agreed for one (bid, criterion) under consensus moderation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consensus {
    /// The bid.
    pub bid: String,
    /// The criterion.
    pub criterion: String,
    /// The agreed score on the scale.
    pub score: Decimal,
    /// Why the agreed score differs from the mean (required when it does).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A bid as it enters evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidInput {
    /// Bid id.
    pub id: String,
    /// Evaluated price (must be above 0 for a bid that is scored).
    pub price: Decimal,
    /// Status before evaluation.
    pub status: BidStatus,
    /// Ids of the pass/fail criteria this bid failed; any entry excludes the bid.
    #[serde(default)]
    pub pass_fail_failed: Vec<String>,
    /// How `price` was reached when it is not the price offered (a life-cycle cost), one step
    /// a line; the bid's explanation starts with it.
    #[serde(default)]
    pub price_basis: Vec<String>,
}

/// A problem that stops a scheme or a bid from being scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScoringError {
    /// Wp + Σ weights ≠ 100.
    #[error("the price weight and the quality weights add up to {total}, not 100")]
    WeightsNot100 {
        /// The actual sum.
        total: Decimal,
    },
    /// A weight below zero.
    #[error("the weight of {what} is {weight}; a weight cannot be negative")]
    NegativeWeight {
        /// "price" or "criterion" and its id.
        what: String,
        /// The weight found.
        weight: Decimal,
    },
    /// Two criteria share an id.
    #[error("criterion {id} is listed more than once")]
    DuplicateCriterion {
        /// The repeated id.
        id: String,
    },
    /// The top of the scale is not above zero.
    #[error("the top of the scoring scale must be above 0, not {scale_max}")]
    BadScale {
        /// The value found.
        scale_max: Decimal,
    },
    /// The quality threshold is negative or above the quality weight.
    #[error(
        "the minimum quality of {threshold} points must lie between 0 and the {quality_weight} quality points available"
    )]
    BadThreshold {
        /// The threshold found.
        threshold: Decimal,
        /// Σ criterion weights.
        quality_weight: Decimal,
    },
    /// A negative spread limit.
    #[error("the spread limit cannot be negative ({limit})")]
    BadSpreadLimit {
        /// The limit found.
        limit: Decimal,
    },
    /// Linear bounds not above 0, or the lower bound not below the upper.
    #[error("the linear price formula needs bounds above 0 with the lower below the upper (low {}, high {})", bound(.low), bound(.high))]
    BadLinearBounds {
        /// Lower bound.
        low: Option<Decimal>,
        /// Upper bound.
        high: Option<Decimal>,
    },
    /// The logarithmic zero-score ratio is not above 1.
    #[error("the logarithmic price formula needs a zero-score price ratio above 1, not {ratio}")]
    BadZeroRatio {
        /// The ratio found.
        ratio: Decimal,
    },
    /// Two bids share an id; the later one is ignored.
    #[error("bid {bid} is listed more than once; only the first is evaluated")]
    DuplicateBid {
        /// The repeated id.
        bid: String,
    },
    /// A bid to be scored has a price of 0 or less.
    #[error("bid {bid} has a price of {price}; a price must be above 0 to be scored")]
    NonPositivePrice {
        /// The bid.
        bid: String,
        /// The price found.
        price: Decimal,
    },
    /// The figures of a bid exceed exact arithmetic (i128 fractions).
    #[error("the figures of bid {bid} are too large to compute exactly; the bid is not scored")]
    TooLarge {
        /// The bid.
        bid: String,
    },
}

fn bound(b: &Option<Decimal>) -> String {
    b.map_or_else(|| "from the bids".to_string(), |d| d.to_string())
}

#[cfg(test)]
mod tests;
