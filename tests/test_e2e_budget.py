"""The message budget end to end over the emulator: diary prompts a resident chose never
spend the weekly cap, and staff see who a poll left out and why (pseudonyms only).

Time is pinned: the poll goes out at noon (London) today, the diary prompts fire at 19:00
on the seven days of the study's first week; nothing depends on the time of day."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations import catalogue, loop
from conversations.i18n.words import english
from storage.diary import SlotGroup
from tests import dbview
from tests.conftest import COORDINATOR, ROOT, Resident, RunningBot, start_bot, with_example_pictures
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_polls import build_poll, pseudonym, received_poll, wait_progress_done
from tests.test_e2e_update_timing import contributor, post_question_update, progress_of
from tests.test_e2e_updates import appoint, updates_to

EN = english()

LONDON = ZoneInfo("Europe/London")


def write_project(folder: Path, cap: int) -> Path:
    """The example project (its diary at 19:00, quiet 21:00-08:00), no check-ins, this cap."""
    data = yaml.safe_load((ROOT / "projects" / "example.yaml").read_text(encoding="utf-8"))
    data.pop("checkins")
    data["max_messages_per_week"] = cap
    folder.mkdir(parents=True, exist_ok=True)
    with_example_pictures(folder)
    (folder / "northfield.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return folder


async def budget_bot(
    emulator: BotApiEmulator, settings: Settings, folder: Path
) -> AsyncIterator[RunningBot]:
    update = {"projects_dir": folder, "coordinator_ids": frozenset({COORDINATOR})}
    running = await start_bot(emulator, settings.model_copy(update=update))
    yield running
    if not running.task.done():
        await running.shutdown()


@pytest.fixture
async def cap_two(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[RunningBot]:
    async for running in budget_bot(emulator, settings, write_project(tmp_path / "p", 2)):
        yield running


@pytest.fixture
async def cap_one(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[RunningBot]:
    async for running in budget_bot(emulator, settings, write_project(tmp_path / "p", 1)):
        yield running


def query(bot: RunningBot, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return dbview.rows(bot.settings.database_target, sql, params)


def prompts(person: Resident) -> list[str]:
    return [t for t in Resident.texts(person.messages()) if t.startswith("Time for your diary")]


async def test_a_diary_keeper_still_gets_a_poll_after_seven_prompts(cap_two: RunningBot) -> None:
    keeper = Resident(cap_two, 4101)
    await join_and_consent(keeper)
    [enrolled] = Resident.texts(await keeper.send("/diary"))
    assert "19:00 (Europe/London time)" in enrolled
    await keeper.press(catalogue.DIARY_OK)
    [(starts,)] = query(cap_two, "SELECT starts_on FROM diary_enrolments")
    group = SlotGroup("northfield", "Europe/London", "19:00")
    scheduler = cap_two.services.diary_scheduler
    for day in range(7):  # a week of the daily diary: 7 prompts under a cap of 2
        day_of = date.fromisoformat(starts) + timedelta(days=day)
        moment = datetime.combine(day_of, time(19, 0), tzinfo=LONDON)
        assert await scheduler.fire(group, moment) == 1
    await keeper.emulator.wait_for(lambda e: len(prompts(keeper)) == 7, timeout=20)

    facilitator = Resident(cap_two, COORDINATOR)
    await build_poll(facilitator, "Which bus stop?", ["Church", "Market"], "Everyone", why=False)
    await facilitator.press(EN.say("POLL_SEND"))
    poll = await received_poll(keeper, timeout=20)
    assert poll["question"] == "Which bus stop?"
    assert await wait_progress_done(facilitator) == "Done. Sent 1 · failed 0"
    assert facilitator.buttons() != [catalogue.LEFT_OUT_BUTTON]  # nobody was left out


async def test_staff_see_who_was_left_out_and_why(cap_one: RunningBot) -> None:
    ann, ben, cat = (Resident(cap_one, n) for n in (4201, 4202, 4203))
    for person in (ann, ben, cat):
        await join_and_consent(person)
    assert Resident.texts(await cat.send("/pause")) == [catalogue.PAUSED]
    facilitator = Resident(cap_one, COORDINATOR)

    await build_poll(facilitator, "Which bench?", ["Wood", "Metal"], "Everyone", why=False)
    await facilitator.press(EN.say("POLL_SEND"))
    assert await wait_progress_done(facilitator) == "Done. Sent 2 · failed 0\n1 not sent: 1 paused"

    # A second poll the same week: Ann and Ben have had their one message.
    await build_poll(facilitator, "Which lamp?", ["Tall", "Short"], "Everyone", why=False)
    await facilitator.press(EN.say("POLL_SEND"))
    final = await wait_progress_done(facilitator)
    assert final == "Done. Sent 0 · failed 0\n3 not sent: 2 at this week's limit, 1 paused"
    assert facilitator.buttons() == [catalogue.LEFT_OUT_BUTTON]
    [listed] = Resident.texts(await facilitator.press(catalogue.LEFT_OUT_BUTTON))
    a, b, c = (pseudonym(cap_one, p.user_id) for p in (ann, ben, cat))
    assert listed.splitlines() == [
        "Who this poll left out (pseudonyms):",
        f"At this week's limit (2): {', '.join(sorted([a, b]))}",
        f"Paused (1): {c}",
    ]
    assert "4201" not in listed and "4203" not in listed  # pseudonyms, never Telegram ids
    assert [len([m for m in p.messages() if "poll" in m]) for p in (ann, ben, cat)] == [1, 1, 0]

    # /results says the same, per reason, with the same button.
    await facilitator.send("/results")
    await facilitator.press(next(b for b in facilitator.buttons() if "Which lamp?" in b))
    [results] = [t for t in Resident.texts(facilitator.messages()) if "Which lamp?" in t][-1:]
    assert results.endswith("\n\n3 not sent: 2 at this week's limit, 1 paused")

    # A resident pressing a forged copy of the button learns nothing.
    [(broadcast,)] = query(cap_one, "SELECT MAX(id) FROM broadcasts")
    assert Resident.texts(await ann.press_data(f"who:b:{broadcast}")) == []
    assert ann.last_button_answer() == catalogue.UNKNOWN_BUTTON


async def test_an_update_says_who_it_left_out_and_why(
    cap_one: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann, ben, cat = [await contributor(cap_one, n) for n in (4301, 4302, 4303)]
    assert Resident.texts(await cat.send("/pause")) == [catalogue.PAUSED]
    coordinator = Resident(cap_one, COORDINATOR)
    await build_poll(coordinator, "Which bench?", ["Wood", "Metal"], "Everyone", why=False)
    await coordinator.press(EN.say("POLL_SEND"))  # Ann and Ben's one message this week
    assert await wait_progress_done(coordinator) == "Done. Sent 2 · failed 0\n1 not sent: 1 paused"

    facilitator = await appoint(cap_one, 4311)
    await post_question_update(facilitator)
    await facilitator.press(EN.say("UPDATE_SEND"))
    summary = loop.summary(0, 3, EN) + "\n3 not sent: 2 at this week's limit, 1 paused"
    await facilitator.emulator.wait_for(lambda e: progress_of(facilitator) == summary, timeout=20)
    assert facilitator.buttons() == [catalogue.LEFT_OUT_BUTTON]
    [listed] = Resident.texts(await facilitator.press(catalogue.LEFT_OUT_BUTTON))
    assert listed.startswith("Who this update left out (pseudonyms):\nAt this week's limit (2): ")
    assert listed.endswith(f"Paused (1): {pseudonym(cap_one, cat.user_id)}")
    assert updates_to(ann) == updates_to(ben) == updates_to(cat) == []
