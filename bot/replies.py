"""Turn domain replies into Bot API calls: text, inline buttons, edits."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from bot.callbacks import encode
from conversations.dialogue.engine import Button, Reply


def buttons(rows: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per row: (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in rows]
    )


def dialogue_keyboard(project_id: str, choices: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """The buttons of a choice step, carrying the project, step and option."""
    if not choices:
        return None
    return buttons([(b.label, encode("dlg", project_id, b.step_id, b.option_id)) for b in choices])


async def send_replies(bot: Bot, chat_id: int, project_id: str, replies: Sequence[Reply]) -> None:
    """Send the engine's replies in order."""
    for reply in replies:
        await bot.send_message(
            chat_id, reply.text, reply_markup=dialogue_keyboard(project_id, reply.buttons)
        )


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
