//! Unit and property tests for quorum (docs/domain.md §2).

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn seats(list: &[(&str, Decimal)]) -> Vec<Seat> {
    list.iter()
        .map(|(m, w)| Seat {
            member: (*m).to_string(),
            weight: *w,
        })
        .collect()
}

fn here(member: &str) -> Presence {
    Presence {
        member: member.to_string(),
        present: true,
        recused: false,
    }
}

fn recused_here(member: &str) -> Presence {
    Presence {
        member: member.to_string(),
        present: true,
        recused: true,
    }
}

fn rule(by: QuorumBy, share: Decimal, strict: bool, recused_count: bool) -> QuorumRule {
    QuorumRule {
        by,
        share,
        strict,
        recused_count,
    }
}

fn abg() -> Vec<Seat> {
    seats(&[("Alpha", dec!(40)), ("Beta", dec!(35)), ("Gamma", dec!(25))])
}

#[test]
fn worked_beta_recused_quorum_of_non_recused_weight() {
    // docs/domain.md §2: Beta recused, quorum "> 50 % of non-recused weight": 65 present, quorate.
    let r = rule(QuorumBy::Weight, dec!(0.5), true, false);
    let p = [here("Alpha"), recused_here("Beta"), here("Gamma")];
    let q = quorum(&r, &abg(), &p);
    assert!(q.met);
    assert_eq!(q.weight_present, dec!(65));
    assert_eq!(q.weight_base, dec!(65));
    assert_eq!(q.weight_needed, dec!(32.5));
    assert_eq!(q.heads_present, 2);
    assert_eq!(q.heads_base, 2);
    assert_eq!(q.recused, vec!["Beta".to_string()]);
    assert_eq!(
        q.explanation,
        "quorum met: 65 of 65 weight present (100 %), needs more than 50 %; \
         recused, left out of the quorum: Beta"
    );
}

#[test]
fn recused_counted_toward_quorum_when_the_board_says_so() {
    let r = rule(QuorumBy::Weight, dec!(0.5), true, true);
    // Beta recused and present: counts as present and in the base.
    let q = quorum(&r, &abg(), &[recused_here("Beta"), here("Gamma")]);
    assert_eq!(q.weight_present, dec!(60));
    assert_eq!(q.weight_base, dec!(100));
    assert!(q.met);
    assert!(
        q.explanation
            .contains("recused, still counted toward quorum: Beta")
    );
    // Not counted: only Gamma's 25 of 65.
    let r2 = rule(QuorumBy::Weight, dec!(0.5), true, false);
    let q2 = quorum(&r2, &abg(), &[recused_here("Beta"), here("Gamma")]);
    assert_eq!(q2.weight_present, dec!(25));
    assert_eq!(q2.weight_base, dec!(65));
    assert!(!q2.met);
}

#[test]
fn recused_and_absent_is_in_the_base_only_when_counted() {
    let absent_recused = Presence {
        member: "Alpha".to_string(),
        present: false,
        recused: true,
    };
    let p = [absent_recused, here("Beta"), here("Gamma")];
    let counted = quorum(&rule(QuorumBy::Weight, dec!(0.5), true, true), &abg(), &p);
    assert_eq!(
        (counted.weight_present, counted.weight_base),
        (dec!(60), dec!(100))
    );
    let left_out = quorum(&rule(QuorumBy::Weight, dec!(0.5), true, false), &abg(), &p);
    assert_eq!(
        (left_out.weight_present, left_out.weight_base),
        (dec!(60), dec!(60))
    );
}

#[test]
fn example_explanation_from_the_brief() {
    let r = rule(QuorumBy::Weight, dec!(0.5), true, false);
    let q = quorum(&r, &abg(), &[here("Alpha"), here("Gamma")]);
    assert_eq!(
        q.explanation,
        "quorum met: 65 of 100 weight present (65 %), needs more than 50 %"
    );
}

fn four_equal() -> Vec<Seat> {
    seats(&[
        ("A", dec!(25)),
        ("B", dec!(25)),
        ("C", dec!(25)),
        ("D", dec!(25)),
    ])
}

