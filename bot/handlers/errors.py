"""The error handler: log without personal data or the token, and tell the person."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.context import TandemContext
from conversations import catalogue

log = logging.getLogger("tandem.errors")


async def on_error(update: object, context: TandemContext) -> None:
    """Log the failure (type and update id only) and apologise to the person."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    log.error(
        "handling update %s failed: %s",
        update_id,
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, catalogue.SOMETHING_WENT_WRONG)
        except TelegramError as exc:
            log.warning("could not tell chat about the error: %s", type(exc).__name__)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Install the error handler."""
    app.add_error_handler(on_error)
