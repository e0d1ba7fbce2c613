-- The ideas farm and the offers register (issue 15: co-design and co-delivery).
--
-- An idea in a project that runs an ideas farm is private to the team until its author
-- agrees to share it under their pseudonym; then it waits for a facilitator (pending),
-- who approves or rejects it. Approved ideas are shown to the project's residents, who back
-- them, build on them (a build-on is an idea with a parent, moderated the same way) and
-- offer to help. A facilitator shortlists ideas and makes a prototype poll of one.
ALTER TABLE ideas ADD COLUMN parent_id INTEGER REFERENCES ideas (id) ON DELETE CASCADE;
ALTER TABLE ideas ADD COLUMN sharing TEXT NOT NULL DEFAULT 'private';
ALTER TABLE ideas ADD COLUMN moderated_at REAL;
ALTER TABLE ideas ADD COLUMN shortlisted_at REAL;
ALTER TABLE ideas ADD COLUMN poll_id INTEGER REFERENCES polls (id) ON DELETE SET NULL;

CREATE INDEX ideas_by_parent ON ideas (parent_id);

-- One backing per person and idea; undoing it deletes the row.
CREATE TABLE idea_backers (
    idea_id        INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    created_at     REAL NOT NULL,
    PRIMARY KEY (idea_id, participant_id)
);

-- Who is willing to do what: from the dialogue's offer question or "I could help" on an
-- idea, in the resident's own words. ``asking`` is the part still being asked (what, when,
-- where, tag) while the resident answers; NULL once done.
CREATE TABLE offers (
    id               INTEGER PRIMARY KEY,
    participant_id   INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    source           TEXT NOT NULL CHECK (source IN ('dialogue', 'idea')),
    idea_id          INTEGER REFERENCES ideas (id) ON DELETE SET NULL,
    what_kind        TEXT NOT NULL DEFAULT 'text',
    what             TEXT,
    at_when          TEXT,
    at_where         TEXT,
    tag              TEXT,
    asking           TEXT,
    source_update_id INTEGER UNIQUE,
    created_at       REAL NOT NULL
);

CREATE INDEX offers_by_participant ON offers (participant_id);

-- A facilitator asking someone who offered whether they'd join a named piece of work.
-- ``asked_by`` is the staff member (NULL once they are forgotten).
CREATE TABLE offer_asks (
    id          INTEGER PRIMARY KEY,
    offer_id    INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    work        TEXT NOT NULL,
    asked_by    INTEGER,
    asked_at    REAL NOT NULL,
    answer      TEXT CHECK (answer IN ('yes', 'no')),
    answered_at REAL
);

CREATE INDEX offer_asks_by_offer ON offer_asks (offer_id);
