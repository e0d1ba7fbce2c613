"""Stored /export jobs over the emulator: what a crash leaves is finished at the next start.

A crash's leftovers are made the way the bot makes them (the job stored by the repository,
its "Preparing…" message sent through python-telegram-bot to the emulator); then the bot
starts. tests/test_crash_export.py kills a real bot process mid-export.
"""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot

from bot.config import Settings
from bot.emulator import BotApiEmulator
from bot.export_delivery import MAX_ATTEMPTS, preparing, show_progress
from bot.exports import ExportAsk
from conversations import catalogue
from conversations.i18n.words import english
from conversations.projects import load_project
from conversations.report.texts import long_day
from storage.database import Database
from storage.export_jobs import ExportAskRecord, ExportJobsRepository
from tests import dbview
from tests.conftest import COORDINATOR, ROOT, TEST_MOMENT, Resident, start_bot
from tests.test_e2e_export_chat import (
    CSV_LABEL,
    PEOPLE,
    TITLE,
    documents,
    join,
    progress_settled,
    seed_answers,
    unzip,
)
from tests.test_e2e_rights import every_value

NORTHFIELD = load_project(ROOT / "projects" / "example.yaml")


async def left_by_a_crash(
    settings: Settings,
    telegram_id: int,
    ask: ExportAskRecord,
    *,
    progress: bool = True,
    created_at: float | None = None,
    attempts: int = 0,
) -> tuple[int, int | None]:
    """A job as a run that died mid-export leaves it; (job id, progress message id)."""
    db = await Database.open(settings.database_target, settings.make_clock())
    try:
        jobs = ExportJobsRepository(db)
        job = await jobs.open(telegram_id, telegram_id, ask, now=created_at)
        assert job is not None
        for _ in range(attempts):
            assert await jobs.begin_attempt(job.id)
        if progress:
            base = settings.telegram_api_base_url
            assert settings.telegram_bot_token is not None
            token = settings.telegram_bot_token.get_secret_value()
            async with Bot(token, base_url=f"{base}/bot") as bot:
                asked = ExportAsk(NORTHFIELD, ask.format, ask.since, ask.until, ask.cohort)
                await show_progress(bot, jobs, job.id, telegram_id, asked, english())
        stored = await jobs.get(job.id)
        assert stored is not None
        return job.id, stored.progress_message_id
    finally:
        await db.close()


async def job_row(settings: Settings, job_id: int) -> tuple[object, ...]:
    """(outcome, attempts, told) of a stored job, once its coordinator was told."""
    for _ in range(200):
        row = dbview.one(
            settings.database_target,
            "SELECT outcome, attempts, told_at IS NOT NULL FROM export_jobs WHERE id = ?",
            (job_id,),
        )
        assert row is not None
        if row[2]:  # the edit is recorded just after it was made
            break
        await asyncio.sleep(0.02)
    return tuple(row)


async def joined(emulator: BotApiEmulator, settings: Settings) -> None:
    """Three residents take part (then the bot stops, as before a crash)."""
    bot = await start_bot(emulator, settings)
    for user_id, name in PEOPLE.items():
        await join(bot, user_id, name, f"{name} would like later buses")
    await bot.shutdown()


