//! Scoring tests: docs/domain.md §3 worked examples, moderation, tie-breaks, rounding, statuses,
//! and property tests for the invariants.

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

const CRITERIA: [&str; 3] = ["q1", "q2", "q3"];

/// docs/domain.md §3: Wp 40, quality 60 over 30/20/10 on 0–5.
fn scheme(formula: PriceFormula) -> Scheme {
    Scheme {
        price_weight: dec!(40),
        formula,
        criteria: vec![
            Criterion {
                id: "q1".into(),
                weight: dec!(30),
            },
            Criterion {
                id: "q2".into(),
                weight: dec!(20),
            },
            Criterion {
                id: "q3".into(),
                weight: dec!(10),
            },
        ],
        scale_max: dec!(5),
        threshold: None,
        moderation: Moderation::Mean,
        spread_limit: None,
        tie_break: vec![TieBreak::HigherQuality, TieBreak::LowerPrice],
    }
}

fn bid(id: &str, price: Decimal) -> BidInput {
    BidInput {
        id: id.into(),
        price,
        status: BidStatus::Valid,
        pass_fail_failed: Vec::new(),
        price_basis: Vec::new(),
    }
}

fn with_status(mut b: BidInput, status: BidStatus) -> BidInput {
    b.status = status;
    b
}

/// One sheet per member; `scores[m]` lists (bid, [q1, q2, q3]) for member m.
fn sheets(scores: &[&[(&str, [Decimal; 3])]]) -> Vec<Sheet> {
    scores
        .iter()
        .enumerate()
        .map(|(m, rows)| {
            let mut sheet = Sheet::new(format!("m{m}"));
            for (b, row) in rows.iter() {
                for (c, s) in CRITERIA.iter().zip(row) {
                    sheet.set(*b, *c, *s);
                }
            }
            sheet
        })
        .collect()
}

/// Moderates one panel member's scores (so the moderated score is that score).
fn one_member(scheme: &Scheme, rows: &[(&str, [Decimal; 3])]) -> Moderated {
    let ids: Vec<&str> = rows.iter().map(|(b, _)| *b).collect();
    moderate(scheme, &ids, &sheets(&[rows]), &[])
}

const A: (&str, [Decimal; 3]) = ("A", [dec!(3), dec!(4), dec!(2)]);
const B: (&str, [Decimal; 3]) = ("B", [dec!(4), dec!(4), dec!(5)]);
const C: (&str, [Decimal; 3]) = ("C", [dec!(5), dec!(5), dec!(5)]);

fn abc() -> Vec<BidInput> {
    vec![
        bid("A", dec!(100000)),
        bid("B", dec!(125000)),
        bid("C", dec!(200000)),
    ]
}

fn order(e: &Evaluation) -> Vec<&str> {
    e.results
        .iter()
        .filter(|r| r.rank.is_some())
        .map(|r| r.bid.as_str())
        .collect()
}

fn get<'a>(e: &'a Evaluation, b: &str) -> &'a BidResult {
    e.result(b).unwrap()
}

// ---- docs/domain.md §3 worked example -------------------------------------------------------------

#[test]
fn worked_example_proportional() {
    let s = scheme(PriceFormula::Proportional);
    let e = evaluate(&s, &abc(), &one_member(&s, &[A, B, C]));
    assert_eq!(get(&e, "A").price_points, Some(dec!(40)));
    assert_eq!(get(&e, "B").price_points, Some(dec!(32)));
    assert_eq!(get(&e, "C").price_points, Some(dec!(20)));
    assert_eq!(get(&e, "A").quality_total, Some(dec!(38)));
    assert_eq!(get(&e, "B").quality_total, Some(dec!(50)));
    assert_eq!(get(&e, "C").quality_total, Some(dec!(60)));
    assert_eq!(get(&e, "A").total, Some(dec!(78.00)));
    assert_eq!(get(&e, "B").total, Some(dec!(82.00)));
    assert_eq!(get(&e, "C").total, Some(dec!(80.00)));
    assert_eq!(get(&e, "B").total.unwrap().to_string(), "82.00");
    assert_eq!(order(&e), ["B", "C", "A"]);
    assert_eq!(
        [get(&e, "B").rank, get(&e, "C").rank, get(&e, "A").rank],
        [Some(1), Some(2), Some(3)]
    );
    assert_eq!(e.p_min, Some(dec!(100000)));
    assert_eq!(e.p_min_bids, ["A"]);
    assert!(e.ties.is_empty());
    assert!(!e.provisional);
    assert!(e.problems.is_empty());
    let a = get(&e, "A");
    assert_eq!(
        a.quality.iter().map(|q| q.points).collect::<Vec<_>>(),
        [dec!(18), dec!(16), dec!(4)]
    );
    assert_eq!(a.status, BidStatus::Valid);
}

#[test]
fn worked_example_linear() {
    let s = scheme(PriceFormula::Linear {
        low: None,
        high: None,
    });
    let e = evaluate(&s, &abc(), &one_member(&s, &[A, B, C]));
    assert_eq!(get(&e, "A").price_points, Some(dec!(40)));
    assert_eq!(get(&e, "B").price_points, Some(dec!(30)));
    assert_eq!(get(&e, "C").price_points, Some(dec!(0)));
    assert_eq!(get(&e, "A").total, Some(dec!(78.00)));
    assert_eq!(get(&e, "B").total, Some(dec!(80.00)));
    assert_eq!(get(&e, "C").total, Some(dec!(60.00)));
    assert_eq!(order(&e), ["B", "A", "C"]);
    assert_eq!(e.p_max, Some(dec!(200000)));
    assert!(e.notes.iter().any(|n| n == "P_max = 200000 (bid C)."));
}

