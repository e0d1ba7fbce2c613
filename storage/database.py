"""The database: SQLite (one file, the default) or PostgreSQL, behind one small interface.

Repositories get a :class:`storage.sql.Tx` inside :meth:`Database.transaction` and rows
from the read methods; the driver stays in ``storage/sqlite.py`` or ``storage/postgres.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from conversations.clock import Clock
from storage.locks import (
    AdvisoryChatLocks,
    AdvisoryLeaderLock,
    ChatLocks,
    FileLeaderLock,
    LeaderLock,
    LocalChatLocks,
)
from storage.migrations import apply_migrations
from storage.reply_ledger import Ledger, PostgresLedger, ReplyLedger
from storage.sql import Dialect, Params, Row, Statement, Tx, is_postgres_url

if TYPE_CHECKING:
    from storage.postgres import PostgresBackend

__all__ = ["Database", "Params", "Row", "Statement", "Tx", "is_postgres_url"]


class Backend(Protocol):
    dialect: Dialect
    path: str

    def transaction(self) -> AbstractAsyncContextManager[Tx]: ...

    def snapshot(self) -> AbstractAsyncContextManager[Tx]: ...

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None: ...

    async def write_batch(self, grouped: Sequence[tuple[str, Sequence[Params]]]) -> None: ...

    def stream(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncIterator[list[Row]]: ...

    async def close(self) -> None: ...


def sqlite_path(target: str) -> str:
    """The file of a ``sqlite:///`` URL, or the path itself."""
    return target.removeprefix("sqlite:///") if target.startswith("sqlite:///") else target


class Database:
    """A migrated database.

    Writes are serialised (in this process) by a lock and run in transactions, so a crash
    leaves either all of a transaction or none of it. On SQLite they are ``BEGIN
    IMMEDIATE`` on the writer connection and reads go to a second connection that sees
    every committed write; on PostgreSQL both come from a pool.
    """

    def __init__(self, backend: Backend, clock: Clock | None = None, replies: Ledger | None = None):
        self._backend = backend
        self._write_lock = asyncio.Lock()
        self._queued: list[tuple[Sequence[Statement], asyncio.Future[None]]] = []
        self._group_writer: asyncio.Task[None] | None = None
        # A file path (SQLite) or the URL without its password (PostgreSQL).
        self.path = backend.path
        self.dialect: Dialect = backend.dialect
        # The one clock: every repository stamps and judges time by it.
        self.clock = clock or Clock()
        # Replies already sent for updates in hand (reply_ledger.py).
        self._replies = replies

    @property
    def backend(self) -> Backend:
        """The engine behind this database (for storage's own modules)."""
        return self._backend

    def chat_locks(self) -> ChatLocks:
        """Per-chat ownership among the processes sharing this database (storage/locks.py)."""
        if self.dialect == "postgresql":
            return AdvisoryChatLocks(cast("PostgresBackend", self._backend))
        return LocalChatLocks()

    def leader_lock(self) -> LeaderLock:
        """The lock whose holder sends the outbox and runs the schedules."""
        if self.dialect == "postgresql":
            return AdvisoryLeaderLock(cast("PostgresBackend", self._backend))
        return FileLeaderLock(Path(f"{self.path}-leader"))

    @property
    def replies(self) -> Ledger:
        """The ledger of replies sent for updates not yet handled."""
        if self._replies is None:
            raise RuntimeError("this Database was opened without its reply ledger")
        return self._replies

    @classmethod
    async def open(cls, target: str | Path, clock: Clock | None = None) -> Database:
        """Open and migrate a SQLite file (a path or ``sqlite:///`` URL) or a PostgreSQL
        database (``postgresql://`` URL); real time unless a clock is given."""
        backend, replies = await open_backend(str(target))
        try:
            await apply_migrations(backend)
        except BaseException:
            await replies.close()
            await backend.close()
            raise
        return cls(backend, clock, replies)

    async def close(self) -> None:
        """Close the connections; safe to call twice."""
        async with self._write_lock:
            if self._replies is not None:
                await self._replies.close()
                self._replies = None
                await self._backend.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """A write transaction: committed on success, rolled back on any error."""
        async with self._write_lock, self._backend.transaction() as tx:
            yield tx

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Tx]:
        """A read-only transaction: every query in it sees the same moment of the database
        (SQLite: one read transaction; PostgreSQL: REPEATABLE READ), whatever commits meanwhile."""
        async with self._backend.snapshot() as tx:
            yield tx

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in its own transaction; return the rows changed."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one write statement for many rows in a single transaction."""
        async with self.transaction() as tx:
            await tx.execute_many(sql, rows)

    async def write(self, statements: Sequence[Statement]) -> None:
        """Apply statements atomically, committed together with other callers' (group commit).

        Under load many handlers write at once; each transaction costs several round
        trips, so queued writes share one transaction and identical statements run as one
        ``execute_many``. That reorders statements across callers, so each statement must
        be idempotent and must not depend on the order of the others.
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
        async with self._write_lock:
            await self._backend.write_batch(list(grouped.items()))

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        """Rows of a query (for repositories; they turn rows into models)."""
        return await self._backend.fetch_all(sql, params)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query, or None: for short queries (one row by its key, a count
        over a project); they should LIMIT themselves. On SQLite it is answered on the event
        loop, without a hop to a thread (storage/sqlite.py); long reads use fetch_all."""
        return await self._backend.fetch_one(sql, params)

    async def iterate(self, sql: str, params: Params = (), batch: int = 1000) -> AsyncIterator[Row]:
        """Stream a query's rows without loading them all (exports)."""
        async for rows in self.iterate_batches(sql, params, batch):
            for row in rows:
                yield row

    async def iterate_batches(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncGenerator[list[Row], None]:
        """Stream a query's rows in batches (a server-side cursor on PostgreSQL)."""
        async for rows in self._backend.stream(sql, params, batch):
            yield rows


async def open_engine(target: str) -> Backend:
    """Connect to the engine a target names, alone: no reply ledger, nothing migrated
    (for the command line's `migrate` and `db copy`; a SQLite file is created if missing)."""
    if is_postgres_url(target):
        from storage.postgres import PostgresBackend

        return await PostgresBackend.open(target)
    from storage.sqlite import SqliteBackend

    return await SqliteBackend.open(sqlite_path(target))


async def open_backend(target: str) -> tuple[Backend, Ledger]:
    """Connect to the engine a target names, with its reply ledger; nothing migrated yet."""
    engine = await open_engine(target)
    try:
        if engine.dialect == "postgresql":
            return engine, await PostgresLedger.open(engine)  # type: ignore[arg-type]
        return engine, await ReplyLedger.open(engine.path)
    except BaseException:
        await engine.close()
        raise
