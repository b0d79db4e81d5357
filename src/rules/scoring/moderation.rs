//! Panel moderation: individual sheets → one score per (bid, criterion), by mean or consensus.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::exact::{Ratio, show_decimal};
use super::{Consensus, Moderation, Scheme, Sheet};

/// Where a moderated score came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreSource {
    /// The exact mean of the in-scale individual scores (`sum / count`).
    Mean,
    /// The panel's consensus record.
    Consensus,
}

/// The moderation record of one (bid, criterion).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModeratedScore {
    /// The bid.
    pub bid: String,
    /// The criterion.
    pub criterion: String,
    /// Every individual score as entered, by member, including any outside the scale.
    pub individual: BTreeMap<String, Decimal>,
    /// How many individual scores are inside the scale and used.
    pub count: u32,
    /// Sum of the used individual scores (the exact mean is `sum / count`).
    pub sum: Decimal,
    /// The mean of the used scores (nearest `Decimal`; exact when it terminates).
    pub mean: Option<Decimal>,
    /// Highest minus lowest used score.
    pub spread: Option<Decimal>,
    /// The spread is above the scheme's spread limit.
    pub flagged: bool,
    /// The moderated score, if there is one.
    pub score: Option<Decimal>,
    /// Where `score` came from.
    pub source: Option<ScoreSource>,
    /// The consensus reason, when one was given.
    pub reason: Option<String>,
}

impl ModeratedScore {
    /// The moderated score as an exact fraction.
    pub(super) fn exact(&self) -> Option<Ratio> {
        match self.source? {
            ScoreSource::Consensus => self.score.map(Ratio::from_decimal),
            ScoreSource::Mean => {
                Ratio::from_decimal(self.sum).div(Ratio::int(i128::from(self.count)))
            }
        }
    }
}

/// Something in the panel's scores a secretary should look at. Moderation still completes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModerationWarning {
    /// A member with a sheet did not score this (bid, criterion).
    #[error("{member} has no score for bid {bid} on criterion {criterion}")]
    ScoreMissing {
        /// The member.
        member: String,
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
    },
    /// An individual score outside 0..=scale_max; kept on record, not used.
    #[error(
        "{member} scored bid {bid} on criterion {criterion} with {score}, outside the scale 0–{scale_max}; the score is not used"
    )]
    ScoreOutOfScale {
        /// The member.
        member: String,
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
        /// The score entered.
        score: Decimal,
        /// Top of the scale.
        scale_max: Decimal,
    },
    /// A sheet scores a bid or criterion that is not part of this evaluation.
    #[error(
        "{member} scored bid {bid} on criterion {criterion}, which is not a bid and criterion of this evaluation; the score is ignored"
    )]
    UnknownScore {
        /// The member.
        member: String,
        /// The bid named.
        bid: String,
        /// The criterion named.
        criterion: String,
    },
    /// The same member handed in more than one sheet.
    #[error(
        "{member} handed in more than one sheet; where both score the same bid and criterion, the later score is used"
    )]
    DuplicateSheet {
        /// The member.
        member: String,
    },
    /// Consensus moderation, but no (usable) consensus score; the mean stands in until one is recorded.
    #[error("no consensus score recorded for bid {bid} on criterion {criterion}; the mean {} is used until the panel agrees one", show_mean(.mean))]
    ConsensusMissing {
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
        /// The mean used instead, if any member scored.
        mean: Option<Decimal>,
    },
    /// A consensus score outside 0..=scale_max; not used.
    #[error(
        "the consensus score {score} for bid {bid} on criterion {criterion} is outside the scale 0–{scale_max}; it is not used"
    )]
    ConsensusOutOfScale {
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
        /// The score recorded.
        score: Decimal,
        /// Top of the scale.
        scale_max: Decimal,
    },
    /// A consensus that differs from the mean without a recorded reason.
    #[error("the consensus score {consensus} for bid {bid} on criterion {criterion} differs from the mean {} but no reason is recorded", show_decimal(*.mean))]
    ConsensusWithoutReason {
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
        /// The consensus score.
        consensus: Decimal,
        /// The mean of the individual scores.
        mean: Decimal,
    },
    /// A consensus record for a bid or criterion that is not part of this evaluation.
    #[error(
        "a consensus score names bid {bid} and criterion {criterion}, which are not a bid and criterion of this evaluation; it is ignored"
    )]
    UnknownConsensus {
        /// The bid named.
        bid: String,
        /// The criterion named.
        criterion: String,
    },
    /// Two consensus records for the same (bid, criterion).
    #[error(
        "more than one consensus score for bid {bid} on criterion {criterion}; the later one is used"
    )]
    DuplicateConsensus {
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
    },
    /// Moderation is by mean; a consensus record has no effect.
    #[error(
        "moderation is by mean, so the consensus score for bid {bid} on criterion {criterion} is not used"
    )]
    ConsensusIgnored {
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
    },
    /// No usable individual score and no consensus: the bid cannot be scored on this criterion.
    #[error(
        "bid {bid} has no usable score on criterion {criterion}; it cannot be ranked until it is scored"
    )]
    NoScore {
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
    },
}

