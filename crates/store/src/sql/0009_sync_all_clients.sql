-- Migration 9: a device approved for all clients receives every client made after its
-- approval too, so the admin's laptop must remember who was approved for all. Append-only.
ALTER TABLE sync_devices ADD COLUMN all_clients INTEGER NOT NULL DEFAULT 0;
-- The recovery phrase holds every key there is.
UPDATE sync_devices SET all_clients = 1 WHERE device = 'recovery';
