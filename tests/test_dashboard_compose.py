"""The dashboard's "you said, we did" composer on the real stack: pick a question, see whom it
reaches, write it in English and Welsh, preview it as each language's readers will get it,
send it (through /update's own path: the outbox delivers it), and see it arrive in each
resident's chat in their language."""

from __future__ import annotations

import asyncio
import re

from markupsafe import escape

from conversations import catalogue, loop
from conversations.i18n.words import english
from tests import dbview
from tests import test_dashboard as core
from tests.conftest import Resident, RunningBot
from tests.dashboard_world import FACILITATOR, csrf_of, sign_in
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_welsh import join_in

EN = english()
dash, two_projects = core.dash, core.two_projects  # the dashboard tests' own fixtures
TITLE = "Getting about in Northfield"
ENGLISH_TEXT = "Many of you said the buses are hard. A shopping bus starts on Monday."
WELSH_TEXT = "Dywedodd llawer ohonoch fod y bysiau'n anodd. Mae bws siopa yn dechrau ddydd Llun."


async def _two_answer(bot: RunningBot) -> tuple[Resident, Resident]:
    """An English and a Welsh resident each answer the first question."""
    english_one = Resident(bot, 5401)
    await join_and_consent(english_one)
    await english_one.send("Getting to the shops on my own")
    welsh_one = await join_in(bot, 5402, "cy", "cy")
    await welsh_one.send("Mynd i'r siopau ar fy mhen fy hun")
    return english_one, welsh_one


def _question(page: str) -> str:
    found = re.search(r'value="(question:[^"]+)"', page)
    assert found, "no question to pick"
    return found.group(1)


async def test_compose_preview_and_send_an_update_that_arrives_in_each_language(
    dash: RunningBot,
) -> None:
    english_one, welsh_one = await _two_answer(dash)
    paused = Resident(dash, 5403)  # took part, then paused: counted, named, not messaged
    await join_and_consent(paused)
    await paused.send("The buses do not come")
    await paused.send("/pause")
    pseudonym = (await dash.services.people.current(5403)).pseudonym
    browser, home = await sign_in(dash, FACILITATOR)
    compose = home + "projects/northfield/compose"
    async with browser.session:
        status, page, _ = await browser.get(compose)
        assert status == 200 and catalogue.COMPOSE_PICK in page
        assert EN.plural("COMPOSE_REACH", 2) in page
        assert str(escape(EN.plural("COMPOSE_UNREACHABLE", 1))) in page
        picked, csrf = _question(page), csrf_of(page)

        # Nothing picked, or a text too short: said plainly, what was typed is kept.
        form = {"csrf": csrf, "text_en": ENGLISH_TEXT}
        status, page, _ = await browser.post(compose + "/preview", form)
        assert status == 400 and catalogue.COMPOSE_PICK_FIRST in page
        assert str(escape(ENGLISH_TEXT)) in page
        status, page, _ = await browser.post(
            compose + "/preview", {"csrf": csrf, "link": picked, "text_en": "Thanks"}
        )
        assert status == 400 and str(escape(catalogue.UPDATE_TEXT_TOO_SHORT)) in page

        # The preview: whom it reaches, and the message as each language's readers get it.
        form = {"csrf": csrf, "link": picked, "text_en": ENGLISH_TEXT, "text_cy": WELSH_TEXT}
        status, page, _ = await browser.post(compose + "/preview", form)
        assert status == 200
        step = dash.services.projects.get("northfield").dialogue.step(picked.split(":")[1])
        link = loop.Link("question", step.text)
        # (each paragraph of the message on its own, so each finds its own text direction)
        for para in loop.update_message(TITLE, link, ENGLISH_TEXT, EN).split("\n\n"):
            assert f'<p dir="auto">{escape(para)}</p>' in page
        assert str(escape(WELSH_TEXT)) in page
        assert str(escape(EN.say("LANGUAGE_MISSING", language="Arabic", default="English"))) in page
        draft = re.search(r'name="draft" value="(\d+)"', page)
        assert draft

        # Send: the outbox delivers it, each in their own language.
        sent = {"csrf": csrf, "draft": draft.group(1)}
        status, _, response = await browser.post(compose + "/send", sent)
        assert status == 303
        progress = response.headers["Location"]
        assert re.fullmatch(r"/dashboard/projects/northfield/updates/\d+", progress)
        await dash.emulator.wait_for(
            lambda e: (
                any(ENGLISH_TEXT in t for t in Resident.texts(english_one.messages()))
                and any(WELSH_TEXT in t for t in Resident.texts(welsh_one.messages()))
            ),
            timeout=10,
        )
        assert not any(WELSH_TEXT in t for t in Resident.texts(english_one.messages()))
        assert not any(ENGLISH_TEXT in t for t in Resident.texts(welsh_one.messages()))

        # Pressing Send again sends nothing more: the draft was used.
        status, page, _ = await browser.post(compose + "/send", sent)
        assert status == 409 and catalogue.UPDATE_DRAFT_GONE in page

        # The progress page says it went to both; the composer lists it.
        origin = home.split("/dashboard")[0]
        for _ in range(100):  # the page reloads itself until the outbox is done
            status, page, _ = await browser.get(origin + progress)
            if 'http-equiv="refresh"' not in page:
                break
            await asyncio.sleep(0.1)
        assert status == 200 and str(escape(loop.summary(2, 1, EN))) in page
        assert pseudonym in page  # who was left out, and why: by pseudonym
        assert str(escape(EN.say("LEFT_OUT_GROUPS.paused"))) in page
        assert all(str(n) not in page for n in (5401, 5402, 5403))
        _, page, _ = await browser.get(compose)
        assert catalogue.COMPOSE_SENT_BEFORE in page
    audit = dbview.rows(dash.settings.database_target, "SELECT action FROM dashboard_audit")
    actions = {r[0] for r in audit}
    assert {"compose", "compose_preview", "compose_send", "update_progress"} <= actions


async def test_another_projects_update_is_not_shown(dash: RunningBot) -> None:
    browser, home = await sign_in(dash, FACILITATOR)
    async with browser.session:
        for ref in ("1", "999", "x"):
            status, _, _ = await browser.get(home + f"projects/northfield/updates/{ref}")
            assert status == 404
