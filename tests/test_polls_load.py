"""A poll to 1,000 residents under flood control, with some chats blocked: exactly once each.

Residents are seeded straight into the database (as benchmarks/scenario.py does) so the
test measures the broadcast, not the joining.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations.i18n.words import english
from conversations.polls import texts
from storage.database import Database
from storage.projects import ProjectRow, ProjectsRepository
from tests.conftest import COORDINATOR, Resident, start_bot, wait_handled
from tests.test_e2e_polls import build_poll, poll_settings, query, wait_progress_done, write_project

SAY = english().say
EN = english()

RESIDENTS = 1000
FIRST = 100_000
BLOCKED = {FIRST + n for n in range(0, RESIDENTS, 50)}  # 20 people who blocked the bot
VOTERS = 150
EXPLAINERS = 40


async def seed(path: str, count: int) -> None:
    """Consented residents of northfield, Telegram ids FIRST.., in two transactions."""
    db = await Database.open(path)
    try:
        await ProjectsRepository(db).sync(
            [ProjectRow("northfield", "Getting about in Northfield", "NORTHFIELD", 1, "test")]
        )
        now = time.time()
        ids = range(FIRST, FIRST + count)
        await db.executemany(
            "INSERT INTO people (telegram_id, current_project, created_at)"
            " VALUES (?, 'northfield', ?)",
            [(n, now) for n in ids],
        )
        await db.executemany(
            "INSERT INTO participants (person_id, project_id, pseudonym, joined_via,"
            " consent_version, consented_at, may_quote) SELECT id, 'northfield', ?,"
            " 'NORTHFIELD', 1, ?, 1 FROM people WHERE telegram_id = ?",
            [(f"P-{n:06d}", now, n) for n in ids],
        )
    finally:
        await db.close()


def choice(n: int) -> list[int]:
    """Voter n's final vote: retract every 12th, otherwise an option by n."""
    return [] if n % 12 == 0 else [n % 3]


