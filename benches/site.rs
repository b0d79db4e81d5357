//! The public archive site (issue #10): `procboard publish` on the large generated board
//! (`board::synthetic::Size::LARGE`: 500 members, 10 meetings with 1,000 agenda items, 200 tenders
//! × 8 bids × 10 criteria; no meeting held).
//!
//! - `site/build_large`: `export::site::build`, every page in memory (dispute register, minutes
//!   verification, 200 tender evaluations, seats on each meeting date), board loading excluded.
//! - `site/publish_large`: `export::site::publish`, the build plus writing every file (flushed)
//!   into a fresh folder and renaming it over the previous site.
//!
//! Setup writes in a RAM folder (`/dev/shm`) where one exists.
//!
//! Run briefly: `cargo bench --bench site -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use procboard::board::synthetic::{Size, write_board};
use procboard::export::site;

fn scratch_parent() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).expect("tempdir in /dev/shm")
    } else {
        tempfile::tempdir().expect("tempdir")
    }
}

fn bench(c: &mut Criterion) {
    let parent = scratch_parent();
    let root = parent.path().join("board");
    std::fs::create_dir_all(&root).expect("mkdir");
    write_board(&root, Size::LARGE).expect("synthetic board");
    let (board, _) = procboard::board::load(&root).valid().expect("valid board");
    let on = NaiveDate::from_ymd_opt(2025, 12, 31).expect("date");
    let built = site::build(&board, on).expect("build");
    eprintln!(
        "site of the large board: {} files, {} bytes",
        built.files.len(),
        built.bytes()
    );
    let mut g = c.benchmark_group("site");
    g.sample_size(10);
    g.bench_function("build_large", |b| {
        b.iter(|| black_box(site::build(&board, on).expect("build")))
    });
    let out = parent.path().join("site");
    g.bench_function("publish_large", |b| {
        b.iter(|| black_box(site::publish(&board, Some(on), &out).expect("publish")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
