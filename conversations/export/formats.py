"""The export formats: CSV safe to open in a spreadsheet, JSON Lines, and an XLSX workbook.

CSV and JSON Lines rows arrive as finished lines (the query shaped each cell and joined
them, see storage/export_sql.py): these writers only move batches into the file. XLSX
cells are typed here and written by XlsxWriter, a row at a time (constant_memory).
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from math import isfinite
from pathlib import Path
from typing import IO, Any, Protocol, TextIO

from conversations.export.cells import CELL_LIMIT, MAY_NEED_CLEANING, workbook_text
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
DATE_FORMAT = "yyyy-mm-dd"
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
_UNIX_DAY = 25_569  # 1970-01-01 as an Excel serial day
_OPTIONS = {
    "constant_memory": True,  # a row in memory at a time, strings inline
    "strings_to_numbers": False,  # text stays text: "007" is not 7
    "strings_to_formulas": False,  # nothing a resident typed is run
    "strings_to_urls": False,
}

Put = Callable[[int, int, Any], Any]


class Workbook:
    """An XLSX workbook written as it goes (XlsxWriter, constant_memory): memory stays flat.

    XlsxWriter keeps each sheet's rows, then the finished workbook, in files of a private
    temporary folder, which ``save`` and ``discard`` remove.
    """

    def __init__(self, sheet_rows: int = SHEET_ROWS) -> None:
        import xlsxwriter

        self._folder = tempfile.TemporaryDirectory(prefix="tandem-xlsx-")
        self._path = Path(self._folder.name) / "book.xlsx"
        self._book = xlsxwriter.Workbook(str(self._path), {**_OPTIONS, "tmpdir": self._folder.name})
        self._sheet_rows = sheet_rows
        self.bold = self._book.add_format({"bold": True})
        self.time = self._book.add_format({"num_format": TIME_FORMAT})
        self.date = self._book.add_format({"num_format": DATE_FORMAT})

    def sheet(self, table: str) -> SheetWriter:
        """A writer for the sheet (or sheets) of one table; one table at a time."""
        return SheetWriter(self, table, self._sheet_rows)

    def add_sheet(self, title: str) -> Any:
        """A new, empty XlsxWriter worksheet."""
        return self._book.add_worksheet(title)

    def save(self, out: IO[bytes]) -> None:
        """Write the workbook to an open binary file; it can't be used afterwards."""
        try:
            self._book.close()
            with self._path.open("rb") as done:
                shutil.copyfileobj(done, out, 1 << 20)
        finally:
            self.discard()

    def discard(self) -> None:
        """Drop the workbook, finished or not: its temporary folder goes now."""
        for sheet in self._book.worksheets():  # constant_memory keeps a sheet's rows open
            rows = getattr(sheet, "row_data_fh", None)
            if rows is not None:
                rows.close()
        self._folder.cleanup()


class SheetWriter:
    """One table's sheet: a bold, frozen header, widths by kind, a typed cell per value."""

    def __init__(self, book: Workbook, table: str, sheet_rows: int) -> None:
        self._book, self._table, self._sheet_rows = book, table, sheet_rows
        self._columns: Sequence[Column] = ()
        self._puts: list[tuple[int, Put]] = []
        self._sheets = 0
        self._row = 0  # the last row written (0-based; 0 is the header)

    def header(self, columns: Sequence[Column]) -> None:
        """Open the first sheet of the table."""
        self._columns = columns
        self._new_sheet()

    def rows(self, batch: Batch) -> None:
        """Write many rows, going on in a new sheet when Excel's row limit is reached."""
        puts, n, last = self._puts, self._row, self._sheet_rows - 1
        for row in batch:
            if n == last:
                self._new_sheet()
                puts, n = self._puts, 0
            n += 1
            for column, put in puts:
                value = row[column]
                if value is not None:
                    put(n, column, value)
        self._row = n

    def _new_sheet(self) -> None:
        self._sheets += 1
        title = self._table if self._sheets == 1 else f"{self._table} ({self._sheets})"
        sheet = self._book.add_sheet(title)
        bold = self._book.bold
        for n, column in enumerate(self._columns):
            sheet.set_column(n, n, max(_WIDTHS[column.kind], len(column.name) + 3))
            sheet.write_string(0, n, column.name, bold)
        sheet.freeze_panes(1, 0)
        self._puts = [(n, _put(sheet, self._book, c.kind)) for n, c in enumerate(self._columns)]
        self._row = 0


def _put(sheet: Any, book: Workbook, kind: Kind) -> Put:
    """How a stored value (not None) of this kind is written: text cleaned, times as times."""
    # XlsxWriter's public typed methods, looked up once per column rather than per cell.
    write_string, write_number = sheet.write_string, sheet.write_number
    may_need_cleaning = MAY_NEED_CLEANING.search
    time_format, date_format = book.time, book.date

    def text(row: int, column: int, value: Any) -> None:
        if value.__class__ is not str:
            number(row, column, value)
            return
        if may_need_cleaning(value) or len(value) > CELL_LIMIT:
            value = workbook_text(value)
        write_string(row, column, value)

    def number(row: int, column: int, value: Any) -> None:
        if value.__class__ in (int, float) and isfinite(value):
            write_number(row, column, value)
        else:
            text(row, column, value if isinstance(value, str) else str(value))

    def timestamp(row: int, column: int, value: Any) -> None:
        days, seconds = divmod(int(value), 86_400)  # Unix seconds, to the second
        write_number(row, column, days + _UNIX_DAY + seconds / 86_400, time_format)

    def day(row: int, column: int, value: Any) -> None:
        try:
            sheet.write_datetime(row, column, date.fromisoformat(value), date_format)
        except (TypeError, ValueError):
            text(row, column, value)

    return {"time": timestamp, "date": day, "number": number}.get(kind, text)
