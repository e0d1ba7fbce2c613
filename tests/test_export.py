"""`tandem export`: pseudonymised, formula-safe, streamed files a team can open."""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from benchmarks.scenario import INVITE, PROJECT_ID, question, write_project
from bot.cli import main
from conversations.dialogue.engine import Answer, DialogueState
from conversations.export.cells import neutralised
from conversations.export.progress import Progress
from conversations.export.request import TABLES, ExportRequest
from conversations.polls.model import PollSpec
from conversations.projects import load_project
from storage.cohorts import CohortsRepository
from storage.database import Database
from storage.dialogues import DialogueRepository
from storage.diary import DiaryRepository
from storage.ideas import IdeasRepository
from storage.people import PeopleRepository
from storage.polls import PollsRepository
from storage.projects import ProjectRow, ProjectsRepository

AMIRA, BEN, CHLOE = 900000111, 900000222, 900000333
FORMULA = '=HYPERLINK("http://evil.example","click")'
LONDON = ZoneInfo("Europe/London")


def epoch(day: str) -> float:
    return datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=LONDON).timestamp()


async def seed(database: Path, project_file: Path) -> dict[str, str]:
    """Amira (tagged carers, via the invite), Ben (via NORTH) and Chloe (then forgotten)."""
    project = load_project(project_file)
    script = project.dialogue.id
    db = await Database.open(database)
    try:
        row = ProjectRow(project.id, project.title, INVITE, project.consent_version, "test")
        await ProjectsRepository(db).sync([row])
        people, dialogues = PeopleRepository(db), DialogueRepository(db)
        amira = await people.consent(AMIRA, "Amira", project.id, 1, INVITE)
        ben = await people.consent(BEN, "Ben", project.id, 1, "NORTH")
        chloe = await people.consent(CHLOE, "Chloe", project.id, 1, INVITE)
        await people.set_may_quote(amira.id, True)
        await CohortsRepository(db).tag(amira.id, "north-east")
        await CohortsRepository(db).tag(amira.id, "carers")
        state = DialogueState("q2", ("q1",))
        await dialogues.record(amira.id, script, state, [Answer("q1", "text", FORMULA)], 1, False)
        await dialogues.record(
            amira.id, script, state, [Answer("q2", "voice", "AwACAgQ-file-id")], 2, False
        )
        await dialogues.record(
            ben.id, script, state, [Answer("q1", "text", "More buses")], 3, False
        )
        await dialogues.record(chloe.id, script, state, [Answer("q1", "text", "Chloe's")], 4, False)
        ideas = IdeasRepository(db)
        await ideas.add(ben.id, "text", "+44 call me", None, 5)
        await ideas.add(amira.id, "photo", "AgACAgQ-photo", "the bench", 6)
        polls = PollsRepository(db)
        spec = PollSpec(question="Which bench?", options=("Wood", "Metal", "Stone"), why="Why?")
        poll = await polls.create(project.id, spec, "all", created_by=None, broadcast_id=None)
        await polls.record_vote(poll.id, amira.id, [0, 2], 7)
        await polls.record_vote(poll.id, chloe.id, [1], 8)
        await polls.add_followup(poll.id, amira.id, "text", "@mention me")
        diary = DiaryRepository(db)
        await diary.start_entry(ben.id, datetime(2025, 3, 1).date(), "18:00", state, 9)
        await people.forget(CHLOE)
        async with db.transaction() as conn:  # Ben's words are from an earlier month
            await conn.execute(
                "UPDATE answers SET created_at = ? WHERE participant_id = ?",
                (epoch("2025-01-15"), ben.id),
            )
            await conn.execute(
                "UPDATE answers SET created_at = ? WHERE participant_id = ?",
                (epoch("2025-03-10"), amira.id),
            )
        return {"amira": amira.pseudonym, "ben": ben.pseudonym, "chloe": chloe.pseudonym}
    finally:
        await db.close()


