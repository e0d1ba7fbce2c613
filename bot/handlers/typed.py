"""Every typed message (text, voice note, photo, /skip, /back) comes here and goes to the
owner of the sender's focus: what they were last asked. One table, nothing guesses.

Buttons carry their own address and go through bot/handlers/buttons.py instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.context import TandemContext
from bot.handlers import (
    checkins,
    checkins_build,
    dialogue,
    diary_entries,
    diary_settings,
    idea_farm,
    ideas,
    join,
    offers_resident,
    offers_staff,
    polls,
    polls_build,
    suggestions,
    update_replies,
    updates,
)
from bot.handlers.focus import nothing_open
from conversations.dialogue.engine import Back, Event, MediaAnswer, Skip, TextAnswer
from conversations.focus import Focus, FocusKind

TypedHandler = Callable[[Update, TandemContext, Focus, Event], Awaitable[None]]
# Each kind of focus (conversations/focus.py) and the handler that takes what is typed.
ROUTES: dict[FocusKind, TypedHandler] = {
    FocusKind.DIALOGUE: dialogue.on_typed,
    FocusKind.QUOTE: join.on_typed,
    FocusKind.DIARY_SETUP: diary_settings.on_setup_typed,
    FocusKind.DIARY_ZONE: diary_settings.on_zone_typed,
    FocusKind.DIARY_ENTRY: diary_entries.on_typed,
    FocusKind.CHECKIN: checkins.on_typed,
    FocusKind.POLL_WHY: polls.on_typed,
    FocusKind.UPDATE_REPLY: update_replies.on_typed,
    FocusKind.IDEA: ideas.on_typed,
    FocusKind.SUGGESTION: suggestions.on_typed,
    FocusKind.POLL_BUILDER: polls_build.on_typed,
    FocusKind.CHECKIN_BUILDER: checkins_build.on_typed,
    FocusKind.UPDATE_BUILDER: updates.on_typed,
    FocusKind.FARM_BUILD: idea_farm.on_typed,
    FocusKind.OFFER: offers_resident.on_typed,
    FocusKind.OFFER_ASK: offers_staff.on_typed,
}


def event_from(update: Update) -> Event | None:
    """The event a message carries, or None for kinds nobody can take (stickers...)."""
    message = update.effective_message
    if message is None:
        return None
    if message.text is not None:
        return TextAnswer(message.text)
    if message.voice is not None:
        return MediaAnswer("voice", message.voice.file_id, message.caption)
    if message.photo:
        return MediaAnswer("photo", message.photo[-1].file_id, message.caption)
    return None


async def route(update: Update, context: TandemContext, event: Event) -> None:
    """Give ``event`` to the owner of the sender's focus, if it still applies."""
    user = update.effective_user
    if user is None:
        return
    services = context.services
    focus = await services.focus.get(user.id)
    if focus is not None and not focus.staff:
        # A resident's question applies only while they take part in its project, unpaused.
        taking_part, paused = (
            await services.people.standing(user.id, focus.project_id)
            if focus.project_id
            else (False, False)
        )
        if not taking_part:
            await services.focus.clear(user.id)
            focus = None
        elif paused:
            focus = None
    if focus is None:
        await nothing_open(update, context, event)
        return
    await ROUTES[focus.kind](update, context, focus, event)


async def on_message(update: Update, context: TandemContext) -> None:
    """A text, voice note or photo in the private chat."""
    event = event_from(update)
    if event is None:
        from bot.handlers.fallback import other_message

        await other_message(update, context)
        return
    await route(update, context, event)


async def skip(update: Update, context: TandemContext) -> None:
    """/skip: skip what was asked."""
    await route(update, context, Skip())


async def back(update: Update, context: TandemContext) -> None:
    """/back: go back one question."""
    await route(update, context, Back())


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /skip, /back and the one handler for typed messages."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("skip", skip, filters=private))
    app.add_handler(CommandHandler("back", back, filters=private))
    answers = (filters.TEXT | filters.VOICE | filters.PHOTO) & ~filters.COMMAND
    app.add_handler(MessageHandler(private & filters.UpdateType.MESSAGE & answers, on_message))
