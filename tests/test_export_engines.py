"""The same world on SQLite and PostgreSQL exports to the same files, byte for byte
(and makes the same summary report).

Runs when TANDEM_TEST_POSTGRES names a server (the test's own database is then on it); the
twin is a SQLite file in tmp_path. The world is written with plain SQL from outside
(tests/dbview.py), the same statements on both, with awkward values: quotes, new lines,
control characters, Welsh and emoji, would-be formulas, fractional seconds, JSON arrays
with unknown indexes, whole and fractional REALs.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from benchmarks.scenario import INVITE, PROJECT_ID, write_project
from conversations.clock import Clock
from conversations.export.request import TABLES, ExportRequest
from conversations.polls.targets import Target
from conversations.projects import Project, load_project
from storage.database import Database
from storage.export import export_to_folder
from storage.report import write_report
from tests.conftest import PG_SERVER
from tests.dbview import run

pytestmark = pytest.mark.skipif(not PG_SERVER, reason="TANDEM_TEST_POSTGRES is not set")

T = 1_750_000_000.75  # fractional seconds, as the bot stores them
SAID = [
    '=HYPERLINK("http://evil.example","click")',
    'She said "no", then\nyes; later\r\nmaybe',
    "Bore da! ŵ ŷ — 😀 \\ back\tslash \x01 \x1f",
    "+44 7700 900123",
    "@everyone",
    "'quoted' and, commas",
]


def world(target: str, script: str) -> None:
    """Three residents (one left, one agreeing to be quoted and named), their words and votes."""
    run(
        target,
        "INSERT INTO projects VALUES (?, 'Buses', ?, 1, 'test', ?, 1)",
        (PROJECT_ID, INVITE, T),
    )
    people = [(1, 111, "Amira"), (2, 222, "Ben"), (3, 333, None)]
    for pid, telegram, name in people:
        run(
            target,
            "INSERT INTO people (id, telegram_id, first_name, created_at) VALUES (?, ?, ?, ?)",
            (pid, telegram, name, T),
        )
    residents = [
        (1, 1, "AMBER-OWL", INVITE, 1, None, 1, "cy"),
        (2, 2, "BRAVE-FOX", "NORTH", 0, T + 86_400.5, 0, "en"),
        (3, 3, "CALM-ELK", INVITE, None, None, None, "en"),
    ]
    for rid, person, pseudonym, via, quote, left, name, lang in residents:
        run(
            target,
            "INSERT INTO participants (id, person_id, project_id, pseudonym, joined_via,"
            " consent_version, consented_at, may_quote, status, left_at, may_name, language)"
            " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
            (
                rid,
                person,
                PROJECT_ID,
                pseudonym,
                via,
                T + rid,
                quote,
                "left" if left else "active",
                left,
                name,
                lang,
            ),
        )
    for tag in ("carers", "north-east", "Zebra"):
        run(target, "INSERT INTO participant_tags VALUES (1, ?, ?)", (tag, T))
    run(
        target,
        "INSERT INTO codes (id, project_id, name, created_at)"
        " VALUES (1, ?, 'zeal', ?), (2, ?, 'Access \"step\"', ?)",
        (PROJECT_ID, T, PROJECT_ID, T),
    )
    answer = 0
    for rid in (1, 2, 3):
        for n, said in enumerate(SAID):
            answer += 1
            kind = "voice" if n == 3 and rid == 2 else "text"
            run(
                target,
                "INSERT INTO answers (id, participant_id, script_id, step_id, probe, kind, value,"
                " caption, created_at, superseded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer,
                    rid,
                    script,
                    f"q{n % 3 + 1}",
                    n % 2,
                    kind,
                    said,
                    said if n == 4 else None,
                    T + 60 * answer + 0.5,
                    T if answer == 5 else None,
                ),
            )
            if n < 2:
                run(
                    target,
                    "INSERT INTO answer_codes VALUES (?, 1, ?), (?, 2, ?)",
                    (answer, T, answer, T),
                )
    run(
        target,
        "INSERT INTO polls (id, project_id, question, options, why, version, created_at)"
        " VALUES (1, ?, ?, ?, ?, 2, ?)",
        (
            PROJECT_ID,
            'Which "bus"?',
            json.dumps(["Nº 1 — early", 'The "late" one', "Dim 😀"], ensure_ascii=False),
            "Why?",
            T,
        ),
    )
    for rid, chosen in ((1, "[0,2]"), (2, "[5]"), (3, "[]")):
        run(
            target,
            "INSERT INTO poll_votes VALUES (1, ?, ?, ?, NULL)",
            (rid, chosen, T + rid + 0.25),
        )
        run(
            target,
            "INSERT INTO poll_vote_history (poll_id, participant_id, option_ids, created_at)"
            " VALUES (1, ?, ?, ?)",
            (rid, chosen, T + rid),
        )
    for iid, rid, sharing, parent, shortlisted in (
        (1, 1, "approved", None, T),
        (2, 2, "private", 1, None),
        (3, 3, "pending", None, None),
    ):
        run(
            target,
            "INSERT INTO ideas (id, participant_id, kind, value, created_at, parent_id, sharing,"
            " shortlisted_at) VALUES (?, ?, 'text', ?, ?, ?, ?, ?)",
            (iid, rid, SAID[iid], T + iid, parent, sharing, shortlisted),
        )
    for rid in (1, 2):
        run(
            target,
            "INSERT INTO diary_enrolments VALUES (?, ?, 'Europe/London', '2025-06-01',"
            " '2025-06-14', NULL, ?, ?)",
            (rid, PROJECT_ID, T if rid == 2 else None, T + rid),
        )
        for day in ("2025-06-01", "2025-06-02", "2025-06-03"):
            run(
                target,
                "INSERT INTO diary_prompts VALUES (?, ?, 'evening', 'prompt', ?)",
                (rid, day, T),
            )
        for n, day in enumerate(("2025-06-01", "2025-06-02", "2025-06-03")[: 3 if rid == 1 else 2]):
            run(
                target,
                "INSERT INTO diary_entries (participant_id, local_date, local_time, status,"
                " nothing_today, touchpoint, happened_kind, happened_value, feeling, better,"
                " created_at)"
                " VALUES (?, ?, '19:30', 'complete', ?, 'bus stop', 'text', ?, ?, ?, ?)",
                (rid, day, n % 2, SAID[n], n + 1, SAID[n + 1], T + n),
            )


async def export_all(
    target: str, project: Project, fmt: str, folder: Path, **narrowed: Any
) -> dict[str, bytes]:
    request = ExportRequest(project, TABLES, fmt, identified=fmt == "csv", **narrowed)
    files = await export_to_folder(target, request, folder)
    return {p.name: p.read_bytes() for p in files}


def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_the_same_world_exports_the_same_files_on_both_engines(
    tmp_path: Path, database_url: str, fmt: str
) -> None:
    project, targets = both(tmp_path, database_url)
    found = {
        name: asyncio.run(export_all(target, project, fmt, tmp_path / name))
        for name, target in targets.items()
    }
    lite_files, pg_files = found["sqlite"], found["postgresql"]
    assert sorted(lite_files) == sorted(pg_files)
    assert len(lite_files) == (1 if fmt == "xlsx" else len(TABLES))
    for name, data in lite_files.items():
        if fmt == "xlsx":
            assert cells(tmp_path / "sqlite" / name) == cells(tmp_path / "postgresql" / name)
        else:
            assert data == pg_files[name], name
    # The world reached every table that has rows (so the comparison compared something).
    if fmt != "xlsx":
        assert len(lite_files[f"{PROJECT_ID}-answers.{fmt}"].splitlines()) > 10


async def _migrated(target: str) -> None:
    await (await Database.open(target)).close()


def both(tmp_path: Path, database_url: str) -> tuple[Project, dict[str, str]]:
    """The project, and the same world in a SQLite file and in the PostgreSQL database."""
    project = load_project(write_project(tmp_path / "projects", 3))
    targets = {"sqlite": str(tmp_path / "lite.sqlite3"), "postgresql": database_url}
    for target in targets.values():
        asyncio.run(_migrated(target))
        world(target, project.dialogue.id)
    return project, targets


def test_a_narrowed_export_is_the_same_on_both_engines(tmp_path: Path, database_url: str) -> None:
    project, targets = both(tmp_path, database_url)
    narrowed = {"since": T + 100, "until": T + 900, "cohort": Target("tag", "carers")}
    found = {
        name: asyncio.run(export_all(target, project, fmt, tmp_path / name / fmt, **narrowed))
        for name, target in targets.items()
        for fmt in ("csv", "jsonl")
    }
    assert found["sqlite"] == found["postgresql"]
    answers = found["sqlite"][f"{PROJECT_ID}-answers.jsonl"].decode().splitlines()
    assert 0 < len(answers) < len(SAID)  # only Amira's, and only some
    assert all('"AMBER-OWL"' in line for line in answers)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_same_world_reports_the_same_on_both_engines(
    tmp_path: Path, database_url: str, clock: Clock, fmt: str
) -> None:
    project, targets = both(tmp_path, database_url)
    texts = {
        name: asyncio.run(
            write_report(
                target, ExportRequest(project, (), fmt), tmp_path / f"{name}.{fmt}", clock=clock
            )
        ).read_text(encoding="utf-8")
        for name, target in targets.items()
    }
    assert texts["sqlite"] == texts["postgresql"]
    assert "Bore da!" in texts["sqlite"] and "AMBER-OWL" in texts["sqlite"]
