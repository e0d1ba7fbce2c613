"""Builds the python-telegram-bot Application with Tandem's handlers and services."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from telegram.error import BadRequest
from telegram.ext import Application, ApplicationBuilder, ExtBot

from bot.config import Settings
from bot.context import CONTEXT_TYPES, Services, attach_services
from bot.handlers import register_all
from bot.menus import publish_menu, publish_staff_menu
from bot.reply_delivery import ReplyDelivery
from bot.transport import AiohttpRequest
from conversations.i18n import Catalogues
from conversations.participation import Role

TandemApp = Application[Any, Any, Any, Any, Any, Any]
log = logging.getLogger(__name__)


class TandemBot(ExtBot[None]):
    """The Bot API client, tolerant of button presses too old to answer."""

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        """Answer a button press; one replayed after a restart may be too old, which is fine."""
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except BadRequest as exc:
            # Telegram takes answers for a short while only; the press itself still counts.
            said = exc.message.lower()
            if "query is too old" not in said and "query id is invalid" not in said:
                raise
            log.info("a button press was too old to answer; handling it anyway")
            return False


def build_application(settings: Settings, services: Services) -> TandemApp:
    """An Application with no Updater: Tandem fetches and stores updates itself."""
    base = settings.telegram_api_base_url
    bot = TandemBot(
        settings.token,
        base_url=f"{base}/bot",
        base_file_url=f"{base}/file/bot",
        request=AiohttpRequest(connection_pool_size=128),
        get_updates_request=AiohttpRequest(connection_pool_size=2),
        rate_limiter=ReplyDelivery(services.flood_gate, services.outbox.repo.mark_blocked),
    )
    app = ApplicationBuilder().bot(bot).updater(None).context_types(CONTEXT_TYPES).build()
    attach_services(app, services)
    register_all(app)
    return app


async def publish_commands(
    app: TandemApp, catalogues: Catalogues, coordinator_ids: Iterable[int] = ()
) -> None:
    """Tell Telegram which commands to offer: residents' for all, staff menus per chat;
    each in English and in every language Tandem has a catalogue for."""
    await publish_menu(app.bot, Role.RESIDENT, catalogues)
    for telegram_id in sorted(coordinator_ids):
        await publish_staff_menu(app.bot, telegram_id, Role.COORDINATOR, catalogues)
