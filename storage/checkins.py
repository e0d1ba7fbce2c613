"""Check-in cycles, who was asked and reminded, answers, and changes to the service."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from conversations.checkins.results import Change, CycleResults, Words
from conversations.dialogue.engine import DialogueState
from conversations.polls.targets import Target
from storage.cohorts import COHORT_FILTERS
from storage.database import Database
from storage.diary import Outgoing

WEEK = 7 * 86400
# Reachable and under the weekly cap (counted on the scheduler's clock, like the diary).
_ELIGIBLE = (
    " q.status = 'active' AND q.blocked_at IS NULL AND p.paused = 0"
    " AND (SELECT COUNT(*) FROM outbox o WHERE o.participant_id = q.id"
    " AND o.status IN ('pending', 'sending', 'sent') AND o.created_at > :week_ago) < :cap"
)
_TO_OUTBOX = (
    "INSERT INTO outbox (chat_id, participant_id, kind, method, params, dedupe_key,"
    " created_at) SELECT p.telegram_id, q.id, :out_kind, :method, :params, {key}, :now"
    " FROM {source} JOIN participants q ON q.id = x.participant_id"
    " JOIN people p ON p.id = q.person_id WHERE {where} ON CONFLICT DO NOTHING"
)
_CYCLE_COLUMNS = (
    "id, project_id, checkin_id, local_date, opened_at, closes_at, closed_at, reminded_at"
)


@dataclass(frozen=True, slots=True)
class Cycle:
    """One firing of a check-in, open for its window."""

    id: int
    project_id: str
    checkin_id: str
    local_date: date
    opened_at: float
    closes_at: float
    closed_at: float | None
    reminded_at: float | None


@dataclass(frozen=True, slots=True)
class OpenResponse:
    """A check-in being answered, with the engine's position in it."""

    id: int
    cycle_id: int
    state: DialogueState
    last_update_id: int


def _cycle(row: Sequence[Any]) -> Cycle:
    return Cycle(row[0], row[1], row[2], date.fromisoformat(row[3]), row[4], row[5], row[6], row[7])


def _params(now: float, cap: int, message: Outgoing, **more: Any) -> dict[str, Any]:
    return {
        "now": now,
        "week_ago": now - WEEK,
        "cap": cap,
        "out_kind": message.kind,
        "method": message.method,
        "params": message.params_json,
        **more,
    }


