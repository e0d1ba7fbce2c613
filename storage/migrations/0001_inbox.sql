-- The durable inbox: every update Telegram gives us is stored here before it is confirmed.
-- payload is cleared once the update is handled, so residents' words do not linger here.
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    chat_key    INTEGER,
    payload     TEXT,
    received_at REAL NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    handled_at  REAL
);

CREATE INDEX inbox_unhandled ON inbox (update_id) WHERE handled_at IS NULL;
