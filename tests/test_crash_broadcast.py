"""SIGKILL the bot mid-broadcast: after a restart every reachable resident has exactly one
poll; only sends in flight at the kill may repeat (counted and reported)."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path

from benchmarks.scenario import seed_residents, write_project
from bot.emulator import EmulatorClient
from bot.emulator.process import start_emulator_process, stop_process
from conversations.clock import Clock
from storage.database import Database
from storage.outbox import OutboxRepository, OutgoingMessage
from tests import dbview
from tests.conftest import TEST_MOMENT
from tests.processes import start_bot_process

RESIDENTS = 1000
FIRST_USER = 20_000
BLOCKED = {FIRST_USER + n for n in range(0, RESIDENTS, 97)}


async def polls_per_chat(client: EmulatorClient) -> tuple[Counter[int], int]:
    delivered: Counter[int] = Counter()
    refused = 0
    for call in await client.calls("sendPoll"):
        if call["status"] == 200:
            delivered[int(call["params"]["chat_id"])] += 1
        elif call["status"] == 403:
            refused += 1
    return delivered, refused


async def queue_poll(database: Path | str) -> None:
    """A facilitator's poll, queued for everyone (as the poll broadcast would)."""
    db = await Database.open(database, Clock.started(TEST_MOMENT))  # the bot's start
    try:
        rows = await db.fetch_all(
            "SELECT q.id, p.telegram_id FROM participants q JOIN people p ON p.id = q.person_id"
        )
        params = {
            "question": "Which opening hours suit you best?",
            "options": [{"text": "Mornings"}, {"text": "Evenings"}, {"text": "Weekends"}],
            "is_anonymous": False,
        }
        await OutboxRepository(db).enqueue(
            [
                OutgoingMessage(
                    chat_id=chat,
                    kind="poll",
                    method="sendPoll",
                    params=params,
                    participant_id=pid,
                    dedupe_key=f"poll:1:{pid}",
                )
                for pid, chat in rows
            ]
        )
    finally:
        await db.close()


async def test_sigkill_mid_broadcast_delivers_each_poll_once(
    tmp_path: Path, database_url: str
) -> None:
    database = database_url
    project = write_project(tmp_path / "projects", 3)
    users = [FIRST_USER + n for n in range(RESIDENTS)]
    await seed_residents(database, project, users)
    await queue_poll(database)
    emulator, url = await start_emulator_process()
    log = tmp_path / "bot.log"
    env = {"PROJECTS_DIR": str(project.parent), "BROADCAST_RATE": "150"}
    bot = None
    try:
        async with EmulatorClient(url) as client:
            await client.faults(flood_per_second=160, retry_after=1, block=sorted(BLOCKED))
            bot = await start_bot_process(url, database, log, **env)

            async def sent_at_least(n: int) -> bool:
                return sum((await polls_per_chat(client))[0].values()) >= n

            for _ in range(300):
                if await sent_at_least(250):
                    break
                await asyncio.sleep(0.05)
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
            at_kill = sum((await polls_per_chat(client))[0].values())
            in_flight = dbview.value(
                database, "SELECT COUNT(*) FROM outbox WHERE status = 'sending'"
            )
            bot = await start_bot_process(url, database, log, **env)
            reachable = set(users) - BLOCKED
            for _ in range(600):
                delivered, _ = await polls_per_chat(client)
                if reachable <= set(delivered):
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(1)  # let anything else in flight land before counting
            assert await stop_process(bot) == 0, log.read_text()[-3000:]
            delivered, refused = await polls_per_chat(client)
    finally:
        if bot is not None:
            await stop_process(bot)
        await stop_process(emulator)

    assert 0 < at_kill < len(users) - len(BLOCKED), "the kill must land mid-broadcast"
    assert set(delivered) == set(users) - BLOCKED, "every reachable resident got the poll"
    repeated = sum(n - 1 for n in delivered.values())
    assert repeated <= in_flight, "only sends in flight at the kill may repeat"
    assert refused >= len(BLOCKED)
    blocked_marked = dbview.value(
        database, "SELECT COUNT(*) FROM participants WHERE blocked_at IS NOT NULL"
    )
    statuses = dict(dbview.rows(database, "SELECT status, COUNT(*) FROM outbox GROUP BY status"))
    assert blocked_marked == len(BLOCKED)
    assert statuses == {"sent": len(users) - len(BLOCKED), "failed": len(BLOCKED)}
    print(
        f"\nkilled after {at_kill} polls with {in_flight} in flight; {repeated} repeated;"
        f" {len(delivered)} residents have exactly one, {len(BLOCKED)} blocked marked"
    )
