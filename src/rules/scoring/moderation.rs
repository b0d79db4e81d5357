//! Panel moderation: individual sheets → one score per (bid, criterion), by mean or consensus.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

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

/// A member's id as a key of [`ModeratedScore::individual`]: shared by every record of the
/// member, so that a moderation of many bids and criteria copies no names. It reads, compares,
/// prints and serialises as the id itself.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Member(Arc<str>);

impl Member {
    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Member {
    fn from(id: &str) -> Member {
        Member(Arc::from(id))
    }
}

impl Deref for Member {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Member {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Member {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Member {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Member {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The moderation record of one (bid, criterion).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModeratedScore {
    /// The bid.
    pub bid: String,
    /// The criterion.
    pub criterion: String,
    /// Every individual score as entered, by member, including any outside the scale.
    pub individual: BTreeMap<Member, Decimal>,
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
    let mut grid = Grid::new(scheme, bids, sheets);
    grid.fill(sheets, &mut warnings);

    let mut agreed: BTreeMap<(&str, &str), &Consensus> = BTreeMap::new();
    for c in consensus {
        if !grid.known(&c.bid, &c.criterion) {
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

    let members: Vec<Member> = grid.members.iter().map(|&m| Member::from(m)).collect();
    let mut scores = Vec::with_capacity(grid.bids.len());
    for (b, &bid) in grid.bids.iter().enumerate() {
        let row: BTreeMap<String, ModeratedScore> = scheme
            .criteria
            .iter()
            .zip(&grid.scheme_columns)
            .map(|(criterion, &column)| {
                let cell = moderate_cell(
                    scheme,
                    bid,
                    &criterion.id,
                    &members,
                    grid.cell(b, column),
                    agreed.get(&(bid, criterion.id.as_str())).copied(),
                    &mut warnings,
                );
                (criterion.id.clone(), cell)
            })
            .collect();
        scores.push((bid.to_string(), row));
    }
    Moderated {
        method: scheme.moderation,
        scores: scores.into_iter().collect(),
        warnings,
    }
}

/// Every sheet's scores laid out by position: bids and members in id order, criteria in id
/// order without repeats. Looking a score up is then indexing, not comparing names.
struct Grid<'a> {
    /// The bids to moderate, sorted, without repeats.
    bids: Vec<&'a str>,
    /// The criterion ids, sorted, without repeats.
    criteria: Vec<&'a str>,
    /// For each criterion of the scheme (in scheme order), its position in `criteria`.
    scheme_columns: Vec<usize>,
    /// Everyone who handed in a sheet, sorted, without repeats.
    members: Vec<&'a str>,
    /// The score of (bid, criterion, member) at `(bid × criteria + criterion) × members + member`;
    /// a later sheet of the same member replaces an earlier score.
    scores: Vec<Option<Decimal>>,
}

impl<'a> Grid<'a> {
    fn new(scheme: &'a Scheme, bids: &[&'a str], sheets: &'a [Sheet]) -> Grid<'a> {
        let sorted = |mut ids: Vec<&'a str>| {
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let bids = sorted(bids.to_vec());
        let criteria = sorted(scheme.criteria.iter().map(|c| c.id.as_str()).collect());
        let members = sorted(sheets.iter().map(|s| s.member.as_str()).collect());
        let scheme_columns = scheme
            .criteria
            .iter()
            .map(|c| criteria.binary_search(&c.id.as_str()).unwrap_or_default())
            .collect();
        let size = bids.len() * criteria.len() * members.len();
        Grid {
            bids,
            criteria,
            scheme_columns,
            members,
            scores: vec![None; size],
        }
    }

    /// A bid and a criterion of this evaluation.
    fn known(&self, bid: &str, criterion: &str) -> bool {
        self.bids.binary_search(&bid).is_ok() && self.criteria.binary_search(&criterion).is_ok()
    }

    /// Lays out every sheet's scores, in sheet order; warns of a member's second sheet and of
    /// scores for a bid or criterion outside this evaluation.
    fn fill(&mut self, sheets: &[Sheet], warnings: &mut Vec<ModerationWarning>) {
        let mut seen = vec![false; self.members.len()];
        let (width, depth) = (self.criteria.len(), self.members.len());
        for sheet in sheets {
            let m = self
                .members
                .binary_search(&sheet.member.as_str())
                .unwrap_or_default();
            if std::mem::replace(&mut seen[m], true) {
                warnings.push(ModerationWarning::DuplicateSheet {
                    member: sheet.member.clone(),
                });
            }
            for (b, bid, row) in positions(&self.bids, &sheet.scores) {
                for (c, criterion, score) in positions(&self.criteria, row) {
                    match b.zip(c) {
                        Some((b, c)) => self.scores[(b * width + c) * depth + m] = Some(*score),
                        None => warnings.push(ModerationWarning::UnknownScore {
                            member: sheet.member.clone(),
                            bid: bid.clone(),
                            criterion: criterion.clone(),
                        }),
                    }
                }
            }
        }
    }

