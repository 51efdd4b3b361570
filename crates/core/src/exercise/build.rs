//! Building an exercise from a scenario and one client: the placeholders are filled with the
//! client's names, its most critical asset and the people in its plan's roles, and injects are
//! added that test the client's own escalation ladder and notification clocks. A generic
//! scenario rehearses nobody's plan; these additions are what make the exercise the client's.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{
    Capability, Exercise, ExpectedAction, Inject, InjectOrigin, Objective, Participant, Scenario,
    ScenarioRef,
};
use crate::asset::{Asset, DataClass};
use crate::notification::{self, NotificationRule, Window};
use crate::plan::Plan;
use crate::{Client, ExerciseId, Invalid};

/// Exercise minutes between added injects, so the room has time to answer each.
const ADDED_INJECT_GAP_MINUTES: u32 = 5;

impl Exercise {
    /// A new exercise of `scenario` for `client`, rehearsing `plan` (its current version, if
    /// it has one). `assets` are the client's assets; the most critical one stars in the
    /// story and their data classes decide which notification clocks are rehearsed.
    pub fn create(
        id: ExerciseId,
        scenario: &Scenario,
        client: &Client,
        plan: Option<&Plan>,
        assets: &[Asset],
        now: DateTime<Utc>,
    ) -> Result<Exercise, Invalid> {
        let problems = super::problems(scenario);
        if !problems.is_empty() {
            return Err(Invalid::one("scenario", problems.join("; ")));
        }
        let live: Vec<&Asset> = assets.iter().filter(|a| a.archived_at.is_none()).collect();
        let star = most_critical(&live);
        let vars = placeholders(client, plan, star);
        let fill = |text: &str| fill(text, &vars);

        let objectives: Vec<Objective> = scenario
            .objectives
            .iter()
            .map(|o| Objective {
                key: o.key.clone(),
                capability: o.capability,
                text: fill(&o.text),
                rating: None,
                rationale: String::new(),
                strengths: Vec::new(),
                improvements: Vec::new(),
            })
            .collect();
        let keys_for = |cap: Capability| -> Vec<String> {
            objectives
                .iter()
                .filter(|o| o.capability == cap)
                .map(|o| o.key.clone())
                .collect()
        };

        // Each inject with its scenario time (minutes since detection), so that the story's
        // clock never runs backwards however the added injects interleave.
        let mut timed: Vec<(u32, Inject)> = scenario
            .injects
            .iter()
            .map(|i| {
                (
                    i.offset_minutes,
                    Inject {
                        number: 0,
                        offset_minutes: i.offset_minutes,
                        title: fill(&i.title),
                        text: fill(&i.text),
                        expected_actions: i
                            .expected_actions
                            .iter()
                            .map(|a| ExpectedAction {
                                text: fill(a),
                                mark: None,
                            })
                            .collect(),
                        tests: fill(&i.tests),
                        objectives: i.objectives.clone(),
                        facilitator_notes: fill(&i.facilitator_notes),
                        origin: InjectOrigin::Scenario,
                        revealed_at_seconds: None,
                    },
                )
            })
            .collect();
        let first = scenario.injects.first().map_or(0, |i| i.offset_minutes);
        let last = scenario.injects.last().map_or(0, |i| i.offset_minutes);

        if let Some(plan) = plan {
            timed.extend(escalation_injects(
                plan,
                &client.name,
                first,
                last,
                keys_for(Capability::Escalation),
            ));
        }

        let rules = notification::rules_for(
            client,
            live.iter().flat_map(|a| a.data_classes.iter().copied()),
        );
        timed.extend(clock_injects(
            &rules,
            last,
            keys_for(Capability::Notification),
        ));
        let mut injects = in_scenario_order(timed, last);
        for (n, inject) in injects.iter_mut().enumerate() {
            inject.number = n as u32 + 1;
        }

        let participants = plan
            .map(|p| {
                p.roles
                    .iter()
                    .filter(|r| !r.primary.trim().is_empty())
                    .map(|r| Participant {
                        name: r.primary.trim().to_owned(),
                        role: r.name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();

        Ok(Exercise {
            id,
            client_id: client.id,
            plan_id: plan.map(|p| p.id),
            plan_version: plan.map(|p| p.version),
            name: format!("{} — {}", scenario.title, client.name),
            scenario: ScenarioRef {
                name: scenario.name.clone(),
                title: scenario.title.clone(),
                version: scenario.version.clone(),
            },
            incident_types: scenario.incident_types.clone(),
            narrative: fill(&scenario.narrative),
            objectives,
            injects,
            participants,
            clock: Vec::new(),
            strengths: Vec::new(),
            improvements: Vec::new(),
            findings: Vec::new(),
            created_at: now,
            updated_at: now,
        })
    }
}

/// The asset the story happens to: criticality 1 first; among equals, the one holding the
/// most kinds of regulated data (the more that is at stake, the more the exercise tests).
fn most_critical<'a>(assets: &[&'a Asset]) -> Option<&'a Asset> {
    assets.iter().copied().min_by(|a, b| {
        a.criticality
            .cmp(&b.criticality)
            .then(b.data_classes.len().cmp(&a.data_classes.len()))
            .then(a.name.cmp(&b.name))
    })
}

/// The person in a plan role, else the role's name (a plan not yet staffed still reads).
fn person(plan: Option<&Plan>, role: &str, fallback: &str) -> String {
    plan.and_then(|p| p.roles.iter().find(|r| r.name.eq_ignore_ascii_case(role)))
        .map(|r| {
            if r.primary.trim().is_empty() {
                r.name.clone()
            } else {
                r.primary.trim().to_owned()
            }
        })
        .unwrap_or_else(|| fallback.to_owned())
}

fn placeholders(
    client: &Client,
    plan: Option<&Plan>,
    star: Option<&Asset>,
) -> BTreeMap<&'static str, String> {
    let mut v = BTreeMap::new();
    v.insert("client", client.name.clone());
    v.insert(
        "critical_asset",
        star.map_or_else(|| "the main file server".to_owned(), |a| a.name.clone()),
    );
    let data = star
        .map(|a| {
            a.data_classes
                .iter()
                .map(|d| data_phrase(*d))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "business data".to_owned());
    v.insert("asset_data", data);
    v.insert(
        "incident_commander",
        person(plan, "Incident Commander", "the Incident Commander"),
    );
    let comms_role = plan
        .map(|p| p.communication.informs_client.trim().to_owned())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "Communications Coordinator".to_owned());
    v.insert(
        "comms_lead",
        person(plan, &comms_role, "the communications lead"),
    );
    v.insert(
        "technical_lead",
        person(plan, "Technical Lead", "the technical lead"),
    );
    for (n, key) in ["escalation_1", "escalation_2", "escalation_3"]
        .into_iter()
        .enumerate()
    {
        let who = plan
            .and_then(|p| p.escalation.get(n))
            .map(|l| l.who.trim().to_owned())
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| "the next escalation level".to_owned());
        v.insert(key, who);
    }
    let insurer = client
        .insurer
        .as_ref()
        .map(|i| i.name.trim().to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "the cyber insurer".to_owned());
    v.insert("insurer", insurer);
    v
}

