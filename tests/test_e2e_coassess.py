"""Co-assessment end to end over the emulator: a check-in cycle closes and those who answered
hear "what we heard" in their own language (the count, the themes, a consented quote that is
never their own, the change recorded); someone at the weekly cap is recorded as left out; a
restart sends nothing twice; a suggested question is adopted and asked from the next cycle,
and its author is told."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from conversations.export.request import ExportRequest
from conversations.i18n.words import english
from conversations.report import render_html, render_markdown
from storage.database import Database
from storage.report import build_report
from tests import dbview
from tests.conftest import Resident, RunningBot, start_bot
from tests.test_e2e_checkins import MONDAYS, fire, received, set_clock, test_moment, tick
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_polls import appoint
from tests.test_e2e_welsh import WORDS, join_in, say

__all__ = ["test_moment"]  # the fixture that starts the bots' clock in March 2026

EN = english()
TITLE = {"en": "The Tuesday travel drop-in", "cy": "Sesiwn galw heibio teithio dydd Mawrth"}
A_SAID = "More seats on the evening bus please"
B_SAID = "Mwy o seddi ar y bws gyda'r nos os gwelwch yn dda"
C_SAID = "The evening bus is always late"
CHANGE = "Two more seats at the drop-in"
SUGGESTED = "Did the bus driver wait for you?"
B_ASKS = "Oedd y bws yn lân?"


def heard_in(person: Resident) -> list[str]:
    """The "what we heard" messages a resident was sent."""
    heads = (WORDS.render_plural(lang, "CHECKIN_HEARD", 3, title="")[:12] for lang in ("en", "cy"))
    starts = tuple(heads)
    return [t for t in (m.get("text") or "" for m in person.messages()) if t.startswith(starts)]


async def answer(person: Resident, lang: str, first: str, second: str, words: str) -> None:
    """Start the newest invitation and answer its two scales and its question in words."""
    await person.press(say(lang, "CHECKIN_START") if lang != "en" else EN.say("CHECKIN_START"))
    await person.press(first)
    await person.press(second)
    await person.send(words)


def outbox(bot: RunningBot, kind: str) -> list[tuple[str, str | None]]:
    return dbview.rows(
        bot.settings.database_target,
        "SELECT status, error FROM outbox WHERE kind = ? ORDER BY id",
        (kind,),
    )


async def test_what_we_heard_in_each_language_once_and_a_question_adopted(
    project_bot: RunningBot,
) -> None:
    bot = project_bot
    # A start-up catch-up on a Monday evening.
    dbview.run(bot.settings.database_target, "DELETE FROM checkin_cycles")
    facilitator = await appoint(bot)
    a = Resident(bot, 1701)
    await join_and_consent(a)
    b = await join_in(bot, 1702, "cy", "cy")  # agrees to be quoted, reads Welsh
    c = Resident(bot, 1703)
    await join_and_consent(c, quote=EN.say("QUOTE_NO"))

    assert await fire(bot, MONDAYS[0]) == 3
    for person in (a, c):
        await received(bot, person, "Check-in: The Tuesday travel drop-in")
    await answer(a, "en", "5", "4", A_SAID)
    await answer(b, "cy", "4", "3", B_SAID)
    await answer(c, "en", "2", "2", C_SAID)
    set_clock(bot, MONDAYS[0] + timedelta(hours=20))
    await facilitator.send(f"/checkin change {CHANGE}")
    # C has had this week's three messages: the invitation and two updates.
    target = bot.settings.database_target
    now = bot.services.clock.timestamp()
    pid = dbview.value(target, "SELECT id FROM participants ORDER BY id DESC LIMIT 1")
    for n in (1, 2):
        dbview.run(
            target,
            "INSERT INTO outbox (chat_id, participant_id, kind, method, params, dedupe_key,"
            " status, created_at) VALUES (1703, ?, 'update', 'sendMessage', '{}', ?,"
            " 'sent', ?)",
            (pid, f"test-update:{n}", now),
        )

    # The window closes: one tick tells A and B, in their languages; C is left out.
    await tick(bot, MONDAYS[0] + timedelta(hours=49))
    await received(bot, a, "What we heard")
    await bot.emulator.wait_for(lambda _: bool(heard_in(b)), timeout=10)
    [to_a], [to_b] = heard_in(a), heard_in(b)
    assert to_a.startswith(WORDS.render_plural("en", "CHECKIN_HEARD", 3, title=TITLE["en"]))
    assert to_b.startswith(WORDS.render_plural("cy", "CHECKIN_HEARD", 3, title=TITLE["cy"]))
    # The theme two English answers share, in the sentence of each reader's language.
    assert "evening bus" in to_a and say("cy", "CHECKIN_HEARD_THEMES", themes="")[:10] in to_b
    # A consented quote, never the reader's own words; C did not agree to be quoted.
    assert EN.say("CHECKIN_HEARD_QUOTE", quote=B_SAID) in to_a and A_SAID not in to_a
    assert say("cy", "CHECKIN_HEARD_QUOTE", quote=A_SAID) in to_b and B_SAID not in to_b
    assert C_SAID not in to_a + to_b
    assert EN.say("CHECKIN_HEARD_CHANGE", text=CHANGE) in to_a and CHANGE in to_b
    assert a.buttons() == [EN.say("CHECKIN_SUGGEST_BUTTON")]
    assert heard_in(c) == []
    assert outbox(bot, "checkin_heard").count(("skipped", "weekly cap")) == 1

    # Staff see the reach in /checkin results.
    await facilitator.send("/checkin results")
    results = facilitator.messages()[-1]["text"]
    assert EN.plural("CHECKIN_HEARD_REACH", 2) in results
    group = EN.say("LEFT_OUT_GROUPS.weekly cap")
    assert EN.say("CHECKIN_HEARD_LEFT_OUT", group=group, count=1) in results

    # Another tick, then a restart: nothing is queued twice.
    await tick(bot, MONDAYS[0] + timedelta(hours=50))
    await bot.shutdown()
    bot = await start_bot(bot.emulator, bot.settings)
    try:
        set_clock(bot, MONDAYS[0] + timedelta(hours=51))
        await bot.services.checkin_scheduler.tick()
        assert len(outbox(bot, "checkin_heard")) == 3
        a, b, facilitator = (Resident(bot, p.user_id) for p in (a, b, facilitator))
        assert len(heard_in(a)) == len(heard_in(b)) == 1

        # A suggests a question from the button; the facilitator adopts it.
        [asked] = Resident.texts(await a.press(EN.say("CHECKIN_SUGGEST_BUTTON")))
        assert asked == EN.say("SUGGEST_ASK", title=TITLE["en"])
        [too_long] = Resident.texts(await a.send("x" * 301))
        assert too_long == EN.say("SUGGEST_TOO_LONG", length=301)
        [thanks] = Resident.texts(await a.send(SUGGESTED))
        assert thanks == EN.say("SUGGEST_THANKS", title=TITLE["en"])
        [listing] = Resident.texts(await facilitator.send("/checkin suggestions"))
        assert f"“{SUGGESTED}”" in listing
        [adopted] = Resident.texts(await facilitator.press(EN.say("CHECKIN_ADOPT_BUTTON", n=1)))
        assert adopted == EN.say("CHECKIN_ADOPTED", title=TITLE["en"], text=SUGGESTED)
        await received(bot, a, EN.say("SUGGEST_ADOPTED", title=TITLE["en"], text=SUGGESTED))

        # The next cycle asks it, after the file's three questions.
        assert await fire(bot, MONDAYS[1]) == 3
        await received(bot, a, "Check-in: The Tuesday travel drop-in", count=2)
        await a.press(EN.say("CHECKIN_START"))
        await a.press("4")
        await a.press("4")
        [fourth] = Resident.texts(await a.send("Nothing to add"))
        assert fourth == SUGGESTED
        assert Resident.texts(await a.send("Yes, he did")) == [EN.say("CHECKIN_THANKS")]

        # Two more suggestions wait: B agreed to be quoted, C did not.
        await b.send(f"/suggest {B_ASKS}")
        await Resident(bot, 1703).send("/suggest Was it warm inside?")

        # The summary report's check-in section, in English and in Welsh, both formats.
        project = bot.services.projects.get("northfield")
        assert project is not None
        db = await Database.open(bot.settings.database_target)
        try:
            for lang in ("en", "cy"):
                request = ExportRequest(project, (), "md", language=lang)
                report = await build_report(db, request)
                words = report.words
                group = words.say("LEFT_OUT_GROUPS.weekly cap")
                expected = [
                    words.say("REPORT_COASSESS_HEAD"),
                    words.plural("REPORT_HEARD", 2),
                    words.say("CHECKIN_HEARD_LEFT_OUT", group=group, count=1),
                    words.plural("REPORT_SUGGESTIONS_UNQUOTED", 1),
                    words.say("REPORT_ADOPTED_HEAD"),
                    B_ASKS,
                    SUGGESTED,
                ]
                for page in (render_markdown(report), html.unescape(render_html(report))):
                    flat = " ".join(re.sub(r"<[^>]+>", " ", page).split())
                    assert all(" ".join(e.split()) in flat for e in expected), lang
                    assert "warm inside" not in flat
        finally:
            await db.close()

        # /mydata lists the suggestion, adopted.
        document, *_ = await a.send("/mydata")
        text = bot.emulator.files[document["document"]["file_id"]].decode()
        assert EN.say("MYDATA_CHECKIN_SUGGESTION_ADOPTED", checkin="dropin") in text
        assert SUGGESTED in text

        # Four questions now; B's makes five, the most a check-in asks: C's is refused.
        await facilitator.send("/checkin suggestions")
        [added] = Resident.texts(await facilitator.press(EN.say("CHECKIN_ADOPT_BUTTON", n=1)))
        assert added == EN.say("CHECKIN_ADOPTED", title=TITLE["en"], text=B_ASKS)
        [listing] = Resident.texts(await facilitator.send("/checkin suggestions"))
        assert "warm inside" in listing and B_ASKS not in listing
        [full] = Resident.texts(await facilitator.press(EN.say("CHECKIN_ADOPT_BUTTON", n=1)))
        assert full == EN.say("CHECKIN_ADOPT_FULL", title=TITLE["en"], count=5)
    finally:
        await bot.shutdown()
