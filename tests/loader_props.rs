//! Property tests of the board loader: whatever is in the files, `procboard::board::load` never
//! panics, and every diagnostic points at a file of the folder and at a line and column that
//! exist in it.

use std::fs;
use std::path::{Path, PathBuf};

use procboard::board::load;
use procboard::diag::Diagnostic;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;

/// A small valid board, for the tender-file property.
const BOARD: &str = r#"[board]
id = "three-rivers"
name = "Three Rivers Joint Purchasing Board"
time_zone = "America/New_York"
currency = "USD"

[weights]
method = "fixed"

[[member]]
id = "ashford"
name = "Town of Ashford"
weight = 3
delegates = ["Ann Price"]

[[member]]
id = "brookfield"
name = "Town of Brookfield"
weight = 2
delegates = ["Ben Cole"]
"#;

/// Pieces of board files, to build text that is nearly TOML and so reaches past the TOML parser.
const TOKENS: &[&str] = &[
    "\n",
    "\n",
    " ",
    " = ",
    "=",
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "#",
    "-",
    "0",
    "1",
    "40",
    "60",
    "100",
    "1.5",
    "-3",
    "1e400",
    "99999999999999999999999",
    "nan",
    "inf",
    "true",
    "2025-02-30",
    "2025-03-05",
    "18:30:00",
    "\"ashford\"",
    "\"b-1\"",
    "\"price\"",
    "\"quality\"",
    "\"valid\"",
    "\"linear\"",
    "\"logarithmic\"",
    "\"calendar_days\"",
    "\"Europe/Brusels\"",
    "\"../x\"",
    "\"/etc/passwd\"",
    "é",
    "\u{0}",
    "\\",
    "tender",
    "id",
    "title",
    "procedure = \"open\"",
    "estimated_value",
    "criterion",
    "criterion.sub",
    "sub",
    "weight",
    "kind",
    "price",
    "formula",
    "low",
    "high",
    "zero_ratio",
    "lot",
    "bid",
    "bidder",
    "status",
    "failed",
    "pass_fail",
    "evaluation",
    "threshold",
    "scale_max",
    "scale_points",
    "standstill",
    "rule",
    "days",
    "award",
    "notice",
    "recusal",
    "member",
    "board",
    "weights",
    "method",
    "\"apportioned\"",
    "basis",
    "population",
    "total",
    "cap",
    "seat_group",
    "seats",
    "members",
    "first_term_starts",
    "term_months",
    "rotation",
    "order",
    "\"listed\"",
    "epoch",
    "decline",
    "term",
    "decisions",
    "quorum_share",
    "calendar",
    "weekend",
    "holidays",
    "time_zone",
    "currency",
    "delegates",
];

/// Text made of board-file pieces.
fn tomlish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..200).prop_map(|t| t.concat())
}

/// The example boards whose copies are edited: river-valley, and euregio-energy (lots,
/// consensus scores, several awards) when it is there.
fn example_boards() -> Vec<PathBuf> {
    let boards = Path::new(env!("CARGO_MANIFEST_DIR")).join("boards");
    ["river-valley", "euregio-energy"]
        .iter()
        .map(|b| boards.join(b))
        .filter(|p| p.join("board.toml").is_file())
        .collect()
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(root.join(rel)) else {
            return;
        };
        for e in entries {
            let e = e.expect("readable entry");
            let p = rel.join(e.file_name());
            if e.file_type().expect("file type").is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, Path::new(""), &mut out);
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for rel in files_under(from) {
        let dest = to.join(&rel);
        fs::create_dir_all(dest.parent().expect("a file has a parent")).expect("mkdir");
        fs::copy(from.join(&rel), dest).expect("copy");
    }
}

/// Checks every diagnostic of `load(root)`: its file exists in the folder (or is the folder or
/// its board.toml), its line is within the file (0 for file-level), its column within the line.
fn assert_diagnostics_point_into_files(root: &Path) -> Result<(), TestCaseError> {
    let loaded = load(root);
    for d in &loaded.diagnostics {
        check_diagnostic(root, d)?;
    }
    Ok(())
}

fn check_diagnostic(root: &Path, d: &Diagnostic) -> Result<(), TestCaseError> {
    let shown = d.to_string();
    let is_root = d.file == root || d.file.as_os_str().is_empty();
    let path = root.join(&d.file);
    prop_assert!(
        is_root || path.exists() || d.file == Path::new("board.toml"),
        "diagnostic names a file that is not in the folder: {shown}"
    );
    if d.line == 0 {
        prop_assert_eq!(
            d.column,
            0,
            "file-level diagnostic with a column: {}",
            shown
        );
        return Ok(());
    }
    prop_assert!(
        path.is_file(),
        "a line in something that is not a file: {shown}"
    );
    let bytes = fs::read(&path).expect("readable file");
    let text = String::from_utf8_lossy(&bytes);
    // Lines as an editor numbers them: a file ending in a newline has an empty last line.
    let lines: Vec<&str> = text.split('\n').collect();
    prop_assert!(
        d.line <= lines.len(),
        "line {} but the file has {} lines: {shown}",
        d.line,
        lines.len()
    );
    let width = lines[d.line - 1].trim_end_matches('\r').chars().count();
    prop_assert!(
        d.column >= 1 && d.column <= width + 1,
        "column {} but line {} has {} characters: {shown}",
        d.column,
        d.line,
        width
    );
    Ok(())
}

