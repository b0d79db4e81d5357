//! The OCDS export and the performance figures of the large generated board.
//!
//! `cargo bench --bench export -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, criterion_group, criterion_main};
use procboard::board::synthetic::{Size, write_board};
use procboard::export::{ocds, stats};

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    write_board(tmp.path(), Size::LARGE).unwrap();
    let (board, _) = procboard::board::load(tmp.path())
        .valid()
        .expect("the synthetic board is valid");
    let register = procboard::disputes::register(&board).unwrap();
    let opts = ocds::Options::default();
    let bytes = ocds::package(&board, &register, &opts)
        .unwrap()
        .package
        .to_json()
        .len();
    assert!(bytes > 0);

    // The large board: 500 members, 200 tenders x 8 bids x 10 criteria.
    eprintln!("export of the large board: {} KiB of JSON", bytes / 1024);
    let mut g = c.benchmark_group("export large");
    g.sample_size(10);
    g.bench_function("ocds package", |b| {
        b.iter(|| ocds::package(&board, &register, &opts).unwrap())
    });
    g.bench_function("ocds package + JSON", |b| {
        b.iter(|| {
            ocds::package(&board, &register, &opts)
                .unwrap()
                .package
                .to_json()
                .len()
        })
    });
    g.bench_function("stats", |b| {
        b.iter(|| stats::stats(&board, &register, None).tenders.len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
