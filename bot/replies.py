"""Turn domain replies into Bot API calls: text, inline buttons, edits."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
        await bot.send_message(chat_id, reply.text, reply_markup=markup)


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
