//! Journal benchmarks.
//!
//! 1. `append`: appending a typical ~200-byte event (serialise, read back, hash, one `write_all`,
//!    `sync_data`) against a bare loop of `write_all` + `sync_data` of lines of the same size on the
//!    same disk. Target: bare time / journal time ≥ 0.8.
//! 2. `replay`: reading and checking a 100,000-event journal. Target: < 200 ms.
//!
//! Files go to a temporary folder under the target directory (`CARGO_TARGET_TMPDIR`), so they are
//! on a real disk even where `/tmp` is a tmpfs (where `sync_data` would cost nothing).
//!
//! Run briefly: `cargo bench --bench journal -- --warm-up-time 1 --measurement-time 5`.

use std::fs::{self, OpenOptions};
use std::hint::black_box;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use procboard::record::journal::{GENESIS_PREV, Journal, verify};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const REPLAY_EVENTS: u64 = 100_000;

/// A typical event: one weighted roll-call vote, about 200 bytes of JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Ev {
    Vote {
        item: String,
        motion: String,
        member: String,
        seat: u32,
        choice: String,
        weight: Decimal,
        entered_by: String,
    },
}

fn event(i: u64) -> Ev {
    const MEMBERS: [&str; 4] = [
        "Municipality of Eastbrook",
        "Town of Northfield",
        "City of Westhaven",
        "Village of Southmere",
    ];
    Ev::Vote {
        item: format!("7.{}", i % 10),
        motion: "Award the road salt framework, lot 2, to Northfield Minerals Ltd".to_owned(),
        member: MEMBERS[(i % 4) as usize].to_owned(),
        seat: (i % 11) as u32 + 1,
        choice: if i.is_multiple_of(3) { "no" } else { "yes" }.to_owned(),
        weight: Decimal::new(125 + (i % 7) as i64, 1),
        entered_by: "secretary".to_owned(),
    }
}

fn time(i: u64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 5, 9, 0, 0).unwrap() + chrono::Duration::milliseconds(i as i64)
}

fn bench_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("journal-bench-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

fn append(c: &mut Criterion) {
    let dir = bench_dir();
    let ev = event(1);

    let journal_path = dir.path().join("journal.jsonl");
    let (mut journal, _, _) = Journal::<Ev>::open_writer(&journal_path).unwrap();
    // One append to learn the line length, for the bare loop.
    journal.append(time(0), "secretary", &ev).unwrap();
    let line_len = fs::metadata(&journal_path).unwrap().len() as usize;
    let event_len = serde_json::to_vec(&ev).unwrap().len();
    eprintln!("append: event {event_len} bytes, line {line_len} bytes (with newline)");

    let bare_path = dir.path().join("bare.jsonl");
    let mut bare = OpenOptions::new()
        .append(true)
        .create(true)
        .open(&bare_path)
        .unwrap();
    let mut bare_line = vec![b'x'; line_len - 1];
    bare_line.push(b'\n');

    let mut group = c.benchmark_group("append");
    group.throughput(Throughput::Elements(1));
    group.sample_size(20);
    let mut i = 1;
    group.bench_function("journal_append_sync", |b| {
        b.iter(|| {
            i += 1;
            black_box(journal.append(time(i), "secretary", &ev).unwrap());
        });
    });
    group.bench_function("bare_write_all_sync_data", |b| {
        b.iter(|| {
            bare.write_all(black_box(&bare_line)).unwrap();
            bare.sync_data().unwrap();
        });
    });
    group.finish();
}

/// Writes a journal of `n` events directly, following the documented line format, without a
/// flush per line (100,000 flushes would take minutes). Checked against the engine's own output.
fn generate(path: &Path, n: u64) {
    #[derive(Serialize)]
    struct Line<'a> {
        seq: u64,
        at: &'a str,
        by: &'a str,
        prev: &'a str,
        event: &'a Ev,
    }
    let mut out = Vec::with_capacity(n as usize * 330);
    let mut prev = GENESIS_PREV.to_owned();
    for seq in 1..=n {
        let at = time(seq).to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let ev = event(seq);
        let line = serde_json::to_vec(&Line {
            seq,
            at: &at,
            by: "secretary",
            prev: &prev,
            event: &ev,
        })
        .unwrap();
        prev = Sha256::digest(&line)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        out.extend_from_slice(&line);
        out.push(b'\n');
    }
    fs::write(path, out).unwrap();
}

fn replay(c: &mut Criterion) {
    let dir = bench_dir();

    // The generator must write exactly what the engine writes.
    let small = dir.path().join("small.jsonl");
    generate(&small, 3);
    let engine = dir.path().join("engine.jsonl");
    let (mut journal, _, _) = Journal::<Ev>::open_writer(&engine).unwrap();
    for seq in 1..=3 {
        journal.append(time(seq), "secretary", &event(seq)).unwrap();
    }
    drop(journal);
    assert_eq!(fs::read(&small).unwrap(), fs::read(&engine).unwrap());

    let path = dir.path().join("journal.jsonl");
    generate(&path, REPLAY_EVENTS);
    let (records, warnings) = Journal::<Ev>::read(&path).unwrap();
    assert_eq!(records.len() as u64, REPLAY_EVENTS);
    assert!(warnings.is_empty());
    eprintln!(
        "replay: {} events, {} bytes",
        REPLAY_EVENTS,
        fs::metadata(&path).unwrap().len()
    );

    let mut group = c.benchmark_group("replay");
    group.throughput(Throughput::Elements(REPLAY_EVENTS));
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("read_100k", |b| {
        b.iter(|| black_box(Journal::<Ev>::read(&path).unwrap().0.len()));
    });
    group.bench_function("verify_100k", |b| {
        b.iter(|| black_box(verify(&path).unwrap().count));
    });
    group.finish();
}

criterion_group!(benches, append, replay);
criterion_main!(benches);
