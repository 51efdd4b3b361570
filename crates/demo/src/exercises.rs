//! The demo's tabletop exercise: Calder & Finch LLP rehearsed business email compromise six
//! weeks ago. Run, rated and written up as a facilitator would have, so a first look at
//! Cordon shows a finished exercise, its after-action report, and the plan change items it
//! left: one done, one open, one late (which the readiness panel counts).
//!
//! The session happened in the past, so its clock events and log lines carry their own
//! times; the rules that check them are the same ones the console goes through.

use chrono::{Duration, NaiveDate};
use cordon_core::exercise::{
    ActionMark, Exercise, FindingInput, LogEntryInput, LogKind, Participant, PlanChangeStatus,
    Rating,
};
use cordon_core::{ExerciseId, Invalid};

use cordon_app::{AppError, PastEvaluation, PastMark, PastSession, Workspace};

const CLIENT: &str = "Calder & Finch LLP";
const SCENARIO: &str = "business_email_compromise";
/// The facilitator from the demo MSP.
const FACILITATOR: &str = "Sam Porter (Northgate IT)";

/// (minutes into the session, inject title, kind, who, text)
const LOG: [(i64, &str, LogKind, &str, &str); 12] = [
    (
        2,
        "Where is our money?",
        LogKind::Decision,
        "Sam Patel",
        "Open an incident for the diverted payment and call the bank's fraud line for a recall.",
    ),
    (
        6,
        "Where is our money?",
        LogKind::Observation,
        "",
        "Finance paid to the new bank details without calling the supplier back on a known number.",
    ),
    (
        12,
        "A hidden rule",
        LogKind::Decision,
        "Jo Fischer",
        "Revoke the clerk's sessions, reset the password and MFA, remove the rule moving invoice mail to the RSS folder.",
    ),
    (
        14,
        "A hidden rule",
        LogKind::Observation,
        "",
        "Nobody knew how long the tenant keeps sign-in logs; the export started only at minute 22.",
    ),
    (
        18,
        "Escalation level 1: Technical Lead",
        LogKind::Decision,
        "Sam Patel",
        "Technical Lead confirmed by phone and owns containment.",
    ),
    (
        27,
        "More mail went out",
        LogKind::Decision,
        "Siobhán Calder",
        "Phone the 14 customers from the practice's own contact list, never by replying to the emails.",
    ),
    (
        33,
        "Escalation level 2: Incident Commander",
        LogKind::Observation,
        "",
        "The Incident Commander took charge 31 minutes in; the plan asks for 15.",
    ),
    (
        42,
        "What was in the mailbox?",
        LogKind::Decision,
        "Rita Okoye",
        "Record awareness of a personal-data breach at this time and ask breach counsel whether the ICO must be told.",
    ),
    (
        57,
        "The bank answers",
        LogKind::Decision,
        "Sam Patel",
        "Report to Action Fraud, record the reference, and call the insurer's claims line.",
    ),
    (
        60,
        "Escalation level 4: Insurer, breach counsel and forensics retainer",
        LogKind::Observation,
        "",
        "The insurer's claims line was found in an old email: it is not in the plan's contacts.",
    ),
    (
        72,
        "The CEO's mailbox",
        LogKind::Decision,
        "Jo Fischer",
        "Widen containment: revoke sessions of every account the attacker's address touched.",
    ),
    (
        86,
        "Clock: UK GDPR breach notification to the ICO",
        LogKind::Decision,
        "Siobhán Calder",
        "Counsel advises notifying the ICO within 72 hours of awareness; the draft is started.",
    ),
];

/// (inject title, marks of its expected actions in order)
const MARKS: [(&str, [ActionMark; 3]); 6] = [
    (
        "Where is our money?",
        [ActionMark::Done, ActionMark::Done, ActionMark::Partly],
    ),
    (
        "A hidden rule",
        [ActionMark::Done, ActionMark::Done, ActionMark::Partly],
    ),
    (
        "More mail went out",
        [ActionMark::Done, ActionMark::Done, ActionMark::NotDone],
    ),
    (
        "What was in the mailbox?",
        [ActionMark::Done, ActionMark::Done, ActionMark::Partly],
    ),
    (
        "The bank answers",
        [ActionMark::Done, ActionMark::Partly, ActionMark::Done],
    ),
    (
        "The CEO's mailbox",
        [ActionMark::Done, ActionMark::NotDone, ActionMark::Done],
    ),
];

/// (objective, rating, why, strengths, improvements)
type Evaluation = (
    &'static str,
    Rating,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);
const EVALUATIONS: [Evaluation; 5] = [
    (
        "detect",
        Rating::SomeChallenges,
        "The fraud was confirmed minutes after the supplier called, but the mailbox had been read by the attacker for five weeks unseen.",
        &["The hidden inbox rule was found within ten minutes of looking."],
        &["No alert exists for new inbox rules or sign-ins from unfamiliar countries."],
    ),
    (
        "contain",
        Rating::Performed,
        "Sessions revoked, password and MFA reset and the rule removed before minute 15; containment widened as soon as the managing director's sign-in appeared.",
        &[
            "Containment was complete and in the right order.",
            "Evidence was preserved before the rule was removed.",
        ],
        &[],
    ),
    (
        "escalate",
        Rating::MajorChallenges,
        "The Incident Commander took charge 31 minutes in against the plan's 15, and the insurer was reached only when the bank asked for a police reference.",
        &["Once in charge, the Incident Commander kept one clear line of decisions."],
        &[
            "The plan has no escalation trigger for financial loss.",
            "Level 4 contacts were not at hand.",
        ],
    ),
    (
        "communicate",
        Rating::SomeChallenges,
        "Customers were warned by phone from a clean list; no holding statement for staff was agreed.",
        &["Customers were called from the practice's own records, never by reply."],
        &["Agree a holding statement for staff early."],
    ),
    (
        "notify",
        Rating::SomeChallenges,
        "Awareness was recorded and counsel consulted in time; the insurer's claims line had to be searched for.",
        &["Awareness of the personal-data breach was recorded with its time."],
        &["Keep the insurer's claims line in the plan's contacts."],
    ),
];

