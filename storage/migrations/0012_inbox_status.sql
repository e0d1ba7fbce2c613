-- Each stored update says where it stands: received (waiting), handled, or failed (its shape
-- was broken; kept for a look like any handled update, never replayed, pruned with the rest).
ALTER TABLE inbox ADD COLUMN status TEXT NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'handled', 'failed'));

UPDATE inbox SET status = 'handled' WHERE handled_at IS NOT NULL;
