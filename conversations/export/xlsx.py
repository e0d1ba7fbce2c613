"""An XLSX workbook streamed straight into its zip: a sheet per table, flat memory.

Each row's XML is built here as text (a few string operations a cell) and deflated into
the workbook's zip as it goes, in an anonymous temporary file that vanishes when closed,
however the export ends. openpyxl's write-only mode made a cell object per value and ran
at about 4,000 rows a second; this writes the same workbook (bold frozen header, widths
by kind, times and dates as real dates, text cleaned by cells.workbook_text) several
times faster. Strings are inline (no shared-strings table to hold in memory).
"""

from __future__ import annotations

import contextlib
import math
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from datetime import date
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from conversations.export.cells import workbook_text
from conversations.export.tables import Column, Kind

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
# Styles (cellXfs): 0 plain, 1 bold header, 2 time, 3 date.
_BOLD, _TIME, _DATE = 1, 2, 3
_UNIX_DAY = 25_569  # 1970-01-01 as an Excel serial day
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
_LEVEL = 1  # deflate level: XML rows compress well even at the fastest level

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

Maker = Callable[[Any, int], str]


class Workbook:
    """An XLSX workbook written as it goes; ``save`` finishes it into an open binary file."""

    def __init__(self, sheet_rows: int = SHEET_ROWS) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by save or discard)
        self._zip = zipfile.ZipFile(self._file, "w", zipfile.ZIP_DEFLATED, compresslevel=_LEVEL)
        self._sheet_rows = sheet_rows
        self.titles: list[str] = []
        self._open: IO[bytes] | None = None

    def sheet(self, table: str) -> SheetWriter:
        """A writer for the sheet (or sheets) of one table; one table at a time."""
        return SheetWriter(self, table, self._sheet_rows)

    def _new_sheet(self, title: str) -> IO[bytes]:
        """Close the sheet being written, if any, and open the next one in the zip."""
        self._end_sheet()
        self.titles.append(title)
        name = f"xl/worksheets/sheet{len(self.titles)}.xml"
        self._open = self._zip.open(name, "w")
        return self._open

    def _end_sheet(self) -> None:
        if self._open is not None:
            self._open.write(b"</sheetData></worksheet>")
            self._open.close()
            self._open = None

    def save(self, out: IO[bytes]) -> None:
        """Write the workbook to an open binary file; it can't be used afterwards."""
        try:
            self._end_sheet()
            for name, text in _package(self.titles).items():
                self._zip.writestr(name, text)
            self._zip.close()
            self._file.seek(0)
            shutil.copyfileobj(self._file, out, 1 << 20)
        finally:
            self._file.close()

    def discard(self) -> None:
        """Drop an unfinished workbook: its temporary file goes now."""
        try:
            with contextlib.suppress(Exception):  # however far it got, end the zip
                if self._open is not None:
                    self._open.close()
                self._zip.close()
        finally:
            self._file.close()  # anonymous: nothing is left on disk


class SheetWriter:
    """One table's sheet: a bold, frozen header, widths by kind, rows as XML text."""

    def __init__(self, book: Workbook, table: str, sheet_rows: int) -> None:
        self._book, self._table, self._sheet_rows = book, table, sheet_rows
        self._columns: Sequence[Column] = ()
        self._makers: list[Maker] = []
        self._out: IO[bytes] | None = None
        self._sheets = 0
        self._row = 0

    def header(self, columns: Sequence[Column]) -> None:
        """Open the first sheet of the table."""
        self._columns = columns
        self._makers = [_maker(_letters(n), c.kind) for n, c in enumerate(columns)]
        self._new_sheet()

    def rows(self, batch: Sequence[Sequence[Any]]) -> None:
        """Write many rows, going on in a new sheet when Excel's row limit is reached."""
        makers, parts = self._makers, []
        n, limit = self._row, self._sheet_rows
        for row in batch:
            if n == limit:
                self._write(parts)
                parts = []
                self._new_sheet()
                n = self._row
            n += 1
            cells = "".join([make(v, n) for make, v in zip(makers, row, strict=True)])
            parts.append(f'<row r="{n}">{cells}</row>')
        self._row = n
        self._write(parts)

    def _write(self, parts: list[str]) -> None:
        assert self._out is not None
        self._out.write("".join(parts).encode())

    def _new_sheet(self) -> None:
        self._sheets += 1
        title = self._table if self._sheets == 1 else f"{self._table} ({self._sheets})"
        self._out = self._book._new_sheet(title)
        widths = "".join(
            f'<col min="{n}" max="{n}" width="{max(_WIDTHS[c.kind], len(c.name) + 3)}"'
            ' customWidth="1"/>'
            for n, c in enumerate(self._columns, 1)
        )
        header = "".join(
            _string(_letters(n), 1, c.name, _BOLD) for n, c in enumerate(self._columns)
        )
        self._out.write(
            f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews>'
            '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
            ' activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"'
            ' activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{widths}</cols>" if widths else ""}'
            f'<sheetData><row r="1">{header}</row>'.encode()
        )
        self._row = 1


