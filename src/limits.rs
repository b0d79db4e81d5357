//! How much procboard reads, and from what: the size limits and the file checks every reader
//! shares (documented in `docs/user-guide.md`, "Size limits and files procboard refuses").
//!
//! Every file of a board is read through [`read_inside`], the one guarded opener: given the board
//! folder, the path and the limit for its kind, it refuses folders, devices, pipes where a file is
//! expected, symbolic links that lead outside the board folder (or nowhere, or round in a loop),
//! and anything larger than the limit, before reading more than the limit. A link inside the board
//! is followed. Files named on the command line (a ballot, an event file) go through
//! [`read_file`], which applies the same checks except the board folder's.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One mebibyte.
const MIB: u64 = 1024 * 1024;

/// Largest board file read (board.toml, agendas, tenders, sheets, consensus, disputes): 64 MiB.
pub const BOARD_FILE_MAX: u64 = 64 * MIB;
/// Largest ballot file read by `tally`: 64 MiB.
pub const BALLOT_MAX: u64 = 64 * MIB;
/// Longest line of `meeting record` input: 1 MiB.
pub const EVENT_LINE_MAX: u64 = MIB;
/// Largest `allowed_signers` (or earlier version in `allowed_signers.d/`) read: 1 MiB.
pub const SIGNERS_MAX: u64 = MIB;
/// Largest detached signature (`.sig`) read: 64 KiB.
pub const SIGNATURE_MAX: u64 = 64 * 1024;
/// Largest minutes file (`minutes.md`, `minutes.json`) read: 64 MiB.
pub const MINUTES_MAX: u64 = 64 * MIB;
/// Largest file of the members' review notes read: 64 MiB.
pub const NOTES_MAX: u64 = 64 * MIB;
/// Largest journal read: 1 GiB.
pub const JOURNAL_MAX: u64 = 1024 * MIB;
/// Longest journal line read or written: 64 MiB (the opening line freezes every seat).
pub const JOURNAL_LINE_MAX: u64 = 64 * MIB;

/// `64 MiB` for messages.
pub fn size_words(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing at that path.
    Missing,
    /// A folder where a file was expected.
    Folder,
    /// A device, pipe or socket where a file was expected.
    Special,
    /// A symbolic link that leads outside the folder it must stay in (or nowhere, or in a loop).
    Link {
        /// What is wrong with the link, in words.
        why: &'static str,
        /// The link, relative to the board folder, when it is a folder on the way to the file
        /// (`docs` for `docs/report.pdf`) rather than the file itself.
        via: Option<PathBuf>,
        /// Where the link leads, as it is written.
        to: Option<PathBuf>,
    },
    /// Larger than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The operating system refused.
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => write!(f, "no such file"),
            ReadError::Folder => write!(f, "it is a folder, not a file"),
            ReadError::Special => write!(f, "it is a device, pipe or socket, not a regular file"),
            ReadError::Link { why, via, to } => {
                match via {
                    Some(via) => write!(
                        f,
                        "it lies behind the symbolic link `{}`, {}",
                        via.display(),
                        why.strip_prefix("that ").unwrap_or(why)
                    )?,
                    None => write!(f, "it is a symbolic link {why}")?,
                }
                match to {
                    Some(to) => write!(f, " (it leads to {})", to.display()),
                    None => Ok(()),
                }
            }
            ReadError::TooLarge { limit } => write!(
                f,
                "it is larger than the {} procboard reads for this kind of file",
                size_words(*limit)
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// A hint for the secretary.
    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::Missing => "check the path",
            ReadError::Folder | ReadError::Special => "give the path of a regular file",
            ReadError::Link { why, .. } if *why == LEADS_NOWHERE || *why == CANNOT_FOLLOW => {
                "repair the link (or replace it with the folder or file itself): procboard follows a link only to a place inside the board folder"
            }
            ReadError::Link { .. } => {
                "procboard never follows a link out of the board folder: copy the file into the folder instead of linking to it"
            }
            ReadError::TooLarge { .. } => {
                "docs/user-guide.md lists the size limits; split the file or check that it is the right one"
            }
            ReadError::Io(_) => "check the file's permissions",
        }
    }
}

/// What a path holds, without following a final symbolic link.
fn kind_of(path: &Path) -> Result<fs::Metadata, ReadError> {
    match fs::symlink_metadata(path) {
        Ok(m) => Ok(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(ReadError::Missing),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// What is wrong with a link that cannot be followed inside the board, in words.
const LEADS_NOWHERE: &str = "that leads nowhere (its target does not exist)";
const CANNOT_FOLLOW: &str =
    "that cannot be followed (a loop of links, or a target that cannot be read)";
const LEADS_OUTSIDE: &str = "that leads outside the board folder";

/// Checks that `path` may be read as a file that must stay inside `root`: a symbolic link (the
/// file itself or a folder on the way) is followed only when it resolves to a place inside
/// `root`. Returns the path to open.
pub fn check_inside(root: &Path, path: &Path) -> Result<PathBuf, ReadError> {
    let meta = match kind_of(path) {
        // Missing behind a linked folder that cannot be followed: name that link.
        Err(ReadError::Missing) => return Err(broken_link_on_the_way(root, path)),
        other => other?,
    };
    let link = meta.file_type().is_symlink();
    let refused = |why: &'static str| {
        if link {
            ReadError::Link {
                why,
                via: None,
                to: fs::read_link(path).ok(),
            }
        } else {
            link_on_the_way(root, path, why)
        }
    };
    let target = match fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(refused(LEADS_NOWHERE)),
        Err(_) if link => return Err(refused(CANNOT_FOLLOW)),
        Err(e) => return Err(ReadError::Io(e)),
    };
    // Also catches a linked folder on the way (`tenders/` linked elsewhere).
    let inside = fs::canonicalize(root).is_ok_and(|r| target.starts_with(r));
    if !inside {
        return Err(refused(LEADS_OUTSIDE));
    }
    check_plain(&target).map(|()| target)
}

/// The error for `path`, which is no link itself but lies behind one (a linked folder on the
/// way from `root`): names that link and where it leads.
fn link_on_the_way(root: &Path, path: &Path, why: &'static str) -> ReadError {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut at = root.to_path_buf();
    let mut shown = PathBuf::new();
    for part in rel.components() {
        at.push(part);
        shown.push(part);
        if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return ReadError::Link {
                why,
                via: Some(shown),
                to: fs::read_link(&at).ok(),
            };
        }
    }
    ReadError::Link {
        why: "(or lies behind one) that leads outside the board folder",
        via: None,
        to: None,
    }
}

