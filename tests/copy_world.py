"""A realistic SQLite database for the copy tests: a running bot with the example project and
a resident mid-dialogue, the report world's residents (diary, polls, check-ins, ideas, updates),
and direct inserts for the tables those leave empty."""

from __future__ import annotations

import sqlite3

from bot.config import Settings
from bot.emulator import BotApiEmulator
from storage.database import Database
from tests.conftest import Resident, start_bot
from tests.report_world import example_project, seed
from tests.test_e2e_dialogue import join_and_consent

WALKER = 1107  # the resident who is part-way through the dialogue when the bot stops
FIRST_ANSWER = "A bus to the clinic"


async def build(emulator: BotApiEmulator, settings: Settings) -> None:
    """Fill settings' SQLite database; the bot has stopped cleanly when this returns."""
    bot = await start_bot(emulator, settings)
    person = Resident(bot, WALKER)
    await join_and_consent(person)
    await person.send(FIRST_ANSWER)
    await bot.shutdown()
    db = await Database.open(settings.database_path)
    try:
        await seed(db, example_project())
    finally:
        await db.close()


def empty_tables(path: str) -> list[str]:
    """Tables (but schema_version) without a row."""
    with sqlite3.connect(path) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
                " AND name != 'schema_version' ORDER BY name"
            )
        ]
        return [n for n in names if not conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]]


def fill_empty(path: str, values: dict[str, dict[str, object]]) -> list[str]:
    """One row in each empty table: foreign keys point at an existing parent row, other
    columns get a plain value of their type (``values``: per table, columns to set)."""
    problems: list[str] = []
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        for _ in range(3):  # parents first: a child waits for its empty parent's row
            for table in empty_tables(path):
                refs = {
                    r[3]: (r[2], r[4])
                    for r in conn.execute(f"SELECT * FROM pragma_foreign_key_list('{table}')")
                }
                row: dict[str, object] = {}
                for _, name, kind, _notnull, default, pk in conn.execute(
                    f"SELECT * FROM pragma_table_info('{table}')"
                ):
                    if name in values.get(table, {}):
                        row[name] = values[table][name]
                    elif name in refs:
                        parent, column = refs[name]
                        found = conn.execute(
                            f'SELECT "{column}" FROM "{parent}" LIMIT 1'
                        ).fetchone()
                        row[name] = found[0] if found else None
                    elif pk == 1 and kind == "INTEGER":
                        continue
                    elif default is None:
                        row[name] = {"INTEGER": 1, "REAL": 1.5}.get(kind, f"{table}-{name}")
                if None in row.values():
                    continue
                names = ", ".join(f'"{n}"' for n in row)
                marks = ", ".join("?" * len(row))
                try:
                    conn.execute(
                        f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(row.values())
                    )
                except sqlite3.IntegrityError as exc:
                    problems.append(f"{table}: {exc}")
                conn.commit()
    return problems
