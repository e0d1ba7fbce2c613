"""Check-ins on their schedule: cycles opened, reminders sent, cycles closed, drops alerted.

Each check-in is one cron job in the project's time zone (its weekday or day of the month
at its local time); fortnightly and longer check-ins fire weekly and skip the weeks off.
Opening a cycle is idempotent (a unique key per check-in and local date), so catch-up
after downtime and a DST fall-back hour that fires twice are safe. A periodic tick closes
cycles whose window passed, sends the one reminder, tells those who answered "what we
heard" (bot/checkin_heard.py) and compares closed cycles. Questions adopted from residents'
suggestions join a check-in's own from the cycle after they were adopted.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from telegram.ext import ContextTypes, JobQueue

from bot.callbacks import encode
from bot.checkin_heard import tell_heard
from conversations.checkins.model import CheckInDefinition
from conversations.checkins.results import drops
from conversations.clock import Clock
from conversations.diary_schedule import is_quiet, local_now
from conversations.directory import ProjectDirectory
from conversations.i18n import late
from conversations.projects import Project
from storage.checkin_defs import CheckInDefinitionsRepository
from storage.checkin_suggestions import AdoptedQuestion, with_adopted
from storage.checkins import CheckInsRepository, Cycle
from storage.diary import Outgoing

log = logging.getLogger(__name__)
TICK_SECONDS = 300
REMINDER_UNTIL = "EEE d MMM HH:mm"  # a CLDR pattern: "Tue 3 Jun 18:00", "Maw 3 Meh 18:00"


def checkin_trigger(definition: CheckInDefinition, zone: str) -> CronTrigger:
    """The APScheduler trigger a check-in is registered with, on the project's clock."""
    when = {"hour": definition.at.hour, "minute": definition.at.minute}
    if definition.monthly_day is not None:
        return CronTrigger(day=definition.monthly_day, timezone=ZoneInfo(zone), **when)
    return CronTrigger(day_of_week=definition.every, timezone=ZoneInfo(zone), **when)


def _start_button(cycle_id: int) -> dict[str, Any]:
    start = {
        "text": late.say("CHECKIN_START"),
        "callback_data": encode("checkin", "start", cycle_id),
    }
    return {"inline_keyboard": [[start]]}


def invite_message(definition: CheckInDefinition, cycle_id: int) -> Outgoing:
    """The invitation to a cycle, with its start button (words chosen per recipient when sent)."""
    text = late.plural(
        "CHECKIN_INVITE", len(definition.questions), title=late.text(definition.title)
    )
    params = {"text": text, "reply_markup": _start_button(cycle_id)}
    return Outgoing("checkin", "sendMessage", json.dumps(params, ensure_ascii=False))


def reminder_message(definition: CheckInDefinition, cycle: Cycle, zone: str) -> Outgoing:
    """The one reminder, saying until when the cycle is open (on the project's clock)."""
    until = late.moment(cycle.closes_at, zone, REMINDER_UNTIL)
    text = late.say("CHECKIN_REMINDER", title=late.text(definition.title), until=until)
    params = {"text": text, "reply_markup": _start_button(cycle.id)}
    return Outgoing("checkin_reminder", "sendMessage", json.dumps(params, ensure_ascii=False))


