-- Migration 5: tabletop exercises, their running log, and the plan change items their
-- findings raise. Append-only.

-- One row per exercise; the record (injects, marks, ratings, clock events, findings) is `doc`
-- JSON, the columns are what lists and readiness filter on. `status` and `ended_at` follow
-- from the clock events, which never depend on the time of reading.
CREATE TABLE exercises (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    scenario    TEXT NOT NULL,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL,
    ended_at    TEXT,
    created_at  TEXT NOT NULL,
    doc         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX exercises_by_client ON exercises (client_id, created_at DESC);

-- Log lines are never updated: a row is inserted when its append op is applied, so a note
-- typed mid-exercise is on disk before the next keystroke matters.
CREATE TABLE exercise_log (
    n           INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    exercise_id TEXT NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX exercise_log_by_exercise ON exercise_log (exercise_id, n);

-- What the client's plan owes because of an exercise finding; open until someone changes the
-- plan and marks it done.
CREATE TABLE plan_change_items (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    doc         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX plan_changes_by_client ON plan_change_items (client_id, status, created_at);
