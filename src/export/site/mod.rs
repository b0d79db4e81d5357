//! `procboard publish`: the board's archive as a static website, plain HTML and CSS (no
//! JavaScript, no server), documented in `docs/public-site.md`.
//!
//! - [`build`] makes every file of the site in memory, from the board alone: the same board
//!   gives the same bytes (no clock; statuses are given for a date, [`default_as_of`]).
//! - [`write_site`] writes it safely: into a fresh folder next to the target, flushed, then
//!   renamed into place. It replaces only an empty folder or a site procboard published before
//!   (it carries [`MARKER`]); it refuses any other folder.
//! - [`html`] escapes every board-provided string; [`pages`] builds the pages; [`svg`] draws
//!   the dashboard's charts.

pub mod contracts;
pub mod html;
pub mod pages;
pub mod svg;
pub mod written;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::board::Board;
use crate::meeting::{JOURNAL_FILE, Meeting, MeetingError};
use crate::minutes::{ALLOWED_SIGNERS, MINUTES_JSON, MINUTES_MD, sha256};

use pages::{Data, Download, MinutesFiles};

/// The file that marks a folder as a site procboard published (and may replace).
pub const MARKER: &str = ".procboard-site";
const MARKER_TEXT: &str =
    "This folder is a site written by `procboard publish`; publishing again replaces all of it.\n";
const STYLE: &str = include_str!("style.css");
/// The OCDS release package in the site.
pub const OCDS_FILE: &str = "files/ocds-release-package.json";

/// Why the site cannot be published.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// The output folder is not one procboard may replace.
    #[error("refused to publish into {path}: {why}\n  hint: {hint}")]
    Refused {
        /// The output folder.
        path: PathBuf,
        /// Why.
        why: String,
        /// What to do.
        hint: String,
    },
    /// The board's records cannot be read (a journal that does not hold up).
    #[error(transparent)]
    Meeting(#[from] MeetingError),
    /// The OCDS export refused the board.
    #[error("{0}")]
    Export(String),
    /// A board file that is not read: a link leading outside the board, a folder, too large.
    #[error("cannot read {}: {error}\n  hint: {}", path.display(), error.hint())]
    Input {
        /// The file, relative to the board folder.
        path: PathBuf,
        /// Why it is not read.
        error: crate::limits::ReadError,
    },
    /// I/O.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// Path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

impl SiteError {
    /// Whose fault it is: a refusal or a board that does not hold up, or I/O.
    pub fn fault(&self) -> crate::exit::Fault {
        match self {
            SiteError::Io { .. } => crate::exit::Fault::Failure,
            SiteError::Meeting(e) => e.fault(),
            SiteError::Refused { .. } | SiteError::Export(_) | SiteError::Input { .. } => {
                crate::exit::Fault::BadInput
            }
        }
    }
}

/// The board's file at `rel` through the guarded opener, with the limit for its kind; `None` when
/// nothing is there.
fn read_board(board: &Board, rel: &str) -> Result<Option<Vec<u8>>, SiteError> {
    use crate::limits::{self, ReadError};
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let limit = if name.ends_with(".sig") {
        limits::SIGNATURE_MAX
    } else if rel.starts_with("allowed_signers") {
        limits::SIGNERS_MAX
    } else if name == JOURNAL_FILE {
        limits::JOURNAL_MAX
    } else if name == MINUTES_MD || name == MINUTES_JSON {
        limits::MINUTES_MAX
    } else {
        limits::BOARD_FILE_MAX
    };
    match limits::read_inside(&board.root, Path::new(rel), limit) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::Missing) => Ok(None),
        Err(error) => Err(SiteError::Input {
            path: PathBuf::from(rel),
            error,
        }),
    }
}

fn io<'p>(what: &'static str, path: &'p Path) -> impl FnOnce(std::io::Error) -> SiteError + 'p {
    move |source| SiteError::Io {
        what,
        path: path.to_path_buf(),
        source,
    }
}

/// The site: every file, by its path inside the site (`/`-separated), in a fixed order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Site {
    /// Path → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Meetings whose record failed verification (their pages say so).
    pub failed: Vec<String>,
    /// What `[disclosure]` withholds, one `withheld: tender …: …` line per tender that
    /// withholds something (the tender pages say it in plain words).
    pub withheld: Vec<String>,
}

