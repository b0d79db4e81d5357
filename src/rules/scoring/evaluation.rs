//! Evaluation: exclusions before price scoring, price points, exact totals, one rounding,
//! ranking and the published tie-break.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::Serialize;

use super::exact::{Ratio, show, show_decimal};
use super::moderation::Moderated;
use super::price::{self, PriceScore};
use super::{BidInput, BidStatus, Criterion, PriceFormula, Scheme, ScoringError, TieBreak};

/// Quality points of one bid on one criterion: w_k × s_k / s_max.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CriterionPoints {
    /// The criterion.
    pub criterion: String,
    /// Its weight w_k.
    pub weight: Decimal,
    /// The moderated score s_k (nearest `Decimal` of the exact value).
    pub score: Decimal,
    /// The points (nearest `Decimal` of the exact value).
    pub points: Decimal,
}

/// The outcome for one bid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BidResult {
    /// Bid id.
    pub bid: String,
    /// The bid's price.
    pub price: Decimal,
    /// Status after evaluation: a valid bid that fails a pass/fail criterion or the quality
    /// threshold becomes disqualified; others keep theirs (a pending bid stays pending).
    pub status: BidStatus,
    /// Why the bid was excluded, not scored or not ranked.
    pub reason: Option<String>,
    /// Quality points per criterion (scheme order), for every bid that was scored.
    pub quality: Vec<CriterionPoints>,
    /// Σ quality points, when every criterion has a moderated score.
    pub quality_total: Option<Decimal>,
    /// Price points, for bids still in the tender.
    pub price_points: Option<Decimal>,
    /// The price formula with the figures used, e.g. "proportional: 40 × 100000 / 125000 = 32".
    pub price_text: Option<String>,
    /// Quality + price points, exact.
    pub total_exact: Option<Decimal>,
    /// The total rounded once, half-up, to 2 decimals; ranking uses this.
    pub total: Option<Decimal>,
    /// 1 = best. Bids tied after the tie-break share a rank (1, 2, 2, 4). Excluded bids have none.
    pub rank: Option<u32>,
    /// The bid shares its rank after the tie-break: decide by lot.
    pub decide_by_lot: bool,
    /// How the figures were reached, one step per line.
    pub explanation: String,
    /// How the price scored was reached when it is not the price offered (a life-cycle cost),
    /// one step per line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub price_basis: Vec<String>,
}

/// A tie on the rounded total and how the tie-break settled it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TieNote {
    /// The rounded total the bids share.
    pub total: Decimal,
    /// The tied bids, by id.
    pub bids: Vec<String>,
    /// The tie-break steps applied, in order.
    pub applied: Vec<TieBreak>,
    /// The resulting order: each inner list shares one rank; a list of several is decided by lot.
    pub order: Vec<Vec<String>>,
    /// Some bids remain tied: decide by lot.
    pub decide_by_lot: bool,
    /// The tie and its resolution in words.
    pub text: String,
}

/// The outcome of a tender evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// Every bid: ranked bids by rank (then id), then the others by id.
    pub results: Vec<BidResult>,
    /// P_min used: the lowest price among bids still in the tender.
    pub p_min: Option<Decimal>,
    /// The bid(s) at P_min.
    pub p_min_bids: Vec<String>,
    /// The highest price among bids still in the tender.
    pub p_max: Option<Decimal>,
    /// Ties on the rounded total and their resolution.
    pub ties: Vec<TieNote>,
    /// Evaluation-level notes in words: formula, P_min, exclusions, ties, warnings.
    pub notes: Vec<String>,
    /// Problems with the scheme or bids that kept something from being scored.
    pub problems: Vec<ScoringError>,
    /// The ranking is not final: a problem was found, a bid to be scored lacks scores, or a bid
    /// is still pending (received, its validity not yet decided).
    pub provisional: bool,
    /// Why the ranking is provisional, one sentence each (empty when it is final).
    pub provisional_reasons: Vec<String>,
}