#[test]
fn worked_example_threshold_excludes_before_price_scoring() {
    // D: 80,000 with quality 27 (q1 mean of 2 and 3 = 2.5 → 15; q2 2 → 8; q3 2 → 4).
    let mut s = scheme(PriceFormula::Proportional);
    s.threshold = Some(dec!(30));
    let mut bids = abc();
    bids.push(bid("D", dec!(80000)));
    let panel = sheets(&[
        &[A, B, C, ("D", [dec!(2), dec!(2), dec!(2)])],
        &[A, B, C, ("D", [dec!(3), dec!(2), dec!(2)])],
    ]);
    let e = evaluate(&s, &bids, &moderate(&s, &["A", "B", "C", "D"], &panel, &[]));
    let d = get(&e, "D");
    assert_eq!(d.quality_total, Some(dec!(27)));
    assert_eq!(d.status, BidStatus::Disqualified);
    assert_eq!(
        d.reason.as_deref(),
        Some("excluded: quality 27 is below the minimum of 30 points")
    );
    assert_eq!((d.price_points, d.total, d.rank), (None, None, None));
    assert_eq!(get(&e, "A").price_points, Some(dec!(40)));
    assert_eq!(e.p_min, Some(dec!(100000)));
    assert_eq!(order(&e), ["B", "C", "A"]);
    assert!(
        e.notes
            .iter()
            .any(|n| n.starts_with("Bid D: excluded: quality 27"))
    );

    // Without the threshold D would set P_min and cut A's price points to 32.
    s.threshold = None;
    let e = evaluate(&s, &bids, &moderate(&s, &["A", "B", "C", "D"], &panel, &[]));
    assert_eq!(get(&e, "A").price_points, Some(dec!(32)));
    assert_eq!(e.p_min_bids, ["D"]);
}

#[test]
fn threshold_is_inclusive() {
    let mut s = scheme(PriceFormula::Proportional);
    s.threshold = Some(dec!(38));
    let e = evaluate(&s, &abc(), &one_member(&s, &[A, B, C]));
    assert_eq!(get(&e, "A").rank, Some(3));
    assert_eq!(get(&e, "A").status, BidStatus::Valid);
}

#[test]
fn logarithmic_worked_figures() {
    // A = 2 (twice the lowest price scores 0). B: 40 × (1 − ln 1.25 / ln 2) = 27.1228762045…
    // Totals: A 38 + 40 = 78.00; B 50 + 27.1228… = 77.12; C 60 + 0 = 60.00 → A, B, C.
    let s = scheme(PriceFormula::Logarithmic {
        zero_ratio: dec!(2),
    });
    let e = evaluate(&s, &abc(), &one_member(&s, &[A, B, C]));
    assert_eq!(get(&e, "A").price_points, Some(dec!(40)));
    let b = get(&e, "B");
    assert_eq!(
        b.price_points,
        Some(dec!(27.12287620450550608519)) // 20 decimals of 27.122876204505506085187…
    );
    assert_eq!(b.total_exact, Some(dec!(77.12287620450550608519)));
    assert_eq!(b.total, Some(dec!(77.12)));
    assert_eq!(get(&e, "C").price_points, Some(dec!(0)));
    assert_eq!(order(&e), ["A", "B", "C"]);
    assert_eq!(
        b.price_text.as_deref(),
        Some("logarithmic: 40 × (1 − ln(125000 / 100000) / ln 2) = ≈27.122876")
    );
}

#[test]
fn explanation_shows_every_figure() {
    let s = scheme(PriceFormula::Proportional);
    let e = evaluate(&s, &abc(), &one_member(&s, &[A, B, C]));
    assert_eq!(
        get(&e, "B").explanation,
        "Bid B, price 125000: valid.\n\
         Quality 50 of 60: q1 30 × 4 / 5 = 24; q2 20 × 4 / 5 = 16; q3 10 × 5 / 5 = 10.\n\
         Price 32 of 40 (proportional: 40 × 100000 / 125000 = 32).\n\
         Total 50 + 32 = 82, rounded once half-up to 82.00.\n\
         Rank 1."
    );
    assert_eq!(
        e.notes[..2],
        [
            "Price formula: proportional (Wp × P_min / P); price weight 40.",
            "P_min = 100000 (bid A), the lowest price among the 3 bid(s) still in the tender after pass/fail and the quality threshold."
        ]
    );
}

// ---- exactness and rounding ------------------------------------------------------------------

#[test]
fn rounding_is_half_up_at_xx5() {
    // Linear between 100000 and 200000: 124987.50 → 40 × 75012.5 / 100000 = 30.005.
    let s = scheme(PriceFormula::Linear {
        low: None,
        high: None,
    });
    let bids = vec![
        bid("A", dec!(100000)),
        bid("B", dec!(124987.50)),
        bid("C", dec!(200000)),
    ];
    let e = evaluate(&s, &bids, &one_member(&s, &[A, B, C]));
    let b = get(&e, "B");
    assert_eq!(b.price_points, Some(dec!(30.005)));
    assert_eq!(b.total_exact, Some(dec!(80.005)));
    assert_eq!(b.total, Some(dec!(80.01))); // banker's rounding would give 80.00

    // Proportional: 40 × 100 / 256 = 15.625; with quality 50 → 65.625 → 65.63 (not 65.62).
    let s = scheme(PriceFormula::Proportional);
    let bids = vec![bid("A", dec!(100)), bid("B", dec!(256))];
    let e = evaluate(&s, &bids, &one_member(&s, &[A, B]));
    assert_eq!(get(&e, "B").total_exact, Some(dec!(65.625)));
    assert_eq!(get(&e, "B").total, Some(dec!(65.63)));
}

