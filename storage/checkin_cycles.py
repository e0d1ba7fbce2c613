"""Check-in cycles: opening one and inviting its cohort, the reminder, closing and review."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from conversations.polls.targets import Target
from storage.budget import SKIP_BLOCKED, SKIP_CAP, SKIP_PAUSED, WEEK, spent_sql
from storage.cohorts import COHORT_FILTERS
from storage.database import Database
from storage.diary import Outgoing
from storage.outbox_rows import REVIVE_SKIPPED, OutboxRow, insert_select, key_sql, queue
from storage.sql import Row

# Reachable and under the weekly cap (counted on the scheduler's clock).
ELIGIBLE = (
    " q.status = 'active' AND q.blocked_at IS NULL AND p.paused = 0 AND " + spent_sql() + " < :cap"
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


def _cycle(row: Row) -> Cycle:
    return Cycle(row[0], row[1], row[2], date.fromisoformat(row[3]), row[4], row[5], row[6], row[7])


def outbox_params(now: float, cap: int, message: Outgoing, **more: Any) -> dict[str, Any]:
    """The named parameters of ELIGIBLE and of a message queued to the outbox at `now`."""
    return {
        "now": now,
        "week_ago": now - WEEK,
        "cap": cap,
        "out_kind": message.kind,
        "method": message.method,
        "params": message.params_json,
        **more,
    }


class CheckInCycles:
    """Cycles and invitations: one part of the check-in repository."""

    _db: Database

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
        async with self._db.transaction() as tx:
            # A new cycle ends any earlier one still open: answers belong to one cycle.
            await tx.execute(
                "UPDATE checkin_cycles SET closed_at = ? WHERE project_id = ? AND checkin_id = ?"
                " AND closed_at IS NULL AND local_date < ?",
                (now, project_id, checkin_id, day.isoformat()),
            )
            await tx.execute(
                "INSERT INTO checkin_cycles (project_id, checkin_id, local_date, opened_at,"
                " closes_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (project_id, checkin_id, day.isoformat(), now, closes_at),
            )
            row = await tx.fetch_one(
                "SELECT id, closed_at FROM checkin_cycles WHERE project_id = ? AND checkin_id = ?"
                " AND local_date = ?",
                (project_id, checkin_id, day.isoformat()),
            )
            assert row is not None
            cycle_id = int(row[0])
            if row[1] is not None:
                return cycle_id, 0
            params = outbox_params(
                now,
                cap,
                message(cycle_id),
                cycle=cycle_id,
                project=project_id,
                key=target.key,
                value=target.value,
            )
            invited = await tx.execute(
                "INSERT INTO checkin_invites (cycle_id, participant_id, kind, created_at)"
                " SELECT :cycle, q.id, 'invite', :now FROM participants q"
                " JOIN people p ON p.id = q.person_id WHERE q.project_id = :project AND"
                + ELIGIBLE
                + COHORT_FILTERS[target.kind]
                + " ON CONFLICT DO NOTHING",
                params,
            )
            invited = max(invited, 0)
            await tx.execute(_to_outbox("invite"), params)
            await tx.execute(_left_out(COHORT_FILTERS[target.kind]), params)
        return cycle_id, invited

    async def queue_reminders(self, cycle_id: int, cap: int, now: float, message: Outgoing) -> int:
        """The cycle's one reminder, to those asked who have not finished; once per cycle."""
        params = outbox_params(now, cap, message, cycle=cycle_id)
        async with self._db.transaction() as tx:
            if (
                await tx.execute(
                    "UPDATE checkin_cycles SET reminded_at = :now WHERE id = :cycle"
                    " AND reminded_at IS NULL AND closed_at IS NULL",
                    params,
                )
                != 1
            ):
                return 0
            reminded = await tx.execute(
                "INSERT INTO checkin_invites (cycle_id, participant_id, kind, created_at)"
                " SELECT :cycle, q.id, 'reminder', :now FROM checkin_invites i"
                " JOIN participants q ON q.id = i.participant_id"
                " JOIN people p ON p.id = q.person_id"
                " WHERE i.cycle_id = :cycle AND i.kind = 'invite' AND"
                + ELIGIBLE
                + " AND NOT EXISTS (SELECT 1 FROM checkin_responses r WHERE r.cycle_id = :cycle"
                " AND r.participant_id = q.id AND r.status = 'complete')"
                " ON CONFLICT DO NOTHING",
                params,
            )
            reminded = max(reminded, 0)
            await tx.execute(_to_outbox("reminder"), params)
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
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE checkin_cycles SET reviewed_at = ? WHERE id = ? AND reviewed_at IS NULL",
                (now, cycle_id),
            )
            if changed != 1 or not alerts:
                return 0
            rows = [
                OutboxRow(
                    chat,
                    "checkin_alert",
                    "sendMessage",
                    params,
                    dedupe_key=f"checkin-alert:{cycle_id}:{chat}",
                )
                for chat, params in alerts
            ]
            return await queue(tx, rows, now)

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


def _to_outbox(kind: str) -> str:
    """Outbox rows for the invitations (or reminders) just claimed at :now.

    Someone left out of an earlier firing the same day (paused then, say) and invited now:
    their skipped row becomes the invitation.
    """
    return insert_select(
        "FROM checkin_invites x JOIN participants q ON q.id = x.participant_id"
        " JOIN people p ON p.id = q.person_id"
        f" WHERE x.cycle_id = :cycle AND x.kind = '{kind}' AND x.created_at = :now",
        chat_id="p.telegram_id",
        participant_id="q.id",
        kind=":out_kind",
        method=":method",
        params=":params",
        dedupe_key=key_sql("checkin", "x.cycle_id", "x.participant_id", "x.kind"),
        on_conflict=REVIVE_SKIPPED,
    )


def _left_out(cohort: str) -> str:
    """Members of the cohort, taking part, who were not invited: a skipped row says why."""
    return insert_select(
        "FROM participants q JOIN people p ON p.id = q.person_id"
        " WHERE q.project_id = :project AND q.status = 'active' AND NOT EXISTS (SELECT 1"
        " FROM checkin_invites i WHERE i.cycle_id = :cycle AND i.participant_id = q.id)" + cohort,
        chat_id="p.telegram_id",
        participant_id="q.id",
        kind=":out_kind",
        method=":method",
        params="'{}'",
        # Typed here: PostgreSQL takes a parameter's type from its first use, and :cycle is
        # compared with a BIGINT column below.
        dedupe_key=key_sql("checkin", "CAST(:cycle AS BIGINT)", "q.id", "'invite'"),
        status="'skipped'",
        error=f"CASE WHEN q.blocked_at IS NOT NULL THEN '{SKIP_BLOCKED}'"
        f" WHEN p.paused = 1 THEN '{SKIP_PAUSED}' ELSE '{SKIP_CAP}' END",
    )
