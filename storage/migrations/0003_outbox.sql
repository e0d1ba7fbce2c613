-- The outbox: every proactive message (diary prompt, nudge, poll, check-in, update) is a row
-- here before it is sent, so a restart resumes where it stopped without resending.
-- A facilitator's broadcast groups its rows, so progress can be counted and shown.
CREATE TABLE broadcasts (
    id                  INTEGER PRIMARY KEY,
    project_id          TEXT REFERENCES projects (id),
    kind                TEXT NOT NULL,
    created_by          INTEGER,
    created_at          REAL NOT NULL,
    progress_chat_id    INTEGER,
    progress_message_id INTEGER
);

CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY,
    chat_id        INTEGER NOT NULL,
    -- NULL for messages to staff; erasing a person erases what was queued for them.
    participant_id INTEGER REFERENCES participants (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    method         TEXT NOT NULL,
    params         TEXT NOT NULL,
    -- e.g. 'diary:<participant>:<local date>:<slot>': the same slot can never be queued twice.
    dedupe_key     TEXT UNIQUE,
    broadcast_id   INTEGER REFERENCES broadcasts (id) ON DELETE SET NULL,
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    error          TEXT,
    message_id     INTEGER,
    result         TEXT,
    created_at     REAL NOT NULL,
    not_before     REAL,
    sent_at        REAL
);

CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';

CREATE INDEX outbox_sending ON outbox (id) WHERE status = 'sending';

CREATE INDEX outbox_by_broadcast ON outbox (broadcast_id, status);

CREATE INDEX outbox_by_participant ON outbox (participant_id, sent_at);

-- Set when Telegram answers 403 (the person blocked the bot), cleared when they come back.
ALTER TABLE participants ADD COLUMN blocked_at REAL;