/// One edit to one file of the board.
#[derive(Clone, Debug)]
enum Edit {
    DeleteLine { file: Index, line: Index },
    DuplicateLine { file: Index, line: Index },
    Substitute { file: Index, at: Index, with: char },
}

const SUBSTITUTES: &[char] = &[
    '"', '\'', '=', '[', ']', '{', '}', ',', '.', '#', '-', '_', ' ', '\n', '0', '1', '5', '9',
    'a', 'e', 'x', 'Z', 'é', '\\', '\t',
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map(|(file, line)| Edit::DeleteLine { file, line }),
        (any::<Index>(), any::<Index>())
            .prop_map(|(file, line)| Edit::DuplicateLine { file, line }),
        (
            any::<Index>(),
            any::<Index>(),
            prop::sample::select(SUBSTITUTES)
        )
            .prop_map(|(file, at, with)| Edit::Substitute { file, at, with }),
    ]
}

/// Applies `edit` to the copy at `root`; `files` are its TOML files.
fn apply(root: &Path, files: &[PathBuf], edit: &Edit) {
    let (Edit::DeleteLine { file, .. }
    | Edit::DuplicateLine { file, .. }
    | Edit::Substitute { file, .. }) = edit;
    let path = root.join(file.get(files));
    let text = fs::read_to_string(&path).expect("the copy is UTF-8");
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let new = match edit {
        Edit::DeleteLine { line, .. } if !lines.is_empty() => {
            lines.remove(line.index(lines.len()));
            lines.concat()
        }
        Edit::DuplicateLine { line, .. } if !lines.is_empty() => {
            let i = line.index(lines.len());
            lines.insert(i, lines[i]);
            lines.concat()
        }
        Edit::Substitute { at, with, .. } => {
            let mut chars: Vec<char> = text.chars().collect();
            if !chars.is_empty() {
                let i = at.index(chars.len());
                chars[i] = *with;
            }
            chars.into_iter().collect()
        }
        _ => text.clone(),
    };
    fs::write(&path, new).expect("write the copy");
}

/// 64 cases, unless `PROPTEST_CASES` asks for more (or fewer).
fn config() -> ProptestConfig {
    let mut c = ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 64;
    }
    c
}

#[test]
fn the_untouched_copies_load_cleanly() {
    let boards = example_boards();
    assert!(
        boards.iter().any(|b| b.ends_with("river-valley")),
        "boards/river-valley is missing"
    );
    for board in boards {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_tree(&board, dir.path());
        let loaded = load(dir.path());
        assert!(
            loaded.diagnostics.is_empty(),
            "{}: {:?}",
            board.display(),
            loaded
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        );
    }
}

proptest! {
    #![proptest_config(config())]

    /// Any bytes at all as board.toml: no panic, and positions inside the file.
    #[test]
    fn arbitrary_bytes_as_board_toml_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("board.toml"), &bytes).expect("write");
        assert_diagnostics_point_into_files(dir.path())?;
        // Random bytes are never a valid board.
        prop_assert!(load(dir.path()).error_count() > 0);
    }

    /// Nearly-TOML text as board.toml: reaches the model and the validator.
    #[test]
    fn tomlish_board_toml_never_panics(text in tomlish()) {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("board.toml"), text).expect("write");
        assert_diagnostics_point_into_files(dir.path())?;
    }

    /// Any bytes, or nearly-TOML text, as a tender file beside a valid board.toml.
    #[test]
    fn arbitrary_tender_files_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        text in tomlish(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("board.toml"), BOARD).expect("write");
        fs::create_dir_all(dir.path().join("tenders/t-1/sheets")).expect("mkdir");
        fs::write(dir.path().join("tenders/t-1.toml"), &bytes).expect("write");
        fs::write(dir.path().join("tenders/t-2.toml"), &text).expect("write");
        fs::write(dir.path().join("tenders/t-1/sheets/ashford.toml"), &text).expect("write");
        assert_diagnostics_point_into_files(dir.path())?;
    }

    /// Line deletions, duplications and character substitutions in a copy of an example board.
    #[test]
    fn edited_example_boards_never_panic_and_point_into_their_files(
        board in any::<Index>(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let boards = example_boards();
        prop_assert!(!boards.is_empty());
        let dir = tempfile::tempdir().expect("tempdir");
        let from: &PathBuf = board.get(&boards);
        copy_tree(from, dir.path());
        let tomls: Vec<PathBuf> = files_under(dir.path())
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        prop_assert!(!tomls.is_empty());
        for e in &edits {
            apply(dir.path(), &tomls, e);
        }
        assert_diagnostics_point_into_files(dir.path())?;
        // LOADER_PROPS_DEBUG=1 shows what the loader says about each edited copy.
        if std::env::var_os("LOADER_PROPS_DEBUG").is_some() {
            for d in load(dir.path()).diagnostics {
                eprintln!("{d}");
            }
        }
    }
}
