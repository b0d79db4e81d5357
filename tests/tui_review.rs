//! `procboard review`: read-only on the board and its journal; private notes outside the board;
//! `--as` fills in the member's own score sheet, written atomically and checked like `check`.

mod tui_support;

use procboard::tui::app::{Overlay, StatusKind};
use procboard::tui::update::Effect;
use ratatui::crossterm::event::KeyCode;
use tui_support::Tui;

fn board_files(root: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "data") {
                    stack.push(p);
                }
            } else {
                out.push((p.clone(), std::fs::read(&p).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn review_records_nothing_and_keeps_private_notes_outside_the_board() {
    let mut t = Tui::review("river-valley", "2025-03-regular", None);
    let root = t
        .dir
        .parent()
        .and_then(|p| p.parent())
        .expect("root")
        .to_path_buf();
    let before = board_files(&root);
    // Acts are refused in review: nothing is asked of the journal.
    for k in ["O", "p", "2", "o", "m", "3", "y", "X"] {
        let fx = t.keys(k);
        assert!(
            fx.iter().all(|e| !matches!(e, Effect::Record(_))),
            "{k}: {fx:?}"
        );
    }
    t.key(KeyCode::Esc);
    assert!(t.model.overlays.is_empty());
    assert!(matches!(&t.model.status, Some((StatusKind::Info, m)) if m.contains("read-only")));
    // A private note on item 2.
    t.keys("2j:");
    t.field("Ask why the February minutes omit the salt figures.");
    assert!(
        matches!(t.model.status, Some((StatusKind::Done, _))),
        "{:?}",
        t.model.status
    );
    assert_eq!(t.model.private_notes.len(), 1);
    let file = t.model.notes_file.clone().expect("a notes file");
    assert!(file.starts_with(t.tmp.path().join("data")));
    let saved = procboard::tui::review::load_notes(&file);
    assert_eq!(saved[0].item.as_deref(), Some("2"));
    assert!(t.screen(200, 50).contains("my note (private): Ask why"));
    // The board folder is byte for byte as it was; no journal was created.
    assert_eq!(board_files(&root), before);
    assert!(!t.dir.join("journal.jsonl").exists());
    // Scores need --as.
    t.keys("4s");
    assert!(matches!(&t.model.status, Some((StatusKind::Info, m)) if m.contains("--as")));
}

#[test]
fn as_a_member_the_score_sheet_is_written_and_checked() {
    let mut t = Tui::review("river-valley", "2025-03-regular", Some("bramblekill"));
    let root = t.model.info.board.root.clone();
    t.keys("4");
    while t.model.tender_ids().get(t.model.sel.tender) != Some(&"road-salt-2025") {
        t.keys("]");
    }
    t.keys("s");
    let Some(Overlay::Form(_)) = t.model.overlays.last() else {
        panic!("a sheet form")
    };
    t.field("4");
    assert!(
        matches!(t.model.status, Some((StatusKind::Done, _))),
        "{:?}",
        t.model.status
    );
    let sheet = root.join("tenders/road-salt-2025/sheets/bramblekill.toml");
    let text = std::fs::read_to_string(&sheet).expect("the sheet is written");
    assert!(text.contains("member = \"bramblekill\""), "{text}");
    assert!(text.contains("[scores.rs-1]"), "{text}");
    assert!(text.contains("delivery = 4"), "{text}");
    // The same rules as `procboard check`.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_procboard"))
        .args(["check", root.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(t.screen(200, 50).contains("mine 4"));
    // A score off the scale (0 to 5) is refused and the sheet stays as it was.
    t.keys("s");
    t.field("9");
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("bramblekill.toml:"), "file:line:col: {msg}");
    assert_eq!(std::fs::read_to_string(&sheet).expect("sheet"), text);
}

#[test]
fn a_recused_member_cannot_fill_in_a_sheet() {
    // The tender file declares its recusals; find one and try as that member.
    let t = Tui::review("river-valley", "2025-03-regular", None);
    let Some((tender, member)) = t.model.info.board.tenders.iter().find_map(|x| {
        x.tender
            .tender
            .recusals
            .first()
            .map(|r| (x.id.clone(), r.member.get_ref().clone()))
    }) else {
        panic!("the demo board declares a recusal in a tender file");
    };
    let mut t = Tui::review("river-valley", "2025-03-regular", Some(&member));
    t.keys("4");
    while t.model.tender_ids().get(t.model.sel.tender) != Some(&tender.as_str()) {
        t.keys("]");
    }
    t.keys("s");
    t.field("3");
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("recus"), "{msg}");
    let sheet = t
        .model
        .info
        .board
        .root
        .join(format!("tenders/{tender}/sheets/{member}.toml"));
    assert!(!sheet.exists(), "no sheet left behind");
}

/// Issue 17, defect 12: a sheet that fed a decided award is frozen: rewriting it is refused with
/// the reason, and the file stays byte for byte as it was.
fn frozen_sheet_is_refused(root: &std::path::Path, reason: &str) {
    let sheet = root.join("tenders/cloud-it-2025/sheets/heerbeek.toml");
    let before = std::fs::read(&sheet).expect("the sheet");
    let err = procboard::tui::review::save_score(&procboard::tui::review::SheetScore {
        root: root.to_path_buf(),
        member: "heerbeek".into(),
        tender: "cloud-it-2025".into(),
        bid: "cl-h1".into(),
        criterion: "security".into(),
        score: rust_decimal::Decimal::from(10),
        on: chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("date"),
    })
    .expect_err("a frozen sheet is not rewritten");
    assert!(err.contains("frozen") && err.contains(reason), "{err}");
    assert_eq!(std::fs::read(&sheet).expect("the sheet"), before);
}

#[test]
fn a_sheet_is_frozen_once_the_award_is_in_the_tender_file() {
    let mut t = Tui::review("euregio-energy", "2025-06-regular", Some("heerbeek"));
    frozen_sheet_is_refused(&t.model.info.board.root, "[[award]]");
    // Through the review's `s`, the same refusal, with the reason, and nothing written.
    let sheet = t
        .model
        .info
        .board
        .root
        .join("tenders/cloud-it-2025/sheets/heerbeek.toml");
    let before = std::fs::read(&sheet).expect("the sheet");
    t.keys("4");
    while t.model.tender_ids().get(t.model.sel.tender) != Some(&"cloud-it-2025") {
        t.keys("]");
    }
    t.keys("s");
    t.field("10");
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("frozen"), "{msg}");
    assert_eq!(std::fs::read(&sheet).expect("the sheet"), before);
}

#[test]
fn a_sheet_is_frozen_once_an_award_motion_on_its_tender_carried() {
    let t = Tui::review("euregio-energy", "2025-06-regular", Some("heerbeek"));
    let root = t.model.info.board.root.clone();
    // Without the award notice in the tender file, the carried motion alone freezes the sheet.
    let file = root.join("tenders/cloud-it-2025.toml");
    let text = std::fs::read_to_string(&file).expect("tender");
    let start = text.find("[[award]]").expect("an award");
    let end = start + text[start..].find("[[bid]]").expect("a bid");
    std::fs::write(&file, format!("{}{}", &text[..start], &text[end..])).expect("write");
    frozen_sheet_is_refused(&root, "carried in meeting 2025-04-regular");
}

/// Issue 17, defect 11: review shows the item as the members will vote it (presenter, the motion
/// as it will be put with the recommended bid and its rank, the documents) with review's own
/// keys in the footer; `o` hands the highlighted document to the system's opener and the console
/// goes on whatever the opener does.
#[test]
fn review_shows_the_item_as_members_will_vote_it_and_opens_its_documents() {
    let mut t = Tui::review("river-valley", "2025-03-regular", Some("stonebridge"));
    t.keys("2");
    for _ in 0..4 {
        t.keys("j"); // item 5: the award of road salt
    }
    let s = t.screen(120, 40);
    assert!(s.contains("presented by Kevin Yu, Purchasing Agent"), "{s}");
    assert!(s.contains("motion as it will be put:"), "{s}");
    assert!(
        s.contains("ranked 1 of"),
        "the recommended bid and its rank: {s}"
    );
    assert!(
        s.contains("docs/road-salt-2025-evaluation-report.md"),
        "{s}"
    );
    assert!(s.contains("o open document"), "review's own hints: {s}");
    assert!(
        !s.contains("take up the item"),
        "not the secretary's hints: {s}"
    );
    // Item 4 lists two documents: → highlights the second, o opens it.
    t.keys("k");
    t.keys("l");
    let s = t.screen(120, 40);
    assert!(s.contains("▶ docs/road-salt-2025-bid-opening.md"), "{s}");
    let fx = t.keys("o");
    let root = t.dir.parent().and_then(|p| p.parent()).expect("root");
    assert_eq!(
        fx,
        vec![Effect::OpenDocument(
            root.join("docs/road-salt-2025-bid-opening.md")
        )]
    );
    // Opened, or the opener is missing here: either way a message, and the console goes on.
    let Some((_, msg)) = &t.model.status else {
        panic!("a message")
    };
    assert!(msg.contains("road-salt-2025-bid-opening.md"), "{msg}");
    assert!(!t.model.quit);
    // Item 1 lists no documents: the panel and `o` say so.
    for _ in 0..10 {
        t.keys("k");
    }
    assert!(t.screen(120, 40).contains("no documents"));
    assert!(t.keys("o").is_empty());
    let Some((StatusKind::Info, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert_eq!(msg, "this item lists no documents");
}

#[test]
fn as_a_member_a_written_procedure_is_answered_and_signed_from_the_review() {
    let mut t = Tui::review("river-valley", "2025-03-regular", Some("stonebridge"));
    let root = t.model.info.board.root.clone();
    let opened = tui_support::start() - chrono::Duration::days(1);
    procboard::written::act::open(
        &t.meeting.board,
        &procboard::written::act::OpenArgs {
            id: "2025-03-salt-top-up".into(),
            text: "Order 300 more tonnes of road salt under the framework.".into(),
            kind: "procedural".into(),
            deadline: "2025-03-20".into(),
            role: "secretary".into(),
            key: root.join("demo-keys/DEMO-diane-marchetti"),
            documents: Vec::new(),
            at: opened,
        },
    )
    .expect("the secretary opens a procedure");
    // What the console read when it started, at the test's clock.
    t.model.info.written_open =
        procboard::tui::app::written_open(&t.meeting.board, tui_support::start());
    t.keys("1");
    let screen = t.screen(160, 40);
    assert!(
        screen.contains("Order 300 more tonnes of road salt"),
        "{screen}"
    );
    assert!(
        screen.contains("stonebridge: · not answered yet: w answers it"),
        "{screen}"
    );
    let file = root.join("written/2025-03-salt-top-up/answers/stonebridge.toml");
    // Another member's key is refused: the status line says why and nothing is written.
    t.keys("w");
    let Some(Overlay::Form(f)) = t.model.overlays.last() else {
        panic!("an answer form: {:?}", t.model.status)
    };
    assert_eq!(f.fields[0].value(), "2025-03-salt-top-up");
    // The focus is on the first empty field: the answer.
    assert_eq!(f.focus, 1);
    t.field("yes");
    t.key(KeyCode::Enter);
    t.field(
        root.join("demo-keys/DEMO-rita-lansing")
            .to_str()
            .expect("utf-8"),
    );
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(
        msg.contains("not a delegate or alternate of `stonebridge`"),
        "{msg}"
    );
    assert!(!file.exists());
    // The member's own key, given with --key, is offered in the form.
    t.model.review_key = Some(root.join("demo-keys/DEMO-thomas-keane"));
    t.keys("w");
    t.field("yes");
    t.field("Salt stocks are low after the February storms.");
    t.key(KeyCode::Enter);
    let Some((StatusKind::Done, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(
        msg.contains("written/2025-03-salt-top-up/answers/stonebridge.toml"),
        "{msg}"
    );
    let text = std::fs::read_to_string(&file).expect("the answer is written");
    assert!(text.contains("answer = \"yes\""), "{text}");
    assert!(text.contains("signer = \"Thomas Keane\""), "{text}");
    assert!(file.with_extension("toml.sig").exists());
    let screen = t.screen(160, 40);
    assert!(screen.contains("stonebridge: ✓ answered yes"), "{screen}");
    // The same checks as `procboard written status`: the answer counts.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_procboard"))
        .args(["written", "status", root.to_str().expect("utf-8")])
        .args([
            "--id",
            "2025-03-salt-top-up",
            "--json",
            "--at",
            "2025-03-12T10:00:00Z",
        ])
        .output()
        .expect("runs");
    let st: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let answers = st[0]["answers"].as_array().expect("answers");
    assert_eq!(answers.len(), 1, "{st}");
    assert_eq!(answers[0]["valid"], true, "{st}");
    // An answer is final: a second one is refused and the file stays as it was.
    t.keys("w");
    t.field("no");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    let Some((StatusKind::Refused, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("an answer is final"), "{msg}");
    assert_eq!(std::fs::read_to_string(&file).expect("answer"), text);
}

#[test]
fn without_as_the_review_does_not_answer() {
    let mut t = Tui::review("river-valley", "2025-03-regular", None);
    t.keys("1w");
    assert!(t.model.overlays.is_empty());
    let Some((StatusKind::Info, msg)) = &t.model.status else {
        panic!("{:?}", t.model.status)
    };
    assert!(msg.contains("--as <MEMBER> --key <KEY>"), "{msg}");
}
