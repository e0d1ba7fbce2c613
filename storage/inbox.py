"""The durable update inbox: stored before confirmation, replayed until handled."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.database import Database


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One stored update waiting to be handled."""

    update_id: int
    chat_key: int | None
    payload: dict[str, Any]
    # Why it cannot be handled (a field path, never content); such updates are stored failed.
    problem: str | None = None


class InboxRepository:
    """Reads and writes the ``inbox`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def store(self, updates: Sequence[InboxItem]) -> list[InboxItem]:
        """Store a batch in one transaction; return only the updates not seen before.

        An update with a problem is stored already failed: it is confirmed like the others
        but never handed to the handlers, now or at a restart.
        """
        if not updates:
            return []
        ids = [u.update_id for u in updates]
        now = time.time()
        async with self._db.transaction() as conn:
            marks = ",".join("?" * len(ids))
            async with conn.execute(
                f"SELECT update_id FROM inbox WHERE update_id IN ({marks})", ids
            ) as cur:
                seen = {row[0] for row in await cur.fetchall()}
            unique = {u.update_id: u for u in updates}.values()
            fresh = [u for u in unique if u.update_id not in seen]
            await conn.executemany(
                "INSERT INTO inbox (update_id, chat_key, payload, received_at, attempts, status,"
                " handled_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                [
                    (
                        u.update_id,
                        u.chat_key,
                        json.dumps(u.payload),
                        now,
                        "received" if u.problem is None else "failed",
                        None if u.problem is None else now,
                    )
                    for u in fresh
                ],
            )
        return fresh

    async def claim_unhandled(self) -> list[InboxItem]:
        """Every update not yet handled, oldest first, counting this as another attempt."""
        async with self._db.transaction() as conn:
            await conn.execute("UPDATE inbox SET attempts = attempts + 1 WHERE handled_at IS NULL")
            async with conn.execute(
                "SELECT update_id, chat_key, payload FROM inbox WHERE handled_at IS NULL"
                " ORDER BY update_id"
            ) as cur:
                rows = await cur.fetchall()
        return [InboxItem(r[0], r[1], json.loads(r[2])) for r in rows]

    async def mark_handled(self, update_ids: Sequence[int]) -> None:
        """Mark updates handled and drop their payload (residents' words do not linger)."""
        if not update_ids:
            return
        now = time.time()
        await self._db.write(
            [
                (
                    "UPDATE inbox SET handled_at = ?, payload = NULL, status = 'handled'"
                    " WHERE update_id = ?",
                    (now, uid),
                )
                for uid in update_ids
            ]
        )

    async def mark_failed(self, update_ids: Sequence[int]) -> None:
        """Mark updates that could not be read as failed; they keep their payload for a look."""
        if not update_ids:
            return
        now = time.time()
        await self._db.write(
            [
                (
                    "UPDATE inbox SET handled_at = ?, status = 'failed' WHERE update_id = ?",
                    (now, uid),
                )
                for uid in update_ids
            ]
        )

    async def prune(self, older_than_seconds: float = 7 * 86400) -> int:
        """Forget handled updates older than the given age; return how many."""
        cutoff = time.time() - older_than_seconds
        return await self._db.execute(
            "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?", (cutoff,)
        )