    /// Every member's score (or none) for bid `b` on the criterion at position `c`.
    fn cell(&self, b: usize, c: usize) -> &[Option<Decimal>] {
        let depth = self.members.len();
        let start = (b * self.criteria.len() + c) * depth;
        &self.scores[start..start + depth]
    }
}

/// Each entry of `map` with the position of its key in `keys` (sorted, without repeats), or
/// `None` when the key is not there. Both are in key order, so one walk finds every position.
fn positions<'m, V>(
    keys: &[&str],
    map: &'m BTreeMap<String, V>,
) -> impl Iterator<Item = (Option<usize>, &'m String, &'m V)> {
    let mut at = 0;
    map.iter().map(move |(key, value)| {
        while at < keys.len() && keys[at] < key.as_str() {
            at += 1;
        }
        let found = keys.get(at).is_some_and(|k| *k == key).then_some(at);
        (found, key, value)
    })
}

/// A score on the scale 0..=scale_max.
fn in_scale(score: Decimal, scale_max: Decimal) -> bool {
    (score.is_zero() || !score.is_sign_negative()) && cmp(score, scale_max).is_le()
}

/// `a.cmp(&b)`, by mantissa alone when both have the same scale (as a panel's scores mostly do).
fn cmp(a: Decimal, b: Decimal) -> Ordering {
    if a.scale() == b.scale() {
        a.mantissa().cmp(&b.mantissa())
    } else {
        a.cmp(&b)
    }
}

/// The exact sum of scores, added as whole numbers of the finest decimal place among them.
#[derive(Clone, Copy)]
struct DecimalSum {
    /// The sum in units of 10^−scale.
    units: i128,
    scale: u32,
}

impl DecimalSum {
    const ZERO: DecimalSum = DecimalSum { units: 0, scale: 0 };

    /// `self + d`; `None` when the units would overflow.
    fn add(self, d: Decimal) -> Option<DecimalSum> {
        let scale = self.scale.max(d.scale());
        let units = self
            .units
            .checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let more = d
            .mantissa()
            .checked_mul(10i128.checked_pow(scale - d.scale())?)?;
        Some(DecimalSum {
            units: units.checked_add(more)?,
            scale,
        })
    }

    /// The exact value.
    fn ratio(self) -> Option<Ratio> {
        Ratio::new(self.units, 10i128.pow(self.scale))
    }

    /// The sum as a normalised `Decimal` when its units fit one (they always do for a panel's
    /// scores), as [`Ratio::to_decimal`] gives it.
    fn to_decimal(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.units, self.scale)
            .ok()
            .map(|d| d.normalize())
    }
}

/// Sum, count, lowest and highest of the in-scale scores in `scores`.
struct Used {
    sum: Ratio,
    /// `sum` as a `Decimal`, when added up as decimals.
    sum_decimal: Option<Decimal>,
    count: u32,
    low: Option<Decimal>,
    high: Option<Decimal>,
}

impl Used {
    /// Adds up the in-scale scores exactly as decimals. When that would overflow, adds them as
    /// fractions one by one, leaving out any score whose addition overflows.
    fn of(scores: impl Iterator<Item = Decimal> + Clone, scale_max: Decimal) -> Used {
        let usable = scores.filter(move |s| in_scale(*s, scale_max));
        let mut sum = Some(DecimalSum::ZERO);
        let mut used = Used {
            sum: Ratio::ZERO,
            sum_decimal: None,
            count: 0,
            low: None,
            high: None,
        };
        for score in usable.clone() {
            sum = sum.and_then(|s| s.add(score));
            used.include(score);
        }
        if let Some(sum) = sum
            && let Some(ratio) = sum.ratio()
        {
            used.sum = ratio;
            used.sum_decimal = sum.to_decimal();
            return used;
        }
        used = Used {
            sum: Ratio::ZERO,
            sum_decimal: None,
            count: 0,
            low: None,
            high: None,
        };
        for score in usable {
            // Scores are within 0..=scale_max and sheets number far fewer than 2^32: a scale
            // top that made this overflow would already be absurd; such a score is then left
            // out like an out-of-scale one.
            if let Some(next) = used.sum.add(Ratio::from_decimal(score)) {
                used.sum = next;
                used.include(score);
            }
        }
        used
    }

    fn include(&mut self, score: Decimal) {
        self.count = self.count.saturating_add(1);
        let (low, high) = self.low.zip(self.high).unwrap_or((score, score));
        // As `Decimal::min` and `max`: of equal values (4 and 4.0), the earlier one stays.
        self.low = Some(if cmp(score, low).is_lt() { score } else { low });
        self.high = Some(if cmp(score, high).is_gt() {
            score
        } else {
            high
        });
    }
}

fn moderate_cell(
    scheme: &Scheme,
    bid: &str,
    criterion: &str,
    members: &[Member],
    scores: &[Option<Decimal>],
    agreed: Option<&Consensus>,
    warnings: &mut Vec<ModerationWarning>,
) -> ModeratedScore {
    let scored = || {
        members
            .iter()
            .zip(scores)
            .filter_map(|(m, s)| s.map(|s| (m, s)))
    };
    let individual: BTreeMap<Member, Decimal> = scored().map(|(m, s)| (m.clone(), s)).collect();
    if individual.len() < members.len() {
        for (member, _) in members.iter().zip(scores).filter(|(_, s)| s.is_none()) {
            warnings.push(ModerationWarning::ScoreMissing {
                member: member.to_string(),
                bid: bid.to_string(),
                criterion: criterion.to_string(),
            });
        }
    }
    for (member, score) in scored().filter(|(_, s)| !in_scale(*s, scheme.scale_max)) {
        warnings.push(ModerationWarning::ScoreOutOfScale {
            member: member.to_string(),
            bid: bid.to_string(),
            criterion: criterion.to_string(),
            score,
            scale_max: scheme.scale_max,
        });
    }
    let Used {
        sum,
        sum_decimal,
        count,
        low,
        high,
    } = Used::of(scored().map(|(_, s)| s), scheme.scale_max);
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
        sum: sum_decimal.unwrap_or_else(|| sum.to_decimal()),
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
