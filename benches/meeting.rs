//! Meeting replay and recording (issue #3).
//!
//! Setup builds, once, a journal of 100,000 events for river-valley's March 2025 meeting on a
//! scratch copy of the board: roll call, then agenda items with attendance changes, notes,
//! motions, seconds, votes, corrections, withdrawals and closes (outcomes carried, failed and no
//! quorum), every event recorded through `Meeting::record`. To keep the setup short the journal
//! is written in a RAM folder (`/dev/shm`) where one exists and then copied next to the board;
//! the benchmarks themselves run on the ordinary temporary folder.
//!
//! Benchmarks:
//! - `meeting/open_read_100k`: `Meeting::open_read` = load and validate the board, read the
//!   journal, check every line and the hash chain, fold the events to the state. Target < 200 ms.
//! - `meeting/phase/*`: the same work split into its phases, to see where the time goes.
//! - `meeting/record/*`: one event through `Meeting::record` (checks, append, fsync, apply).
//!
//! Run briefly: `cargo bench --bench meeting -- --warm-up-time 1 --measurement-time 5`.
//!
//! To check that an optimisation changes no output, set `PROCBOARD_DUMP=<file>`: the replayed
//! state of the generated meeting is written there as JSON; compare its hash before and after
//! (`cargo bench --bench meeting -- none` runs only the setup).

use procboard::record::event::{MeetingOpened, MotionMoved, VoteCast, VoteClosed, VoteCorrected};
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/common/mod.rs"]
mod common;
use procboard::meeting::{JOURNAL_FILE, Meeting, context};
use procboard::record::event::{Attendance, Event, VoteValue};
use procboard::record::journal::Journal;
use procboard::record::state::MeetingState;
use procboard::rules::voting::Choice;

const EVENTS: usize = 100_000;
const MEETING: &str = "2025-03-regular";
const SECRETARY: &str = "Diane Marchetti";

const SEATED: [(&str, &str, Option<&str>); 10] = common::RIVER_VALLEY_SEATED;
const ROOSEKILL: usize = common::RIVER_VALLEY_ROOSEKILL;

/// A scratch copy of river-valley under `parent`.
fn scratch(parent: &Path) -> PathBuf {
    let root = parent.join("river-valley");
    common::copy_dir(&common::repo("boards/river-valley"), &root);
    root
}

/// xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Records a realistic meeting, event by event, through the library.
struct Generator {
    m: Meeting,
    rng: Rng,
    present: [bool; 10],
    motions: usize,
    start: DateTime<Utc>,
}

impl Generator {
    fn rec(&mut self, by: &str, event: Event) {
        let at = self.start + chrono::Duration::seconds(self.m.records.len() as i64 * 3);
        if let Err(e) = self.m.record(by, at, event) {
            panic!("generator event refused: {e}");
        }
    }

    fn count(&self) -> usize {
        self.m.records.len()
    }

    fn attendance(&mut self, i: usize, present: bool) {
        let (member, delegate, alternate) = SEATED[i];
        let event = if present {
            let status = if self.rng.chance(5) {
                Attendance::Remote
            } else {
                Attendance::Present
            };
            let (person, alternate) = match alternate {
                Some(alt) if self.rng.chance(4) => (alt, true),
                _ => (delegate, false),
            };
            Event::Attendance {
                member: member.into(),
                status,
                person: Some(person.into()),
                alternate,
            }
        } else {
            Event::Attendance {
                member: member.into(),
                status: Attendance::Absent,
                person: None,
                alternate: false,
            }
        };
        self.present[i] = present;
        self.rec(SECRETARY, event);
    }

