"""The durable update inbox: stored before confirmation, replayed until handled; and the
ledger of replies already sent for updates not yet handled, so a replay skips them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.database import Database
from storage.reply_ledger import SentReply

# getUpdates gives at most 100 at once; 6 parameters a row stay far below SQLite's limit.
_ROWS_PER_INSERT = 100


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One stored update waiting to be handled (with what an earlier run already sent)."""

    update_id: int
    chat_key: int | None
    payload: dict[str, Any]
    sent: tuple[SentReply, ...] = ()
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
        now = self._db.clock.timestamp()
        unique = list({u.update_id: u for u in updates}.values())
        stored: set[int] = set()
        async with self._db.transaction() as tx:
            # Idempotent on update_id (Telegram may deliver one update to two processes):
            # RETURNING names the rows inserted, so the ones seen before drop out.
            for start in range(0, len(unique), _ROWS_PER_INSERT):
                chunk = unique[start : start + _ROWS_PER_INSERT]
                rows = await tx.fetch_all(
                    "INSERT INTO inbox (update_id, chat_key, payload, received_at, attempts,"
                    " status, handled_at) VALUES "
                    + ", ".join(["(?, ?, ?, ?, 1, ?, ?)"] * len(chunk))
                    + " ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
                    [
                        value
                        for u in chunk
                        for value in (
                            u.update_id,
                            u.chat_key,
                            json.dumps(u.payload),
                            now,
                            "received" if u.problem is None else "failed",
                            None if u.problem is None else now,
                        )
                    ],
                )
                stored.update(int(row[0]) for row in rows)
        return [u for u in unique if u.update_id in stored]

    async def claim_unhandled(self) -> list[InboxItem]:
        """Every update not yet handled, oldest first, counting this as another attempt."""
        async with self._db.transaction() as tx:
            await tx.execute("UPDATE inbox SET attempts = attempts + 1 WHERE handled_at IS NULL")
            rows = await tx.fetch_all(
                "SELECT update_id, chat_key, payload FROM inbox WHERE handled_at IS NULL"
                " ORDER BY update_id"
            )
        # Rows of updates handled just before a crash (marked, not yet dropped) go now.
        await self._db.replies.keep_only([r[0] for r in rows])
        sent = await self._db.replies.sent()
        return [InboxItem(r[0], r[1], json.loads(r[2]), tuple(sent.get(r[0], ()))) for r in rows]

    async def unhandled_of(self, chat_key: int | None) -> list[InboxItem]:
        """A chat's updates not yet handled, oldest first, with replies already sent for them
        (by this process or one that died): for the process holding the chat's lock."""
        where, params = _of_chat(chat_key)
        rows = await self._db.fetch_all(
            f"SELECT update_id, chat_key, payload FROM inbox WHERE {where}"
            " AND handled_at IS NULL ORDER BY update_id",
            params,
        )
        if not rows:
            return []
        sent = await self._db.replies.sent([r[0] for r in rows])
        return [InboxItem(r[0], r[1], json.loads(r[2]), tuple(sent.get(r[0], ()))) for r in rows]

    async def has_unhandled(self, chat_key: int | None) -> bool:
        """Whether a chat has an update waiting."""
        where, params = _of_chat(chat_key)
        row = await self._db.fetch_one(
            f"SELECT 1 FROM inbox WHERE {where} AND handled_at IS NULL LIMIT 1", params
        )
        return row is not None

    async def waiting(self, count_attempt: bool = False) -> dict[int, int | None]:
        """Every update not yet handled, with its chat (for finding ones nobody holds);
        ``count_attempt``: at start, count this as another attempt at each."""
        if count_attempt:
            async with self._db.transaction() as tx:
                rows = await tx.fetch_all(
                    "UPDATE inbox SET attempts = attempts + 1 WHERE handled_at IS NULL"
                    " RETURNING update_id, chat_key"
                )
        else:
            rows = await self._db.fetch_all(
                "SELECT update_id, chat_key FROM inbox WHERE handled_at IS NULL"
            )
        return {int(r[0]): r[1] for r in rows}

    async def record_reply(self, update_id: int, reply: SentReply) -> None:
        """Note, durably and at once, that a reply went out for an update."""
        await self._db.replies.record(update_id, reply)

    async def mark_done(self, handled: Sequence[int], failed: Sequence[int] = ()) -> None:
        """Mark updates handled (their payload dropped: words do not linger) and ones that
        could not be read failed (they keep their payload for a look), in one write.

        Their rows in the reply ledger stay until :meth:`forget_replies`.
        """
        if not handled and not failed:
            return
        now = self._db.clock.timestamp()
        await self._db.write(
            [
                (
                    "UPDATE inbox SET handled_at = ?, payload = NULL, status = 'handled'"
                    " WHERE update_id = ?",
                    (now, uid),
                )
                for uid in handled
            ]
            + [
                (
                    "UPDATE inbox SET handled_at = ?, status = 'failed' WHERE update_id = ?",
                    (now, uid),
                )
                for uid in failed
            ]
        )

    async def forget_replies(self, update_ids: Sequence[int]) -> None:
        """Drop the reply ledger's rows of updates marked done (a crash before this is
        fine: the next start drops the rows of every handled update)."""
        await self._db.replies.drop(update_ids)

    async def prune(self, older_than_seconds: float = 7 * 86400) -> int:
        """Forget handled updates older than the given age; return how many."""
        cutoff = self._db.clock.timestamp() - older_than_seconds
        return await self._db.execute(
            "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?", (cutoff,)
        )


def _of_chat(chat_key: int | None) -> tuple[str, tuple[int, ...]]:
    """The condition picking one chat's rows (updates without a chat share one lane)."""
    return ("chat_key IS NULL", ()) if chat_key is None else ("chat_key = ?", (chat_key,))
