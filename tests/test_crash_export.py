"""SIGKILL the bot mid-export: after a restart exactly one document arrives, and it is whole.

A coordinator asks for a CSV export of 200,000 answers (a few seconds of work). The bot runs
as a real process against the emulator (another real process); it is SIGKILLed while the
export is being made, then started again: the stored job runs again, the same "Preparing…"
message ends "Done", and the zip holds every answer.
"""

from __future__ import annotations

import asyncio
import csv
import io
import signal
import sqlite3
import time
import zipfile
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.export import migrate, seed
from benchmarks.scenario import PROJECT_ID, write_project
from bot.emulator import DEFAULT_TOKEN, EmulatorClient
from bot.emulator.process import start_emulator_process, stop_process
from tests.processes import start_bot_process

ANSWERS = 200_000
COORDINATOR = 4242


async def wait_until(check: Any, timeout: float) -> None:
    """Poll ``check`` (a coroutine function) until it holds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached in time")
        await asyncio.sleep(0.05)


def job(database: Path) -> tuple[Any, ...] | None:
    """(progress message id, attempts, finished, outcome) of the only export job."""
    with sqlite3.connect(database) as conn:
        return conn.execute(
            "SELECT progress_message_id, attempts, finished_at IS NOT NULL, outcome"
            " FROM export_jobs"
        ).fetchone()


async def download(url: str, file_id: str) -> bytes:
    """The bytes of a file the bot sent, fetched as a Bot API client would (getFile)."""
    async with aiohttp.ClientSession(trust_env=False) as session:
        async with session.post(
            f"{url}/bot{DEFAULT_TOKEN}/getFile", json={"file_id": file_id}
        ) as r:
            path = (await r.json())["result"]["file_path"]
        async with session.get(f"{url}/file/bot{DEFAULT_TOKEN}/{path}") as r:
            return await r.read()


async def test_sigkill_mid_export_delivers_one_whole_file(tmp_path: Path) -> None:
    database = tmp_path / "tandem.sqlite3"
    project = write_project(tmp_path / "projects", 3)
    await migrate(database)
    seed(database, ANSWERS)
    emulator, url = await start_emulator_process()
    log = tmp_path / "bot.log"
    env = {"PROJECTS_DIR": str(project.parent), "COORDINATOR_IDS": str(COORDINATOR)}
    bot = None
    try:
        async with EmulatorClient(url) as client:
            bot = await start_bot_process(url, database, log, **env)
            await client.inject("text", user_id=COORDINATOR, text=f"/export {PROJECT_ID} csv")

            async def preparing() -> bool:
                stored = await asyncio.to_thread(job, database)
                return stored is not None and stored[0] is not None

            await wait_until(preparing, 60)
            await asyncio.sleep(0.5)  # well into making the file
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
            at_kill = await asyncio.to_thread(job, database)
            sent_at_kill = len(await client.calls("sendDocument"))

            restarted = time.perf_counter()
            bot = await start_bot_process(url, database, log, **env)

            async def settled() -> bool:
                messages = await client.messages(COORDINATOR)
                return bool(messages) and messages[0]["text"].startswith("Done")

            await wait_until(settled, 120)
            took = time.perf_counter() - restarted
            await asyncio.sleep(1)  # anything else in flight lands before counting
            assert await stop_process(bot) == 0, log.read_text()[-3000:]
            documents = [c for c in await client.calls("sendDocument") if c["status"] == 200]
            messages = await client.messages(COORDINATOR)
            sent = [m for m in messages if "document" in m]
            data = await download(url, sent[0]["document"]["file_id"]) if sent else b""
    finally:
        if bot is not None:
            await stop_process(bot)
        await stop_process(emulator)

    assert at_kill is not None, "the job was stored before the kill"
    progress_id, attempts, finished, _ = at_kill
    assert sent_at_kill == 0 and not finished and attempts == 1, "killed mid-export"
    assert len(documents) == 1, "exactly one document"
    [progress, document] = messages
    assert progress["message_id"] == progress_id, "the same progress message was edited"
    assert progress["text"].startswith("Done: “Load test”")
    assert "answers 200,000 rows" in document["caption"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        answers = archive.read(f"{PROJECT_ID}-answers.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(answers)))
    assert len(rows) == ANSWERS
    assert sum(row["value"].endswith("the buses should run later") for row in rows) > ANSWERS * 0.9
    ended = job(database)
    assert ended is not None and ended[1:] == (2, 1, "sent")
    print(
        f"\nkilled 0.5 s into the export; after the restart the file"
        f" ({len(data) / 1e6:.1f} MB zip, {ANSWERS:,} answers) arrived in {took:.1f} s, once"
    )
