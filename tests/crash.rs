//! The crash test of issue #3: the real binary records a meeting from a script and is killed with
//! SIGKILL at many pseudo-random moments. After every kill the journal must hold every event the
//! binary acknowledged, unchanged, in an unbroken hash chain, and replay to exactly the state a
//! clean (never killed) recording of the same events reaches. The next run resumes the script
//! where the journal ends.
//!
//! Also: a torn tail made by hand, a corrupted middle line refused through the CLI. (A second
//! writer is refused: see `tests/cli.rs`.)
//!
//! Everything runs on scratch copies of `boards/river-valley`; nothing is written into the
//! checkout. The delays come from a fixed seed, so every run kills at the same offsets (the
//! machine's speed decides how far the binary got by then).
//!
//! Unix only: the kill must be a SIGKILL (`Child::kill`), and the exit status is read as a signal.

#![cfg(unix)]

mod common;
use common::scratch_board;

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use procboard::meeting::{JOURNAL_FILE, Meeting};
use procboard::record::event::Event;
use procboard::record::journal::{self, Journal, Warning};
use serde_json::{Value, json};

/// The meeting the script records: river-valley's March 2025 meeting (chair: bramblekill).
const MEETING: &str = "meetings/2025-03-regular";
/// Fixed seed for the script and the kill delays.
const SEED: u64 = 0x5EED_2025_0311_1830;
/// At least this many runs must end by SIGKILL.
const KILLS: usize = 50;

fn procboard_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("procboard")
}

/// xorshift64*: small, deterministic, good enough to pick delays and events.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

// ------------------------------------------------------------------------------------------------
// The script: a long, valid meeting with an explicit "at" and "by" on every line.
// ------------------------------------------------------------------------------------------------

const SEATED: [(&str, &str, Option<&str>); 10] = common::RIVER_VALLEY_SEATED;
const ROOSEKILL: usize = common::RIVER_VALLEY_ROOSEKILL;
const SECRETARY: &str = "Diane Marchetti";

/// One scripted event with its time and recorder.
#[derive(Clone, Debug)]
struct Step {
    at: DateTime<Utc>,
    by: String,
    event: Value,
}

impl Step {
    /// The input line for `procboard meeting <DIR> record`.
    fn line(&self) -> String {
        let mut obj = self.event.clone();
        let map = obj.as_object_mut().expect("events are objects");
        map.insert(
            "at".into(),
            Value::String(self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        );
        map.insert("by".into(), Value::String(self.by.clone()));
        serde_json::to_string(&obj).expect("serialisable")
    }

    fn event(&self) -> Event {
        serde_json::from_value(self.event.clone()).expect("the script's events are well-formed")
    }
}

struct ScriptBuilder {
    steps: Vec<Step>,
    rng: Rng,
    present: [bool; 10],
    motions: usize,
    start: DateTime<Utc>,
}

impl ScriptBuilder {
    fn push(&mut self, by: &str, event: Value) {
        let at = self.start + chrono::Duration::seconds(self.steps.len() as i64 * 7);
        self.steps.push(Step {
            at,
            by: by.to_string(),
            event,
        });
    }

    fn attendance(&mut self, i: usize, present: bool, correction: bool) {
        let (member, delegate, alternate) = SEATED[i];
        let mut ev = if present {
            let status = if self.rng.chance(5) {
                "remote"
            } else {
                "present"
            };
            match alternate {
                Some(alt) if self.rng.chance(4) => json!({
                    "type": "attendance", "member": member, "status": status,
                    "person": alt, "alternate": true
                }),
                _ => json!({
                    "type": "attendance", "member": member, "status": status, "person": delegate
                }),
            }
        } else {
            let status = if self.rng.chance(3) {
                "excused"
            } else {
                "absent"
            };
            json!({"type": "attendance", "member": member, "status": status})
        };
        if correction {
            ev["type"] = json!("attendance_corrected");
            ev["reason"] = json!("the secretary ticked the wrong box");
        }
        self.present[i] = present;
        self.push(SECRETARY, ev);
    }

    fn eligible(&self, recused: &[usize]) -> Vec<usize> {
        (0..SEATED.len())
            .filter(|i| self.present[*i] && !recused.contains(i))
            .collect()
    }

