"""The SQLite back end: one writer connection in WAL mode, one reader, aiosqlite threads;
and a third connection for point reads, answered on the event loop itself.

Each aiosqlite call is a hop to its thread and back, which under load costs milliseconds
of waiting (the loop, the thread and the other processes share the cores) for a lookup
that takes microseconds. A handler's short reads (``fetch_one``: one row by its key) run
at once on the loop instead. In WAL mode a reader never waits for the writer; should the
file be busy all the same (a crashed run's WAL being recovered), the read goes the usual
way, never stalling the loop.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from storage.private import ensure_private_file
from storage.sql import Dialect, Params, Row, Tx

T = TypeVar("T")
_PRAGMAS = (
    # WAL lets readers (the reader connection, the CLI, tests) see a consistent file while
    # the bot writes; NORMAL sync is durable across process crashes in WAL mode.
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


async def _connect(path: str) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma in _PRAGMAS:
        await conn.execute(pragma)
    return conn


def _connect_quick(path: str) -> sqlite3.Connection:
    # Only ever used on the event loop's thread; the flag lets it be closed from anywhere.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    for pragma in ("PRAGMA busy_timeout=0", "PRAGMA query_only=1"):
        conn.execute(pragma)
    return conn


def _busy(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def _rows(rows: Iterable[Any]) -> list[Row]:
    return cast(list[Row], list(rows))


class SqliteTx(Tx):
    """A transaction on one connection, begun together with its first statement (one hop
    to the connection's thread fewer: under load each hop waits its turn on the loop)."""

    dialect: Dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, begin: str) -> None:
        self._conn = conn
        self._begin = begin
        self.begun = False

    async def _run(self, call: Callable[[sqlite3.Connection], T]) -> T:
        def run(conn: sqlite3.Connection) -> T:
            if not self.begun:
                conn.execute(self._begin)
                self.begun = True
            return call(conn)

        # aiosqlite's own way to run a function on its thread (each of its calls is one).
        return cast(T, await self._conn._execute(run, self._conn._conn))

    async def execute(self, sql: str, params: Params = ()) -> int:
        return await self._run(lambda conn: conn.execute(sql, params).rowcount)

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        await self._run(lambda conn: conn.executemany(sql, rows))

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return _rows(await self._run(lambda conn: conn.execute(sql, params).fetchall()))

    async def stream(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncGenerator[list[Row], None]:
        await self._run(lambda conn: None)
        async with self._conn.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(batch):
                yield _rows(rows)

    async def end(self, commit: bool) -> None:
        """Commit (or roll back) what was begun; nothing if no statement ran."""
        if self.begun:
            await (self._conn.commit() if commit else self._conn.rollback())


class SqliteBackend:
    """A migrated SQLite file: writes on one connection, reads on a second (WAL)."""

    dialect: Dialect = "sqlite"

    def __init__(
        self,
        conn: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        path: str,
        quick: sqlite3.Connection | None = None,
    ):
        self._conn = conn
        self._reader = reader
        self._quick = quick
        self.path = path

    @classmethod
    async def open(cls, path: str) -> SqliteBackend:
        """Open (creating if needed, 0600) the file at ``path``."""
        if path != ":memory:":
            # SQLite gives its -wal and -shm files the database file's mode.
            await asyncio.to_thread(ensure_private_file, Path(path))
        conn = await _connect(path)
        if path == ":memory:":
            return cls(conn, conn, path)  # one connection: everything goes through its thread
        try:
            reader = await _connect(path)
        except BaseException:
            await conn.close()
            raise
        try:
            quick = _connect_quick(path)
        except BaseException:
            await reader.close()
            await conn.close()
            raise
        return cls(conn, reader, path, quick)

    async def close(self) -> None:
        if self._quick is not None:
            self._quick.close()
        if self._reader is not self._conn:
            await self._reader.close()
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """``BEGIN IMMEDIATE`` on the writer; the caller serialises transactions."""
        tx = SqliteTx(self._conn, "BEGIN IMMEDIATE")
        try:
            yield tx
        except BaseException:
            await tx.end(commit=False)
            raise
        await tx.end(commit=True)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return _rows(await self._reader.execute_fetchall(sql, params))

    async def write_batch(self, grouped: Sequence[tuple[str, Sequence[Params]]]) -> None:
        """One transaction of statements run for many rows each, in ONE hop to the writer's
        thread (BEGIN IMMEDIATE, the statements, COMMIT): under load every hop waits."""

        def run(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for sql, rows in grouped:
                    conn.executemany(sql, rows)
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

        # aiosqlite's own way to run a function on its thread (each of its calls is one).
        await self._conn._execute(run, self._conn._conn)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a short query, read at once on the loop (see the module doc)."""
        if self._quick is not None:
            try:
                cursor = self._quick.execute(sql, params)
                try:
                    return cast(Row | None, cursor.fetchone())
                finally:
                    cursor.close()  # ends the statement, so no read transaction stays open
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
        return next(iter(await self.fetch_all(sql, params)), None)

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Tx]:
        """One read transaction on the reader: its first query fixes the moment it sees (WAL)."""
        tx = SqliteTx(self._reader, "BEGIN")
        try:
            yield tx
        finally:
            await tx.end(commit=False)

    async def stream(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncGenerator[list[Row], None]:
        async with self._reader.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(batch):
                yield _rows(rows)
