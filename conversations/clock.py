"""The one clock Tandem reads the time from.

Production runs it at real time. A rehearsal or a test starts it at a chosen moment (it then
runs at real speed from there) or pins it (it stands still until moved); the sandbox jumps it
forward. Whatever holds the time (schedules, quiet hours, poll closing, timestamps) asks this
clock, which is handed down from where the bot starts, never reached as a module global.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def parse_moment(text: str) -> datetime:
    """An ISO 8601 moment with its UTC offset, as an aware UTC datetime (ValueError if not)."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset (write it like 2026-12-04T14:00:00+00:00)")
    return moment.astimezone(UTC)


class Clock:
    """Real time, or time started or pinned at a moment; it moves forward only.

    `real` is where seconds come from (the machine's clock unless a test says otherwise).
    """

    def __init__(
        self,
        start: datetime | None = None,
        *,
        frozen: bool = False,
        real: Callable[[], float] = time.time,
    ) -> None:
        self._real = real
        self.frozen = frozen
        # A pinned clock stores the moment itself; a running one its distance from real time.
        self._pinned = (start or datetime.fromtimestamp(real(), UTC)).timestamp()
        self.offset = 0.0 if start is None else start.timestamp() - real()
        # How far jumps have moved it (what the sandbox page shows as "ahead").
        self.jumped = 0.0

    @classmethod
    def pinned(cls, at: datetime) -> Clock:
        """A clock that stands at `at` until it is moved."""
        return cls(at, frozen=True)

    @classmethod
    def started(cls, at: datetime) -> Clock:
        """A clock that reads `at` now and runs at real speed from there."""
        return cls(at)

    def timestamp(self) -> float:
        """Unix time by this clock."""
        return self._pinned if self.frozen else self._real() + self.offset

    def now(self) -> datetime:
        """The time by this clock, as an aware UTC datetime."""
        return datetime.fromtimestamp(self.timestamp(), UTC)

    def move_to(self, moment: datetime) -> None:
        """Jump forward to `moment`; a moment in the past leaves the clock alone."""
        step = max(0.0, moment.timestamp() - self.timestamp())
        self._pinned += step if self.frozen else 0.0
        self.offset += step
        self.jumped += step

    def advance(self, delta: timedelta) -> None:
        """Jump forward by `delta`."""
        self.move_to(self.now() + delta)
