"""Answers for whatever no other handler took: nobody is left without a reply."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.context import TandemContext
from conversations import catalogue


async def unknown_command(update: Update, context: TandemContext) -> None:
    """Name the command we did not recognise and point to /help."""
    message = update.effective_message
    if message and message.text:
        command = message.text.split()[0].split("@")[0]
        await message.reply_text(catalogue.UNKNOWN_COMMAND.format(command=command[:40]))


async def other_message(update: Update, context: TandemContext) -> None:
    """Stickers, locations, contacts...: say what we can take instead."""
    if update.effective_message:
        await update.effective_message.reply_text(catalogue.NOT_UNDERSTOOD_MEDIA)


async def edited_message(update: Update, context: TandemContext) -> None:
    """An edited message: keep the original, say how to change an answer."""
    if update.edited_message:
        await update.edited_message.reply_text(catalogue.EDITED_MESSAGE)


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