    fn motion(&mut self, item: &str, recused: &[usize]) {
        let eligible = self.eligible(recused);
        if eligible.is_empty() {
            self.push(
                SECRETARY,
                json!({"type": "note", "item": item, "text": "no one entitled to move"}),
            );
            return;
        }
        self.motions += 1;
        let id = format!("m{}", self.motions);
        let mover = eligible[self.rng.below(eligible.len())];
        self.push(
            SECRETARY,
            json!({
                "type": "motion_moved", "motion": id, "item": item,
                "text": format!("Motion {id} on item {item}"), "mover": SEATED[mover].0
            }),
        );
        if eligible.len() >= 2 && !self.rng.chance(4) {
            let others: Vec<usize> = eligible.iter().copied().filter(|&i| i != mover).collect();
            let seconder = others[self.rng.below(others.len())];
            self.push(
                SECRETARY,
                json!({"type": "motion_seconded", "motion": id, "seconder": SEATED[seconder].0}),
            );
        }
        if self.rng.chance(12) {
            self.push(SECRETARY, json!({"type": "motion_withdrawn", "motion": id}));
            return;
        }
        self.push(SECRETARY, json!({"type": "question_put", "motion": id}));
        let mut voted = Vec::new();
        for &i in &eligible {
            if self.rng.chance(6) {
                continue;
            }
            let choice = match self.rng.below(10) {
                0..=4 => "yes",
                5..=7 => "no",
                _ => "abstain",
            };
            self.push(
                "Clerk",
                json!({"type": "vote_cast", "motion": id, "member": SEATED[i].0, "vote": choice}),
            );
            voted.push((i, choice));
        }
        if !voted.is_empty() && self.rng.chance(6) {
            let (i, choice) = voted[self.rng.below(voted.len())];
            let corrected = if choice == "yes" { "no" } else { "yes" };
            self.push(
                "Clerk",
                json!({
                    "type": "vote_corrected", "motion": id, "member": SEATED[i].0,
                    "vote": corrected, "reason": "entered against the wrong name"
                }),
            );
        }
        self.push(SECRETARY, json!({"type": "vote_closed", "motion": id}));
    }
}

/// A long meeting: roll call, then items 1 to 8 each with many blocks of attendance changes,
/// notes and motions with their votes, then item 9 and adjournment. Item 4 and 5 concern
/// tender road-salt-2025, from which roosekill is recused in the tender file; hendrick-falls
/// declares a recusal for item 6.
fn script(blocks_per_item: usize) -> Vec<Step> {
    let mut b = ScriptBuilder {
        steps: Vec::new(),
        rng: Rng::new(SEED),
        present: [false; 10],
        motions: 0,
        start: Utc
            .with_ymd_and_hms(2025, 3, 11, 22, 30, 0)
            .single()
            .expect("valid time"),
    };
    b.push(SECRETARY, json!({"type": "meeting_opened"}));
    for i in 0..SEATED.len() {
        let present = !b.rng.chance(5);
        b.attendance(i, present, false);
    }
    for n in 1..=8 {
        let item = n.to_string();
        b.push(SECRETARY, json!({"type": "item_opened", "item": item}));
        let mut recused = Vec::new();
        if n == 4 || n == 5 {
            recused.push(ROOSEKILL);
        }
        if n == 6 {
            b.push(
                SECRETARY,
                json!({
                    "type": "recusal", "member": "hendrick-falls", "scope": {"item": "6"},
                    "reason": "delegate's brother-in-law works for the protester"
                }),
            );
            recused.push(5);
        }
        for _ in 0..blocks_per_item {
            match b.rng.below(10) {
                0..=2 => {
                    let i = b.rng.below(SEATED.len());
                    let now = b.present[i];
                    let correction = b.rng.chance(8);
                    b.attendance(i, !now, correction);
                }
                3 => {
                    let text = format!("discussion on item {item}, point {}", b.steps.len());
                    b.push(
                        SECRETARY,
                        json!({"type": "note", "item": item, "text": text}),
                    );
                }
                _ => b.motion(&item, &recused),
            }
        }
        b.push(SECRETARY, json!({"type": "item_closed", "item": item}));
    }
    b.push(SECRETARY, json!({"type": "item_opened", "item": "9"}));
    b.push(
        SECRETARY,
        json!({"type": "note", "text": "the chair thanks the members"}),
    );
    b.push(SECRETARY, json!({"type": "adjourned"}));
    b.steps
}

// ------------------------------------------------------------------------------------------------
// Running the binary and checking the journal after each run.
// ------------------------------------------------------------------------------------------------

/// When to kill a run.
#[derive(Clone, Copy, Debug)]
enum KillAt {
    /// This long after spawning (may land while it loads the board or repairs the journal).
    AfterSpawn(Duration),
    /// This long after its first acknowledgement (lands in the middle of the stream).
    AfterFirstAck(Duration),
    /// Never: feed the rest of the script and let it finish.
    Never,
}

/// What one run of `procboard meeting <DIR> record` did.
struct Run {
    acks: Vec<(u64, String)>,
    killed: bool,
    stderr: String,
}

fn run_binary(meeting: &Path, lines: Vec<String>, kill: KillAt) -> Run {
    let mut child: Child = Command::new(procboard_bin())
        .arg("meeting")
        .arg(meeting)
        .args(["record", "--by", "Fallback Recorder"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn procboard");
    let spawned = Instant::now();
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = thread::spawn(move || {
        for line in lines {
            // The child may be killed at any time: a broken pipe ends the feed.
            if writeln!(stdin, "{line}").is_err() {
                return;
            }
        }
        // Dropping stdin closes it: the child finishes and exits.
    });
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    let reader = thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let mut parts = line.split(' ');
            let ok = parts.next();
            let seq = parts.next().and_then(|s| s.parse::<u64>().ok());
            let kind = parts.next();
            match (ok, seq, kind, parts.next()) {
                (Some("ok"), Some(seq), Some(kind), None) => {
                    if tx.send((seq, kind.to_string())).is_err() {
                        break;
                    }
                }
                _ => panic!("unexpected acknowledgement line {line:?}"),
            }
        }
    });
    let mut stderr_pipe = child.stderr.take().expect("stderr");
    let err_reader = thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr_pipe.read_to_string(&mut s);
        s
    });

    let mut acks = Vec::new();
    match kill {
        KillAt::AfterSpawn(d) => {
            thread::sleep(d.saturating_sub(spawned.elapsed()));
            let _ = child.kill();
        }
        KillAt::AfterFirstAck(d) => {
            // A generous limit: the binary acknowledges its first event within milliseconds.
            if let Ok(first) = rx.recv_timeout(Duration::from_secs(60)) {
                acks.push(first);
                thread::sleep(d);
            }
            let _ = child.kill();
        }
        KillAt::Never => {}
    }
    let status = child.wait().expect("wait for procboard");
    reader.join().expect("stdout reader");
    acks.extend(rx.try_iter());
    feeder.join().expect("stdin feeder");
    let stderr = err_reader.join().expect("stderr reader");
    let killed = status.signal() == Some(9);
    assert!(
        killed || status.success(),
        "procboard failed ({status}) instead of recording or being killed:\n{stderr}"
    );
    Run {
        acks,
        killed,
        stderr,
    }
}

