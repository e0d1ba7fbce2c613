"""Helpers for the dashboard tests: a bot with the dashboard on, staff who sign in through the
link /dashboard sends, and a browser-like HTTP client with its own cookie jar."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.config import Settings
from tests.conftest import COORDINATOR, Resident, RunningBot

FACILITATOR = 1501
OTHER_FACILITATOR = 1502
LINK = re.compile(r"(https?://\S+/signin\?t=\S+)")


def free_port() -> int:
    """A loopback port nobody listens on (the bot's dashboard site takes it next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def with_dashboard(settings: Settings) -> Settings:
    """The settings with the dashboard on, on a loopback port of its own."""
    port = free_port()
    return settings.model_copy(
        update={
            "dashboard_url": f"http://127.0.0.1:{port}/dashboard",
            "dashboard_host": "127.0.0.1",
            "dashboard_port": port,
        }
    )


async def appoint(bot: RunningBot, telegram_id: int, project: str = "northfield") -> None:
    """The coordinator makes ``telegram_id`` a facilitator of ``project`` through the chat."""
    coordinator = Resident(bot, COORDINATOR)
    [link] = Resident.texts(await coordinator.send(f"/facilitator {project}"))
    await Resident(bot, telegram_id).send(f"/start {link.split('start=')[1].split()[0]}")


def link_in(texts: list[str]) -> str:
    """The sign-in link in the bot's answer to /dashboard."""
    for text in texts:
        if found := LINK.search(text):
            return found.group(1)
    raise AssertionError(f"no sign-in link in {texts}")


@dataclass
class Browser:
    """An HTTP client with its own cookies, that does not follow redirects by itself."""

    session: aiohttp.ClientSession

    async def get(self, url: str) -> tuple[int, str, aiohttp.ClientResponse]:
        """GET without following redirects: the status, the body and the response."""
        async with self.session.get(url, allow_redirects=False) as response:
            return response.status, await response.text(), response

    async def post(self, url: str, data: dict[str, Any]) -> tuple[int, str, aiohttp.ClientResponse]:
        """POST a form without following redirects."""
        async with self.session.post(url, data=data, allow_redirects=False) as response:
            return response.status, await response.text(), response


def new_browser() -> Browser:
    """A browser with an empty cookie jar that keeps cookies for 127.0.0.1 too."""
    return Browser(aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)))


async def sign_in(bot: RunningBot, telegram_id: int) -> tuple[Browser, str]:
    """Send /dashboard as this person, open the link: a signed-in browser and the home URL."""
    link = link_in(Resident.texts(await Resident(bot, telegram_id).send("/dashboard")))
    browser = new_browser()
    status, _, _ = await browser.get(link)
    assert status == 303, status
    return browser, str(bot.settings.dashboard_url) + "/"


def csrf_of(page: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF field on the page"
    return found.group(1)
