//! The notification clocks of one incident: which rules apply to its client and the data its
//! affected assets hold, started from the triggers it recorded and settled by its notices.
//! An exercise asks the same question of a client's assets before anything has happened.

use chrono::{DateTime, Duration, Utc};

use super::{ClockFacts, NotificationClock, NotificationRule, RuleTable, applicable, clock};
use crate::asset::DataClass;
use crate::client::Client;
use crate::incident::{AffectedAsset, Incident, Notice};

/// The rules that apply to `client` when assets holding `data_classes` are affected.
pub fn rules_for(
    client: &Client,
    data_classes: impl IntoIterator<Item = DataClass>,
) -> Vec<NotificationRule> {
    let mut classes: Vec<DataClass> = data_classes.into_iter().collect();
    classes.sort();
    classes.dedup();
    let facts = ClockFacts {
        jurisdictions: &client.jurisdictions,
        sectors: &client.sectors,
        data_classes: &classes,
        contract_notice_hours: client.contract_notice_hours,
        insurer: client.insurer.as_ref(),
    };
    applicable(RuleTable::builtin(), &facts)
}

/// Every clock that applies to the incident, started from its recorded trigger and settled by
/// the first notice recorded against it.
pub fn incident_clocks(
    client: &Client,
    incident: &Incident,
    affected: &[AffectedAsset],
    notices: &[Notice],
    now: DateTime<Utc>,
    warn: Duration,
) -> Vec<NotificationClock> {
    let classes = affected.iter().flat_map(|a| a.data_classes.iter().copied());
    rules_for(client, classes)
        .iter()
        .map(|rule| {
            let first_sent = |key: &str| {
                notices
                    .iter()
                    .filter(|n| n.clock.as_deref() == Some(key))
                    .map(|n| n.sent_at)
                    .min()
            };
            let start = rule.clock_start(incident.trigger_at(rule.trigger), first_sent);
            clock(rule, start, first_sent(&rule.key), now, warn)
        })
        .collect()
}
