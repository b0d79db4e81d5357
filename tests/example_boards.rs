//! The example boards under `boards/` load with no error and no warning.

use std::path::Path;

use procboard::board::load;

fn assert_clean(name: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("boards")
        .join(name);
    let loaded = load(&root);
    let shown: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        loaded.diagnostics.is_empty(),
        "boards/{name}: {} error(s), {} diagnostic(s) in all:\n{}",
        loaded.error_count(),
        shown.len(),
        shown.join("\n")
    );
    assert!(
        loaded.board.is_some(),
        "boards/{name}: board.toml was not read"
    );
}

#[test]
fn river_valley_loads_cleanly() {
    assert_clean("river-valley");
}

#[test]
fn euregio_energy_loads_cleanly() {
    assert_clean("euregio-energy");
}
