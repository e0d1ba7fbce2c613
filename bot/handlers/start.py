"""/start and /help."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import TandemContext
from conversations import catalogue


async def start(update: Update, context: TandemContext) -> None:
    """Greet the person and tell them how to join a project."""
    if update.effective_message:
        await update.effective_message.reply_text(catalogue.WELCOME)


async def help_command(update: Update, context: TandemContext) -> None:
    """List what the person can do."""
    if update.effective_message:
        await update.effective_message.reply_text(catalogue.HELP)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /start and /help."""
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
