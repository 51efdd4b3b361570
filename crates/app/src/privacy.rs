//! What this laptop does when its user steps away: lock after an idle time, and whether a
//! deadline notification (seen by anyone near the screen) may name the client. Device
//! preferences, kept in the `settings` table outside the op log like the signing name.

use cordon_core::validation::Checker;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::workspace::Workspace;

const IDLE_LOCK_KEY: &str = "idle_lock_minutes";
const NAMES_KEY: &str = "names_in_notifications";

/// The idle times Settings offers; 0 means never.
pub const IDLE_LOCK_CHOICES: [u32; 5] = [0, 5, 15, 30, 60];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PrivacySettings {
    /// Lock the workspace after this many idle minutes; 0 = never.
    pub idle_lock_minutes: u32,
    /// Deadline notifications name the client and incident (off: "A notification deadline is due").
    pub names_in_notifications: bool,
}

impl Workspace {
    pub fn privacy_settings(&self) -> Result<PrivacySettings, AppError> {
        self.with(|s| {
            let minutes = s
                .setting(IDLE_LOCK_KEY)?
                .and_then(|m| m.parse::<u32>().ok())
                .filter(|m| IDLE_LOCK_CHOICES.contains(m))
                .unwrap_or(0);
            Ok(PrivacySettings {
                idle_lock_minutes: minutes,
                names_in_notifications: s.setting(NAMES_KEY)?.as_deref() == Some("1"),
            })
        })
    }

    pub fn save_privacy_settings(
        &self,
        settings: PrivacySettings,
    ) -> Result<PrivacySettings, AppError> {
        let mut c = Checker::default();
        if !IDLE_LOCK_CHOICES.contains(&settings.idle_lock_minutes) {
            c.fail("idle_lock_minutes", "choose never, 5, 15, 30 or 60 minutes");
        }
        c.finish(())?;
        self.with(|s| {
            s.set_setting(IDLE_LOCK_KEY, &settings.idle_lock_minutes.to_string())?;
            s.set_setting(
                NAMES_KEY,
                if settings.names_in_notifications {
                    "1"
                } else {
                    "0"
                },
            )
        })?;
        self.privacy_settings()
    }
}