#[test]
fn exact_boundary_strict_versus_inclusive_by_weight() {
    let p = [here("A"), here("B")];
    let strict = quorum(
        &rule(QuorumBy::Weight, dec!(0.5), true, false),
        &four_equal(),
        &p,
    );
    assert!(!strict.met, "50 of 100 is not more than half");
    assert!(
        strict
            .explanation
            .starts_with("quorum not met: 50 of 100 weight present (50 %), needs more than 50 %")
    );
    let inclusive = quorum(
        &rule(QuorumBy::Weight, dec!(0.5), false, false),
        &four_equal(),
        &p,
    );
    assert!(inclusive.met, "50 of 100 is at least half");
    assert!(inclusive.explanation.contains("needs at least 50 %"));
}

#[test]
fn exact_boundary_strict_versus_inclusive_by_head() {
    let p = [here("A"), here("B")];
    let strict = quorum(
        &rule(QuorumBy::Head, dec!(0.5), true, false),
        &four_equal(),
        &p,
    );
    assert!(!strict.met);
    assert_eq!(strict.heads_needed, 3);
    assert_eq!(
        strict.explanation,
        "quorum not met: 2 of 4 members present (50 %), needs more than 50 % (at least 3)"
    );
    let inclusive = quorum(
        &rule(QuorumBy::Head, dec!(0.5), false, false),
        &four_equal(),
        &p,
    );
    assert!(inclusive.met);
    assert_eq!(inclusive.heads_needed, 2);
}

#[test]
fn heads_needed_rounds_the_right_way() {
    assert_eq!(min_heads(dec!(1.5), true), 2);
    assert_eq!(min_heads(dec!(1.5), false), 2);
    assert_eq!(min_heads(dec!(2), true), 3);
    assert_eq!(min_heads(dec!(2), false), 2);
    assert_eq!(min_heads(dec!(0), false), 0);
    assert_eq!(min_heads(dec!(0), true), 1);
}

/// A 60 / B 20 / C 20: heads and weight pull apart.
fn lopsided() -> Vec<Seat> {
    seats(&[("A", dec!(60)), ("B", dec!(20)), ("C", dec!(20))])
}

#[test]
fn head_weight_both_either() {
    let small_two = [here("B"), here("C")]; // 2 of 3 heads, 40 of 100 weight
    let big_one = [here("A")]; // 1 of 3 heads, 60 of 100 weight
    let cases = [
        (QuorumBy::Head, true, false),
        (QuorumBy::Weight, false, true),
        (QuorumBy::HeadAndWeight, false, false),
        (QuorumBy::HeadOrWeight, true, true),
    ];
    for (by, small_met, big_met) in cases {
        let r = rule(by, dec!(0.5), true, false);
        let a = quorum(&r, &lopsided(), &small_two);
        assert_eq!(a.met, small_met, "{by:?} with B and C");
        assert!(a.heads_met && !a.weight_met);
        let b = quorum(&r, &lopsided(), &big_one);
        assert_eq!(b.met, big_met, "{by:?} with A");
        assert!(!b.heads_met && b.weight_met);
    }
    let both = quorum(
        &rule(QuorumBy::HeadAndWeight, dec!(0.5), true, false),
        &lopsided(),
        &[here("A"), here("B")],
    );
    assert!(both.met);
    assert_eq!(
        both.explanation,
        "quorum met: 2 of 3 members present (66.67 %), needs more than 50 % (at least 2); \
         and 80 of 100 weight present (80 %), needs more than 50 %"
    );
    let either = quorum(
        &rule(QuorumBy::HeadOrWeight, dec!(0.5), true, false),
        &lopsided(),
        &[here("C")],
    );
    assert!(!either.met);
    assert!(
        either
            .explanation
            .contains("; or 20 of 100 weight present (20 %)")
    );
}

#[test]
fn missing_presence_means_absent_and_unknown_entries_are_ignored() {
    let r = rule(QuorumBy::Head, dec!(0.5), false, false);
    let q = quorum(&r, &abg(), &[here("Alpha"), here("Nobody"), here("Zeta")]);
    assert_eq!(q.heads_present, 1);
    assert_eq!(q.heads_base, 3);
    assert!(!q.met);
    let absent = Presence {
        member: "Beta".to_string(),
        present: false,
        recused: false,
    };
    let q = quorum(&r, &abg(), &[here("Alpha"), absent]);
    assert_eq!(q.heads_present, 1);
}

