"""Migrations apply to an empty file and to a file at every earlier version."""

from __future__ import annotations

import sqlite3

import aiosqlite
import pytest

from storage.database import Database
from storage.migrations import apply_migrations, current_version, load_migrations

NEWEST = load_migrations()[-1].version


def schema(path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return sorted(
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                " AND name != 'schema_version'"
            ).fetchall()
        )


async def test_empty_file_reaches_newest_version(tmp_path) -> None:
    db = await Database.open(tmp_path / "t.sqlite3")
    await db.close()
    with sqlite3.connect(tmp_path / "t.sqlite3") as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == NEWEST
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("start", range(NEWEST + 1))
async def test_every_earlier_version_upgrades_to_the_same_schema(tmp_path, start: int) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    await (await Database.open(fresh)).close()
    stepped = tmp_path / "stepped.sqlite3"
    async with aiosqlite.connect(stepped, isolation_level=None) as conn:
        assert await apply_migrations(conn, up_to=start) == start
        assert await current_version(conn) == start
    db = await Database.open(stepped)
    await db.close()
    assert schema(stepped) == schema(fresh)


async def test_reopening_applies_nothing_twice(tmp_path) -> None:
    path = tmp_path / "t.sqlite3"
    await (await Database.open(path)).close()
    await (await Database.open(path)).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == NEWEST


async def test_a_newer_file_is_refused_with_a_reason(tmp_path) -> None:
    path = tmp_path / "t.sqlite3"
    await (await Database.open(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (NEWEST + 1,))
    with pytest.raises(RuntimeError, match="newer than this Tandem"):
        await Database.open(path)


async def test_failed_write_transaction_rolls_back(tmp_path) -> None:
    db = await Database.open(tmp_path / "t.sqlite3")
    with pytest.raises(ZeroDivisionError):
        async with db.legacy_transaction() as conn:
            await conn.execute("INSERT INTO inbox (update_id, received_at) VALUES (1, 0)")
            1 / 0  # noqa: B018
    assert await db.fetch_all("SELECT * FROM inbox") == []
    await db.close()