    fn motion(&mut self, item: &str, recused: &[usize]) {
        let eligible: Vec<usize> = (0..SEATED.len())
            .filter(|i| self.present[*i] && !recused.contains(i))
            .collect();
        if eligible.is_empty() {
            self.present[0] = false;
            self.attendance(0, true);
            return;
        }
        self.motions += 1;
        let id = format!("m{}", self.motions);
        let mover = eligible[self.rng.below(eligible.len())];
        self.rec(
            SECRETARY,
            Event::MotionMoved(MotionMoved {
                motion: id.clone(),
                item: item.into(),
                text: format!("Motion {id} on item {item}: approve the recommendation"),
                mover: SEATED[mover].0.into(),
                decision: None,
                amends: None,
                consent: Vec::new(),
            }),
        );
        if eligible.len() >= 2 && !self.rng.chance(4) {
            let others: Vec<usize> = eligible.iter().copied().filter(|&i| i != mover).collect();
            let seconder = others[self.rng.below(others.len())];
            self.rec(
                SECRETARY,
                Event::MotionSeconded {
                    motion: id.clone(),
                    seconder: SEATED[seconder].0.into(),
                },
            );
        }
        if self.rng.chance(12) {
            self.rec(SECRETARY, Event::MotionWithdrawn { motion: id });
            return;
        }
        self.rec(SECRETARY, Event::QuestionPut { motion: id.clone() });
        let mut voted = Vec::new();
        for &i in &eligible {
            if self.rng.chance(6) {
                continue;
            }
            let choice = match self.rng.below(10) {
                0..=4 => Choice::Yes,
                5..=7 => Choice::No,
                _ => Choice::Abstain,
            };
            self.rec(
                "Clerk",
                Event::VoteCast(VoteCast {
                    motion: id.clone(),
                    member: SEATED[i].0.into(),
                    vote: VoteValue::Whole(choice),
                    entered_by: String::new(),
                    proxy: None,
                }),
            );
            voted.push((i, choice));
        }
        if !voted.is_empty() && self.rng.chance(6) {
            let (i, choice) = voted[self.rng.below(voted.len())];
            let corrected = if choice == Choice::Yes {
                Choice::No
            } else {
                Choice::Yes
            };
            self.rec(
                "Clerk",
                Event::VoteCorrected(VoteCorrected {
                    motion: id.clone(),
                    member: SEATED[i].0.into(),
                    vote: VoteValue::Whole(corrected),
                    entered_by: String::new(),
                    reason: "entered against the wrong name".into(),
                }),
            );
        }
        self.rec(
            SECRETARY,
            Event::VoteClosed(VoteClosed {
                motion: id,
                outcome: String::new(),
                explanation: String::new(),
            }),
        );
    }
}

/// Writes a meeting of about `events` events into `meeting_dir` (not adjourned).
fn generate(meeting_dir: &Path, events: usize) {
    let m = Meeting::open_writer(meeting_dir).expect("meeting opens");
    let mut g = Generator {
        m,
        rng: Rng(0x5EED_2025_0311_1830),
        present: [false; 10],
        motions: 0,
        start: Utc
            .with_ymd_and_hms(2025, 3, 11, 22, 30, 0)
            .single()
            .expect("valid time"),
    };
    g.rec(
        SECRETARY,
        Event::MeetingOpened(MeetingOpened {
            presiding: None,
            secretary: None,
            frozen: None,
        }),
    );
    for i in 0..SEATED.len() {
        let present = !g.rng.chance(5);
        g.attendance(i, present);
    }
    let items = 8;
    for n in 1..=items {
        let item = n.to_string();
        let until = events * n / items - 1;
        g.rec(SECRETARY, Event::ItemOpened { item: item.clone() });
        let recused: &[usize] = if n == 4 || n == 5 { &[ROOSEKILL] } else { &[] };
        while g.count() < until.saturating_sub(12) {
            match g.rng.below(10) {
                0..=2 => {
                    let i = g.rng.below(SEATED.len());
                    let now = g.present[i];
                    g.attendance(i, !now);
                }
                3 => {
                    let text = format!("Discussion on item {item}, point {}", g.count());
                    g.rec(
                        SECRETARY,
                        Event::Note {
                            item: Some(item.clone()),
                            text,
                        },
                    );
                }
                _ => g.motion(&item, recused),
            }
        }
        while g.count() < until {
            g.rec(
                SECRETARY,
                Event::Note {
                    item: Some(item.clone()),
                    text: "Questions from the floor".into(),
                },
            );
        }
        g.rec(SECRETARY, Event::ItemClosed { item });
    }
}

