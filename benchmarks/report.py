"""The summary report at scale: a project with 1,000,000 stored answers, as Markdown and HTML.

Prints each format's time (aim: well under 60 s) and the process's peak memory (aim: well
under 200 MB, RSS, which covers the seeding too). The data are the export benchmark's
(seeded straight into SQLite, not measured); half the residents agree to be quoted, so
quotes are picked too. The report runs the same code as `tandem export --format md|html`.
Run: .venv/bin/python benchmarks/report.py [--answers 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.export import QUESTIONS, migrate, peak_mb, seed
from benchmarks.scenario import write_project
from conversations.export.request import ExportRequest
from conversations.projects import load_project
from storage.report import write_report


def agree_to_quotes(database: Path) -> None:
    """Every other resident agreed to be quoted (setup, like the seeding)."""
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE participants SET may_quote = id % 2")
    conn.close()


async def report(database: Path, folder: Path, answers: int) -> None:
    project = load_project(write_project(folder / "projects", QUESTIONS))
    print(f"summary report: {answers:,} answers, one project, via write_report")
    for fmt in ("md", "html"):
        target = folder / f"report.{fmt}"
        started = time.perf_counter()
        await write_report(database, ExportRequest(project, (), fmt), target)
        elapsed = time.perf_counter() - started
        size = target.stat().st_size / 1e3
        print(f"  {fmt:<6} {elapsed:6.2f} s  {size:8.1f} kB file  (aim: well under 60 s)")
    print(f"  peak memory (process RSS)   {peak_mb():6.0f} MB  (aim: well under 200 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = folder / "tandem.sqlite3"
        started = time.perf_counter()
        asyncio.run(migrate(database))
        seed(database, args.answers)
        agree_to_quotes(database)
        print(f"seeded {args.answers:,} answers in {time.perf_counter() - started:.1f} s (setup)")
        asyncio.run(report(database, folder, args.answers))


if __name__ == "__main__":
    main()
