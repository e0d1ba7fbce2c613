# Optional Telegram fields are read freely: a None here fails the test just as an assert would.
# mypy: disable-error-code="union-attr,index"
"""The Bot API emulator, driven by the real python-telegram-bot stack over loopback HTTP.

This file: connecting, commands, the control API and the standalone process, and the
helpers the other tests/test_emulator_*.py files share (updates, messages, faults).
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from telegram import Bot, BotCommandScope, BotCommandScopeChat, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.emulator import DEFAULT_TOKEN, BotApiEmulator, EmulatorClient
from bot.emulator.client import EmulatorError

# PTB 22 warns whenever a time period is read as int; its own RetryAfter does so on creation.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
REPO_ROOT = Path(__file__).resolve().parents[1]
RESIDENT = 1001


def seconds(value: int | dtm.timedelta) -> float:
    """PTB 22 gives time periods as int or timedelta depending on its settings."""
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def make_bot(base: str, token: str = DEFAULT_TOKEN) -> Bot:
    """A real PTB Bot pointed at the emulator."""
    return Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot")


@pytest.fixture(name="emu")
def emu_fixture(emulator: BotApiEmulator) -> BotApiEmulator:
    """The emulator of tests/conftest.py, by the short name these tests use."""
    return emulator


@pytest.fixture(name="bot")
async def bot_fixture(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    """A real PTB Bot, initialised against the emulator."""
    telegram_bot = make_bot(emu.api_base_url)
    await telegram_bot.initialize()
    yield telegram_bot
    await telegram_bot.shutdown()


async def fetch(bot: Bot) -> list[Update]:
    """Fetch pending updates and confirm them, as a polling bot would."""
    updates = list(await bot.get_updates(timeout=0))
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    return updates


async def test_get_me_and_base_url(emu: BotApiEmulator, bot: Bot) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", emu.api_base_url)
    assert bot.username == "tandem_test_bot"
    assert bot.id == 123456
    assert emu.calls_to("getMe")[0].status == 200


async def test_wrong_token_reads_as_invalid_token(emu: BotApiEmulator) -> None:
    stranger = make_bot(emu.api_base_url, token="999:" + "x" * 35)
    with pytest.raises(InvalidToken):
        await stranger.initialize()
    assert emu.calls[-1].status == 401


async def test_unknown_method_is_bad_request_not_invalid_token(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)method not found"):
        await bot.do_api_request("noSuchMethod")


async def test_commands_chat_and_webhook_info(emu: BotApiEmulator, bot: Bot) -> None:
    assert await bot.set_my_commands([("start", "Begin"), ("help", "Get help")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert emu.commands()[1] == {"command": "help", "description": "Get help"}
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Bad Command", "x")])
    # Menus per scope: one chat's menu is its own, and a scope must name what it needs.
    assert await bot.set_my_commands([("stats", "Staff")], scope=BotCommandScopeChat(RESIDENT))
    assert emu.commands({"type": "chat", "chat_id": RESIDENT}) == [
        {"command": "stats", "description": "Staff"}
    ]
    assert [c.command for c in await bot.get_my_commands(BotCommandScopeChat(RESIDENT))] == [
        "stats"
    ]
    assert emu.commands() == []
    for missing_or_unknown in (BotCommandScope("chat"), BotCommandScope("nowhere")):
        with pytest.raises(BadRequest, match=r"(?i)BotCommandScope"):
            await bot.set_my_commands([("a", "b")], scope=missing_or_unknown)
    emu.inject_text(RESIDENT, "hi", first_name="Ada")
    chat = await bot.get_chat(RESIDENT)
    assert chat.first_name == "Ada" and chat.type == "private"
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 1
    assert await bot.send_chat_action(RESIDENT, "typing")


async def test_application_polling_answers_a_command(emu: BotApiEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Welcome {context.args}")

    base = emu.api_base_url
    app = (
        Application.builder()
        .token(DEFAULT_TOKEN)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.updater.start_polling(poll_interval=0, timeout=1)  # type: ignore[union-attr]
        await app.start()
        emu.inject_command(RESIDENT, "start", "abc")
        await emu.wait_for(lambda e: e.last_message(RESIDENT) is not None)
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()
    assert emu.last_message(RESIDENT)["text"] == "Welcome ['abc']"
    assert emu.pending_updates() == 0 and emu.confirmed_offset == 2


async def test_raw_http_json_body_query_string_and_conflicts(emu: BotApiEmulator) -> None:
    async with aiohttp.ClientSession(trust_env=False) as http:
        api = f"{emu.api_base_url}/bot{DEFAULT_TOKEN}"
        async with http.post(f"{api}/sendMessage", json={"chat_id": "7", "text": "[x]"}) as r:
            assert r.status == 200 and (await r.json())["result"]["text"] == "[x]"
        async with http.get(f"{api}/SENDMESSAGE", params={"chat_id": "7", "text": "q"}) as r:
            assert r.status == 200 and (await r.json())["result"]["message_id"] == 2
        async with http.get(f"{api}/getNothing") as r:
            assert r.status == 400  # never 404, which PTB reads as a bad token
        for n in range(3):
            emu.inject_text(RESIDENT, str(n))
        async with http.get(f"{api}/getUpdates", params={"offset": "-1"}) as r:
            assert [u["update_id"] for u in (await r.json())["result"]] == [3]
        older = asyncio.create_task(http.get(f"{api}/getUpdates?offset=4&timeout=5"))
        await asyncio.sleep(0.1)
        async with http.get(f"{api}/getUpdates", params={"offset": "4"}) as r:
            assert r.status == 200
        async with await older as r:
            assert r.status == 409  # "terminated by other getUpdates request"
    assert [c.method for c in emu.calls[:3]] == ["sendMessage", "sendMessage", "getNothing"]


async def test_wait_for_times_out_helpfully(emu: BotApiEmulator) -> None:
    def never(_: BotApiEmulator) -> bool:
        return False

    with pytest.raises(TimeoutError, match=r"wait_for\(.*never\) still false after 0.1s"):
        await emu.wait_for(never, timeout=0.1)


async def test_control_api_through_client(emu: BotApiEmulator, bot: Bot) -> None:
    async with EmulatorClient(emu.api_base_url) as client:
        update = await client.inject("command", user_id=RESIDENT, command="start")
        assert update["message"]["text"] == "/start"
        summary = await client.inject_many(
            [{"kind": "text", "user_id": n, "text": f"hi {n}"} for n in range(2000, 2005)]
        )
        assert summary == {"count": 5, "last_update_id": 6}
        assert (await client.state())["pending_updates"] == 6
        assert len(await fetch(bot)) == 6
        await bot.send_document(RESIDENT, b"abc", filename="a.txt")
        before = len(emu.calls)
        await bot.send_message(RESIDENT, "hello")
        calls = await client.calls(method="sendMessage", since=before)
        assert [(c["index"], c["params"]["text"]) for c in calls] == [(before, "hello")]
        (document_call,) = await client.calls(method="sendDocument")
        assert document_call["params"]["document"] == {"filename": "a.txt", "size": 3}
        await client.faults(block=[RESIDENT])
        with pytest.raises(Forbidden):
            await bot.send_message(RESIDENT, "blocked")
        await client.faults(unblock=[RESIDENT], flood_per_second=1, retry_after=2)
        await bot.send_message(RESIDENT, "first")
        with pytest.raises(RetryAfter):
            await bot.send_message(RESIDENT, "second")
        state = await client.state()
        assert state["pending_updates"] == 0 and state["confirmed_offset"] == 7
        assert state["last_update_id"] == 6 and state["calls"] == len(emu.calls)


async def test_control_api_raw_updates_and_one_shot_failures(emu: BotApiEmulator) -> None:
    async with EmulatorClient(emu.api_base_url) as client:
        raw = await client.inject("raw", update={"update_id": 99, "message": {"chat": "z"}})
        assert raw == {"update_id": 1, "message": {"chat": "z"}}  # any shape, our own id
        empty = await client.inject("raw", update={})
        assert empty == {"update_id": 2}
        await client.faults(fail_next={"method": "getUpdates", "status": 409, "count": 2})
        base = f"{emu.api_base_url}/bot{DEFAULT_TOKEN}/getUpdates"
        async with aiohttp.ClientSession(trust_env=False) as http:
            statuses = []
            for _ in range(3):
                async with http.post(base, json={"timeout": 0}) as answer:
                    statuses.append(answer.status)
                    body = await answer.json()
        assert statuses == [409, 409, 200]
        assert [u["update_id"] for u in body["result"]] == [1, 2]
        with pytest.raises(EmulatorError):
            await client.faults(fail_next={"status": 409})  # which method?


async def test_standalone_process_serves_get_me() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.emulator",
        "--port",
        "0",
        "--bot-username",
        "standalone_bot",
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        first = (await asyncio.wait_for(process.stdout.readline(), 10)).decode().strip()
        match = re.fullmatch(r"EMULATOR_URL=(http://127\.0\.0\.1:\d+)", first)
        assert match, first
        remote = make_bot(match.group(1))
        await remote.initialize()
        assert remote.username == "standalone_bot"
        await remote.shutdown()
    finally:
        process.terminate()
        _, stderr = await asyncio.wait_for(process.communicate(), 10)
    assert process.returncode == 0, stderr.decode()
    assert DEFAULT_TOKEN not in stderr.decode()
