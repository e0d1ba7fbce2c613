"""Progress of an export: counted totals, plain lines in logs, a bar on a terminal."""

from __future__ import annotations

import asyncio
import fcntl
import io
import os
import pty
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from benchmarks.scenario import PROJECT_ID
from bot.cli import main
from conversations.export.progress import Progress, ProgressBar
from conversations.export.request import TABLES, ExportRequest, day_start, parse_cohort
from conversations.projects import load_project
from storage.export import export_to_folder
from tests.test_export import make_world, read_csv, read_jsonl

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    return make_world(tmp_path, monkeypatch)


class Recorder:
    """Every progress call, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, int | None]] = []

    def start(self, table: str, total: int | None = None) -> None:
        self.calls.append(("start", table, total))

    def update(self, table: str, rows: int) -> None:
        self.calls.append(("update", table, rows))

    def finish(self, table: str, rows: int) -> None:
        self.calls.append(("finish", table, rows))


@pytest.mark.parametrize("export_format", ["csv", "jsonl", "xlsx"])
@pytest.mark.parametrize(
    ("since", "cohort"), [(None, None), ("2025-03-01", None), (None, "joined:north")]
)
def test_totals_counted_first_match_the_rows_written(
    world: dict[str, str],
    tmp_path: Path,
    export_format: str,
    since: str | None,
    cohort: str | None,
) -> None:
    project = load_project(tmp_path / "projects" / f"{PROJECT_ID}.yaml")
    request = ExportRequest(
        project,
        TABLES,
        export_format,
        since=day_start(since, ZoneInfo(project.timezone)),
        cohort=parse_cohort(cohort),
    )
    recorder = Recorder()
    database = str(tmp_path / "data" / "tandem.sqlite3")
    paths = asyncio.run(export_to_folder(database, request, tmp_path / "out", progress=recorder))
    if export_format == "xlsx":
        assert paths == [tmp_path / "out" / f"{PROJECT_ID}.xlsx"]
    else:
        assert paths == [tmp_path / "out" / f"{PROJECT_ID}-{t}.{export_format}" for t in TABLES]
    starts = [(table, total) for kind, table, total in recorder.calls if kind == "start"]
    finishes = [(table, rows) for kind, table, rows in recorder.calls if kind == "finish"]
    assert [t for t, _ in starts] == list(TABLES) and starts == finishes
    if export_format == "csv":
        written = {t: len(read_csv(tmp_path / "out" / f"{PROJECT_ID}-{t}.csv")) for t in TABLES}
        assert dict(finishes) == written
    if export_format == "xlsx":
        sheets = openpyxl.load_workbook(paths[0])
        assert {t: sheets[t].max_row - 1 for t in TABLES} == dict(finishes)  # header row off
    if export_format == "jsonl":
        answers = read_jsonl(tmp_path / "out" / f"{PROJECT_ID}-answers.jsonl")
        assert len(answers) == dict(finishes)["answers"]
    expected = {None: 3, "2025-03-01": 2}[since] if cohort is None else 1  # Ben's alone
    assert dict(finishes)["answers"] == expected


def test_plain_lines_with_the_total() -> None:
    lines: list[str] = []
    now = [0.0]
    progress = Progress(lines.append, every_rows=100, every_seconds=1.0, clock=lambda: now[0])
    progress.start("answers", 250)
    progress.update("answers", 50)
    progress.update("answers", 150)
    now[0] = 2.0
    progress.update("answers", 170)
    progress.finish("answers", 250)
    assert lines == ["answers: 150 of 250 rows", "answers: 170 of 250 rows"]


def test_a_bar_with_total_and_rate() -> None:
    out = io.StringIO()
    bar = ProgressBar(out)
    bar.start("answers", 3)
    bar.update("answers", 2)
    bar.finish("answers", 3)
    shown = out.getvalue()
    assert "answers" in shown and "3/3" in shown and "100%" in shown and "rows/s" in shown


def test_no_terminal_no_bar(world: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", PROJECT_ID, "--output", "out"]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and "rows/s" not in err and "%" not in err  # log-friendly lines
    assert err.splitlines()[0] == f"participants: 2 rows -> out/{PROJECT_ID}-participants.csv"


def test_a_terminal_gets_a_bar(world: dict[str, str], tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "export", PROJECT_ID, "--table", "answers"],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal,
            timeout=60,
            check=False,
        )
    finally:
        os.close(terminal)
    shown = b""
    try:
        while chunk := os.read(controller, 4096):
            shown += chunk
    except OSError:  # the terminal's other end is closed: everything was read
        pass
    finally:
        os.close(controller)
    assert done.returncode == 0
    text = shown.decode()
    assert "answers: 100%" in text and "3/3" in text and "rows/s" in text
    assert f"answers: 3 rows -> {PROJECT_ID}-answers.csv" in text
    assert len(read_csv(tmp_path / f"{PROJECT_ID}-answers.csv")) == 3


async def export_then_cancel(database: Path, request: ExportRequest, folder: Path) -> None:
    """Cancel the export when its first batch is written (Ctrl+C, or the bot stopping)."""

    class CancelAtFirstBatch(Recorder):
        def update(self, table: str, rows: int) -> None:
            super().update(table, rows)
            task.cancel()

    task = asyncio.create_task(
        export_to_folder(str(database), request, folder, progress=CancelAtFirstBatch())
    )
    with pytest.raises(asyncio.CancelledError):
        await task


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_cancelled_export_leaves_no_file(
    world: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, export_format: str
) -> None:
    scratch = tmp_path / "tmp"  # where the workbook's temporary files go (tempfile's folder)
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    database = tmp_path / "data" / "tandem.sqlite3"
    with sqlite3.connect(database) as conn:  # 60,000 answers: six batches
        conn.executemany(
            "INSERT INTO answers (participant_id, script_id, step_id, kind, value, created_at)"
            " SELECT id, 'load', 'q1', 'text', ?, 0 FROM participants LIMIT 1",
            ((f"answer {n}",) for n in range(60_000)),
        )
    project = load_project(tmp_path / "projects" / f"{PROJECT_ID}.yaml")
    request = ExportRequest(project, ("answers",), export_format)
    asyncio.run(export_then_cancel(database, request, tmp_path / "out"))
    assert list((tmp_path / "out").iterdir()) == []  # neither a file nor a .part
    assert list(scratch.iterdir()) == []  # the rows written so far are gone too
