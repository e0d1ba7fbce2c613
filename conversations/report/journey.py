"""The diary's project-wide view for the report, tallied row by row in bounded memory.

The same view as the staff /journey (conversations.journey.tally: services matched and
named, ranked, lowest moments chosen), fed from a stream of rows instead of every journey
held at once, under the report's rule: lowest moments only from people who agreed to be
quoted, only when they wrote words, and only when the contact felt bad or very bad.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from conversations.journey.model import FEELINGS, ServiceSummary, Touchpoint
from conversations.journey.tally import REPORT_VIEW, ServiceTally

MAX_SERVICES = 400  # distinct services kept before the rarest are pruned
MAX_SPELLINGS = 8


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


class JourneyTally(ServiceTally):
    """Touchpoint rows in, a JourneyView out: the report's rule, in bounded memory."""

    def __init__(self) -> None:
        super().__init__(REPORT_VIEW, MAX_SERVICES, MAX_SPELLINGS)

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
        if not service.strip() or feeling not in FEELINGS:
            return  # not a touchpoint: nothing to count
        when = datetime.combine(date.fromisoformat(day), time.fromisoformat(at), ZoneInfo(zone))
        touchpoint = Touchpoint(when, service, feeling, words or "")
        self.record(touchpoint, quotable_as or "", quotable_as is not None)

    def view(self, diarists: int = 0) -> JourneyView:
        """Every service ranked worst first, its lowest moments under the common spelling."""
        return JourneyView(self.summaries(), self.feelings(), diarists)
