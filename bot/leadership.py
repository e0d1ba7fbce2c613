"""One leader among the bot processes sharing a database: it alone drains the outbox under
Telegram's limits and runs the schedules (diary prompts, check-ins, poll closings, exports
left unfinished). The others take updates; one of them takes over within seconds when the
leader dies, because the lock is the database's (storage/locks.py).

A leader that loses its lock (its database connection broke) stops the process: a second
leader must never send beside it, and the supervisor (systemd, Docker) starts it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import Application, Job

from storage.locks import LeaderLock

log = logging.getLogger(__name__)

TRY_EVERY_SECONDS = 1.0  # a follower asks for the lock this often
CHECK_EVERY_SECONDS = 2.0  # the leader checks its lock's connection this often


DUTIES_KEY = "leader_duties"
Duty = Callable[[Any], Awaitable[Any]]


def leader_duty(app: Application[Any, Any, Any, Any, Any, Any], duty: Duty, name: str) -> None:
    """Run ``duty`` (a job callback) in whichever process becomes leader, when it does:
    restoring poll closings, resuming unfinished exports."""
    app.bot_data.setdefault(DUTIES_KEY, []).append((duty, name))


async def run_duties(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Run every leader duty now, one after another (on becoming leader)."""
    for duty, name in app.bot_data.get(DUTIES_KEY, []):
        await Job(duty, name=name).run(app)


class Leadership:
    """Tries for the leader lock; runs ``on_elected`` once it has it."""

    def __init__(
        self,
        lock: LeaderLock,
        on_elected: Callable[[], Awaitable[None]],
        stop: asyncio.Event,
    ) -> None:
        self._lock = lock
        self._on_elected = on_elected
        self._stop = stop
        self.leading = False
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Become leader now if nobody is; else keep trying in the background."""
        if await self._try():
            await self._lead()
        self._task = asyncio.create_task(self._watch(), name="leadership")

    async def _try(self) -> bool:
        try:
            return await self._lock.try_acquire()
        except Exception:
            log.warning("leader: could not ask the database for the lock; trying again")
            return False

    async def _lead(self) -> None:
        self.leading = True
        log.info("leader: this process now sends the outbox and runs the schedules")
        await self._on_elected()

    async def _watch(self) -> None:
        while not self._stop.is_set():
            if not self.leading:
                await asyncio.sleep(TRY_EVERY_SECONDS)
                if await self._try():
                    await self._lead()
                continue
            await asyncio.sleep(CHECK_EVERY_SECONDS)
            if not await self._lock.still_held():
                log.error(
                    "leader: lost the database lock (connection broken); stopping this"
                    " process so that only one process sends"
                )
                self._stop.set()

    async def stop(self) -> None:
        """Stop trying and let the lock go (another process takes over)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._lock.close()
        self.leading = False
