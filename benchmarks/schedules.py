"""Diary schedules at scale: 100,000 enrolled residents across 20 time zones.

Prints: the time to register every schedule at start (target < 5 s), the process's peak
memory (target < 300 MB), and how late prompts are queued when their slots fire under
load (p99 < 1 s): each zone's slot fires through the real JobQueue (APScheduler), and a
prompt's lateness is when its outbox row was committed minus the slot's instant. Sending
is left out (the outbox drains at Telegram's rate; benchmarks/broadcast.py measures it).
Run: .venv/bin/python benchmarks/schedules.py [--residents 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram.ext import ApplicationBuilder

from bot.diary_scheduler import DiaryScheduler
from bot.emulator import DEFAULT_TOKEN, BotApiEmulator
from conversations.directory import ProjectDirectory
from conversations.projects import load_project
from storage.database import Database
from storage.diary import DiaryRepository
from storage.projects import ProjectRow, ProjectsRepository

ZONES = (
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Atlantic/Azores",
    "Europe/London",
    "Europe/Paris",
    "Europe/Athens",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
)
PROJECT_YAML = """
id: bench
title: Bench
invite_code: BENCH
purpose: p
use_of_input: u
who_sees: w
duration: d
contact: c
quiet_hours: "03:00-03:01"
max_messages_per_week: 21
dialogue: outcome_first
diary: {days: 28, prompt_times: ["19:00"], touchpoints: [GP, Bus], nudge_after_minutes: null}
"""


class TimedDiary(DiaryRepository):
    """The real repository, noting when each group's prompts were committed."""

    committed: list[tuple[str, int, float]]

    async def queue_prompts(self, group, day, message):  # type: ignore[no-untyped-def]
        count = await super().queue_prompts(group, day, message)
        self.committed.append((group.timezone, count, time.time()))
        return count


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(path: Path, residents: int, fire_at: dict[str, str]) -> None:
    """Enrol residents straight into SQLite (setup, not measured)."""
    today = date.today()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO projects VALUES ('bench', 'Bench', 'BENCH', 1, 'b', 0, 1)")
        conn.executemany(
            "INSERT INTO people (id, telegram_id, created_at) VALUES (?, ?, 0)",
            [(n, 1_000_000 + n) for n in range(1, residents + 1)],
        )
        conn.executemany(
            "INSERT INTO participants (id, person_id, project_id, pseudonym, joined_via,"
            " consent_version, consented_at) VALUES (?, ?, 'bench', ?, 'BENCH', 1, 0)",
            [(n, n, f"P-{n:06d}") for n in range(1, residents + 1)],
        )
        conn.executemany(
            "INSERT INTO diary_enrolments (participant_id, project_id, timezone, starts_on,"
            " ends_on, enrolled_at) VALUES (?, 'bench', ?, ?, ?, 0)",
            [
                (
                    n,
                    ZONES[n % len(ZONES)],
                    (today - timedelta(days=2)).isoformat(),
                    (today + timedelta(days=20)).isoformat(),
                )
                for n in range(1, residents + 1)
            ],
        )
        conn.executemany(
            "INSERT INTO diary_slots (participant_id, slot, local_time) VALUES (?, '19:00', ?)",
            [(n, fire_at[ZONES[n % len(ZONES)]]) for n in range(1, residents + 1)],
        )


def firing_times(first_in: float, spacing: float) -> tuple[dict[str, str], dict[str, datetime]]:
    """A local slot time per zone so the zones fire one after another, soon."""
    start = datetime.now(UTC) + timedelta(seconds=first_in)
    local_times, instants = {}, {}
    for i, zone in enumerate(ZONES):
        instant = (start + timedelta(seconds=i * spacing)).replace(microsecond=0)
        local_times[zone] = instant.astimezone(ZoneInfo(zone)).strftime("%H:%M:%S")
        instants[zone] = instant
    return local_times, instants


async def run(residents: int, spacing: float) -> None:
    """Seed, start, wait for every slot to fire, and print the figures."""
    emulator = BotApiEmulator()
    await emulator.start()
    with tempfile.TemporaryDirectory() as tmp:
        project_file = Path(tmp) / "bench.yaml"
        project_file.write_text(PROJECT_YAML)
        project = load_project(project_file)
        local_times, instants = firing_times(first_in=15 + residents / 20_000, spacing=spacing)
        path = Path(tmp) / "bench.sqlite3"
        await (await Database.open(path)).close()
        t = time.perf_counter()
        seed(path, residents, local_times)
        print(
            f"seeded {residents:,} residents in {len(ZONES)} zones in"
            f" {time.perf_counter() - t:.1f} s (setup)"
        )

        app = (
            ApplicationBuilder()
            .token(DEFAULT_TOKEN)
            .base_url(f"{emulator.api_base_url}/bot")
            .updater(None)
            .build()
        )
        await app.initialize()
        await app.start()
        db = await Database.open(path)
        await ProjectsRepository(db).sync([ProjectRow("bench", "Bench", "BENCH", 1, "b")])
        repo = TimedDiary(db)
        repo.committed = []
        scheduler = DiaryScheduler(repo, ProjectDirectory([project]), lambda: None, db.clock)
        t = time.perf_counter()
        jobs = await scheduler.start(app.job_queue)
        registered = time.perf_counter() - t
        memory_after_start = rss_mb()

        deadline = max(instants.values()) + timedelta(seconds=30)
        while datetime.now(UTC) < deadline and sum(c for _, c, _ in repo.committed) < residents:  # noqa: ASYNC110
            await asyncio.sleep(0.2)
        with sqlite3.connect(path) as conn:
            queued = conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
        await app.stop()
        await app.shutdown()
        await db.close()
    await emulator.stop()
    # Every prompt of a group is late by the time its group's transaction committed.
    late = sorted(
        at - instants[zone].timestamp() for zone, count, at in repo.committed for _ in range(count)
    )
    p50 = statistics.median(late)
    p99 = late[int(len(late) * 0.99) - 1]
    print(
        f"schedules: {residents:,} residents, {len(ZONES)} time zones,"
        f" {jobs} slot groups registered with the JobQueue"
    )
    print(f"  register all schedules at start   {registered:8.2f} s   (target < 5 s)")
    print(
        f"  peak memory (process RSS)          {max(memory_after_start, rss_mb()):8.0f} MB"
        "  (target < 300 MB)"
    )
    print(f"  prompts queued                     {queued:8,d}     of {residents:,}")
    print(
        f"  lateness p50 / p99 / max           {p50:8.3f} / {p99:.3f} / {late[-1]:.3f} s"
        f"  (target p99 < 1 s; zones firing {spacing:g} s apart)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument(
        "--spacing",
        type=float,
        default=1.0,
        help="seconds between zones' slots (0 = all fire at once)",
    )
    args = parser.parse_args()
    asyncio.run(run(args.residents, args.spacing))


if __name__ == "__main__":
    main()
