"""A scenario in the example project's conversation, on the real stack: Sam's story arrives as
a photo with the story as its caption (uploaded once, then sent by file_id), in the
resident's language; /back and /skip work inside it; answers are stored against the question
the resident saw."""

from __future__ import annotations

from conversations.projects import load_project
from tests import dbview
from tests.conftest import ROOT, Resident, RunningBot
from tests.test_e2e_project_words import EXAMPLE, join, written

PROJECT = load_project(EXAMPLE)
SAM = PROJECT.dialogue.step("sam")
PICTURE = (ROOT / "projects" / "northfield" / "sam.png").read_bytes()


def stored(bot: RunningBot, user_id: int) -> list[tuple[str, int, str, str]]:
    """The person's current (not superseded) dialogue answers, oldest first."""
    return dbview.rows(
        bot.settings.database_target,
        "SELECT a.step_id, a.probe, a.kind, a.value FROM answers a"
        " JOIN participants p ON p.id = a.participant_id JOIN people u ON u.id = p.person_id"
        " WHERE u.telegram_id = ? AND a.superseded_at IS NULL ORDER BY a.id",
        (user_id,),
    )


async def to_the_scenario(bot: RunningBot, user_id: int, lang: str) -> list[dict]:
    """Join, answer the two questions before the story; the replies that tell it."""
    await join(bot, user_id, lang)
    person = Resident(bot, user_id)
    await person.send("Buses that come on time")
    await person.send("So I can get to work")
    return await person.send("The bus is always late")


async def test_sams_story_arrives_as_a_photo_then_its_questions(project_bot: RunningBot) -> None:
    english = written("en")
    person = Resident(project_bot, 2601)
    story, question = await to_the_scenario(project_bot, 2601, "en-GB")
    assert "photo" in story and story["caption"] == SAM.text.in_("en")
    assert story["caption"].startswith("Meet Sam.") and len(story["caption"]) <= 1024
    [(file_id, data)] = [(f, d) for f, d in project_bot.emulator.files.items() if d == PICTURE]
    assert story["photo"][-1]["file_id"] == file_id and data == PICTURE
    easier = PROJECT.dialogue.step("sam_easier").text.in_("en")
    assert question["text"] == easier
    hardest = PROJECT.dialogue.step("sam_hardest")
    assert Resident.texts(await person.send("A bus that comes")) == [hardest.text.in_("en")]
    assert person.buttons() == [o.label.in_("en") for o in hardest.options]
    # /back inside the scenario: the question before, with what they said to it.
    back = Resident.texts(await person.send("/back"))
    assert back[0] == easier and "A bus that comes" in back[-1]
    await person.send("A later bus home on Fridays")
    await person.press("Seeing friends")
    assert Resident.texts(person.messages())[-1] == hardest.probe.in_("en")
    # /skip the "why that one?": on to the rest of the conversation.
    skipped = Resident.texts(await person.send("/skip"))
    assert skipped[-2:] == [english["turn_to_assets"], english["asset"]]
    assert stored(project_bot, 2601)[3:] == [
        ("sam_easier", 0, "text", "A later bus home on Fridays"),
        ("sam_hardest", 0, "choice", "friends"),
        ("sam_hardest", 1, "skipped", ""),
    ]
    # /mydata shows each answer under the question about Sam it answered.
    [document] = [m["document"] for m in await person.send("/mydata") if "document" in m]
    mine = project_bot.emulator.files[document["file_id"]].decode("utf-8")
    assert easier in mine and "A later bus home on Fridays" in mine
    assert hardest.text.in_("en") in mine and "Seeing friends" in mine


async def test_a_welsh_resident_reads_sam_in_welsh_and_the_photo_is_not_uploaded_again(
    project_bot: RunningBot,
) -> None:
    await to_the_scenario(project_bot, 2602, "en-GB")
    uploads = len(project_bot.emulator.files)
    story, question = await to_the_scenario(project_bot, 2603, "cy")
    assert story["caption"] == SAM.text.in_("cy")
    assert story["caption"].startswith("Dewch i gwrdd â Sam.")
    assert question["text"] == PROJECT.dialogue.step("sam_easier").text.in_("cy")
    # The second send names the first upload's file_id: no new bytes reach Telegram.
    sent = project_bot.emulator.calls_to("sendPhoto")[-1].params["photo"]
    assert isinstance(sent, str) and project_bot.emulator.files[sent] == PICTURE
    assert len(project_bot.emulator.files) == uploads
    person = Resident(project_bot, 2603)
    hardest = PROJECT.dialogue.step("sam_hardest")
    assert Resident.texts(await person.send("Bws hwyrach")) == [hardest.text.in_("cy")]
    await person.press(hardest.options[0].label.in_("cy"))
    assert stored(project_bot, 2603)[-2:] == [
        ("sam_easier", 0, "text", "Bws hwyrach"),
        ("sam_hardest", 0, "choice", "doctor"),
    ]
