"""A wake-up signal for long-pollers, webhook delivery and `wait_for` watchers."""

from __future__ import annotations

import asyncio
import contextlib
import threading


class ChangeSignal:
    """Fires whenever an update is injected or a call is recorded."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: int | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Remember the serving loop so other threads can fire safely."""
        self._loop = loop
        self._thread = threading.get_ident()

    def waiter(self) -> asyncio.Event:
        """The event the next fire sets; take it *before* checking, so no fire is missed."""
        return self._event

    def fire(self) -> None:
        """Wake everyone waiting on the current waiter."""
        if self._loop is not None and threading.get_ident() != self._thread:
            # asyncio.Event is not thread-safe: a sandbox may inject from its own thread.
            self._loop.call_soon_threadsafe(self._fire)
        else:
            self._fire()

    def _fire(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()


async def wait_changed(waiter: asyncio.Event, timeout: float | None) -> bool:
    """Wait for `waiter` at most `timeout` seconds; True if it fired."""
    if timeout is not None and timeout <= 0:
        return waiter.is_set()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(waiter.wait(), timeout)
    return waiter.is_set()
