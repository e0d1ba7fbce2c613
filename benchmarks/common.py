"""Shared pieces of the benchmarks: an emulator process and waiting on its call log."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.emulator import EmulatorClient
from bot.emulator.process import start_emulator_process, stop_process


@asynccontextmanager
async def emulator_process(*args: str) -> AsyncIterator[tuple[str, EmulatorClient]]:
    """A fresh emulator in its own process (its own core), with a control client."""
    proc, url = await start_emulator_process(*args)
    try:
        async with EmulatorClient(url) as client:
            yield url, client
    finally:
        await stop_process(proc)


async def wait_for_calls(
    client: EmulatorClient, method: str, count: int, timeout: float = 300, ok_only: bool = True
) -> float:
    """Wait until `count` calls of `method` were answered; return the monotonic time then."""
    seen, since = 0, 0
    deadline = time.monotonic() + timeout
    while True:
        for call in await client.calls(method, since=since):
            if call["status"] == 0:  # recorded on arrival, not answered yet: look again
                break
            since = call["index"] + 1
            seen += call["status"] == 200 or not ok_only
        if seen >= count:
            return time.monotonic()
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {seen} of {count} {method} calls after {timeout} s")
        await asyncio.sleep(0.02)


def median(values: list[float]) -> float:
    """The median, for repeated rounds."""
    return statistics.median(values)
