//! Atomic file writes: a temporary file in the same folder, flushed to disk, renamed over the
//! target, then the folder flushed, so a crash leaves the old file or the new one, never half.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically; on error, `path` is untouched. The file is readable by
/// all (0644 on Unix), like any file the user writes.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all(&[(path, bytes)])
}

/// The prefix and suffix of the temporary files [`write`] and [`write_all`] leave behind only
/// when the process is killed between creating and renaming them.
pub const TEMP_PREFIX: &str = ".procboard-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".tmp";

/// Writes several files as one: every file goes to its temporary file and is flushed first, and
/// only when all of them are on disk are they renamed over their targets (each folder flushed
/// after), in the order given. A failure while writing (a full disk) leaves every target
/// untouched. The files are readable by all (0644 on Unix), like any file the user writes.
pub fn write_all(files: &[(&Path, &[u8])]) -> std::io::Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir)?;
        tmp.write_all(bytes)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        tmp.as_file().sync_all()?;
        staged.push((tmp, *path, dir));
    }
    for (tmp, path, dir) in staged {
        tmp.persist(path).map_err(|e| e.error)?;
        if let Ok(d) = std::fs::File::open(dir) {
            // Some platforms and file systems refuse fsync on a folder; the rename is done
            // either way.
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Removes the temporary files that an interrupted [`write`] or [`write_all`] left in `dir`
/// (a process killed between creating and renaming them); returns the names removed.
pub fn remove_stale(dir: &Path) -> Vec<String> {
    let mut removed = Vec::new();
    for name in stale(dir) {
        if std::fs::remove_file(dir.join(&name)).is_ok() {
            removed.push(name);
        }
    }
    removed
}

/// The temporary files of an interrupted write in `dir`, by name, sorted.
pub fn stale(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
        .collect();
    names.sort();
    names
}
