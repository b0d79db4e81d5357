//! Property tests: any payloads round-trip; no bytes make the reader panic; damage is never
//! silently accepted except on the unprotected last line.

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};
use procboard::record::journal::{GENESIS_PREV, Journal, JournalError, Record, verify};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Ev {
    Note {
        text: String,
    },
    Vote {
        member: String,
        choice: Option<bool>,
        weight: Decimal,
    },
    Scores {
        sheet: Vec<(String, u64)>,
        total: i64,
    },
    Adjourn,
}

fn any_decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..=28).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
}

fn any_event() -> impl Strategy<Value = Ev> {
    prop_oneof![
        any::<String>().prop_map(|text| Ev::Note { text }),
        (any::<String>(), any::<Option<bool>>(), any_decimal()).prop_map(
            |(member, choice, weight)| Ev::Vote {
                member,
                choice,
                weight
            }
        ),
        (
            proptest::collection::vec((any::<String>(), any::<u64>()), 0..4),
            any::<i64>()
        )
            .prop_map(|(sheet, total)| Ev::Scores { sheet, total }),
        Just(Ev::Adjourn),
    ]
}

/// Any instant in years 0000–9999, to the nanosecond.
fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
    (-62_167_219_200i64..253_402_300_800, 0u32..1_000_000_000)
        .prop_map(|(secs, nanos)| Utc.timestamp_opt(secs, nanos).unwrap())
}

/// Any author that is not blank.
fn any_author() -> impl Strategy<Value = String> {
    any::<String>().prop_filter("not blank", |s| !s.trim().is_empty())
}

fn check_invariants<E>(records: &[Record<E>]) {
    let mut prev = GENESIS_PREV;
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r.seq, i as u64 + 1);
        assert_eq!(r.prev, prev);
        assert_eq!(r.hash.len(), 64);
        assert!(!r.by.trim().is_empty());
        prev = &r.hash;
    }
}

/// A sound five-event journal, built once.
fn sample() -> &'static (Vec<u8>, Vec<Record<Ev>>) {
    static SAMPLE: OnceLock<(Vec<u8>, Vec<Record<Ev>>)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let (mut journal, _, _) = Journal::<Ev>::open_writer(&path).unwrap();
        let at = Utc.with_ymd_and_hms(2025, 3, 5, 9, 0, 0).unwrap();
        let events = [
            Ev::Note {
                text: "opened".into(),
            },
            Ev::Vote {
                member: "Alpha".into(),
                choice: Some(true),
                weight: Decimal::new(40, 0),
            },
            Ev::Vote {
                member: "Beta".into(),
                choice: Some(false),
                weight: Decimal::new(35, 0),
            },
            Ev::Scores {
                sheet: vec![("price".into(), 40), ("quality".into(), 38)],
                total: 78,
            },
            Ev::Adjourn,
        ];
        let records = events
            .iter()
            .map(|e| journal.append(at, "secretary", e).unwrap())
            .collect();
        (fs::read(&path).unwrap(), records)
    })
}