async def test_a_poll_to_a_thousand_residents_under_flood_control(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path
) -> None:
    write_project(tmp_path / "load", cap=3)
    configured = poll_settings(settings, tmp_path / "load", broadcast_rate=30.0)
    await seed(configured.database_target, RESIDENTS)
    bot = await start_bot(emulator, configured)
    try:
        facilitator = Resident(bot, COORDINATOR)
        await build_poll(facilitator, "Which bench?", ["Wood", "Metal", "Stone"], "Everyone (1000)")
        emulator.set_flood_limit(30)
        for chat in BLOCKED:
            emulator.block(chat)
        started = time.monotonic()
        await facilitator.press(EN.say("POLL_SEND"))
        reachable = RESIDENTS - len(BLOCKED)

        def delivered(e: BotApiEmulator) -> int:
            return sum(1 for c in e.calls_to("sendPoll") if c.status == 200)

        await emulator.wait_for(lambda e: delivered(e) >= reachable, timeout=90)
        sent_in = time.monotonic() - started
        final = await wait_progress_done(facilitator, timeout=15)
        assert final.startswith(f"Done. Sent {reachable} · failed {len(BLOCKED)}")
        per_chat = Counter(
            c.params["chat_id"] for c in emulator.calls_to("sendPoll") if c.status == 200
        )
        assert set(per_chat) == {FIRST + n for n in range(RESIDENTS)} - BLOCKED
        assert set(per_chat.values()) == {1}  # exactly once each
        refused = Counter(c.status for c in emulator.calls if c.method == "sendPoll")
        blocked_rows = query(
            bot,
            "SELECT p.telegram_id FROM participants q JOIN people p ON p.id = q.person_id"
            " WHERE q.blocked_at IS NOT NULL",
        )
        assert {r[0] for r in blocked_rows} == BLOCKED

        # Votes: some change their minds, some retract; the "why?" goes out through the outbox.
        polls = {
            m["chat"]["id"]: m["poll"]
            for m in emulator.sent_messages()
            if "poll" in m and m["chat"]["id"] != COORDINATOR
        }
        voters = sorted(polls)[:VOTERS]
        started_votes = time.monotonic()
        updates = [emulator.inject_poll_answer(n, polls[n]["id"], [(n + 1) % 3]) for n in voters]
        updates += [emulator.inject_poll_answer(n, polls[n]["id"], choice(n)) for n in voters]
        for update in updates:
            await wait_handled(configured.database_target, update["update_id"], timeout=30)
        asked = SAY("POLL_FOLLOWUP_ASK", why=texts.WHY_DEFAULT)

        def why_sent(e: BotApiEmulator) -> int:
            return sum(
                1
                for c in e.calls_to("sendMessage")
                if c.status == 200 and c.params.get("text") == asked
            )

        await emulator.wait_for(lambda e: why_sent(e) >= VOTERS, timeout=30)
        votes_in = time.monotonic() - started_votes
        # Answers come at a human pace (a reply to each goes straight back).
        explainers = voters[:EXPLAINERS]
        answers = []
        for n in explainers:
            answers.append(emulator.inject_text(n, f"Reason number {n}"))
            await asyncio.sleep(0.05)
        for update in answers:
            await wait_handled(configured.database_target, update["update_id"], timeout=30)

        expected = Counter(i for n in voters for i in choice(n))
        answered = sum(1 for n in voters if choice(n))
        rows = query(bot, "SELECT option_ids, COUNT(*) FROM poll_votes GROUP BY option_ids")
        assert dict(rows) == {
            "[0]": expected[0],
            "[1]": expected[1],
            "[2]": expected[2],
            "[]": VOTERS - answered,
        }
        assert query(bot, "SELECT COUNT(*) FROM poll_vote_history") == [(2 * VOTERS,)]
        assert query(bot, "SELECT COUNT(*) FROM poll_followups") == [(EXPLAINERS,)]
        _, summary = Resident.texts(await facilitator.send("/results"))
        rate = round(answered / reachable * 100)
        assert f"{answered} of {reachable} people answered ({rate}%)" in summary
        for index, label in enumerate(["Wood", "Metal", "Stone"]):
            share = round(expected[index] / answered * 100)
            assert f"• {label}: {expected[index]} ({share}%)" in summary
        assert "P-" in summary and "Reason number" in summary
        edits = Counter(c.status for c in emulator.calls_to("editMessageText"))
        print(
            f"\n1,000-resident poll: {reachable} delivered in {sent_in:.1f} s"
            f" ({reachable / sent_in:.1f}/s), sendPoll answers {dict(refused)},"
            f" progress edits {dict(edits)};"
            f" {2 * VOTERS} votes and {VOTERS} why-questions in {votes_in:.1f} s;"
            f" whole test {time.monotonic() - started:.1f} s after Send"
        )
    finally:
        await bot.shutdown()


async def test_progress_resumes_after_a_restart_mid_broadcast(
    emulator: BotApiEmulator, settings: Settings, tmp_path: Path
) -> None:
    write_project(tmp_path / "resume")
    configured = poll_settings(settings, tmp_path / "resume", broadcast_rate=5.0)
    await seed(configured.database_target, 20)
    bot = await start_bot(emulator, configured)
    facilitator = Resident(bot, COORDINATOR)
    await build_poll(facilitator, "Which bench?", ["Wood", "Metal"], "Everyone (20)", why=False)
    await facilitator.press(EN.say("POLL_SEND"))
    await bot.shutdown()  # mid-broadcast: what was not sent goes back to the table
    sent_before = sum(1 for c in emulator.calls_to("sendPoll") if c.status == 200)
    assert sent_before < 20
    again = await start_bot(emulator, configured)
    try:
        final = await wait_progress_done(Resident(again, COORDINATOR), timeout=20)
        assert final.startswith("Done. Sent 20 · failed 0")
        per_chat = Counter(c.params["chat_id"] for c in emulator.calls_to("sendPoll"))
        assert len(per_chat) == 20 and set(per_chat.values()) == {1}
    finally:
        await again.shutdown()
