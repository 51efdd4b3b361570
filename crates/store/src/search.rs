//! One full-text index over clients, plans, assets, incidents and timeline entries (FTS5,
//! diacritics folded: "muller" finds "Müller"). Each table's projection calls `index` when it
//! saves a row, in the same transaction, so the index is always what the tables say.

use cordon_core::ClientId;
use cordon_core::search::{HitKind, SearchHit};
use rusqlite::{Connection, OptionalExtension as _, params};

use crate::Store;
use crate::error::StoreError;

/// The FTS query for what a person typed: each word as a quoted prefix, so punctuation in the
/// input can never be read as FTS syntax.
pub(crate) fn fts_query(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Puts (or replaces) a record in the index.
pub(crate) fn index(
    conn: &Connection,
    kind: HitKind,
    id: &str,
    client: ClientId,
    parent: &str,
    title: &str,
    body: &str,
) -> Result<(), StoreError> {
    let n: i64 = conn
        .prepare_cached(
            "INSERT INTO search_refs (ref, kind, client_id, parent) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (ref) DO UPDATE SET client_id = excluded.client_id
             RETURNING n",
        )?
        .query_row(params![id, kind.key(), client.to_string(), parent], |r| {
            r.get(0)
        })?;
    conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
        .execute([n])?;
    conn.prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![n, title, body])?;
    Ok(())
}

pub(crate) fn remove(conn: &Connection, id: &str) -> Result<(), StoreError> {
    let n: Option<i64> = conn
        .prepare_cached("SELECT n FROM search_refs WHERE ref = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(n) = n {
        conn.execute("DELETE FROM search WHERE rowid = ?1", [n])?;
        conn.execute("DELETE FROM search_refs WHERE n = ?1", [n])?;
    }
    Ok(())
}

impl Store {
    /// Everything that matches `query`, best match first, at most `limit` hits.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>, StoreError> {
        let Some(q) = fts_query(query) else {
            return Ok(Vec::new());
        };
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT r.kind, r.ref, r.client_id, coalesce(c.name, ''), r.parent,
                        s.title, snippet(search, 1, '[', ']', '…', 12),
                        coalesce(i.title, '')
                 FROM search s
                 JOIN search_refs r ON r.n = s.rowid
                 LEFT JOIN clients c ON c.id = r.client_id
                 LEFT JOIN incidents i ON i.id = r.parent
                 WHERE search MATCH ?1
                 ORDER BY rank
                 LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![q, limit], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })?;
            let mut hits = Vec::new();
            for row in rows {
                let (kind, id, client_id, client_name, parent, title, snippet, incident_title) =
                    row?;
                let Some(kind) = HitKind::parse(&kind) else {
                    continue;
                };
                hits.push(SearchHit {
                    kind,
                    id,
                    client_id,
                    client_name,
                    incident_id: (!parent.is_empty()).then_some(parent),
                    title: if kind == HitKind::TimelineEntry {
                        incident_title
                    } else {
                        title
                    },
                    snippet,
                });
            }
            Ok(hits)
        })
    }
}
