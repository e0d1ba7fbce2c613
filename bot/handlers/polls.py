"""Polls: votes as they come in (changed and retracted too), and the "why?" follow-up.

Poll answers are routed by a PollAnswerHandler of their own, outside any conversation
(python-telegram-bot never delivers them inside one). Building polls is in polls_build,
results and closing in polls_results.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CommandHandler,
    MessageHandler,
    PollAnswerHandler,
    filters,
)

from bot.context import TandemContext
from bot.handlers import polls_build, polls_results
from bot.handlers.dialogue import participant_chat
from conversations.dialogue.engine import Event, MediaAnswer, TextAnswer
from conversations.participation import Participant
from conversations.polls import texts
from storage.outbox import OutgoingMessage

log = logging.getLogger(__name__)

FOLLOWUP_PREFIX = "poll_why:"  # participants.pending_input while a "why?" is awaited


def awaits_followup(pending: str | None) -> bool:
    """Whether the person's next message answers a poll's "why?"."""
    return pending is not None and pending.startswith(FOLLOWUP_PREFIX)


async def on_poll_answer(update: Update, context: TandemContext) -> None:
    """A vote, a changed vote or a retraction (no options) on a poll we sent."""
    answer = update.poll_answer
    if answer is None or answer.user is None:
        return
    services = context.services
    voter = answer.user.id
    ballot = await services.polls.ballot(answer.poll_id, voter)
    if ballot is None:
        log.info("update %d: a vote on a poll that was not sent to the voter", update.update_id)
        return
    poll, participant_id = ballot.poll, ballot.participant_id
    if not poll.is_open(services.clock.timestamp()):
        if answer.option_ids:
            # Said once per poll, through the outbox like every message under load.
            await services.outbox.enqueue(
                [
                    OutgoingMessage(
                        voter,
                        "poll_notice",
                        "sendMessage",
                        {"text": texts.VOTE_ON_CLOSED},
                        participant_id=participant_id,
                        dedupe_key=f"pollclosed:{poll.id}:{participant_id}",
                    )
                ]
            )
        return
    participant = await services.people.participant(voter, poll.project_id)
    if participant is None or participant.id != participant_id or not participant.active:
        return
    await services.polls.record_vote(poll.id, participant_id, answer.option_ids, update.update_id)
    if not answer.option_ids or not poll.why:
        return
    person = await services.people.person(voter)
    if person is None or person.current_project != poll.project_id:
        return  # their next message would go to another project: don't ask what can't be heard
    params = json.dumps({"text": texts.FOLLOWUP_ASK.format(why=poll.why)}, ensure_ascii=False)
    pending = f"{FOLLOWUP_PREFIX}{poll.id}"
    if await services.polls.ask_why(poll.id, participant_id, pending, voter, params):
        services.outbox.wake()


async def store_followup(
    update: Update, context: TandemContext, participant: Participant, event: Event
) -> None:
    """The answer to "why?": kept under the poll (text, or the voice note's file)."""
    pending = participant.pending_input or ""
    poll_id = pending.removeprefix(FOLLOWUP_PREFIX)
    if isinstance(event, TextAnswer):
        kind, value = "text", event.text
    elif isinstance(event, MediaAnswer):
        kind, value = event.kind, event.file_id
    else:
        return
    if poll_id.isdigit():
        await context.services.polls.add_followup(int(poll_id), participant.id, kind, value)
    else:
        await context.services.people.set_pending_input(participant.id, None)
    await context.bot.send_message(participant_chat(update), texts.FOLLOWUP_THANKS)


async def skip_followup(update: Update, context: TandemContext, participant: Participant) -> None:
    """/skip while a "why?" is awaited."""
    await context.services.people.set_pending_input(participant.id, None)
    await context.bot.send_message(participant_chat(update), texts.FOLLOWUP_SKIPPED)


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """Every "poll" button: results and closing pickers, or a step of building a poll."""
    if action in {"res", "stop"}:
        await polls_results.on_button(update, context, action, arg)
    else:
        await polls_build.on_button(update, context, action, arg)


async def _restore(context: TandemContext) -> None:
    await polls_results.restore(context)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the poll commands, the vote handler, and the draft's message handler."""
    private_text = (
        filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    )
    # A group of its own ahead of the dialogue (only the first matching handler of a group
    # runs, and group -1 has the /update draft's): it stops the update only for someone
    # building a poll, so everyone else's messages go on.
    app.add_handler(MessageHandler(private_text, polls_build.on_draft_text), group=-2)
    app.add_handler(CommandHandler("newpoll", polls_build.newpoll))
    app.add_handler(CommandHandler("results", polls_results.results))
    app.add_handler(CommandHandler("closepoll", polls_results.closepoll))
    app.add_handler(PollAnswerHandler(on_poll_answer))
    if app.job_queue is not None:
        # Runs once the application has started: a restart re-registers every closing.
        app.job_queue.run_once(
            _restore, when=0, name="polls-restore", job_kwargs={"misfire_grace_time": None}
        )
