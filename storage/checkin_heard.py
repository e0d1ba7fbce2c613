"""Co-assessment in storage: what a closed cycle heard, and "what we heard" queued once.

A closed cycle is told back to those who answered once: ``heard_at`` is claimed in the same
transaction that queues the rows, so a restart, a second tick or a sandbox clock jump finds
it done. Each row spends the weekly cap like the check-in itself (storage/budget.py); anyone
who cannot be sent it gets a skipped row saying why, as invitations do.
"""

from __future__ import annotations

from collections.abc import Callable

from conversations.checkins.heard import Written
from storage.budget import SKIP_BLOCKED, SKIP_CAP, SKIP_LEFT, SKIP_PAUSED, spent_sql, week_ago
from storage.checkin_cycles import _CYCLE_COLUMNS, Cycle, _cycle
from storage.database import Database
from storage.outbox_rows import OutboxRow, insert

HEARD_KIND = "checkin_heard"
# Answered this cycle: at least one answer that was not skipped.
_ANSWERED = (
    "EXISTS (SELECT 1 FROM checkin_answers a WHERE a.response_id = r.id AND a.kind != 'skipped')"
)
_WHY_NOT = (
    f"CASE WHEN q.status != 'active' THEN '{SKIP_LEFT}'"
    f" WHEN q.blocked_at IS NOT NULL THEN '{SKIP_BLOCKED}'"
    f" WHEN p.paused = 1 THEN '{SKIP_PAUSED}'"
    f" WHEN {spent_sql()} >= :cap THEN '{SKIP_CAP}' END"
)


def heard_key(cycle_id: int, participant_id: int) -> str:
    """The dedupe key of one person's "what we heard" for one cycle."""
    return f"{HEARD_KIND}:{cycle_id}:{participant_id}"


class CheckInHeard:
    """What closed cycles heard: one part of the check-in repository."""

    _db: Database

    async def unheard(self) -> list[Cycle]:
        """Closed cycles whose "what we heard" is not queued yet, oldest first."""
        rows = await self._db.fetch_all(
            f"SELECT {_CYCLE_COLUMNS} FROM checkin_cycles WHERE closed_at IS NOT NULL"
            " AND heard_at IS NULL ORDER BY closed_at, id"
        )
        return [_cycle(r) for r in rows]

    async def heard_of(self, cycle_id: int) -> tuple[int, list[Written]]:
        """How many answered the cycle, and its written answers with their authors' consent."""
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM checkin_responses r WHERE r.cycle_id = ? AND " + _ANSWERED,
            (cycle_id,),
        )
        rows = await self._db.fetch_all(
            "SELECT q.id, COALESCE(q.may_quote, 0), q.language, a.value"
            " FROM checkin_answers a JOIN checkin_responses r ON r.id = a.response_id"
            " JOIN participants q ON q.id = r.participant_id"
            " WHERE r.cycle_id = ? AND a.kind = 'text' AND a.value IS NOT NULL ORDER BY r.id",
            (cycle_id,),
        )
        written = [Written(int(r[0]), bool(r[1]), str(r[2]), str(r[3])) for r in rows]
        return (int(row[0]) if row else 0), written

    async def changes_between(
        self, project_id: str, checkin_id: str, since: float, until: float
    ) -> list[str]:
        """The texts of changes recorded for a check-in in (since, until], oldest first."""
        rows = await self._db.fetch_all(
            "SELECT text FROM checkin_changes WHERE project_id = ? AND checkin_id = ?"
            " AND created_at > ? AND created_at <= ? ORDER BY created_at, id",
            (project_id, checkin_id, since, until),
        )
        return [str(r[0]) for r in rows]

    async def previous_opened(self, cycle: Cycle) -> float:
        """When the cycle before this one (of the same check-in) opened; 0 if none."""
        row = await self._db.fetch_one(
            "SELECT MAX(opened_at) FROM checkin_cycles WHERE project_id = ? AND checkin_id = ?"
            " AND local_date < ?",
            (cycle.project_id, cycle.checkin_id, cycle.local_date.isoformat()),
        )
        return float(row[0]) if row and row[0] is not None else 0.0

    async def queue_heard(
        self,
        cycle_id: int,
        cap: int,
        now: float,
        params: Callable[[int, str], str],
        not_before: float | None = None,
    ) -> tuple[int, dict[str, int]]:
        """Claim the cycle's "what we heard" and queue it to each who answered (``params``:
        their message's JSON by participant id and language); return (queued, left out by reason).

        Nothing is queued if it was claimed before.
        """
        values = {"cycle": cycle_id, "now": now, "week_ago": week_ago(now), "cap": cap}
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE checkin_cycles SET heard_at = :now WHERE id = :cycle"
                " AND heard_at IS NULL AND closed_at IS NOT NULL",
                values,
            )
            if changed != 1:
                return 0, {}
            found = await tx.fetch_all(
                f"SELECT q.id, p.telegram_id, {_WHY_NOT}, q.language FROM checkin_responses r"
                " JOIN participants q ON q.id = r.participant_id"
                " JOIN people p ON p.id = q.person_id"
                " WHERE r.cycle_id = :cycle AND " + _ANSWERED + " ORDER BY q.id",
                values,
            )
            recipients = [(int(r[0]), int(r[1]), r[2], str(r[3])) for r in found]
            rows = [
                OutboxRow(
                    chat,
                    HEARD_KIND,
                    "sendMessage",
                    "{}" if why else params(pid, lang),
                    participant_id=pid,
                    dedupe_key=heard_key(cycle_id, pid),
                    status="skipped" if why else "pending",
                    error=why,
                    not_before=None if why else not_before,
                )
                for pid, chat, why, lang in recipients
            ]
            if rows:
                await tx.execute_many(*insert(rows, now))
        left: dict[str, int] = {}
        for _, _, why, _ in recipients:
            if why:
                left[why] = left.get(why, 0) + 1
        return sum(1 for r in rows if r.status == "pending"), left

    async def heard_reach(self, cycle_id: int) -> tuple[int, dict[str, int]]:
        """A cycle's "what we heard": how many were sent it (or will be), left out by reason."""
        rows = await self._db.fetch_all(
            "SELECT status, COALESCE(error, ''), COUNT(*) FROM outbox WHERE kind = ?"
            " AND dedupe_key LIKE ? GROUP BY 1, 2",
            (HEARD_KIND, f"{HEARD_KIND}:{cycle_id}:%"),
        )
        sent = sum(int(n) for status, _, n in rows if status != "skipped")
        left = {str(why): int(n) for status, why, n in rows if status == "skipped"}
        return sent, left

    async def last_heard(self, project_id: str, checkin_id: str) -> int | None:
        """The latest cycle of a check-in whose "what we heard" was queued."""
        row = await self._db.fetch_one(
            "SELECT id FROM checkin_cycles WHERE project_id = ? AND checkin_id = ?"
            " AND heard_at IS NOT NULL ORDER BY local_date DESC LIMIT 1",
            (project_id, checkin_id),
        )
        return int(row[0]) if row else None