/// Reads `bytes` as a journal every way there is; none may panic. Returns the typed read.
fn read_all_ways(dir: &Path, bytes: &[u8]) -> Result<Vec<Record<Ev>>, JournalError> {
    let path = dir.join("journal.jsonl");
    fs::write(&path, bytes).unwrap();
    let typed = Journal::<Ev>::read(&path).map(|(records, _)| records);
    if let Ok(records) = &typed {
        check_invariants(records);
    }
    let summary = verify(&path);
    if let (Ok(records), Ok(summary)) = (&typed, &summary) {
        assert_eq!(summary.count, records.len() as u64);
    }
    // A typed read may only fail where the untyped one does, or on a payload.
    if summary.is_ok() {
        assert!(matches!(
            typed,
            Ok(_) | Err(JournalError::BadPayload { .. })
        ));
    }
    typed
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_payloads_round_trip(
        entries in proptest::collection::vec((any_time(), any_author(), any_event()), 0..8),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let (mut journal, _, _) = Journal::<Ev>::open_writer(&path).unwrap();
        let mut written = Vec::new();
        for (at, by, event) in &entries {
            let record = journal.append(*at, by, event).unwrap();
            prop_assert_eq!(record.at, *at);
            prop_assert_eq!(&record.by, by);
            prop_assert_eq!(&record.event, event);
            written.push(record);
        }
        drop(journal);

        let (read, warnings) = Journal::<Ev>::read(&path).unwrap();
        prop_assert!(warnings.is_empty());
        prop_assert_eq!(&read, &written);
        check_invariants(&read);

        let (journal, reopened, warnings) = Journal::<Ev>::open_writer(&path).unwrap();
        prop_assert!(warnings.is_empty());
        prop_assert_eq!(&reopened, &written);
        prop_assert_eq!(journal.next_seq(), written.len() as u64 + 1);
    }

    /// Opening damaged bytes for writing either refuses, or leaves a journal that reads cleanly.
    #[test]
    fn writer_open_leaves_a_clean_journal_or_refuses(
        cut in any::<prop::sample::Index>(),
        tail in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let (original, records) = sample();
        let mut bytes = original[..cut.index(original.len() + 1)].to_vec();
        bytes.extend_from_slice(&tail);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        fs::write(&path, &bytes).unwrap();
        if let Ok((journal, opened, _)) = Journal::<Ev>::open_writer(&path) {
            drop(journal);
            let (read, warnings) = Journal::<Ev>::read(&path).unwrap();
            prop_assert!(warnings.is_empty());
            prop_assert_eq!(&read, &opened);
            prop_assert!(fs::read(&path).unwrap().ends_with(b"\n") || read.is_empty());
            if let Some((_, before_last)) = read.split_last() {
                prop_assert_eq!(before_last, &records[..before_last.len()]);
            }
        } else {
            prop_assert_eq!(fs::read(&path).unwrap(), bytes);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        let _ = read_all_ways(dir.path(), &bytes);
    }

    #[test]
    fn line_shaped_garbage_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                Just(String::new()),
                "[{}\\[\\]\":,0-9a-z ]{0,40}",
                any::<String>(),
                Just(format!(
                    "{{\"seq\":1,\"at\":\"2025-03-05T09:00:00Z\",\"by\":\"s\",\"prev\":\"{GENESIS_PREV}\",\"event\":{{\"kind\":\"adjourn\"}}}}"
                )),
            ],
            0..6,
        ),
        trailing_newline in any::<bool>(),
    ) {
        let mut text = lines.join("\n");
        if trailing_newline {
            text.push('\n');
        }
        let dir = tempfile::tempdir().unwrap();
        let _ = read_all_ways(dir.path(), text.as_bytes());
    }

    /// Damage anywhere but the last line is always caught; on the last line, the worst that can
    /// happen is that the last record differs (it has no successor to vouch for it).
    #[test]
    fn damage_is_caught_or_confined_to_the_last_line(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..4),
    ) {
        let (original, records) = sample();
        let mut bytes = original.clone();
        for (index, byte, kind) in &edits {
            match kind {
                0 if !bytes.is_empty() => {
                    let i = index.index(bytes.len());
                    bytes[i] ^= byte | 1;
                }
                1 => {
                    let i = index.index(bytes.len() + 1);
                    bytes.insert(i, *byte);
                }
                _ if !bytes.is_empty() => {
                    let i = index.index(bytes.len());
                    bytes.remove(i);
                }
                _ => {}
            }
        }
        let dir = tempfile::tempdir().unwrap();
        if let Ok(read) = read_all_ways(dir.path(), &bytes)
            && let Some((_, before_last)) = read.split_last()
        {
            prop_assert_eq!(before_last, &records[..before_last.len()]);
        }
    }
}