@pytest.mark.parametrize("progress", [True, False], ids=["progress-shown", "crash-before-it"])
async def test_an_export_cut_short_runs_again_at_start(
    emulator: BotApiEmulator, project_settings: Settings, progress: bool
) -> None:
    await joined(emulator, project_settings)
    ask = ExportAskRecord("northfield", "csv", since="2025-01-01")
    job_id, progress_id = await left_by_a_crash(
        project_settings, COORDINATOR, ask, progress=progress
    )
    bot = await start_bot(emulator, project_settings)
    try:
        if progress_id is None:  # the crash came before "Preparing…": it is said now
            await emulator.wait_for(lambda e: bool(e.sent_messages(COORDINATOR)), timeout=10)
            [shown] = emulator.sent_messages(COORDINATOR)
            progress_id = shown["message_id"]
        done = await progress_settled(bot, COORDINATOR, progress_id)
        assert done.startswith(f"Done: “{TITLE}” ({CSV_LABEL}) is below")
        [document] = documents(bot, COORDINATOR)
        assert "Dates: from 1 Jan 2025" in document["caption"]
        files = unzip(emulator.files[document["document"]["file_id"]])
        answers = files["northfield-answers.csv"].decode("utf-8-sig")
        assert len(list(csv.DictReader(io.StringIO(answers)))) == 3
        assert [m["message_id"] for m in emulator.sent_messages(COORDINATOR)] == [
            progress_id,
            document["message_id"],
        ]
        assert await job_row(project_settings, job_id) == ("sent", 1, 1)
    finally:
        await bot.shutdown()
    # Finished before this restart: never sent again.
    bot = await start_bot(emulator, project_settings)
    await asyncio.sleep(0.5)
    await bot.shutdown()
    assert len(emulator.calls_to("sendDocument")) == 1


async def test_a_file_sent_before_the_crash_is_not_sent_again(
    emulator: BotApiEmulator, project_settings: Settings
) -> None:
    # The file went, the job was marked finished, and the bot died before the edit.
    ask = ExportAskRecord("northfield", "jsonl")
    job_id, progress_id = await left_by_a_crash(project_settings, COORDINATOR, ask)
    reply = catalogue.EXPORT_DONE.format(
        title=TITLE, label="JSON Lines (zip)", filename="northfield-x.zip", size="2 kB"
    )
    db = await Database.open(project_settings.database_target, project_settings.make_clock())
    assert await ExportJobsRepository(db).finish(job_id, "sent", reply)
    await db.close()
    bot = await start_bot(emulator, project_settings)
    try:
        assert progress_id is not None
        assert await progress_settled(bot, COORDINATOR, progress_id) == reply
        assert await job_row(project_settings, job_id) == ("sent", 0, 1)
    finally:
        await bot.shutdown()
    assert emulator.calls_to("sendDocument") == []


async def test_jobs_that_must_not_run_again_are_dropped_with_a_word(
    emulator: BotApiEmulator, project_settings: Settings
) -> None:
    staff = {COORDINATOR, 9002, 9003}
    settings = project_settings.model_copy(update={"coordinator_ids": frozenset(staff)})
    two_days_ago = TEST_MOMENT.timestamp() - 2 * 24 * 3600
    stale = ExportAskRecord("northfield", "csv", since="2025-01-01", cohort="tag:young")
    cases = {
        COORDINATOR: await left_by_a_crash(settings, COORDINATOR, stale, created_at=two_days_ago),
        9002: await left_by_a_crash(
            settings, 9002, ExportAskRecord("northfield", "md"), attempts=MAX_ATTEMPTS
        ),
        9003: await left_by_a_crash(settings, 9003, ExportAskRecord("southgate", "csv")),
        9004: await left_by_a_crash(settings, 9004, ExportAskRecord("northfield", "csv")),
    }
    day = long_day(
        datetime.fromtimestamp(two_days_ago, ZoneInfo("Europe/London")).date(), english()
    )
    expected = {
        COORDINATOR: catalogue.EXPORT_DROPPED_STALE.format(
            title=TITLE,
            label=CSV_LABEL,
            day=day,
            command="/export northfield csv since 2025-01-01 cohort tag:young",
        ),
        9002: catalogue.EXPORT_GAVE_UP.format(
            title=TITLE,
            attempts=MAX_ATTEMPTS,
            command="tandem export northfield --format md --output exports/",
        ),
        9003: catalogue.EXPORT_DROPPED_GONE.format(project="southgate"),
        9004: catalogue.NOT_ALLOWED["coordinator"].format(command="/export"),
    }
    bot = await start_bot(emulator, settings)
    try:
        for chat, (_, progress_id) in cases.items():
            assert progress_id is not None
            assert await progress_settled(bot, chat, progress_id) == expected[chat], chat
            assert len(emulator.sent_messages(chat)) == 1, "edited, not sent anew"
        assert emulator.calls_to("sendDocument") == []
        # The stale job no longer holds the coordinator back: asking again works.
        coordinator = Resident(bot, COORDINATOR)
        [again] = await coordinator.send(stale_command := "/export northfield csv")
        assert again["text"] == preparing(ExportAsk(NORTHFIELD, "csv"), english()), stale_command
        await progress_settled(bot, COORDINATOR, again["message_id"])
        assert len(documents(bot, COORDINATOR)) == 1
    finally:
        await bot.shutdown()
    outcomes = dict(
        dbview.rows(settings.database_target, "SELECT telegram_id, outcome FROM export_jobs")
    )
    assert outcomes == {COORDINATOR: "sent", 9002: "failed", 9003: "gone", 9004: "refused"}


