"""The few SQL pieces the export writes differently on SQLite and PostgreSQL, in one table.

Everything else in storage/export_sql.py and export_sources.py is one text for both. The
files an export writes are byte-identical between the engines for the same data, so each
fragment here produces exactly the text SQLite does (ISO times, dates, JSON, numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storage.sql import Dialect


def _pg_utc(expr: str, pattern: str) -> str:
    return f"to_char(to_timestamp({expr}) AT TIME ZONE 'UTC', '{pattern}')"


def _pg_real(expr: str) -> str:
    # SQLite writes a whole REAL as "1.0"; PostgreSQL's float text would be "1".
    x = f"CAST({expr} AS DOUBLE PRECISION)"
    whole = f"CAST(CAST({x} AS BIGINT) AS TEXT) || '.0'"
    return f"CASE WHEN {x} = trunc({x}) THEN {whole} ELSE CAST({x} AS TEXT) END"


@dataclass(frozen=True, slots=True)
class Fragments:
    """How one engine writes each piece that differs (``x``: an SQL expression)."""

    # Unix seconds as ISO 8601 UTC text, "YYYY-MM-DDTHH:MM:SSZ" (NULL stays NULL).
    iso_time: Callable[[str], str]
    # Unix seconds as the UTC day, "YYYY-MM-DD".
    utc_date: Callable[[str], str]
    # The elements of a JSON array held as text: "FROM <this>" gives rows (value, key); an
    # empty or NULL text gives none.
    json_elements: Callable[[str], str]
    # Element ``index`` (an integer expression) of a JSON array held as text, as text.
    json_element: Callable[[str, str], str]
    # "; "-joined values of ``column`` from a subquery aliased ``s`` that SQLite reads in
    # ``order`` (its ORDER BY; PostgreSQL orders inside the aggregate). NULL if none.
    joined: Callable[[str, str], str]
    # A number as SQLite shows it in text (``real``: a REAL column, "1.0" when whole).
    number_text: Callable[[str, bool], str]
    # A value of a word column as text (PostgreSQL will not replace() in a number).
    as_text: Callable[[str], str]
    # A whole JSON Lines object from (key, value, kind, real) cells; a bool value is
    # already 'true' or 'false'.
    json_line: Callable[[list[tuple[str, str, str, bool]]], str]
    # A join that pins the scan order (SQLite: the left table drives the loop).
    pinned_join: str
    # The clause that ends CREATE TABLE for the export's question texts.
    temp_table_end: str


def _sqlite_line(cells: list[tuple[str, str, str, bool]]) -> str:
    def value(expr: str, kind: str) -> str:
        return f"json({expr})" if kind == "bool" else expr

    inner = ", ".join(f"'{name}', {value(expr, kind)}" for name, expr, kind, _ in cells)
    return f"json_object({inner})"


def _pg_line(cells: list[tuple[str, str, str, bool]]) -> str:
    # Built as text: json_build_object spaces its output unlike SQLite's json_object, and
    # to_json escapes a string exactly as SQLite does.
    def value(expr: str, kind: str, real: bool) -> str:
        if kind == "bool":
            return expr
        if kind == "number":
            return f"COALESCE({_pg_real(expr) if real else f'CAST({expr} AS TEXT)'}, 'null')"
        return f"COALESCE(CAST(to_json(CAST({expr} AS TEXT)) AS TEXT), 'null')"

    parts = [f"""'"{name}":' || {value(e, kind, real)}""" for name, e, kind, real in cells]
    return "'{' || " + " || ',' || ".join(parts) + " || '}'"


DIALECTS: dict[Dialect, Fragments] = {
    "sqlite": Fragments(
        # datetime() is cheaper than strftime() over a million rows.
        iso_time=lambda x: f"replace(datetime({x}, 'unixepoch'), ' ', 'T') || 'Z'",
        utc_date=lambda x: f"date({x}, 'unixepoch')",
        json_elements=lambda x: f"json_each({x}) j",
        json_element=lambda doc, i: f"json_extract({doc}, '$[' || {i} || ']')",
        joined=lambda column, order: f"group_concat({column}, '; ')",
        number_text=lambda x, real: x,  # || makes text of it as SQLite shows numbers
        as_text=lambda x: x,
        json_line=_sqlite_line,
        pinned_join="CROSS JOIN",
        temp_table_end=" WITHOUT ROWID",
    ),
    "postgresql": Fragments(
        iso_time=lambda x: _pg_utc(x, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        utc_date=lambda x: _pg_utc(x, "YYYY-MM-DD"),
        json_elements=lambda x: (
            f"jsonb_array_elements_text(CAST(NULLIF({x}, '') AS JSONB))"
            " WITH ORDINALITY AS j(value, key)"
        ),
        json_element=lambda doc, i: f"(CAST({doc} AS JSONB) ->> CAST({i} AS INTEGER))",
        joined=lambda column, order: f"string_agg({column}, '; ' ORDER BY {order})",
        number_text=lambda x, real: _pg_real(x) if real else f"CAST({x} AS TEXT)",
        as_text=lambda x: f"CAST({x} AS TEXT)",
        json_line=_pg_line,
        pinned_join="JOIN",
        temp_table_end="",
    ),
}
