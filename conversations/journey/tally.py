"""The project-wide view of the diaries, built once for both the staff /journey and the report.

Touchpoints go in one at a time (from journeys held in memory, or streamed from storage),
so memory can stay bounded. Services are matched by service_key and named by their most
common spelling (first seen wins a tie), ranked by ServiceSummary.rank_key, and each keeps
its LOWEST_PER_SERVICE worst moments (worst feeling first, then the earliest), chosen by a
MomentRule that says whose words may be shown.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from conversations.journey.model import (
    FEELINGS,
    LOW_FEELING,
    LOWEST_PER_SERVICE,
    NOT_QUOTED,
    Journey,
    Moment,
    ServiceSummary,
    Touchpoint,
    service_key,
)


@dataclass(frozen=True, slots=True)
class MomentRule:
    """Which touchpoints may stand among a service's lowest moments, and with what words."""

    # Only contacts felt this or worse are low points.
    felt_at_most: int
    # Words shown in place of theirs for people who did not agree to be quoted; None leaves
    # their moments out altogether.
    unquoted: str | None


# Staff (/journey) see every bad or very bad contact with its pseudonym; words only with consent.
STAFF_VIEW = MomentRule(felt_at_most=LOW_FEELING, unquoted=NOT_QUOTED)
# The report goes to the wider team: only bad or worse contacts, in the words of people who
# agreed to be quoted.
REPORT_VIEW = MomentRule(felt_at_most=LOW_FEELING, unquoted=None)


def _worst_first(moment: Moment) -> tuple[int, datetime]:
    return moment.touchpoint.feeling, moment.touchpoint.when


@dataclass
class _Service:
    count: int = 0
    total: int = 0
    feelings: list[int] = field(default_factory=lambda: [0] * len(FEELINGS))
    spellings: Counter[str] = field(default_factory=Counter)
    lowest: list[Moment] = field(default_factory=list)


class ServiceTally:
    """Touchpoints in; services ranked worst first, with their lowest moments, out."""

    def __init__(
        self,
        rule: MomentRule,
        max_services: int | None = None,
        max_spellings: int | None = None,
    ) -> None:
        """Unbounded by default; with limits, the rarest services and spellings are let go."""
        self._rule = rule
        self._max_services = max_services
        self._max_spellings = max_spellings
        self._services: dict[str, _Service] = {}

    def record(self, touchpoint: Touchpoint, who: str, may_quote: bool) -> None:
        """One touchpoint of the person shown as ``who`` (a pseudonym, never a name)."""
        name = " ".join(touchpoint.service.split())
        key = service_key(name)
        limit = self._max_services
        if limit is not None and key not in self._services and len(self._services) >= limit:
            # Keep the most frequent half: a service seen often is not lost to a flood of one-offs.
            keep = sorted(self._services.items(), key=lambda item: -item[1].count)
            self._services = dict(keep[: limit // 2])
        tally = self._services.setdefault(key, _Service())
        tally.count += 1
        tally.total += touchpoint.feeling
        tally.feelings[touchpoint.feeling - 1] += 1
        spellings = self._max_spellings
        if spellings is None or name in tally.spellings or len(tally.spellings) < spellings:
            tally.spellings[name] += 1
        self._offer(tally.lowest, touchpoint, who, may_quote)

    def _offer(self, worst: list[Moment], touchpoint: Touchpoint, who: str, quote: bool) -> None:
        """Keep the touchpoint among the lowest moments if the rule allows and it is low enough."""
        rule = self._rule
        if touchpoint.feeling > rule.felt_at_most or not touchpoint.happened.strip():
            return
        if not quote:
            if rule.unquoted is None:
                return
            # Dropped here, so the words cannot leak from any later rendering.
            touchpoint = dataclasses.replace(touchpoint, happened=rule.unquoted, better=None)
        moment = Moment(who, touchpoint)
        if len(worst) == LOWEST_PER_SERVICE and _worst_first(moment) >= _worst_first(worst[-1]):
            return  # no lower than the highest kept: ties go to the one seen first
        worst.append(moment)
        worst.sort(key=_worst_first)
        del worst[LOWEST_PER_SERVICE:]

    def summaries(self) -> tuple[ServiceSummary, ...]:
        """Every service ranked worst first, its moments under its most common spelling."""
        found = []
        for tally in self._services.values():
            # Counter.most_common keeps first-seen order among equals.
            name = tally.spellings.most_common(1)[0][0]
            lowest = tuple(
                # One spelling throughout, so a moment reads the same as the service it sits under.
                Moment(m.who, dataclasses.replace(m.touchpoint, service=name))
                for m in tally.lowest
            )
            found.append(ServiceSummary(name, tally.count, tally.total / tally.count, lowest))
        return tuple(sorted(found, key=ServiceSummary.rank_key))

    def feelings(self) -> dict[str, tuple[int, ...]]:
        """For each service (by its most common spelling), its contacts felt at each level 1-5."""
        return {
            t.spellings.most_common(1)[0][0]: tuple(t.feelings) for t in self._services.values()
        }


def project_view(journeys: Sequence[Journey]) -> tuple[ServiceSummary, ...]:
    """Everyone's touchpoints grouped by service and ranked worst first (see rank_key)."""
    # Every "who" here should be a pseudonym: these summaries are for coordinators.
    tally = ServiceTally(STAFF_VIEW)
    for journey in journeys:
        for touchpoint in journey.touchpoints:
            tally.record(touchpoint, journey.who, journey.may_quote)
    return tally.summaries()
