"""Prototype polls end to end over the emulator: build, preview, send, vote, why, results, close."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations import catalogue
from conversations.i18n.words import english
from conversations.polls import texts
from tests import dbview
from tests.conftest import (
    COORDINATOR,
    ROOT,
    TEST_MOMENT,
    Resident,
    RunningBot,
    start_bot,
    with_example_pictures,
)
from tests.test_e2e_dialogue import SCRIPT, join_and_consent

SAY = english().say
EN = english()

FACILITATOR = 3001


def write_project(folder: Path, *, quiet_now: bool = False, cap: int = 5) -> None:
    """The example project, without its diary, with quiet hours well away from the test's
    start (or around it): bots in tests start their clock at TEST_MOMENT."""
    data = yaml.safe_load((ROOT / "projects" / "example.yaml").read_text(encoding="utf-8"))
    data.pop("diary")
    now = TEST_MOMENT.astimezone(ZoneInfo(data["timezone"]))
    start, end = (now - timedelta(hours=1), now + timedelta(hours=1))
    if not quiet_now:
        start, end = now + timedelta(hours=3), now + timedelta(hours=4)
    data["quiet_hours"] = f"{start:%H:%M}-{end:%H:%M}"
    data["max_messages_per_week"] = cap
    folder.mkdir(parents=True, exist_ok=True)
    with_example_pictures(folder)
    (folder / "northfield.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def poll_settings(settings: Settings, folder: Path, **overrides: Any) -> Settings:
    """Settings with the test project and one coordinator."""
    return settings.model_copy(
        update={"projects_dir": folder, "coordinator_ids": frozenset({COORDINATOR}), **overrides}
    )


@pytest.fixture
async def poll_bot(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """Tandem with the test project loaded."""
    write_project(tmp_path / "polls")
    running = await start_bot(emulator, poll_settings(settings, tmp_path / "polls"))
    yield running
    if not running.task.done():
        await running.shutdown()


def query(bot: RunningBot, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return dbview.rows(bot.settings.database_target, sql, params)


def pseudonym(bot: RunningBot, telegram_id: int) -> str:
    [(name,)] = query(
        bot,
        "SELECT q.pseudonym FROM participants q JOIN people p ON p.id = q.person_id"
        " WHERE p.telegram_id = ?",
        telegram_id,
    )
    return str(name)


async def appoint(bot: RunningBot, telegram_id: int = FACILITATOR) -> Resident:
    """A facilitator of northfield, through the coordinator's one-time link."""
    coordinator = Resident(bot, COORDINATOR)
    [link] = Resident.texts(await coordinator.send("/facilitator northfield"))
    facilitator = Resident(bot, telegram_id)
    await facilitator.send(f"/start {link.split('start=')[1]}")
    return facilitator


async def received_poll(person: Resident, version: int = 1, timeout: float = 10) -> dict[str, Any]:
    """The ``version``-th poll the person received, once it arrives."""

    def polls() -> list[dict[str, Any]]:
        return [m["poll"] for m in person.messages() if "poll" in m]

    await person.emulator.wait_for(lambda e: len(polls()) >= version, timeout=timeout)
    return polls()[version - 1]


async def vote(person: Resident, poll: dict[str, Any], options: list[int]) -> None:
    """Vote (an empty list retracts) and wait until the bot has handled it."""
    from tests.conftest import wait_handled

    update = person.emulator.inject_poll_answer(person.user_id, poll["id"], options)
    await wait_handled(person.bot.settings.database_target, update["update_id"])


async def wait_text(person: Resident, text: str, timeout: float = 10) -> None:
    """Wait until the person has been sent this text (through the outbox)."""
    await person.emulator.wait_for(
        lambda e: text in Resident.texts(person.messages()), timeout=timeout
    )