/// The state as JSON, the form compared between a crashed and a clean journal.
fn state_json(m: &Meeting) -> Value {
    serde_json::to_value(&m.state).expect("state serialises")
}

/// One pass through the whole script on a fresh board, killed again and again.
struct Round {
    _tmp: tempfile::TempDir,
    meeting: PathBuf,
    _clean_tmp: tempfile::TempDir,
    /// The clean recording: the same events recorded by the library, never killed.
    clean: Meeting,
    /// Fingerprints of every record seen so far: they must never change.
    known: Vec<String>,
}

#[derive(Default, Debug)]
struct Tally {
    runs: usize,
    kills: usize,
    kills_mid_stream: usize,
    torn_tails: usize,
    events: usize,
    rounds: usize,
}

impl Round {
    fn new() -> Round {
        let (tmp, board) = scratch_board("river-valley");
        let (clean_tmp, clean_board) = scratch_board("river-valley");
        let clean = Meeting::open_writer(&clean_board.join(MEETING)).expect("clean meeting opens");
        Round {
            _tmp: tmp,
            meeting: board.join(MEETING),
            _clean_tmp: clean_tmp,
            clean,
            known: Vec::new(),
        }
    }

    fn journal(&self) -> PathBuf {
        self.meeting.join(JOURNAL_FILE)
    }

