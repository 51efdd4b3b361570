-- Migration 6: exercises and their log lines in the search index. Append-only.
--
-- No new table: an exercise is a record in `search` under its id (kind 'exercise'), a log line
-- one under the line's id (kind 'exercise_log_entry', text only). From here on the exercise
-- projections keep both in step; this indexes what was stored before.

-- Idempotent, so a half-finished copy of this index can never make the migration fail.
DELETE FROM search WHERE rowid IN
    (SELECT n FROM search_refs WHERE kind IN ('exercise', 'exercise_log_entry'));
INSERT OR IGNORE INTO search_refs (ref, kind, client_id)
    SELECT id, 'exercise', client_id FROM exercises ORDER BY created_at, id;
INSERT OR IGNORE INTO search_refs (ref, kind, client_id)
    SELECT l.id, 'exercise_log_entry', e.client_id
    FROM exercise_log l JOIN exercises e ON e.id = l.exercise_id ORDER BY l.n;

-- The same text, in the same order, as `search_body` in crates/store/src/exercises.rs.
INSERT INTO search (rowid, title, body)
    SELECT r.n, e.name,
           coalesce(json_extract(e.doc, '$.scenario.title'), '') || ' ' || coalesce(c.name, '')
           || ' ' || coalesce(json_extract(e.doc, '$.narrative'), '')
           || coalesce((SELECT ' ' || group_concat(json_extract(p.value, '$.name'), ' '
                                                   ORDER BY p.key)
                        FROM json_each(e.doc, '$.participants') p), '')
           || coalesce((SELECT ' ' || group_concat(json_extract(f.value, '$.issue') || ' '
                                                   || json_extract(f.value, '$.corrective_action')
                                                   || ' ' || json_extract(f.value, '$.owner'),
                                                   ' ' ORDER BY f.key)
                        FROM json_each(e.doc, '$.findings') f), '')
    FROM search_refs r
    JOIN exercises e ON e.id = r.ref
    LEFT JOIN clients c ON c.id = e.client_id
    WHERE r.kind = 'exercise';
INSERT INTO search (rowid, title, body)
    SELECT r.n, '', coalesce(json_extract(l.doc, '$.text'), '')
    FROM search_refs r JOIN exercise_log l ON l.id = r.ref
    WHERE r.kind = 'exercise_log_entry';
