"""A project's own words in the resident's language: the introduction before consent and the
dialogue after it, in Welsh for a Welsh Telegram app, as the YAML files give them."""

from __future__ import annotations

from typing import Any

import yaml

from bot.callbacks import encode
from conversations.dialogue.script import builtin_script
from conversations.diary import FACES, NOTHING_LABEL, OTHER_LABEL, DiaryWords
from conversations.projects import load_project
from tests import dbview
from tests.conftest import ROOT, Resident, RunningBot, wait_handled

SCRIPT = ROOT / "conversations" / "dialogue" / "scripts" / "outcome_first.yaml"
EXAMPLE = ROOT / "projects" / "example.yaml"


def written(lang: str) -> dict[str, str]:
    """What outcome_first.yaml says in ``lang``: each step's text, and probes as `id.probe`."""
    data = yaml.safe_load(SCRIPT.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for step in data["steps"]:
        found[step["id"]] = step["text"][lang]
        if "probe" in step:
            found[f"{step['id']}.probe"] = step["probe"][lang]
    return found


async def press_first(person: Resident) -> list[dict[str, Any]]:
    """Tap the first button of the newest message with buttons (whatever its language)."""
    for message in reversed(person.messages()):
        rows = (message.get("reply_markup") or {}).get("inline_keyboard")
        if rows:
            return await person.press_data(rows[0][0]["callback_data"], message["message_id"])
    raise AssertionError("no message with buttons")


async def join(bot: RunningBot, user_id: int, language_code: str) -> list[str]:
    """Open the invite from an app in ``language_code``, agree, and allow quoting."""
    person = Resident(bot, user_id)
    update = bot.emulator.inject_text(user_id, "/start NORTHFIELD", language_code=language_code)
    await wait_handled(bot.settings.database_target, update["update_id"])
    await press_first(person)  # "Yes, I agree"
    return Resident.texts(await press_first(person))  # quote me without my name


async def test_a_welsh_resident_reads_the_introduction_and_dialogue_in_welsh(
    project_bot: RunningBot,
) -> None:
    welsh = written("cy")
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    project = load_project(EXAMPLE)
    started = await join(project_bot, 2501, "cy")
    person = Resident(project_bot, 2501)
    introduction = next(m["text"] for m in person.messages() if raw["title"]["cy"] in m["text"])
    assert introduction == project.introduction("cy")
    assert raw["purpose"]["cy"] in introduction and raw["purpose"]["en"] not in introduction
    # The dialogue begins: the welcome, then the first question, as the YAML's Welsh.
    assert started[-2:] == [welsh["welcome"], welsh["outcome"]]
    assert Resident.texts(await person.send("Bws i'r dref bob awr")) == [welsh["outcome.probe"]]
    assert Resident.texts(await person.send("I weld fy ffrindiau"))[-1] == welsh["barrier"]
    # /back asks the question again, still in Welsh.
    assert welsh["outcome"] in Resident.texts(await person.send("/back"))


async def test_an_english_resident_of_the_same_project_reads_english(
    project_bot: RunningBot,
) -> None:
    english = written("en")
    started = await join(project_bot, 2502, "en-GB")
    person = Resident(project_bot, 2502)
    introduction = load_project(EXAMPLE).introduction("en")
    assert introduction.startswith("Getting about in Northfield\n\nWhy we're asking: ")
    assert introduction in Resident.texts(person.messages())
    assert started[-2:] == [english["welcome"], english["outcome"]]
    assert Resident.texts(await person.send("More buses")) == [english["outcome.probe"]]


def test_the_engine_speaks_the_scripts_first_language_unless_told() -> None:
    from conversations.dialogue import engine

    script = builtin_script("outcome_first")
    first = engine.begin(script)
    assert [r.text for r in first.replies] == [written("en")["welcome"], written("en")["outcome"]]
    welsh = engine.begin(script, "cy")
    asked = engine.advance(script, welsh.state, engine.Skip(), "cy")
    assert [r.text for r in asked.replies] == [written("cy")["barrier"]]
    labels = [b.label for b in engine.render(script.step("involvement"), "cy").buttons]
    data = yaml.safe_load(SCRIPT.read_text(encoding="utf-8"))
    options = next(s for s in data["steps"] if s["id"] == "involvement")["options"]
    assert labels == [o["label"]["cy"] for o in options]


async def test_a_welsh_diary_entry_reads_welsh_and_stores_the_default_name(
    project_bot: RunningBot,
) -> None:
    touchpoints = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["diary"]["touchpoints"]
    words = DiaryWords()
    await join(project_bot, 2503, "cy")
    person = Resident(project_bot, 2503)
    await person.send("/diary")
    [which] = Resident.texts(await person.press_data(encode("diary", "log", "northfield")))
    assert which == words.which.in_("cy")
    welsh = [t["cy"] for t in touchpoints]
    assert person.buttons() == [*welsh, OTHER_LABEL.in_("cy"), NOTHING_LABEL.in_("cy")]
    assert Resident.texts(await person.press(welsh[1])) == [words.happened.in_("cy")]
    assert Resident.texts(await person.send("Presgripsiwn yn barod")) == [words.feeling.in_("cy")]
    assert person.buttons() == [face.in_("cy") for face in FACES.values()]
    [(stored,)] = dbview.rows(
        project_bot.settings.database_target, "SELECT touchpoint FROM diary_entries"
    )
    assert stored == touchpoints[1]["en"]  # one name per place across languages: the default
