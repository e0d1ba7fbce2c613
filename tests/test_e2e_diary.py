"""The diary end to end over the emulator: enrol, prompts through the outbox, entries with
each answer kind, "nothing today", a nudge, and /journey as a picture."""

from __future__ import annotations

from conversations import catalogue
from conversations.diary import FACES
from conversations.diary_schedule import local_now
from storage.diary import SlotGroup
from tests import dbview
from tests.conftest import COORDINATOR, Resident, RunningBot
from tests.test_e2e_dialogue import join_and_consent

PNG = b"\x89PNG\r\n\x1a\n"


async def enrolled(bot: RunningBot, user: int) -> Resident:
    person = Resident(bot, user)
    await join_and_consent(person)
    texts = Resident.texts(await person.send("/diary"))
    assert texts[0].startswith("Your diary for “Getting about in Northfield”: 21 days")
    assert "19:00 (Europe/London time)" in texts[0]
    return person


def entries(bot: RunningBot) -> list[tuple]:
    return dbview.rows(
        bot.settings.database_target,
        "SELECT status, nothing_today, touchpoint, happened_kind, feeling, better"
        " FROM diary_entries ORDER BY id",
    )


async def prompt_everyone_now(
    bot: RunningBot, zone: str, local_time: str, nudge: bool = False
) -> int:
    """Fire a slot group as the JobQueue would at its time (the clock moved to it)."""
    group = SlotGroup("northfield", zone, local_time)
    now = local_now(bot.services.clock.now(), zone)
    hour, minute = map(int, local_time.split(":"))
    moment = (
        now.replace(hour=hour, minute=minute)
        if not nudge
        else now.replace(hour=hour + 1, minute=minute + 30)
    )
    scheduler = bot.services.diary_scheduler
    return await (scheduler.nudge(group, moment) if nudge else scheduler.fire(group, moment))


async def test_enrol_change_zone_and_time(project_bot: RunningBot) -> None:
    person = await enrolled(project_bot, 1401)
    assert Resident.texts(await person.press(catalogue.DIARY_CHANGE_ZONE)) == [
        catalogue.DIARY_ASK_ZONE
    ]
    assert Resident.texts(await person.send("Atlantis")) == [
        catalogue.DIARY_BAD_ZONE.format(text="Atlantis")
    ]
    [near] = Resident.texts(await person.send("Manchestr"))
    assert near == catalogue.DIARY_ZONE_NEAR.format(text="Manchestr", names="Manchester")
    # Enrolling interrupted the dialogue's next question: it is asked again once done.
    assert Resident.texts(await person.send("Manchester"))[:2] == [
        catalogue.DIARY_ZONE_SET.format(zone="Europe/London"),
        catalogue.BACK_TO_CONVERSATION,
    ]
    await person.press(catalogue.DIARY_CHANGE_ZONE)
    assert Resident.texts(await person.send("tokyo"))[:1] == [
        catalogue.DIARY_ZONE_SET.format(zone="Asia/Tokyo")
    ]
    await person.send("/diary settings")
    assert Resident.texts(await person.press(catalogue.DIARY_CHANGE_TIME)) == [
        catalogue.DIARY_PICK_TIME
    ]
    assert "08:00" in person.buttons() and "23:00" not in person.buttons()
    assert Resident.texts(await person.press("08:00"))[:1] == [
        catalogue.DIARY_TIME_SET.format(time="08:00")
    ]
    [settings] = Resident.texts(await person.send("/diary settings"))
    assert "08:00 (Asia/Tokyo time)" in settings


async def test_prompt_entry_with_every_answer_kind_and_journey(project_bot: RunningBot) -> None:
    person = await enrolled(project_bot, 1402)
    await person.press(catalogue.DIARY_OK)
    assert await prompt_everyone_now(project_bot, "Europe/London", "19:00") == 1
    await project_bot.emulator.wait_for(
        lambda e: any(
            "Time for your diary" in (m.get("text") or "") for m in e.sent_messages(1402)
        ),
        timeout=10,
    )
    assert person.buttons() == ["Log an entry", "Nothing today"]
    [which] = Resident.texts(await person.press("Log an entry"))
    assert which == "Which service or place was it?"
    assert person.buttons()[:2] == ["GP surgery", "Pharmacy"]
    assert person.buttons()[-2:] == ["Other", "Nothing today"]
    [happened] = Resident.texts(await person.press("GP surgery"))
    assert happened.startswith("What happened?")
    [feeling] = Resident.texts(await person.send_kind("voice"))
    assert feeling == "How did it feel?"
    assert person.buttons() == list(FACES.values())
    await person.press(FACES[2])
    thanks, *back = Resident.texts(await person.send("Being able to book online"))
    assert thanks.startswith("Thank you — that's in your diary")
    assert back[:1] == [catalogue.BACK_TO_CONVERSATION]  # the dialogue is still open
    # A second entry, any time, with "Other", a photo and /skip.
    await person.send("/diary")
    await person.press("Other")
    await person.send("The library")
    await person.send_kind("photo", caption="the new ramp")
    await person.press(FACES[5])
    await person.send("/skip")
    assert entries(project_bot) == [
        ("complete", 0, "GP surgery", "voice", 2, "Being able to book online"),
        ("complete", 0, "The library", "photo", 5, None),
    ]
    [picture, text] = await person.send("/journey")
    assert picture["caption"] == catalogue.JOURNEY_CAPTION
    photo = picture["photo"][-1]["file_id"]
    assert project_bot.emulator.files[photo].startswith(PNG)
    assert "GP surgery" in text["text"] and "The library" in text["text"]
    # A photo's caption is what they said about it.
    assert "What happened: [photo] “the new ramp”" in text["text"]
    # /mydata reads the same: placeholders and captions, never a file id.
    document, _language, _quoting = await person.send("/mydata")
    mine = project_bot.emulator.files[document["document"]["file_id"]].decode()
    assert "[photo] the new ramp (felt 5/5)" in mine and "[voice note] (felt 2/5)" in mine
    stored = dbview.rows(
        project_bot.settings.database_target, "SELECT happened_value FROM diary_entries"
    )
    assert not any(value in mine for (value,) in stored)


