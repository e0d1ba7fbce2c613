# Optional Telegram fields are read freely: a None here fails the test just as an assert would.
# mypy: disable-error-code="union-attr,index"
"""The Bot API emulator, driven by the real python-telegram-bot stack over loopback HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import os
import re
import struct
import sys
import time
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputPollOption, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.emulator import DEFAULT_TOKEN, BotApiEmulator, EmulatorClient
from bot.emulator.state import Upload

# httpx honours proxy variables; loopback traffic must never leave through one.
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"

# PTB 22 warns whenever a time period is read as int; its own RetryAfter does so on creation.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
REPO_ROOT = Path(__file__).resolve().parents[1]
RESIDENT = 1001


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    """A valid PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def seconds(value: int | dtm.timedelta) -> float:
    """PTB 22 gives time periods as int or timedelta depending on its settings."""
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def make_bot(base: str, token: str = DEFAULT_TOKEN) -> Bot:
    """A real PTB Bot pointed at the emulator."""
    return Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot")


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
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


async def test_text_and_command_updates_parse(emu: BotApiEmulator, bot: Bot) -> None:
    emu.inject_text(RESIDENT, "hello there", first_name="Ada", username="ada")
    emu.inject_command(RESIDENT, "start", "invite-42")
    emu.inject_text(RESIDENT, "/help@tandem_test_bot now")
    text, command, addressed = await fetch(bot)
    assert [text.update_id, command.update_id, addressed.update_id] == [1, 2, 3]
    assert text.message.text == "hello there"
    assert text.message.from_user.first_name == "Ada"
    assert text.message.chat.id == RESIDENT and text.message.chat.type == "private"
    assert command.message.text == "/start invite-42"
    assert command.message.entities[0].type == "bot_command"
    assert command.message.entities[0].length == len("/start")
    assert addressed.message.entities[0].length == len("/help@tandem_test_bot")
    assert command.message.message_id == text.message.message_id + 1


async def test_media_updates_parse_and_download(emu: BotApiEmulator, bot: Bot) -> None:
    emu.inject_voice(RESIDENT, duration=7, caption="my thoughts")
    emu.inject_photo(RESIDENT, caption="the park")
    emu.inject_sticker(RESIDENT)
    voice, photo, sticker = await fetch(bot)
    assert seconds(voice.message.voice.duration) == 7
    assert voice.message.caption == "my thoughts"
    voice_bytes = await (await voice.message.voice.get_file()).download_as_bytearray()
    assert voice_bytes.startswith(b"OggS")
    assert len(photo.message.photo) == 2 and photo.message.caption == "the park"
    photo_file = await bot.get_file(photo.message.photo[-1].file_id)
    assert (await photo_file.download_as_bytearray()).startswith(b"\xff\xd8")
    assert sticker.message.sticker.type == "regular"


async def test_edited_and_my_chat_member_updates(emu: BotApiEmulator, bot: Bot) -> None:
    original = emu.inject_text(RESIDENT, "I think teh park")
    message_id = original["message"]["message_id"]
    emu.inject_edited_text(RESIDENT, message_id, "I think the park")
    emu.inject_my_chat_member(RESIDENT, "kicked")
    first, edited, blocked = await fetch(bot)
    assert first.message.text == "I think teh park"  # the queued update kept its text
    assert edited.edited_message.message_id == message_id
    assert edited.edited_message.text == "I think the park"
    assert edited.edited_message.edit_date is not None
    assert blocked.my_chat_member.new_chat_member.status == "kicked"
    assert blocked.my_chat_member.old_chat_member.status == "member"
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await bot.send_message(RESIDENT, "still there?")
    emu.inject_my_chat_member(RESIDENT, "member")
    (unblocked,) = await fetch(bot)
    assert unblocked.my_chat_member.new_chat_member.status == "member"
    await bot.send_message(RESIDENT, "welcome back")


async def test_callback_query_carries_the_pressed_message(emu: BotApiEmulator, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="rsvp:yes")]])
    sent = await bot.send_message(RESIDENT, "Coming on Tuesday?", reply_markup=keyboard)
    await bot.send_message(RESIDENT, "A later message")
    emu.inject_callback(RESIDENT, "rsvp:yes", message_id=sent.message_id)
    emu.inject_callback(RESIDENT, "orphan", message_id=999)
    (pressed, orphan) = await fetch(bot)
    query = pressed.callback_query
    assert query.data == "rsvp:yes" and query.from_user.id == RESIDENT
    assert query.message.message_id == sent.message_id
    assert query.message.reply_markup.inline_keyboard[0][0].callback_data == "rsvp:yes"
    assert orphan.callback_query.message.message_id == 999
    assert await query.answer("Thanks!")
    assert emu.calls_to("answerCallbackQuery")[0].params["text"] == "Thanks!"
    with pytest.raises(BadRequest, match=r"(?i)query ID is invalid"):
        await bot.answer_callback_query("no-such-query")


