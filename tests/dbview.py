"""Looking into a test's database from the outside, whichever engine it runs on.

Tests read what the bot stored with plain synchronous queries, written once with ``?``
placeholders: ``rows(bot.settings.database_target, "SELECT ... WHERE id = ?", (1,))``.
A target is a SQLite path, a ``sqlite:///`` URL (the ``database_url`` fixture) or a
PostgreSQL URL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storage.database import sqlite_path
from storage.sql import is_postgres_url

if TYPE_CHECKING:
    from storage.database import Database


def _postgres(target: str) -> Any:
    import psycopg

    from storage.postgres import register_types

    conn = psycopg.connect(target, autocommit=True)
    register_types(conn.adapters)
    return conn


def rows(target: str, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    """Every row of a query on the database at ``target`` (a SQLite path or a PostgreSQL URL)."""
    if is_postgres_url(target):
        from storage.postgres import to_psycopg

        with _postgres(target) as conn:
            return [tuple(r) for r in conn.execute(to_psycopg(sql), params).fetchall()]
    with sqlite3.connect(sqlite_path(target)) as conn:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]


def one(target: str, sql: str, params: Any = ()) -> tuple[Any, ...] | None:
    """The first row of a query, or None."""
    found = rows(target, sql, params)
    return found[0] if found else None


def value(target: str, sql: str, params: Any = ()) -> Any:
    """The first column of the first row (None when there is no row)."""
    row = one(target, sql, params)
    return None if row is None else row[0]


def run(target: str, sql: str, params: Any = ()) -> int:
    """Change the database from the outside (a test arranging its world); rows changed."""
    if is_postgres_url(target):
        from storage.postgres import to_psycopg

        with _postgres(target) as conn:
            return conn.execute(to_psycopg(sql), params).rowcount
    with sqlite3.connect(sqlite_path(target)) as conn:
        return conn.execute(sql, params).rowcount


def tables(target: str) -> list[str]:
    """The names of the database's own tables (no engine-internal ones), sorted."""
    if is_postgres_url(target):
        sql = (
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return sorted(r[0] for r in rows(target, sql))


def columns(target: str, table: str) -> list[str]:
    """The column names of one table, in their order."""
    if is_postgres_url(target):
        found = rows(
            target,
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
        return [r[0] for r in found]
    return [r[1] for r in rows(target, f"PRAGMA table_info({table})")]


def cells(target: str) -> Iterator[tuple[str, str, object]]:
    """(table, column, value) for every cell of every table (tests that look for a trace)."""
    for table in tables(target):
        names = columns(target, table)
        for row in rows(target, f"SELECT * FROM {table}"):
            yield from ((table, name, value) for name, value in zip(names, row, strict=True))


def target_of(db: Database) -> str:
    """What a Database was opened on (a SQLite path, or the PostgreSQL URL with its password)."""
    return str(getattr(db.backend, "url", db.path))