fn show_mean(mean: &Option<Decimal>) -> String {
    mean.map_or_else(|| "(none: nobody scored)".to_string(), show_decimal)
}

/// The outcome of moderation: one record per (bid, criterion) plus warnings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moderated {
    /// The method used.
    pub method: Moderation,
    /// bid id → criterion id → record.
    pub scores: BTreeMap<String, BTreeMap<String, ModeratedScore>>,
    /// Everything a secretary should look at, in a fixed order: sheet problems (sheet order),
    /// consensus problems (record order), then per bid (by id) and criterion (scheme order).
    pub warnings: Vec<ModerationWarning>,
}

impl Moderated {
    /// The record for (`bid`, `criterion`).
    pub fn get(&self, bid: &str, criterion: &str) -> Option<&ModeratedScore> {
        self.scores.get(bid)?.get(criterion)
    }

    /// Records whose spread is above the limit, by bid and criterion id.
    pub fn flagged(&self) -> impl Iterator<Item = &ModeratedScore> {
        self.scores
            .values()
            .flat_map(|m| m.values())
            .filter(|s| s.flagged)
    }
}

/// Moderates the panel's scores for `bids` on every criterion of `scheme`.
///
/// For each (bid, criterion): every individual score by member, the exact mean and the spread of
/// the scores inside the scale (0..=scale_max), `flagged` when the spread exceeds the limit, and
/// the moderated score: the mean, or under consensus moderation the consensus score (the mean
/// stands in, with a warning, while no consensus is recorded). Warnings: a member's missing score,
/// scores or consensus outside the scale, a consensus differing from the mean without a reason,
/// unknown bids or criteria, duplicate sheets or consensus records (the later one counts).
pub fn moderate(
    scheme: &Scheme,
    bids: &[&str],
    sheets: &[Sheet],
    consensus: &[Consensus],
) -> Moderated {
    let mut warnings = Vec::new();
    let bid_set: BTreeSet<&str> = bids.iter().copied().collect();
    let criterion_set: BTreeSet<&str> = scheme.criteria.iter().map(|c| c.id.as_str()).collect();
    let known =
        |bid: &str, criterion: &str| bid_set.contains(bid) && criterion_set.contains(criterion);

    let mut members = BTreeSet::new();
    for sheet in sheets {
        if !members.insert(sheet.member.as_str()) {
            warnings.push(ModerationWarning::DuplicateSheet {
                member: sheet.member.clone(),
            });
        }
        for (bid, row) in &sheet.scores {
            for criterion in row.keys() {
                if !known(bid, criterion) {
                    warnings.push(ModerationWarning::UnknownScore {
                        member: sheet.member.clone(),
                        bid: bid.clone(),
                        criterion: criterion.clone(),
                    });
                }
            }
        }
    }

    let mut agreed: BTreeMap<(&str, &str), &Consensus> = BTreeMap::new();
    for c in consensus {
        if !known(&c.bid, &c.criterion) {
            warnings.push(ModerationWarning::UnknownConsensus {
                bid: c.bid.clone(),
                criterion: c.criterion.clone(),
            });
        } else if agreed.insert((&c.bid, &c.criterion), c).is_some() {
            warnings.push(ModerationWarning::DuplicateConsensus {
                bid: c.bid.clone(),
                criterion: c.criterion.clone(),
            });
        }
    }

    let mut scores: BTreeMap<String, BTreeMap<String, ModeratedScore>> = BTreeMap::new();
    for &bid in &bid_set {
        // Each sheet's scores for this bid, looked up once.
        let rows: Vec<(&str, Option<&BTreeMap<String, Decimal>>)> = sheets
            .iter()
            .map(|s| (s.member.as_str(), s.scores.get(bid)))
            .collect();
        let row = scores.entry(bid.to_string()).or_default();
        for criterion in &scheme.criteria {
            let cell = moderate_cell(
                scheme,
                bid,
                &criterion.id,
                &rows,
                &members,
                agreed.get(&(bid, criterion.id.as_str())).copied(),
                &mut warnings,
            );
            row.insert(criterion.id.clone(), cell);
        }
    }
    Moderated {
        method: scheme.moderation,
        scores,
        warnings,
    }
}

