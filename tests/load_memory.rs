//! Issue 16, memory: loading a board takes a small multiple of its size, not fifty times it
//! (a 24 MiB board.toml with 1,000,000 members peaked at 2,255 MiB). `procboard check` runs on a
//! generated board.toml of 60,000 members while its peak resident memory (`VmHWM`) is watched.
#![cfg(target_os = "linux")]

mod common;

use std::fmt::Write as _;
use std::fs;
use std::time::Duration;

use common::procboard;

/// Peak resident memory of the process `pid` so far, in bytes (`None` once it has ended).
fn peak_rss(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[test]
fn a_large_board_loads_in_a_small_multiple_of_its_size() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[board]\nid = \"big\"\nname = \"Big Board\"\ntime_zone = \"Europe/Brussels\"\ncurrency = \"EUR\"\nsecretary = \"S. Ecretary\"\n\n[weights]\nmethod = \"equal\"\n\n[decisions.default]\nmajority = \"votes_cast\"\nquorum_by = \"weight\"\nquorum_share = 0.5\n\n",
    );
    for i in 0..60_000 {
        let _ = write!(
            text,
            "[[member]]\nid = \"m{i}\"\nname = \"Municipality {i}\"\ndelegates = [\"Delegate {i}\"]\n\n"
        );
    }
    fs::write(tmp.path().join("board.toml"), &text).unwrap();
    let size = text.len() as u64;
    drop(text);

    let mut child = std::process::Command::new(procboard().get_program())
        .arg("check")
        .arg(tmp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut peak = 0;
    let status = loop {
        if let Some(p) = peak_rss(child.id()) {
            peak = peak.max(p);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    assert!(status.success(), "check failed: {status}");
    // The process itself (code, libraries) takes some MiB before it reads a byte.
    let base = 24 * 1024 * 1024;
    let limit = base + 16 * size;
    assert!(
        peak <= limit,
        "peak resident memory {} MiB for a board.toml of {} MiB (at most {} MiB)",
        peak >> 20,
        size >> 20,
        limit >> 20
    );
}
