"""End-to-end ingest: updates/s from injection to answer, Tandem against a plain PTB bot.

Both bots run in this process against the same Bot API emulator (in its own process) and
answer every message. Tandem does its real work: residents who consented are in the middle
of a dialogue, so each message is stored in the SQLite inbox before it is confirmed, walked
through the dialogue engine, stored as an answer with the new position, and answered with
the next question. The plain bot uses python-telegram-bot's own polling and just replies,
as a typical bot does (also shown with concurrent_updates, and with Tandem's transport).
With TANDEM_BENCH_POSTGRES set to a PostgreSQL server's URL, two more Tandem rows run on a
database of their own there: 1 and 2 bot processes (subprocesses in webhook mode, behind a
round-robin balancer, as tests/cluster.py deploys them); without it they are skipped.
Run: .venv/bin/python benchmarks/ingest.py
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from benchmarks.common import (
    POSTGRES_HINT,
    emulator_process,
    median,
    postgres_database,
    postgres_server,
    wait_for_calls,
)
from benchmarks.scenario import question, seed_residents, write_project
from bot.config import load_settings
from bot.emulator import DEFAULT_TOKEN, EmulatorClient
from bot.runtime import serve
from bot.transport import AiohttpRequest
from tests import dbview
from tests.cluster import bot_cluster


def messages(count: int, residents: int) -> list[dict[str, object]]:
    """Answers from many residents, interleaved as they would arrive."""
    return [
        {
            "kind": "text",
            "user_id": 50_000 + i % residents,
            "text": f"Answer {i}: more buses on Sundays",
        }
        for i in range(count)
    ]


async def inject_and_time(client: EmulatorClient, items: list[dict[str, object]]) -> float:
    """Inject everything, then wait for every answer; return updates per second."""
    start = time.monotonic()
    for i in range(0, len(items), 500):
        await client.inject_many(items[i : i + 500])
    end = await wait_for_calls(client, "sendMessage", len(items))
    return len(items) / (end - start)


async def run_tandem(items: list[dict[str, object]]) -> float:
    """Tandem's durable inbox and dialogue engine, with a real SQLite file."""
    users = sorted({int(str(item["user_id"])) for item in items})
    per_user = -(-len(items) // len(users))
    async with emulator_process() as (url, client):
        with tempfile.TemporaryDirectory() as tmp:
            project = write_project(Path(tmp) / "projects", per_user)
            database = Path(tmp) / "bench.sqlite3"
            await seed_residents(database, project, users)
            settings = load_settings(
                env_file=None,
                telegram_bot_token=DEFAULT_TOKEN,
                telegram_api_base_url=url,
                database_url=f"sqlite:///{database}",
                projects_dir=project.parent,
            )
            stored_before = await count_answers(database)
            stop = asyncio.Event()
            task = asyncio.create_task(serve(settings, stop=stop))
            await wait_for_calls(client, "deleteWebhook", 1, timeout=30)
            rate = await inject_and_time(client, items)
            stop.set()
            await task
            stored = await count_answers(database) - stored_before
            if stored != len(items):
                raise RuntimeError(f"tandem stored {stored} answers for {len(items)} messages")
    return rate


async def run_tandem_processes(items: list[dict[str, object]], processes: int) -> float:
    """Tandem as ``processes`` webhook subprocesses on one PostgreSQL database, behind the
    balancer; the emulator posts up to 40 updates at once, as Telegram does."""
    server = postgres_server()
    assert server is not None
    users = sorted({int(str(item["user_id"])) for item in items})
    per_user = -(-len(items) // len(users))
    async with emulator_process() as (url, client):
        with tempfile.TemporaryDirectory() as tmp, postgres_database(server) as database:
            project = write_project(Path(tmp) / "projects", per_user)
            await seed_residents(database, project, users)
            stored_before = await count_answers(database)
            async with bot_cluster(
                client, url, database, Path(tmp), processes, PROJECTS_DIR=str(project.parent)
            ) as cluster:
                rate = await inject_and_time(client, items)
                spread = [cluster.received(n) for n in range(processes)]
            stored = await count_answers(database) - stored_before
            if stored != len(items):
                raise RuntimeError(f"tandem stored {stored} answers for {len(items)} messages")
    if processes > 1 and min(spread) == 0:
        raise RuntimeError(f"the updates did not spread across the processes: {spread}")
    return rate


async def count_answers(database: Path | str) -> int:
    """Answers in the database (to check the Tandem side really did the work)."""
    return int(dbview.value(str(database), "SELECT COUNT(*) FROM answers"))


async def _plain_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message and update.message.text:
        await update.message.reply_text(question(2))


async def run_plain(
    items: list[dict[str, object]], concurrent: bool | int, aiohttp_transport: bool = False
) -> float:
    """A plain python-telegram-bot bot with its own polling, answering the same way."""
    async with emulator_process() as (url, client):
        builder = (
            Application.builder()
            .token(DEFAULT_TOKEN)
            .base_url(f"{url}/bot")
            .concurrent_updates(concurrent)
        )
        if aiohttp_transport:
            builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(2))
        app = builder.build()
        app.add_handler(MessageHandler(filters.TEXT, _plain_reply))
        await app.initialize()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        await app.start()
        await wait_for_calls(client, "deleteWebhook", 1, timeout=30)
        rate = await inject_and_time(client, items)
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    return rate


VARIANTS = {
    "tandem": ("tandem (durable SQLite inbox)", lambda items: run_tandem(items)),
    "tandem_pg_1": (
        "tandem, PostgreSQL, 1 process (webhook)",
        lambda items: run_tandem_processes(items, 1),
    ),
    "tandem_pg_2": (
        "tandem, PostgreSQL, 2 processes (webhook)",
        lambda items: run_tandem_processes(items, 2),
    ),
    "plain": ("plain PTB, run_polling defaults", lambda items: run_plain(items, False)),
    "plain_concurrent": (
        "plain PTB, concurrent_updates=True",
        lambda items: run_plain(items, True),
    ),
    "plain_same_transport": (
        "plain PTB, Tandem's transport, 32 at once",
        lambda items: run_plain(items, 32, aiohttp_transport=True),
    ),
}

POSTGRES_ROWS = ("tandem_pg_1", "tandem_pg_2")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--residents", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=sorted(VARIANTS), help="run one side only (profiling)")
    args = parser.parse_args()
    items = messages(args.messages, args.residents)
    names = [args.only] if args.only else list(VARIANTS)
    if postgres_server() is None:
        names = [name for name in names if name not in POSTGRES_ROWS]
        print(f"  {POSTGRES_HINT}", flush=True)
    results: dict[str, list[float]] = {name: [] for name in names}
    for round_no in range(args.rounds):
        # Alternate the order so no side always runs on a warmer machine.
        for name in names if round_no % 2 == 0 else names[::-1]:
            try:
                rate = await VARIANTS[name][1](items)
            except Exception as exc:  # one broken row must not hide the others
                print(f"  round {round_no + 1}: {name:<21} FAILED: {exc!r:.300}", flush=True)
                continue
            results[name].append(rate)
            print(f"  round {round_no + 1}: {name:<21} {rate:8.0f} updates/s", flush=True)
    rates = {name: median(values) for name, values in results.items() if values}
    print(
        f"ingest: {args.messages} messages from {args.residents} residents, inject -> stored"
        f" -> answered, median of {args.rounds} rounds, emulator in its own process"
    )
    for name, rate in rates.items():
        print(f"  {VARIANTS[name][0]:<44} {rate:8.0f} updates/s")
    for name in POSTGRES_ROWS:
        if name in rates and "tandem" in rates:
            label = f"ratio {name} / tandem (SQLite)"
            print(f"  {label:<44} {rates[name] / rates['tandem']:8.2f}")
    if args.only or not set(VARIANTS) - set(POSTGRES_ROWS) <= set(rates):
        return
    tandem = rates["tandem"]
    print(
        f"  ratio tandem / plain PTB                     {tandem / rates['plain']:8.2f}"
        "  (target >= 1.0)"
    )
    print(
        f"  ratio tandem / plain PTB, concurrent         {tandem / rates['plain_concurrent']:8.2f}"
    )
    print(
        f"  ratio tandem / plain PTB, same transport     "
        f"{tandem / rates['plain_same_transport']:8.2f}  (the inbox's own cost)"
    )


if __name__ == "__main__":
    asyncio.run(main())
