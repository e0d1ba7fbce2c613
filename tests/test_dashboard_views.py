"""The dashboard's diary, polls, check-ins and ideas pages on the real stack: data made
through the bot (emulator), pages read through the bot's own HTTP server, actions taken with
the page's CSRF token, and what residents then receive checked in the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from markupsafe import escape

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations import catalogue
from tests import dbview
from tests.conftest import RunningBot
from tests.dashboard_world import (
    FACILITATOR,
    OTHER_FACILITATOR,
    csrf_of,
    sign_in,
)
from tests.test_dashboard import two_project_bot, two_projects
from tests.test_e2e_diary_completion import pseudonyms, reminders, three_days

__all__ = ["two_projects"]


@pytest.fixture
async def views(
    emulator: BotApiEmulator, settings: Settings, two_projects: Path
) -> AsyncIterator[RunningBot]:
    """The bot with two projects and the dashboard on; a facilitator for each project."""
    running = await two_project_bot(emulator, settings, two_projects)
    yield running
    if not running.task.done():
        await running.shutdown()


def said(page: str, text: str) -> bool:
    """Whether the page shows ``text`` (as the template escapes it)."""
    return str(escape(text)) in page


async def test_diary_page_lists_pseudonyms_and_reminds_exactly_the_ticked_once(
    views: RunningBot,
) -> None:
    amira, ben, chloe = await three_days(views)
    names = pseudonyms(views)
    browser, home = await sign_in(views, FACILITATOR)
    diary = home + "projects/northfield/diary"
    async with browser.session:
        status, page, _ = await browser.get(diary)
        assert status == 200
        # Sorted by rate, lowest first: Chloe (33%), Ben (67%), Amira (100%).
        at = [page.index(f'value="{names[u]}"') for u in (1603, 1602, 1601)]
        assert at == sorted(at)
        assert "33%" in page and "1 of 3" in page and "100%" in page
        for user in (1601, 1602, 1603):
            assert str(user) not in page  # pseudonyms only, never Telegram ids
        status, by_name, _ = await browser.get(diary + "?sort=pseudonym")
        ordered = sorted(names[u] for u in (1601, 1602, 1603))
        at = [by_name.index(f'value="{n}"') for n in ordered]
        assert at == sorted(at)

        # Nobody ticked: nothing sent, and the page says so.
        remind = diary + "/remind"
        status, none, _ = await browser.post(remind, {"csrf": csrf_of(page)})
        assert status == 200 and said(none, catalogue.DASHBOARD_DIARY_PICK_NONE)
        # A forged form changes nothing.
        status, _, _ = await browser.post(remind, {"csrf": "forged", "who": names[1603]})
        assert status == 403

        # Chloe and Ben ticked: one reminder each.
        form = [("csrf", csrf_of(page)), ("who", names[1603]), ("who", names[1602])]
        status, done, _ = await browser.post(remind, form)  # type: ignore[arg-type]
        assert status == 200
        both = ", ".join(sorted((names[1603], names[1602])))  # in pseudonym order
        assert said(done, f"A reminder is on its way to 2 people: {both}.")
        await views.emulator.wait_for(lambda e: reminders(chloe) == reminders(ben) == 1, 10)

        # Again with Chloe and Amira: Chloe was reminded before, only Amira gets one.
        form = [("csrf", csrf_of(page)), ("who", names[1603]), ("who", names[1601])]
        status, again, _ = await browser.post(remind, form)  # type: ignore[arg-type]
        assert said(again, f"A reminder is on its way to 1 person: {names[1601]}.")
        assert said(again, f"1 person was reminded before and is not sent another: {names[1603]}.")
        await views.emulator.wait_for(lambda e: reminders(amira) == 1, 10)
        status, after, _ = await browser.get(diary)
        assert after.count("Reminded on") == 3
    assert (reminders(amira), reminders(ben), reminders(chloe)) == (1, 1, 1)
    target = views.settings.database_target
    audit = [r[0] for r in dbview.rows(target, "SELECT action FROM dashboard_audit")]
    threshold = {r[0] for r in dbview.rows(target, "SELECT threshold FROM diary_nudges")}
    assert audit.count("remind_diarists") == 3 and "diary_page" in audit
    assert threshold == {0}  # picked by hand


async def test_another_projects_pseudonyms_cannot_be_reminded(views: RunningBot) -> None:
    _, _, chloe = await three_days(views)
    names = pseudonyms(views)
    browser, home = await sign_in(views, OTHER_FACILITATOR)
    async with browser.session:
        status, page, _ = await browser.get(home + "projects/riverside/diary")
        assert status == 200 and names[1603] not in page
        form = {"csrf": csrf_of(page), "who": names[1603]}
        status, _, _ = await browser.post(home + "projects/northfield/diary/remind", form)
        assert status == 404
        status, done, _ = await browser.post(home + "projects/riverside/diary/remind", form)
        assert status == 200 and said(done, catalogue.DASHBOARD_DIARY_PICK_NONE)
    assert reminders(chloe) == 0


async def test_ideas_page_moderates_shortlists_and_filters_offers_by_tag(
    views: RunningBot,
) -> None:
    from tests.conftest import Resident
    from tests.test_e2e_dialogue import join_and_consent
    from tests.test_e2e_ideas_farm import TITLE, query, wait_text

    author, other = Resident(views, 1801), Resident(views, 1802)
    for person, idea in ((author, "A bench at the bus stop"), (other, "Free parking")):
        await join_and_consent(person)
        await person.send(f"/idea {idea}")
        await person.press(catalogue.FARM_SHARE_YES)
    [(bench,)] = query(views, "SELECT id FROM ideas WHERE value LIKE 'A bench%'")
    [(parking,)] = query(views, "SELECT id FROM ideas WHERE value = 'Free parking'")
    names = pseudonyms(views)
    browser, home = await sign_in(views, FACILITATOR)
    ideas = home + "projects/northfield/ideas"
    async with browser.session:
        status, page, _ = await browser.get(ideas)
        assert status == 200 and said(page, catalogue.IDEAS_QUEUE[1].format(count=2, title=TITLE))
        assert said(page, f"Waiting, from {names[1801]}: A bench at the bus stop")
        assert "1801" not in page and "1802" not in page
        csrf = csrf_of(page)
        status, done, _ = await browser.post(
            f"{ideas}/{bench}/moderate", {"csrf": csrf, "decision": "approve"}
        )
        assert status == 200 and said(done, catalogue.IDEAS_DONE["approved"])
        status, done, _ = await browser.post(
            f"{ideas}/{parking}/moderate", {"csrf": csrf, "decision": "reject"}
        )
        assert said(done, catalogue.IDEAS_DONE["rejected"])
        # Pressed again (a second tab, a double click): nothing happens twice.
        status, again, _ = await browser.post(
            f"{ideas}/{bench}/moderate", {"csrf": csrf, "decision": "reject"}
        )
        assert said(again, catalogue.IDEAS_DONE["stale"])
        await wait_text(
            views,
            author,
            catalogue.FARM_NEWS["idea_approved"].format(
                title=TITLE, idea="A bench at the bus stop"
            ),
        )
        await wait_text(
            views,
            other,
            catalogue.FARM_NEWS["idea_rejected"].format(title=TITLE, idea="Free parking"),
        )
        assert query(views, "SELECT sharing FROM ideas ORDER BY id") == [
            ("approved",),
            ("rejected",),
        ]
        assert said(done, catalogue.IDEAS_SHORTLIST)
        status, listed, _ = await browser.post(f"{ideas}/{bench}/shortlist", {"csrf": csrf})
        assert said(listed, catalogue.IDEAS_DONE["shortlisted"])
        assert query(views, "SELECT shortlisted_at IS NOT NULL FROM ideas WHERE id = ?", bench) == [
            (1,)
        ]
        # An offer of help, tagged through the chat; the page filters by tag.
        await author.send("/farm")
        await author.press(catalogue.FARM_HELP)
        await author.send("I can build benches")
        await author.send("Saturdays")
        await author.send("/skip")
        await author.press(catalogue.OFFER_TAGS["skill"])
        _, skills, _ = await browser.get(ideas + "?tag=skill")
        assert said(skills, "I can build benches") and names[1801] in skills
        others = [t for t in catalogue.OFFER_TAGS if t != "skill"]
        _, none, _ = await browser.get(ideas + f"?tag={others[0]}")
        assert not said(none, "I can build benches")
    audit = [r[0] for r in query(views, "SELECT action FROM dashboard_audit")]
    assert audit.count("moderate_idea") == 3 and "shortlist_idea" in audit
