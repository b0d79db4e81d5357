//! Reading a board folder: find the files and parse each one into the model. The checks across
//! files are `validate`'s; `board::load` runs both.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::model::{AgendaFile, BoardFile, ConsensusFile, DisputeFile, SheetFile, TenderFile};
use crate::diag::{Diagnostic, Source};

/// A meeting folder with its agenda.
#[derive(Clone, Debug)]
pub struct MeetingDoc {
    /// Folder name under `meetings/`, the meeting's id.
    pub id: String,
    /// `meetings/<id>/agenda.toml`, relative to the board folder.
    pub path: PathBuf,
    /// The agenda.
    pub agenda: AgendaFile,
}

/// A tender file with its score sheets and consensus.
#[derive(Clone, Debug)]
pub struct TenderDoc {
    /// File name without `.toml`, the tender's id.
    pub id: String,
    /// `tenders/<id>.toml`, relative.
    pub path: PathBuf,
    /// The tender and its bids.
    pub tender: TenderFile,
    /// Members' score sheets, `tenders/<id>/sheets/<member>.toml`, by file name.
    pub sheets: Vec<SheetDoc>,
    /// `tenders/<id>/consensus.toml`, if present.
    pub consensus: Option<(PathBuf, ConsensusFile)>,
}

/// One member's score sheet.
#[derive(Clone, Debug)]
pub struct SheetDoc {
    /// File name without `.toml` (the member's id).
    pub stem: String,
    /// Relative path.
    pub path: PathBuf,
    /// The sheet.
    pub sheet: SheetFile,
}

/// A dispute file.
#[derive(Clone, Debug)]
pub struct DisputeDoc {
    /// File name without `.toml`.
    pub id: String,
    /// Relative path.
    pub path: PathBuf,
    /// The dispute.
    pub dispute: DisputeFile,
}

/// A board folder, parsed. Validated when it comes from [`load`] without errors.
#[derive(Clone, Debug)]
pub struct Board {
    /// The board folder.
    pub root: PathBuf,
    /// `board.toml`.
    pub file: BoardFile,
    /// Meetings, by id.
    pub meetings: Vec<MeetingDoc>,
    /// Tenders, by id.
    pub tenders: Vec<TenderDoc>,
    /// Disputes, by id.
    pub disputes: Vec<DisputeDoc>,
    /// Every file read, for positions in later diagnostics.
    pub sources: BTreeMap<PathBuf, Source>,
    /// Position of each member in `file.members` by id, built on first use (see [`Board::member`]).
    pub member_index: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

impl Board {
    /// The tender with this id.
    pub fn tender(&self, id: &str) -> Option<&TenderDoc> {
        self.tenders.iter().find(|t| t.id == id)
    }

    /// The meeting with this id.
    pub fn meeting(&self, id: &str) -> Option<&MeetingDoc> {
        self.meetings.iter().find(|m| m.id == id)
    }

    /// The dispute with this id.
    pub fn dispute(&self, id: &str) -> Option<&DisputeDoc> {
        self.disputes.iter().find(|d| d.id == id)
    }

    /// The member with this id. Looked up in an index built on first use, so the cost does not
    /// grow with the number of members; should `file.members` have changed since, the index is
    /// checked against it and a plain search is the fallback.
    pub fn member(&self, id: &str) -> Option<&super::model::Member> {
        let index = self.member_index.get_or_init(|| {
            let mut index = std::collections::HashMap::with_capacity(self.file.members.len());
            for (i, m) in self.file.members.iter().enumerate() {
                // The first of two members with the same id, as the plain search finds it.
                index.entry(m.id.get_ref().clone()).or_insert(i);
            }
            index
        });
        index
            .get(id)
            .and_then(|&i| self.file.members.get(i))
            .filter(|m| m.id.get_ref() == id)
            .or_else(|| self.file.members.iter().find(|m| m.id.get_ref() == id))
    }
}

/// What loading a board folder found.
#[derive(Debug)]
pub struct Loaded {
    /// The board, when `board.toml` could be read (even if other problems remain).
    pub board: Option<Board>,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The board if there is no error.
    pub fn valid(self) -> Result<(Board, Vec<Diagnostic>), Vec<Diagnostic>> {
        match self.board {
            Some(b) if !self.diagnostics.iter().any(Diagnostic::is_error) => {
                Ok((b, self.diagnostics))
            }
            _ => Err(self.diagnostics),
        }
    }
}

struct Reader<'a> {
    root: &'a Path,
    sources: BTreeMap<PathBuf, Source>,
    diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Reads and parses one file; `rel` is relative to the root.
    fn read<T: DeserializeOwned>(&mut self, rel: &Path) -> Option<T> {
        let text = self.text(rel)?;
        let source = Source::new(rel, &text);
        let (value, diags) = super::parse::parse::<T>(&source, &text);
        self.diags.extend(diags);
        self.sources.insert(rel.to_path_buf(), source);
        value
    }

