"""The diary, polls, check-ins and ideas pages in headless Chromium, walked as Fatima
(facilitator) and Colin (coordinator) after signing in through the link in their sandbox
chat; desktop and phone widths, axe-core's WCAG 2.2 AA check, screenshots to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from conversations import catalogue
from tests.test_dashboard_browser import CHROMIUM, check_both_widths, open_dashboard
from tests.test_sandbox import AMIRA, BEN, COLIN, FATIMA, Page, join, running_sandbox
from tests.test_sandbox_browser import browser, open_page

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed")
from playwright.async_api import Browser, expect

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not here")
__all__ = ["browser"]
PAGES = {
    "diary": catalogue.DASHBOARD_DIARY,
    "polls": catalogue.DASHBOARD_POLLS,
    "checkins": catalogue.DASHBOARD_CHECKINS,
    "ideas": catalogue.DASHBOARD_IDEAS,
}


async def test_fatima_and_colin_walk_the_project_pages(browser: Browser, tmp_path: Path) -> None:
    async with running_sandbox(tmp_path) as sandbox, aiohttp.ClientSession() as session:
        api = Page(session, sandbox.url)
        for resident in (AMIRA, BEN):
            await join(api, resident)
        page, errors = await open_page(browser, sandbox.url)
        for who, person in (("fatima", FATIMA), ("colin", COLIN)):
            tab = await open_dashboard(page, person)
            project = tab.locator("section.project").first
            for name, heading in PAGES.items():
                await tab.set_viewport_size({"width": 1280, "height": 900})
                await project.get_by_role("link", name=heading).first.click()
                await expect(tab.locator("h1")).to_have_text(heading)
                link = tab.locator(".subnav a[aria-current='page']")
                await expect(link).to_have_text(heading)
                await check_both_widths(tab, f"{name}-{who}")
                await tab.go_back()
                project = tab.locator("section.project").first
            await tab.close()
        assert errors == []