    /// Checks the journal after a run and returns how many events it holds.
    fn check(&mut self, script: &[Step], before: usize, run: &Run, tally: &mut Tally) -> usize {
        let path = self.journal();
        let acked: Vec<u64> = run.acks.iter().map(|(s, _)| *s).collect();
        let expected: Vec<u64> = (before as u64 + 1..=(before + acked.len()) as u64).collect();
        assert_eq!(
            acked, expected,
            "the run resumes right after the journal's last event and acknowledges in order"
        );
        // Every warning the binary printed is about an incomplete last line.
        for line in run.stderr.lines() {
            assert!(
                line.starts_with("warning: line ")
                    && line.contains("of the journal was incomplete"),
                "unexpected message from procboard: {line}"
            );
        }

        // (1) Read-only: skips a torn tail without touching the file.
        let bytes_before = fs::read(&path).unwrap_or_default();
        let (typed, raw_warnings) = if path.exists() {
            Journal::<Event>::read(&path).expect("the journal reads after a kill")
        } else {
            (Vec::new(), Vec::new())
        };
        for w in &raw_warnings {
            assert!(
                matches!(w, Warning::TornTail { moved_to: None, .. }),
                "only a torn tail may be left by a kill, got {w:?}"
            );
        }
        let read = Meeting::open_read(&self.meeting).expect("the meeting opens after a kill");
        assert_eq!(fs::read(&path).unwrap_or_default(), bytes_before);
        for w in &read.warnings {
            assert!(
                w.starts_with("line ") && w.contains("of the journal was incomplete"),
                "unexpected warning: {w}"
            );
        }
        let n = read.records.len();
        assert_eq!(typed.len(), n);
        assert!(n >= before, "the journal lost events: {n} < {before}");
        assert!(n <= script.len());
        // Every acknowledged event is present, with the type acknowledged.
        for (seq, kind) in &run.acks {
            let r = read
                .records
                .get(*seq as usize - 1)
                .unwrap_or_else(|| panic!("acknowledged event {seq} ({kind}) is missing"));
            assert_eq!(r.seq, *seq);
            assert_eq!(r.event.kind(), kind);
        }
        // ... and unchanged: every record seen before keeps its fingerprint (so its bytes).
        for (i, h) in self.known.iter().enumerate() {
            assert_eq!(&read.records[i].hash, h, "record {} changed", i + 1);
        }
        self.known.extend(
            read.records[self.known.len()..]
                .iter()
                .map(|r| r.hash.clone()),
        );

        // (2) The hash chain is intact.
        if path.exists() {
            let summary = journal::verify(&path).expect("the chain is intact");
            assert_eq!(summary.count, n as u64);
            assert_eq!(
                summary.last_hash,
                read.records
                    .last()
                    .map_or(journal::GENESIS_PREV, |r| &r.hash)
            );
        }

        // (3) Same state as a clean recording of the same events (same `at`, same `by`).
        for step in &script[self.clean.records.len()..n] {
            self.clean
                .record(&step.by, step.at, step.event())
                .expect("the clean recording accepts the script");
        }
        let clean_hashes: Vec<&String> = self.clean.records.iter().map(|r| &r.hash).collect();
        let read_hashes: Vec<&String> = read.records.iter().map(|r| &r.hash).collect();
        assert_eq!(
            read_hashes, clean_hashes,
            "the killed journal holds exactly the lines of the clean one"
        );
        let read_state = state_json(&read);
        assert_eq!(read_state, state_json(&self.clean));

        // The repair path: opening for writing moves a torn tail aside.
        let writer = Meeting::open_writer(&self.meeting).expect("the writer reopens after a kill");
        assert_eq!(writer.warnings.len(), raw_warnings.len());
        for w in &writer.warnings {
            assert!(
                w.starts_with("line ") && w.contains("was moved to"),
                "unexpected warning: {w}"
            );
        }
        tally.torn_tails += writer.warnings.len();
        assert_eq!(writer.records.len(), n);
        assert_eq!(state_json(&writer), read_state);
        drop(writer);
        if path.exists() {
            let (_, after_repair) = Journal::<Event>::read(&path).expect("repaired journal");
            assert!(after_repair.is_empty(), "{after_repair:?}");
        }

        tally.runs += 1;
        tally.events += run.acks.len();
        if run.killed {
            tally.kills += 1;
            if !run.acks.is_empty() && n < script.len() {
                tally.kills_mid_stream += 1;
            }
        }
        n
    }
}

fn remaining_lines(script: &[Step], from: usize) -> Vec<String> {
    script[from..].iter().map(Step::line).collect()
}

