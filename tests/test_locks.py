"""Who may do what when several processes share a database (storage/locks.py).

On PostgreSQL the locks are the server's advisory locks: one holder at a time, and a
holder's locks go the moment its connection does (as when its process is killed).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from storage.database import Database
from tests.conftest import PG_SERVER


async def eventually(attempt) -> bool:
    """True once ``attempt()`` is: a closed connection's locks go when the server has seen
    it go, a moment after the client closed it."""
    for _ in range(100):
        if await attempt():
            return True
        await asyncio.sleep(0.02)
    return False


needs_postgres = pytest.mark.skipif(
    not PG_SERVER,
    reason="PostgreSQL only: set TANDEM_TEST_POSTGRES (see the README's Tests section)",
)


@needs_postgres
async def test_one_leader_at_a_time_and_another_takes_over_when_it_goes(
    database_url: str,
) -> None:
    first, second = await Database.open(database_url), await Database.open(database_url)
    try:
        a, b = first.leader_lock(), second.leader_lock()
        assert await a.try_acquire()
        assert not await b.try_acquire()
        assert await a.still_held()
        await a.close()  # its connection closes, as when the process dies
        assert await eventually(b.try_acquire)
        assert await b.still_held()
        await b.close()
    finally:
        await first.close()
        await second.close()


@needs_postgres
async def test_a_chat_is_held_by_one_process_at_a_time(database_url: str) -> None:
    first, second = await Database.open(database_url), await Database.open(database_url)
    a, b = first.chat_locks(), second.chat_locks()
    try:
        assert a.shared and b.shared
        assert await a.try_lock(1001)
        assert not await b.try_lock(1001)
        assert await b.try_lock(1002)  # another chat is free
        assert await b.try_lock(None)  # updates without a chat share one lock
        assert not await a.try_lock(None)
        await a.unlock(1001)
        assert await b.try_lock(1001)
        await b.close()  # everything b held goes with its connection
        assert await eventually(lambda: a.try_lock(1002))
    finally:
        await a.close()
        await first.close()
        await second.close()


async def test_on_sqlite_a_file_lock_chooses_the_leader(tmp_path: Path) -> None:
    path = tmp_path / "tandem.sqlite3"
    first, second = await Database.open(path), await Database.open(path)
    try:
        a, b = first.leader_lock(), second.leader_lock()
        assert await a.try_acquire()
        assert not await b.try_acquire()
        await a.close()
        assert await b.try_acquire()
        await b.close()
        assert (tmp_path / "tandem.sqlite3-leader").stat().st_mode & 0o777 == 0o600
        assert not first.chat_locks().shared
    finally:
        await first.close()
        await second.close()
