-- Migration 8: this laptop's membership of a sync team. Local only: none of it is an op, and
-- all of it stays inside this SQLCipher file (the device's secret key and the team's keys
-- among it). Append-only: add the next migration.
CREATE TABLE sync_account (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    server TEXT NOT NULL,
    team TEXT NOT NULL,
    team_name TEXT NOT NULL,
    token TEXT NOT NULL,
    device_secret BLOB NOT NULL,
    admin INTEGER NOT NULL,
    joined_at TEXT NOT NULL,
    last_sync_at TEXT,
    last_error TEXT,
    -- The server's {scope id → {device → last seq}} as of the last sync: what is still waiting.
    last_status TEXT
);

-- Keys by the scope's id on the server ('team' for the team key), per epoch.
CREATE TABLE sync_keys (
    scope TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    key BLOB NOT NULL,
    PRIMARY KEY (scope, epoch)
);

-- The last batch number applied per scope: a pull resumes after it. Written in the same
-- transaction as the batch's ops, so a kill never applies a batch twice or skips one.
CREATE TABLE sync_pulled (
    scope TEXT PRIMARY KEY,
    after INTEGER NOT NULL
);

-- Devices this laptop's admin approved after comparing fingerprints: keys are only ever
-- wrapped to these public keys, whatever the server's device list says later.
CREATE TABLE sync_devices (
    device TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    approved_at TEXT NOT NULL
);
