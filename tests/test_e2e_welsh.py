"""Tandem's own words in the resident's language: a Welsh and an English resident, side by side.

Expected texts come from the catalogues (never hard-coded Welsh), and each one checked is
first shown to differ from the English, so the test cannot pass on English alone.
"""

from __future__ import annotations

from typing import Any

from conversations import catalogue
from conversations.i18n import Catalogues
from tests.conftest import Resident, RunningBot, wait_handled

WORDS = Catalogues.load()
TITLE = "Getting about in Northfield"


def say(lang: str, key: str, **args: Any) -> str:
    """What Tandem says in the language (asserted to be translated, for Welsh)."""
    text = WORDS.render(lang, key, **args)
    if lang != "en":
        assert text != WORDS.render("en", key, **args), f"{key} has no {lang} translation"
    return text


async def first_words(bot: RunningBot, user_id: int, text: str, app: str) -> list[dict[str, Any]]:
    """A person's first message, from a Telegram app set to the language ``app``."""
    person = Resident(bot, user_id)
    before = len(person.messages())
    update = bot.emulator.inject_text(user_id, text, language_code=app)
    await wait_handled(bot.settings.database_target, update["update_id"])
    return person.messages()[before:]


async def join_in(bot: RunningBot, user_id: int, app: str, lang: str) -> Resident:
    """Open the invite, agree, be asked about quoting; every built-in word in ``lang``."""
    person = Resident(bot, user_id)
    introduction, question = await first_words(bot, user_id, "/start NORTHFIELD", app)
    project = bot.services.projects.get("northfield")
    assert project is not None
    assert introduction["text"] == project.introduction(lang)  # the project's own words
    assert question["text"] == say(lang, "CONSENT_QUESTION")
    assert person.buttons() == [
        say(lang, key) for key in ("CONSENT_YES", "CONSENT_MORE", "CONSENT_LATER")
    ]
    [more] = await person.press(say(lang, "CONSENT_MORE"))
    assert more["text"].startswith(
        say(lang, "CONSENT_MORE_TEXT", pseudonym="P-7F3K", cap=3, quiet="21:00-08:00")[:40]
    )
    thanks, quoting = await person.press(say(lang, "CONSENT_YES"))
    assert thanks["text"].startswith(say(lang, "CONSENT_THANKS", title=project.title.in_(lang)))
    assert quoting["text"] == say(lang, "QUOTE_QUESTION")
    assert person.buttons() == [say(lang, key) for key in ("QUOTE_YES", "QUOTE_NAMED", "QUOTE_NO")]
    noted, *_ = await person.press(say(lang, "QUOTE_YES"))
    assert noted["text"] == say(lang, "QUOTE_NOTED_YES")
    return person


async def test_a_welsh_resident_is_answered_in_welsh_and_an_english_one_in_english(
    project_bot: RunningBot,
) -> None:
    # Before joining anything: their Telegram app's language, when Tandem has a catalogue.
    [welcome] = await first_words(project_bot, 5101, "/start", "cy")
    assert welcome["text"] == say("cy", "WELCOME")
    [welcome] = await first_words(project_bot, 5102, "/start", "en-GB")
    assert welcome["text"] == catalogue.WELCOME
    [welcome] = await first_words(project_bot, 5103, "/start", "fr")  # no French catalogue
    assert welcome["text"] == catalogue.WELCOME
    visitor = Resident(project_bot, 5101)
    [unknown] = await visitor.send("/frobnicate")
    assert unknown["text"] == say("cy", "UNKNOWN_COMMAND", command="/frobnicate")
    [help_text] = await visitor.send("/help")
    assert help_text["text"] == say("cy", "HELP")

    welsh = await join_in(project_bot, 5101, "cy", "cy")
    english = await join_in(project_bot, 5102, "en-GB", "en")

    # Paused, a message is answered (and not kept) in their language.
    for person, lang in ((welsh, "cy"), (english, "en")):
        assert Resident.texts(await person.send("/pause")) == [say(lang, "PAUSED")]
        assert Resident.texts(await person.send("a thought")) == [say(lang, "PAUSED_NOT_KEPT")]
        assert Resident.texts(await person.send("/skip")) == [say(lang, "NOTHING_TO_SKIP")]
        assert (await person.send("/resume"))[0]["text"] == say(lang, "RESUMED")
        # A forged button gets the pop-up in their language too.
        assert await person.press_data("consent:northfield:0:yes") == []
        assert person.last_button_answer() == say(lang, "STALE_BUTTON")
