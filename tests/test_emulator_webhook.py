"""The emulator's webhook delivery: concurrent across chats up to max_connections, in order
within a chat, a failed update retried while other chats carry on, confirmation by prefix."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot

from bot.emulator import BotApiEmulator
from tests.test_emulator import bot_fixture as bot_fixture
from tests.test_emulator import emu_fixture as emu_fixture

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
CHATS = [2001, 2002, 2003, 2004, 2005]


class Receiver:
    """A webhook endpoint that holds each request until released, answering `status(id)`."""

    def __init__(self, status: Callable[[int], int] = lambda _: 200) -> None:
        self.status = status
        self.received: list[tuple[int, int]] = []  # (chat, update_id) in arrival order
        self.in_flight: set[int] = set()
        self.most_at_once = 0
        self.release = asyncio.Event()
        self.release.set()

    async def hook(self, request: web.Request) -> web.Response:
        update: dict[str, Any] = await request.json()
        update_id = update["update_id"]
        self.received.append((update["message"]["chat"]["id"], update_id))
        self.in_flight.add(update_id)
        self.most_at_once = max(self.most_at_once, len(self.in_flight))
        await self.release.wait()
        self.in_flight.discard(update_id)
        return web.Response(status=self.status(update_id))


@pytest.fixture
async def url_of() -> AsyncIterator[Callable[[Receiver], Any]]:
    runners: list[web.AppRunner] = []

    async def serve(receiver: Receiver) -> str:
        app = web.Application()
        app.router.add_post("/hook", receiver.hook)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        runners.append(runner)
        return f"http://127.0.0.1:{runner.addresses[0][1]}/hook"

    yield serve
    for runner in runners:
        await runner.cleanup()


def per_chat(received: list[tuple[int, int]]) -> dict[int, list[int]]:
    chats: dict[int, list[int]] = {}
    for chat, update_id in received:
        chats.setdefault(chat, []).append(update_id)
    return chats


async def test_deliveries_run_concurrently_up_to_max_connections_in_order_per_chat(
    emu: BotApiEmulator, bot: Bot, url_of: Any
) -> None:
    receiver = Receiver()
    receiver.release.clear()
    await bot.set_webhook(await url_of(receiver), max_connections=3)
    for round_no in range(3):
        for chat in CHATS:
            emu.inject_text(chat, f"{chat}-{round_no}")
    # Five chats have an update waiting; three connections are allowed: the three oldest go.
    for _ in range(200):
        if len(receiver.in_flight) == 3:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)  # nothing more may start while those three are held
    assert sorted(receiver.in_flight) == [1, 2, 3]
    assert emu.pending_updates() == 15
    receiver.release.set()
    await emu.wait_for(lambda e: e.pending_updates() == 0)
    assert receiver.most_at_once == 3
    # Each chat's updates arrived one after another, in the order they were sent.
    assert per_chat(receiver.received) == {
        chat: [n + 1, n + 6, n + 11] for n, chat in enumerate(CHATS)
    }
    assert emu.confirmed_offset == 16


async def test_a_failing_update_holds_its_chat_only_and_the_confirmed_prefix(
    emu: BotApiEmulator, bot: Bot, url_of: Any
) -> None:
    failures = {1: 3}  # update 1 (chat 2001's first) is refused three times

    def status(update_id: int) -> int:
        if failures.get(update_id, 0) > 0:
            failures[update_id] -= 1
            return 500
        return 200

    receiver = Receiver(status)
    emu.webhook.retry_delay = 0.1
    await bot.set_webhook(await url_of(receiver))
    for round_no in range(2):
        for chat in CHATS:
            emu.inject_text(chat, f"{chat}-{round_no}")
    # The other chats are delivered while update 1 keeps failing; nothing is confirmed past it.
    await emu.wait_for(lambda e: len({u for _, u in receiver.received}) >= 9)
    others = [u for chat, u in receiver.received if chat != CHATS[0]]
    assert sorted(others) == [2, 3, 4, 5, 7, 8, 9, 10]
    if failures[1] > 0:  # still failing: its chat's next update has not gone, all is pending
        assert 6 not in {u for _, u in receiver.received}
        assert emu.confirmed_offset <= 1
    await emu.wait_for(lambda e: e.pending_updates() == 0)
    assert per_chat(receiver.received)[CHATS[0]] == [1, 1, 1, 1, 6]
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 0
    assert "500" in (info.last_error_message or "")