struct Fixture {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    dir: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = scratch(tmp.path());
    let dir = root.join("meetings").join(MEETING);
    let started = Instant::now();
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        let fast = tempfile::tempdir_in(shm).expect("tempdir in /dev/shm");
        let fast_root = scratch(fast.path());
        let fast_dir = fast_root.join("meetings").join(MEETING);
        generate(&fast_dir, EVENTS);
        fs::copy(fast_dir.join(JOURNAL_FILE), dir.join(JOURNAL_FILE)).expect("copy journal");
    } else {
        generate(&dir, EVENTS);
    }
    let m = Meeting::open_read(&dir).expect("the generated meeting replays");
    assert_eq!(m.records.len(), EVENTS);
    let bytes = fs::metadata(dir.join(JOURNAL_FILE)).expect("journal").len();
    let outcomes = |word: &str| {
        m.state
            .motions
            .iter()
            .filter_map(|mo| mo.result())
            .filter(|t| procboard::record::state::outcome_word(t) == word)
            .count()
    };
    eprintln!(
        "setup: {} events ({:.1} MB), {} motions ({} carried, {} failed, {} no quorum), {} quorum changes, generated in {:.1} s",
        m.records.len(),
        bytes as f64 / 1e6,
        m.state.motions.len(),
        outcomes("carried"),
        outcomes("failed"),
        outcomes("no_quorum"),
        m.state.quorum_log.len(),
        started.elapsed().as_secs_f64()
    );
    if let Ok(dump) = std::env::var("PROCBOARD_DUMP") {
        let json = serde_json::to_string(&m.state).expect("state serialises");
        fs::write(dump, json).expect("dump written");
    }
    Fixture {
        _tmp: tmp,
        root,
        dir,
    }
}

fn replay(c: &mut Criterion) {
    let f = fixture();
    let mut g = c.benchmark_group("meeting");
    g.sample_size(10);
    g.bench_function("open_read_100k", |b| {
        // Freeing the state afterwards is not part of replay.
        b.iter_with_large_drop(|| Meeting::open_read(&f.dir).expect("opens"))
    });
    g.finish();

    // The phases of open_read, separately.
    let mut g = c.benchmark_group("meeting/phase");
    g.sample_size(10);
    g.bench_function("board_load_validate", |b| {
        b.iter(|| black_box(procboard::board::load(&f.root).valid().expect("valid")))
    });
    let path = f.dir.join(JOURNAL_FILE);
    g.bench_function("journal_read_verify_100k", |b| {
        b.iter_with_large_drop(|| Journal::<Event>::read(&path).expect("reads"))
    });
    let (board, _) = procboard::board::load(&f.root).valid().expect("valid");
    let (records, _) = Journal::<Event>::read(&path).expect("reads");
    g.bench_function("fold_100k", |b| {
        b.iter_with_large_drop(|| {
            let mut state = MeetingState::new(context(
                &board,
                MEETING,
                &procboard::disputes::Register::default(),
            ));
            for r in &records {
                state.apply(r.seq, r.at, &r.event).expect("replays");
            }
            state
        })
    });
    g.finish();
}

fn record(c: &mut Criterion) {
    // A fresh meeting (February) on an ordinary disk folder: every append is fsynced.
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = scratch(tmp.path());
    let dir = root.join("meetings/2025-02-regular");
    let mut m = Meeting::open_writer(&dir).expect("opens");
    let mut at = Utc
        .with_ymd_and_hms(2025, 2, 11, 23, 30, 0)
        .single()
        .expect("time");
    let mut tick = || {
        at += chrono::Duration::milliseconds(1);
        at
    };
    let opened = Event::MeetingOpened(MeetingOpened {
        presiding: None,
        secretary: None,
        frozen: None,
    });
    m.record(SECRETARY, tick(), opened).expect("opened");
    m.record(SECRETARY, tick(), Event::ItemOpened { item: "2".into() })
        .expect("item");

    let mut g = c.benchmark_group("meeting/record");
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("note", |b| {
        b.iter(|| {
            let note = Event::Note {
                item: Some("2".into()),
                text: "Salt stock at 40 % of the winter's reserve".into(),
            };
            black_box(m.record(SECRETARY, tick(), note).expect("recorded").seq)
        })
    });
    let mut present = false;
    g.bench_function("attendance", |b| {
        b.iter(|| {
            present = !present;
            let ev = Event::Attendance {
                member: "stonebridge".into(),
                status: if present {
                    Attendance::Present
                } else {
                    Attendance::Absent
                },
                person: None,
                alternate: false,
            };
            black_box(m.record(SECRETARY, tick(), ev).expect("recorded").seq)
        })
    });
    g.finish();
}

criterion_group!(benches, replay, record);
criterion_main!(benches);
