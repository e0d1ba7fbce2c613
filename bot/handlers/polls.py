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
    PollAnswerHandler,
)

from bot.context import TandemContext
from bot.handlers import polls_build, polls_results
from bot.handlers.dialogue import participant_chat
from bot.handlers.focus import answered, one_message_answer
from bot.leadership import leader_duty
from bot.words import project_words, words_for
from conversations.dialogue.engine import Event, MediaAnswer, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.i18n import late
from conversations.participation import Participant
from conversations.projects import Project
from storage.outbox import OutgoingMessage

log = logging.getLogger(__name__)


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
                        {"text": late.say("POLL_VOTE_ON_CLOSED")},
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
    why = Focus(FocusKind.POLL_WHY, poll.project_id, str(poll.id))
    if not await services.focus.offer(voter, why):
        return  # they are in the middle of something they started: don't talk over it
    # Put into the voter's language when sent (the facilitator's "why?" too, if per language).
    asked = {"text": late.say("POLL_FOLLOWUP_ASK", why=late.text(poll.why))}
    params = json.dumps(asked, ensure_ascii=False)
    if await services.polls.ask_why(poll.id, participant_id, voter, params):
        services.outbox.wake()


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """The answer to a poll's "why?" (text, or a voice note or photo), or /skip."""

    async def store(participant: Participant, project: Project, said: Event) -> None:
        chat_id = participant_chat(update)
        if isinstance(said, TextAnswer):
            kind, value = "text", said.text
        elif isinstance(said, MediaAnswer):
            kind, value = said.kind, said.file_id
        else:
            return
        if focus.ref and focus.ref.isdigit():
            await context.services.polls.add_followup(int(focus.ref), participant.id, kind, value)
        words = project_words(context, project, participant)
        await context.bot.send_message(chat_id, words.say("POLL_FOLLOWUP_THANKS"))
        await answered(context, chat_id, FocusKind.POLL_WHY)

    words = await words_for(context, participant_chat(update))
    skipped = words.say("POLL_FOLLOWUP_SKIPPED")
    await one_message_answer(update, context, focus, event, skipped, store)


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
    app.add_handler(CommandHandler("newpoll", polls_build.newpoll))
    app.add_handler(CommandHandler("results", polls_results.results))
    app.add_handler(CommandHandler("closepoll", polls_results.closepoll))
    app.add_handler(PollAnswerHandler(on_poll_answer))
    # Run by the leader when it takes over (at start, or when another died): every closing
    # is registered again.
    leader_duty(app, _restore, "polls-restore")
