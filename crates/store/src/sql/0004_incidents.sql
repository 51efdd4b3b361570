-- Migration 4: incidents, their append-only records, evidence content, and one search index
-- over everything. Append-only.

-- One row per incident; the record is `doc` JSON, the columns are what lists sort and filter on.
CREATE TABLE incidents (
    n             INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    client_id     TEXT NOT NULL,
    phase         TEXT NOT NULL,
    severity      TEXT,
    severity_rank INTEGER,
    incident_type TEXT NOT NULL,
    title         TEXT NOT NULL,
    detected_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    doc           TEXT NOT NULL
);
-- One index per way the list is filtered, each in the list's order (newest detection first,
-- id to break ties), so a page is read from the index and never sorted. The partial indexes
-- serve "open only"; their WHERE is repeated word for word in the list query.
CREATE INDEX incidents_by_detected ON incidents (detected_at DESC, id);
CREATE INDEX incidents_by_client ON incidents (client_id, detected_at DESC, id);
CREATE INDEX incidents_open ON incidents (detected_at DESC, id) WHERE phase <> 'closed';
CREATE INDEX incidents_open_by_client ON incidents (client_id, detected_at DESC, id)
    WHERE phase <> 'closed';

-- Timeline entries are never updated: a row is inserted when its append op is applied.
-- (incident_id, seq) is not UNIQUE on purpose: two devices may each append entry N offline,
-- and replaying both must not fail; `verify` then reports the fork.
CREATE TABLE timeline_entries (
    n           INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    incident_id TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX timeline_by_incident ON timeline_entries (incident_id, seq);

CREATE TABLE evidence (
    id          TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    doc         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX evidence_by_incident ON evidence (incident_id);

CREATE TABLE custody_transfers (
    id          TEXT PRIMARY KEY,
    evidence_id TEXT NOT NULL,
    doc         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX custody_by_evidence ON custody_transfers (evidence_id);

CREATE TABLE notices (
    id          TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    doc         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX notices_by_incident ON notices (incident_id);

-- Evidence files kept in the (encrypted) database, addressed by their SHA-256. The op log
-- carries only the hash: a 200 MB disk image does not belong in every sync page.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    data   BLOB NOT NULL
) WITHOUT ROWID;

-- Search across clients, plans, assets and incidents (`search`, ranked by relevance: there are
-- tens of thousands) and timeline entries (`search_entries`, newest first: there are millions,
-- and ranking every match of a common word would take longer than a person waits).
-- `search_refs` gives each record a stable integer that is its FTS rowid, so re-indexing one
-- record is a rowid delete, never a scan of the index. A timeline entry's FTS rowid is its
-- `timeline_entries.n`: entries are never edited, so they need no such map.
CREATE TABLE search_refs (
    n         INTEGER PRIMARY KEY,
    ref       TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    client_id TEXT NOT NULL
);
CREATE VIRTUAL TABLE search USING fts5 (
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_entries USING fts5 (
    text,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- What was stored before this migration goes into the index too.
INSERT INTO search_refs (ref, kind, client_id) SELECT id, 'client', id FROM clients;
INSERT INTO search_refs (ref, kind, client_id) SELECT id, 'plan', client_id FROM plans;
INSERT INTO search_refs (ref, kind, client_id) SELECT id, 'asset', client_id FROM assets;
INSERT INTO search (rowid, title, body)
    SELECT r.n, c.name, coalesce(json_extract(c.doc, '$.contract_terms'), '')
    FROM search_refs r JOIN clients c ON c.id = r.ref WHERE r.kind = 'client';
INSERT INTO search (rowid, title, body)
    SELECT r.n, json_extract(p.doc, '$.title'), 'version ' || p.version
    FROM search_refs r JOIN plans p ON p.id = r.ref WHERE r.kind = 'plan';
INSERT INTO search (rowid, title, body)
    SELECT r.n, a.name,
           coalesce(json_extract(a.doc, '$.owner'), '') || ' ' || coalesce(json_extract(a.doc, '$.location'), '')
    FROM search_refs r JOIN assets a ON a.id = r.ref WHERE r.kind = 'asset';

-- Preferences of this installation (the name entries are signed with, when a deadline
-- warning fires). Device-local on purpose: not in the op log, never synced.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
