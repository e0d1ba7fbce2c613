"""The dashboard on the real stack: /dashboard in the chat (emulator), the bot's own HTTP
server on loopback, sessions, CSRF, the pinned clock, and every route refused to whoever
should not see it (walked from the route table, so new pages are covered too)."""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from bot.config import Settings
from bot.dashboard.access import COOKIE
from bot.dashboard.routes import ROUTES, Route
from bot.emulator import BotApiEmulator
from conversations import catalogue
from storage.dashboard import IDLE_SECONDS, LINK_SECONDS, LINKS_PER_WINDOW
from tests import dbview
from tests.conftest import COORDINATOR, ROOT, Resident, RunningBot, start_bot, wait_handled
from tests.dashboard_world import (
    FACILITATOR,
    OTHER_FACILITATOR,
    appoint,
    csrf_of,
    link_in,
    new_browser,
    sign_in,
    with_dashboard,
)

RESIDENT = 1601


@pytest.fixture
def two_projects(tmp_path: Path) -> Path:
    """The example project (northfield) and a copy of it called riverside."""
    folder = tmp_path / "two-projects"
    shutil.copytree(ROOT / "projects", folder)  # with the pictures the example names
    example = (folder / "example.yaml").read_text(encoding="utf-8")
    riverside = (
        example.replace("id: northfield", "id: riverside", 1)
        .replace("invite_code: NORTHFIELD", "invite_code: RIVERSIDE", 1)
        .replace("en: Getting about in Northfield", "en: Getting about in Riverside", 1)
    )
    (folder / "riverside.yaml").write_text(riverside, encoding="utf-8")
    return folder


async def two_project_bot(emulator: BotApiEmulator, settings: Settings, folder: Path) -> RunningBot:
    """Tandem on the two projects with the dashboard on and a facilitator for each."""
    configured = with_dashboard(settings).model_copy(
        update={"projects_dir": folder, "coordinator_ids": frozenset({COORDINATOR})}
    )
    running = await start_bot(emulator, configured)
    await appoint(running, FACILITATOR, "northfield")
    await appoint(running, OTHER_FACILITATOR, "riverside")
    return running


@pytest.fixture
async def dash(
    emulator: BotApiEmulator, settings: Settings, two_projects: Path
) -> AsyncIterator[RunningBot]:
    """The bot with two projects, the dashboard on, a facilitator for each project."""
    running = await two_project_bot(emulator, settings, two_projects)
    await Resident(running, RESIDENT).send("/start NORTHFIELD")
    yield running
    if not running.task.done():
        await running.shutdown()


def url(bot: RunningBot, route: Route, project: str = "northfield") -> str:
    """The route's address for this project (any other placeholder, say {poll}, as 1)."""
    path = re.sub(r"\{\w+\}", "1", route.path.replace("{project}", project))
    return str(bot.settings.dashboard_url) + path


PRIVATE = [r for r in ROUTES if not r.public]


async def test_sign_in_through_the_link_sets_a_safe_cookie_and_drops_the_token(
    dash: RunningBot,
) -> None:
    texts = Resident.texts(await Resident(dash, FACILITATOR).send("/dashboard"))
    link = link_in(texts)
    # No link preview: Telegram's preview fetch would use the one-time link up.
    [sent] = [c for c in dash.emulator.calls_to("sendMessage") if link in c.params["text"]]
    assert sent.params["link_preview_options"] == {"is_disabled": True}
    browser = new_browser()
    async with browser.session:
        status, _, response = await browser.get(link)
        assert status == 303 and response.headers["Location"] == "/dashboard/"
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/dashboard" in cookie
        assert "Secure" not in cookie  # plain http on loopback; https adds it
        status, page, response = await browser.get(str(dash.settings.dashboard_url) + "/")
        assert status == 200
        assert catalogue.DASHBOARD_OVERVIEW in page and "Getting about in Northfield" in page
        assert "Riverside" not in page  # not their project
        assert '<html lang="en" dir="ltr">' in page
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        # The link worked once.
        again = new_browser()
        async with again.session:
            status, page, _ = await again.get(link)
            assert status == 401 and catalogue.DASHBOARD_LINK_USED in page
    # No token, and no resident's Telegram id, in the database's readable columns.
    target = dash.settings.database_target
    audit = dbview.rows(target, "SELECT staff, role, action FROM dashboard_audit")
    stored = dbview.rows(target, "SELECT token_hash FROM dashboard_links")
    assert ("sign_in" in {a[2] for a in audit}) and ("overview" in {a[2] for a in audit})
    assert all(str(FACILITATOR) not in a[0] for a in audit)
    assert all(link.split("t=")[1] not in row[0] for row in stored)


