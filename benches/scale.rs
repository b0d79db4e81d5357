//! Scale (issue #7, item 18): costs that must not grow with the board faster than its size.
//!
//! - `scale/roll_call_10k`: a 10,000-member board: open the meeting, record 10,000 attendance
//!   events through `Meeting::record` (checks, append, fsync, apply), then build the status.
//!   Target < 1 s. The journal lives in a RAM folder (`/dev/shm`) where one exists, so the
//!   figure is the program's own cost, not the disk's 10,000 fsyncs.
//! - `scale/seats_100k`: `procboard seats` on a 100,000-member board: load + validate, seats on a
//!   date, the table and the JSON. Target < 1 s.
//! - `scale/tally_100k`: `procboard tally` of a 100,000-vote ballot on that board. Target < 1 s.
//! - `scale/diagnostics/{10k,100k}`: a board with 10,000 / 100,000 errors loaded and every
//!   diagnostic printed: the 100k figure should be about ten times the 10k one (linear).
//!
//! Run: `cargo bench --bench scale -- --warm-up-time 1 --measurement-time 3`.

use procboard::record::event::MeetingOpened;
use std::fmt::Write as _;
use std::fs;
use std::hint::black_box;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use procboard::board::synthetic::{Size, write_board};
use procboard::meeting::status::Status;
use procboard::meeting::{JOURNAL_FILE, Meeting};
use procboard::record::event::{Attendance, Event};

fn size(members: usize) -> Size {
    Size {
        members,
        meetings: 1,
        items: 4,
        tenders: 0,
        bids: 0,
        criteria: 0,
    }
}

/// A scratch folder, in RAM where the system has one.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap()
}

fn board(parent: &Path, name: &str, members: usize) -> PathBuf {
    let root = parent.join(name);
    fs::create_dir_all(&root).unwrap();
    write_board(&root, size(members)).unwrap();
    root
}

fn roll_call(meeting_dir: &Path) -> usize {
    let _ = fs::remove_file(meeting_dir.join(JOURNAL_FILE));
    let mut m = Meeting::open_writer(meeting_dir).unwrap();
    let at = Utc.with_ymd_and_hms(2025, 1, 10, 17, 30, 0).unwrap();
    m.record(
        "secretary",
        at,
        Event::MeetingOpened(MeetingOpened {
            presiding: None,
            secretary: None,
            frozen: None,
        }),
    )
    .unwrap();
    let members: Vec<String> = m
        .board
        .file
        .members
        .iter()
        .map(|x| x.id.get_ref().clone())
        .collect();
    for id in members {
        m.record(
            "secretary",
            at,
            Event::Attendance {
                member: id,
                status: Attendance::Present,
                person: None,
                alternate: false,
            },
        )
        .unwrap();
    }
    let register = procboard::disputes::register(&m.board).unwrap();
    let status = Status::of(&m, &register, NaiveDate::from_ymd_opt(2025, 1, 10).unwrap());
    status.to_string().len()
}

fn seats(root: &Path) -> usize {
    let (b, _) = procboard::board::load(root).valid().unwrap();
    let on = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
    let report = procboard::board::resolve::seats_on(&b, on).unwrap();
    report.to_string().len() + serde_json::to_string_pretty(&report).unwrap().len()
}

fn tally(root: &Path, ballot: &Path) -> usize {
    let (b, _) = procboard::board::load(root).valid().unwrap();
    let r = procboard::ballot::tally_file(&b, ballot).unwrap();
    r.tally.explanation.len() + serde_json::to_string_pretty(&r).unwrap().len()
}

/// Loads a board full of errors and prints every diagnostic (into a buffer).
fn diagnostics(root: &Path) -> usize {
    let loaded = procboard::board::load(root);
    let mut out = Vec::new();
    for d in &loaded.diagnostics {
        writeln!(out, "{d}").unwrap();
    }
    out.len()
}

/// A board of `members` whose every member has the weight 0: one error each.
fn bad_board(parent: &Path, name: &str, members: usize) -> PathBuf {
    let root = board(parent, name, members);
    let path = root.join("board.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    for w in 1..=7 {
        text = text.replace(&format!("weight = {w}\n"), "weight = 0\n");
    }
    fs::write(&path, text).unwrap();
    root
}

fn bench(c: &mut Criterion) {
    let tmp = scratch();
    let b10k = board(tmp.path(), "b10k", 10_000);
    let b100k = board(tmp.path(), "b100k", 100_000);
    let ballot = tmp.path().join("ballot.toml");
    let mut text = String::from("date = 2025-03-10\n[votes]\n");
    for i in 0..100_000 {
        let _ = writeln!(
            text,
            "m{i:04} = \"{}\"",
            if i % 3 == 0 { "no" } else { "yes" }
        );
    }
    fs::write(&ballot, text).unwrap();
    let bad10k = bad_board(tmp.path(), "bad10k", 10_000);
    let bad100k = bad_board(tmp.path(), "bad100k", 100_000);
    assert_eq!(procboard::board::load(&bad100k).error_count(), 100_000);

    let mut g = c.benchmark_group("scale");
    g.sample_size(10);
    let meeting = b10k.join("meetings/mt000");
    g.bench_function("roll_call_10k", |b| {
        b.iter(|| black_box(roll_call(&meeting)))
    });
    g.bench_function("seats_100k", |b| b.iter(|| black_box(seats(&b100k))));
    g.bench_function("tally_100k", |b| {
        b.iter(|| black_box(tally(&b100k, &ballot)))
    });
    g.bench_function("diagnostics/10k", |b| {
        b.iter(|| black_box(diagnostics(&bad10k)))
    });
    g.bench_function("diagnostics/100k", |b| {
        b.iter(|| black_box(diagnostics(&bad100k)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
