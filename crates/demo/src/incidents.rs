//! Demo incidents for the EU client whose file server holds PII: one still open with its
//! notification clocks running (one of them due soon), one closed with a full review whose
//! action items show on the readiness panel. Times are relative to "now" so the clocks are
//! always in the state described, whenever the demo is seeded.

use chrono::{DateTime, Duration, Utc};
use cordon_core::incident::{
    ActionItem, ActionStatus, EntryDraft, EntryKind, IncidentInput, IncidentPhase, KeyTimes,
    NoticeInput, PostIncidentReview,
};
use cordon_core::notification::Trigger;

use cordon_app::{AppError, Workspace};

const CLIENT: &str = "Brightwater Logistics GmbH";
const OPEN_TITLE: &str = "Files encrypted on FS-01 (Hamburg HQ)";
const CLOSED_TITLE: &str = "Payroll mailbox phished via fake DHL notice";

fn entry(kind: EntryKind, at: DateTime<Utc>, text: &str, client: bool) -> EntryDraft {
    EntryDraft {
        kind,
        text: text.into(),
        occurred_at: Some(at),
        client_visible: client,
        technique: None,
        corrects: None,
    }
}

fn with_technique(mut e: EntryDraft, t: &str) -> EntryDraft {
    e.technique = Some(t.into());
    e
}

fn notice(
    recipient: &str,
    channel: &str,
    at: DateTime<Utc>,
    summary: &str,
    reference: &str,
    clock: Option<&str>,
    level: Option<u32>,
) -> NoticeInput {
    NoticeInput {
        recipient: recipient.into(),
        channel: channel.into(),
        sent_at: at,
        summary: summary.into(),
        reference: reference.into(),
        clock: clock.map(str::to_owned),
        escalation_level: level,
    }
}

/// Seeds the two incidents unless the client already has them. Returns how many were added.
pub(crate) fn seed(ws: &Workspace) -> Result<u32, AppError> {
    let Some(client) = ws
        .list_clients(CLIENT, true)?
        .into_iter()
        .find(|c| c.name == CLIENT)
    else {
        return Ok(0);
    };
    let cid = client.id.to_string();
    let existing: Vec<String> = ws
        .list_incidents(&cid, false, 0, 500)?
        .items
        .into_iter()
        .map(|i| i.title)
        .collect();
    let assets = ws.list_assets(&cid, false)?;
    let asset = |name: &str| assets.iter().find(|a| a.name == name).map(|a| a.id);
    let now = ws.now();
    let mut added = 0;

    if !existing.iter().any(|t| t == CLOSED_TITLE) {
        closed(ws, &cid, asset("TMS Cloud").into_iter().collect(), now)?;
        added += 1;
    }
    if !existing.iter().any(|t| t == OPEN_TITLE) {
        open(ws, &cid, asset("FS-01").into_iter().collect(), now)?;
        added += 1;
    }
    Ok(added)
}

fn open(
    ws: &Workspace,
    client: &str,
    assets: Vec<cordon_core::AssetId>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let detected = now - Duration::hours(20);
    let h =
        |hours: i64, minutes: i64| detected + Duration::hours(hours) + Duration::minutes(minutes);
    let v = ws.open_incident(
        client,
        IncidentInput {
            incident_type: "ransomware".into(),
            title: OPEN_TITLE.into(),
            description: "The night shift dispatcher could not open shipping manifests; files on \\\\FS-01\\Shares carry the extension .lockx and a README_RESTORE.txt note in every folder.".into(),
            detected_at: detected,
            reported_by: "Night dispatch (Bremen depot)".into(),
            affected_assets: assets,
            scope: "One team or site".into(),
        },
    )?;
    let id = v.incident.id.to_string();
    for e in [
        entry(
            EntryKind::Observation,
            h(0, 0),
            "Dispatcher reports manifests will not open; .lockx extension on files in \\\\FS-01\\Shares\\Dispatch.",
            true,
        ),
        with_technique(
            entry(
                EntryKind::Observation,
                h(0, 25),
                "Ransom note README_RESTORE.txt found in every share folder; note names a Tor site and a 72-hour deadline.",
                false,
            ),
            "T1486",
        ),
        entry(
            EntryKind::Action,
            h(0, 40),
            "FS-01 network port disabled on the core switch; VM paused, not powered off, to keep memory.",
            true,
        ),
        entry(
            EntryKind::Decision,
            h(1, 10),
            "Incident Commander: do not contact the attackers; preserve evidence; restore from the last good backup once the entry point is known.",
            true,
        ),
        entry(
            EntryKind::Communication,
            h(2, 30),
            "Jürgen Weiß (Head of IT) briefed by phone; agreed hourly updates by Signal.",
            true,
        ),
        with_technique(
            entry(
                EntryKind::Observation,
                h(3, 15),
                "EDR shows vssadmin delete shadows run from the svc_backup account at 01:52; account disabled.",
                false,
            ),
            "T1490",
        ),
    ] {
        ws.add_timeline_entry(&id, e)?;
    }
    ws.record_trigger(&id, Trigger::Awareness, Some(h(2, 0)))?;
    ws.record_notice(
        &id,
        notice(
            "Jürgen Weiß, Head of IT",
            "Phone, then email",
            h(2, 30),
            "Ransomware confirmed on FS-01; server isolated; next update within the hour.",
            "",
            Some(cordon_core::notification::CONTRACT_KEY),
            None,
        ),
    )?;
    ws.move_incident(&id, IncidentPhase::Contained, Some(h(3, 40)), String::new())?;
    Ok(())
}

