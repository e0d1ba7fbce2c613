"""The error handler: log without personal data or the token, and tell the person."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot.context import TandemContext
from bot.words import words_for
from conversations.i18n import Words, english

log = logging.getLogger("tandem.errors")
_ROOT = Path(__file__).resolve().parent.parent


async def on_error(update: object, context: TandemContext) -> None:
    """Log the failure (type and update id only) and apologise to the person."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, TelegramError):
        # Telegram refused a call (a chat gone, an odd update's ids): one line, with where.
        log.error(
            "handling update %s failed: Telegram answered %s (%s) at %s",
            update_id,
            type(error).__name__,
            error.message,
            _our_frame(error),
        )
    else:
        log.error(
            "handling update %s failed: %s",
            update_id,
            type(error).__name__,
            exc_info=(type(error), error, error.__traceback__) if error else None,
        )
    # A chat Telegram does not know (or that blocked us) cannot be told anything either.
    unreachable = isinstance(error, Forbidden) or (
        isinstance(error, BadRequest) and "chat not found" in error.message.lower()
    )
    if isinstance(update, Update) and update.effective_chat is not None and not unreachable:
        try:
            words = await _words(context, update)
            await context.bot.send_message(
                update.effective_chat.id, words.say("SOMETHING_WENT_WRONG")
            )
        except TelegramError as exc:
            log.warning("could not tell chat about the error: %s", type(exc).__name__)


async def _words(context: TandemContext, update: Update) -> Words:
    """The person's words; English if even finding their language fails."""
    try:
        chat = update.effective_chat
        who = update.effective_user or (chat.id if chat else None)
        return english() if who is None else await words_for(context, who)
    except Exception:
        return english()


def _our_frame(error: BaseException) -> str:
    """The innermost Tandem frame of the traceback, as file:line (no values, no content)."""
    ours = [
        f"{Path(frame.filename).name}:{frame.lineno}"
        for frame in traceback.extract_tb(error.__traceback__)
        if _ROOT in Path(frame.filename).parents
    ]
    return ours[-1] if ours else "?"


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Install the error handler."""
    app.add_error_handler(on_error)