def make_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A seeded database and project folder, named by the environment; cwd is tmp_path.

    Returns the pseudonyms by first name (the other test_export_* modules use it too).
    """
    projects = tmp_path / "projects"
    project_file = write_project(projects, 3)
    database = tmp_path / "data" / "tandem.sqlite3"
    pseudonyms = asyncio.run(seed(database, project_file))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("PROJECTS_DIR", str(projects))
    return pseudonyms


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The seeded world of ``make_world``."""
    return make_world(tmp_path, monkeypatch)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_all_tables_as_csv_are_pseudonymised(world: dict[str, str], tmp_path: Path) -> None:
    assert main(["export", PROJECT_ID, "--output", "out"]) == 0
    out = tmp_path / "out"
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{PROJECT_ID}-{t}.csv" for t in TABLES)
    participants = read_csv(out / f"{PROJECT_ID}-participants.csv")
    assert [(p["pseudonym"], p["joined_via"], p["may_quote"], p["tags"]) for p in participants] == [
        (world["amira"], INVITE, "yes", "carers; north-east"),
        (world["ben"], "NORTH", "", ""),
    ]
    assert participants[0]["status"] == "active" and participants[0]["consented_on"]
    answers = read_csv(out / f"{PROJECT_ID}-answers.csv")
    assert [(a["pseudonym"], a["step_id"], a["question"], a["value"]) for a in answers] == [
        (world["amira"], "q1", question(1), "'" + FORMULA),
        (world["amira"], "q2", question(2), "[voice note]"),
        (world["ben"], "q1", question(1), "More buses"),
    ]
    assert answers[0]["answered_at"] == "2025-03-10T12:00:00Z"
    ideas = read_csv(out / f"{PROJECT_ID}-ideas.csv")
    assert [(i["pseudonym"], i["value"], i["caption"]) for i in ideas] == [
        (world["ben"], "'+44 call me", ""),
        (world["amira"], "[photo]", "the bench"),
    ]
    votes = read_csv(out / f"{PROJECT_ID}-votes.csv")
    assert [(v["pseudonym"], v["question"], v["chosen"]) for v in votes] == [
        (world["amira"], "Which bench?", "Wood; Stone")
    ]
    followups = read_csv(out / f"{PROJECT_ID}-followups.csv")
    assert [(f["pseudonym"], f["value"]) for f in followups] == [(world["amira"], "'@mention me")]
    # "question" is the follow-up they answered; the poll's own question has its column.
    assert [(f["question"], f["poll_question"]) for f in followups] == [("Why?", "Which bench?")]
    diary = read_csv(out / f"{PROJECT_ID}-diary.csv")
    assert [(d["pseudonym"], d["date"], d["status"]) for d in diary] == [
        (world["ben"], "2025-03-01", "open")
    ]
    assert read_csv(out / f"{PROJECT_ID}-checkins.csv") == []
    everything = "".join(p.read_text(encoding="utf-8-sig") for p in out.iterdir())
    for secret in ("Amira", "Ben", "Chloe", str(AMIRA), str(BEN), str(CHLOE)):
        assert secret not in everything
    assert world["chloe"] not in everything  # erased: not even her pseudonym
    assert "file-id" not in everything and "AgACAgQ" not in everything