#[test]
fn duplicate_presence_entries_merge_order_independently() {
    let r = rule(QuorumBy::Weight, dec!(0.5), true, false);
    let gone = Presence {
        member: "Alpha".to_string(),
        present: false,
        recused: false,
    };
    let a = quorum(&r, &abg(), &[here("Alpha"), gone.clone(), here("Gamma")]);
    let b = quorum(&r, &abg(), &[gone, here("Alpha"), here("Gamma")]);
    assert_eq!(a, b);
    assert_eq!(a.weight_present, dec!(65));
}

#[test]
fn duplicate_seats_merge_into_one_member() {
    let s = seats(&[("A", dec!(10)), ("B", dec!(30)), ("A", dec!(20))]);
    let q = quorum(
        &rule(QuorumBy::Weight, dec!(0.5), true, false),
        &s,
        &[here("A")],
    );
    assert_eq!(q.heads_base, 2);
    assert_eq!(q.weight_present, dec!(30));
    assert_eq!(q.weight_base, dec!(60));
    assert!(!q.met);
}

#[test]
fn nobody_present_is_never_quorate() {
    let r = rule(QuorumBy::Weight, dec!(0), false, true);
    let q = quorum(&r, &abg(), &[]);
    assert!(!q.met);
    assert!(q.explanation.contains("nobody counted is present"));
    // Everyone recused and left out: empty base.
    let r = rule(QuorumBy::HeadOrWeight, dec!(0.5), false, false);
    let p = [
        recused_here("Alpha"),
        recused_here("Beta"),
        recused_here("Gamma"),
    ];
    let q = quorum(&r, &abg(), &p);
    assert!(!q.met);
    assert_eq!(q.heads_base, 0);
    assert!(
        q.explanation
            .contains("0 of 0 weight present (nothing in the base)")
    );
}

#[test]
fn other_shares_two_thirds() {
    let r = rule(QuorumBy::Weight, dec!(0.6667), false, false);
    let q = quorum(&r, &abg(), &[here("Alpha"), here("Beta")]);
    assert!(q.met); // 75 ≥ 66.67
    assert!(q.explanation.contains("needs at least 66.67 %"));
    let q = quorum(&r, &abg(), &[here("Alpha"), here("Gamma")]);
    assert!(!q.met); // 65 < 66.67
}

#[test]
fn percent_is_exact_and_half_up() {
    assert_eq!(percent(dec!(2), dec!(3)), Some(dec!(66.67)));
    assert_eq!(percent(dec!(1), dec!(3)), Some(dec!(33.33)));
    assert_eq!(percent(dec!(1), dec!(8)), Some(dec!(12.5)));
    assert_eq!(percent(dec!(61.5), dec!(100)), Some(dec!(61.5)));
    // Exact midpoints round up (banker's rounding would go down).
    assert_eq!(percent(dec!(1), dec!(20000)), Some(dec!(0.01)));
    assert_eq!(percent(dec!(1), dec!(800)), Some(dec!(0.13)));
    assert_eq!(percent(dec!(0), dec!(7)), Some(dec!(0)));
    assert_eq!(
        percent(dec!(7), dec!(7)).map(|p| p.to_string()),
        Some("100".to_string())
    );
    assert_eq!(percent(dec!(1), dec!(0)), None);
    assert_eq!(percent(dec!(-1), dec!(3)), None);
}

#[test]
fn status_serialises_decimals_as_strings() {
    let r = rule(QuorumBy::HeadAndWeight, dec!(0.5), true, false);
    let q = quorum(&r, &abg(), &[here("Alpha"), here("Gamma")]);
    let json = serde_json::to_value(&q).unwrap_or_default();
    assert_eq!(json["by"], "head_and_weight");
    assert_eq!(json["share"], "0.5");
    assert_eq!(json["weight_present"], "65");
    assert_eq!(json["met"], true);
}

#[test]
fn rule_round_trips_through_toml() {
    let text = "by = \"head_or_weight\"\nshare = \"0.5\"\nstrict = true\nrecused_count = false\n";
    let r: QuorumRule = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r, rule(QuorumBy::HeadOrWeight, dec!(0.5), true, false));
}

