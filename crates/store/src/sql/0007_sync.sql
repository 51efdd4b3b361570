-- Migration 7: the op log becomes what replicas exchange. Append-only: add the next one.

-- scope: the client an op belongs to (what a technician is assigned and a client key seals);
--        'workspace' for records that belong to no client.
-- format: the payload layout of `fields`. 1: keyed arrays written whole; 2: keyed arrays as
--        the items that changed ({"$items": ..., "$order": ...}). Both apply the same way.
-- base: for an upsert, the newest op of the record its writer had seen (conflicts are
--        derived from it); NULL when the writer created the record.
ALTER TABLE op_log ADD COLUMN scope TEXT NOT NULL DEFAULT 'workspace';
ALTER TABLE op_log ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE op_log ADD COLUMN base TEXT;

UPDATE op_log SET scope = entity_id WHERE entity = 'client';
UPDATE op_log SET scope = coalesce((SELECT client_id FROM assets WHERE id = op_log.entity_id), scope)
    WHERE entity = 'asset';
UPDATE op_log SET scope = coalesce((SELECT client_id FROM plans WHERE id = op_log.entity_id), scope)
    WHERE entity = 'plan';
UPDATE op_log SET scope = coalesce((SELECT client_id FROM incidents WHERE id = op_log.entity_id), scope)
    WHERE entity = 'incident';
UPDATE op_log SET scope = coalesce((SELECT client_id FROM exercises WHERE id = op_log.entity_id), scope)
    WHERE entity = 'exercise';
UPDATE op_log SET scope = coalesce((SELECT client_id FROM plan_change_items WHERE id = op_log.entity_id), scope)
    WHERE entity = 'plan_change_item';
UPDATE op_log SET scope = coalesce((SELECT i.client_id FROM timeline_entries t
    JOIN incidents i ON i.id = t.incident_id WHERE t.id = op_log.entity_id), scope)
    WHERE entity = 'timeline_entry';
UPDATE op_log SET scope = coalesce((SELECT i.client_id FROM evidence e
    JOIN incidents i ON i.id = e.incident_id WHERE e.id = op_log.entity_id), scope)
    WHERE entity = 'evidence';
UPDATE op_log SET scope = coalesce((SELECT i.client_id FROM notices n
    JOIN incidents i ON i.id = n.incident_id WHERE n.id = op_log.entity_id), scope)
    WHERE entity = 'notice';
UPDATE op_log SET scope = coalesce((SELECT i.client_id FROM custody_transfers c
    JOIN evidence e ON e.id = c.evidence_id JOIN incidents i ON i.id = e.incident_id
    WHERE c.id = op_log.entity_id), scope)
    WHERE entity = 'custody_transfer';
UPDATE op_log SET scope = coalesce((SELECT x.client_id FROM exercise_log l
    JOIN exercises x ON x.id = l.exercise_id WHERE l.id = op_log.entity_id), scope)
    WHERE entity = 'exercise_log_entry';

-- An upsert's base: the op of the same record just before it, as it was written on one laptop.
UPDATE op_log SET base = (SELECT max(o.hlc) FROM op_log o
    WHERE o.entity = op_log.entity AND o.entity_id = op_log.entity_id AND o.hlc < op_log.hlc)
    WHERE kind = 'upsert';

-- What a sync (or `ops export --since`) asks for: one client's ops, per device, in order.
CREATE INDEX op_log_by_scope ON op_log (scope, device_id, seq);

-- The timeline as a DAG (layout v2): which entry follows which, and the heads, the entries no
-- other entry follows, that the next local entry is appended to. Kept whatever order the
-- entries arrive in: an entry is a head while nothing that follows it has arrived.
CREATE TABLE timeline_links (
    incident_id TEXT NOT NULL,
    parent      TEXT NOT NULL,
    child       TEXT NOT NULL,
    PRIMARY KEY (incident_id, parent, child)
) WITHOUT ROWID;
CREATE TABLE timeline_heads (
    incident_id TEXT NOT NULL,
    hash        TEXT NOT NULL,
    entry_id    TEXT NOT NULL,
    PRIMARY KEY (incident_id, hash)
) WITHOUT ROWID;

INSERT OR IGNORE INTO timeline_links (incident_id, parent, child)
    SELECT incident_id, json_extract(doc, '$.prev_hash'), json_extract(doc, '$.hash')
    FROM timeline_entries;
INSERT OR IGNORE INTO timeline_heads (incident_id, hash, entry_id)
    SELECT t.incident_id, json_extract(t.doc, '$.hash'), t.id FROM timeline_entries t
    WHERE NOT EXISTS (SELECT 1 FROM timeline_links l
        WHERE l.incident_id = t.incident_id AND l.parent = json_extract(t.doc, '$.hash'));

-- A timeline entry's recorded time as a column, in one fixed form (UTC, milliseconds), so that
-- search lists matching entries newest first by when they were recorded, the same on every
-- replica, rather than by when each replica happened to receive them.
ALTER TABLE timeline_entries ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';
UPDATE timeline_entries
    SET recorded_at = strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(doc, '$.recorded_at'));
