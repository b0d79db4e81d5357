//! Loading and validating boards, against `toml` alone parsing the same files.
//!
//! `cargo bench --bench load`

use std::fs;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use procboard::board::synthetic::{Size, write_board};

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

/// `toml` alone: read every file and parse it into a `toml::Table`.
fn toml_only(files: &[PathBuf]) -> usize {
    files
        .iter()
        .map(|f| {
            let text = fs::read_to_string(f).unwrap();
            let table: toml::Table = toml::from_str(&text).unwrap();
            table.len()
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    write_board(tmp.path(), Size::LARGE).unwrap();
    let loaded = procboard::board::load(tmp.path());
    assert_eq!(loaded.error_count(), 0, "the synthetic board must be valid");
    let mut files = Vec::new();
    toml_files(tmp.path(), &mut files);

    let mut g = c.benchmark_group(
        "large board (500 members, 1000 items, 200 tenders x 8 bids x 10 criteria)",
    );
    g.sample_size(20);
    g.bench_function("procboard load + validate", |b| {
        b.iter(|| procboard::board::load(tmp.path()).error_count())
    });
    g.bench_function("toml alone (read + parse to Table)", |b| {
        b.iter(|| toml_only(&files))
    });
    g.finish();

    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("boards/river-valley");
    c.bench_function("river-valley (13 members) load + validate", |b| {
        b.iter(|| procboard::board::load(&example).error_count())
    });

    // Issue 16: a board.toml of many members, read in parts (peak memory: see
    // tests/load_memory.rs and docs/user-guide.md).
    let many = tempfile::tempdir().unwrap();
    write_board(
        many.path(),
        Size {
            members: 100_000,
            meetings: 1,
            items: 1,
            tenders: 1,
            bids: 2,
            criteria: 2,
        },
    )
    .unwrap();
    assert_eq!(procboard::board::load(many.path()).error_count(), 0);
    let mut g = c.benchmark_group("board.toml of 100,000 members");
    g.sample_size(10);
    g.bench_function("procboard load + validate", |b| {
        b.iter(|| procboard::board::load(many.path()).error_count())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