fn arb_board() -> impl Strategy<Value = (Vec<Seat>, Vec<Presence>)> {
    prop::collection::vec((0u32..60, any::<bool>(), any::<bool>()), 1..8).prop_map(|rows| {
        let mut s = Vec::new();
        let mut p = Vec::new();
        for (i, (w, present, recused)) in rows.into_iter().enumerate() {
            let member = format!("M{i}");
            s.push(Seat {
                member: member.clone(),
                weight: Decimal::new(i64::from(w), 1),
            });
            p.push(Presence {
                member,
                present,
                recused,
            });
        }
        (s, p)
    })
}

fn arb_rule() -> impl Strategy<Value = QuorumRule> {
    (
        prop_oneof![
            Just(QuorumBy::Head),
            Just(QuorumBy::Weight),
            Just(QuorumBy::HeadAndWeight),
            Just(QuorumBy::HeadOrWeight)
        ],
        0u32..=100,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(by, pct, strict, recused_count)| QuorumRule {
            by,
            share: Decimal::new(i64::from(pct), 2),
            strict,
            recused_count,
        })
}

proptest! {
    /// Quorum is monotone in presence: one more member present never loses quorum.
    #[test]
    fn quorum_is_monotone_in_presence((s, p) in arb_board(), r in arb_rule(), pick in any::<prop::sample::Index>()) {
        let i = pick.index(p.len());
        let mut more = p.clone();
        if let Some(entry) = more.get_mut(i) {
            entry.present = true;
        }
        let before = quorum(&r, &s, &p);
        let after = quorum(&r, &s, &more);
        prop_assert!(after.heads_present >= before.heads_present);
        prop_assert!(after.weight_present >= before.weight_present);
        prop_assert!(!before.met || after.met, "lost quorum: {} / {}", before.explanation, after.explanation);
    }

    /// The order of presence entries never matters.
    #[test]
    fn quorum_ignores_presence_order((s, p) in arb_board(), r in arb_rule()) {
        let mut reversed = p.clone();
        reversed.reverse();
        prop_assert_eq!(quorum(&r, &s, &p), quorum(&r, &s, &reversed));
    }

    /// Counts stay within the base.
    #[test]
    fn present_never_exceeds_base((s, p) in arb_board(), r in arb_rule()) {
        let q = quorum(&r, &s, &p);
        prop_assert!(q.heads_present <= q.heads_base);
        prop_assert!(q.weight_present <= q.weight_base);
    }
}

/// A decimal with a mantissa up to 2^52 and up to 8 decimals: inside and just outside the
/// integer fast path of `percent`.
fn figure() -> impl Strategy<Value = Decimal> {
    (0i64..(1 << 52), 0u32..=8, any::<bool>()).prop_map(|(m, scale, small)| {
        let m = if small { m % 200 } else { m };
        Decimal::new(m, scale)
    })
}

proptest! {
    #[test]
    fn percent_fast_path_agrees_with_decimal_arithmetic(num in figure(), den in figure()) {
        if den > Decimal::ZERO {
            let fast = percent_small(num, den);
            if let Some(p) = fast {
                prop_assert_eq!(Some(p), percent_decimal(num, den));
                // Same representation, so the same text in explanations.
                prop_assert_eq!(
                    p.to_string(),
                    percent_decimal(num, den).map(|d| d.to_string()).unwrap_or_default()
                );
            }
            prop_assert_eq!(percent(num, den), fast.or_else(|| percent_decimal(num, den)));
        }
    }
}

#[test]
fn percent_fast_path_covers_the_usual_figures() {
    assert_eq!(percent_small(dec!(2), dec!(3)), Some(dec!(66.67)));
    assert_eq!(percent_small(dec!(61.5), dec!(100)), Some(dec!(61.5)));
    assert_eq!(
        percent_small(dec!(0), dec!(7)).map(|p| p.to_string()),
        Some("0".into())
    );
    assert_eq!(
        percent_small(dec!(7), dec!(7)).map(|p| p.to_string()),
        Some("100".into())
    );
    // Above 100 %, or more than 6 decimals: left to the decimal computation.
    assert_eq!(percent_small(dec!(8), dec!(7)), None);
    assert_eq!(percent_small(dec!(0.0000001), dec!(1)), None);
    assert_eq!(percent(dec!(8), dec!(7)), Some(dec!(114.29)));
}