impl Site {
    /// Total size in bytes.
    pub fn bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

/// The date the site gives statuses for when none is given: the latest date in the board's
/// record (a meeting held, that is one with a journal; a dispute lodged or moved on), else the
/// latest meeting date on any agenda; none for a board without either.
pub fn default_as_of(board: &Board, register: &crate::disputes::Register) -> Option<NaiveDate> {
    let held = crate::minutes::held_meetings(board)
        .into_iter()
        .map(|m| m.agenda.meeting.date.get_ref().0);
    let disputes = register
        .disputes
        .iter()
        .flat_map(|d| std::iter::once(d.lodged).chain(d.history.iter().map(|c| c.date)));
    let tz = crate::export::ocds::board_tz(board);
    let written = crate::written::status::closed_procedures(board)
        .into_iter()
        .map(move |(_, _, closed)| closed.with_timezone(&tz).date_naive());
    held.chain(disputes).chain(written).max().or_else(|| {
        board
            .meetings
            .iter()
            .map(|m| m.agenda.meeting.date.get_ref().0)
            .max()
    })
}

/// Builds the whole site in memory. `as_of`: the date for award and dispute statuses (see
/// [`default_as_of`]).
pub fn build(board: &Board, as_of: NaiveDate) -> Result<Site, SiteError> {
    let register = crate::disputes::register(board).map_err(MeetingError::from)?;
    let verify = crate::minutes::verify::verify_board(board);
    let mut meetings: Vec<_> = board.meetings.iter().collect();
    meetings.sort_by(|a, b| {
        (a.agenda.meeting.date.get_ref().0, &a.id).cmp(&(b.agenda.meeting.date.get_ref().0, &b.id))
    });
    let mut site = Site {
        failed: verify
            .meetings
            .iter()
            .filter(|m| !m.problems.is_empty())
            .map(|m| m.meeting.clone())
            .collect(),
        ..Site::default()
    };
    let mut minutes = BTreeMap::new();
    let mut downloads: BTreeMap<String, Vec<Download>> = BTreeMap::new();

    offer_board_files(&mut site, &mut downloads, board)?;
    // The OCDS release package of every tender, as `procboard export ocds --on <as_of>` writes it.
    let ocds = crate::export::ocds::package(
        board,
        &register,
        &crate::export::ocds::Options {
            tender: None,
            on: Some(as_of),
        },
    )
    .map_err(|e| SiteError::Export(e.to_string()))?;
    let json = ocds.package.to_json().into_bytes();
    downloads.entry(String::new()).or_default().push(Download {
        href: OCDS_FILE.to_string(),
        name: "OCDS release package (procboard export ocds)".to_string(),
        size: json.len(),
        sha256: sha256(&json),
    });
    site.files.insert(OCDS_FILE.to_string(), json);

    for m in &meetings {
        offer_meeting_files(&mut site, &mut downloads, board, &m.id)?;
        let rel = format!("meetings/{}/", m.id);
        if let Some(markdown) = read_board(board, &format!("{rel}{MINUTES_MD}"))? {
            let json = read_board(board, &format!("{rel}{MINUTES_JSON}"))?
                .and_then(|b| serde_json::from_slice(&b).ok());
            minutes.insert(
                m.id.clone(),
                MinutesFiles {
                    markdown: String::from_utf8_lossy(&markdown).into_owned(),
                    json,
                },
            );
        }
    }
    let evaluations = evaluations(board, &register, as_of)?;
    let withheld: Vec<crate::export::disclosure::Withheld> = board
        .tenders
        .iter()
        .zip(&evaluations)
        .map(|(t, e)| {
            crate::export::disclosure::withheld(board.file.disclosure, t, &e.awards, as_of)
        })
        .collect();
    site.withheld = withheld.iter().filter_map(|w| w.line()).collect();

    let languages = board.file.minutes.languages();
    let lang = languages
        .first()
        .cloned()
        .unwrap_or_else(|| "en".to_string());
    let data = Data {
        board,
        meetings,
        verify,
        register,
        minutes,
        evaluations,
        withheld,
        downloads,
        money: crate::export::money::Money::new(&lang),
        languages,
    };
    let as_of_text = as_of.to_string();
    let shell = html::Shell {
        board_name: &board.file.board.name,
        lang: &lang,
        as_of: &as_of_text,
    };
    write_pages(&mut site, &data, &shell, as_of);
    site.files
        .insert("style.css".into(), STYLE.as_bytes().to_vec());
    site.files
        .insert(MARKER.into(), MARKER_TEXT.as_bytes().to_vec());
    Ok(site)
}

/// The board's own files offered for download: allowed_signers and its earlier versions.
fn offer_board_files(
    site: &mut Site,
    downloads: &mut BTreeMap<String, Vec<Download>>,
    board: &Board,
) -> Result<(), SiteError> {
    let mut board_files = vec![ALLOWED_SIGNERS.to_string()];
    if let Ok(rd) = std::fs::read_dir(board.root.join("allowed_signers.d")) {
        let mut old: Vec<String> = rd
            .flatten()
            .filter(|e| !e.path().is_dir())
            .map(|e| format!("allowed_signers.d/{}", e.file_name().to_string_lossy()))
            .collect();
        old.sort();
        board_files.extend(old);
    }
    for name in board_files {
        offer(site, downloads, board, "", &name)?;
    }
    Ok(())
}

/// A meeting's files offered for download, those that exist: agenda, journal, minutes (text
/// and JSON) and their signatures.
fn offer_meeting_files(
    site: &mut Site,
    downloads: &mut BTreeMap<String, Vec<Download>>,
    board: &Board,
    id: &str,
) -> Result<(), SiteError> {
    let dir = board.root.join("meetings").join(id);
    let mut names = vec!["agenda.toml".to_string(), JOURNAL_FILE.to_string()];
    names.push(MINUTES_MD.to_string());
    names.push(MINUTES_JSON.to_string());
    let mut sigs: Vec<String> = crate::minutes::sign::signature_files(&dir)
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    sigs.sort();
    names.extend(sigs);
    for name in names {
        let rel = format!("meetings/{id}/{name}");
        offer(site, downloads, board, id, &rel)?;
    }
    Ok(())
}

/// Each tender evaluated with the live scores of the last meeting held that took it up.
fn evaluations(
    board: &Board,
    register: &crate::disputes::Register,
    as_of: NaiveDate,
) -> Result<Vec<crate::tender::TenderEvaluation>, SiteError> {
    let held = crate::minutes::held_meetings(board);
    let mut states: BTreeMap<String, Meeting> = BTreeMap::new();
    let mut evaluations = Vec::new();
    for t in &board.tenders {
        let last = held.iter().rev().find(|m| {
            m.agenda
                .items
                .iter()
                .any(|i| i.tender.as_ref().is_some_and(|x| x.get_ref() == &t.id))
        });
        if let Some(m) = last
            && !states.contains_key(&m.id)
        {
            let opened = Meeting::open_read(&board.root.join("meetings").join(&m.id))?;
            states.insert(m.id.clone(), opened);
        }
        let live = last
            .and_then(|m| states.get(&m.id))
            .map(|m| crate::meeting::live_input(&m.state, &t.id));
        evaluations.push(crate::tender::evaluate_tender(
            board,
            t,
            live.as_ref(),
            register,
            as_of,
        ));
    }
    Ok(evaluations)
}

/// Renders every page of the site into `site` inside the shell: the meetings, each meeting's
/// minutes, the tenders and each tender, disputes, seats, dashboard, downloads and print.
fn write_pages(site: &mut Site, data: &Data<'_>, shell: &html::Shell<'_>, as_of: NaiveDate) {
    let board = data.board;
    let as_of_text = as_of.to_string();
    let stats = crate::export::stats::stats(board, &data.register, Some(as_of));
    let loaded = crate::contracts::load(board);
    let review = crate::contracts::review::review(board, &loaded, as_of, None);
    let mut put = |file: String, title: &str, main: String| {
        let page = shell.page(&file, title, &main);
        site.files.insert(file, page.into_bytes());
    };
    put(
        "index.html".into(),
        "Home",
        pages::index(data, &stats, as_of),
    );
    for m in &data.meetings {
        put(
            html::meeting_page(&m.id),
            &format!("Minutes of {}", m.id),
            pages::meeting(data, m),
        );
    }
    put(
        "tenders.html".into(),
        "Tenders",
        pages::tenders(data, &as_of_text),
    );
    for (t, e) in board.tenders.iter().zip(&data.evaluations) {
        put(
            html::tender_page(&t.id),
            &format!("Tender {}", t.id),
            pages::tender(data, t, e),
        );
    }
    put(
        "disputes.html".into(),
        "Dispute register",
        pages::disputes(data),
    );
    put(
        "seats.html".into(),
        "Seats and weights over time",
        pages::seats(data),
    );
    put(
        "dashboard.html".into(),
        "Dashboard",
        format!(
            "{}{}",
            pages::dashboard(&stats, &data.money),
            contracts::dashboard_section(&review, &data.money)
        ),
    );
    put(
        "contracts.html".into(),
        "Contracts",
        contracts::contracts(&review, &data.money),
    );
    for (file, title, body) in contracts::contract_pages(&review, &data.money) {
        put(file, &title, body);
    }
    put(
        "written.html".into(),
        "Decisions in writing",
        written::written(board, as_of),
    );
    put("downloads.html".into(), "Downloads", pages::downloads(data));
    put("print.html".into(), "All minutes", pages::print(data));
}

/// Copies a board file (path relative to the board) into `files/` and lists it for download.
fn offer(
    site: &mut Site,
    downloads: &mut BTreeMap<String, Vec<Download>>,
    board: &Board,
    meeting: &str,
    rel: &str,
) -> Result<(), SiteError> {
    let Some(bytes) = read_board(board, rel)? else {
        return Ok(());
    };
    let href = format!(
        "files/{}",
        rel.split('/').map(html::slug).collect::<Vec<_>>().join("/")
    );
    downloads
        .entry(meeting.to_string())
        .or_default()
        .push(Download {
            href: href.clone(),
            name: rel.to_string(),
            size: bytes.len(),
            sha256: sha256(&bytes),
        });
    site.files.insert(href, bytes);
    Ok(())
}

/// Whether `out` may be written: absent, an empty folder, or a site published before.
fn check_target(out: &Path) -> Result<bool, SiteError> {
    let refuse = |why: String, hint: &str| SiteError::Refused {
        path: out.to_path_buf(),
        why,
        hint: hint.to_string(),
    };
    match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io("cannot read", out)(e)),
        Ok(meta) if !meta.is_dir() => Err(refuse(
            "it exists and is not a folder".into(),
            "name a new folder (publish creates it)",
        )),
        Ok(_) => {
            let mut entries = std::fs::read_dir(out).map_err(io("cannot read", out))?;
            if entries.next().is_none() {
                return Ok(true);
            }
            match std::fs::read(out.join(MARKER)) {
                Ok(text) if text == MARKER_TEXT.as_bytes() => Ok(true),
                _ => Err(refuse(
                    format!(
                        "it holds files that procboard did not publish (it has no {MARKER} file)"
                    ),
                    "name a new or empty folder; publish replaces only a site it wrote itself",
                )),
            }
        }
    }
}

