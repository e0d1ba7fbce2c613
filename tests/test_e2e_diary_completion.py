"""Diary completion over the emulator: three diarists prompted on three days (the clock
moved to each 19:00), some answering; /stats shows the rates; /diary nudge reaches only those
below the threshold, once; /mydata shows the reminder and /forget erases it."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

from conversations import catalogue
from conversations.diary_completion import Diarist, DiaryDay, completion
from conversations.export.request import ExportRequest
from storage.diary import SlotGroup
from storage.export import export_to_files
from tests import dbview
from tests.conftest import COORDINATOR, Resident, RunningBot
from tests.test_e2e_dialogue import join_and_consent

PROMPT = "Time for your diary"
REMINDER = catalogue.DIARY_NUDGE_MESSAGE


async def diarist(bot: RunningBot, user: int) -> Resident:
    person = Resident(bot, user)
    await join_and_consent(person)
    await person.send("/diary")
    return person


async def prompt_day(bot: RunningBot, day: int, people: list[Resident]) -> None:
    """Day ``day`` of December at 19:00 in London (UTC in winter): the prompt goes out."""
    bot.services.clock.move_to(datetime(2026, 12, day, 19, 0, tzinfo=UTC))
    group = SlotGroup("northfield", "Europe/London", "19:00")
    assert await bot.services.diary_scheduler.fire(group, bot.services.clock.now()) == len(people)
    await bot.emulator.wait_for(
        lambda e: all(
            sum(PROMPT in (m.get("text") or "") for m in e.sent_messages(p.user_id)) >= day - 3
            for p in people
        ),
        timeout=10,
    )


def pseudonyms(bot: RunningBot) -> dict[int, str]:
    rows = dbview.rows(
        bot.settings.database_target,
        "SELECT p.telegram_id, q.pseudonym FROM participants q JOIN people p ON p.id = q.person_id",
    )
    return dict(rows)


def reminders(person: Resident) -> int:
    return sum(REMINDER in (m.get("text") or "") for m in person.messages())


async def three_days(bot: RunningBot) -> tuple[Resident, Resident, Resident]:
    """Amira answers every day, Ben two days of three, Chloe only the first."""
    amira, ben, chloe = [await diarist(bot, u) for u in (1601, 1602, 1603)]
    everyone = [amira, ben, chloe]
    for day, answering in ((4, everyone), (5, [amira, ben]), (6, [amira])):
        await prompt_day(bot, day, everyone)
        for person in answering:
            await person.press("Nothing today")
    # Amira also logs a second entry on the last day: counted as an entry, not an answer.
    await amira.send("/diary")
    await amira.press("Pharmacy")
    await amira.send("Quick and kind")
    await amira.press("😄 Very good")
    await amira.send("/skip")
    return amira, ben, chloe


async def test_stats_show_completion_and_nudge_reaches_only_those_below_once(
    project_bot: RunningBot, tmp_path: Path
) -> None:
    amira, ben, chloe = await three_days(project_bot)
    names = pseudonyms(project_bot)
    coordinator = Resident(project_bot, COORDINATOR)
    *_, diary = Resident.texts(await coordinator.send("/stats"))
    assert diary.startswith(
        "Diary in “Getting about in Northfield”: 6 of 9 prompts answered (67%); 7 entries"
        " from 3 people."
    )
    assert f"{names[1601]}: 3 of 3 answered (100%), 4 entries" in diary
    assert f"{names[1602]}: 2 of 3 answered (67%), 2 entries" in diary
    assert f"{names[1603]}: 1 of 3 answered (33%), 1 entry" in diary
    assert "Day 1: 3 of 3 people (100%)" in diary
    assert "Day 2: 2 of 3 people (67%)" in diary
    assert "Day 3: 1 of 3 people (33%)" in diary

    [reply] = Resident.texts(await coordinator.send("/diary nudge 50"))
    assert f"a reminder is on its way to 1 person below 50%: {names[1603]}." in reply, reply
    assert catalogue.DIARY_NUDGE_FREE in reply
    await project_bot.emulator.wait_for(lambda e: reminders(chloe) == 1, timeout=10)
    [nudge] = [m for m in chloe.messages() if REMINDER in (m.get("text") or "")]
    assert [b["text"] for r in nudge["reply_markup"]["inline_keyboard"] for b in r] == [
        "Log an entry",
        "Nothing today",
    ]

    # Again, with a higher threshold: Ben is new, Chloe was reminded already.
    [again] = Resident.texts(await coordinator.send("/diary nudge 70"))
    assert f"on its way to 1 person below 70%: {names[1602]}." in again, again
    assert f"1 person below 70% was reminded before and is not sent another: {names[1603]}" in (
        again
    )
    await project_bot.emulator.wait_for(lambda e: reminders(ben) == 1, timeout=10)
    [third] = Resident.texts(await coordinator.send("/diary nudge 70"))
    assert (
        catalogue.DIARY_NUDGE_NOBODY.format(title="Getting about in Northfield", threshold="70%")
        in third
    )
    assert (reminders(amira), reminders(ben), reminders(chloe)) == (0, 1, 1)
    kinds = dbview.one(
        project_bot.settings.database_target,
        "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'diary_nudge:%'",
    )
    assert kinds == (2,)

    # The export carries the same figures, by pseudonym.
    out = tmp_path / "completion.csv"
    request = ExportRequest(project_bot.services.projects.get("northfield"), ("diary_completion",))
    await export_to_files(project_bot.settings.database_target, request, {"diary_completion": out})
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = {r["pseudonym"]: r for r in csv.DictReader(f)}
    assert {p: (r["sent"], r["answered"], r["rate"], r["entries"]) for p, r in rows.items()} == {
        names[1601]: ("3", "3", "1.0", "4"),
        names[1602]: ("3", "2", "0.667", "2"),
        names[1603]: ("3", "1", "0.333", "1"),
    }
    assert rows[names[1601]]["first_day"] == "2026-12-04"
    assert rows[names[1601]]["last_day"] == "2026-12-06"
    assert rows[names[1603]]["nudged_at"] and not rows[names[1601]]["nudged_at"]

    # The reminded person sees it in /mydata; /forget erases the nudge row.
    document, *_ = await chloe.send("/mydata")
    mine = project_bot.emulator.files[document["document"]["file_id"]].decode()
    assert catalogue.MYDATA_DIARY_NUDGED in mine
    await chloe.send("/forget")
    await chloe.press(catalogue.FORGET_YES)
    left = dbview.one(project_bot.settings.database_target, "SELECT COUNT(*) FROM diary_nudges")
    assert left == (1,)  # Ben's only


async def test_residents_may_not_nudge_and_a_bad_threshold_is_explained(
    project_bot: RunningBot,
) -> None:
    person = await diarist(project_bot, 1604)
    [refused] = Resident.texts(await person.send("/diary nudge 60"))
    assert refused == catalogue.NOT_ALLOWED["facilitator"].format(command="/diary nudge")
    coordinator = Resident(project_bot, COORDINATOR)
    for bad in ("/diary nudge", "/diary nudge 0", "/diary nudge 150", "/diary nudge lots"):
        assert Resident.texts(await coordinator.send(bad)) == [catalogue.DIARY_NUDGE_USAGE]


def test_completion_counts_an_entry_once_per_prompt_and_the_days_reached() -> None:
    start = date(2026, 12, 4)
    keeps = Diarist(1, "P-a", start, date(2026, 12, 24), (DiaryDay(start, 1, 2),))
    stops = Diarist(
        2,
        "P-b",
        start,
        date(2026, 12, 24),
        (DiaryDay(start, 1, 1), DiaryDay(date(2026, 12, 5), 1, 0)),
    )
    late = Diarist(3, "P-c", date(2026, 12, 6), date(2026, 12, 26), ())
    figures = completion([keeps, stops, late], date(2026, 12, 5))
    assert (figures.sent, figures.answered, figures.entries) == (3, 2, 3)
    assert [(d.day, d.sent, d.answered, d.reached, d.answering) for d in figures.days] == [
        (1, 2, 2, 2, 2),
        (2, 1, 0, 2, 0),
    ]
    assert [p.pseudonym for p in figures.below(0.6)] == ["P-b"]
    assert figures.people[2].rate is None  # not prompted yet: never "below"


async def test_a_nudge_waits_for_quiet_hours_and_a_paused_person_is_recorded(
    project_bot: RunningBot,
) -> None:
    quiet, paused = await diarist(project_bot, 1605), await diarist(project_bot, 1606)
    await prompt_day(project_bot, 4, [quiet, paused])
    await paused.send("/pause")
    # 22:00 in London: inside the example project's quiet hours (21:00-08:00).
    project_bot.services.clock.move_to(datetime(2026, 12, 4, 22, 0, tzinfo=UTC))
    coordinator = Resident(project_bot, COORDINATOR)
    [reply] = Resident.texts(await coordinator.send("/diary nudge 50"))
    assert "on its way to 2 people below 50%" in reply
    morning = datetime(2026, 12, 5, 8, 0, tzinfo=UTC).timestamp()

    def rows() -> list[tuple]:
        return dbview.rows(
            project_bot.settings.database_target,
            "SELECT o.chat_id, o.kind, o.status, o.error, o.not_before FROM outbox o"
            " WHERE o.dedupe_key LIKE 'diary_nudge:%' ORDER BY o.chat_id",
        )

    assert rows() == [
        (1605, "nudge", "pending", None, morning),
        (1606, "nudge", "pending", None, morning),
    ]
    assert reminders(quiet) == 0
    project_bot.services.clock.move_to(datetime(2026, 12, 5, 8, 0, 1, tzinfo=UTC))
    project_bot.services.wake_outbox()
    await project_bot.emulator.wait_for(lambda e: reminders(quiet) == 1, timeout=10)
    await project_bot.emulator.wait_for(lambda e: rows()[1][2] == "skipped", timeout=10)
    assert rows()[1][2:4] == ("skipped", "paused") and reminders(paused) == 0
