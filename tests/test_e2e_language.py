"""A language per resident: from Telegram's language at joining, offered, changed, exported."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations import catalogue
from conversations.export.request import ExportRequest, columns
from conversations.i18n import Catalogues
from conversations.projects import load_project
from tests import dbview
from tests.conftest import (
    COORDINATOR,
    ROOT,
    Resident,
    RunningBot,
    start_bot,
    wait_handled,
    with_example_pictures,
)
from tests.test_e2e_export_chat import next_document, unzip

TITLE = "Getting about in Northfield"
TITLES = {"en": TITLE, "cy": "Mynd o gwmpas yn Northfield", "ar": "التنقّل في نورثفيلد"}
# The example project's languages, each named in itself, in the project's order.
OFFERED = ["English", "Cymraeg", "العربية"]
WORDS = Catalogues.load()


def stored_language(bot: RunningBot, user_id: int) -> str | None:
    """The language stored for this person's participation in northfield."""
    row = dbview.one(
        bot.settings.database_target,
        "SELECT q.language FROM participants q JOIN people p ON p.id = q.person_id"
        " WHERE p.telegram_id = ? AND q.project_id = 'northfield'",
        (user_id,),
    )
    return row[0] if row else None


def say(lang: str, key: str, **args: object) -> str:
    """What Tandem says in the language."""
    return WORDS.render(lang, key, **args)


def offer(lang: str, name: str) -> str:
    """The thanks for joining, with the offer of a language (``name``: the one in use)."""
    thanks = say(lang, "CONSENT_THANKS", title=TITLES[lang])
    return f"{thanks}\n\n{say(lang, 'LANGUAGE_OFFER', language=name)}"


async def consent(
    bot: RunningBot, user_id: int, language_code: str, speaks: str = "en"
) -> list[dict[str, object]]:
    """Open the invite from a Telegram app set to ``language_code`` and agree (the
    question asked in ``speaks``)."""
    person = Resident(bot, user_id)
    update = bot.emulator.inject_text(user_id, "/start NORTHFIELD", language_code=language_code)
    await wait_handled(bot.settings.database_target, update["update_id"])
    return await person.press(say(speaks, "CONSENT_YES"))


def labels(message: dict[str, object]) -> list[str]:
    markup = message.get("reply_markup") or {}
    assert isinstance(markup, dict)
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


async def test_the_default_comes_from_telegram_and_the_choice_is_offered(
    project_bot: RunningBot,
) -> None:
    cases = {2101: ("cy", "cy", "Cymraeg"), 2102: ("en-GB", "en", "English")}
    cases |= {2105: ("ar", "ar", "العربية"), 2106: ("ar-EG", "ar", "العربية")}
    cases |= {2103: ("fr", "en", "English"), 2104: ("", "en", "English")}  # not listed; none
    for user_id, (telegram, stored, name) in cases.items():
        thanks, question = await consent(project_bot, user_id, telegram, stored)
        assert stored_language(project_bot, user_id) == stored, telegram
        assert thanks["text"] == offer(stored, name)
        # Each language is named in itself, in the project's order; the first is the default.
        assert labels(thanks) == OFFERED
        assert question["text"] == say(stored, "QUOTE_QUESTION")  # nothing waits on the choice

    # Choosing from the offer: stored, the offer closes on the choice, the quoting question
    # is still the one open.
    person = Resident(project_bot, 2102)
    [changed] = Resident.texts(await person.press("Cymraeg"))
    # Said in the language just chosen.
    assert changed == say("cy", "LANGUAGE_CHANGED", title=TITLES["cy"], language="Cymraeg")
    assert stored_language(project_bot, 2102) == "cy"
    offered = next(m for m in person.messages() if m["text"].startswith(offer("en", "English")))
    assert offered["text"].endswith("→ Cymraeg") and "reply_markup" not in offered
    assert person.buttons() == [catalogue.QUOTE_YES, catalogue.QUOTE_NAMED, catalogue.QUOTE_NO]
    texts = Resident.texts(await person.press(catalogue.QUOTE_YES))
    assert texts[0] == say("cy", "QUOTE_NOTED_YES")
    # Coming back after leaving keeps the language chosen, whatever the app says now.
    await person.send("/leave")
    await person.press(say("cy", "LEAVE_YES"))
    await consent(project_bot, 2102, "en", "cy")
    assert stored_language(project_bot, 2102) == "cy"


