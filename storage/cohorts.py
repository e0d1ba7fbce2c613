"""Cohorts: who in a project can be reached, grouped by how they joined, tags and answers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from conversations.participation import Participant
from conversations.polls.targets import Target
from storage.budget import HELD_QUIET, SKIP_BLOCKED, SKIP_PAUSED, spent_sql
from storage.budget import REPLY_KINDS as REPLY_KINDS
from storage.budget import WEEK as WEEK
from storage.database import Database
from storage.outbox_rows import OutboxRow, insert
from storage.people import PARTICIPANT_COLUMNS, participant_from_row

# Reachable: taking part, has not blocked the bot, has not paused messages.
_REACHABLE_WHERE = (
    " q.project_id = :project AND q.status = 'active' AND q.blocked_at IS NULL AND p.paused = 0"
)
_PEOPLE = " JOIN people p ON p.id = q.person_id"
_REACHABLE = " FROM participants q" + _PEOPLE + " WHERE" + _REACHABLE_WHERE
_LATEST_ANSWER = (
    "(SELECT a.kind || ':' || a.value FROM answers a WHERE a.participant_id = q.id"
    " AND a.step_id = :key AND a.superseded_at IS NULL ORDER BY a.id DESC LIMIT 1)"
)
COHORT_FILTERS = {
    "all": "",
    "tag": " AND EXISTS (SELECT 1 FROM participant_tags t WHERE t.participant_id = q.id"
    " AND t.tag = :key)",
    "joined": " AND lower(q.joined_via) = lower(:key)",
    # The latest answer to the step counts: going back and choosing again moves people.
    "answer": f" AND {_LATEST_ANSWER} = 'choice:' || :value",
}


@dataclass(frozen=True, slots=True)
class Recipient:
    """A reachable participant, their diary time zone if any, and their messages this week."""

    participant_id: int
    chat_id: int
    timezone: str | None
    recent: int


@dataclass(frozen=True, slots=True)
class CohortSize:
    """A target and how many reachable people it has."""

    target: Target
    size: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """A recipient a broadcast leaves out, recorded as a skipped outbox row (and why)."""

    participant_id: int
    chat_id: int
    dedupe_key: str
    reason: str | None = None


# Where a message's rows are: one broadcast (polls, updates) or one check-in cycle.
_SCOPES = {
    "broadcast": "o.broadcast_id = :ref",
    "cycle": "o.kind = 'checkin' AND o.dedupe_key LIKE 'checkin:' || :ref || ':%'",
}
# Taking part but not reachable: why, for the record (storage/budget.py names the reasons).
_ASIDE_REASON = f"CASE WHEN q.blocked_at IS NOT NULL THEN '{SKIP_BLOCKED}' ELSE '{SKIP_PAUSED}' END"
_ASIDE = (
    " FROM participants q" + _PEOPLE + " WHERE q.project_id = :project AND q.status = 'active'"
    " AND (q.blocked_at IS NOT NULL OR p.paused = 1)"
)


def _where(project_id: str, target: Target) -> tuple[str, dict[str, Any]]:
    params = {"project": project_id, "key": target.key, "value": target.value}
    return _REACHABLE + COHORT_FILTERS[target.kind], params


class CohortsRepository:
    """Reads cohorts, writes tags, and records who a broadcast skipped."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def find(self, project_ids: Sequence[str], pseudonym: str) -> Participant | None:
        """A participant of one of these projects by pseudonym (any status)."""
        if not project_ids:
            return None
        marks = ", ".join("?" for _ in project_ids)
        row = await self._db.fetch_one(
            f"SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE pseudonym = ?"
            f" AND project_id IN ({marks})",
            (pseudonym.upper(), *project_ids),
        )
        return participant_from_row(row) if row else None

    async def tag(self, participant_id: int, tag: str) -> None:
        """Put a participant in a tag cohort (again is a no-op)."""
        await self._db.execute(
            "INSERT INTO participant_tags (participant_id, tag, tagged_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (participant_id, tag, self._db.clock.timestamp()),
        )

    async def untag(self, participant_id: int, tag: str) -> bool:
        """Take a participant out of a tag cohort; False if they were not in it."""
        changed = await self._db.execute(
            "DELETE FROM participant_tags WHERE participant_id = ? AND tag = ?",
            (participant_id, tag),
        )
        return changed > 0

    async def tags(self, participant_id: int) -> list[str]:
        """A participant's tags, sorted."""
        rows = await self._db.fetch_all(
            "SELECT tag FROM participant_tags WHERE participant_id = ? ORDER BY tag",
            (participant_id,),
        )
        return [r[0] for r in rows]

    async def totals(self, project_id: str) -> tuple[int, int]:
        """(reachable, everyone who ever joined) for a project."""
        row = await self._db.fetch_one(
            "SELECT (SELECT COUNT(*)" + _REACHABLE + "),"
            " (SELECT COUNT(*) FROM participants WHERE project_id = :project)",
            {"project": project_id},
        )
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def sizes(self, project_id: str) -> list[CohortSize]:
        """Every non-empty cohort with its reachable size: everyone, joined, tags, answers."""
        params = {"project": project_id}
        found = [CohortSize(Target("all"), (await self.totals(project_id))[0])]
        for code, size in await self._db.fetch_all(
            "SELECT q.joined_via, COUNT(*)" + _REACHABLE + " GROUP BY q.joined_via"
            " ORDER BY q.joined_via",
            params,
        ):
            found.append(CohortSize(Target("joined", code), size))
        for tag, size in await self._db.fetch_all(
            "SELECT t.tag, COUNT(*) FROM participant_tags t JOIN participants q"
            " ON q.id = t.participant_id"
            + _PEOPLE
            + " WHERE"
            + _REACHABLE_WHERE
            + " GROUP BY t.tag ORDER BY t.tag",
            params,
        ):
            found.append(CohortSize(Target("tag", tag), size))
        for step, value, size in await self._db.fetch_all(
            "SELECT a.step_id, a.value, COUNT(*) FROM answers a"
            " JOIN participants q ON q.id = a.participant_id"
            + _PEOPLE
            + " WHERE"
            + _REACHABLE_WHERE
            + " AND a.kind = 'choice' AND a.id = (SELECT MAX(b.id) FROM answers b"
            " WHERE b.participant_id = a.participant_id AND b.step_id = a.step_id)"
            " GROUP BY a.step_id, a.value ORDER BY a.step_id, a.value",
            params,
        ):
            found.append(CohortSize(Target("answer", step, value), size))
        return found

    async def size(self, project_id: str, target: Target) -> int:
        """How many reachable people a target has now."""
        where, params = _where(project_id, target)
        row = await self._db.fetch_one("SELECT COUNT(*)" + where, params)
        return int(row[0]) if row else 0

    async def resolve(
        self, project_id: str, target: Target, now: float | None = None
    ) -> list[Recipient]:
        """The reachable participants a target names, with what the cap and quiet hours need."""
        where, params = _where(project_id, target)
        params["week_ago"] = (self._db.clock.timestamp() if now is None else now) - WEEK
        rows = await self._db.fetch_all(
            "SELECT q.id, p.telegram_id,"
            " (SELECT e.timezone FROM diary_enrolments e WHERE e.participant_id = q.id), "
            + spent_sql()
            + where
            + " ORDER BY q.id",
            params,
        )
        return [Recipient(r[0], r[1], r[2], r[3]) for r in rows]

    async def set_aside(self, project_id: str, target: Target) -> list[tuple[int, int, str]]:
        """(participant, chat, reason) of people a target names who take part but cannot be
        messaged now (paused or blocked), so a broadcast can record them as left out."""
        rows = await self._db.fetch_all(
            f"SELECT q.id, p.telegram_id, {_ASIDE_REASON}"
            + _ASIDE
            + COHORT_FILTERS[target.kind]
            + " ORDER BY q.id",
            {"project": project_id, "key": target.key, "value": target.value},
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def left_out(
        self, scope: str, ref: int, now: float | None = None
    ) -> tuple[dict[str, int], int, float | None]:
        """Rows not sent, by reason; and rows held for quiet hours (how many, the first due)."""
        params = {"ref": ref, "now": self._db.clock.timestamp() if now is None else now}
        rows = await self._db.fetch_all(
            "SELECT COALESCE(o.error, ''), COUNT(*) FROM outbox o WHERE o.status = 'skipped'"
            f" AND {_SCOPES[scope]} GROUP BY 1",
            params,
        )
        held = await self._db.fetch_one(
            "SELECT COUNT(*), MIN(o.not_before) FROM outbox o WHERE o.status = 'pending'"
            f" AND o.not_before > :now AND {_SCOPES[scope]}",
            params,
        )
        count, first = (int(held[0]), held[1]) if held else (0, None)
        return {r[0]: int(r[1]) for r in rows}, count, first

    async def left_out_who(
        self, scope: str, ref: int, now: float | None = None
    ) -> list[tuple[str, str]]:
        """(reason, pseudonym) of everyone a message left out or holds for quiet hours."""
        rows = await self._db.fetch_all(
            "SELECT CASE WHEN o.status = 'skipped' THEN COALESCE(o.error, '')"
            f" ELSE '{HELD_QUIET}' END, q.pseudonym FROM outbox o"
            " JOIN participants q ON q.id = o.participant_id"
            " WHERE (o.status = 'skipped' OR (o.status = 'pending' AND o.not_before > :now))"
            f" AND {_SCOPES[scope]} ORDER BY 1, 2",
            {"ref": ref, "now": self._db.clock.timestamp() if now is None else now},
        )
        return [(r[0], r[1]) for r in rows]

    async def record_skipped(
        self, broadcast_id: int, kind: str, method: str, skipped: Sequence[Skipped], reason: str
    ) -> None:
        """Recipients left out, as skipped rows of the broadcast; ``reason`` (e.g. the
        weekly cap) for those that carry none of their own."""
        if not skipped:
            return
        rows = [
            OutboxRow(
                s.chat_id,
                kind,
                method,
                json.dumps({}),
                s.participant_id,
                s.dedupe_key,
                broadcast_id,
                status="skipped",
                error=s.reason or reason,
            )
            for s in skipped
        ]
        await self._db.executemany(*insert(rows, self._db.clock.timestamp()))

    async def waiting(self, broadcast_id: int, now: float | None = None) -> int:
        """Rows of a broadcast held back until later (quiet hours)."""
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ? AND status = 'pending'"
            " AND not_before > ?",
            (broadcast_id, self._db.clock.timestamp() if now is None else now),
        )
        return int(row[0]) if row else 0

    async def unfinished_broadcasts(self, now: float | None = None) -> list[tuple[int, int, int]]:
        """(broadcast, chat, progress message) of broadcasts with rows still due to send."""
        rows = await self._db.fetch_all(
            "SELECT b.id, b.progress_chat_id, b.progress_message_id FROM broadcasts b"
            " WHERE b.progress_message_id IS NOT NULL AND EXISTS (SELECT 1 FROM outbox o"
            " WHERE o.broadcast_id = b.id AND o.status IN ('pending', 'sending')"
            " AND (o.not_before IS NULL OR o.not_before <= ?)) ORDER BY b.id",
            (self._db.clock.timestamp() if now is None else now,),
        )
        return [(r[0], r[1], r[2]) for r in rows]
