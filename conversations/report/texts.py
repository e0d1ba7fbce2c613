"""The summary report's words in the language it is written in: numbers, dates, who, when.

Every word is a message of conversations/catalogue/report.py, rendered with the report's
``Words``; numbers and dates are formatted by Babel in that language (English as in the UK).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from conversations.i18n.words import Words
from conversations.polls.targets import Target

# The funnel's steps (keys of REPORT_FUNNEL_STEPS), each with the earlier step its share is of.
FUNNEL_STEPS: tuple[tuple[str, int | None], ...] = (
    ("invited", None),
    ("opened", 0),
    ("agreed", 1),
    ("finished", 2),
    ("diary", 2),
    ("checkin", 2),
)
# The step a share is of, by its index: the key of REPORT_SHARE_OF.
SHARE_OF = ("invited", "opened", "agreed")
# Sections in order: (anchor, heading key).
CONTENTS = (
    ("funnel", "REPORT_FUNNEL_HEAD"),
    ("questions", "REPORT_QUESTIONS_HEAD"),
    ("ideas", "REPORT_IDEAS_HEAD"),
    ("farm", "REPORT_FARM_HEAD"),
    ("journey", "REPORT_JOURNEY_HEAD"),
    ("completion", "REPORT_COMPLETION_HEAD"),
    ("polls", "REPORT_POLLS_HEAD"),
    ("checkins", "REPORT_CHECKINS_HEAD"),
    ("updates", "REPORT_UPDATES_HEAD"),
)


@cache
def _locale(lang: str) -> Locale:
    """Babel's locale for a language code (English dates as in the UK); English if unknown."""
    try:
        return Locale.parse("en_GB" if lang == "en" else lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def number(n: int, words: Words) -> str:
    """A count as written in the report's language (1,200 in English)."""
    return format_decimal(n, locale=_locale(words.lang))


def decimal(x: float, words: Words) -> str:
    """A mean to one decimal place (2.5 in English)."""
    return format_decimal(round(x, 1), format="0.0", locale=_locale(words.lang))


def percent(share: float, words: Words) -> str:
    """A share as a whole percentage (57%)."""
    return format_percent(share, locale=_locale(words.lang))


def counted(words: Words, key: str, n: int) -> str:
    """A plural message of the count, e.g. "1 photo", "1,000 answers"."""
    return words.plural(key, n, number=number(n, words))


def long_day(day: date, words: Words) -> str:
    """A day in words, e.g. "3 Mar 2025"."""
    return format_date(day, "medium", locale=_locale(words.lang))


def right_to_left(lang: str) -> bool:
    """Whether the language is written right to left (ar, ur, ...)."""
    return _locale(lang).character_order == "right-to-left"


def language_name(code: str, words: Words) -> str:
    """A language's name in the report's language ("Welsh", "Cymraeg"); the code if unknown."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(_locale(words.lang))
    except (UnknownLocaleError, ValueError):
        return code
    return name or code


def covered(since: float | None, until: float | None, zone: ZoneInfo, words: Words) -> str:
    """The dates a report covers in words (``until`` is exclusive)."""
    start = (
        long_day(datetime.fromtimestamp(since, zone).date(), words) if since is not None else None
    )
    end = (
        long_day((datetime.fromtimestamp(until, zone) - timedelta(seconds=1)).date(), words)
        if until is not None
        else None
    )
    if start and end:
        return words.say("REPORT_DATES_BETWEEN", start=start, end=end)
    if start:
        return words.say("REPORT_DATES_FROM", start=start)
    if end:
        return words.say("REPORT_DATES_UNTIL", end=end)
    return words.say("REPORT_DATES_ALL")


def cohort_words(cohort: Target | None, words: Words) -> str:
    """Who a report covers in words."""
    if cohort is None or cohort.kind == "all":
        return words.say("REPORT_COHORT_ALL")
    if cohort.kind == "tag":
        return words.say("REPORT_COHORT_TAG", tag=cohort.key)
    if cohort.kind == "joined":
        return words.say("REPORT_COHORT_JOINED", code=cohort.key)
    return str(cohort)


def generated(now: float, zone: ZoneInfo, words: Words) -> str:
    """When a report was made, in the project's time zone."""
    moment = datetime.fromtimestamp(now, zone)
    time = format_time(moment, "HH:mm", locale=_locale(words.lang))
    return words.say(
        "REPORT_GENERATED", day=long_day(moment.date(), words), time=time, zone=zone.key
    )
