"""When a broadcast may reach someone: quiet hours on their own clock."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from conversations.diary_schedule import is_quiet, local_now, slot_instant


def quiet_until(now: datetime, zone: str, window: tuple[time, time]) -> datetime | None:
    """When quiet hours end for someone in ``zone``, or None if it is not quiet there now."""
    local = local_now(now, zone)
    if not is_quiet(local.time(), window):
        return None
    end = window[1]
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    # slot_instant keeps a wall-clock end time right across DST changes.
    return slot_instant(day, end, zone)


def closes_at(now: float, hours: int | None) -> float | None:
    """The closing time, as a timestamp, some hours from now (None: never closes)."""
    return None if hours is None else now + hours * 3600.0
