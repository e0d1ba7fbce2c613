"""Diary prompts with a fake clock: local instants across zones and DST, catch-up, no
double send, pause and stop, weekly cap and quiet hours (real SQLite, real APScheduler
triggers)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.diary_scheduler import DiaryScheduler
from conversations.clock import Clock
from conversations.directory import ProjectDirectory
from conversations.projects import parse_project
from storage.database import Database
from storage.diary import DiaryRepository, SlotGroup
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.projects import ProjectRow, ProjectsRepository
from tests import dbview

PROJECT = parse_project(
    {
        "id": "diaries",
        "title": "Diaries",
        "invite_code": "DIARIES",
        "purpose": "p",
        "use_of_input": "u",
        "who_sees": "w",
        "duration": "d",
        "contact": "c",
        "max_messages_per_week": 3,
        "quiet_hours": "22:00-07:00",
        "dialogue": "outcome_first",
        "diary": {
            "days": 28,
            "prompt_times": ["19:00"],
            "touchpoints": ["GP", "Bus"],
            "nudge_after_minutes": 120,
        },
    },
    "diaries.yaml",
)


# Night owls: quiet hours away from the small hours, so a 01:30 slot is allowed.
NIGHT = PROJECT.model_copy(update={"quiet_hours": "10:00-11:00"})


def at(zone: str, *args: int) -> datetime:
    """A local wall-clock time in a zone, as an aware datetime."""
    return datetime(*args, tzinfo=ZoneInfo(zone))


class Diaries:
    """A database with a diary project, residents to enrol, and the scheduler."""

    def __init__(self, db: Database, project=PROJECT) -> None:
        self.db = db
        self.repo = DiaryRepository(db)
        self.wakes = 0
        self.scheduler = DiaryScheduler(
            self.repo, ProjectDirectory([project]), self._woken, db.clock
        )

    def _woken(self) -> None:
        self.wakes += 1

    async def enrol(
        self, user: int, zone: str, local_time: str = "19:00", start: date = date(2026, 3, 1)
    ) -> int:
        participant = await PeopleRepository(self.db).consent(user, None, PROJECT.id, 1, "x")
        await self.repo.enrol(
            participant.id,
            PROJECT.id,
            zone,
            {"19:00": local_time},
            start,
            start + timedelta(days=PROJECT.diary.days - 1),
        )
        self.scheduler.register(SlotGroup(PROJECT.id, zone, local_time))
        return participant.id

    def outbox(self) -> list[tuple[int, str]]:
        target = dbview.target_of(self.db)
        return dbview.rows(target, "SELECT chat_id, kind FROM outbox ORDER BY id")


@pytest.fixture
async def diaries(db: Database) -> Diaries:
    await ProjectsRepository(db).sync(
        [ProjectRow(PROJECT.id, PROJECT.title, PROJECT.invite_code, 1, "test")]
    )
    return Diaries(db)


@pytest.mark.parametrize(
    ("zone", "day", "expected_utc"),
    [
        ("Europe/London", date(2026, 3, 10), datetime(2026, 3, 10, 19, 0, tzinfo=UTC)),
        ("Europe/London", date(2026, 4, 10), datetime(2026, 4, 10, 18, 0, tzinfo=UTC)),
        ("America/New_York", date(2026, 3, 10), datetime(2026, 3, 10, 23, 0, tzinfo=UTC)),
        ("Asia/Tokyo", date(2026, 3, 10), datetime(2026, 3, 10, 10, 0, tzinfo=UTC)),
        ("Australia/Sydney", date(2026, 4, 5), datetime(2026, 4, 5, 9, 0, tzinfo=UTC)),
    ],
)
def test_prompt_fires_at_the_residents_local_instant(
    zone: str, day: date, expected_utc: datetime
) -> None:
    # The same trigger PTB's JobQueue.run_daily builds for a slot group.
    trigger = CronTrigger(hour=19, minute=0, timezone=ZoneInfo(zone))
    start = datetime.combine(day, datetime.min.time(), tzinfo=ZoneInfo(zone))
    assert trigger.get_next_fire_time(None, start) == expected_utc


def test_dst_spring_forward_moves_a_skipped_time_forward_not_away() -> None:
    trigger = CronTrigger(hour=1, minute=30, timezone=ZoneInfo("Europe/London"))
    fired = trigger.get_next_fire_time(None, at("Europe/London", 2026, 3, 29, 0, 0))
    assert fired is not None and fired.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


async def test_dst_fall_back_fires_twice_but_sends_once(db: Database) -> None:
    diaries = Diaries(db, NIGHT)
    await ProjectsRepository(db).sync(
        [ProjectRow(NIGHT.id, NIGHT.title, NIGHT.invite_code, 1, "test")]
    )
    await diaries.enrol(1, "Europe/London", "01:30", start=date(2026, 10, 20))
    group = SlotGroup(PROJECT.id, "Europe/London", "01:30")
    trigger = CronTrigger(hour=1, minute=30, timezone=ZoneInfo("Europe/London"))
    first = trigger.get_next_fire_time(None, at("Europe/London", 2026, 10, 25, 0, 0))
    second = trigger.get_next_fire_time(first, first)
    assert first is not None and second is not None
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    sent = [await diaries.scheduler.fire(group, moment) for moment in (first, second)]
    assert sent == [1, 0]


async def test_each_zone_is_prompted_on_its_own_local_date(diaries: Diaries) -> None:
    await diaries.enrol(1, "Europe/London")
    await diaries.enrol(2, "Asia/Tokyo")
    london = SlotGroup(PROJECT.id, "Europe/London", "19:00")
    tokyo = SlotGroup(PROJECT.id, "Asia/Tokyo", "19:00")
    assert await diaries.scheduler.fire(london, at("Europe/London", 2026, 3, 10, 19, 0)) == 1
    assert await diaries.scheduler.fire(tokyo, at("Asia/Tokyo", 2026, 3, 10, 19, 0)) == 1
    assert diaries.outbox() == [(1, "diary_prompt"), (2, "diary_prompt")]
    assert diaries.wakes == 2


async def test_catch_up_after_downtime_sends_once_and_only_the_same_day(
    diaries: Diaries,
) -> None:
    await diaries.enrol(1, "Europe/London")
    # The bot was down at 19:00 and comes back at 20:40: the prompt goes out once.
    assert await diaries.scheduler.catch_up(at("Europe/London", 2026, 3, 10, 20, 40)) == 1
    assert await diaries.scheduler.catch_up(at("Europe/London", 2026, 3, 10, 20, 50)) == 0
    # Back only the next morning (before 19:00): yesterday's slot is not sent late.
    assert await diaries.scheduler.catch_up(at("Europe/London", 2026, 3, 11, 9, 0)) == 0
    # Back late at night, in quiet hours: nothing, even though today's slot was missed.
    assert await diaries.scheduler.catch_up(at("Europe/London", 2026, 3, 11, 23, 0)) == 0
    assert len(diaries.outbox()) == 1


async def test_firing_twice_never_sends_twice(diaries: Diaries) -> None:
    await diaries.enrol(1, "Europe/London")
    group = SlotGroup(PROJECT.id, "Europe/London", "19:00")
    moment = at("Europe/London", 2026, 3, 10, 19, 0)
    assert [await diaries.scheduler.fire(group, moment) for _ in range(3)] == [1, 0, 0]


async def test_pause_and_stop_are_honoured(diaries: Diaries) -> None:
    paused = await diaries.enrol(1, "Europe/London")
    stopped = await diaries.enrol(2, "Europe/London")
    await diaries.enrol(3, "Europe/London")
    await diaries.repo.pause_until(paused, date(2026, 3, 12))
    await diaries.repo.stop(stopped)
    group = SlotGroup(PROJECT.id, "Europe/London", "19:00")
    assert await diaries.scheduler.fire(group, at("Europe/London", 2026, 3, 10, 19, 0)) == 1
    assert await diaries.scheduler.fire(group, at("Europe/London", 2026, 3, 12, 19, 0)) == 2
    assert [c for c, _ in diaries.outbox()] == [3, 1, 3]


async def test_outside_the_study_window_nothing_is_sent(diaries: Diaries) -> None:
    await diaries.enrol(1, "Europe/London", start=date(2026, 3, 1))
    group = SlotGroup(PROJECT.id, "Europe/London", "19:00")
    assert await diaries.scheduler.fire(group, at("Europe/London", 2026, 2, 28, 19, 0)) == 0
    assert await diaries.scheduler.fire(group, at("Europe/London", 2026, 3, 29, 19, 0)) == 0


async def test_diary_prompts_neither_spend_nor_meet_the_weekly_cap(diaries: Diaries) -> None:
    # A daily diary under a cap of 3: the resident chose these, so all 7 prompts and
    # 7 reminders go out, and the cap is still whole for polls, updates and check-ins.
    await diaries.enrol(1, "Europe/London")
    group = SlotGroup(PROJECT.id, "Europe/London", "19:00")
    sent = []
    for day in range(1, 8):
        sent.append(await diaries.scheduler.fire(group, at("Europe/London", 2026, 3, day, 19, 0)))
        sent.append(await diaries.scheduler.nudge(group, at("Europe/London", 2026, 3, day, 21, 0)))
    assert sum(sent) == 14 > PROJECT.max_messages_per_week
    participant = (await diaries.db.fetch_one("SELECT MIN(participant_id) FROM outbox"))[0]
    assert await OutboxRepository(diaries.db).sent_since(participant, 0) == 0


async def test_quiet_hours_hold_for_prompts_and_nudges(diaries: Diaries) -> None:
    await diaries.enrol(1, "Europe/London", "22:30")
    group = SlotGroup(PROJECT.id, "Europe/London", "22:30")
    assert await diaries.scheduler.fire(group, at("Europe/London", 2026, 3, 10, 22, 30)) == 0
    assert await diaries.scheduler.nudge(group, at("Europe/London", 2026, 3, 11, 0, 30)) == 0
    assert diaries.outbox() == []


async def test_one_nudge_for_a_missed_prompt_never_after_an_answer(diaries: Diaries) -> None:
    quiet_one = await diaries.enrol(1, "Europe/London")
    answered = await diaries.enrol(2, "Europe/London")
    group = SlotGroup(PROJECT.id, "Europe/London", "19:00")
    assert await diaries.scheduler.nudge(group, at("Europe/London", 2026, 3, 10, 21, 0)) == 0
    await diaries.scheduler.fire(group, at("Europe/London", 2026, 3, 10, 19, 0))
    from conversations.dialogue.engine import DialogueState

    await diaries.repo.start_entry(answered, date(2026, 3, 10), "19:05", DialogueState("which"), 1)
    assert await diaries.scheduler.nudge(group, at("Europe/London", 2026, 3, 10, 21, 0)) == 1
    assert await diaries.scheduler.nudge(group, at("Europe/London", 2026, 3, 10, 21, 30)) == 0
    assert diaries.outbox()[-1] == (1, "nudge")
    assert quiet_one != answered


async def test_blocked_or_paused_people_are_not_prompted(diaries: Diaries) -> None:
    await diaries.enrol(1, "Europe/London")
    await diaries.enrol(2, "Europe/London")
    await diaries.db.execute(
        "UPDATE participants SET blocked_at = 1 WHERE person_id ="
        " (SELECT id FROM people WHERE telegram_id = 1)"
    )
    await PeopleRepository(diaries.db).set_paused(2, True)
    group = SlotGroup(PROJECT.id, "Europe/London", "19:00")
    assert await diaries.scheduler.fire(group, at("Europe/London", 2026, 3, 10, 19, 0)) == 0


def test_registration_makes_one_job_per_zone_and_time(tmp_path: Path) -> None:
    # Registration without a JobQueue still records the groups (what start() would add).
    scheduler = DiaryScheduler(None, ProjectDirectory([PROJECT]), lambda: None, Clock())  # type: ignore[arg-type]
    for zone in ("Europe/London", "Asia/Tokyo", "Europe/London"):
        scheduler.register(SlotGroup(PROJECT.id, zone, "19:00"))
    assert len(scheduler._registered) == 2