async def build_poll(
    facilitator: Resident, question: str, options: list[str], target: str, *, why: bool = True
) -> list[str]:
    """Walk /newpoll to the preview and return its text."""
    assert Resident.texts(await facilitator.send("/newpoll"))[0].startswith("Let's build a poll")
    [asked_options] = Resident.texts(await facilitator.send(question))
    assert asked_options.startswith("Now the options")
    for option in options:
        assert Resident.texts(await facilitator.send(option))[0].startswith("Got it")
    assert Resident.texts(await facilitator.send("done")) == [EN.say("POLL_ASK_MULTIPLE")]
    assert Resident.texts(await facilitator.press(EN.say("POLL_ONE_ANSWER"))) == [
        EN.say("POLL_ASK_TARGET")
    ]
    await facilitator.press(next(b for b in facilitator.buttons() if b.startswith(target)))
    choice = (
        EN.say("POLL_WHY_USE_DEFAULT", why=EN.say("POLL_WHY_DEFAULT"))
        if why
        else EN.say("POLL_WHY_NONE")
    )
    assert Resident.texts(await facilitator.press(choice)) == [EN.say("POLL_ASK_CLOSING")]
    asked = Resident.texts(await facilitator.press(EN.say("POLL_CLOSE_1D")))
    return await skip_welsh(facilitator, asked)


# The example's further languages (after English), asked for in turn by the builders.
FURTHER = ("Welsh", "Arabic")


async def skip_welsh(facilitator: Resident, asked: list[str]) -> list[str]:
    """The example runs in English, Welsh and Arabic: after the closing time, the question is
    asked in each further language in turn; skipped, the preview names each as missing and
    offers to add it."""
    for language in FURTHER:
        assert asked == [EN.say("POLL_ASK_QUESTION_IN", language=language, limit=300)]
        skip = EN.say("LANGUAGE_SKIP", language=language)
        assert facilitator.buttons() == [skip, EN.say("POLL_CANCEL")]
        asked = Resident.texts(await facilitator.press(skip))
    [preview] = asked
    missing = [EN.say("LANGUAGE_MISSING", language=name, default="English") for name in FURTHER]
    assert preview.endswith("\n\n".join(missing))
    assert facilitator.buttons() == [
        EN.say("POLL_SEND"),
        *(EN.say("LANGUAGE_ADD", language=name) for name in FURTHER),
        EN.say("POLL_CANCEL"),
    ]
    return [preview]


async def wait_progress_done(facilitator: Resident, timeout: float = 20) -> str:
    """The progress message once its final edit says Done."""

    def final() -> str | None:
        done = [t for t in Resident.texts(facilitator.messages()) if t.startswith("Done.")]
        return done[-1] if done else None

    await facilitator.emulator.wait_for(lambda e: final() is not None, timeout=timeout)
    return final() or ""


async def test_residents_are_refused_the_poll_commands(poll_bot: RunningBot) -> None:
    person = Resident(poll_bot, 2099)
    await join_and_consent(person)
    for command in ("newpoll", "results", "closepoll", "tag P-7F3K carers", "cohorts"):
        name = command.split()[0]
        assert Resident.texts(await person.send(f"/{command}")) == [
            catalogue.NOT_ALLOWED["facilitator"].format(command=f"/{name}")
        ]
    assert query(poll_bot, "SELECT COUNT(*) FROM poll_drafts") == [(0,)]


