//! Files coming in from a path the person picked: measured before they are read, and read
//! through a reader that stops at `limit + 1` bytes, so neither a huge file nor one that
//! grows after it was measured can take the memory. The limits are `cordon_core::limits`.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use crate::error::AppError;

/// Why a file could not be taken in.
#[derive(Debug)]
pub(crate) enum Intake {
    /// More than the limit: measured by its size, or found while reading.
    TooLarge,
    /// A folder, a device, a pipe: only regular files are read.
    NotAFile,
    Io(io::Error),
}

impl From<io::Error> for Intake {
    fn from(e: io::Error) -> Intake {
        Intake::Io(e)
    }
}

/// The field error for a file that could not be taken in; `too_large` says what to do
/// instead, which depends on the kind of file.
pub(crate) fn refusal(e: Intake, path: &Path, too_large: impl FnOnce() -> String) -> AppError {
    let why = match e {
        Intake::TooLarge => too_large(),
        Intake::NotAFile => format!("{} is not a file; pick a file", path.display()),
        Intake::Io(e) => format!("cannot read {}: {e}; pick the file again", path.display()),
    };
    AppError::file("file", why)
}

/// Opens `path` when it is a regular file of at most `limit` bytes (as its size says now).
fn open_measured(path: &Path, limit: u64) -> Result<File, Intake> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Intake::NotAFile);
    }
    if meta.len() > limit {
        return Err(Intake::TooLarge);
    }
    Ok(File::open(path)?)
}

/// The whole of `path`, at most `limit` bytes.
pub(crate) fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Intake> {
    read_all_bounded(open_measured(path, limit)?, limit)
}

/// Reads `r` to its end, refusing it as soon as it yields more than `limit` bytes.
pub(crate) fn read_all_bounded(r: impl Read, limit: u64) -> Result<Vec<u8>, Intake> {
    let mut bytes = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Intake::TooLarge);
    }
    Ok(bytes)
}

/// A file read once: its SHA-256 (lowercase hex), its length as read, and its bytes when
/// they were to be kept.
#[derive(Debug)]
pub(crate) struct Hashed {
    pub sha256: String,
    pub size: u64,
    pub content: Option<Vec<u8>>,
}

/// Hashes `path` in one streaming pass. With `keep_up_to`, the bytes are kept as they are
/// hashed and the file is refused when it is (or grows) larger than that.
pub(crate) fn hash_file(path: &Path, keep_up_to: Option<u64>) -> Result<Hashed, Intake> {
    let file = open_measured(path, keep_up_to.unwrap_or(u64::MAX))?;
    hash_stream(file, keep_up_to)
}

pub(crate) fn hash_stream(r: impl Read, keep_up_to: Option<u64>) -> Result<Hashed, Intake> {
    let mut reader = BufReader::with_capacity(1 << 20, r);
    let mut hasher = cordon_core::digest::Sha256Hex::default();
    let mut content = keep_up_to.map(|_| Vec::new());
    let mut size = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        size += n as u64;
        if let (Some(limit), Some(kept)) = (keep_up_to, content.as_mut()) {
            if size > limit {
                return Err(Intake::TooLarge);
            }
            kept.extend_from_slice(&buf[..n]);
        }
        hasher.update(&buf[..n]);
    }
    let sha256 = hasher.finish();
    Ok(Hashed {
        sha256,
        size,
        content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that never ends: a file still being written, a device.
    fn endless() -> impl Read {
        io::repeat(b'x')
    }

    #[test]
    fn a_growing_file_cannot_read_past_the_limit() {
        assert!(matches!(
            read_all_bounded(endless(), 1000),
            Err(Intake::TooLarge)
        ));
        assert!(matches!(
            hash_stream(endless(), Some(1000)),
            Err(Intake::TooLarge)
        ));
    }

    #[test]
    fn cutoffs_are_the_limit_and_one_byte_more() {
        let at = read_all_bounded(endless().take(1000), 1000).unwrap();
        assert_eq!(at.len(), 1000);
        assert!(matches!(
            read_all_bounded(endless().take(1001), 1000),
            Err(Intake::TooLarge)
        ));
        let kept = hash_stream(endless().take(1000), Some(1000)).unwrap();
        assert_eq!(kept.content.map(|c| c.len()), Some(1000));
        assert!(matches!(
            hash_stream(endless().take(1001), Some(1000)),
            Err(Intake::TooLarge)
        ));
    }

    #[test]
    fn hash_only_streams_any_size_and_matches_a_whole_read() {
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let h = hash_stream(&bytes[..], None).unwrap();
        assert_eq!(h.size, bytes.len() as u64);
        assert!(h.content.is_none());
        assert_eq!(h.sha256, cordon_store::sha256_hex(&bytes));
    }

    #[test]
    fn a_file_larger_than_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.csv");
        // Sparse: 1 GB on paper, nothing on disk; reading it whole would take the memory.
        File::create(&path).unwrap().set_len(1 << 30).unwrap();
        assert!(matches!(read_bounded(&path, 1000), Err(Intake::TooLarge)));
        assert!(matches!(
            read_bounded(dir.path(), 1000),
            Err(Intake::NotAFile)
        ));
    }
}
