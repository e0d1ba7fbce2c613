-- Diary studies: who keeps a diary and when they are prompted (in their own time zone),
-- which prompts went out (the unique key stops a double send, e.g. on DST fall-back),
-- and the entries themselves.
CREATE TABLE diary_enrolments (
    participant_id INTEGER PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    project_id     TEXT NOT NULL,
    timezone       TEXT NOT NULL,
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    paused_until   TEXT,
    stopped_at     REAL,
    enrolled_at    REAL NOT NULL
);

CREATE TABLE diary_slots (
    participant_id INTEGER NOT NULL REFERENCES diary_enrolments (participant_id)
                   ON DELETE CASCADE,
    slot           TEXT NOT NULL,
    local_time     TEXT NOT NULL,
    PRIMARY KEY (participant_id, slot)
);

CREATE INDEX diary_slots_by_time ON diary_slots (local_time, participant_id);

CREATE TABLE diary_prompts (
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    local_date     TEXT NOT NULL,
    slot           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('prompt', 'nudge')),
    created_at     REAL NOT NULL,
    PRIMARY KEY (participant_id, local_date, slot, kind)
);

CREATE TABLE diary_entries (
    id               INTEGER PRIMARY KEY,
    participant_id   INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    local_date       TEXT NOT NULL,
    local_time       TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'complete')),
    nothing_today    INTEGER NOT NULL DEFAULT 0,
    touchpoint       TEXT,
    happened_kind    TEXT,
    happened_value   TEXT,
    happened_caption TEXT,
    feeling          INTEGER CHECK (feeling BETWEEN 1 AND 5),
    better           TEXT,
    step_id          TEXT,
    history          TEXT NOT NULL DEFAULT '',
    probing          INTEGER NOT NULL DEFAULT 0,
    last_update_id   INTEGER NOT NULL DEFAULT 0,
    created_at       REAL NOT NULL,
    completed_at     REAL
);

CREATE UNIQUE INDEX diary_one_open_entry ON diary_entries (participant_id) WHERE status = 'open';

CREATE INDEX diary_entries_by_day ON diary_entries (participant_id, local_date);

-- The weekly cap counts each participant's recent proactive messages at every firing.
CREATE INDEX IF NOT EXISTS outbox_by_participant_created ON outbox (participant_id, created_at);
