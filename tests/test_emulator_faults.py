# Optional Telegram fields are read freely: a None here fails the test just as an assert would.
# mypy: disable-error-code="union-attr,index"
"""The emulator's faults: flood control (429 with retry_after), per-chat limits, blocking,
outages for a while and 5xx with an HTML body."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.emulator import BotApiEmulator
from tests.test_emulator import RESIDENT, seconds
from tests.test_emulator import bot_fixture as bot_fixture
from tests.test_emulator import emu_fixture as emu_fixture

# PTB 22 warns whenever a time period is read as int; its own RetryAfter does so on creation.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


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


async def test_outage_for_a_while_then_normal(emu: BotApiEmulator, bot: Bot) -> None:
    emu.fail_for("sendMessage", 0.3, 429, "Too Many Requests: retry after 2", retry_after=2)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(RESIDENT, "during")
    assert seconds(caught.value.retry_after) == 2
    await bot.send_chat_action(RESIDENT, "typing")  # other methods are unaffected
    await asyncio.sleep(0.35)
    await bot.send_message(RESIDENT, "after")
    assert emu.last_message(RESIDENT)["text"] == "after"


async def test_server_error_with_an_html_body(emu: BotApiEmulator, bot: Bot) -> None:
    emu.fail_next("sendMessage", 502, "Bad Gateway", html=True)
    with pytest.raises(NetworkError, match="Bad Gateway") as caught:
        await bot.send_message(RESIDENT, "lost?")
    assert not isinstance(caught.value, BadRequest)
    assert emu.calls_to("sendMessage")[-1].status == 502
    await bot.send_message(RESIDENT, "again")
    assert emu.last_message(RESIDENT)["text"] == "again"
