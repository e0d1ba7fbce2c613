"""The sandbox without a browser: its JSON API over the real bot, and how the CLI starts it."""

from __future__ import annotations

import asyncio
import struct
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.config import load_settings
from bot.emulator.state import Upload
from bot.sandbox import DEFAULT_CAST, Role, Sandbox, SandboxOptions, run_sandbox
from conversations import catalogue
from conversations.i18n import Catalogues
from conversations.i18n.words import english

EN = english()

ROOT = Path(__file__).resolve().parent.parent
AMIRA, BEN = DEFAULT_CAST[0].user_id, DEFAULT_CAST[1].user_id
GWEN = next(p.user_id for p in DEFAULT_CAST if p.language == "cy")
YUSUF = next(p.user_id for p in DEFAULT_CAST if p.language == "ar")
FATIMA = next(p.user_id for p in DEFAULT_CAST if p.role is Role.FACILITATOR)
WORDS = Catalogues.load()
COLIN = next(p.user_id for p in DEFAULT_CAST if p.role is Role.COORDINATOR)


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A real (grey) PNG, as a chart the bot uploads would be."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = tiny_png()
Chat = list[dict[str, Any]]


@asynccontextmanager
async def running_sandbox(tmp_path: Path, appoint: bool = True) -> AsyncIterator[Sandbox]:
    """The sandbox on a free port with the example project, stopped afterwards.

    Its clock starts at TEST_MOMENT (CLOCK_START, set for every test in conftest), Friday
    14:00 in London, so what it does never depends on the time of day the tests run.
    """
    base = load_settings(
        env_file=None,
        projects_dir=ROOT / "projects",
        database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )
    options = SandboxOptions(port=0, database=tmp_path / "sandbox.sqlite3", appoint=appoint)
    stop, ready = asyncio.Event(), asyncio.Event()
    started: list[Sandbox] = []

    def on_ready(sandbox: Sandbox) -> None:
        started.append(sandbox)
        ready.set()

    task = asyncio.create_task(run_sandbox(base, options, stop=stop, on_ready=on_ready))
    waiting = asyncio.create_task(ready.wait())
    await asyncio.wait({task, waiting}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
    waiting.cancel()
    if task.done():
        task.result()
    assert started, "the sandbox did not start within 30 s"
    try:
        yield started[0]
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


class Page:
    """What the page does, through the same JSON API."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url

    async def get(self, path: str) -> Any:
        async with self.session.get(self.url + path) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def post(self, path: str, body: dict[str, Any], status: int = 200) -> Any:
        async with self.session.post(self.url + path, json=body) as response:
            assert response.status == status, await response.text()
            return await response.json()

    async def chat(self, person: int, seen: bool = False) -> dict[str, Any]:
        return dict(await self.get(f"/api/poll/{person}?seen={int(seen)}"))

    async def until(self, person: int, check: Callable[[Chat], bool], timeout: float = 10) -> Chat:
        """Poll as the page does until the person's chat passes `check`."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            messages: Chat = (await self.chat(person))["chat"]["messages"]
            if check(messages):
                return messages
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"chat never passed the check: {texts(messages)[-4:]}")
            await asyncio.sleep(0.05)

    async def until_text(self, person: int, words: str) -> Chat:
        return await self.until(person, lambda chat: any(words in t for t in texts(chat)))

    async def press(self, person: int, label: str) -> None:
        """Tap the newest button with this label, once it is there."""

        def labelled(chat: Chat) -> list[tuple[int, str]]:
            return [
                (message["id"], button["data"])
                for message in chat
                for row in message["buttons"]
                for button in row
                if button["text"] == label
            ]

        message_id, data = labelled(await self.until(person, lambda chat: bool(labelled(chat))))[-1]
        await self.post(f"/api/people/{person}/press", {"message_id": message_id, "data": data})

    async def say(self, person: int, text: str) -> None:
        await self.post(f"/api/people/{person}/text", {"text": text})


def texts(chat: Chat) -> list[str]:
    return [str(message["text"]) for message in chat]


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[tuple[Page, Sandbox]]:
    async with running_sandbox(tmp_path) as sandbox, aiohttp.ClientSession() as session:
        yield Page(session, sandbox.url), sandbox


async def join(page: Page, person: int) -> None:
    """Open the invite link, agree, and allow quoting."""
    await page.say(person, "/start NORTHFIELD")
    await page.until_text(person, catalogue.CONSENT_QUESTION)
    await page.press(person, catalogue.CONSENT_YES)
    await page.press(person, catalogue.QUOTE_YES)


