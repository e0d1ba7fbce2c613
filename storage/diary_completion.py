"""Diary completion read from the diary tables, and a facilitator's once-only reminder.

What counts as sent and answered is defined in conversations/diary_completion.py; this
module reads each enrolled person's prompts and finished entries per local day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from conversations.diary_completion import Diarist, DiaryDay
from storage.database import Database
from storage.outbox_rows import OutboxRow, insert

_ENROLLED = (
    "SELECT q.id, q.pseudonym, e.starts_on, e.ends_on FROM diary_enrolments e"
    " JOIN participants q ON q.id = e.participant_id WHERE e.project_id = ?"
)
# A prompt (``d``, a diary_prompts row) counts as sent unless its message failed or was left
# out (blocked, paused...); the export's diary_completion table uses the same clauses.
SENT_PROMPTS = (
    "FROM diary_prompts d LEFT JOIN outbox o ON o.dedupe_key = 'diary:' || d.participant_id"
    " || ':' || d.local_date || ':' || d.slot || ':prompt'"
    " WHERE d.kind = 'prompt' AND (o.status IS NULL OR o.status NOT IN ('failed', 'skipped'))"
)
FINISHED_ENTRIES = "FROM diary_entries x WHERE x.status = 'complete'"
_IN_PROJECT = (
    " AND {0}.participant_id IN (SELECT participant_id FROM diary_enrolments"
    " WHERE project_id = ?) GROUP BY 1, 2"
)
_SENT = "SELECT d.participant_id, d.local_date, COUNT(*) " + SENT_PROMPTS + _IN_PROJECT.format("d")
_ENTRIES = (
    "SELECT x.participant_id, x.local_date, COUNT(*) " + FINISHED_ENTRIES + _IN_PROJECT.format("x")
)


async def diarists(db: Database, project_id: str) -> list[Diarist]:
    """Everyone enrolled in the project's diary, with prompts and entries per local day."""
    per_day: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for column, sql in ((0, _SENT), (1, _ENTRIES)):
        for pid, day, count in await db.fetch_all(sql, (project_id,)):
            per_day[int(pid)][str(day)][column] = int(count)
    result = []
    for pid, pseudonym, starts, ends in await db.fetch_all(_ENROLLED, (project_id,)):
        days = per_day.get(int(pid), {})
        result.append(
            Diarist(
                int(pid),
                str(pseudonym),
                date.fromisoformat(starts),
                date.fromisoformat(ends),
                tuple(
                    DiaryDay(date.fromisoformat(d), sent, entries)
                    for d, (sent, entries) in sorted(days.items())
                ),
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class Candidate:
    """Someone below the threshold: who, where to write, and their figures when nudged."""

    participant_id: int
    sent: int
    answered: int
    not_before: float | None = None


@dataclass(frozen=True, slots=True)
class Nudged:
    """What a nudge command did: participant ids queued now, and those nudged before."""

    queued: list[int]
    already: list[int]


async def enrolments(db: Database, project_id: str) -> dict[int, tuple[str, bool]]:
    """Each diarist's time zone, and whether they stopped their diary (then not reminded)."""
    rows = await db.fetch_all(
        "SELECT participant_id, timezone, stopped_at IS NOT NULL FROM diary_enrolments"
        " WHERE project_id = ?",
        (project_id,),
    )
    return {int(r[0]): (str(r[1]), bool(r[2])) for r in rows}


async def nudged(db: Database, project_id: str) -> dict[int, float]:
    """Who was reminded already in this project, and when."""
    rows = await db.fetch_all(
        "SELECT participant_id, nudged_at FROM diary_nudges WHERE project_id = ?", (project_id,)
    )
    return {int(r[0]): float(r[1]) for r in rows}


async def nudge(
    db: Database,
    project_id: str,
    threshold: int,
    candidates: Sequence[Candidate],
    params: str,
) -> Nudged:
    """Queue one reminder (outbox kind 'nudge') per candidate never reminded in this project.

    One transaction: the diary_nudges row (the once-only key) and the outbox row go together,
    so a second command, a replay or a double tap sends nothing twice. The sender skips and
    records anyone paused, left or blocked. ``params`` holds each candidate's Bot API
    parameters (JSON text, without ``chat_id``), the same for everyone.
    """
    now = db.clock.timestamp()
    queued: list[int] = []
    already: list[int] = []
    rows: list[OutboxRow] = []
    async with db.transaction() as tx:
        for c in candidates:
            changed = await tx.execute(
                "INSERT INTO diary_nudges (participant_id, project_id, threshold, sent,"
                " answered, nudged_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (c.participant_id, project_id, threshold, c.sent, c.answered, now),
            )
            if changed == 0:
                already.append(c.participant_id)
                continue
            found = await tx.fetch_one(
                "SELECT p.telegram_id FROM participants q JOIN people p ON p.id = q.person_id"
                " WHERE q.id = ?",
                (c.participant_id,),
            )
            if found is None:  # gone in the meantime (erased): nothing to send
                continue
            queued.append(c.participant_id)
            rows.append(
                OutboxRow(
                    int(found[0]),
                    "nudge",
                    "sendMessage",
                    params,
                    c.participant_id,
                    f"diary_nudge:{c.participant_id}",
                    not_before=c.not_before,
                )
            )
        if rows:
            sql, values = insert(rows, now)
            await tx.execute_many(sql, values)
    return Nudged(queued, already)


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder someone was sent (or was meant to be): when, and how it went.

    ``state`` is the outbox's: pending (with ``held_until`` when quiet hours hold it),
    sending, sent, failed or skipped (then ``reason``: paused, blocked, left...)."""

    at: float
    state: str
    reason: str | None
    held_until: float | None


async def reminders(db: Database, project_id: str) -> dict[int, Reminder]:
    """Each reminded diarist's reminder in this project, by participant id."""
    rows = await db.fetch_all(
        "SELECT n.participant_id, n.nudged_at, COALESCE(o.status, 'sent'), o.error,"
        " o.not_before FROM diary_nudges n LEFT JOIN outbox o"
        " ON o.dedupe_key = 'diary_nudge:' || n.participant_id WHERE n.project_id = ?",
        (project_id,),
    )
    now = db.clock.timestamp()
    return {
        int(pid): Reminder(
            float(at),
            str(state),
            str(error) if state in ("skipped", "failed") and error else None,
            float(after) if state == "pending" and after is not None and after > now else None,
        )
        for pid, at, state, error, after in rows
    }