def test_jsonl_keeps_values_as_stored(world: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "answers.jsonl"
    args = ["export", PROJECT_ID, "--format", "jsonl", "--table", "answers", "--output"]
    assert main([*args, str(target)]) == 0
    rows = read_jsonl(target)
    assert rows[0]["value"] == FORMULA  # JSON is not run by spreadsheets: left as said
    assert rows[0]["probe"] is False and rows[1]["value"] == "[voice note]"
    assert {r["pseudonym"] for r in rows} == {world["amira"], world["ben"]}
    assert not list(tmp_path.glob("*.part"))


def test_date_filters(world: dict[str, str], tmp_path: Path) -> None:
    base = ["export", PROJECT_ID, "--table", "answers", "--format", "jsonl", "--output"]
    assert main([*base, "march.jsonl", "--since", "2025-03-01"]) == 0
    assert {r["pseudonym"] for r in read_jsonl(tmp_path / "march.jsonl")} == {world["amira"]}
    assert main([*base, "jan.jsonl", "--until", "2025-01-15"]) == 0
    assert {r["pseudonym"] for r in read_jsonl(tmp_path / "jan.jsonl")} == {world["ben"]}
    assert main([*base, "none.jsonl", "--since", "2025-01-16", "--until", "2025-03-09"]) == 0
    assert read_jsonl(tmp_path / "none.jsonl") == []


def test_cohort_filters(world: dict[str, str], tmp_path: Path) -> None:
    base = ["export", PROJECT_ID, "--table", "participants", "--output"]
    assert main([*base, "carers.csv", "--cohort", "tag:carers"]) == 0
    assert [p["pseudonym"] for p in read_csv(tmp_path / "carers.csv")] == [world["amira"]]
    assert main([*base, "north.csv", "--cohort", "joined:north"]) == 0
    assert [p["pseudonym"] for p in read_csv(tmp_path / "north.csv")] == [world["ben"]]


def test_standard_output(world: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", PROJECT_ID, "--table", "ideas", "--output", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "pseudonym,kind,value,caption,shared_at"
    assert "ideas: 2 rows -> standard output" in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "There is no project 'nowhere'"),
        ([PROJECT_ID, "--format", "md", "--identified"], "never names anyone"),
        ([PROJECT_ID, "--format", "html", "--output", "-"], "can't go to standard output"),
        ([PROJECT_ID, "--since", "March"], "is not a date"),
        ([PROJECT_ID, "--cohort", "all"], "--cohort must be tag:NAME or joined:CODE"),
        ([PROJECT_ID, "--output", "-"], "Only one table can go to standard output"),
    ],
)
def test_mistakes_give_one_clear_line(
    world: dict[str, str], capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["export", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tandem: ") and message in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message", "choice"),
    [
        (["--format", "pdf"], "argument --format: invalid choice: 'pdf' (choose from", "'xlsx'"),
        (["--table", "people"], "argument --table: invalid choice: 'people'", "'updates'"),
    ],
)
def test_unknown_format_or_table_lists_the_choices(
    world: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
    choice: str,
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", PROJECT_ID, *args])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert message in err and choice in err
    assert not list(Path().glob(f"{PROJECT_ID}*"))  # nothing written


def test_export_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for option in ("--format", "--table", "--since", "--until", "--cohort", "--output"):
        assert option in out
    assert "xlsx" in out and "updates" in out and "vote_history" in out


def test_no_database_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path / "projects", 1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing.sqlite3'}")
    monkeypatch.setenv("PROJECTS_DIR", str(tmp_path / "projects"))
    assert main(["export", PROJECT_ID]) == 2
    assert not (tmp_path / "missing.sqlite3").exists()


def test_neutralising_and_progress() -> None:
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralised(cell) == "'" + cell
    assert neutralised("fine = good") == "fine = good" and neutralised(-1) == -1
    lines: list[str] = []
    now = [0.0]
    progress = Progress(lines.append, every_rows=100, every_seconds=1.0, clock=lambda: now[0])
    progress.start("answers")
    progress.update("answers", 50)
    progress.update("answers", 100)
    now[0] = 2.0
    progress.update("answers", 120)
    assert lines == ["answers: 100 rows", "answers: 120 rows"]


def test_export_reads_no_people(world: dict[str, str], tmp_path: Path) -> None:
    # The streaming queries select pseudonyms only: none of them touches `people`, unless
    # names are asked for, and then only participants' first_name (where may_name = 1).
    from storage.export_sql import table_query

    project = load_project(tmp_path / "projects" / f"{PROJECT_ID}.yaml")
    for identified in (False, True):
        request = ExportRequest(project, TABLES, "csv", identified=identified)
        for table in TABLES:
            sql = table_query(table, request)[0]
            assert "telegram_id" not in sql
            names = identified and table == "participants"
            assert ("people" in sql) is names, table
            if names:
                assert "n.first_name FROM people n" in sql and "q.may_name = 1" in sql
    assert sqlite3.sqlite_version  # the export reads the bot's file directly (WAL)
