"""Replies survive Telegram's bad moments: the bot and the emulator as their own processes.

200 residents are in the middle of a dialogue and each answers one question, while Telegram
answers sendMessage with 8 s of 429 (retry_after 2), or with 500 and 502 pages in HTML.
Every resident must get their next question, once.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from benchmarks.scenario import question, seed_residents, write_project
from bot.emulator import EmulatorClient
from bot.emulator.process import start_emulator_process, stop_process
from tests import dbview
from tests.processes import start_bot_process

RESIDENTS = 200
FIRST_USER = 20_000


async def _wait_until(check: Callable[[], Awaitable[bool]], timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached in time")
        await asyncio.sleep(0.2)


async def _next_questions(client: EmulatorClient) -> Counter[int]:
    """Per chat, how many times the second question arrived."""
    return Counter(
        int(call["params"]["chat_id"])
        for call in await client.calls("sendMessage")
        if call["status"] == 200 and call["params"].get("text") == question(2)
    )


async def _answer_during(
    tmp_path: Path, database: str, faults: dict[str, Any], blocked: list[int]
) -> Counter[int]:
    """Everyone answers question 1 under ``faults``; return who got question 2, how often."""
    project = write_project(tmp_path / "projects", 3)
    users = [FIRST_USER + n for n in range(RESIDENTS)]
    await seed_residents(database, project, users)
    emulator, url = await start_emulator_process()
    log = tmp_path / "bot.log"
    bot = None
    try:
        async with EmulatorClient(url) as client:
            bot = await start_bot_process(url, database, log, PROJECTS_DIR=str(project.parent))
            await _wait_until(lambda: _polling(client), 20)
            await client.faults(**faults, block=blocked)
            await client.inject_many(
                [{"kind": "text", "user_id": u, "text": f"answer from {u}"} for u in users]
            )
            expected = set(users) - set(blocked)

            async def everyone_asked() -> bool:
                return set(await _next_questions(client)) >= expected

            await _wait_until(everyone_asked, 40)
            await asyncio.sleep(0.5)  # a repeat would show up now
            asked = await _next_questions(client)
            assert await stop_process(bot) == 0, log.read_text()[-3000:]
    finally:
        if bot is not None:
            await stop_process(bot)
        await stop_process(emulator)
    answers = dbview.value(database, "SELECT COUNT(*) FROM answers")
    assert answers == RESIDENTS
    return asked


async def test_eight_seconds_of_429_delay_replies_but_lose_none(
    tmp_path: Path, database_url: str
) -> None:
    outage = {"method": "sendMessage", "status": 429, "seconds": 8, "retry_after": 2}
    outage["description"] = "Too Many Requests: retry after 2"
    asked = await _answer_during(tmp_path, database_url, {"fail": [outage]}, [])
    assert len(asked) == RESIDENTS and set(asked.values()) == {1}


async def test_500_and_502_html_pages_lose_no_reply(tmp_path: Path, database_url: str) -> None:
    blocked = FIRST_USER + RESIDENTS - 1
    pages = [
        {"method": "sendMessage", "status": 500, "description": "Internal Server Error"},
        {"method": "sendMessage", "status": 502, "description": "Bad Gateway", "seconds": 3},
    ]
    pages[0].update(count=150, html=True)
    pages[1]["html"] = True
    asked = await _answer_during(tmp_path, database_url, {"fail": pages}, [blocked])
    assert len(asked) == RESIDENTS - 1 and set(asked.values()) == {1}
    # The resident who blocked the bot is marked as the outbox would mark them.
    marked = dbview.rows(
        database_url,
        "SELECT p.telegram_id FROM participants q JOIN people p ON p.id = q.person_id"
        " WHERE q.blocked_at IS NOT NULL",
    )
    assert marked == [(blocked,)]


async def _polling(client: EmulatorClient) -> bool:
    return bool(await client.calls("deleteWebhook"))
