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
        handle.state::<Shell>().workspace.deadline_alerts()
    })
    .await;
    let Ok(Ok(alerts)) = alerts else { return };
    for a in fresh(&alerts, told) {
        let (title, body) = text(a);
        if let Err(e) = app.notification().builder().title(title).body(body).show() {
            eprintln!("cordon: could not show a deadline notification: {e}");
        }
    }
    if let Err(e) = app.emit(EVENT, &alerts) {
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

fn text(a: &DeadlineAlert) -> (String, String) {
    let when = a.deadline.format("%Y-%m-%d %H:%M UTC");
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
    fn the_text_says_overdue_or_due_soon_with_client_and_deadline() {
        let (title, body) = text(&alert("gdpr_art33", true));
        assert_eq!(title, "Overdue: GDPR Art. 33");
        assert!(body.contains("Kestrel · Ransomware on FS-01"));
        assert!(body.contains("2026-11-26 12:00 UTC"));
    }
}
