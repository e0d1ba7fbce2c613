"""Progress of a long export: a line every so many rows or every second, whichever first."""

from __future__ import annotations

import time
from collections.abc import Callable


class Progress:
    """Calls ``report`` with a line such as ``answers: 300,000 rows`` now and then."""

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

    def start(self, table: str) -> None:
        """A new table begins: count from zero."""
        self._last_rows = 0
        self._last_time = self._clock()

    def update(self, table: str, rows: int) -> None:
        """``rows`` written so far; report if enough rows or time went by."""
        now = self._clock()
        if (
            rows - self._last_rows >= self._every_rows
            or now - self._last_time >= self._every_seconds
        ):
            self._report(f"{table}: {rows:,} rows")
            self._last_rows, self._last_time = rows, now
