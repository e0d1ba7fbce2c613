"""The bot as a real subprocess, for crash tests."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.emulator import DEFAULT_TOKEN
from bot.emulator.process import loopback_env

ROOT = Path(__file__).resolve().parent.parent


async def start_bot_process(
    api_url: str, database: Path | str, log: Path, **extra: str
) -> asyncio.subprocess.Process:
    """`python -m bot run` against the emulator, in the log's folder, logging to a file.

    ``database``: the ``database_url`` fixture's URL (SQLite or PostgreSQL), or a SQLite file.
    """
    env = {
        k: v
        for k, v in loopback_env().items()
        if not k.startswith(("TELEGRAM_", "DATABASE_", "COORDINATOR_"))
    }
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN,
        TELEGRAM_API_BASE_URL=api_url,
        DATABASE_URL=database if isinstance(database, str) else f"sqlite:///{database}",
        **extra,
    )
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=log.parent,
            stdout=out,
            stderr=out,
            env=env,
        )
