"""The export formats: CSV safe to open in a spreadsheet, and JSON Lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TextIO

from conversations.export.cells import neutralised


class RowWriter(Protocol):
    """Writes a header once, then one row at a time, straight to an open file."""

    def header(self, columns: Sequence[str]) -> None:
        """Start the file."""

    def row(self, cells: Sequence[Any]) -> None:
        """Write one row."""

    def rows(self, batch: Iterable[Sequence[Any]]) -> None:
        """Write many rows."""


class CsvWriter:
    """CSV with a header; formulas neutralised and yes/no for true/false."""

    encoding = "utf-8-sig"  # the byte order mark makes Excel read UTF-8 correctly

    def __init__(self, out: TextIO) -> None:
        self._csv = csv.writer(out)

    def header(self, columns: Sequence[str]) -> None:
        """Write the column names."""
        self._csv.writerow(columns)

    def row(self, cells: Sequence[Any]) -> None:
        """Write one row, defusing cells a spreadsheet would run."""
        self.rows([cells])

    def rows(self, batch: Iterable[Sequence[Any]]) -> None:
        """Write many rows at once (exports write a database batch at a time)."""
        self._csv.writerows(
            [("yes" if c else "no") if isinstance(c, bool) else neutralised(c) for c in cells]
            for cells in batch
        )


class JsonLinesWriter:
    """One JSON object per line, keyed by column; values exactly as stored."""

    encoding = "utf-8"

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._columns: Sequence[str] = ()
        self._encode = json.JSONEncoder(ensure_ascii=False).encode

    def header(self, columns: Sequence[str]) -> None:
        """Remember the keys (JSON Lines has no header line)."""
        self._columns = columns

    def row(self, cells: Sequence[Any]) -> None:
        """Write one object."""
        self.rows([cells])

    def rows(self, batch: Iterable[Sequence[Any]]) -> None:
        """Write many objects at once."""
        encode, columns = self._encode, self._columns
        self._out.write(
            "".join(encode(dict(zip(columns, cells, strict=True))) + "\n" for cells in batch)
        )


WRITERS: dict[str, type[CsvWriter] | type[JsonLinesWriter]] = {
    "csv": CsvWriter,
    "jsonl": JsonLinesWriter,
}
