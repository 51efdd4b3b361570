//! The data folder's files as the operating system sees them: who may read them, and what
//! survives a power cut. The folder is 0700 and every file in it 0600, whoever made the folder
//! and whatever the umask; a rename is durable only once the folder holding it is synced.

use std::fs;
use std::io;
use std::path::Path;

/// The files Cordon keeps in the data folder, each of which holds or reveals client data.
pub(crate) const PRIVATE_FILES: &[&str] = &[
    "cordon.db",
    "cordon.db-wal",
    "cordon.db-shm",
    "cordon.db-journal",
    "cordon.db.creating",
    "cordon.db.creating-journal",
    "cordon.db.creating-wal",
    "cordon.db.creating-shm",
    crate::keys::KEY_FILE_NAME,
];

/// Renames `from` to `to` and syncs the folder that holds `to`, so that after a power cut the
/// new name is there (a rename lives in the directory, which `sync_all` on the file does not
/// reach). Every rename of a finished file goes through here.
pub fn rename_durably(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)?;
    sync_dir(to.parent().unwrap_or(Path::new(".")))
}

/// Flushes a folder's entries (new names, removals) to the disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    // Windows cannot open a folder as a file; NTFS journals the rename itself.
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Creates `dir` if needed and makes it, and the workspace files already in it, private to
/// this user: a folder made by someone else (an installer, a `mkdir` with a loose umask, a
/// restore from backup) is tightened too.
pub(crate) fn make_private(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    // A file system without Unix modes (FAT, some network shares) refuses these; a workspace
    // kept there must still open, so only the folder's creation can fail this.
    let _ = set_mode(dir, 0o700);
    for name in PRIVATE_FILES {
        let _ = set_mode(&dir.join(name), 0o600);
    }
    Ok(())
}

/// Creates an empty file only this user can read, or truncates one and tightens it. SQLite
/// gives a database's -wal, -shm and -journal the mode of the database, so creating the
/// database this way first keeps its companions private too.
pub(crate) fn create_private(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // `mode` applies only when the file is new; an old one keeps its bits unless told.
    let _ = set_mode(path, 0o600);
    Ok(file)
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// Bytes this user may still write on the file system that holds `dir`; `None` where the
/// platform does not say.
pub(crate) fn available_bytes(dir: &Path) -> Option<u64> {
    #[cfg(test)]
    if let Some(n) = crate::db::fault::AVAILABLE_BYTES.get() {
        return Some(n);
    }
    #[cfg(unix)]
    {
        let st = rustix::fs::statvfs(dir).ok()?;
        Some(st.f_bavail.saturating_mul(st.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}