class CheckInsRepository:
    """Reads and writes the check-in tables (and queues their messages into the outbox)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def open_cycle(
        self,
        project_id: str,
        checkin_id: str,
        day: date,
        closes_at: float,
        target: Target,
        cap: int,
        now: float,
        message: Callable[[int], Outgoing],
    ) -> tuple[int, int]:
        """Open today's cycle (once) and invite the target; return (cycle, how many invited).

        The cycle's unique key, the invitations and their outbox rows are written in one
        transaction, so however often this runs for a day, each person is asked once.
        """
        async with self._db.transaction() as conn:
            # A new cycle ends any earlier one still open: answers belong to one cycle.
            await conn.execute(
                "UPDATE checkin_cycles SET closed_at = ? WHERE project_id = ? AND checkin_id = ?"
                " AND closed_at IS NULL AND local_date < ?",
                (now, project_id, checkin_id, day.isoformat()),
            )
            await conn.execute(
                "INSERT INTO checkin_cycles (project_id, checkin_id, local_date, opened_at,"
                " closes_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (project_id, checkin_id, day.isoformat(), now, closes_at),
            )
            async with conn.execute(
                "SELECT id, closed_at FROM checkin_cycles WHERE project_id = ? AND checkin_id = ?"
                " AND local_date = ?",
                (project_id, checkin_id, day.isoformat()),
            ) as cursor:
                row = await cursor.fetchone()
            assert row is not None
            cycle_id = int(row[0])
            if row[1] is not None:
                return cycle_id, 0
            params = _params(
                now,
                cap,
                message(cycle_id),
                cycle=cycle_id,
                project=project_id,
                key=target.key,
                value=target.value,
            )
            cursor = await conn.execute(
                "INSERT INTO checkin_invites (cycle_id, participant_id, kind, created_at)"
                " SELECT :cycle, q.id, 'invite', :now FROM participants q"
                " JOIN people p ON p.id = q.person_id WHERE q.project_id = :project AND"
                + _ELIGIBLE
                + COHORT_FILTERS[target.kind]
                + " ON CONFLICT DO NOTHING",
                params,
            )
            invited = max(cursor.rowcount, 0)
            await conn.execute(_to_outbox("invite"), params)
        return cycle_id, invited

    async def queue_reminders(self, cycle_id: int, cap: int, now: float, message: Outgoing) -> int:
        """The cycle's one reminder, to those asked who have not finished; once per cycle."""
        params = _params(now, cap, message, cycle=cycle_id)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE checkin_cycles SET reminded_at = :now WHERE id = :cycle"
                " AND reminded_at IS NULL AND closed_at IS NULL",
                params,
            )
            if cursor.rowcount != 1:
                return 0
            cursor = await conn.execute(
                "INSERT INTO checkin_invites (cycle_id, participant_id, kind, created_at)"
                " SELECT :cycle, q.id, 'reminder', :now FROM checkin_invites i"
                " JOIN participants q ON q.id = i.participant_id"
                " JOIN people p ON p.id = q.person_id"
                " WHERE i.cycle_id = :cycle AND i.kind = 'invite' AND"
                + _ELIGIBLE
                + " AND NOT EXISTS (SELECT 1 FROM checkin_responses r WHERE r.cycle_id = :cycle"
                " AND r.participant_id = q.id AND r.status = 'complete')"
                " ON CONFLICT DO NOTHING",
                params,
            )
            reminded = max(cursor.rowcount, 0)
            await conn.execute(_to_outbox("reminder"), params)
        return reminded

    async def cycle(self, cycle_id: int) -> Cycle | None:
        """One cycle."""
        row = await self._db.fetch_one(
            f"SELECT {_CYCLE_COLUMNS} FROM checkin_cycles WHERE id = ?", (cycle_id,)
        )
        return _cycle(row) if row else None

    async def open_cycles(self) -> list[Cycle]:
        """Every cycle not closed yet."""
        rows = await self._db.fetch_all(
            f"SELECT {_CYCLE_COLUMNS} FROM checkin_cycles WHERE closed_at IS NULL ORDER BY id"
        )
        return [_cycle(r) for r in rows]

    async def close_due(self, now: float) -> int:
        """Close every cycle whose window has passed; return how many."""
        return await self._db.execute(
            "UPDATE checkin_cycles SET closed_at = ? WHERE closed_at IS NULL AND closes_at <= ?",
            (now, now),
        )

    async def unreviewed(self) -> list[Cycle]:
        """Closed cycles not yet compared with the one before (for alerts)."""
        rows = await self._db.fetch_all(
            f"SELECT {_CYCLE_COLUMNS} FROM checkin_cycles WHERE closed_at IS NOT NULL"
            " AND reviewed_at IS NULL ORDER BY local_date"
        )
        return [_cycle(r) for r in rows]

    async def mark_reviewed(self, cycle_id: int, alerts: Sequence[tuple[int, str]]) -> int:
        """Record the comparison and queue its alert to each (chat, params) once."""
        now = time.time()
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE checkin_cycles SET reviewed_at = ? WHERE id = ? AND reviewed_at IS NULL",
                (now, cycle_id),
            )
            if cursor.rowcount != 1 or not alerts:
                return 0
            cursor = await conn.executemany(
                "INSERT INTO outbox (chat_id, kind, method, params, dedupe_key, created_at)"
                " VALUES (?, 'checkin_alert', 'sendMessage', ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    (chat, params, f"checkin-alert:{cycle_id}:{chat}", now)
                    for chat, params in alerts
                ],
            )
            return max(cursor.rowcount, 0)

    async def facilitators(self, project_id: str) -> list[int]:
        """Telegram ids of the project's facilitators."""
        rows = await self._db.fetch_all(
            "SELECT telegram_id FROM roles WHERE project_id = ? AND role = 'facilitator'"
            " ORDER BY telegram_id",
            (project_id,),
        )
        return [int(r[0]) for r in rows]

    async def was_invited(self, cycle_id: int, participant_id: int) -> bool:
        """Whether this person was asked in this cycle."""
        row = await self._db.fetch_one(
            "SELECT 1 FROM checkin_invites WHERE cycle_id = ? AND participant_id = ?",
            (cycle_id, participant_id),
        )
        return row is not None

    async def open_response(self, participant_id: int) -> OpenResponse | None:
        """The check-in being answered, if any."""
        row = await self._db.fetch_one(
            "SELECT id, cycle_id, step_id, history, last_update_id FROM checkin_responses"
            " WHERE participant_id = ? AND status = 'open'",
            (participant_id,),
        )
        if row is None:
            return None
        history = tuple(h for h in row[3].split(",") if h)
        return OpenResponse(row[0], row[1], DialogueState(row[2], history), row[4])

    async def start_response(
        self, cycle_id: int, participant_id: int, state: DialogueState, update_id: int
    ) -> bool:
        """Open an answer to a cycle; False if this person already answered it."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT status FROM checkin_responses WHERE cycle_id = ? AND participant_id = ?",
                (cycle_id, participant_id),
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None:
                return row[0] == "open"
            # One check-in at a time: an unfinished one from another cycle keeps its answers.
            await conn.execute(
                "UPDATE checkin_responses SET status = 'complete', completed_at = ?"
                " WHERE participant_id = ? AND status = 'open'",
                (time.time(), participant_id),
            )
            await conn.execute(
                "INSERT INTO checkin_responses (cycle_id, participant_id, step_id, history,"
                " last_update_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    cycle_id,
                    participant_id,
                    state.step_id,
                    ",".join(state.history),
                    update_id,
                    time.time(),
                ),
            )
        return True

    async def advance_response(
        self,
        response_id: int,
        state: DialogueState,
        rows: Sequence[tuple[str, str, int | None, str | None]],
        update_id: int,
        finished: bool,
    ) -> None:
        """Store a step of an answer; a replayed update changes nothing."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE checkin_responses SET step_id = ?, history = ?, last_update_id = ?,"
                " status = ?, completed_at = ? WHERE id = ? AND last_update_id < ?",
                (
                    state.step_id,
                    ",".join(state.history),
                    update_id,
                    "complete" if finished else "open",
                    time.time() if finished else None,
                    response_id,
                    update_id,
                ),
            )
            if cursor.rowcount != 1:
                return
            await conn.executemany(
                "INSERT INTO checkin_answers (response_id, question_id, kind, score, value)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET kind = excluded.kind,"
                " score = excluded.score, value = excluded.value",
                [(response_id, *row) for row in rows],
            )

    async def results(self, project_id: str, checkin_id: str) -> list[CycleResults]:
        """Every cycle of a check-in, oldest first, with its answers (pseudonyms only)."""
        key = (project_id, checkin_id)
        cycles = await self._db.fetch_all(
            "SELECT c.id, c.local_date, c.closed_at IS NOT NULL,"
            " (SELECT COUNT(*) FROM checkin_invites i WHERE i.cycle_id = c.id"
            "  AND i.kind = 'invite'),"
            " (SELECT COUNT(DISTINCT r.participant_id) FROM checkin_responses r"
            "  JOIN checkin_answers a ON a.response_id = r.id"
            "  WHERE r.cycle_id = c.id AND a.kind != 'skipped')"
            " FROM checkin_cycles c WHERE c.project_id = ? AND c.checkin_id = ?"
            " ORDER BY c.local_date",
            key,
        )
        answers = await self._db.fetch_all(
            "SELECT r.cycle_id, a.question_id, a.kind, a.score, a.value, q.pseudonym"
            " FROM checkin_answers a JOIN checkin_responses r ON r.id = a.response_id"
            " JOIN checkin_cycles c ON c.id = r.cycle_id"
            " JOIN participants q ON q.id = r.participant_id"
            " WHERE c.project_id = ? AND c.checkin_id = ? AND a.kind != 'skipped'"
            " ORDER BY r.completed_at IS NULL, r.completed_at, r.id",
            key,
        )
        found = {
            r[0]: CycleResults(r[0], date.fromisoformat(r[1]), bool(r[2]), r[3], r[4])
            for r in cycles
        }
        for cycle_id, question, kind, score, value, pseudonym in answers:
            cycle = found[cycle_id]
            if kind == "scale":
                cycle.scores.setdefault(question, []).append(int(score))
            else:
                cycle.words.setdefault(question, []).append(Words(pseudonym, kind, value))
        return list(found.values())

    async def add_change(
        self, project_id: str, checkin_id: str, day: date, text: str, now: float
    ) -> int:
        """Record a change made to the service; return its id."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO checkin_changes (project_id, checkin_id, local_date, text,"
                " created_at) VALUES (?, ?, ?, ?, ?)",
                (project_id, checkin_id, day.isoformat(), text, now),
            )
            return int(cursor.lastrowid or 0)

    async def changes(self, project_id: str, checkin_id: str) -> list[Change]:
        """The changes recorded for a check-in, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT id, local_date, text FROM checkin_changes WHERE project_id = ?"
            " AND checkin_id = ? ORDER BY local_date, id",
            (project_id, checkin_id),
        )
        return [Change(r[0], date.fromisoformat(r[1]), r[2]) for r in rows]

    async def change_of(self, change_id: int) -> tuple[str, str, Change] | None:
        """(project, check-in, change) for a change id."""
        row = await self._db.fetch_one(
            "SELECT project_id, checkin_id, id, local_date, text FROM checkin_changes WHERE id = ?",
            (change_id,),
        )
        return (row[0], row[1], Change(row[2], date.fromisoformat(row[3]), row[4])) if row else None

    async def respondents(self, project_id: str, checkin_id: str) -> int:
        """How many people have answered this check-in at least once."""
        row = await self._db.fetch_one(
            "SELECT COUNT(DISTINCT r.participant_id) FROM checkin_responses r"
            " JOIN checkin_cycles c ON c.id = r.cycle_id"
            " WHERE c.project_id = ? AND c.checkin_id = ? AND EXISTS (SELECT 1 FROM"
            " checkin_answers a WHERE a.response_id = r.id AND a.kind != 'skipped')",
            (project_id, checkin_id),
        )
        return int(row[0]) if row else 0

    async def tell_change(self, change_id: int, cap: int, now: float, message: Outgoing) -> int:
        """Queue "you said, we did" to the check-in's respondents, once per change and person."""
        params = _params(now, cap, message, change=change_id)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO outbox (chat_id, participant_id, kind, method, params, dedupe_key,"
                " created_at) SELECT DISTINCT p.telegram_id, q.id, :out_kind, :method, :params,"
                " 'checkin-change:' || :change || ':' || q.id, :now"
                " FROM checkin_changes g JOIN checkin_cycles c ON c.project_id = g.project_id"
                " AND c.checkin_id = g.checkin_id JOIN checkin_responses r ON r.cycle_id = c.id"
                " JOIN participants q ON q.id = r.participant_id"
                " JOIN people p ON p.id = q.person_id WHERE g.id = :change AND"
                + _ELIGIBLE
                + " AND EXISTS (SELECT 1 FROM checkin_answers a WHERE a.response_id = r.id"
                " AND a.kind != 'skipped') ON CONFLICT DO NOTHING",
                params,
            )
            await conn.execute(
                "UPDATE checkin_changes SET told_at = :now WHERE id = :change", params
            )
            return max(cursor.rowcount, 0)


def _to_outbox(kind: str) -> str:
    """Outbox rows for the invitations (or reminders) just claimed at :now."""
    return _TO_OUTBOX.format(
        key="'checkin:' || x.cycle_id || ':' || x.participant_id || ':' || x.kind",
        source="checkin_invites x",
        where=f"x.cycle_id = :cycle AND x.kind = '{kind}' AND x.created_at = :now",
    )