async def test_people_roles_and_the_appointed_facilitator(page: tuple[Page, Sandbox]) -> None:
    client, sandbox = page
    info = await client.get("/api/info")
    assert [(p["name"], p["role"], p["language"]) for p in info["people"]] == [
        ("Amira", "resident", "en"),
        ("Ben", "resident", "en"),
        ("Chloe", "resident", "en"),
        ("Gwen", "resident", "cy"),
        ("Yusuf", "resident", "ar"),
        ("Fatima", "facilitator", "en"),
        ("Colin", "coordinator", "en"),
    ]
    [project] = info["projects"]
    assert project["link"] == f"https://t.me/{info['bot']['username']}?start=NORTHFIELD"
    assert COLIN in sandbox.settings.coordinator_ids
    assert any(c["command"] == "mydata" for c in info["commands"])
    # Each phone's menu is the one published in its app's language.
    menus = {
        int(key): {c["command"]: c["description"] for c in m} for key, m in info["menus"].items()
    }
    assert menus[AMIRA]["mydata"] == dict(catalogue.COMMANDS)["mydata"]
    assert menus[GWEN]["mydata"] == WORDS.render("cy", "COMMANDS.mydata")
    assert menus[YUSUF]["mydata"] == WORDS.render("ar", "COMMANDS.mydata") != menus[AMIRA]["mydata"]
    colin = await client.chat(COLIN)
    assert texts(colin["chat"]["messages"])[0] == "/facilitator northfield"
    assert "?start=staff_" in texts(colin["chat"]["messages"])[1]
    fatima = await client.until_text(FATIMA, "You're now a facilitator")
    assert fatima[0]["mine"] and fatima[0]["text"].startswith("/start staff_")
    assert [p["unread"] for p in colin["people"]] == [0] * len(DEFAULT_CAST)


async def test_gwen_whose_app_is_in_welsh_joins_in_welsh(page: tuple[Page, Sandbox]) -> None:
    # Gwen's Telegram app is set to Welsh (cy); the example project lists Welsh, so from the
    # invite on Tandem speaks Welsh to her: its own words and the project's.
    client, _ = page

    def cy(key: str, **args: object) -> str:
        welsh = WORDS.render("cy", key, **args)
        assert welsh != WORDS.render("en", key, **args), key  # not passing on English
        return welsh

    title = "Mynd o gwmpas yn Northfield"
    await client.say(GWEN, "/start NORTHFIELD")
    chat = await client.until_text(GWEN, cy("CONSENT_QUESTION"))
    assert texts(chat)[0] == "/start NORTHFIELD"
    assert texts(chat)[1].startswith(f"{title}\n\n")
    assert "Mae Cyngor Northfield eisiau deall" in texts(chat)[1]
    assert [b["text"] for row in chat[-1]["buttons"] for b in row] == [
        cy("CONSENT_YES"),
        cy("CONSENT_MORE"),
        cy("CONSENT_LATER"),
    ]
    await client.press(GWEN, cy("CONSENT_YES"))
    chat = await client.until_text(GWEN, cy("QUOTE_QUESTION"))
    # The thanks for joining, then the offer of another language, both in Welsh.
    offer = cy("LANGUAGE_OFFER", language="Cymraeg")
    thanks = next(m for m in chat if m["text"].endswith(f"\n\n{offer}"))
    assert thanks["text"].startswith(cy("CONSENT_THANKS", title="").split("“")[0])
    assert [b["text"] for row in thanks["buttons"] for b in row] == [
        "English",
        "Cymraeg",
        "العربية",
    ]
    await client.press(GWEN, cy("QUOTE_YES"))
    await client.until_text(GWEN, "Pe bai un peth yn gallu bod yn wahanol")
    await client.say(GWEN, "Mwy o fysiau gyda'r nos")
    chat = await client.until_text(GWEN, "Pam mae hynny'n bwysig i chi?")
    assert texts(chat)[-5:] == [
        cy("QUOTE_NOTED_YES"),
        "Diolch am ymuno. Hoffwn i glywed am eich bywyd a'ch ardal, yn eich geiriau eich hun."
        " Does dim atebion cywir nac anghywir. Gallwch chi hepgor unrhyw gwestiwn gyda /skip,"
        " neu fynd yn ôl gyda /back.",
        "Pe bai un peth yn gallu bod yn wahanol yn eich bywyd neu yn eich cymdogaeth, beth"
        " hoffech chi iddo fod fwyaf? Gallwch chi ei ysgrifennu neu anfon neges llais.",
        "Mwy o fysiau gyda'r nos",
        "Pam mae hynny'n bwysig i chi?",
    ]


