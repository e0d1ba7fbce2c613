"""The intake never stops on a bad update: stored failed, confirmed, logged once, moved past."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from bot.emulator import DEFAULT_TOKEN, BotApiEmulator
from bot.emulator.methods import POLL_CONFLICT
from bot.update_shape import clean_text, shape_problem
from conversations import catalogue
from tests import dbview
from tests.conftest import Resident, RunningBot, start_bot, wait_handled
from tests.test_e2e_dialogue import answers, join_and_consent

POISON = {"message": {"message_id": 1, "date": 0, "chat": {"id": "z"}, "text": "my words"}}
NO_ID = {"callback_query": {"id": "7", "from": {"is_bot": False, "first_name": "A"}}}


def inbox_row(bot: RunningBot, update_id: int) -> tuple[str, bool]:
    status, handled = dbview.one(
        bot.settings.database_target,
        "SELECT status, handled_at IS NOT NULL FROM inbox WHERE update_id = ?",
        (update_id,),
    )
    return status, bool(handled)


async def test_poison_updates_are_stored_failed_confirmed_and_logged_once(
    bot: RunningBot, resident: Resident, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    poison = bot.emulator.inject_raw(POISON)
    no_id = bot.emulator.inject_raw(NO_ID)
    [reply] = await resident.send("/help")
    assert "/start" in reply["text"]
    assert inbox_row(bot, poison["update_id"]) == ("failed", True)
    assert inbox_row(bot, no_id["update_id"]) == ("failed", True)
    lines = [r for r in caplog.records if f"update {poison['update_id']} " in r.getMessage()]
    assert [r.getMessage() for r in lines] == [
        f"update {poison['update_id']} not handled: message.chat.id is not an integer"
    ]
    assert not any(r.exc_info for r in caplog.records)
    assert "my words" not in caplog.text
    # Confirmed: Telegram will not send it again, and a restart does not replay it.
    await bot.shutdown()
    assert bot.emulator.confirmed_offset > no_id["update_id"]
    caplog.clear()
    again = await start_bot(bot.emulator, bot.settings)
    [reply] = await Resident(again, 1001).send("/help")
    assert "/start" in reply["text"]
    await again.shutdown()
    assert "not handled" not in caplog.text


async def test_lone_surrogates_are_replaced_before_an_answer_is_stored(
    project_bot: RunningBot,
) -> None:
    person = Resident(project_bot, 1201)
    await join_and_consent(person)
    update = project_bot.emulator.inject_text(person.user_id, "the bus \ud800 stop")
    await wait_handled(project_bot.settings.database_target, update["update_id"])
    assert [value for _, _, _, value in answers(project_bot)] == ["the bus \ufffd stop"]


def test_surrogate_cleaning_and_shape_problems_name_fields_not_content() -> None:
    assert clean_text({"a": ["x\udc00", {"\ud83d": 1}]}) == {"a": ["x\ufffd", {"\ufffd": 1}]}
    assert clean_text("fine 😀") == "fine 😀"
    assert clean_text({"text": "nul\x00 here"}) == {"text": "nul\ufffd here"}  # PostgreSQL
    assert shape_problem(NO_ID) == "callback_query.from.id is missing"
    assert shape_problem({"poll_answer": {"poll_id": "1", "option_ids": [True]}}) == (
        "poll_answer.option_ids[0] is not an integer"
    )
    huge = {"message": {"message_id": 1, "date": 0, "chat": {"id": 2**70, "type": "private"}}}
    assert shape_problem(huge) == "message.chat.id is out of range"
    assert shape_problem({"some_future_kind": {"x": 1}}) is None


async def test_a_button_press_without_a_message_still_erases(
    project_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    # A press on an inline-mode message has no message, only inline_message_id.
    person = Resident(project_bot, 1202)
    await join_and_consent(person)
    await person.send("/forget")
    pressed = {
        "id": "991",
        "from": project_bot.emulator.state.user(person.user_id),
        "chat_instance": "1",
        "inline_message_id": "AAA",
        "data": "forget:yes",
    }
    update = project_bot.emulator.inject_raw({"callback_query": pressed})
    await wait_handled(project_bot.settings.database_target, update["update_id"])
    assert person.messages()[-1]["text"] == catalogue.FORGOTTEN
    assert answers(project_bot) == []
    assert not any(r.exc_info for r in caplog.records)


async def test_a_stale_button_press_is_still_handled(
    emulator: BotApiEmulator, project_bot: RunningBot
) -> None:
    # After a restart, a replayed press is too old to answer; what it asked for still happens.
    person = Resident(project_bot, 1203)
    await join_and_consent(person)
    await person.send("/forget")
    emulator.fail_next("answerCallbackQuery", 400, "Bad Request: query is too old")
    await person.press(catalogue.FORGET_YES)
    assert person.messages()[-1]["text"] == catalogue.FORGOTTEN


async def test_a_stray_getupdates_conflict_backs_off_and_keeps_running(
    bot: RunningBot, resident: Resident, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await bot.emulator.wait_for(lambda e: bool(e.calls_to("getUpdates")), timeout=10)
    # Someone curls getUpdates with the bot's token: Telegram ends the bot's long poll
    # with 409, and (here) answers its next call with 409 too.
    bot.emulator.fail_next("getUpdates", 409, POLL_CONFLICT)
    base = f"{bot.emulator.api_base_url}/bot{DEFAULT_TOKEN}"
    async with aiohttp.ClientSession(trust_env=False) as http:
        async with http.post(f"{base}/getUpdates", json={"timeout": 0}) as stray:
            assert stray.status == 409  # the one-shot fault met the stray call first
        async with http.post(f"{base}/getUpdates", json={"timeout": 0}) as stray:
            assert stray.status == 200
    bot.emulator.fail_next("getUpdates", 409, POLL_CONFLICT)
    await bot.emulator.wait_for(
        lambda e: sum(c.status == 409 for c in e.calls_to("getUpdates")) >= 3, timeout=10
    )
    [reply] = await resident.send("/help")
    assert "/start" in reply["text"] and not bot.task.done()
    warnings = [r for r in caplog.records if "Conflict" in r.getMessage()]
    assert [r.levelno for r in warnings] == [logging.WARNING, logging.WARNING]
    assert [r.getMessage().split("retrying in ")[1] for r in warnings] == ["1 s", "2 s"]
