"""Check-ins end to end over the emulator: three weekly cycles fired on a fake clock,
answers with buttons, words and voice, a reminder, a change told as "you said, we did",
an alert on a drop, results with a trend chart; residents refused the staff command."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conversations import catalogue
from conversations.i18n.words import english
from tests import dbview
from tests.conftest import Resident, RunningBot
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_polls import appoint, pseudonym

SAY = english().say

PNG = b"\x89PNG\r\n\x1a\n"
LONDON = ZoneInfo("Europe/London")
MONDAYS = [datetime(2026, 3, d, 18, 0, tzinfo=LONDON) for d in (2, 9, 16)]

EN = english()


@pytest.fixture(autouse=True)
def test_moment(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """These cycles run in March 2026: bots start their clock on its first Monday, 14:00."""
    start = MONDAYS[0] - timedelta(hours=4)
    monkeypatch.setenv("CLOCK_START", start.isoformat())
    return start


def set_clock(bot: RunningBot, moment: datetime) -> None:
    """Move the bot's clock forward (the JobQueue would fire at these instants)."""
    bot.services.clock.move_to(moment)


async def fire(bot: RunningBot, moment: datetime) -> int:
    """Fire the example check-in as its cron job would at this instant."""
    set_clock(bot, moment)
    return await bot.services.checkin_scheduler.fire("northfield", "dropin", moment)


async def tick(bot: RunningBot, moment: datetime) -> int:
    """Run the periodic tick (reminders, closing, alerts) at this instant."""
    set_clock(bot, moment)
    return await bot.services.checkin_scheduler.tick(moment)


async def received(bot: RunningBot, person: Resident, words: str, count: int = 1) -> None:
    """Wait until the outbox has delivered ``count`` messages containing ``words``."""

    def arrived(emulator: object) -> bool:
        found = [m for m in person.messages() if words in (m.get("text") or "")]
        return len(found) >= count

    await bot.emulator.wait_for(arrived, timeout=10)


async def answer(person: Resident, first: str, second: str, words: str | None) -> None:
    """Start the newest invitation and answer: two scales, then words (or voice, or /skip)."""
    [q1] = Resident.texts(await person.press(SAY("CHECKIN_START")))
    assert q1.startswith("Was the drop-in open when we said it would be?")
    assert person.buttons() == ["1", "2", "3", "4", "5"]
    [q2] = Resident.texts(await person.press(first))
    assert q2.startswith("Is it making getting about easier for you?")
    [q3] = Resident.texts(await person.press(second))
    assert q3.startswith("What should we change?")
    if words == "voice":
        done = await person.send_kind("voice")
    else:
        done = await person.send(words or "/skip")
    said = Resident.texts(done)
    # /skip is acknowledged first; the dialogue the check-in interrupted comes back after.
    assert said[: 2 if words is None else 1] == ([catalogue.SKIPPED] if words is None else []) + [
        catalogue.CHECKIN_THANKS
    ]


