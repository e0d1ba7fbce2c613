"""Staff flows in the staff member's language, and staff texts in each of the project's.

A Welsh-speaking facilitator builds a poll and writes an update, reading Welsh throughout
(expected texts come from the catalogues, each first shown to differ from the English); in
the two-language example project /newpoll and /update ask for both languages and store both;
a language left out is named in the preview and can be added from there; a one-language
project asks nothing extra.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations.i18n import Catalogues, late
from conversations.i18n.words import Words
from conversations.texts_by_language import from_stored
from tests.conftest import (
    COORDINATOR,
    ROOT,
    Resident,
    RunningBot,
    start_bot,
    wait_handled,
    with_example_pictures,
)
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_polls import appoint, poll_settings, query

WORDS = Catalogues.load()
QUESTION, QUESTION_CY = "Which bench should go in?", "Pa fainc ddylai fynd i mewn?"
OPTIONS, OPTIONS_CY = ["Wood", "Metal"], ["Pren", "Metel"]


def say(lang: str, key: str, **args: Any) -> str:
    """What Tandem says in the language (asserted to be translated, for Welsh)."""
    text = WORDS.render(lang, key, **args)
    if lang != "en":
        assert text != WORDS.render("en", key, **args), f"{key} has no {lang} translation"
    return text


def plural(lang: str, key: str, n: int, **args: Any) -> str:
    return WORDS.render_plural(lang, key, n, **args)


def en(key: str, **args: Any) -> str:
    return say("en", key, **args)


def stored_poll(bot: RunningBot) -> tuple[Any, list[Any], Any]:
    """The latest poll's question, options and "why?" as stored, read back per language."""
    [(question, options, why)] = query(
        bot, "SELECT question, options, why FROM polls ORDER BY id DESC LIMIT 1"
    )
    return (
        from_stored(question),
        [from_stored(o) for o in yaml.safe_load(options)],
        None if why is None else from_stored(why),
    )


async def welsh_facilitator(bot: RunningBot, user_id: int) -> Resident:
    """A facilitator whose Telegram app is in Welsh, appointed with the coordinator's link."""
    coordinator = Resident(bot, COORDINATOR)
    [link] = Resident.texts(await coordinator.send("/facilitator northfield"))
    facilitator = Resident(bot, user_id)
    start = f"/start {link.split('start=')[1]}"
    update = bot.emulator.inject_text(user_id, start, language_code="cy")
    await wait_handled(bot.settings.database_target, update["update_id"])
    project = bot.services.projects.get("northfield")
    assert project is not None
    welcome = say("cy", "STAFF_WELCOME", title=project.title.in_("cy"))
    assert welcome in Resident.texts(facilitator.messages())
    return facilitator


