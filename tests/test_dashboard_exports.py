"""The dashboard's exports page on the real stack: a coordinator starts each export, watches
it, downloads it in the browser and it reads back (HTML, Markdown, XLSX, CSV and JSON Lines
zips), pseudonymised; once downloaded it is gone; facilitators are refused, as in the chat."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from markupsafe import escape

from bot.dashboard.exports_page import KEEP_SECONDS
from conversations import catalogue
from tests import dbview
from tests import test_dashboard as core
from tests.conftest import COORDINATOR, Resident, RunningBot
from tests.dashboard_world import FACILITATOR, Browser, csrf_of, sign_in
from tests.test_e2e_dialogue import join_and_consent

dash, two_projects = core.dash, core.two_projects  # the dashboard tests' own fixtures
ANSWER = "Getting to the shops on my own"


async def _download(browser: Browser, home: str, form: dict[str, str]) -> tuple[str, bytes]:
    """Start the export, wait for it, download it: (file name, bytes)."""
    exports = home + "projects/northfield/exports"
    status, page, response = await browser.post(exports, form)
    assert status == 303, page
    job = home.split("/dashboard")[0] + response.headers["Location"]
    for _ in range(200):
        status, page, _ = await browser.get(job)
        assert status == 200
        if 'data-state="running"' not in page:
            break
        await asyncio.sleep(0.1)
    assert 'data-state="ready"' in page, page
    link = re.search(r'href="([^"]+/file)"', page)
    assert link
    async with browser.session.get(home.split("/dashboard")[0] + link.group(1)) as response:
        assert response.status == 200
        name = re.search(r'filename="([^"]+)"', response.headers["Content-Disposition"])
        assert name
        return name.group(1), await response.read()


@pytest.mark.parametrize("fmt", ["html", "md", "xlsx", "csv", "jsonl"])
async def test_a_coordinator_downloads_each_export_and_it_reads_back(
    dash: RunningBot, fmt: str
) -> None:
    resident = Resident(dash, 5501)
    await join_and_consent(resident)
    await resident.send(ANSWER)
    pseudonym = (await dash.services.people.current(5501)).pseudonym
    browser, home = await sign_in(dash, COORDINATOR)
    async with browser.session:
        _, page, _ = await browser.get(home + "projects/northfield/exports")
        form = {"csrf": csrf_of(page), "format": fmt, "language": "en"}
        name, data = await _download(browser, home, form)
        assert name.startswith("northfield-")
        if fmt in ("html", "md"):
            text = data.decode("utf-8")
            assert "Getting about in Northfield" in text
        elif fmt == "xlsx":
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            cells = [
                str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r
            ]
            assert ANSWER in cells and pseudonym in cells
            text = " ".join(cells)
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                text = " ".join(archive.read(n).decode("utf-8") for n in archive.namelist())
                answers = [n for n in archive.namelist() if "answers" in n]
                assert answers, archive.namelist()
                body = archive.read(answers[0]).decode("utf-8")
            if fmt == "csv":
                rows = list(csv.DictReader(io.StringIO(body)))
            else:
                rows = [json.loads(line) for line in body.splitlines() if line]
            assert any(ANSWER in str(r.values()) for r in rows)
            assert any(pseudonym in str(r.values()) for r in rows)
        assert "5501" not in text  # residents appear only as pseudonyms
    outcomes = dbview.rows(
        dash.settings.database_target, "SELECT outcome, told_at IS NOT NULL FROM export_jobs"
    )
    assert outcomes == [("sent", 1)]


async def test_a_file_goes_after_its_download_and_only_to_the_session_that_asked(
    dash: RunningBot,
) -> None:
    browser, home = await sign_in(dash, COORDINATOR)
    other, _ = await sign_in(dash, COORDINATOR)  # the same person, another browser
    async with browser.session, other.session:
        _, page, _ = await browser.get(home + "projects/northfield/exports")
        form = {"csrf": csrf_of(page), "format": "md", "language": "en"}
        _, _, response = await browser.post(home + "projects/northfield/exports", form)
        job = home.split("/dashboard")[0] + response.headers["Location"]
        assert (await other.get(job))[0] == 404
        for _ in range(200):
            _, page, _ = await browser.get(job)
            if 'data-state="ready"' in page:
                break
            await asyncio.sleep(0.1)
        assert (await other.get(job + "/file"))[0] == 404
        assert (await browser.get(job + "/file"))[0] == 200
        assert (await browser.get(job + "/file"))[0] == 404
        _status, page, _ = await browser.get(job)
        assert catalogue.DASHBOARD_EXPORT_GONE in page


async def test_a_bad_cohort_is_said_plainly_and_facilitators_are_refused(
    dash: RunningBot,
) -> None:
    browser, home = await sign_in(dash, COORDINATOR)
    async with browser.session:
        _, page, _ = await browser.get(home + "projects/northfield/exports")
        form = {"csrf": csrf_of(page), "format": "csv", "cohort": "everyone"}
        status, page, _ = await browser.post(home + "projects/northfield/exports", form)
        assert status == 400 and "everyone" in page
    facilitator, home = await sign_in(dash, FACILITATOR)
    async with facilitator.session:
        status, page, _ = await facilitator.get(home + "projects/northfield/exports")
        assert status == 403 and str(escape(catalogue.DASHBOARD_EXPORTS_ONLY_COORDINATORS)) in page
        _, overview, _ = await facilitator.get(home)
        assert "/exports" not in overview


async def test_a_file_not_downloaded_is_deleted_after_half_an_hour(dash: RunningBot) -> None:
    browser, home = await sign_in(dash, COORDINATOR)
    async with browser.session:
        _, page, _ = await browser.get(home + "projects/northfield/exports")
        form = {"csrf": csrf_of(page), "format": "md", "language": "en"}
        _, _, response = await browser.post(home + "projects/northfield/exports", form)
        job = home.split("/dashboard")[0] + response.headers["Location"]
        for _ in range(200):
            _, page, _ = await browser.get(job)
            if 'data-state="ready"' in page:
                break
            await asyncio.sleep(0.1)
        dash.services.clock.advance(timedelta(seconds=KEEP_SECONDS + 1))
        await browser.get(home + "projects/northfield/exports")  # any visit tidies up
        assert (await browser.get(job + "/file"))[0] == 404
        _, page, _ = await browser.get(job)
        assert catalogue.DASHBOARD_EXPORT_GONE in page


async def test_days_in_the_wrong_order_are_said_plainly(dash: RunningBot) -> None:
    browser, home = await sign_in(dash, COORDINATOR)
    async with browser.session:
        _, page, _ = await browser.get(home + "projects/northfield/exports")
        form = {"csrf": csrf_of(page), "format": "xlsx", "since": "2026-12-03"}
        form["until"] = "2026-11-01"
        status, page, _ = await browser.post(home + "projects/northfield/exports", form)
    assert status == 400 and "2026-11-01" in page
