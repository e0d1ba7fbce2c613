-- Cohorts and prototype polls. Everything that refers to a participant is erased with them
-- (ON DELETE CASCADE), so /forget leaves no vote, follow-up or tag behind.
CREATE TABLE participant_tags (
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    tag            TEXT NOT NULL,
    tagged_at      REAL NOT NULL,
    PRIMARY KEY (participant_id, tag)
);

CREATE INDEX participant_tags_by_tag ON participant_tags (tag, participant_id);

-- A poll as sent; a new version of a prototype is a new row whose parent is the earlier one.
CREATE TABLE polls (
    id           INTEGER PRIMARY KEY,
    project_id   TEXT NOT NULL REFERENCES projects (id),
    question     TEXT NOT NULL,
    options      TEXT NOT NULL,  -- JSON list of the option texts, in the order shown
    multiple     INTEGER NOT NULL DEFAULT 0,
    target       TEXT NOT NULL DEFAULT 'all',
    why          TEXT,
    version      INTEGER NOT NULL DEFAULT 1,
    parent_id    INTEGER REFERENCES polls (id),
    created_by   INTEGER,
    created_at   REAL NOT NULL,
    closes_at    REAL,
    closed_at    REAL,
    -- The outbox rows of its broadcast hold each recipient's Telegram poll and message ids.
    broadcast_id INTEGER REFERENCES broadcasts (id) ON DELETE SET NULL
);

CREATE INDEX polls_by_project ON polls (project_id, id);

CREATE INDEX polls_open ON polls (closes_at) WHERE closed_at IS NULL;

CREATE UNIQUE INDEX polls_by_broadcast ON polls (broadcast_id);

-- Each participant's latest vote; history keeps every change (an empty list is a retraction).
CREATE TABLE poll_votes (
    poll_id        INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    option_ids     TEXT NOT NULL,
    updated_at     REAL NOT NULL,
    why_asked_at   REAL,
    PRIMARY KEY (poll_id, participant_id)
);

CREATE TABLE poll_vote_history (
    id               INTEGER PRIMARY KEY,
    poll_id          INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    participant_id   INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    option_ids       TEXT NOT NULL,
    -- A replayed update (after a crash) records nothing twice.
    source_update_id INTEGER UNIQUE,
    created_at       REAL NOT NULL
);

CREATE INDEX poll_vote_history_by_poll ON poll_vote_history (poll_id, participant_id);

CREATE TABLE poll_followups (
    poll_id        INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    value          TEXT NOT NULL,
    created_at     REAL NOT NULL,
    PRIMARY KEY (poll_id, participant_id)
);

-- A poll being built in chat, kept between messages so a restart loses nothing.
CREATE TABLE poll_drafts (
    telegram_id INTEGER PRIMARY KEY,
    draft       TEXT NOT NULL,
    updated_at  REAL NOT NULL
);

-- A vote names the Telegram poll; this finds the outbox row (and so the poll) it belongs to.
CREATE INDEX outbox_by_telegram_poll ON outbox (json_extract(result, '$.poll_id'))
    WHERE kind = 'poll';
