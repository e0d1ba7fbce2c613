"""The ideas farm and the offers register end to end over the emulator: an idea shared
under a pseudonym, moderated, backed, built on, helped with; the offers register asked
through the outbox; a shortlisted idea made a prototype poll; contributors found."""

from __future__ import annotations

import csv
from pathlib import Path

from conversations import catalogue
from conversations.export.request import ExportRequest
from conversations.i18n.catalogues import shipped
from conversations.i18n.words import Words, english
from conversations.polls.model import MAX_OPTIONS, MIN_OPTIONS
from storage.export import export_to_folder
from storage.report import write_report
from storage.update_links import CONTRIBUTORS
from tests import dbview
from tests.conftest import Resident, RunningBot
from tests.report_world import example_project
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_polls import skip_welsh
from tests.test_e2e_updates import appoint

EN = english()
TITLE = "Getting about in Northfield"
PROJECT = example_project()


def pseudonym_of(bot: RunningBot, user_id: int) -> str:
    row = dbview.one(
        bot.settings.database_target,
        "SELECT q.pseudonym FROM participants q JOIN people p ON p.id = q.person_id"
        " WHERE p.telegram_id = ?",
        (user_id,),
    )
    return str(row[0])


def query(bot: RunningBot, sql: str, *args: object) -> list[tuple[object, ...]]:
    return dbview.rows(bot.settings.database_target, sql, args)


async def wait_text(bot: RunningBot, person: Resident, text: str) -> None:
    """Wait until the outbox has sent ``person`` a message that starts with ``text``."""
    await bot.emulator.wait_for(
        lambda e: any(t.startswith(text) for t in Resident.texts(e.sent_messages(person.user_id))),
        timeout=10,
    )


async def shared_idea(bot: RunningBot, author: Resident, facilitator: Resident, idea: str) -> None:
    """``author`` sends and shares ``idea``; the facilitator approves it from /ideas."""
    [ask] = Resident.texts(await author.send(f"/idea {idea}"))
    assert pseudonym_of(bot, author.user_id) in ask
    assert Resident.texts(await author.press(catalogue.FARM_SHARE_YES)) == [catalogue.FARM_SHARED]
    listed = Resident.texts(await facilitator.send("/ideas"))
    assert listed[0] == EN.plural("IDEAS_QUEUE", 1, title=TITLE)
    assert listed[1] == EN.say(
        "IDEAS_WAITING", pseudonym=pseudonym_of(bot, author.user_id), idea=idea
    )
    await facilitator.press(catalogue.IDEAS_APPROVE)
    await wait_text(bot, author, EN.say("FARM_NEWS.idea_approved", title=TITLE, idea=idea))