class CheckInScheduler:
    """Registers check-ins with the JobQueue; opens, reminds, closes and reviews cycles."""

    def __init__(
        self,
        repo: CheckInsRepository,
        projects: ProjectDirectory,
        on_queued: Callable[[], None],
        clock: Clock,
        saved: CheckInDefinitionsRepository | None = None,
    ) -> None:
        self.repo = repo
        self._projects = projects
        self._on_queued = on_queued
        self.clock = clock
        self._saved = saved
        # Chat-built check-ins by project, loaded from SQLite at start and added on save.
        self._stored: dict[str, list[CheckInDefinition]] = {}
        # Questions adopted from suggestions, by (project, check-in), loaded at start.
        self._adopted: dict[tuple[str, str], list[AdoptedQuestion]] = {}
        # The JobQueue while this process runs the schedules (the leader), else None.
        self._jobs: JobQueue[Any] | None = None

    def now(self) -> datetime:
        """The scheduler's clock (handlers judge windows by it too)."""
        return self.clock.now()

    def definitions(self) -> list[tuple[Project, CheckInDefinition]]:
        """Every check-in of every loaded project."""
        return [(p, c) for p in self._projects for c in self.checkins_of(p)]

    def checkins_of(self, project: Project) -> list[CheckInDefinition]:
        """A project's check-ins: its file's, then those built in chat (with adopted questions)."""
        found = [*project.checkins, *self._stored.get(project.id, [])]
        return [self._with_adopted(project.id, c, None) for c in found]

    def definition(
        self, project: Project, checkin_id: str, opened_at: float | None = None
    ) -> CheckInDefinition | None:
        """One check-in of a project, from its file or built in chat, with the questions
        adopted before ``opened_at`` (a cycle's opening; every one adopted if None)."""
        found = project.checkin(checkin_id)
        stored = self._stored.get(project.id, [])
        found = found or next((c for c in stored if c.id == checkin_id), None)
        return self._with_adopted(project.id, found, opened_at) if found else None

    def _with_adopted(
        self, project_id: str, definition: CheckInDefinition, opened_at: float | None
    ) -> CheckInDefinition:
        adopted = self._adopted.get((project_id, definition.id), [])
        return with_adopted(definition, adopted, opened_at)

    def adopted_of(self, project_id: str, checkin_id: str) -> list[AdoptedQuestion]:
        """The questions adopted for a check-in, in order."""
        return list(self._adopted.get((project_id, checkin_id), []))

    def adopted(self, question: AdoptedQuestion) -> None:
        """A question just adopted: asked from the next cycle on."""
        key = (question.project_id, question.checkin_id)
        self._adopted.setdefault(key, []).append(question)

    def _register(
        self, jobs: JobQueue[Any], project: Project, definition: CheckInDefinition
    ) -> None:
        jobs.run_custom(
            self._fire_job,
            job_kwargs={"trigger": checkin_trigger(definition, project.timezone)},
            data=(project.id, definition.id),
            name=f"checkin:{project.id}:{definition.id}",
        )
        if not jobs.get_jobs_by_name("checkin:tick"):
            jobs.run_repeating(self._tick_job, TICK_SECONDS, first=60, name="checkin:tick")

    def add(
        self, project: Project, definition: CheckInDefinition, jobs: JobQueue[Any] | None
    ) -> None:
        """Schedule a check-in just saved in chat, at once."""
        self._stored.setdefault(project.id, []).append(definition)
        # Only the leader's queue fires schedules (bot/leadership.py); it finds this one on
        # its next resync when another process saved it.
        if jobs is not None and self._jobs is not None:
            self._register(jobs, project, definition)

    async def start(self, jobs: JobQueue[Any] | None) -> int:
        """Register every check-in and the tick, catch up today's missed firing; return jobs."""
        self._jobs = jobs  # load() ran at start-up in every process (bot/runtime.py)
        found = self.definitions()
        if jobs is not None:
            for project, definition in found:
                self._register(jobs, project, definition)
        await self.tick()
        await self.catch_up()
        return len(found)

    async def load(self) -> None:
        """Read chat-built check-ins and adopted questions (every process, for its handlers)."""
        if self._saved is not None:
            self._stored = await self._saved.by_project()
        adopted: dict[tuple[str, str], list[AdoptedQuestion]] = {}
        for question in await self.repo.adopted_questions():
            adopted.setdefault((question.project_id, question.checkin_id), []).append(question)
        self._adopted = adopted

    async def resync(self) -> None:
        """Read again what other processes saved; the leader schedules what is new."""
        await self.load()
        if self._jobs is not None:
            for project, definition in self.definitions():
                if not self._jobs.get_jobs_by_name(f"checkin:{project.id}:{definition.id}"):
                    self._register(self._jobs, project, definition)

    async def _fire_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.job is not None
        project_id, checkin_id = cast(tuple[str, str], context.job.data)
        await self.fire(project_id, checkin_id, self.now())

    async def _tick_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.tick()

    async def fire(self, project_id: str, checkin_id: str, now: datetime) -> int:
        """Open today's cycle if one is due and invite the target; return how many invited."""
        project = self._projects.get(project_id)
        definition = self.definition(project, checkin_id) if project else None
        if project is None or definition is None:
            return 0
        local = local_now(now, project.timezone)
        if not definition.is_due(local.date()) or is_quiet(local.time(), project.quiet_window()):
            return 0
        opened = now.timestamp()
        _, invited = await self.repo.open_cycle(
            project.id,
            definition.id,
            local.date(),
            opened + definition.window_hours * 3600,
            definition.target_cohort(),
            project.max_messages_per_week,
            opened,
            lambda cycle_id: invite_message(definition, cycle_id),
        )
        if invited:
            self._on_queued()
        log.info("check-in %s/%s: %d invited", project.id, definition.id, invited)
        return invited

    async def catch_up(self, now: datetime | None = None) -> int:
        """A firing missed while the bot was down goes out once, if still the same local day."""
        now = now or self.now()
        invited = 0
        for project, definition in self.definitions():
            if local_now(now, project.timezone).time() >= definition.at:
                invited += await self.fire(project.id, definition.id, now)
        return invited

    async def tick(self, now: datetime | None = None) -> int:
        """Send due reminders, close cycles whose window passed, alert on drops."""
        now = now or self.now()
        queued = 0
        for cycle in await self.repo.open_cycles():
            queued += await self._remind(cycle, now)
        await self.repo.close_due(now.timestamp())
        for cycle in await self.repo.unheard():
            queued += await self._heard(cycle, now)
        for cycle in await self.repo.unreviewed():
            queued += await self._review(cycle)
        if queued:
            self._on_queued()
        return queued

    async def _remind(self, cycle: Cycle, now: datetime) -> int:
        project = self._projects.get(cycle.project_id)
        definition = self.definition(project, cycle.checkin_id) if project else None
        if project is None or definition is None or definition.reminder_after_hours is None:
            return 0
        due = cycle.opened_at + definition.reminder_after_hours * 3600
        if cycle.reminded_at is not None or not due <= now.timestamp() < cycle.closes_at:
            return 0
        if is_quiet(local_now(now, project.timezone).time(), project.quiet_window()):
            return 0  # a later tick sends it, if the window is still open then
        message = reminder_message(definition, cycle, project.timezone)
        return await self.repo.queue_reminders(
            cycle.id, project.max_messages_per_week, now.timestamp(), message
        )

    async def _heard(self, cycle: Cycle, now: datetime) -> int:
        project = self._projects.get(cycle.project_id)
        definition = self.definition(project, cycle.checkin_id) if project else None
        if project is None or definition is None:
            return 0  # told if the project comes back
        return await tell_heard(self.repo, project, definition, cycle, now)

    async def _review(self, cycle: Cycle) -> int:
        """Compare a closed cycle with the closed one before it; alert facilitators once."""
        project = self._projects.get(cycle.project_id)
        definition = self.definition(project, cycle.checkin_id) if project else None
        alerts: list[tuple[int, str]] = []
        if project is not None and definition is not None and definition.alert_drop:
            closed = [c for c in await self.repo.results(project.id, definition.id) if c.closed]
            at = next((n for n, c in enumerate(closed) if c.cycle_id == cycle.id), 0)
            fell = (
                drops(definition, closed[at - 1], closed[at], definition.alert_drop) if at else []
            )
            if fell:
                # Said in each facilitator's language when sent (bot/outbox_words.py).
                text = late.say(
                    "CHECKIN_ALERT",
                    title=late.text(definition.title),
                    project=late.text(project.title),
                    before=_day(closed[at - 1].local_date),
                    after=_day(closed[at].local_date),
                    drops=late.lines(*fell),
                    id=definition.id,
                )
                params = json.dumps({"text": text}, ensure_ascii=False)
                alerts = [(chat, params) for chat in await self.repo.facilitators(project.id)]
        return await self.repo.mark_reviewed(cycle.id, alerts)


def _day(day: date) -> dict[str, Any]:
    """A cycle's local date, to be told as "3 Jun" in the reader's language."""
    noon = datetime.combine(day, time(12), UTC)
    return late.moment(noon.timestamp(), "UTC", "d MMM")


def next_firings(
    definition: CheckInDefinition, zone: str, start: datetime, count: int
) -> list[datetime]:
    """The next local dates a cycle opens (trigger firings on the weeks that are due)."""
    trigger = checkin_trigger(definition, zone)
    found: list[datetime] = []
    previous, moment = None, start
    while len(found) < count:
        fired = trigger.get_next_fire_time(previous, moment)
        if fired is None:
            break
        if definition.is_due(fired.date()):
            found.append(fired)
        previous, moment = fired, fired + timedelta(seconds=1)
    return found