/// Why nothing is at `path`: a linked folder on the way from `root` that leads nowhere, loops or
/// leads outside (that link named), or else [`ReadError::Missing`].
fn broken_link_on_the_way(root: &Path, path: &Path) -> ReadError {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let inside = fs::canonicalize(root).ok();
    let mut at = root.to_path_buf();
    let mut shown = PathBuf::new();
    for part in rel.components() {
        at.push(part);
        shown.push(part);
        if !fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            continue;
        }
        let why = match fs::canonicalize(&at) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => LEADS_NOWHERE,
            Err(_) => CANNOT_FOLLOW,
            Ok(t) if !inside.as_ref().is_some_and(|r| t.starts_with(r)) => LEADS_OUTSIDE,
            Ok(_) => continue,
        };
        return ReadError::Link {
            why,
            via: Some(shown),
            to: fs::read_link(&at).ok(),
        };
    }
    ReadError::Missing
}

/// Checks that `path` holds a regular file (following links).
fn check_plain(path: &Path) -> Result<(), ReadError> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(e) => return Err(ReadError::Io(e)),
    };
    if meta.is_dir() {
        Err(ReadError::Folder)
    } else if !meta.is_file() {
        Err(ReadError::Special)
    } else {
        Ok(())
    }
}

/// Reads the regular file (or pipe, as `<(command)` gives) at `path`, refusing folders, devices
/// and anything over `limit`. Never reads more than `limit + 1` bytes.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = File::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::Io(e),
    })?;
    read_open(file, limit)
}

/// Reads an open file as [`read_file`] does.
pub fn read_open(file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() && !is_pipe(&meta) {
        return Err(ReadError::Special);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Whether `meta` is a named pipe.
fn is_pipe(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// The guarded opener: reads the file at `rel` of the board folder `root` up to `limit` (the
/// limit for its kind, one of this module's constants). `rel` is relative to `root` (or
/// absolute). See [`check_inside`] for the links followed and refused.
pub fn read_inside(root: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let path = check_inside(root, &root.join(rel))?;
    read_file(&path, limit)
}

/// [`read_inside`] for a path already joined to the board folder (`root.join(rel)`, as most
/// callers build them, `root` itself possibly relative to the working folder).
pub fn read_at(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_inside(root, path.strip_prefix(root).unwrap_or(path), limit)
}

/// [`read_at`] as text: bytes that are not UTF-8 are replaced (`U+FFFD`).
pub fn read_text_at(root: &Path, path: &Path, limit: u64) -> Result<String, ReadError> {
    read_at(root, path, limit).map(|b| match String::from_utf8(b) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_words() {
        assert_eq!(size_words(BOARD_FILE_MAX), "64 MiB");
        assert_eq!(size_words(1000), "1000 bytes");
    }

    #[test]
    fn folders_devices_and_large_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_file(dir.path(), 10), Err(ReadError::Folder)));
        let f = dir.path().join("f");
        fs::write(&f, b"0123456789a").unwrap();
        assert!(matches!(
            read_file(&f, 10),
            Err(ReadError::TooLarge { limit: 10 })
        ));
        assert_eq!(read_file(&f, 11).unwrap().len(), 11);
        #[cfg(unix)]
        assert!(matches!(
            read_file(Path::new("/dev/zero"), 10),
            Err(ReadError::Special)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_may_not_leave_the_folder() {
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret"), b"x").unwrap();
        fs::write(root.path().join("inner"), b"y").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.path().join("out")).unwrap();
        std::os::unix::fs::symlink(root.path().join("inner"), root.path().join("in")).unwrap();
        std::os::unix::fs::symlink(root.path().join("nope"), root.path().join("dangling")).unwrap();
        std::os::unix::fs::symlink(root.path().join("loop"), root.path().join("loop")).unwrap();
        let read = |n: &str| read_inside(root.path(), Path::new(n), 100);
        assert!(matches!(read("out"), Err(ReadError::Link { .. })));
        assert_eq!(read("in").unwrap(), b"y");
        assert!(matches!(read("dangling"), Err(ReadError::Link { .. })));
        assert!(matches!(read("loop"), Err(ReadError::Link { .. })));
        assert!(matches!(read("missing"), Err(ReadError::Missing)));
    }
}