fn closed(
    ws: &Workspace,
    client: &str,
    assets: Vec<cordon_core::AssetId>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let detected = now - Duration::days(75);
    let h = |hours: i64| detected + Duration::hours(hours);
    let v = ws.open_incident(
        client,
        IncidentInput {
            incident_type: "phishing".into(),
            title: CLOSED_TITLE.into(),
            description: "A payroll clerk entered Microsoft 365 credentials on a fake DHL delivery page; the attacker set a forwarding rule on the payroll mailbox.".into(),
            detected_at: detected,
            reported_by: "Anneliese Krüger".into(),
            affected_assets: assets,
            scope: "One user or device".into(),
        },
    )?;
    let id = v.incident.id.to_string();
    for e in [
        entry(
            EntryKind::Observation,
            h(0),
            "Managing Director forwards a vendor query about a changed bank account the payroll team never sent.",
            true,
        ),
        with_technique(
            entry(
                EntryKind::Observation,
                h(1),
                "Inbox rule 'RSS' forwards all mail with 'Gehalt' or 'invoice' to an external address since 6 days.",
                false,
            ),
            "T1114.003",
        ),
        entry(
            EntryKind::Action,
            h(2),
            "Password reset, sessions revoked, forwarding rule removed; MFA enforced on the payroll mailbox.",
            true,
        ),
        entry(
            EntryKind::Decision,
            h(5),
            "Employee salary slips were forwarded: personal data breach; notify the Hamburg DPA under GDPR Art. 33.",
            true,
        ),
        entry(
            EntryKind::Action,
            h(30),
            "Mailbox audit log reviewed for the whole exposure window; no other mailbox affected.",
            true,
        ),
    ] {
        ws.add_timeline_entry(&id, e)?;
    }
    ws.record_trigger(&id, Trigger::Awareness, Some(h(5)))?;
    ws.record_notice(
        &id,
        notice(
            "Anneliese Krüger, Managing Director",
            "Phone",
            h(3),
            "Credential phishing of the payroll mailbox confirmed and contained.",
            "",
            Some(cordon_core::notification::CONTRACT_KEY),
            None,
        ),
    )?;
    ws.record_notice(
        &id,
        notice(
            "Der Hamburgische Beauftragte für Datenschutz (HmbBfDI)",
            "Online breach form",
            h(40),
            "Art. 33 notification: salary slips of 38 employees forwarded to an external address for 6 days.",
            "HmbBfDI-2026-0912",
            Some("gdpr_art33_supervisory_authority"),
            None,
        ),
    )?;
    // Every other duty was met too: the closed demo incident shows a response done right.
    for (recipient, channel, at, summary, reference, clock) in [
        (
            "Hanseatic Cyber Versicherung, claims",
            "Phone, then claim form",
            h(9),
            "Incident notice under policy HCV-2026-448120: credential phishing, personal data forwarded externally.",
            "HCV-CLM-26-0377",
            cordon_core::notification::INSURER_KEY,
        ),
        (
            "BSI (national CSIRT)",
            "BSI reporting portal",
            h(20),
            "NIS2 early warning: suspected unlawful access to a mailbox; no cross-border impact known.",
            "BSI-EW-26-1180",
            "nis2_art23_early_warning",
        ),
        (
            "BSI (national CSIRT)",
            "BSI reporting portal",
            h(60),
            "NIS2 incident notification: credential phishing, 6 days of mail forwarding, contained within 2 hours.",
            "BSI-EW-26-1180",
            "nis2_art23_incident_notification",
        ),
        (
            "BSI (national CSIRT)",
            "BSI reporting portal",
            h(24 * 20),
            "NIS2 final report: root cause, measures taken and lessons learned.",
            "BSI-EW-26-1180",
            "nis2_art23_final_report",
        ),
    ] {
        ws.record_notice(
            &id,
            notice(
                recipient,
                channel,
                at,
                summary,
                reference,
                Some(clock),
                None,
            ),
        )?;
    }
    ws.move_incident(&id, IncidentPhase::Contained, Some(h(2)), String::new())?;
    ws.move_incident(&id, IncidentPhase::Eradicated, Some(h(26)), String::new())?;
    ws.move_incident(&id, IncidentPhase::Recovered, Some(h(48)), String::new())?;
    let v = ws.incident(&id)?;
    ws.set_key_times(
        &id,
        KeyTimes {
            first_malicious_activity: Some(detected - Duration::days(6)),
            reported: Some(h(0)),
            ..v.incident.key_times
        },
    )?;
    let due = |days: i64| Some((now + Duration::days(days)).date_naive());
    ws.save_review(
        &id,
        PostIncidentReview {
            root_cause: "A payroll mailbox without MFA, and a phishing page the mail filter did not flag.".into(),
            contributing_factors: "Legacy authentication still allowed for two shared mailboxes; no alert on new external forwarding rules.".into(),
            what_worked: "The Managing Director questioned an unusual bank-change request; containment took two hours.".into(),
            what_did_not: "Nobody knew who could approve a DPA notification; it took a day to find the DPO's deputy.".into(),
            lessons_learned: "Name the DPO and a deputy in the plan's contacts; alert on forwarding rules to external domains.".into(),
            action_items: vec![
                ActionItem { id: String::new(), title: "Enforce MFA on every mailbox, shared ones included".into(), owner: "Jürgen Weiß".into(), due: due(-50), status: ActionStatus::Done },
                ActionItem { id: String::new(), title: "Alert on inbox rules forwarding outside the company".into(), owner: "MSP SOC".into(), due: due(14), status: ActionStatus::InProgress },
                ActionItem { id: String::new(), title: "Add the DPO and deputy to the plan's contacts".into(), owner: "Anneliese Krüger".into(), due: due(-5), status: ActionStatus::Open },
            ],
        },
    )?;
    ws.move_incident(&id, IncidentPhase::Closed, Some(h(72)), String::new())?;
    Ok(())
}
