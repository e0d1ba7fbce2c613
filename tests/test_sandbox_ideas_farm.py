"""The sandbox rehearses the ideas farm: Amira shares an idea, Fatima approves it, Ben backs it
and offers to help, Yusuf reads it in Arabic, and Fatima asks Ben to join a piece of work."""

from __future__ import annotations

from bot.sandbox import Sandbox
from conversations import catalogue
from tests.test_sandbox import AMIRA, BEN, FATIMA, WORDS, YUSUF, Page, join, page

__all__ = ["page"]  # the fixture: the sandbox and its JSON API


async def test_the_ideas_farm_can_be_rehearsed(page: tuple[Page, Sandbox]) -> None:
    # Amira shares an idea, Fatima approves it, Ben backs it and offers to help, Yusuf reads
    # it in Arabic, and Fatima asks Ben to join a piece of work.
    client, _ = page
    for person in (AMIRA, BEN):
        await join(client, person)
    await client.say(YUSUF, "/start NORTHFIELD")
    await client.press(YUSUF, WORDS.render("ar", "CONSENT_YES"))
    await client.press(YUSUF, WORDS.render("ar", "QUOTE_YES"))
    await client.until_text(FATIMA, "You're now a facilitator")
    await client.say(AMIRA, "/idea A bench at the bus stop")
    await client.press(AMIRA, catalogue.FARM_SHARE_YES)
    await client.say(FATIMA, "/ideas")
    await client.press(FATIMA, catalogue.IDEAS_APPROVE)
    await client.until_text(AMIRA, "is now shared with other residents")
    await client.say(BEN, "/farm")
    await client.until_text(BEN, "A bench at the bus stop")
    await client.press(BEN, catalogue.FARM_BACK)
    await client.press(BEN, catalogue.FARM_HELP)
    await client.until_text(BEN, catalogue.OFFER_ASK_WHAT)
    await client.say(BEN, "I can paint it")
    await client.until_text(BEN, catalogue.OFFER_ASK_WHEN)
    await client.say(BEN, "/skip")
    await client.until_text(BEN, catalogue.OFFER_ASK_WHERE)
    await client.say(BEN, "/skip")
    await client.press(BEN, catalogue.OFFER_TAGS["skill"])
    await client.say(YUSUF, "/farm")
    await client.until_text(YUSUF, WORDS.render_plural("ar", "FARM_BACKERS", 1))
    await client.say(FATIMA, "/offers")
    await client.press(FATIMA, catalogue.OFFER_ASK_BUTTON)
    await client.until_text(FATIMA, "What piece of work")
    await client.say(FATIMA, "Painting day on Saturday")
    await client.until_text(BEN, "Painting day on Saturday")
    await client.press(BEN, catalogue.OFFER_YES)
    await client.until_text(FATIMA, "said yes to “Painting day on Saturday”")
