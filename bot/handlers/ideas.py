"""/idea: residents raise their own topics and ideas, not only answer ours."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.context import TandemContext
from bot.handlers.asking import in_project
from bot.handlers.dialogue import participant_chat
from bot.handlers.focus import answered, ask, one_message_answer
from bot.handlers.idea_farm import ask_to_share
from bot.words import project_words, words_for
from conversations.dialogue.engine import Event, MediaAnswer, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.participation import Participant
from conversations.projects import Project


async def idea(update: Update, context: TandemContext) -> None:
    """/idea TEXT stores it at once; /idea alone asks for it."""
    here = await in_project(update, context, "IDEA_NOT_IN_PROJECT")
    if here is None:
        return
    message, (participant, project, _) = here
    text = " ".join(context.args or []).strip()
    if text:
        await store_idea(update, context, participant, project, TextAnswer(text))
        return
    words = project_words(context, project, participant)
    await message.reply_text(words.say("IDEA_ASK"))
    await ask(context, message.chat_id, Focus(FocusKind.IDEA, project.id))


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """The idea asked for by /idea (or /skip: no idea after all)."""

    async def store(participant: Participant, project: Project, idea: Event) -> None:
        await store_idea(update, context, participant, project, idea)

    words = await words_for(context, participant_chat(update))
    skipped = words.say("IDEA_SKIPPED")
    await one_message_answer(update, context, focus, event, skipped, store)


async def store_idea(
    update: Update, context: TandemContext, participant: Participant, project: Project, event: Event
) -> None:
    """Keep the idea against the project and thank the person."""
    services = context.services
    if isinstance(event, TextAnswer):
        kind, value, caption = "text", event.text, None
    elif isinstance(event, MediaAnswer):
        kind, value, caption = event.kind, event.file_id, event.caption
    else:
        return
    await services.ideas.add(participant.id, kind, value, caption, update.update_id)
    chat_id = participant_chat(update)
    words = project_words(context, project, participant)
    # In an ideas farm the thanks asks whether others may see it (bot/handlers/idea_farm.py).
    if not await ask_to_share(context, chat_id, project, participant, words, update.update_id):
        await context.bot.send_message(
            chat_id, words.say("IDEA_THANKS", title=project.title.in_(words.lang))
        )
    await answered(context, chat_id, FocusKind.IDEA)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /idea."""
    app.add_handler(CommandHandler("idea", idea, filters=filters.ChatType.PRIVATE))
