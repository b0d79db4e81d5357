//! The journal on disk: round trips, the hash chain, resuming, torn tails and tampering.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use procboard::record::journal::{
    GENESIS_PREV, Journal, JournalError, Record, TamperReason, Warning, verify,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Ev {
    RollCall {
        present: Vec<String>,
    },
    Vote {
        member: String,
        choice: String,
        weight: Decimal,
    },
    Note {
        text: String,
    },
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 5, 9, minute, 0).unwrap()
}

fn events() -> Vec<Ev> {
    vec![
        Ev::RollCall {
            present: vec!["Alpha".into(), "Beta".into(), "Gamma".into()],
        },
        Ev::Vote {
            member: "Alpha".into(),
            choice: "yes".into(),
            weight: dec!(40),
        },
        Ev::Vote {
            member: "Beta".into(),
            choice: "no".into(),
            weight: dec!(35),
        },
        Ev::Note {
            text: "Gamma abstains; \"quoted\"\nand a line break".into(),
        },
        Ev::Vote {
            member: "Gamma".into(),
            choice: "abstain".into(),
            weight: dec!(25.0),
        },
    ]
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        Fixture { _dir: dir, path }
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap()
    }

    /// Writes `n` of [`events`] and returns the records.
    fn write(&self, n: usize) -> Vec<Record<Ev>> {
        let (mut journal, existing, warnings) = Journal::<Ev>::open_writer(&self.path).unwrap();
        assert!(existing.is_empty() && warnings.is_empty());
        events()
            .iter()
            .take(n)
            .enumerate()
            .map(|(i, e)| {
                journal
                    .append(at(u32::try_from(i).unwrap()), "secretary", e)
                    .unwrap()
            })
            .collect()
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(&self.path).unwrap()
    }

    /// Byte offsets where each line starts, plus the file length.
    fn line_starts(&self) -> Vec<usize> {
        let bytes = self.bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        starts
    }

    fn side_files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".torn-"))
            .collect();
        names.sort();
        names
    }
}

fn sha_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn assert_chain(records: &[Record<Ev>], raw: &[u8]) {
    let lines: Vec<&[u8]> = raw
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), records.len());
    let mut prev = GENESIS_PREV.to_owned();
    for (i, (record, line)) in records.iter().zip(lines).enumerate() {
        assert_eq!(record.seq, i as u64 + 1);
        assert_eq!(record.prev, prev);
        assert_eq!(record.hash, sha_hex(line));
        prev.clone_from(&record.hash);
    }
}

fn tampered(err: JournalError) -> (u64, TamperReason) {
    match err {
        JournalError::Tampered { line, reason, .. } => (line, reason),
        other => panic!("expected Tampered, got {other:?}"),
    }
}

#[test]
fn round_trip_keeps_every_field() {
    let fx = Fixture::new();
    let written = fx.write(5);
    let (read, warnings) = Journal::<Ev>::read(&fx.path).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(read, written);
    assert_eq!(
        read.iter().map(|r| r.event.clone()).collect::<Vec<_>>(),
        events()
    );
    assert_eq!(read[3].at, at(3));
    assert_eq!(read[3].by, "secretary");
}

#[test]
fn seq_and_hash_chain_hold() {
    let fx = Fixture::new();
    let written = fx.write(5);
    assert_chain(&written, &fx.bytes());
    let summary = verify(&fx.path).unwrap();
    assert_eq!(summary.count, 5);
    assert_eq!(summary.last_hash, written[4].hash);
    assert!(summary.warnings.is_empty());
}

#[test]
fn empty_journal_is_valid() {
    let fx = Fixture::new();
    let (journal, records, warnings) = Journal::<Ev>::open_writer(&fx.path).unwrap();
    assert!(records.is_empty() && warnings.is_empty());
    assert_eq!(journal.next_seq(), 1);
    assert_eq!(journal.last_hash(), GENESIS_PREV);
    drop(journal);
    let summary = verify(&fx.path).unwrap();
    assert_eq!(
        (summary.count, summary.last_hash.as_str()),
        (0, GENESIS_PREV)
    );
}

#[test]
fn reopening_continues_the_chain() {
    let fx = Fixture::new();
    let first = fx.write(2);
    let (mut journal, records, warnings) = Journal::<Ev>::open_writer(&fx.path).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(records, first);
    assert_eq!(journal.next_seq(), 3);
    let third = journal
        .append(at(30), "chair", &Ev::Note { text: "x".into() })
        .unwrap();
    assert_eq!(third.seq, 3);
    assert_eq!(third.prev, first[1].hash);
    drop(journal);
    let (all, _) = Journal::<Ev>::read(&fx.path).unwrap();
    assert_eq!(all.len(), 3);
    assert_chain(&all, &fx.bytes());
}

#[test]
fn reading_a_missing_journal_is_an_io_error() {
    let fx = Fixture::new();
    let err = Journal::<Ev>::read(&fx.path).unwrap_err();
    assert!(matches!(err, JournalError::Io { ref path, .. } if *path == fx.path));
    assert!(err.to_string().contains("journal.jsonl"));
}

