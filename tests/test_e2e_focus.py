"""One focus decides where typed input goes: transcripts of the cases that used to misfile.

Each case was seen from outside: an answer stored against a question the resident was not
looking at. Here a resident's words land on the question on their screen, or nowhere.
"""

from __future__ import annotations

from conversations import catalogue
from tests import dbview
from tests.conftest import Resident, RunningBot
from tests.test_e2e_dialogue import SCRIPT, join_and_consent
from tests.test_e2e_diary import enrolled


def answers(bot: RunningBot, user: int) -> list[tuple[str, str, bool]]:
    """(step, value, still counts) of every answer the person gave, in order."""
    return [
        (r[0], r[1], r[2] is None)
        for r in dbview.rows(
            bot.settings.database_target,
            "SELECT a.step_id, a.value, a.superseded_at FROM answers a"
            " JOIN participants q ON q.id = a.participant_id"
            " JOIN people p ON p.id = q.person_id WHERE p.telegram_id = ? ORDER BY a.id",
            (user,),
        )
    ]


async def test_a_time_typed_at_the_diary_time_step_sets_the_time(project_bot: RunningBot) -> None:
    person = await enrolled(project_bot, 3001)
    assert Resident.texts(await person.press(catalogue.DIARY_CHANGE_TIME)) == [
        catalogue.DIARY_PICK_TIME
    ]
    said = Resident.texts(await person.send("17:30"))
    assert said[0] == catalogue.DIARY_TIME_SET.format(time="17:30")
    assert "Why does that matter to you?" not in said
    assert answers(project_bot, 3001) == []  # not taken as the dialogue's answer
    # A time in quiet hours is explained, and still nothing is stored anywhere.
    await person.send("/diary settings")
    quiet = Resident.texts(await person.send("23:15"))
    assert quiet[0].startswith("That's in the project's quiet hours (21:00-08:00)")
    assert answers(project_bot, 3001) == []
    # Anything else at that step: tap a button, or type a time.
    assert Resident.texts(await person.send("not sure"))[0].startswith("Please tap one of")
    [shown] = Resident.texts(await person.send("/diary settings"))
    assert "17:30 (Europe/London time)" in shown


async def test_after_leaving_and_rejoining_words_go_to_the_question_shown(
    project_bot: RunningBot,
) -> None:
    person = Resident(project_bot, 3002)
    await join_and_consent(person)
    await person.send("Safer crossings")  # the first question, answered
    await person.send("/leave")
    await person.press(catalogue.LEAVE_YES)
    assert Resident.texts(await person.send("hello?")) == [catalogue.NO_PROJECT_YET]
    await person.send("/start NORTHFIELD")
    rejoined = Resident.texts(await person.press(catalogue.CONSENT_YES))
    # Back in: the open question is asked again, so it is the one on their screen.
    assert rejoined[-1] == "Why does that matter to you?"  # where they were: the follow-up
    await person.send("hello?")
    stored = dbview.rows(
        project_bot.settings.database_target,
        "SELECT step_id, probe, value FROM answers ORDER BY id",
    )
    assert stored == [("outcome", 0, "Safer crossings"), ("outcome", 1, "hello?")]


async def test_paused_words_are_not_answers_and_no_question_follows(
    project_bot: RunningBot,
) -> None:
    person = Resident(project_bot, 3003)
    await join_and_consent(person)
    await person.send("/pause")
    assert Resident.texts(await person.send("Cheaper buses")) == [catalogue.PAUSED_NOT_KEPT]
    assert Resident.texts(await person.send("/skip")) == [catalogue.NOTHING_TO_SKIP]
    assert answers(project_bot, 3003) == []
    assert Resident.texts(await person.send("/resume")) == [
        catalogue.RESUMED,
        SCRIPT.step("outcome").text,
    ]
    assert Resident.texts(await person.send("Cheaper buses")) == ["Why does that matter to you?"]


async def test_back_shows_the_earlier_answer_and_only_the_new_one_counts(
    project_bot: RunningBot,
) -> None:
    person = Resident(project_bot, 3004)
    await join_and_consent(person)
    await person.send("Safer crossings")
    assert Resident.texts(await person.send("/back")) == [
        SCRIPT.step("outcome").text,
        catalogue.BACK_EARLIER_ANSWER.format(answer="Safer crossings"),
    ]
    await person.send("A bus on Sundays")
    assert answers(project_bot, 3004) == [
        ("outcome", "Safer crossings", False),
        ("outcome", "A bus on Sundays", True),
    ]
    counts = await project_bot.services.updates.answer_counts("northfield", SCRIPT.id)
    assert counts["outcome"] == 1


async def test_skip_is_acknowledged(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 3005)
    await join_and_consent(person)
    said = Resident.texts(await person.send("/skip"))
    assert said[0] == catalogue.SKIPPED
    assert said[1] == SCRIPT.step("barrier").text


async def test_double_tapping_yes_joins_once_with_one_quoting_question(
    project_bot: RunningBot,
) -> None:
    person = Resident(project_bot, 3006)
    await person.send("/start NORTHFIELD")
    [consent] = [m for m in person.messages() if m.get("reply_markup")]
    yes = consent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    first = Resident.texts(await person.press_data(yes, consent["message_id"]))
    assert first[-1] == catalogue.QUOTE_QUESTION
    assert Resident.texts(await person.press_data(yes, consent["message_id"])) == []
    assert person.last_button_answer() == catalogue.ALREADY_AGREED
    quoting = [m for m in person.messages() if m.get("text") == catalogue.QUOTE_QUESTION]
    assert len(quoting) == 1
    target = project_bot.settings.database_target
    assert dbview.value(target, "SELECT COUNT(*) FROM participants") == 1


async def test_tell_me_more_leaves_one_live_consent_keyboard(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 3007)
    await person.send("/start NORTHFIELD")
    await person.press(catalogue.CONSENT_MORE)
    live = [m for m in person.messages() if (m.get("reply_markup") or {}).get("inline_keyboard")]
    assert len(live) == 1
    assert catalogue.CONSENT_MORE in person.messages()[1]["text"]  # the choice noted on it


async def test_words_with_no_open_question_are_not_stored(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 3008)
    await join_and_consent(person)
    await person.send("/idea")
    await person.send("A bench at the stop")
    # The idea interrupted the dialogue, which is asked again: the next words answer it.
    assert Resident.texts(await person.send("Cheaper buses")) == ["Why does that matter to you?"]
    dbview.run(project_bot.settings.database_target, "DELETE FROM focus")  # nothing asked
    assert Resident.texts(await person.send("random words")) == [catalogue.NOT_WAITING_RESUME]
    assert [a[1] for a in answers(project_bot, 3008)] == ["Cheaper buses"]
