"""Webhook intake: store the update, then answer 200; Telegram retries anything else."""

from __future__ import annotations

import hmac
import json
import logging
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot.app import TandemApp
from bot.config import ConfigError, Settings
from bot.context import SERVICES_KEY
from bot.dashboard import mount_dashboard
from bot.inbox import InboxWorker
from storage.inbox import InboxRepository

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def require_webhook_url(settings: Settings) -> None:
    """Refuse webhook mode without a public address, saying what to set."""
    if not settings.webhook_url:
        raise ConfigError(
            "Webhook mode needs WEBHOOK_URL: the public https address Telegram should post"
            " to, e.g. WEBHOOK_URL=https://tandem.example.org/telegram. Set it in .env."
        )


class WebhookReceiver:
    """An aiohttp server Telegram posts updates to, registered with ``setWebhook``."""

    def __init__(
        self, app: TandemApp, settings: Settings, repo: InboxRepository, worker: InboxWorker
    ) -> None:
        require_webhook_url(settings)
        self._app = app
        self._settings = settings
        self._repo = repo
        self._worker = worker
        self._secret = settings.webhook_secret_token()
        self._path = urlsplit(settings.webhook_url or "").path or "/"
        self._runner: web.AppRunner | None = None

    def make_app(self) -> web.Application:
        """The aiohttp application (also used directly by tests)."""
        server = web.Application(client_max_size=1024 * 1024)
        server.router.add_post(self._path, self._receive)
        # The dashboard, when DASHBOARD_URL is set, shares this server (under its own path).
        if self._settings.dashboard_url:
            mount_dashboard(server, self._app.bot_data[SERVICES_KEY])
        return server

    async def start(self) -> None:
        """Listen, then tell Telegram where to post."""
        self._runner = web.AppRunner(self.make_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._settings.webhook_host, self._settings.webhook_port)
        await site.start()
        await self._app.bot.set_webhook(
            url=self._settings.webhook_url or "",
            secret_token=self._secret,
            allowed_updates=list(Update.ALL_TYPES),
        )

    async def stop(self) -> None:
        """Stop listening; Telegram keeps undelivered updates and retries later."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            log.warning("webhook call refused: wrong or missing secret token")
            return web.json_response({"ok": False, "description": "forbidden"}, status=403)
        try:
            update = json.loads(await request.read())
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                raise ValueError("no update_id")
        except ValueError:
            return web.json_response({"ok": False, "description": "not an update"}, status=400)
        # Only once the update is committed may Telegram consider it delivered.
        await self._worker.receive([update])
        return web.json_response({"ok": True})
