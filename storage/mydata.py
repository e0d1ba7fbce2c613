"""Everything else held about a participant, for /mydata, as (what, value, when) lines."""

from __future__ import annotations

import json

from conversations.journey.words import happened_words
from conversations.mydata import vote_words
from storage.database import Database

# Each query yields (what it is, what they gave, when) for one participant_id (?).
_QUERIES = (
    (
        "SELECT 'Diary settings', timezone || ', ' || starts_on || ' to ' || ends_on ||"
        " CASE WHEN stopped_at IS NULL THEN '' ELSE ' (stopped)' END, enrolled_at"
        " FROM diary_enrolments WHERE participant_id = ?"
    ),
    (
        "SELECT 'Group the team put you in', tag, tagged_at FROM participant_tags"
        " WHERE participant_id = ?"
    ),
    (
        "SELECT 'Your reply to an update', CASE WHEN kind = 'text' THEN value ELSE '[' || kind"
        " || ']' END, created_at FROM update_replies WHERE participant_id = ?"
    ),
    (
        "SELECT 'Check-in answer (' || a.question_id || ')', COALESCE(CAST(a.score AS TEXT),"
        " a.value, a.kind), r.created_at FROM checkin_answers a JOIN checkin_responses r"
        " ON r.id = a.response_id WHERE r.participant_id = ?"
    ),
)

# Diary entries and "why?" answers are worded in Python: voice notes and photos are stored
# as file ids, which mean nothing to the person reading.
_DIARY = (
    "SELECT 'Diary: ' || COALESCE(touchpoint, CASE WHEN nothing_today THEN 'nothing today'"
    " ELSE 'unfinished entry' END), happened_kind, happened_value, happened_caption,"
    " CASE WHEN feeling IS NULL THEN '' ELSE ' (felt ' || feeling || '/5)' END"
    " || COALESCE(' — better if: ' || better, ''), created_at"
    " FROM diary_entries WHERE participant_id = ?"
)
_FOLLOWUPS = (
    "SELECT 'Why (poll: ' || p.question || ')', f.kind, f.value, f.created_at"
    " FROM poll_followups f JOIN polls p ON p.id = f.poll_id WHERE f.participant_id = ?"
)
_VOTES = (
    "SELECT p.question, p.options, v.option_ids, v.updated_at"
    " FROM poll_votes v JOIN polls p ON p.id = v.poll_id WHERE v.participant_id = ?"
)


async def everything_else(db: Database, participant_id: int) -> list[tuple[str, str, float]]:
    """Diary, votes, follow-ups, tags, replies and check-in answers, oldest first."""
    lines: list[tuple[str, str, float]] = []
    for sql in _QUERIES:
        for what, value, at in await db.fetch_all(sql, (participant_id,)):
            lines.append((str(what), str(value or ""), float(at or 0)))
    for what, kind, value, caption, rest, at in await db.fetch_all(_DIARY, (participant_id,)):
        said = happened_words(kind, value, caption) if kind else ""
        lines.append((str(what), f"{said}{rest}".strip(), float(at or 0)))
    for what, kind, value, at in await db.fetch_all(_FOLLOWUPS, (participant_id,)):
        lines.append((str(what), happened_words(kind, value, None), float(at or 0)))
    for question, options, chosen, at in await db.fetch_all(_VOTES, (participant_id,)):
        # Votes are stored as option numbers; the person reads the options' texts.
        vote = vote_words(json.loads(str(options)), json.loads(str(chosen)))
        lines.append((f"Poll: {question}", vote, float(at or 0)))
    return sorted(lines, key=lambda line: line[2])
