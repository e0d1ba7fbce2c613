"""Diary completion: how many prompts people answered, and who keeps going day after day.

Definitions (the README and the report say the same):

- *sent*: a daily prompt that went out (or is on its way) to the person; one per prompt time
  per day. A prompt whose message failed (blocked, say) is not counted.
- *answered*: a prompt counts as answered when the person finished a diary entry (a service
  contact or "Nothing today") on the same local day, at any time of that day, prompted or
  not; each entry answers at most one of that day's prompts.
- *entries*: every finished entry, whether or not a prompt asked for it.
- *day of the study*: day 1 is the person's first diary day (their ``starts_on``).
- *still answering on day d*: of the people enrolled whose day d has come, the share who
  answered a prompt that day.

The best-known pooled figure is about 75% of prompts answered (126 EMA studies); 80% is the
usual target. Both are drawn as reference lines on the report's chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

POOLED = 0.75
TARGET = 0.80


@dataclass(frozen=True, slots=True)
class DiaryDay:
    """One person's day of the diary: prompts sent and entries finished."""

    local_date: date
    sent: int
    entries: int

    @property
    def answered(self) -> int:
        return min(self.sent, self.entries)


@dataclass(frozen=True, slots=True)
class Diarist:
    """What storage read about one enrolled person."""

    participant_id: int
    pseudonym: str
    starts_on: date
    ends_on: date
    days: tuple[DiaryDay, ...]


@dataclass(frozen=True, slots=True)
class PersonCompletion:
    """One person's figures."""

    participant_id: int
    pseudonym: str
    sent: int
    answered: int
    entries: int
    first_day: date | None
    last_day: date | None

    @property
    def rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None


@dataclass(frozen=True, slots=True)
class DayCompletion:
    """Day ``day`` of the study across everyone enrolled."""

    day: int
    sent: int
    answered: int
    reached: int  # enrolled people whose day ``day`` has come
    answering: int  # of them, people who answered a prompt that day

    @property
    def rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None

    @property
    def still(self) -> float | None:
        return self.answering / self.reached if self.reached else None


@dataclass(frozen=True, slots=True)
class Completion:
    """A project's diary completion: overall, per person and per day of the study."""

    people: tuple[PersonCompletion, ...]
    days: tuple[DayCompletion, ...]

    @property
    def sent(self) -> int:
        return sum(p.sent for p in self.people)

    @property
    def answered(self) -> int:
        return sum(p.answered for p in self.people)

    @property
    def entries(self) -> int:
        return sum(p.entries for p in self.people)

    @property
    def rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None

    def below(self, threshold: float) -> list[PersonCompletion]:
        """People sent at least one prompt who answered less than ``threshold`` (0 to 1)."""
        return [p for p in self.people if p.rate is not None and p.rate < threshold]


def person(diarist: Diarist) -> PersonCompletion:
    """One person's sent, answered and entries, and the first and last day they wrote."""
    written = [d.local_date for d in diarist.days if d.entries]
    return PersonCompletion(
        diarist.participant_id,
        diarist.pseudonym,
        sum(d.sent for d in diarist.days),
        sum(d.answered for d in diarist.days),
        sum(d.entries for d in diarist.days),
        min(written) if written else None,
        max(written) if written else None,
    )


def completion(diarists: Iterable[Diarist], today: date) -> Completion:
    """Everyone's figures, and each day of the study up to the longest reached by ``today``."""
    diarists = list(diarists)
    people = tuple(sorted((person(d) for d in diarists), key=lambda p: p.pseudonym))
    return Completion(people, tuple(_by_day(diarists, today)))


def _by_day(diarists: Sequence[Diarist], today: date) -> list[DayCompletion]:
    def length(d: Diarist) -> int:
        return max(0, (min(today, d.ends_on) - d.starts_on).days + 1)

    longest = max((length(d) for d in diarists), default=0)
    days = []
    for n in range(1, longest + 1):
        sent = answered = answering = 0
        for diarist in diarists:
            for day in diarist.days:
                if (day.local_date - diarist.starts_on).days + 1 == n:
                    sent += day.sent
                    answered += day.answered
                    answering += day.answered > 0
        reached = sum(1 for d in diarists if length(d) >= n)
        days.append(DayCompletion(n, sent, answered, reached, answering))
    return days
