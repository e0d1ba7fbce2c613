"""Consent to be quoted and named, changing it from /mydata, and the invite-open count."""

from __future__ import annotations

from conversations import catalogue
from tests import dbview
from tests.conftest import Resident, RunningBot, wait_handled

TITLE = "Getting about in Northfield"
ANSWERS = {
    catalogue.QUOTE_YES: ((1, 0), catalogue.QUOTE_NOTED_YES),
    catalogue.QUOTE_NAMED: ((1, 1), catalogue.QUOTE_NOTED_NAMED),
    catalogue.QUOTE_NO: ((0, 0), catalogue.QUOTE_NOTED_NO),
}


def choices(bot: RunningBot, user_id: int) -> tuple[int | None, int | None]:
    """(may_quote, may_name) as stored for this person in northfield."""
    row = dbview.one(
        bot.settings.database_target,
        "SELECT q.may_quote, q.may_name FROM participants q JOIN people p"
        " ON p.id = q.person_id WHERE p.telegram_id = ? AND q.project_id = 'northfield'",
        (user_id,),
    )
    return (row[0], row[1]) if row else (None, None)


async def consent(bot: RunningBot, user_id: int, first_name: str | None = None) -> Resident:
    """Open the invite (with a first name if given) and agree; the quoting question is next."""
    person = Resident(bot, user_id)
    update = bot.emulator.inject_text(user_id, "/start NORTHFIELD", first_name=first_name)
    await wait_handled(bot.settings.database_target, update["update_id"])
    await person.press(catalogue.CONSENT_YES)
    return person


async def test_one_question_three_answers_each_stored(project_bot: RunningBot) -> None:
    for n, (label, (stored, noted)) in enumerate(ANSWERS.items()):
        person = await consent(project_bot, 1701 + n)
        question = person.messages()[-1]
        assert question["text"] == catalogue.QUOTE_QUESTION
        assert person.buttons() == [catalogue.QUOTE_YES, catalogue.QUOTE_NAMED, catalogue.QUOTE_NO]
        assert choices(project_bot, person.user_id) == (None, None)  # not asked until answered
        texts = Resident.texts(await person.press(label))
        assert texts[0] == noted
        assert any(t.startswith("If one thing could be different") for t in texts[1:])  # begun
        assert choices(project_bot, person.user_id) == stored
        # The question shows the choice and loses its buttons.
        [closed] = [m for m in person.messages() if m["message_id"] == question["message_id"]]
        assert closed["text"].endswith(f"→ {label}") and "reply_markup" not in closed
    # /skip on the question means no, and no name.
    person = await consent(project_bot, 1710)
    assert Resident.texts(await person.send("/skip"))[0] == catalogue.QUOTE_NOTED_NO
    assert choices(project_bot, 1710) == (0, 0)
    # A button sent before there were three answers ("yes") still means "without my name".
    person = await consent(project_bot, 1711)
    await person.press_data("quote:northfield:yes")
    assert choices(project_bot, 1711) == (1, 0)
    assert await person.press_data("quote:northfield:maybe") == []
    assert person.last_button_answer() == catalogue.STALE_BUTTON
    assert choices(project_bot, 1711) == (1, 0)


async def test_mydata_shows_the_choice_and_changes_it(project_bot: RunningBot) -> None:
    person = await consent(project_bot, 1720)
    await person.press(catalogue.QUOTE_YES)
    document, _language, offer = await person.send("/mydata")
    text = project_bot.emulator.files[document["document"]["file_id"]].decode()
    assert f"Quoting your words: {catalogue.QUOTING_STATES['anon']}" in text
    anon = catalogue.QUOTING_STATES["anon"]
    assert offer["text"] == catalogue.MYDATA_QUOTING.format(title=TITLE, state=anon)
    assert person.buttons() == [catalogue.QUOTE_YES, catalogue.QUOTE_NAMED, catalogue.QUOTE_NO]

    [changed] = Resident.texts(await person.press(catalogue.QUOTE_NAMED))
    named = catalogue.QUOTING_STATES["name"]
    assert changed == catalogue.QUOTING_CHANGED.format(title=TITLE, state=named)
    assert choices(project_bot, 1720) == (1, 1)
    document, _, _ = await person.send("/mydata")
    text = project_bot.emulator.files[document["document"]["file_id"]].decode()
    assert f"Quoting your words: {named}" in text

    await person.press(catalogue.QUOTE_NO)
    assert choices(project_bot, 1720) == (0, 0)
    # The dialogue did not start again, and the person is still where they were.
    assert Resident.texts(await person.send("/start"))[0].startswith("Welcome back")

    # Stale and forged buttons: a clear pop-up, nothing changed.
    for data, answer in (
        ("myquote:northfield:perhaps", catalogue.STALE_BUTTON),
        ("myquote:nowhere:name", catalogue.STALE_BUTTON),
        ("myquote:northfield", catalogue.UNKNOWN_BUTTON),
    ):
        assert await person.press_data(data) == []
        assert person.last_button_answer() == answer, data
    assert choices(project_bot, 1720) == (0, 0)
    # After /forget the old buttons find nobody, and create nothing.
    await person.send("/forget")
    await person.press(catalogue.FORGET_YES)
    assert await person.press_data("myquote:northfield:name") == []
    assert person.last_button_answer() == catalogue.STALE_BUTTON
    assert choices(project_bot, 1720) == (None, None)


