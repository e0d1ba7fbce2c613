"""Migrations apply to an empty database and to one at every earlier version, on both
engines (the PostgreSQL pass runs the stairway there); the rest is about SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from storage.database import Database, sqlite_path
from storage.migrations import apply_migrations, current_version, load_migrations
from storage.sql import is_postgres_url
from tests import dbview
from tests.conftest import pg_url

NEWEST = load_migrations()[-1].version


def schema(target: str) -> list[tuple[object, ...]]:
    """Every table, column, index and (PostgreSQL) function, as the engine describes them."""
    if not is_postgres_url(target):
        return dbview.rows(
            target,
            "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            " AND name != 'schema_version' ORDER BY name",
        )
    columns = dbview.rows(
        target,
        "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity"
        " FROM information_schema.columns WHERE table_schema = 'public'"
        " ORDER BY table_name, ordinal_position",
    )
    indexes = dbview.rows(
        target,
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
        " ORDER BY indexname",
    )
    functions = dbview.rows(
        target,
        "SELECT routine_name, data_type FROM information_schema.routines"
        " WHERE routine_schema = 'public' ORDER BY routine_name, data_type",
    )
    return [*columns, *indexes, *functions]


async def open_engine(target: str) -> Any:
    """A back end on ``target`` with nothing migrated (what Database.open starts from)."""
    if is_postgres_url(target):
        from storage.postgres import PostgresBackend

        return await PostgresBackend.open(target)
    from storage.sqlite import SqliteBackend

    return await SqliteBackend.open(sqlite_path(target))


@pytest.fixture
def empty_url(database_url: str) -> str:
    """The test's own database, emptied: no table, no function, schema version 0."""
    if is_postgres_url(database_url):
        dbview.run(database_url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    return database_url


async def test_empty_database_reaches_newest_version(empty_url: str) -> None:
    await (await Database.open(empty_url)).close()
    assert dbview.value(empty_url, "SELECT MAX(version) FROM schema_version") == NEWEST


@pytest.mark.sqlite_only
async def test_a_sqlite_file_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    await (await Database.open(path)).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("start", range(NEWEST + 1))
async def test_every_earlier_version_upgrades_to_the_same_schema(
    tmp_path: Path, empty_url: str, pg_template: str | None, start: int
) -> None:
    if is_postgres_url(empty_url) and pg_template is not None:
        fresh = pg_url(pg_template)  # migrated from empty by Database.open, once per run
    else:
        fresh = str(tmp_path / "fresh.sqlite3")
        await (await Database.open(fresh)).close()
    engine = await open_engine(empty_url)
    try:
        assert await apply_migrations(engine, up_to=start) == start
        assert await current_version(engine) == start
    finally:
        await engine.close()
    await (await Database.open(empty_url)).close()
    assert schema(empty_url) == schema(fresh)


async def test_reopening_applies_nothing_twice(database_url: str) -> None:
    await (await Database.open(database_url)).close()
    await (await Database.open(database_url)).close()
    assert dbview.value(database_url, "SELECT COUNT(*) FROM schema_version") == NEWEST


async def test_a_newer_database_is_refused_with_a_reason(database_url: str) -> None:
    await (await Database.open(database_url)).close()
    dbview.run(database_url, "INSERT INTO schema_version (version) VALUES (?)", (NEWEST + 1,))
    with pytest.raises(RuntimeError, match="newer than this Tandem"):
        await Database.open(database_url)


async def test_failed_write_transaction_rolls_back(db: Database) -> None:
    with pytest.raises(ZeroDivisionError):
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO inbox (update_id, received_at) VALUES (1, 0)")
            1 / 0  # noqa: B018
    assert await db.fetch_all("SELECT * FROM inbox") == []
