"""The command menus: residents' for everyone, staff tools in each staff member's own chat.

Each menu is published once in English (what Telegram shows when it has nothing in the
person's app language) and once per language Tandem has a catalogue for.
"""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScope, BotCommandScopeChat
from telegram.error import TelegramError

from conversations import catalogue
from conversations.i18n import SOURCE, Catalogues
from conversations.participation import Role

log = logging.getLogger(__name__)


def menu(role: Role, catalogues: Catalogues, lang: str = SOURCE) -> list[BotCommand]:
    """The commands a person in this role is offered: residents' first, then their tools."""
    lists = ["COMMANDS"]
    if role in (Role.FACILITATOR, Role.COORDINATOR):
        lists.append("FACILITATOR_COMMANDS")
    if role is Role.COORDINATOR:
        lists.append("COORDINATOR_COMMANDS")
    return [
        BotCommand(name, catalogues.render(lang, f"{key}.{name}"))
        for key in lists
        for name, _ in getattr(catalogue, key)
    ]


def menu_languages(catalogues: Catalogues) -> list[str]:
    """The catalogue languages Telegram can be given a menu for (two-letter ISO 639-1 codes)."""
    return [code for code in sorted(catalogues.languages) if len(code) == 2 and code.isalpha()]


async def publish_menu(
    bot: Bot, role: Role, catalogues: Catalogues, scope: BotCommandScope | None = None
) -> None:
    """Set one menu in English and in every catalogue language."""
    await bot.set_my_commands(menu(role, catalogues), scope=scope)
    for lang in menu_languages(catalogues):
        await bot.set_my_commands(menu(role, catalogues, lang), scope=scope, language_code=lang)


async def publish_staff_menu(
    bot: Bot, telegram_id: int, role: Role, catalogues: Catalogues
) -> None:
    """Offer a staff member their commands in their private chat with the bot (only there)."""
    try:
        # A private chat's id is its user's id, so this scope never reaches a group.
        await publish_menu(bot, role, catalogues, BotCommandScopeChat(telegram_id))
    except TelegramError as exc:
        # e.g. a coordinator who has never opened the chat: their menu waits for the next start.
        log.info("could not set the %s menu for a staff chat (%s)", role.value, exc)
