//! Every size limit on what comes in from people and files, in one place, so a limit is
//! changed once and each cutoff is tested once (`limit` passes, `limit + 1` is refused).
//!
//! Byte limits guard memory: a file is measured before it is read, and read through a
//! reader that stops at `limit + 1` bytes, so a file that grows after it was measured still
//! cannot push past the limit. Character limits keep a record readable on a report page.

/// An asset CSV: a client's critical assets are hundreds of rows, never megabytes.
pub const MAX_CSV_BYTES: u64 = 20 * 1024 * 1024;
/// Data rows in one asset CSV; more is not one client's critical assets.
pub const MAX_CSV_ROWS: usize = 50_000;
/// Evidence kept inside the encrypted workspace; larger files (disk images, memory dumps)
/// are recorded by SHA-256 only and belong on the evidence drive.
pub const MAX_EVIDENCE_BLOB_BYTES: u64 = 64 * 1024 * 1024;
/// A client or MSP logo: a 600×200 PNG is ~30 KB; larger bloats every report.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;
/// A name (client, contact, asset, person, incident title ...): one line on a report.
pub const MAX_NAME_CHARS: usize = 200;
/// The MSP's name, printed in every report's footer.
pub const MAX_MSP_NAME_CHARS: usize = 120;
/// One timeline entry; longer material is evidence, summarised in the entry.
pub const MAX_TIMELINE_TEXT_CHARS: usize = 20_000;

/// `n` bytes as people read them (`1.5 MiB`, `512 KiB`).
pub fn describe_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        let whole = n / MIB;
        let tenth = (n % MIB) * 10 / MIB;
        if tenth == 0 {
            format!("{whole} MiB")
        } else {
            format!("{whole}.{tenth} MiB")
        }
    } else if n >= KIB {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(describe_bytes(MAX_CSV_BYTES), "20 MiB");
        assert_eq!(describe_bytes(MAX_CSV_BYTES + 1), "20 MiB");
        assert_eq!(describe_bytes(3 * 1024 * 1024 / 2), "1.5 MiB");
        assert_eq!(describe_bytes(MAX_LOGO_BYTES as u64), "512 KiB");
        assert_eq!(describe_bytes(10), "10 bytes");
    }
}