impl Evaluation {
    /// The result for `bid`.
    pub fn result(&self, bid: &str) -> Option<&BidResult> {
        self.results.iter().find(|r| r.bid == bid)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Invited, withdrawn, disqualified beforehand, or unscorable: no figures at all.
    NotScored,
    /// Failed pass/fail or the threshold: quality shown, no price points, no P_min.
    Excluded,
    /// Some criterion lacks a moderated score: not ranked.
    Incomplete,
    /// Passed everything: price points, total, rank.
    Qualified,
}

/// Per-bid working state.
struct Work<'a> {
    bid: &'a BidInput,
    stage: Stage,
    status: BidStatus,
    reason: Option<String>,
    quality: Vec<CriterionPoints>,
    quality_parts: Vec<String>,
    missing: Vec<String>,
    quality_total: Option<Ratio>,
    price: Option<PriceScore>,
    total: Option<Ratio>,
    rounded: Option<Decimal>,
    rank: Option<u32>,
    lot: bool,
}

impl<'a> Work<'a> {
    fn new(bid: &'a BidInput) -> Work<'a> {
        Work {
            bid,
            stage: Stage::NotScored,
            status: bid.status,
            reason: None,
            quality: Vec::new(),
            quality_parts: Vec::new(),
            missing: Vec::new(),
            quality_total: None,
            price: None,
            total: None,
            rounded: None,
            rank: None,
            lot: false,
        }
    }

    fn not_scored(mut self, reason: impl Into<String>) -> Work<'a> {
        self.stage = Stage::NotScored;
        self.reason = Some(reason.into());
        self
    }
}

/// Evaluates the bids of a tender under `scheme` with the panel's `moderated` scores.
///
/// Order of work: invited, pending, withdrawn and already disqualified bids are not scored (a
/// pending bid is neither ranked nor sets P_min, and makes the evaluation `provisional` until its
/// status is decided); quality points
/// w_k × s_k / s_max are computed exactly; a bid that failed a pass/fail criterion or falls below
/// the quality threshold is excluded (status disqualified) *before* price scoring, so it never
/// sets P_min; the remaining bids get price points, an exact total and that total rounded once
/// half-up to 2 decimals; they are ranked on the rounded total and ties are broken by the
/// scheme's tie-break steps in order, `lot` or an exhausted list leaving equal ranks flagged
/// "decide by lot". A bid lacking a moderated score on some criterion is not ranked (the
/// evaluation is then `provisional`); its price still counts toward P_min when no threshold is
/// set. Bids are processed in id order, so the input order never matters.
pub fn evaluate(scheme: &Scheme, bids: &[BidInput], moderated: &Moderated) -> Evaluation {
    let mut problems = scheme.validate().err().unwrap_or_default();
    let scheme_ok = problems.is_empty();

    let columns = Columns::of(scheme);
    let mut sorted: Vec<&BidInput> = bids.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut work: Vec<Work> = Vec::with_capacity(sorted.len());
    for bid in sorted {
        if work.last().is_some_and(|w| w.bid.id == bid.id) {
            problems.push(ScoringError::DuplicateBid {
                bid: bid.id.clone(),
            });
            continue;
        }
        work.push(classify(
            scheme,
            &columns,
            scheme_ok,
            bid,
            moderated,
            &mut problems,
        ));
    }

    // Price scoring, only among bids still in the tender. An incomplete bid's price counts when
    // no threshold can still exclude it.
    let in_pool = |w: &Work| {
        w.stage == Stage::Qualified || (w.stage == Stage::Incomplete && scheme.threshold.is_none())
    };
    let pool: Vec<(&str, Decimal)> = work
        .iter()
        .filter(|w| in_pool(w))
        .map(|w| (w.bid.id.as_str(), w.bid.price))
        .collect();
    let basis = PriceBasis::of(&pool);
    let (p_min, p_max) = (basis.p_min, basis.p_max);
    if let (Some(lo), Some(hi)) = (p_min, p_max) {
        for w in work.iter_mut().filter(|w| in_pool(w)) {
            match score_bid(scheme, w, lo, hi) {
                Some(()) => {}
                None => {
                    problems.push(ScoringError::TooLarge {
                        bid: w.bid.id.clone(),
                    });
                    w.price = None;
                    w.total = None;
                    w.rounded = None;
                    w.stage = Stage::NotScored;
                    w.reason =
                        Some("not scored: the figures are too large to compute exactly".into());
                }
            }
        }
    }

    let ties = rank(scheme, &mut work);
    let notes = notes(scheme, &work, &basis, &ties, moderated);
    let provisional_reasons = provisional_reasons(&work, &problems);
    let provisional = !provisional_reasons.is_empty();

    let quality_weight = scheme.quality_weight();
    let mut results: Vec<BidResult> = work
        .into_iter()
        .map(|w| result(scheme, quality_weight, w, &ties))
        .collect();
    results.sort_by(|a, b| {
        let key = |r: &BidResult| r.rank.unwrap_or(u32::MAX);
        key(a).cmp(&key(b)).then_with(|| a.bid.cmp(&b.bid))
    });
    Evaluation {
        results,
        p_min,
        p_min_bids: basis.p_min_bids,
        p_max,
        ties,
        notes,
        problems,
        provisional,
        provisional_reasons,
    }
}