async def test_text_button_and_unread_counts(page: tuple[Page, Sandbox]) -> None:
    client, _ = page
    await client.say(AMIRA, "/start NORTHFIELD")
    chat = await client.until_text(AMIRA, catalogue.CONSENT_QUESTION)
    assert chat[0] == {**chat[0], "mine": True, "text": "/start NORTHFIELD"}
    assert chat[1]["text"].startswith("Getting about in Northfield")
    assert next(b["text"] for row in chat[-1]["buttons"] for b in row) == catalogue.CONSENT_YES
    people = {p["name"]: p for p in (await client.chat(BEN))["people"]}
    assert people["Amira"]["unread"] == 2 and people["Ben"]["unread"] == 0
    assert people["Amira"]["preview"] == catalogue.CONSENT_QUESTION
    await client.chat(AMIRA, seen=True)
    assert (await client.chat(BEN))["people"][0]["unread"] == 0
    await client.press(AMIRA, catalogue.CONSENT_YES)
    await client.until_text(AMIRA, "Thank you for joining")
    await client.post(f"/api/people/{AMIRA}/text", {"text": "  "}, status=400)
    await client.post("/api/people/42/text", {"text": "hello"}, status=404)


async def test_votes_show_as_telegram_shows_them(page: tuple[Page, Sandbox]) -> None:
    client, sandbox = page
    # The bot's side of a poll, sent straight through the emulator's sendPoll.
    sent = sandbox.emulator.api.send_poll(
        {"chat_id": BEN, "question": "Which bench?", "options": ["Wood", "Metal"]}
        | {"is_anonymous": False}
    )
    [poll] = [m["poll"] for m in await client.until_text(BEN, "") if "poll" in m]
    assert poll["mine"] == [] and poll["total"] == 0 and poll["id"] == sent["poll"]["id"]
    await client.post(f"/api/people/{BEN}/vote", {"poll_id": poll["id"], "options": [1]})
    [poll] = [m["poll"] for m in (await client.chat(BEN))["chat"]["messages"] if "poll" in m]
    assert poll["mine"] == [1] and poll["total"] == 1
    assert [o["percent"] for o in poll["options"]] == [0, 100]
    await client.post(f"/api/people/{BEN}/vote", {"poll_id": poll["id"], "options": []})
    refused = await client.post(
        f"/api/people/{BEN}/vote", {"poll_id": "nope", "options": [0]}, status=400
    )
    assert "no poll" in refused["error"]


async def test_files_voice_and_photo(page: tuple[Page, Sandbox]) -> None:
    client, sandbox = page
    await join(client, AMIRA)
    await client.say(AMIRA, "/mydata")
    chat = await client.until(AMIRA, lambda chat: any("document" in m for m in chat))
    document = next(m["document"] for m in chat if "document" in m)
    async with client.session.get(client.url + document["url"]) as response:
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert "Getting about in Northfield" in await response.text()
    # A chart as the bot uploads one (sendPhoto with a PNG file).
    sandbox.emulator.api.send_photo({"chat_id": AMIRA, "photo": Upload("c.png", "image/png", PNG)})
    chat = await client.until(AMIRA, lambda chat: "photo" in chat[-1])
    async with client.session.get(client.url + chat[-1]["photo"]["url"]) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert await response.read() == PNG
    async with client.session.get(client.url + "/api/files/missing") as response:
        assert response.status == 404
    await client.post(f"/api/people/{AMIRA}/voice", {})
    await client.post(f"/api/people/{AMIRA}/photo", {"caption": "the broken ramp"})
    chat = await client.until(AMIRA, lambda chat: chat[-1].get("text") == "the broken ramp")
    assert chat[-1]["photo"]["sample"] and any("voice" in m for m in chat)


