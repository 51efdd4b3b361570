//! Where a client operates, as the notification-clock rules need it: the EU (GDPR, NIS2), the
//! UK (UK GDPR), the US at federal level (SEC, HIPAA) and each US state (breach laws differ).

use std::fmt;
use std::str::FromStr;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A jurisdiction code: `EU`, `UK`, `US`, or `US-` and a two-letter state code (`US-CA`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "specta", specta(type = String))]
pub struct Jurisdiction(String);

/// The fifty states, DC and Puerto Rico: the places with their own breach-notification law.
const US_STATES: [&str; 52] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA",
    "WA", "WV", "WI", "WY",
];

impl Jurisdiction {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The US state code (`CA` for `US-CA`), if this is a state.
    pub fn us_state(&self) -> Option<&str> {
        self.0.strip_prefix("US-")
    }

    /// The zone a client here most likely keeps its office hours in: a state's most populous
    /// zone, the US federal level on the East Coast (where its regulators sit), the EU in
    /// Central European Time. Only a default: the client's own time zone is editable.
    pub fn default_time_zone(&self) -> Tz {
        match self.0.as_str() {
            "EU" => Tz::Europe__Brussels,
            "UK" => Tz::Europe__London,
            _ => match self.us_state() {
                Some(state) => state_time_zone(state),
                None => Tz::America__New_York,
            },
        }
    }
}

/// The default zone of a client with these jurisdictions: a US state's zone is more specific
/// than the federal one, otherwise the first jurisdiction listed decides; UTC when none is.
pub fn default_time_zone(jurisdictions: &[Jurisdiction]) -> Tz {
    jurisdictions
        .iter()
        .find(|j| j.us_state().is_some())
        .or(jurisdictions.first())
        .map_or(Tz::UTC, Jurisdiction::default_time_zone)
}

fn state_time_zone(state: &str) -> Tz {
    match state {
        "AK" => Tz::America__Anchorage,
        "AZ" => Tz::America__Phoenix,
        "HI" => Tz::Pacific__Honolulu,
        "ID" => Tz::America__Boise,
        "IN" => Tz::America__Indiana__Indianapolis,
        "MI" => Tz::America__Detroit,
        "PR" => Tz::America__Puerto_Rico,
        "CA" | "NV" | "OR" | "WA" => Tz::America__Los_Angeles,
        "CO" | "MT" | "NM" | "UT" | "WY" => Tz::America__Denver,
        "AL" | "AR" | "IA" | "IL" | "KS" | "LA" | "MN" | "MO" | "MS" | "ND" | "NE" | "OK"
        | "SD" | "TN" | "TX" | "WI" => Tz::America__Chicago,
        _ => Tz::America__New_York,
    }
}

impl FromStr for Jurisdiction {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_uppercase();
        match code.as_str() {
            "EU" | "UK" | "US" => return Ok(Self(code)),
            "GB" => return Ok(Self("UK".into())),
            _ => {}
        }
        if let Some(state) = code.strip_prefix("US-") {
            return if US_STATES.contains(&state) {
                Ok(Self(code))
            } else {
                Err(format!(
                    "'{}' is not a US state code; use US- and the state's two letters, like US-CA or US-NY",
                    s.trim()
                ))
            };
        }
        Err(format!(
            "'{}' is not a jurisdiction Cordon knows; use EU, UK, US, or a US state such as US-TX",
            s.trim()
        ))
    }
}

impl TryFrom<String> for Jurisdiction {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Jurisdiction> for String {
    fn from(value: Jurisdiction) -> Self {
        value.0
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Jurisdiction({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_known_codes_in_any_case() {
        for (input, want) in [
            ("eu", "EU"),
            ("UK", "UK"),
            ("gb", "UK"),
            (" us-ca ", "US-CA"),
            ("US-DC", "US-DC"),
        ] {
            assert_eq!(input.parse::<Jurisdiction>().unwrap().as_str(), want);
        }
        assert_eq!(
            "US-NY".parse::<Jurisdiction>().unwrap().us_state(),
            Some("NY")
        );
    }

    #[test]
    fn rejects_unknown_states_and_places_with_the_fix() {
        let err = "US-ZZ".parse::<Jurisdiction>().unwrap_err();
        assert!(
            err.contains("not a US state code") && err.contains("US-CA"),
            "{err}"
        );
        let err = "Narnia".parse::<Jurisdiction>().unwrap_err();
        assert!(err.contains("EU, UK, US"), "{err}");
    }

    #[test]
    fn the_default_zone_follows_the_most_specific_place() {
        let zone = |codes: &[&str]| {
            let js: Vec<Jurisdiction> = codes.iter().map(|c| c.parse().unwrap()).collect();
            default_time_zone(&js)
        };
        assert_eq!(zone(&["EU"]), Tz::Europe__Brussels);
        assert_eq!(zone(&["UK"]), Tz::Europe__London);
        assert_eq!(zone(&["US"]), Tz::America__New_York);
        assert_eq!(zone(&["US", "US-CA"]), Tz::America__Los_Angeles);
        assert_eq!(zone(&["US", "US-NY", "US-NJ"]), Tz::America__New_York);
        assert_eq!(zone(&["US-TX"]), Tz::America__Chicago);
        assert_eq!(zone(&[]), Tz::UTC);
        for state in US_STATES {
            let j: Jurisdiction = format!("US-{state}").parse().unwrap();
            assert!(
                j.default_time_zone().name().starts_with("America/")
                    || j.default_time_zone() == Tz::Pacific__Honolulu,
                "{state}"
            );
        }
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Jurisdiction>("\"US-QQ\"").is_err());
        assert_eq!(
            serde_json::from_str::<Jurisdiction>("\"us-wa\"")
                .unwrap()
                .as_str(),
            "US-WA"
        );
    }
}
