"""Exports at scale: a project with 1,000,000 stored answers, to CSV, JSON Lines and XLSX.

Prints each format's export time (target < 15 s for CSV and JSON Lines), the cost of
counting the rows first (the progress bar's total), and the process's peak memory (target
< 200 MB, RSS, which covers the seeding too). XLSX runs on every answer, and on a slice
side by side with the code of ``--baseline`` (a commit, default the one before XlsxWriter:
openpyxl's write-only mode, a cell object at a time). Then the summary report (md and html:
themes, quotes from the half of residents who agreed, charts) over the same answers, side
by side with the baseline's. The baseline runs in a subprocess on the same database, from
``git archive`` of its commit. Seeding goes straight into SQLite with executemany (setup,
not measured); the exports run the same code as `tandem export`, progress included.
Run: .venv/bin/python benchmarks/export.py [--answers 1000000] [--xlsx-answers 100000]
     [--baseline COMMIT | --baseline '']
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# The code measured: this tree, or a baseline's (a subprocess given TANDEM_BENCH_CODE).
sys.path.insert(0, os.environ.get("TANDEM_BENCH_CODE") or str(Path(__file__).parent.parent))

from benchmarks.scenario import INVITE, PROJECT_ID, write_project
from conversations.export.request import ExportRequest, output_paths
from conversations.projects import Project, load_project
from storage.database import Database
from storage.export import export_to_files
from storage.export_sql import count_query, temp_tables
from storage.report import write_report

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = 20
PER_RESIDENT = 100
SEEDED_AT = 1_750_000_000.0  # answers are stored a second apart from here
BASELINE = "9b19728"  # openpyxl's XLSX, and the report before its faster themes


async def migrate(database: Path) -> None:
    """An empty, migrated database."""
    db = await Database.open(database)
    await db.close()


def seed(database: Path, answers: int) -> None:
    """Residents with PER_RESIDENT answers each (some of them would-be formulas)."""
    residents = max(1, answers // PER_RESIDENT)
    now = SEEDED_AT
    conn = sqlite3.connect(database)
    with conn:
        conn.execute(
            "INSERT INTO projects (id, title, invite_code, consent_version, source, synced_at)"
            " VALUES (?, 'Load test', ?, 1, 'bench', ?)",
            (PROJECT_ID, INVITE, now),
        )
        conn.executemany(
            "INSERT INTO people (id, telegram_id, first_name, created_at) VALUES (?, ?, ?, ?)",
            ((n, 10_000_000 + n, f"Resident {n}", now) for n in range(1, residents + 1)),
        )
        conn.executemany(
            "INSERT INTO participants (id, person_id, project_id, pseudonym, joined_via,"
            " consent_version, consented_at) VALUES (?, ?, ?, ?, ?, 1, ?)",
            ((n, n, PROJECT_ID, f"P-{n:06X}", INVITE, now) for n in range(1, residents + 1)),
        )

        def rows() -> Iterator[tuple[object, ...]]:
            for n in range(answers):
                step = n % QUESTIONS + 1
                value = "=1+1" if n % 50 == 0 else f"Answer {n}: the buses should run later"
                yield (n % residents + 1, "load", f"q{step}", "text", value, n, now + n)

        conn.executemany(
            "INSERT INTO answers (participant_id, script_id, step_id, kind, value,"
            " source_update_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
    conn.close()


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def export_once(
    database: Path, folder: Path, project: Project, fmt: str, since: float | None
) -> tuple[int, float, float]:
    """One table ``answers`` in ``fmt`` as `tandem export` writes it: rows, seconds, MB."""
    request = ExportRequest(project, ("answers",), fmt, since=since)
    targets = output_paths(project.id, request.tables, fmt, str(folder / "out"))
    lines: list[str] = []
    started = time.perf_counter()
    counts = await export_to_files(str(database), request, targets, lines.append)
    elapsed = time.perf_counter() - started
    path = targets["answers"]
    assert path is not None
    size = path.stat().st_size / 1e6
    path.unlink()
    return counts["answers"], elapsed, size


async def report_once(database: Path, folder: Path, project: Project, fmt: str) -> float:
    """The summary report in ``fmt``, as `tandem export --format md|html` writes it."""
    target = folder / f"report.{fmt}"
    started = time.perf_counter()
    await write_report(database, ExportRequest(project, (), fmt), target)
    return time.perf_counter() - started


def slice_since(answers: int, xlsx_answers: int) -> float | None:
    """The window holding the last ``xlsx_answers`` (stored a second apart from SEEDED_AT)."""
    return SEEDED_AT + answers - xlsx_answers if xlsx_answers < answers else None


def baseline(commit: str, folder: Path, database: Path, args: argparse.Namespace) -> dict:
    """The baseline commit's code measured in a subprocess, on the same rows seeded into a
    database of its own schema (a newer database would carry migrations it does not know)."""
    code = folder / "baseline"
    code.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    env = {**os.environ, "TANDEM_BENCH_CODE": str(code)}
    done = subprocess.run(
        [
            *(sys.executable, __file__, "--measure", str(code / "tandem.sqlite3")),
            *("--answers", str(args.answers), "--xlsx-answers", str(args.xlsx_answers)),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


async def measure(database: Path, answers: int, xlsx_answers: int) -> dict:
    """XLSX on the slice and both reports with the code on sys.path (the baseline's)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = load_project(write_project(folder / "projects", QUESTIONS))
        since = slice_since(answers, xlsx_answers)
        _, xlsx, _ = await export_once(database, folder, project, "xlsx", since)
        found = {"xlsx": xlsx}
        for fmt in ("md", "html"):
            found[fmt] = await report_once(database, folder, project, fmt)
    return {**found, "peak": peak_mb()}


async def export(database: Path, folder: Path, args: argparse.Namespace) -> None:
    """Each format in turn, as `tandem export --table answers` runs it (progress counted)."""
    answers, xlsx_answers = args.answers, args.xlsx_answers
    project = load_project(write_project(folder / "projects", QUESTIONS))
    print(f"export: {answers:,} answers, one project, via `tandem export`'s code path")
    request = ExportRequest(project, ("answers",), "csv")
    sql, params = count_query("answers", request)
    conn = sqlite3.connect(database)
    for statement in temp_tables("sqlite"):  # as the export's own connection has them
        conn.execute(statement)
    started = time.perf_counter()
    conn.execute(sql, params).fetchone()
    conn.close()
    print(f"  count first (progress total) {time.perf_counter() - started:6.2f} s")
    for fmt in ("csv", "jsonl", "xlsx"):
        rows, elapsed, size = await export_once(database, folder, project, fmt, None)
        assert rows == answers, rows
        note = "(target < 15 s)" if fmt != "xlsx" else f"({rows / elapsed:,.0f} rows/s)"
        print(f"  {fmt:<6} {rows:>10,} rows  {elapsed:6.2f} s  {size:7.1f} MB file  {note}")
    with sqlite3.connect(database) as conn:  # every other resident agreed to be quoted
        conn.execute("UPDATE participants SET may_quote = id % 2")
    conn.close()
    now = await measure(database, answers, xlsx_answers)
    before = baseline(args.baseline, folder, database, args) if args.baseline else None
    rows = min(xlsx_answers, answers)
    print(f"side by side: {rows:,}-row XLSX slice and the summary report over {answers:,}")
    print(f"  {'':<22}{'now':>12}{'baseline ' + args.baseline if before else '':>22}  ratio")
    rate = rows / now["xlsx"]
    old_rate = rows / before["xlsx"] if before else 0
    ratio = f"{rate / old_rate:6.1f}x" if before else ""
    was = f"{old_rate:>14,.0f} rows/s" if before else ""
    print(f"  {'xlsx (target 20,000)':<22}{rate:>7,.0f} rows/s{was}  {ratio}")
    for fmt in ("md", "html"):
        ratio = f"{before[fmt] / now[fmt]:6.1f}x" if before else ""
        was = f"{before[fmt]:>16.2f} s" if before else ""
        print(f"  {'report ' + fmt + ' (target 8 s)':<22}{now[fmt]:>9.2f} s{was}  {ratio}")
    was = f"{before['peak']:>15.0f} MB" if before else ""
    print(f"  {'peak memory (RSS)':<22}{peak_mb():>8.0f} MB{was}  (target < 200 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--xlsx-answers", type=int, default=100_000)
    parser.add_argument("--baseline", default=BASELINE, help="a commit; '' for none")
    parser.add_argument("--measure", metavar="DATABASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # the baseline's side, in a subprocess: one JSON line
        database = Path(args.measure)
        asyncio.run(migrate(database))  # the baseline's own migrations
        seed(database, args.answers)
        with sqlite3.connect(database) as conn:  # as the export run below leaves it
            conn.execute("UPDATE participants SET may_quote = id % 2")
        conn.close()
        found = asyncio.run(measure(database, args.answers, args.xlsx_answers))
        print(json.dumps(found))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = folder / "tandem.sqlite3"
        started = time.perf_counter()
        asyncio.run(migrate(database))
        seed(database, args.answers)
        print(f"seeded {args.answers:,} answers in {time.perf_counter() - started:.1f} s (setup)")
        asyncio.run(export(database, folder, args))


if __name__ == "__main__":
    main()
