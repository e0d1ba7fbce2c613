-- The language each participation is talked to in (a BCP 47 code from the project's
-- `languages`). Every project before this one ran in English only.
ALTER TABLE participants ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