@pytest.mark.sqlite_only  # seeds 150,000 answers straight into the SQLite file
async def test_forget_drops_a_running_export_and_every_trace(
    emulator: BotApiEmulator, project_settings: Settings
) -> None:
    # A coordinator who also took part in the project asks for an export, then /forget.
    # (An id above the seeded rows' ids, so that no row id equals it by chance.)
    staff = 987_654
    settings = project_settings.model_copy(update={"coordinator_ids": frozenset({staff})})
    bot = await start_bot(emulator, settings)
    coordinator = await join(bot, staff, "Florence", "Coordinating secretly")
    await asyncio.to_thread(seed_answers, settings.database_path, 150_000)
    [progress] = await coordinator.send("/export northfield csv")
    assert progress["text"].startswith("Preparing")
    running = [t for t in asyncio.all_tasks() if t.get_name() == "export"]
    assert running, "the export is under way"
    await coordinator.send("/forget")
    assert Resident.texts(await coordinator.press(catalogue.FORGET_YES)) == [catalogue.FORGOTTEN]
    with sqlite3.connect(settings.database_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM export_jobs").fetchone() == (0,)
    # The export in hand finishes its file, finds its job gone, and sends nothing.
    assert not any(t.done() for t in running), "/forget came while it ran"
    await asyncio.gather(*running)
    assert documents(bot, staff) == []
    for table, column, value in every_value(settings.database_path):
        assert value != staff, f"{table}.{column}"
    await bot.shutdown()
    bot = await start_bot(emulator, settings)
    await asyncio.sleep(0.5)
    await bot.shutdown()
    assert emulator.calls_to("sendDocument") == []


async def test_one_unfinished_job_per_person_and_replays_add_none(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "jobs.sqlite3")
    try:
        jobs = ExportJobsRepository(db)
        ask = ExportAskRecord("northfield", "csv")
        first = await jobs.open(COORDINATOR, COORDINATOR, ask, update_id=10)
        assert first is not None and first.attempts == 0 and first.finished_at is None
        assert await jobs.open(COORDINATOR, COORDINATOR, ask, update_id=10) is None  # replay
        assert await jobs.asked_by_update(10) and not await jobs.asked_by_update(11)
        assert await jobs.open(COORDINATOR, COORDINATOR, ask, update_id=11) is None  # busy
        assert await jobs.open(9002, 9002, ask, update_id=12) is not None  # someone else
        assert await jobs.begin_attempt(first.id)
        assert await jobs.finish(first.id, "sent", "Done")
        assert not await jobs.finish(first.id, "failed", "again")  # ends once
        assert not await jobs.begin_attempt(first.id)
        assert [j.telegram_id for j in await jobs.unfinished()] == [9002]
        assert [j.reply for j in await jobs.untold()] == ["Done"]
        second = await jobs.open(COORDINATOR, COORDINATOR, ask, update_id=13)
        assert second is not None  # free again once the first ended
        await jobs.told(first.id, now=100.0)
        assert await jobs.prune(time.time() - 1) == 0  # finished just now: kept a while
        assert await jobs.prune(time.time() + 1) == 1
        assert await jobs.get(first.id) is None
    finally:
        await db.close()
