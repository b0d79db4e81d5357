//! Benchmarking and remedies against an independent, straightforward computation over random
//! contracts: random members and shares, a random KPI (target, direction, tolerance) and remedy
//! clause (percent or amount, cap or none, after N periods), and random series of values with
//! gaps. The contract is written as TOML and read by the program's own reader, so the figures
//! come from the same path `procboard contracts` takes.

use std::path::PathBuf;

use proptest::prelude::*;
use rust_decimal::Decimal;

use procboard::contracts::load::ContractDoc;
use procboard::contracts::model::{ContractFile, Period, PeriodKind};
use procboard::contracts::review::kpi_review;
use procboard::diag::Source;

/// A decimal with up to two places from an integer number of hundredths.
fn hundredths(n: i64) -> Decimal {
    Decimal::new(n, 2)
}

#[derive(Debug, Clone)]
struct Case {
    shares: Vec<i64>, // whole percents, summing to 100
    target: i64,      // hundredths
    higher: bool,
    tolerance: i64, // hundredths
    percent: bool,
    rate: i64,        // hundredths
    cap: Option<i64>, // hundredths
    after: u32,
    values: Vec<Vec<Option<i64>>>, // [member][period], hundredths
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..6, 1usize..9).prop_flat_map(|(members, periods)| {
        (
            proptest::collection::vec(1i64..50, members),
            0i64..10_000,
            any::<bool>(),
            0i64..500,
            any::<bool>(),
            1i64..1_000,
            proptest::option::of(1i64..5_000),
            1u32..4,
            proptest::collection::vec(
                proptest::collection::vec(proptest::option::weighted(0.85, 0i64..12_000), periods),
                members,
            ),
        )
            .prop_map(
                |(raw, target, higher, tolerance, percent, rate, cap, after, values)| {
                    // Shares summing to exactly 100: scale, then give the rest to the first.
                    let sum: i64 = raw.iter().sum();
                    let mut shares: Vec<i64> = raw.iter().map(|r| r * 100 / sum).collect();
                    let rest = 100 - shares.iter().sum::<i64>();
                    shares[0] += rest;
                    Case {
                        shares,
                        target,
                        higher,
                        tolerance,
                        percent,
                        rate,
                        cap,
                        after,
                        values,
                    }
                },
            )
    })
}

fn contract_toml(c: &Case) -> String {
    let mut s = String::from(
        "[contract]\nid = \"k\"\ntitle = \"K\"\ntender = \"t\"\naward = \"b\"\nsupplier = \"S\"\nvalue = 1234567.89\nstart = 2020-01-01\nend = 2029-12-31\n\n",
    );
    for (i, sh) in c.shares.iter().enumerate() {
        s.push_str(&format!("[[member]]\nmember = \"m{i}\"\nshare = {sh}\n\n"));
    }
    s.push_str(&format!(
        "[[kpi]]\nid = \"x\"\nname = \"X\"\nunit = \"u\"\ntarget = {}\nbetter = \"{}\"\ntolerance = {}\nperiod = \"quarterly\"\n\n[kpi.remedy]\nafter_periods = {}\n",
        hundredths(c.target),
        if c.higher { "higher" } else { "lower" },
        hundredths(c.tolerance),
        c.after
    ));
    let (per, cap) = if c.percent {
        ("percent_per_point", "cap_percent")
    } else {
        ("amount_per_point", "cap_amount")
    };
    s.push_str(&format!("{per} = {}\n", hundredths(c.rate)));
    if let Some(x) = c.cap {
        s.push_str(&format!("{cap} = {}\n", hundredths(x)));
    }
    s
}

/// The independent computation: everything in whole hundredths (i128), decimals only to
/// compare. Returns (median×2, spread, outside) per period and (member, periods, amount) per
/// remedy.
struct Expected {
    bench: Vec<Option<(i128, i128, Vec<String>)>>,
    breaches: Vec<(String, usize)>,
    remedies: Vec<(String, Vec<usize>, Decimal)>,
}