/// Why the ranking is not final yet: pending bids, bids lacking scores, problems.
fn provisional_reasons(work: &[Work], problems: &[ScoringError]) -> Vec<String> {
    let ids = |pick: &dyn Fn(&Work) -> bool| {
        work.iter()
            .filter(|w| pick(w))
            .map(|w| w.bid.id.as_str())
            .collect::<Vec<_>>()
    };
    let mut reasons = Vec::new();
    let pending = ids(&|w| w.bid.status == BidStatus::Pending);
    if !pending.is_empty() {
        reasons.push(format!(
            "bid(s) {} pending: not scored until found valid, and the ranking may change then",
            pending.join(", ")
        ));
    }
    let incomplete = ids(&|w| w.stage == Stage::Incomplete);
    if !incomplete.is_empty() {
        reasons.push(format!(
            "bid(s) {} lack a moderated score on some criterion",
            incomplete.join(", ")
        ));
    }
    if !problems.is_empty() {
        reasons.push(format!(
            "{} problem(s) kept something from being scored",
            problems.len()
        ));
    }
    reasons
}

/// The prices that price points are measured against.
struct PriceBasis {
    p_min: Option<Decimal>,
    p_min_bids: Vec<String>,
    p_max: Option<Decimal>,
    p_max_bids: Vec<String>,
    /// How many bids are in the price pool.
    count: usize,
}

impl PriceBasis {
    /// From the (bid, price) pairs of the bids still in the tender.
    fn of(pool: &[(&str, Decimal)]) -> PriceBasis {
        let p_min = pool.iter().map(|&(_, p)| p).min();
        let p_max = pool.iter().map(|&(_, p)| p).max();
        let at = |target: Option<Decimal>| {
            pool.iter()
                .filter(|&&(_, p)| Some(p) == target)
                .map(|&(id, _)| id.to_string())
                .collect()
        };
        PriceBasis {
            p_min,
            p_min_bids: at(p_min),
            p_max,
            p_max_bids: at(p_max),
            count: pool.len(),
        }
    }
}

/// Status, quality and exclusions for one bid.
fn classify<'a>(
    scheme: &Scheme,
    columns: &Columns,
    scheme_ok: bool,
    bid: &'a BidInput,
    moderated: &Moderated,
    problems: &mut Vec<ScoringError>,
) -> Work<'a> {
    let w = Work::new(bid);
    match bid.status {
        BidStatus::Invited => return w.not_scored("invited, no bid received: not scored"),
        BidStatus::Pending => {
            return w.not_scored(
                "pending: not scored until found valid; the evaluation is provisional",
            );
        }
        BidStatus::Withdrawn => return w.not_scored("withdrawn: not scored"),
        BidStatus::Disqualified => {
            return w.not_scored("disqualified before evaluation: not scored");
        }
        BidStatus::Valid => {}
    }
    if !scheme_ok {
        return w.not_scored(
            "not scored: the scoring scheme has problems (listed with the evaluation)",
        );
    }
    if bid.price <= Decimal::ZERO {
        problems.push(ScoringError::NonPositivePrice {
            bid: bid.id.clone(),
            price: bid.price,
        });
        return w.not_scored("not scored: the price must be above 0");
    }
    let Some(mut w) = quality(columns, w, moderated) else {
        problems.push(ScoringError::TooLarge {
            bid: bid.id.clone(),
        });
        return Work::new(bid)
            .not_scored("not scored: the figures are too large to compute exactly");
    };
    if !bid.pass_fail_failed.is_empty() {
        w.stage = Stage::Excluded;
        w.status = BidStatus::Disqualified;
        w.reason = Some(format!(
            "excluded: failed the pass/fail criteria {}",
            bid.pass_fail_failed.join(", ")
        ));
        return w;
    }
    if let (Some(threshold), Some(total)) = (scheme.threshold, w.quality_total)
        && total < Ratio::from_decimal(threshold)
    {
        w.stage = Stage::Excluded;
        w.status = BidStatus::Disqualified;
        w.reason = Some(format!(
            "excluded: quality {} is below the minimum of {threshold} points",
            show(total)
        ));
        return w;
    }
    if !w.missing.is_empty() {
        w.stage = Stage::Incomplete;
        w.reason = Some(format!(
            "not ranked yet: no moderated score on {}",
            w.missing.join(", ")
        ));
        return w;
    }
    w.stage = Stage::Qualified;
    w.status = BidStatus::Valid;
    w
}

