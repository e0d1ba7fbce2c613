"""The HTML summary report in headless Chromium: it draws, every chart loads, nothing is fetched.

Uses Debian's chromium through Playwright (never `playwright install`). The full-page
screenshot goes to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conversations.export.request import ExportRequest
from storage.database import Database
from storage.report import write_report
from tests.report_world import EVE_SAYS, example_project, seed

pytest.importorskip(
    "playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])"
)
from playwright.async_api import Browser, Route

from tests import test_sandbox_browser as sandbox

# The same Debian chromium, launched the same way (and skipped the same way) as there.
pytestmark = sandbox.pytestmark
browser = sandbox.browser
ARTIFACTS = sandbox.ARTIFACTS


async def test_the_html_report_renders_self_contained(
    browser: Browser, db: Database, tmp_path: Path
) -> None:
    project = example_project()
    await seed(db, project)
    path = await write_report(db.path, ExportRequest(project, (), "html"), tmp_path / "r.html")

    page = await browser.new_page(viewport={"width": 1100, "height": 900})
    fetched: list[str] = []
    problems: list[str] = []

    async def refuse(route: Route) -> None:
        fetched.append(route.request.url)
        await route.abort()

    await page.route(re.compile(r"^https?://"), refuse)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    await page.goto(path.as_uri())
    await page.wait_for_load_state("load")

    images = await page.evaluate(
        "() => Array.from(document.images, i => [i.complete, i.naturalWidth, i.alt])"
    )
    assert len(images) == 5  # funnel, journey, diary completion, poll, check-in trend
    for complete, width, alt in images:
        assert complete and width > 0 and alt  # none broken, each described
    assert fetched == [] and problems == []
    assert await page.locator("script").count() == 0
    assert await page.get_by_text("alert(1)", exact=False).count() == 1  # shown as text
    quote = page.locator("blockquote", has_text="More buses please").first
    assert " ".join((await quote.inner_text()).split()).startswith(f"“{EVE_SAYS}”")
    headings = await page.locator("h2").all_inner_texts()
    assert headings[:3] == ["Contents", "How to read this report", "Who took part"]
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    await page.emulate_media(media="print")
    assert not await page.locator("nav").is_visible()  # the contents list is left off paper
