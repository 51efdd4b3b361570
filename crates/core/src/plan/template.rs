//! Built-in templates: data, not code. Each is a JSON file under `crates/core/templates/`,
//! embedded at build time, with its own version and a note on its source, so a plan records
//! which template (and which version of it) it started from. Changing a template means editing
//! its JSON and bumping its version; the tests below check every file parses and is complete.

use serde::{Deserialize, Serialize};

use super::{PlanInput, Playbook, TemplateRef};
use crate::client::Sector;
use crate::validation::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// A whole plan (roles, contacts, communication, escalation, severity) to start from.
    Plan,
    /// One incident type's playbook, added to a plan.
    Playbook,
}

/// What the template picker shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TemplateInfo {
    pub name: String,
    pub kind: TemplateKind,
    pub title: String,
    pub version: String,
    pub source: String,
    pub summary: String,
    /// Sectors the playbook is especially meant for; empty means every client.
    pub sectors: Vec<Sector>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PlanTemplate {
    pub name: String,
    pub title: String,
    pub version: String,
    pub source: String,
    pub summary: String,
    /// Playbooks every plan from this template gets.
    pub default_playbooks: Vec<String>,
    /// The plan's sections; its `playbooks` are filled from the playbook templates.
    pub plan: PlanInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PlaybookTemplate {
    pub name: String,
    pub version: String,
    pub source: String,
    /// Sectors for which this playbook is added even when it is not a default.
    pub sectors: Vec<Sector>,
    pub playbook: Playbook,
}

const BASELINE: &str = include_str!("../../templates/baseline.json");

const PLAYBOOKS: [&str; 8] = [
    include_str!("../../templates/playbooks/ransomware.json"),
    include_str!("../../templates/playbooks/business_email_compromise.json"),
    include_str!("../../templates/playbooks/phishing.json"),
    include_str!("../../templates/playbooks/data_breach.json"),
    include_str!("../../templates/playbooks/ddos.json"),
    include_str!("../../templates/playbooks/insider_threat.json"),
    include_str!("../../templates/playbooks/lost_device.json"),
    include_str!("../../templates/playbooks/cloud_account_compromise.json"),
];

// The embedded JSON is ours and checked by the tests below, so a parse failure is a build
// defect, not a user error: failing loudly beats shipping a plan without its sections.
#[allow(clippy::expect_used)]
pub fn baseline() -> PlanTemplate {
    serde_json::from_str(BASELINE).expect("templates/baseline.json is valid (see its test)")
}

#[allow(clippy::expect_used)]
pub fn playbook_templates() -> Vec<PlaybookTemplate> {
    PLAYBOOKS
        .iter()
        .map(|text| serde_json::from_str(text).expect("playbook templates are valid (see tests)"))
        .collect()
}

pub fn playbook_template(name: &str) -> Option<PlaybookTemplate> {
    playbook_templates()
        .into_iter()
        .find(|t| t.name == name.trim())
}

/// The baseline's default playbooks plus those meant for any of the client's sectors.
pub fn playbooks_for_sectors(sectors: &[Sector]) -> Vec<PlaybookTemplate> {
    let defaults = baseline().default_playbooks;
    playbook_templates()
        .into_iter()
        .filter(|t| defaults.contains(&t.name) || t.sectors.iter().any(|s| sectors.contains(s)))
        .collect()
}

/// Every template, for the picker.
pub fn templates() -> Vec<TemplateInfo> {
    let b = baseline();
    let mut list = vec![TemplateInfo {
        name: b.name,
        kind: TemplateKind::Plan,
        title: b.title,
        version: b.version,
        source: b.source,
        summary: b.summary,
        sectors: Vec::new(),
    }];
    list.extend(playbook_templates().into_iter().map(|t| TemplateInfo {
        name: t.name,
        kind: TemplateKind::Playbook,
        title: t.playbook.name,
        version: t.version,
        source: t.source,
        summary: t.playbook.summary,
        sectors: t.sectors,
    }));
    list
}

impl PlanTemplate {
    /// The sections a new plan for a client in `sectors` starts with, and where they came from.
    pub fn plan_input(&self, sectors: &[Sector]) -> (PlanInput, TemplateRef) {
        let mut input = self.plan.clone();
        input.playbooks = playbooks_for_sectors(sectors)
            .into_iter()
            .map(|t| t.playbook)
            .collect();
        (
            input,
            TemplateRef {
                name: self.name.clone(),
                version: self.version.clone(),
            },
        )
    }
}

/// The plan template called `name`, or a message listing the ones there are.
pub fn plan_template(name: &str) -> Result<PlanTemplate, Invalid> {
    let b = baseline();
    if b.name == name.trim() {
        return Ok(b);
    }
    let hint = if playbook_template(name).is_some() {
        format!(
            "'{name}' is a playbook template; start the plan from '{}' (playbooks are added from it)",
            b.name
        )
    } else {
        format!("there is no plan template '{name}'; use '{}'", b.name)
    };
    Err(Invalid::one("template", hint))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Phase;

    #[test]
    fn every_template_parses_and_has_a_version_and_source() {
        let b = baseline();
        assert!(!b.version.is_empty() && !b.source.is_empty());
        let books = playbook_templates();
        assert_eq!(books.len(), PLAYBOOKS.len());
        for t in &books {
            assert!(!t.version.is_empty(), "{} has no version", t.name);
            assert!(
                t.source.contains("NIST"),
                "{} does not name its source",
                t.name
            );
        }
        let mut names: Vec<_> = books.iter().map(|t| t.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PLAYBOOKS.len(), "template names are unique");
        for d in &b.default_playbooks {
            assert!(
                playbook_template(d).is_some(),
                "default playbook {d} exists"
            );
        }
    }

    #[test]
    fn every_playbook_covers_every_phase_with_real_steps() {
        let roles: Vec<String> = baseline().plan.roles.into_iter().map(|r| r.name).collect();
        for t in playbook_templates() {
            let pb = &t.playbook;
            assert_eq!(pb.incident_type, t.name, "key and incident type agree");
            assert!(
                (5..=12).contains(&pb.steps.len()),
                "{} has {} steps",
                t.name,
                pb.steps.len()
            );
            for phase in Phase::ALL {
                assert!(
                    pb.steps.iter().any(|s| s.phase == phase),
                    "{} has no step in {}",
                    t.name,
                    phase.label()
                );
            }
            // Steps are listed in phase order, which is how a responder reads them.
            assert!(
                pb.steps.windows(2).all(|w| w[0].phase <= w[1].phase),
                "{}",
                t.name
            );
            for s in &pb.steps {
                assert!(roles.contains(&s.owner), "{}: owner '{}'", t.name, s.owner);
                assert!(
                    s.action.len() > 20 && !s.evidence.is_empty(),
                    "{}: {s:?}",
                    t.name
                );
            }
        }
    }

    #[test]
    fn the_baseline_makes_a_valid_draft_for_every_sector() {
        for sector in Sector::ALL {
            let (input, tref) = baseline().plan_input(&[sector]);
            assert_eq!(tref.name, "baseline");
            let plan = crate::plan::Plan::create(
                crate::PlanId::from_uuid(Default::default()),
                crate::ClientId::from_uuid(Default::default()),
                1,
                input,
                Some(tref),
                chrono::Utc::now(),
            );
            assert!(plan.is_ok(), "{sector:?}: {:?}", plan.err());
        }
    }

    #[test]
    fn sectors_add_fitting_playbooks() {
        let names = |s: &[Sector]| -> Vec<String> {
            playbooks_for_sectors(s)
                .into_iter()
                .map(|t| t.name)
                .collect()
        };
        let base = names(&[]);
        let health = names(&[Sector::Healthcare]);
        assert!(base.contains(&"ransomware".to_string()));
        assert!(!base.contains(&"data_breach".to_string()));
        assert!(health.contains(&"data_breach".to_string()));
        assert!(health.len() > base.len());
    }

    #[test]
    fn unknown_template_names_the_right_one() {
        let e = plan_template("ransomware").unwrap_err();
        assert!(e.fields[0].message.contains("playbook template"), "{e}");
        let e = plan_template("nope").unwrap_err();
        assert!(e.fields[0].message.contains("'baseline'"), "{e}");
    }
}