/// Tests in this file that hold a writer's lock and tests that start child processes run one at a
/// time: a child started by one test inherits, between fork and exec, every descriptor of this
/// process, including another test's lock, and would make that test's next lock attempt fail.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[test]
fn killed_at_random_moments_the_journal_keeps_every_acknowledged_event() {
    let _serial = serial();
    let started = Instant::now();
    let script = script(60);
    let mut rng = Rng::new(SEED ^ 0xD1CE);
    let mut tally = Tally::default();
    let mut round = Round::new();
    tally.rounds = 1;
    let mut done = 0usize;
    let mut iteration = 0usize;
    while tally.kills < KILLS {
        if done == script.len() {
            // The script was finished between kills: start it again on a fresh board.
            round = Round::new();
            tally.rounds += 1;
            done = 0;
        }
        let delay = Duration::from_millis(rng.below(31) as u64);
        let kill = if iteration.is_multiple_of(4) {
            KillAt::AfterSpawn(delay)
        } else {
            KillAt::AfterFirstAck(delay)
        };
        iteration += 1;
        let run = run_binary(&round.meeting, remaining_lines(&script, done), kill);
        done = round.check(&script, done, &run, &mut tally);
    }
    // The last run is not killed: the script resumes where the journal ends and completes.
    let before_final = done;
    let run = run_binary(
        &round.meeting,
        remaining_lines(&script, done),
        KillAt::Never,
    );
    assert!(!run.killed);
    done = round.check(&script, done, &run, &mut tally);
    assert_eq!(done, script.len());
    let fin = Meeting::open_read(&round.meeting).expect("final journal");
    assert!(fin.state.adjourned_at.is_some());
    assert!(fin.state.motions.len() > 100, "the script votes a lot");

    eprintln!(
        "crash test: {} events in the script, {} recorded before the last (unkilled) run, \
         {tally:?}, {:.1} s",
        script.len(),
        before_final,
        started.elapsed().as_secs_f64()
    );
    assert!(tally.kills >= KILLS);
    // Most kills landed while the binary was recording (not only during start-up).
    assert!(
        tally.kills_mid_stream >= KILLS / 2,
        "only {} of {} kills landed mid-stream",
        tally.kills_mid_stream,
        tally.kills
    );
}

#[test]
fn the_script_is_valid_and_replays_identically() {
    let _serial = serial();
    // The script itself, recorded by the library in one go: every line accepted, and the
    // outcomes vary (carried, failed, no quorum), so the crash test exercises the real rules.
    let script = script(60);
    let (_tmp, board) = scratch_board("river-valley");
    let dir = board.join(MEETING);
    let mut m = Meeting::open_writer(&dir).expect("opens");
    for (i, step) in script.iter().enumerate() {
        if let Err(e) = m.record(&step.by, step.at, step.event()) {
            panic!("script line {} refused: {e}\n{}", i + 1, step.line());
        }
    }
    let outcomes: BTreeSet<String> = m
        .state
        .motions
        .iter()
        .filter_map(|mo| mo.result())
        .map(|t| procboard::record::state::outcome_word(t).to_string())
        .collect();
    assert!(outcomes.contains("carried"), "{outcomes:?}");
    assert!(outcomes.contains("failed"), "{outcomes:?}");
    assert!(outcomes.contains("no_quorum"), "{outcomes:?}");
    let again = Meeting::open_read(&dir).expect("replays");
    assert_eq!(state_json(&again), state_json(&m));
}

// ------------------------------------------------------------------------------------------------
// Damage made by hand.
// ------------------------------------------------------------------------------------------------

fn record_steps(dir: &Path, steps: &[Step]) {
    let input: String = steps.iter().map(|s| s.line() + "\n").collect();
    let out = Command::new(procboard_bin())
        .arg("meeting")
        .arg(dir)
        .arg("record")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().expect("stdin").write_all(input.as_bytes())?;
            c.wait_with_output()
        })
        .expect("run procboard");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn status(dir: &Path) -> std::process::Output {
    Command::new(procboard_bin())
        .arg("meeting")
        .arg(dir)
        .arg("status")
        .output()
        .expect("run procboard")
}

