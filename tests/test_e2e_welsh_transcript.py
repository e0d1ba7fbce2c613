"""A Welsh resident's whole transcript, on the real stack (emulator, SQLite, the example project
in en, cy and ar): the invite, the Welsh introduction, consent, the quoting question, the whole
default dialogue (Sam's story as a photo, a choice, a probe, /skip, /back), the diary (its
settings, one entry, /journey with its Welsh date), a poll a facilitator built with its Welsh
words (a vote, the "why?"), and a "you said, we did" update (and a reply).

Every message the resident receives is checked, in order, against the expected Welsh: Tandem's
own words from the catalogues (each first shown to differ from the English), the project's
and the script's from their Text.in_("cy"). The only Welsh written here is what the resident
and the facilitator type.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from babel.lists import format_list

from conversations.diary import FACES, NOTHING_LABEL, OTHER_LABEL
from conversations.diary_schedule import time_choices
from conversations.i18n import dates
from conversations.i18n.words import english
from conversations.languages import own_name
from conversations.texts_by_language import Text
from tests import dbview
from tests.conftest import Resident, RunningBot, wait_handled
from tests.test_e2e_polls import appoint, received_poll, vote, wait_text
from tests.test_e2e_scenario import PICTURE, stored
from tests.test_e2e_updates import send_and_wait
from tests.test_e2e_welsh import WORDS, say

EN = english()
RESIDENT, FACILITATOR = 7101, 7102
QUESTION, QUESTION_CY = "Where should the new bench go?", "Ble dylai'r fainc newydd fynd?"
OPTIONS, OPTIONS_CY = ["Bus stop", "Library"], ["Arhosfan bws", "Llyfrgell"]
UPDATE, UPDATE_CY = (
    "The bench goes in at the library next month.",
    "Mae'r fainc yn mynd wrth y llyfrgell y mis nesaf.",
)
# Words that would show an English message slipped through (case-sensitive; commands aside).
GIVEAWAYS = ("Thank", "Send", "Skip", "question", "Reply", "Your ", "You said", "diary", "poll")


def cy(text: Text) -> str:
    """The project's (or script's) own Welsh, shown to differ from its English."""
    welsh = text.in_("cy")
    assert welsh != text.in_("en"), f"no Welsh for {text.in_('en')!r}"
    return welsh


class Transcript:
    """The resident's side of the chat: every message they receive is checked as it comes."""

    def __init__(self, bot: RunningBot, user_id: int) -> None:
        self.person = Resident(bot, user_id)
        self.checked = 0

    def heard(self, messages: list[dict[str, Any]], expected: list[str]) -> list[dict[str, Any]]:
        """These replies, in order, say exactly ``expected`` (text or caption)."""
        assert Resident.texts(messages) == expected
        self.checked += len(messages)
        return messages

    async def says(self, text: str, *expected: str) -> list[dict[str, Any]]:
        return self.heard(await self.person.send(text), list(expected))

    async def taps(self, label: str, *expected: str) -> list[dict[str, Any]]:
        return self.heard(await self.person.press(label), list(expected))

    def buttons(self) -> list[str]:
        return self.person.buttons()

    def all_checked(self) -> None:
        """Nothing arrived that the transcript did not check."""
        assert self.checked == len(self.person.messages())


