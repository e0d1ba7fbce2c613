"""Progress of a long export: plain lines now and then, or a bar on a terminal."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol, TextIO


class ExportProgress(Protocol):
    """Told when each table starts (with its row count if known), goes on, and ends."""

    def start(self, table: str, total: int | None = None) -> None:
        """A new table begins."""

    def update(self, table: str, rows: int) -> None:
        """``rows`` written so far."""

    def finish(self, table: str, rows: int) -> None:
        """The table is complete."""


class Progress:
    """Calls ``report`` with a line such as ``answers: 300,000 of 1,000,000 rows``.

    A line every so many rows or every second, whichever comes first (CI logs, pipes).
    """

    def __init__(
        self,
        report: Callable[[str], None],
        every_rows: int = 100_000,
        every_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._report = report
        self._every_rows = every_rows
        self._every_seconds = every_seconds
        self._clock = clock
        self._last_rows = 0
        self._last_time = clock()
        self._total: int | None = None

    def start(self, table: str, total: int | None = None) -> None:
        """A new table begins: count from zero."""
        self._last_rows = 0
        self._last_time = self._clock()
        self._total = total

    def update(self, table: str, rows: int) -> None:
        """``rows`` written so far; report if enough rows or time went by."""
        now = self._clock()
        if (
            rows - self._last_rows >= self._every_rows
            or now - self._last_time >= self._every_seconds
        ):
            of = f" of {self._total:,}" if self._total is not None else ""
            self._report(f"{table}: {rows:,}{of} rows")
            self._last_rows, self._last_time = rows, now

    def finish(self, table: str, rows: int) -> None:
        """Nothing more to say: the caller reports each table's total."""


class ProgressBar:
    """A tqdm bar per table on a terminal: rows of the known total and rows per second."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._bar: Any = None

    def start(self, table: str, total: int | None = None) -> None:
        """Open the table's bar."""
        from tqdm import tqdm

        self._bar = tqdm(
            total=total,
            desc=table,
            unit=" rows",
            unit_scale=total is None or total >= 10_000,  # 1.00M/2.50M, but 3/3
            file=self._out,
            dynamic_ncols=True,
            mininterval=0.2,
        )

    def update(self, table: str, rows: int) -> None:
        """Move the bar to ``rows``."""
        self._bar.update(rows - self._bar.n)

    def finish(self, table: str, rows: int) -> None:
        """Fill and close the bar (it stays on screen)."""
        self.update(table, rows)
        self._bar.close()