async def test_export_names_lists_only_those_who_agreed(project_bot: RunningBot) -> None:
    named = await consent(project_bot, 1731, "Amira")
    await named.press(catalogue.QUOTE_NAMED)
    anonymous = await consent(project_bot, 1732, "Ben")
    await anonymous.press(catalogue.QUOTE_YES)
    silent = await consent(project_bot, 1733, "Chloe")
    await silent.press(catalogue.QUOTE_NO)
    undecided = await consent(project_bot, 1734, "Dev")  # never answers the question
    left = await consent(project_bot, 1735, "Efe")
    await left.press(catalogue.QUOTE_NAMED)
    await left.send("/leave")
    await left.press(catalogue.LEAVE_YES)
    erased = await consent(project_bot, 1736, "Farah")
    await erased.press(catalogue.QUOTE_NAMED)
    await erased.send("/forget")
    await erased.press(catalogue.FORGET_YES)
    changed_mind = await consent(project_bot, 1737, "Gus")
    await changed_mind.press(catalogue.QUOTE_NAMED)
    await changed_mind.send("/mydata")
    await changed_mind.press(catalogue.QUOTE_YES)
    assert undecided.buttons()  # still open

    pseudonyms = dict(
        dbview.rows(
            project_bot.settings.database_target,
            "SELECT p.telegram_id, q.pseudonym FROM participants q JOIN people p"
            " ON p.id = q.person_id",
        )
    )
    names = await project_bot.services.people.export_names("northfield")
    assert names == {pseudonyms[1731]: "Amira", pseudonyms[1735]: "Efe"}
    assert await project_bot.services.people.export_names("elsewhere") == {}


async def test_invite_opens_count_people_not_yet_taking_part(project_bot: RunningBot) -> None:
    opens = project_bot.services.project_rows.invite_opens
    assert await opens("northfield") == 0
    person = Resident(project_bot, 1741)
    assert Resident.texts(await person.send("/start NORTHFIELD"))[-1] == catalogue.CONSENT_QUESTION
    assert await opens("northfield") == 1
    await person.press(catalogue.CONSENT_MORE)  # reading more is the same opening
    await person.press(catalogue.CONSENT_LATER)
    assert await opens("northfield") == 1
    await person.send("/join northfield")  # came back later: opened again
    assert await opens("northfield") == 2
    await person.press(catalogue.CONSENT_YES)
    await person.press(catalogue.QUOTE_YES)
    # Already taking part: the link is no new opening.
    texts = Resident.texts(await person.send("/start NORTHFIELD"))
    assert texts[0] == catalogue.ALREADY_IN.format(title=TITLE)
    assert await opens("northfield") == 2
    # Someone else, an unknown code (nothing counted) and someone who left and comes back.
    await Resident(project_bot, 1742).send("/start NORTHFIELD")
    await Resident(project_bot, 1742).send("/start NOWHERE")
    assert await opens("northfield") == 3
    await person.send("/leave")
    await person.press(catalogue.LEAVE_YES)
    assert Resident.texts(await person.send("/start NORTHFIELD"))[-1] == catalogue.CONSENT_QUESTION
    assert await opens("northfield") == 4
    # The count is a bare number: nothing about who opened the invite.
    opens = dbview.rows(project_bot.settings.database_target, "SELECT * FROM invite_opens")
    assert opens == [("northfield", 4)]