/// A criterion's fixed figures, worked out once per evaluation rather than once per bid.
struct Column<'a> {
    criterion: &'a Criterion,
    /// The criterion's weight as a fraction.
    weight: Ratio,
    /// w_k / s_max, the points per unit of score (`None` if it overflows: then w_k × s_k is
    /// divided by s_max for each bid).
    per_unit: Option<Ratio>,
    /// "c01 3 × ", how the explanation of its points starts.
    head: String,
}

/// The scheme's criteria as [`Column`]s, with s_max as a fraction and " / s_max = ".
struct Columns<'a> {
    columns: Vec<Column<'a>>,
    scale_max: Ratio,
    divided: String,
}

impl<'a> Columns<'a> {
    fn of(scheme: &'a Scheme) -> Columns<'a> {
        let scale_max = Ratio::from_decimal(scheme.scale_max);
        let columns = scheme
            .criteria
            .iter()
            .map(|c| {
                let weight = Ratio::from_decimal(c.weight);
                Column {
                    criterion: c,
                    weight,
                    per_unit: weight.div(scale_max),
                    head: format!("{} {} × ", c.id, c.weight),
                }
            })
            .collect();
        Columns {
            columns,
            scale_max,
            divided: format!(" / {} = ", scheme.scale_max),
        }
    }
}

/// Quality points per criterion and their exact total; `None` on overflow.
fn quality<'a>(columns: &Columns, mut w: Work<'a>, moderated: &Moderated) -> Option<Work<'a>> {
    let mut total = Ratio::ZERO;
    let row = moderated.scores.get(&w.bid.id);
    for col in &columns.columns {
        let c = col.criterion;
        let Some(score) = row.and_then(|r| r.get(&c.id)).and_then(|m| m.exact()) else {
            w.missing.push(c.id.clone());
            continue;
        };
        // w × s / s_max, exact either way.
        let points = match col.per_unit {
            Some(per_unit) => per_unit.mul(score)?,
            None => col.weight.mul(score)?.div(columns.scale_max)?,
        };
        total = total.add(points)?;
        let (score, points) = (score.to_decimal(), points.to_decimal());
        let mut part = col.head.clone();
        part.push_str(&show_decimal(score));
        part.push_str(&columns.divided);
        part.push_str(&show_decimal(points));
        w.quality_parts.push(part);
        w.quality.push(CriterionPoints {
            criterion: c.id.clone(),
            weight: c.weight,
            score,
            points,
        });
    }
    w.quality_total = w.missing.is_empty().then_some(total);
    Some(w)
}

/// Price points, and for a qualified bid its exact and rounded total; `None` on overflow.
fn score_bid(scheme: &Scheme, w: &mut Work, p_min: Decimal, p_max: Decimal) -> Option<()> {
    let price = price::score(
        &scheme.formula,
        scheme.price_weight,
        w.bid.price,
        p_min,
        p_max,
    )?;
    if w.stage == Stage::Qualified {
        let total = w.quality_total?.add(price.points)?;
        w.rounded = Some(total.round_2dp()?);
        w.total = Some(total);
    }
    w.price = Some(price);
    Some(())
}

/// Ranks qualified bids on the rounded total and applies the tie-break; returns the ties.
fn rank(scheme: &Scheme, work: &mut [Work]) -> Vec<TieNote> {
    let mut ranked: Vec<usize> = (0..work.len())
        .filter(|&i| work[i].rounded.is_some())
        .collect();
    // Highest rounded total first; ids keep the order of equal totals fixed.
    ranked.sort_by(|&a, &b| {
        work[b]
            .rounded
            .cmp(&work[a].rounded)
            .then_with(|| work[a].bid.id.cmp(&work[b].bid.id))
    });
    let mut ties = Vec::new();
    let mut position: u32 = 0;
    let rounded: Vec<Option<Decimal>> = work.iter().map(|w| w.rounded).collect();
    for group in ranked.chunk_by(|&a, &b| rounded[a] == rounded[b]) {
        let (order, applied) = if group.len() == 1 {
            (vec![group.to_vec()], Vec::new())
        } else {
            break_tie(&scheme.tie_break, group, work)
        };
        for sub in &order {
            for &i in sub {
                work[i].rank = Some(position + 1);
                work[i].lot = sub.len() > 1;
            }
            position = position.saturating_add(u32::try_from(sub.len()).unwrap_or(u32::MAX));
        }
        if group.len() > 1 {
            ties.push(tie_note(group, &order, applied, work));
        }
    }
    ties
}

