"""The SQLite database: one writer connection, WAL, explicit write transactions."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from conversations.clock import Clock
from storage.migrations import apply_migrations
from storage.private import ensure_private_file
from storage.reply_ledger import ReplyLedger

_PRAGMAS = (
    # WAL lets readers (the reader connection, the CLI, tests) see a consistent file while
    # the bot writes; NORMAL sync is durable across process crashes in WAL mode.
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


async def _configure(conn: aiosqlite.Connection) -> None:
    conn.row_factory = sqlite3.Row
    for pragma in _PRAGMAS:
        await conn.execute(pragma)


Params = Sequence[Any] | dict[str, Any]
Statement = tuple[str, Params]


class Database:
    """A migrated SQLite file: one writer connection and one reader connection.

    Writes are serialised by a lock and run in ``BEGIN IMMEDIATE`` transactions on the
    writer, so a crash leaves either all of a transaction or none of it. Reads go to a
    second connection (its own thread): in WAL mode they see every committed write and
    never an uncommitted one, and they do not queue behind the writer's statements.
    Each aiosqlite call is a thread hop, so queries fetch in one call.
    """

    def __init__(
        self,
        conn: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        path: str,
        clock: Clock | None = None,
        replies: ReplyLedger | None = None,
    ) -> None:
        self._conn = conn
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self._queued: list[tuple[Sequence[Statement], asyncio.Future[None]]] = []
        self._group_writer: asyncio.Task[None] | None = None
        self.path = path
        # The one clock: every repository stamps and judges time by it.
        self.clock = clock or Clock()
        # Replies already sent for updates in hand, in a file of their own (reply_ledger.py).
        self._replies = replies

    @property
    def replies(self) -> ReplyLedger:
        """The ledger of replies sent for updates not yet handled."""
        if self._replies is None:
            raise RuntimeError("this Database was opened without its reply ledger")
        return self._replies

    @classmethod
    async def open(cls, path: str | Path, clock: Clock | None = None) -> Database:
        """Open (creating if needed) and migrate the database at ``path``; real time by default."""
        path = str(path)
        if path != ":memory:":
            # SQLite gives its -wal and -shm files the database file's mode.
            await asyncio.to_thread(ensure_private_file, Path(path))
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            await _configure(conn)
            await apply_migrations(conn)
            reader = conn
            if path != ":memory:":
                reader = await aiosqlite.connect(path, isolation_level=None)
                await _configure(reader)
            replies = await ReplyLedger.open(path)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, reader, path, clock, replies)

    async def close(self) -> None:
        """Close both connections; safe to call twice."""
        async with self._write_lock:
            if self._reader is not self._conn:
                await self._reader.close()
            await self._conn.close()
            if self._replies is not None:
                await self._replies.close()
                self._replies = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: committed on success, rolled back on any error."""
        async with self._write_lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in its own transaction; return the rows changed."""
        async with self.transaction() as conn:
            cursor = await conn.execute(sql, params)
            return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one write statement for many rows in a single transaction."""
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def write(self, statements: Sequence[Statement]) -> None:
        """Apply statements atomically, committed together with other callers' (group commit).

        Under load many handlers write at once; each transaction costs several thread hops,
        so queued writes share one transaction and identical statements run as one
        ``executemany``. That reorders statements across callers, so each statement must be
        idempotent and must not depend on the order of the others.
        """
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queued.append((statements, future))
        if self._group_writer is None or self._group_writer.done():
            self._group_writer = asyncio.create_task(self._write_queued())
        await asyncio.shield(future)

    async def _write_queued(self) -> None:
        while self._queued:
            batch, self._queued = self._queued, []
            try:
                await self._apply([s for statements, _ in batch for s in statements])
            except Exception:
                # Something in the batch failed: apply each caller's part on its own, so
                # only the caller whose statements fail sees the error.
                for statements, future in batch:
                    try:
                        await self._apply(statements)
                    except Exception as exc:
                        future.set_exception(exc)
                    else:
                        future.set_result(None)
                continue
            for _, future in batch:
                future.set_result(None)

    async def _apply(self, statements: Sequence[Statement]) -> None:
        grouped: dict[str, list[Params]] = {}
        for sql, params in statements:
            grouped.setdefault(sql, []).append(params)
        async with self.transaction() as conn:
            for sql, rows in grouped.items():
                await conn.executemany(sql, rows)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Rows of a query (for repositories; they turn rows into models)."""
        return list(await self._reader.execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of a query, or None (queries should LIMIT themselves)."""
        rows = await self._reader.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def iterate(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncIterator[sqlite3.Row]:
        """Stream a query's rows without loading them all (exports)."""
        async for rows in self.iterate_batches(sql, params, batch):
            for row in rows:
                yield row

    async def iterate_batches(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncGenerator[list[sqlite3.Row], None]:
        """Stream a query's rows in batches: one thread hop and one await per batch."""
        async with self._reader.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(batch):
                yield list(rows)
