"""Dates, times, numbers and lists in a person's language (Babel, CLDR): never English month
names, weekdays or " or " glued into another language's sentence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from babel.dates import format_datetime, format_interval, format_skeleton, format_time
from babel.lists import format_list
from babel.numbers import format_decimal

from conversations.i18n.catalogues import SOURCE


def _locale(lang: str) -> str:
    # Tandem's English is British English: "Fri 4 Dec", "19:00".
    return "en_GB" if lang == SOURCE else lang


def day(when: date, lang: str) -> str:
    """A short day with its weekday, e.g. "Fri 4 Dec" / "Gwen, 4 Rhag"."""
    return format_skeleton("MMMEd", when, locale=_locale(lang))


def day_in_year(when: date, lang: str) -> str:
    """A short day with weekday and year, e.g. "Fri, 4 Dec 2026" / "Gwen, 4 Rhag 2026"."""
    return format_skeleton("yMMMEd", when, locale=_locale(lang))


def short_day(when: date, lang: str) -> str:
    """A day for an axis, e.g. "4 Dec" / "4 Rhag"."""
    return format_skeleton("MMMd", when, locale=_locale(lang))


def days(first: date, last: date, lang: str) -> str:
    """One day, or a span of days, e.g. "Mon, 3 Mar – Wed, 5 Mar 2025" / "Llun, 3 Maw – …"."""
    if first == last:
        return day_in_year(first, lang)
    return format_interval(first, last, "yMMMEd", locale=_locale(lang))


def clock_time(when: time, lang: str) -> str:
    """A time of day, e.g. "19:00"."""
    return format_time(when, "short", locale=_locale(lang))


def moment(when: datetime, lang: str) -> str:
    """A day and time of day in the moment's own zone, e.g. "Fri, 4 Dec 2026, 14:00"."""
    return f"{day_in_year(when.date(), lang)}, {clock_time(when.timetz(), lang)}"


def utc_moment(timestamp: float, lang: str) -> str:
    """A Unix timestamp as a day and time in UTC, e.g. "4 Dec 2026, 14:00 UTC"."""
    at = datetime.fromtimestamp(timestamp, UTC)
    return format_datetime(at, "d MMM y, HH:mm 'UTC'", tzinfo=UTC, locale=_locale(lang))


def weekday_time(when: datetime, lang: str) -> str:
    """A weekday and time of day in the moment's own zone, e.g. "Thu 08:00"."""
    return format_datetime(when, "EEE HH:mm", tzinfo=when.tzinfo, locale=_locale(lang))


def listed(items: Sequence[str], lang: str) -> str:
    """Parts of one count in a plain list, e.g. "1 at this week's limit, 1 paused"."""
    return format_list(list(items), style="unit", locale=_locale(lang))


def either(names: Sequence[str], lang: str) -> str:
    """Names offered as a choice, e.g. "Manchester, Winchester or Dorchester"."""
    return format_list(list(names), style="or", locale=_locale(lang))


def tenths(value: float, lang: str) -> str:
    """A number to one decimal place, e.g. "2.5"."""
    # Rounded as Python rounds (f"{value:.1f}"), so the shown number matches other code's.
    return format_decimal(round(value, 1), "0.0", locale=_locale(lang))
