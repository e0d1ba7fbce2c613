"""Shared pieces of the benchmarks: an emulator process, waiting on its call log, and a
PostgreSQL database of their own when TANDEM_BENCH_POSTGRES names a server."""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

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


BENCH_POSTGRES = "TANDEM_BENCH_POSTGRES"
POSTGRES_HINT = (
    f"PostgreSQL rows skipped: set {BENCH_POSTGRES} to a server URL (the benchmark creates and"
    f" drops a database of its own there), e.g. {BENCH_POSTGRES}=postgresql://user@host:5432/postgres"
)
_databases = itertools.count()


def postgres_server() -> str | None:
    """The PostgreSQL server the benchmarks may use (TANDEM_BENCH_POSTGRES), if any."""
    return os.environ.get(BENCH_POSTGRES) or None


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A fresh, empty database on ``server`` for one run, dropped afterwards; its URL."""
    import psycopg

    name = f"tandem_bench_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{server.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
