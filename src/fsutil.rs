//! Writing files so that a reader sees either the old contents or the new, never half a file:
//! the one routine used for session records, settings, reports and exports.
//!
//! The new contents go to a temporary file in the target's own folder (so the final rename
//! never crosses file systems), which is flushed and synced to disk, then renamed over the
//! target; on Unix the folder is then synced so the rename itself survives a power cut.
//! Windows cannot open a folder with the standard library to sync it; there the file's own
//! contents are synced before `MoveFileEx` replaces the target (which is what `tempfile`'s
//! `persist` calls), and the rename is as durable as NTFS's journal makes it.
//!
//! Whatever fails, the temporary file is removed and the target is left as it was.

use std::io::{self, Write};
use std::path::Path;

/// Which step of an atomic write failed: lets a caller (or a test) tell a full disk from a
/// folder that cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Creating the temporary file in the target's folder.
    Create,
    /// Writing, flushing or syncing the temporary file.
    Write,
    /// Renaming the temporary file over the target.
    Rename,
}

/// The folder a file lives in (`.` for a bare file name).
fn folder_of(file: &Path) -> &Path {
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes `bytes` to `file` by atomic replace. The folder must exist. On error the target is
/// untouched and no temporary file is left behind; the error says which step failed and
/// keeps the operating system's error kind (e.g. `StorageFull`, `PermissionDenied`).
pub fn write_atomically(file: &Path, bytes: &[u8]) -> io::Result<()> {
    write_steps(file, bytes).map_err(|(step, e)| {
        let what = match step {
            Step::Create => "could not create a temporary file beside it",
            Step::Write => "could not write it out",
            Step::Rename => "could not put the new file in place",
        };
        io::Error::new(e.kind(), format!("{what}: {e}"))
    })
}

/// Creates `file` with `bytes`, whole, only if no file of that name exists: the contents go to
/// a temporary file beside it which is then linked into place without replacing anything, so
/// when two processes (or two machines on a shared folder) create the same name at once,
/// exactly one succeeds and the other gets `AlreadyExists`. No reader ever sees half a file.
pub fn create_new(file: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = folder_of(file);
    let mut tmp = temp_beside(file, dir)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .and_then(|()| tmp.as_file().sync_all())?;
    match tmp.persist_noclobber(file) {
        Ok(_) => {
            sync_folder(dir);
            Ok(())
        }
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(e.error),
        // A file system without hard links (some network shares): an exclusive create is
        // still atomic against another creator, though a reader could see it being filled.
        Err(_) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(file)?;
            f.write_all(bytes)?;
            f.sync_all()
        }
    }
}

/// [`write_atomically`], reporting the failed step separately.
pub fn write_steps(file: &Path, bytes: &[u8]) -> Result<(), (Step, io::Error)> {
    let dir = folder_of(file);
    // From here on the temporary file is deleted when `tmp` is dropped, on every early return.
    let mut tmp = temp_beside(file, dir).map_err(|e| (Step::Create, e))?;
    let written = tmp
        .write_all(bytes)
        .and_then(|()| tmp.flush())
        .and_then(|()| tmp.as_file().sync_all());
    written.map_err(|e| (Step::Write, e))?;
    // On failure `persist` hands the temporary file back inside the error, whose drop deletes it.
    tmp.persist(file).map_err(|e| (Step::Rename, e.error))?;
    sync_folder(dir);
    Ok(())
}

/// A hidden temporary file in `dir`, named after `file`, for writing before it is moved into
/// place. `tempfile` makes owner-only files; this asks for what `File::create` gives (the umask
/// still applies), so a report or record is as readable as any other file the user saves.
fn temp_beside(file: &Path, dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let prefix = format!(
        ".{}.",
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into())
    );
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Makes a rename in `dir` durable where the platform can sync a folder (Unix). A failure is
/// not an error: the new file is complete and in place; only its survival of a power cut in
/// the next moments is less certain.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("deskaudit-fsutil-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_the_contents_and_leaves_nothing_else() {
        let dir = scratch("replace");
        let f = dir.join("record.ron");
        write_atomically(&f, b"first").unwrap();
        write_atomically(&f, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"second, longer");
        assert_eq!(entries(&dir), ["record.ron"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&f).unwrap().permissions().mode();
            assert_ne!(mode & 0o044, 0, "not owner-only: {mode:o}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folder_that_is_a_file_fails_at_create() {
        let dir = scratch("parent-file");
        let blocker = dir.join("not-a-folder");
        std::fs::write(&blocker, b"x").unwrap();
        let (step, _) = write_steps(&blocker.join("out.html"), b"new").unwrap_err();
        assert_eq!(step, Step::Create);
        assert_eq!(std::fs::read(&blocker).unwrap(), b"x");
        assert_eq!(entries(&dir), ["not-a-folder"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failed_rename_removes_the_temporary_file_and_keeps_the_target() {
        // A folder in the target's place: the temporary file is written, the rename fails.
        let dir = scratch("rename");
        let target = dir.join("report.html");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside"), b"kept").unwrap();
        let (step, _) = write_steps(&target, b"new report").unwrap_err();
        assert_eq!(step, Step::Rename);
        assert_eq!(entries(&dir), ["report.html"]);
        assert_eq!(std::fs::read(target.join("inside")).unwrap(), b"kept");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_is_refused_and_the_old_file_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("read-only");
        let f = dir.join("settings.ron");
        std::fs::write(&f, b"old").unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root ignores folder permissions: find out, and then only check that the write
        // itself is atomic (the other failure tests cover root).
        let probe = dir.join(".probe");
        let root = std::fs::write(&probe, b"").is_ok();
        let _ = std::fs::remove_file(&probe);
        let result = write_steps(&f, b"new");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        if root {
            assert!(result.is_ok());
            assert_eq!(std::fs::read(&f).unwrap(), b"new");
        } else {
            let (step, e) = result.unwrap_err();
            assert_eq!(step, Step::Create);
            assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
            assert_eq!(std::fs::read(&f).unwrap(), b"old");
        }
        assert_eq!(entries(&dir), ["settings.ron"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_error_message_names_the_step() {
        let dir = scratch("message");
        let blocker = dir.join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let e = write_atomically(&blocker.join("a.csv"), b"y").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("could not create a temporary file beside it: "),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