#[test]
fn means_of_thirds_are_exact_against_the_threshold() {
    // q1 scored 4, 4, 5: mean 13/3, points 30 × 13/3 / 5 = 26 exactly (Decimal gives 25.99…98).
    let mut s = scheme(PriceFormula::Proportional);
    s.criteria.truncate(1);
    s.price_weight = dec!(70);
    s.threshold = Some(dec!(26));
    let panel: Vec<Sheet> = [4, 4, 5]
        .iter()
        .enumerate()
        .map(|(m, &v)| Sheet::new(format!("m{m}")).with("A", "q1", Decimal::from(v)))
        .collect();
    let moderated = moderate(&s, &["A"], &panel, &[]);
    let cell = moderated.get("A", "q1").unwrap();
    assert_eq!(cell.mean, Some(dec!(4.3333333333333333333333333333)));
    assert_eq!((cell.sum, cell.count), (dec!(13), 3));
    let e = evaluate(&s, &[bid("A", dec!(100))], &moderated);
    let a = get(&e, "A");
    assert_eq!(a.quality_total, Some(dec!(26)));
    assert_eq!(a.status, BidStatus::Valid);
    assert_eq!(a.total, Some(dec!(96.00)));
    assert!(a.explanation.contains("q1 30 × ≈4.333333 / 5 = 26"));
}

// ---- moderation ------------------------------------------------------------------------------

fn panel_445() -> Vec<Sheet> {
    [dec!(4), dec!(4), dec!(5)]
        .iter()
        .enumerate()
        .map(|(m, &v)| Sheet::new(format!("m{m}")).with("A", "q1", v))
        .collect()
}

fn q1_only(moderation: Moderation) -> Scheme {
    let mut s = scheme(PriceFormula::Proportional);
    s.criteria.truncate(1);
    s.price_weight = dec!(70);
    s.moderation = moderation;
    s
}

#[test]
fn moderation_by_mean_keeps_every_sheet_and_flags_spread() {
    let mut s = q1_only(Moderation::Mean);
    s.spread_limit = Some(dec!(0.5));
    let m = moderate(&s, &["A"], &panel_445(), &[]);
    let cell = m.get("A", "q1").unwrap();
    assert_eq!(
        cell.individual
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("m0", dec!(4)), ("m1", dec!(4)), ("m2", dec!(5))]
    );
    assert_eq!(cell.spread, Some(dec!(1)));
    assert!(cell.flagged);
    assert_eq!(cell.source, Some(ScoreSource::Mean));
    assert_eq!(cell.score, cell.mean);
    assert!(m.warnings.is_empty());
    assert_eq!(m.flagged().count(), 1);

    // The limit is a maximum: a spread equal to it is not flagged.
    s.spread_limit = Some(dec!(1));
    assert!(
        !moderate(&s, &["A"], &panel_445(), &[])
            .get("A", "q1")
            .unwrap()
            .flagged
    );
}

#[test]
fn consensus_with_reason_replaces_the_mean() {
    let s = q1_only(Moderation::Consensus);
    let agreed = [Consensus {
        bid: "A".into(),
        criterion: "q1".into(),
        score: dec!(4),
        reason: Some("m2 misread the method statement".into()),
    }];
    let m = moderate(&s, &["A"], &panel_445(), &agreed);
    let cell = m.get("A", "q1").unwrap();
    assert_eq!(cell.score, Some(dec!(4)));
    assert_eq!(cell.source, Some(ScoreSource::Consensus));
    assert_eq!(
        cell.reason.as_deref(),
        Some("m2 misread the method statement")
    );
    assert_eq!(cell.individual.len(), 3);
    assert!(m.warnings.is_empty());
    let e = evaluate(&s, &[bid("A", dec!(100))], &m);
    assert_eq!(get(&e, "A").quality_total, Some(dec!(24)));
}

#[test]
fn consensus_without_reason_is_warned_when_it_differs_from_the_mean() {
    let s = q1_only(Moderation::Consensus);
    let agreed = |score, reason: Option<&str>| {
        [Consensus {
            bid: "A".into(),
            criterion: "q1".into(),
            score,
            reason: reason.map(str::to_string),
        }]
    };
    let m = moderate(&s, &["A"], &panel_445(), &agreed(dec!(4), None));
    assert_eq!(
        m.warnings,
        [ModerationWarning::ConsensusWithoutReason {
            bid: "A".into(),
            criterion: "q1".into(),
            consensus: dec!(4),
            mean: dec!(4.3333333333333333333333333333),
        }]
    );
    assert_eq!(
        m.warnings[0].to_string(),
        "the consensus score 4 for bid A on criterion q1 differs from the mean ≈4.333333 but no reason is recorded"
    );
    // A blank reason is no reason.
    let m = moderate(&s, &["A"], &panel_445(), &agreed(dec!(4), Some("  ")));
    assert_eq!(m.warnings.len(), 1);
    assert_eq!(m.get("A", "q1").unwrap().reason, None);
    // Equal to the mean: no reason needed.
    let same: Vec<Sheet> = (0..3)
        .map(|i| Sheet::new(format!("m{i}")).with("A", "q1", dec!(4)))
        .collect();
    assert!(
        moderate(&s, &["A"], &same, &agreed(dec!(4), None))
            .warnings
            .is_empty()
    );
}

