-- Migration 3: critical assets, vulnerabilities and the risk register. Append-only.
-- One row per asset; the record (vulnerabilities and risk included) is `doc` JSON, and the
-- columns beside it are what lists filter and sort on: the client, the name (unique per
-- client, case-insensitively, checked by the store with a message that names the fix), and
-- the responder's order (criticality, then risk score).
CREATE TABLE assets (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    criticality INTEGER NOT NULL,
    risk_score  INTEGER NOT NULL DEFAULT 0,
    archived_at TEXT,
    updated_at  TEXT NOT NULL,
    doc         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX assets_by_client ON assets (client_id, criticality, risk_score DESC);
CREATE INDEX assets_by_client_name ON assets (client_id, name COLLATE NOCASE);
