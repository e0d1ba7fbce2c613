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
(target <= 5%). Run: .venv/bin/python benchmarks/broadcast.py
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

from benchmarks.common import emulator_process
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
            await Outbox(repo).enqueue(
                [
                    OutgoingMessage(
                        chat_id=FIRST_CHAT + n,
                        kind="update",
                        method="sendMessage",
                        params=params,
                        dedupe_key=f"bench:{n}",
                    )
                    for n in range(count)
                ]
            )
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
    span = max(last - first, 1e-9)
    return {
        "rate": (sum(per_chat.values()) - 1) / span if per_chat else 0.0,
        "lost": count - len(per_chat),
        "repeated": sum(n - 1 for n in per_chat.values()),
        "refused": refused,
    }


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
    args = parser.parse_args()
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
    for label, seconds in (("one broadcast (cached)", cached), ("every row new", uncached)):
        print(
            f"  render, {label:<22} {seconds * 1e6:6.1f} us/row ="
            f" {seconds * spoken['rate']:.1%} of sending at {spoken['rate']:.0f} msg/s,"
            f" {seconds * 30:.2%} at 30 msg/s (target <= 5%)"
        )


if __name__ == "__main__":
    asyncio.run(main())