async def test_a_poll_to_a_cohort_with_votes_why_results_and_closing(
    poll_bot: RunningBot,
) -> None:
    carers = [Resident(poll_bot, n) for n in (2001, 2002, 2003)]
    outsider = Resident(poll_bot, 2004)
    for person in [*carers, outsider]:
        await join_and_consent(person)
    facilitator = await appoint(poll_bot)
    for person in carers:
        name = pseudonym(poll_bot, person.user_id)
        assert Resident.texts(await facilitator.send(f"/tag {name} carers")) == [
            EN.say("TAG_TAGGED", pseudonym=name, tag="carers")
        ]
    [listed] = Resident.texts(await facilitator.send("/cohorts"))
    assert "all – Everyone: 4" in listed and "tag:carers – Tagged carers: 3" in listed

    [preview] = await build_poll(
        facilitator, "Which bench design?", ["Wood", "Metal", "Stone"], "Tagged carers (3)"
    )
    assert "1. Wood\n2. Metal\n3. Stone" in preview and "Tagged carers (3 people now)" in preview
    assert query(poll_bot, "SELECT COUNT(*) FROM outbox WHERE kind = 'poll'") == [(0,)]
    await facilitator.press(EN.say("POLL_SEND"))
    polls = [await received_poll(person) for person in carers]
    assert all(p["question"] == "Which bench design?" and not p["is_anonymous"] for p in polls)
    assert [o["text"] for o in polls[0]["options"]] == ["Wood", "Metal", "Stone"]
    assert not any("poll" in m for m in outsider.messages())
    assert (await wait_progress_done(facilitator)).startswith("Done. Sent 3 · failed 0")

    first, second, third = carers
    await vote(first, polls[0], [0])
    await wait_text(first, SAY("POLL_FOLLOWUP_ASK", why=texts.WHY_DEFAULT))
    # The "why?" interrupted the dialogue: its question comes back after the thanks.
    assert Resident.texts(await first.send("Warmer to sit on")) == [
        SAY("POLL_FOLLOWUP_THANKS"),
        catalogue.BACK_TO_CONVERSATION,
        SCRIPT.step("outcome").text,
    ]
    await vote(second, polls[1], [1])
    await vote(second, polls[1], [2])  # changed their mind
    await wait_text(second, SAY("POLL_FOLLOWUP_ASK", why=texts.WHY_DEFAULT))
    assert Resident.texts(await second.send("/skip"))[:1] == [SAY("POLL_FOLLOWUP_SKIPPED")]
    await vote(third, polls[2], [0])
    await vote(third, polls[2], [])  # retracted
    asked = [
        t for t in Resident.texts(second.messages()) if t.startswith(EN.say("POLL_WHY_DEFAULT"))
    ]
    assert len(asked) == 1  # once per poll, however often the vote changes
    history = query(
        poll_bot,
        "SELECT p.telegram_id, h.option_ids FROM poll_vote_history h JOIN participants q"
        " ON q.id = h.participant_id JOIN people p ON p.id = q.person_id ORDER BY h.id",
    )
    assert history == [(2001, "[0]"), (2002, "[1]"), (2002, "[2]"), (2003, "[0]"), (2003, "[]")]

    photo, summary = Resident.texts(await facilitator.send("/results"))
    assert photo == EN.say("POLL_RESULTS_CAPTION")
    png = [m for m in facilitator.messages() if "photo" in m][-1]["photo"][-1]["file_id"]
    assert poll_bot.emulator.files[png].startswith(b"\x89PNG")
    assert "2 of 3 people answered (67%)" in summary
    assert "• Wood: 1 (50%)" in summary and "• Metal: 0 (0%)" in summary
    assert "• Stone: 1 (50%)" in summary
    assert f"{pseudonym(poll_bot, 2001)}: “Warmer to sit on”" in summary
    assert "2001" not in summary and "Resident" not in summary

    # Someone paused when the poll closes keeps an open poll on their phone: their vote
    # afterwards is answered politely and not counted.
    await third.send("/pause")
    assert Resident.texts(await facilitator.send("/closepoll")) == [EN.say("POLL_PICK_CLOSE")]
    [closed] = Resident.texts(await facilitator.press(facilitator.buttons()[0]))
    assert closed.startswith("Closed “Which bench design?”. Stopping it in 3 chats")
    await poll_bot.emulator.wait_for(
        lambda e: len([c for c in e.calls_to("stopPoll") if c.status == 200]) == 2, timeout=10
    )
    assert all(p["is_closed"] for p in (await received_poll(first), await received_poll(second)))
    await third.send("/resume")
    await vote(third, polls[2], [1])
    await wait_text(third, SAY("POLL_VOTE_ON_CLOSED"))
    assert query(poll_bot, "SELECT option_ids FROM poll_votes ORDER BY participant_id") == [
        ("[0]",),
        ("[2]",),
        ("[]",),
    ]
    assert Resident.texts(await facilitator.send("/closepoll")) == [EN.say("POLL_NOTHING_OPEN")]