#[test]
fn a_torn_tail_made_by_hand_loads_with_a_warning_and_the_rest_intact() {
    let _serial = serial();
    let script = script(2);
    let (_tmp, board) = scratch_board("river-valley");
    let dir = board.join(MEETING);
    record_steps(&dir, &script[..8]);
    let path = dir.join(JOURNAL_FILE);
    let good = fs::read(&path).unwrap();
    let before = Meeting::open_read(&dir).unwrap();
    assert_eq!(before.records.len(), 8);
    assert!(before.warnings.is_empty(), "{:?}", before.warnings);

    // Half of the line the next event would have written, without its newline.
    let (_tmp2, board2) = scratch_board("river-valley");
    let dir2 = board2.join(MEETING);
    record_steps(&dir2, &script[..9]);
    let full = fs::read(dir2.join(JOURNAL_FILE)).unwrap();
    let ninth = &full[good.len()..full.len() - 1];
    let half = &ninth[..ninth.len() / 2];
    let mut torn = good.clone();
    torn.extend_from_slice(half);
    fs::write(&path, &torn).unwrap();

    // Reading: the tail is skipped, the file left as it is.
    let read = Meeting::open_read(&dir).expect("a torn tail is not tampering");
    assert_eq!(read.records, before.records);
    assert_eq!(state_json(&read), state_json(&before));
    assert_eq!(read.warnings.len(), 1);
    assert!(
        read.warnings[0].starts_with(&format!(
            "line 9 of the journal was incomplete ({} bytes",
            half.len()
        )),
        "{}",
        read.warnings[0]
    );
    assert!(read.warnings[0].contains("left unchanged"));
    assert_eq!(fs::read(&path).unwrap(), torn);

    // `meeting status` shows it as a warning and succeeds.
    let out = status(&dir);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("(8 events)"), "{stdout}");
    assert!(
        stdout.contains("warning: line 9 of the journal was incomplete"),
        "{stdout}"
    );

    // Writing: the tail is moved aside, the journal cut back to its last complete line.
    let writer = Meeting::open_writer(&dir).expect("repairs");
    assert_eq!(writer.records, before.records);
    assert_eq!(writer.warnings.len(), 1);
    assert!(writer.warnings[0].contains("was moved to"));
    drop(writer);
    assert_eq!(fs::read(&path).unwrap(), good);
    assert_eq!(fs::read(dir.join("journal.jsonl.torn-1")).unwrap(), half);

    // And recording carries on, giving the same journal as if nothing had happened.
    record_steps(&dir, &script[8..9]);
    assert_eq!(fs::read(&path).unwrap(), full);
    journal::verify(&path).expect("sound chain");
}

#[test]
fn a_corrupted_middle_line_is_refused_as_tampering_naming_the_line() {
    let _serial = serial();
    let script = script(2);
    let (_tmp, board) = scratch_board("river-valley");
    let dir = board.join(MEETING);
    record_steps(&dir, &script[..8]);
    let path = dir.join(JOURNAL_FILE);
    let good = fs::read(&path).unwrap();

    // Flip one byte inside line 3 (a letter of its recorder's name): still JSON, but line 4's
    // fingerprint of it no longer matches.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            good.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let line3 = &good[starts[2]..starts[3]];
    let offset = starts[2]
        + line3
            .windows(SECRETARY.len())
            .position(|w| w == SECRETARY.as_bytes())
            .expect("line 3 names its recorder");
    let mut bad = good.clone();
    bad[offset] ^= 0x01; // 'D' -> 'E'
    fs::write(&path, &bad).unwrap();

    let out = status(&dir);
    assert!(
        !out.status.success(),
        "status must refuse a tampered journal"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("altered or damaged at line 3"), "{stderr}");
    assert!(
        stderr.contains("line 4 recorded for it"),
        "the message explains the broken fingerprint: {stderr}"
    );

    // A byte flipped into broken JSON is named too.
    let mut broken = good.clone();
    broken[starts[2]] = b'[';
    fs::write(&path, &broken).unwrap();
    let out = status(&dir);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("at line 3"), "{stderr}");

    // Recording refuses as well, and leaves the file alone: nothing is repaired or cut.
    fs::write(&path, &bad).unwrap();
    let out = Command::new(procboard_bin())
        .arg("meeting")
        .arg(&dir)
        .arg("record")
        .stdin(Stdio::null())
        .output()
        .expect("run procboard");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3"));
    assert_eq!(fs::read(&path).unwrap(), bad);
    assert!(Meeting::open_writer(&dir).is_err());
    assert_eq!(fs::read(&path).unwrap(), bad);
}