async def test_three_cycles_change_alert_and_results(project_bot: RunningBot) -> None:
    bot = project_bot
    # Start-up catch-up opens a real cycle if the suite runs on a Monday evening.
    dbview.run(bot.settings.database_target, "DELETE FROM checkin_cycles")
    facilitator = await appoint(bot)
    a, b, c = (Resident(bot, n) for n in (1501, 1502, 1503))
    for person in (a, b, c):
        await join_and_consent(person)

    # Cycle 1: A and B answer, C gets the one reminder.
    assert await fire(bot, MONDAYS[0]) == 3
    assert await fire(bot, MONDAYS[0] + timedelta(hours=1)) == 0
    for person in (a, b, c):
        await received(bot, person, "Check-in: The Tuesday travel drop-in")
    await answer(a, "5", "4", "More seats please")
    await answer(b, "4", "4", "voice")
    assert Resident.texts(await a.press(SAY("CHECKIN_START"))) == [catalogue.CHECKIN_ALREADY_DONE]
    assert await tick(bot, MONDAYS[0] + timedelta(hours=25)) == 1
    await received(bot, c, "A reminder: the check-in")
    assert not any("A reminder" in (m.get("text") or "") for m in a.messages() + b.messages())
    await tick(bot, MONDAYS[0] + timedelta(hours=49))
    assert Resident.texts(await c.press(SAY("CHECKIN_START"))) == [catalogue.CHECKIN_CLOSED]

    # A change between cycles, told to the two who answered.
    set_clock(bot, MONDAYS[0] + timedelta(days=3))
    [noted] = Resident.texts(
        await facilitator.send("/checkin change Moved the drop-in to Tuesdays")
    )
    assert "Thu 5 Mar: Moved the drop-in to Tuesdays" in noted and "the 2 people" in noted
    assert Resident.texts(await facilitator.press(EN.say("CHECKIN_CHANGE_TELL")))[-1].startswith(
        "Queued for 2"
    )
    for person in (a, b):
        await received(bot, person, "You said, we did")
    assert not any("You said, we did" in (m.get("text") or "") for m in c.messages())

    # Cycle 2: scores fall; closing it alerts the facilitator once.
    assert await fire(bot, MONDAYS[1]) == 3
    for person in (a, b, c):
        await received(bot, person, "Check-in: The Tuesday travel drop-in", 2)
    await answer(a, "2", "2", "Still hard to find")
    await answer(c, "3", "3", None)
    await tick(bot, MONDAYS[1] + timedelta(hours=49))
    await received(bot, facilitator, "Check-in alert")
    [alert] = [
        m["text"] for m in facilitator.messages() if "Check-in alert" in (m.get("text") or "")
    ]
    assert "mean fell from 4.5 to 2.5" in alert and "/checkin results dropin" in alert
    await tick(bot, MONDAYS[1] + timedelta(hours=50))

    # Cycle 3, still open.
    assert await fire(bot, MONDAYS[2]) == 3
    for person in (a, b):
        await received(bot, person, "Check-in: The Tuesday travel drop-in", 3)
    await answer(a, "4", "5", "Much better since the move")
    await answer(b, "4", "4", None)

    picture, text = await facilitator.send("/checkin results dropin")
    assert picture["caption"] == EN.say("CHECKIN_CHART_CAPTION", title="The Tuesday travel drop-in")
    assert bot.emulator.files[picture["photo"][-1]["file_id"]].startswith(PNG)
    results = text["text"]
    assert results.startswith("“The Tuesday travel drop-in” – cycle 3 (Mon 16 Mar, open until")
    assert "Answered: 2 of 3 (67%) · before: 67%, 67%" in results
    assert "mean 4.0 · 1:0 2:0 3:0 4:2 5:0 · before: 4.5, 2.5" in results
    assert "mean 4.5 · 1:0 2:0 3:0 4:1 5:1 · before: 4.0, 2.5" in results
    assert f"{pseudonym(bot, 1501)}: “Much better since the move”" in results
    assert "More seats please" not in results and "Resident" not in results
    assert "Thu 5 Mar – Moved the drop-in to Tuesdays" in results
    assert (
        len([m for m in facilitator.messages() if "Check-in alert" in (m.get("text") or "")]) == 1
    )


async def test_residents_are_refused_the_staff_command(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1510)
    await join_and_consent(person)
    for command in ("/checkin", "/checkin results", "/checkin change Nothing"):
        assert Resident.texts(await person.send(command)) == [
            catalogue.NOT_ALLOWED["facilitator"].format(command="/checkin")
        ]
    # A forged "tell" button does nothing either.
    await person.press_data("checkin:tell:1")
    assert person.last_button_answer() == catalogue.STALE_BUTTON


async def test_a_change_nobody_can_be_told_offers_no_send(project_bot: RunningBot) -> None:
    dbview.run(project_bot.settings.database_target, "DELETE FROM checkin_cycles")
    facilitator = await appoint(project_bot)
    set_clock(project_bot, MONDAYS[0] + timedelta(days=3))
    [noted] = Resident.texts(await facilitator.send("/checkin change Moved the drop-in"))
    assert "Moved the drop-in" in noted and "the 0 people" not in noted
    assert EN.say("CHECKIN_CHANGE_NOBODY") in noted
    assert EN.say("CHECKIN_CHANGE_TELL") not in facilitator.buttons()