#[test]
fn missing_or_out_of_scale_consensus_falls_back_to_the_mean_with_a_warning() {
    let s = q1_only(Moderation::Consensus);
    let m = moderate(&s, &["A"], &panel_445(), &[]);
    assert_eq!(
        m.warnings,
        [ModerationWarning::ConsensusMissing {
            bid: "A".into(),
            criterion: "q1".into(),
            mean: Some(dec!(4.3333333333333333333333333333)),
        }]
    );
    assert_eq!(m.get("A", "q1").unwrap().source, Some(ScoreSource::Mean));

    let bad = [Consensus {
        bid: "A".into(),
        criterion: "q1".into(),
        score: dec!(6),
        reason: Some("typo".into()),
    }];
    let m = moderate(&s, &["A"], &panel_445(), &bad);
    assert!(matches!(
        m.warnings[0],
        ModerationWarning::ConsensusOutOfScale { .. }
    ));
    assert!(matches!(
        m.warnings[1],
        ModerationWarning::ConsensusMissing { .. }
    ));
    assert_eq!(m.get("A", "q1").unwrap().source, Some(ScoreSource::Mean));
}

#[test]
fn sheet_problems_are_warned_and_bad_scores_left_out() {
    let s = q1_only(Moderation::Mean);
    let panel = vec![
        Sheet::new("m0")
            .with("A", "q1", dec!(4))
            .with("B", "q1", dec!(2)),
        Sheet::new("m1")
            .with("A", "q1", dec!(7))
            .with("Z", "q1", dec!(3)),
        Sheet::new("m2").with("A", "q1", dec!(-1)),
        Sheet::new("m0").with("B", "q1", dec!(3)),
    ];
    let m = moderate(&s, &["A", "B"], &panel, &[]);
    let a = m.get("A", "q1").unwrap();
    assert_eq!(a.individual.len(), 3); // every score kept on record
    assert_eq!((a.count, a.mean), (1, Some(dec!(4)))); // only the in-scale one used
    let b = m.get("B", "q1").unwrap();
    assert_eq!(b.individual.get("m0"), Some(&dec!(3))); // the later sheet replaces
    let kinds: Vec<String> = m.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        kinds,
        [
            "m1 scored bid Z on criterion q1, which is not a bid and criterion of this evaluation; the score is ignored",
            "m0 handed in more than one sheet; where both score the same bid and criterion, the later score is used",
            "m1 scored bid A on criterion q1 with 7, outside the scale 0–5; the score is not used",
            "m2 scored bid A on criterion q1 with -1, outside the scale 0–5; the score is not used",
            "m1 has no score for bid B on criterion q1",
            "m2 has no score for bid B on criterion q1",
        ]
    );
}

#[test]
fn consensus_under_mean_moderation_is_ignored_with_a_warning() {
    let s = q1_only(Moderation::Mean);
    let agreed = [Consensus {
        bid: "A".into(),
        criterion: "q1".into(),
        score: dec!(1),
        reason: None,
    }];
    let m = moderate(&s, &["A"], &panel_445(), &agreed);
    assert_eq!(m.get("A", "q1").unwrap().source, Some(ScoreSource::Mean));
    assert!(matches!(
        m.warnings[..],
        [ModerationWarning::ConsensusIgnored { .. }]
    ));
}

// ---- statuses, exclusions, incomplete scores ------------------------------------------------

#[test]
fn withdrawn_disqualified_and_invited_bids_are_not_scored() {
    let s = scheme(PriceFormula::Proportional);
    let mut bids = abc();
    bids.push(with_status(bid("W", dec!(50000)), BidStatus::Withdrawn));
    bids.push(with_status(bid("X", dec!(60000)), BidStatus::Disqualified));
    bids.push(with_status(bid("I", dec!(1)), BidStatus::Invited));
    let e = evaluate(&s, &bids, &one_member(&s, &[A, B, C]));
    assert_eq!(get(&e, "A").price_points, Some(dec!(40)));
    assert!(!e.provisional);
    for (id, status) in [
        ("W", BidStatus::Withdrawn),
        ("X", BidStatus::Disqualified),
        ("I", BidStatus::Invited),
    ] {
        let r = get(&e, id);
        assert_eq!(r.status, status);
        assert_eq!((r.price_points, r.total, r.rank), (None, None, None));
        assert!(r.quality.is_empty());
    }
    // Unranked bids follow the ranking, by id.
    let ids: Vec<&str> = e.results.iter().map(|r| r.bid.as_str()).collect();
    assert_eq!(ids, ["B", "C", "A", "I", "W", "X"]);
}

#[test]
fn a_pending_bid_is_not_scored_ranked_nor_sets_p_min() {
    // Issue #7 item 5: the lowest price and full scores, but pending: it must not rank first,
    // nor set P_min (A keeps 40 price points), and the evaluation says it is provisional.
    let s = scheme(PriceFormula::Proportional);
    let mut bids = abc();
    bids.push(with_status(bid("P", dec!(50000)), BidStatus::Pending));
    let e = evaluate(
        &s,
        &bids,
        &one_member(&s, &[A, B, C, ("P", [dec!(5), dec!(5), dec!(5)])]),
    );
    let p = get(&e, "P");
    assert_eq!(p.status, BidStatus::Pending);
    assert_eq!((p.price_points, p.total, p.rank), (None, None, None));
    assert!(p.quality.is_empty());
    assert_eq!(
        p.reason.as_deref(),
        Some("pending: not scored until found valid; the evaluation is provisional")
    );
    assert_eq!(e.p_min, Some(dec!(100000)));
    assert_eq!(get(&e, "A").price_points, Some(dec!(40)));
    assert_eq!(order(&e), ["B", "C", "A"]);
    assert!(e.provisional);
    assert_eq!(
        e.provisional_reasons,
        ["bid(s) P pending: not scored until found valid, and the ranking may change then"]
    );
    // Once found valid, it is scored like any other and the evaluation is final.
    let last = bids.len() - 1;
    bids[last].status = BidStatus::Valid;
    let e = evaluate(
        &s,
        &bids,
        &one_member(&s, &[A, B, C, ("P", [dec!(5), dec!(5), dec!(5)])]),
    );
    assert_eq!(order(&e), ["P", "C", "B", "A"]); // P sets P_min now: B 16 + 50, C 10 + 60
    assert!(!e.provisional && e.provisional_reasons.is_empty());
}

