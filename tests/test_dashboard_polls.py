"""The dashboard's polls page on the real stack: a poll and its second version made through
the chat, votes and a "why?" answer from residents, then the page and its chart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from markupsafe import escape

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations.polls.texts import WHY_DEFAULT
from tests.conftest import Resident, RunningBot, start_bot
from tests.dashboard_world import FACILITATOR, sign_in, with_dashboard
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_polls import (
    EN,
    SAY,
    appoint,
    build_poll,
    poll_settings,
    pseudonym,
    received_poll,
    skip_welsh,
    vote,
    wait_text,
    write_project,
)


@pytest.fixture
async def poll_dash(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """The polls test project (no diary, quiet hours away) with the dashboard on."""
    write_project(tmp_path / "polls")
    configured = poll_settings(with_dashboard(settings), tmp_path / "polls")
    running = await start_bot(emulator, configured)
    yield running
    if not running.task.done():
        await running.shutdown()


async def two_versions(bot: RunningBot) -> tuple[Resident, Resident]:
    """Which bench? v1 (Wood/Metal) with a "why?" answer, then v2 (Wood with a back/Metal)."""
    people = [Resident(bot, n) for n in (2101, 2102)]
    for person in people:
        await join_and_consent(person)
    facilitator = await appoint(bot, FACILITATOR)
    await build_poll(facilitator, "Which bench?", ["Wood", "Metal"], "Everyone")
    await facilitator.press(EN.say("POLL_SEND"))
    await vote(people[0], await received_poll(people[0]), [0])
    await wait_text(people[0], SAY("POLL_FOLLOWUP_ASK", why=WHY_DEFAULT))
    await people[0].send("Warmer to sit on")
    await vote(people[1], await received_poll(people[1]), [1])
    await facilitator.send("/newpoll version")
    await facilitator.press("v1 · Which bench?")
    await facilitator.press(EN.say("POLL_KEEP_QUESTION"))
    await facilitator.send("Wood with a back\nMetal")
    await facilitator.send("done")
    await facilitator.press(EN.say("POLL_ONE_ANSWER"))
    await facilitator.press("Everyone (2)")
    await facilitator.press(EN.say("POLL_WHY_NONE"))
    asked = Resident.texts(await facilitator.press(EN.say("POLL_CLOSE_NEVER")))
    await skip_welsh(facilitator, asked)
    await facilitator.press(EN.say("POLL_SEND"))
    await vote(people[1], await received_poll(people[1], version=2), [0])
    return people[0], people[1]


async def test_polls_page_shows_versions_side_by_side_with_why_and_chart(
    poll_dash: RunningBot,
) -> None:
    first, _ = await two_versions(poll_dash)
    browser, home = await sign_in(poll_dash, FACILITATOR)
    async with browser.session:
        status, page, _ = await browser.get(home + "projects/northfield/polls")
        assert status == 200
        assert "Version 1 (" in page and "Version 2 (open)" in page
        for option in ("Wood", "Metal", "Wood with a back"):
            assert f'<th scope="row">{option}</th>' in page
        # Wood: 1 (50%) in v1, not in v2; Wood with a back: not in v1, 1 (100%) in v2.
        assert "1 (50%)" in page and "1 (100%)" in page
        assert str(escape(EN.say("POLL_NOT_IN_VERSION"))) in page
        assert "2 of 2 people answered (100%)" in page and "1 of 2 people answered (50%)" in page
        name = pseudonym(poll_dash, first.user_id)
        assert str(escape(f"{name}: “Warmer to sit on”")) in page
        assert "2101" not in page and "2102" not in page
        [chart] = [s for s in page.split('"') if s.endswith("/chart.png")]
        address = str(poll_dash.settings.dashboard_url) + chart.removeprefix("/dashboard")
        async with browser.session.get(address) as response:
            assert response.status == 200 and response.content_type == "image/png"
            assert (await response.read()).startswith(b"\x89PNG")
        status, _, _ = await browser.get(home + "projects/northfield/polls/999/chart.png")
        assert status == 404
        status, _, _ = await browser.get(home + "projects/northfield/polls/x/chart.png")
        assert status == 404
