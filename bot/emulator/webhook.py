"""Push mode: POST pending updates to the bot's webhook, as Telegram does.

Telegram keeps up to ``max_connections`` deliveries in flight (setWebhook, default 40).
Updates of one chat go one at a time and in order: the next waits until the previous got
200, and a failed one is retried after ``retry_delay`` while other chats carry on. Updates
are dispatched in update_id order; only the contiguous prefix that got 200 is confirmed
(forgotten), so getWebhookInfo's pending_update_count counts everything not yet delivered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp

from bot.emulator.changes import ChangeSignal, wait_changed
from bot.emulator.state import EmulatorState
from bot.emulator.updates import JSON, update_kind

log = logging.getLogger(__name__)


def order_key(update: JSON) -> object:
    """What an update must stay in order with: its chat (or user); else only itself."""
    kind = update_kind(update)
    payload = update.get(kind) if kind else None
    if isinstance(payload, dict):
        for holder in (payload, payload.get("message")):
            if not isinstance(holder, dict):
                continue
            for field in ("chat", "from", "user"):
                who = holder.get(field)
                if isinstance(who, dict) and "id" in who:
                    return who["id"]
    return ("update", update.get("update_id"))


class WebhookPusher:
    """Delivers updates concurrently across chats, in order within each chat."""

    def __init__(
        self, state: EmulatorState, signal: ChangeSignal, retry_delay: float = 0.2
    ) -> None:
        self.state = state
        self.signal = signal
        self.retry_delay = retry_delay
        self.url = ""
        self.secret_token: str | None = None
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._delivered: set[int] = set()  # got 200, waiting for the prefix before them
        self._retry_at: dict[int, float] = {}  # failed: loop time it may go again

    @property
    def active(self) -> bool:
        """Whether a webhook is set (getUpdates is then refused)."""
        return bool(self.url)

    def set(self, url: str, secret_token: str | None) -> None:
        """Point delivery at `url` and start pushing."""
        self.url = url
        self.secret_token = secret_token
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._deliver_forever())
        self.signal.fire()

    async def delete(self) -> None:
        """Stop pushing; pending updates stay for getUpdates."""
        self.url = ""
        tasks = [t for t in (self._task, *self._in_flight.values()) if t is not None]
        self._task = None
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._in_flight.clear()
        self._retry_at.clear()
        self._confirm_prefix()
        self._delivered.clear()

    async def close(self) -> None:
        """Stop pushing and release the HTTP session."""
        await self.delete()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _deliver_forever(self) -> None:
        loop = asyncio.get_running_loop()
        while self.url:
            waiter = self.signal.waiter()
            self._confirm_prefix()
            for update in self._next_batch(loop.time()):
                update_id = update["update_id"]
                self._in_flight[update_id] = loop.create_task(self._deliver(update))
            retries = [at for uid, at in self._retry_at.items() if uid not in self._in_flight]
            timeout = max(0.0, min(retries) - loop.time()) + 0.001 if retries else None
            await wait_changed(waiter, timeout)

    def _next_batch(self, now: float) -> list[JSON]:
        """Updates to post now: the oldest of each chat not busy, up to the free connections."""
        free = self.max_connections - len(self._in_flight)
        batch: list[JSON] = []
        unwanted: list[JSON] = []
        held: set[object] = set()  # chats with an earlier update not yet delivered
        for update in self.state.updates:
            if free <= 0:
                break
            update_id = update["update_id"]
            if update_id in self._delivered:
                continue
            if not self.state.wants(update):
                unwanted.append(update)
                continue
            key = order_key(update)
            if key in held:
                continue
            held.add(key)
            if update_id in self._in_flight or self._retry_at.get(update_id, 0) > now:
                continue
            batch.append(update)
            free -= 1
        for update in unwanted:  # the bot opted out of these: Telegram drops them
            self.state.updates.remove(update)
        return batch

    def _confirm_prefix(self) -> None:
        """Forget the updates at the head that were delivered."""
        updates = self.state.updates
        while updates and updates[0]["update_id"] in self._delivered:
            self._delivered.discard(updates[0]["update_id"])
            self.state.confirm(updates[0]["update_id"] + 1)

    async def _deliver(self, update: JSON) -> None:
        update_id = update["update_id"]
        try:
            if await self._post(update):
                self._delivered.add(update_id)
                self._retry_at.pop(update_id, None)
            else:
                self._retry_at[update_id] = asyncio.get_running_loop().time() + self.retry_delay
        finally:
            self._in_flight.pop(update_id, None)
            self.signal.fire()

    async def _post(self, update: JSON) -> bool:
        if self._session is None:
            # trust_env=False: deliveries go to loopback and must never take a proxy. The
            # connection count is bounded by max_connections here, not by the connector.
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=10),
                trust_env=False,
                connector=aiohttp.TCPConnector(limit=0),
            )
        headers = {}
        if self.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.secret_token
        try:
            async with self._session.post(self.url, json=update, headers=headers) as response:
                if response.status == 200:
                    return True
                error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection failed: {type(exc).__name__}"
        self.last_error_date = self.state.now()
        self.last_error_message = error
        log.debug("webhook delivery of update %s failed: %s", update.get("update_id"), error)
        return False
