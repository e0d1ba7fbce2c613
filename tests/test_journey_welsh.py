"""A Welsh resident's /journey: the picture and its text twin in Welsh, services by their
Welsh names, dates by Babel; the English words of the drawing appear nowhere.

The picture sent is compared byte for byte with one drawn here from the same stored entries,
whose figure is then read through matplotlib's own API (title, tick labels, the named
points). The PNG is saved to tests/artifacts/journey-cy.png (git-ignored) for a person to
look at.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.handlers.journey import as_journeys, services_in
from conversations import catalogue
from conversations.i18n import dates
from conversations.i18n.catalogues import shipped
from conversations.i18n.words import Words
from conversations.journey import Journey, Touchpoint, project_text, project_view
from conversations.journey.journey_map import journey_page
from conversations.journey.model import NOT_QUOTED
from conversations.journey.words import journey_text, quote
from storage.diary import journey_entries
from tests.conftest import TEST_MOMENT, Resident, RunningBot
from tests.test_e2e_welsh import WORDS, join_in, say
from tests.test_e2e_welsh_resident import WELSH_TITLE

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ENGLISH_WORDS = [*catalogue.JOURNEY_FEELINGS.values(), "Lowest moments", "Your journey", "Dec"]


async def diary_entry(person: Resident, service: str, said: str, feeling: int) -> None:
    """One entry through the diary's Welsh buttons: where, what happened, how it felt."""
    await person.send("/diary")
    if service not in person.buttons():  # the first /diary shows its settings first
        await person.press(say("cy", "DIARY_OK"))
        await person.send("/diary")
    await person.press(service)
    await person.send(said)
    await person.press(person.buttons()[feeling - 1])  # the faces, very bad (1) first
    await person.send("/skip")  # what would have made it better


async def test_a_welsh_residents_journey_is_drawn_and_written_in_welsh(
    project_bot: RunningBot,
) -> None:
    person = await join_in(project_bot, 5401, "cy", "cy")
    await diary_entry(person, "Meddygfa", "Aros dwy awr ar y ffôn", 1)
    project_bot.services.clock.move_to(TEST_MOMENT + timedelta(days=1))
    await diary_entry(person, "Fferyllfa", "Cyflym a chyfeillgar", 4)

    photo, caption_less = await person.send("/journey")
    assert photo["caption"] == say("cy", "JOURNEY_CAPTION")
    png = project_bot.emulator.files[photo["photo"][-1]["file_id"]]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "journey-cy.png").write_bytes(png)

    # The same journey drawn here from what is stored, in the same words, is that picture.
    services = project_bot.services
    participant = await services.people.current(5401)
    project = services.projects.get("northfield")
    assert participant is not None and project is not None
    words = Words(services.catalogues, "cy")
    entries = await journey_entries(services.db, participant_id=participant.id)
    [mine] = as_journeys(entries, own=True, service_name=services_in(project, words))
    page = journey_page(mine, WELSH_TITLE, words)
    assert page.png() == png

    figure_texts = [t.get_text() for t in page.figure.texts]
    [ax] = page.figure.axes
    y_labels = [t.get_text() for t in ax.get_yticklabels()]
    x_labels = [t.get_text() for t in ax.get_xticklabels()]
    named = [t.get_text() for t in ax.texts]
    assert figure_texts[0] == WELSH_TITLE
    heading = say("cy", "JOURNEY_YOURS")
    assert figure_texts[1].startswith(f"{heading}: 2 ")  # "Eich taith: 2 pwynt cyswllt, …"
    assert y_labels == [say("cy", f"JOURNEY_FEELINGS.{level}") for level in range(1, 6)]
    days = [TEST_MOMENT.date(), TEST_MOMENT.date() + timedelta(days=1)]
    assert x_labels == [dates.short_day(day, "cy") for day in days]  # "4 Rhag", "5 Rhag"
    assert "Meddygfa" in named and "Fferyllfa" in named
    assert say("cy", "JOURNEY_LOWEST") in figure_texts
    very_bad = say("cy", "JOURNEY_FEELINGS.1")
    assert f"{dates.day(days[0], 'cy')} · {very_bad} · Meddygfa" in figure_texts
    drawn = "\n".join([*figure_texts, *y_labels, *x_labels, *named])
    assert not [word for word in ENGLISH_WORDS if word in drawn]
    assert "GP surgery" not in drawn and "Pharmacy" not in drawn

    # The text twin, for screen readers, says the same in Welsh.
    text = caption_less["text"]
    assert text == journey_text(mine, words)
    assert text.startswith(heading + "\n")
    assert say("cy", "JOURNEY_HAPPENED", words="“Aros dwy awr ar y ffôn”") in text
    assert f"Meddygfa · {say('cy', 'JOURNEY_FEELING_LABEL', feeling=very_bad, level=1)}" in text
    assert say("cy", "JOURNEY_LOWEST_LIST") in text
    assert not [word for word in ENGLISH_WORDS if word in text]


def test_placeholders_and_the_project_view_read_in_the_readers_language() -> None:
    welsh = Words(shipped(), "cy")
    # Kept as English markers, shown in the reader's words: a voice note (with a caption),
    # a voice answer to "what would have made it better?", words not agreed to be quoted.
    assert (
        quote("[voice note] the ramp", None, welsh)
        == f"{say('cy', 'JOURNEY_MEDIA.voice')} “the ramp”"
    )
    assert quote("[voice]", None, welsh) == say("cy", "JOURNEY_MEDIA.voice")
    assert quote(NOT_QUOTED, None, welsh) == say("cy", "JOURNEY_NOT_QUOTED")
    assert quote("[voice]") == "[voice note]"  # English by default, as the report reads it
    when = datetime(2026, 12, 7, 10, tzinfo=ZoneInfo("Europe/London"))
    journeys = [
        Journey("P-7F3K", (Touchpoint(when, "Meddygfa", 1, "Rude"),), may_quote=False),
        Journey("P-9QX2", (Touchpoint(when, "Meddygfa", 4, "Kind"),), may_quote=True),
    ]
    text = project_text(project_view(journeys), welsh)
    assert text.startswith(WORDS.render_plural("cy", "JOURNEY_SERVICES_HEADING", 2))
    line = WORDS.render_plural(
        "cy", "JOURNEY_SERVICE_LINE", 2, service="Meddygfa", mean="2.5", feeling="Gwael"
    )
    assert f"1. {line}" in text
    assert say("cy", "JOURNEY_NOT_QUOTED") in text and "Rude" not in text
    assert not [word for word in ENGLISH_WORDS if word in text]
