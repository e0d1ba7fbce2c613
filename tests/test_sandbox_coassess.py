"""The sandbox rehearses co-assessment: day jumps open and close the example check-in, Amira
(English) and Gwen (Welsh) each hear "what we heard" in their language, Amira suggests a
question and Fatima adopts it."""

from __future__ import annotations

from bot.sandbox import Sandbox
from conversations.i18n.words import english
from tests.test_sandbox import AMIRA, FATIMA, GWEN, WORDS, Page, join, page

__all__ = ["page"]  # the fixture: the sandbox and its JSON API

EN = english()
TITLE = "The Tuesday travel drop-in"
ASKED = "Was the bus on time?"


def cy(key: str, **args: object) -> str:
    return WORDS.render("cy", key, **args)


async def test_a_cycle_closes_both_hear_back_and_a_suggestion_is_adopted(
    page: tuple[Page, Sandbox],
) -> None:
    client, _ = page
    await join(client, AMIRA)
    await client.say(GWEN, "/start NORTHFIELD")
    await client.press(GWEN, cy("CONSENT_YES"))
    await client.press(GWEN, cy("QUOTE_YES"))
    for _ in range(4):  # Friday 14:00 to Tuesday 14:00: the Monday 18:00 check-in fired
        await client.post("/api/clock", {"to": "day"})
    await client.press(AMIRA, EN.say("CHECKIN_START"))
    await client.until_text(AMIRA, "Was the drop-in open")
    await client.press(AMIRA, "4")
    await client.until_text(AMIRA, "Is it making getting about easier")
    await client.press(AMIRA, "4")
    await client.until_text(AMIRA, "What should we change?")
    await client.say(AMIRA, "More buses in the evening please")
    await client.until_text(AMIRA, EN.say("CHECKIN_THANKS"))
    await client.press(GWEN, cy("CHECKIN_START"))
    await client.until_text(GWEN, "Oedd y sesiwn galw heibio")
    await client.press(GWEN, "3")
    await client.until_text(GWEN, "Ydy e'n ei gwneud hi'n haws")
    await client.press(GWEN, "3")
    await client.until_text(GWEN, "Beth ddylen ni ei newid?")
    await client.say(GWEN, "Mwy o fysiau gyda'r nos os gwelwch yn dda")
    await client.until_text(GWEN, cy("CHECKIN_THANKS"))
    for _ in range(2):  # past Wednesday 18:00: the window closed
        await client.post("/api/clock", {"to": "day"})
    heard = EN.plural("CHECKIN_HEARD", 2, title=TITLE)
    chat = await client.until_text(AMIRA, heard)
    assert any("Mwy o fysiau" in str(m["text"]) for m in chat)  # Gwen's words, quoted
    title_cy = "Sesiwn galw heibio teithio dydd Mawrth"
    await client.until_text(GWEN, WORDS.render_plural("cy", "CHECKIN_HEARD", 2, title=title_cy))

    await client.press(AMIRA, EN.say("CHECKIN_SUGGEST_BUTTON"))
    await client.until_text(AMIRA, EN.say("SUGGEST_ASK", title=TITLE))
    await client.say(AMIRA, ASKED)
    await client.until_text(AMIRA, EN.say("SUGGEST_THANKS", title=TITLE))
    await client.say(FATIMA, "/checkin suggestions")
    await client.press(FATIMA, EN.say("CHECKIN_ADOPT_BUTTON", n=1))
    await client.until_text(FATIMA, EN.say("CHECKIN_ADOPTED", title=TITLE, text=ASKED))
    await client.until_text(AMIRA, EN.say("SUGGEST_ADOPTED", title=TITLE, text=ASKED))
