-- Migration 2: incident-response plans (versions, sections, review log). Append-only.

-- One row per plan version. The sections, approval and review log live in `doc` (the Plan as
-- JSON): a plan is edited and approved as a whole, and ops carry the changed top-level sections.
-- The columns beside it are what lists and the write path's rules query.
CREATE TABLE plans (
    n          INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    client_id  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'superseded')),
    updated_at TEXT NOT NULL,
    doc        TEXT NOT NULL
);
-- Not UNIQUE on purpose: the write path refuses a second draft or a clashing version, but two
-- devices may each start version N offline, and replaying their ops must not fail when sync
-- brings them together (the conflict is shown to a person instead).
CREATE INDEX plans_by_client ON plans (client_id, version);
