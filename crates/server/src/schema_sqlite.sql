-- The server's tables (SQLite engine). Nothing here is plaintext of a client's: scopes are
-- keyed hashes, frames and wrapped keys are sealed, tokens and invitations are stored hashed.
CREATE TABLE IF NOT EXISTS teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS invites (
    code_hash TEXT PRIMARY KEY,
    team TEXT NOT NULL REFERENCES teams (id),
    admin INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    used_by TEXT
);
CREATE TABLE IF NOT EXISTS devices (
    team TEXT NOT NULL REFERENCES teams (id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    public_key TEXT NOT NULL,
    admin INTEGER NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    joined_at TEXT NOT NULL,
    last_seen_at TEXT,
    revoked_at TEXT,
    PRIMARY KEY (team, id)
);
-- A scope exists once a key was granted for it; `epoch` is the one pushes must be sealed under.
CREATE TABLE IF NOT EXISTS scopes (
    team TEXT NOT NULL,
    id TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    PRIMARY KEY (team, id)
);
CREATE TABLE IF NOT EXISTS grants (
    team TEXT NOT NULL,
    device TEXT NOT NULL,
    scope TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    wrapped TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (team, device, scope, epoch)
);
-- The last seq held per (scope, writing device): what a push must follow.
CREATE TABLE IF NOT EXISTS streams (
    team TEXT NOT NULL,
    scope TEXT NOT NULL,
    device TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (team, scope, device)
);
CREATE TABLE IF NOT EXISTS batches (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    team TEXT NOT NULL,
    scope TEXT NOT NULL,
    device TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    frame BLOB NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_by_scope ON batches (team, scope, n);

-- Files (evidence) in sealed chunks, per scope: `blob` is a keyed hash of the file's SHA-256.
CREATE TABLE IF NOT EXISTS blob_chunks (
    team TEXT NOT NULL,
    scope TEXT NOT NULL,
    blob TEXT NOT NULL,
    idx INTEGER NOT NULL,
    total INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (team, scope, blob, idx)
);
