//! Reading incidents in bulk: the paged list and every document of a client.

use std::collections::HashMap;

use cordon_core::incident::{AffectedAsset, Incident, IncidentSummary, Notice};
use cordon_core::{ClientId, IncidentId};
use rusqlite::params;
use serde_json::Value;

use super::{IncidentFilter, affected};
use crate::Store;
use crate::error::{StoreError, damaged};

impl Store {
    /// A page of incidents, most recently detected first, and how many match in all.
    pub fn list_incidents(
        &self,
        filter: &IncidentFilter,
    ) -> Result<(Vec<IncidentSummary>, u32), StoreError> {
        // The filter is spelled into the SQL (not `?1 IS NULL OR ...`) so that SQLite picks
        // the index for exactly this filter; the page's rows are found in that index first and
        // only those 50 rows are read from the table.
        let mut conditions = Vec::new();
        if filter.client.is_some() {
            conditions.push("client_id = ?1");
        }
        if filter.open_only {
            conditions.push("phase <> 'closed'");
        }
        let filter_sql = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let client = filter.client.map(|c| c.to_string()).unwrap_or_default();
        self.read(|conn| {
            let bind = |sql: &str| -> Result<rusqlite::CachedStatement<'_>, StoreError> {
                Ok(conn.prepare_cached(sql)?)
            };
            let count_sql = format!("SELECT count(*) FROM incidents {filter_sql}");
            let mut count = bind(&count_sql)?;
            let total: u32 = if filter.client.is_some() {
                count.query_row([&client], |r| r.get(0))?
            } else {
                count.query_row([], |r| r.get(0))?
            };
            let page_sql = format!(
                "WITH page AS (SELECT n FROM incidents {filter_sql}
                               ORDER BY detected_at DESC, id LIMIT ?2 OFFSET ?3)
                 SELECT i.id, i.client_id, coalesce(c.name, ''), i.incident_type, i.title, i.phase,
                        i.severity, i.severity_rank, i.detected_at, i.updated_at
                 FROM page CROSS JOIN incidents i ON i.n = page.n
                 LEFT JOIN clients c ON c.id = i.client_id
                 ORDER BY i.detected_at DESC, i.id"
            );
            let mut stmt = bind(&page_sql)?;
            let limit = filter.limit.max(1);
            let map = |r: &rusqlite::Row<'_>| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<u32>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                ))
            };
            // ?1 is only in the SQL when a client is given; numbered parameters keep ?2 and
            // ?3 in place either way.
            let rows: Vec<_> = if filter.client.is_some() {
                stmt.query_map(params![client, limit, filter.offset], map)?
                    .collect::<Result<_, _>>()?
            } else {
                stmt.query_map(params![rusqlite::types::Null, limit, filter.offset], map)?
                    .collect::<Result<_, _>>()?
            };
            let mut out = Vec::with_capacity(rows.len());
            for (
                id,
                client_id,
                client_name,
                incident_type,
                title,
                phase,
                severity,
                rank,
                detected,
                updated,
            ) in rows
            {
                let bad = |what: &str| StoreError::Damaged {
                    what: format!("incident {id}'s {what}"),
                    detail: "not readable".into(),
                };
                out.push(IncidentSummary {
                    id: id.parse()?,
                    client_id: client_id.parse()?,
                    client_name,
                    incident_type,
                    title,
                    phase: serde_json::from_value(Value::String(phase))
                        .map_err(|_| bad("phase"))?,
                    severity,
                    severity_rank: rank,
                    detected_at: detected.parse().map_err(|_| bad("detection time"))?,
                    updated_at: updated.parse().map_err(|_| bad("update time"))?,
                });
            }
            Ok((out, total))
        })
    }

    /// Every incident document, optionally one client's: for dashboards and readiness.
    pub fn incidents_of(&self, client: Option<ClientId>) -> Result<Vec<Incident>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT doc FROM incidents WHERE ?1 IS NULL OR client_id = ?1 ORDER BY detected_at DESC",
            )?;
            let rows = stmt.query_map([client.map(|c| c.to_string())], |r| r.get::<_, String>(0))?;
            rows.map(|d| serde_json::from_str(&d?).map_err(damaged("an incident")))
                .collect()
        })
    }

    /// What the notification clocks of every open incident need and nothing more (no
    /// timeline, evidence or plan): the open incidents come from their partial index, their
    /// notices in one join, their assets by key.
    pub fn open_incident_clocks(&self) -> Result<Vec<ClockRecords>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT doc FROM incidents WHERE phase <> 'closed' ORDER BY detected_at DESC, id",
            )?;
            let incidents = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .map(|d| serde_json::from_str::<Incident>(&d?).map_err(damaged("an incident")))
                .collect::<Result<Vec<_>, _>>()?;
            let mut stmt = conn.prepare_cached(
                "SELECT n.doc FROM incidents i JOIN notices n ON n.incident_id = i.id
                 WHERE i.phase <> 'closed'",
            )?;
            let mut notices: HashMap<IncidentId, Vec<Notice>> = HashMap::new();
            for d in stmt.query_map([], |r| r.get::<_, String>(0))? {
                let n: Notice = serde_json::from_str(&d?).map_err(damaged("a notice"))?;
                notices.entry(n.incident_id).or_default().push(n);
            }
            incidents
                .into_iter()
                .map(|incident| {
                    let affected = affected(conn, incident.client_id, &incident.affected_assets)
                        .unwrap_or_default();
                    let mut notices = notices.remove(&incident.id).unwrap_or_default();
                    notices.sort_by_key(|n| n.id);
                    Ok(ClockRecords {
                        incident,
                        affected,
                        notices,
                    })
                })
                .collect()
        })
    }
}

/// One open incident with what its notification clocks are computed from.
#[derive(Debug, Clone)]
pub struct ClockRecords {
    pub incident: Incident,
    pub affected: Vec<AffectedAsset>,
    pub notices: Vec<Notice>,
}