@pytest.fixture
async def bilingual_bot(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """Tandem with the example project run in English and Welsh (its Arabic left out)."""
    folder = example_in(tmp_path / "p", ["en", "cy"])
    running = await start_bot(emulator, poll_settings(settings, folder))
    yield running
    if not running.task.done():
        await running.shutdown()


async def test_a_welsh_facilitator_builds_a_poll_and_an_update_in_welsh(
    bilingual_bot: RunningBot,
) -> None:
    bot = bilingual_bot
    facilitator = await welsh_facilitator(bot, 3101)

    assert Resident.texts(await facilitator.send("/newpoll")) == [
        say("cy", "POLL_ASK_QUESTION", limit=300)
    ]
    assert Resident.texts(await facilitator.send(QUESTION)) == [
        say("cy", "POLL_ASK_OPTIONS", low=2, high=10)
    ]
    for n, option in enumerate(OPTIONS, 1):
        assert Resident.texts(await facilitator.send(option)) == [
            say("cy", "POLL_OPTION_ADDED", count=n, high=10)
        ]
    # "gorffen" (done) ends the list in Welsh.
    assert Resident.texts(await facilitator.send("gorffen")) == [say("cy", "POLL_ASK_MULTIPLE")]
    assert Resident.texts(await facilitator.press(say("cy", "POLL_ONE_ANSWER"))) == [
        say("cy", "POLL_ASK_TARGET")
    ]
    everyone = say("cy", "COHORT_EVERYONE")
    await facilitator.press(next(b for b in facilitator.buttons() if b.startswith(everyone)))
    why = say("cy", "POLL_WHY_USE_DEFAULT", why=say("cy", "POLL_WHY_DEFAULT"))
    assert Resident.texts(await facilitator.press(why)) == [say("cy", "POLL_ASK_CLOSING")]
    # The project runs in Welsh too: the question and the options are asked in Welsh (the
    # ready-made follow-up is Tandem's own, so it needs no asking).
    assert Resident.texts(await facilitator.press(say("cy", "POLL_CLOSE_1D"))) == [
        say("cy", "POLL_ASK_QUESTION_IN", language="Cymraeg", limit=300)
    ]
    [asked] = Resident.texts(await facilitator.send(QUESTION_CY))
    assert asked.startswith(
        say("cy", "POLL_ASK_OPTIONS_IN", language="Cymraeg", count=2, options="")[:40]
    )
    [preview] = Resident.texts(await facilitator.send("\n".join(OPTIONS_CY)))
    assert preview.startswith("Rhagolwg") and QUESTION in preview
    assert say("cy", "POLL_ONE_ANSWER") in preview and "Cymraeg" not in preview
    assert facilitator.buttons() == [say("cy", "POLL_SEND"), say("cy", "POLL_CANCEL")]
    # Nobody has joined: nothing goes, and the facilitator is told so in Welsh.
    assert Resident.texts(await facilitator.press(say("cy", "POLL_SEND")))[-1] == say(
        "cy", "POLL_NOBODY_TO_SEND"
    )
    question, options, follow_up = stored_poll(bot)
    assert (question.in_("en"), question.in_("cy")) == (QUESTION, QUESTION_CY)
    assert [o.in_("cy") for o in options] == OPTIONS_CY and options == OPTIONS
    assert follow_up is not None and follow_up.in_("cy") == say("cy", "POLL_WHY_DEFAULT")
    assert follow_up.in_("en") == en("POLL_WHY_DEFAULT")

    # An update, in Welsh, to the resident who sent an idea.
    author = Resident(bot, 3102)
    await join_and_consent(author)
    await author.send("/idea A bench at the bus stop")
    project = bot.services.projects.get("northfield")
    assert project is not None
    title = project.title.in_("cy")
    assert Resident.texts(await facilitator.send("/update")) == [
        say("cy", "UPDATE_ASK_KIND", title=title)
    ]
    assert Resident.texts(await facilitator.press(say("cy", "UPDATE_KIND_BUTTONS.idea"))) == [
        say("cy", "UPDATE_ASK_PICK.idea")
    ]
    [idea] = [b for b in facilitator.buttons() if b.startswith("P-")]
    link = say("cy", "UPDATE_LINK.idea", label="A bench at the bus stop")
    assert Resident.texts(await facilitator.press(idea)) == [
        say("cy", "UPDATE_ASK_TEXT", link=link)
    ]
    text, text_cy = "A bench goes in next month.", "Mae mainc yn dod y mis nesaf."
    assert Resident.texts(await facilitator.send(text)) == [
        say("cy", "UPDATE_ASK_TEXT_IN", language="Cymraeg", text=text)
    ]
    [preview] = Resident.texts(await facilitator.send(text_cy))
    assert preview.startswith(plural("cy", "UPDATE_PREVIEW", 1, link=link))
    assert say("cy", "UPDATE_PREVIEW_LOOK") in preview and text in preview
    assert facilitator.buttons() == [say("cy", "UPDATE_SEND"), say("cy", "UPDATE_CANCEL")]
    [sending] = Resident.texts(await facilitator.press(say("cy", "UPDATE_SEND")))
    assert sending == plural("cy", "UPDATE_SENDING", 1)
    [(stored,)] = query(bot, "SELECT text FROM updates")
    assert (from_stored(stored).in_("en"), from_stored(stored).in_("cy")) == (text, text_cy)
    # Handed to the send path as what to say: each contributor reads their own language.
    [(params,)] = query(bot, "SELECT params FROM outbox WHERE kind = 'update'")
    queued = json.loads(params)
    for lang, words in (("cy", text_cy), ("en", text)):
        rendered = late.render(queued, Words(WORDS, lang), lang, "en")
        assert rendered["text"].endswith(words)


async def test_a_language_left_out_is_named_and_can_be_added_from_the_preview(
    bilingual_bot: RunningBot,
) -> None:
    project_bot = bilingual_bot
    await join_and_consent(Resident(project_bot, 3202))  # someone for the poll to go to
    facilitator = await appoint(project_bot, 3201)
    await facilitator.send("/newpoll")
    await facilitator.send(QUESTION)
    await facilitator.send("\n".join(OPTIONS))
    await facilitator.send("done")
    await facilitator.press(en("POLL_SEVERAL_ANSWERS"))
    await facilitator.press(next(b for b in facilitator.buttons() if b.startswith("Everyone")))
    await facilitator.send("What would make it better?")  # a follow-up of one's own
    await facilitator.press(en("POLL_CLOSE_NEVER"))
    [preview] = Resident.texts(await facilitator.press(en("LANGUAGE_SKIP", language="Welsh")))
    missing = en("LANGUAGE_MISSING", language="Welsh", default="English")
    assert preview.endswith(missing)
    # Added after all: the question, the same options for every language, the follow-up.
    assert Resident.texts(await facilitator.press(en("LANGUAGE_ADD", language="Welsh"))) == [
        en("POLL_ASK_QUESTION_IN", language="Welsh", limit=300)
    ]
    # Telegram's limits hold for the Welsh too: a question over 300 characters is refused.
    assert Resident.texts(await facilitator.send("Q" * 301)) == [
        en("POLL_QUESTION_TOO_LONG", limit=300, found=301)
    ]
    await facilitator.send(QUESTION_CY)
    assert facilitator.buttons()[0] == en("POLL_SAME_OPTIONS")
    assert Resident.texts(await facilitator.press(en("POLL_SAME_OPTIONS"))) == [
        en("POLL_ASK_WHY_IN", language="Welsh", why="What would make it better?")
    ]
    [preview] = Resident.texts(await facilitator.send("Beth fyddai'n ei wella?"))
    assert missing not in preview
    assert facilitator.buttons() == [en("POLL_SEND"), en("POLL_CANCEL")]
    await facilitator.press(en("POLL_SEND"))
    question, options, follow_up = stored_poll(project_bot)
    # The poll goes to the send path as what to say: a Welsh reader gets the Welsh.
    [(params,)] = query(project_bot, "SELECT params FROM outbox WHERE kind = 'poll'")
    sent = late.render(json.loads(params), Words(WORDS, "cy"), "cy", "en")
    assert sent["question"] == QUESTION_CY
    assert [o["text"] for o in sent["options"]] == OPTIONS
    assert question.in_("cy") == QUESTION_CY and [o.in_("cy") for o in options] == OPTIONS
    assert follow_up is not None and follow_up.in_("cy") == "Beth fyddai'n ei wella?"


def one_language_project(folder: Path) -> Path:
    """The example, run in English only."""
    return example_in(folder, ["en"])


def example_in(folder: Path, languages: list[str]) -> Path:
    """The example project, run in these of its languages only."""
    data = yaml.safe_load((ROOT / "projects" / "example.yaml").read_text(encoding="utf-8"))
    data["languages"] = languages
    data.pop("diary")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "northfield.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return with_example_pictures(folder)


async def test_a_one_language_project_asks_nothing_extra(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path
) -> None:
    bot = await start_bot(emulator, poll_settings(settings, one_language_project(tmp_path / "p")))
    try:
        facilitator = await appoint(bot, 3301)
        await facilitator.send("/newpoll")
        await facilitator.send(QUESTION)
        await facilitator.send("\n".join(OPTIONS))
        await facilitator.send("done")
        await facilitator.press(en("POLL_ONE_ANSWER"))
        await facilitator.press(next(b for b in facilitator.buttons() if b.startswith("Everyone")))
        await facilitator.press(en("POLL_WHY_USE_DEFAULT", why=en("POLL_WHY_DEFAULT")))
        [preview] = Resident.texts(await facilitator.press(en("POLL_CLOSE_1D")))
        assert preview.startswith("Preview\n\n" + QUESTION) and "Welsh" not in preview
        assert facilitator.buttons() == [en("POLL_SEND"), en("POLL_CANCEL")]
        await facilitator.press(en("POLL_SEND"))
        # Stored as plain words, exactly as before languages.
        [(question, why)] = query(bot, "SELECT question, why FROM polls")
        assert (question, why) == (QUESTION, en("POLL_WHY_DEFAULT"))

        author = Resident(bot, 3302)
        await join_and_consent(author)
        await author.send("/idea A bench at the bus stop")
        await facilitator.send("/update")
        await facilitator.press(en("UPDATE_KIND_BUTTONS.idea"))
        await facilitator.press(next(b for b in facilitator.buttons() if b.startswith("P-")))
        [preview] = Resident.texts(await facilitator.send("A bench goes in next month."))
        assert preview.startswith("This will go to 1 person who took part")
        assert facilitator.buttons() == [en("UPDATE_SEND"), en("UPDATE_CANCEL")]
    finally:
        await bot.shutdown()
