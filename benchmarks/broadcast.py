"""Broadcast throughput: how close the outbox sender gets to Telegram's limit, losing nothing.

The emulator runs in its own process and enforces flood control like Telegram: 30
messages/s overall (429 with retry_after above it), and 1000/s for messages sent with
allow_paid_broadcast. Tandem's outbox sender drains a broadcast from a real SQLite file.
Printed side by side: messages/s achieved as a fraction of the limit (target >= 0.9 at
BROADCAST_RATE=30), messages lost or repeated (target 0), and in paid mode the sender against
a bare loop of concurrent send_message calls (no database), to show the sender is not the
bottleneck. Then the cost of putting rows into words at send time (bot/outbox_words.py): the
same paid broadcast queued as what to say (catalogue keys and per-language texts) against
pre-rendered words, and the CPU time rendering takes per row (cached per language, as a
broadcast is, and uncached) as a share of the time one message takes at the sending rate
(target <= 5%). With TANDEM_BENCH_POSTGRES set to a PostgreSQL server's URL, also two bot
processes on one database there (webhook mode, behind the balancer of tests/cluster.py): one
broadcast, which only the leader may send (target >= 0.95 of the limit, 0 repeated).
Run: .venv/bin/python benchmarks/broadcast.py
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Bot
from telegram.error import RetryAfter

from benchmarks.common import (
    POSTGRES_HINT,
    emulator_process,
    postgres_database,
    postgres_server,
)
from bot.emulator import DEFAULT_TOKEN, EmulatorClient
from bot.outbox import Outbox, OutboxSender
from bot.outbox_words import LateWords
from bot.transport import AiohttpRequest
from conversations import loop
from conversations.i18n import late
from conversations.i18n.catalogues import shipped
from conversations.i18n.words import english
from conversations.texts_by_language import Text
from storage.database import Database
from storage.outbox import OutboxRepository, OutgoingMessage, QueuedMessage
from tests import dbview
from tests.cluster import bot_cluster

FIRST_CHAT = 700_000
TITLE = Text({"en": "Getting about in Northfield", "cy": "Mynd o gwmpas yn Northfield"})
IDEA = loop.Link("idea", "A bench at the bus stop")
NEWS = "You said there was nowhere to sit. A bench goes in next month."


def update_params(rendered: bool) -> dict[str, object]:
    """An update as the outbox holds it: what to say, or (``rendered``) finished English."""
    button = {"text": late.say("UPDATE_REPLY_BUTTON"), "callback_data": "upreply:1"}
    spec: dict[str, object] = {
        "text": loop.update_spec(TITLE, IDEA, NEWS),
        "reply_markup": {"inline_keyboard": [[button]]},
    }
    return late.render(spec, english(), "en", "en") if rendered else spec


async def delivered(client: EmulatorClient) -> tuple[Counter[int], int, float, float]:
    """Successful sends per chat, 429s seen, and the first and last success times."""
    per_chat: Counter[int] = Counter()
    refused, first, last = 0, float("inf"), 0.0
    for call in await client.calls("sendMessage"):
        if call["status"] == 200:
            per_chat[int(call["params"]["chat_id"])] += 1
            first, last = min(first, call["at"]), max(last, call["at"])
        elif call["status"] == 429:
            refused += 1
    return per_chat, refused, first, last


async def run_sender(
    count: int, rate: float, paid: bool, rendered: bool = True
) -> dict[str, float]:
    """Queue `count` messages to distinct chats and let the sender deliver them."""
    async with emulator_process() as (url, client):
        await client.faults(flood_per_second=30, retry_after=1)
        bot = Bot(DEFAULT_TOKEN, base_url=f"{url}/bot", request=AiohttpRequest(128))
        await bot.initialize()
        with tempfile.TemporaryDirectory() as tmp:
            db = await Database.open(Path(tmp) / "bench.sqlite3")
            repo = OutboxRepository(db)
            params = update_params(rendered)
            if paid:
                params["allow_paid_broadcast"] = True
            await Outbox(repo).enqueue(broadcast_rows(count, params))
            sender = OutboxSender(bot, repo, rate, max_in_flight=64)
            start = time.monotonic()
            await sender.start()
            sender.notify()
            while (await repo.status_counts()).get("sent", 0) < count:
                await asyncio.sleep(0.1)
                if time.monotonic() - start > count / rate * 3 + 30:
                    break
            await sender.stop()
            await db.close()
        per_chat, refused, first, last = await delivered(client)
        await bot.shutdown()
    return outcome(count, per_chat, refused, first, last)


def outcome(
    count: int, per_chat: dict[int, int], refused: int, first: float, last: float
) -> dict[str, float]:
    """Rate over the span of deliveries, and how many chats got nothing or more than one."""
    span = max(last - first, 1e-9)
    return {
        "rate": (sum(per_chat.values()) - 1) / span if per_chat else 0.0,
        "lost": count - len(per_chat),
        "repeated": sum(n - 1 for n in per_chat.values()),
        "refused": refused,
    }


def broadcast_rows(count: int, params: dict[str, object]) -> list[OutgoingMessage]:
    """One broadcast: the same message to ``count`` distinct chats."""
    return [
        OutgoingMessage(
            chat_id=FIRST_CHAT + n,
            kind="update",
            method="sendMessage",
            params=params,
            dedupe_key=f"bench:{n}",
        )
        for n in range(count)
    ]


async def run_processes(count: int, rate: float, processes: int = 2) -> dict[str, float]:
    """``processes`` bots on one PostgreSQL database send one broadcast queued from outside."""
    server = postgres_server()
    assert server is not None
    async with emulator_process() as (url, client):
        await client.faults(flood_per_second=30, retry_after=1)
        with tempfile.TemporaryDirectory() as tmp, postgres_database(server) as database:
            env = {"BROADCAST_RATE": str(rate), "PROJECTS_DIR": str(Path(tmp) / "projects")}
            async with bot_cluster(client, url, database, Path(tmp), processes, **env) as cluster:
                db = await Database.open(database)
                try:
                    await Outbox(OutboxRepository(db)).enqueue(
                        broadcast_rows(count, update_params(rendered=True))
                    )
                finally:
                    await db.close()
                deadline = time.monotonic() + count / rate * 3 + 30
                sent = "SELECT COUNT(*) FROM outbox WHERE status = 'sent'"
                while time.monotonic() < deadline:
                    if dbview.value(database, sent) >= count:
                        break
                    await asyncio.sleep(0.2)
                await asyncio.sleep(1)  # anything still in flight lands before counting
                leaders = cluster.leaders()
        per_chat, refused, first, last = await delivered(client)
    return {**outcome(count, per_chat, refused, first, last), "leaders": len(leaders)}


async def run_bare(count: int) -> float:
    """The same messages from a bare concurrent loop (no outbox, no database)."""
    async with emulator_process() as (url, client):
        await client.faults(flood_per_second=30, retry_after=1)
        bot = Bot(DEFAULT_TOKEN, base_url=f"{url}/bot", request=AiohttpRequest(128))
        await bot.initialize()
        slots = asyncio.Semaphore(64)

        async def send(n: int) -> None:
            async with slots:
                while True:
                    try:
                        await bot.send_message(
                            FIRST_CHAT + n, "You said, we did.", allow_paid_broadcast=True
                        )
                        return
                    except RetryAfter:
                        await asyncio.sleep(1)

        await asyncio.gather(*(send(n) for n in range(count)))
        per_chat, _, first, last = await delivered(client)
        await bot.shutdown()
    return (sum(per_chat.values()) - 1) / max(last - first, 1e-9)


def render_seconds(rows: int, distinct: bool) -> float:
    """CPU seconds per row to put claimed rows into words, English and Welsh alternating;
    ``distinct``: every row's parameters differ (nothing cached), else one broadcast's."""
    words = LateWords(shipped(), None)
    spec = update_params(rendered=False)
    messages = [
        QueuedMessage(
            n, FIRST_CHAT + n, None, "update", "sendMessage", spec, 1,
            language="cy" if n % 2 else "en",
            raw_params=f"{n}" if distinct else "broadcast",
        )
        for n in range(rows)
    ]  # fmt: skip
    start = time.process_time()
    for message in messages:
        words.params(message)
    return (time.process_time() - start) / rows


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=900, help="normal mode (30 s at 30/s)")
    parser.add_argument("--paid-messages", type=int, default=5000)
    parser.add_argument(
        "--process-messages", type=int, default=600, help="2 processes (20 s at 30/s)"
    )
    args = parser.parse_args()
    two = None
    if postgres_server() is None:
        print(f"  {POSTGRES_HINT}", flush=True)
    else:
        try:
            two = await run_processes(args.process_messages, rate=30)
        except Exception as exc:  # report it beside the other figures
            print(f"  2 processes on PostgreSQL FAILED: {exc!r:.300}", flush=True)
    normal = await run_sender(args.messages, rate=30, paid=False)
    paid = await run_sender(args.paid_messages, rate=1000, paid=True)
    bare = await run_bare(args.paid_messages)
    spoken = await run_sender(args.paid_messages, rate=1000, paid=True, rendered=False)
    cached, uncached = render_seconds(20_000, False), render_seconds(5_000, True)
    print("broadcast: emulator enforcing 30 msg/s (429 + retry_after above), paid 1000 msg/s")
    print(
        f"  BROADCAST_RATE=30, {args.messages} messages    {normal['rate']:7.1f} msg/s ="
        f" {normal['rate'] / 30:.2f} of the limit (target >= 0.9);"
        f" lost {normal['lost']:.0f}, repeated {normal['repeated']:.0f},"
        f" 429s {normal['refused']:.0f}"
    )
    print(
        f"  paid broadcast, {args.paid_messages} messages   {paid['rate']:7.1f} msg/s ="
        f" {paid['rate'] / 1000:.2f} of the limit; lost {paid['lost']:.0f},"
        f" repeated {paid['repeated']:.0f}"
    )
    print(
        f"  bare send loop, same paid messages  {bare:7.1f} msg/s;"
        f" sender / bare = {paid['rate'] / bare:.2f}"
    )
    print(
        f"  paid, rendered per recipient        {spoken['rate']:7.1f} msg/s;"
        f" / pre-rendered = {spoken['rate'] / paid['rate']:.2f}; lost {spoken['lost']:.0f},"
        f" repeated {spoken['repeated']:.0f}"
    )
    if two is not None:
        print(
            f"  2 processes, PostgreSQL, {args.process_messages} messages"
            f" {two['rate']:7.1f} msg/s = {two['rate'] / 30:.2f} of the limit (target >= 0.95);"
            f" lost {two['lost']:.0f}, repeated {two['repeated']:.0f} (target 0),"
            f" 429s {two['refused']:.0f}; {two['leaders']:.0f} process(es) logged the lead"
        )
    for label, seconds in (("one broadcast (cached)", cached), ("every row new", uncached)):
        print(
            f"  render, {label:<22} {seconds * 1e6:6.1f} us/row ="
            f" {seconds * spoken['rate']:.1%} of sending at {spoken['rate']:.0f} msg/s,"
            f" {seconds * 30:.2%} at 30 msg/s (target <= 5%)"
        )


if __name__ == "__main__":
    asyncio.run(main())
