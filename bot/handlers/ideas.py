"""/idea: residents raise their own topics and ideas, not only answer ours."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.context import TandemContext
from bot.handlers.asking import in_project
from bot.handlers.dialogue import participant_chat
from conversations import catalogue
from conversations.dialogue.engine import Event, MediaAnswer, TextAnswer
from conversations.participation import Participant
from conversations.projects import Project


async def idea(update: Update, context: TandemContext) -> None:
    """/idea TEXT stores it at once; /idea alone asks for it."""
    here = await in_project(update, context, catalogue.IDEA_NOT_IN_PROJECT)
    if here is None:
        return
    message, (participant, project, _) = here
    text = " ".join(context.args or []).strip()
    if text:
        await store_idea(update, context, participant, project, TextAnswer(text))
        return
    await context.services.people.set_pending_input(participant.id, "idea")
    await message.reply_text(catalogue.IDEA_ASK)


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
    await services.people.set_pending_input(participant.id, None)
    await context.bot.send_message(
        participant_chat(update), catalogue.IDEA_THANKS.format(title=project.title)
    )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /idea."""
    app.add_handler(CommandHandler("idea", idea, filters=filters.ChatType.PRIVATE))
