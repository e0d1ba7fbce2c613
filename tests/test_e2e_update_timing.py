"""Updates over the emulator keep each resident's own quiet hours (their diary's time zone,
else the project's), the weekly cap, and the progress message polls have, across a restart;
polls' progress, now the same watcher, follows what quiet hours held back.

The bot's clock is moved to a fixed instant two days after the test's start (the outbox
sender judges what is due by the same clock); the example project is quiet 21:00-08:00
in London and sends at most 2 messages a week.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import broadcasts
from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations import loop
from conversations.i18n.words import english
from tests import dbview
from tests.conftest import COORDINATOR, TEST_MOMENT, Resident, RunningBot, start_bot
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_polls import build_poll, poll_settings, query, write_project
from tests.test_e2e_updates import appoint, post, updates_to
from tests.test_update_timing import eight_next

EN = english()

LONDON = ZoneInfo("Europe/London")
OUTCOME = "Getting to the shops on my own"


def in_two_days(at: time) -> datetime:
    """London wall-clock time two days after the test's start (a fixed instant)."""
    day = TEST_MOMENT.astimezone(LONDON).date() + timedelta(days=2)
    return datetime.combine(day, at, tzinfo=LONDON)


def participant(bot: RunningBot, telegram_id: int) -> int:
    [(pid,)] = query(
        bot,
        "SELECT q.id FROM participants q JOIN people p ON p.id = q.person_id"
        " WHERE p.telegram_id = ?",
        telegram_id,
    )
    return int(pid)


async def contributor(bot: RunningBot, telegram_id: int, zone: str | None = None) -> Resident:
    """A resident who answered the first question; with a diary kept in ``zone`` if given."""
    person = Resident(bot, telegram_id)
    await join_and_consent(person)
    await person.send(OUTCOME)
    if zone is not None:
        today = bot.services.clock.now().date()
        await bot.services.diary.enrol(
            participant(bot, telegram_id), "northfield", zone, {}, today, today
        )
    return person


def held(bot: RunningBot) -> dict[int, tuple[str, float | None]]:
    """Chat -> (status, not_before) of every update row."""
    rows = query(bot, "SELECT chat_id, status, not_before FROM outbox WHERE kind = 'update'")
    return {r[0]: (r[1], r[2]) for r in rows}


async def post_question_update(facilitator: Resident) -> str:
    """An update linked to the first question; returns the preview."""
    [preview] = await post(
        facilitator,
        EN.say("UPDATE_KIND_BUTTONS.question"),
        "If one",
        "Many of you said getting to the shops is hard. A shopping bus starts on Monday.",
    )
    return preview


def progress_of(facilitator: Resident) -> str:
    """The facilitator's progress message as it stands (after any edits)."""
    [line] = [
        t for t in Resident.texts(facilitator.messages()) if t.startswith(("Sending to", "Sent to"))
    ]
    return line


