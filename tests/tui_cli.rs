//! The console's commands where they stop before the terminal: a key file with mistakes, an
//! unknown member or meeting for `review`, a folder that is not a meeting. Exit code 2, a clear
//! message, and the terminal never touched.

use std::process::Command;

#[path = "common/mod.rs"]
mod common;

fn procboard(config: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_procboard"));
    c.env("XDG_CONFIG_HOME", config)
        .env("XDG_DATA_HOME", config.join("data"));
    c
}

#[test]
fn a_key_file_with_mistakes_is_reported_with_line_and_column() {
    let (tmp, root) = common::scratch_copy("boards/river-valley");
    let config = tmp.path().join("config");
    std::fs::create_dir_all(config.join("procboard")).expect("mkdir");
    std::fs::write(
        config.join("procboard/keys.toml"),
        "[roll_call]\npresnt = \"p\"\n\n[vote]\nvote-yes = \"ctrl-\"\n",
    )
    .expect("write");
    let out = procboard(&config)
        .args([
            "meet",
            root.join("meetings/2025-03-regular")
                .to_str()
                .expect("utf-8"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("keys.toml:2:1: unknown action `presnt` in `[roll_call]`"),
        "{err}"
    );
    assert!(err.contains("did you mean `present`?"), "{err}");
    assert!(
        err.contains("keys.toml:5:12: `ctrl-` is not a key"),
        "{err}"
    );
}

#[test]
fn review_names_an_unknown_meeting_or_member() {
    let (tmp, root) = common::scratch_copy("boards/river-valley");
    let config = tmp.path().join("config");
    let r = root.to_str().expect("utf-8");
    let out = procboard(&config)
        .args(["review", r, "--meeting", "2025-03-regulr"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no meeting `2025-03-regulr`"), "{err}");
    assert!(err.contains("did you mean `2025-03-regular`?"), "{err}");
    let out = procboard(&config)
        .args(["review", r, "--as", "roosekil"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no member `roosekil`"), "{err}");
    assert!(err.contains("did you mean `roosekill`?"), "{err}");
}

#[test]
fn meet_on_a_folder_that_is_not_a_meeting() {
    let (tmp, root) = common::scratch_copy("boards/river-valley");
    let out = procboard(&tmp.path().join("config"))
        .args(["meet", root.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a meeting folder"), "{err}");
}