#[test]
fn torn_tail_at_every_offset_is_recovered() {
    let fx = Fixture::new();
    let written = fx.write(3);
    let full = fx.bytes();
    let starts = fx.line_starts();
    let last_start = starts[2];
    assert_eq!(starts[3], full.len());

    // Every cut strictly inside the last line. (A cut that loses only the newline leaves a
    // complete event: see `a_stripped_final_newline_keeps_the_last_event` in journal_edges.rs.)
    for cut in last_start + 1..full.len() - 1 {
        let case = Fixture::new();
        let torn = &full[last_start..cut];
        fs::write(&case.path, &full[..cut]).unwrap();

        // Reading only: skipped, reported, file untouched.
        let (records, warnings) = Journal::<Ev>::read(&case.path).unwrap();
        assert_eq!(records, written[..2], "cut at {cut}");
        assert_eq!(
            warnings,
            vec![Warning::TornTail {
                line: 3,
                bytes: torn.len() as u64,
                moved_to: None
            }]
        );
        assert_eq!(case.bytes(), &full[..cut]);
        assert_eq!(verify(&case.path).unwrap().count, 2);

        // Writing: moved aside, journal cut back, chain continues.
        let (mut journal, records, warnings) = Journal::<Ev>::open_writer(&case.path).unwrap();
        assert_eq!(records, written[..2], "cut at {cut}");
        let side = case.dir().join("journal.jsonl.torn-1");
        assert_eq!(
            warnings,
            vec![Warning::TornTail {
                line: 3,
                bytes: torn.len() as u64,
                moved_to: Some(side.clone())
            }]
        );
        assert_eq!(fs::read(&side).unwrap(), torn);
        assert_eq!(case.bytes(), &full[..last_start]);
        let next = journal
            .append(
                at(59),
                "secretary",
                &Ev::Note {
                    text: "resumed".into(),
                },
            )
            .unwrap();
        assert_eq!(
            (next.seq, next.prev.as_str()),
            (3, written[1].hash.as_str())
        );
        drop(journal);

        let (records, warnings) = Journal::<Ev>::read(&case.path).unwrap();
        assert!(warnings.is_empty(), "cut at {cut}: {warnings:?}");
        assert_eq!(records.len(), 3);
        assert_chain(&records, &case.bytes());
    }
}

#[test]
fn a_cut_at_a_line_boundary_is_a_clean_shorter_journal() {
    let fx = Fixture::new();
    let written = fx.write(3);
    let full = fx.bytes();
    let starts = fx.line_starts();
    for (complete, &cut) in starts.iter().enumerate() {
        fs::write(&fx.path, &full[..cut]).unwrap();
        let (records, warnings) = Journal::<Ev>::read(&fx.path).unwrap();
        assert_eq!(records, written[..complete]);
        assert!(warnings.is_empty());
    }
}

#[test]
fn every_cut_of_the_file_reads_as_the_complete_lines_before_it() {
    let fx = Fixture::new();
    let written = fx.write(5);
    let full = fx.bytes();
    let starts = fx.line_starts();
    for cut in 0..=full.len() {
        fs::write(&fx.path, &full[..cut]).unwrap();
        let (records, warnings) = Journal::<Ev>::read(&fx.path).unwrap();
        // A line cut just before its newline is complete: it still counts.
        let complete = starts.iter().filter(|&&s| s != 0 && s <= cut + 1).count();
        assert_eq!(records, written[..complete], "cut at {cut}");
        assert_eq!(
            warnings.len(),
            usize::from(!starts.contains(&cut) && !starts.contains(&(cut + 1)))
        );
    }
}

#[test]
fn repeated_crashes_never_overwrite_a_side_file() {
    let fx = Fixture::new();
    fx.write(2);
    for (i, tail) in [&b"{\"seq\":3,\"at\""[..], b"{\"seq\":3", b"\0\0\0"]
        .iter()
        .enumerate()
    {
        let mut bytes = fx.bytes();
        bytes.extend_from_slice(tail);
        fs::write(&fx.path, &bytes).unwrap();
        let (_journal, records, warnings) = Journal::<Ev>::open_writer(&fx.path).unwrap();
        assert_eq!(records.len(), 2);
        let expected = fx.dir().join(format!("journal.jsonl.torn-{}", i + 1));
        assert!(
            matches!(&warnings[..], [Warning::TornTail { moved_to: Some(p), .. }] if *p == expected)
        );
    }
    assert_eq!(
        fx.side_files(),
        [
            "journal.jsonl.torn-1",
            "journal.jsonl.torn-2",
            "journal.jsonl.torn-3"
        ]
    );
    assert_eq!(
        fs::read(fx.dir().join("journal.jsonl.torn-1")).unwrap(),
        b"{\"seq\":3,\"at\""
    );
    assert_eq!(
        fs::read(fx.dir().join("journal.jsonl.torn-3")).unwrap(),
        b"\0\0\0"
    );
}

