-- Co-assessment: "what we heard" after a check-in cycle closes, and check-in questions
-- residents suggest. heard_at marks a closed cycle whose "what we heard" was queued (once,
-- whatever restarts or clock jumps follow); cycles closed before this migration count as
-- done, so upgrading sends nothing about the past.
ALTER TABLE checkin_cycles ADD COLUMN heard_at REAL;
UPDATE checkin_cycles SET heard_at = closed_at WHERE closed_at IS NOT NULL;

-- A question a resident suggests for a check-in (erased with them). Once adopted, the
-- question is the check-in's own (checkin_adopted_questions) and stays if they /forget.
CREATE TABLE checkin_suggestions (
    id               INTEGER PRIMARY KEY,
    participant_id   INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    project_id       TEXT NOT NULL,
    checkin_id       TEXT NOT NULL,
    text             TEXT NOT NULL,
    source_update_id INTEGER UNIQUE,
    created_at       REAL NOT NULL,
    adopted_at       REAL
);

CREATE INDEX checkin_suggestions_by_checkin ON checkin_suggestions (project_id, checkin_id);
CREATE INDEX checkin_suggestions_by_participant ON checkin_suggestions (participant_id);

-- Questions adopted from suggestions, asked from the next cycle on after the check-in's own.
CREATE TABLE checkin_adopted_questions (
    id            INTEGER PRIMARY KEY,
    project_id    TEXT NOT NULL,
    checkin_id    TEXT NOT NULL,
    suggestion_id INTEGER REFERENCES checkin_suggestions (id) ON DELETE SET NULL,
    function      TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('scale', 'text')),
    text          TEXT NOT NULL,
    adopted_by    INTEGER,
    adopted_at    REAL NOT NULL
);
