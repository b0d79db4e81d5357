//! Minutes (issue #9).
//!
//! - `minutes/render_sign_200_items`: a river-valley meeting of 200 motion items (roll call, then
//!   for each item: taken up, a motion moved and seconded, ten votes, closed; 3,013 events),
//!   recorded once in setup; the benchmark renders and writes `minutes.md` + `minutes.json`
//!   (`minutes::write_minutes`) and signs them as the secretary (`minutes::sign::sign_minutes`,
//!   which renders once more to check the file is current) — what `procboard minutes render` then
//!   `procboard minutes sign` do, less the process start.
//! - `minutes/verify_500_meetings`: `minutes::verify::verify_board` on an archive of 500 chained
//!   meetings (each: a 20-event journal, a 12 KB `minutes.md`, two signatures), board loading
//!   excluded. Goal < 1 s.
//!
//! Setup writes in a RAM folder (`/dev/shm`) where one exists, so that the journals' fsyncs do
//! not dominate it.
//!
//! Run briefly: `cargo bench --bench minutes -- --warm-up-time 1 --measurement-time 3`.

use procboard::record::event::{MeetingOpened, MotionMoved, VoteCast, VoteClosed};
use std::fmt::Write as _;
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ssh_key::{HashAlg, LineEnding, PrivateKey};

#[path = "../tests/common/mod.rs"]
mod common;
use procboard::meeting::{JOURNAL_FILE, Meeting};
use procboard::minutes::{self, Header, sha256};
use procboard::record::event::{Attendance, Event, VoteValue};
use procboard::record::journal::Journal;
use procboard::rules::voting::Choice;

const SEATED: [(&str, &str, Option<&str>); 10] = common::RIVER_VALLEY_SEATED;
const ITEMS: usize = 200;
const MEETINGS: usize = 500;

fn scratch_parent() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).expect("tempdir in /dev/shm")
    } else {
        tempfile::tempdir().expect("tempdir")
    }
}

fn board_copy(parent: &Path) -> PathBuf {
    let root = parent.join("river-valley");
    common::copy_dir(&common::repo("boards/river-valley"), &root);
    root
}

/// A meeting of `ITEMS` motion items, recorded.
fn big_meeting(root: &Path) -> PathBuf {
    let dir = root.join("meetings/2025-05-regular");
    fs::create_dir_all(&dir).unwrap();
    let mut agenda = String::from(
        "[meeting]\nkind = \"regular\"\ntitle = \"A long meeting\"\ndate = 2025-05-13\nstart = 18:30:00\n",
    );
    for i in 1..=ITEMS {
        let _ = write!(
            agenda,
            "\n[[item]]\nid = \"{i}\"\nkind = \"motion\"\ntitle = \"Motion number {i} of the long meeting\"\nmotion = \"Resolve matter number {i}, as set out in the papers circulated before the meeting.\"\n"
        );
    }
    fs::write(dir.join("agenda.toml"), agenda).unwrap();
    let mut m = Meeting::open_writer(&dir).expect("open the meeting");
    let mut at = Utc.with_ymd_and_hms(2025, 5, 13, 22, 30, 0).unwrap();
    let mut rec = |m: &mut Meeting, e: Event| {
        at += Duration::seconds(5);
        m.record("Diane Marchetti", at, e).expect("record");
    };
    rec(
        &mut m,
        Event::MeetingOpened(MeetingOpened {
            presiding: None,
            secretary: None,
            frozen: None,
        }),
    );
    for (member, _, _) in SEATED {
        rec(
            &mut m,
            Event::Attendance {
                member: member.into(),
                status: Attendance::Present,
                person: None,
                alternate: false,
            },
        );
    }
    for i in 1..=ITEMS {
        let item = i.to_string();
        let motion = format!("m{i}");
        rec(&mut m, Event::ItemOpened { item: item.clone() });
        rec(
            &mut m,
            Event::MotionMoved(MotionMoved {
                motion: motion.clone(),
                item: item.clone(),
                text: String::new(),
                mover: SEATED[i % 10].0.into(),
                decision: None,
                amends: None,
                consent: Vec::new(),
            }),
        );
        rec(
            &mut m,
            Event::MotionSeconded {
                motion: motion.clone(),
                seconder: SEATED[(i + 1) % 10].0.into(),
            },
        );
        rec(
            &mut m,
            Event::QuestionPut {
                motion: motion.clone(),
            },
        );
        for (k, (member, _, _)) in SEATED.iter().enumerate() {
            let choice = if (i + k) % 4 == 0 {
                Choice::No
            } else {
                Choice::Yes
            };
            rec(
                &mut m,
                Event::VoteCast(VoteCast {
                    motion: motion.clone(),
                    member: (*member).into(),
                    vote: VoteValue::Whole(choice),
                    entered_by: String::new(),
                    proxy: None,
                }),
            );
        }
        rec(
            &mut m,
            Event::VoteClosed(VoteClosed {
                motion,
                outcome: String::new(),
                explanation: String::new(),
            }),
        );
        rec(&mut m, Event::ItemClosed { item });
    }
    rec(&mut m, Event::Adjourned {});
    dir
}

