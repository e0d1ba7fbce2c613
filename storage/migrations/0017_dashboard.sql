-- The staff dashboard (issue 16): one-time sign-in links, server-side sessions and the
-- audit log. Tokens are kept only as SHA-256 hashes, so a copy of the file signs nobody in.
-- Staff are named in the audit log by a staff pseudonym, never a Telegram id.

CREATE TABLE dashboard_links (
    token_hash  TEXT PRIMARY KEY,
    telegram_id INTEGER NOT NULL,
    language    TEXT NOT NULL,
    created_at  REAL NOT NULL,
    expires_at  REAL NOT NULL,
    used_at     REAL
);
CREATE INDEX dashboard_links_by_person ON dashboard_links (telegram_id, created_at);

CREATE TABLE dashboard_sessions (
    token_hash   TEXT PRIMARY KEY,
    telegram_id  INTEGER NOT NULL,
    language     TEXT NOT NULL,
    csrf         TEXT NOT NULL,
    created_at   REAL NOT NULL,
    last_seen_at REAL NOT NULL,
    expires_at   REAL NOT NULL,
    ended_at     REAL
);
CREATE INDEX dashboard_sessions_by_person ON dashboard_sessions (telegram_id);

CREATE TABLE dashboard_audit (
    id         INTEGER PRIMARY KEY,
    at         REAL NOT NULL,
    staff      TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    project_id TEXT,
    detail     TEXT
);
CREATE INDEX dashboard_audit_by_time ON dashboard_audit (at);
