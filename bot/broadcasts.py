"""Facilitator broadcasts: one row per recipient in the outbox, progress shown as it goes.

Prototype polls go through ``send_broadcast``: it resolves the cohort to reachable
people, leaves out anyone at their weekly cap (recorded as a skipped row), holds back
anyone in quiet hours until those end on their own clock, queues the rest in one
transaction, then posts a progress message to the facilitator and edits it every couple
of seconds until nothing is left to send. "You said, we did" updates queue their rows in
the update's own transaction (bot/handlers/update_sending.py) but follow the same rule
(``when_due``) and the same progress message (``post_progress``, ``watch_progress``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, JobQueue

from bot.context import Services, TandemContext
from bot.left_out import left_out_of, who_markup
from bot.words import words_for
from conversations import loop
from conversations.budget import LeftOut, left_out_line
from conversations.i18n import late
from conversations.i18n.words import Words, english
from conversations.polls.targets import Target
from conversations.polls.timing import quiet_until
from conversations.projects import Project
from storage.budget import SKIP_CAP
from storage.cohorts import Recipient, Skipped
from storage.outbox import BroadcastProgress, OutgoingMessage

log = logging.getLogger(__name__)

PROGRESS_SECONDS = 2.0  # edits at most this often: each edit is a call against flood limits
WAITING_SECONDS = 30.0  # while all that is left waits for someone's quiet hours to end


@dataclass(frozen=True, slots=True)
class BroadcastPlan:
    """What a broadcast queued: to send now, held for quiet hours, and left out at the cap."""

    broadcast_id: int
    queued: int
    deferred: int
    capped: int
    aside: int = 0  # paused or blocked

    @property
    def total(self) -> int:
        """Everyone the broadcast was for."""
        return self.queued + self.capped + self.aside


@dataclass
class ProgressWatch:
    """The progress message of one broadcast, what it last said, and whether all that is
    left waits for quiet hours to end (then it is looked at less often)."""

    broadcast_id: int
    chat_id: int
    message_id: int
    shown: str = ""
    kind: str = "poll"
    waiting: bool = False
    zone: str | None = None  # whose clock "held until" is told on (the project's)
    words: Words | None = None  # the facilitator's; looked up again after a restart


def when_due(
    recipients: Sequence[Recipient], project: Project, now: datetime
) -> dict[int, float | None]:
    """When each recipient may be messaged: participant id -> not before (None: now).

    The one rule every broadcast follows: someone already sent the project's weekly cap is
    left out; quiet hours end on the recipient's own clock (their diary's time zone, else
    the project's).
    """
    window = project.quiet_window()
    due: dict[int, float | None] = {}
    for r in recipients:
        if r.recent >= project.max_messages_per_week:
            continue
        until = quiet_until(now, r.timezone or project.timezone, window)
        due[r.participant_id] = until.timestamp() if until else None
    return due


def held_until(due: Mapping[int, float | None], zone: str) -> datetime | None:
    """When the first message goes out, in ``zone``, if quiet hours hold back every one."""
    times = [t for t in due.values() if t is not None]
    if not times or len(times) < len(due):
        return None
    return datetime.fromtimestamp(min(times), ZoneInfo(zone))


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
    intro: str | Mapping[str, Any] | None = None,
    words: Words | None = None,
) -> BroadcastPlan:
    """Queue one message per reachable recipient of ``target``; ``dedupe`` is per broadcast.

    The same ``params`` go to everyone (they carry no personal data); a poll's question and
    options, and ``intro`` (words, or a spec: conversations/i18n/late.py), are put into each
    recipient's language when sent. Rows are keyed
    ``<dedupe>:<participant>``, so queueing twice (a replayed button press) adds nothing.
    ``intro``: a text sent just before each message (kind ``<kind>_intro``); it is not
    counted in the broadcast's progress nor against the weekly cap. ``words``: the
    language the progress is told in (the facilitator's; English if None).
    """
    now = now or services.clock.now()
    params = late_poll(params) if method == "sendPoll" else params
    recipients = await services.cohorts.resolve(project.id, target, now.timestamp())
    due = when_due(recipients, project, now)
    messages: list[OutgoingMessage] = []
    capped: list[Skipped] = []
    # Paused and blocked members of the cohort are left out too, and recorded with why.
    aside = [
        Skipped(pid, chat, f"{dedupe}:{pid}", reason)
        for pid, chat, reason in await services.cohorts.set_aside(project.id, target)
    ]
    for r in recipients:
        key = f"{dedupe}:{r.participant_id}"
        if r.participant_id not in due:
            capped.append(Skipped(r.participant_id, r.chat_id, key))
            continue
        if intro is not None:
            # Queued first, so it has the lower id: the sender keeps each chat's order.
            messages.append(
                OutgoingMessage(
                    r.chat_id,
                    f"{kind}_intro",
                    "sendMessage",
                    {"text": intro if isinstance(intro, Mapping) else late.text(intro)},
                    participant_id=r.participant_id,
                    dedupe_key=f"{dedupe}:intro:{r.participant_id}",
                    not_before=due[r.participant_id],
                )
            )
        messages.append(
            OutgoingMessage(
                r.chat_id,
                kind,
                method,
                params,
                participant_id=r.participant_id,
                dedupe_key=key,
                broadcast_id=broadcast_id,
                not_before=due[r.participant_id],
            )
        )
    counted = [m for m in messages if m.kind == kind]
    deferred = sum(m.not_before is not None for m in counted)
    plan = BroadcastPlan(broadcast_id, len(counted), deferred, len(capped), len(aside))
    # The progress message goes first: once rows are queued the sender may fill the
    # flood-control budget, and a reply refused with 429 would be lost.
    watch = None
    if progress_chat_id is not None and plan.total:
        skipped = len(capped) + len(aside)
        first = BroadcastProgress(sent=0, failed=0, pending=plan.queued, skipped=skipped)
        reasons: dict[str, int] = {SKIP_CAP: len(capped)} if capped else {}
        for s in aside:
            reasons[s.reason or ""] = reasons.get(s.reason or "", 0) + 1
        held = [t for t in due.values() if t is not None]
        until = datetime.fromtimestamp(min(held), ZoneInfo(project.timezone)) if held else None
        left = LeftOut(reasons, deferred, until)
        watch = await open_progress(
            services,
            bot,
            broadcast_id,
            progress_chat_id,
            progress_text(first, deferred, words or english(), left),
            who_markup("b", broadcast_id, left),
        )
        if watch is not None:
            watch.zone, watch.words = project.timezone, words
    await services.cohorts.record_skipped(broadcast_id, kind, method, capped + aside, SKIP_CAP)
    await services.outbox.enqueue(messages)
    log.info(
        "broadcast %d (%s): %d queued, %d held for quiet hours, %d at their weekly cap,"
        " %d paused or blocked",
        broadcast_id,
        kind,
        plan.queued,
        deferred,
        len(capped),
        len(aside),
    )
    if watch is not None:
        watch_progress(jobs, watch)
    return plan


def late_poll(params: Mapping[str, Any]) -> dict[str, Any]:
    """A poll's parameters with its question and options as the facilitator's own words,
    rendered per recipient (a per-language ``Text`` goes out in each one's language)."""
    done = dict(params)
    if isinstance(done.get("question"), str):
        done["question"] = late.text(done["question"])
    done["options"] = [
        {**o, "text": late.text(o["text"])} if isinstance(o.get("text"), str) else o
        for o in done.get("options", [])
    ]
    return done


async def post_progress(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> int | None:
    """Post the first progress line; its message id, or None if Telegram refused it."""
    try:
        sent = await bot.send_message(chat_id, text, reply_markup=markup)
    except TelegramError as exc:
        log.info("no progress message (%s)", exc)
        return None
    return sent.message_id


async def open_progress(
    services: Services,
    bot: Bot,
    broadcast_id: int,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> ProgressWatch | None:
    """Post a poll's first progress line and remember it; None if Telegram refused it."""
    message_id = await post_progress(bot, chat_id, text, markup)
    if message_id is None:
        return None
    watch = ProgressWatch(broadcast_id, chat_id, message_id, text)
    await remember_progress(services, watch)
    return watch


async def remember_progress(services: Services, watch: ProgressWatch) -> None:
    """Store which message shows the broadcast's progress (a restart edits it on)."""
    await services.outbox.repo.set_progress_message(
        watch.broadcast_id, watch.chat_id, watch.message_id
    )


def progress_text(
    progress: BroadcastProgress, waiting: int, words: Words, left: LeftOut | None = None
) -> str:
    """The progress line in ``words``: final once nothing is left to send now; then who was
    left out and why, and who is held for quiet hours until when (``left``)."""
    remaining = progress.pending - waiting
    if remaining <= 0:
        text = words.say("POLL_PROGRESS_DONE", sent=progress.sent, failed=progress.failed)
    else:
        text = words.say(
            "POLL_PROGRESS",
            total=progress.total,
            sent=progress.sent,
            failed=progress.failed,
            remaining=remaining,
        )
    said = left_out_line(left, words) if left is not None else ""
    if said:
        return text + "\n" + said
    facts = [text]
    if progress.skipped:
        facts.append(words.say("POLL_PROGRESS_SKIPPED", skipped=progress.skipped))
    if waiting:
        facts.append(words.plural("POLL_PROGRESS_WAITING", waiting))
    return " · ".join(facts)


def update_progress_text(
    progress: BroadcastProgress, words: Words, left: LeftOut | None = None
) -> str | None:
    """An update's line in ``words``: "Sending…" stays (None) until every row is done, then
    the result and who was left out, and why."""
    if not progress.done:
        return None
    said = left_out_line(left, words) if left is not None else ""
    text = loop.summary(progress.sent, progress.failed + progress.skipped, words)
    return text + "\n" + said if said else text


def watch_progress(jobs: JobQueue[Any] | None, watch: ProgressWatch) -> None:
    """Edit the progress message every few seconds until the broadcast is done.

    While everything left waits for quiet hours to end, it looks less often.
    """
    if jobs is None:
        return
    interval = WAITING_SECONDS if watch.waiting else PROGRESS_SECONDS
    jobs.run_repeating(
        _tick,
        interval=interval,
        first=interval,
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
    zone = watch.zone or services.settings.timezone
    left = await left_out_of(services, "b", watch.broadcast_id, zone)
    if watch.words is None:
        watch.words = await words_for(context, watch.chat_id)  # a private chat: the user's id
    if watch.kind == "update":
        text = update_progress_text(progress, watch.words, left)
    else:
        text = progress_text(progress, waiting, watch.words, left)
    if text is not None and text != watch.shown:
        try:
            await context.bot.edit_message_text(
                text,
                chat_id=watch.chat_id,
                message_id=watch.message_id,
                reply_markup=who_markup("b", watch.broadcast_id, left),
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
    if progress.done:
        job.schedule_removal()
        return
    held = progress.pending - waiting <= 0
    if held != watch.waiting:
        job.schedule_removal()
        watch.waiting = held
        watch_progress(context.job_queue, watch)


async def resume_progress(
    app: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> int:
    """At start: keep editing the progress of broadcasts an earlier run left unfinished."""
    resumed = 0
    for broadcast_id, chat_id, message_id in await services.cohorts.unfinished_broadcasts():
        broadcast = await services.outbox.repo.broadcast(broadcast_id)
        kind = broadcast.kind if broadcast else "poll"
        project = services.projects.get(broadcast.project_id or "") if broadcast else None
        zone = project.timezone if project else None
        watch = ProgressWatch(broadcast_id, chat_id, message_id, kind=kind, zone=zone)
        watch_progress(app.job_queue, watch)
        resumed += 1
    return resumed
