//! `procboard contracts` on a generated board of 200 contracts × 30 members × 40 monthly periods
//! (240,000 members' reports, one file each; `contracts::synthetic`). Issue 19's goal: under
//! 100 ms.
//!
//! - `contracts/review_text_200x30x40`: what `procboard contracts` does once the files are read:
//!   the review (every KPI table, the benchmark per period, breaches, remedies, savings,
//!   diversity) and its text.
//! - `contracts/review_json_200x30x40`: the same for `procboard contracts --json`: the review and
//!   its pretty-printed JSON.
//! - `contracts/{figures,text,json}_200x30x40`: the same in its parts.
//! - `contracts/dashboard_200x30x40`: the review and the contracts section of the public
//!   site's dashboard (`procboard publish`): savings, diversity, breaches and remedies.
//! - `contracts/site_pages_200x30x40`: the site's contracts page and the 200 contract pages (SVG
//!   charts and tables of every KPI, benchmark, savings, call-offs), from the review.
//! - `contracts/load_20x30x40`: reading and checking a tenth of the files (20 contracts, 24,000
//!   reports; `contracts::load`), signatures looked for beside each report. Reading the whole
//!   board once is timed in the setup and printed (`load of 200x30x40 took …`): it grows with
//!   the number of files.
//! - `contracts/check_20x30x40`: what `procboard check` adds on that tenth: the load, the agenda
//!   references and the overdue reports.
//!
//! Run: `cargo bench --bench contracts -- --warm-up-time 1 --measurement-time 5`.
//! The boards are written once into scratch folders (about 1 GB of small files on disk).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use procboard::contracts::synthetic::{ContractsSize, write_board};

fn board(parent: &Path, name: &str, size: ContractsSize) -> PathBuf {
    let root = parent.join(name);
    std::fs::create_dir_all(&root).unwrap();
    write_board(&root, size).unwrap();
    root
}

/// The JSON as `procboard contracts --json` writes it.
fn json(r: &procboard::contracts::Review) -> Vec<u8> {
    let mut out = Vec::new();
    serde_json::to_writer_pretty(&mut out, r).unwrap();
    out
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let on = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let root = board(tmp.path(), "large", ContractsSize::LARGE);
    let (large, _) = procboard::board::load(&root)
        .valid()
        .expect("a valid board");
    let started = std::time::Instant::now();
    let contracts = procboard::contracts::load(&large);
    eprintln!("load of 200x30x40 took {:?}", started.elapsed());
    assert!(!contracts.has_errors(), "{:?}", &contracts.diagnostics[..1]);
    let tenth = ContractsSize {
        contracts: 20,
        ..ContractsSize::LARGE
    };
    let root = board(tmp.path(), "tenth", tenth);
    let (small, _) = procboard::board::load(&root)
        .valid()
        .expect("a valid board");

    let mut g = c.benchmark_group("contracts");
    g.sample_size(10);
    g.bench_function("review_text_200x30x40", |b| {
        b.iter(|| {
            let r = procboard::contracts::review(&large, &contracts, on, None);
            black_box(procboard::contracts::text::ReviewText(&r).to_string().len())
        });
    });
    g.bench_function("review_json_200x30x40", |b| {
        b.iter(|| {
            let r = procboard::contracts::review(&large, &contracts, on, None);
            black_box(json(&r).len())
        });
    });
    // The same, in its parts: the figures alone, then the text and the JSON of them.
    g.bench_function("figures_200x30x40", |b| {
        b.iter(|| black_box(procboard::contracts::review(&large, &contracts, on, None)));
    });
    let r = procboard::contracts::review(&large, &contracts, on, None);
    g.bench_function("text_200x30x40", |b| {
        b.iter(|| black_box(procboard::contracts::text::ReviewText(&r).to_string().len()));
    });
    g.bench_function("json_200x30x40", |b| {
        b.iter(|| black_box(json(&r).len()));
    });
    // The public site's parts for contracts (`procboard publish`), from the review.
    let money = procboard::export::money::Money::new("en");
    g.bench_function("dashboard_200x30x40", |b| {
        b.iter(|| {
            let r = procboard::contracts::review(&large, &contracts, on, None);
            black_box(procboard::export::site::contracts::dashboard_section(&r, &money).len())
        });
    });
    g.bench_function("site_pages_200x30x40", |b| {
        b.iter(|| {
            let index = procboard::export::site::contracts::contracts(&r, &money);
            let pages = procboard::export::site::contracts::contract_pages(&r, &money);
            black_box((index.len(), pages.len()))
        });
    });
    g.bench_function("load_20x30x40", |b| {
        b.iter(|| black_box(procboard::contracts::load(&small).docs.len()));
    });
    g.bench_function("check_20x30x40", |b| {
        b.iter(|| black_box(procboard::contracts::check(&small, on).len()));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