#[test]
fn failing_pass_fail_excludes_before_price_scoring() {
    let s = scheme(PriceFormula::Proportional);
    let mut bids = abc();
    bids[0].pass_fail_failed = vec!["insurance".into(), "iso9001".into()];
    let e = evaluate(&s, &bids, &one_member(&s, &[A, B, C]));
    let a = get(&e, "A");
    assert_eq!(a.status, BidStatus::Disqualified);
    assert_eq!(
        a.reason.as_deref(),
        Some("excluded: failed the pass/fail criteria insurance, iso9001")
    );
    assert_eq!(a.rank, None);
    assert_eq!(e.p_min, Some(dec!(125000)));
    assert_eq!(get(&e, "B").price_points, Some(dec!(40)));
}

#[test]
fn a_bid_without_scores_is_not_ranked_and_marks_the_evaluation_provisional() {
    let s = scheme(PriceFormula::Proportional);
    let mut bids = abc();
    bids.push(bid("E", dec!(50000)));
    // E is moderated but nobody scored it.
    let m = moderate(&s, &["A", "B", "C", "E"], &sheets(&[&[A, B, C]]), &[]);
    assert!(m.warnings.contains(&ModerationWarning::NoScore {
        bid: "E".into(),
        criterion: "q1".into()
    }));
    let e = evaluate(&s, &bids, &m);
    let r = get(&e, "E");
    assert_eq!((r.rank, r.total, r.quality_total), (None, None, None));
    assert_eq!(r.status, BidStatus::Valid);
    assert_eq!(
        r.reason.as_deref(),
        Some("not ranked yet: no moderated score on q1, q2, q3")
    );
    assert!(e.provisional);
    // No threshold can exclude E, so its valid price still sets P_min.
    assert_eq!(e.p_min_bids, ["E"]);
    assert_eq!(get(&e, "A").price_points, Some(dec!(20)));

    // With a threshold E might still be excluded: its price does not count.
    let mut s = s;
    s.threshold = Some(dec!(10));
    let e = evaluate(&s, &bids, &m);
    assert_eq!(e.p_min_bids, ["A"]);
    assert_eq!(get(&e, "E").price_points, None);
}

#[test]
fn price_only_tender() {
    let s = Scheme {
        price_weight: dec!(100),
        formula: PriceFormula::Proportional,
        criteria: Vec::new(),
        scale_max: dec!(5),
        threshold: None,
        moderation: Moderation::Mean,
        spread_limit: None,
        tie_break: vec![],
    };
    let bids = vec![bid("A", dec!(300)), bid("B", dec!(400))];
    let e = evaluate(&s, &bids, &moderate(&s, &["A", "B"], &[], &[]));
    assert_eq!(get(&e, "A").total, Some(dec!(100.00)));
    assert_eq!(get(&e, "B").total, Some(dec!(75.00)));
}

// ---- problems --------------------------------------------------------------------------------

#[test]
fn scheme_problems_are_all_reported_and_nothing_is_ranked() {
    let mut s = scheme(PriceFormula::Logarithmic {
        zero_ratio: dec!(1),
    });
    s.price_weight = dec!(30);
    s.criteria[2].id = "q1".into();
    s.scale_max = dec!(0);
    s.threshold = Some(dec!(61));
    s.spread_limit = Some(dec!(-1));
    let problems = s.validate().unwrap_err();
    assert_eq!(
        problems,
        [
            ScoringError::DuplicateCriterion { id: "q1".into() },
            ScoringError::WeightsNot100 { total: dec!(90) },
            ScoringError::BadScale { scale_max: dec!(0) },
            ScoringError::BadThreshold {
                threshold: dec!(61),
                quality_weight: dec!(60)
            },
            ScoringError::BadSpreadLimit { limit: dec!(-1) },
            ScoringError::BadZeroRatio { ratio: dec!(1) },
        ]
    );
    assert_eq!(
        problems[1].to_string(),
        "the price weight and the quality weights add up to 90, not 100"
    );
    let e = evaluate(&s, &abc(), &one_member(&s, &[A, B, C]));
    assert!(
        e.results
            .iter()
            .all(|r| r.rank.is_none() && r.total.is_none())
    );
    assert!(e.provisional);
    assert_eq!(e.problems, problems);
}

#[test]
fn linear_bounds_are_checked() {
    let mut s = scheme(PriceFormula::Linear {
        low: Some(dec!(200)),
        high: Some(dec!(100)),
    });
    assert!(matches!(
        s.validate().unwrap_err()[..],
        [ScoringError::BadLinearBounds { .. }]
    ));
    s.formula = PriceFormula::Linear {
        low: Some(dec!(0)),
        high: None,
    };
    assert!(s.validate().is_err());
    s.formula = PriceFormula::Linear {
        low: Some(dec!(100)),
        high: None,
    };
    assert_eq!(s.validate(), Ok(()));
}