/// A data class as it reads mid-sentence ("FS-01, which holds PII and financial records").
fn data_phrase(class: DataClass) -> &'static str {
    match class {
        DataClass::Pii => "PII",
        DataClass::Phi => "PHI",
        DataClass::PaymentCard => "payment card data",
        DataClass::Credentials => "credentials",
        DataClass::IntellectualProperty => "intellectual property",
        DataClass::Financial => "financial records",
        DataClass::ConfidentialBusiness => "confidential business data",
    }
}

/// "The lead supervisory authority" → "the lead supervisory authority", for mid-sentence use.
fn mid_sentence(text: &str) -> String {
    match text.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => text.to_owned(),
    }
}

/// Replaces every known `{placeholder}`; unknown ones are left as typed (the scenario tests
/// make sure there are none in the library).
pub(super) fn fill(text: &str, vars: &BTreeMap<&'static str, String>) -> String {
    let mut out = text.to_owned();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// One inject per escalation level that has a trigger, spread between the scenario's first
/// and last injects: exercise time is compressed, so the inject states the scenario time.
fn escalation_injects(
    plan: &Plan,
    client: &str,
    first: u32,
    last: u32,
    objectives: Vec<String>,
) -> Vec<(u32, Inject)> {
    let levels: Vec<(usize, &crate::EscalationLevel)> = plan
        .escalation
        .iter()
        .enumerate()
        .filter(|(_, l)| l.severity.is_some() || l.after_minutes.is_some())
        .collect();
    let span = last.saturating_sub(first);
    let count = levels.len() as u32;
    levels
        .into_iter()
        .enumerate()
        .map(|(k, (i, level))| {
            // A level with a time trigger happens at that scenario time; one rated by severity
            // alone sits between the scenario's injects, where the team would rate it.
            let at = level
                .after_minutes
                .unwrap_or(first + span * (k as u32 + 1) / (count + 1) + 2);
            let n = i + 1;
            let who = level.who.trim();
            let mut trigger = Vec::new();
            if let Some(sev) = &level.severity {
                trigger.push(format!("the incident is rated {sev} or worse"));
            }
            if let Some(min) = level.after_minutes {
                trigger.push(format!(
                    "it is not contained {} after detection",
                    minutes_phrase(min)
                ));
            }
            let trigger = trigger.join(", or ");
            let scenario_time = match (&level.severity, level.after_minutes) {
                (_, Some(m)) if m > last => {
                    format!("Time jump: it is now {} since detection", minutes_phrase(m))
                }
                (_, Some(m)) => format!("It is now {} since detection", minutes_phrase(m)),
                (Some(sev), None) => format!("The response team has just rated the incident {sev}"),
                (None, None) => "The incident is growing".to_owned(),
            };
            (at, Inject {
                number: 0,
                offset_minutes: at,
                title: format!("Escalation level {n}: {who}"),
                text: format!(
                    "{scenario_time}, and the incident is not contained. Under {client}'s plan, \
                     who must be told now, by whom, and over which channel?"
                ),
                expected_actions: vec![
                    ExpectedAction {
                        text: format!("Escalate to {who} (level {n} of the plan)"),
                        mark: None,
                    },
                    ExpectedAction {
                        text: "Use the channel the plan names and record the time on the timeline"
                            .to_owned(),
                        mark: None,
                    },
                ],
                tests: format!("Plan: escalation level {n} ({who})"),
                objectives: objectives.clone(),
                facilitator_notes: format!(
                    "The plan escalates to {who} when {trigger}. Check the team knows the \
                     trigger without looking it up, and that {who} can be reached out of hours."
                ),
                origin: InjectOrigin::Escalation,
                revealed_at_seconds: None,
            })
        })
        .collect()
}

/// The injects in scenario-time order, numbered, with exercise offsets that follow it: an
/// added inject within the scenario's span sits at its scenario minute; one past the span is a
/// time jump after the scenario's last inject, the jumps in the order of their scenario time.
fn in_scenario_order(mut timed: Vec<(u32, Inject)>, last: u32) -> Vec<Inject> {
    timed.sort_by_key(|(at, i)| (*at, i.origin != InjectOrigin::Scenario));
    let mut jumps = 0;
    let mut floor = 0;
    let mut out = Vec::with_capacity(timed.len());
    for (at, mut inject) in timed {
        if inject.origin != InjectOrigin::Scenario {
            inject.offset_minutes = if at > last {
                jumps += 1;
                last + ADDED_INJECT_GAP_MINUTES * jumps
            } else {
                at.max(floor)
            };
        }
        // Exercise time never runs backwards either: an inject is never scheduled before the
        // one the story tells before it.
        inject.offset_minutes = inject.offset_minutes.max(floor);
        floor = inject.offset_minutes;
        out.push(inject);
    }
    out
}

fn minutes_phrase(minutes: u32) -> String {
    let count = |n: u32, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (minutes / 60, minutes % 60) {
        (0, m) => count(m, "minute"),
        (h, 0) => count(h, "hour"),
        (h, m) => format!("{} {}", count(h, "hour"), count(m, "minute")),
    }
}

/// Minutes since the trigger at which [`into_window`] sets the scene.
fn into_window_minutes(window: &Window) -> u32 {
    let part = |n: u32| (n * 5 / 6).max(1);
    match window {
        Window::Hours { hours } if *hours <= 6 => (hours * 60 * 5 / 6).div_ceil(10) * 10,
        Window::Hours { hours } => part(*hours) * 60,
        Window::CalendarDays { days } => part(*days) * 1440,
        Window::Months { months } => part(months * 30) * 1440,
        Window::BusinessDays { days, .. } => days.saturating_sub(1).max(1) * 1440,
    }
}

/// How far into a window the inject sets the scene: about five sixths of the way, late
/// enough that a notice not yet sent is a problem, early enough that it can still go.
fn into_window(window: &Window) -> String {
    let part = |n: u32| (n * 5 / 6).max(1);
    let count = |n: u32, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match window {
        // A short window in whole hours would read "1 hours" or jump past it: say minutes.
        Window::Hours { hours } if *hours <= 6 => {
            minutes_phrase((hours * 60 * 5 / 6).div_ceil(10) * 10)
        }
        Window::Hours { hours } => count(part(*hours), "hour"),
        Window::CalendarDays { days } => count(part(*days), "day"),
        Window::Months { months } => count(part(months * 30), "day"),
        Window::BusinessDays { days, .. } => count(days.saturating_sub(1).max(1), "business day"),
    }
}

/// One inject per notification clock that applies, after the scenario's last inject (a time
/// jump: the clocks run for hours or days, the exercise for two).
fn clock_injects(
    rules: &[NotificationRule],
    last: u32,
    objectives: Vec<String>,
) -> Vec<(u32, Inject)> {
    rules
        .iter()
        .map(|rule| {
            let window = rule.window.describe();
            // A clock that starts at another notice (NIS2's final report) is set after that
            // notice's own window: the story's clock keeps counting from detection.
            let source = rule
                .after_notice_of
                .as_deref()
                .and_then(|key| rules.iter().find(|r| r.key == key));
            let (since, before) = match source {
                Some(s) => (format!("the {}", s.name), into_window_minutes(&s.window)),
                None => (rule.trigger.label().to_ascii_lowercase(), 0),
            };
            let at = (before + into_window_minutes(&rule.window)).max(last + 1);
            (
                at,
                Inject {
                    number: 0,
                    offset_minutes: at,
                    title: format!("Clock: {}", rule.name),
                    text: format!(
                        "Time jump: it is now {} since {since}. {} is due within {window} of \
                     {since}. Has the notice gone, who approved it, and where is the proof?",
                        into_window(&rule.window),
                        rule.name
                    ),
                    expected_actions: vec![
                        ExpectedAction {
                            text: format!(
                                "Say when {since} was recorded and who decides on this notice"
                            ),
                            mark: None,
                        },
                        ExpectedAction {
                            text: format!(
                                "Send the notice to {} before the deadline and record when it went",
                                mid_sentence(&rule.recipient)
                            ),
                            mark: None,
                        },
                        ExpectedAction {
                            text: "Keep the reference number or acknowledgement as evidence"
                                .to_owned(),
                            mark: None,
                        },
                    ],
                    tests: format!(
                        "Notification clock: {} ({})",
                        rule.name, rule.source.citation
                    ),
                    objectives: objectives.clone(),
                    facilitator_notes: format!(
                        "Window: {window} from {since}. {} Teams often miss that the clock started \
                     at {since}, not at confirmation.",
                        rule.note
                    ),
                    origin: InjectOrigin::NotificationClock,
                    revealed_at_seconds: None,
                },
            )
        })
        .collect()
}