/// An archive of `MEETINGS` chained, signed meetings on a copy of river-valley.
fn archive(root: &Path) {
    let secretary =
        PrivateKey::read_openssh_file(&root.join("demo-keys/DEMO-diane-marchetti")).unwrap();
    let chair = PrivateKey::read_openssh_file(&root.join("demo-keys/DEMO-eleanor-decker")).unwrap();
    let signers_sha = sha256(&fs::read(root.join("allowed_signers")).unwrap());
    // The bundled January meeting is recorded: set it aside so the archive is the 500 alone.
    let jan = root.join("meetings/2025-01-regular");
    for f in [
        "journal.jsonl",
        "minutes.md",
        "minutes.json",
        "minutes.md.secretary.sig",
        "minutes.md.chair.sig",
    ] {
        let _ = fs::remove_file(jan.join(f));
    }
    let mut previous: Option<(String, String)> = None;
    let body: String = (0..120)
        .map(|i| format!("| {i:03} | Town number {i} | 3 | present | A person sitting |\n"))
        .collect();
    for i in 0..MEETINGS {
        let id = format!("2025-m{i:03}");
        let day = Utc.with_ymd_and_hms(2025, 1, 2, 0, 0, 0).unwrap()
            + Duration::days((i * 360 / MEETINGS) as i64);
        let date = day.date_naive();
        let dir = root.join("meetings").join(&id);
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("agenda.toml"),
            format!(
                "[meeting]\nkind = \"special\"\ndate = {date}\nstart = 18:30:00\n\n[[item]]\nid = \"1\"\nkind = \"procedural\"\ntitle = \"Opening\"\n"
            ),
        )
        .unwrap();
        let path = dir.join(JOURNAL_FILE);
        let (mut j, _, _) = Journal::<Event>::open_writer(&path).unwrap();
        let mut at = day + Duration::hours(23);
        j.append(
            at,
            "Diane Marchetti",
            &Event::MeetingOpened(MeetingOpened {
                presiding: Some("Eleanor Decker".into()),
                secretary: Some("Diane Marchetti".into()),
                frozen: None,
            }),
        )
        .unwrap();
        for k in 0..18 {
            at += Duration::minutes(1);
            j.append(
                at,
                "Diane Marchetti",
                &Event::Note {
                    item: None,
                    text: format!("Note {k} of meeting {i}."),
                },
            )
            .unwrap();
        }
        at += Duration::minutes(1);
        let last = j
            .append(at, "Diane Marchetti", &Event::Adjourned {})
            .unwrap();
        drop(j);
        let _ = fs::remove_file(dir.join("journal.lock"));
        let header = Header {
            format: minutes::FORMAT.into(),
            board: "river-valley".into(),
            meeting: id.clone(),
            date: date.to_string(),
            journal_sha256: sha256(&fs::read(&path).unwrap()),
            journal_events: 20,
            journal_last_hash: last.hash,
            previous_meeting: previous.as_ref().map(|p| p.0.clone()),
            previous_minutes_sha256: previous.as_ref().map(|p| p.1.clone()),
            allowed_signers_sha256: Some(signers_sha.clone()),
            languages: vec!["en".into()],
        };
        let md = format!(
            "{}\n# Minutes of meeting {id}\n\n{body}",
            header.to_front_matter()
        );
        fs::write(dir.join("minutes.md"), &md).unwrap();
        for (role, key) in [("secretary", &secretary), ("chair", &chair)] {
            let sig = key
                .sign(minutes::NAMESPACE, HashAlg::Sha512, md.as_bytes())
                .unwrap();
            fs::write(
                dir.join(format!("minutes.md.{role}.sig")),
                sig.to_pem(LineEnding::LF).unwrap(),
            )
            .unwrap();
        }
        previous = Some((id, sha256(md.as_bytes())));
    }
}

fn benches(c: &mut Criterion) {
    let tmp = scratch_parent();
    let root = board_copy(tmp.path());
    let dir = big_meeting(&root);
    let key = root.join("demo-keys/DEMO-diane-marchetti");
    let mut g = c.benchmark_group("minutes");
    g.sample_size(10);
    g.bench_function("render_sign_200_items", |b| {
        b.iter(|| {
            // Signatures from the previous iteration would make render refuse a change: none
            // occurs (same journal), but start clean anyway.
            let _ = fs::remove_file(dir.join("minutes.md.secretary.sig"));
            minutes::write_minutes(&dir).expect("render");
            black_box(minutes::sign::sign_minutes(&dir, "secretary", &key).expect("sign"))
        })
    });

    let tmp2 = scratch_parent();
    let root2 = board_copy(tmp2.path());
    archive(&root2);
    let (board, _) = procboard::board::load(&root2).valid().expect("valid board");
    let report = minutes::verify::verify_board(&board);
    assert!(report.ok, "{report}");
    assert_eq!(report.meetings.len(), MEETINGS);
    g.bench_function("verify_500_meetings", |b| {
        b.iter(|| black_box(minutes::verify::verify_board(&board).ok))
    });
    g.finish();
}

criterion_group!(minutes_benches, benches);
criterion_main!(minutes_benches);
