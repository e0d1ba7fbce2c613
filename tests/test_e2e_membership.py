"""Blocking and unblocking the bot, through the running bot: nothing is sent while blocked."""

from __future__ import annotations

import asyncio

from bot.config import Settings
from bot.emulator import BotApiEmulator
from storage.database import Database
from storage.outbox import OutgoingMessage
from storage.people import PeopleRepository
from storage.projects import ProjectRow, ProjectsRepository
from tests import dbview
from tests.conftest import start_bot, wait_handled

USER = 1001


async def consented(settings: Settings) -> int:
    """A participant in the bot's own database, before the bot starts."""
    db = await Database.open(settings.database_target, settings.make_clock())
    try:
        await ProjectsRepository(db).sync([ProjectRow("p", "Project", "CODE", 1, "test")])
        return (await PeopleRepository(db).consent(USER, "Ada", "p", 1, "test")).id
    finally:
        await db.close()


def blocked_at(settings: Settings, participant_id: int) -> float | None:
    return dbview.value(
        settings.database_target,
        "SELECT blocked_at FROM participants WHERE id = ?",
        (participant_id,),
    )


async def outbox_statuses(settings: Settings, wanted: int, timeout: float = 5) -> list[str]:
    """Statuses of the outbox rows once ``wanted`` of them are settled."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        statuses = dbview.rows(settings.database_target, "SELECT status FROM outbox ORDER BY id")
        found = [r[0] for r in statuses]
        if sum(s not in {"pending", "sending"} for s in found) >= wanted:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"outbox rows still {found}")
        await asyncio.sleep(0.02)


async def test_blocking_and_unblocking_is_recorded(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    participant = await consented(settings)
    running = await start_bot(emulator, settings)
    try:
        kicked = emulator.inject_my_chat_member(USER, "kicked")
        await wait_handled(settings.database_target, kicked["update_id"])
        assert blocked_at(settings, participant) is not None

        def update(text: str) -> list[OutgoingMessage]:
            return [OutgoingMessage(USER, "update", "sendMessage", {"text": text}, participant)]

        # A broadcast while blocked is skipped without asking Telegram.
        assert await running.services.outbox.enqueue(update("while you were away")) == 1
        assert await outbox_statuses(settings, 1) == ["skipped"]

        member = emulator.inject_my_chat_member(USER, "member")
        await wait_handled(settings.database_target, member["update_id"])
        assert blocked_at(settings, participant) is None
        assert await running.services.outbox.enqueue(update("welcome back")) == 1
        assert await outbox_statuses(settings, 2) == ["skipped", "sent"]
    finally:
        await running.shutdown()
    # The bot wrote nothing in reply to either change: a blocked chat cannot be written to.
    assert [m["text"] for m in emulator.sent_messages(USER)] == ["welcome back"]
    assert not [c for c in emulator.calls_to("sendMessage") if c.status != 200]


async def test_membership_of_someone_unknown_is_harmless(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    running = await start_bot(emulator, settings)
    try:
        kicked = emulator.inject_my_chat_member(4242, "kicked")
        await wait_handled(settings.database_target, kicked["update_id"])
    finally:
        await running.shutdown()
    assert emulator.sent_messages(4242) == []
