//! Stage 5: write only what changed, atomically.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// Whether a file already holds exactly `contents`.
pub fn is_current(path: &Path, contents: &str) -> bool {
    // Only a regular file is read: reading a pipe would wait for a writer.
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && std::fs::read(path).is_ok_and(|old| old == contents.as_bytes())
}

/// Writes `contents` to `path` unless it already holds them (so mtimes and
/// incremental builds are kept). Writes a temporary file beside the target and
/// renames it, so a reader never sees a half-written file. Returns whether
/// the file changed.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<bool> {
    if is_current(path, contents) {
        return Ok(false);
    }
    let write_err = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // A device or a pipe (`-o /dev/stdout`, `-o /dev/null`) is written to,
    // not replaced by a file.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut target = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(write_err)?;
        target.write_all(contents.as_bytes()).map_err(write_err)?;
        return Ok(true);
    }
    std::fs::create_dir_all(dir).map_err(write_err)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write_err)?;
    tmp.write_all(contents.as_bytes()).map_err(write_err)?;
    tmp.flush().map_err(write_err)?;
    // The temporary file is private (0600); the file it replaces keeps its
    // permissions, and a new one gets the usual 0644.
    let permissions = match std::fs::metadata(path) {
        Ok(old) => old.permissions(),
        Err(_) => ordinary_permissions(tmp.as_file()).map_err(write_err)?,
    };
    std::fs::set_permissions(tmp.path(), permissions).map_err(write_err)?;
    tmp.persist(path).map_err(|e| write_err(e.error))?;
    Ok(true)
}

#[cfg(unix)]
fn ordinary_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn ordinary_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `-o /dev/stdout` or a named pipe: the pipe is written to, not
    /// replaced by a file (which, as root, `-o /dev/null` would also do).
    #[cfg(unix)]
    #[test]
    fn pipes_are_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt as _;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            panic!("mkfifo is needed for this test");
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        assert!(write_if_changed(&fifo, "through the pipe").unwrap());
        assert_eq!(reader.join().unwrap(), "through the pipe");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn unchanged_content_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.rs");
        assert!(write_if_changed(&path, "x").unwrap());
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert!(!write_if_changed(&path, "x").unwrap());
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );
        assert!(write_if_changed(&path, "y").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "y");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o644);
            // A file's own permissions survive a rewrite.
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
            assert!(write_if_changed(&path, "z").unwrap());
            assert_eq!(mode(&path), 0o664);
        }
        // No temporary file is left behind.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }
}
