//! End to end through a real terminal: the `procboard` binary in tmux, driven by keys.
//!
//! Needs tmux on PATH (`apt-get install tmux`; `.ci/run` installs it). Without it each test is
//! skipped with one line on standard error, or fails under `PROCBOARD_REQUIRE_TOOLS=1`
//! (tests/common/tools.rs).
//!
//! A meeting of river-valley's March 2025 agenda: opening, roll call with an alternate (picked
//! in two keys), the console killed with SIGKILL and reopened on the same state, a motion moved
//! and seconded through the member picker (at most 6 keys), debated, the question put, its vote
//! (one key per voter plus 3) and result (the projector process, a second tmux session, checked
//! after each act: the agenda strip, "in debate", votes entered, the result), a tie decided as the board's
//! rule says (it fails), a live score and the consensus, a protest lodged and moved under
//! review, adjournment, `q`; then the
//! terminal is back in its normal mode, `meeting verify` passes and `status --json` shows the
//! outcome. A second console is refused and offered the projector. An idle console draws no
//! frame, and SIGTERM or SIGHUP restore the terminal. An error and a panic in the event loop
//! restore it too: they are triggered by `PROCBOARD_TUI_FAULT=error|panic`, a switch that exists
//! only in debug builds (the binary these tests run; `cfg(debug_assertions)` in
//! `src/tui/driver.rs`), so a user's release build cannot hit it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "common/mod.rs"]
mod common;

struct Session(String);

