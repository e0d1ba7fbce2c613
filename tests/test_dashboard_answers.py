"""The answers page and the codebook on the real stack: residents answer through the chat
(emulator), staff sign in through /dashboard's link, code answers, accept and reject
suggested themes, and filter; every action is in the audit log; pseudonyms only."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations import catalogue
from conversations.export.request import ExportRequest
from storage.codebook import CodebookRepository
from storage.export import export_to_folder
from storage.report import RENDERERS, build_report
from tests.conftest import COORDINATOR, Resident, RunningBot, start_bot, wait_handled
from tests.dashboard_world import FACILITATOR, appoint, csrf_of, sign_in, with_dashboard

# Distinctive ids and names: neither may appear in any page.
PEOPLE = {91701: "Zebedee", 91702: "Ermintrude", 91703: "Dougal"}
SAID = {
    91701: "The buses are always late in the morning",
    91702: "Late buses mean I miss my shifts",
    91703: "More benches at the stops please",
}


@pytest.fixture
async def answered(
    emulator: BotApiEmulator, project_settings: Settings
) -> AsyncIterator[RunningBot]:
    """The example project, the dashboard on, a facilitator, three residents who answered."""
    running = await start_bot(emulator, with_dashboard(project_settings))
    await appoint(running, FACILITATOR, "northfield")
    for user_id, name in PEOPLE.items():
        update = running.emulator.inject_text(user_id, "/start NORTHFIELD", first_name=name)
        await wait_handled(running.settings.database_target, update["update_id"])
        person = Resident(running, user_id)
        await person.press(catalogue.CONSENT_YES)
        await person.press(catalogue.QUOTE_NAMED)
        await person.send(SAID[user_id])
    yield running
    if not running.task.done():
        await running.shutdown()


def answer_ids(page: str) -> dict[str, int]:
    """The answers listed on a page: their words -> their id (from the checkboxes)."""
    found = re.findall(
        r'name="answer" value="(\d+)".*?<p class="said"[^>]*>(.*?)</p>', page, flags=re.S
    )
    return {html.unescape(text): int(answer_id) for answer_id, text in found}


def assert_pseudonyms_only(page: str) -> None:
    for user_id, name in PEOPLE.items():
        assert str(user_id) not in page and name not in page


async def test_a_facilitator_codes_answers_and_filters_by_code(answered: RunningBot) -> None:
    browser, home = await sign_in(answered, FACILITATOR)
    project = home + "projects/northfield/"
    async with browser.session:
        status, page, _ = await browser.get(project + "answers")
        assert status == 200, page
        listed = answer_ids(page)
        assert set(listed) == set(SAID.values())
        assert_pseudonyms_only(page)
        pseudonyms = {
            row[0]
            for row in await answered.services.db.fetch_all(
                "SELECT pseudonym FROM participants WHERE project_id = 'northfield'"
            )
        }
        assert all(p in page for p in pseudonyms)
        # A code, made on the codebook page.
        status, page, _ = await browser.get(project + "codebook")
        assert status == 200 and catalogue.DASHBOARD_CODEBOOK_EMPTY in page
        form = {"csrf": csrf_of(page), "name": "Reliability", "description": "Buses late"}
        status, _, response = await browser.post(project + "codebook", form)
        assert status == 303
        # The same name again: a clear answer, what was typed kept.
        status, page, _ = await browser.post(project + "codebook", form)
        assert status == 409 and catalogue.DASHBOARD_CODE_NAME_TAKEN in page
        assert 'value="Reliability"' in page
        [(code_id,)] = await answered.services.db.fetch_all("SELECT id FROM codes")
        # Apply it to the two answers about late buses.
        late = [listed[SAID[91701]], listed[SAID[91702]]]
        status, _, response = await browser.post(
            project + "answers/code",
            {
                "csrf": csrf_of(page),
                "code": str(code_id),
                "action": "apply",
                "answer": [str(i) for i in late],  # type: ignore[dict-item]
                "back": "q=outcome%3A0",
            },
        )
        assert status == 303
        location = response.headers["Location"]
        assert location.endswith("/projects/northfield/answers?q=outcome%3A0&told=coded&n=2")
        origin = home.split("/dashboard/")[0]
        status, page, _ = await browser.get(origin + location)
        assert catalogue.DASHBOARD_TOLD_CODED[1].format(count=2) in page
        # Nothing ticked: said so, nothing changed.
        status, _, response = await browser.post(
            project + "answers/code",
            {"csrf": csrf_of(page), "code": str(code_id), "action": "apply", "back": ""},
        )
        status, page, _ = await browser.get(origin + response.headers["Location"])
        assert catalogue.DASHBOARD_TOLD_NONE in page
        status, page, _ = await browser.get(project + f"answers?q=outcome:0&code={code_id}")
        assert set(answer_ids(page)) == {SAID[91701], SAID[91702]}
        assert catalogue.DASHBOARD_ANSWERS_COUNT[1].format(count=2, total=3) in page
        # Taken off one again.
        await browser.post(
            project + "answers/code",
            {
                "csrf": csrf_of(page),
                "code": str(code_id),
                "action": "remove",
                "answer": str(late[1]),
            },
        )
        status, page, _ = await browser.get(project + f"answers?q=outcome:0&code={code_id}")
        assert set(answer_ids(page)) == {SAID[91701]}
        # Free-text search, and a language nobody speaks.
        status, page, _ = await browser.get(project + "answers?q=outcome:0&search=benches")
        assert set(answer_ids(page)) == {SAID[91703]}
        status, page, _ = await browser.get(project + "answers?q=outcome:0&lang=cy")
        assert answer_ids(page) == {} and catalogue.DASHBOARD_ANSWERS_NONE in page
        status, page, _ = await browser.get(project + "codebook")
        assert "Reliability" in page and "Buses late" in page
    actions = [e.action for e in await answered.services.dashboard.audit_log()]
    assert {"code_create", "code_apply", "code_remove"} <= set(actions)


async def test_a_suggested_theme_is_coded_only_when_accepted(answered: RunningBot) -> None:
    browser, home = await sign_in(answered, COORDINATOR)
    project = home + "projects/northfield/"
    async with browser.session:
        status, page, _ = await browser.get(project + "answers?q=outcome:0")
        assert status == 200 and catalogue.DASHBOARD_THEMES in page
        assert 'name="key" value="late bus"' in page or 'name="key" value="bus"' in page
        assert await answered.services.db.fetch_all("SELECT * FROM answer_codes") == []
        key = re.search(r'name="key" value="([^"]+)"', page)
        label = re.search(r'name="label" value="([^"]+)"', page)
        assert key and label
        form = {
            "csrf": csrf_of(page),
            "q": "outcome:0",
            "lang": "en",
            "key": key.group(1),
            "label": html.unescape(label.group(1)),
            "back": "q=outcome%3A0",
        }
        status, _, _ = await browser.post(project + "answers/theme", {**form, "decision": "accept"})
        assert status == 303
        [(code_id, name)] = await answered.services.db.fetch_all("SELECT id, name FROM codes")
        assert name == html.unescape(label.group(1))
        status, page, _ = await browser.get(project + f"answers?q=outcome:0&code={code_id}")
        assert set(answer_ids(page)) == {SAID[91701], SAID[91702]}
        # Decided: no longer suggested.
        assert f'name="key" value="{key.group(1)}"' not in page
        # The theme filter finds the same answers without a code.
        theme = f"answers?q=outcome:0&theme=en:{key.group(1)}"
        status, page, _ = await browser.get(project + theme)
        assert set(answer_ids(page)) == {SAID[91701], SAID[91702]}
        # A rejection codes nothing and hides the theme.
        others = re.findall(r'name="key" value="([^"]+)"', page)
        if others:
            status, _, _ = await browser.post(
                project + "answers/theme", {**form, "key": others[0], "decision": "reject"}
            )
            assert status == 303
            status, page, _ = await browser.get(project + "answers?q=outcome:0")
            assert f'name="key" value="{others[0]}"' not in page
            assert len(await answered.services.db.fetch_all("SELECT id FROM codes")) == 1
    actions = [e.action for e in await answered.services.dashboard.audit_log()]
    assert "theme" in actions


async def test_forms_without_the_csrf_token_change_nothing(answered: RunningBot) -> None:
    browser, home = await sign_in(answered, FACILITATOR)
    project = home + "projects/northfield/"
    async with browser.session:
        status, _, _ = await browser.post(project + "codebook", {"name": "Sneaky"})
        assert status == 403
    assert await answered.services.db.fetch_all("SELECT id FROM codes") == []


async def test_codes_flow_into_the_exports_and_the_summary_report(
    answered: RunningBot, tmp_path: Path
) -> None:
    services = answered.services
    codebook = CodebookRepository(services.db)
    code = await codebook.create("northfield", "Reliability", "", None, 0.0)
    other = await codebook.create("northfield", "Comfort", "", None, 0.0)
    assert code is not None and other is not None
    said = {
        row[1]: row[0]
        for row in await services.db.fetch_all("SELECT id, value FROM answers WHERE kind = 'text'")
    }
    await codebook.apply("northfield", code, [said[SAID[91701]], said[SAID[91702]]], 0.0)
    await codebook.apply("northfield", other, [said[SAID[91702]], said[SAID[91703]]], 0.0)
    project = services.projects.get("northfield")
    assert project is not None
    request = ExportRequest(project, ("answers",), "csv")
    [path] = await export_to_folder(answered.settings.database_target, request, tmp_path / "csv")
    with path.open(encoding="utf-8") as opened:
        rows = {row["value"]: row["codes"] for row in csv.DictReader(opened)}
    assert rows[SAID[91701]] == "Reliability"
    assert rows[SAID[91702]] == "Comfort; Reliability"
    assert rows[SAID[91703]] == "Comfort"
    report = await build_report(services.db, ExportRequest(project, (), "md"))
    [outcome] = [q for q in report.questions if q.step_id == "outcome" and not q.probe]
    assert outcome.codes == (("Comfort", 2), ("Reliability", 2))
    markdown = RENDERERS["md"](report)
    assert catalogue.REPORT_CODES_HEAD in markdown and "| Reliability | 2 |" in markdown
