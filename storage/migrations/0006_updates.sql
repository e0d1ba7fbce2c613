-- Closing the loop ("you said, we did"): an update is linked to one contribution (a poll,
-- an idea or a dialogue question) and goes to the people who contributed to it. Who was
-- meant to get it is kept apart from the outbox, so /updates lists it before delivery.
-- Everything about a resident hangs off their participant row (ON DELETE CASCADE), so
-- /forget erases what they were sent and what they replied.
CREATE TABLE updates (
    id           INTEGER PRIMARY KEY,
    project_id   TEXT NOT NULL REFERENCES projects (id),
    link_kind    TEXT NOT NULL CHECK (link_kind IN ('poll', 'idea', 'question')),
    -- A poll id, an idea id or a dialogue step id; no foreign key, as each kind has its own
    -- table (and an erased idea must not take the update with it).
    link_ref     TEXT NOT NULL,
    text         TEXT NOT NULL,
    created_by   INTEGER,
    created_at   REAL NOT NULL,
    broadcast_id INTEGER REFERENCES broadcasts (id) ON DELETE SET NULL
);

CREATE INDEX updates_by_project ON updates (project_id, created_at);

CREATE INDEX updates_by_link ON updates (project_id, link_kind, link_ref);

CREATE TABLE update_recipients (
    update_id      INTEGER NOT NULL REFERENCES updates (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    PRIMARY KEY (update_id, participant_id)
);

CREATE INDEX update_recipients_by_participant ON update_recipients (participant_id);

CREATE TABLE update_replies (
    id               INTEGER PRIMARY KEY,
    update_id        INTEGER NOT NULL REFERENCES updates (id) ON DELETE CASCADE,
    participant_id   INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    value            TEXT NOT NULL,
    caption          TEXT,
    -- A replayed Telegram update stores the reply once.
    source_update_id INTEGER UNIQUE,
    created_at       REAL NOT NULL
);

CREATE INDEX update_replies_by_update ON update_replies (update_id, created_at);

-- A facilitator's /update while it is being written (one per person): a row, not
-- memory, so a restart mid-flow loses nothing.
CREATE TABLE update_drafts (
    -- AUTOINCREMENT: a new draft never reuses an old id, so old drafts' buttons go stale.
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    telegram_id    INTEGER NOT NULL UNIQUE,
    project_id     TEXT REFERENCES projects (id),
    stage          TEXT NOT NULL CHECK (stage IN ('project', 'kind', 'text', 'preview')),
    link_kind      TEXT CHECK (link_kind IN ('poll', 'idea', 'question')),
    link_ref       TEXT,
    text           TEXT,
    text_update_id INTEGER,
    created_at     REAL NOT NULL
);