async def test_a_welsh_residents_whole_transcript(project_bot: RunningBot) -> None:
    bot = project_bot
    project = bot.services.projects.get("northfield")
    assert project is not None
    dialogue = project.dialogue
    step = dialogue.step
    title = cy(project.title)
    you = Transcript(bot, RESIDENT)

    # The invite, from a Telegram app in Welsh: the project's Welsh introduction, then consent.
    update = bot.emulator.inject_text(RESIDENT, "/start NORTHFIELD", language_code="cy")
    await wait_handled(bot.settings.database_target, update["update_id"])
    assert project.introduction("cy") != project.introduction("en")
    you.heard(you.person.messages(), [project.introduction("cy"), say("cy", "CONSENT_QUESTION")])
    consent = [say("cy", k) for k in ("CONSENT_YES", "CONSENT_MORE", "CONSENT_LATER")]
    assert you.buttons() == consent
    offer = say("cy", "LANGUAGE_OFFER", language=own_name("cy"))
    thanks = f"{say('cy', 'CONSENT_THANKS', title=title)}\n\n{offer}"
    await you.taps(consent[0], thanks, say("cy", "QUOTE_QUESTION"))
    quoting = [say("cy", k) for k in ("QUOTE_YES", "QUOTE_NAMED", "QUOTE_NO")]
    assert you.buttons() == quoting
    await you.taps(
        quoting[0], say("cy", "QUOTE_NOTED_YES"), cy(step("welcome").text), cy(step("outcome").text)
    )

    # The whole default dialogue in Welsh.
    outcome = step("outcome")
    assert outcome.probe is not None
    await you.says("Bws bob awr i'r dref", cy(outcome.probe))
    await you.says("/skip", say("cy", "SKIPPED"), cy(step("barrier").text))  # /skip, once
    [story, _] = await you.says(
        "Mae'r bws olaf adref yn rhy gynnar",
        cy(step("sam").text),  # Sam's story: a photo with its Welsh caption
        cy(step("sam_easier").text),
    )
    assert "photo" in story and bot.emulator.files[story["photo"][-1]["file_id"]] == PICTURE
    hardest = step("sam_hardest")
    assert hardest.probe is not None
    await you.says("Bws cynharach", cy(hardest.text))
    assert you.buttons() == [cy(o.label) for o in hardest.options]
    # /back, once: the question before, with what they said to it.
    await you.says(
        "/back",
        cy(step("sam_easier").text),
        say("cy", "BACK_EARLIER_ANSWER", answer="Bws cynharach"),
    )
    await you.says("Bws hwyrach ar nos Wener", cy(hardest.text))
    await you.taps(cy(hardest.options[2].label), cy(hardest.probe))  # a choice, then its probe
    await you.says(
        "Er mwyn gweld fy ffrindiau",
        cy(step("turn_to_assets").text),
        cy(step("asset").text),
    )
    await you.says("Y llyfrgell a'r ganolfan gymunedol", cy(step("offer").text))
    await you.says("Gallwn i yrru cymydog i'r siopau", cy(step("involvement").text))
    involvement = step("involvement")
    assert you.buttons() == [cy(o.label) for o in involvement.options]
    diary_label = cy(next(o.label for o in involvement.options if o.id == "diary"))

    # "Keep a diary" ends the dialogue and opens the diary's settings, with Welsh dates.
    participant = await bot.services.people.participant(RESIDENT, project.id)
    assert participant is not None and project.diary is not None
    replies = await you.person.press(diary_label)
    enrolment = await bot.services.diary.enrolment(participant.id)
    assert enrolment is not None
    start = dates.day(enrolment.starts_on, "cy")
    assert start != dates.day(enrolment.starts_on, "en")

    def settings(zone: str, at: str) -> str:
        return WORDS.render_plural(
            "cy",
            "DIARY_SETTINGS",
            project.diary.days if project.diary else 0,
            title=title,
            start=start,
            end=dates.day(enrolment.ends_on, "cy"),
            times=format_list([at], locale="cy"),
            zone=zone,
            state=say("cy", "DIARY_STATE_ON"),
        )

    evening = dates.clock_time(project.diary.prompt_times[0], "cy")
    you.heard(replies, [cy(step("end_involved").text), settings("Europe/London", evening)])
    assert you.buttons() == [
        say("cy", k)
        for k in ("DIARY_OK", "DIARY_CHANGE_ZONE", "DIARY_CHANGE_TIME", "DIARY_PAUSE_WEEK")
    ] + [say("cy", "DIARY_STOP")]
    await you.taps(say("cy", "DIARY_CHANGE_ZONE"), say("cy", "DIARY_ASK_ZONE"))
    await you.says("Europe/Madrid", say("cy", "DIARY_ZONE_SET", zone="Europe/Madrid"))
    await you.says("/diary settings", settings("Europe/Madrid", evening))
    await you.taps(say("cy", "DIARY_CHANGE_TIME"), say("cy", "DIARY_PICK_TIME"))
    choices = time_choices(project.diary.prompt_times, project.quiet_window())
    assert you.buttons() == [dates.clock_time(t, "cy") for t in choices]
    picked = dates.clock_time(choices[-1], "cy")  # a later evening
    await you.taps(picked, say("cy", "DIARY_TIME_SET", time=picked))
    await you.says("/diary settings", settings("Europe/Madrid", picked))
    await you.taps(say("cy", "DIARY_OK"), say("cy", "DIARY_CONFIRMED"))

    # One full diary entry.
    words = project.diary.words
    await you.says("/diary", cy(words.which))
    places = [cy(t) for t in project.diary.touchpoints]
    assert you.buttons() == [*places, cy(OTHER_LABEL), cy(NOTHING_LABEL)]
    await you.taps(places[0], cy(words.happened))
    await you.says("Roedd rhaid aros awr am apwyntiad", cy(words.feeling))
    assert you.buttons() == [cy(face) for face in FACES.values()]
    await you.taps(cy(FACES[2]), cy(words.better))
    await you.says("Bws sy'n cyrraedd mewn pryd", cy(words.thanks))
    # Their journey so far: the entry under its Welsh date, in Welsh words.
    picture, journey = await you.person.send("/journey")
    you.heard([picture], [say("cy", "JOURNEY_CAPTION")])
    you.heard([journey], [journey["text"]])
    [(local_date,)] = dbview.rows(
        bot.settings.database_target, "SELECT local_date FROM diary_entries"
    )
    when = dates.day_in_year(date.fromisoformat(local_date), "cy")
    assert when != dates.day_in_year(date.fromisoformat(local_date), "en")
    felt = say("cy", "JOURNEY_FEELING_LABEL", feeling=say("cy", "JOURNEY_FEELINGS.2"), level=2)
    assert journey["text"].startswith(say("cy", "JOURNEY_YOURS"))
    assert f"1. {when}, " in journey["text"] and f"· {places[0]} · {felt}" in journey["text"]
    for key, said in (
        ("JOURNEY_HAPPENED", "Roedd rhaid aros awr am apwyntiad"),
        ("JOURNEY_BETTER", "Bws sy'n cyrraedd mewn pryd"),
    ):
        assert say("cy", key, words=f"“{said}”") in journey["text"]

    # A poll, built by a facilitator who gives its Welsh words in the builder.
    facilitator = await appoint(bot, FACILITATOR)
    await facilitator.send("/newpoll")
    await facilitator.send(QUESTION)
    await facilitator.send("\n".join(OPTIONS))
    await facilitator.send("done")
    await facilitator.press(EN.say("POLL_ONE_ANSWER"))
    everyone = EN.say("COHORT_EVERYONE")
    await facilitator.press(next(b for b in facilitator.buttons() if b.startswith(everyone)))
    await facilitator.press(EN.say("POLL_WHY_USE_DEFAULT", why=EN.say("POLL_WHY_DEFAULT")))
    assert Resident.texts(await facilitator.press(EN.say("POLL_CLOSE_1D"))) == [
        EN.say("POLL_ASK_QUESTION_IN", language="Welsh", limit=300)
    ]
    await facilitator.send(QUESTION_CY)
    asked = Resident.texts(await facilitator.send("\n".join(OPTIONS_CY)))
    assert asked == [EN.say("POLL_ASK_QUESTION_IN", language="Arabic", limit=300)]
    await facilitator.press(EN.say("LANGUAGE_SKIP", language="Arabic"))
    await facilitator.press(EN.say("POLL_SEND"))
    poll = await received_poll(you.person)
    assert poll["question"] == QUESTION_CY
    assert [o["text"] for o in poll["options"]] == OPTIONS_CY
    [sent] = you.heard(you.person.messages()[you.checked :], [""])  # the poll itself
    assert sent["poll"]["id"] == poll["id"]
    await vote(you.person, poll, [1])
    why = say("cy", "POLL_FOLLOWUP_ASK", why=say("cy", "POLL_WHY_DEFAULT"))
    await wait_text(you.person, why)
    you.heard(you.person.messages()[you.checked :], [why])
    await you.says("Mae'n dawelach wrth y llyfrgell", say("cy", "POLL_FOLLOWUP_THANKS"))

    # "You said, we did": the facilitator gives its Welsh in the composer.
    await facilitator.send("/update")
    await facilitator.press(EN.say("UPDATE_KIND_BUTTONS.poll"))
    await facilitator.press(next(b for b in facilitator.buttons() if QUESTION[:20] in b))
    assert Resident.texts(await facilitator.send(UPDATE)) == [
        EN.say("UPDATE_ASK_TEXT_IN", language="Welsh", text=UPDATE)
    ]
    await facilitator.send(UPDATE_CY)
    await facilitator.press(EN.say("LANGUAGE_SKIP", language="Arabic"))
    await send_and_wait(bot, facilitator, 1)
    news = say("cy", "UPDATE_MESSAGE.poll", title=title, label=QUESTION_CY, text=UPDATE_CY)
    await wait_text(you.person, news)
    you.heard(you.person.messages()[you.checked :], [news])
    assert you.buttons() == [say("cy", "UPDATE_REPLY_BUTTON")]
    await you.taps(say("cy", "UPDATE_REPLY_BUTTON"), say("cy", "UPDATE_REPLY_ASK", title=title))
    await you.says("Gwych, diolch yn fawr", say("cy", "UPDATE_REPLY_THANKS", title=title))

    # Everything was checked, and nothing reads as English.
    you.all_checked()
    for text in Resident.texts(you.person.messages()):
        plain = re.sub(r"/\w+", "", text)  # commands (/skip, /diary) are the same in any language
        assert not [w for w in GIVEAWAYS if w in plain], text
    # The answers are stored against the steps the resident was shown.
    assert stored(bot, RESIDENT) == [
        ("outcome", 0, "text", "Bws bob awr i'r dref"),
        ("outcome", 1, "skipped", ""),
        ("barrier", 0, "text", "Mae'r bws olaf adref yn rhy gynnar"),
        ("sam_easier", 0, "text", "Bws hwyrach ar nos Wener"),
        ("sam_hardest", 0, "choice", hardest.options[2].id),
        ("sam_hardest", 1, "text", "Er mwyn gweld fy ffrindiau"),
        ("asset", 0, "text", "Y llyfrgell a'r ganolfan gymunedol"),
        ("offer", 0, "text", "Gallwn i yrru cymydog i'r siopau"),
        ("involvement", 0, "choice", "diary"),
    ]
    target = bot.settings.database_target
    entry = dbview.rows(
        target,
        "SELECT status, touchpoint, happened_kind, happened_value, feeling, better"
        " FROM diary_entries",
    )
    why_kept = dbview.rows(target, "SELECT kind, value FROM poll_followups")
    reply = dbview.rows(target, "SELECT kind, value FROM update_replies")
    assert entry == [
        (
            "complete",
            project.diary.touchpoints[0].in_("en"),
            "text",
            "Roedd rhaid aros awr am apwyntiad",
            2,
            "Bws sy'n cyrraedd mewn pryd",
        )
    ]
    assert why_kept == [("text", "Mae'n dawelach wrth y llyfrgell")]
    assert reply == [("text", "Gwych, diolch yn fawr")]
