"""/results and /closepoll; polls also close by themselves at their closing time."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any, cast

from telegram import InputFile, Message, Update
from telegram.error import TelegramError
from telegram.ext import JobQueue

from bot.callbacks import encode
from bot.context import Services, TandemContext
from bot.handlers.asking import staff_asked, staff_projects
from bot.handlers.polls_build import PICK_LIMIT, poll_button_label
from bot.left_out import left_out_of, who_markup
from bot.permissions import requires
from bot.replies import buttons, close_buttons
from bot.words import words_for
from conversations.budget import left_out_line
from conversations.clock import Clock
from conversations.i18n.words import Words
from conversations.participation import Role
from conversations.polls.chart import results_png
from conversations.polls.model import Poll
from conversations.polls.results import PollResults, results_text, status_words, tally
from storage.outbox import OutgoingMessage

log = logging.getLogger(__name__)


@requires(Role.FACILITATOR, "results")
async def results(update: Update, context: TandemContext) -> None:
    """/results [POLL]: counts, response rate, "why?" answers and a chart."""
    message, user, project_ids = await staff_asked(update, context)
    services = context.services
    words = await words_for(context, user)
    now = services.clock.timestamp()
    arg = (context.args or [""])[0]
    if arg.isdigit():
        poll = await services.polls.get(int(arg))
        if poll is not None and poll.project_id in project_ids:
            await show_results(context, message.chat_id, poll, now, words)
            return
    polls = await services.polls.for_projects(project_ids, PICK_LIMIT)
    if not polls:
        await message.reply_text(words.say("POLL_NO_POLLS"))
    elif len(polls) == 1:
        await show_results(context, message.chat_id, polls[0], now, words)
    else:
        rows = [(poll_button_label(p, words), encode("poll", "res", p.id)) for p in polls]
        await message.reply_text(words.say("POLL_PICK_RESULTS"), reply_markup=buttons(rows))


async def count(services: Services, poll: Poll, lang: str | None = None) -> PollResults:
    """One poll's results as they stand (its words in ``lang`` where it has them)."""
    votes = await services.polls.votes(poll.id)
    reached = await services.polls.reached(poll)
    chosen = [v.option_ids for v in votes]
    options = [option.in_(lang) for option in poll.options]
    question = poll.question.in_(lang)
    return tally(question, options, chosen, reached, poll.version, poll.multiple)


async def show_results(
    context: TandemContext, chat_id: int, poll: Poll, now: float, words: Words
) -> None:
    """Send the chart (every version side by side), then the counts and the "why?" words."""
    services = context.services
    family = await services.polls.family(poll.id)
    counted = [await count(services, p, words.lang) for p in family]
    mine = next(c for p, c in zip(family, counted, strict=True) if p.id == poll.id)
    project = services.projects.get(poll.project_id)
    zone = project.timezone if project else services.settings.timezone
    png = await asyncio.to_thread(results_png, counted, words, mine.question)
    caption = words.say("POLL_RESULTS_CAPTION")
    await context.bot.send_photo(
        chat_id, InputFile(png, filename=f"poll-{poll.id}.png"), caption=caption
    )
    followups = await services.polls.followups(poll.id)
    status = status_words(poll.closes_at, poll.closed_at, zone, now, words)
    why = None if poll.why is None else poll.why.in_(words.lang)
    text = results_text(mine, status, why, followups, words)
    markup = None
    if poll.broadcast_id is not None:  # who it left out, and why
        left = await left_out_of(services, "b", poll.broadcast_id, zone)
        said = left_out_line(left, words)
        text = f"{text}\n\n{said}" if said else text
        markup = who_markup("b", poll.broadcast_id, left)
    await context.bot.send_message(chat_id, text, reply_markup=markup)


@requires(Role.FACILITATOR, "closepoll")
async def closepoll(update: Update, context: TandemContext) -> None:
    """/closepoll: pick an open poll to close."""
    message, user, project_ids = await staff_asked(update, context)
    words = await words_for(context, user)
    open_polls = await context.services.polls.for_projects(project_ids, PICK_LIMIT, open_only=True)
    if not open_polls:
        await message.reply_text(words.say("POLL_NOTHING_OPEN"))
        return
    rows = [(poll_button_label(p, words), encode("poll", "stop", p.id)) for p in open_polls]
    await message.reply_text(words.say("POLL_PICK_CLOSE"), reply_markup=buttons(rows))


