"""SIGKILL the bot mid-burst: nothing lost, nothing handled twice (checked in the database).

200 residents, each in the middle of a dialogue, send 10 answers each. The bot runs as a
real process against the emulator (another real process); it is SIGKILLed while the
answers pour in, more arrive while it is down, and it is started again. Replies already
sent are not sent again (the reply ledger); `pytest -s` prints how many were.
"""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path

from benchmarks.scenario import seed_residents, write_project
from bot.emulator import EmulatorClient
from bot.emulator.process import start_emulator_process, stop_process
from tests import dbview
from tests.processes import start_bot_process

RESIDENTS = 200
PER_RESIDENT = 10
MESSAGES = RESIDENTS * PER_RESIDENT
FIRST_USER = 10_000
WORKER_CONCURRENCY = 32  # updates handled at once (bot/inbox.py)
REPEATS_ALLOWED = WORKER_CONCURRENCY


async def replies_per_chat(client: EmulatorClient) -> Counter[int]:
    counts: Counter[int] = Counter()
    for call in await client.calls("sendMessage"):
        if call["status"] == 200:
            counts[int(call["params"]["chat_id"])] += 1
    return counts


async def wait_until(check, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached in time")
        await asyncio.sleep(0.1)


def answer_items(users: list[int]) -> list[dict[str, object]]:
    """Answer k of resident u is "u-k"; a resident's answers go out in order."""
    return [
        {"kind": "text", "user_id": u, "text": f"{u}-{k}"}
        for k in range(1, PER_RESIDENT + 1)
        for u in users
    ]


def assert_each_answer_stored_once(target: str, users: list[int]) -> int:
    """Nothing lost, nothing twice: every answer stored exactly once, against the question
    it answered, in the order the resident sent them; every update handled and its payload
    cleared. Returns how many stored updates were handled more than once (replays)."""
    stored = dbview.rows(
        target,
        "SELECT p.telegram_id, a.step_id, a.value FROM answers a"
        " JOIN participants q ON q.id = a.participant_id"
        " JOIN people p ON p.id = q.person_id ORDER BY a.id",
    )
    inbox = dbview.one(
        target,
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE handled_at IS NULL),"
        " COUNT(*) FILTER (WHERE payload IS NOT NULL), COUNT(*) FILTER (WHERE attempts > 1)"
        " FROM inbox",
    )
    assert inbox is not None
    by_user: dict[int, list[tuple[str, str]]] = {}
    for user, step, value in stored:
        by_user.setdefault(int(user), []).append((step, value))
    wrong = {
        user: by_user.get(user, [])
        for user in users
        if by_user.get(user, []) != [(f"q{k}", f"{user}-{k}") for k in range(1, PER_RESIDENT + 1)]
    }
    assert not wrong, f"{len(wrong)} residents' answers lost, doubled or out of order: " + str(
        dict(list(wrong.items())[:3])
    )
    assert len(stored) == len(users) * PER_RESIDENT
    assert (inbox[0], inbox[1], inbox[2]) == (len(users) * PER_RESIDENT, 0, 0)
    return int(inbox[3])


async def test_sigkill_mid_burst_loses_nothing_and_stores_nothing_twice(
    tmp_path: Path, database_url: str
) -> None:
    database = database_url
    project = write_project(tmp_path / "projects", PER_RESIDENT)
    users = [FIRST_USER + n for n in range(RESIDENTS)]
    await seed_residents(database, project, users)
    items = answer_items(users)
    emulator, url = await start_emulator_process()
    log = tmp_path / "bot.log"
    env = {"PROJECTS_DIR": str(project.parent)}
    bot = None
    try:
        async with EmulatorClient(url) as client:

            async def answered(n: int) -> bool:
                return sum((await replies_per_chat(client)).values()) >= n

            async def everyone_done() -> bool:
                counts = await replies_per_chat(client)
                return len(counts) == RESIDENTS and min(counts.values()) >= PER_RESIDENT

            bot = await start_bot_process(url, database, log, **env)
            await wait_until(lambda: _polling(client), 20)
            for start in range(0, 800, 100):
                await client.inject_many(items[start : start + 100])
            await wait_until(lambda: answered(200), 30)
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
            answered_at_kill = sum((await replies_per_chat(client)).values())
            for start in range(800, MESSAGES, 100):  # Telegram holds these meanwhile
                await client.inject_many(items[start : start + 100])

            bot = await start_bot_process(url, database, log, **env)
            await wait_until(everyone_done, 120)
            assert await stop_process(bot) == 0, log.read_text()[-3000:]
            replies = await replies_per_chat(client)
    finally:
        if bot is not None:
            await stop_process(bot)
        await stop_process(emulator)

    assert answered_at_kill < MESSAGES, "the kill came too late to test anything"
    replayed = assert_each_answer_stored_once(str(database), users)
    # Replies: one per answer. The reply ledger records each one as soon as Telegram accepts
    # it, so a replay skips it; only a reply Telegram accepted in the instant before the kill,
    # not yet recorded, goes again: at most one per update being handled (the worker's 32).
    # Measured alone: 0-9 over eight runs (README; the target is 10). On a machine busy with
    # other work it reached 24 once, so the bound is the worker's 32; a broken ledger gave 86.
    repeated = sum(n - PER_RESIDENT for n in replies.values())
    lost = sum(max(0, PER_RESIDENT - n) for n in replies.values())
    assert lost == 0
    assert repeated <= REPEATS_ALLOWED
    print(
        f"\nkilled after {answered_at_kill} replies; {replayed} stored updates replayed;"
        f" {repeated} replies repeated, {lost} lost; {MESSAGES} answers stored once each"
    )


async def _polling(client: EmulatorClient) -> bool:
    return bool(await client.calls("deleteWebhook"))