async def test_language_command_changes_it_and_refuses_stale_buttons(
    project_bot: RunningBot,
) -> None:
    stranger = Resident(project_bot, 2201)
    assert Resident.texts(await stranger.send("/language")) == [catalogue.PROJECTS_NONE]
    await consent(project_bot, 2202, "en")
    person = Resident(project_bot, 2202)
    await person.press(catalogue.QUOTE_YES)
    [ask] = await person.send("/language")
    assert ask["text"] == catalogue.LANGUAGE_QUESTION.format(title=TITLE, language="English")
    assert person.buttons() == OFFERED
    [changed] = Resident.texts(await person.press("Cymraeg"))
    assert changed == say("cy", "LANGUAGE_CHANGED", title=TITLES["cy"], language="Cymraeg")
    assert stored_language(project_bot, 2202) == "cy"
    # The dialogue was not disturbed: /start picks up where they were, now in Welsh.
    welcome = say("cy", "WELCOME_BACK", title=TITLES["cy"])
    assert welcome != say("en", "WELCOME_BACK", title=TITLE)
    assert Resident.texts(await person.send("/start"))[0] == welcome

    # Forged, unlisted and malformed buttons: a pop-up (in their language), nothing stored.
    for data, answer in (
        ("lang:northfield:fr", say("cy", "STALE_BUTTON")),  # not one of the project's
        ("lang:northfield:xx-YY", say("cy", "STALE_BUTTON")),
        ("lang:nowhere:en", say("cy", "STALE_BUTTON")),
        ("lang:northfield", say("cy", "UNKNOWN_BUTTON")),
    ):
        assert await person.press_data(data) == []
        assert person.last_button_answer() == answer, data
    assert stored_language(project_bot, 2202) == "cy"
    # Someone not in the project pressing a copied button creates nothing.
    assert await stranger.press_data("lang:northfield:en") == []
    assert stranger.last_button_answer() == catalogue.STALE_BUTTON
    assert stored_language(project_bot, 2201) is None
    # After /forget the old buttons find nobody.
    assert Resident.texts(await person.send("/forget")) == [say("cy", "FORGET_CONFIRM")]
    await person.press(say("cy", "FORGET_YES"))
    # Forgotten: nobody's language any more, so their app's (English).
    assert await person.press_data("lang:northfield:en") == []
    assert person.last_button_answer() == catalogue.STALE_BUTTON
    assert stored_language(project_bot, 2202) is None


async def test_mydata_shows_it_and_changes_it_and_exports_carry_it(
    project_bot: RunningBot,
) -> None:
    await consent(project_bot, 2301, "cy", "cy")
    person = Resident(project_bot, 2301)
    await person.press(say("cy", "QUOTE_NAMED"))
    document, language, quoting = await person.send("/mydata")
    text = project_bot.emulator.files[document["document"]["file_id"]].decode()
    assert "  " + say("cy", "MYDATA_LANGUAGE_LINE", language="Cymraeg") in text
    assert language["text"] == say("cy", "MYDATA_LANGUAGE", title=TITLES["cy"], language="Cymraeg")
    assert labels(language) == OFFERED
    state = say("cy", "QUOTING_STATES.name")
    assert quoting["text"] == say("cy", "MYDATA_QUOTING", title=TITLES["cy"], state=state)
    [changed] = Resident.texts(await person.press("English"))
    assert changed == catalogue.LANGUAGE_CHANGED.format(title=TITLE, language="English")
    assert stored_language(project_bot, 2301) == "en"
    await person.press_data("lang:northfield:cy")
    await consent(project_bot, 2302, "en-US")

    coordinator = Resident(project_bot, COORDINATOR)
    await coordinator.send("/export northfield csv")
    document = await next_document(project_bot, COORDINATOR)
    files = unzip(project_bot.emulator.files[document["document"]["file_id"]])
    rows = list(
        csv.DictReader(io.StringIO(files["northfield-participants.csv"].decode("utf-8-sig")))
    )
    assert sorted(row["language"] for row in rows) == ["cy", "en"]
    # Never beside a name: an identified export swaps the language for the first name.
    project = load_project(ROOT / "projects" / "example.yaml")
    plain = [c.name for c in columns("participants", ExportRequest(project, ("participants",)))]
    named = ExportRequest(project, ("participants",), identified=True)
    identified = [c.name for c in columns("participants", named)]
    assert "language" in plain and "first_name" not in plain
    assert "first_name" in identified and "language" not in identified


async def test_a_project_with_one_language_asks_nothing(
    emulator: BotApiEmulator, project_settings: Settings, tmp_path: Path
) -> None:
    folder = with_example_pictures(tmp_path / "english-only")
    text = (ROOT / "projects" / "example.yaml").read_text("utf-8")
    assert "languages: [en, cy, ar]" in text
    (folder / "northfield.yaml").write_text(text.replace("languages: [en, cy, ar]", ""), "utf-8")
    bot = await start_bot(emulator, project_settings.model_copy(update={"projects_dir": folder}))
    try:
        thanks, question = await consent(bot, 2401, "cy")
        assert thanks["text"] == catalogue.CONSENT_THANKS.format(title=TITLE)
        assert "reply_markup" not in thanks and question["text"] == catalogue.QUOTE_QUESTION
        assert stored_language(bot, 2401) == "en"  # Welsh is not one of its languages
        person = Resident(bot, 2401)
        await person.press(catalogue.QUOTE_YES)
        assert Resident.texts(await person.send("/language")) == [
            catalogue.LANGUAGE_ONLY_ONE.format(title=TITLE, language="English")
        ]
        document, quoting = await person.send("/mydata")  # no language to choose
        assert "  Language: English" in bot.emulator.files[document["document"]["file_id"]].decode()
        assert quoting["text"].startswith(f"“{TITLE}” — quoting your words")
        assert await person.press_data("lang:northfield:cy") == []
        assert person.last_button_answer() == catalogue.STALE_BUTTON
    finally:
        await bot.shutdown()