/// Applies the tie-break steps in order until every bid is apart or `lot` is reached; returns
/// the ordered sub-groups (a sub-group of several is still tied) and the steps applied.
fn break_tie(
    steps: &[TieBreak],
    group: &[usize],
    work: &[Work],
) -> (Vec<Vec<usize>>, Vec<TieBreak>) {
    let mut order = vec![group.to_vec()];
    let mut applied = Vec::new();
    for &step in steps {
        if order.iter().all(|g| g.len() == 1) {
            break;
        }
        let key: fn(&Work, &Work) -> Ordering = match step {
            TieBreak::HigherQuality => |a, b| b.quality_total.cmp(&a.quality_total),
            TieBreak::LowerPrice => |a, b| a.bid.price.cmp(&b.bid.price),
            TieBreak::Lot => break,
        };
        order = order
            .into_iter()
            .flat_map(|mut g| {
                // Stable: equal keys keep id order.
                g.sort_by(|&a, &b| key(&work[a], &work[b]));
                g.chunk_by(|&a, &b| key(&work[a], &work[b]) == Ordering::Equal)
                    .map(<[usize]>::to_vec)
                    .collect::<Vec<_>>()
            })
            .collect();
        applied.push(step);
    }
    (order, applied)
}

fn tie_note(
    group: &[usize],
    order: &[Vec<usize>],
    applied: Vec<TieBreak>,
    work: &[Work],
) -> TieNote {
    let ids = |g: &[usize]| {
        g.iter()
            .map(|&i| work[i].bid.id.clone())
            .collect::<Vec<_>>()
    };
    let total = work[group[0]].rounded.unwrap_or_default();
    let mut text = format!("Tie at {total} between {}.", ids(group).join(", "));
    if applied.is_empty() {
        text.push_str(" The published tie-break applies no step before lot.");
    }
    for step in &applied {
        let figures: Vec<String> = group
            .iter()
            .map(|&i| {
                let w = &work[i];
                let figure = match step {
                    TieBreak::HigherQuality => w.quality_total.map_or_else(String::new, show),
                    _ => w.bid.price.to_string(),
                };
                format!("{} {figure}", w.bid.id)
            })
            .collect();
        text.push_str(&format!(" By {step}: {}.", figures.join(", ")));
    }
    let shown: Vec<String> = order.iter().map(|g| ids(g).join(" = ")).collect();
    text.push_str(&format!(" Order: {}.", shown.join(", then ")));
    let unresolved: Vec<&Vec<usize>> = order.iter().filter(|g| g.len() > 1).collect();
    for g in &unresolved {
        text.push_str(&format!(
            " Still tied: {}; decide by lot.",
            ids(g).join(" and ")
        ));
    }
    TieNote {
        total,
        bids: ids(group),
        applied,
        order: order.iter().map(|g| ids(g)).collect(),
        decide_by_lot: !unresolved.is_empty(),
        text,
    }
}

fn formula_text(formula: &PriceFormula) -> String {
    match formula {
        PriceFormula::Proportional => "proportional (Wp × P_min / P)".to_string(),
        PriceFormula::Linear { low, high } => format!(
            "linear (Wp × (P_max − P) / (P_max − P_min)) between {} and {}",
            low.map_or_else(|| "the lowest valid bid".to_string(), |d| d.to_string()),
            high.map_or_else(|| "the highest valid bid".to_string(), |d| d.to_string())
        ),
        PriceFormula::RelativeToLowest => {
            "relative to the lowest (Wp × (1 − (P − P_min) / P_min), at least 0)".to_string()
        }
        PriceFormula::Logarithmic { zero_ratio } => format!(
            "logarithmic (Wp × (1 − ln(P / P_min) / ln A)), 0 points at A = {zero_ratio} × P_min"
        ),
    }
}

