"""Who may use which command: coordinators from settings, facilitators from SQLite."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Chat, Update

from bot.context import Services, TandemContext
from bot.words import words_for
from conversations.i18n import Words, english
from conversations.participation import ROLE_RANK, Role

# A coroutine function, as python-telegram-bot's handlers take (not any awaitable).
Handler = Callable[[Update, TandemContext], Coroutine[Any, Any, None]]

# Every privileged command and the role it needs; tests walk this to check each refuses.
PRIVILEGED: dict[str, Role] = {}


async def role_of(context: TandemContext, telegram_id: int) -> Role:
    """The highest role this person holds."""
    return await role_in(context.services, telegram_id)


async def role_in(services: Services, telegram_id: int) -> Role:
    """The highest role this person holds (the chat and the dashboard both ask here)."""
    if telegram_id in services.settings.coordinator_ids:
        return Role.COORDINATOR
    if await services.project_rows.facilitated_by(telegram_id):
        return Role.FACILITATOR
    return Role.RESIDENT


async def projects_run_by(services: Services, telegram_id: int, role: Role) -> list[str]:
    """The projects a person in ``role`` runs: a coordinator all, a facilitator theirs."""
    if role is Role.COORDINATOR:
        return services.projects.ids()
    if role is Role.FACILITATOR:
        return await services.project_rows.facilitated_by(telegram_id)
    return []


async def _words(context: TandemContext, update: Update) -> Words:
    """The words of whoever sent the update (English if nobody did)."""
    if update.effective_user is None:
        return english()
    return await words_for(context, update.effective_user)


def private_only(handler: Handler) -> Handler:
    """Answer only in the private chat; in a group, say one line pointing there, nothing else.

    Results and personal views hold what residents said or what one person did, which the
    other members of a group must not see.
    """

    @functools.wraps(handler)
    async def guarded(update: Update, context: TandemContext) -> None:
        chat = update.effective_chat
        if chat is not None and chat.type != Chat.PRIVATE:
            if update.effective_message:
                words = await _words(context, update)
                await update.effective_message.reply_text(
                    words.say("PRIVATE_CHAT_ONLY", bot=context.bot.username)
                )
            return
        await handler(update, context)

    return guarded


def requires(role: Role, command: str) -> Callable[[Handler], Handler]:
    """Refuse the command, with a clear message, to anyone below ``role``; private chat only."""

    def decorate(handler: Handler) -> Handler:
        PRIVILEGED[command] = role

        @private_only
        @functools.wraps(handler)
        async def guarded(update: Update, context: TandemContext) -> None:
            user = update.effective_user
            held = await role_of(context, user.id) if user else Role.RESIDENT
            if ROLE_RANK[held] < ROLE_RANK[role]:
                if update.effective_message:
                    words = await _words(context, update)
                    await update.effective_message.reply_text(
                        words.say(f"NOT_ALLOWED.{role.value}", command=f"/{command}")
                    )
                return
            await handler(update, context)

        return guarded

    return decorate
