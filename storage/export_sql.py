"""The SQL of each exported table, shaped per format so that Python only moves batches.

SQLite does the per-row work in C: times formatted, media as placeholders, question texts
joined in from temporary tables, CSV cells a spreadsheet would run defused, and for JSON
Lines the whole line built by ``json_object``. Only pseudonyms are selected (a first name
only in an identified export, where its owner agreed: see export_sources.py), and erased
residents are gone from ``participants``, so from every table. Parameters are bound, never
formatted in.
"""

from __future__ import annotations

from typing import Any

from conversations.export.cells import FORMULA_STARTS
from conversations.export.request import ExportRequest, columns
from conversations.export.tables import Kind
from storage.cohorts import COHORT_FILTERS as COHORTS  # the clauses broadcasts target with
from storage.export_sources import SOURCES, literal

# Question texts come from the project's files (and chat-built check-ins): they are joined
# in from these, per export connection, instead of looked up row by row in Python.
TEMP_TABLES = (
    "CREATE TEMP TABLE export_questions (script_id TEXT, step_id TEXT, probe INTEGER,"
    " text TEXT, PRIMARY KEY (script_id, step_id, probe)) WITHOUT ROWID",
    "CREATE TEMP TABLE export_checkin_questions (checkin_id TEXT, question_id TEXT,"
    " text TEXT, PRIMARY KEY (checkin_id, question_id)) WITHOUT ROWID",
)
FILL_QUESTIONS = "INSERT OR IGNORE INTO temp.export_questions VALUES (?, ?, ?, ?)"
FILL_CHECKIN_QUESTIONS = "INSERT OR IGNORE INTO temp.export_checkin_questions VALUES (?, ?, ?)"
# Questions adopted from residents' suggestions, asked as "a" + their id (bot/checkin_scheduler).
FILL_ADOPTED_QUESTIONS = (
    "INSERT OR IGNORE INTO temp.export_checkin_questions SELECT checkin_id, 'a' || id, text"
    " FROM checkin_adopted_questions WHERE project_id = ?"
)


def _defused(expr: str) -> str:
    """A text cell a spreadsheet would run as a formula, prefixed with a single quote."""
    starts = ", ".join(f"char({ord(c)})" for c in FORMULA_STARTS)
    return f"CASE WHEN substr({expr}, 1, 1) IN ({starts}) THEN '''' || {expr} ELSE {expr} END"


def _shaped(expr: str, kind: Kind, export_format: str) -> str:
    """A stored value as ``export_format`` shows it (XLSX: cells are finished in Python)."""
    if kind == "time" and export_format != "xlsx":
        # ISO 8601 UTC; datetime() is cheaper than strftime() over a million rows.
        return f"replace(datetime({expr}, 'unixepoch'), ' ', 'T') || 'Z'"
    if kind == "bool":
        if export_format == "jsonl":
            return f"json(CASE WHEN {expr} THEN 'true' ELSE 'false' END)"
        return f"CASE WHEN {expr} THEN 'yes' ELSE 'no' END"
    if kind == "yesno":
        return f"CASE {expr} WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"
    if kind in ("id", "text") and export_format == "csv":
        return _defused(expr)
    return expr


def _csv_field(expr: str, kind: Kind) -> str:
    """A cell as a CSV field: words quoted (quotes doubled), NULL empty (RFC 4180)."""
    if kind in ("name", "id", "text"):
        return f"""COALESCE('"' || replace({expr}, '"', '""') || '"', '')"""
    return f"COALESCE({expr}, '')"  # numbers, yes/no, ISO times and dates: nothing to quote


def _cohort(request: ExportRequest) -> str:
    """Only participants in the cohort (``q`` is the participant in every query)."""
    return COHORTS[request.cohort.kind] if request.cohort is not None else ""


def _filtered(table: str, request: ExportRequest) -> tuple[str, dict[str, Any]]:
    """The table's WHERE for the request's dates and cohort, and the parameters."""
    source = SOURCES[table]
    sql = f" WHERE {source.where}"
    params: dict[str, Any] = {"project": request.project.id}
    if request.since is not None:
        sql += f" AND {source.dated_by} >= :since"
        params["since"] = request.since
    if request.until is not None:
        sql += f" AND {source.dated_by} < :until"
        params["until"] = request.until
    if request.cohort is not None:
        params["key"], params["value"] = request.cohort.key, request.cohort.value
        if not source.cohort_counts:
            sql += _cohort(request)
    return sql, params


def table_query(table: str, request: ExportRequest) -> tuple[str, dict[str, Any]]:
    """The SELECT of one table in the request's format, and its parameters."""
    source = SOURCES[table]
    where, params = _filtered(table, request)
    shown = columns(table, request)
    cells = [(c.name, _shaped(source.cells[c.name], c.kind, request.format)) for c in shown]
    if request.format == "jsonl":
        selected = "json_object(" + ", ".join(f"{literal(n)}, {c}" for n, c in cells) + ")"
    elif request.format == "csv":
        kinds = [c.kind for c in shown]
        selected = " || ',' || ".join(
            _csv_field(c, k) for (_, c), k in zip(cells, kinds, strict=True)
        )
    else:
        selected = ", ".join(cell for _, cell in cells)
    if source.cohort_counts:
        selected = selected.replace("{cohort}", _cohort(request))
        params["script"] = request.project.dialogue.id
    return f"SELECT {selected} {source.rows}{source.lookup}{where} ORDER BY {source.order}", params


def count_query(table: str, request: ExportRequest) -> tuple[str, dict[str, Any]]:
    """How many rows ``table_query`` will return (for a progress bar's total)."""
    source = SOURCES[table]
    where, params = _filtered(table, request)
    # No order and no lookups: the planner counts from covering indexes (~0.1 s a million).
    return f"SELECT COUNT(*) {source.rows.replace(' CROSS JOIN ', ' JOIN ')}{where}", params