async def test_a_coordinator_sees_every_project(dash: RunningBot) -> None:
    browser, home = await sign_in(dash, COORDINATOR)
    async with browser.session:
        status, page, _ = await browser.get(home)
    assert status == 200 and "Northfield" in page and "Riverside" in page
    assert catalogue.DASHBOARD_SIGNED_IN_AS["coordinator"] in page


async def test_a_resident_and_a_group_are_refused_the_link(dash: RunningBot) -> None:
    refused = Resident.texts(await Resident(dash, RESIDENT).send("/dashboard"))
    assert refused == [catalogue.NOT_ALLOWED["facilitator"].format(command="/dashboard")]
    group = dash.emulator.inject_text(FACILITATOR, "/dashboard", chat_id=-100200)
    await wait_handled(dash.settings.database_target, group["update_id"])
    said = [m.get("text") or "" for m in dash.emulator.sent_messages(-100200)]
    assert said and not any("signin" in text for text in said)


@pytest.mark.parametrize("route", PRIVATE, ids=lambda r: f"{r.method} {r.path}")
async def test_every_route_refuses_who_should_not_see_it(dash: RunningBot, route: Route) -> None:
    """A stranger, a resident, a facilitator of another project, an expired session."""
    target = url(dash, route)

    async def answer(browser_cookie: str | None) -> tuple[int, str]:
        browser = new_browser()
        async with browser.session:
            if browser_cookie is not None:
                browser.session.cookie_jar.update_cookies({COOKIE: browser_cookie})
            if route.method == "GET":
                status, page, _ = await browser.get(target)
            else:
                status, page, _ = await browser.post(target, {"csrf": "x"})
        return status, page

    # A stranger: no cookie, then a made-up one.
    for cookie in (None, "made-up"):
        status, page = await answer(cookie)
        assert status == 401 and catalogue.DASHBOARD_SIGNED_OUT in page, (cookie, status)
    # A resident holding a session (say a facilitator since removed): refused, session ended.
    resident_cookie = await _session_for(dash, RESIDENT)
    status, page = await answer(resident_cookie)
    assert status == 403 and "Northfield" not in page
    # A facilitator of another project: nothing of northfield.
    other = await _session_for(dash, OTHER_FACILITATOR)
    status, page = await answer(other)
    assert "Getting about in Northfield" not in page
    if route.about_a_project or route.method == "POST":
        assert status in (403, 404), status
    # An expired session: idle past the limit on the bot's clock.
    mine = await _session_for(dash, FACILITATOR)
    dash.services.clock.advance(timedelta(seconds=IDLE_SECONDS + 1))
    status, page = await answer(mine)
    assert status == 401 and "Northfield" not in page


async def _session_for(bot: RunningBot, telegram_id: int) -> str:
    """A session cookie for this person, made as the link would make it."""
    token = await bot.services.dashboard.new_link(telegram_id, "en")
    redeemed = await bot.services.dashboard.redeem(token)
    assert redeemed is not None
    return redeemed[0]


async def test_a_project_page_opens_for_its_facilitator(dash: RunningBot) -> None:
    browser, home = await sign_in(dash, FACILITATOR)
    async with browser.session:
        status, page, _ = await browser.get(home + "projects/northfield")
        assert status == 200 and "Getting about in Northfield" in page
        status, page, _ = await browser.get(home + "projects/riverside")
        assert status == 404 and "Riverside" not in page


async def test_sign_out_needs_the_csrf_token_and_ends_the_session(dash: RunningBot) -> None:
    browser, home = await sign_in(dash, FACILITATOR)
    async with browser.session:
        _, page, _ = await browser.get(home)
        status, refused, _ = await browser.post(home + "signout", {"csrf": "forged"})
        assert status == 403 and catalogue.DASHBOARD_FORM_EXPIRED in refused
        status, _, _ = await browser.post(home + "signout", {})
        assert status == 403
        assert (await browser.get(home))[0] == 200  # still signed in
        status, _, response = await browser.post(home + "signout", {"csrf": csrf_of(page)})
        assert status == 303 and response.headers["Location"].endswith("/signed-out")
        assert (await browser.get(home))[0] == 401