fn inject_number(e: &Exercise, title: &str) -> Result<u32, Invalid> {
    e.injects
        .iter()
        .find(|i| i.title == title)
        .map(|i| i.number)
        .ok_or_else(|| Invalid::one("inject", format!("the scenario has no inject '{title}'")))
}

/// Seeds the exercise unless the client already has one. Returns how many were added.
pub(crate) fn seed(ws: &Workspace) -> Result<u32, AppError> {
    let Some(client) = ws
        .list_clients(CLIENT, true)?
        .into_iter()
        .find(|c| c.name == CLIENT)
    else {
        return Ok(0);
    };
    let cid = client.id.to_string();
    if !ws.list_exercises(Some(&cid))?.is_empty() {
        return Ok(0);
    }
    let view = ws.create_exercise(&cid, SCENARIO)?;
    let id: ExerciseId = view.exercise.id;
    let now = ws.now();
    let day = (now - Duration::days(41)).date_naive();
    let start = day.and_hms_opt(14, 0, 0).unwrap_or_default().and_utc();
    let at = |minutes: i64| start + Duration::minutes(minutes);

    let mut people: Vec<Participant> = view
        .plan_roles
        .iter()
        .filter(|r| !r.primary.trim().is_empty())
        .map(|r| Participant {
            name: r.primary.clone(),
            role: r.name.clone(),
        })
        .collect();
    people.push(Participant {
        name: FACILITATOR.into(),
        role: "Facilitator".into(),
    });

    let e = &view.exercise;
    let log = LOG
        .into_iter()
        .map(|(minutes, title, kind, who, text)| {
            let line = LogEntryInput {
                inject: Some(inject_number(e, title)?),
                kind,
                who: who.into(),
                text: text.into(),
            };
            Ok((at(minutes), line))
        })
        .collect::<Result<Vec<_>, Invalid>>()?;
    let mut marks = Vec::new();
    for (title, list) in MARKS {
        let inject = inject_number(e, title)?;
        for (action, mark) in list.into_iter().enumerate() {
            marks.push(PastMark {
                inject,
                action: action as u32,
                mark,
            });
        }
    }
    let lines = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect();
    let evaluations = EVALUATIONS
        .into_iter()
        .map(
            |(key, rating, why, strengths, improvements)| PastEvaluation {
                objective: key.into(),
                rating,
                rationale: why.into(),
                strengths: lines(strengths),
                improvements: lines(improvements),
            },
        )
        .collect();
    ws.record_exercise_session(
        id,
        PastSession {
            participants: people,
            briefed_at: start - Duration::minutes(10),
            started_at: start,
            log,
            marks,
            ended_at: at(92),
            evaluations,
            evaluated_at: at(110),
            strengths: vec![
                "Calm, clear leadership once the Incident Commander took charge.".into(),
                "Technical containment was fast and complete.".into(),
            ],
            improvements: vec![
                "Escalate on financial loss, not only on technical severity.".into(),
                "Verify every change of payee details by calling a known number.".into(),
            ],
            reviewed_at: at(120),
        },
    )?;

    let due = |days: i64| -> Option<NaiveDate> { Some((now + Duration::days(days)).date_naive()) };
    let findings = [
        (
            "The insurer's claims line was not in the plan's contacts",
            "Add the insurer's 24/7 claims line and policy number to the contact list and every role card",
            "Siobhán Calder",
            due(-20),
            "contacts",
            "notify",
        ),
        (
            "No escalation trigger for financial loss",
            "Add a level-2 trigger: any diverted payment or loss over GBP 10,000 goes to the Incident Commander at once",
            "Sam Patel",
            due(21),
            "escalation",
            "escalate",
        ),
        (
            "Changes of payee details are paid without a call-back",
            "Add a step to the business email compromise playbook: verify any change of bank details by calling a known number",
            "Siobhán Calder",
            due(-5),
            "playbooks",
            "detect",
        ),
    ];
    for (k, (issue, action, owner, due, section, objective)) in findings.into_iter().enumerate() {
        let item = ws.add_exercise_finding(
            &id.to_string(),
            FindingInput {
                issue: issue.into(),
                corrective_action: action.into(),
                owner: owner.into(),
                due,
                plan_section: section.into(),
                objective: Some(objective.into()),
            },
        )?;
        // The contact was added straight away; the other two are still owed, one of them late.
        if k == 0 {
            ws.set_plan_change_status(&item.id.to_string(), PlanChangeStatus::Done)?;
        }
    }
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_log_line_and_mark_names_an_inject_of_the_scenario() {
        let scenario = cordon_core::exercise::scenario(SCENARIO).expect("the scenario ships");
        let titles: Vec<&str> = scenario.injects.iter().map(|i| i.title.as_str()).collect();
        for (title, _) in MARKS {
            assert!(titles.contains(&title), "{title}");
        }
        let keys: Vec<&str> = scenario.objectives.iter().map(|o| o.key.as_str()).collect();
        for (key, ..) in EVALUATIONS {
            assert!(keys.contains(&key), "{key}");
        }
    }
}
