"""Check-ins with a fake clock: recurrences across zones and DST (real APScheduler
triggers), one cycle per date, windows, the one reminder, closing and drop alerts (real
SQLite)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from bot.checkin_scheduler import CheckInScheduler, checkin_trigger, next_firings
from conversations.checkins.model import CheckInDefinition
from conversations.clock import Clock
from conversations.dialogue.engine import DialogueState
from conversations.directory import ProjectDirectory
from conversations.i18n import late
from conversations.i18n.catalogues import shipped
from conversations.i18n.words import Words, english
from conversations.projects import Project, parse_project
from storage.checkins import CheckInsRepository
from storage.database import Database
from storage.people import PeopleRepository
from storage.projects import ProjectRow, ProjectsRepository
from tests import dbview

LONDON = "Europe/London"
CHECKIN: dict[str, Any] = {
    "id": "dropin",
    "title": "Drop-in",
    "every": "monday",
    "at": "18:00",
    "reminder_after_hours": 24,
    "alert_drop": {"mean": 1.0, "response_rate": 30},
    "questions": [
        {"function": "accountability", "kind": "scale", "text": "Open when promised?"},
        {"function": "improvement", "kind": "text", "text": "What should change?"},
    ],
}


def project(quiet: str = "21:00-08:00", cap: int = 3, **checkin: Any) -> Project:
    """A project with one check-in (overrides change the check-in)."""
    return parse_project(
        {
            "id": "checks",
            "title": "Checks",
            "invite_code": "CHECKS",
            "purpose": "p",
            "use_of_input": "u",
            "who_sees": "w",
            "duration": "d",
            "contact": "c",
            "max_messages_per_week": cap,
            "quiet_hours": quiet,
            "dialogue": "outcome_first",
            "checkins": [{**CHECKIN, **checkin}],
        },
        "checks.yaml",
    )


def definition(**overrides: Any) -> CheckInDefinition:
    return CheckInDefinition.model_validate({**CHECKIN, **overrides})


def at(zone: str, *args: int) -> datetime:
    """A local wall-clock time in a zone."""
    return datetime(*args, tzinfo=ZoneInfo(zone))


class CheckIns:
    """A database with the project, its people, and the scheduler on a fake clock."""

    def __init__(self, db: Database, loaded: Project) -> None:
        self.db = db
        self.project = loaded
        self.repo = CheckInsRepository(db)
        self.clock = Clock.pinned(at(LONDON, 2026, 3, 2, 18, 0))
        self.scheduler = CheckInScheduler(
            self.repo, ProjectDirectory([loaded]), lambda: None, self.clock
        )

    async def join(self, user: int) -> int:
        people = PeopleRepository(self.db)
        return (await people.consent(user, None, self.project.id, 1, "x")).id

    async def answer(self, cycle_id: int, participant: int, score: int) -> None:
        await self.repo.start_response(cycle_id, participant, DialogueState("q1"), 1)
        response = await self.repo.open_response(participant)
        assert response is not None
        rows = [("q1", "scale", score, None), ("q2", "text", None, f"said {participant}")]
        await self.repo.advance_response(response.id, DialogueState(None), rows, 2, True)

    def outbox(self) -> list[tuple[int, str]]:
        return dbview.rows(
            dbview.target_of(self.db),
            "SELECT chat_id, kind FROM outbox WHERE status != 'skipped' ORDER BY id",
        )

    def left_out(self) -> list[tuple[int, str]]:
        """(chat, reason) of those a check-in left out."""
        return dbview.rows(
            dbview.target_of(self.db),
            "SELECT chat_id, error FROM outbox WHERE status = 'skipped' ORDER BY id",
        )

    def cycles(self) -> list[tuple[str, bool]]:
        rows = dbview.rows(
            dbview.target_of(self.db),
            "SELECT local_date, closed_at IS NOT NULL FROM checkin_cycles ORDER BY id",
        )
        return [(d, bool(c)) for d, c in rows]

    async def fire(self, moment: datetime) -> int:
        self.scheduler.clock = self.clock = Clock.pinned(moment)
        return await self.scheduler.fire(self.project.id, "dropin", moment)

    async def tick(self, moment: datetime) -> int:
        self.scheduler.clock = self.clock = Clock.pinned(moment)
        return await self.scheduler.tick(moment)


async def make(db: Database, loaded: Project | None = None) -> CheckIns:
    loaded = loaded or project()
    await ProjectsRepository(db).sync(
        [ProjectRow(loaded.id, loaded.title, loaded.invite_code, 1, "test")]
    )
    return CheckIns(db, loaded)


@pytest.mark.parametrize(
    ("zone", "start", "expected_utc"),
    [
        # London: GMT, then BST from 29 March: 18:00 local is 18:00, then 17:00 UTC.
        (LONDON, date(2026, 3, 20), [datetime(2026, 3, 23, 18), datetime(2026, 3, 30, 17)]),
        # New York: DST from 8 March.
        (
            "America/New_York",
            date(2026, 3, 1),
            [datetime(2026, 3, 2, 23), datetime(2026, 3, 9, 22)],
        ),
        # Sydney: DST ends on 5 April (UTC+11 to UTC+10).
        (
            "Australia/Sydney",
            date(2026, 3, 28),
            [datetime(2026, 3, 30, 7), datetime(2026, 4, 6, 8)],
        ),
    ],
)
def test_weekly_check_in_fires_at_local_time_across_dst(
    zone: str, start: date, expected_utc: list[datetime]
) -> None:
    moment = datetime.combine(start, datetime.min.time(), tzinfo=ZoneInfo(zone))
    fired = next_firings(definition(), zone, moment, 2)
    assert [f.astimezone(UTC).replace(tzinfo=None) for f in fired] == expected_utc
    assert all(f.astimezone(ZoneInfo(zone)).hour == 18 for f in fired)


def test_fortnightly_and_monthly_recurrences() -> None:
    fortnightly = definition(every_weeks=2, starts_on="2026-03-02")
    fired = next_firings(fortnightly, LONDON, at(LONDON, 2026, 3, 1, 0, 0), 3)
    assert [f.date() for f in fired] == [date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 30)]
    monthly = definition(every=None, monthly_day=1, at="09:30")
    fired = next_firings(monthly, "Asia/Tokyo", at("Asia/Tokyo", 2026, 1, 15, 0, 0), 3)
    assert [f.date() for f in fired] == [date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]
    assert fired[0].astimezone(UTC) == datetime(2026, 2, 1, 0, 30, tzinfo=UTC)


def test_why_a_cron_trigger_not_an_interval_one() -> None:
    # A weekly IntervalTrigger counts real hours, so it drifts an hour off the local time
    # across a DST change; the CronTrigger the scheduler registers keeps 18:00 local.
    first = at(LONDON, 2026, 3, 23, 18, 0)
    interval = IntervalTrigger(weeks=1, start_date=first, timezone=ZoneInfo(LONDON))
    after = interval.get_next_fire_time(first, first + timedelta(seconds=1))
    assert after is not None and after.astimezone(ZoneInfo(LONDON)).hour == 19
    cron = checkin_trigger(definition(), LONDON)
    after = cron.get_next_fire_time(first, first + timedelta(seconds=1))
    assert after is not None and after.astimezone(ZoneInfo(LONDON)).hour == 18


async def test_a_cycle_opens_once_per_date_and_dst_fall_back_sends_once(db: Database) -> None:
    night = project(quiet="10:00-11:00", every="sunday", at="01:30")
    checks = await make(db, night)
    await checks.join(1)
    trigger = checkin_trigger(night.checkins[0], LONDON)
    first = trigger.get_next_fire_time(None, at(LONDON, 2026, 10, 25, 0, 0))
    second = trigger.get_next_fire_time(first, first)
    assert first is not None and second is not None
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert [await checks.fire(first), await checks.fire(second)] == [1, 0]
    # A restart the same day: catch-up finds the cycle already open.
    assert await checks.scheduler.catch_up(second + timedelta(hours=2)) == 0
    assert checks.cycles() == [("2026-10-25", False)]
    assert checks.outbox() == [(1, "checkin")]


async def test_catch_up_only_the_same_day_and_not_on_other_days(db: Database) -> None:
    checks = await make(db)
    await checks.join(1)
    assert await checks.scheduler.catch_up(at(LONDON, 2026, 3, 3, 9, 0)) == 0  # Tuesday
    assert await checks.scheduler.catch_up(at(LONDON, 2026, 3, 2, 17, 0)) == 0  # too early
    assert await checks.scheduler.catch_up(at(LONDON, 2026, 3, 2, 20, 0)) == 1
    assert await checks.scheduler.catch_up(at(LONDON, 2026, 3, 2, 20, 30)) == 0
    assert await checks.scheduler.catch_up(at(LONDON, 2026, 3, 9, 22, 0)) == 0  # quiet hours


async def test_target_and_reachability_are_honoured(db: Database) -> None:
    checks = await make(db, project(target="tag:staff"))
    staff, resident, paused = [await checks.join(n) for n in (1, 2, 3)]
    for person in (staff, paused):
        await db.execute(
            "INSERT INTO participant_tags (participant_id, tag, tagged_at) VALUES (?, 'staff', 0)",
            (person,),
        )
    await PeopleRepository(db).set_paused(3, True)
    assert await checks.fire(at(LONDON, 2026, 3, 2, 18, 0)) == 1
    assert checks.outbox() == [(1, "checkin")] and resident == 2
    assert checks.left_out() == [(3, "paused")]  # recorded with why; the resident is not staff
    # Back from a pause the same day: a second firing invites them after all.
    await PeopleRepository(db).set_paused(3, False)
    assert await checks.fire(at(LONDON, 2026, 3, 2, 19, 0)) == 1
    assert checks.outbox() == [(1, "checkin"), (3, "checkin")] and checks.left_out() == []


async def test_window_closes_the_cycle_and_a_new_one_opens_next_week(db: Database) -> None:
    checks = await make(db)
    await checks.join(1)
    await checks.fire(at(LONDON, 2026, 3, 2, 18, 0))
    await checks.tick(at(LONDON, 2026, 3, 4, 17, 59))
    assert checks.cycles() == [("2026-03-02", False)]
    await checks.tick(at(LONDON, 2026, 3, 4, 18, 0))
    assert checks.cycles() == [("2026-03-02", True)]
    assert await checks.fire(at(LONDON, 2026, 3, 9, 18, 0)) == 1
    assert checks.cycles() == [("2026-03-02", True), ("2026-03-09", False)]


async def test_one_reminder_only_to_non_responders_outside_quiet_hours(db: Database) -> None:
    checks = await make(db)
    answered, silent = await checks.join(1), await checks.join(2)
    await checks.fire(at(LONDON, 2026, 3, 2, 18, 0))
    [(cycle_id,)] = await db.fetch_all("SELECT id FROM checkin_cycles")
    await checks.answer(cycle_id, answered, 4)
    assert await checks.tick(at(LONDON, 2026, 3, 3, 17, 0)) == 0  # not 24 hours yet
    assert await checks.tick(at(LONDON, 2026, 3, 3, 22, 0)) == 0  # quiet hours: wait
    assert await checks.tick(at(LONDON, 2026, 3, 4, 8, 5)) == 1
    assert await checks.tick(at(LONDON, 2026, 3, 4, 9, 0)) == 0  # once
    assert checks.outbox() == [(1, "checkin"), (2, "checkin"), (2, "checkin_reminder")]
    reminder = json.loads((await db.fetch_all("SELECT params FROM outbox ORDER BY id DESC"))[0][0])
    said = late.render(reminder, english(), "en")  # what the sender puts into words
    assert "Wed 4 Mar 18:00" in said["text"] and silent == 2


async def test_reminder_never_past_the_weekly_cap(db: Database) -> None:
    checks = await make(db, project(cap=1))
    await checks.join(1)
    assert await checks.fire(at(LONDON, 2026, 3, 2, 18, 0)) == 1
    assert await checks.tick(at(LONDON, 2026, 3, 3, 19, 0)) == 0
    assert checks.outbox() == [(1, "checkin")]


async def test_a_drop_between_closed_cycles_alerts_facilitators_once(db: Database) -> None:
    checks = await make(db)
    await db.execute(
        "INSERT INTO roles (telegram_id, project_id, role, granted_at) VALUES"
        " (777, 'checks', 'facilitator', 0)"
    )
    people = [await checks.join(n) for n in (1, 2)]
    scores = [(5, 4), (2, 3)]  # mean 4.5, then 2.5: a drop of 2 on the first question
    for week, pair in enumerate(scores):
        await checks.fire(at(LONDON, 2026, 3, 2 + 7 * week, 18, 0))
        [(cycle_id,)] = await db.fetch_all("SELECT MAX(id) FROM checkin_cycles")
        for person, score in zip(people, pair, strict=True):
            await checks.answer(cycle_id, person, score)
        await checks.tick(at(LONDON, 2026, 3, 4 + 7 * week, 19, 0))
        await checks.tick(at(LONDON, 2026, 3, 4 + 7 * week, 20, 0))
    alerts = [row for row in checks.outbox() if row[1] == "checkin_alert"]
    assert alerts == [(777, "checkin_alert")]
    params = json.loads(
        (await db.fetch_all("SELECT params FROM outbox WHERE kind = 'checkin_alert'"))[0][0]
    )
    # Queued as what to say: each facilitator reads it in their language when it is sent.
    text = late.render(params, english(), "en")["text"]
    assert "mean fell from 4.5 to 2.5" in text and "response rate" not in text
    welsh = late.render(params, Words(shipped(), "cy"), "cy")["text"]
    assert "gostyngodd y cyfartaledd o 4.5 i 2.5" in welsh and text not in welsh


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"at": "22:30"}, "check-in 'dropin' at 22:30 falls in quiet hours"),
        ({"reminder_after_hours": 60}, "reminder_after_hours (60) must come before"),
        ({"every": "funday"}, "'funday' is not a weekday"),
        ({"monthly_day": 3}, "give either every:"),
        ({"questions": []}, "give 1 to 5 questions"),
        ({"target": "friends"}, "is not a target"),
    ],
)
def test_bad_check_ins_fail_at_load_naming_file_and_reason(
    change: dict[str, Any], reason: str
) -> None:
    from conversations.projects import ProjectError

    with pytest.raises(ProjectError) as raised:
        project(**change)
    assert "checks.yaml" in str(raised.value) and reason in str(raised.value)
