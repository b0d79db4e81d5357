//! Atomic file writes: a temporary file in the same folder, flushed to disk, renamed over the
//! target, then the folder flushed, so a crash leaves the old file or the new one, never half.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically; on error, `path` is untouched. The file is readable by
/// all (0644 on Unix), like any file the user writes.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".procboard-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        // Some platforms and file systems refuse fsync on a folder; the rename is done either way.
        let _ = d.sync_all();
    }
    Ok(())
}
