//! One full-text index over clients, plans, assets, incidents, timeline entries, exercises and
//! exercise log lines (FTS5, diacritics folded: "muller" finds "Müller"). Each table's
//! projection calls `index` when it saves a row, in the same transaction, so the index is
//! always what the tables say.

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

/// What each connection needs before it writes: the queues of index changes that `flush`
/// hands to FTS5 at the end of a write (see there why). In memory (SQLCipher's build keeps
/// temporary tables in memory), so no indexed text touches the disk unencrypted.
pub(crate) fn prepare_session(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS pending_search (
             n     INTEGER PRIMARY KEY,
             title TEXT,
             body  TEXT
         );
         CREATE TEMP TABLE IF NOT EXISTS pending_entries (
             n    INTEGER PRIMARY KEY,
             text TEXT NOT NULL
         );",
    )?;
    Ok(())
}

/// Puts (or replaces) a record in the index, when the write is flushed.
pub(crate) fn index(
    conn: &Connection,
    kind: HitKind,
    id: &str,
    client: ClientId,
    title: &str,
    body: &str,
) -> Result<(), StoreError> {
    let n: i64 = conn
        .prepare_cached(
            "INSERT INTO search_refs (ref, kind, client_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (ref) DO UPDATE SET client_id = excluded.client_id
             RETURNING n",
        )?
        .query_row(params![id, kind.key(), client.to_string()], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO temp.pending_search (n, title, body) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![n, title, body])?;
    Ok(())
}

/// Indexes a timeline entry under its `timeline_entries.n`, when the write is flushed.
pub(crate) fn index_entry(conn: &Connection, n: i64, text: &str) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT OR REPLACE INTO temp.pending_entries (n, text) VALUES (?1, ?2)")?
        .execute(params![n, text])?;
    Ok(())
}

pub(crate) fn remove(conn: &Connection, id: &str) -> Result<(), StoreError> {
    let n: Option<i64> = conn
        .prepare_cached("SELECT n FROM search_refs WHERE ref = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(n) = n {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO temp.pending_search (n, title, body) VALUES (?1, NULL, NULL)",
        )?
        .execute([n])?;
        conn.execute("DELETE FROM search_refs WHERE n = ?1", [n])?;
    }
    Ok(())
}

/// Hands the queued index changes to FTS5, just before a write commits. Why queue them: FTS5
/// writes its in-memory batch out as a new segment whenever a later statement of the same
/// transaction opens a statement savepoint, which almost every INSERT does. Indexed as it went,
/// an ingest of 100k ops wrote one tiny segment per op and spent a quarter of its time merging
/// them; queued, each write indexes in one batch. Every commit of a write calls this.
pub(crate) fn flush(conn: &Connection) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM search WHERE rowid IN (SELECT n FROM temp.pending_search)")?
        .execute([])?;
    conn.prepare_cached(
        "INSERT INTO search (rowid, title, body)
         SELECT n, title, body FROM temp.pending_search WHERE title IS NOT NULL ORDER BY n",
    )?
    .execute([])?;
    conn.prepare_cached(
        "INSERT INTO search_entries (rowid, text) SELECT n, text FROM temp.pending_entries ORDER BY n",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM temp.pending_search")?
        .execute([])?;
    conn.prepare_cached("DELETE FROM temp.pending_entries")?
        .execute([])?;
    Ok(())
}

/// Records first (a client or an incident is usually what was meant), then timeline entries.
const RECORD_HITS: u32 = 25;

/// The newest-arrived matching timeline entries ordered by recorded time: past this many
/// matches, a very common word lists recent arrivals, which is all a person reads anyway.
const ENTRY_CANDIDATES: u32 = 5_000;

