"""Looking into a test's database from the outside, whichever engine it runs on.

Tests read what the bot stored with plain synchronous queries, written once with ``?``
placeholders: ``rows(bot.settings.database_target, "SELECT ... WHERE id = ?", (1,))``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from storage.database import sqlite_path
from storage.sql import is_postgres_url


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