#[test]
fn a_flipped_byte_in_a_middle_line_is_tampering_naming_that_line() {
    let fx = Fixture::new();
    fx.write(5);
    let full = fx.bytes();
    let starts = fx.line_starts();
    // Line 3 of 5; every byte except its newline, with three different bit flips.
    for pos in starts[2]..starts[3] - 1 {
        for mask in [0x01u8, 0x20, 0x80] {
            let mut bytes = full.clone();
            bytes[pos] ^= mask;
            fs::write(&fx.path, &bytes).unwrap();
            let err = Journal::<Ev>::read(&fx.path).unwrap_err();
            let line = match &err {
                JournalError::Tampered { line, .. } | JournalError::BadPayload { line, .. } => {
                    *line
                }
                other => panic!("byte {pos} ^ {mask:#x}: {other:?}"),
            };
            assert_eq!(line, 3, "byte {pos} ^ {mask:#x}: {err}");
            assert!(err.to_string().contains("line 3"), "{err}");
            // Opening for writing refuses the same way and changes nothing.
            assert!(Journal::<Ev>::open_writer(&fx.path).is_err());
            assert_eq!(fx.bytes(), bytes);
        }
    }
}

#[test]
fn a_changed_vote_is_caught_by_the_next_line() {
    let fx = Fixture::new();
    fx.write(5);
    let text = String::from_utf8(fx.bytes()).unwrap();
    // Beta's "no" becomes "yes": still a perfectly good event.
    fs::write(
        &fx.path,
        text.replacen("\"choice\":\"no\"", "\"choice\":\"yes\"", 1),
    )
    .unwrap();
    let err = Journal::<Ev>::read(&fx.path).unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
    assert_eq!(
        tampered(err),
        (3, TamperReason::AlteredContent { next_line: 4 })
    );
    assert!(verify(&fx.path).is_err());
}

#[test]
fn a_deleted_middle_line_is_tampering() {
    let fx = Fixture::new();
    fx.write(5);
    let full = fx.bytes();
    let starts = fx.line_starts();
    let mut bytes = full[..starts[2]].to_vec();
    bytes.extend_from_slice(&full[starts[3]..]);
    fs::write(&fx.path, &bytes).unwrap();
    let err = Journal::<Ev>::read(&fx.path).unwrap_err();
    assert_eq!(
        tampered(err),
        (
            3,
            TamperReason::WrongSeq {
                expected: 3,
                found: 4
            }
        )
    );
    assert!(verify(&fx.path).is_err());
    assert!(matches!(
        Journal::<Ev>::open_writer(&fx.path),
        Err(JournalError::Tampered { line: 3, .. })
    ));
}

#[test]
fn swapped_lines_are_tampering() {
    let fx = Fixture::new();
    fx.write(5);
    let full = fx.bytes();
    let s = fx.line_starts();
    let mut bytes = full[..s[1]].to_vec();
    bytes.extend_from_slice(&full[s[2]..s[3]]);
    bytes.extend_from_slice(&full[s[1]..s[2]]);
    bytes.extend_from_slice(&full[s[3]..]);
    fs::write(&fx.path, &bytes).unwrap();
    let (line, reason) = tampered(Journal::<Ev>::read(&fx.path).unwrap_err());
    assert_eq!(line, 2);
    assert!(matches!(reason, TamperReason::WrongSeq { .. }));
}

#[test]
fn a_renumbered_forgery_with_a_wrong_link_is_tampering() {
    // Delete line 3 and renumber the rest: seq is contiguous again, but line 4 (old line 4)
    // records the fingerprint of the deleted line.
    let fx = Fixture::new();
    fx.write(5);
    let text = String::from_utf8(fx.bytes()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let forged = [
        lines[0].to_owned(),
        lines[1].to_owned(),
        lines[3].replacen("\"seq\":4", "\"seq\":3", 1),
        lines[4].replacen("\"seq\":5", "\"seq\":4", 1),
    ]
    .join("\n")
        + "\n";
    fs::write(&fx.path, forged).unwrap();
    let (line, reason) = tampered(Journal::<Ev>::read(&fx.path).unwrap_err());
    assert_eq!(line, 2);
    assert_eq!(reason, TamperReason::AlteredContent { next_line: 3 });
}

#[test]
fn a_torn_tail_after_a_damaged_line_is_still_tampering() {
    let fx = Fixture::new();
    fx.write(3);
    let text = String::from_utf8(fx.bytes()).unwrap();
    let damaged = text.replacen("Alpha", "Alphx", 1) + "{\"seq\":4";
    fs::write(&fx.path, &damaged).unwrap();
    assert!(matches!(
        Journal::<Ev>::open_writer(&fx.path),
        Err(JournalError::Tampered { .. })
    ));
    assert_eq!(fx.bytes(), damaged.as_bytes());
    assert!(fx.side_files().is_empty());
}
