//! `procboard review`: the members' read-only review before a session. Writes to no journal.
//!
//! Two things are written, both on the member's own behalf:
//! - private notes per item, in the user's data folder (`<data dir>/procboard/notes/<board>/
//!   <meeting>.jsonl`), never in the board folder;
//! - with `--as <MEMBER>`, the member's own score sheet `tenders/<id>/sheets/<member>.toml`,
//!   written atomically and then checked by the same rules as `procboard check`; a sheet the
//!   rules refuse (a recused member, a score off the scale) is put back as it was. A sheet whose
//!   tender's award is decided (`tender::sheets_frozen`) is frozen: nothing is written.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A private note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateNote {
    /// Agenda item, if about one.
    #[serde(default)]
    pub item: Option<String>,
    /// Text.
    pub text: String,
}

/// `<data dir>/procboard/notes/<board>/<meeting>.jsonl` (`$XDG_DATA_HOME` or `~/.local/share`
/// on Linux).
pub fn notes_file(board: &str, meeting: &str) -> Option<PathBuf> {
    dirs::data_dir().map(|d| {
        d.join("procboard")
            .join("notes")
            .join(board)
            .join(format!("{meeting}.jsonl"))
    })
}

/// The notes kept in `file` (none if it does not exist; unreadable lines are skipped).
pub fn load_notes(file: &Path) -> Vec<PrivateNote> {
    crate::limits::read_file(file, crate::limits::NOTES_MAX)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map(|s| {
            s.lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Appends a note to `file`, creating its folder.
pub fn save_note(file: &Path, note: &PrivateNote) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let line = serde_json::to_string(note).map_err(|e| e.to_string())?;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    writeln!(f, "{line}")
        .and_then(|()| f.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// One score the member gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetScore {
    /// The board folder.
    pub root: PathBuf,
    /// Member.
    pub member: String,
    /// Tender.
    pub tender: String,
    /// Bid.
    pub bid: String,
    /// Criterion.
    pub criterion: String,
    /// Score.
    pub score: Decimal,
    /// Date submitted (today in the board's zone).
    pub on: chrono::NaiveDate,
}

/// Sets one score in the member's sheet, atomically, then checks the board; a sheet the rules
/// refuse is put back as it was and the problems are returned. Returns the sheet's path.
pub fn save_score(s: &SheetScore) -> Result<PathBuf, String> {
    let rel = PathBuf::from("tenders")
        .join(&s.tender)
        .join("sheets")
        .join(format!("{}.toml", s.member));
    let path = s.root.join(&rel);
    // A sheet that fed a decided award is frozen: it is the record of what the award rests on.
    if let Some(board) = &crate::board::load(&s.root).board
        && let Some(why) = crate::tender::sheets_frozen(board, &s.tender)
    {
        return Err(format!(
            "{}: not changed: {why} (the award rests on it as it stands)",
            rel.display()
        ));
    }
    // A member recused from the tender does not score it (the sheet would be refused).
    if let Some(board) = &crate::board::load(&s.root).board
        && let Some(t) = board.tender(&s.tender)
        && let Some(r) = t
            .tender
            .tender
            .recusals
            .iter()
            .find(|r| *r.member.get_ref() == s.member)
    {
        return Err(format!(
            "{} is recused from tender {} ({}): a recused member does not score it; nothing written",
            s.member, s.tender, r.reason
        ));
    }
    let before = match crate::limits::read_inside(&s.root, &rel, crate::limits::BOARD_FILE_MAX) {
        Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
            format!(
                "{}: not UTF-8 text; fix it with an editor first",
                rel.display()
            )
        })?),
        Err(crate::limits::ReadError::Missing) => None,
        Err(e) => return Err(format!("{}: cannot be read: {e}", rel.display())),
    };
    let mut table: toml::Table = match &before {
        Some(text) => toml::from_str(text).map_err(|e| {
            format!(
                "{}: cannot be read ({}); fix it with an editor first",
                rel.display(),
                e.message()
            )
        })?,
        None => {
            let mut t = toml::Table::new();
            t.insert("member".into(), toml::Value::String(s.member.clone()));
            t.insert("tender".into(), toml::Value::String(s.tender.clone()));
            t
        }
    };
    let date: toml::value::Datetime =
        s.on.format("%Y-%m-%d")
            .to_string()
            .parse()
            .map_err(|e| format!("{e}"))?;
    table.insert("submitted".into(), toml::Value::Datetime(date));
    let scores = table
        .entry("scores")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    let toml::Value::Table(scores) = scores else {
        return Err(format!("{}: `scores` is not a table", rel.display()));
    };
    let bid = scores
        .entry(s.bid.clone())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    let toml::Value::Table(bid) = bid else {
        return Err(format!(
            "{}: `scores.{}` is not a table",
            rel.display(),
            s.bid
        ));
    };
    let value = if s.score.fract().is_zero() {
        i64::try_from(s.score.trunc().mantissa() / 10i128.pow(s.score.trunc().scale()))
            .map(toml::Value::Integer)
            .map_err(|_| "the score is too large".to_string())?
    } else {
        // The board reader takes a TOML float by its literal text, so this stays exact.
        toml::Value::Float(
            s.score
                .to_string()
                .parse()
                .map_err(|_| "not a number".to_string())?,
        )
    };
    bid.insert(s.criterion.clone(), value);
    let text = toml::to_string(&table).map_err(|e| e.to_string())?;
    write_atomic(&path, &text)?;
    let loaded = crate::board::load(&s.root);
    let problems: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.file == rel)
        .map(ToString::to_string)
        .collect();
    if problems.is_empty() {
        return Ok(path);
    }
    match before {
        Some(old) => write_atomic(&path, &old)?,
        None => std::fs::remove_file(&path)
            .map_err(|e| format!("cannot remove {}: {e}", path.display()))?,
    }
    Err(problems.join("; "))
}

fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().ok_or("no folder")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    crate::atomic::write(path, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The program that opens a document: `$PROCBOARD_OPENER` if set, else `open` on macOS and
/// `xdg-open` elsewhere.
pub fn opener() -> String {
    std::env::var("PROCBOARD_OPENER").unwrap_or_else(|_| {
        if cfg!(target_os = "macos") {
            "open".to_string()
        } else {
            "xdg-open".to_string()
        }
    })
}

/// Opens `path` with the system's opener, spawned and never waited for (a thread reaps it): the
/// console goes on at once. Returns what the status line says.
pub fn open_document(path: &Path) -> Result<String, String> {
    let program = opener();
    let mut child = std::process::Command::new(&program)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot open {}: `{program}` did not start ({e}); open the file yourself, or set PROCBOARD_OPENER",
                path.display()
            )
        })?;
    std::thread::spawn(move || child.wait());
    Ok(format!("opening {} with {program}", path.display()))
}

/// A member's answer to a written procedure, given in the review (`--as`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenAnswer {
    /// The procedure's id.
    pub id: String,
    /// The member answering.
    pub member: String,
    /// yes, no, abstain or object.
    pub answer: String,
    /// The member's statement, if any.
    pub statement: Option<String>,
    /// The private key that signs the answer.
    pub key: PathBuf,
}

/// Writes and signs the member's answer (`written::act::answer`, the same as `procboard written
/// answer`). Returns what the status line says.
pub fn answer_written(
    board: &crate::board::Board,
    a: &WrittenAnswer,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<String, String> {
    if a.key.as_os_str().is_empty() {
        return Err(
            "not answered: give the path of your private key (or start the review with --key)"
                .into(),
        );
    }
    let done = crate::written::act::answer(
        board,
        &a.id,
        &a.member,
        &a.key,
        &a.answer,
        a.statement.as_deref(),
        at,
    )
    .map_err(|e| {
        let why = e.to_string().replace("\n  hint: ", "; hint: ");
        format!("not answered: {}", why.replace('\n', " "))
    })?;
    let rel = done
        .file
        .strip_prefix(&board.root)
        .unwrap_or(&done.file)
        .display()
        .to_string();
    Ok(match done.late {
        Some(late) => format!("wrote {rel} and its .sig, but {late}"),
        None => format!("wrote {rel} and its .sig: commit and push it (or send a pull request)"),
    })
}

/// `~/…` in a path typed in a form, with the user's home folder.
pub fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(typed),
    }
}
