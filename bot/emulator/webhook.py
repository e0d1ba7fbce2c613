"""Push mode: POST each pending update to the bot's webhook until it answers 200."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp

from bot.emulator.changes import ChangeSignal, wait_changed
from bot.emulator.state import EmulatorState

log = logging.getLogger(__name__)


class WebhookPusher:
    """Delivers updates one at a time, in order, retrying a failed one before the next."""

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
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def close(self) -> None:
        """Stop pushing and release the HTTP session."""
        await self.delete()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _deliver_forever(self) -> None:
        while self.url:
            waiter = self.signal.waiter()
            pending = self.state.deliverable(1)
            if not pending:
                await wait_changed(waiter, None)
                continue
            update = pending[0]
            if await self._post(update):
                self.state.confirm(update["update_id"] + 1)
                self.signal.fire()
            else:
                await asyncio.sleep(self.retry_delay)

    async def _post(self, update: dict[str, object]) -> bool:
        if self._session is None:
            # trust_env=False: deliveries go to loopback and must never take a proxy.
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=10), trust_env=False
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