#[test]
fn bad_prices_and_duplicate_bids_are_reported() {
    let s = scheme(PriceFormula::Proportional);
    let bids = vec![
        bid("A", dec!(100000)),
        bid("A", dec!(1)),
        bid("B", dec!(0)),
        bid("C", dec!(200000)),
    ];
    let e = evaluate(&s, &bids, &one_member(&s, &[A, B, C]));
    assert_eq!(
        e.problems,
        [
            ScoringError::DuplicateBid { bid: "A".into() },
            ScoringError::NonPositivePrice {
                bid: "B".into(),
                price: dec!(0)
            },
        ]
    );
    assert_eq!(e.results.len(), 3);
    assert_eq!(get(&e, "A").price_points, Some(dec!(40))); // the first A counts
    assert_eq!(get(&e, "B").rank, None);
    assert!(e.provisional);
}

// ---- ties ------------------------------------------------------------------------------------

/// A (100000, quality 38) totals 78. X at 133333.33 with quality 48 (4, 5, 2) totals
/// 48 + 40 × 100000 / 133333.33 = 78.0000007…: the same rounded total, 78.00.
fn tie_on_rounding(tie_break: Vec<TieBreak>) -> Evaluation {
    let mut s = scheme(PriceFormula::Proportional);
    s.tie_break = tie_break;
    let bids = vec![
        bid("A", dec!(100000)),
        bid("X", dec!(133333.33)),
        bid("C", dec!(200000)),
    ];
    let x = ("X", [dec!(4), dec!(5), dec!(2)]);
    evaluate(&s, &bids, &one_member(&s, &[A, x, C]))
}

#[test]
fn tie_broken_by_higher_quality() {
    let e = tie_on_rounding(vec![TieBreak::HigherQuality, TieBreak::LowerPrice]);
    assert_eq!(get(&e, "A").total, get(&e, "X").total);
    assert!(get(&e, "X").total_exact > get(&e, "A").total_exact);
    assert_eq!(order(&e), ["C", "X", "A"]);
    assert_eq!([get(&e, "X").rank, get(&e, "A").rank], [Some(2), Some(3)]);
    assert!(!get(&e, "A").decide_by_lot);
    let tie = &e.ties[0];
    assert_eq!(tie.applied, [TieBreak::HigherQuality]);
    assert_eq!(tie.order, [vec!["X".to_string()], vec!["A".to_string()]]);
    assert!(!tie.decide_by_lot);
    assert_eq!(
        tie.text,
        "Tie at 78.00 between A, X. By higher quality points: A 38, X 48. Order: X, then A."
    );
    assert!(e.notes.contains(&tie.text));
}

#[test]
fn tie_broken_by_lower_price_when_quality_is_equal() {
    // Same quality 50; prices 124996 and 124997 give 32.0010… and 32.0007…: both 82.00.
    let s = scheme(PriceFormula::Proportional);
    let bids = vec![
        bid("A", dec!(100000)),
        bid("P", dec!(124997)),
        bid("Q", dec!(124996)),
    ];
    let m = one_member(&s, &[A, ("P", B.1), ("Q", B.1)]);
    let e = evaluate(&s, &bids, &m);
    assert_eq!(get(&e, "P").total, Some(dec!(82.00)));
    assert_eq!(get(&e, "Q").total, Some(dec!(82.00)));
    assert_eq!(order(&e), ["Q", "P", "A"]);
    assert_eq!(
        e.ties[0].applied,
        [TieBreak::HigherQuality, TieBreak::LowerPrice]
    );
    assert!(!e.ties[0].decide_by_lot);
}

#[test]
fn lot_leaves_the_tie_unresolved_with_equal_rank() {
    let e = tie_on_rounding(vec![TieBreak::Lot, TieBreak::HigherQuality]);
    let (a, x) = (get(&e, "A"), get(&e, "X"));
    assert_eq!((a.rank, x.rank), (Some(2), Some(2)));
    assert!(a.decide_by_lot && x.decide_by_lot);
    assert!(!get(&e, "C").decide_by_lot);
    let tie = &e.ties[0];
    assert!(tie.applied.is_empty());
    assert!(tie.decide_by_lot);
    assert_eq!(
        tie.text,
        "Tie at 78.00 between A, X. The published tie-break applies no step before lot. \
         Order: A = X. Still tied: A and X; decide by lot."
    );
    assert!(
        a.explanation
            .ends_with("Still tied: A and X; decide by lot.")
    );
}

#[test]
fn an_exhausted_tie_break_list_leaves_the_tie_to_lot() {
    // Identical bids: higher quality and lower price cannot separate them.
    let s = scheme(PriceFormula::Proportional);
    let bids = vec![
        bid("A", dec!(100000)),
        bid("B", dec!(100000)),
        bid("C", dec!(200000)),
        bid("D", dec!(250000)),
    ];
    let m = one_member(&s, &[A, ("B", A.1), C, ("D", A.1)]);
    let e = evaluate(&s, &bids, &m);
    // C 80, A 78, B 78, D 38 + 16 = 54: competition ranking 1, 2, 2, 4.
    assert_eq!(get(&e, "C").rank, Some(1));
    assert_eq!([get(&e, "A").rank, get(&e, "B").rank], [Some(2), Some(2)]);
    assert_eq!(get(&e, "D").rank, Some(4));
    assert!(get(&e, "A").decide_by_lot);
    assert_eq!(
        e.ties[0].applied,
        [TieBreak::HigherQuality, TieBreak::LowerPrice]
    );
    assert_eq!(e.ties[0].order, [vec!["A".to_string(), "B".to_string()]]);
    // An empty list behaves the same.
    let e = tie_on_rounding(Vec::new());
    assert_eq!(get(&e, "A").rank, get(&e, "X").rank);
}

// ---- serde -----------------------------------------------------------------------------------