async def close_poll(services: Services, poll: Poll) -> int | None:
    """Close a poll and queue stopPoll for every copy sent; None if it was already closed."""
    if not await services.polls.close(poll.id):
        return None
    copies = await services.polls.messages(poll)
    await services.outbox.enqueue(
        [
            OutgoingMessage(
                m.chat_id,
                "poll_stop",
                "stopPoll",
                {"message_id": m.message_id},
                participant_id=m.participant_id,
                dedupe_key=f"pollstop:{poll.id}:{m.participant_id}",
            )
            for m in copies
        ]
    )
    return len(copies)


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """The pickers of /results and /closepoll."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    words = await words_for(context, user)
    poll = await services.polls.get(int(arg)) if arg.isdigit() else None
    if poll is None or poll.project_id not in await staff_projects(context, user.id):
        await query.answer(words.say("POLL_STALE_STEP"))
        return
    await query.answer()
    chat_id = update.effective_chat.id if update.effective_chat else user.id
    if action == "res":
        await show_results(context, chat_id, poll, context.services.clock.timestamp(), words)
        return
    message = query.message if isinstance(query.message, Message) else None
    await close_buttons(message, poll_button_label(poll, words))
    stopped = await close_poll(services, poll)
    if stopped is None:
        await context.bot.send_message(chat_id, words.say("POLL_CLOSED_ALREADY"))
    else:
        question = poll.question.in_(words.lang)
        await context.bot.send_message(
            chat_id, words.plural("POLL_CLOSED", stopped, question=question)
        )


def schedule_closing(jobs: JobQueue[Any] | None, poll: Poll, clock: Clock) -> None:
    """Close the poll at its closing time by `clock` (a job; re-registered at every start)."""
    if jobs is None or poll.closes_at is None or poll.closed_at is not None:
        return
    if jobs.get_jobs_by_name(f"poll-close:{poll.id}"):
        return  # scheduled already (a resync: bot/leadership.py)
    jobs.run_once(
        _close_when_due,
        # How long until then by the bot's clock, which may not be the machine's.
        when=timedelta(seconds=max(0.0, poll.closes_at - clock.timestamp())),
        data=poll.id,
        name=f"poll-close:{poll.id}",
        # Late is still right: a poll must close even if the loop was busy at the time.
        job_kwargs={"misfire_grace_time": None},
    )


async def _close_when_due(context: TandemContext) -> None:
    assert context.job is not None
    poll = await context.services.polls.get(cast(int, context.job.data))
    if poll is not None:
        await close_due(context, poll)


async def close_due(context: TandemContext, poll: Poll) -> None:
    """Close a poll whose time has come and tell whoever made it."""
    stopped = await close_poll(context.services, poll)
    if stopped is None or poll.created_by is None:
        return
    log.info("poll %d closed at its closing time; stopping %d copies", poll.id, stopped)
    try:
        words = await words_for(context, poll.created_by)
        question = poll.question.in_(words.lang)
        await context.bot.send_message(
            poll.created_by, words.say("POLL_CLOSED_BY_TIME", question=question)
        )
    except TelegramError as exc:
        log.info("poll %d: could not tell its maker it closed (%s)", poll.id, exc)


async def schedule_closings(context: TandemContext) -> None:
    """Close overdue polls and schedule the others' closing (at start and each resync)."""
    clock = context.services.clock
    for poll in await context.services.polls.closing():
        if poll.closes_at is not None and poll.closes_at <= clock.timestamp():
            await close_due(context, poll)
        else:
            schedule_closing(context.job_queue, poll, clock)


async def restore(context: TandemContext) -> None:
    """At start: close overdue polls, schedule the others' closing, resume progress."""
    from bot.broadcasts import resume_progress

    await schedule_closings(context)
    await resume_progress(context.application, context.services)
