"""Everything else held about a participant, for /mydata, as Held lines worded later."""

from __future__ import annotations

import json
from datetime import date

from conversations.mydata import Held, Part, said_parts, vote_parts
from storage.database import Database

# Diary, tags, replies and check-in answers for one participant_id (?), each as one row.
_ENROLMENT = (
    "SELECT timezone, starts_on, ends_on, stopped_at IS NOT NULL, enrolled_at"
    " FROM diary_enrolments WHERE participant_id = ?"
)
_TAGS = "SELECT tag, tagged_at FROM participant_tags WHERE participant_id = ?"
_REPLIES = "SELECT kind, value, created_at FROM update_replies WHERE participant_id = ?"
_CHECKINS = (
    "SELECT a.question_id, COALESCE(CAST(a.score AS TEXT), a.value, a.kind), r.created_at"
    " FROM checkin_answers a JOIN checkin_responses r ON r.id = a.response_id"
    " WHERE r.participant_id = ?"
)
# Voice notes and photos are stored as file ids, which mean nothing to the person reading.
_DIARY = (
    "SELECT touchpoint, nothing_today, happened_kind, happened_value, happened_caption,"
    " feeling, better, created_at FROM diary_entries WHERE participant_id = ?"
)
_NUDGES = "SELECT nudged_at FROM diary_nudges WHERE participant_id = ?"
_FOLLOWUPS = (
    "SELECT p.question, f.kind, f.value, f.created_at"
    " FROM poll_followups f JOIN polls p ON p.id = f.poll_id WHERE f.participant_id = ?"
)
_VOTES = (
    "SELECT p.question, p.options, v.option_ids, v.updated_at"
    " FROM poll_votes v JOIN polls p ON p.id = v.poll_id WHERE v.participant_id = ?"
)


async def everything_else(db: Database, participant_id: int) -> list[Held]:
    """Diary, votes, follow-ups, tags, replies and check-in answers, oldest first."""
    key = (participant_id,)
    held: list[Held] = []
    for zone, starts, ends, stopped, at in await db.fetch_all(_ENROLMENT, key):
        window = "MYDATA_DIARY_WINDOW_STOPPED" if stopped else "MYDATA_DIARY_WINDOW"
        args = {"zone": zone, "start": date.fromisoformat(starts), "end": date.fromisoformat(ends)}
        held.append(Held("MYDATA_DIARY_SETTINGS", float(at or 0), ((window, args),)))
    for tag, at in await db.fetch_all(_TAGS, key):
        held.append(Held("MYDATA_TAG", float(at or 0), (str(tag),)))
    for kind, value, at in await db.fetch_all(_REPLIES, key):
        held.append(Held("MYDATA_UPDATE_REPLY", float(at or 0), said_parts(kind, value, None)))
    for question, value, at in await db.fetch_all(_CHECKINS, key):
        args = {"question": question}
        held.append(Held("MYDATA_CHECKIN_ANSWER", float(at or 0), (str(value or ""),), args))
    for service, nothing, kind, value, caption, feeling, better, at in await db.fetch_all(
        _DIARY, key
    ):
        parts: tuple[Part, ...] = said_parts(kind, value, caption) if kind else ()
        if feeling is not None:
            parts += (("MYDATA_FELT", {"feeling": feeling}),)
        if better:
            parts += (("MYDATA_BETTER", {"better": better}),)
        if service:
            held.append(Held("MYDATA_DIARY_ENTRY", float(at or 0), parts, {"service": service}))
        else:
            what = "MYDATA_DIARY_NOTHING" if nothing else "MYDATA_DIARY_UNFINISHED"
            held.append(Held(what, float(at or 0), parts))
    for (at,) in await db.fetch_all(_NUDGES, key):
        held.append(Held("MYDATA_DIARY_NUDGED", float(at or 0)))
    for question, kind, value, at in await db.fetch_all(_FOLLOWUPS, key):
        parts = said_parts(kind, value, None)
        held.append(Held("MYDATA_POLL_WHY", float(at or 0), parts, {"question": question}))
    for question, options, chosen, at in await db.fetch_all(_VOTES, key):
        # Votes are stored as option numbers; the person reads the options' texts.
        vote = vote_parts(json.loads(str(options)), json.loads(str(chosen)))
        held.append(Held("MYDATA_POLL", float(at or 0), vote, {"question": question}))
    held += await farm_held(db, participant_id)
    return sorted(held, key=lambda line: line.at)


# The ideas farm and the offers register (issue 15): how each idea is shared, what the
# person backed, their offers and what they were asked to join.
_SHARING = (
    "SELECT CASE WHEN parent_id IS NULL THEN sharing ELSE 'build' END, kind, value, caption,"
    " created_at FROM ideas WHERE participant_id = ? AND (sharing != 'private'"
    " OR parent_id IS NOT NULL)"
)
_BACKED = (
    "SELECT i.kind, i.value, i.caption, b.created_at FROM idea_backers b"
    " JOIN ideas i ON i.id = b.idea_id WHERE b.participant_id = ?"
)
_OFFERS = (
    "SELECT what_kind, what, at_when, at_where, created_at FROM offers"
    " WHERE participant_id = ? AND what IS NOT NULL"
)
_ASKS = (
    "SELECT a.work, a.answer, a.asked_at FROM offer_asks a JOIN offers o ON o.id = a.offer_id"
    " WHERE o.participant_id = ?"
)


async def farm_held(db: Database, participant_id: int) -> list[Held]:
    """Ideas shared (and how), ideas backed, offers and invitations to join."""
    key = (participant_id,)
    held: list[Held] = []
    for state, kind, value, caption, at in await db.fetch_all(_SHARING, key):
        parts = said_parts(kind, value, caption)
        held.append(Held(f"MYDATA_SHARING.{state}", float(at or 0), parts))
    for kind, value, caption, at in await db.fetch_all(_BACKED, key):
        held.append(Held("MYDATA_BACKED", float(at or 0), said_parts(kind, value, caption)))
    for kind, what, when, where, at in await db.fetch_all(_OFFERS, key):
        parts = said_parts(kind, what, None)
        if when or where:
            parts += (("MYDATA_OFFER_PARTS", {"when": when or "-", "where": where or "-"}),)
        held.append(Held("MYDATA_OFFER", float(at or 0), parts))
    for work, answer, at in await db.fetch_all(_ASKS, key):
        reply: Part = (f"MYDATA_OFFER_ANSWER.{answer or 'waiting'}", {})
        held.append(Held("MYDATA_OFFER_ASKED", float(at or 0), (reply,), {"work": work}))
    return held
