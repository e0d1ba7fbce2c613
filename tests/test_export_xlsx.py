"""`tandem export --format xlsx`: one workbook, a sheet per table, nothing a spreadsheet runs."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from benchmarks.scenario import INVITE, PROJECT_ID, question
from bot.cli import main
from conversations.export.formats import TIME_FORMAT, Workbook
from conversations.export.request import TABLES
from conversations.export.tables import COLUMNS
from storage.database import Database
from storage.ideas import IdeasRepository
from storage.people import PeopleRepository
from tests.test_export import AMIRA, BEN, CHLOE, FORMULA, make_world, read_csv, read_jsonl

SAID = {  # what residents typed -> what a spreadsheet shows
    "=SUM(A1)": "'=SUM(A1)",
    "@cmd": "'@cmd",
    "-2+3": "'-2+3",
    "\tindented": "'\tindented",
    # XML keeps tabs and line breaks (reading it back turns CR LF into LF), not the rest.
    "bell\x07 and\x00 null\x1b, tab\tand\nlines\r\nkept": "bell and null, tab\tand\nlines\nkept",
}


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    return make_world(tmp_path, monkeypatch)


def sheet_rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    """A sheet's rows as dicts keyed by its header row."""
    book = openpyxl.load_workbook(path)
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_one_workbook_a_sheet_per_table(world: dict[str, str], tmp_path: Path) -> None:
    assert main(["export", PROJECT_ID, "--format", "xlsx", "--output", "out"]) == 0
    path = tmp_path / "out" / f"{PROJECT_ID}.xlsx"
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(TABLES)
    answers = book["answers"]
    header = next(answers.iter_rows(min_row=1, max_row=1))
    assert [c.value for c in header] == [c.name for c in COLUMNS["answers"]]
    assert all(c.font.bold for c in header) and answers.freeze_panes == "A2"
    widths = {
        c.name: answers.column_dimensions[chr(65 + n)].width
        for n, c in enumerate(COLUMNS["answers"])
    }
    assert widths["question"] > widths["pseudonym"] >= len("pseudonym")

    rows = sheet_rows(path, "answers")
    assert [(r["pseudonym"], r["step_id"], r["question"], r["value"]) for r in rows] == [
        (world["amira"], "q1", question(1), "'" + FORMULA),
        (world["amira"], "q2", question(2), "[voice note]"),
        (world["ben"], "q1", question(1), "More buses"),
    ]
    first = answers.cell(row=2, column=6)
    assert first.data_type == "s"  # text, never a formula
    assert rows[0]["answered_at"] == datetime(2025, 3, 10, 12, 0)  # a real time, UTC
    assert answers.cell(row=2, column=8).number_format == TIME_FORMAT
    assert rows[0]["probe"] == "no"  # yes/no, as in CSV
    participants = sheet_rows(path, "participants")
    assert [(p["pseudonym"], p["joined_via"], p["may_quote"], p["tags"]) for p in participants] == [
        (world["amira"], INVITE, "yes", "carers; north-east"),
        (world["ben"], "NORTH", None, None),
    ]
    assert [(v["pseudonym"], v["chosen"]) for v in sheet_rows(path, "votes")] == [
        (world["amira"], "Wood; Stone")
    ]
    assert sheet_rows(path, "checkins") == [] and sheet_rows(path, "updates") == []

    everything = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    for secret in ("Amira", "Ben", "Chloe", str(AMIRA), str(BEN), str(CHLOE), world["chloe"]):
        assert not any(secret in value for value in everything)  # erased Chloe: not at all
    assert not any("file-id" in value or "AgACAgQ" in value for value in everything)


async def add_ideas(database: Path, texts: list[str]) -> None:
    db = await Database.open(database)
    try:
        amira = await PeopleRepository(db).participant(AMIRA, PROJECT_ID)
        assert amira is not None
        for n, text in enumerate(texts):
            await IdeasRepository(db).add(amira.id, "text", text, text, 100 + n)
    finally:
        await db.close()


def test_formulas_defused_and_control_characters_stripped(
    world: dict[str, str], tmp_path: Path
) -> None:
    asyncio.run(add_ideas(tmp_path / "data" / "tandem.sqlite3", list(SAID)))
    args = ["export", PROJECT_ID, "--table", "ideas", "--output"]
    assert main([*args, "ideas.xlsx", "--format", "xlsx"]) == 0
    book = openpyxl.load_workbook(tmp_path / "ideas.xlsx")
    assert book.sheetnames == ["ideas"]
    cells = list(book["ideas"].iter_rows(min_row=4))  # after Ben's and Amira's first ideas
    assert [(c[2].value, c[3].value) for c in cells] == [(v, v) for v in SAID.values()]
    assert {c.data_type for row in cells for c in row[2:4]} == {"s"}

    # CSV defuses the same cells; JSON Lines keeps what was said, exactly.
    assert main([*args, "ideas.csv"]) == 0
    said = [r["value"] for r in read_csv(tmp_path / "ideas.csv")[2:]]
    assert said[:4] == list(SAID.values())[:4]
    assert said[4] == list(SAID)[4]  # CSV can hold control characters
    assert main([*args, "ideas.jsonl", "--format", "jsonl"]) == 0
    assert [r["value"] for r in read_jsonl(tmp_path / "ideas.jsonl")[2:]] == list(SAID)


