-- Exports asked for in the chat (/export): stored before the work starts, so a restart runs
-- again what a crash cut short and edits the same "Preparing…" message, and a file already
-- sent is never sent twice (finished_at is set right after Telegram accepted it).
-- Who asked is a Telegram id: /forget deletes the person's rows.
CREATE TABLE export_jobs (
    id                  INTEGER PRIMARY KEY,
    telegram_id         INTEGER NOT NULL,
    chat_id             INTEGER NOT NULL,
    -- The update that asked: a replay of it after a crash adds no second job.
    update_id           INTEGER UNIQUE,
    -- NULL until the "Preparing…" message is sent.
    progress_message_id INTEGER,
    -- The ask as typed or tapped (days as the coordinator wrote them).
    project_id          TEXT NOT NULL,
    format              TEXT NOT NULL,
    since               TEXT,
    until               TEXT,
    cohort              TEXT,
    created_at          REAL NOT NULL,
    -- Runs started (a run a crash cut short counts): too many and the job is given up.
    attempts            INTEGER NOT NULL DEFAULT 0,
    finished_at         REAL,
    outcome             TEXT CHECK (outcome IN
                        ('sent', 'too_large', 'problem', 'failed', 'stale', 'gone', 'refused')),
    -- What the progress message ends up saying, and when it was edited to say it.
    reply               TEXT,
    told_at             REAL
);

-- One export at a time per coordinator: a second unfinished job cannot be stored.
CREATE UNIQUE INDEX export_jobs_one_running ON export_jobs (telegram_id)
    WHERE finished_at IS NULL;

CREATE INDEX export_jobs_untold ON export_jobs (id) WHERE told_at IS NULL;
