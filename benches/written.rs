//! `written status` over a 500-member board with every answer in (issue 20: goal under 100 ms):
//! the library call on a loaded board, and the whole command (load, check, status).
//!
//! `cargo bench --bench written`

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use procboard::board::synthetic::{Size, write_board};
use ssh_key::{LineEnding, PrivateKey};

const MEMBERS: usize = 500;
const ID: &str = "bench";

fn key(dir: &Path, name: &str, seed: u32) -> (std::path::PathBuf, String) {
    let mut s = [7u8; 32];
    s[..4].copy_from_slice(&seed.to_le_bytes());
    let sk = PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&s));
    let path = dir.join(name);
    fs::write(&path, sk.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    let public = sk.public_key().to_openssh().unwrap();
    (path, public)
}

/// A synthetic 500-member board with signers for the secretary and every delegate, one
/// procedure opened and answered by every member.
fn setup(dir: &Path) {
    write_board(
        dir,
        Size {
            members: MEMBERS,
            meetings: 0,
            items: 0,
            tenders: 0,
            bids: 0,
            criteria: 0,
        },
    )
    .unwrap();
    let keys = dir.join("keys");
    fs::create_dir_all(&keys).unwrap();
    let mut toml = fs::read_to_string(dir.join("board.toml")).unwrap();
    let mut signers = String::new();
    toml.push_str("\n[written_procedure]\nmin_days = 1\nmax_days = 30\n\n[minutes.signers]\n");
    let (_, public) = key(&keys, "secretary", 0);
    let _ = writeln!(toml, "\"S. Ecretary\" = \"secretary@synthetic.example\"");
    let _ = writeln!(
        signers,
        "secretary@synthetic.example namespaces=\"written@procboard\" {public}"
    );
    for i in 0..MEMBERS {
        let (_, public) = key(&keys, &format!("m{i:04}"), 1 + i as u32);
        let _ = writeln!(toml, "\"Delegate {i}\" = \"d{i}@synthetic.example\"");
        let _ = writeln!(
            signers,
            "d{i}@synthetic.example namespaces=\"written@procboard\" {public}"
        );
    }
    fs::write(dir.join("board.toml"), toml).unwrap();
    fs::write(dir.join("allowed_signers"), signers).unwrap();
    let (board, _) = procboard::board::load(dir).valid().expect("a valid board");
    let at = Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap();
    procboard::written::act::open(
        &board,
        &procboard::written::act::OpenArgs {
            id: ID.into(),
            text: "Approve the bench.".into(),
            kind: "procedural".into(),
            deadline: "2025-03-20".into(),
            role: "secretary".into(),
            key: keys.join("secretary"),
            documents: Vec::new(),
            at,
        },
    )
    .unwrap();
    for i in 0..MEMBERS {
        let word = ["yes", "no", "abstain"][i % 3];
        procboard::written::act::answer(
            &board,
            ID,
            &format!("m{i:04}"),
            &keys.join(format!("m{i:04}")),
            word,
            None,
            at + chrono::Duration::minutes(i as i64),
        )
        .unwrap();
    }
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    setup(tmp.path());
    let (board, _) = procboard::board::load(tmp.path()).valid().unwrap();
    let now = Utc.with_ymd_and_hms(2025, 3, 25, 0, 0, 0).unwrap();
    let s = procboard::written::status::status(&board, ID, now).unwrap();
    assert_eq!(s.answers.iter().filter(|a| a.valid).count(), MEMBERS);
    let mut g = c.benchmark_group("written status, 500 members, every answer in");
    g.sample_size(20);
    g.bench_function("library: status of a loaded board", |b| {
        b.iter(|| {
            procboard::written::status::status(&board, ID, now)
                .unwrap()
                .answers
                .len()
        })
    });
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/procboard");
    if bin.exists() {
        g.bench_function("command: procboard written status --json", |b| {
            b.iter(|| {
                let out = std::process::Command::new(&bin)
                    .args(["written", "status"])
                    .arg(tmp.path())
                    .args(["--id", ID, "--json", "--at", "2025-03-25T00:00:00Z"])
                    .output()
                    .unwrap();
                assert!(out.status.success());
                out.stdout.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
