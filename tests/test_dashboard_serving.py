"""Where the dashboard is served: beside the webhook on its server, and the cookie's Secure
flag when DASHBOARD_URL is https (a proxy in front terminates TLS)."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Settings, load_settings
from bot.emulator import BotApiEmulator
from conversations import catalogue
from tests.conftest import COORDINATOR, Resident, start_bot
from tests.dashboard_world import free_port, link_in, new_browser, with_dashboard


async def test_with_a_webhook_the_dashboard_shares_its_server(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    port = free_port()
    configured = settings.model_copy(
        update={
            "webhook_url": f"http://127.0.0.1:{port}/telegram",
            "webhook_host": "127.0.0.1",
            "webhook_port": port,
            "dashboard_url": f"http://127.0.0.1:{port}/staff",
            "coordinator_ids": frozenset({COORDINATOR}),
        }
    )
    running = await start_bot(emulator, configured, webhook=True)
    try:
        link = link_in(Resident.texts(await Resident(running, COORDINATOR).send("/dashboard")))
        assert link.startswith(f"http://127.0.0.1:{port}/staff/signin?t=")
        browser = new_browser()
        async with browser.session:
            status, _, response = await browser.get(link)
            assert status == 303 and response.headers["Location"] == "/staff/"
            assert "Path=/staff" in response.headers["Set-Cookie"]
            status, page, _ = await browser.get(f"http://127.0.0.1:{port}/staff/")
            assert status == 200 and catalogue.DASHBOARD_OVERVIEW in page
            status, _, response = await browser.get(f"http://127.0.0.1:{port}/staff")
            assert status == 308 and response.headers["Location"] == "/staff/"
    finally:
        await running.shutdown()


async def test_over_https_the_session_cookie_is_secure(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    plain = with_dashboard(settings)
    secure = plain.model_copy(
        update={
            "dashboard_url": str(plain.dashboard_url).replace("http://", "https://"),
            "coordinator_ids": frozenset({COORDINATOR}),
        }
    )
    running = await start_bot(emulator, secure)
    try:
        link = link_in(Resident.texts(await Resident(running, COORDINATOR).send("/dashboard")))
        assert link.startswith("https://")
        browser = new_browser()
        async with browser.session:
            # The TLS proxy is not here: ask the bot's own port over plain http.
            status, _, response = await browser.get(link.replace("https://", "http://"))
        assert status == 303 and "Secure" in response.headers["Set-Cookie"]
    finally:
        await running.shutdown()


@pytest.mark.parametrize("wrong", ["tandem.example.org/dashboard", "ftp://x/dashboard", "https://"])
def test_a_malformed_dashboard_url_is_refused_with_a_reason(wrong: str) -> None:
    with pytest.raises(ConfigError, match="DASHBOARD_URL"):
        load_settings(env_file=None, dashboard_url=wrong)


def test_an_empty_dashboard_url_means_no_dashboard() -> None:
    assert load_settings(env_file=None, dashboard_url="").dashboard_url is None
