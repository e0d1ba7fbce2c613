"""Time in the diary: residents' own time zones, quiet hours and the study's window."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from conversations.zones import find_zone

# Offered when a resident wants another prompt time (the study's own times come first).
COMMON_TIMES = (time(8, 0), time(12, 30), time(17, 30), time(19, 0), time(20, 30))


def is_quiet(moment: time, window: tuple[time, time]) -> bool:
    """Whether a local time falls in quiet hours (the window may run past midnight)."""
    start, end = window
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def local_now(now: datetime, zone: str) -> datetime:
    """The given instant on the resident's clock."""
    return now.astimezone(ZoneInfo(zone))


def slot_instant(day: date, at: time, zone: str) -> datetime:
    """When a local slot happens: a time skipped by DST moves forward, like a wall clock."""
    local = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    # Round-tripping through UTC normalises a non-existent local time (spring forward).
    return local.astimezone(ZoneInfo("UTC")).astimezone(ZoneInfo(zone))


def quiet_until(now: datetime, zone: str, window: tuple[time, time]) -> datetime | None:
    """When quiet hours end for someone in ``zone``, or None if it is not quiet there now."""
    local = local_now(now, zone)
    if not is_quiet(local.time(), window):
        return None
    end = window[1]
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    # slot_instant keeps a wall-clock end time right across DST changes.
    return slot_instant(day, end, zone)


def study_window(today: date, first_slot: time, now_local: time, days: int) -> tuple[date, date]:
    """First and last local dates of a resident's diary: today if today's slot is ahead."""
    start = today if now_local < first_slot else today + timedelta(days=1)
    return start, start + timedelta(days=days - 1)


def time_choices(study_times: tuple[time, ...], quiet: tuple[time, time]) -> list[time]:
    """Prompt times to offer: the study's, then common ones, never in quiet hours."""
    seen: list[time] = []
    for moment in (*study_times, *COMMON_TIMES):
        if moment not in seen and not is_quiet(moment, quiet):
            seen.append(moment)
    return seen[:6]


_CLOCK_TIME = re.compile(r"^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


def parse_clock_time(text: str) -> time | None:
    """A time of day as people type it: '17:30', '17.30', '1730', '5:30pm', '5 pm'."""
    match = _CLOCK_TIME.match(text.strip().casefold())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if suffix and not 1 <= hour <= 12:
        return None
    if suffix == "pm" and hour != 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    if not suffix and match.group(2) is None:
        return None  # a bare number is more likely an answer than a time
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_zone(text: str) -> str | None:
    """A time zone from what a person typed: 'Europe/Paris', 'paris', 'Manchester', 'UTC'."""
    return find_zone(text)
