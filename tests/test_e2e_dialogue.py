"""Joining, consent and the outcome-first dialogue, end to end over the emulator."""

from __future__ import annotations

from conversations import catalogue
from conversations.dialogue.script import builtin_script
from conversations.projects import load_project
from tests import dbview
from tests.conftest import ROOT, Resident, RunningBot, start_bot

SCRIPT = builtin_script("outcome_first")
PROJECT = load_project(ROOT / "projects" / "example.yaml")  # outcome_first, with a scenario


def table_counts(bot: RunningBot) -> dict[str, int]:
    target = bot.settings.database_target
    return {t: dbview.value(target, f"SELECT COUNT(*) FROM {t}") for t in dbview.tables(target)}


def answers(bot: RunningBot) -> list[tuple[str, int, str, str]]:
    return dbview.rows(
        bot.settings.database_target, "SELECT step_id, probe, kind, value FROM answers ORDER BY id"
    )


async def join_and_consent(person: Resident, quote: str = catalogue.QUOTE_YES) -> list[str]:
    """Deep link, agree, answer the quoting question; return the texts that follow."""
    await person.send("/start NORTHFIELD")
    await person.press(catalogue.CONSENT_YES)
    return Resident.texts(await person.press(quote))


async def test_deep_link_introduces_the_project_before_asking_anything(
    project_bot: RunningBot,
) -> None:
    person = Resident(project_bot, 1101)
    intro, question = Resident.texts(await person.send("/start NORTHFIELD"))
    assert intro.startswith("Getting about in Northfield")
    for words in (
        "Northfield Council wants to understand",
        "A small team will read",
        "community engagement team",
        "four months",
        "three times a week",
        "skip",
        "/leave",
        "/forget",
    ):
        assert words in intro
    assert question == catalogue.CONSENT_QUESTION
    assert person.buttons() == [
        catalogue.CONSENT_YES,
        catalogue.CONSENT_MORE,
        catalogue.CONSENT_LATER,
    ]
    # Nothing about the person is stored before consent.
    counts = table_counts(project_bot)
    assert counts["people"] == counts["participants"] == counts["answers"] == 0


async def test_tell_me_more_then_not_now_stores_nothing(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1102)
    await person.send("/start NORTHFIELD")
    [more] = Resident.texts(await person.press(catalogue.CONSENT_MORE))
    assert "/mydata" in more and "3 times a week" in more and "21:00-08:00" in more
    assert Resident.texts(await person.press(catalogue.CONSENT_LATER)) == [
        catalogue.CONSENT_DECLINED
    ]
    [reply] = Resident.texts(await person.send("I'd like more buses"))
    assert reply == catalogue.NO_PROJECT_YET
    assert table_counts(project_bot)["people"] == 0


async def test_wrong_code_and_join_without_code(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1103)
    assert Resident.texts(await person.send("/start NOPE")) == [
        catalogue.UNKNOWN_CODE.format(code="NOPE")
    ]
    assert Resident.texts(await person.send("/join")) == [catalogue.JOIN_NEEDS_CODE]
    intro = Resident.texts(await person.send("/join northfield"))
    assert intro[-1] == catalogue.CONSENT_QUESTION


async def test_the_whole_default_script_with_every_answer_kind(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1104)
    opening = await join_and_consent(person)
    assert opening[0] == catalogue.QUOTE_NOTED_YES
    assert opening[1:] == [SCRIPT.step("welcome").text, SCRIPT.step("outcome").text]
    assert Resident.texts(await person.send("Getting to the shops on my own")) == [
        "Why does that matter to you?"
    ]
    assert Resident.texts(await person.send_kind("voice")) == [SCRIPT.step("barrier").text]
    # The example project tells Sam's story (a scenario) here; its questions skip like any.
    assert Resident.texts(await person.send("/skip")) == [
        catalogue.SKIPPED,
        PROJECT.dialogue.step("sam").text,
        PROJECT.dialogue.step("sam_easier").text,
    ]
    await person.send("/skip")
    assert Resident.texts(await person.send("/skip")) == [
        catalogue.SKIPPED,
        SCRIPT.step("turn_to_assets").text,
        SCRIPT.step("asset").text,
    ]
    assert Resident.texts(await person.send_kind("photo", caption="the library")) == [
        SCRIPT.step("offer").text
    ]
    [choice] = await person.send("I could drive a neighbour on Thursdays")
    assert choice["text"] == SCRIPT.step("involvement").text
    assert person.buttons() == ["Keep me posted", "Join a workshop", "Keep a diary", "No thanks"]
    assert Resident.texts(await person.press("Join a workshop")) == [
        SCRIPT.step("end_involved").text
    ]
    # The used buttons are taken off and the choice noted.
    assert person.messages()[-2]["text"].endswith("→ Join a workshop")
    assert [(s, p, k) for s, p, k, _ in answers(project_bot)] == [
        ("outcome", 0, "text"),
        ("outcome", 1, "voice"),
        ("barrier", 0, "skipped"),
        ("sam_easier", 0, "skipped"),
        ("sam_hardest", 0, "skipped"),
        ("asset", 0, "photo"),
        ("offer", 0, "text"),
        ("involvement", 0, "choice"),
    ]
    assert answers(project_bot)[-1][3] == "workshop"
    assert Resident.texts(await person.send("one more thing")) == [catalogue.NOT_WAITING]


