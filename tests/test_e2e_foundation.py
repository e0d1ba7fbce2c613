"""End to end through the real python-telegram-bot stack and the emulator on loopback."""

from __future__ import annotations

import logging

import pytest

from bot.emulator import DEFAULT_TOKEN, BotApiEmulator
from conversations import catalogue
from conversations.i18n import Catalogues
from storage.database import Database
from storage.inbox import InboxItem, InboxRepository
from tests import dbview
from tests.conftest import Resident, RunningBot, start_bot


async def test_start_is_answered_with_a_welcome(bot: RunningBot, resident: Resident) -> None:
    [reply] = await resident.send("/start")
    assert reply["text"] == catalogue.WELCOME


async def test_commands_are_published_at_start(bot: RunningBot) -> None:
    # In English (for any app language without a catalogue), then once per catalogue language.
    catalogues = Catalogues.load()
    languages = sorted(catalogues.languages)
    assert "cy" in languages
    calls = bot.emulator.calls_to("setMyCommands")
    assert [c.params.get("language_code") for c in calls] == [None, *languages]
    for lang in ("", *languages):
        published = bot.emulator.commands(language_code=lang)
        assert [(c["command"], c["description"]) for c in published] == [
            (name, catalogues.render(lang, f"COMMANDS.{name}")) for name, _ in catalogue.COMMANDS
        ]


async def test_help_lists_commands(bot: RunningBot, resident: Resident) -> None:
    [reply] = await resident.send("/help")
    assert "/start" in reply["text"] and "/help" in reply["text"]


async def test_unknown_command_names_it_and_points_to_help(
    bot: RunningBot, resident: Resident
) -> None:
    [reply] = await resident.send("/frobnicate now")
    assert reply["text"] == catalogue.UNKNOWN_COMMAND.format(command="/frobnicate")


async def test_sticker_gets_a_helpful_answer(bot: RunningBot, resident: Resident) -> None:
    [reply] = await resident.send_kind("sticker")
    assert reply["text"] == catalogue.NOT_UNDERSTOOD_MEDIA


async def test_text_outside_a_project_is_not_stored(bot: RunningBot, resident: Resident) -> None:
    [reply] = await resident.send("my street floods every winter")
    assert reply["text"] == catalogue.NO_PROJECT_YET
    await bot.shutdown()
    cells = dbview.cells(bot.settings.database_target)
    assert not [(t, c) for t, c, v in cells if "floods" in str(v)]


async def test_each_chat_is_handled_in_order(bot: RunningBot, resident: Resident) -> None:
    before = len(bot.emulator.sent_messages(resident.user_id))
    for i in range(30):
        bot.emulator.inject_text(resident.user_id, f"/step_{i}")
    other = Resident(bot, 2002)
    await other.send("/start")
    await bot.emulator.wait_for(
        lambda e: len(e.sent_messages(resident.user_id)) >= before + 30, timeout=10
    )
    texts = [m["text"] for m in bot.emulator.sent_messages(resident.user_id)[before:]]
    assert texts == [catalogue.UNKNOWN_COMMAND.format(command=f"/step_{i}") for i in range(30)]


async def test_unhandled_inbox_rows_are_replayed_at_start(
    emulator: BotApiEmulator, settings
) -> None:
    # A previous run stored these updates and died before handling them.
    update = emulator.inject_text(3003, "/start")
    db = await Database.open(settings.database_target, settings.make_clock())
    await InboxRepository(db).store([InboxItem(update["update_id"], 3003, update)])
    await db.close()
    running = await start_bot(emulator, settings)
    await emulator.wait_for(lambda e: len(e.sent_messages(3003)) >= 1, timeout=10)
    await emulator.wait_for(
        lambda e: any(c.result for c in e.calls_to("getUpdates") if c.status == 200), timeout=10
    )
    await running.shutdown()
    # The stored copy was handled; the copy Telegram delivered again was recognised as seen,
    # and confirmed at shutdown.
    assert [m["text"] for m in emulator.sent_messages(3003)] == [catalogue.WELCOME]
    assert emulator.confirmed_offset > update["update_id"]
    rows = dbview.rows(
        settings.database_target, "SELECT attempts, handled_at IS NOT NULL, payload FROM inbox"
    )
    assert rows == [(2, 1, None)]


async def test_a_failing_handler_tells_the_person_and_logs_no_secrets(
    bot: RunningBot, resident: Resident, caplog: pytest.LogCaptureFixture
) -> None:
    # Telegram refusing the reply makes the handler fail; the error handler must apologise,
    # log without the token or the person's words, and the bot must carry on.
    caplog.set_level(logging.INFO)
    for chatty in ("httpx", "httpcore"):  # as configure_logging() sets them in production
        caplog.set_level(logging.WARNING, logger=chatty)
    bot.emulator.fail_next("sendMessage", 400, "Bad Request: something odd")
    [apology] = await resident.send("/start my secret words")
    assert apology["text"] == catalogue.SOMETHING_WENT_WRONG
    [reply] = await resident.send("/help")
    assert "/start" in reply["text"]
    logged = caplog.text
    assert "handling update" in logged and "BadRequest" in logged
    assert DEFAULT_TOKEN not in logged and "secret words" not in logged
