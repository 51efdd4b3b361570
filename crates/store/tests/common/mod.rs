//! Shared helpers for the store's integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use cordon_core::{ClientInput, Clock};
use sha2::{Digest, Sha256};

/// A clock the test sets by hand, including backwards (the fault the HLC must survive).
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn at(ms: i64) -> Arc<ManualClock> {
        Arc::new(ManualClock(AtomicI64::new(ms)))
    }
    pub fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.0.load(Ordering::SeqCst))
            .single()
            .expect("valid test time")
    }
}

pub const NOV_2026: i64 = 1_795_000_000_000;

pub fn client(name: &str) -> ClientInput {
    ClientInput {
        name: name.into(),
        jurisdictions: vec!["EU".into()],
        ..Default::default()
    }
}

/// Every file in the folder with the SHA-256 of its bytes: equal before and after means
/// nothing was written, created or removed.
pub fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .expect("read data dir")
        .map(|e| {
            let e = e.expect("dir entry");
            let bytes = std::fs::read(e.path()).expect("read file");
            (
                e.file_name().to_string_lossy().into_owned(),
                hex::encode(Sha256::digest(&bytes)),
            )
        })
        .collect()
}
