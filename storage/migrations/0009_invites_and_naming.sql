-- The participation funnel's first step, and consent to be named in exports.
-- invite_opens counts, per project, how often the consent question was shown to someone who
-- was not yet taking part: a bare number (nothing about who), so it is kept before consent.
-- participants.may_name: NULL not asked, 0 no, 1 the first name may appear in exports that a
-- coordinator asks for with --identified (asked with the quoting question).
CREATE TABLE invite_opens (
    project_id TEXT PRIMARY KEY REFERENCES projects (id),
    opened     INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE participants ADD COLUMN may_name INTEGER;
