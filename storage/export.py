"""Streaming export queries: one project's rows, pseudonymised, straight into a file.

Rows come from ``Database.iterate`` (batches on the reader connection) and are shaped and
written one at a time, so memory stays flat however large the project. Only pseudonyms are
selected: no query here reads ``people`` (Telegram ids, first names).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from conversations.export.formats import WRITERS
from conversations.export.progress import Progress
from conversations.export.request import ExportRequest
from conversations.export.tables import shapes
from storage.database import Database


def _utc(column: str) -> str:
    # Formatted by SQLite, in C: per-row Python datetimes would dominate a large export.
    return f"strftime('%Y-%m-%dT%H:%M:%SZ', {column}, 'unixepoch')"


# Per table: the SELECT (its columns in the order tables.py shapes them, ``q`` being the
# participant), the column that dates a row, and the order. Times are UTC.
_QUERIES: dict[str, tuple[str, str, str]] = {
    "participants": (
        "SELECT q.pseudonym, q.joined_via, q.status, date(q.consented_at, 'unixepoch'),"
        " q.may_quote, date(q.left_at, 'unixepoch') FROM participants q"
        " WHERE q.project_id = :project",
        "q.consented_at",
        "q.consented_at, q.id",
    ),
    "answers": (
        "SELECT q.pseudonym, a.script_id, a.step_id, a.probe, a.kind, a.value, a.caption,"
        f" {_utc('a.created_at')} FROM answers a JOIN participants q ON q.id = a.participant_id"
        " WHERE q.project_id = :project",
        "a.created_at",
        "a.id",
    ),
    "ideas": (
        f"SELECT q.pseudonym, i.kind, i.value, i.caption, {_utc('i.created_at')} FROM ideas i"
        " JOIN participants q ON q.id = i.participant_id WHERE q.project_id = :project",
        "i.created_at",
        "i.id",
    ),
    "diary": (
        "SELECT q.pseudonym, d.local_date, d.local_time, d.status, d.nothing_today,"
        " d.touchpoint, d.happened_kind, d.happened_value, d.happened_caption, d.feeling,"
        f" d.better, {_utc('d.created_at')} FROM diary_entries d"
        " JOIN participants q ON q.id = d.participant_id WHERE q.project_id = :project",
        "d.created_at",
        "d.id",
    ),
    "votes": (
        "SELECT q.pseudonym, p.id, p.version, p.question, p.options, v.option_ids,"
        f" {_utc('v.updated_at')} FROM poll_votes v JOIN polls p ON p.id = v.poll_id"
        " JOIN participants q ON q.id = v.participant_id WHERE p.project_id = :project"
        " AND q.project_id = :project",
        "v.updated_at",
        "p.id, v.updated_at, q.pseudonym",
    ),
    "followups": (
        f"SELECT q.pseudonym, p.id, p.question, f.kind, f.value, {_utc('f.created_at')}"
        " FROM poll_followups f JOIN polls p ON p.id = f.poll_id"
        " JOIN participants q ON q.id = f.participant_id WHERE p.project_id = :project"
        " AND q.project_id = :project",
        "f.created_at",
        "p.id, f.created_at, q.pseudonym",
    ),
    "checkins": (
        "SELECT q.pseudonym, c.checkin_id, c.local_date, x.question_id, x.kind, x.score,"
        f" x.value, {_utc('r.created_at')} FROM checkin_answers x"
        " JOIN checkin_responses r ON r.id = x.response_id"
        " JOIN checkin_cycles c ON c.id = r.cycle_id"
        " JOIN participants q ON q.id = r.participant_id WHERE c.project_id = :project"
        " AND q.project_id = :project",
        "r.created_at",
        "c.id, r.id, x.question_id",
    ),
}
_COHORT = {
    "tag": " AND EXISTS (SELECT 1 FROM participant_tags t WHERE t.participant_id = q.id"
    " AND t.tag = :key)",
    "joined": " AND q.joined_via = :key COLLATE NOCASE",
}


def table_query(table: str, request: ExportRequest) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters for one table of a request (parameters only, never formatting)."""
    select, dated_by, order = _QUERIES[table]
    sql, params = select, {"project": request.project.id}
    if request.since is not None:
        sql += f" AND {dated_by} >= :since"
        params["since"] = request.since
    if request.until is not None:
        sql += f" AND {dated_by} < :until"
        params["until"] = request.until
    if request.cohort is not None:
        sql += _COHORT[request.cohort.kind]
        params["key"] = request.cohort.key
    return sql + f" ORDER BY {order}", params


async def write_table(
    db: Database,
    table: str,
    request: ExportRequest,
    out: TextIO,
    progress: Progress | None = None,
) -> int:
    """Stream one table into an open text file; return how many rows were written."""
    shape = shapes(request.project)[table]
    writer = WRITERS[request.format](out)
    writer.header(shape.columns)
    count = 0
    if progress is not None:
        progress.start(table)
    sql, params = table_query(table, request)
    shape_row, write_rows = shape.shape, writer.rows
    async for rows in db.iterate_batches(sql, params, batch=5000):
        write_rows(map(shape_row, rows))
        count += len(rows)
        if progress is not None:
            progress.update(table, count)
    return count


async def export_to_files(
    database: str,
    request: ExportRequest,
    targets: dict[str, Path | None],
    report: Callable[[str], None] | None = None,
    stdout: TextIO | None = None,
) -> dict[str, int]:
    """Write each table to its file (None: ``stdout``); return the rows written per table.

    Each file is written beside its final name and renamed when complete, so an export
    that stops half-way never leaves a file that looks whole. The bot may be running:
    in WAL mode this reads one consistent snapshot per table while it writes.
    """
    progress = Progress(report) if report is not None else None
    encoding = WRITERS[request.format].encoding
    counts: dict[str, int] = {}
    db = await Database.open(database)
    try:
        for table, path in targets.items():
            if path is None:
                assert stdout is not None
                counts[table] = await write_table(db, table, request, stdout, progress)
                stdout.flush()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".part")
            try:
                with partial.open("w", encoding=encoding, newline="") as out:
                    counts[table] = await write_table(db, table, request, out, progress)
                partial.replace(path)
            finally:
                partial.unlink(missing_ok=True)
    finally:
        await db.close()
    return counts
