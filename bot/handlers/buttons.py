"""Every inline button press comes here and goes to the handler of its kind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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
    diary_entries,
    export,
    idea_farm,
    ideas_staff,
    join,
    language,
    offers_resident,
    polls,
    update_replies,
    updates,
)
from bot.left_out import on_button as on_who_button
from bot.words import pop_up

ButtonHandler = Callable[..., Awaitable[None]]
# Each kind of button (bot/callbacks.py) and the handler its fields go to.
ROUTES: dict[str, ButtonHandler] = {
    "dlg": dialogue.on_choice,
    "consent": join.on_consent,
    "quote": join.on_quote,
    "myquote": account.on_quoting_changed,
    "lang": language.on_button,
    "proj": account.on_switch,
    "leave": account.on_leave,
    "forget": account.on_forget,
    "diary": diary.on_button,
    "entry": diary_entries.on_entry_button,
    "poll": polls.on_button,
    "upd": updates.on_button,
    "upreply": update_replies.on_reply_button,
    "checkin": checkins.on_button,
    "cka": checkins.on_answer_button,
    "ckb": checkins_build.on_button,
    "export": export.on_button,
    "farm": idea_farm.on_button,
    "ideas": ideas_staff.on_button,
    "offer": offers_resident.on_button,
    "who": on_who_button,
}


async def on_button(update: Update, context: TandemContext) -> None:
    """Decode the button; anything not ours (forged, ancient) gets a polite answer."""
    query = update.callback_query
    if query is None:
        return
    pressed = decode(query.data)
    if pressed is None:
        await pop_up(context, query, "UNKNOWN_BUTTON")
        return
    route = ROUTES.get(pressed.kind)
    if route is not None:
        await route(update, context, *pressed.fields)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the button dispatcher."""
    app.add_handler(CallbackQueryHandler(on_button))
