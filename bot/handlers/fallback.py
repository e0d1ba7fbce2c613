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
        await message.reply_text(catalogue.UNKNOWN_COMMAND.format(command=command))


async def plain_text(update: Update, context: TandemContext) -> None:
    """Text from someone not in a dialogue: say it was not stored and how to join."""
    if update.effective_message:
        await update.effective_message.reply_text(catalogue.NO_PROJECT_YET)


async def other_message(update: Update, context: TandemContext) -> None:
    """Stickers, locations, contacts...: say what we can take instead."""
    if update.effective_message:
        await update.effective_message.reply_text(catalogue.NOT_UNDERSTOOD_MEDIA)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the fallbacks; registered last, so any real handler in the group wins."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handlers(
        [
            MessageHandler(private & filters.COMMAND, unknown_command),
            MessageHandler(private & filters.TEXT, plain_text),
            MessageHandler(private, other_message),
        ]
    )
