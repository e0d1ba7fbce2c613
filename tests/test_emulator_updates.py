# Optional Telegram fields are read freely: a None here fails the test just as an assert would.
# mypy: disable-error-code="union-attr,index"
"""The emulator's updates: what each kind carries, offsets, long polling and the webhook."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden

from bot.emulator import BotApiEmulator
from tests.test_emulator import RESIDENT, fetch, seconds
from tests.test_emulator import bot_fixture as bot_fixture
from tests.test_emulator import emu_fixture as emu_fixture

# PTB 22 warns whenever a time period is read as int; its own RetryAfter does so on creation.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


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
