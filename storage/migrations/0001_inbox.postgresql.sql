-- PostgreSQL's first step: the inbox as in 0001_inbox.sql, and the few SQLite functions
-- Tandem's shared SQL uses, defined here in PostgreSQL's terms so both engines read it alike.
CREATE TABLE inbox (
    update_id   BIGINT PRIMARY KEY,
    chat_key    BIGINT,
    payload     TEXT,
    received_at DOUBLE PRECISION NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    handled_at  DOUBLE PRECISION
);

CREATE INDEX inbox_unhandled ON inbox (update_id) WHERE handled_at IS NULL;

-- json_extract(document, '$.key') as SQLite has it (the value as text).
CREATE FUNCTION json_extract(doc TEXT, path TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT jsonb_path_query_first(doc::jsonb, path::jsonpath) #>> '{}' $$;

-- group_concat(value[, separator]) as SQLite has it; NULLs are left out.
CREATE FUNCTION tandem_concat_step(acc TEXT, val TEXT, sep TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN val IS NULL THEN acc WHEN acc IS NULL THEN val
                      ELSE acc || sep || val END $$;

CREATE FUNCTION tandem_concat_step(acc TEXT, val TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT tandem_concat_step(acc, val, ',') $$;

CREATE AGGREGATE group_concat(TEXT, TEXT) (SFUNC = tandem_concat_step, STYPE = TEXT);

CREATE AGGREGATE group_concat(TEXT) (SFUNC = tandem_concat_step, STYPE = TEXT);

-- round(x, digits) for DOUBLE PRECISION (PostgreSQL rounds only NUMERIC to digits).
CREATE FUNCTION round(x DOUBLE PRECISION, digits INTEGER) RETURNS DOUBLE PRECISION
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT round(x::numeric, digits)::double precision $$;

-- instr(text, part) as SQLite has it (1-based; 0 when absent).
CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT strpos(haystack, needle) $$;
