//! Signed score sheets: `procboard sign`, and the marks `score` and `check` give each sheet.

mod common;
use common::{procboard, scratch_board};

use std::fs;
use std::path::{Path, PathBuf};

use ssh_key::{HashAlg, LineEnding, PrivateKey};

const SHEETS: &str = "tenders/road-salt-2025/sheets";

fn key(dir: &Path, name: &str, seed: u8) -> (PathBuf, String) {
    let sk = PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[seed; 32]));
    let path = dir.join(name);
    fs::write(&path, sk.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    (path, sk.public_key().to_openssh().unwrap())
}

/// Margaret Van Wyck (stonebridge's delegate) and Daniel Okafor (verplanck-falls) may sign sheets.
fn setup(board: &Path, keys: &Path, require: bool) -> (PathBuf, PathBuf) {
    let (margaret, m_pub) = key(keys, "margaret", 11);
    let (daniel, d_pub) = key(keys, "daniel", 12);
    let mut toml = fs::read_to_string(board.join("board.toml")).unwrap();
    toml.push_str("\"Margaret Van Wyck\" = \"margaret@stonebridge.example\"\n\"Daniel Okafor\" = \"daniel@verplanck-falls.example\"\n");
    if require {
        toml = toml.replace("[minutes]\n", "[minutes]\nrequire_signed_sheets = true\n");
    }
    fs::write(board.join("board.toml"), toml).unwrap();
    let mut signers = fs::read_to_string(board.join("allowed_signers")).unwrap();
    signers.push_str(&format!(
        "margaret@stonebridge.example namespaces=\"score-sheet@procboard\",valid-after=\"20250101\" {m_pub}\ndaniel@verplanck-falls.example namespaces=\"score-sheet@procboard\",valid-before=\"20250301\" {d_pub}\n"
    ));
    fs::write(board.join("allowed_signers"), signers).unwrap();
    (margaret, daniel)
}

fn sign(board: &Path, member: &str, key: &Path) -> assert_cmd::assert::Assert {
    procboard()
        .arg("sign")
        .arg(board.join(format!("{SHEETS}/{member}.toml")))
        .args(["--as", member, "--key"])
        .arg(key)
        .assert()
}

