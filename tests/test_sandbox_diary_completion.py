"""Rehearsing diary completion in the sandbox: three residents keep a diary over clock jumps,
Gwen (Welsh) goes quiet after day 1, Fatima's /stats shows the rates, and /diary nudge 60
reaches Gwen alone, in Welsh, once."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from tests.test_sandbox import AMIRA, BEN, FATIMA, GWEN, WORDS, Page, running_sandbox, texts

PROMPTS = ("Time for your diary", "Amser i'ch dyddiadur")
NOTHING = {AMIRA: "Nothing today", BEN: "Nothing today", GWEN: "Dim byd heddiw"}


async def join(client: Page, person: int) -> None:
    """Open the invite, agree and allow quoting, in the person's own language."""
    lang = "cy" if person == GWEN else "en"
    await client.say(person, "/start NORTHFIELD")
    await client.until_text(person, WORDS.render(lang, "CONSENT_QUESTION"))
    await client.press(person, WORDS.render(lang, "CONSENT_YES"))
    await client.press(person, WORDS.render(lang, "QUOTE_YES"))


async def prompted(client: Page, person: int, times: int) -> None:
    await client.until(
        person, lambda chat: sum(any(p in t for p in PROMPTS) for t in texts(chat)) >= times
    )


async def test_a_facilitator_rehearses_completion_and_one_nudge(tmp_path: Path) -> None:
    async with running_sandbox(tmp_path) as sandbox, aiohttp.ClientSession() as session:
        client = Page(session, sandbox.url)
        for person in (AMIRA, BEN, GWEN):
            await join(client, person)
            before = len((await client.chat(person))["chat"]["messages"])
            await client.say(person, "/diary")
            await client.until(person, lambda chat, n=before: len(chat) > n + 1)
        first = await client.post("/api/clock", {"to": "next_prompt"})
        assert first["jump"]["prompts"] == 3
        for day in (1, 2, 3):
            if day > 1:
                assert (await client.post("/api/clock", {"to": "day"}))["jump"]["prompts"] == 3
            for person in (AMIRA, BEN, GWEN):
                await prompted(client, person, day)
            for person in (AMIRA, BEN) if day > 1 else (AMIRA, BEN, GWEN):
                await client.press(person, NOTHING[person])
                thanks = "Thanks for letting me know" if person != GWEN else "Diolch am roi"
                await client.until(
                    person, lambda chat, t=thanks, n=day: sum(t in m for m in texts(chat)) >= n
                )

        await client.say(FATIMA, "/stats")
        chat = await client.until_text(FATIMA, "prompts answered")
        [stats] = [t for t in texts(chat) if "prompts answered" in t]
        assert "7 of 9 prompts answered (78%)" in stats, stats
        assert stats.count("3 of 3 answered (100%)") == 2 and "1 of 3 answered (33%)" in stats

        await client.say(FATIMA, "/diary nudge 60")
        await client.until_text(FATIMA, "a reminder is on its way to 1 person below 60%")
        await client.until_text(GWEN, "Mae eich dyddiadur wedi bod yn dawel")
        await client.say(FATIMA, "/diary nudge 60")
        await client.until_text(FATIMA, "was reminded before and is not sent another")
        for person in (AMIRA, BEN):
            chat = (await client.chat(person))["chat"]["messages"]
            assert not any("has been quiet" in t for t in texts(chat))
        gwen = texts((await client.chat(GWEN))["chat"]["messages"])
        assert sum("Mae eich dyddiadur wedi bod yn dawel" in t for t in gwen) == 1