async def test_the_link_expires_after_ten_minutes_on_the_bots_clock(dash: RunningBot) -> None:
    link = link_in(Resident.texts(await Resident(dash, FACILITATOR).send("/dashboard")))
    dash.services.clock.advance(timedelta(seconds=LINK_SECONDS + 1))
    browser = new_browser()
    async with browser.session:
        status, page, _ = await browser.get(link)
    assert status == 401 and catalogue.DASHBOARD_LINK_USED in page


async def test_a_session_ends_twelve_hours_after_sign_in_however_busy(dash: RunningBot) -> None:
    browser, home = await sign_in(dash, FACILITATOR)
    async with browser.session:
        for _ in range(3):  # busy every 4 hours: never idle, still ends at 12 hours
            dash.services.clock.advance(timedelta(hours=4) - timedelta(seconds=1))
            assert (await browser.get(home))[0] == 200
        dash.services.clock.advance(timedelta(seconds=10))
        assert (await browser.get(home))[0] == 401


async def test_removing_a_facilitator_takes_effect_at_the_next_click(dash: RunningBot) -> None:
    browser, home = await sign_in(dash, FACILITATOR)
    async with browser.session:
        assert (await browser.get(home))[0] == 200
        await dash.services.db.execute("DELETE FROM roles WHERE telegram_id = ?", (FACILITATOR,))
        status, page, _ = await browser.get(home)
    assert status == 403 and catalogue.DASHBOARD_NOT_STAFF in page


async def test_links_are_rate_limited_per_person(dash: RunningBot) -> None:
    facilitator = Resident(dash, FACILITATOR)
    for _ in range(LINKS_PER_WINDOW):
        link_in(Resident.texts(await facilitator.send("/dashboard")))
    [refused] = Resident.texts(await facilitator.send("/dashboard"))
    assert refused == catalogue.DASHBOARD_TOO_MANY.format(count=LINKS_PER_WINDOW, minutes=10)
    # Others are not held up, and ten minutes later it works again.
    link_in(Resident.texts(await Resident(dash, OTHER_FACILITATOR).send("/dashboard")))
    dash.services.clock.advance(timedelta(minutes=10, seconds=1))
    link_in(Resident.texts(await facilitator.send("/dashboard")))


async def test_without_dashboard_url_the_command_says_it_is_off(project_bot: RunningBot) -> None:
    reply = Resident.texts(await Resident(project_bot, COORDINATOR).send("/dashboard"))
    assert reply == [catalogue.DASHBOARD_OFF]


async def test_staff_read_the_dashboard_in_the_language_the_chat_speaks_to_them(
    dash: RunningBot,
) -> None:
    # A coordinator whose Telegram app is in Welsh: the chat answers in Welsh, so do the pages.
    update = dash.emulator.inject_text(COORDINATOR, "/dashboard", language_code="cy")
    await wait_handled(dash.settings.database_target, update["update_id"])
    cy = dash.services.catalogues
    link = link_in(Resident.texts(Resident(dash, COORDINATOR).messages()[-1:]))
    browser = new_browser()
    async with browser.session:
        await browser.get(link)
        status, page, _ = await browser.get(str(dash.settings.dashboard_url) + "/")
    assert status == 200 and '<html lang="cy" dir="ltr">' in page
    assert str(escape(cy.render("cy", "DASHBOARD_OVERVIEW"))) in page
    assert catalogue.DASHBOARD_OVERVIEW not in page


async def test_an_arabic_speaking_facilitator_reads_it_right_to_left(dash: RunningBot) -> None:
    token = await dash.services.dashboard.new_link(FACILITATOR, "ar")
    browser = new_browser()
    async with browser.session:
        await browser.get(str(dash.settings.dashboard_url) + f"/signin?t={token}")
        status, page, _ = await browser.get(str(dash.settings.dashboard_url) + "/")
    assert status == 200 and '<html lang="ar" dir="rtl">' in page
    assert dash.services.catalogues.render("ar", "DASHBOARD_OVERVIEW") in page
