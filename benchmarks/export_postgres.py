"""Exports from PostgreSQL beside SQLite: rows/s and peak memory for CSV and XLSX.

The same answers (benchmarks/export.py's seed) in a SQLite file and in a PostgreSQL
database of their own on the server TANDEM_BENCH_POSTGRES names (created, then dropped).
Each export runs in a fresh subprocess, as `tandem export --table answers` runs it, so
its peak RSS is its own: PostgreSQL's server-side cursor should keep it as flat as
SQLite's batches. Seeding is setup, not measured.
Run: TANDEM_BENCH_POSTGRES=postgresql://tandem@127.0.0.1:54329/postgres \
     .venv/bin/python benchmarks/export_postgres.py [--answers 1000000] [--xlsx-answers 200000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from benchmarks.export import QUESTIONS, migrate, peak_mb, seed, slice_since
from benchmarks.scenario import write_project
from conversations.export.request import ExportRequest, output_paths
from conversations.projects import load_project
from storage.export import export_to_files

TABLES = ("projects", "people", "participants", "answers")


def copy_to_postgres(lite: Path, url: str) -> None:
    """The seeded rows, table by table, into the migrated PostgreSQL database (COPY)."""
    import psycopg

    source = sqlite3.connect(lite)
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        for table in TABLES:
            names = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
            columns = ", ".join(names)
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {columns} FROM {table}"):
                    copy.write_row(row)
        # Identity columns continue after the copied ids (as SQLite's would).
        for table in ("people", "participants", "answers"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT MAX(id) FROM {table}))"
            )
    source.close()


def run_one(target: str, fmt: str, since: float | None, folder: Path) -> dict[str, float]:
    """One export in this process (a subprocess of main): rows, seconds, peak MB."""
    project = load_project(write_project(folder / "projects", QUESTIONS))
    request = ExportRequest(project, ("answers",), fmt, since=since)
    targets = output_paths(project.id, request.tables, fmt, str(folder / "out"))
    started = time.perf_counter()
    counts = asyncio.run(export_to_files(target, request, targets, lambda _: None))
    elapsed = time.perf_counter() - started
    return {"rows": counts["answers"], "seconds": elapsed, "peak": peak_mb()}


def measured(target: str, fmt: str, since: float | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, __file__, "--run", target, fmt, json.dumps(since), tmp],
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(done.stdout.splitlines()[-1])


def admin(server: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(statement)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--xlsx-answers", type=int, default=200_000)
    parser.add_argument("--run", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        target, fmt, since, folder = args.run
        print(json.dumps(run_one(target, fmt, json.loads(since), Path(folder))))
        return
    server = os.environ.get("TANDEM_BENCH_POSTGRES", "")
    if not server:
        sys.exit("Set TANDEM_BENCH_POSTGRES to a PostgreSQL server's URL (a database is made).")
    name = f"tandem_bench_export_{os.getpid()}"
    url = f"{server.rpartition('/')[0]}/{name}"
    admin(server, f"CREATE DATABASE {name}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            lite = Path(tmp) / "tandem.sqlite3"
            started = time.perf_counter()
            asyncio.run(migrate(lite))
            seed(lite, args.answers)
            asyncio.run(migrate(url))  # type: ignore[arg-type] - Database.open takes a URL too
            copy_to_postgres(lite, url)
            admin(url, "VACUUM ANALYZE")
            print(
                f"seeded {args.answers:,} answers on both in {time.perf_counter() - started:.0f} s"
            )
            since = slice_since(args.answers, args.xlsx_answers)
            print(f"  {'':<24}{'rows':>10}{'rows/s':>12}{'peak RSS':>12}")
            for fmt, window in (("csv", None), ("xlsx", since)):
                for engine, target in (("SQLite", str(lite)), ("PostgreSQL", url)):
                    found = measured(target, fmt, window)
                    rate = found["rows"] / found["seconds"]
                    label, rows = f"{fmt} from {engine}", found["rows"]
                    print(f"  {label:<24}{rows:>10,.0f}{rate:>12,.0f}{found['peak']:>9.0f} MB")
    finally:
        admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
