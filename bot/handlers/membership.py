"""The person blocked or unblocked the bot: nothing is sent to a blocked chat."""

from __future__ import annotations

import logging
from typing import Any

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import Application, ChatMemberHandler

from bot.context import TandemContext

log = logging.getLogger(__name__)


async def membership_changed(update: Update, context: TandemContext) -> None:
    """In a private chat, "kicked" means blocked and "member" means back: record it."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    repo = context.services.outbox.repo
    status = change.new_chat_member.status
    if status == ChatMember.BANNED:
        changed = await repo.mark_blocked(change.chat.id, at=change.date.timestamp())
        log.info("update %d: the bot was blocked (%d participation(s))", update.update_id, changed)
    elif status == ChatMember.MEMBER:
        changed = await repo.mark_unblocked(change.chat.id)
        log.info(
            "update %d: the bot was unblocked (%d participation(s))", update.update_id, changed
        )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the my_chat_member handler (it never replies: a blocked chat cannot be written to)."""
    app.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
