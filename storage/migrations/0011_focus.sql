-- One stored conversation focus per person: the owner of their next typed message.
-- Replaces participants.pending_input. ``under_*`` is the dialogue question a short
-- interruption (a poll's "why?", an idea, a diary entry) sits on, asked again after it.
CREATE TABLE focus (
    telegram_id     INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    project_id      TEXT,
    ref             TEXT,
    under_kind      TEXT,
    under_project   TEXT,
    under_ref       TEXT,
    under_set_at    REAL,
    set_at          REAL NOT NULL
);

INSERT INTO focus (telegram_id, kind, project_id, ref, set_at)
SELECT p.telegram_id,
       CASE WHEN q.pending_input = 'idea' THEN 'idea'
            WHEN q.pending_input = 'diary_zone' THEN 'diary_zone'
            WHEN q.pending_input LIKE 'poll_why:%' THEN 'poll_why'
            ELSE 'update_reply' END,
       q.project_id,
       CASE WHEN instr(q.pending_input, ':') > 0
            THEN substr(q.pending_input, instr(q.pending_input, ':') + 1) END,
       COALESCE(q.consented_at, 0)
FROM participants q JOIN people p ON p.id = q.person_id AND p.current_project = q.project_id
WHERE q.status = 'active'
  AND (q.pending_input IN ('idea', 'diary_zone')
       OR q.pending_input LIKE 'poll_why:%' OR q.pending_input LIKE 'update_reply:%');

ALTER TABLE participants DROP COLUMN pending_input;

-- Reports and exports count each question's current answer once: an answer given again
-- (after /back, or a question asked again) replaces the earlier one.
ALTER TABLE answers ADD COLUMN superseded_at REAL;
UPDATE answers SET superseded_at = created_at
WHERE EXISTS (
    SELECT 1 FROM answers b
    WHERE b.participant_id = answers.participant_id AND b.script_id = answers.script_id
      AND b.step_id = answers.step_id AND b.probe = answers.probe AND b.id > answers.id
);
CREATE INDEX answers_current ON answers (participant_id, step_id) WHERE superseded_at IS NULL;
