"""Several bot processes behind one load balancer, as a multi-process deployment runs.

The emulator (Telegram) posts each update to the balancer (tests/balancer.py), which hands it
to the next bot process in turn; every process is a real ``python -m bot run --webhook``
on the same database, listening on a port of its own. Crash tests SIGKILL one and start it
again on the same port; benchmarks time the whole.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.emulator import EmulatorClient
from bot.emulator.process import stop_process
from tests.balancer import Balancer
from tests.processes import free_port, start_bot_process

HOOK_PATH = "/telegram"
LEADER_LINE = "leader: this process now sends the outbox and runs the schedules"


@dataclass
class Cluster:
    """Bot processes numbered 0..n-1, each with its own port and log file."""

    client: EmulatorClient
    api_url: str
    database: str
    folder: Path
    balancer: Balancer
    hook_url: str
    ports: list[int]
    env: dict[str, str]
    procs: list[asyncio.subprocess.Process | None] = field(default_factory=list)

    def log(self, n: int) -> Path:
        """Process n's log (kept across restarts)."""
        return self.folder / f"bot{n}.log"

    def backend(self, n: int) -> str:
        """Process n's address as the balancer knows it."""
        return f"http://127.0.0.1:{self.ports[n]}"

    def received(self, n: int) -> int:
        """Updates the balancer handed to process n (answered, any status)."""
        return self.balancer.forwarded[self.backend(n)]

    async def start(self, n: int, timeout: float = 60) -> None:
        """Start process n and wait until it has registered the webhook (it is listening)."""
        before = await self._webhooks_set()
        self.procs[n] = await start_bot_process(
            self.api_url,
            self.database,
            self.log(n),
            webhook_url=self.hook_url,
            webhook_port=self.ports[n],
            **self.env,
        )
        deadline = time.monotonic() + timeout
        while await self._webhooks_set() <= before:
            proc = self.procs[n]
            if proc is not None and proc.returncode is not None:
                raise RuntimeError(f"bot {n} exited at start:\n{self.tail(n)}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"bot {n} did not set its webhook:\n{self.tail(n)}")
            await asyncio.sleep(0.1)

    async def kill(self, n: int) -> float:
        """SIGKILL process n; return the wall-clock time it was gone (the emulator's clock)."""
        proc = self.procs[n]
        assert proc is not None and proc.returncode is None, f"bot {n} is not running"
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        return time.time()

    async def stop(self) -> dict[int, int]:
        """SIGTERM every running process; their exit codes by number."""
        codes = {}
        for n, proc in enumerate(self.procs):
            if proc is not None and proc.returncode is None:
                codes[n] = await stop_process(proc)
        return codes

    def leaders(self) -> list[int]:
        """The processes whose log says they took the lead (sending and schedules)."""
        return [n for n in range(len(self.ports)) if LEADER_LINE in self.text(n)]

    def text(self, n: int) -> str:
        """Process n's whole log so far."""
        path = self.log(n)
        return path.read_text(errors="replace") if path.exists() else ""

    def tail(self, n: int, chars: int = 3000) -> str:
        """The end of process n's log, for failure messages."""
        return self.text(n)[-chars:]

    async def _webhooks_set(self) -> int:
        return sum(c["status"] == 200 for c in await self.client.calls("setWebhook"))


@asynccontextmanager
async def bot_cluster(
    client: EmulatorClient, api_url: str, database: str, folder: Path, processes: int, **env: str
) -> AsyncIterator[Cluster]:
    """Start ``processes`` webhook bots behind a fresh balancer; stop them all afterwards."""
    ports = [free_port() for _ in range(processes)]
    balancer = Balancer([f"http://127.0.0.1:{port}" for port in ports])
    base = await balancer.start()
    cluster = Cluster(
        client, api_url, database, folder, balancer, base + HOOK_PATH, ports, env,
        [None] * processes,
    )  # fmt: skip
    try:
        for n in range(processes):
            await cluster.start(n)
        yield cluster
    finally:
        await cluster.stop()
        await balancer.stop()
