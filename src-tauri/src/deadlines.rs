//! The deadline watcher: every minute it asks the facade which notification deadlines are
//! overdue or due soon and raises one OS notification per (incident, rule, overdue) not yet
//! raised since the app started. What is due is the facade's decision; this only delivers.

use std::collections::HashSet;
use std::time::Duration;

use cordon_app::DeadlineAlert;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::commands::Shell;

/// The event the UI listens to so that open clocks refresh without waiting for a poll.
pub const EVENT: &str = "deadline-alerts";
const MAIN_WINDOW: &str = "main";
const EVERY: Duration = Duration::from_secs(60);

type Key = (String, String, bool);

pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut told: HashSet<Key> = HashSet::new();
        loop {
            tick(&app, &mut told).await;
            tokio::time::sleep(EVERY).await;
        }
    });
}

async fn tick<R: Runtime>(app: &AppHandle<R>, told: &mut HashSet<Key>) {
    let handle = app.clone();
    // A locked workspace answers with an error: nothing to say until it is unlocked.
    let alerts = tauri::async_runtime::spawn_blocking(move || {
        let workspace = &handle.state::<Shell>().workspace;
        let names = workspace
            .privacy_settings()
            .is_ok_and(|p| p.names_in_notifications);
        workspace.deadline_alerts().map(|alerts| (alerts, names))
    })
    .await;
    let Ok(Ok((alerts, names))) = alerts else {
        return;
    };
    for a in fresh(&alerts, told) {
        let (title, body) = text(a, names);
        if let Err(e) = app.notification().builder().title(title).body(body).show() {
            eprintln!("cordon: could not show a deadline notification: {e}");
        }
    }
    // The presenter window on the room's screen must not hear about clients' deadlines.
    if let Err(e) = app.emit_to(MAIN_WINDOW, EVENT, &alerts) {
        eprintln!("cordon: could not tell the window about deadlines: {e}");
    }
}

/// The alerts not notified yet this run; marks them as notified.
fn fresh<'a>(alerts: &'a [DeadlineAlert], told: &mut HashSet<Key>) -> Vec<&'a DeadlineAlert> {
    alerts
        .iter()
        .filter(|a| told.insert((a.incident_id.to_string(), a.rule_key.clone(), a.overdue)))
        .collect()
}

/// The notification's title and body. A notification shows on a screen others may see, often
/// over a projector: unless the user allowed names, it names no client, incident or rule.
fn text(a: &DeadlineAlert, names: bool) -> (String, String) {
    let when = a.deadline.format("%Y-%m-%d %H:%M UTC");
    if !names {
        let title = if a.overdue {
            "A notification deadline is overdue"
        } else {
            "A notification deadline is due"
        };
        return (title.into(), "Open Cordon to see which.".into());
    }
    let title = if a.overdue {
        format!("Overdue: {}", a.clock_name)
    } else {
        format!("Due soon: {}", a.clock_name)
    };
    let body = format!("{} · {} — deadline {when}", a.client_name, a.incident_title);
    (title, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(rule: &str, overdue: bool) -> DeadlineAlert {
        DeadlineAlert {
            incident_id: "0197c2de-0000-7000-8000-000000000001".parse().unwrap(),
            incident_title: "Ransomware on FS-01".into(),
            client_name: "Kestrel".into(),
            rule_key: rule.into(),
            clock_name: "GDPR Art. 33".into(),
            deadline: "2026-11-26T12:00:00Z".parse().unwrap(),
            overdue,
        }
    }

    #[test]
    fn each_alert_is_notified_once_and_again_when_it_becomes_overdue() {
        let mut told = HashSet::new();
        let soon = [alert("gdpr_art33", false)];
        assert_eq!(fresh(&soon, &mut told).len(), 1);
        assert_eq!(fresh(&soon, &mut told).len(), 0);
        let late = [alert("gdpr_art33", true), alert("nis2_early", false)];
        assert_eq!(fresh(&late, &mut told).len(), 2);
        assert_eq!(fresh(&late, &mut told).len(), 0);
    }

    #[test]
    fn without_permission_the_text_names_no_client_incident_or_rule() {
        for overdue in [false, true] {
            let (title, body) = text(&alert("gdpr_art33", overdue), false);
            let shown = format!("{title} {body}");
            for secret in ["Kestrel", "Ransomware", "GDPR"] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
        assert_eq!(
            text(&alert("r", false), false).0,
            "A notification deadline is due"
        );
    }

    #[test]
    fn the_text_says_overdue_or_due_soon_with_client_and_deadline() {
        let (title, body) = text(&alert("gdpr_art33", true), true);
        assert_eq!(title, "Overdue: GDPR Art. 33");
        assert!(body.contains("Kestrel · Ransomware on FS-01"));
        assert!(body.contains("2026-11-26 12:00 UTC"));
    }
}
