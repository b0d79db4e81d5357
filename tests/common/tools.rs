//! Programs from outside the repository that some tests drive: tmux, Chromium, OpenSSH's
//! `ssh-keygen`, git, python3, procps. A test asks for each one here before it runs it.
//!
//! When a program is missing the test prints one line to standard error,
//! `skipped: <test> needs <program> (install: <how>)`, and returns, so `cargo test` passes with only
//! the Rust toolchain. With `PROCBOARD_REQUIRE_TOOLS=1` a missing program fails the test instead,
//! with the same words (`.ci/run` sets it, after installing everything).

use std::io::Write;
use std::path::{Path, PathBuf};

/// The variable that turns a missing program into a failure.
pub const REQUIRE_VAR: &str = "PROCBOARD_REQUIRE_TOOLS";

/// True when `program` is on PATH. Otherwise reports the test skipped (or fails it under
/// `PROCBOARD_REQUIRE_TOOLS=1`) and returns false: the caller returns at once.
pub fn require(program: &str, install: &str) -> bool {
    require_for(None, program, install)
}

/// [`require`] for one part of a test (e.g. one example block of a document): `part` is named in
/// the line after the test's name.
pub fn require_for(part: Option<&str>, program: &str, install: &str) -> bool {
    if find(program).is_some() {
        return true;
    }
    missing(part, program, install);
    false
}

/// Headless Chromium: `$CHROMIUM` when set, else `chromium` or `chromium-browser` on PATH.
/// `None` (reported as for [`require`]) when there is none.
pub fn chromium() -> Option<PathBuf> {
    let found = match std::env::var_os("CHROMIUM").filter(|v| !v.is_empty()) {
        Some(p) => Some(PathBuf::from(p)).filter(|p| is_executable(p)),
        None => find("chromium").or_else(|| find("chromium-browser")),
    };
    if found.is_none() {
        missing(
            None,
            "chromium (or chromium-browser, or $CHROMIUM)",
            "apt-get install chromium",
        );
    }
    found
}

/// The first executable file named `program` in the folders of PATH.
pub fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// True when `PROCBOARD_REQUIRE_TOOLS` asks for every program (any value but empty or `0`).
pub fn strict() -> bool {
    std::env::var(REQUIRE_VAR).is_ok_and(|v| !v.is_empty() && v != "0")
}

fn missing(part: Option<&str>, program: &str, install: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let part = part.map(|p| format!(" ({p})")).unwrap_or_default();
    let words = format!("{test}{part} needs {program} (install: {install})");
    assert!(!strict(), "{words}, and {REQUIRE_VAR}=1 is set");
    // Straight to the process's standard error, past the test harness's capture, so that the
    // line shows in a plain `cargo test`; one write, so lines of parallel tests do not mix.
    let _ = std::io::stderr().write_all(format!("skipped: {words}\n").as_bytes());
}
