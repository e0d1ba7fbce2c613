"""Polls, votes (latest and every change), "why?" answers, and polls being built."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from conversations.polls.draft import PollDraft
from conversations.polls.model import FollowUp, Poll, PollSpec, Vote
from conversations.texts_by_language import from_stored, to_stored
from storage.database import Database
from storage.drafts import DraftStore
from storage.outbox_rows import OutboxRow, queue
from storage.sql import Row

_POLL_COLUMNS = (
    "id, project_id, question, options, multiple, target, why, version, parent_id,"
    " created_by, created_at, closes_at, closed_at, broadcast_id"
)
_POLL = f"SELECT {_POLL_COLUMNS} FROM polls"
_POLL_COLUMNS_OF_P = ", ".join("p." + c.strip() for c in _POLL_COLUMNS.split(","))


def _poll(row: Row | tuple[object, ...]) -> Poll:
    values = tuple(row)
    question = from_stored(str(values[2]))
    options = tuple(from_stored(str(option)) for option in json.loads(str(values[3])))
    why = None if values[6] is None else from_stored(str(values[6]))
    return Poll(  # type: ignore[arg-type, call-arg]
        *values[:2], question, options, bool(values[4]), values[5], why, *values[7:14]
    )


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(i) for i in json.loads(text))


@dataclass(frozen=True, slots=True)
class PollMessage:
    """One recipient's copy of a poll: where it is, to stop it."""

    participant_id: int
    chat_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class Ballot:
    """Whose vote a Telegram poll answer is: the poll and the recipient it was sent to."""

    poll: Poll
    participant_id: int


