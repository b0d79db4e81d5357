//! The house runs one way: every `crate::<module>` a source file names must be on a lower floor
//! than the file's own module, as ARCHITECTURE.md's layering table says, and `rules` names no
//! other module of the crate. A new module must be added to the table before it can be imported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The floors from ARCHITECTURE.md's table, between the `layering` markers.
fn floors() -> BTreeMap<String, u32> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md at the repository's root");
    let start = text
        .find("<!-- layering: begin -->")
        .expect("layering begin marker");
    let end = text
        .find("<!-- layering: end -->")
        .expect("layering end marker");
    let mut out = BTreeMap::new();
    for line in text[start..end].lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 {
            continue;
        }
        let (Ok(floor), module) = (cells[1].parse::<u32>(), cells[2].trim_matches('`')) else {
            continue;
        };
        out.insert(module.to_string(), floor);
    }
    assert!(
        out.len() > 5,
        "the layering table lists the modules: {out:?}"
    );
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file belongs to: the first component under `src/` (`src/board/load.rs` →
/// `board`, `src/tender.rs` → `tender`); none for `lib.rs` and `main.rs`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// Every `crate::<name>` in code (comments left out), with its line number.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().last();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // e.g. `$crate::` or `some_crate::`
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                // `crate::{a, b}`: every name in the braces.
                if let Some(group) = rest.strip_prefix('{') {
                    let group = group.split('}').next().unwrap_or("");
                    for item in group.split(',') {
                        let item: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !item.is_empty() {
                            out.push((n + 1, item));
                        }
                    }
                }
                continue;
            }
            out.push((n + 1, name));
        }
    }
    out
}

/// Every import that ARCHITECTURE.md forbids, as `file:line: module (floor) imports module (floor)`.
fn violations(src: &Path, floors: &BTreeMap<String, u32>) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in &files {
        let Some(module) = module_of(src, file) else {
            continue;
        };
        let rel = file
            .strip_prefix(src.parent().unwrap())
            .unwrap()
            .display()
            .to_string();
        let Some(&floor) = floors.get(&module) else {
            out.push(format!(
                "{rel}: module `{module}` is not in ARCHITECTURE.md's layering table"
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (line, target) in crate_paths(&text) {
            if target == module || !floors.contains_key(&target) && !is_module(src, &target) {
                continue; // itself, or an item of lib.rs (none today) rather than a module
            }
            let Some(&to) = floors.get(&target) else {
                out.push(format!("{rel}:{line}: `{module}` imports `{target}`, which is not in the layering table"));
                continue;
            };
            if module == "rules" || to >= floor {
                out.push(format!(
                    "{rel}:{line}: `{module}` (floor {floor}) imports `{target}` (floor {to})"
                ));
            }
        }
    }
    out
}

fn is_module(src: &Path, name: &str) -> bool {
    src.join(format!("{name}.rs")).is_file() || src.join(name).join("mod.rs").is_file()
}

#[test]
fn every_import_runs_down_the_floors_of_architecture_md() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let floors = floors();
    let found = violations(&src, &floors);
    assert!(
        found.is_empty(),
        "imports that ARCHITECTURE.md forbids:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_module_of_lib_rs_is_in_the_table_and_every_row_is_a_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let declared: Vec<String> = lib
        .lines()
        .filter_map(|l| {
            l.strip_prefix("pub mod ")?
                .strip_suffix(';')
                .map(str::to_string)
        })
        .collect();
    let floors = floors();
    let listed: Vec<String> = floors.keys().cloned().collect();
    let mut declared_sorted = declared.clone();
    declared_sorted.sort();
    assert_eq!(
        declared_sorted, listed,
        "lib.rs's modules and ARCHITECTURE.md's table differ"
    );
}

#[test]
fn the_check_catches_an_import_that_runs_up() {
    // A lower floor naming a higher one is reported, with file and line.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("board")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod board;\npub mod cli;\n").unwrap();
    std::fs::write(src.join("cli.rs"), "use crate::board::Board;\n").unwrap();
    std::fs::write(
        src.join("board/mod.rs"),
        "// crate::cli in a comment is no import\nfn f() -> i32 { crate::cli::EXIT_OK }\n",
    )
    .unwrap();
    let floors = BTreeMap::from([("board".to_string(), 2), ("cli".to_string(), 10)]);
    let found = violations(&src, &floors);
    assert_eq!(
        found,
        vec!["src/board/mod.rs:2: `board` (floor 2) imports `cli` (floor 10)".to_string()]
    );
}

#[test]
fn the_check_reads_grouped_imports() {
    assert_eq!(
        crate_paths("use crate::{diag, rules::voting};\nlet x = crate::tender::f(); // crate::cli"),
        vec![
            (1, "diag".to_string()),
            (1, "rules".to_string()),
            (2, "tender".to_string())
        ]
    );
}
