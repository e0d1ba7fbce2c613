"""`--identified` names only residents who chose it; `--format md|html` writes the report."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from benchmarks.scenario import PROJECT_ID
from bot.cli import main
from conversations.export.tables import COLUMNS
from storage.database import Database
from storage.people import PeopleRepository
from tests.test_export import AMIRA, BEN, make_world, read_csv, read_jsonl


async def name_amira(database: Path) -> None:
    """Amira chooses "use my first name too"; Ben never said (quoted or named: no)."""
    db = await Database.open(database)
    try:
        people = PeopleRepository(db)
        amira = await people.participant(AMIRA, PROJECT_ID)
        assert amira is not None
        await people.set_may_quote(amira.id, True, may_name=True)
    finally:
        await db.close()


@pytest.fixture
def named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    pseudonyms = make_world(tmp_path, monkeypatch)
    asyncio.run(name_amira(tmp_path / "data" / "tandem.sqlite3"))
    return pseudonyms


def everything_written(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8-sig") for p in sorted(folder.iterdir()))


def test_identified_names_only_those_who_agreed(
    named: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", PROJECT_ID, "--identified", "--output", "out/"]) == 0
    assert "first names only of residents who agreed" in capsys.readouterr().err
    people = {r["pseudonym"]: r for r in read_csv(Path("out") / f"{PROJECT_ID}-participants.csv")}
    assert people[named["amira"]]["first_name"] == "Amira"
    assert people[named["amira"]]["may_name"] == "yes"
    assert people[named["ben"]]["first_name"] == ""  # never agreed: still only a pseudonym
    assert named["chloe"] not in people  # erased
    written = everything_written(Path("out"))
    assert written.count("Amira") == 1  # the one cell she agreed to, nowhere else
    assert "Ben" not in written and "Chloe" not in written
    assert str(AMIRA) not in written and str(BEN) not in written


def test_identified_jsonl_keeps_null_for_the_unnamed(named: dict[str, str]) -> None:
    args = ["--identified", "--format", "jsonl", "--table", "participants", "--output", "p.jsonl"]
    assert main(["export", PROJECT_ID, *args]) == 0
    rows = {r["pseudonym"]: r for r in read_jsonl(Path("p.jsonl"))}
    assert rows[named["amira"]]["first_name"] == "Amira"
    assert rows[named["ben"]]["first_name"] is None


def test_without_identified_there_is_no_name_column(named: dict[str, str]) -> None:
    assert main(["export", PROJECT_ID, "--output", "out/"]) == 0
    rows = read_csv(Path("out") / f"{PROJECT_ID}-participants.csv")
    assert "first_name" not in rows[0]
    assert {r["may_name"] for r in rows} == {"yes", ""}  # the choice itself is not a name
    assert "Amira" not in everything_written(Path("out"))


@pytest.mark.parametrize("export_format", ["md", "html"])
def test_the_report_from_the_command_line(
    named: dict[str, str], capsys: pytest.CaptureFixture[str], export_format: str
) -> None:
    assert main(["export", PROJECT_ID, "--format", export_format, "--output", "team/"]) == 0
    path = Path("team") / f"{PROJECT_ID}.{export_format}"
    err = capsys.readouterr().err
    assert "report: reading the answers for themes and quotes" in err  # progress, stage by stage
    assert f"summary report -> {path}" in err
    # Charts are inlined as base64, whose letters may spell anything: look at the words only.
    text = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", path.read_text("utf-8"))
    assert "More buses" not in text  # Ben never agreed to be quoted
    assert named["ben"] not in text
    for name, telegram_id in (("Amira", AMIRA), ("Ben", BEN)):
        assert name not in text and str(telegram_id) not in text
    assert not list(Path("team").glob("*.part"))
    if export_format == "html":
        assert text.lstrip().lower().startswith("<!doctype html>")


def speaks_welsh(database: Path, telegram_id: int) -> None:
    """The resident switched their participation to Welsh."""
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE participants SET language = 'cy' WHERE person_id ="
            " (SELECT id FROM people WHERE telegram_id = ?)",
            (telegram_id,),
        )


def test_answers_and_participants_carry_the_language_never_beside_a_name(
    named: dict[str, str], tmp_path: Path
) -> None:
    speaks_welsh(tmp_path / "data" / "tandem.sqlite3", AMIRA)
    assert main(["export", PROJECT_ID, "--output", "out/"]) == 0
    for table in ("participants", "answers"):
        rows = read_csv(Path("out") / f"{PROJECT_ID}-{table}.csv")
        spoken = {r["pseudonym"]: r["language"] for r in rows}
        assert spoken == {named["amira"]: "cy", named["ben"]: "en"}, table
    assert main(["export", PROJECT_ID, "--identified", "--format", "xlsx", "--output", "x/"]) == 0
    book = load_workbook(Path("x") / f"{PROJECT_ID}.xlsx", read_only=True)
    headers = {sheet.title: next(sheet.iter_rows(values_only=True)) for sheet in book}
    assert "first_name" in headers["participants"] and "language" in [
        c.name for c in COLUMNS["answers"]
    ]
    assert not [title for title, header in headers.items() if "language" in header]


def test_the_report_in_welsh_from_the_command_line(
    named: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    speaks_welsh(tmp_path / "data" / "tandem.sqlite3", AMIRA)
    for export_format in ("html", "md"):
        args = ["--format", export_format, "--language", "cy", "--output", "team/"]
        assert main(["export", PROJECT_ID, *args]) == 0
    page = (Path("team") / f"{PROJECT_ID}.html").read_text("utf-8")
    assert '<html lang="cy">' in page  # Welsh is written left to right: no dir="rtl"
    for heading in ("Adroddiad cryno:", "Pwy gymerodd ran", "Sut i ddarllen yr adroddiad hwn"):
        assert heading in page
    assert "Who took part" not in page and "How to read this report" not in page
    markdown = (Path("team") / f"{PROJECT_ID}.md").read_text("utf-8")
    assert markdown.startswith("# Adroddiad cryno:") and "## Preifatrwydd" in markdown
    # An answer in Welsh and one in English: counted apart, each language's themes listed.
    assert "Atebion ysgrifenedig ym mhob iaith: Cymraeg 1, Saesneg 1." in markdown
    assert "**Themâu sy'n codi dro ar ôl tro: Cymraeg**" in markdown
    assert "No translation" not in capsys.readouterr().err


def test_tables_refuse_a_report_language(
    named: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", PROJECT_ID, "--language", "cy", "--output", "out/"]) == 2
    assert "--language chooses the summary report's language" in capsys.readouterr().err