def _letters(index: int) -> str:
    """A column's letters from its 0-based index: A, B, ..., Z, AA, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _string(column: str, row: int, text: str, style: int = 0) -> str:
    """An inline-string cell (the text already cleaned)."""
    s = f' s="{style}"' if style else ""
    cell = f'<c r="{column}{row}"{s} t="inlineStr"><is><t xml:space="preserve">'
    return f"{cell}{escape(text)}</t></is></c>"


def _maker(column: str, kind: Kind) -> Maker:
    """How a stored value of this kind becomes a cell: text cleaned, times as datetimes."""

    def text(value: Any, row: int) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return _string(column, row, workbook_text(value))
        return number(value, row)

    def number(value: Any, row: int) -> str:
        if value is None:
            return ""
        if isinstance(value, int | float) and math.isfinite(value):
            return f'<c r="{column}{row}"><v>{value!r}</v></c>'
        return text(value if isinstance(value, str) else str(value), row)

    def timestamp(value: Any, row: int) -> str:
        if value is None:
            return ""
        days, seconds = divmod(int(value), 86_400)
        serial = days + _UNIX_DAY + seconds / 86_400
        return f'<c r="{column}{row}" s="{_TIME}"><v>{serial!r}</v></c>'

    def day(value: Any, row: int) -> str:
        if not value:
            return "" if value is None else text(value, row)
        try:
            serial = date.fromisoformat(value).toordinal() - _EXCEL_EPOCH
        except (TypeError, ValueError):
            return text(value, row)
        if 0 < serial <= 60:  # Excel's 29 February 1900
            serial -= 1
        return f'<c r="{column}{row}" s="{_DATE}"><v>{serial}</v></c>'

    if kind == "time":
        return timestamp
    if kind == "date":
        return day
    if kind == "number":
        return number
    return text


def _package(titles: list[str]) -> dict[str, str]:
    """Every part of the workbook but its sheets: content types, relations, styles."""
    sheets = range(1, len(titles) + 1)
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
        for n in sheets
    )
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    listed = "".join(
        f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
        for n, title in zip(sheets, titles, strict=True)
    )
    related = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in sheets
    )
    fonts = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    xf = '<xf numFmtId="{}" fontId="{}" fillId="0" borderId="0" xfId="0"{}/>'
    return {
        "[Content_Types].xml": f'{_XML}<Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
        '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/>'
        f"{types}</Types>",
        "_rels/.rels": f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews>'
        f'<workbookView activeTab="0"/></bookViews><sheets>{listed}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
        f'{related}<Relationship Id="rId{len(titles) + 1}" Type="{_REL}/styles"'
        ' Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'{_XML}<styleSheet xmlns="{_MAIN}"><numFmts count="2">'
        f'<numFmt numFmtId="164" formatCode={quoteattr(TIME_FORMAT)}/>'
        f'<numFmt numFmtId="165" formatCode={quoteattr(DATE_FORMAT)}/></numFmts>'
        f'<fonts count="2"><font>{fonts}</font><font><b/>{fonts}</font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0"'
        ' borderId="0"/></cellStyleXfs><cellXfs count="4">'
        + xf.format(0, 0, "")
        + xf.format(0, 1, ' applyFont="1"')
        + xf.format(164, 0, ' applyNumberFormat="1"')
        + xf.format(165, 0, ' applyNumberFormat="1"')
        + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>",
    }
