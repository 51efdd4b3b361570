//! The scenario library: data, not code. Each scenario is a JSON file under
//! `crates/core/scenarios/`, written by us, with its own version and a note naming the public
//! exercise programmes its shape follows (CISA Tabletop Exercise Packages, HSEEP, NCSC Exercise
//! in a Box). Embedded at build time; the tests below check every file parses and is complete,
//! so a broken scenario fails the build's tests rather than a facilitator's session.
//!
//! Texts carry placeholders (`{client}`, `{critical_asset}` ...) that `Exercise::create` fills
//! from the client's record, assets and plan; `PLACEHOLDERS` lists the ones it knows.

use serde::{Deserialize, Serialize};

use super::Capability;

/// Every placeholder a scenario may use; anything else in braces is a typo the tests catch.
pub const PLACEHOLDERS: [&str; 10] = [
    "client",
    "critical_asset",
    "asset_data",
    "incident_commander",
    "comms_lead",
    "technical_lead",
    "escalation_1",
    "escalation_2",
    "escalation_3",
    "insurer",
];

/// An objective as the scenario states it, before any rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScenarioObjective {
    /// Short stable key injects refer to (`detect`, `notify`).
    pub key: String,
    pub capability: Capability,
    pub text: String,
}

/// One inject as written in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScenarioInject {
    /// Minutes of exercise time after the start at which it is revealed.
    pub offset_minutes: u32,
    pub title: String,
    /// What the participants are told.
    pub text: String,
    /// What a well-prepared team would do; facilitator only.
    pub expected_actions: Vec<String>,
    /// The plan step or role it tests ("Playbook: ransomware, contain").
    pub tests: String,
    /// Keys of the objectives it gives evidence for.
    pub objectives: Vec<String>,
    /// What to watch for and how to prompt; participants never see it.
    pub facilitator_notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Scenario {
    pub name: String,
    pub title: String,
    pub version: String,
    pub source: String,
    pub summary: String,
    /// Playbook incident types (`ransomware`) a completed exercise of this scenario rehearses.
    pub incident_types: Vec<String>,
    pub narrative: String,
    pub objectives: Vec<ScenarioObjective>,
    pub injects: Vec<ScenarioInject>,
}

/// What the scenario picker shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScenarioInfo {
    pub name: String,
    pub title: String,
    pub version: String,
    pub source: String,
    pub summary: String,
    pub incident_types: Vec<String>,
    pub capabilities: Vec<Capability>,
    pub inject_count: u32,
}

impl Scenario {
    pub fn info(&self) -> ScenarioInfo {
        let mut capabilities: Vec<Capability> =
            self.objectives.iter().map(|o| o.capability).collect();
        capabilities.sort();
        capabilities.dedup();
        ScenarioInfo {
            name: self.name.clone(),
            title: self.title.clone(),
            version: self.version.clone(),
            source: self.source.clone(),
            summary: self.summary.clone(),
            incident_types: self.incident_types.clone(),
            capabilities,
            inject_count: self.injects.len() as u32,
        }
    }
}

const SCENARIOS: [&str; 6] = [
    include_str!("../../scenarios/ransomware.json"),
    include_str!("../../scenarios/business_email_compromise.json"),
    include_str!("../../scenarios/insider_data_theft.json"),
    include_str!("../../scenarios/cloud_account_takeover.json"),
    include_str!("../../scenarios/supplier_compromise.json"),
    include_str!("../../scenarios/ddos_peak.json"),
];

/// Every scenario of the library, in the order the picker lists them.
// The embedded JSON is ours and checked by the tests below, so a parse failure is a build
// defect, not a user error.
#[allow(clippy::expect_used)]
pub fn scenarios() -> Vec<Scenario> {
    SCENARIOS
        .iter()
        .map(|s| serde_json::from_str(s).expect("scenarios/*.json are valid (see their test)"))
        .collect()
}