async def test_a_resident_in_another_zone_gets_it_when_their_night_ends(
    project_bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Afternoon in London: quiet in Auckland (23:00-01:00 there), not in London or New York.
    afternoon = in_two_days(time(14, 0))
    project_bot.services.clock.move_to(afternoon)
    monkeypatch.setattr(broadcasts, "WAITING_SECONDS", 0.3)
    londoner = await contributor(project_bot, 1701)
    kiwi = await contributor(project_bot, 1702, "Pacific/Auckland")
    new_yorker = await contributor(project_bot, 1703, "America/New_York")
    facilitator = await appoint(project_bot, 1711)

    preview = await post_question_update(facilitator)
    assert preview.startswith("This will go to 3 people who took part")
    assert "It will go out at" not in preview  # two of them get it now
    [sending] = Resident.texts(await facilitator.press(EN.say("UPDATE_SEND")))
    assert sending == loop.sending(3, EN)
    await project_bot.emulator.wait_for(
        lambda e: bool(updates_to(londoner)) and bool(updates_to(new_yorker)), timeout=10
    )
    assert updates_to(kiwi) == []
    rows = held(project_bot)
    assert rows[1702] == (
        "pending",
        eight_next(afternoon, ZoneInfo("Pacific/Auckland")).timestamp(),
    )
    assert rows[1701][1] is None and rows[1703][1] is None  # due at once, and delivered
    # Not messaged yet, but already in their /updates; "Sending…" stays until it goes.
    [listing] = Resident.texts(await kiwi.send("/updates"))
    assert "A shopping bus starts on Monday." in listing
    assert progress_of(facilitator) == loop.sending(3, EN)

    # Morning in Auckland: the sender sends it, and the progress turns into the result.
    dbview.run(
        project_bot.settings.database_target,
        "UPDATE outbox SET not_before = 0 WHERE chat_id = 1702 AND kind = 'update'",
    )
    await project_bot.emulator.wait_for(
        lambda e: progress_of(facilitator) == loop.summary(3, 0, EN), timeout=15
    )
    [update] = updates_to(kiwi)
    assert update == updates_to(londoner)[0]


async def test_night_in_london_is_evening_in_new_york_and_the_cap_holds(
    project_bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    night = in_two_days(time(23, 30))  # quiet in London; 18:30 (or 19:30) in New York
    project_bot.services.clock.move_to(night)
    londoner = await contributor(project_bot, 1721)
    new_yorker = await contributor(project_bot, 1722, "America/New_York")
    busy = await contributor(project_bot, 1723, "America/New_York")
    # The busy one already had as many polls this week as the project's cap allows.
    project = project_bot.services.projects.get("northfield")
    assert project is not None
    sent = (participant(project_bot, 1723), project_bot.services.clock.timestamp())
    for _ in range(project.max_messages_per_week):
        dbview.run(
            project_bot.settings.database_target,
            "INSERT INTO outbox (chat_id, participant_id, kind, method, params, status,"
            " created_at) VALUES (1723, ?, 'poll', 'sendMessage', '{}', 'sent', ?)",
            sent,
        )
    facilitator = await appoint(project_bot, 1731)

    preview = await post_question_update(facilitator)
    assert preview.startswith("This will go to 3 people who took part")
    assert "It will go out at" not in preview
    [sending] = Resident.texts(await facilitator.press(EN.say("UPDATE_SEND")))
    assert sending == loop.sending(3, EN)
    await project_bot.emulator.wait_for(lambda e: bool(updates_to(new_yorker)), timeout=10)
    rows = held(project_bot)
    assert rows[1722][1] is None
    assert rows[1721] == ("pending", eight_next(night, LONDON).timestamp())
    assert rows[1723] == ("skipped", None)  # at the cap: not messaged, and recorded...
    assert updates_to(londoner) == updates_to(busy) == []
    [listing] = Resident.texts(await busy.send("/updates"))  # ...but it is theirs to read
    assert "A shopping bus starts on Monday." in listing


async def test_when_everyone_is_asleep_the_preview_says_when_it_goes(
    project_bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    noon = in_two_days(time(12, 0))  # night in Auckland, early morning in New York
    project_bot.services.clock.move_to(noon)
    await contributor(project_bot, 1741, "Pacific/Auckland")
    await contributor(project_bot, 1742, "America/New_York")
    facilitator = await appoint(project_bot, 1751)
    first = min(eight_next(noon, ZoneInfo(z)) for z in ("Pacific/Auckland", "America/New_York"))
    if first <= noon:  # New York is already awake (a week when only one side is on DST)
        first = eight_next(noon, ZoneInfo("Pacific/Auckland"))
    preview = await post_question_update(facilitator)
    assert loop.later(first.astimezone(LONDON), EN) in preview
    [sending] = Resident.texts(await facilitator.press(EN.say("UPDATE_SEND")))
    assert sending == loop.sending(2, EN, first.astimezone(LONDON))


async def test_an_updates_progress_resumes_in_its_own_words_after_a_restart(
    emulator: BotApiEmulator, project_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    night = in_two_days(time(23, 30))
    bot = await start_bot(emulator, project_settings)
    bot.services.clock.move_to(night)
    try:
        await contributor(bot, 1761)
        facilitator = await appoint(bot, 1771)
        await post_question_update(facilitator)
        await facilitator.press(EN.say("UPDATE_SEND"))
        assert held(bot)[1761][0] == "pending"
    finally:
        await bot.shutdown()
    # The bot is down when quiet hours end.
    dbview.run(
        project_settings.database_target, "UPDATE outbox SET not_before = 0 WHERE kind = 'update'"
    )
    again = await start_bot(emulator, project_settings)
    try:
        facilitator = Resident(again, 1771)
        await emulator.wait_for(
            lambda e: progress_of(facilitator) == loop.summary(1, 0, EN), timeout=15
        )
        assert len(updates_to(Resident(again, 1761))) == 1
    finally:
        await again.shutdown()


async def test_a_polls_progress_also_follows_the_people_quiet_hours_held_back(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same watcher: "waiting for quiet hours" is no longer the last word of a poll.
    monkeypatch.setattr(broadcasts, "WAITING_SECONDS", 0.3)
    write_project(tmp_path / "quiet", quiet_now=True)
    bot = await start_bot(emulator, poll_settings(settings, tmp_path / "quiet"))
    try:
        sleeper = Resident(bot, 1781)
        await join_and_consent(sleeper)
        facilitator = Resident(bot, COORDINATOR)
        await build_poll(facilitator, "Which bench?", ["Wood", "Metal"], "Everyone", why=False)
        await facilitator.press(EN.say("POLL_SEND"))
        [progress] = [t for t in Resident.texts(facilitator.messages()) if t.startswith("Done")]
        assert progress.startswith("Done. Sent 0 · failed 0\n1 held until ")
        assert progress.endswith(" (quiet hours)")
        dbview.run(
            bot.settings.database_target, "UPDATE outbox SET not_before = 0 WHERE kind = 'poll'"
        )
        await emulator.wait_for(
            lambda e: "Done. Sent 1 · failed 0" in Resident.texts(facilitator.messages()),
            timeout=15,
        )
        assert len(emulator.calls_to("sendPoll")) == 1
    finally:
        await bot.shutdown()
