"""The PostgreSQL back end: psycopg 3 with its connection pool.

Repositories write SQL once, in the subset both engines speak, with ``?`` and ``:name``
placeholders; here they become psycopg's ``%s`` and ``%(name)s`` (cached per text).
Python ints and bools go to the server untyped, as SQLite takes them, so the server
infers the column's type (``'5'`` compares with TEXT and BIGINT alike); NUMERIC results
(``SUM`` of integers) come back as int or float, and JSON columns as their text.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from functools import lru_cache
from itertools import count
from typing import Any, ClassVar, cast
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import AsyncConnection, AsyncCursor
from psycopg.adapt import Dumper, Loader
from psycopg.rows import RowMaker
from psycopg_pool import AsyncConnectionPool

from storage.sql import DatabaseUnavailable, Dialect, Params, Row, Tx

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|::|\?|:[A-Za-z_]\w*|%")


@lru_cache(maxsize=4096)
def to_psycopg(sql: str) -> str:
    """``?`` -> ``%s``, ``:name`` -> ``%(name)s``, ``%`` -> ``%%``; quoted text untouched."""

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if token.startswith(":") and token != "::":
            return f"%({token[1:]})s"
        # psycopg reads % everywhere, quoted text included.
        return token.replace("%", "%%")

    return _TOKENS.sub(swap, sql)


def redacted(url: str) -> str:
    """The URL without its password, for logs and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class _Record(tuple):  # type: ignore[type-arg]
    """A row by position or by column name, like sqlite3.Row."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            key = self._index[key]
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=1024)
def _record_class(names: tuple[str, ...]) -> type[_Record]:
    index = {name: i for i, name in enumerate(names)}
    return cast(type[_Record], type("Record", (_Record,), {"__slots__": (), "_index": index}))


def _record_rows(cursor: AsyncCursor[Any]) -> RowMaker[_Record]:
    names = tuple(d.name for d in cursor.description or ())
    record = _record_class(names)
    return record  # the class called with a sequence of values makes the row


class _Untyped(Dumper):
    """Send a Python int or bool as an untyped literal: the server takes the column's type."""

    oid = 0  # unknown

    def dump(self, obj: Any) -> bytes:
        return b"1" if obj is True else b"0" if obj is False else str(obj).encode()

    def quote(self, obj: Any) -> bytes:
        # As a literal in SQL text (psycopg composes server cursors' FETCH FORWARD n so):
        # a bare number, not the quoted string Dumper.quote would make of it.
        value = self.dump(obj)
        return b" " + value if value.startswith(b"-") else value


class _Number(Loader):
    """NUMERIC as int when whole, else float (SUM of integers is NUMERIC in PostgreSQL)."""

    def load(self, data: Any) -> Any:
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else float(value)


class _Text(Loader):
    def load(self, data: Any) -> Any:
        return bytes(data).decode()


async def _configure(conn: AsyncConnection[Any]) -> None:
    register_types(conn.adapters)
    await conn.set_autocommit(True)


def register_types(adapters: Any) -> None:
    """How Tandem's values travel: ints and bools untyped, NUMERIC as numbers, JSON as text."""
    adapters.register_dumper(int, _Untyped)
    adapters.register_dumper(bool, _Untyped)
    adapters.register_loader("numeric", _Number)
    for name in ("json", "jsonb"):
        adapters.register_loader(name, _Text)


class PostgresTx(Tx):
    """A transaction on one pooled connection."""

    dialect: Dialect = "postgresql"
    _names = count()

    def __init__(self, conn: AsyncConnection[Any]) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        cursor = await self._conn.execute(to_psycopg(sql), _params(params))
        return cursor.rowcount

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self._conn.cursor() as cursor:
            await cursor.executemany(to_psycopg(sql), [_params(r) for r in rows])

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._conn.cursor(row_factory=_record_rows) as cursor:
            await cursor.execute(to_psycopg(sql), _params(params))
            return cast(list[Row], await cursor.fetchall())

    async def stream(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncGenerator[list[Row], None]:
        # A server-side cursor: the server keeps the result, the client holds one batch.
        name = f"tandem_stream_{next(self._names)}"
        async with self._conn.cursor(name, row_factory=_record_rows) as cursor:
            cursor.itersize = batch
            await cursor.execute(to_psycopg(sql), _params(params))
            while rows := await cursor.fetchmany(batch):
                yield cast(list[Row], rows)


def _params(params: Params) -> Sequence[Any] | dict[str, Any]:
    return params if isinstance(params, dict) else tuple(params)


class PostgresBackend:
    """A pool of connections to one PostgreSQL database."""

    dialect: Dialect = "postgresql"

    def __init__(self, pool: AsyncConnectionPool[Any], url: str) -> None:
        self._pool = pool
        self.url = url
        self.path = redacted(url)

    @classmethod
    async def open(cls, url: str, size: int = 16) -> PostgresBackend:
        """Connect (waiting for the first connection, so a wrong URL fails here)."""
        try:  # one plain connection first: a wrong URL fails at once, saying why
            probe = await AsyncConnection.connect(url, connect_timeout=10)
        except psycopg.OperationalError as exc:
            reason = " ".join(str(exc).strip().splitlines()[:1]) or type(exc).__name__
            raise DatabaseUnavailable(f"cannot connect to {redacted(url)}: {reason}") from None
        await probe.close()
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            url, min_size=1, max_size=size, configure=_configure, open=False, timeout=30
        )
        await pool.open(wait=True, timeout=30)
        return cls(pool, url)

    async def close(self) -> None:
        await self._pool.close()

    async def dedicated(self) -> AsyncConnection[Any]:
        """A connection of its own, outside the pool (session locks live on it)."""
        conn = await AsyncConnection.connect(self.url, autocommit=True)
        register_types(conn.adapters)
        return conn

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection[Any]]:
        """A pooled connection, in autocommit (storage's own uses: locks, the ledger)."""
        async with self._pool.connection() as conn:
            yield conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._pool.connection() as conn, conn.transaction():
            yield PostgresTx(conn)

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Tx]:
        """A REPEATABLE READ, READ ONLY transaction: every query sees one moment."""
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield PostgresTx(conn)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._pool.connection() as conn:
            return await PostgresTx(conn).fetch_all(sql, params)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        return next(iter(await self.fetch_all(sql, params)), None)

    async def write_batch(self, grouped: Sequence[tuple[str, Sequence[Params]]]) -> None:
        async with self.transaction() as tx:
            for sql, rows in grouped:
                await tx.execute_many(sql, rows)

    async def stream(
        self, sql: str, params: Params = (), batch: int = 1000
    ) -> AsyncGenerator[list[Row], None]:
        async with self._pool.connection() as conn, conn.transaction():
            async for rows in PostgresTx(conn).stream(sql, params, batch):
                yield rows
