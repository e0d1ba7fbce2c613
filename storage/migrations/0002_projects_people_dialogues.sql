-- Projects (synced from their YAML files), the people who consented, and what they said.
-- Nothing about a person is stored before they consent; /forget deletes their people row
-- and everything hangs off it with ON DELETE CASCADE.
CREATE TABLE projects (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    invite_code     TEXT NOT NULL UNIQUE,
    consent_version INTEGER NOT NULL,
    source          TEXT NOT NULL,
    synced_at       REAL NOT NULL,
    present         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    telegram_id     INTEGER NOT NULL UNIQUE,
    first_name      TEXT,
    current_project TEXT REFERENCES projects (id),
    paused          INTEGER NOT NULL DEFAULT 0,
    created_at      REAL NOT NULL
);

CREATE TABLE participants (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    project_id      TEXT NOT NULL REFERENCES projects (id),
    pseudonym       TEXT NOT NULL UNIQUE,
    joined_via      TEXT NOT NULL,
    consent_version INTEGER NOT NULL,
    consented_at    REAL NOT NULL,
    may_quote       INTEGER,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
    pending_input   TEXT,
    left_at         REAL,
    UNIQUE (person_id, project_id)
);

CREATE INDEX participants_by_project ON participants (project_id, status);

CREATE TABLE dialogue_sessions (
    participant_id  INTEGER PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    script_id       TEXT NOT NULL,
    step_id         TEXT,
    history         TEXT NOT NULL DEFAULT '',
    probing         INTEGER NOT NULL DEFAULT 0,
    last_update_id  INTEGER NOT NULL DEFAULT 0,
    started_at      REAL NOT NULL,
    finished_at     REAL
);

CREATE TABLE answers (
    id               INTEGER PRIMARY KEY,
    participant_id   INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    script_id        TEXT NOT NULL,
    step_id          TEXT NOT NULL,
    probe            INTEGER NOT NULL DEFAULT 0,
    kind             TEXT NOT NULL,
    value            TEXT NOT NULL,
    caption          TEXT,
    source_update_id INTEGER,
    created_at       REAL NOT NULL
);

CREATE INDEX answers_by_participant ON answers (participant_id, step_id);

-- An update is an answer to one question at most once: replays after a crash are no-ops.
CREATE UNIQUE INDEX answers_once ON answers (participant_id, source_update_id, step_id, probe);

CREATE TABLE ideas (
    id               INTEGER PRIMARY KEY,
    participant_id   INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    value            TEXT NOT NULL,
    caption          TEXT,
    source_update_id INTEGER UNIQUE,
    created_at       REAL NOT NULL
);

CREATE TABLE roles (
    telegram_id INTEGER NOT NULL,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    role        TEXT NOT NULL CHECK (role IN ('facilitator')),
    granted_by  INTEGER,
    granted_at  REAL NOT NULL,
    PRIMARY KEY (telegram_id, project_id, role)
);

CREATE TABLE staff_invites (
    code       TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id),
    role       TEXT NOT NULL,
    created_by INTEGER,
    created_at REAL NOT NULL,
    used_by    INTEGER,
    used_at    REAL
);