/// A scenario by name (case-insensitive; `-` and spaces read as `_`).
pub fn scenario(name: &str) -> Option<Scenario> {
    let key = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    scenarios().into_iter().find(|s| s.name == key)
}

/// The placeholders named in `text` (`{client}` → `client`).
pub(crate) fn placeholders_in(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// What is wrong with a scenario, as sentences; empty when it is complete.
pub fn problems(s: &Scenario) -> Vec<String> {
    let mut p = Vec::new();
    for (field, value) in [
        ("name", &s.name),
        ("title", &s.title),
        ("version", &s.version),
        ("source", &s.source),
        ("summary", &s.summary),
        ("narrative", &s.narrative),
    ] {
        if value.trim().is_empty() {
            p.push(format!("{}: {field} is empty", s.name));
        }
    }
    if s.incident_types.is_empty() {
        p.push(format!("{}: no incident types", s.name));
    }
    if s.objectives.is_empty() {
        p.push(format!("{}: no objectives", s.name));
    }
    if !(6..=12).contains(&s.injects.len()) {
        p.push(format!(
            "{}: {} injects; a scenario has 6 to 12",
            s.name,
            s.injects.len()
        ));
    }
    let mut texts: Vec<&str> = vec![&s.narrative];
    texts.extend(s.objectives.iter().map(|o| o.text.as_str()));
    let mut last = 0;
    for (i, inj) in s.injects.iter().enumerate() {
        if inj.offset_minutes < last {
            p.push(format!(
                "{}: inject {i} is earlier than the one before",
                s.name
            ));
        }
        last = inj.offset_minutes;
        if inj.text.trim().is_empty()
            || inj.title.trim().is_empty()
            || inj.tests.trim().is_empty()
            || inj.facilitator_notes.trim().is_empty()
            || inj.expected_actions.is_empty()
            || inj.objectives.is_empty()
        {
            p.push(format!("{}: inject {i} is incomplete", s.name));
        }
        for key in &inj.objectives {
            if !s.objectives.iter().any(|o| &o.key == key) {
                p.push(format!(
                    "{}: inject {i} names unknown objective {key}",
                    s.name
                ));
            }
        }
        texts.push(&inj.text);
        texts.push(&inj.title);
        texts.push(&inj.tests);
        texts.push(&inj.facilitator_notes);
        texts.extend(inj.expected_actions.iter().map(String::as_str));
    }
    for t in texts {
        for ph in placeholders_in(t) {
            if !PLACEHOLDERS.contains(&ph) {
                p.push(format!("{}: unknown placeholder {{{ph}}}", s.name));
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_parses_and_is_complete() {
        let all = scenarios();
        assert_eq!(all.len(), SCENARIOS.len());
        for s in &all {
            assert_eq!(problems(s), Vec::<String>::new());
            for anchor in ["CISA", "HSEEP", "NCSC"] {
                assert!(
                    s.source.contains(anchor),
                    "{}: source names {anchor}",
                    s.name
                );
            }
            // Every objective is exercised by at least one inject.
            for o in &s.objectives {
                assert!(
                    s.injects.iter().any(|i| i.objectives.contains(&o.key)),
                    "{}: objective {} has no inject",
                    s.name,
                    o.key
                );
            }
        }
        let names: Vec<_> = all.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "ransomware",
                "business_email_compromise",
                "insider_data_theft",
                "cloud_account_takeover",
                "supplier_compromise",
                "ddos_peak"
            ]
        );
    }

    #[test]
    fn scenarios_are_found_by_loose_names() {
        assert!(scenario("Ransomware").is_some());
        assert!(scenario("business-email-compromise").is_some());
        assert!(scenario("tsunami").is_none());
    }

    #[test]
    fn a_typo_in_a_placeholder_is_a_problem() {
        let mut s = scenario("ransomware").unwrap();
        s.injects[0].text.push_str(" {clinet}");
        assert!(problems(&s).iter().any(|p| p.contains("{clinet}")));
    }
}
