"""/newcheckin end to end over the emulator: a facilitator builds a check-in in chat (a
restart in the middle loses nothing), previews and saves it; fired on a fake clock it
invites its cohort, whose answers are recorded; residents are refused the command."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations import catalogue
from conversations.checkins import draft as words
from conversations.i18n.words import english
from storage.checkin_defs import CheckInDefinitionsRepository
from storage.database import Database
from tests.conftest import Resident, RunningBot, start_bot
from tests.test_e2e_checkins import received, set_clock, test_moment  # noqa: F401 (March)
from tests.test_e2e_dialogue import join_and_consent
from tests.test_e2e_polls import FACILITATOR, appoint, pseudonym, query

SAY = english().say
EN = english()

LONDON = ZoneInfo("Europe/London")
TITLE = "The community café"
TITLE_CY = "Y caffi cymunedol"
TITLE_AR = "المقهى المجتمعي"


async def add_question(facilitator: Resident, function: str, kind: str, text: str) -> str:
    """Answer the three steps of one question; return what the bot says next."""
    await facilitator.press(EN.say(f"CHECKIN_FUNCTION_LABELS.{function}"))
    [ask] = Resident.texts(await facilitator.press(kind))
    assert ask == EN.say("CHECKIN_ASK_TEXT", n=ask.split()[2].rstrip(","))
    return Resident.texts(await facilitator.send(text))[-1]


async def test_build_restart_save_fire_and_answer(
    emulator: BotApiEmulator, project_settings: Settings
) -> None:
    bot = await start_bot(emulator, project_settings)
    try:
        facilitator = await appoint(bot)
        a, b, c = (Resident(bot, n) for n in (1601, 1602, 1603))
        for person in (a, b, c):
            await join_and_consent(person)
        for person in (a, b):
            await facilitator.send(f"/tag {pseudonym(bot, person.user_id)} carers")

        # Residents cannot build check-ins.
        assert Resident.texts(await c.send("/newcheckin")) == [
            catalogue.NOT_ALLOWED["facilitator"].format(command="/newcheckin")
        ]

        assert Resident.texts(await facilitator.send("/newcheckin")) == [
            EN.say("CHECKIN_ASK_TITLE")
        ]
        # The model's limit, in plain words, and the title asked again.
        [problem] = Resident.texts(await facilitator.send("x" * 81))
        assert problem.startswith("That doesn't work: the title: string should have at most 80")
        assert Resident.texts(await facilitator.send(TITLE)) == [EN.say("CHECKIN_ASK_DAY")]
        assert Resident.texts(await facilitator.press("Wednesday")) == [EN.say("CHECKIN_ASK_TIME")]
        # Quiet hours are 21:00-08:00: every time offered is outside them.
        assert facilitator.buttons() == [
            "09:00",
            "11:00",
            "13:00",
            "16:00",
            "18:00",
            "20:00",
            EN.say("CHECKIN_CANCEL"),
        ]
        assert Resident.texts(await facilitator.press("11:00")) == [EN.say("CHECKIN_ASK_WEEKS")]
        assert Resident.texts(await facilitator.press(EN.say("CHECKIN_FORTNIGHTLY"))) == [
            EN.say("CHECKIN_ASK_TARGET")
        ]
        offered = facilitator.buttons()
        assert offered[0] == "Everyone (3)" and "Tagged carers (2)" in offered
    finally:
        await bot.shutdown()

    # A restart mid-flow: the facilitator carries on where they were.
    bot = await start_bot(emulator, project_settings)
    try:
        facilitator, a, b, c = (Resident(bot, n) for n in (FACILITATOR, 1601, 1602, 1603))
        [ask] = Resident.texts(await facilitator.press("Tagged carers (2)"))
        assert ask == EN.say("CHECKIN_ASK_FUNCTION", n=1)
        more = await add_question(
            facilitator, "impact", EN.say("CHECKIN_SCALE"), "Is the café making your week easier?"
        )
        assert more == EN.say("CHECKIN_ASK_MORE", count=1, high=words.MAX_QUESTIONS)
        await facilitator.press(EN.say("CHECKIN_ADD_ANOTHER"))
        await add_question(
            facilitator, "improvement", EN.say("CHECKIN_FREE_TEXT"), "What should we change?"
        )
        # The project runs in Welsh too: the title and each question in Welsh, in turn.
        assert Resident.texts(await facilitator.press(EN.say("CHECKIN_DONE"))) == [
            EN.say("CHECKIN_ASK_TITLE_IN", language="Welsh")
        ]
        assert Resident.texts(await facilitator.send(TITLE_CY)) == [
            EN.say(
                "CHECKIN_ASK_TEXT_IN",
                n=1,
                language="Welsh",
                text="Is the café making your week easier?",
            )
        ]
        await facilitator.send("Ydy'r caffi'n gwneud eich wythnos yn haws?")
        # ... then in Arabic, the example's third language.
        assert Resident.texts(await facilitator.send("Beth ddylem ni ei newid?")) == [
            EN.say("CHECKIN_ASK_TITLE_IN", language="Arabic")
        ]
        await facilitator.send(TITLE_AR)
        await facilitator.send("هل يجعل المقهى أسبوعكم أسهل؟")
        [preview] = Resident.texts(await facilitator.send("ما الذي ينبغي أن نغيّره؟"))
        assert f"“{TITLE}”" in preview and "Welsh" not in preview and "Arabic" not in preview
        assert "Every 2 weeks, Wednesday at 11:00" in preview
        assert "Asked: Tagged carers (2 now)" in preview
        assert "1. [impact, Scale 1-5] Is the café making your week easier?" in preview
        assert "2. [improvement, Free text] What should we change?" in preview
        assert facilitator.buttons() == [EN.say("CHECKIN_SAVE"), EN.say("CHECKIN_CANCEL")]
        [saved] = Resident.texts(await facilitator.press(EN.say("CHECKIN_SAVE")))
        assert saved.startswith("Saved as check-in c1.")
        assert query(bot, "SELECT COUNT(*) FROM checkin_drafts") == [(0,)]

        # Fired by the scheduler on a fake clock: the two carers are invited.
        scheduler = bot.services.checkin_scheduler
        project = bot.services.projects.get("northfield")
        assert project is not None
        definition = scheduler.definition(project, "c1")
        assert definition is not None and definition.every_weeks == 2
        # Stored in both languages, and read back so after a restart.
        assert definition.title.in_("cy") == TITLE_CY and definition.title.in_("en") == TITLE
        assert definition.questions[1].text.in_("cy") == "Beth ddylem ni ei newid?"
        assert definition.title.in_("ar") == TITLE_AR
        wednesdays = [datetime(2026, 3, d, 11, 0, tzinfo=LONDON) for d in (4, 11)]
        due = next(w for w in wednesdays if definition.is_due(w.date()))
        assert await scheduler.fire("northfield", "c1", due - timedelta(days=7)) == 0
        set_clock(bot, due)
        assert await scheduler.fire("northfield", "c1", due) == 2
        for person in (a, b):
            await received(bot, person, f"Check-in: {TITLE}")
        assert not any(TITLE in (m.get("text") or "") for m in c.messages())

        [q1] = Resident.texts(await a.press(SAY("CHECKIN_START")))
        assert q1.startswith("Is the café making your week easier?")
        [q2] = Resident.texts(await a.press("4"))
        assert q2 == "What should we change?"
        thanks = Resident.texts(await a.send("Longer opening hours"))[:1]
        assert thanks == [catalogue.CHECKIN_THANKS]
        assert query(
            bot,
            "SELECT a.question_id, a.kind, a.score, a.value FROM checkin_answers a"
            " JOIN checkin_responses r ON r.id = a.response_id"
            " JOIN checkin_cycles y ON y.id = r.cycle_id"
            " WHERE y.checkin_id = 'c1' ORDER BY a.question_id",
        ) == [("q1", "scale", 4, None), ("q2", "text", None, "Longer opening hours")]
    finally:
        await bot.shutdown()

    # Saved check-ins are scheduled again at every start.
    bot = await start_bot(emulator, project_settings)
    try:
        ids = [c.id for _, c in bot.services.checkin_scheduler.definitions()]
        assert ids == ["dropin", "c1"]
    finally:
        await bot.shutdown()


async def test_cancel_and_stale_buttons(project_bot: RunningBot) -> None:
    facilitator = await appoint(project_bot)
    await facilitator.send("/newcheckin")
    await facilitator.send("Weekly garden club")
    assert Resident.texts(await facilitator.send("hello")) == [EN.say("CHECKIN_USE_BUTTONS")]
    assert Resident.texts(await facilitator.press(EN.say("CHECKIN_CANCEL"))) == [
        EN.say("CHECKIN_CANCELLED")
    ]
    await facilitator.press_data("ckb:day:mon")
    assert facilitator.last_button_answer() == EN.say("CHECKIN_DRAFT_GONE")
    assert query(project_bot, "SELECT COUNT(*) FROM checkin_definitions") == [(0,)]


async def test_chat_built_ids_never_take_a_project_files_id(db: Database) -> None:
    repo = CheckInDefinitionsRepository(db)
    assert await repo.next_id("northfield", {"dropin"}) == "c1"
    assert await repo.next_id("northfield", {"dropin", "c1", "c2"}) == "c3"
