"""What falls due between two instants: the moments a sandbox jump replays, in order.

The JobQueue would have acted at each of them: diary prompts and reminders, check-in
firings, the check-in tick's reminders and closings, and poll closings. Each is found from
the same schedules production registers (slot groups, cron triggers, stored rows).
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as wall_time
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.checkin_scheduler import CheckInScheduler, checkin_trigger
from conversations.diary_schedule import quiet_until, slot_instant
from conversations.directory import ProjectDirectory
from storage.checkins import Cycle
from storage.diary import SlotGroup
from storage.polls import Poll


class MomentKind(StrEnum):
    """What the JobQueue does at a scheduled moment."""

    PROMPT = "prompt"
    NUDGE = "nudge"
    CHECKIN = "checkin"
    TICK = "tick"
    POLL_CLOSE = "poll_close"


@dataclass(frozen=True)
class Moment:
    """One scheduled firing: a diary slot group's, a check-in's, a tick or a poll's closing."""

    at: datetime
    kind: MomentKind
    group: SlotGroup | None = None
    # (project id, check-in id) for a check-in; (poll id,) for a poll's closing.
    ref: tuple[str, ...] = ()

    def order(self) -> tuple[object, ...]:
        """Time first; two zones can share an instant (London and Lisbon): then by group."""
        return (self.at, self.kind, self.ref, astuple(self.group) if self.group else ())


def diary_moments(
    group: SlotGroup, projects: ProjectDirectory, after: datetime, until: datetime
) -> list[Moment]:
    """A slot group's prompt and reminder moments in (after, until]."""
    project = projects.get(group.project_id)
    if project is None or project.diary is None:
        return []
    study = project.diary
    at = wall_time.fromisoformat(group.local_time)
    zone = ZoneInfo(group.timezone)
    # A day early: yesterday's late prompt may have its reminder after midnight.
    day = after.astimezone(zone).date() - timedelta(days=1)
    last = until.astimezone(zone).date()
    moments: list[Moment] = []
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


def checkin_moments(scheduler: CheckInScheduler, after: datetime, until: datetime) -> list[Moment]:
    """Every check-in's cron firings in (after, until] (fire() itself skips weeks off)."""
    found: list[Moment] = []
    for project, definition in scheduler.definitions():
        trigger = checkin_trigger(definition, project.timezone)
        previous, moment = None, after
        while (fired := trigger.get_next_fire_time(previous, moment)) and fired <= until:
            if fired > after:
                ref = (project.id, definition.id)
                found.append(Moment(fired.astimezone(UTC), MomentKind.CHECKIN, ref=ref))
            previous, moment = fired, fired + timedelta(seconds=1)
    return found


def poll_moments(polls: list[Poll], after: datetime, until: datetime) -> list[Moment]:
    """Open polls' closing times in (after, until]."""
    return [
        Moment(datetime.fromtimestamp(p.closes_at, UTC), MomentKind.POLL_CLOSE, ref=(str(p.id),))
        for p in polls
        if p.closes_at is not None and after.timestamp() < p.closes_at <= until.timestamp()
    ]


def next_tick(
    scheduler: CheckInScheduler,
    projects: ProjectDirectory,
    cycles: list[Cycle],
    after: datetime,
    until: datetime,
) -> Moment | None:
    """The first instant in (after, until] at which the tick changes an open cycle.

    A reminder falls due, one held back by quiet hours may go (when they end), or the
    window closes; production's tick (every few minutes) acts within minutes of each.
    """
    instants: list[datetime] = []
    for cycle in cycles:
        instants.append(datetime.fromtimestamp(cycle.closes_at, UTC))
        project = projects.get(cycle.project_id)
        definition = scheduler.definition(project, cycle.checkin_id) if project else None
        if project is None or definition is None or definition.reminder_after_hours is None:
            continue
        if cycle.reminded_at is not None:
            continue
        due = datetime.fromtimestamp(cycle.opened_at + definition.reminder_after_hours * 3600, UTC)
        if due > after:
            instants.append(due)
        elif (ends := quiet_until(after, project.timezone, project.quiet_window())) is not None:
            instants.append(ends)
    upcoming = [i for i in instants if after < i <= until]
    return Moment(min(upcoming), MomentKind.TICK) if upcoming else None