async def test_a_new_version_goes_side_by_side_with_the_first(poll_bot: RunningBot) -> None:
    people = [Resident(poll_bot, n) for n in (2101, 2102)]
    for person in people:
        await join_and_consent(person)
    facilitator = await appoint(poll_bot)
    await build_poll(facilitator, "Which bench?", ["Wood", "Metal"], "Everyone", why=False)
    await facilitator.press(EN.say("POLL_SEND"))
    await vote(people[0], await received_poll(people[0]), [0])
    await vote(people[1], await received_poll(people[1]), [1])

    assert Resident.texts(await facilitator.send("/newpoll version")) == [
        EN.say("POLL_PICK_EARLIER")
    ]
    [again] = Resident.texts(await facilitator.press("v1 · Which bench?"))
    assert again.startswith("Version 2.") and "Which bench?" in again
    [options] = Resident.texts(await facilitator.press(EN.say("POLL_KEEP_QUESTION")))
    assert "1. Wood\n2. Metal" in options
    await facilitator.send("Wood with a back\nMetal")
    await facilitator.send("done")
    await facilitator.press(EN.say("POLL_SEVERAL_ANSWERS"))
    await facilitator.press("Everyone (2)")
    await facilitator.press(EN.say("POLL_WHY_USE_DEFAULT", why=EN.say("POLL_WHY_DEFAULT")))
    asked = Resident.texts(await facilitator.press(EN.say("POLL_CLOSE_NEVER")))
    [preview] = await skip_welsh(facilitator, asked)
    assert preview.startswith("Preview (version 2)") and "1. Wood with a back" in preview
    await facilitator.press(EN.say("POLL_SEND"))
    second = await received_poll(people[0], version=2)
    assert second["allows_multiple_answers"] and second["options"][0]["text"] == "Wood with a back"
    # Version 2 says it is a new version of a poll they may have answered; version 1 did not.
    chat = people[0].messages()
    polls_at = [i for i, m in enumerate(chat) if "poll" in m]
    intro = SAY("POLL_NEW_VERSION", version=2)
    assert chat[polls_at[1] - 1].get("text") == intro
    assert "version 2" in intro and "changed" in intro
    assert intro not in Resident.texts(chat[: polls_at[0]])
    # The note is part of the poll: it does not spend the weekly message budget twice.
    assert query(
        poll_bot,
        "SELECT COUNT(*) FROM outbox o JOIN participants q ON q.id = o.participant_id"
        " JOIN people p ON p.id = q.person_id WHERE p.telegram_id = 2101 AND o.kind = 'poll'",
    ) == [(2,)]
    await vote(people[0], second, [0, 1])
    await wait_text(people[0], SAY("POLL_FOLLOWUP_ASK", why=texts.WHY_DEFAULT))
    assert Resident.texts(await people[0].send_kind("voice"))[:1] == [SAY("POLL_FOLLOWUP_THANKS")]
    assert query(poll_bot, "SELECT kind FROM poll_followups") == [("voice",)]
    # /mydata shows the vote by its options and the voice note as one, not as a file id.
    document, _, _ = await people[0].send("/mydata")
    mine = poll_bot.emulator.files[document["document"]["file_id"]].decode()
    assert "your vote: Wood with a back; Metal" in mine and "your vote: Wood" in mine
    [(file_id,)] = query(poll_bot, "SELECT value FROM poll_followups")
    assert "[voice note]" in mine and file_id not in mine
    assert query(poll_bot, "SELECT version, parent_id IS NOT NULL FROM polls ORDER BY id") == [
        (1, 0),
        (2, 1),
    ]
    assert Resident.texts(await facilitator.send("/results")) == [EN.say("POLL_PICK_RESULTS")]
    photo, summary = Resident.texts(await facilitator.press("v2 · Which bench?"))
    assert photo == EN.say("POLL_RESULTS_CAPTION") and "(version 2, open)" in summary
    assert "1 of 2 people answered (50%)" in summary and "• Metal: 1 (100%)" in summary
    assert f"{pseudonym(poll_bot, 2101)}: [voice note]" in summary


