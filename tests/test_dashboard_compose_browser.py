"""The composer and the exports page in headless Chromium, in the sandbox: Fatima (facilitator)
writes a "you said, we did" update, previews it and sends it, and Amira gets it in her chat;
Colin (coordinator) downloads each export in the browser and it reads back. Every page at
desktop and phone widths with axe-core's WCAG 2.2 AA check; screenshots to tests/artifacts/.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import aiohttp
import openpyxl
import pytest

from conversations import catalogue, loop
from conversations.i18n.words import english
from tests.test_dashboard_browser import CHROMIUM, check_both_widths, open_dashboard
from tests.test_sandbox import AMIRA, BEN, COLIN, FATIMA, Page, join, running_sandbox
from tests.test_sandbox_browser import browser, open_page

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed")
from playwright.async_api import Browser, expect

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not here")
__all__ = ["browser"]
EN = english()
ANSWER = "Getting to the shops on my own"
UPDATE = "Many of you said getting to the shops is hard. A shopping bus starts on Monday."


async def test_fatima_sends_an_update_and_colin_downloads_each_export(
    browser: Browser, tmp_path: Path
) -> None:
    async with running_sandbox(tmp_path) as sandbox, aiohttp.ClientSession() as session:
        api = Page(session, sandbox.url)
        for resident in (AMIRA, BEN):
            await join(api, resident)
            await api.say(resident, ANSWER)
        page, errors = await open_page(browser, sandbox.url)

        # Fatima: the composer, the preview, Send, then the progress page.
        tab = await open_dashboard(page, FATIMA)
        await tab.get_by_role("link", name=catalogue.COMPOSE).first.click()
        await expect(tab.locator("h1")).to_have_text(catalogue.COMPOSE)
        await expect(tab.get_by_text(EN.plural("COMPOSE_REACH", 2)).first).to_be_visible()
        await check_both_widths(tab, "compose-fatima")
        await tab.set_viewport_size({"width": 1280, "height": 900})
        await tab.locator("input[value^='question:']").first.check()
        await tab.locator("#text-en").fill(UPDATE)
        await tab.get_by_role("button", name=catalogue.COMPOSE_PREVIEW).click()
        await expect(tab.locator("h1")).to_have_text(catalogue.COMPOSE_PREVIEW_TITLE)
        await expect(tab.locator(".message[lang='en']")).to_contain_text(UPDATE)
        await check_both_widths(tab, "compose-preview-fatima")
        await tab.set_viewport_size({"width": 1280, "height": 900})
        await tab.get_by_role("button", name=EN.plural("COMPOSE_SEND", 2)).click()
        await expect(tab.locator("h1")).to_have_text(catalogue.COMPOSE_SENT_TITLE)
        await api.until_text(AMIRA, UPDATE)
        await api.until_text(BEN, UPDATE)
        await expect(tab.locator(".status-line")).to_have_text(
            loop.summary(2, 0, EN), timeout=15_000
        )
        await check_both_widths(tab, "compose-sent-fatima")
        # Exports are for coordinators: Fatima's pages do not offer them.
        assert await tab.locator("a[href$='/exports']").count() == 0
        await tab.close()

        # Colin: each export, downloaded in the browser and read back.
        tab = await open_dashboard(page, COLIN)
        await tab.get_by_role("link", name=catalogue.COMPOSE).first.click()
        await check_both_widths(tab, "compose-colin")
        await tab.set_viewport_size({"width": 1280, "height": 900})
        await tab.get_by_role("link", name=catalogue.DASHBOARD_EXPORTS).first.click()
        await expect(tab.locator("h1")).to_have_text(catalogue.DASHBOARD_EXPORTS)
        await check_both_widths(tab, "exports-colin")
        await tab.set_viewport_size({"width": 1280, "height": 900})
        exports = tab.url
        for fmt in ("html", "md", "xlsx", "csv", "jsonl"):
            await tab.goto(exports)
            await tab.locator("#format").select_option(fmt)
            await tab.get_by_role("button", name=catalogue.DASHBOARD_EXPORT_START).click()
            link = tab.locator("a.download")
            await expect(link).to_be_visible(timeout=30_000)
            if fmt == "xlsx":
                await check_both_widths(tab, "exports-ready-colin")
                await tab.set_viewport_size({"width": 1280, "height": 900})
            async with tab.expect_download() as downloading:
                await link.click()
            download = await downloading.value
            saved = tmp_path / download.suggested_filename
            await download.save_as(saved)
            _read_back(fmt, saved)
        await tab.close()
        assert errors == []


def _read_back(fmt: str, saved: Path) -> None:
    """The file opens as its format says and holds the answer, under pseudonyms only."""
    if fmt in ("html", "md"):
        text = saved.read_text(encoding="utf-8")
        assert "Getting about in Northfield" in text
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(saved, read_only=True)
        cells = [str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r]
        assert ANSWER in cells
        text = " ".join(cells)
    else:
        with zipfile.ZipFile(saved) as archive:
            [answers] = [n for n in archive.namelist() if "answers" in n]
            body = archive.read(answers).decode("utf-8")
            text = " ".join(archive.read(n).decode("utf-8") for n in archive.namelist())
        rows = (
            list(csv.DictReader(io.StringIO(body)))
            if fmt == "csv"
            else [json.loads(line) for line in body.splitlines() if line]
        )
        assert any(ANSWER in str(r.values()) for r in rows)
    assert str(AMIRA) not in text and str(BEN) not in text
