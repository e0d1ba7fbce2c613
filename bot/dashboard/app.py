"""The dashboard as an aiohttp application, and where it is served from.

Webhook mode adds it to the webhook's server; polling mode (and `tandem run` without a
webhook) serves it on DASHBOARD_HOST:DASHBOARD_PORT; the sandbox mounts it on its own page.
"""

from __future__ import annotations

import logging
from importlib.resources import files
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.config import ConfigError
from bot.context import Services
from bot.dashboard.access import BASE_KEY, SERVICES_KEY, Handler
from bot.dashboard.exports_page import attach_shelf
from bot.dashboard.routes import ROUTES

log = logging.getLogger(__name__)
HERE = Path(str(files("bot.dashboard")))
# Scripts and styles only from the dashboard itself; charts are data: images; no framing.
POLICY = {
    "default-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "object-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "; ".join(f"{k} {' '.join(v)}" for k, v in POLICY.items()),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@web.middleware
async def _headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def build_dashboard_app(services: Services, base: str) -> web.Application:
    """The dashboard's routes, templates and style sheet; ``base`` is its path prefix."""
    app = web.Application(client_max_size=256 * 1024, middlewares=[_headers])
    app[SERVICES_KEY] = services
    app[BASE_KEY] = base
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
    )
    for route in ROUTES:
        app.router.add_route(route.method, route.path, route.handler)
    app.router.add_static("/static/", HERE / "static")
    attach_shelf(app)
    return app


def mount_dashboard(server: web.Application, services: Services) -> None:
    """Serve the dashboard from ``server`` under DASHBOARD_URL's path (when it is set)."""
    if not services.settings.dashboard_url:
        return
    base = services.settings.dashboard_path
    if not base:
        raise ConfigError(
            "DASHBOARD_URL needs a path when the dashboard shares a server, e.g."
            " https://tandem.example.org/dashboard. Set it in .env."
        )

    async def to_home(request: web.Request) -> web.StreamResponse:
        return web.Response(status=308, headers={"Location": f"{base}/"})

    # DASHBOARD_URL itself, typed without the final slash, lands on the overview.
    server.router.add_get(base, to_home)  # before the sub-app, which would take it
    server.add_subapp(base, build_dashboard_app(services, base))


class DashboardSite:
    """The dashboard on a port of its own, for polling mode."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen on DASHBOARD_HOST:DASHBOARD_PORT."""
        settings = self._services.settings
        if settings.dashboard_path:
            server = web.Application()
            mount_dashboard(server, self._services)
        else:  # the dashboard has the host to itself
            server = build_dashboard_app(self._services, "")
        self._runner = web.AppRunner(server, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, settings.dashboard_host, settings.dashboard_port).start()
        log.info("dashboard: serving %s", settings.dashboard_url)

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