fn expected(c: &Case) -> Expected {
    let periods = c.values[0].len();
    let mut bench = Vec::new();
    for p in 0..periods {
        let vals: Vec<(usize, i128)> = (0..c.values.len())
            .filter_map(|m| c.values[m][p].map(|v| (m, i128::from(v))))
            .collect();
        if vals.is_empty() {
            bench.push(None);
            continue;
        }
        let mut sorted: Vec<i128> = vals.iter().map(|(_, v)| *v).collect();
        sorted.sort();
        let n = sorted.len();
        // Twice the median, to stay in whole hundredths.
        let median2 = if n % 2 == 1 {
            2 * sorted[n / 2]
        } else {
            sorted[n / 2 - 1] + sorted[n / 2]
        };
        let spread = sorted[n - 1] - sorted[0];
        let tol2 = 2 * i128::from(c.tolerance);
        let outside = vals
            .iter()
            .filter(|(_, v)| (2 * v - median2).abs() > tol2)
            .map(|(m, _)| format!("m{m}"))
            .collect();
        bench.push(Some((median2, spread, outside)));
    }
    let short = |v: i64| -> i64 {
        let d = if c.higher { c.target - v } else { v - c.target };
        d.max(0)
    };
    let mut breaches = Vec::new();
    for p in 0..periods {
        for m in 0..c.values.len() {
            if let Some(v) = c.values[m][p]
                && short(v) > c.tolerance
            {
                breaches.push((format!("m{m}"), p));
            }
        }
    }
    let mut remedies = Vec::new();
    for m in 0..c.values.len() {
        let mut p = 0;
        while p < periods {
            let mut run = Vec::new();
            while p < periods && c.values[m][p].is_some_and(|v| short(v) > c.tolerance) {
                run.push(p);
                p += 1;
            }
            if run.is_empty() {
                p += 1;
                continue;
            }
            if run.len() >= c.after as usize {
                let points: i64 = run.iter().map(|&q| short(c.values[m][q].unwrap())).sum();
                // points (hundredths) × rate (hundredths) = ten-thousandths.
                let mut fig = Decimal::new(points * c.rate, 4);
                if let Some(cap) = c.cap {
                    fig = fig.min(hundredths(cap));
                }
                let amount = if c.percent {
                    let part = "1234567.89".parse::<Decimal>().unwrap()
                        * Decimal::from(c.shares[m])
                        / Decimal::from(100);
                    part * fig / Decimal::from(100)
                } else {
                    fig
                };
                remedies.push((format!("m{m}"), run, amount));
            }
        }
    }
    Expected {
        bench,
        breaches,
        remedies,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn benchmark_and_remedies_match_an_independent_computation(c in case()) {
        let text = contract_toml(&c);
        let src = Source::new("contracts/k.toml", &text);
        let (file, diags) = procboard::board::parse::parse::<ContractFile>(&src, &text);
        prop_assert!(diags.is_empty(), "{diags:?}");
        let doc = ContractDoc::new("k".into(), PathBuf::from("contracts/k.toml"), file.unwrap(), Vec::new());
        let members: Vec<String> = (0..c.shares.len()).map(|i| format!("m{i}")).collect();
        let mut p = Period { year: 2020, kind: PeriodKind::Quarterly, n: 1 };
        let mut series = Vec::new();
        for q in 0..c.values[0].len() {
            let vals: Vec<Option<Decimal>> = (0..members.len())
                .map(|m| c.values[m][q].map(hundredths))
                .collect();
            series.push((p, vals));
            p = p.next();
        }
        let got = kpi_review(&doc, &doc.file.kpis[0], &members, &series);
        let want = expected(&c);
        for (row, w) in got.periods.iter().zip(&want.bench) {
            match (&row.benchmark, w) {
                (None, None) => {}
                (Some(b), Some((median2, spread, outside))) => {
                    prop_assert_eq!(b.median * Decimal::TWO, Decimal::new(*median2 as i64, 2));
                    prop_assert_eq!(b.spread, Decimal::new(*spread as i64, 2));
                    let got_outside: Vec<String> = row.outside().map(String::from).collect();
                    prop_assert_eq!(&got_outside, outside);
                }
                other => prop_assert!(false, "benchmark differs: {other:?}"),
            }
        }
        let got_breaches: Vec<(String, usize)> = got
            .breaches
            .iter()
            .map(|b| (b.member.clone(), series.iter().position(|(p, _)| *p == b.period).unwrap()))
            .collect();
        prop_assert_eq!(got_breaches, want.breaches);
        let mut got_rem: Vec<(String, Vec<usize>, Decimal)> = got
            .remedies
            .iter()
            .map(|r| {
                let idx = r.periods.iter().map(|p| series.iter().position(|(q, _)| q == p).unwrap()).collect();
                (r.member.clone(), idx, r.amount)
            })
            .collect();
        got_rem.sort();
        let mut want_rem = want.remedies;
        want_rem.sort();
        prop_assert_eq!(got_rem, want_rem);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The review tests many values against bounds worked out once (target ± tolerance, median ±
    /// tolerance); on small numbers, where a value often falls exactly on a bound, they agree
    /// with the rules as docs/contracts.md writes them: a breach is a shortfall above the
    /// tolerance, a value outside the benchmark is further than the tolerance from the median.
    #[test]
    fn bounds_worked_out_once_agree_with_the_rules(
        target in 0i64..20, tolerance in 0i64..6, higher in any::<bool>(),
        value in 0i64..20, median in 0i64..20,
    ) {
        use procboard::contracts::figures::KpiTerms;
        use procboard::contracts::model::Better;
        let terms = KpiTerms {
            target: hundredths(target * 25),
            better: if higher { Better::Higher } else { Better::Lower },
            tolerance: hundredths(tolerance * 25),
        };
        let (v, m) = (hundredths(value * 25), hundredths(median * 25));
        let short = if higher { target - value } else { value - target }.max(0);
        prop_assert_eq!(terms.breach_test().is_breach(v), short > tolerance);
        prop_assert_eq!(terms.breach_test().is_breach(v), terms.is_breach(v));
        prop_assert_eq!(terms.outside_test(m)(v), (value - median).abs() > tolerance);
    }
}
