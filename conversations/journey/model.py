"""Touchpoints, journeys and the project-wide view of them, as plain data.

The project view (built in tally.py) ranks services worst first by their mean feeling after
adding PRIOR_CONTACTS imaginary "OK" contacts to each: services that feel bad *and* happen
often come first, and a single bad contact does not top the list. Ties go to the service
with more contacts, then to the name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from conversations import catalogue

# The feelings in English (the report's tables); conversations/journey/words.py puts them
# in a reader's language.
FEELINGS: dict[int, str] = catalogue.JOURNEY_FEELINGS
# Ranking treats every service as if it also had this many contacts felt as "OK", so one
# bad contact does not outrank a pattern of many; see rank_key.
PRIOR_CONTACTS = 2
PRIOR_FEELING = 3.0
LOWEST_PER_SERVICE = 3
# Only contacts felt this or worse ("Bad", "Very bad") are low moments.
LOW_FEELING = 2
# Kept in place of the words of someone who did not agree to be quoted (an English marker,
# shown in the reader's language by conversations/journey/words.py's quote).
NOT_QUOTED = catalogue.JOURNEY_NOT_QUOTED


@dataclass(frozen=True, slots=True)
class Touchpoint:
    """One contact with a service: where, what happened, and how it felt (1-5)."""

    when: datetime
    service: str
    feeling: int
    happened: str
    better: str | None = None

    def __post_init__(self) -> None:
        if self.when.tzinfo is None or self.when.utcoffset() is None:
            raise ValueError("a touchpoint's time must be aware (the resident's local time)")
        if self.feeling not in FEELINGS:
            raise ValueError(f"feeling must be 1 to 5, not {self.feeling!r}")
        if not self.service.strip():
            raise ValueError("a touchpoint needs a service or place")

    @property
    def feeling_word(self) -> str:
        """The feeling in English words, e.g. "Very bad" (words.feeling_word for others)."""
        return FEELINGS[self.feeling]


def _worst_first(touchpoint: Touchpoint) -> tuple[int, datetime]:
    return touchpoint.feeling, touchpoint.when


@dataclass(frozen=True, slots=True)
class Journey:
    """One resident's touchpoints on a timeline; who is "You" or a pseudonym, never a name."""

    who: str
    touchpoints: tuple[Touchpoint, ...]
    # Days answered "nothing today": not touchpoints, but they show the diary was kept.
    quiet_days: tuple[date, ...] = ()
    # Whether their words may be quoted in reports (the participant's may_quote); their own
    # map always shows them, the project view only when this is True.
    may_quote: bool = False

    def __post_init__(self) -> None:
        # Sorting here means no caller can hand over an out-of-order timeline.
        object.__setattr__(self, "touchpoints", tuple(sorted(self.touchpoints, key=_instant)))
        object.__setattr__(self, "quiet_days", tuple(sorted(set(self.quiet_days))))

    def lowest(self, n: int = 3) -> tuple[Touchpoint, ...]:
        """The n worst touchpoints felt bad or very bad, worst first; ties go to the earliest."""
        low = (t for t in self.touchpoints if t.feeling <= LOW_FEELING)
        return tuple(sorted(low, key=_worst_first)[: max(n, 0)])


def _instant(touchpoint: Touchpoint) -> datetime:
    return touchpoint.when


@dataclass(frozen=True, slots=True)
class Moment:
    """A touchpoint with the pseudonym of whoever lived it, for the project view."""

    who: str
    touchpoint: Touchpoint


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    """How one service felt across everyone: how often, on average, and its worst moments."""

    service: str
    count: int
    mean_feeling: float
    lowest: tuple[Moment, ...] = ()

    @property
    def level(self) -> int:
        """The mean feeling rounded to a level 1-5; halves round down, to the worse."""
        # Rounding down means a service split between "Bad" and "OK" is not flattered; the
        # mean is first rounded as it is shown, so "2.5 Bad" never appears beside "2.5 OK".
        return min(5, max(1, math.ceil(round(self.mean_feeling, 1) - 0.5)))

    @property
    def feeling_word(self) -> str:
        """The mean feeling in English words, e.g. "Bad" (words.feeling_word for others)."""
        return FEELINGS[self.level]

    def rank_key(self) -> tuple[float, int, str]:
        """Sort key, worst first: the mean pulled towards "OK", then more contacts, then name."""
        total = self.mean_feeling * self.count + PRIOR_FEELING * PRIOR_CONTACTS
        return total / (self.count + PRIOR_CONTACTS), -self.count, self.service.casefold()


def service_key(service: str) -> str:
    """How spellings of one service are matched: trimmed, spaces collapsed, any case."""
    return " ".join(service.split()).casefold()
