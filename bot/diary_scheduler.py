"""Diary prompts at each resident's local time, through durable schedules.

Schedules are rows (diary_slots). At start each distinct (project, time zone, local time)
is registered once with PTB's JobQueue (APScheduler), so 100,000 residents in 20 zones
make a few dozen jobs, not 100,000. A firing queues the prompt for everyone due into the
outbox in one statement; the (participant, local date, slot) key makes every firing
idempotent, so catch-up after downtime and a DST fall-back hour that fires twice are safe.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import ContextTypes, JobQueue

from bot.callbacks import encode
from conversations.clock import Clock
from conversations.diary_schedule import is_quiet, local_now
from conversations.directory import ProjectDirectory
from conversations.i18n import late
from conversations.projects import Project
from storage.diary import DiaryRepository, Outgoing, SlotGroup

log = logging.getLogger(__name__)


def prompt_message(project: Project) -> Outgoing:
    """The daily prompt with its two buttons: log an entry, or nothing today (one tap).

    Queued as what to say: each resident reads it in their language when it is sent.
    """
    assert project.diary is not None
    return _prompt(project, "diary_prompt", late.text(project.diary.words.prompt))


def nudge_message(project: Project) -> Outgoing:
    """The one gentle reminder, with the same buttons."""
    assert project.diary is not None
    return _prompt(project, "nudge", late.text(project.diary.words.nudge))


def reminder_message(project: Project) -> Outgoing:
    """A facilitator's one reminder to someone who answers few prompts, with the same buttons
    (outbox kind 'nudge': the resident chose the diary, so it is free under the cap)."""
    return _prompt(project, "nudge", late.say("DIARY_NUDGE_MESSAGE"))


def _prompt(project: Project, kind: str, text: Any) -> Outgoing:
    buttons = [
        [{"text": late.say(key), "callback_data": encode("diary", action, project.id)}]
        for key, action in (("DIARY_PROMPT_LOG", "log"), ("DIARY_PROMPT_NOTHING", "nothing"))
    ]
    params = {"text": text, "reply_markup": {"inline_keyboard": buttons}}
    return Outgoing(kind, "sendMessage", json.dumps(params, ensure_ascii=False))


class DiaryScheduler:
    """Registers slot groups with the JobQueue and queues prompts and nudges when due."""

    def __init__(
        self,
        repo: DiaryRepository,
        projects: ProjectDirectory,
        on_queued: Callable[[], None],
        clock: Clock,
    ) -> None:
        self._repo = repo
        self._projects = projects
        self._on_queued = on_queued
        self._clock = clock
        self._registered: set[SlotGroup] = set()
        self._jobs: JobQueue[Any] | None = None

    async def start(self, jobs: JobQueue[Any] | None) -> int:
        """Register every slot group and catch up on slots missed today; return the jobs."""
        self._jobs = jobs
        self._registered = set()  # a follower noted groups without scheduling them
        await self.resync()
        await self.catch_up()
        return len(self._registered)

    async def resync(self) -> None:
        """Schedule slot groups stored since (by this process or another)."""
        for group in await self._repo.slot_groups():
            self.register(group)

    def register(self, group: SlotGroup) -> None:
        """Make sure a slot group has its prompt (and nudge) job; idempotent."""
        project = self._projects.get(group.project_id)
        if group in self._registered or project is None or project.diary is None:
            return
        self._registered.add(group)
        if self._jobs is None:
            return
        zone = ZoneInfo(group.timezone)
        at = time.fromisoformat(group.local_time)
        self._jobs.run_daily(
            self._fire_job,
            at.replace(tzinfo=zone),
            data=group,
            name=f"diary:{group.project_id}:{group.timezone}:{at}",
        )
        if project.diary.nudge_after_minutes:
            nudge_at = (
                datetime.combine(datetime(2000, 1, 1), at)
                + timedelta(minutes=project.diary.nudge_after_minutes)
            ).time()
            self._jobs.run_daily(
                self._nudge_job,
                nudge_at.replace(tzinfo=zone),
                data=group,
                name=f"nudge:{group.project_id}:{group.timezone}:{at}",
            )

    async def _fire_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.job is not None
        await self.fire(context.job.data, self._clock.now())  # type: ignore[arg-type]

    async def _nudge_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.job is not None
        await self.nudge(context.job.data, self._clock.now())  # type: ignore[arg-type]

    async def fire(self, group: SlotGroup, now: datetime) -> int:
        """Queue today's prompt for everyone in the group who is due; return how many."""
        project = self._projects.get(group.project_id)
        if project is None or project.diary is None:
            return 0
        local = local_now(now, group.timezone)
        if not project.diary.prompts_on(local.weekday()):
            return 0
        if is_quiet(local.time(), project.quiet_window()):
            return 0
        # The resident asked for these: the weekly cap neither counts nor blocks them.
        queued = await self._repo.queue_prompts(group, local.date(), prompt_message(project))
        if queued:
            self._on_queued()
        return queued

    async def nudge(self, group: SlotGroup, now: datetime) -> int:
        """Queue the day's one reminder for those who have not answered; return how many."""
        project = self._projects.get(group.project_id)
        if project is None or project.diary is None:
            return 0
        local = local_now(now, group.timezone)
        if is_quiet(local.time(), project.quiet_window()):
            return 0
        queued = await self._repo.queue_nudges(group, local.date(), nudge_message(project))
        if queued:
            self._on_queued()
        return queued

    async def catch_up(self, now: datetime | None = None) -> int:
        """Slots missed while the bot was down go out once, if it is still the same local day."""
        now = now or self._clock.now()
        queued = 0
        for group in sorted(
            self._registered, key=lambda g: (g.project_id, g.timezone, g.local_time)
        ):
            local = local_now(now, group.timezone)
            if local.time() >= time.fromisoformat(group.local_time):
                queued += await self.fire(group, now)
        return queued
