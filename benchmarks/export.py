"""Exports at scale: a project with 1,000,000 stored answers, to CSV, JSON Lines and XLSX.

Prints each format's export time (target < 15 s for CSV and JSON Lines), the cost of
counting the rows first (the progress bar's total), and the process's peak memory (target
< 200 MB, RSS, which covers the seeding too). XLSX (openpyxl, a cell at a time) runs on a
slice of the answers, said in its line. Then the summary report (md and html: themes,
quotes from the half of residents who agreed, charts) over the same answers. Seeding goes
straight into SQLite with executemany (setup, not measured); the exports run the same code
as `tandem export`, progress included.
Run: .venv/bin/python benchmarks/export.py [--answers 1000000] [--xlsx-answers 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scenario import INVITE, PROJECT_ID, write_project
from conversations.export.request import ExportRequest, output_paths
from conversations.projects import Project, load_project
from storage.database import Database
from storage.export import export_to_files
from storage.export_sql import TEMP_TABLES, count_query
from storage.report import write_report

QUESTIONS = 20
PER_RESIDENT = 100
SEEDED_AT = 1_750_000_000.0  # answers are stored a second apart from here


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


async def export(database: Path, folder: Path, answers: int, xlsx_answers: int) -> None:
    """Each format in turn, as `tandem export --table answers` runs it (progress counted)."""
    project = load_project(write_project(folder / "projects", QUESTIONS))
    print(f"export: {answers:,} answers, one project, via `tandem export`'s code path")
    request = ExportRequest(project, ("answers",), "csv")
    sql, params = count_query("answers", request)
    conn = sqlite3.connect(database)
    for statement in TEMP_TABLES:  # as the export's own connection has them
        conn.execute(statement)
    started = time.perf_counter()
    conn.execute(sql, params).fetchone()
    conn.close()
    print(f"  count first (progress total) {time.perf_counter() - started:6.2f} s")
    # The answers were stored a second apart from SEEDED_AT: a window picks XLSX's slice.
    xlsx_since = SEEDED_AT + answers - xlsx_answers if xlsx_answers < answers else None
    for fmt, since, rows in (
        ("csv", None, answers),
        ("jsonl", None, answers),
        ("xlsx", xlsx_since, min(xlsx_answers, answers)),
    ):
        request = ExportRequest(project, ("answers",), fmt, since=since)
        targets = output_paths(project.id, request.tables, fmt, str(folder / "out"))
        lines: list[str] = []
        started = time.perf_counter()
        counts = await export_to_files(str(database), request, targets, lines.append)
        elapsed = time.perf_counter() - started
        path = targets["answers"]
        assert path is not None and counts["answers"] == rows, counts
        size = path.stat().st_size / 1e6
        note = "(target < 15 s)" if fmt != "xlsx" else f"({rows / elapsed:,.0f} rows/s; a slice)"
        print(f"  {fmt:<6} {rows:>10,} rows  {elapsed:6.2f} s  {size:7.1f} MB file  {note}")
        path.unlink()
    await report(database, folder, project, answers)
    print(f"  peak memory (process RSS)   {peak_mb():6.0f} MB  (target < 200 MB)")


async def report(database: Path, folder: Path, project: Project, answers: int) -> None:
    """The summary report in both formats, as `tandem export --format md|html` writes it."""
    with sqlite3.connect(database) as conn:  # every other resident agreed to be quoted
        conn.execute("UPDATE participants SET may_quote = id % 2")
    conn.close()
    print(f"summary report: {answers:,} answers (themes, quotes, charts), via write_report")
    for fmt in ("md", "html"):
        target = folder / f"report.{fmt}"
        started = time.perf_counter()
        await write_report(database, ExportRequest(project, (), fmt), target)
        elapsed = time.perf_counter() - started
        size = target.stat().st_size / 1e3
        print(f"  {fmt:<6} {elapsed:6.2f} s  {size:8.1f} kB file")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--xlsx-answers", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = folder / "tandem.sqlite3"
        started = time.perf_counter()
        asyncio.run(migrate(database))
        seed(database, args.answers)
        print(f"seeded {args.answers:,} answers in {time.perf_counter() - started:.1f} s (setup)")
        asyncio.run(export(database, folder, args.answers, args.xlsx_answers))


if __name__ == "__main__":
    main()
