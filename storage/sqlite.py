"""The SQLite back end: one writer connection in WAL mode, one reader, aiosqlite threads."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncGenerator, AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, cast

import aiosqlite

from storage.private import ensure_private_file
from storage.sql import Dialect, Params, Row, Tx

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


def _rows(rows: Iterable[Any]) -> list[Row]:
    return cast(list[Row], list(rows))


class SqliteTx(Tx):
    """A transaction on the writer connection."""

    dialect: Dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        cursor = await self._conn.execute(sql, params)
        return cursor.rowcount

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, rows)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return _rows(await self._conn.execute_fetchall(sql, params))

    async def stream(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncGenerator[list[Row], None]:
        async with self._conn.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(batch):
                yield _rows(rows)


class SqliteBackend:
    """A migrated SQLite file: writes on one connection, reads on a second (WAL)."""

    dialect: Dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, reader: aiosqlite.Connection, path: str):
        self._conn = conn
        self._reader = reader
        self.path = path

    @classmethod
    async def open(cls, path: str) -> SqliteBackend:
        """Open (creating if needed, 0600) the file at ``path``."""
        if path != ":memory:":
            # SQLite gives its -wal and -shm files the database file's mode.
            await asyncio.to_thread(ensure_private_file, Path(path))
        conn = await _connect(path)
        try:
            reader = conn if path == ":memory:" else await _connect(path)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, reader, path)

    async def close(self) -> None:
        if self._reader is not self._conn:
            await self._reader.close()
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """``BEGIN IMMEDIATE`` on the writer; the caller serialises transactions."""
        await self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield SqliteTx(self._conn)
        except BaseException:
            await self._conn.rollback()
            raise
        await self._conn.commit()

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return _rows(await self._reader.execute_fetchall(sql, params))

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Tx]:
        """One read transaction on the reader: its first query fixes the moment it sees (WAL)."""
        await self._reader.execute("BEGIN")
        try:
            yield SqliteTx(self._reader)
        finally:
            await self._reader.rollback()

    async def stream(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncGenerator[list[Row], None]:
        async with self._reader.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(batch):
                yield _rows(rows)
