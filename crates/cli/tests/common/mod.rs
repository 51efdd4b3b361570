//! What every CLI test does: run the real `cordon` binary on a passphrase-protected workspace
//! in a temporary folder, with the keychain hidden so the passphrase is the only way in.
#![allow(dead_code)] // each test file uses its own part of this

use std::path::Path;
use std::process::{Command, Output};

pub const PASS: &str = "cli test passphrase";

/// `cordon ARGS` on the workspace in `dir`.
pub fn cordon(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .env("CORDON_DATA_DIR", dir)
        .env("CORDON_PASSPHRASE", PASS)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .args(args)
        .output()
        .unwrap()
}

/// The JSON a successful command printed; a failure shows its stderr.
pub fn ok_json(out: Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
