"""The command menus: residents' for everyone, staff tools in each staff member's own chat."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from conversations import catalogue
from conversations.participation import Role

log = logging.getLogger(__name__)


def menu(role: Role) -> list[BotCommand]:
    """The commands a person in this role is offered: residents' first, then their tools."""
    pairs = list(catalogue.COMMANDS)
    if role in (Role.FACILITATOR, Role.COORDINATOR):
        pairs += catalogue.FACILITATOR_COMMANDS
    if role is Role.COORDINATOR:
        pairs += catalogue.COORDINATOR_COMMANDS
    return [BotCommand(name, text) for name, text in pairs]


async def publish_staff_menu(bot: Bot, telegram_id: int, role: Role) -> None:
    """Offer a staff member their commands in their private chat with the bot (only there)."""
    try:
        # A private chat's id is its user's id, so this scope never reaches a group.
        await bot.set_my_commands(menu(role), scope=BotCommandScopeChat(telegram_id))
    except TelegramError as exc:
        # e.g. a coordinator who has never opened the chat: their menu waits for the next start.
        log.info("could not set the %s menu for a staff chat (%s)", role.value, exc)
