-- The codebook (issue 16): codes staff define per project, applied to answers by hand, and
-- staff decisions on suggested themes. Codings hang off answers with ON DELETE CASCADE, so
-- /forget (which deletes the person, hence their answers) leaves no coding behind.

CREATE TABLE codes (
    id          INTEGER PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    colour      TEXT,
    created_at  REAL NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE answer_codes (
    answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    code_id   INTEGER NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
    coded_at  REAL NOT NULL,
    PRIMARY KEY (answer_id, code_id)
) WITHOUT ROWID;
CREATE INDEX answer_codes_by_code ON answer_codes (code_id, answer_id);

-- A suggested theme staff accepted (it became a code) or rejected (no longer suggested).
CREATE TABLE theme_decisions (
    project_id TEXT NOT NULL REFERENCES projects (id),
    step_id    TEXT NOT NULL,
    probe      INTEGER NOT NULL,
    lang       TEXT NOT NULL,
    theme_key  TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    decided_at REAL NOT NULL,
    PRIMARY KEY (project_id, step_id, probe, lang, theme_key)
);

-- The answers page reads one question's current answers at a time.
CREATE INDEX answers_by_question ON answers (script_id, step_id, probe, id)
    WHERE superseded_at IS NULL;