impl Session {
    /// Runs `cmd` in a new detached session of 120×40, with no colour and with empty
    /// configuration and data folders (a user's key file must not change the keys). The
    /// variables are set in the command: a running tmux server does not pass on ours.
    fn start(name: &str, cmd: &str) -> Session {
        let name = format!("procboard-{name}-{}", std::process::id());
        let home = std::env::temp_dir().join(format!("procboard-tmux-{}", std::process::id()));
        let h = single(&home.display().to_string());
        let cmd =
            format!("export NO_COLOR=1 XDG_CONFIG_HOME={h}/config XDG_DATA_HOME={h}/data; {cmd}");
        let ok = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                "120",
                "-y",
                "40",
                &cmd,
            ])
            .status()
            .expect("tmux new-session runs")
            .success();
        assert!(ok, "tmux new-session failed");
        Session(name)
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.0])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn var(&self, v: &str) -> String {
        let out = Command::new("tmux")
            .args(["display-message", "-p", "-t", &self.0, v])
            .output()
            .expect("tmux display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits until the screen contains `text` (at most `secs` seconds); returns the screen.
    fn wait_for(&self, text: &str, secs: u64) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "`{text}` did not appear within {secs} s; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends keys one by one (tmux key names or literal text), letting the console answer.
    /// Returns how many keystrokes that was (a literal text is one per character).
    fn keys(&self, keys: &[&str]) -> usize {
        let mut n = 0;
        for k in keys {
            n += if matches!(*k, "Enter" | "Escape" | "Tab" | "BTab" | "Up" | "Down") {
                1
            } else {
                k.chars().count()
            };
            let mut args = vec!["send-keys", "-t", self.0.as_str()];
            if k.chars().count() > 1
                && !matches!(*k, "Enter" | "Escape" | "Tab" | "BTab" | "Up" | "Down")
            {
                args.push("-l");
            }
            args.push(k);
            assert!(
                Command::new("tmux")
                    .args(&args)
                    .status()
                    .expect("tmux send-keys")
                    .success()
            );
            std::thread::sleep(Duration::from_millis(120));
        }
        n
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_procboard")
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .args(args)
        .output()
        .expect("procboard runs")
}

fn single(v: &str) -> String {
    format!("'{}'", v.replace('\'', "'\\''"))
}

#[test]
fn a_meeting_driven_by_keys_in_a_real_terminal() {
    if !common::tools::require("tmux", "apt-get install tmux") {
        return;
    }
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    // The road salt panel moderates by consensus here, so the consensus score below counts
    // (under the board's mean moderation the console refuses one).
    let tender = root.join("tenders/road-salt-2025.toml");
    let text = std::fs::read_to_string(&tender).expect("the tender file");
    let text = text.replacen(
        "[evaluation]\n",
        "[evaluation]\nmoderation = \"consensus\"\n",
        1,
    );
    std::fs::write(&tender, text).expect("write the tender file");
    let dir = root.join("meetings/2025-03-regular");
    let d = dir.display().to_string();
    let meet = format!("{} meet {} --by Tester", single(bin()), single(&d));

    // 1. Open and take the roll call, then kill the console with SIGKILL.
    let a = Session::start("a", &format!("exec {meet}"));
    a.wait_for("NOT OPEN", 10);
    a.keys(&["O", "y"]);
    a.wait_for("IN SESSION", 5);
    a.keys(&["p", "p", "p"]);
    // The alternate in two keys: the picker of Oakwood Crossing's alternates, Enter.
    let n = a.keys(&["A", "Enter"]);
    assert!(n <= 2, "an alternate in {n} keys");
    a.wait_for("James Whitlock (alternate)", 5);
    // One key per seat for the rest of the roll call.
    assert_eq!(a.keys(&["a", "p", "r", "p", "p", "e"]), 6);
    a.wait_for("– excused", 5);
    let before = a.screen();
    let pid = a.var("#{pane_pid}");
    assert!(
        Command::new("kill")
            .args(["-9", &pid])
            .status()
            .expect("kill")
            .success()
    );
    drop(a);

    // 2. Reopen: the same roll call, from the journal.
    let b = Session::start(
        "b",
        &format!("{meet}; echo EXIT=$?; stty -a | grep -o -- '-*icanon'; sleep 30"),
    );
    let after = b.wait_for("– excused", 10);
    let rows = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with('│') && (l.contains("Town of") || l.contains("Village of")))
            .map(|l| l.replace('▶', " "))
            .collect()
    };
    assert_eq!(rows(&before), rows(&after), "reopened on the same state");
    assert!(after.contains("QUORUM MET"), "{after}");

    // 3. The projector, a second process without the lock.
    let p = Session::start(
        "p",
        &format!("exec {} meet {} --projector", single(bin()), single(&d)),
    );
    p.wait_for("QUORUM MET 18 of 21", 10);

    // 4. Item 2: a motion moved and seconded through the picker, debated, the question put, the
    //    vote, closed; the projector checked after each act.
    b.keys(&["2", "j", "o"]);
    b.wait_for("[OPEN]", 5);
    p.wait_for("now ▶ 2", 3);
    p.wait_for("Item 2 · Approval of the minutes", 3);
    // m; "s" highlights Stonebridge; Enter records; the seconder's list: "h", Enter.
    let n = b.keys(&["m", "s", "Enter", "h", "Enter"]);
    assert!(n <= 6, "moved and seconded in {n} keys");
    b.wait_for("recorded: Motion m1 seconded by Town of Hendrick Falls", 5);
    let wall = p.wait_for("Motion on the floor — in debate", 3);
    assert!(!wall.contains("votes entered"), "{wall}");
    assert!(!wall.contains("FAILED"), "{wall}");
    // The debate ends: the chair puts the question; the vote opens on the first voter.
    let mut vote_keys = b.keys(&["Q"]);
    b.wait_for("recorded: The chair puts the question on motion m1", 5);
    p.wait_for("votes entered 0 of 8", 3);
    vote_keys += b.keys(&["y", "y", "y", "y", "y", "y", "y", "n"]);
    p.wait_for("votes entered 8 of 8", 3);
    vote_keys += b.keys(&["x"]);
    b.wait_for("Result to record: CARRIED", 5);
    vote_keys += b.keys(&["y"]);
    assert!(vote_keys <= 8 + 3, "a vote of 8 in {vote_keys} keys");
    let t0 = Instant::now();
    let wall = p.wait_for("result: CARRIED", 3);
    assert!(
        t0.elapsed() < Duration::from_secs(2),
        "the projector shows the result within a second or so"
    );
    assert!(wall.contains("17 of 18 weight cast (94.44 %)"), "{wall}");

    // 5. A tie on a second motion: this board's rule (ties fail) decides it.
    b.keys(&[
        "2",
        "M",
        "verplanck-falls",
        "Enter",
        "Refer the minutes back.",
        "Enter",
        "Enter",
    ]);
    b.wait_for("recorded: Motion m2", 5);
    b.keys(&["Q"]);
    b.wait_for("recorded: The chair puts the question on motion m2", 5);
    b.keys(&["k", "k", "k", "k", "k", "k", "k", "k", "k", "k"]);
    b.keys(&["y", "n", "a", "y", "y", "n", "n", "a"]);
    b.keys(&["x"]);
    b.wait_for("Result to record: FAILED", 5);
    b.keys(&["y"]);
    b.wait_for("[FAILED]", 5);

    // 6. A live score and the consensus on road salt; a protest lodged and moved.
    b.keys(&[
        "4",
        "]",
        "s",
        "stonebridge",
        "Enter",
        "Enter",
        "Enter",
        "Enter",
        "4",
        "Enter",
    ]);
    b.wait_for("recorded: Town of Stonebridge scores bid rs-1", 5);
    b.keys(&["C", "4", "Enter", "Enter"]);
    b.wait_for("recorded: Consensus on bid rs-1", 5);
    b.keys(&[
        "5",
        "L",
        "salt-protest",
        "Enter",
        "Enter",
        "Cargill Salt",
        "Enter",
        "Enter",
    ]);
    b.keys(&[
        "Enter",
        "Enter",
        "rs-2",
        "Enter",
        "Enter",
        "the price points were miscalculated",
    ]);
    b.keys(&["Enter", "Enter", "Enter", "Enter"]);
    b.wait_for("recorded: Dispute salt-protest lodged", 5);
    b.keys(&["j", "m", "under_review", "Enter", "Enter"]);
    b.wait_for("recorded: Dispute salt-protest is now under_review", 5);

    // 7. Adjourn, quit; the terminal is back to normal.
    b.keys(&["X", "y"]);
    b.wait_for("ADJOURNED", 5);
    p.wait_for("The meeting is adjourned", 3);
    b.wait_for("minutes written", 5);
    assert!(Path::new(&d).join("minutes.md").is_file());
    assert_eq!(
        b.var("#{alternate_on}"),
        "1",
        "the console uses the alternate screen"
    );
    b.keys(&["q"]);
    let end = b.wait_for("icanon", 5);
    assert!(end.contains("EXIT=0"), "{end}");
    assert_eq!(b.var("#{alternate_on}"), "0", "back on the normal screen");
    assert!(
        end.lines().any(|l| l.trim() == "icanon"),
        "line mode restored: {end}"
    );

    // 8. The journal verifies and the status shows the outcomes.
    drop(p);
    let v = run(&["meeting", &d, "verify"]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    let s = run(&["meeting", &d, "status", "--json"]);
    assert!(s.status.success());
    let json: serde_json::Value = serde_json::from_slice(&s.stdout).expect("json");
    let text = json.to_string();
    assert!(text.contains("\"carried\""), "{text}");
    assert!(text.contains("\"failed\""), "{text}");
    assert!(text.contains("salt-protest"), "{text}");
    assert!(Path::new(&d).join("journal.jsonl").is_file());
}

#[test]
fn a_second_console_is_refused_and_offered_the_projector() {
    if !common::tools::require("tmux", "apt-get install tmux") {
        return;
    }
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    let d = root.join("meetings/2025-03-regular").display().to_string();
    let a = Session::start(
        "lock",
        &format!("exec {} meet {}", single(bin()), single(&d)),
    );
    a.wait_for("NOT OPEN", 10);
    let out = run(&["meet", &d]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("only one may write"), "{err}");
    assert!(
        err.contains(&format!("procboard meet {d} --projector")),
        "{err}"
    );
}

#[test]
fn idle_draws_nothing_and_sigterm_or_sighup_restore_the_terminal() {
    if !common::tools::require("tmux", "apt-get install tmux") {
        return;
    }
    if !common::tools::require("pgrep", "apt-get install procps")
        || !common::tools::require("kill", "apt-get install procps")
    {
        return;
    }
    let (tmp, root) = common::scratch_copy("boards/river-valley");
    let d = root.join("meetings/2025-03-regular").display().to_string();
    for (n, sig) in ["TERM", "HUP"].iter().enumerate() {
        let count = tmp.path().join(format!("draws-{n}"));
        let cmd = format!(
            "PROCBOARD_TUI_DRAWS={} {} meet {}; echo EXIT=$?; stty -a | grep -o -- '-*icanon'; sleep 30",
            single(&count.display().to_string()),
            single(bin()),
            single(&d)
        );
        let s = Session::start(&format!("sig{n}"), &cmd);
        s.wait_for("NOT OPEN", 10);
        s.keys(&["2"]); // one key: one more frame
        s.wait_for("[2 Agenda]", 5);
        // Idle for two seconds: no frame is drawn.
        std::thread::sleep(Duration::from_secs(2));
        let shell = s.var("#{pane_pid}");
        let out = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep");
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(!pid.is_empty(), "the console runs under the shell");
        assert!(
            Command::new("kill")
                .args([&format!("-{sig}"), &pid])
                .status()
                .expect("kill")
                .success()
        );
        let end = s.wait_for("icanon", 5);
        assert!(end.contains("EXIT=0"), "{end}");
        assert_eq!(
            s.var("#{alternate_on}"),
            "0",
            "SIG{sig}: back on the normal screen"
        );
        assert!(
            end.lines().any(|l| l.trim() == "icanon"),
            "SIG{sig}: line mode restored: {end}"
        );
        let draws = std::fs::read_to_string(&count).expect("the draw count");
        assert_eq!(
            draws, "2",
            "the first frame and one after the key; none while idle"
        );
    }
}

#[test]
fn an_error_or_a_panic_in_the_console_restores_the_terminal() {
    if !common::tools::require("tmux", "apt-get install tmux") {
        return;
    }
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    let d = root.join("meetings/2025-03-regular").display().to_string();
    // (fault, exit code, what is printed on the normal screen)
    for (fault, code, said) in [
        ("error", "1", "error: injected fault"),
        ("panic", "101", "injected panic"),
    ] {
        let cmd = format!(
            "PROCBOARD_TUI_FAULT={fault} RUST_BACKTRACE=0 {} meet {}; echo EXIT=$?; stty -a | grep -o -- '-*icanon'; stty -a | grep -o -- '-*echo '; echo STTY-DONE; sleep 30",
            single(bin()),
            single(&d)
        );
        let s = Session::start(&format!("fault-{fault}"), &cmd);
        s.wait_for("NOT OPEN", 10);
        assert_eq!(s.var("#{alternate_on}"), "1", "{fault}: the console is up");
        assert_eq!(
            s.var("#{mouse_any_flag}"),
            "1",
            "{fault}: clicks are captured"
        );
        s.keys(&["2"]); // the first key triggers the fault
        let end = s.wait_for("STTY-DONE", 5);
        assert!(end.contains(&format!("EXIT={code}")), "{fault}: {end}");
        assert!(
            end.contains(said),
            "{fault}: the message is readable: {end}"
        );
        assert_eq!(
            s.var("#{alternate_on}"),
            "0",
            "{fault}: back on the normal screen"
        );
        assert_eq!(
            s.var("#{mouse_any_flag}"),
            "0",
            "{fault}: the mouse is the terminal's again"
        );
        assert!(
            end.lines().any(|l| l.trim() == "icanon"),
            "{fault}: line mode restored: {end}"
        );
        assert!(
            end.lines().any(|l| l.trim() == "echo"),
            "{fault}: echo restored: {end}"
        );
        assert!(
            !end.contains("NOT OPEN"),
            "{fault}: the console's screen is gone: {end}"
        );
    }
}

#[test]
fn procboard_alone_in_a_terminal_opens_the_console_on_a_demo_copy() {
    if !common::tools::require("tmux", "apt-get install tmux") {
        return;
    }
    let s = Session::start(
        "demo",
        &format!(
            "cd \"$(mktemp -d)\" && {}; echo EXIT=$?; sleep 30",
            single(bin())
        ),
    );
    let first = s.wait_for("NOT OPEN", 10);
    for shown in [
        "River Valley Municipal Purchasing Cooperative",
        "Regular meeting, March 2025",
        "chair Town of Bramblekill",
        "Town of Stonebridge",
        "NO QUORUM · heads 0 of 10",
    ] {
        assert!(
            first.contains(shown),
            "the first frame shows `{shown}`:\n{first}"
        );
    }
    s.keys(&["q"]);
    let end = s.wait_for("EXIT=0", 5);
    assert!(
        end.contains("procboard meet "),
        "says how to reopen it: {end}"
    );
    assert!(end.contains("procboard-demo-"), "{end}");
    // Remove the demo's scratch copy (the demo leaves it for the user).
    let joined: String = end.lines().map(str::trim_end).collect();
    if let Some(at) = joined.find("procboard meet ") {
        let path = joined[at + "procboard meet ".len()..]
            .split(" reopens")
            .next()
            .unwrap_or("")
            .trim_end_matches('`');
        if let Some(board) = Path::new(path).ancestors().nth(2)
            && board.to_string_lossy().contains("procboard-demo-")
        {
            let _ = std::fs::remove_dir_all(board);
        }
    }
}

/// Issue 18: an amendment moved in a real terminal. A motion on item 2 moved and seconded
/// through the picker; `a` opens the amendment form with the motion's text prefilled, the mover
/// and the words added are typed; the projector shows "motion as amended" with the amendment
/// pending; the amendment is put and carries; the main question is put on the motion as amended
/// and carries; `status --json` shows the text voted and the amendment.
#[test]
fn an_amendment_moved_in_a_real_terminal() {
    if !common::tools::require("tmux", "apt-get install tmux") {
        return;
    }
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    let dir = root.join("meetings/2025-03-regular");
    let d = dir.display().to_string();
    let meet = format!("{} meet {} --by Tester", single(bin()), single(&d));
    let a = Session::start("amend", &format!("exec {meet}"));
    a.wait_for("NOT OPEN", 10);
    a.keys(&["O", "y"]);
    a.wait_for("IN SESSION", 5);
    a.keys(&["p", "p", "p", "A", "Enter"]);
    a.keys(&["a", "p", "r", "p", "p", "e"]);
    a.wait_for("– excused", 5);
    let p = Session::start(
        "amend-p",
        &format!("exec {} meet {} --projector", single(bin()), single(&d)),
    );
    p.wait_for("QUORUM MET 18 of 21", 10);

    a.keys(&["2", "j", "o"]);
    a.wait_for("[OPEN]", 5);
    a.keys(&["m", "s", "Enter", "h", "Enter"]);
    a.wait_for("recorded: Motion m1 seconded by Town of Hendrick Falls", 5);
    // The amendment: `a`, the mover, words added to the prefilled text, Enter to the decision
    // kind (left empty) and Enter to record.
    a.keys(&[
        "a",
        "roosekill",
        "Enter",
        " as corrected on page 2",
        "Enter",
        "Enter",
    ]);
    a.wait_for("recorded: Amendment a1 to motion m1", 5);
    let wall = p.wait_for("as amended by a1 (pending)", 3);
    assert!(wall.contains("Motion m1 now reads"), "{wall}");
    assert!(
        wall.contains("Amendment a1 to motion m1, moved by"),
        "{wall}"
    );

    // The main question waits for the amendment: the amendment is put first, and carries.
    a.keys(&["Q"]);
    a.wait_for("recorded: The chair puts the question on motion a1", 5);
    a.keys(&["y", "y", "y", "y", "y", "y", "y", "y", "x"]);
    a.wait_for("Result to record: CARRIED", 5);
    a.keys(&["y"]);
    a.wait_for("recorded: Vote on motion a1 closed: CARRIED", 5);
    // Now the motion as amended: the vote screen is back on it, its text as amended.
    a.wait_for("be approved. as corrected on page 2", 5);
    a.keys(&["2", "Q"]);
    a.wait_for("recorded: The chair puts the question on motion m1", 5);
    p.wait_for("Motion m1 as amended:", 3);
    a.keys(&["y", "y", "y", "y", "y", "y", "y", "n", "x"]);
    a.wait_for("Result to record: CARRIED", 5);
    a.keys(&["y"]);
    p.wait_for("result: CARRIED", 3);

    let s = run(&["meeting", &d, "status", "--json"]);
    assert!(s.status.success());
    let json: serde_json::Value = serde_json::from_slice(&s.stdout).expect("json");
    let motions = json["motions"].as_array().expect("motions");
    let m1 = motions.iter().find(|m| m["id"] == "m1").expect("m1");
    let text = m1["text"].as_str().unwrap_or_default();
    assert!(text.ends_with(" as corrected on page 2"), "{m1}");
    assert_eq!(m1["amended_by"], serde_json::json!(["a1"]), "{m1}");
    assert_eq!(m1["outcome"], "carried", "{m1}");
    let a1 = motions.iter().find(|m| m["id"] == "a1").expect("a1");
    assert_eq!(a1["amends"], "m1", "{a1}");
    assert_eq!(a1["mover"], "roosekill", "{a1}");
    drop(p);
    let v = run(&["meeting", &d, "verify"]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
}

/// A speech in a real terminal: with a speaking time of 12 seconds, `T` gives the floor to the
/// first speaker on screen 7's list and the countdown runs on its own (the console redraws each
/// second while a speech runs, with no key pressed): the time left falls, the last ten seconds
/// are marked in words, then "OVER TIME" is said plainly; the projector process shows the same
/// speech. `T` again ends it, and the clock stops.
#[test]
fn a_speech_counts_down_in_a_real_terminal() {
    if !common::tools::require("tmux", "apt-get install tmux") {
        return;
    }
    let (_tmp, root) = common::scratch_copy("boards/river-valley");
    let board = root.join("board.toml");
    let mut text = std::fs::read_to_string(&board).expect("board.toml");
    text.push_str("\n[speakers]\nspeaking_time_seconds = 12\n");
    std::fs::write(&board, text).expect("write board.toml");
    let d = root.join("meetings/2025-03-regular").display().to_string();
    let a = Session::start(
        "speech",
        &format!("exec {} meet {} --by Tester", single(bin()), single(&d)),
    );
    a.wait_for("NOT OPEN", 10);
    a.keys(&["O", "y"]);
    a.wait_for("IN SESSION", 5);
    for _ in 0..10 {
        a.keys(&["p"]);
    }
    a.keys(&["2", "o", "7", "a", "Enter"]);
    a.wait_for("1. Town of Stonebridge", 5);
    a.keys(&["T"]);
    let first = a.wait_for(" left", 5);
    assert!(first.contains("Speaking: Town of Stonebridge"), "{first}");
    // No key pressed from here on: the clock moves the screen.
    a.wait_for("last seconds", 8);
    let p = Session::start(
        "speech-projector",
        &format!("exec {} meet {} --projector", single(bin()), single(&d)),
    );
    p.wait_for("Speaking: Town of Stonebridge", 10);
    let over = a.wait_for("OVER TIME by", 15);
    assert!(
        !over.contains("last seconds"),
        "overtime replaces the warning: {over}"
    );
    p.wait_for("OVER TIME by", 5);
    a.keys(&["T"]);
    let ended = a.wait_for("Nobody has the floor", 5);
    assert!(ended.contains("last: Town of Stonebridge"), "{ended}");
    let journal = std::fs::read_to_string(Path::new(&d).join("journal.jsonl")).expect("journal");
    assert!(journal.contains("\"type\":\"speech_started\""), "{journal}");
    assert!(journal.contains("\"type\":\"speech_ended\""), "{journal}");
}
