"""The answers page and the codebook in headless Chromium, in the sandbox: residents answer
in their chat, Fatima (facilitator) creates a code, codes an answer, accepts a suggested
theme and filters by code and language; Colin (coordinator) does the same walk. Desktop and
phone widths, axe-core's WCAG 2.2 AA check, screenshots in tests/artifacts/."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from conversations import catalogue
from storage.database import Database
from tests.test_dashboard_browser import check_both_widths, open_dashboard
from tests.test_sandbox import AMIRA, BEN, COLIN, DEFAULT_CAST, FATIMA, Page, join, running_sandbox
from tests.test_sandbox_browser import browser, open_page

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed")
from playwright.async_api import Browser, expect
from playwright.async_api import Page as BrowserPage

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not here")
__all__ = ["browser"]
CHLOE = DEFAULT_CAST[2].user_id
SAID = {
    AMIRA: "The buses are always late in the morning",
    BEN: "Late buses mean I miss my shifts",
    CHLOE: "More benches at the stops please",
}


async def answered(api: Page, db: Database) -> None:
    """Three residents join and answer the first question."""
    for person, words in SAID.items():
        await join(api, person)
        await api.say(person, words)
    for _ in range(200):
        rows = await db.fetch_all("SELECT COUNT(*) FROM answers WHERE step_id = 'outcome'")
        if rows[0][0] >= len(SAID):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the answers never arrived")


async def walk(tab: BrowserPage, who: str, code_name: str, decision: str) -> None:
    """Codebook -> a code; answers -> code one, accept a theme, filter by code and language."""
    tab.set_default_timeout(10_000)
    await tab.get_by_role("link", name=catalogue.DASHBOARD_CODEBOOK, exact=True).first.click()
    await tab.get_by_label(catalogue.DASHBOARD_CODE_FIELDS["name"]).fill(code_name)
    await tab.get_by_role("button", name=catalogue.DASHBOARD_CODE_CREATE).click()
    await expect(tab.locator("table")).to_contain_text(code_name)
    await check_both_widths(tab, f"codebook-{who}")
    await tab.set_viewport_size({"width": 1280, "height": 900})

    await tab.get_by_role("link", name=catalogue.DASHBOARD_ANSWERS, exact=True).first.click()
    await expect(tab.locator("li.answer")).to_have_count(len(SAID))
    await check_both_widths(tab, f"answers-{who}")
    await tab.set_viewport_size({"width": 1280, "height": 900})
    # Code Amira's answer by hand.
    amira = tab.locator("li.answer", has_text=SAID[AMIRA])
    await amira.locator("input[type=checkbox]").check()
    await tab.get_by_label(catalogue.DASHBOARD_ANSWERS_CODE_TO_USE, exact=True).select_option(
        label=code_name
    )
    await tab.get_by_role("button", name=catalogue.DASHBOARD_ANSWERS_APPLY_CODE).click()
    await expect(
        tab.locator("li.answer", has_text=SAID[AMIRA]).locator("li.code", has_text=code_name)
    ).to_be_visible()
    # Accept (or reject) the first suggested theme: accepted, it codes the answers that
    # mention it; either way it is suggested no more.
    themes = tab.locator(".theme-list li")
    before = await themes.count()
    assert before >= 1, who
    coded = await tab.locator("li.answer li.code").count()
    await themes.first.locator(f"button[value={decision}]").click()
    await expect(themes).to_have_count(before - 1)
    now_coded = await tab.locator("li.answer li.code").count()
    assert now_coded > coded if decision == "accept" else now_coded == coded, who
    # Filter by the code and the language.
    await tab.locator("details.filters summary").click()
    await tab.get_by_label(catalogue.DASHBOARD_ANSWERS_FILTER["code"], exact=True).select_option(
        label=code_name
    )
    await tab.get_by_label(catalogue.DASHBOARD_ANSWERS_FILTER["lang"], exact=True).select_option(
        "en"
    )
    await tab.get_by_role("button", name=catalogue.DASHBOARD_ANSWERS_APPLY_FILTERS).click()
    await expect(tab.locator("li.answer")).to_have_count(1)
    await expect(tab.locator("li.answer")).to_contain_text(SAID[AMIRA])
    await check_both_widths(tab, f"answers-filtered-{who}")


async def test_fatima_and_colin_code_answers_in_the_browser(
    browser: Browser, tmp_path: Path
) -> None:
    async with running_sandbox(tmp_path) as sandbox, aiohttp.ClientSession() as session:
        api = Page(session, sandbox.url)
        await answered(api, sandbox.services.db)
        page, errors = await open_page(browser, sandbox.url)
        tab = await open_dashboard(page, FATIMA)
        await walk(tab, "fatima", "Reliability", "accept")
        await tab.close()
        tab = await open_dashboard(page, COLIN)
        await walk(tab, "colin", "Waiting", "reject")
        await tab.close()
        assert errors == []
