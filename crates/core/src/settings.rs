//! The installation's own settings: the MSP's name and logo printed on every report, the
//! name timeline entries are signed with, and how early a deadline warns.

use crate::client::{Logo, check_logo};
use crate::validation::{Checker, Invalid};

pub use crate::limits::MAX_MSP_NAME_CHARS;

/// Warnings come at most a week ahead: further out, a deadline is not news.
pub const WARN_HOURS: std::ops::RangeInclusive<u32> = 1..=168;

/// The MSP's name, trimmed, when it and the logo can go on a report.
pub fn check_msp_branding(name: &str, logo: Option<&Logo>) -> Result<String, Invalid> {
    let mut c = Checker::default();
    let name = name.trim();
    if name.is_empty() {
        c.fail("name", "type the MSP's name: reports say who prepared them");
    } else if name.chars().count() > MAX_MSP_NAME_CHARS {
        c.fail(
            "name",
            format!("keep the name under {MAX_MSP_NAME_CHARS} characters"),
        );
    } else {
        c.name("name", name);
    }
    if let Some(Err(why)) = logo.map(check_logo) {
        c.fail("logo", why);
    }
    c.finish(name.to_owned())
}

/// The signing name, trimmed, when it and the warning window are usable.
pub fn check_incident_settings(author_name: &str, warn_hours: u32) -> Result<String, Invalid> {
    let mut c = Checker::default();
    if author_name.trim().is_empty() {
        c.fail(
            "author_name",
            "type your name: every timeline entry you add is signed with it",
        );
    } else {
        c.name("author_name", author_name.trim());
    }
    if !WARN_HOURS.contains(&warn_hours) {
        c.fail(
            "warn_hours",
            format!(
                "choose between {} and {} hours (a week)",
                WARN_HOURS.start(),
                WARN_HOURS.end()
            ),
        );
    }
    c.finish(author_name.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logo(media_type: &str, data: &[u8]) -> Logo {
        Logo {
            media_type: media_type.into(),
            data: data.to_vec(),
        }
    }

    #[test]
    fn an_msp_logo_must_be_the_image_it_claims() {
        let png = b"\x89PNG\r\n\x1a\nrest";
        assert_eq!(
            check_msp_branding("  Northgate IT ", Some(&logo("image/png", png))).unwrap(),
            "Northgate IT"
        );
        let err = check_msp_branding("Northgate IT", Some(&logo("image/jpeg", png))).unwrap_err();
        assert_eq!(err.fields[0].field, "logo");
        assert!(
            err.fields[0].message.contains("says it is image/jpeg"),
            "{err}"
        );
        let err = check_msp_branding(" ", Some(&logo("image/png", b"GIF89a"))).unwrap_err();
        let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "logo"]);
    }

    #[test]
    fn incident_settings_need_a_name_and_a_window_of_at_most_a_week() {
        assert_eq!(check_incident_settings(" Ana ", 12).unwrap(), "Ana");
        let err = check_incident_settings("", 169).unwrap_err();
        let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["author_name", "warn_hours"]);
        assert!(check_incident_settings("Ana", 0).is_err());
    }
}
