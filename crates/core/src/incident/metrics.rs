//! Response metrics from an incident's key times, and the dashboard over many incidents.
//!
//! Definitions (the report prints them beside the figures):
//! - time to detect (TTD): first malicious activity → detected;
//! - time to report: detected → reported to the MSP or the client;
//! - time to contain (TTC): detected → contained;
//! - time to recover (TTR): detected → recovered;
//! - dwell time: first malicious activity → eradicated, how long the attacker was present.
//!
//! A metric whose two times are not both known is `None`, never zero.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{IncidentPhase, KeyTimes};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IncidentMetrics {
    /// Minutes.
    pub time_to_detect: Option<f64>,
    pub time_to_report: Option<f64>,
    pub time_to_contain: Option<f64>,
    pub time_to_recover: Option<f64>,
    pub dwell_time: Option<f64>,
}

fn minutes(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Option<f64> {
    let (from, to) = (from?, to?);
    (to >= from).then(|| (to - from).num_seconds() as f64 / 60.0)
}

pub fn metrics(t: &KeyTimes) -> IncidentMetrics {
    let detected = Some(t.detected);
    IncidentMetrics {
        time_to_detect: minutes(t.first_malicious_activity, detected),
        time_to_report: minutes(detected, t.reported),
        time_to_contain: minutes(detected, t.contained),
        time_to_recover: minutes(detected, t.recovered),
        dwell_time: minutes(t.first_malicious_activity, t.eradicated),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PhaseCount {
    pub phase: IncidentPhase,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SeverityCount {
    pub level: String,
    pub count: u32,
}

/// Figures over a set of incidents (one client's, or all).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Dashboard {
    pub total: u32,
    pub open: u32,
    pub by_phase: Vec<PhaseCount>,
    /// Open incidents by severity, most severe first.
    pub open_by_severity: Vec<SeverityCount>,
    /// Medians in minutes over the incidents where the metric is known.
    pub median: IncidentMetrics,
    /// How many incidents each median is taken over.
    pub measured: MeasuredCounts,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeasuredCounts {
    pub time_to_detect: u32,
    pub time_to_report: u32,
    pub time_to_contain: u32,
    pub time_to_recover: u32,
    pub dwell_time: u32,
}

/// One incident as the dashboard sees it.
pub struct DashboardRow<'a> {
    pub phase: IncidentPhase,
    pub severity: Option<(&'a str, u32)>,
    pub key_times: &'a KeyTimes,
}

pub fn dashboard<'a>(rows: impl IntoIterator<Item = DashboardRow<'a>>) -> Dashboard {
    let mut d = Dashboard::default();
    let mut by_phase = [0u32; 6];
    let mut by_severity: Vec<(u32, String, u32)> = Vec::new();
    let mut samples: [Vec<f64>; 5] = Default::default();
    for row in rows {
        d.total += 1;
        by_phase[IncidentPhase::ALL
            .iter()
            .position(|p| *p == row.phase)
            .unwrap_or(0)] += 1;
        if row.phase.is_open() {
            d.open += 1;
            if let Some((level, rank)) = row.severity {
                match by_severity.iter_mut().find(|(_, l, _)| l == level) {
                    Some(entry) => entry.2 += 1,
                    None => by_severity.push((rank, level.to_owned(), 1)),
                }
            }
        }
        let m = metrics(row.key_times);
        for (i, v) in [
            m.time_to_detect,
            m.time_to_report,
            m.time_to_contain,
            m.time_to_recover,
            m.dwell_time,
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(v) = v {
                samples[i].push(v);
            }
        }
    }
    d.by_phase = IncidentPhase::ALL
        .into_iter()
        .zip(by_phase)
        .map(|(phase, count)| PhaseCount { phase, count })
        .collect();
    by_severity.sort();
    d.open_by_severity = by_severity
        .into_iter()
        .map(|(_, level, count)| SeverityCount { level, count })
        .collect();
    let counts: Vec<u32> = samples.iter().map(|s| s.len() as u32).collect();
    let [ttd, ttr, ttc, ttrec, dwell] = samples.map(median);
    d.median = IncidentMetrics {
        time_to_detect: ttd,
        time_to_report: ttr,
        time_to_contain: ttc,
        time_to_recover: ttrec,
        dwell_time: dwell,
    };
    d.measured = MeasuredCounts {
        time_to_detect: counts[0],
        time_to_report: counts[1],
        time_to_contain: counts[2],
        time_to_recover: counts[3],
        dwell_time: counts[4],
    };
    d
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}
