//! Tender scoring at realistic size: 50 bids × 20 criteria × 15 members' sheets,
//! moderation + evaluation (target < 5 ms). The bids are valid (a pending bid is not scored).

use std::hint::black_box;

use criterion::{Criterion as Bench, criterion_group, criterion_main};
use procboard::rules::scoring::{
    BidInput, BidStatus, Criterion, Moderation, PriceFormula, Scheme, Sheet, TieBreak, evaluate,
    moderate,
};
use rust_decimal::Decimal;

const BIDS: usize = 50;
const CRITERIA: usize = 20;
const MEMBERS: usize = 15;

/// Deterministic pseudo-random numbers (a linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn tender() -> (Scheme, Vec<BidInput>, Vec<Sheet>) {
    let scheme = Scheme {
        price_weight: Decimal::from(40),
        formula: PriceFormula::Proportional,
        criteria: (0..CRITERIA)
            .map(|k| Criterion {
                id: format!("c{k:02}"),
                weight: Decimal::from(3),
            })
            .collect(),
        scale_max: Decimal::from(5),
        threshold: Some(Decimal::from(30)),
        moderation: Moderation::Mean,
        spread_limit: Some(Decimal::from(2)),
        tie_break: vec![TieBreak::HigherQuality, TieBreak::LowerPrice, TieBreak::Lot],
    };
    let mut rng = Lcg(42);
    let bids: Vec<BidInput> = (0..BIDS)
        .map(|i| BidInput {
            id: format!("bid-{i:02}"),
            price: Decimal::new(5_000_000 + rng.next(10_000_000) as i64, 2),
            status: if i % 10 == 9 {
                BidStatus::Withdrawn
            } else {
                BidStatus::Valid
            },
            pass_fail_failed: Vec::new(),
            price_basis: Vec::new(),
        })
        .collect();
    let sheets = (0..MEMBERS)
        .map(|m| {
            let mut sheet = Sheet::new(format!("member-{m:02}"));
            for b in &bids {
                for c in &scheme.criteria {
                    sheet.set(b.id.clone(), c.id.clone(), Decimal::from(rng.next(6)));
                }
            }
            sheet
        })
        .collect();
    (scheme, bids, sheets)
}

fn bench(c: &mut Bench) {
    let (scheme, bids, sheets) = tender();
    let ids: Vec<&str> = bids.iter().map(|b| b.id.as_str()).collect();
    c.bench_function("moderate+evaluate 50 bids x 20 criteria x 15 sheets", |b| {
        b.iter(|| {
            let moderated = moderate(&scheme, black_box(&ids), black_box(&sheets), &[]);
            evaluate(&scheme, black_box(&bids), &moderated)
        })
    });
    let moderated = moderate(&scheme, &ids, &sheets, &[]);
    c.bench_function("evaluate only", |b| {
        b.iter(|| evaluate(&scheme, black_box(&bids), black_box(&moderated)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