async def test_an_idea_is_shared_moderated_backed_built_on_and_helped(
    project_bot: RunningBot,
) -> None:
    author, neighbour, private = (Resident(project_bot, u) for u in (2101, 2102, 2103))
    for person in (author, neighbour, private):
        await join_and_consent(person)
    facilitator = await appoint(project_bot, 2601)

    # Kept private: never in the queue, never shown.
    await private.send("/idea My own private worry")
    assert Resident.texts(await private.press(catalogue.FARM_SHARE_NO)) == [
        catalogue.FARM_KEPT_PRIVATE
    ]
    assert Resident.texts(await neighbour.send("/farm")) == [catalogue.FARM_EMPTY]

    await shared_idea(project_bot, author, facilitator, "A bench at the bus stop")
    page = Resident.texts(await neighbour.send("/farm"))
    card = EN.say(
        "FARM_IDEA", pseudonym=pseudonym_of(project_bot, 2101), idea="A bench at the bus stop"
    )
    assert page[0] == EN.say("FARM_PAGE.new", title=TITLE, first=1, last=1, total=1)
    assert page[1] == card + "\n" + EN.plural("FARM_BACKERS", 0, count=0)
    # Never a name or a Telegram id, and nothing kept private.
    assert not any("Resident" in t or "2101" in t or "private worry" in t for t in page)

    # Back it (once per person), undo, back again.
    await neighbour.press(catalogue.FARM_BACK)
    assert neighbour.last_button_answer() == catalogue.FARM_BACKED
    [(idea_id,)] = query(project_bot, "SELECT id FROM ideas WHERE value LIKE 'A bench%'")
    await neighbour.press_data(f"farm:b:{idea_id}")  # an old card's button, pressed again
    assert query(project_bot, "SELECT COUNT(*) FROM idea_backers") == [(1,)]
    await neighbour.press(catalogue.FARM_UNBACK)
    assert neighbour.last_button_answer() == catalogue.FARM_UNBACKED
    assert query(project_bot, "SELECT COUNT(*) FROM idea_backers") == [(0,)]
    await neighbour.press(catalogue.FARM_BACK)

    # Build on it: moderated like an idea, then shown under it.
    [asked] = Resident.texts(await neighbour.press(catalogue.FARM_BUILD))
    assert asked.startswith("What would you add")
    thanks, back, _question = Resident.texts(await neighbour.send("With a shelter from the rain"))
    assert (thanks, back) == (catalogue.FARM_BUILD_THANKS, catalogue.BACK_TO_CONVERSATION)
    listed = Resident.texts(await facilitator.send("/ideas"))
    assert listed[1].startswith(
        EN.say(
            "IDEAS_WAITING_BUILD",
            pseudonym=pseudonym_of(project_bot, 2102),
            idea="With a shelter from the rain",
            parent="A bench at the bus stop",
        )
    )
    await facilitator.press(catalogue.IDEAS_APPROVE)
    page = Resident.texts(await author.send("/farm"))
    assert "↳ building on this" in page[1] and "shelter from the rain" in page[1]
    assert EN.plural("FARM_BACKERS", 1, count=1) in page[1]

    # I could help: what, when, where, a tag.
    assert Resident.texts(await author.press(catalogue.FARM_HELP)) == [catalogue.OFFER_ASK_WHAT]
    assert Resident.texts(await author.send("I can build benches")) == [catalogue.OFFER_ASK_WHEN]
    assert Resident.texts(await author.send("Saturdays")) == [catalogue.OFFER_ASK_WHERE]
    assert Resident.texts(await author.send("/skip")) == [catalogue.OFFER_ASK_TAG]
    assert Resident.texts(await author.send("Anything")) == [catalogue.OFFER_USE_BUTTONS]
    thanks, back, _question = Resident.texts(await author.press(catalogue.OFFER_TAGS["skill"]))
    assert (thanks, back) == (catalogue.OFFER_THANKS, catalogue.BACK_TO_CONVERSATION)
    assert query(project_bot, "SELECT what, at_when, at_where, tag, asking FROM offers") == [
        ("I can build benches", "Saturdays", None, "skill", None)
    ]

    # Author, backer, builder and helper are the idea's contributors; the private one not.
    people = {
        r[0]
        for r in dbview.rows(
            project_bot.settings.database_target,
            CONTRIBUTORS["idea"],
            {"project": "northfield", "ref": idea_id, "script": ""},
        )
    }
    ids = dict(
        query(
            project_bot,
            "SELECT p.telegram_id, q.id FROM participants q JOIN people p ON p.id = q.person_id",
        )
    )
    assert people == {ids[2101], ids[2102]}

    # Shortlist it, then make a prototype poll of it with /newpoll's builder.
    await facilitator.send("/ideas")
    await facilitator.press(catalogue.IDEAS_SHORTLIST)
    assert facilitator.last_button_answer() == EN.say("IDEAS_DONE.shortlisted")
    [draft] = Resident.texts(await facilitator.press(catalogue.IDEAS_MAKE_POLL))
    assert draft == EN.say("POLL_ASK_QUESTION_FROM_IDEA", question="A bench at the bus stop")
    [options] = Resident.texts(await facilitator.press(catalogue.POLL_KEEP_QUESTION))
    assert options == EN.say("POLL_ASK_OPTIONS", low=MIN_OPTIONS, high=MAX_OPTIONS)
    await facilitator.send("Yes\nNo")
    await facilitator.send("done")
    await facilitator.press(EN.say("POLL_ONE_ANSWER"))
    await facilitator.press(facilitator.buttons()[0])  # everyone
    await facilitator.press(EN.say("POLL_WHY_NONE"))
    asked = Resident.texts(await facilitator.press(EN.say("POLL_CLOSE_1D")))
    await skip_welsh(facilitator, asked)
    await facilitator.press(EN.say("POLL_SEND"))
    [(poll_id,)] = query(project_bot, "SELECT poll_id FROM ideas WHERE id = ?", idea_id)
    assert poll_id is not None
    # The idea's contributors are the poll's too (before anyone has voted).
    voters = {
        r[0]
        for r in dbview.rows(
            project_bot.settings.database_target,
            CONTRIBUTORS["poll"],
            {"project": "northfield", "ref": poll_id, "script": ""},
        )
    }
    assert voters == {ids[2101], ids[2102]}
    [shared] = [t for t in Resident.texts(await facilitator.send("/ideas")) if "bench" in t]
    assert shared.startswith(
        EN.say(
            "IDEAS_ITEM.polled",
            pseudonym=pseudonym_of(project_bot, 2101),
            idea="A bench at the bus stop",
        )
    )


