"""The outbox: rows first, sent under Telegram's limits, resumable without resending.

A real SQLite file, the real python-telegram-bot Bot and the emulator on loopback; timings
are read from the emulator's record of when each call arrived.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from telegram import Bot, Message

from bot.emulator import DEFAULT_TOKEN, BotApiEmulator
from bot.outbox import Outbox, OutboxSender
from bot.transport import AiohttpRequest
from storage.database import Database
from storage.outbox import OutboxRepository, OutgoingMessage, QueuedMessage
from storage.people import PeopleRepository
from storage.projects import ProjectRow, ProjectsRepository

Senders = Callable[..., OutboxSender]


@pytest.fixture
async def tg(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    """A python-telegram-bot Bot talking to the emulator."""
    bot = Bot(DEFAULT_TOKEN, base_url=f"{emulator.api_base_url}/bot", request=AiohttpRequest())
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
def repo(db: Database) -> OutboxRepository:
    return OutboxRepository(db)


@pytest.fixture
async def senders(tg: Bot, repo: OutboxRepository) -> AsyncIterator[Senders]:
    """Make senders over the test database; each is stopped at the end."""
    made: list[OutboxSender] = []

    def make(rate: float = 200.0, **kw: Any) -> OutboxSender:
        sender = OutboxSender(tg, repo, rate, **kw)
        made.append(sender)
        return sender

    yield make
    for sender in made:
        await sender.stop()


async def residents(db: Database, count: int, first: int = 1000) -> list[int]:
    """Participant ids of ``count`` residents (Telegram ids first, first+1, ...)."""
    await ProjectsRepository(db).sync([ProjectRow("p", "Project", "CODE", 1, "test")])
    people = PeopleRepository(db)
    return [(await people.consent(first + i, None, "p", 1, "test")).id for i in range(count)]


def text(chat_id: int, body: str, **kw: Any) -> OutgoingMessage:
    return OutgoingMessage(chat_id, "update", "sendMessage", {"text": body}, **kw)


def texts(emulator: BotApiEmulator, chat_id: int) -> list[str]:
    return [m["text"] for m in emulator.sent_messages(chat_id)]


def arrivals(emulator: BotApiEmulator, status: int = 200) -> list[float]:
    return [c.at for c in emulator.calls_to("sendMessage") if c.status == status]


def busiest_second(times: list[float]) -> int:
    """The most calls that fall in any one-second window."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times))


async def rows(db: Database) -> list[tuple[Any, ...]]:
    found = await db.fetch_all("SELECT chat_id, status, attempts, error FROM outbox ORDER BY id")
    return [tuple(r) for r in found]


async def test_enqueue_ignores_known_dedupe_keys(repo: OutboxRepository, db: Database) -> None:
    first = [text(1, "a", dedupe_key="diary:1:2026-03-01:19:00"), text(2, "b"), text(3, "c")]
    assert await repo.enqueue(first) == 3
    again = [
        text(1, "a again", dedupe_key="diary:1:2026-03-01:19:00"),
        text(4, "d", dedupe_key="k4"),
        text(4, "d twice in one batch", dedupe_key="k4"),
    ]
    assert await repo.enqueue(again) == 1
    assert [r[:2] for r in await rows(db)] == [
        (1, "pending"),
        (2, "pending"),
        (3, "pending"),
        (4, "pending"),
    ]
    assert await repo.enqueue([]) == 0


async def test_rate_is_respected(
    emulator: BotApiEmulator, repo: OutboxRepository, senders: Senders
) -> None:
    await repo.enqueue([text(chat, "hello") for chat in range(1, 41)])
    sender = senders(rate=20)
    await sender.start()
    assert await sender.wait_idle(10)
    times = arrivals(emulator)
    assert len(times) == 40
    assert max(times) - min(times) >= 1.9
    assert busiest_second(times) <= 20
    assert all(texts(emulator, chat) == ["hello"] for chat in range(1, 41))


async def test_one_chat_gets_a_message_at_most_each_second_in_order(
    emulator: BotApiEmulator, repo: OutboxRepository, senders: Senders
) -> None:
    await repo.enqueue([text(7, f"part {i}") for i in range(5)] + [text(8, "other")])
    sender = senders(rate=100)
    await sender.start()
    assert await sender.wait_idle(10)
    to_seven = [c.at for c in emulator.calls_to("sendMessage") if c.params["chat_id"] == 7]
    gaps = [b - a for a, b in itertools.pairwise(to_seven)]
    assert len(gaps) == 4 and min(gaps) >= 1.0
    assert texts(emulator, 7) == [f"part {i}" for i in range(5)]
    # Other chats do not wait behind a busy one.
    [to_eight] = [c.at for c in emulator.calls_to("sendMessage") if c.params["chat_id"] == 8]
    assert to_eight - to_seven[0] < 0.5