/// Writes the site to `out`: all of it or nothing. The files go to a fresh folder beside `out`,
/// are flushed to disk, and the folder is then renamed to `out` (an earlier site there is moved
/// aside first and removed after).
pub fn write_site(site: &Site, out: &Path) -> Result<(), SiteError> {
    let exists = check_target(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io("cannot create", &parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(".procboard-site-")
        .tempdir_in(&parent)
        .map_err(io("cannot create a temporary folder in", &parent))?;
    for (rel, bytes) in &site.files {
        let path = tmp.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io("cannot create", dir))?;
        }
        let mut f = std::fs::File::create(&path).map_err(io("cannot create", &path))?;
        f.write_all(bytes).map_err(io("cannot write", &path))?;
        f.sync_all().map_err(io("cannot flush", &path))?;
    }
    // A temporary folder is created private (0700); the site is for everyone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(io("cannot set the permissions of", tmp.path()))?;
    }
    let old = if exists {
        let aside = tempfile::Builder::new()
            .prefix(".procboard-site-old-")
            .tempdir_in(&parent)
            .map_err(io("cannot create a temporary folder in", &parent))?;
        let old_site = aside.path().join("site");
        std::fs::rename(out, &old_site).map_err(io("cannot move aside", out))?;
        Some((aside, old_site))
    } else {
        None
    };
    let built = tmp.keep();
    if let Err(e) = std::fs::rename(&built, out) {
        // Put the earlier site back; the new one is removed.
        if let Some((_, old_site)) = &old {
            let _ = std::fs::rename(old_site, out);
        }
        let _ = std::fs::remove_dir_all(&built);
        return Err(io("cannot rename into", out)(e));
    }
    if let Ok(d) = std::fs::File::open(&parent) {
        // Some file systems refuse fsync on a folder; the rename is done either way.
        let _ = d.sync_all();
    }
    drop(old);
    Ok(())
}

