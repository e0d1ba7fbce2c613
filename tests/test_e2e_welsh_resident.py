"""A Welsh resident's own controls, in Welsh: /projects, the diary and its settings, /journey,
/language, /mydata (the file too), /forget, and a staff command refused with the role named;
replying to a "you said, we did" update, and answering a check-in.

Expected texts come from the catalogues and Babel (never hard-coded Welsh) and each checked
key is first shown to differ from the English, so the test cannot pass on English alone.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from conversations.diary import DiaryWords
from conversations.i18n import dates
from conversations.i18n.words import english
from tests.conftest import TEST_MOMENT, Resident, RunningBot
from tests.test_e2e_updates import appoint, post, send_and_wait
from tests.test_e2e_welsh import WORDS, join_in, say

WELSH_TITLE = "Mynd o gwmpas yn Northfield"  # the example project's own Welsh title


async def test_a_welsh_resident_reads_their_own_controls_in_welsh(project_bot: RunningBot) -> None:
    person = await join_in(project_bot, 5301, "cy", "cy")

    [listing] = await person.send("/projects")
    assert listing["text"] == say("cy", "PROJECTS_LIST")
    assert person.buttons() == [f"★ {WELSH_TITLE}"]

    # The diary's settings: Welsh words, Welsh days from Babel ("Gwen, 4 Rhag"), Welsh times.
    [settings] = await person.send("/diary")
    today = dates.day(TEST_MOMENT.date(), "cy")
    assert today.startswith("Gwen") and "Rhag" in today  # Dydd Gwener, Rhagfyr
    assert today in settings["text"]
    opening = WORDS.render_plural(
        "cy",
        "DIARY_SETTINGS",
        21,
        title=WELSH_TITLE,
        start=today,
        end="",
        times="",
        zone="",
        state="",
    )
    assert settings["text"].startswith(opening[: opening.index(today) + len(today)])
    assert "Europe/London" in settings["text"]
    labels = [say("cy", k) for k in ("DIARY_OK", "DIARY_CHANGE_ZONE", "DIARY_CHANGE_TIME")]
    assert all(label in person.buttons() for label in labels)
    [question] = await person.press(say("cy", "DIARY_CHANGE_ZONE"))
    assert question["text"] == say("cy", "DIARY_ASK_ZONE")
    set_zone, *_ = Resident.texts(await person.send("Europe/Madrid"))  # then back to the talk
    assert set_zone == say("cy", "DIARY_ZONE_SET", zone="Europe/Madrid")
    await person.send("/diary settings")
    [pick] = await person.press(say("cy", "DIARY_CHANGE_TIME"))
    assert pick["text"] == say("cy", "DIARY_PICK_TIME")
    picked = person.buttons()[0]
    assert picked == dates.clock_time(time.fromisoformat(picked), "cy")
    set_time, *_ = Resident.texts(await person.press(picked))
    assert set_time == say("cy", "DIARY_TIME_SET", time=picked)

    # A diary entry, in the project's Welsh, then the journey's caption.
    await person.send("/diary")
    assert "Meddygfa" in person.buttons()
    [happened] = await person.press("Meddygfa")
    assert happened["text"] == DiaryWords().happened.in_("cy")  # the diary's own Welsh
    await person.send("Roedd y feddyg yn garedig")
    await person.press(person.buttons()[0])  # how it felt
    skipped, *_ = Resident.texts(await person.send("/skip"))  # what would be better
    assert skipped == say("cy", "SKIPPED")
    journey = await person.send("/journey")
    assert Resident.texts(journey)[0] == say("cy", "JOURNEY_CAPTION")

    [language] = await person.send("/language")
    assert language["text"] == say("cy", "LANGUAGE_QUESTION", title=WELSH_TITLE, language="Cymraeg")

    # /mydata: the file says the language, and reads in Welsh (dates too).
    document, *_ = await person.send("/mydata")
    assert document["caption"] == say("cy", "MYDATA_CAPTION")
    text = project_bot.emulator.files[document["document"]["file_id"]].decode()
    assert text.startswith(say("cy", "MYDATA_FILE_HEADING"))
    assert say("cy", "MYDATA_PROJECT", title=WELSH_TITLE) in text
    assert say("cy", "MYDATA_LANGUAGE_LINE", language="Cymraeg") in text
    assert say("cy", "MYDATA_STATUS.active") in text
    assert say("cy", "MYDATA_DIARY_SETTINGS") in text
    assert say("cy", "MYDATA_DIARY_ENTRY", service="Meddygfa") in text
    assert dates.utc_moment(TEST_MOMENT.timestamp(), "cy")[:10] in text  # "4 Rhag 2026"
    assert "Rhag" in text and "Dec" not in text
    assert say("cy", "MYDATA_FORGET_HINT") in text

    [confirm] = await person.send("/forget")
    assert confirm["text"] == say("cy", "FORGET_CONFIRM")
    assert person.buttons() == [say("cy", "FORGET_YES"), say("cy", "KEEP")]
    assert Resident.texts(await person.press(say("cy", "FORGET_YES"))) == [say("cy", "FORGOTTEN")]


async def test_a_staff_command_refused_to_a_welsh_resident_names_the_role_in_welsh(
    project_bot: RunningBot,
) -> None:
    person = await join_in(project_bot, 5302, "cy", "cy")
    for command, role in (("stats", "facilitator"), ("export", "coordinator")):
        [refused] = Resident.texts(await person.send(f"/{command}"))
        assert refused == say("cy", f"NOT_ALLOWED.{role}", command=f"/{command}")
    # The role is named inside the Welsh sentence, not glued in English.
    assert "hwyluswyr" in say("cy", "NOT_ALLOWED.facilitator", command="/stats")
    assert "cydlynwyr" in say("cy", "NOT_ALLOWED.coordinator", command="/export")
    assert "facilitator" not in refused and "coordinator" not in refused


async def press_kind(person: Resident, kind: str) -> list[dict[str, Any]]:
    """Tap the newest button of this kind (its callback data's first field), whatever its
    label says: the messages that carry them are worded by the sender, not by this test."""
    for message in reversed(person.messages()):
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["callback_data"].split(":")[0] == kind:
                    return await person.press_data(button["callback_data"], message["message_id"])
    raise AssertionError(f"no {kind} button")


async def test_a_welsh_resident_replies_to_an_update_in_welsh(project_bot: RunningBot) -> None:
    person = await join_in(project_bot, 5303, "cy", "cy")
    await person.send("/idea Mainc wrth yr arhosfan bws")
    facilitator = await appoint(project_bot, 5603)
    await post(
        facilitator, english().say("UPDATE_KIND_BUTTONS.idea"), "P-", "A bench goes in next month."
    )
    await send_and_wait(project_bot, facilitator, 1)
    await project_bot.emulator.wait_for(lambda e: "upreply" in str(person.messages()), 10)

    [ask] = Resident.texts(await press_kind(person, "upreply"))
    assert ask == say("cy", "UPDATE_REPLY_ASK", title=WELSH_TITLE)
    assert Resident.texts(await person.send_kind("photo")) == [say("cy", "UPDATE_REPLY_MEDIA")]
    thanks, *_ = Resident.texts(await person.send("Gwych, diolch"))
    assert thanks == say("cy", "UPDATE_REPLY_THANKS", title=WELSH_TITLE)
    await press_kind(person, "upreply")
    skipped, *_ = Resident.texts(await person.send("/skip"))
    assert skipped == say("cy", "UPDATE_REPLY_SKIPPED")
    # The reply is kept as written, for the team to read.
    [replies] = Resident.texts(await facilitator.send("/replies"))
    assert "Gwych, diolch" in replies


async def test_a_welsh_resident_answers_a_check_in_in_welsh(project_bot: RunningBot) -> None:
    person = await join_in(project_bot, 5304, "cy", "cy")
    monday = datetime(2026, 12, 7, 18, 0, tzinfo=ZoneInfo("Europe/London"))
    project_bot.services.clock.move_to(monday)
    assert await project_bot.services.checkin_scheduler.fire("northfield", "dropin", monday) == 1
    await project_bot.emulator.wait_for(lambda e: "checkin:start" in str(person.messages()), 10)
    project = project_bot.services.projects.get("northfield")
    assert project is not None
    [dropin] = project.checkins
    first, second, third = (q.text.in_("cy") for q in dropin.questions)

    [q1] = Resident.texts(await press_kind(person, "checkin"))
    assert q1 == f"{first}\n\n{say('cy', 'CHECKIN_SCALE_HINT')}"
    [q2] = Resident.texts(await person.press("4"))
    assert q2 == f"{second}\n\n{say('cy', 'CHECKIN_SCALE_HINT')}"
    [q3] = Resident.texts(await person.press("5"))
    assert q3 == third
    thanks, *_ = Resident.texts(await person.send("Mwy o seddi"))
    assert thanks == say("cy", "CHECKIN_THANKS")
