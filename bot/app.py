"""Builds the python-telegram-bot Application with Tandem's handlers and services."""

from __future__ import annotations

from typing import Any

from telegram import BotCommand
from telegram.ext import Application, ApplicationBuilder

from bot.config import Settings
from bot.context import CONTEXT_TYPES, Services, attach_services
from bot.handlers import register_all
from bot.reply_delivery import ReplyDelivery
from bot.transport import AiohttpRequest
from conversations import catalogue

TandemApp = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: Settings, services: Services) -> TandemApp:
    """An Application with no Updater: Tandem fetches and stores updates itself."""
    base = settings.telegram_api_base_url
    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .updater(None)
        .context_types(CONTEXT_TYPES)
        .request(AiohttpRequest(connection_pool_size=128))
        .get_updates_request(AiohttpRequest(connection_pool_size=2))
        .rate_limiter(ReplyDelivery(services.flood_gate, services.outbox.repo.mark_blocked))
        .build()
    )
    attach_services(app, services)
    register_all(app)
    return app


async def publish_commands(app: TandemApp) -> None:
    """Tell Telegram which commands to offer in the menu."""
    await app.bot.set_my_commands([BotCommand(name, text) for name, text in catalogue.COMMANDS])
