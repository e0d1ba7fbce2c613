"""`BotApiEmulator`: a loopback Telegram Bot API that records calls and takes injections."""

from __future__ import annotations

import asyncio
import copy
import re
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.emulator.changes import ChangeSignal, wait_changed
from bot.emulator.faults import FaultPlan
from bot.emulator.inject import UpdateInjector
from bot.emulator.methods import BotApi
from bot.emulator.server import build_app
from bot.emulator.state import ApiCall, Clock, EmulatorState
from bot.emulator.updates import JSON
from bot.emulator.webhook import WebhookPusher

DEFAULT_TOKEN = "123456:TEST-emulator-token-abcdefghijklmnopqrstu"
TOKEN_SHAPE = re.compile(r"(\d+):[A-Za-z0-9_-]{30,}")
MESSAGE_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendPoll"})


class BotApiEmulator(UpdateInjector):
    """Serves the Bot API on loopback for the real python-telegram-bot stack."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "tandem_test_bot",
        clock: Clock = time.time,
    ) -> None:
        shape = TOKEN_SHAPE.fullmatch(token)
        if shape is None:
            # The token itself stays out of the message: it may be a real one by mistake.
            raise ValueError("token must look like <digits>:<30+ of A-Z a-z 0-9 _ ->")
        self.token = token
        self.clock = clock
        self.state = EmulatorState(clock, int(shape.group(1)), bot_username)
        self.signal = ChangeSignal()
        self.faults = FaultPlan(clock)
        self.webhook = WebhookPusher(self.state, self.signal)
        self.api = BotApi(self.state, self.signal, self.webhook)
        self.api_base_url = ""
        self._runner: web.AppRunner | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0 picks a free port); returns the base URL."""
        if self._runner is not None:
            raise RuntimeError("emulator already started")
        self.signal.bind(asyncio.get_running_loop())
        self.api.closing = False
        # No access log: request paths carry the bot token.
        runner = web.AppRunner(build_app(self), access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        self._runner = runner
        bound_port = runner.addresses[0][1]
        shown_host = f"[{host}]" if ":" in host else host
        self.api_base_url = f"http://{shown_host}:{bound_port}"
        return self.api_base_url

    async def stop(self) -> None:
        """Release waiting long-polls, stop webhook delivery and close the server."""
        self.api.closing = True
        self.signal.fire()
        await self.webhook.close()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def _publish(self, kind: str, payload: JSON) -> JSON:
        update = self.state.add_update(kind, payload)
        self.signal.fire()
        return update

    def _publish_raw(self, body: JSON) -> JSON:
        update = self.state.add_raw_update(body)
        self.signal.fire()
        return update

    def _membership_changed(self, chat_id: int, status: str) -> None:
        if status == "kicked":
            self.block(chat_id)
        elif status == "member":
            self.unblock(chat_id)

    def record(self, call: ApiCall) -> None:
        """Keep a call the bot made and wake whoever waits on calls."""
        self.state.calls.append(call)
        self.signal.fire()

    def answered(self, call: ApiCall, status: int, result: Any) -> None:
        """Complete a recorded call with its answer and wake whoever waits on calls."""
        call.status = status
        call.result = result
        self.signal.fire()

    @property
    def calls(self) -> list[ApiCall]:
        """Every Bot API call in arrival order, faulted ones too; status 0 while in flight."""
        return self.state.calls

    def calls_to(self, method: str) -> list[ApiCall]:
        """Calls of one method."""
        return [call for call in self.state.calls if call.method == method]

    def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Messages the bot sent (text, photo, document, poll), as they stand after edits."""
        return [
            copy.deepcopy(self.state.messages[key])
            for key in self.state.sent
            if chat_id is None or key[0] == chat_id
        ]

    def last_message(self, chat_id: int) -> JSON | None:
        """The bot's latest message in the chat."""
        latest = self.state.latest_bot_message(chat_id)
        return copy.deepcopy(latest) if latest is not None else None

    @property
    def files(self) -> dict[str, bytes]:
        """Bytes of every document and photo the bot uploaded, by file_id."""
        return {fid: f.data for fid, f in self.state.stored_files.items() if f.uploaded}

    def pending_updates(self) -> int:
        """Updates not yet confirmed (getUpdates) or delivered (webhook)."""
        return len(self.state.updates)

    @property
    def confirmed_offset(self) -> int:
        """The highest offset the bot has confirmed; updates below it are gone."""
        return self.state.confirmed_offset

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The commands setMyCommands stored for a scope (default scope if None)."""
        return self.api.get_my_commands({"scope": scope, "language_code": language_code})

    async def wait_for(
        self, predicate: Callable[[BotApiEmulator], bool], timeout: float = 5.0
    ) -> None:
        """Return once `predicate(self)` holds; re-checked on every call and injection."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            waiter = self.signal.waiter()
            if predicate(self):
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_report(predicate, timeout))
            await wait_changed(waiter, remaining)

    def _timeout_report(self, predicate: Callable[..., Any], timeout: float) -> str:
        name = getattr(predicate, "__qualname__", repr(predicate))
        recent = ", ".join(f"{c.method}->{c.status}" for c in self.state.calls[-8:]) or "none"
        return (
            f"wait_for({name}) still false after {timeout}s; {len(self.state.calls)} calls "
            f"(latest: {recent}); {self.pending_updates()} pending updates"
        )

    def set_flood_limit(self, per_second: float | None, retry_after: int = 1) -> None:
        """Answer 429 above `per_second` sending calls overall; None switches it off."""
        self.faults.set_flood_limit(per_second, retry_after)

    def fail_next(
        self,
        method: str,
        status: int = 500,
        description: str = "Internal Server Error",
        count: int = 1,
        *,
        html: bool = False,
    ) -> None:
        """Make the next `count` calls of `method` fail with this status and description."""
        self.faults.fail_next(method, status, description, count, html=html)

    def fail_for(
        self,
        method: str,
        seconds: float,
        status: int = 429,
        description: str = "Too Many Requests",
        *,
        retry_after: int | None = None,
        html: bool = False,
    ) -> None:
        """Make every call of `method` fail like this for `seconds` (429: give retry_after)."""
        self.faults.fail_for(
            method, seconds, status, description, retry_after=retry_after, html=html
        )

    def set_per_chat_limit(self, per_second: float | None) -> None:
        """Answer 429 above `per_second` sending calls to any one chat; None switches it off."""
        self.faults.set_per_chat_limit(per_second)

    def block(self, chat_id: int) -> None:
        """Sending to this chat now answers 403 (the user blocked the bot)."""
        self.faults.blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """Sending to this chat works again."""
        self.faults.blocked.discard(chat_id)