async def test_offers_are_asked_through_the_outbox_and_answered(
    project_bot: RunningBot, tmp_path: Path
) -> None:
    resident = Resident(project_bot, 2201)
    await join_and_consent(resident)
    facilitator = await appoint(project_bot, 2602)
    await shared_idea(project_bot, resident, facilitator, "Walking buddies to the shops")
    await resident.send("/farm")
    await resident.press(catalogue.FARM_HELP)
    await resident.send("Walk with someone once a week")
    await resident.send("Mornings")
    await resident.send("Northfield library")
    await resident.press(catalogue.OFFER_TAGS["time"])

    listed = Resident.texts(await facilitator.send("/offers"))
    pseudonym = pseudonym_of(project_bot, 2201)
    assert listed[0] == EN.say("OFFERS_HEADING", title=TITLE)
    assert listed[1].startswith(
        EN.say("OFFER_CARD", pseudonym=pseudonym, what="Walk with someone once a week")
    )
    assert (
        "Mornings" in listed[1]
        and "Northfield library" in listed[1]
        and "Time to give" in listed[1]
    )
    assert "2201" not in "".join(listed)
    # Filter by another tag: nothing.
    assert Resident.texts(await facilitator.press(catalogue.OFFER_TAGS["place"]))[0] == EN.say(
        "OFFERS_NONE", title=TITLE
    )

    await facilitator.send("/offers")
    [ask] = Resident.texts(await facilitator.press(catalogue.OFFER_ASK_BUTTON))
    assert ask == EN.say("OFFER_ASK_WORK", pseudonym=pseudonym)
    [queued] = Resident.texts(await facilitator.send("A walking group pilot in March"))
    assert queued == EN.say(
        "OFFER_ASK_QUEUED", pseudonym=pseudonym, work="A walking group pilot in March"
    )
    invite = EN.say(
        "OFFER_INVITE",
        title=TITLE,
        work="A walking group pilot in March",
        what="Walk with someone once a week",
    )
    await wait_text(project_bot, resident, invite)
    # It went through the outbox (the sender marks it sent just after Telegram accepted it).
    [(status,)] = query(project_bot, "SELECT status FROM outbox WHERE kind = 'offer_ask'")
    assert status in ("sending", "sent")
    assert Resident.texts(await resident.press(catalogue.OFFER_YES)) == [EN.say("OFFER_SAID.yes")]
    assert EN.say(
        "OFFER_ANSWERED.yes", pseudonym=pseudonym, work="A walking group pilot in March"
    ) in Resident.texts(facilitator.messages())
    [(ask_id,)] = query(project_bot, "SELECT id FROM offer_asks")
    await resident.press_data(f"offer:n:{ask_id}")  # a second answer changes nothing
    assert resident.last_button_answer() == catalogue.FARM_ALREADY_ANSWERED
    listed = Resident.texts(await facilitator.send("/offers"))
    assert EN.say("OFFER_ASKED_STATE.yes", work="A walking group pilot in March") in listed[1]

    # The summary report has the section, in Markdown and HTML, in the report's language.
    found = {}
    for fmt in ("md", "html"):
        target = tmp_path / f"report.{fmt}"
        await write_report(
            project_bot.settings.database_target, ExportRequest(PROJECT, (), fmt), target
        )
        found[fmt] = target.read_text(encoding="utf-8")
    for text in found.values():
        assert EN.say("REPORT_FARM_HEAD") in text and EN.say("REPORT_OFFERS_CAPTION") in text
        # The resident agreed to quotes: their idea is quoted under their pseudonym.
        assert "Walking buddies to the shops" in text and pseudonym in text
        assert "2201" not in text
    assert "| Time to give | 1 | 1 | 1 |" in found["md"]
    assert "| Ideas shared with residents | 1 |" in found["md"]
    # The exports carry both as tables (pseudonyms only).
    request = ExportRequest(PROJECT, ("farm_ideas", "offers"), "csv")
    folder = tmp_path / "export"
    await export_to_folder(project_bot.settings.database_target, request, folder)
    with (folder / "northfield-offers.csv").open(encoding="utf-8-sig") as f:
        [offer] = list(csv.DictReader(f))
    assert (offer["pseudonym"], offer["what"], offer["tag"]) == (
        pseudonym,
        "Walk with someone once a week",
        "time",
    )
    assert (offer["asked_about"], offer["answer"]) == ("A walking group pilot in March", "yes")
    with (folder / "northfield-farm_ideas.csv").open(encoding="utf-8-sig") as f:
        [idea] = list(csv.DictReader(f))
    assert (idea["value"], idea["sharing"], idea["could_help"]) == (
        "Walking buddies to the shops",
        "approved",
        "1",
    )
    welsh = await write_report(
        project_bot.settings.database_target,
        ExportRequest(PROJECT, (), "md", language="cy"),
        tmp_path / "cy.md",
    )
    cy = Words(shipped(), "cy")
    assert cy.say("REPORT_FARM_HEAD") in welsh.read_text(encoding="utf-8")


async def test_the_dialogues_offer_answer_is_kept_as_an_offer(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 2301)
    await join_and_consent(person)
    await person.send("Getting to the shops")  # outcome
    await person.send("To see friends")  # why?
    await person.send("The bus is gone")  # barrier
    await person.send("/skip")  # the example's scenario: what would make Sam's week easier?
    await person.send("/skip")  # ... and which part was hardest
    await person.send("My neighbour drives")  # asset
    await person.send("I could drive people on Sundays")  # offer
    assert query(project_bot, "SELECT source, what, tag FROM offers") == [
        ("dialogue", "I could drive people on Sundays", None)
    ]
    # Given again after /back, it replaces the first.
    await person.send("/back")
    await person.send("I could drive people on Saturdays")
    assert query(project_bot, "SELECT what FROM offers") == [("I could drive people on Saturdays",)]
    facilitator = await appoint(project_bot, 2603)
    listed = Resident.texts(await facilitator.send("/offers"))
    assert "I could drive people on Saturdays" in listed[1]
