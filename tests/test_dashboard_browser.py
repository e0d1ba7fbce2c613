"""The dashboard in headless Chromium, opened the way staff open it: in the sandbox, Fatima
(facilitator) and Colin (coordinator) send /dashboard, tap the link in their chat, and the
overview opens in a new tab; at desktop and phone widths, with axe-core's WCAG 2.2 AA check.

axe-core comes from the axe-playwright-python package (a dev dependency, so .ci/run's
`make test` installs it): this test never skips it. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from conversations import catalogue
from conversations.catalogue import DASHBOARD_SIGNED_IN_AS as SIGNED_IN_AS
from tests.test_sandbox import AMIRA, BEN, COLIN, FATIMA, Page, join, running_sandbox
from tests.test_sandbox_browser import ARTIFACTS, bot_says, browser, open_page, send, switch_to

pytest.importorskip(
    "playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])"
)
from playwright.async_api import Browser, expect
from playwright.async_api import Page as BrowserPage

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed here (apt-get install -y chromium); .ci/run "
    "installs it, so CI runs these tests",
)
AXE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
__all__ = ["browser"]  # the fixture, shared with the sandbox's browser tests


async def axe_violations(page: BrowserPage) -> list[dict[str, Any]]:
    """axe-core's violations of WCAG 2.2 A and AA on the page as it is now."""
    await page.evaluate(AXE)
    result = await page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return list(result["violations"])


def serious(violations: list[dict[str, Any]]) -> list[str]:
    """The serious and critical ones, each with where it was found."""
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


async def open_dashboard(page: BrowserPage, person: int) -> BrowserPage:
    """As ``person`` in the sandbox: /dashboard, then tap the link; the dashboard's tab."""
    await switch_to(page, person)
    await send(page, "/dashboard")
    link = bot_says(page, "dashboard").locator("a[href*='/dashboard/signin']")
    await expect(link).to_be_visible()
    async with page.context.expect_page() as opened:
        await link.click()
    tab = await opened.value
    await tab.wait_for_load_state()
    return tab


async def check_both_widths(tab: BrowserPage, name: str) -> None:
    """Screenshots at desktop and phone widths, and no serious axe violation at either."""
    ARTIFACTS.mkdir(exist_ok=True)
    await tab.evaluate("document.activeElement && document.activeElement.blur()")
    for width, height, label in ((1280, 900, "desktop"), (360, 780, "phone")):
        await tab.set_viewport_size({"width": width, "height": height})
        await tab.screenshot(path=str(ARTIFACTS / f"dashboard-{name}-{label}.png"), full_page=True)
        assert serious(await axe_violations(tab)) == [], (name, label)
        # Nothing wider than the screen: the page reflows instead of scrolling sideways.
        overflow = await tab.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (name, label, overflow)


async def test_fatima_and_colin_open_the_dashboard_from_their_chat(
    browser: Browser, tmp_path: Path
) -> None:
    async with running_sandbox(tmp_path) as sandbox, aiohttp.ClientSession() as session:
        api = Page(session, sandbox.url)
        for resident in (AMIRA, BEN):
            await join(api, resident)
        page, errors = await open_page(browser, sandbox.url)

        tab = await open_dashboard(page, FATIMA)
        await expect(tab.locator("h1")).to_have_text(catalogue.DASHBOARD_OVERVIEW)
        assert "/signin" not in tab.url  # the token is gone from the address bar
        await expect(tab.get_by_text(SIGNED_IN_AS["facilitator"])).to_be_visible()
        await expect(tab.locator("section.project h2")).to_have_text("Getting about in Northfield")
        agreed = tab.locator("tr", has_text=catalogue.REPORT_FUNNEL_STEPS["agreed"]).first
        await expect(agreed.locator("td.num")).to_have_text("2")
        new_people = tab.locator("tr", has_text=catalogue.DASHBOARD_WEEK_ITEMS["people"])
        await expect(new_people.locator("td.num")).to_have_text("2")
        # The skip link is the first thing the keyboard reaches, and it is visible then.
        await tab.keyboard.press("Tab")
        await expect(tab.locator("a.skip")).to_be_focused()
        await expect(tab.locator("a.skip")).to_be_in_viewport()
        await check_both_widths(tab, "fatima")
        await tab.close()

        # The same page in Arabic, right to left, as for a facilitator whose chat is Arabic.
        token = await sandbox.services.dashboard.new_link(FATIMA, "ar")
        tab = await browser.new_page()
        await tab.goto(f"{sandbox.url}/dashboard/signin?t={token}")
        await expect(tab.locator("html")).to_have_attribute("dir", "rtl")
        await check_both_widths(tab, "fatima-ar")
        await tab.close()

        tab = await open_dashboard(page, COLIN)
        await expect(tab.get_by_text(SIGNED_IN_AS["coordinator"])).to_be_visible()
        await check_both_widths(tab, "colin")
        # Signing out ends the session: the overview is then refused.
        await tab.set_viewport_size({"width": 1280, "height": 900})
        await tab.get_by_role("button", name=catalogue.DASHBOARD_SIGN_OUT).click()
        await expect(tab.locator("h1")).to_have_text(catalogue.DASHBOARD_SIGNED_OUT)
        await tab.goto(sandbox.url + "/dashboard/")
        await expect(tab.locator("h1")).to_have_text(catalogue.DASHBOARD_SIGNED_OUT)
        assert errors == []
