"""The outbox: proactive messages as rows first, claimed and recorded by one sender."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from conversations.clock import Clock
from storage.budget import SKIP_BLOCKED as SKIP_BLOCKED
from storage.budget import SKIP_LEFT as SKIP_LEFT
from storage.budget import SKIP_PAUSED as SKIP_PAUSED
from storage.budget import spent_sql
from storage.database import Database, Statement
from storage.outbox_rows import OutboxRow, queue

_QUEUED_COLUMNS = (
    "o.id, o.chat_id, o.participant_id, o.kind, o.method, o.params, o.attempts,"
    " o.broadcast_id, o.dedupe_key"
)


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A message to queue: one Bot API call (``params`` without ``chat_id``)."""

    chat_id: int
    kind: str
    method: str
    params: Mapping[str, Any]
    participant_id: int | None = None
    dedupe_key: str | None = None
    broadcast_id: int | None = None
    not_before: float | None = None


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    """A claimed outbox row, ready to send."""

    id: int
    chat_id: int
    participant_id: int | None
    kind: str
    method: str
    params: dict[str, Any]
    attempts: int
    broadcast_id: int | None = None
    dedupe_key: str | None = None
    # Whose words to send it in (read in the claim, so a change of /language up to the send
    # counts): the recipient's stored language and the project it belongs to; for a row to
    # someone not taking part (staff), their current participation's, if any.
    language: str | None = None
    project_id: str | None = None
    raw_params: str = ""


@dataclass(frozen=True, slots=True)
class BroadcastProgress:
    """How far a broadcast has got; ``pending`` includes rows being sent right now."""

    sent: int
    failed: int
    pending: int
    skipped: int = 0

    @property
    def total(self) -> int:
        """Every row of the broadcast."""
        return self.sent + self.failed + self.pending + self.skipped

    @property
    def done(self) -> bool:
        """Nothing is left to send."""
        return self.pending == 0


