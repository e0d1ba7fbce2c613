"""Streaming exports: one project's tables, pseudonymised, straight into files.

The whole export runs in one worker thread on a connection of its own: one read
transaction (a consistent snapshot of every table while the bot keeps writing: SQLite's
WAL, PostgreSQL's REPEATABLE READ), rows fetched in large batches (on PostgreSQL from a
server-side cursor) and handed to the format's writer, so memory stays flat however
large the project, and the event loop (the bot's, for /export) stays free. Per-batch
awaits and per-row Python would cost more than the rows themselves; the queries
(storage/export_sql.py) shape every cell in the database instead.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from conversations.checkins.model import CheckInDefinition
from conversations.export.formats import TEXT_WRITERS, RowWriter, Workbook
from conversations.export.progress import ExportProgress, Progress
from conversations.export.request import ExportRequest, columns, output_paths
from conversations.export.tables import checkin_questions, dialogue_questions
from storage.checkin_defs import CheckInDefinitionsRepository
from storage.database import Database
from storage.export_session import BATCH, ExportStopped, Session, open_session
from storage.export_sql import count_query, table_query
from storage.private import make_private_folder, replacing_privately

__all__ = ["BATCH", "ExportStopped", "export_to_files", "export_to_folder"]


async def export_to_folder(
    database: str,
    request: ExportRequest,
    folder: Path,
    report: Callable[[str], None] | None = None,
    *,
    progress: ExportProgress | None = None,
) -> list[Path]:
    """Write the request's tables into ``folder`` in its format; return the files made.

    CSV and JSON Lines: ``PROJECT-TABLE.FORMAT`` per table; XLSX: one ``PROJECT.xlsx``
    with a sheet per table. ``report`` gets a progress line now and then (on the event
    loop's thread), ``progress`` a start, updates and a finish per table instead.
    """
    await asyncio.to_thread(make_private_folder, folder)
    targets = output_paths(request.project.id, request.tables, request.format, f"{folder}/")
    await export_to_files(database, request, targets, report, progress=progress)
    return list(dict.fromkeys(p for p in targets.values() if p is not None))


async def export_to_files(
    database: str,
    request: ExportRequest,
    targets: dict[str, Path | None],
    report: Callable[[str], None] | None = None,
    stdout: TextIO | None = None,
    *,
    progress: ExportProgress | None = None,
) -> dict[str, int]:
    """Write each table to its file (None: ``stdout``); return the rows written per table.

    XLSX targets all name the one workbook. Each file is written beside its final name
    and renamed when complete, so an export that stops half-way never leaves a file that
    looks whole.
    """
    if progress is None and report is not None:
        progress = Progress(report)
    checkins = list(request.project.checkins)
    db = await Database.open(database)  # migrated as the bot would, so every table exists
    try:
        saved = await CheckInDefinitionsRepository(db).by_project()
    finally:
        await db.close()
    checkins += saved.get(request.project.id, [])
    export = _Export(database, request, checkins, _OnLoop(progress) if progress else None)
    try:
        return await asyncio.to_thread(export.run, targets, stdout)
    except asyncio.CancelledError:  # Ctrl+C, or the bot stopping: end the thread's work too
        export.stop()
        raise


class _OnLoop:
    """Passes progress from the export's thread to the event loop's (callers stay simple)."""

    def __init__(self, progress: ExportProgress) -> None:
        self._call = asyncio.get_running_loop().call_soon_threadsafe
        self._progress = progress

    def start(self, table: str, total: int | None = None) -> None:
        self._call(self._progress.start, table, total)

    def update(self, table: str, rows: int) -> None:
        self._call(self._progress.update, table, rows)

    def finish(self, table: str, rows: int) -> None:
        self._call(self._progress.finish, table, rows)


class _Export:
    """One export on a connection of its own, run in a worker thread; ``stop`` ends it."""

    def __init__(
        self,
        database: str,
        request: ExportRequest,
        checkins: list[CheckInDefinition],
        progress: _OnLoop | None,
    ) -> None:
        self._database, self._request, self._checkins = database, request, checkins
        self._progress = progress
        self._stopped = threading.Event()
        self._session: Session | None = None

    def stop(self) -> None:
        """Stop at the next batch, or now if the database is in the middle of a statement."""
        self._stopped.set()
        session = self._session
        if session is not None:
            session.interrupt()

    def run(self, targets: dict[str, Path | None], stdout: TextIO | None) -> dict[str, int]:
        """Write every target; return the rows written per table."""
        request = self._request
        self._session = session = open_session(self._database, self._stopped)
        try:
            # One snapshot for every table, with the question texts in temporary tables.
            session.begin(
                request.project.id,
                dialogue_questions(request.project),
                checkin_questions(self._checkins),
            )
            if self._stopped.is_set():  # stopped while connecting
                raise ExportStopped
            if request.format == "xlsx":
                return self._workbook(targets)
            writer_of, counts = TEXT_WRITERS[request.format], {}
            for table, path in targets.items():
                if path is None:
                    assert stdout is not None
                    counts[table] = self._write(table, writer_of(stdout, file=False))
                    stdout.flush()
                    continue
                with (
                    replacing_privately(path) as partial,
                    partial.open("w", encoding=writer_of.encoding, newline="") as out,
                ):
                    counts[table] = self._write(table, writer_of(out))
            return counts
        finally:
            session.close()

    def _workbook(self, targets: dict[str, Path | None]) -> dict[str, int]:
        [path] = set(targets.values())
        assert path is not None
        book = Workbook()
        try:
            counts = {table: self._write(table, book.sheet(table)) for table in targets}
            with replacing_privately(path) as partial, partial.open("wb") as out:
                book.save(out)
        except BaseException:
            book.discard()
            raise
        return counts

    def _write(self, table: str, writer: RowWriter) -> int:
        """Stream one table into its writer; return how many rows were written."""
        session, request, progress = self._session, self._request, self._progress
        assert session is not None
        if progress is not None:
            progress.start(table, session.count(*count_query(table, request, session.dialect)))
        writer.header(columns(table, self._request))
        count = 0
        for rows in session.batches(*table_query(table, request, session.dialect)):
            if self._stopped.is_set():
                raise ExportStopped
            writer.rows(rows)
            count += len(rows)
            if progress is not None:
                progress.update(table, count)
        if progress is not None:
            progress.finish(table, count)
        return count