    /// `board.toml`: a large one is read in parts ([`super::members`]), in a fraction of the
    /// memory a whole parse takes; a small one, or one with any problem, whole.
    fn read_board(&mut self, rel: &Path) -> Option<BoardFile> {
        let text = self.text(rel)?;
        if text.len() >= super::members::PARTS_FROM
            && let Some(file) = super::members::parse_board(rel, &text)
        {
            self.sources
                .insert(rel.to_path_buf(), Source::new(rel, &text));
            return Some(file);
        }
        let source = Source::new(rel, &text);
        let (value, diags) = super::parse::parse::<BoardFile>(&source, &text);
        self.diags.extend(diags);
        self.sources.insert(rel.to_path_buf(), source);
        value
    }

    /// The text of one file through the guarded opener; a problem is reported and gives `None`.
    fn text(&mut self, rel: &Path) -> Option<String> {
        let read = crate::limits::read_inside(self.root, rel, crate::limits::BOARD_FILE_MAX);
        let text = match read {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    // Point at the first byte that is not UTF-8: everything before it is text.
                    let good = e.utf8_error().valid_up_to();
                    let prefix = String::from_utf8_lossy(&e.as_bytes()[..good]);
                    let src = Source::new(rel, &prefix);
                    self.diags.push(
                        src.error(
                            good..good,
                            "not UTF-8 text: this byte is not a valid character",
                        )
                        .with_hint(
                            "save the file as UTF-8 (editors call it \"UTF-8\" or \"Unicode\")",
                        ),
                    );
                    return None;
                }
            },
            Err(e) => {
                self.diags.push(
                    Diagnostic::file_error(rel, format!("cannot read: {e}")).with_hint(e.hint()),
                );
                return None;
            }
        };
        Some(text)
    }

    /// Sorted entries of a directory (relative paths) with whether each is a folder, or empty
    /// when it does not exist. A symbolic link is followed only to a place inside the board
    /// folder; one that leads outside (or nowhere) is reported and left out.
    fn list(&mut self, rel: &Path) -> Vec<(PathBuf, bool)> {
        let dir = self.root.join(rel);
        let Ok(entries) = fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut out: Vec<(PathBuf, bool)> = Vec::new();
        for e in entries.filter_map(Result::ok) {
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = rel.join(e.file_name());
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_symlink() {
                if let Err(why) = self.link_inside(&path) {
                    self.diags.push(
                        Diagnostic::file_error(&path, format!("not read: {why}"))
                            .with_hint(why.hint()),
                    );
                    continue;
                }
                out.push((path.clone(), self.root.join(&path).is_dir()));
            } else {
                out.push((path, kind.is_dir()));
            }
        }
        out.sort();
        out
    }

    /// Checks that the link at `rel` leads to a place inside the board folder.
    fn link_inside(&self, rel: &Path) -> Result<(), crate::limits::ReadError> {
        use crate::limits::ReadError;
        let path = self.root.join(rel);
        let refused = |why| ReadError::Link {
            why,
            via: None,
            to: fs::read_link(&path).ok(),
        };
        let target = fs::canonicalize(&path).map_err(|e| {
            refused(if e.kind() == std::io::ErrorKind::NotFound {
                "that leads nowhere (its target does not exist)"
            } else {
                "that cannot be followed (a loop of links, or a target that cannot be read)"
            })
        })?;
        if fs::canonicalize(self.root).is_ok_and(|r| target.starts_with(r)) {
            Ok(())
        } else {
            Err(refused("that leads outside the board folder"))
        }
    }

    /// Reports a folder found where a file of this kind is expected (`tenders/x.toml/`).
    fn folder_not_file(&mut self, rel: &Path, what: &str) {
        self.diags.push(
            Diagnostic::file_error(
                rel,
                format!("is a folder, not a file: {what} is expected here"),
            )
            .with_hint("rename or remove the folder; only .toml files are read here"),
        );
    }
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether anything (a file, a folder, a link even dangling) is at `path`: what is there is then
/// read and reported on, rather than passed over as missing.
fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn is_toml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml")
}