async def test_offset_confirmation_drops_confirmed_updates(emu: BotApiEmulator, bot: Bot) -> None:
    for n in range(3):
        emu.inject_text(RESIDENT, f"message {n}")
    first = await bot.get_updates(limit=2)
    assert [u.update_id for u in first] == [1, 2]
    assert [u.update_id for u in await bot.get_updates()] == [1, 2, 3]  # nothing confirmed yet
    rest = await bot.get_updates(offset=3)
    assert [u.update_id for u in rest] == [3]
    assert emu.pending_updates() == 1 and emu.confirmed_offset == 3
    assert await bot.get_updates(offset=4) == ()
    assert emu.pending_updates() == 0 and emu.confirmed_offset == 4


async def test_allowed_updates_filter(emu: BotApiEmulator, bot: Bot) -> None:
    emu.inject_text(RESIDENT, "hi")
    emu.inject_my_chat_member(RESIDENT, "kicked")
    updates = await bot.get_updates(allowed_updates=["my_chat_member"])
    assert [u.my_chat_member is not None for u in updates] == [True]


async def test_long_poll_waits_for_timeout_then_returns_empty(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 2.0


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    emu: BotApiEmulator, bot: Bot
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert emu.calls_to("getUpdates")[-1].status == 0  # visible while in flight
    emu.inject_text(RESIDENT, "anyone?")
    updates = await asyncio.wait_for(poll, 3)
    assert [u.message.text for u in updates] == ["anyone?"]
    assert time.monotonic() - started < 1.5
    assert emu.calls_to("getUpdates")[-1].status == 200


async def test_injection_from_another_thread_wakes_the_long_poll(
    emu: BotApiEmulator, bot: Bot
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    await asyncio.to_thread(emu.inject_text, RESIDENT, "from a sandbox thread")
    updates = await asyncio.wait_for(poll, 2)
    assert [u.message.text for u in updates] == ["from a sandbox thread"]


async def test_flood_limit_answers_retry_after(emu: BotApiEmulator, bot: Bot) -> None:
    emu.set_flood_limit(2, retry_after=3)
    await bot.send_message(RESIDENT, "one")
    await bot.send_message(RESIDENT + 1, "two")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(RESIDENT + 2, "three")
    assert seconds(caught.value.retry_after) == 3
    await bot.send_chat_action(RESIDENT, "typing")  # not a sending method
    # Paid broadcasts have their own, much larger, allowance.
    await bot.send_message(RESIDENT + 3, "paid", allow_paid_broadcast=True)
    assert [c.status for c in emu.calls_to("sendMessage")] == [200, 200, 429, 200]
    assert emu.calls_to("sendMessage")[2].result["parameters"] == {"retry_after": 3}
    emu.set_flood_limit(None)
    await bot.send_message(RESIDENT + 2, "three again")
    emu.set_flood_limit(0.5)  # below one a second nothing gets through
    with pytest.raises(RetryAfter):
        await bot.send_message(RESIDENT + 2, "refused")


async def test_per_chat_limit(emu: BotApiEmulator, bot: Bot) -> None:
    emu.set_per_chat_limit(1)
    await bot.send_message(RESIDENT, "one")
    await bot.send_message(RESIDENT + 1, "other chat is fine")
    with pytest.raises(RetryAfter):
        await bot.send_message(RESIDENT, "too soon")


async def test_blocked_chat_is_forbidden(emu: BotApiEmulator, bot: Bot) -> None:
    emu.block(RESIDENT)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(RESIDENT, "hello")
    assert emu.calls_to("sendMessage")[-1].status == 403
    emu.unblock(RESIDENT)
    await bot.send_message(RESIDENT, "hello")
    assert emu.last_message(RESIDENT)["text"] == "hello"


async def test_poll_round_trip(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_poll(
        RESIDENT, "Which evening suits?", ["Mon", "Tue", "Wed"], is_anonymous=False
    )
    poll = sent.poll
    assert not poll.is_anonymous and poll.type == "regular" and not poll.is_closed
    persistent = [option.persistent_id for option in poll.options]
    assert len(set(persistent)) == 3
    emu.inject_poll_answer(RESIDENT, poll.id, [1])
    emu.inject_poll_answer(RESIDENT + 1, poll.id, [2])
    emu.inject_poll_answer(RESIDENT + 1, poll.id, [])  # retracted
    vote, _, retracted = await fetch(bot)
    assert vote.poll_answer.poll_id == poll.id
    assert vote.poll_answer.option_ids == (1,)
    assert vote.poll_answer.option_persistent_ids == (persistent[1],)
    assert retracted.poll_answer.option_ids == ()
    assert retracted.poll_answer.option_persistent_ids == ()
    stopped = await bot.stop_poll(RESIDENT, sent.message_id)
    assert stopped.is_closed
    assert [option.voter_count for option in stopped.options] == [0, 1, 0]
    assert stopped.total_voter_count == 1
    assert emu.last_message(RESIDENT)["poll"]["is_closed"]
    with pytest.raises(ValueError, match=r"(?i)closed"):
        emu.inject_poll_answer(RESIDENT, poll.id, [0])


async def test_anonymous_polls_get_no_answers(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_poll(RESIDENT, "Anonymous?", [InputPollOption("a"), "b"])
    assert sent.poll.is_anonymous
    with pytest.raises(ValueError, match=r"(?i)anonymous"):
        emu.inject_poll_answer(RESIDENT, sent.poll.id, [0])
    with pytest.raises(BadRequest, match=r"(?i)at least 2"):
        await bot.send_poll(RESIDENT, "One option?", ["only"])


async def test_send_document_records_content(emu: BotApiEmulator, bot: Bot) -> None:
    csv = b"resident,answer\n1001,yes\n"
    sent = await bot.send_document(RESIDENT, csv, filename="export.csv", caption="Export")
    assert sent.document.file_name == "export.csv"
    assert sent.caption == "Export"
    assert emu.files[sent.document.file_id] == csv
    upload = emu.calls_to("sendDocument")[0].params["document"]
    assert isinstance(upload, Upload) and upload.data == csv
    again = await bot.send_document(RESIDENT, sent.document.file_id)  # reuse by file_id
    assert again.document.file_id == sent.document.file_id
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == csv


async def test_send_photo_keeps_png_bytes(emu: BotApiEmulator, bot: Bot) -> None:
    png = tiny_png(30, 20)
    sent = await bot.send_photo(RESIDENT, png, caption="<b>Chart</b>", parse_mode=ParseMode.HTML)
    largest = sent.photo[-1]
    assert (largest.width, largest.height) == (30, 20)
    assert emu.files[largest.file_id].startswith(b"\x89PNG")
    assert sent.caption == "Chart" and sent.caption_entities[0].type == "bold"
    assert [m["message_id"] for m in emu.sent_messages(RESIDENT)] == [sent.message_id]


async def test_edit_message_text(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(RESIDENT, "Draft")
    edited = await bot.edit_message_text("Final", RESIDENT, sent.message_id)
    assert edited.text == "Final" and edited.edit_date is not None
    assert emu.sent_messages(RESIDENT)[0]["text"] == "Final"
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Final", RESIDENT, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("Nope", RESIDENT, 12345)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    await bot.edit_message_reply_markup(RESIDENT, sent.message_id, reply_markup=keyboard)
    assert emu.last_message(RESIDENT)["reply_markup"]["inline_keyboard"][0][0]["text"] == "Go"


async def test_message_validation(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(RESIDENT, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(RESIDENT, "")
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("Big", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(RESIDENT, "Pick", reply_markup=too_long)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(RESIDENT, "<b>unclosed", parse_mode=ParseMode.HTML)


async def test_texts_that_look_like_json_survive(emu: BotApiEmulator, bot: Bot) -> None:
    for text in ("[1, 2] are my picks", '["a", "b"]', "{}", "true", "42"):
        sent = await bot.send_message(RESIDENT, text)
        assert sent.text == text
        assert emu.last_message(RESIDENT)["text"] == text


async def test_html_parse_mode_strips_markup(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(
        RESIDENT, "Hi <b>Ada</b> &amp; <i>co</i>", parse_mode=ParseMode.HTML
    )
    assert sent.text == "Hi Ada & co"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 3, 3),
        ("italic", 9, 2),
    ]


async def test_commands_chat_and_webhook_info(emu: BotApiEmulator, bot: Bot) -> None:
    assert await bot.set_my_commands([("start", "Begin"), ("help", "Get help")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert emu.commands()[1] == {"command": "help", "description": "Get help"}
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Bad Command", "x")])
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


async def test_webhook_push_retries_in_order(emu: BotApiEmulator, bot: Bot) -> None:
    received: list[tuple[int, str | None]] = []
    answers = iter([500, 200, 200])

    async def hook(request: web.Request) -> web.Response:
        update: dict[str, Any] = await request.json()
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        received.append((update["update_id"], secret))
        return web.Response(status=next(answers, 200))

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner = web.AppRunner(receiver)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    emu.webhook.retry_delay = 0.05
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(Conflict):
            await bot.get_updates()
        emu.inject_text(RESIDENT, "one")
        emu.inject_text(RESIDENT, "two")
        await emu.wait_for(lambda e: e.pending_updates() == 0)
        assert received == [(1, "s3cret"), (1, "s3cret"), (2, "s3cret")]
        assert (await bot.get_webhook_info()).url.endswith("/hook")
        await bot.delete_webhook()
        emu.inject_text(RESIDENT, "three")
        assert [u.update_id for u in await bot.get_updates()] == [3]
    finally:
        await runner.cleanup()


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