async def test_quiet_hours_hold_a_poll_and_the_weekly_cap_skips(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path
) -> None:
    write_project(tmp_path / "quiet", quiet_now=True, cap=1)
    bot = await start_bot(emulator, poll_settings(settings, tmp_path / "quiet"))
    try:
        people = [Resident(bot, n) for n in (2201, 2202)]
        for person in people:
            await join_and_consent(person)
        # Someone already sent their one message this week is skipped, and it is recorded.
        query_id = query(bot, "SELECT id FROM participants ORDER BY id")[1][0]
        dbview.run(
            bot.settings.database_target,
            "INSERT INTO outbox (chat_id, participant_id, kind, method, params, status,"
            " created_at, sent_at) VALUES (2202, ?, 'update', 'sendMessage', '{}', 'sent',"
            " ?, ?)",
            (query_id, TEST_MOMENT.timestamp(), TEST_MOMENT.timestamp()),
        )
        facilitator = Resident(bot, COORDINATOR)
        await build_poll(facilitator, "Which bench?", ["Wood", "Metal"], "Everyone", why=False)
        await facilitator.press(EN.say("POLL_SEND"))
        [progress] = [t for t in Resident.texts(facilitator.messages()) if t.startswith("Done")]
        assert "\n1 not sent: 1 at this week's limit\n1 held until " in progress
        assert progress.endswith(" (quiet hours)")
        rows = query(
            bot, "SELECT chat_id, status, error, not_before FROM outbox WHERE kind = 'poll'"
        )
        held = {r[0]: r for r in rows}
        assert held[2202][1:3] == ("skipped", "weekly cap")
        assert held[2201][1] == "pending" and held[2201][3] > TEST_MOMENT.timestamp() + 60
        assert not emulator.calls_to("sendPoll")
    finally:
        await bot.shutdown()


async def test_a_poll_closes_at_its_time_even_across_a_restart(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path
) -> None:
    write_project(tmp_path / "restart")
    configured = poll_settings(settings, tmp_path / "restart")
    bot = await start_bot(emulator, configured)
    person = Resident(bot, 2301)
    await join_and_consent(person)
    facilitator = Resident(bot, COORDINATOR)
    await build_poll(facilitator, "Which bench?", ["Wood", "Metal"], "Everyone", why=False)
    await facilitator.press(EN.say("POLL_SEND"))
    poll = await received_poll(person)
    await bot.shutdown()
    # The restarted bot's clock starts at TEST_MOMENT again: the poll is overdue.
    dbview.run(
        configured.database_target,
        "UPDATE polls SET closes_at = ?",
        (TEST_MOMENT.timestamp() - 1,),
    )
    again = await start_bot(emulator, configured)
    try:
        await emulator.wait_for(lambda e: any(c.status == 200 for c in e.calls_to("stopPoll")))
        assert query(again, "SELECT closed_at IS NOT NULL FROM polls") == [(1,)]
        await wait_text(
            Resident(again, COORDINATOR), EN.say("POLL_CLOSED_BY_TIME", question="Which bench?")
        )
        assert emulator.state.polls[poll["id"]].poll["is_closed"]
    finally:
        await again.shutdown()
