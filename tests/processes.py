"""The bot as a real subprocess, for crash tests and benchmarks."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

from bot.emulator import DEFAULT_TOKEN
from bot.emulator.process import loopback_env

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port free on loopback right now (for a bot's webhook server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def start_bot_process(
    api_url: str,
    database: Path | str,
    log: Path,
    *,
    webhook_url: str | None = None,
    webhook_port: int | None = None,
    **extra: str,
) -> asyncio.subprocess.Process:
    """`python -m bot run` against the emulator, logging to a file.

    ``database``: a SQLite file (the process runs in its folder) or a URL (``sqlite:///`` or
    ``postgresql://``; the process runs in the log's folder). With ``webhook_url`` (the
    balancer's address) it runs ``--webhook``, listening on 127.0.0.1:``webhook_port``.
    """
    env = {
        k: v
        for k, v in loopback_env().items()
        if not k.startswith(("TELEGRAM_", "DATABASE_", "COORDINATOR_", "WEBHOOK_"))
    }
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN,
        TELEGRAM_API_BASE_URL=api_url,
        DATABASE_URL=url,
        **extra,
    )
    args = ["run"]
    if webhook_url is not None:
        if webhook_port is None:
            raise ValueError("a webhook process needs its own webhook_port")
        args.append("--webhook")
        env.update(
            WEBHOOK_URL=webhook_url, WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(webhook_port)
        )
    folder = database.parent if isinstance(database, Path) else log.parent
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args, cwd=folder, stdout=out, stderr=out, env=env
        )
