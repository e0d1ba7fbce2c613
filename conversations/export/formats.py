"""The export formats: CSV safe to open in a spreadsheet, JSON Lines, and an XLSX workbook.

CSV and JSON Lines rows arrive as finished lines (the query shaped each cell and joined
them, see storage/export_sql.py): these writers only move batches into the file. XLSX
cells are made here, one at a time, because openpyxl types each one.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import IO, Any, Protocol, TextIO

from conversations.export.cells import workbook_text
from conversations.export.tables import Column, Kind

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

# Excel's rows per sheet, the header included; a longer table goes on in "TABLE (2)".
SHEET_ROWS = 1_048_576
TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"'
_WIDTHS: dict[Kind, int] = {
    "name": 12,
    "id": 14,
    "text": 48,
    "bool": 8,
    "yesno": 9,
    "number": 10,
    "time": 24,
    "date": 12,
}
_EPOCH = datetime(1970, 1, 1)


class Workbook:
    """An XLSX workbook written as it goes (openpyxl write-only): memory stays flat."""

    def __init__(self, sheet_rows: int = SHEET_ROWS) -> None:
        from openpyxl import Workbook as OpenpyxlWorkbook

        self._book = OpenpyxlWorkbook(write_only=True)
        self._sheet_rows = sheet_rows

    def sheet(self, table: str) -> SheetWriter:
        """A writer for the sheet (or sheets) of one table."""
        return SheetWriter(self._book, table, self._sheet_rows)

    def save(self, out: IO[bytes]) -> None:
        """Write the workbook to an open binary file; it can't be used afterwards."""
        self._book.save(out)

    def discard(self) -> None:
        """Drop an unfinished workbook: its sheets' temporary files (openpyxl's) go now."""
        for sheet in self._book.worksheets:
            writer = getattr(sheet, "_writer", None)  # made at a sheet's first row
            if writer is None:
                continue
            with contextlib.suppress(Exception):  # however far it got, end its XML
                sheet.close()
            with contextlib.suppress(OSError, ValueError):  # saved or removed already
                writer.cleanup()


class SheetWriter:
    """One table's sheet: a bold, frozen header, widths by kind, a cell per value."""

    def __init__(self, book: Any, table: str, sheet_rows: int) -> None:
        self._book, self._table, self._sheet_rows = book, table, sheet_rows
        self._columns: Sequence[Column] = ()
        self._makers: list[Callable[[Any], Any]] = []
        self._sheet: Any = None
        self._sheets = 0
        self._left = 0

    def header(self, columns: Sequence[Column]) -> None:
        """Open the first sheet of the table."""
        self._columns = columns
        self._new_sheet()

    def rows(self, batch: Batch) -> None:
        """Write many rows, going on in a new sheet when Excel's row limit is reached."""
        makers = self._makers
        for row in batch:
            if self._left == 0:
                self._new_sheet()
            self._sheet.append([make(v) for make, v in zip(makers, row, strict=True)])
            self._left -= 1

    def _new_sheet(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self._sheets += 1
        title = self._table if self._sheets == 1 else f"{self._table} ({self._sheets})"
        sheet = self._book.create_sheet(title)
        for n, column in enumerate(self._columns, 1):
            width = max(_WIDTHS[column.kind], len(column.name) + 3)
            sheet.column_dimensions[get_column_letter(n)].width = width
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for column in self._columns:
            cell = WriteOnlyCell(sheet, value=column.name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        self._sheet, self._left = sheet, self._sheet_rows - 1
        self._makers = [_maker(sheet, column.kind) for column in self._columns]


def _maker(sheet: Any, kind: Kind) -> Callable[[Any], Any]:
    """How a stored value of this kind becomes a cell: text cleaned, times as datetimes."""
    from openpyxl.cell import WriteOnlyCell

    if kind == "time":

        def timestamp(value: Any) -> Any:
            if value is None:
                return None
            cell = WriteOnlyCell(sheet, value=_EPOCH + timedelta(seconds=int(value)))
            cell.number_format = TIME_FORMAT
            return cell

        return timestamp
    if kind == "date":
        return _day
    if kind == "number":
        return _same
    return _text


def _same(value: Any) -> Any:
    return value


def _day(value: Any) -> Any:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return _text(value)


def _text(value: Any) -> Any:
    return workbook_text(value) if isinstance(value, str) else value
