-- Scheduled check-ins: each firing opens a cycle (unique per check-in and local date, so a
-- restart or a DST fall-back hour cannot open it twice); who was asked and reminded (the
-- primary key stops a double send); answers walked by the engine; changes to the service.
CREATE TABLE checkin_cycles (
    id          INTEGER PRIMARY KEY,
    project_id  TEXT NOT NULL,
    checkin_id  TEXT NOT NULL,
    local_date  TEXT NOT NULL,
    opened_at   REAL NOT NULL,
    closes_at   REAL NOT NULL,
    closed_at   REAL,
    reminded_at REAL,
    reviewed_at REAL,
    UNIQUE (project_id, checkin_id, local_date)
);

CREATE TABLE checkin_invites (
    cycle_id       INTEGER NOT NULL REFERENCES checkin_cycles (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('invite', 'reminder')),
    created_at     REAL NOT NULL,
    PRIMARY KEY (cycle_id, participant_id, kind)
);

CREATE TABLE checkin_responses (
    id             INTEGER PRIMARY KEY,
    cycle_id       INTEGER NOT NULL REFERENCES checkin_cycles (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'complete')),
    step_id        TEXT,
    history        TEXT NOT NULL DEFAULT '',
    last_update_id INTEGER NOT NULL DEFAULT 0,
    created_at     REAL NOT NULL,
    completed_at   REAL,
    UNIQUE (cycle_id, participant_id)
);

CREATE UNIQUE INDEX checkin_one_open_response ON checkin_responses (participant_id)
    WHERE status = 'open';

CREATE TABLE checkin_answers (
    response_id INTEGER NOT NULL REFERENCES checkin_responses (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('scale', 'text', 'voice', 'skipped')),
    score       INTEGER CHECK (score BETWEEN 1 AND 5),
    value       TEXT,
    PRIMARY KEY (response_id, question_id)
);

CREATE TABLE checkin_changes (
    id         INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    checkin_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at REAL NOT NULL,
    told_at    REAL
);