/// Reads the board folder at `root`: every file parsed into the model, with the problems of each
/// file on its own. The checks across files come after, in [`super::validate`]; [`super::load`]
/// runs both.
pub fn read(root: &Path) -> Loaded {
    let mut r = Reader {
        root,
        sources: BTreeMap::new(),
        diags: Vec::new(),
    };
    if !root.is_dir() {
        r.diags.push(
            Diagnostic::file_error(root, "not a folder")
                .with_hint("give the path of a board folder, the one holding board.toml"),
        );
        return Loaded {
            board: None,
            diagnostics: r.diags,
        };
    }
    if !present(&root.join("board.toml")) {
        r.diags.push(
            Diagnostic::file_error(
                "board.toml",
                "missing: a board folder starts with board.toml",
            )
            .with_hint("see docs/board-format.md, or copy one of the boards in boards/"),
        );
        return Loaded {
            board: None,
            diagnostics: r.diags,
        };
    }
    let file: Option<BoardFile> = r.read_board(Path::new("board.toml"));

    let mut meetings = Vec::new();
    for (dir, is_dir) in r.list(Path::new("meetings")) {
        if !is_dir {
            continue;
        }
        let path = dir.join("agenda.toml");
        if !present(&root.join(&path)) {
            r.diags.push(
                Diagnostic::file_error(&dir, "meeting folder without agenda.toml").with_hint(
                    "every folder under meetings/ holds one meeting and its agenda.toml",
                ),
            );
            continue;
        }
        if let Some(agenda) = r.read::<AgendaFile>(&path) {
            meetings.push(MeetingDoc {
                id: stem(&dir),
                path,
                agenda,
            });
        }
    }

    let mut tenders = Vec::new();
    let tender_entries = r.list(Path::new("tenders"));
    for (path, is_dir) in &tender_entries {
        if *is_dir && is_toml(path) {
            r.folder_not_file(path, "a tender file");
            continue;
        }
        if *is_dir || !is_toml(path) {
            continue;
        }
        let Some(tender) = r.read::<TenderFile>(path) else {
            continue;
        };
        let id = stem(path);
        let mut sheets = Vec::new();
        for (sp, sdir) in r.list(&Path::new("tenders").join(&id).join("sheets")) {
            if sdir && is_toml(&sp) {
                r.folder_not_file(&sp, "a score sheet");
                continue;
            }
            if sdir || !is_toml(&sp) {
                continue;
            }
            if let Some(sheet) = r.read::<SheetFile>(&sp) {
                sheets.push(SheetDoc {
                    stem: stem(&sp),
                    path: sp,
                    sheet,
                });
            }
        }
        let cpath = Path::new("tenders").join(&id).join("consensus.toml");
        let consensus = if present(&root.join(&cpath)) {
            r.read::<ConsensusFile>(&cpath).map(|c| (cpath, c))
        } else {
            None
        };
        tenders.push(TenderDoc {
            id,
            path: path.clone(),
            tender,
            sheets,
            consensus,
        });
    }
    for (path, is_dir) in &tender_entries {
        // A folder of sheets needs its tender file.
        if *is_dir && !root.join(path.with_extension("toml")).is_file() {
            r.diags.push(
                Diagnostic::file_error(path, "folder without a tender file").with_hint(format!(
                    "score sheets for tender `{0}` need tenders/{0}.toml",
                    stem(path)
                )),
            );
        }
    }

    let mut disputes = Vec::new();
    for (path, is_dir) in r.list(Path::new("disputes")) {
        if is_dir && is_toml(&path) {
            r.folder_not_file(&path, "a dispute file");
            continue;
        }
        if is_dir || !is_toml(&path) {
            continue;
        }
        if let Some(dispute) = r.read::<DisputeFile>(&path) {
            disputes.push(DisputeDoc {
                id: stem(&path),
                path,
                dispute,
            });
        }
    }

    let Reader { sources, diags, .. } = r;
    let board = file.map(|file| Board {
        root: root.to_path_buf(),
        file,
        meetings,
        tenders,
        disputes,
        sources,
        member_index: std::sync::OnceLock::new(),
    });
    Loaded {
        board,
        diagnostics: diags,
    }
}