#[test]
fn serde_names() {
    assert_eq!(
        serde_json::to_string(&[TieBreak::HigherQuality, TieBreak::LowerPrice, TieBreak::Lot])
            .unwrap(),
        r#"["higher_quality","lower_price","lot"]"#
    );
    assert_eq!(
        serde_json::to_string(&[BidStatus::Invited, BidStatus::Pending, BidStatus::Withdrawn])
            .unwrap(),
        r#"["invited","pending","withdrawn"]"#
    );
    let s: Scheme = toml::from_str(
        r#"
        price_weight = "40"
        scale_max = "5"
        moderation = "consensus"
        threshold = "30"
        tie_break = ["higher_quality", "lot"]
        formula = { kind = "logarithmic", zero_ratio = "2" }
        criteria = [{ id = "q1", weight = "60" }]
        "#,
    )
    .unwrap();
    assert_eq!(
        s.formula,
        PriceFormula::Logarithmic {
            zero_ratio: dec!(2)
        }
    );
    assert_eq!(s.tie_break, [TieBreak::HigherQuality, TieBreak::Lot]);
    assert_eq!(s.validate(), Ok(()));
    let e = evaluate(&s, &[bid("A", dec!(1))], &moderate(&s, &["A"], &[], &[]));
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["results"][0]["status"], "valid");
}

// ---- properties ------------------------------------------------------------------------------

const MAX_MEMBERS: usize = 3;
const MAX_BIDS: usize = 7;
const MAX_CRITERIA: usize = 4;

#[derive(Clone, Debug)]
struct Scenario {
    scheme: Scheme,
    bids: Vec<BidInput>,
    sheets: Vec<Sheet>,
}

impl Scenario {
    fn ids(&self) -> Vec<&str> {
        self.bids.iter().map(|b| b.id.as_str()).collect()
    }
    fn run(&self) -> Evaluation {
        let m = moderate(&self.scheme, &self.ids(), &self.sheets, &[]);
        evaluate(&self.scheme, &self.bids, &m)
    }
}

fn formula() -> impl Strategy<Value = PriceFormula> {
    prop_oneof![
        Just(PriceFormula::Proportional),
        (
            proptest::option::of(1u32..300),
            proptest::option::of(1u32..300)
        )
            .prop_map(|(low, high)| {
                let low = low.map(|l| Decimal::from(l) * dec!(1000));
                // An upper bound, when both are set, lies above the lower one.
                let high = high.map(|h| Decimal::from(h) * dec!(1000) + low.unwrap_or_default());
                PriceFormula::Linear { low, high }
            }),
        Just(PriceFormula::RelativeToLowest),
        (11u32..60).prop_map(|a| PriceFormula::Logarithmic {
            zero_ratio: Decimal::new(i64::from(a), 1)
        }),
    ]
}

