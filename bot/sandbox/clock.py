"""Sandbox rehearsal: jump the bot's one clock forward and replay what falls due.

The sandbox runs the bot on a `Clock` it shares with the emulator (so message dates follow
it). A jump replays what the JobQueue would have done in the time skipped: every diary
prompt and reminder, check-in firing, check-in reminder and closing, and poll closing in
the jump is fired at its own moment, the clock moved there first, through the same code
production runs. Rows the outbox held for quiet hours go once the clock passes their end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.context import Services
from bot.sandbox.moments import (
    Moment,
    MomentKind,
    checkin_moments,
    diary_moments,
    next_tick,
    poll_moments,
)
from conversations.clock import Clock
from conversations.diary_schedule import is_quiet

# How far ahead "next diary prompt" looks: a week covers every days_of_week pattern.
LOOKAHEAD_DAYS = 8
# A "+1 day" jump crosses a few dozen moments; this bounds a runaway loop.
MAX_MOMENTS_PER_JUMP = 2000


@dataclass(frozen=True)
class JumpReport:
    """What a jump did, for the page to put into words."""

    started: datetime
    now: datetime
    prompts: int
    nudges: int
    moments: int
    checkins: int = 0
    polls_closed: int = 0

    def as_json(self) -> dict[str, object]:
        """JSON for the page."""
        return {
            "from": self.started.isoformat(),
            "to": self.now.isoformat(),
            "prompts": self.prompts,
            "nudges": self.nudges,
            "moments": self.moments,
            "checkins": self.checkins,
            "polls_closed": self.polls_closed,
        }


class ScheduleRehearsal:
    """Moves the bot's clock and fires the schedules it passes over."""

    def __init__(self, services: Services) -> None:
        self._services = services

    @property
    def clock(self) -> Clock:
        """The bot's one clock."""
        return self._services.clock

    async def moments(self, after: datetime, until: datetime) -> list[Moment]:
        """Every fixed moment in (after, until], in order (the tick's are found as it goes)."""
        services = self._services
        found: list[Moment] = []
        for group in await services.diary.slot_groups():
            found.extend(diary_moments(group, services.projects, after, until))
        found.extend(checkin_moments(services.checkin_scheduler, after, until))
        found.extend(poll_moments(await services.polls.closing(), after, until))
        return sorted(found, key=Moment.order)

    async def next_prompt(self) -> Moment | None:
        """The next moment a diary prompt would actually go out (right weekday, not quiet)."""
        now = self.clock.now()
        upcoming = await self.moments(now, now + timedelta(days=LOOKAHEAD_DAYS))
        for moment in upcoming:
            if moment.kind is MomentKind.PROMPT and self._prompts_then(moment):
                return moment
        return None

    def _prompts_then(self, moment: Moment) -> bool:
        assert moment.group is not None
        project = self._services.projects.get(moment.group.project_id)
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
        """Fire every moment in (now, target] at its own moment, then move to `target`."""
        started = self.clock.now()
        fixed = await self.moments(started, target)
        counts = dict.fromkeys(MomentKind, 0)
        fired = 0
        while fired < MAX_MOMENTS_PER_JUMP:
            moment = await self._next(fixed, target)
            if moment is None:
                break
            # The clock moves first so that anything reading it sees the moment being fired.
            self.clock.move_to(moment.at)
            counts[moment.kind] += await self._fire(moment)
            fired += 1
        self.clock.move_to(target)
        # Rows held for quiet hours that ended in the jump are due now: the sender looks.
        self._services.wake_outbox()
        return JumpReport(
            started,
            self.clock.now(),
            counts[MomentKind.PROMPT],
            counts[MomentKind.NUDGE],
            fired,
            counts[MomentKind.CHECKIN],
            counts[MomentKind.POLL_CLOSE],
        )

    async def _next(self, fixed: list[Moment], target: datetime) -> Moment | None:
        """The earliest of the next fixed moment and the next tick that changes a cycle."""
        services, now = self._services, self.clock.now()
        cycles = await services.checkins.open_cycles()
        tick = next_tick(services.checkin_scheduler, services.projects, cycles, now, target)
        if fixed and (tick is None or fixed[0].order() <= tick.order()):
            return fixed.pop(0)
        return tick

    async def _fire(self, moment: Moment) -> int:
        services = self._services
        if moment.kind is MomentKind.PROMPT and moment.group is not None:
            return await services.diary_scheduler.fire(moment.group, moment.at)
        if moment.kind is MomentKind.NUDGE and moment.group is not None:
            return await services.diary_scheduler.nudge(moment.group, moment.at)
        if moment.kind is MomentKind.CHECKIN:
            project_id, checkin_id = moment.ref
            invited = await services.checkin_scheduler.fire(project_id, checkin_id, moment.at)
            return 1 if invited else 0
        if moment.kind is MomentKind.TICK:
            return await services.checkin_scheduler.tick(moment.at)
        return await self._close_poll(int(moment.ref[0]))

    async def _close_poll(self, poll_id: int) -> int:
        """Run the poll's closing job now, as the JobQueue would at its time."""
        jobs = self._services.jobs
        if jobs is None:
            return 0
        for job in jobs.get_jobs_by_name(f"poll-close:{poll_id}"):
            job.schedule_removal()
            await job.run(jobs.application)
            return 1
        return 0