async def test_nothing_today_is_one_tap_and_stops_the_nudge(project_bot: RunningBot) -> None:
    person = await enrolled(project_bot, 1403)
    other = await enrolled(project_bot, 1404)
    assert await prompt_everyone_now(project_bot, "Europe/London", "19:00") == 2
    await project_bot.emulator.wait_for(
        lambda e: all(
            any("Time for your diary" in (m.get("text") or "") for m in e.sent_messages(u))
            for u in (1403, 1404)
        ),
        timeout=10,
    )
    [thanks] = Resident.texts(await person.press("Nothing today"))
    assert thanks.startswith("Thanks for letting me know")
    assert await prompt_everyone_now(project_bot, "Europe/London", "19:00", nudge=True) == 1
    await project_bot.emulator.wait_for(
        lambda e: any("gentle reminder" in (m.get("text") or "") for m in e.sent_messages(1404)),
        timeout=10,
    )
    assert not any("gentle reminder" in (m.get("text") or "") for m in person.messages())
    assert other.buttons() == ["Log an entry", "Nothing today"]
    assert entries(project_bot) == [("complete", 1, None, None, None, None)]


async def test_a_prompt_to_someone_who_blocked_the_bot_marks_them_inactive(
    project_bot: RunningBot,
) -> None:
    await enrolled(project_bot, 1405)
    project_bot.emulator.block(1405)
    assert await prompt_everyone_now(project_bot, "Europe/London", "19:00") == 1
    target = project_bot.settings.database_target

    def blocked() -> bool:
        return bool(dbview.value(target, "SELECT blocked_at IS NOT NULL FROM participants"))

    await project_bot.emulator.wait_for(lambda e: blocked(), timeout=10)


async def test_diary_pause_and_stop_commands(project_bot: RunningBot) -> None:
    person = await enrolled(project_bot, 1406)
    [paused] = Resident.texts(await person.send("/diary pause 3"))
    assert paused.startswith("Diary paused")
    assert await prompt_everyone_now(project_bot, "Europe/London", "19:00") == 0
    assert Resident.texts(await person.send("/diary stop")) == [catalogue.DIARY_STOPPED]
    assert Resident.texts(await person.send("/diary what")) == [catalogue.DIARY_USAGE]


async def test_coordinator_sees_the_project_wide_view(project_bot: RunningBot) -> None:
    person = await enrolled(project_bot, 1407)
    await person.send("/diary")
    await person.press("Bus or train")
    await person.send("The bus never came")
    await person.press(FACES[1])
    await person.send("/skip")
    coordinator = Resident(project_bot, COORDINATOR)
    [picture] = await coordinator.send("/journey")
    assert "Bus or train" in picture["caption"]
    assert project_bot.emulator.files[picture["photo"][-1]["file_id"]].startswith(PNG)
    [pseudonym] = [
        p
        for (p,) in dbview.rows(
            project_bot.settings.database_target, "SELECT pseudonym FROM participants"
        )
    ]
    [one] = await coordinator.send(f"/journey {pseudonym}")
    assert pseudonym in one["caption"] and "Resident" not in one["caption"]


async def test_mydata_includes_the_diary(project_bot: RunningBot) -> None:
    person = await enrolled(project_bot, 1408)
    await person.send("/diary")
    await person.press("Pharmacy")
    await person.send("They had my prescription ready")
    await person.press(FACES[4])
    await person.send("/skip")
    document, _language, _quoting = await person.send("/mydata")
    text = project_bot.emulator.files[document["document"]["file_id"]].decode()
    assert "Diary: Pharmacy" in text
    assert "They had my prescription ready (felt 4/5)" in text
    assert "Diary settings" in text and "Europe/London" in text