fn notes(
    scheme: &Scheme,
    work: &[Work],
    basis: &PriceBasis,
    ties: &[TieNote],
    moderated: &Moderated,
) -> Vec<String> {
    let mut notes = vec![format!(
        "Price formula: {}; price weight {}.",
        formula_text(&scheme.formula),
        scheme.price_weight
    )];
    match (basis.p_min, basis.p_max) {
        (Some(lo), Some(hi)) => {
            notes.push(format!(
                "P_min = {lo} (bid {}), the lowest price among the {} bid(s) still in the tender after pass/fail and the quality threshold.",
                basis.p_min_bids.join(", "),
                basis.count
            ));
            if matches!(scheme.formula, PriceFormula::Linear { .. }) {
                notes.push(format!(
                    "P_max = {hi} (bid {}).",
                    basis.p_max_bids.join(", ")
                ));
            }
        }
        _ => notes.push("No bid remains in the tender: no price points are awarded.".to_string()),
    }
    for w in work {
        match (w.stage, &w.reason) {
            (Stage::Excluded, Some(reason)) => notes.push(format!(
                "Bid {}: {reason}, before price scoring; it does not set P_min.",
                w.bid.id
            )),
            (Stage::Incomplete, Some(reason)) => notes.push(format!(
                "Bid {}: {reason}; its price {} toward P_min.",
                w.bid.id,
                if w.price.is_some() {
                    "counts"
                } else {
                    "does not count (the quality threshold may still exclude it)"
                }
            )),
            _ => {}
        }
    }
    notes.extend(ties.iter().map(|t| t.text.clone()));
    if moderated.method != scheme.moderation {
        notes.push(format!(
            "The scores were moderated by {} but the scheme says {}.",
            moderated.method, scheme.moderation
        ));
    }
    if !moderated.warnings.is_empty() {
        notes.push(format!(
            "Moderation recorded {} warning(s); see the moderation record.",
            moderated.warnings.len()
        ));
    }
    notes
}

fn result(scheme: &Scheme, quality_weight: Decimal, w: Work, ties: &[TieNote]) -> BidResult {
    let mut lines = vec![if w.status == w.bid.status {
        format!("Bid {}, price {}: {}.", w.bid.id, w.bid.price, w.status)
    } else {
        format!(
            "Bid {}, price {}: {} (was {}).",
            w.bid.id, w.bid.price, w.status, w.bid.status
        )
    }];
    lines.extend(w.bid.price_basis.iter().cloned());
    if w.stage != Stage::NotScored {
        let mut parts = w.quality_parts;
        if !w.missing.is_empty() {
            parts.push(format!("no moderated score on {}", w.missing.join(", ")));
        }
        let total = w
            .quality_total
            .map_or_else(|| "incomplete".to_string(), show);
        let detail = if parts.is_empty() {
            String::new()
        } else {
            format!(": {}", parts.join("; "))
        };
        lines.push(format!("Quality {total} of {quality_weight}{detail}."));
    }
    if let Some(reason) = &w.reason {
        let mut chars = reason.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        lines.push(format!("{}{}.", first.unwrap_or_default(), chars.as_str()));
    }
    if let Some(p) = &w.price {
        lines.push(format!(
            "Price {} of {} ({}).",
            show(p.points),
            scheme.price_weight,
            p.text
        ));
    }
    if let (Some(q), Some(p), Some(total), Some(rounded)) =
        (w.quality_total, &w.price, w.total, w.rounded)
    {
        lines.push(format!(
            "Total {} + {} = {}, rounded once half-up to {rounded}.",
            show(q),
            show(p.points),
            show(total)
        ));
    }
    if let Some(rank) = w.rank {
        let tie = ties
            .iter()
            .find(|t| t.bids.contains(&w.bid.id))
            .map(|t| format!(" {}", t.text))
            .unwrap_or_default();
        lines.push(format!("Rank {rank}.{tie}"));
    }
    let (price_points, price_text) = w.price.map(|p| (p.points.to_decimal(), p.text)).unzip();
    BidResult {
        bid: w.bid.id.clone(),
        price: w.bid.price,
        status: w.status,
        reason: w.reason,
        quality: w.quality,
        quality_total: w.quality_total.map(Ratio::to_decimal),
        price_points,
        price_text,
        total_exact: w.total.map(Ratio::to_decimal),
        total: w.rounded,
        rank: w.rank,
        decide_by_lot: w.lot,
        explanation: lines.join("\n"),
        price_basis: w.bid.price_basis.clone(),
    }
}
