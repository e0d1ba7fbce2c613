"""Replies already sent for updates not yet handled, so a replay after a crash skips them.

The ledger lives in a small file of its own beside the database (``<database>-replies``):
a row must be durable the moment Telegram has accepted a reply, and in the database it
would wait behind every other write in the group commit, which under load is the window
in which a crash makes a reply go twice. Here a row is one autocommitted INSERT on a
connection that nothing else uses. Rows go as soon as their update is marked handled.

On SQLite each call runs at once on the event loop: a one-row INSERT in WAL mode (no
fsync until a checkpoint) takes microseconds, far less than a hop to a thread and back
under load. Nothing else writes the file while the bot runs; should it be busy all the
same (a `db copy` emptying it), the call waits without holding the loop.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from storage.private import ensure_private_file

if TYPE_CHECKING:
    from storage.postgres import PostgresBackend

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS reply_ledger (update_id INTEGER NOT NULL,"
    " seq INTEGER NOT NULL, fingerprint TEXT NOT NULL, result TEXT NOT NULL,"
    " PRIMARY KEY (update_id, seq)) WITHOUT ROWID"
)
BUSY_RETRY_SECONDS = 0.01
BUSY_GIVE_UP_SECONDS = 5.0
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SentReply:
    """A Bot API call Telegram accepted while an update was handled, and its answer."""

    seq: int
    fingerprint: str
    result: Any


def ledger_path(database_path: str) -> str:
    """Where the ledger of a database file lives."""
    return database_path if database_path == ":memory:" else f"{database_path}-replies"


class Ledger(Protocol):
    """Where replies to updates in hand are recorded the moment Telegram accepts them."""

    async def record(self, update_id: int, reply: SentReply) -> None: ...

    async def sent(self, update_ids: Sequence[int] | None = None) -> dict[int, list[SentReply]]: ...

    async def drop(self, update_ids: Sequence[int]) -> None: ...

    async def keep_only(self, update_ids: Sequence[int]) -> None: ...

    async def close(self) -> None: ...


class ReplyLedger:
    """One connection to the ledger file; each call is a single statement, autocommitted,
    run on the event loop (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    async def open(cls, database_path: str) -> ReplyLedger:
        """Open (creating if needed, 0600) the ledger beside ``database_path``."""
        path = ledger_path(database_path)
        if path != ":memory:":
            await asyncio.to_thread(ensure_private_file, Path(path))
        # Used on the event loop's thread only; the flag lets it be closed from anywhere.
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            # NORMAL sync in WAL mode: a committed row survives the process being killed.
            # No busy wait inside SQLite: that would hold the loop (see _run).
            for pragma in (
                "PRAGMA journal_mode=WAL",
                "PRAGMA synchronous=NORMAL",
                "PRAGMA busy_timeout=0",
                _SCHEMA,
            ):
                conn.execute(pragma)
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    async def _run(self, call: Callable[[sqlite3.Connection], T]) -> T:
        """Run a statement now; while the file is busy, try again shortly (never blocking)."""
        waited = 0.0
        while True:
            try:
                return call(self._conn)
            except sqlite3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
                if not busy or waited >= BUSY_GIVE_UP_SECONDS:
                    raise
            await asyncio.sleep(BUSY_RETRY_SECONDS)
            waited += BUSY_RETRY_SECONDS

    async def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    async def record(self, update_id: int, reply: SentReply) -> None:
        """Note, durably and at once, that a reply went out for an update."""
        row = (update_id, reply.seq, reply.fingerprint, json.dumps(reply.result))
        await self._run(
            lambda conn: conn.execute(
                "INSERT OR IGNORE INTO reply_ledger (update_id, seq, fingerprint, result)"
                " VALUES (?, ?, ?, ?)",
                row,
            )
        )

    async def sent(self, update_ids: Sequence[int] | None = None) -> dict[int, list[SentReply]]:
        """Recorded replies (of these updates, or all), by update, in the order they were made."""
        where = ""
        if update_ids is not None:
            where = f" WHERE update_id IN ({_id_list(update_ids)})"
        rows = await self._run(
            lambda conn: conn.execute(
                "SELECT update_id, seq, fingerprint, result FROM reply_ledger"
                f"{where} ORDER BY update_id, seq"
            ).fetchall()
        )
        found: dict[int, list[SentReply]] = {}
        for update_id, seq, fingerprint, result in rows:
            found.setdefault(update_id, []).append(SentReply(seq, fingerprint, json.loads(result)))
        return found

    async def drop(self, update_ids: Sequence[int]) -> None:
        """Forget the replies of these updates (handled, or their sender erased)."""
        if update_ids:
            # One statement, so one commit for the whole batch.
            sql = f"DELETE FROM reply_ledger WHERE update_id IN ({_id_list(update_ids)})"
            await self._run(lambda conn: conn.execute(sql))

    async def keep_only(self, update_ids: Sequence[int]) -> None:
        """Drop every row but those of these (still unhandled) updates."""
        keep = set(update_ids)
        stale = [u for u in await self.sent() if u not in keep]
        await self.drop(stale)


def _id_list(update_ids: Sequence[int]) -> str:
    """Update ids inlined as integers (no limit on how many parameters a statement takes)."""
    return ", ".join(str(int(u)) for u in update_ids)


class PostgresLedger:
    """The ledger as a table of the PostgreSQL database, shared by every bot process (one
    may replay what another sent before it died); each call is one autocommitted statement."""

    def __init__(self, backend: PostgresBackend) -> None:
        self._backend = backend

    @classmethod
    async def open(cls, backend: PostgresBackend) -> PostgresLedger:
        async with backend.connection() as conn:
            await conn.execute(_SCHEMA.replace("INTEGER", "BIGINT").removesuffix(" WITHOUT ROWID"))
        return cls(backend)

    async def close(self) -> None:
        """Nothing of its own to close: it borrows the database's pool."""

    async def record(self, update_id: int, reply: SentReply) -> None:
        async with self._backend.connection() as conn:
            await conn.execute(
                "INSERT INTO reply_ledger (update_id, seq, fingerprint, result)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (update_id, reply.seq, reply.fingerprint, json.dumps(reply.result)),
            )

    async def sent(self, update_ids: Sequence[int] | None = None) -> dict[int, list[SentReply]]:
        where, params = "", cast(tuple[Any, ...], ())
        if update_ids is not None:
            where, params = " WHERE update_id = ANY(%s::bigint[])", ([int(u) for u in update_ids],)
        async with self._backend.connection() as conn:
            cursor = await conn.execute(
                f"SELECT update_id, seq, fingerprint, result FROM reply_ledger{where}"
                " ORDER BY update_id, seq",
                params,
            )
            rows = await cursor.fetchall()
        found: dict[int, list[SentReply]] = {}
        for update_id, seq, fingerprint, result in rows:
            found.setdefault(update_id, []).append(SentReply(seq, fingerprint, json.loads(result)))
        return found

    async def drop(self, update_ids: Sequence[int]) -> None:
        if update_ids:
            async with self._backend.connection() as conn:
                await conn.execute(
                    "DELETE FROM reply_ledger WHERE update_id = ANY(%s::bigint[])",
                    ([int(u) for u in update_ids],),
                )

    async def keep_only(self, update_ids: Sequence[int]) -> None:
        # Other processes' updates in hand are not ours to drop: only rows of handled
        # updates go (the inbox says which).
        async with self._backend.connection() as conn:
            await conn.execute(
                "DELETE FROM reply_ledger r USING inbox i"
                " WHERE i.update_id = r.update_id AND i.handled_at IS NOT NULL"
            )
