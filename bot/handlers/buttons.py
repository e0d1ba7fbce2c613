"""Every inline button press comes here and goes to the handler of its kind."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import decode
from bot.context import TandemContext
from bot.handlers import (
    account,
    checkins,
    checkins_build,
    dialogue,
    diary,
    join,
    polls,
    update_replies,
    updates,
)
from conversations import catalogue


async def on_button(update: Update, context: TandemContext) -> None:
    """Decode the button; anything not ours (forged, ancient) gets a polite answer."""
    query = update.callback_query
    if query is None:
        return
    pressed = decode(query.data)
    if pressed is None:
        await query.answer(catalogue.UNKNOWN_BUTTON)
        return
    fields = pressed.fields
    if pressed.kind == "dlg":
        await dialogue.on_choice(update, context, *fields)
    elif pressed.kind == "consent":
        await join.on_consent(update, context, *fields)
    elif pressed.kind == "quote":
        await join.on_quote(update, context, *fields)
    elif pressed.kind == "proj":
        await account.on_switch(update, context, *fields)
    elif pressed.kind == "leave":
        await account.on_leave(update, context, *fields)
    elif pressed.kind == "forget":
        await account.on_forget(update, context, *fields)
    elif pressed.kind == "diary":
        await diary.on_button(update, context, *fields)
    elif pressed.kind == "entry":
        await diary.on_entry_button(update, context, *fields)
    elif pressed.kind == "poll":
        await polls.on_button(update, context, *fields)
    elif pressed.kind == "upd":
        await updates.on_button(update, context, *fields)
    elif pressed.kind == "upreply":
        await update_replies.on_reply_button(update, context, *fields)
    elif pressed.kind == "checkin":
        await checkins.on_button(update, context, *fields)
    elif pressed.kind == "cka":
        await checkins.on_answer_button(update, context, *fields)
    elif pressed.kind == "ckb":
        await checkins_build.on_button(update, context, *fields)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the button dispatcher."""
    app.add_handler(CallbackQueryHandler(on_button))
