"""Turn domain replies into Bot API calls: text, inline buttons, edits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from bot.callbacks import encode
from conversations.dialogue.engine import Button, Reply


def buttons(rows: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per row: (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in rows]
    )


def dialogue_data(project_id: str) -> Callable[[Button], str]:
    """Callback data for a project dialogue's buttons: project, step and option."""
    return lambda b: encode("dlg", project_id, b.step_id, b.option_id)


async def send_replies(
    bot: Bot, chat_id: int, replies: Sequence[Reply], data: Callable[[Button], str]
) -> None:
    """Send the engine's replies in order; ``data`` makes each button's callback data."""
    for reply in replies:
        markup = buttons([(b.label, data(b)) for b in reply.buttons]) if reply.buttons else None
        if reply.picture is not None:
            await send_picture(bot, chat_id, reply.picture, reply.text, markup)
        else:
            await bot.send_message(chat_id, reply.text, reply_markup=markup)


# Telegram's file_id of each picture already uploaded, by bot server and file: sending the
# same picture again costs an id, not the bytes. Lost on restart, which only costs an upload.
_uploaded: dict[tuple[str, str], str] = {}


async def send_picture(
    bot: Bot,
    chat_id: int,
    picture: Path,
    caption: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Send a shipped picture as a photo, reusing its file_id once Telegram has it."""
    key = (bot.base_url, str(picture))
    known = _uploaded.get(key)
    if known is not None:
        try:
            await bot.send_photo(chat_id, known, caption=caption, reply_markup=markup)
            return
        except BadRequest:
            _uploaded.pop(key, None)  # the server forgot it: upload again
    sent = await bot.send_photo(
        chat_id, await asyncio.to_thread(picture.read_bytes), caption=caption, reply_markup=markup
    )
    if sent.photo:
        _uploaded[key] = sent.photo[-1].file_id


async def close_buttons(message: Message | None, note: str | None = None) -> None:
    """Take the buttons off a message once used, optionally noting the choice."""
    if message is None or not hasattr(message, "text") or message.text is None:
        return
    try:
        if note:
            await message.edit_text(f"{message.text}\n\n→ {note}", reply_markup=None)
        else:
            await message.edit_reply_markup(reply_markup=None)
    except BadRequest:
        pass  # already edited (a replayed update) or too old to edit: nothing to fix
