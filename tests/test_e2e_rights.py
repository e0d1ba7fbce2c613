"""Residents' data rights and staff roles, end to end over the emulator."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.permissions import PRIVILEGED
from conversations import catalogue
from storage.codebook import CodebookRepository
from tests import dbview
from tests.conftest import COORDINATOR, Resident, RunningBot
from tests.test_e2e_dialogue import SCRIPT, join_and_consent
from tests.test_e2e_diary import prompt_everyone_now
from tests.test_e2e_updates import appoint

TITLE = "Getting about in Northfield"
# (table, column, value) for every cell of the database (tests/test_e2e_export_jobs.py's name).
every_value = dbview.cells


async def test_mydata_sends_a_readable_file_of_everything(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1201)
    await join_and_consent(person)
    await person.send("Somewhere to sit near the shops")
    await person.send("/idea Longer green light at the crossing")
    await person.press(catalogue.FARM_SHARE_YES)  # the example runs an ideas farm
    document, _language, choices = await person.send("/mydata")
    assert document["caption"] == catalogue.MYDATA_CAPTION
    assert choices["text"] == catalogue.MYDATA_QUOTING.format(
        title=TITLE, state=catalogue.QUOTING_STATES["anon"]
    )
    text = project_bot.emulator.files[document["document"]["file_id"]].decode()
    assert "Telegram user id: 1201" in text
    assert TITLE in text and "P-" in text
    assert "If one thing could be different" in text
    assert "Somewhere to sit near the shops" in text
    assert "Longer green light at the crossing" in text
    assert f"Quoting your words: {catalogue.QUOTING_STATES['anon']}" in text
    assert catalogue.MYDATA_SHARING["pending"] in text


async def test_forget_leaves_no_trace_of_the_person(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1202)
    await join_and_consent(person)
    await person.send("My secret wish is a tram")
    await person.send("Because it is secretly quicker")
    told = await person.send("The secret is the hill")
    assert "photo" in told[0]  # the example project's scenario: Sam's week
    await person.send("A secret bus for Sam")  # an answer to a question about the scenario
    await person.send("/idea Another secret idea")
    await person.press(catalogue.FARM_SHARE_YES)
    # The ideas farm: their idea approved, backed, built on and helped with; their offer
    # asked about by a facilitator through the outbox.
    facilitator = await appoint(project_bot, 1290)
    await facilitator.send("/ideas")
    await facilitator.press(catalogue.IDEAS_APPROVE)
    await person.send("/farm")
    await person.press(catalogue.FARM_BACK)
    await person.press(catalogue.FARM_BUILD)
    await person.send("A secret addition")
    await person.press(catalogue.FARM_HELP)
    await person.send("My secret skill")
    await person.send("/skip")
    await person.send("Somewhere secret")
    await person.press(catalogue.OFFER_TAGS["skill"])
    await facilitator.send("/offers")
    await facilitator.press(catalogue.OFFER_ASK_BUTTON)
    await facilitator.send("A secret working group")
    counts = [
        dbview.value(project_bot.settings.database_target, f"SELECT COUNT(*) FROM {table}")
        for table in ("idea_backers", "offers", "offer_asks")
    ]
    assert counts == [1, 1, 1]
    # A diarist who answered no prompt, reminded once by the coordinator (diary_nudges).
    await person.send("/diary")
    assert await prompt_everyone_now(project_bot, "Europe/London", "19:00") == 1
    coordinator = Resident(project_bot, COORDINATOR)
    [nudged] = Resident.texts(await coordinator.send("/diary nudge 100"))
    assert "a reminder is on its way to 1 person" in nudged
    await project_bot.emulator.wait_for(
        lambda e: any(
            m.get("text") == catalogue.DIARY_NUDGE_MESSAGE for m in e.sent_messages(1202)
        ),
        timeout=10,
    )
    await person.send("/suggest A secret question for the drop-in")  # a check-in question
    # Their answers coded in the dashboard's codebook.
    codebook = CodebookRepository(project_bot.services.db)
    code = await codebook.create("northfield", "Trams", "", None, 0.0)
    assert code is not None
    theirs = await project_bot.services.db.fetch_all(
        "SELECT a.id FROM answers a JOIN participants q ON q.id = a.participant_id"
        " JOIN people p ON p.id = q.person_id WHERE p.telegram_id = 1202"
    )
    assert await codebook.apply("northfield", code, [row[0] for row in theirs], 0.0) >= 3
    assert Resident.texts(await person.send("/forget")) == [catalogue.FORGET_CONFIRM]
    assert Resident.texts(await person.press(catalogue.KEEP)) == [catalogue.KEPT]
    await person.send("/forget")
    assert Resident.texts(await person.press(catalogue.FORGET_YES)) == [catalogue.FORGOTTEN]
    # No row in any table holds the person's id, name or words (timestamps may contain the
    # same digits, so values are compared, not the text of a dump).
    for table, column, value in dbview.cells(project_bot.settings.database_target):
        where = f"{table}.{column}"
        assert value != 1202, where
        if isinstance(value, str):
            assert not re.search(r"\b1202\b", value), where
            assert "Resident 1202" not in value and "secret" not in value, where
    assert Resident.texts(await person.send("/mydata")) == [catalogue.NOT_KNOWN]
    target = project_bot.settings.database_target
    assert dbview.value(target, "SELECT COUNT(*) FROM diary_nudges") == 0
    assert dbview.value(target, "SELECT COUNT(*) FROM answer_codes") == 0


async def test_pause_resume_leave_and_projects(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1203)
    assert Resident.texts(await person.send("/pause")) == [catalogue.NOT_KNOWN]
    await join_and_consent(person)
    assert Resident.texts(await person.send("/pause")) == [catalogue.PAUSED]
    # Paused, what they write is not taken as an answer; /resume asks the open question again.
    assert Resident.texts(await person.send("Shops")) == [catalogue.PAUSED_NOT_KEPT]
    assert Resident.texts(await person.send("/resume")) == [
        catalogue.RESUMED,
        SCRIPT.step("outcome").text,
    ]
    assert Resident.texts(await person.send("/projects")) == [catalogue.PROJECTS_LIST]
    assert person.buttons() == [f"★ {TITLE}"]
    switched = Resident.texts(await person.press(f"★ {TITLE}"))
    assert switched[0] == catalogue.PROJECT_SWITCHED.format(title=TITLE)
    await person.send("/leave")
    assert Resident.texts(await person.press(catalogue.LEAVE_YES)) == [
        catalogue.LEFT.format(title=TITLE)
    ]
    assert Resident.texts(await person.send("/projects")) == [catalogue.PROJECTS_NONE]
    # Leaving keeps what was said; joining again picks up where they were.
    texts = Resident.texts(await person.send("/start NORTHFIELD"))
    assert texts[-1] == catalogue.CONSENT_QUESTION


@pytest.mark.parametrize("command", sorted(PRIVILEGED))
async def test_residents_are_refused_every_privileged_command(
    project_bot: RunningBot, command: str
) -> None:
    person = Resident(project_bot, 1204)
    await join_and_consent(person)
    [reply] = Resident.texts(await person.send(f"/{command} northfield"))
    role = PRIVILEGED[command].value
    assert reply == catalogue.NOT_ALLOWED[role].format(command=f"/{command}")


async def test_coordinator_appoints_a_facilitator_with_a_one_time_link(
    project_bot: RunningBot,
) -> None:
    coordinator = Resident(project_bot, COORDINATOR)
    [usage] = Resident.texts(await coordinator.send("/facilitator"))
    assert "/facilitator northfield" in usage
    [unknown] = Resident.texts(await coordinator.send("/facilitator nowhere"))
    assert "nowhere" in unknown and "northfield" in unknown
    [link_message] = Resident.texts(await coordinator.send("/facilitator northfield"))
    link = link_message.split()[-1]
    assert link.startswith("https://t.me/tandem_test_bot?start=staff_")
    payload = link.split("start=")[1]

    facilitator = Resident(project_bot, 1301)
    refused = Resident.texts(await facilitator.send("/stats"))
    assert refused == [catalogue.NOT_ALLOWED["facilitator"].format(command="/stats")]
    assert Resident.texts(await facilitator.send(f"/start {payload}")) == [
        catalogue.STAFF_WELCOME.format(title=TITLE)
    ]
    [stats] = Resident.texts(await facilitator.send("/stats"))
    assert stats.startswith(f"“{TITLE}”: 0 joined")
    [staff_help] = Resident.texts(await facilitator.send("/help"))
    assert "/stats" in staff_help

    someone_else = Resident(project_bot, 1302)
    assert Resident.texts(await someone_else.send(f"/start {payload}")) == [
        catalogue.STAFF_INVITE_USED
    ]
    # Facilitators still cannot appoint others.
    [refused] = Resident.texts(await facilitator.send("/facilitator northfield"))
    assert refused == catalogue.NOT_ALLOWED["coordinator"].format(command="/facilitator")


async def test_a_facilitator_can_be_forgotten_too(project_bot: RunningBot) -> None:
    coordinator = Resident(project_bot, COORDINATOR)
    [link_message] = Resident.texts(await coordinator.send("/facilitator northfield"))
    facilitator = Resident(project_bot, 1303)
    await facilitator.send(f"/start {link_message.split('start=')[1]}")
    await facilitator.send("/forget")
    assert Resident.texts(await facilitator.press(catalogue.FORGET_YES)) == [catalogue.FORGOTTEN]
    for table, column, value in dbview.cells(project_bot.settings.database_target):
        assert value != 1303, f"{table}.{column}"
    refused = Resident.texts(await facilitator.send("/stats"))
    assert refused == [catalogue.NOT_ALLOWED["facilitator"].format(command="/stats")]


async def test_a_coordinator_who_never_took_part_can_erase_their_traces(
    project_bot: RunningBot,
) -> None:
    # Coordinators come from settings and may never join a project, yet leave traces: the
    # facilitator links they made, the exports they asked for.
    coordinator = Resident(project_bot, COORDINATOR)
    await coordinator.send("/facilitator northfield")
    await coordinator.send("/export northfield csv")
    database = project_bot.settings.database_target
    assert any(value == COORDINATOR for _, _, value in dbview.cells(database))
    for _ in range(100):  # the export finishes in the background
        if dbview.one(database, "SELECT 1 FROM export_jobs WHERE finished_at IS NULL") is None:
            break
        await asyncio.sleep(0.1)
    assert Resident.texts(await coordinator.send("/forget")) == [catalogue.FORGET_CONFIRM]
    assert Resident.texts(await coordinator.press(catalogue.FORGET_YES)) == [catalogue.FORGOTTEN]
    for table, column, value in dbview.cells(database):
        assert value != COORDINATOR, f"{table}.{column}"


async def test_staff_get_their_commands_in_their_own_chat_menu(project_bot: RunningBot) -> None:
    from tests.test_e2e_polls import appoint

    def menu(chat_id: int | None = None) -> list[str]:
        scope = None if chat_id is None else {"type": "chat", "chat_id": chat_id}
        return [c["command"] for c in project_bot.emulator.commands(scope)]

    # Everyone's menu is the residents'; coordinators get theirs at start.
    assert "mydata" in menu() and "newpoll" not in menu() and "export" not in menu()
    coordinator = menu(COORDINATOR)
    assert {"mydata", "newpoll", "results", "update", "export", "facilitator"} <= set(coordinator)
    assert menu(3001) == []
    # Someone who becomes a facilitator gets the facilitator's menu, without coordinator tools.
    await appoint(project_bot, 3001)
    facilitator = menu(3001)
    assert {"mydata", "newpoll", "results", "update", "checkin", "stats"} <= set(facilitator)
    assert "export" not in facilitator and "facilitator" not in facilitator
    calls = project_bot.emulator.calls_to("setMyCommands")
    scopes = [c.params.get("scope") for c in calls]
    assert all(s is None or s["type"] in {"default", "chat"} for s in scopes)
