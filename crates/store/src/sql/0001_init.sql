-- Migration 1. Append-only: never edit a migration that has shipped; add the next one.

-- Who this database is: one workspace, one device (this installation).
CREATE TABLE workspace (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    workspace_id TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

-- The hybrid logical clock's last issued timestamp, so it never goes backwards across restarts.
CREATE TABLE clock (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    wall_ms INTEGER NOT NULL,
    counter INTEGER NOT NULL
);

-- Every change, in order, per device. Tables below are what this log says; sync ships it.
-- kind: 'upsert' (fields = changed fields), 'delete' (tombstone), 'append' (fields = the record).
CREATE TABLE op_log (
    device_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    op_id     TEXT    NOT NULL UNIQUE,
    hlc       TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('upsert', 'delete', 'append')),
    fields    TEXT    NOT NULL,
    PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;
CREATE INDEX op_log_by_entity ON op_log (entity, entity_id, hlc);

CREATE TABLE clients (
    -- An explicit integer key (stable across VACUUM) that the search index points at.
    n               INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    archived_at     TEXT,
    updated_at      TEXT NOT NULL,
    -- The client record as JSON, without the logo, which is kept as bytes beside it.
    doc             TEXT NOT NULL,
    logo_media_type TEXT,
    logo            BLOB
);
CREATE INDEX clients_by_name ON clients (name COLLATE NOCASE);

-- Search-as-you-type over clients; diacritics folded so "muller" finds "Müller".
-- Its rowid is clients.n.
CREATE VIRTUAL TABLE clients_search USING fts5 (
    name,
    detail,
    tokenize = 'unicode61 remove_diacritics 2'
);