async def test_back_revisits_and_media_is_refused_where_not_taken(
    project_bot: RunningBot,
) -> None:
    person = Resident(project_bot, 1105)
    await join_and_consent(person, catalogue.QUOTE_NO)
    [refused] = Resident.texts(await person.send_kind("photo"))
    assert "photo" in refused.lower() or "words" in refused.lower()
    await person.send("/skip")  # the outcome question
    assert Resident.texts(await person.send("/back")) == [SCRIPT.step("outcome").text]
    assert Resident.texts(await person.send("Safer crossings")) == ["Why does that matter to you?"]


async def test_stale_and_forged_buttons_change_nothing(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1106)
    await join_and_consent(person)
    before = answers(project_bot)
    assert await person.press_data("dlg:northfield:involvement:workshop") == []
    assert person.last_button_answer() == catalogue.STALE_BUTTON
    assert await person.press_data("totally:forged:data:here:x") == []
    assert person.last_button_answer() == catalogue.UNKNOWN_BUTTON
    assert await person.press_data("dlg:otherproj:outcome:x") == []
    assert person.last_button_answer() == catalogue.STALE_BUTTON
    assert answers(project_bot) == before


async def test_a_restart_mid_dialogue_continues_where_the_person_was(
    emulator, project_settings, project_bot: RunningBot
) -> None:
    person = Resident(project_bot, 1107)
    await join_and_consent(person)
    await person.send("A bus to the clinic")
    await project_bot.shutdown()
    again = await start_bot(emulator, project_settings)
    person.bot = again
    assert Resident.texts(await person.send("Because I can't drive")) == [
        SCRIPT.step("barrier").text
    ]
    await again.shutdown()


async def test_ideas_by_command_and_by_voice(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1108)
    await join_and_consent(person)
    # The example project runs an ideas farm: the thanks asks whether others may see it.
    [thanks] = Resident.texts(await person.send("/idea A bench at the bus stop"))
    assert thanks.startswith(catalogue.IDEA_THANKS.format(title="Getting about in Northfield"))
    assert person.buttons() == [catalogue.FARM_SHARE_YES, catalogue.FARM_SHARE_NO]
    assert Resident.texts(await person.send("/idea")) == [catalogue.IDEA_ASK]
    # The idea interrupted the dialogue: once it is in, the dialogue's question comes back.
    shared, *rest = Resident.texts(await person.send_kind("voice"))
    assert shared.startswith(catalogue.IDEA_THANKS.format(title="Getting about in Northfield"))
    assert rest == [
        catalogue.BACK_TO_CONVERSATION,
        SCRIPT.step("outcome").text,
    ]
    assert Resident.texts(await person.send("Shops")) == ["Why does that matter to you?"]
    kinds = dbview.rows(project_bot.settings.database_target, "SELECT kind FROM ideas ORDER BY id")
    assert [r[0] for r in kinds] == ["text", "voice"]


async def test_edited_messages_are_explained_and_change_nothing(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1109)
    await join_and_consent(person)
    [sent] = await person.send("Cheaper fares")
    assert Resident.texts(
        await person.send_kind(
            "edited_text", message_id=sent["message_id"], text="Cheaper fares please"
        )
    ) == [catalogue.EDITED_MESSAGE]
    assert [v for _, _, _, v in answers(project_bot)] == ["Cheaper fares"]