async def test_a_time_jump_brings_the_diary_prompt(page: tuple[Page, Sandbox]) -> None:
    client, _ = page
    nothing = await client.post("/api/clock", {"to": "next_prompt"})
    assert nothing["jump"] is None and nothing["clock"]["offset"] == 0
    await join(client, AMIRA)
    await client.say(AMIRA, "/diary")
    await client.until_text(AMIRA, "Your diary for")
    jumped = await client.post("/api/clock", {"to": "next_prompt"})
    assert jumped["jump"]["prompts"] == 1 and jumped["clock"]["offset"] > 0
    assert jumped["clock"]["now"].endswith("+00:00")
    chat = await client.until_text(AMIRA, "Time for your diary")
    assert [b["text"] for row in chat[-1]["buttons"] for b in row] == [
        "Log an entry",
        "Nothing today",
    ]
    later = await client.post("/api/clock", {"to": "hour"})
    assert later["clock"]["timestamp"] >= jumped["clock"]["timestamp"] + 3600
    # A day later: the reminder at 20:30 went out on the way, and the next day's prompt
    # too: diary prompts the resident chose never meet the project's weekly cap of 2.
    day = await client.post("/api/clock", {"to": "day"})
    assert (day["jump"]["nudges"], day["jump"]["prompts"], day["jump"]["moments"]) == (1, 1, 2)
    await client.until_text(AMIRA, "gentle reminder")
    await client.post("/api/clock", {"to": "week"}, status=400)


async def test_eight_day_jumps_fire_the_weekly_check_in_its_reminder_and_closing(
    page: tuple[Page, Sandbox],
) -> None:
    # The sandbox starts on Friday 14:00 (TEST_MOMENT); the example check-in is Mondays
    # 18:00, reminds after 24 hours and closes after 48.
    client, sandbox = page
    await join(client, AMIRA)
    jumps = [(await client.post("/api/clock", {"to": "day"}))["jump"] for _ in range(8)]
    assert [j["checkins"] for j in jumps] == [0, 0, 0, 1, 0, 0, 0, 0]
    await client.until_text(AMIRA, "Check-in: The Tuesday travel drop-in")
    await client.until_text(AMIRA, "A reminder: the check-in “The Tuesday travel drop-in”")
    [cycle] = await sandbox.services.checkins.results("northfield", "dropin")
    assert cycle.closed and cycle.local_date.isoformat() == "2026-12-07"
    assert await sandbox.services.checkins.open_cycles() == []


async def test_a_day_jump_closes_a_poll_at_its_time(page: tuple[Page, Sandbox]) -> None:

    client, _ = page
    await join(client, AMIRA)
    await client.say(FATIMA, "/newpoll")
    await client.until_text(FATIMA, "Let's build a poll")
    await client.say(FATIMA, "Which bench?")
    await client.until_text(FATIMA, "Now the options")
    for count, option in enumerate(("Wood", "Metal"), start=1):
        await client.say(FATIMA, option)
        await client.until_text(FATIMA, f"Got it ({count} of")
    await client.say(FATIMA, "done")
    await client.press(FATIMA, EN.say("POLL_ONE_ANSWER"))
    chat = await client.until_text(FATIMA, EN.say("POLL_ASK_TARGET"))
    everyone = next(b["text"] for row in chat[-1]["buttons"] for b in row)
    assert everyone.startswith("Everyone")
    await client.press(FATIMA, everyone)
    await client.press(FATIMA, EN.say("POLL_WHY_NONE"))
    await client.press(FATIMA, EN.say("POLL_CLOSE_1D"))
    # The example also runs in Welsh and Arabic: skipped, the preview names them as missing.
    for language in ("Welsh", "Arabic"):
        await client.until(
            FATIMA,
            lambda chat, lang=language: any(
                b["text"] == EN.say("LANGUAGE_SKIP", language=lang)
                for row in chat[-1]["buttons"]
                for b in row
            ),
        )
        await client.press(FATIMA, EN.say("LANGUAGE_SKIP", language=language))
    await client.until_text(
        FATIMA, EN.say("LANGUAGE_MISSING", language="Arabic", default="English")
    )
    await client.press(FATIMA, EN.say("POLL_SEND"))
    await client.until(AMIRA, lambda chat: "poll" in chat[-1])
    hour = await client.post("/api/clock", {"to": "hour"})
    assert hour["jump"]["polls_closed"] == 0
    day = await client.post("/api/clock", {"to": "day"})
    assert day["jump"]["polls_closed"] == 1
    await client.until_text(FATIMA, EN.say("POLL_CLOSED_BY_TIME", question="Which bench?"))
