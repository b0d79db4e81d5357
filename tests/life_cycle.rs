//! Life-cycle costing (Directive 2014/24/EU art. 68): the net present cost each bid is scored
//! on, held to an independent exact computation (big rationals) over random figures, and the
//! worked example of docs/board-format.md through `procboard score`.

mod common;
use common::{procboard, scratch_copy};

use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;
use rust_decimal::Decimal;

use procboard::rules::scoring::lcc::{BidCosts, LifeCycle, net_present_cost};

fn big(d: Decimal) -> BigRational {
    BigRational::new(BigInt::from(d.mantissa()), BigInt::from(10).pow(d.scale()))
}

/// The exact net present cost: P + Σ Y / (1 + r)^t + E / (1 + r)^n, in rationals.
fn exact(price: Decimal, lc: &LifeCycle, c: &BidCosts) -> BigRational {
    let growth = BigRational::from_integer(1.into()) + big(lc.discount_rate);
    let yearly = big(c.energy_use) * big(lc.energy_price)
        + c.yearly
            .iter()
            .fold(BigRational::from_integer(0.into()), |a, (_, y)| a + big(*y));
    let mut total = big(price);
    let mut factor = BigRational::from_integer(1.into());
    for _ in 0..lc.years {
        factor /= growth.clone();
        total += yearly.clone() * factor.clone();
    }
    total + big(c.end_of_life) * factor
}

fn money() -> impl Strategy<Value = Decimal> {
    (0i64..50_000_000).prop_map(|c| Decimal::new(c, 2))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Rounded once to cents, procboard's figure is the exact value's to within half a cent
    /// (its discount factors carry 28 significant digits).
    #[test]
    fn the_net_present_cost_is_the_exact_one_to_the_cent(
        price in money(),
        years in 1u32..=50,
        rate in 0i64..200, // 0 to 19.9 % a year
        energy_price in 0i64..1000,
        energy_use in 0i64..2_000_000,
        maintenance in money(),
        end in -10_000_000i64..10_000_000,
    ) {
        let lc = LifeCycle {
            years,
            discount_rate: Decimal::new(rate, 3),
            energy_price: Decimal::new(energy_price, 3),
            energy_unit: "kWh".into(),
        };
        let c = BidCosts {
            energy_use: Decimal::from(energy_use),
            yearly: vec![("maintenance".into(), maintenance)],
            end_of_life: Decimal::new(end, 2),
        };
        let ours = net_present_cost(price, &lc, &c).expect("computable");
        let truth = exact(price, &lc, &c);
        let diff = big(ours.cost) - truth;
        let half_cent = BigRational::new(BigInt::from(5) , BigInt::from(1000));
        let slack = BigRational::new(BigInt::from(1), BigInt::from(10).pow(12));
        prop_assert!(
            diff.clone() <= half_cent.clone() + slack.clone() && -diff.clone() <= half_cent + slack,
            "ours {} differs from the exact value by {}", ours.cost, diff
        );
    }
}

/// The worked example: sl-1 costs more to buy but less over ten years, and wins.
#[test]
fn score_explains_each_bids_net_present_cost() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/lcc/street-lights-2025.toml"
        ),
        b.join("tenders/street-lights-2025.toml"),
    )
    .unwrap();
    let out = procboard()
        .arg("score")
        .arg(&b)
        .args(["street-lights-2025", "--on", "2025-03-10", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = &v["lots"][0]["evaluation"]["results"];
    let bid = |id: &str| {
        results
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["bid"] == id)
            .cloned()
            .unwrap()
    };
    // 410000 + 33000 × A(10, 4 %) + 12000 / 1.04^10, and 365000 + 46800 × A − 5000 / 1.04^10.
    assert_eq!(bid("sl-1")["price"], "685766.33");
    assert_eq!(bid("sl-2")["price"], "741212.10");
    assert_eq!(bid("sl-1")["rank"], 1);
    assert_eq!(bid("sl-2")["rank"], 2);
    let basis = bid("sl-2")["price_basis"].as_array().unwrap().clone();
    assert!(
        basis[3]
            .as_str()
            .unwrap()
            .contains("365000 + 379589.92 − 3377.82 = 741212.10"),
        "{basis:?}"
    );
    // The text form prints the same lines under the table.
    let text = procboard()
        .arg("score")
        .arg(&b)
        .args(["street-lights-2025", "--on", "2025-03-10"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("life-cycle cost of bid sl-1:"), "{text}");
    assert!(
        text.contains("Yearly cost energy 150000 kWh × 0.18 = 27000 + maintenance 6000 = 33000"),
        "{text}"
    );
}

/// A bid without its life-cycle figures, or with a yearly cost the tender does not name, is
/// refused by `check` with the file, line and column.
#[test]
fn check_refuses_incomplete_life_cycle_figures() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lcc/street-lights-2025.toml"
    ))
    .unwrap()
    .replace("yearly = { maintenance = 6000 }", "yearly = { maintenence = 6000 }")
    .replace(
        "life_cycle = { energy_use = 210000, yearly = { maintenance = 9000 }, end_of_life = -5000 }\n",
        "",
    )
    .replace("discount_rate = 0.04", "discount_rate = 1.5");
    std::fs::write(b.join("tenders/street-lights-2025.toml"), text).unwrap();
    let out = procboard().arg("check").arg(&b).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for want in [
        "tenders/street-lights-2025.toml:20:17: discount_rate 1.5 is not from 0 to below 1",
        "states a yearly cost `maintenence` that the tender does not name",
        "hint: did you mean `maintenance`?",
        "bid `sl-1` does not state the yearly cost `maintenance` the tender names",
        "bid `sl-2` has no [bid.life_cycle]: the tender is evaluated on life-cycle cost",
    ] {
        assert!(err.contains(want), "{want}\nin:\n{err}");
    }
}
