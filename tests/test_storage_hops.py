"""Storage's short cuts keep its guarantees: a point read (answered on the event loop on
SQLite) sees every commit and nothing uncommitted; a transaction begun with its first
statement still rolls back whole; a stored batch names only the updates not seen before;
the reply ledger (written on the loop) keeps what it is told until it is dropped."""

from __future__ import annotations

import pytest

from storage.database import Database
from storage.inbox import InboxItem, InboxRepository
from storage.reply_ledger import SentReply

SEEN = "SELECT COUNT(*) FROM inbox WHERE update_id = ?"


def _item(update_id: int, chat: int = 7) -> InboxItem:
    return InboxItem(update_id, chat, {"update_id": update_id})


async def test_a_point_read_sees_each_commit_and_nothing_before_it(db: Database) -> None:
    await InboxRepository(db).store([_item(1)])
    assert (await db.fetch_one(SEEN, (1,)))[0] == 1  # type: ignore[index]
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE inbox SET status = 'handled', handled_at = 1 WHERE update_id = ?", (1,)
        )
        row = await db.fetch_one("SELECT status FROM inbox WHERE update_id = ?", (1,))
        assert row is not None and row[0] == "received"  # not committed yet
    row = await db.fetch_one("SELECT status FROM inbox WHERE update_id = ?", (1,))
    assert row is not None and row[0] == "handled"


async def test_a_failing_transaction_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.execute_many(
                "INSERT INTO inbox (update_id, chat_key, payload, received_at, attempts, status)"
                " VALUES (?, 7, '{}', 0, 1, 'received')",
                [(5,), (6,)],
            )
            raise RuntimeError("the handler failed")
    assert (await db.fetch_one("SELECT COUNT(*) FROM inbox"))[0] == 0  # type: ignore[index]
    async with db.transaction():
        pass  # no statement at all: nothing to begin, nothing to commit
    await InboxRepository(db).store([_item(5)])
    assert (await db.fetch_one(SEEN, (5,)))[0] == 1  # type: ignore[index]


async def test_a_stored_batch_names_only_updates_not_seen_before(db: Database) -> None:
    inbox = InboxRepository(db)
    first = await inbox.store([_item(1), _item(2)])
    assert [u.update_id for u in first] == [1, 2]
    again = await inbox.store([_item(2), _item(3), _item(3, chat=8), _item(4)])
    assert [u.update_id for u in again] == [3, 4]
    waiting = await inbox.waiting()
    assert waiting == {1: 7, 2: 7, 3: 8, 4: 7}  # a repeat within a batch: its last copy
    assert await inbox.store([]) == []


async def test_the_reply_ledger_keeps_replies_until_they_are_dropped(db: Database) -> None:
    ledger = db.replies
    await ledger.record(10, SentReply(0, "a", {"message_id": 1}))
    await ledger.record(10, SentReply(1, "b", True))
    await ledger.record(10, SentReply(1, "b", True))  # recorded twice: kept once
    await ledger.record(11, SentReply(0, "c", {"message_id": 2}))
    sent = await ledger.sent([10])
    assert [(r.seq, r.fingerprint, r.result) for r in sent[10]] == [
        (0, "a", {"message_id": 1}),
        (1, "b", True),
    ]
    await ledger.drop([10])
    assert set(await ledger.sent()) == {11}
    await ledger.drop([])
    assert set(await ledger.sent([11, 12])) == {11}