/// What [`publish`] wrote.
pub struct Published {
    /// Number of files.
    pub files: usize,
    /// Total bytes.
    pub bytes: usize,
    /// The date statuses are given for.
    pub as_of: NaiveDate,
    /// Meetings whose signatures failed verification (the site says so on their pages).
    pub failed: Vec<String>,
    /// What `[disclosure]` withheld, one `withheld: tender …: …` line per tender.
    pub withheld: Vec<String>,
}

/// Builds the site of `board` and writes it to `out`.
pub fn publish(
    board: &Board,
    as_of: Option<NaiveDate>,
    out: &Path,
) -> Result<Published, SiteError> {
    let as_of = match as_of {
        Some(d) => d,
        None => {
            let register = crate::disputes::register(board).map_err(MeetingError::from)?;
            default_as_of(board, &register).ok_or_else(|| SiteError::Refused {
                path: out.to_path_buf(),
                why: "the board has no meeting and no dispute to date the site by".into(),
                hint: "give the date for the statuses with --on YYYY-MM-DD".into(),
            })?
        }
    };
    check_target(out)?;
    let site = build(board, as_of)?;
    write_site(&site, out)?;
    Ok(Published {
        files: site.files.len(),
        bytes: site.bytes(),
        as_of,
        failed: site.failed,
        withheld: site.withheld,
    })
}
