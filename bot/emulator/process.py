"""Run the emulator as a child process (crash tests, benchmarks, the sandbox)."""

from __future__ import annotations

import asyncio
import os
import sys


def loopback_env(**extra: str) -> dict[str, str]:
    """This process's environment, with loopback exempt from any proxy."""
    env = dict(os.environ)
    env.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


async def start_emulator_process(
    *args: str, env: dict[str, str] | None = None
) -> tuple[asyncio.subprocess.Process, str]:
    """Start `python -m bot.emulator --port 0 ARGS`; return the process and its base URL."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.emulator",
        "--port",
        "0",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env=env or loopback_env(),
    )
    assert proc.stdout is not None
    line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode().strip()
    if not line.startswith("EMULATOR_URL="):
        proc.kill()
        await proc.wait()
        raise RuntimeError(f"the emulator did not start (it said {line!r})")
    return proc, line.split("=", 1)[1]


async def stop_process(proc: asyncio.subprocess.Process, timeout: float = 20) -> int:
    """SIGTERM, wait, SIGKILL if it will not go; return the exit code."""
    if proc.returncode is None:
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), timeout)
        except TimeoutError:
            proc.kill()
            await proc.wait()
    return proc.returncode if proc.returncode is not None else -1
