"""`tandem db copy`: a running project's SQLite database to PostgreSQL and back, row for row,
and the bot carrying on from the PostgreSQL copy (needs TANDEM_TEST_POSTGRES)."""

from __future__ import annotations

import asyncio
import itertools
import os
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations.dialogue.script import builtin_script
from tests import copy_world
from tests.conftest import COORDINATOR, PG_SERVER, ROOT, Resident, pg_admin, pg_url, start_bot

pytestmark = pytest.mark.skipif(not PG_SERVER, reason="TANDEM_TEST_POSTGRES names no server")

# Values for the columns a CHECK constraint guards, in tables the world leaves empty.
CHECKED = {
    "export_jobs": {"outcome": "sent"},
    "offers": {"source": "idea"},
    "offer_asks": {"answer": "yes"},
    "roles": {"telegram_id": COORDINATOR, "role": "facilitator"},
    "theme_decisions": {"decision": "accepted"},
    "update_drafts": {"stage": "text", "link_kind": "idea"},
    "checkin_adopted_questions": {"kind": "text"},
    "checkin_definition_questions": {"kind": "text"},
}
_numbers = itertools.count()


@pytest.fixture
def empty_pg() -> str:
    name = f"dbcli_copy_{os.getpid()}_{next(_numbers)}"
    pg_admin(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    yield pg_url(name)
    pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
                " AND name != 'schema_version'"
            )
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


async def test_round_trip_keeps_every_row_and_the_bot_carries_on(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path, empty_pg: str
) -> None:
    source = tmp_path / "src.sqlite3"
    world = settings.model_copy(
        update={
            "projects_dir": ROOT / "projects",
            "coordinator_ids": frozenset({COORDINATOR}),
            "database_url": f"sqlite:///{source}",
        }
    )
    await copy_world.build(emulator, world)
    problems = copy_world.fill_empty(str(source), CHECKED)
    assert problems == [], problems
    assert copy_world.empty_tables(str(source)) == []

    assert await asyncio.to_thread(main, ["db", "copy", f"sqlite:///{source}", empty_pg]) == 0
    back = tmp_path / "back.sqlite3"
    assert await asyncio.to_thread(main, ["db", "copy", empty_pg, f"sqlite:///{back}"]) == 0
    original, returned = every_row(source), every_row(back)
    assert original.keys() == returned.keys()
    for table, rows in original.items():
        assert returned[table] == rows, table
    assert (
        await asyncio.to_thread(
            main, ["db", "copy", "--verify-only", f"sqlite:///{source}", empty_pg]
        )
        == 0
    )

    # The resident part-way through the dialogue gets their next question from the copy.
    bot = await start_bot(emulator, world.model_copy(update={"database_url": empty_pg}))
    try:
        person = Resident(bot, copy_world.WALKER)
        replies = Resident.texts(await person.send("Because I can't drive"))
        assert replies == [builtin_script("outcome_first").step("barrier").text]
    finally:
        await bot.shutdown()