@dataclass(frozen=True, slots=True)
class Broadcast:
    """A group of outbox rows a facilitator sent together."""

    id: int
    project_id: str | None
    kind: str
    created_by: int | None
    created_at: float
    progress_chat_id: int | None = None
    progress_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of one claimed row, for recording in bulk."""

    id: int
    status: str
    message_id: int | None = None
    result: Mapping[str, Any] | None = None
    error: str | None = None
    not_before: float | None = None
    at: float = field(default_factory=time.time)


_MARK_SENT = (
    "UPDATE outbox SET status = 'sent', message_id = ?, result = ?, sent_at = ?, error = NULL"
    " WHERE id = ? AND status = 'sending'"
)
_MARK_FAILED = "UPDATE outbox SET status = 'failed', error = ? WHERE id = ? AND status = 'sending'"
_MARK_SKIPPED = (
    "UPDATE outbox SET status = 'skipped', error = ? WHERE id = ? AND status = 'sending'"
)
_RELEASE = (
    "UPDATE outbox SET status = 'pending', not_before = ? WHERE id = ? AND status = 'sending'"
)


class OutboxRepository:
    """Reads and writes the ``outbox`` and ``broadcasts`` tables (and who is blocked)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def clock(self) -> Clock:
        """The clock rows are claimed and stamped by."""
        return self._db.clock

    async def enqueue(self, messages: Sequence[OutgoingMessage]) -> int:
        """Queue messages in one transaction, ignoring known dedupe keys; return how many new."""
        if not messages:
            return 0
        now = self._db.clock.timestamp()
        rows = [
            OutboxRow(
                m.chat_id,
                m.kind,
                m.method,
                json.dumps(dict(m.params), ensure_ascii=False, separators=(",", ":")),
                m.participant_id,
                m.dedupe_key,
                m.broadcast_id,
                not_before=m.not_before,
            )
            for m in messages
        ]
        async with self._db.transaction() as tx:
            return await queue(tx, rows, now)

    async def claim(self, limit: int, now: float | None = None) -> list[QueuedMessage]:
        """Take up to ``limit`` due rows, oldest first, marking them 'sending' (one attempt more).

        Rows for someone who left, paused or blocked the bot are marked 'skipped' instead.
        """
        now = self._db.clock.timestamp() if now is None else now
        async with self._db.transaction() as tx:
            rows = await tx.fetch_all(
                f"SELECT {_QUEUED_COLUMNS}, p.status, p.blocked_at, pe.paused,"
                " COALESCE(p.language, s.language), COALESCE(p.project_id, s.project_id)"
                " FROM outbox o"
                " LEFT JOIN participants p ON p.id = o.participant_id"
                " LEFT JOIN people pe ON pe.id = p.person_id"
                " LEFT JOIN people sp ON o.participant_id IS NULL AND sp.telegram_id = o.chat_id"
                " LEFT JOIN participants s ON s.person_id = sp.id"
                " AND s.project_id = sp.current_project"
                " WHERE o.status = 'pending' AND (o.not_before IS NULL OR o.not_before <= ?)"
                " ORDER BY o.id LIMIT ?",
                (now, limit),
            )
            skipped: list[tuple[str, int]] = []
            claimed: list[QueuedMessage] = []
            for row in rows:
                reason = _skip_reason(row[9], row[10], row[11])
                if reason is not None:
                    skipped.append((reason, row[0]))
                    continue
                claimed.append(
                    QueuedMessage(
                        row[0],
                        row[1],
                        row[2],
                        row[3],
                        row[4],
                        json.loads(row[5]),
                        row[6] + 1,
                        row[7],
                        row[8],
                        row[12],
                        row[13],
                        row[5],
                    )
                )
            if skipped:
                await tx.execute_many(
                    "UPDATE outbox SET status = 'skipped', error = ? WHERE id = ?", skipped
                )
            if claimed:
                await tx.execute_many(
                    "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?",
                    [(m.id,) for m in claimed],
                )
        return claimed

    async def has_due(self, now: float | None = None) -> bool:
        """Whether any pending row may be sent now (a cheap read; no claim)."""
        now = self._db.clock.timestamp() if now is None else now
        row = await self._db.fetch_one(
            "SELECT 1 FROM outbox WHERE status = 'pending'"
            " AND (not_before IS NULL OR not_before <= ?) LIMIT 1",
            (now,),
        )
        return row is not None

    async def mark_sent(
        self, id: int, message_id: int | None, result: Mapping[str, Any] | None = None
    ) -> None:
        """Record a row as sent (group-committed with other writers)."""
        await self.record([Delivery(id, "sent", message_id, result)])

    async def mark_failed(self, id: int, error: str) -> None:
        """Record a row as failed for good, with a short reason (no message text)."""
        await self.record([Delivery(id, "failed", error=error)])

    async def release(self, id: int, not_before: float | None = None) -> None:
        """Put a claimed row back to 'pending', not to be tried before ``not_before``."""
        await self.record([Delivery(id, "pending", not_before=not_before)])

    async def release_many(self, ids: Sequence[int], not_before: float | None = None) -> None:
        """Put several claimed rows back to 'pending' in one write."""
        await self.record([Delivery(i, "pending", not_before=not_before) for i in ids])

    async def record(self, deliveries: Sequence[Delivery]) -> None:
        """Record what became of claimed rows (sent, failed, skipped, pending) in one write."""
        statements: list[Statement] = []
        for d in deliveries:
            if d.status == "sent":
                result = None if d.result is None else json.dumps(dict(d.result))
                statements.append((_MARK_SENT, (d.message_id, result, d.at, d.id)))
            elif d.status == "failed":
                statements.append((_MARK_FAILED, (d.error, d.id)))
            elif d.status == "skipped":
                statements.append((_MARK_SKIPPED, (d.error, d.id)))
            elif d.status == "pending":
                statements.append((_RELEASE, (d.not_before, d.id)))
            else:
                raise ValueError(f"cannot record outbox status {d.status!r}")
        if statements:
            await self._db.write(statements)

    async def recover(self) -> int:
        """At start: rows a crash left 'sending' go back to 'pending' (they may repeat)."""
        return await self._db.execute(
            "UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
        )

    async def progress(self, broadcast_id: int) -> BroadcastProgress:
        """Counts of a broadcast's rows by outcome."""
        rows = await self._db.fetch_all(
            "SELECT status, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY status",
            (broadcast_id,),
        )
        counts = {row[0]: int(row[1]) for row in rows}
        return BroadcastProgress(
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0),
            pending=counts.get("pending", 0) + counts.get("sending", 0),
            skipped=counts.get("skipped", 0),
        )

    async def sent_since(self, participant_id: int, since: float) -> int:
        """Messages to a participant queued since a time that spend the weekly cap (sent or
        still to send; diary prompts and replies are counted apart: storage/budget.py)."""
        row = await self._db.fetch_one(
            "SELECT " + spent_sql(":participant"),
            {"participant": participant_id, "week_ago": since},
        )
        return int(row[0]) if row else 0

    async def status_counts(self) -> dict[str, int]:
        """How many rows are in each status (for operators and tests)."""
        rows = await self._db.fetch_all("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        return {row[0]: int(row[1]) for row in rows}

    async def create_broadcast(
        self,
        kind: str,
        *,
        project_id: str | None = None,
        created_by: int | None = None,
        progress_chat_id: int | None = None,
    ) -> int:
        """Start a broadcast (rows are queued with its id); returns the id."""
        async with self._db.transaction() as tx:
            broadcast_id = await tx.insert(
                "INSERT INTO broadcasts (project_id, kind, created_by, created_at,"
                " progress_chat_id) VALUES (?, ?, ?, ?, ?)",
                (project_id, kind, created_by, self._db.clock.timestamp(), progress_chat_id),
            )
            assert broadcast_id is not None
            return broadcast_id

    async def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        """Remember the message that shows the broadcast's progress, to edit it later."""
        await self._db.execute(
            "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
            (chat_id, message_id, broadcast_id),
        )

    async def broadcast(self, broadcast_id: int) -> Broadcast | None:
        """A broadcast by id."""
        row = await self._db.fetch_one(
            "SELECT id, project_id, kind, created_by, created_at, progress_chat_id,"
            " progress_message_id FROM broadcasts WHERE id = ?",
            (broadcast_id,),
        )
        return Broadcast(*row) if row else None

    async def mark_blocked(self, chat_id: int, at: float | None = None) -> int:
        """The person in this private chat blocked the bot: mark all their participations."""
        return await self._db.execute(
            "UPDATE participants SET blocked_at = ? WHERE blocked_at IS NULL AND person_id ="
            " (SELECT id FROM people WHERE telegram_id = ?)",
            (self._db.clock.timestamp() if at is None else at, chat_id),
        )

    async def mark_unblocked(self, chat_id: int) -> int:
        """The person came back: clear blocked_at on all their participations."""
        return await self._db.execute(
            "UPDATE participants SET blocked_at = NULL WHERE blocked_at IS NOT NULL AND"
            " person_id = (SELECT id FROM people WHERE telegram_id = ?)",
            (chat_id,),
        )


# Why a row was not sent although it was due: the person is no longer reachable or asked
# not to be messaged. Checked when a row is claimed, so it holds for rows queued earlier.
def _skip_reason(status: str | None, blocked_at: float | None, paused: int | None) -> str | None:
    if status is None:  # a message to staff, not to a participant
        return None
    if status != "active":
        return SKIP_LEFT
    if blocked_at is not None:
        return SKIP_BLOCKED
    if paused:
        return SKIP_PAUSED
    return None
