//! A `contract_review` item in the secretary's console: the agenda screen shows the figures the
//! board reviews (the contract's KPIs per member and period, the benchmark, breaches and the
//! remedy), in words and symbols as well as colour, and the remedy is decided by a motion as usual.

mod tui_support;

use ratatui::style::Color;
use tui_support::Tui;

const AGENDA: &str = r#"# A meeting that reviews the heavy-equipment parts contract.
[meeting]
kind = "regular"
title = "Regular meeting, January 2026"
date = 2026-01-13
start = 18:30:00
place = "Stonebridge Town Hall"
time_zone = "America/New_York"

[[item]]
id = "1"
kind = "procedural"
title = "Call to order and roll call"

[[item]]
id = "2"
kind = "contract_review"
title = "Contract review: heavy-equipment replacement parts"
contract = "auto-parts-heavy-2025"
motion = "Apply the remedy clause of contract auto-parts-heavy-2025 for Town of Hendrick Falls."
"#;

fn console() -> Tui {
    Tui::open_with(
        "river-valley",
        "2026-01-regular",
        procboard::tui::theme::ThemeName::Default,
        |root| {
            let dir = root.join("meetings/2026-01-regular");
            std::fs::create_dir_all(&dir).expect("mkdir");
            std::fs::write(dir.join("agenda.toml"), AGENDA).expect("agenda");
        },
    )
}

#[test]
fn the_agenda_shows_the_contract_figures_in_words_symbols_and_colour() {
    let mut t = console();
    t.keys("2j");
    let screen = t.screen(160, 60);
    for want in [
        "Figures reviewed (as the minutes will print them):",
        "KPI fill-rate \"Order lines filled within 48 hours\"",
        "88!~",
        "BREACH hendrick-falls 2025-Q3: 88 % against target 95 (7 points short)",
        "REMEDY hendrick-falls: 2 breached periods in a row (2025-Q3 to 2025-Q4)",
        "price reduction USD 2784.375",
        "(! breach: worse than the target by more than the tolerance;",
    ] {
        assert!(screen.contains(want), "{want}\n{screen}");
    }
    // The figures are those of `procboard contracts` on the meeting's date.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_procboard"))
        .args(["contracts"])
        .arg(t.model.info.board.root.as_path())
        .args(["--contract", "auto-parts-heavy-2025", "--on", "2026-01-13"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let breach = text
        .lines()
        .find(|l| l.trim_start().starts_with("BREACH hendrick-falls 2025-Q4"))
        .expect("the command lists the breach");
    assert!(screen.contains(breach.trim()), "{breach}\n{screen}");
    // A breach is red as well as written out.
    let buf = t.buffer(160, 60);
    let row = (0..60u16)
        .find(|y| {
            (0..160u16)
                .map(|x| buf[(x, *y)].symbol().to_string())
                .collect::<String>()
                .contains("BREACH hendrick-falls 2025-Q3")
        })
        .expect("the breach line");
    let x = (0..160u16)
        .find(|x| buf[(*x, row)].symbol() == "B")
        .expect("B");
    assert_eq!(buf[(x, row)].fg, Color::Red);
    // Another item keeps the usual two panes, without the figures.
    t.keys("k");
    assert!(!t.screen(160, 60).contains("Figures reviewed"));
}

#[test]
fn the_contract_review_screen_on_the_projector_sizes() {
    let mut t = console();
    t.keys("2j");
    insta::assert_snapshot!("contract_review_80x24", t.screen(80, 24));
    insta::assert_snapshot!("contract_review_240x67", t.screen(240, 67));
}

#[test]
fn on_a_small_screen_the_figures_page_with_the_arrows() {
    let mut t = console();
    t.keys("2j");
    let first = t.screen(80, 24);
    assert!(first.contains("→ more figures below"), "{first}");
    assert!(!first.contains("REMEDY hendrick-falls"), "{first}");
    // → pages down until the remedy shows; the end of the figures stops the scrolling.
    let mut pages = 0;
    while !t.screen(80, 24).contains("REMEDY hendrick-falls") {
        t.keys("l");
        pages += 1;
        assert!(pages < 40, "the remedy never shows");
    }
    for _ in 0..40 {
        t.keys("l");
    }
    let end = t.screen(80, 24);
    assert!(!end.contains("→ more figures below"), "{end}");
    // ← pages back to the top; moving to another item starts its figures from the top.
    for _ in 0..40 {
        t.keys("h");
    }
    assert_eq!(t.screen(80, 24), first);
    t.keys("l");
    t.keys("kj");
    assert_eq!(t.screen(80, 24), first);
}
