-- A facilitator's reminder to diarists answering fewer prompts than a threshold: once per
-- person per project (a participant is one person in one project). Erased with the person.
CREATE TABLE diary_nudges (
    participant_id INTEGER PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    project_id     TEXT NOT NULL,
    threshold      INTEGER NOT NULL,
    sent           INTEGER NOT NULL,
    answered       INTEGER NOT NULL,
    nudged_at      REAL NOT NULL
);

CREATE INDEX diary_nudges_by_project ON diary_nudges (project_id);