async def test_flood_control_pauses_everything_and_loses_nothing(
    emulator: BotApiEmulator, repo: OutboxRepository, senders: Senders
) -> None:
    emulator.set_flood_limit(5, retry_after=1)
    await repo.enqueue([text(chat, f"to {chat}") for chat in range(1, 13)])
    sender = senders(rate=50)
    await sender.start()
    assert await sender.wait_idle(10)
    assert all(texts(emulator, chat) == [f"to {chat}"] for chat in range(1, 13))
    refused = arrivals(emulator, 429)
    assert refused, "the flood limit never bit"
    first = min(refused)
    # Nothing was started during the pause (only calls already on their way arrive).
    assert not [t for t in arrivals(emulator) + refused if first + 0.1 < t < first + 0.9]
    assert {r[1] for r in await rows(repo._db)} == {"sent"}


async def test_blocked_chat_fails_and_marks_the_participant(
    emulator: BotApiEmulator, db: Database, repo: OutboxRepository, senders: Senders
) -> None:
    ids = await residents(db, 3)
    emulator.block(1001)
    await repo.enqueue(
        [text(1000 + i, "news", participant_id=pid) for i, pid in enumerate(ids)]
        + [text(1001, "more news", participant_id=ids[1])]
    )
    sender = senders()
    await sender.start()
    assert await sender.wait_idle(5)
    assert texts(emulator, 1000) == ["news"] and texts(emulator, 1002) == ["news"]
    assert await rows(db) == [
        (1000, "sent", 1, None),
        (1001, "failed", 1, "blocked"),
        (1002, "sent", 1, None),
        (1001, "skipped", 1, "blocked"),
    ]
    blocked = await db.fetch_all("SELECT id FROM participants WHERE blocked_at IS NOT NULL")
    assert [r[0] for r in blocked] == [ids[1]]
    # Later rows for a blocked person are skipped without asking Telegram.
    calls = len(emulator.calls_to("sendMessage"))
    await repo.enqueue([text(1001, "again", participant_id=ids[1])])
    sender.notify()
    assert await sender.wait_idle(5)
    assert len(emulator.calls_to("sendMessage")) == calls
    assert (await rows(db))[-1] == (1001, "skipped", 0, "blocked")
    assert await repo.mark_unblocked(1001) == 1


async def test_left_and_paused_participants_are_skipped(
    emulator: BotApiEmulator, db: Database, repo: OutboxRepository, senders: Senders
) -> None:
    left, paused, active = await residents(db, 3)
    await PeopleRepository(db).leave(left)
    await PeopleRepository(db).set_paused(1001, True)
    # More skipped rows than one claim takes: the row behind them must not wait for a poll.
    await repo.enqueue(
        [text(1000, "hi", participant_id=left)]
        + [text(1001, f"hi {i}", participant_id=paused) for i in range(60)]
        + [text(1002, "hi", participant_id=active)]
    )
    sender = senders(rate=20)
    started = time.time()
    await sender.start()
    await emulator.wait_for(lambda e: bool(e.sent_messages(1002)), timeout=1.0)
    assert time.time() - started < 1.0
    assert await sender.wait_idle(5)
    statuses = [(r[1], r[3]) for r in await rows(db)]
    assert statuses == [("skipped", "left")] + [("skipped", "paused")] * 60 + [("sent", None)]
    assert [c.params["chat_id"] for c in emulator.calls_to("sendMessage")] == [1002]


async def test_recover_puts_rows_left_sending_back(repo: OutboxRepository, db: Database) -> None:
    await repo.enqueue([text(chat, "x") for chat in (1, 2, 3)])
    claimed = await repo.claim(2)
    assert [m.chat_id for m in claimed] == [1, 2] and claimed[0].attempts == 1
    # The process dies here; the next start finds two rows mid-send.
    assert await OutboxRepository(db).recover() == 2
    assert await rows(db) == [
        (1, "pending", 1, None),
        (2, "pending", 1, None),
        (3, "pending", 0, None),
    ]
    assert [m.chat_id for m in await repo.claim(10)] == [1, 2, 3]