class PollsRepository:
    """Reads and writes the poll tables (and the outbox rows that carried polls)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._drafts = DraftStore(db, "poll_drafts", PollDraft)

    # Drafts --------------------------------------------------------------------------

    async def is_drafting(self, telegram_id: int) -> bool:
        """Whether this person is building one (cheap: kept in memory after one read)."""
        return await self._drafts.is_drafting(telegram_id)

    async def draft(self, telegram_id: int) -> PollDraft | None:
        """The person's draft, unless it was left too long."""
        return await self._drafts.get(telegram_id)

    async def save_draft(self, telegram_id: int, draft: PollDraft) -> None:
        """Keep the draft as it stands."""
        await self._drafts.save(telegram_id, draft)

    async def drop_draft(self, telegram_id: int) -> None:
        """Forget the draft (finished or cancelled)."""
        await self._drafts.drop(telegram_id)

    # Polls ---------------------------------------------------------------------------

    async def create(
        self,
        project_id: str,
        spec: PollSpec,
        target: str,
        *,
        created_by: int | None,
        broadcast_id: int | None,
        closes_at: float | None = None,
        parent_id: int | None = None,
        version: int = 1,
        drop_draft_of: int | None = None,
    ) -> Poll:
        """Store a poll about to be sent, and drop the draft it came from (one write)."""
        async with self._db.transaction() as tx:
            if drop_draft_of is not None:
                # A replayed Send finds no draft, so one press can never make two polls.
                await tx.execute("DELETE FROM poll_drafts WHERE telegram_id = ?", (drop_draft_of,))
            poll_id = await tx.insert(
                "INSERT INTO polls (project_id, question, options, multiple, target, why,"
                " version, parent_id, created_by, created_at, closes_at, broadcast_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    project_id,
                    to_stored(spec.question),
                    json.dumps([to_stored(o) for o in spec.options], ensure_ascii=False),
                    int(spec.multiple),
                    target,
                    None if spec.why is None else to_stored(spec.why),
                    version,
                    parent_id,
                    created_by,
                    self._db.clock.timestamp(),
                    closes_at,
                    broadcast_id,
                ),
            )
        if drop_draft_of is not None:
            self._drafts.forgotten(drop_draft_of)
        found = await self.get(int(poll_id or 0))
        assert found is not None
        return found

    async def get(self, poll_id: int) -> Poll | None:
        """A poll by id."""
        row = await self._db.fetch_one(_POLL + " WHERE id = ?", (poll_id,))
        return _poll(row) if row else None

    async def for_projects(
        self, project_ids: Sequence[str], limit: int = 10, open_only: bool = False
    ) -> list[Poll]:
        """The latest polls of these projects, newest first."""
        if not project_ids:
            return []
        marks = ", ".join("?" for _ in project_ids)
        open_clause = " AND closed_at IS NULL" if open_only else ""
        rows = await self._db.fetch_all(
            _POLL + f" WHERE project_id IN ({marks}){open_clause} ORDER BY id DESC LIMIT ?",
            (*project_ids, limit),
        )
        return [_poll(r) for r in rows]

    async def family(self, poll_id: int) -> list[Poll]:
        """Every version of the prototype this poll belongs to, oldest first."""
        rows = await self._db.fetch_all(
            "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM polls WHERE id = ?"
            " UNION SELECT p.id, p.parent_id FROM polls p JOIN up ON p.id = up.parent_id),"
            " root(id) AS (SELECT id FROM up WHERE parent_id IS NULL),"
            " down(id) AS (SELECT id FROM root UNION SELECT p.id FROM polls p"
            " JOIN down ON p.parent_id = down.id)"
            f" SELECT {_POLL_COLUMNS} FROM polls WHERE id IN (SELECT id FROM down)"
            " ORDER BY version, id",
            (poll_id,),
        )
        return [_poll(r) for r in rows]

    async def closing(self) -> list[Poll]:
        """Open polls that have a closing time (to schedule their closing at start)."""
        rows = await self._db.fetch_all(
            _POLL + " WHERE closed_at IS NULL AND closes_at IS NOT NULL ORDER BY closes_at"
        )
        return [_poll(r) for r in rows]

    async def close(self, poll_id: int, at: float | None = None) -> bool:
        """Mark a poll closed and drop its copies not yet sent; False if already closed."""
        at = self._db.clock.timestamp() if at is None else at
        async with self._db.transaction() as tx:
            closed = await tx.execute(
                "UPDATE polls SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
                (at, poll_id),
            )
            if closed == 0:
                return False
            await tx.execute(
                "UPDATE outbox SET status = 'skipped', error = 'poll closed'"
                " WHERE status = 'pending' AND kind = 'poll'"
                " AND broadcast_id = (SELECT broadcast_id FROM polls WHERE id = ?)",
                (poll_id,),
            )
        return True

    async def messages(self, poll: Poll) -> list[PollMessage]:
        """Every copy of the poll Telegram accepted (to stop them when it closes)."""
        rows = await self._db.fetch_all(
            "SELECT participant_id, chat_id, message_id FROM outbox WHERE broadcast_id = ?"
            " AND kind = 'poll' AND status = 'sent' AND message_id IS NOT NULL"
            " AND participant_id IS NOT NULL ORDER BY id",
            (poll.broadcast_id,),
        )
        return [PollMessage(r[0], r[1], r[2]) for r in rows]

    async def reached(self, poll: Poll) -> int:
        """How many people the poll reached."""
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ? AND kind = 'poll'"
            " AND status = 'sent'",
            (poll.broadcast_id,),
        )
        return int(row[0]) if row else 0

    # Votes ---------------------------------------------------------------------------

    async def ballot(self, telegram_poll_id: str, voter: int) -> Ballot | None:
        """The poll a Telegram poll answer is for, if this voter is who it was sent to."""
        row = await self._db.fetch_one(
            f"SELECT o.participant_id, {_POLL_COLUMNS_OF_P}"
            " FROM outbox o JOIN polls p ON p.broadcast_id = o.broadcast_id"
            " WHERE o.kind = 'poll' AND json_extract(o.result, '$.poll_id') = ?"
            " AND o.chat_id = ? LIMIT 1",
            (telegram_poll_id, voter),
        )
        return Ballot(_poll(tuple(row)[1:]), row[0]) if row else None

    async def record_vote(
        self, poll_id: int, participant_id: int, option_ids: Sequence[int], update_id: int
    ) -> bool:
        """Keep the vote (the latest replaces the last; history keeps each); False on replay."""
        ids = json.dumps(sorted(set(option_ids)))
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            added = await tx.execute(
                "INSERT INTO poll_vote_history (poll_id, participant_id, option_ids,"
                " source_update_id, created_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (source_update_id) DO NOTHING",
                (poll_id, participant_id, ids, update_id, now),
            )
            if added == 0:
                return False
            await tx.execute(
                "INSERT INTO poll_votes (poll_id, participant_id, option_ids, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (poll_id, participant_id) DO UPDATE"
                " SET option_ids = excluded.option_ids, updated_at = excluded.updated_at",
                (poll_id, participant_id, ids, now),
            )
        return True

    async def votes(self, poll_id: int) -> list[Vote]:
        """Everyone's latest vote on a poll (retracted ones are empty)."""
        rows = await self._db.fetch_all(
            "SELECT participant_id, option_ids FROM poll_votes WHERE poll_id = ?"
            " ORDER BY participant_id",
            (poll_id,),
        )
        return [Vote(r[0], _ids(r[1])) for r in rows]

    async def history(self, poll_id: int, participant_id: int) -> list[tuple[int, ...]]:
        """Every vote a participant cast on a poll, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT option_ids FROM poll_vote_history WHERE poll_id = ? AND participant_id = ?"
            " ORDER BY id",
            (poll_id, participant_id),
        )
        return [_ids(r[0]) for r in rows]

    # "Why?" follow-ups -----------------------------------------------------------------

    async def ask_why(self, poll_id: int, participant_id: int, chat_id: int, params: str) -> bool:
        """Once per poll: note it was asked, await the answer, queue the question (one write).

        Returns False when it was asked before (the queued row's dedupe key also holds).
        """
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            asked = await tx.execute(
                "UPDATE poll_votes SET why_asked_at = ? WHERE poll_id = ?"
                " AND participant_id = ? AND why_asked_at IS NULL",
                (now, poll_id, participant_id),
            )
            if asked == 0:
                return False
            why = OutboxRow(
                chat_id,
                "poll_why",
                "sendMessage",
                params,
                participant_id,
                f"pollwhy:{poll_id}:{participant_id}",
            )
            await queue(tx, [why], now)
        return True

    async def add_followup(self, poll_id: int, participant_id: int, kind: str, value: str) -> bool:
        """Keep a "why?" answer (the first one counts)."""
        async with self._db.transaction() as tx:
            added = await tx.execute(
                "INSERT INTO poll_followups (poll_id, participant_id, kind, value, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (poll_id, participant_id, kind, value, self._db.clock.timestamp()),
            )
        return added > 0

    async def followups(self, poll_id: int) -> list[FollowUp]:
        """The "why?" answers to a poll, under pseudonyms, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT q.pseudonym, f.kind, f.value FROM poll_followups f"
            " JOIN participants q ON q.id = f.participant_id WHERE f.poll_id = ?"
            " ORDER BY f.created_at, q.pseudonym",
            (poll_id,),
        )
        return [FollowUp(r[0], r[1], r[2]) for r in rows]
