"""The diary's project-wide view, tallied touchpoint by touchpoint in bounded memory.

The same view as conversations.journey.project_view (services matched by service_key,
named by their most common spelling, ranked by ServiceSummary.rank_key), built from a
stream instead of every journey held at once. Lowest moments are kept only from people
who agreed to be quoted, only when they wrote words, and only when the contact felt bad or
very bad: a "Good" contact is nobody's low point.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from conversations.journey.model import (
    LOWEST_PER_SERVICE,
    Moment,
    ServiceSummary,
    Touchpoint,
    service_key,
)

MAX_SERVICES = 400  # distinct services kept before the rarest are pruned
MAX_SPELLINGS = 8
LOW = 2  # "Bad" or worse


@dataclass
class _Service:
    count: int = 0
    total: int = 0
    feelings: list[int] = field(default_factory=lambda: [0] * 5)
    spellings: Counter[str] = field(default_factory=Counter)
    lowest: list[Moment] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class JourneyView:
    """Services worst first, and for each the number of contacts felt at each level 1-5."""

    services: tuple[ServiceSummary, ...]
    feelings: dict[str, tuple[int, ...]]
    diarists: int = 0

    @property
    def touchpoints(self) -> int:
        """Every touchpoint counted."""
        return sum(s.count for s in self.services)


class JourneyTally:
    """Touchpoints in, a JourneyView out."""

    def __init__(self) -> None:
        self._services: dict[str, _Service] = {}

    def add(
        self,
        service: str,
        feeling: int,
        day: str,
        at: str,
        zone: str,
        words: str | None,
        quotable_as: str | None,
    ) -> None:
        """One touchpoint (local date and time in the diarist's zone); words only if written."""
        name = " ".join(service.split())
        if not name or not 1 <= feeling <= 5:
            return
        key = service_key(name)
        if key not in self._services and len(self._services) >= MAX_SERVICES:
            self._prune()
        tally = self._services.setdefault(key, _Service())
        tally.count += 1
        tally.total += feeling
        tally.feelings[feeling - 1] += 1
        if name in tally.spellings or len(tally.spellings) < MAX_SPELLINGS:
            tally.spellings[name] += 1
        if quotable_as is None or feeling > LOW or not words or not words.strip():
            return
        worst = tally.lowest
        if len(worst) == LOWEST_PER_SERVICE and feeling >= worst[-1].touchpoint.feeling:
            return  # cheap exit: no better than the worst kept (ties go to the earliest)
        when = datetime.combine(date.fromisoformat(day), time.fromisoformat(at), ZoneInfo(zone))
        worst.append(Moment(quotable_as, Touchpoint(when, name, feeling, words)))
        worst.sort(key=lambda m: (m.touchpoint.feeling, m.touchpoint.when))
        del worst[LOWEST_PER_SERVICE:]

    def _prune(self) -> None:
        keep = sorted(self._services.items(), key=lambda item: -item[1].count)
        self._services = dict(keep[: MAX_SERVICES // 2])

    def view(self, diarists: int = 0) -> JourneyView:
        """Every service ranked worst first, its lowest moments under the common spelling."""
        summaries, feelings = [], {}
        for tally in self._services.values():
            name = tally.spellings.most_common(1)[0][0]
            lowest = tuple(
                Moment(m.who, dataclasses.replace(m.touchpoint, service=name)) for m in tally.lowest
            )
            summaries.append(ServiceSummary(name, tally.count, tally.total / tally.count, lowest))
            feelings[name] = tuple(tally.feelings)
        ranked = tuple(sorted(summaries, key=ServiceSummary.rank_key))
        return JourneyView(ranked, feelings, diarists)
