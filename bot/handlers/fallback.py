"""Answers for whatever no other handler took: nobody is left without a reply."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.context import TandemContext
from bot.words import words_for


async def unknown_command(update: Update, context: TandemContext) -> None:
    """Name the command we did not recognise and point to /help."""
    message, user = update.effective_message, update.effective_user
    if message and message.text and user:
        command = message.text.split()[0].split("@")[0]
        words = await words_for(context, user)
        await message.reply_text(words.say("UNKNOWN_COMMAND", command=command[:40]))


async def other_message(update: Update, context: TandemContext) -> None:
    """Stickers, locations, contacts...: say what we can take instead."""
    if update.effective_message and update.effective_user:
        words = await words_for(context, update.effective_user)
        await update.effective_message.reply_text(words.say("NOT_UNDERSTOOD_MEDIA"))


async def edited_message(update: Update, context: TandemContext) -> None:
    """An edited message: keep the original, say how to change an answer."""
    if update.edited_message and update.effective_user:
        words = await words_for(context, update.effective_user)
        await update.edited_message.reply_text(words.say("EDITED_MESSAGE"))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the fallbacks; registered last, so any real handler in the group wins."""
    private = filters.ChatType.PRIVATE
    app.add_handlers(
        [
            MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, edited_message),
            MessageHandler(private & filters.UpdateType.MESSAGE & filters.COMMAND, unknown_command),
            MessageHandler(private & filters.UpdateType.MESSAGE, other_message),
        ]
    )