/// A score on the scale 0..=scale_max.
fn in_scale(score: Decimal, scale_max: Decimal) -> bool {
    score >= Decimal::ZERO && score <= scale_max
}

fn moderate_cell(
    scheme: &Scheme,
    bid: &str,
    criterion: &str,
    rows: &[(&str, Option<&BTreeMap<String, Decimal>>)],
    members: &BTreeSet<&str>,
    agreed: Option<&Consensus>,
    warnings: &mut Vec<ModerationWarning>,
) -> ModeratedScore {
    // Later sheets of the same member replace earlier scores.
    let mut individual = BTreeMap::new();
    for (member, row) in rows {
        if let Some(score) = row.and_then(|r| r.get(criterion)) {
            individual.insert((*member).to_string(), *score);
        }
    }
    // Every scorer is a member, so equal counts mean nobody is missing.
    let anyone_missing = individual.len() < members.len();
    for &member in members.iter().filter(|_| anyone_missing) {
        if !individual.contains_key(member) {
            warnings.push(ModerationWarning::ScoreMissing {
                member: member.to_string(),
                bid: bid.to_string(),
                criterion: criterion.to_string(),
            });
        }
    }
    let mut sum = Ratio::ZERO;
    let mut count: u32 = 0;
    let mut low: Option<Decimal> = None;
    let mut high: Option<Decimal> = None;
    for (member, &score) in &individual {
        if !in_scale(score, scheme.scale_max) {
            warnings.push(ModerationWarning::ScoreOutOfScale {
                member: member.clone(),
                bid: bid.to_string(),
                criterion: criterion.to_string(),
                score,
                scale_max: scheme.scale_max,
            });
            continue;
        }
        // Scores are within 0..=scale_max and sheets number far fewer than 2^32: a scale top that
        // made this overflow would already be absurd; such a score is then left out like an
        // out-of-scale one.
        let Some(next) = sum.add(Ratio::from_decimal(score)) else {
            continue;
        };
        sum = next;
        count = count.saturating_add(1);
        low = Some(low.map_or(score, |l| l.min(score)));
        high = Some(high.map_or(score, |h| h.max(score)));
    }
    let mean = if count > 0 {
        sum.div(Ratio::int(i128::from(count)))
    } else {
        None
    };
    let spread = low.zip(high).map(|(l, h)| h - l);
    let flagged = match (spread, scheme.spread_limit) {
        (Some(s), Some(limit)) => s > limit,
        _ => false,
    };
    let mut cell = ModeratedScore {
        bid: bid.to_string(),
        criterion: criterion.to_string(),
        individual,
        count,
        sum: sum.to_decimal(),
        mean: mean.map(Ratio::to_decimal),
        spread,
        flagged,
        score: None,
        source: None,
        reason: None,
    };
    let use_mean = |cell: &mut ModeratedScore| {
        if mean.is_some() {
            cell.score = cell.mean;
            cell.source = Some(ScoreSource::Mean);
        }
    };
    match scheme.moderation {
        Moderation::Mean => {
            if agreed.is_some() {
                warnings.push(ModerationWarning::ConsensusIgnored {
                    bid: bid.to_string(),
                    criterion: criterion.to_string(),
                });
            }
            use_mean(&mut cell);
        }
        Moderation::Consensus => match agreed {
            Some(c) if in_scale(c.score, scheme.scale_max) => {
                let reason = c.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
                if let Some(m) = mean
                    && Ratio::from_decimal(c.score) != m
                    && reason.is_none()
                {
                    warnings.push(ModerationWarning::ConsensusWithoutReason {
                        bid: bid.to_string(),
                        criterion: criterion.to_string(),
                        consensus: c.score,
                        mean: m.to_decimal(),
                    });
                }
                cell.score = Some(c.score);
                cell.source = Some(ScoreSource::Consensus);
                cell.reason = reason.map(str::to_string);
            }
            other => {
                if let Some(c) = other {
                    warnings.push(ModerationWarning::ConsensusOutOfScale {
                        bid: bid.to_string(),
                        criterion: criterion.to_string(),
                        score: c.score,
                        scale_max: scheme.scale_max,
                    });
                }
                warnings.push(ModerationWarning::ConsensusMissing {
                    bid: bid.to_string(),
                    criterion: criterion.to_string(),
                    mean: cell.mean,
                });
                use_mean(&mut cell);
            }
        },
    }
    if cell.score.is_none() {
        warnings.push(ModerationWarning::NoScore {
            bid: bid.to_string(),
            criterion: criterion.to_string(),
        });
    }
    cell
}
