"""Storage's own small SQL interface: what repositories may do inside a transaction.

Repositories write one SQL text for both back ends, with ``?`` or ``:name`` placeholders
(``storage/postgres.py`` turns them into psycopg's). No driver object (connection, cursor,
driver row class) leaves ``storage/``: repositories get a :class:`Tx` and :class:`Row` s.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any, Literal, Protocol

Params = Sequence[Any] | dict[str, Any]
Statement = tuple[str, Params]
Dialect = Literal["sqlite", "postgresql"]


class Row(Protocol):
    """A result row: by position (``row[0]``) or by column name (``row["id"]``; both
    engines' rows also have ``keys()``, so ``dict(row)`` works)."""

    def __getitem__(self, key: Any, /) -> Any: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Any: ...


class Tx(ABC):
    """One write transaction: everything in it is committed together or not at all."""

    dialect: Dialect

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; return the number of rows it changed."""

    @abstractmethod
    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement once per parameter set."""

    @abstractmethod
    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row of a query (also of ``INSERT/UPDATE ... RETURNING``)."""

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query, or None."""
        return next(iter(await self.fetch_all(sql, params)), None)

    async def insert(self, sql: str, params: Params = ()) -> int | None:
        """Run an INSERT and return the new row's ``id`` (None if ON CONFLICT skipped it)."""
        row = await self.fetch_one(f"{sql} RETURNING id", params)
        return None if row is None else int(row[0])

    @abstractmethod
    def stream(self, sql: str, params: Params = (), batch: int = 1000) -> AsyncIterator[list[Row]]:
        """A query's rows in batches, without loading them all."""


def placeholders(count: int) -> str:
    """``?, ?, ?`` for an IN list of ``count`` values (both back ends)."""
    return ", ".join("?" * count)


def is_postgres_url(target: str) -> bool:
    """Whether a DATABASE_URL names a PostgreSQL server (else it is a SQLite file)."""
    return target.startswith(("postgresql://", "postgres://"))