def test_a_table_longer_than_a_sheet_goes_on_in_the_next() -> None:
    book = Workbook(sheet_rows=3)  # a header and two rows per sheet
    sheet = book.sheet("answers")
    sheet.header(COLUMNS["ideas"])
    sheet.rows([(f"P-{n}", "text", f"idea {n}", None, 1_741_608_000 + n) for n in range(5)])
    out = io.BytesIO()
    book.save(out)
    read = openpyxl.load_workbook(out)
    assert read.sheetnames == ["answers", "answers (2)", "answers (3)"]
    values = [
        [row[0] for row in read[name].iter_rows(values_only=True)] for name in read.sheetnames
    ]
    assert values == [
        ["pseudonym", "P-0", "P-1"],
        ["pseudonym", "P-2", "P-3"],
        ["pseudonym", "P-4"],
    ]


def test_workbook_file_names(world: dict[str, str], tmp_path: Path) -> None:
    assert main(["export", PROJECT_ID, "--format", "xlsx"]) == 0
    assert (tmp_path / f"{PROJECT_ID}.xlsx").is_file()
    assert main(["export", PROJECT_ID, "--format", "xlsx", "--output", "named.xlsx"]) == 0
    assert openpyxl.load_workbook(tmp_path / "named.xlsx").sheetnames == list(TABLES)
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("-", "An XLSX workbook can't go to standard output"),
        ("answers.csv", "answers.csv is not a workbook name: give --output a name ending .xlsx"),
    ],
)
def test_workbook_needs_a_workbook_name(
    world: dict[str, str], capsys: pytest.CaptureFixture[str], output: str, message: str
) -> None:
    assert main(["export", PROJECT_ID, "--format", "xlsx", "--output", output]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tandem: ") and message in err and len(err.splitlines()) == 1
    assert not Path(output).exists()


def test_dates_numbers_and_every_part_well_formed() -> None:
    from datetime import date
    from xml.etree import ElementTree
    from zipfile import ZipFile

    from conversations.export.tables import Column

    book = Workbook()
    sheet = book.sheet("mixed")
    columns = (
        Column("day", "date"),
        Column("n", "number"),
        Column("at", "time"),
        Column("said", "text"),
    )
    sheet.header(columns)
    sheet.rows(
        [
            ("2025-03-10", 3, 1_741_608_000.7, "a < b & c > d"),
            ("not a day", 2.5, None, "  spaced  "),
            ("1900-01-01", None, 0, 42),
        ]
    )
    out = io.BytesIO()
    book.save(out)
    with ZipFile(out) as package:
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))  # raises on XML that isn't
    read = openpyxl.load_workbook(out)["mixed"]
    assert list(read.iter_rows(min_row=2, values_only=True)) == [
        (datetime(2025, 3, 10), 3, datetime(2025, 3, 10, 12, 0), "a < b & c > d"),
        ("not a day", 2.5, None, "  spaced  "),
        (datetime(1900, 1, 1), None, datetime(1970, 1, 1), 42),
    ]
    assert read.cell(row=2, column=1).number_format == "yyyy-mm-dd"
    assert read.cell(row=2, column=1).value.date() == date(2025, 3, 10)


@pytest.mark.parametrize("end", ["save", "discard"])
def test_nothing_left_behind_saved_or_discarded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: str
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"  # tempfile's folder, where the rows wait until saved
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    book = Workbook(sheet_rows=3)
    sheet = book.sheet("ideas")
    sheet.header(COLUMNS["ideas"])
    sheet.rows([(f"P-{n}", "text", f"idea {n}", None, 1_741_608_000) for n in range(5)])
    rows_files = [p for p in scratch.rglob("*") if p.is_file()]
    assert len(rows_files) == 3  # a sheet's rows go to a file as they come, not to memory
    out = io.BytesIO()
    if end == "save":
        book.save(out)
        assert openpyxl.load_workbook(out).sheetnames == ["ideas", "ideas (2)", "ideas (3)"]
    else:
        book.discard()
        assert out.getvalue() == b""
    assert list(scratch.iterdir()) == []