async def test_restart_resumes_without_resending(
    emulator: BotApiEmulator, tg: Bot, repo: OutboxRepository, db: Database
) -> None:
    await repo.enqueue([text(chat, f"to {chat}") for chat in range(1, 101)])
    first = OutboxSender(tg, repo, 100)
    await first.start()
    await emulator.wait_for(lambda e: len(e.sent_messages()) >= 50, timeout=5)
    await first.stop()
    halfway = len(emulator.sent_messages())
    assert 50 <= halfway < 100
    counts = await repo.status_counts()
    assert counts == {"sent": halfway, "pending": 100 - halfway}
    second = OutboxSender(tg, repo, 100)
    assert await repo.recover() == 0
    await second.start()
    try:
        assert await second.wait_idle(5)
    finally:
        await second.stop()
    assert all(texts(emulator, chat) == [f"to {chat}"] for chat in range(1, 101))
    assert len(arrivals(emulator)) == 100
    assert await repo.status_counts() == {"sent": 100}


async def test_bad_request_fails_once_and_is_not_retried(
    emulator: BotApiEmulator, db: Database, repo: OutboxRepository, senders: Senders
) -> None:
    emulator.fail_next("sendMessage", 400, "Bad Request: chat not found")
    await repo.enqueue([text(5, "lost"), text(6, "fine")])
    sender = senders()
    await sender.start()
    assert await sender.wait_idle(5)
    assert await rows(db) == [(5, "failed", 1, "Chat not found"), (6, "sent", 1, None)]
    assert [c.params["chat_id"] for c in emulator.calls_to("sendMessage")] == [5, 6]


async def test_network_errors_are_retried_until_sent(
    emulator: BotApiEmulator, db: Database, repo: OutboxRepository, senders: Senders
) -> None:
    emulator.fail_next("sendMessage", 502, "Bad Gateway")
    await repo.enqueue([text(5, "eventually")])
    sender = senders()
    await sender.start()
    assert await sender.wait_idle(5)
    assert [c.status for c in emulator.calls_to("sendMessage")] == [502, 200]
    assert texts(emulator, 5) == ["eventually"]
    assert await rows(db) == [(5, "sent", 1, None)]


async def test_progress_and_weekly_counts(
    emulator: BotApiEmulator, db: Database, repo: OutboxRepository, senders: Senders
) -> None:
    ids = await residents(db, 4)
    await PeopleRepository(db).set_paused(1003, True)
    emulator.block(1002)
    broadcast = await repo.create_broadcast("update", project_id="p", created_by=9001)
    await repo.enqueue(
        [
            text(1000 + i, "we changed the bus times", participant_id=pid, broadcast_id=broadcast)
            for i, pid in enumerate(ids)
        ]
    )
    before = await repo.progress(broadcast)
    assert (before.sent, before.failed, before.pending, before.skipped) == (0, 0, 4, 0)
    sender = senders()
    await sender.start()
    assert await sender.wait_idle(5)
    after = await repo.progress(broadcast)
    assert (after.sent, after.failed, after.pending, after.skipped) == (2, 1, 0, 1)
    assert after.done and after.total == 4
    assert await repo.sent_since(ids[0], 0) == 1
    assert await repo.sent_since(ids[2], 0) == 0
    found = await repo.broadcast(broadcast)
    assert found is not None and found.created_by == 9001 and found.kind == "update"


async def test_polls_and_buttons_are_sent_and_their_ids_kept(
    emulator: BotApiEmulator, db: Database, repo: OutboxRepository, senders: Senders
) -> None:
    seen: list[tuple[int, Message | None]] = []

    async def on_sent(queued: QueuedMessage, message: Message | None) -> None:
        seen.append((queued.id, message))

    poll = OutgoingMessage(
        42,
        "poll",
        "sendPoll",
        {"question": "Which design?", "options": [{"text": "A"}, {"text": "B"}]},
    )
    keyboard = {"inline_keyboard": [[{"text": "Log it", "callback_data": "d:log"}]]}
    buttons = OutgoingMessage(
        42, "diary_prompt", "sendMessage", {"text": "How was today?", "reply_markup": keyboard}
    )
    outbox = Outbox(repo)
    sender = senders(on_sent=on_sent, per_chat_interval=0.1)
    outbox.attach(sender)
    await sender.start()
    assert await outbox.enqueue([poll, buttons]) == 2
    assert await sender.wait_idle(5)
    [sent_poll, sent_text] = emulator.sent_messages(42)
    assert sent_text["reply_markup"] == keyboard
    stored = await db.fetch_all("SELECT message_id, result FROM outbox ORDER BY id")
    assert stored[0][0] == sent_poll["message_id"]
    assert stored[0][1] == f'{{"poll_id": "{sent_poll["poll"]["id"]}"}}'
    assert stored[1][0] == sent_text["message_id"] and stored[1][1] is None
    assert [m.poll.id if m and m.poll else None for _, m in seen] == [sent_poll["poll"]["id"], None]
