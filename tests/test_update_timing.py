"""Updates follow polls' rule: quiet hours on each recipient's own clock, and the weekly cap
counted the same way (real SQLite; the clock is a fixed instant passed in)."""

from __future__ import annotations

import time as clock
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.broadcasts import held_until, when_due
from conversations.polls.targets import Target
from conversations.projects import Project
from storage.cohorts import REPLY_KINDS, CohortsRepository, Recipient
from storage.database import Database
from storage.diary import DiaryRepository
from storage.people import PeopleRepository
from storage.updates import UpdatesRepository
from tests.test_checkin_schedule import project as checkin_project
from tests.test_updates import SCRIPT, answer, join, message, ready

LONDON, AUCKLAND, NEW_YORK = (
    ZoneInfo(z) for z in ("Europe/London", "Pacific/Auckland", "America/New_York")
)


def project(cap: int = 2) -> Project:
    """Quiet 21:00-08:00 in London, ``cap`` messages a week (the rule reads nothing else)."""
    return checkin_project(cap=cap)


def eight_next(now: datetime, zone: ZoneInfo) -> datetime:
    """08:00 on the recipient's own clock after ``now`` (now being in their quiet hours)."""
    local = now.astimezone(zone)
    day = local.date() if local.hour < 8 else local.date() + timedelta(days=1)
    return datetime.combine(day, time(8), tzinfo=zone)


async def keeps_a_diary(db: Database, participant: int, zone: str) -> None:
    await DiaryRepository(db).enrol(participant, "p", zone, {}, date(2026, 1, 1), date(2026, 2, 1))


async def not_before(db: Database, update_id: int) -> dict[int, Any]:
    """Participant -> not_before of the update's outbox rows."""
    rows = await db.fetch_all(
        "SELECT o.participant_id, o.not_before FROM outbox o JOIN updates u"
        " ON u.broadcast_id = o.broadcast_id WHERE u.id = ? AND o.status != 'skipped'",
        (update_id,),
    )
    return {r[0]: r[1] for r in rows}


async def post_at(db: Database, now: datetime, cap: int = 2) -> tuple[int, dict[int, Any]]:
    """Post an update linked to the outcome question at ``now``; (update id, not_befores)."""
    repo = UpdatesRepository(db)
    rule = project(cap)
    posted = await repo.post(
        await ready(repo, "question", "outcome"),
        SCRIPT,
        message,
        lambda recipients: when_due(recipients, rule, now),
    )
    assert posted is not None
    return posted.update_id, await not_before(db, posted.update_id)


async def test_quiet_in_the_residents_zone_but_not_the_projects(db: Database) -> None:
    londoner, kiwi = await join(db, range(1001, 1003))
    for participant in (londoner, kiwi):
        await answer(db, participant, "outcome")
    await keeps_a_diary(db, kiwi, "Pacific/Auckland")
    afternoon = datetime(2026, 1, 15, 14, 0, tzinfo=LONDON)  # 03:00 the next day in Auckland
    update_id, held = await post_at(db, afternoon)
    assert held == {londoner: None, kiwi: eight_next(afternoon, AUCKLAND).timestamp()}
    assert datetime.fromtimestamp(held[kiwi], AUCKLAND) == datetime(
        2026, 1, 16, 8, 0, tzinfo=AUCKLAND
    )
    assert sorted(await UpdatesRepository(db).recipients(update_id)) == [londoner, kiwi]


async def test_quiet_in_the_projects_zone_but_not_the_residents(db: Database) -> None:
    londoner, new_yorker = await join(db, range(1001, 1003))
    for participant in (londoner, new_yorker):
        await answer(db, participant, "outcome")
    await keeps_a_diary(db, new_yorker, "America/New_York")
    night = datetime(2026, 7, 15, 23, 30, tzinfo=LONDON)  # 18:30 in New York
    _, held = await post_at(db, night)
    # No diary: the project's zone decides, across the date line of midnight.
    assert held == {
        londoner: datetime(2026, 7, 16, 8, 0, tzinfo=LONDON).timestamp(),
        new_yorker: None,
    }


async def test_the_weekly_cap_counts_as_for_polls(db: Database) -> None:
    busy, thanked, free, paused = await join(db, range(1101, 1105))
    for participant in (busy, thanked, free, paused):
        await answer(db, participant, "outcome")
    sent = [(busy, "diary_prompt"), (busy, "poll"), (busy, "checkin")]
    sent += [(thanked, k) for k in REPLY_KINDS[:2]] + [(thanked, "diary_prompt")]
    await db.executemany(
        "INSERT INTO outbox (chat_id, participant_id, kind, method, params, status, created_at)"
        " VALUES (1, ?, ?, 'sendMessage', '{}', 'sent', ?)",
        [(p, kind, clock.time()) for p, kind in sent],
    )
    await PeopleRepository(db).set_paused(1104, True)
    night = datetime(2026, 7, 15, 23, 30, tzinfo=LONDON)
    update_id, held = await post_at(db, night, cap=2)
    morning = datetime(2026, 7, 16, 8, 0, tzinfo=LONDON).timestamp()
    # Replies and diary prompts are free; two unsolicited messages reach the cap.
    # Paused people get a row due now: the sender skips them at once and counts them.
    assert held == {thanked: morning, free: morning, paused: None}
    # Whoever is at the cap is recorded as left out, with the reason.
    capped = await db.fetch_all(
        "SELECT participant_id, error FROM outbox WHERE kind = 'update' AND status = 'skipped'"
    )
    assert [tuple(r) for r in capped] == [(busy, "weekly cap")]
    repo = UpdatesRepository(db)
    assert sorted(await repo.recipients(update_id)) == [busy, thanked, free, paused]
    assert [u.id for u in await repo.received(1101)] == [update_id]  # in their /updates
    # The very same people are capped for a poll to the whole project.
    cohort = await CohortsRepository(db).resolve("p", Target("all"), clock.time())
    assert set(when_due(cohort, project(2), night)) == {thanked, free}
    assert sorted(r.participant_id for r in cohort) == [busy, thanked, free]
    assert [r.participant_id for r in await repo.reachable("p", "question", "outcome", SCRIPT)] == [
        busy,
        thanked,
        free,
    ]


async def test_without_a_schedule_everyone_reachable_is_due_now(db: Database) -> None:
    [author] = await join(db, range(1001, 1002))
    await answer(db, author, "outcome")
    repo = UpdatesRepository(db)
    posted = await repo.post(await ready(repo, "question", "outcome"), SCRIPT, message)
    assert posted is not None
    assert await not_before(db, posted.update_id) == {author: None}


def test_held_until_the_first_end_of_quiet_hours_only_if_nobody_goes_now() -> None:
    rule = project(cap=5)
    noon = datetime(2026, 1, 15, 12, 0, tzinfo=LONDON)  # 01:00 in Auckland, 07:00 in New York

    def people(*zones: str | None) -> list[Recipient]:
        return [Recipient(n, 100 + n, zone, 0) for n, zone in enumerate(zones)]

    far = when_due(people("Pacific/Auckland", "America/New_York"), rule, noon)
    assert held_until(far, "Europe/London") == datetime(2026, 1, 15, 13, 0, tzinfo=LONDON)
    mixed = when_due(people("Pacific/Auckland", None), rule, noon)
    assert mixed[1] is None and held_until(mixed, "Europe/London") is None
    assert held_until({}, "Europe/London") is None
    busy = [Recipient(1, 101, None, 5)]
    assert when_due(busy, rule, noon) == {}
