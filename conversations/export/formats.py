"""The export formats: CSV safe to open in a spreadsheet, JSON Lines, and an XLSX workbook.

CSV and JSON Lines rows arrive as finished lines (the query shaped each cell and joined
them, see storage/export_sql.py): these writers only move batches into the file. XLSX
rows are built and streamed into the workbook's zip by xlsx.py.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any, Protocol, TextIO

from conversations.export.tables import Column
from conversations.export.xlsx import SHEET_ROWS, TIME_FORMAT, Workbook

__all__ = ["SHEET_ROWS", "TEXT_WRITERS", "TIME_FORMAT", "RowWriter", "Workbook"]

Batch = Sequence[Sequence[Any]]


class RowWriter(Protocol):
    """Writes a header once, then batches of rows, straight to an open file or sheet."""

    def header(self, columns: Sequence[Column]) -> None:
        """Start the table."""

    def rows(self, batch: Batch) -> None:
        """Write many rows."""


class _LineWriter:
    """Each row is one finished line (built by the query): batches go straight to the file."""

    encoding = "utf-8"
    newline = "\n"

    def __init__(self, out: TextIO, *, file: bool = True) -> None:
        self._out, self._file = out, file

    def header(self, columns: Sequence[Column]) -> None:
        """Nothing before the rows."""

    def rows(self, batch: Batch) -> None:
        """Write many lines at once (exports write a database batch at a time)."""
        end = self.newline
        self._out.write("".join([f"{row[0]}{end}" for row in batch]))


class CsvWriter(_LineWriter):
    """CSV with a header; the query defused formulas, quoted fields and wrote yes/no."""

    newline = "\r\n"  # as the csv module (and Excel) write it

    def header(self, columns: Sequence[Column]) -> None:
        """The byte order mark (in a file: it makes Excel read UTF-8), then the names."""
        if self._file:
            self._out.write("\ufeff")
        csv.writer(self._out).writerow([c.name for c in columns])


class JsonLinesWriter(_LineWriter):
    """One JSON object per line, keyed by column (JSON Lines has no header line)."""


TEXT_WRITERS: dict[str, type[CsvWriter] | type[JsonLinesWriter]] = {
    "csv": CsvWriter,
    "jsonl": JsonLinesWriter,
}
