"""The sandbox clock: real time plus an offset that jumps forward on request.

Only the sandbox reads it. A jump replays what the JobQueue would have done in the time
skipped: every diary prompt and reminder whose moment falls inside the jump is fired with
`now` set to that moment, through the same `DiaryScheduler.fire`/`nudge` production uses.
The bot's own handlers keep reading the real clock, as in production.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as wall_time
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.diary_scheduler import DiaryScheduler
from conversations.diary_schedule import is_quiet, slot_instant
from conversations.directory import ProjectDirectory
from storage.diary import DiaryRepository, SlotGroup

# How far ahead "next diary prompt" looks: a week covers every days_of_week pattern.
LOOKAHEAD_DAYS = 8
# A "+1 day" jump crosses at most a few slots per group; this bounds a runaway loop.
MAX_MOMENTS_PER_JUMP = 500


class MomentKind(StrEnum):
    """What the JobQueue does at a scheduled moment."""

    PROMPT = "prompt"
    NUDGE = "nudge"


@dataclass(frozen=True)
class Moment:
    """One scheduled firing of a slot group."""

    at: datetime
    kind: MomentKind
    group: SlotGroup


@dataclass(frozen=True)
class JumpReport:
    """What a jump did, for the page to put into words."""

    started: datetime
    now: datetime
    prompts: int
    nudges: int
    moments: int

    def as_json(self) -> dict[str, object]:
        """JSON for the page."""
        return {
            "from": self.started.isoformat(),
            "to": self.now.isoformat(),
            "prompts": self.prompts,
            "nudges": self.nudges,
            "moments": self.moments,
        }


class SandboxClock:
    """Real time plus an offset that only grows, so sandbox time never runs backwards."""

    def __init__(self, real: Callable[[], float] = time.time) -> None:
        self._real = real
        self.offset = 0.0

    def timestamp(self) -> float:
        """Sandbox Unix time (also the emulator's clock, so message times match it)."""
        return self._real() + self.offset

    def now(self) -> datetime:
        """Sandbox time as an aware UTC datetime."""
        return datetime.fromtimestamp(self.timestamp(), UTC)

    def move_to(self, moment: datetime) -> None:
        """Jump forward to `moment`; a moment in the past leaves the clock alone."""
        self.offset += max(0.0, moment.timestamp() - self.timestamp())


class ScheduleRehearsal:
    """Moves the sandbox clock and fires the diary schedules it passes over."""

    def __init__(
        self,
        clock: SandboxClock,
        scheduler: DiaryScheduler,
        diary: DiaryRepository,
        projects: ProjectDirectory,
    ) -> None:
        self.clock = clock
        self._scheduler = scheduler
        self._diary = diary
        self._projects = projects

    async def moments(self, after: datetime, until: datetime) -> list[Moment]:
        """Every prompt and reminder moment in (after, until], in order."""
        found: list[Moment] = []
        for group in await self._diary.slot_groups():
            found.extend(self._group_moments(group, after, until))
        # Two zones can share an instant (London and Lisbon): order those by group too.
        return sorted(found, key=lambda m: (m.at, m.kind, astuple(m.group)))

    def _group_moments(self, group: SlotGroup, after: datetime, until: datetime) -> list[Moment]:
        project = self._projects.get(group.project_id)
        if project is None or project.diary is None:
            return []
        study = project.diary
        at = wall_time.fromisoformat(group.local_time)
        zone = ZoneInfo(group.timezone)
        # A day early: yesterday's late prompt may have its reminder after midnight.
        first = after.astimezone(zone).date() - timedelta(days=1)
        last = until.astimezone(zone).date()
        moments: list[Moment] = []
        day = first
        while day <= last:
            prompt = slot_instant(day, at, group.timezone)
            candidates = [(prompt, MomentKind.PROMPT)]
            if study.nudge_after_minutes:
                nudge = prompt + timedelta(minutes=study.nudge_after_minutes)
                candidates.append((nudge, MomentKind.NUDGE))
            moments += [
                Moment(when.astimezone(UTC), kind, group)
                for when, kind in candidates
                if after < when <= until
            ]
            day += timedelta(days=1)
        return moments

    async def next_prompt(self) -> Moment | None:
        """The next moment a diary prompt would actually go out (right weekday, not quiet)."""
        now = self.clock.now()
        upcoming = await self.moments(now, now + timedelta(days=LOOKAHEAD_DAYS))
        for moment in upcoming:
            if moment.kind is MomentKind.PROMPT and self._prompts_then(moment):
                return moment
        return None

    def _prompts_then(self, moment: Moment) -> bool:
        project = self._projects.get(moment.group.project_id)
        if project is None or project.diary is None:
            return False
        local = moment.at.astimezone(ZoneInfo(moment.group.timezone))
        return project.diary.prompts_on(local.weekday()) and not is_quiet(
            local.time(), project.quiet_window()
        )

    async def jump_by(self, delta: timedelta) -> JumpReport:
        """Move the clock forward by `delta`, firing what falls due on the way."""
        return await self.jump_to(self.clock.now() + delta)

    async def jump_to_next_prompt(self) -> JumpReport | None:
        """Move to the next diary prompt and fire it; None when no diary is running."""
        moment = await self.next_prompt()
        if moment is None:
            return None
        return await self.jump_to(moment.at)

    async def jump_to(self, target: datetime) -> JumpReport:
        """Fire every prompt and reminder in (now, target] at its own moment, then move."""
        started = self.clock.now()
        due = (await self.moments(started, target))[:MAX_MOMENTS_PER_JUMP]
        prompts = nudges = 0
        for moment in due:
            # The clock moves first so that anything reading it sees the moment being fired.
            self.clock.move_to(moment.at)
            if moment.kind is MomentKind.PROMPT:
                prompts += await self._scheduler.fire(moment.group, moment.at)
            else:
                nudges += await self._scheduler.nudge(moment.group, moment.at)
        self.clock.move_to(target)
        return JumpReport(started, self.clock.now(), prompts, nudges, len(due))
