"""The dashboard's check-in trends on the real stack: two weekly cycles fired on the bot's
clock, answered through the chat, a change recorded with /checkin change, then the page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from bot.config import Settings
from bot.emulator import BotApiEmulator
from tests import dbview
from tests.conftest import Resident, RunningBot, start_bot
from tests.dashboard_world import FACILITATOR, sign_in, with_dashboard
from tests.test_e2e_checkins import MONDAYS, answer, fire, received, set_clock, test_moment, tick
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_polls import appoint

__all__ = ["test_moment"]  # the autouse fixture: cycles in March 2026


@pytest.fixture
async def checkin_dash(
    emulator: BotApiEmulator, project_settings: Settings, test_moment: object
) -> AsyncIterator[RunningBot]:
    """The example project with the dashboard on, its clock in March 2026."""
    running = await start_bot(emulator, with_dashboard(project_settings))
    yield running
    if not running.task.done():
        await running.shutdown()


async def test_checkins_page_shows_cycles_means_rates_chart_and_changes(
    checkin_dash: RunningBot, tmp_path: Path
) -> None:
    bot = checkin_dash
    # A Monday-evening catch-up cycle.
    dbview.run(bot.settings.database_target, "DELETE FROM checkin_cycles")
    facilitator = await appoint(bot, FACILITATOR)
    a, b = (Resident(bot, n) for n in (1701, 1702))
    for person in (a, b):
        await join_and_consent(person)
    assert await fire(bot, MONDAYS[0]) == 2
    for person in (a, b):
        await received(bot, person, "Check-in: The Tuesday travel drop-in")
    await answer(a, "5", "4", "More seats please")
    await answer(b, "4", "4", None)
    await tick(bot, MONDAYS[0] + timedelta(hours=49))
    set_clock(bot, MONDAYS[0] + timedelta(days=3))
    await facilitator.send("/checkin change Moved the drop-in to Tuesdays")
    assert await fire(bot, MONDAYS[1]) == 2
    await received(bot, a, "Check-in: The Tuesday travel drop-in", 2)
    await answer(a, "2", "2", "Still hard to find")

    browser, home = await sign_in(bot, FACILITATOR)
    async with browser.session:
        status, page, _ = await browser.get(home + "projects/northfield/checkins")
        assert status == 200
        assert "The Tuesday travel drop-in" in page
        assert "Mon 2 Mar" in page and "Mon 9 Mar (still open)" in page
        assert "2 of 2 (100%)" in page and "1 of 2 (50%)" in page
        assert ">4.5<" in page and ">4.0<" in page and ">2.0<" in page  # means per question
        assert "<strong>Thu 5 Mar</strong>: Moved the drop-in to Tuesdays" in page
        assert str(escape("More seats please")) not in page  # words stay in the chat's results
        for user in (1701, 1702):
            assert str(user) not in page
        async with browser.session.get(home + "projects/northfield/checkins/dropin/chart.png") as r:
            assert r.status == 200 and (await r.read()).startswith(b"\x89PNG")
        status, _, _ = await browser.get(home + "projects/northfield/checkins/nope/chart.png")
        assert status == 404
