"""Facilitator broadcasts: one row per recipient in the outbox, progress shown as it goes.

Every broadcast (a poll, and whatever else a facilitator sends to a cohort) goes through
``send_broadcast``: it resolves the cohort to reachable people, leaves out anyone at their
weekly cap (recorded as a skipped row), holds back anyone in quiet hours until those end
on their own clock, queues the rest in one transaction, then posts a progress message to
the facilitator and edits it every couple of seconds until nothing is left to send.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, JobQueue

from bot.context import Services, TandemContext
from conversations.polls import texts
from conversations.polls.targets import Target
from conversations.polls.timing import quiet_until
from conversations.projects import Project
from storage.cohorts import Skipped
from storage.outbox import BroadcastProgress, OutgoingMessage

log = logging.getLogger(__name__)

PROGRESS_SECONDS = 2.0  # edits at most this often: each edit is a call against flood limits
SKIP_CAP = "weekly cap"


@dataclass(frozen=True, slots=True)
class BroadcastPlan:
    """What a broadcast queued: to send now, held for quiet hours, and left out at the cap."""

    broadcast_id: int
    queued: int
    deferred: int
    capped: int

    @property
    def total(self) -> int:
        """Everyone the broadcast was for."""
        return self.queued + self.capped


@dataclass
class ProgressWatch:
    """The progress message of one broadcast and what it last said."""

    broadcast_id: int
    chat_id: int
    message_id: int
    shown: str = ""


async def send_broadcast(
    services: Services,
    bot: Bot,
    jobs: JobQueue[Any] | None,
    *,
    broadcast_id: int,
    project: Project,
    target: Target,
    kind: str,
    method: str,
    params: Mapping[str, Any],
    dedupe: str,
    progress_chat_id: int | None,
    now: datetime | None = None,
) -> BroadcastPlan:
    """Queue one message per reachable recipient of ``target``; ``dedupe`` is per broadcast.

    The same ``params`` go to everyone (they carry no personal data). Rows are keyed
    ``<dedupe>:<participant>``, so queueing twice (a replayed button press) adds nothing.
    """
    now = now or datetime.now(UTC)
    recipients = await services.cohorts.resolve(project.id, target, now.timestamp())
    window = project.quiet_window()
    messages: list[OutgoingMessage] = []
    capped: list[Skipped] = []
    deferred = 0
    for r in recipients:
        key = f"{dedupe}:{r.participant_id}"
        if r.recent >= project.max_messages_per_week:
            capped.append(Skipped(r.participant_id, r.chat_id, key))
            continue
        until = quiet_until(now, r.timezone or project.timezone, window)
        deferred += until is not None
        messages.append(
            OutgoingMessage(
                r.chat_id,
                kind,
                method,
                params,
                participant_id=r.participant_id,
                dedupe_key=key,
                broadcast_id=broadcast_id,
                not_before=until.timestamp() if until else None,
            )
        )
    plan = BroadcastPlan(broadcast_id, len(messages), deferred, len(capped))
    # The progress message goes first: once rows are queued the sender may fill the
    # flood-control budget, and a reply refused with 429 would be lost.
    watch = None
    if progress_chat_id is not None and plan.total:
        watch = await _post_progress(services, bot, plan, progress_chat_id)
    await services.cohorts.record_skipped(broadcast_id, kind, method, capped, SKIP_CAP)
    await services.outbox.enqueue(messages)
    log.info(
        "broadcast %d (%s): %d queued, %d held for quiet hours, %d at their weekly cap",
        broadcast_id,
        kind,
        plan.queued,
        deferred,
        len(capped),
    )
    if watch is not None:
        watch_progress(jobs, watch)
    return plan


async def _post_progress(
    services: Services, bot: Bot, plan: BroadcastPlan, chat_id: int
) -> ProgressWatch | None:
    """Post the first progress line and remember it; None if Telegram refused it."""
    first = BroadcastProgress(sent=0, failed=0, pending=plan.queued, skipped=plan.capped)
    text = progress_text(first, plan.deferred)
    try:
        sent = await bot.send_message(chat_id, text)
    except TelegramError as exc:
        log.info("broadcast %d: no progress message (%s)", plan.broadcast_id, exc)
        return None
    await services.outbox.repo.set_progress_message(plan.broadcast_id, chat_id, sent.message_id)
    return ProgressWatch(plan.broadcast_id, chat_id, sent.message_id, text)


def progress_text(progress: BroadcastProgress, waiting: int) -> str:
    """The progress line: final once nothing is left to send now."""
    remaining = progress.pending - waiting
    if remaining <= 0:
        text = texts.PROGRESS_DONE.format(sent=progress.sent, failed=progress.failed)
    else:
        text = texts.PROGRESS.format(
            total=progress.total, sent=progress.sent, failed=progress.failed, remaining=remaining
        )
    if progress.skipped:
        text += texts.PROGRESS_SKIPPED.format(skipped=progress.skipped)
    if waiting:
        text += texts.PROGRESS_WAITING.format(waiting=waiting)
    return text


def watch_progress(jobs: JobQueue[Any] | None, watch: ProgressWatch) -> None:
    """Edit the progress message every few seconds until the broadcast is done."""
    if jobs is None:
        return
    jobs.run_repeating(
        _tick,
        interval=PROGRESS_SECONDS,
        first=PROGRESS_SECONDS,
        data=watch,
        name=f"broadcast-progress:{watch.broadcast_id}",
        # A tick that comes late (a busy loop) should still run, not be dropped.
        job_kwargs={"misfire_grace_time": None, "coalesce": True},
    )


async def _tick(context: TandemContext) -> None:
    job = context.job
    assert job is not None
    watch: ProgressWatch = job.data  # type: ignore[assignment]
    services = context.services
    progress = await services.outbox.repo.progress(watch.broadcast_id)
    waiting = await services.cohorts.waiting(watch.broadcast_id)
    done = progress.pending - waiting <= 0
    text = progress_text(progress, waiting)
    if text != watch.shown:
        try:
            await context.bot.edit_message_text(
                text, chat_id=watch.chat_id, message_id=watch.message_id
            )
        except BadRequest as exc:
            # Deleted, or already showing this: either way there is nothing more to edit.
            log.info("broadcast %d: progress not edited (%s)", watch.broadcast_id, exc.message)
            if "not modified" not in exc.message:
                job.schedule_removal()
                return
        except TelegramError as exc:
            # Flood control or the network: the next tick tries again.
            log.info("broadcast %d: progress not edited (%s)", watch.broadcast_id, exc)
            return
        watch.shown = text
    if done:
        job.schedule_removal()


async def resume_progress(
    app: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> int:
    """At start: keep editing the progress of broadcasts an earlier run left unfinished."""
    resumed = 0
    for broadcast_id, chat_id, message_id in await services.cohorts.unfinished_broadcasts():
        watch_progress(app.job_queue, ProgressWatch(broadcast_id, chat_id, message_id))
        resumed += 1
    return resumed
