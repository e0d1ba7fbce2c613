"""The SQL of each exported table, shaped per format so that Python only moves batches.

The database does the per-row work in C: times formatted, media as placeholders, question
texts joined in from temporary tables, CSV cells a spreadsheet would run defused, and for
JSON Lines the whole line built in SQL. Only pseudonyms are selected (a first name only in
an identified export, where its owner agreed: see export_sources.py), and erased residents
are gone from ``participants``, so from every table. Parameters are bound, never formatted
in. The few pieces SQLite and PostgreSQL write differently are in export_dialect.py.
"""

from __future__ import annotations

from typing import Any

from conversations.export.cells import FORMULA_STARTS
from conversations.export.request import ExportRequest, columns
from conversations.export.tables import Kind
from storage.cohorts import COHORT_FILTERS as COHORTS  # the clauses broadcasts target with
from storage.export_dialect import DIALECTS, Fragments
from storage.export_sources import SOURCES, literal
from storage.sql import Dialect


def temp_tables(dialect: Dialect) -> tuple[str, ...]:
    """The export's temporary tables of question texts (from the project's files and
    chat-built check-ins), joined in instead of looked up row by row in Python. Both
    engines look a plain table name up among temporary tables first."""
    end = DIALECTS[dialect].temp_table_end
    return (
        "CREATE TEMP TABLE export_questions (script_id TEXT, step_id TEXT, probe INTEGER,"
        f" text TEXT, PRIMARY KEY (script_id, step_id, probe)){end}",
        "CREATE TEMP TABLE export_checkin_questions (checkin_id TEXT, question_id TEXT,"
        f" text TEXT, PRIMARY KEY (checkin_id, question_id)){end}",
    )


FILL_QUESTIONS = "INSERT INTO export_questions VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
FILL_CHECKIN_QUESTIONS = (
    "INSERT INTO export_checkin_questions VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
)
# Questions adopted from residents' suggestions, asked as "a" + their id (bot/checkin_scheduler).
FILL_ADOPTED_QUESTIONS = (
    "INSERT INTO export_checkin_questions SELECT checkin_id, 'a' || id, text"
    " FROM checkin_adopted_questions WHERE project_id = ? ON CONFLICT DO NOTHING"
)


def _defused(expr: str) -> str:
    """A text cell a spreadsheet would run as a formula, prefixed with a single quote."""
    starts = ", ".join(literal(c) for c in FORMULA_STARTS)
    return f"CASE WHEN substr({expr}, 1, 1) IN ({starts}) THEN '''' || {expr} ELSE {expr} END"


def _shaped(f: Fragments, expr: str, kind: Kind, export_format: str) -> str:
    """A stored value as ``export_format`` shows it (XLSX: cells are finished in Python)."""
    if kind == "time" and export_format != "xlsx":
        return f.iso_time(expr)  # ISO 8601 UTC
    if kind == "bool":
        if export_format == "jsonl":
            return f"CASE WHEN {expr} THEN 'true' ELSE 'false' END"
        return f"CASE WHEN {expr} THEN 'yes' ELSE 'no' END"
    if kind == "yesno":
        return f"CASE {expr} WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"
    if kind in ("id", "text") and export_format == "csv":
        return _defused(f.as_text(expr))
    return expr


def _csv_field(f: Fragments, expr: str, kind: Kind, real: bool) -> str:
    """A cell as a CSV field: words quoted (quotes doubled), NULL empty (RFC 4180)."""
    if kind in ("name", "id", "text"):
        return f"""COALESCE('"' || replace({f.as_text(expr)}, '"', '""') || '"', '')"""
    if kind == "number":
        return f"COALESCE({f.number_text(expr, real)}, '')"
    return f"COALESCE({expr}, '')"  # yes/no, ISO times and dates: text with nothing to quote


def _cohort(request: ExportRequest) -> str:
    """Only participants in the cohort (``q`` is the participant in every query)."""
    return COHORTS[request.cohort.kind] if request.cohort is not None else ""


def _filtered(table: str, request: ExportRequest, dialect: Dialect) -> tuple[str, dict[str, Any]]:
    """The table's WHERE for the request's dates and cohort, and the parameters."""
    source = SOURCES[dialect][table]
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


def table_query(
    table: str, request: ExportRequest, dialect: Dialect = "sqlite"
) -> tuple[str, dict[str, Any]]:
    """The SELECT of one table in the request's format, and its parameters."""
    f, source = DIALECTS[dialect], SOURCES[dialect][table]
    where, params = _filtered(table, request, dialect)
    shown = columns(table, request)
    cells = [(c.name, _shaped(f, source.cells[c.name], c.kind, request.format)) for c in shown]
    if request.format == "jsonl":
        selected = f.json_line(
            [(n, e, c.kind, n in source.reals) for (n, e), c in zip(cells, shown, strict=True)]
        )
    elif request.format == "csv":
        selected = " || ',' || ".join(
            _csv_field(f, e, c.kind, n in source.reals)
            for (n, e), c in zip(cells, shown, strict=True)
        )
    else:
        selected = ", ".join(cell for _, cell in cells)
    if source.cohort_counts:
        selected = selected.replace("{cohort}", _cohort(request))
        params["script"] = request.project.dialogue.id
    return f"SELECT {selected} {source.rows}{source.lookup}{where} ORDER BY {source.order}", params


def count_query(
    table: str, request: ExportRequest, dialect: Dialect = "sqlite"
) -> tuple[str, dict[str, Any]]:
    """How many rows ``table_query`` will return (for a progress bar's total)."""
    source = SOURCES[dialect][table]
    where, params = _filtered(table, request, dialect)
    # No order and no lookups: the planner counts from covering indexes (~0.1 s a million).
    return f"SELECT COUNT(*) {source.rows.replace(' CROSS JOIN ', ' JOIN ')}{where}", params
