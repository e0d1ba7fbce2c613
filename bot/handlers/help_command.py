"""/help: what the person can do (staff see their commands too)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import TandemContext
from bot.permissions import role_of
from bot.words import words_for
from conversations.participation import Role


async def help_command(update: Update, context: TandemContext) -> None:
    """List what the person can do."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    words = await words_for(context, update.effective_user)
    text = words.say("HELP")
    if await role_of(context, update.effective_user.id) is not Role.RESIDENT:
        text = f"{text}\n\n{words.say('STAFF_HELP')}"
    await message.reply_text(text)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /help."""
    app.add_handler(CommandHandler("help", help_command))
