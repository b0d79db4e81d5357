//! The key table in the user guide ("Running a meeting in the console") is the built-in keymap.
//! Run with `PROCBOARD_BLESS=1` to rewrite the guide's table from the keymap.

const START: &str = "<!-- keymap:start -->\n";
const END: &str = "<!-- keymap:end -->";

#[test]
fn the_documented_key_table_equals_the_built_in_keymap() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/user-guide.md");
    let doc = std::fs::read_to_string(path).expect("the user guide");
    let start = doc.find(START).expect("a keymap:start marker") + START.len();
    let end = start + doc[start..].find(END).expect("a keymap:end marker");
    let table = procboard::tui::keymap::markdown_table();
    if std::env::var_os("PROCBOARD_BLESS").is_some() {
        let blessed = format!("{}{table}{}", &doc[..start], &doc[end..]);
        std::fs::write(path, blessed).expect("write the guide");
        return;
    }
    assert_eq!(
        &doc[start..end],
        table,
        "the guide's key table differs from the keymap; run PROCBOARD_BLESS=1 cargo test --test tui_keys_doc"
    );
}