fn score(board: &Path) -> String {
    let out = procboard()
        .arg("score")
        .arg(board)
        .args(["road-salt-2025", "--on", "2025-03-11"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_signed_sheet_is_marked_signed_and_verified() {
    let (tmp, board) = scratch_board("river-valley");
    let (margaret, _) = setup(&board, tmp.path(), false);
    let before = score(&board);
    assert!(
        !before.contains("Sheet signatures"),
        "no marks when nothing is signed"
    );
    sign(&board, "stonebridge", &margaret)
        .success()
        .stdout(predicates::str::contains("stonebridge.toml.sig"));
    let after = score(&board);
    assert!(after.contains(
        "  stonebridge        SIGNED by Margaret Van Wyck (margaret@stonebridge.example), verified"
    ), "{after}");
    assert!(after.contains("  hendrick-falls     UNSIGNED"), "{after}");
    // Signing changes no figure.
    assert_eq!(
        before,
        after[..after.find("Sheet signatures:").unwrap()].to_string()
    );
    // And ssh-keygen's format: the signature is an SSHSIG under score-sheet@procboard.
    let sig = fs::read_to_string(board.join(format!("{SHEETS}/stonebridge.toml.sig"))).unwrap();
    assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----\n"));
    procboard().arg("check").arg(&board).assert().success();
    // --json gives the marks too.
    let out = procboard()
        .arg("score")
        .arg(&board)
        .args(["road-salt-2025", "--on", "2025-03-11", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let marks = v["sheet_signatures"].as_array().unwrap();
    assert_eq!(marks.len(), 5);
    let stonebridge = marks.iter().find(|m| m["member"] == "stonebridge").unwrap();
    assert_eq!(stonebridge["mark"], "signed");
    assert_eq!(stonebridge["person"], "Margaret Van Wyck");
    assert_eq!(marks[0]["mark"], "unsigned");
}

#[test]
fn signing_refuses_another_members_sheet_and_an_expired_key() {
    let (tmp, board) = scratch_board("river-valley");
    let (margaret, daniel) = setup(&board, tmp.path(), false);
    sign(&board, "hendrick-falls", &margaret)
        .code(2)
        .stderr(predicates::str::contains(
            "who is not a delegate or alternate of `hendrick-falls`",
        ));
    procboard()
        .arg("sign")
        .arg(board.join(format!("{SHEETS}/stonebridge.toml")))
        .args(["--as", "hendrick-falls", "--key"])
        .arg(&margaret)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "is the sheet of `stonebridge`; it cannot be signed as `hendrick-falls`",
        ));
    // Daniel's key ends on 2025-03-01; verplanck-falls' sheet was submitted after.
    sign(&board, "verplanck-falls", &daniel)
        .code(2)
        .stderr(predicates::str::contains("the key is valid only before"));
    assert!(
        !board
            .join(format!("{SHEETS}/verplanck-falls.toml.sig"))
            .exists()
    );
}

#[test]
fn a_tampered_or_foreign_signature_is_refused_and_the_sheet_left_out() {
    let (tmp, board) = scratch_board("river-valley");
    let (margaret, _) = setup(&board, tmp.path(), false);
    sign(&board, "stonebridge", &margaret).success();
    let sheet = board.join(format!("{SHEETS}/stonebridge.toml"));
    let text = fs::read_to_string(&sheet).unwrap();
    fs::write(&sheet, text.replacen("delivery = 5", "delivery = 3", 1)).unwrap();
    let out = score(&board);
    assert!(out.contains("REFUSED stonebridge (tenders/road-salt-2025/sheets/stonebridge.toml): its signature is refused (the signature does not verify"), "{out}");
    assert!(!out.contains("Panel: hendrick-falls, oakwood-crossing, quarry-glen, stonebridge"));
    procboard()
        .arg("check")
        .arg(&board)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "tenders/road-salt-2025/sheets/stonebridge.toml: warning: its signature is refused",
        ));
    // Margaret's signature moved onto hendrick-falls' sheet: a signer who is not that member.
    fs::write(&sheet, &text).unwrap();
    let sk = PrivateKey::read_openssh_file(&margaret).unwrap();
    let hf = board.join(format!("{SHEETS}/hendrick-falls.toml"));
    let sig = sk
        .sign(
            "score-sheet@procboard",
            HashAlg::Sha512,
            &fs::read(&hf).unwrap(),
        )
        .unwrap();
    fs::write(
        board.join(format!("{SHEETS}/hendrick-falls.toml.sig")),
        sig.to_pem(LineEnding::LF).unwrap(),
    )
    .unwrap();
    let out = score(&board);
    assert!(out.contains("  hendrick-falls     REFUSED: signed by `margaret@stonebridge.example` (Margaret Van Wyck), who is not a delegate or alternate of `hendrick-falls`"), "{out}");
    assert!(out.contains("  stonebridge        SIGNED"), "{out}");
}

#[test]
fn a_board_requiring_signed_sheets_leaves_unsigned_ones_out() {
    let (tmp, board) = scratch_board("river-valley");
    let (margaret, _) = setup(&board, tmp.path(), true);
    sign(&board, "stonebridge", &margaret).success();
    let out = score(&board);
    assert!(out.contains("Panel: stonebridge\n"), "{out}");
    assert!(out.contains("REFUSED hendrick-falls (tenders/road-salt-2025/sheets/hendrick-falls.toml): the sheet is not signed and the board requires signed sheets"), "{out}");
    assert!(out.contains("  hendrick-falls     UNSIGNED"), "{out}");
}