impl Store {
    /// What matches `query`: the best-ranked clients, plans, assets, incidents, exercises and
    /// exercise log lines, then the newest matching timeline entries, at most `limit` hits in
    /// all.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>, StoreError> {
        let Some(q) = fts_query(query) else {
            return Ok(Vec::new());
        };
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                // The FTS query runs first and alone (MATERIALIZED, then CROSS JOIN keeps the
                // order): joined in one query, SQLite may walk the joined table and probe the
                // index once per row, 20x slower on a large workspace.
                // Ties in rank are broken by the record (kind, id), not by the local rowid, so
                // every replica lists the same hits whatever order it indexed them in: the
                // cut-off is the rank of the limit-th match, every match up to it is taken, and
                // titles and snippets are read for the hits kept only.
                "WITH cutoff AS (
                     SELECT coalesce((SELECT rank FROM search WHERE search MATCH ?1
                                      ORDER BY rank LIMIT 1 OFFSET ?2 - 1), 1e308) AS score),
                 hits AS MATERIALIZED (
                     SELECT rowid AS n, rank AS score FROM search
                     WHERE search MATCH ?1 AND rank <= (SELECT score FROM cutoff)),
                 kept AS MATERIALIZED (
                     SELECT h.n, h.score, r.kind, r.ref, r.client_id
                     FROM hits h CROSS JOIN search_refs r ON r.n = h.n
                     ORDER BY h.score, r.kind, r.ref LIMIT ?2)
                 -- A log line is indexed by its text alone (its exercise's name would make
                 -- every line match it); its title is the exercise's name as it is now.
                 SELECT k.kind, k.ref, k.client_id, coalesce(c.name, ''),
                        coalesce(e.name, (SELECT title FROM search WHERE rowid = k.n)),
                        (SELECT snippet(search, 1, '[', ']', '…', 12) FROM search
                         WHERE search MATCH ?1 AND rowid = k.n),
                        l.exercise_id
                 FROM kept k
                 LEFT JOIN exercise_log l ON k.kind = 'exercise_log_entry' AND l.id = k.ref
                 LEFT JOIN exercises e ON e.id = l.exercise_id
                 LEFT JOIN clients c ON c.id = k.client_id
                 ORDER BY k.score, k.kind, k.ref",
            )?;
            let rows = stmt.query_map(params![q, RECORD_HITS.min(limit)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?;
            let mut hits = Vec::new();
            for row in rows {
                let (kind, id, client_id, client_name, title, snippet, log_exercise) = row?;
                let Some(kind) = HitKind::parse(&kind) else {
                    continue;
                };
                let exercise_id = match kind {
                    HitKind::Exercise => Some(id.clone()),
                    _ => log_exercise,
                };
                hits.push(SearchHit {
                    kind,
                    id,
                    client_id,
                    client_name,
                    incident_id: None,
                    exercise_id,
                    title,
                    snippet,
                });
            }
            let rest = limit.saturating_sub(hits.len() as u32);
            // Newest recorded first, then by id: the same list on every replica, whatever order
            // each received the entries in. The matches are taken by rowid first (cheap, and
            // at most ENTRY_CANDIDATES of them), the snippet only for the entries shown.
            let mut stmt = conn.prepare_cached(
                "WITH hits AS MATERIALIZED (
                     SELECT rowid AS n FROM search_entries WHERE search_entries MATCH ?1
                     ORDER BY rowid DESC LIMIT ?3)
                 SELECT t.id, t.incident_id, i.client_id, coalesce(c.name, ''), i.title, t.n
                 FROM hits h
                 CROSS JOIN timeline_entries t ON t.n = h.n
                 CROSS JOIN incidents i ON i.id = t.incident_id
                 LEFT JOIN clients c ON c.id = i.client_id
                 ORDER BY t.recorded_at DESC, t.id DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![q, rest, ENTRY_CANDIDATES], |r| {
                Ok((
                    SearchHit {
                        kind: HitKind::TimelineEntry,
                        id: r.get(0)?,
                        incident_id: Some(r.get(1)?),
                        exercise_id: None,
                        client_id: r.get(2)?,
                        client_name: r.get(3)?,
                        title: r.get(4)?,
                        snippet: String::new(),
                    },
                    r.get::<_, i64>(5)?,
                ))
            })?;
            let rows: Vec<(SearchHit, i64)> = rows.collect::<Result<_, _>>()?;
            let mut snippet = conn.prepare_cached(
                "SELECT snippet(search_entries, 0, '[', ']', '…', 12) FROM search_entries
                 WHERE search_entries MATCH ?1 AND rowid = ?2",
            )?;
            let rows = rows.into_iter().map(|(mut hit, n)| {
                hit.snippet = snippet.query_row(params![q, n], |r| r.get(0))?;
                Ok::<_, rusqlite::Error>(hit)
            });
            for hit in rows {
                hits.push(hit?);
            }
            Ok(hits)
        })
    }
}

/// One kind's index rows as (ref, client, title, body), by ref: the FTS rowids differ between a
/// workspace and its replay, the content must not.
fn index_rows(conn: &Connection, kind: HitKind) -> Result<Vec<[String; 4]>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT r.ref, r.client_id, s.title, s.body FROM search_refs r
         JOIN search s ON s.rowid = r.n WHERE r.kind = ?1 ORDER BY r.ref",
    )?;
    let rows = stmt.query_map([kind.key()], |r| {
        Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?])
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Whether the index holds, for each of `kinds`, exactly what replaying the op log into an
    /// empty database indexes: the index is a projection like the tables.
    pub fn search_index_matches_op_log(&self, kinds: &[HitKind]) -> Result<bool, StoreError> {
        let scratch = self.replayed()?;
        for &kind in kinds {
            if index_rows(&scratch, kind)? != self.read(|conn| index_rows(conn, kind))? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
