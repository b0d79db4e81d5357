//! `procboard contracts` on a generated board of 200 contracts × 30 members × 40 monthly periods
//! (240,000 members' reports, one file each; `contracts::synthetic`). Issue 19's goal: under
//! 100 ms.
//!
//! - `contracts/review_200x30x40`: the review once the files are read: every KPI table, the
//!   benchmark per period, breaches, remedies, savings, diversity, and the text and the JSON.
//! - `contracts/load_200x30x40`: reading and checking the 240,000 report files and 200
//!   contracts (`contracts::load`), signatures looked for beside each report.
//! - `contracts/check_200x30x40`: what `procboard check` adds: the load, the agenda references
//!   and the overdue reports.
//!
//! Run: `cargo bench --bench contracts -- --warm-up-time 1 --measurement-time 5`.
//! The board is written once into a scratch folder (about 1 GB of small files on disk).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use procboard::contracts::synthetic::{ContractsSize, write_board};

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("board");
    std::fs::create_dir_all(&root).unwrap();
    write_board(&root, ContractsSize::LARGE).unwrap();
    let (board, _) = procboard::board::load(&root)
        .valid()
        .expect("a valid board");
    let contracts = procboard::contracts::load(&board);
    assert!(!contracts.has_errors(), "{:?}", &contracts.diagnostics[..1]);
    let on = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut g = c.benchmark_group("contracts");
    g.sample_size(10);
    g.bench_function("review_200x30x40", |b| {
        b.iter(|| {
            let r = procboard::contracts::review(&board, &contracts, on, None);
            let text = procboard::contracts::text::ReviewText(&r).to_string();
            let json = serde_json::to_string(&r).unwrap();
            black_box((text.len(), json.len()))
        });
    });
    g.bench_function("load_200x30x40", |b| {
        b.iter(|| black_box(procboard::contracts::load(&board).docs.len()));
    });
    g.bench_function("check_200x30x40", |b| {
        b.iter(|| black_box(procboard::contracts::check(&board, on).len()));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
