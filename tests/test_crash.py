"""SIGKILL the bot mid-burst: nothing lost, nothing handled twice (checked in SQLite)."""

from __future__ import annotations

import asyncio
import re
import signal
import sqlite3
from collections import Counter
from pathlib import Path

from bot.emulator import EmulatorClient
from bot.emulator.process import start_emulator_process, stop_process
from tests.processes import start_bot_process

RESIDENTS = 200
MESSAGES = 2000
NOTE = re.compile(r"(/note_\d+)")


async def replies_per_note(client: EmulatorClient) -> Counter[str]:
    counts: Counter[str] = Counter()
    for call in await client.calls("sendMessage"):
        if call["status"] == 200 and (m := NOTE.search(call["params"].get("text", ""))):
            counts[m.group(1)] += 1
    return counts


async def wait_until(check, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached in time")
        await asyncio.sleep(0.1)


async def test_sigkill_mid_burst_loses_nothing_and_repeats_nothing(tmp_path: Path) -> None:
    emulator, url = await start_emulator_process()
    database = tmp_path / "tandem.sqlite3"
    log = tmp_path / "bot.log"
    bot = None
    try:
        async with EmulatorClient(url) as client:
            bot = await start_bot_process(url, database, log)
            await wait_until(lambda: _polling(client), 20)
            # Each message is a distinct command, so every reply names the message it answers.
            items = [
                {"kind": "text", "user_id": 10_000 + i % RESIDENTS, "text": f"/note_{i}"}
                for i in range(MESSAGES)
            ]
            for start in range(0, 600, 100):
                await client.inject_many(items[start : start + 100])
            await wait_until(lambda: _answered(client, 150), 30)
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
            answered_at_kill = sum((await replies_per_note(client)).values())
            # Messages keep arriving while the bot is down; Telegram holds them.
            for start in range(600, MESSAGES, 100):
                await client.inject_many(items[start : start + 100])

            bot = await start_bot_process(url, database, log)
            await wait_until(lambda: _answered(client, MESSAGES, distinct=True), 90)
            assert await stop_process(bot) == 0, log.read_text()[-2000:]
            counts = await replies_per_note(client)
    finally:
        if bot is not None:
            await stop_process(bot)
        await stop_process(emulator)

    assert answered_at_kill < MESSAGES, "the kill came too late to test anything"
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT update_id, attempts, handled_at IS NOT NULL, payload IS NULL FROM inbox"
        ).fetchall()
    # None lost: every message is in the inbox, handled, and its words are gone from it.
    assert len(rows) == MESSAGES
    assert all(handled and cleared for _, _, handled, cleared in rows)
    assert set(counts) == {f"/note_{i}" for i in range(MESSAGES)}
    # None handled twice: only updates in hand at the kill were replayed, and a repeated
    # reply can only come from those (the send had left before the kill could record it).
    replayed = [uid for uid, attempts, _, _ in rows if attempts > 1]
    repeated = [note for note, n in counts.items() if n > 1]
    assert len(repeated) <= len(replayed)
    assert max(counts.values()) <= 2
    print(
        f"\nkilled after {answered_at_kill} answers; {len(replayed)} updates replayed from the"
        f" inbox; {len(repeated)} replies repeated (sent just before the kill)"
    )


async def _polling(client: EmulatorClient) -> bool:
    return bool(await client.calls("deleteWebhook"))


async def _answered(client: EmulatorClient, n: int, distinct: bool = False) -> bool:
    counts = await replies_per_note(client)
    return (len(counts) if distinct else sum(counts.values())) >= n