fn status() -> impl Strategy<Value = BidStatus> {
    prop_oneof![
        6 => Just(BidStatus::Valid),
        3 => Just(BidStatus::Pending),
        1 => Just(BidStatus::Withdrawn),
        1 => Just(BidStatus::Disqualified),
        1 => Just(BidStatus::Invited),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        0u32..=100,
        proptest::collection::vec(1u32..=10, 1..=MAX_CRITERIA),
        prop_oneof![Just(dec!(5)), Just(dec!(10))],
        proptest::option::of(0u32..=100),
        formula(),
        proptest::sample::subsequence(
            vec![TieBreak::HigherQuality, TieBreak::LowerPrice, TieBreak::Lot],
            0..=3,
        ),
        proptest::collection::vec(
            (1u32..=40_000, status(), proptest::bool::weighted(0.1)),
            2..=MAX_BIDS,
        ),
        1..=MAX_MEMBERS,
        proptest::collection::vec(0u32..=10, MAX_MEMBERS * MAX_BIDS * MAX_CRITERIA),
    )
        .prop_map(
            |(wp, raw, scale_max, threshold, formula, tie_break, bids, members, scores)| {
                // Split the quality weight 100 − wp in proportion to `raw`, in whole points.
                let quality = 100 - wp;
                let total_raw: u32 = raw.iter().sum();
                let mut weights: Vec<u32> = raw.iter().map(|r| quality * r / total_raw).collect();
                let rest = quality - weights.iter().sum::<u32>();
                *weights.last_mut().unwrap() += rest;
                let criteria: Vec<Criterion> = weights
                    .iter()
                    .enumerate()
                    .map(|(k, &w)| Criterion {
                        id: format!("c{k}"),
                        weight: Decimal::from(w),
                    })
                    .collect();
                let scheme = Scheme {
                    price_weight: Decimal::from(wp),
                    formula,
                    scale_max,
                    threshold: threshold.map(|t| Decimal::from(t.min(quality))),
                    moderation: Moderation::Mean,
                    spread_limit: None,
                    tie_break,
                    criteria,
                };
                let bids: Vec<BidInput> = bids
                    .iter()
                    .enumerate()
                    .map(|(i, &(cents, status, failed))| BidInput {
                        id: format!("b{i}"),
                        // 100.00 to 40,000.00 in steps of 10: many near-ties.
                        price: Decimal::new(i64::from(cents) * 100, 2) / dec!(10) + dec!(100),
                        status,
                        pass_fail_failed: if failed { vec!["pf".into()] } else { vec![] },
                        price_basis: Vec::new(),
                    })
                    .collect();
                let top = u32::try_from(scale_max.mantissa()).unwrap();
                let sheets = (0..members)
                    .map(|m| {
                        let mut sheet = Sheet::new(format!("m{m}"));
                        for (i, b) in bids.iter().enumerate() {
                            for (k, c) in scheme.criteria.iter().enumerate() {
                                let raw = scores[(m * MAX_BIDS + i) * MAX_CRITERIA + k];
                                sheet.set(b.id.clone(), c.id.clone(), Decimal::from(raw.min(top)));
                            }
                        }
                        sheet
                    })
                    .collect();
                Scenario {
                    scheme,
                    bids,
                    sheets,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_schemes_are_valid(s in scenario()) {
        prop_assert_eq!(s.scheme.validate(), Ok(()));
    }

    #[test]
    fn reordering_the_bids_changes_nothing(
        (s, shuffled) in scenario().prop_flat_map(|s| {
            let bids = s.bids.clone();
            (Just(s), Just(bids).prop_shuffle())
        })
    ) {
        let before = s.run();
        let mut t = s.clone();
        t.bids = shuffled;
        t.sheets.reverse();
        let after = t.run();
        prop_assert_eq!(before, after);
        prop_assert_eq!(
            moderate(&s.scheme, &s.ids(), &s.sheets, &[]),
            moderate(&t.scheme, &t.ids(), &t.sheets, &[])
        );
    }

    #[test]
    fn raising_a_quality_score_never_lowers_the_total(
        s in scenario(),
        member in 0..MAX_MEMBERS,
        bid in 0..MAX_BIDS,
        criterion in 0..MAX_CRITERIA,
        raise in 1u32..=10,
    ) {
        let member = member % s.sheets.len();
        let bid_id = s.bids[bid % s.bids.len()].id.clone();
        let crit_id = s.scheme.criteria[criterion % s.scheme.criteria.len()].id.clone();
        let old = s.sheets[member].get(&bid_id, &crit_id).unwrap();
        let new = (old + Decimal::from(raise)).min(s.scheme.scale_max);
        let mut t = s.clone();
        t.sheets[member].set(bid_id.clone(), crit_id, new);
        let (before, after) = (s.run(), t.run());
        let (b, a) = (before.result(&bid_id).unwrap(), after.result(&bid_id).unwrap());
        if let Some(old_total) = b.total_exact {
            prop_assert!(a.total_exact >= Some(old_total));
            prop_assert!(a.total >= b.total);
            prop_assert!(a.quality_total >= b.quality_total);
        }
    }

    #[test]
    fn withdrawn_disqualified_or_pending_bids_never_move_other_bids(
        s in scenario(),
        price in -1_000i64..50_000_000,
        status in prop_oneof![
            Just(BidStatus::Withdrawn),
            Just(BidStatus::Disqualified),
            Just(BidStatus::Pending),
        ],
    ) {
        let before = s.run();
        let mut t = s.clone();
        t.bids.push(BidInput {
            id: "intruder".into(),
            price: Decimal::new(price, 2),
            status,
            pass_fail_failed: vec![],
            price_basis: Vec::new(),
        });
        for sheet in &mut t.sheets {
            for c in &s.scheme.criteria {
                sheet.set("intruder", c.id.clone(), s.scheme.scale_max);
            }
        }
        let after = t.run();
        prop_assert_eq!(before.p_min, after.p_min);
        for r in &before.results {
            let a = after.result(&r.bid).unwrap();
            prop_assert_eq!(&r.price_points, &a.price_points);
            prop_assert_eq!(&r.total, &a.total);
            prop_assert_eq!(&r.rank, &a.rank);
        }
        prop_assert_eq!(after.result("intruder").unwrap().rank, None);
        prop_assert_eq!(after.result("intruder").unwrap().total, None);
        if status == BidStatus::Pending {
            prop_assert!(after.provisional);
        }
    }

    #[test]
    fn totals_lie_between_0_and_100(s in scenario()) {
        let e = s.run();
        for r in &e.results {
            if let Some(total) = r.total {
                prop_assert!(total >= Decimal::ZERO && total <= Decimal::ONE_HUNDRED, "{}", total);
                let exact = r.total_exact.unwrap();
                prop_assert!(exact >= Decimal::ZERO && exact <= Decimal::ONE_HUNDRED);
            }
            if let Some(p) = r.price_points {
                prop_assert!(p >= Decimal::ZERO && p <= s.scheme.price_weight);
            }
            if let Some(q) = r.quality_total {
                prop_assert!(q >= Decimal::ZERO && q <= s.scheme.quality_weight());
            }
        }
    }

    #[test]
    fn ranks_follow_the_rounded_totals(s in scenario()) {
        let e = s.run();
        let ranked: Vec<&BidResult> = e.results.iter().filter(|r| r.rank.is_some()).collect();
        for pair in ranked.windows(2) {
            prop_assert!(pair[0].total >= pair[1].total);
            prop_assert!(pair[0].rank <= pair[1].rank);
            if pair[0].rank == pair[1].rank {
                prop_assert!(pair[0].decide_by_lot && pair[1].decide_by_lot);
            }
        }
        for r in &e.results {
            prop_assert_eq!(r.rank.is_some(), r.total.is_some());
            if r.rank.is_some() {
                prop_assert_eq!(r.status, BidStatus::Valid);
            }
        }
    }

    #[test]
    fn the_mean_lies_within_the_individual_scores(s in scenario()) {
        let m = moderate(&s.scheme, &s.ids(), &s.sheets, &[]);
        for cell in m.scores.values().flat_map(|row| row.values()) {
            let low = cell.individual.values().min().copied();
            let high = cell.individual.values().max().copied();
            prop_assert!(cell.mean >= low && cell.mean <= high);
            prop_assert_eq!(cell.spread, high.zip(low).map(|(h, l)| h - l));
        }
    }
}
