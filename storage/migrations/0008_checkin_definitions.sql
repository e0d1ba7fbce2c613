-- Check-ins built in chat with /newcheckin: the draft as it stands after each step (a
-- restart loses nothing), and saved definitions with their questions, scheduled exactly
-- like the ones in project files. Chat-built ids are "c" + a number, kept apart from YAML.
CREATE TABLE checkin_drafts (
    telegram_id INTEGER PRIMARY KEY,
    draft       TEXT NOT NULL,
    updated_at  REAL NOT NULL
);

CREATE TABLE checkin_definitions (
    id          INTEGER PRIMARY KEY,
    project_id  TEXT NOT NULL,
    checkin_id  TEXT NOT NULL,
    title       TEXT NOT NULL,
    every       TEXT NOT NULL,
    at          TEXT NOT NULL,
    every_weeks INTEGER NOT NULL DEFAULT 1,
    target      TEXT NOT NULL,
    created_by  INTEGER,
    created_at  REAL NOT NULL,
    UNIQUE (project_id, checkin_id)
);

CREATE TABLE checkin_definition_questions (
    definition_id INTEGER NOT NULL REFERENCES checkin_definitions (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    function      TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('scale', 'text')),
    text          TEXT NOT NULL,
    PRIMARY KEY (definition_id, position)
);
