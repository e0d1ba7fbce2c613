"""The offers register: who is willing to do what, and their answers when asked to join."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storage.budget import SKIP_CAP, spent_sql, week_ago
from storage.cohorts import Recipient
from storage.database import Database
from storage.outbox_rows import OutboxRow, queue

# What is asked of an offer, in order, while the resident answers "I could help".
PARTS = ("what", "when", "where", "tag")
_FIELD = {"what": "what", "when": "at_when", "where": "at_where"}
# The kind of outbox row asking someone who offered whether they'd join (spends the cap).
ASK_KIND = "offer_ask"

_LATEST_ASK = (
    "(SELECT a.{column} FROM offer_asks a WHERE a.offer_id = o.id ORDER BY a.id DESC LIMIT 1)"
)
_COLUMNS = (
    "o.id, q.project_id, q.pseudonym, o.source, o.idea_id, o.what_kind, o.what, o.at_when,"
    " o.at_where, o.tag, o.created_at, "
    + ", ".join(_LATEST_ASK.format(column=c) for c in ("work", "answer"))
)
_FROM = " FROM offers o JOIN participants q ON q.id = o.participant_id"


@dataclass(frozen=True, slots=True)
class Offer:
    """An offer with its author's pseudonym (never a name) and the latest ask, if any."""

    id: int
    project_id: str
    pseudonym: str
    source: str
    idea_id: int | None
    what_kind: str
    what: str | None
    when: str | None
    where: str | None
    tag: str | None
    created_at: float
    asked_work: str | None = None
    answer: str | None = None


@dataclass(frozen=True, slots=True)
class Asked:
    """An ask just answered: the work, the answer, the offer and who asked (a chat id)."""

    work: str
    answer: str
    offer: Offer
    asked_by: int | None


class OffersRepository:
    """Reads and writes ``offers`` and ``offer_asks``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def offer(self, offer_id: int) -> Offer | None:
        """One offer."""
        row = await self._db.fetch_one(f"SELECT {_COLUMNS}{_FROM} WHERE o.id = ?", (offer_id,))
        return Offer(*row) if row else None

    async def from_answer(
        self, participant_id: int, kind: str, value: str, update_id: int | None
    ) -> None:
        """The dialogue's offer question answered: kept as an offer too (once per update; an
        answer given again after /back replaces the earlier one unless someone was asked)."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "DELETE FROM offers WHERE participant_id = ? AND source = 'dialogue'"
                " AND COALESCE(source_update_id, -1) != ?"
                " AND NOT EXISTS (SELECT 1 FROM offer_asks a WHERE a.offer_id = offers.id)",
                (participant_id, update_id if update_id is not None else -1),
            )
            await tx.execute(
                "INSERT INTO offers (participant_id, source, what_kind, what, source_update_id,"
                " created_at) VALUES (?, 'dialogue', ?, ?, ?, ?)"
                " ON CONFLICT (source_update_id) DO NOTHING",
                (participant_id, kind, value, update_id, self._db.clock.timestamp()),
            )

    async def start(self, participant_id: int, idea_id: int) -> int:
        """ "I could help" pressed: an offer on the idea, its parts still to be asked."""
        async with self._db.transaction() as tx:
            # An unfinished offer on the same idea is asked again rather than doubled.
            await tx.execute(
                "DELETE FROM offers WHERE participant_id = ? AND idea_id = ? AND what IS NULL",
                (participant_id, idea_id),
            )
            offer_id = await tx.insert(
                "INSERT INTO offers (participant_id, source, idea_id, asking, created_at)"
                " VALUES (?, 'idea', ?, 'what', ?)",
                (participant_id, idea_id, self._db.clock.timestamp()),
            )
            assert offer_id is not None
            return offer_id

    async def asking(self, offer_id: int, participant_id: int) -> str | None:
        """The part of the participant's offer being asked, if any."""
        row = await self._db.fetch_one(
            "SELECT asking FROM offers WHERE id = ? AND participant_id = ?",
            (offer_id, participant_id),
        )
        return str(row[0]) if row and row[0] else None

    async def take(
        self, offer_id: int, participant_id: int, part: str, kind: str, value: str | None
    ) -> str | None:
        """The answer to ``part`` (None: skipped); the next part asked, None when done.

        A skipped "what" withdraws the offer.
        """
        following = PARTS[PARTS.index(part) + 1] if part != PARTS[-1] else None
        async with self._db.transaction() as tx:
            if part == "what" and value is None:
                await tx.execute(
                    "DELETE FROM offers WHERE id = ? AND participant_id = ?",
                    (offer_id, participant_id),
                )
                return None
            column = _FIELD.get(part)
            sets = f"{column} = ?, " if column else ""
            kind_set = "what_kind = ?, " if part == "what" else ""
            args: list[Any] = [value] if column else []
            if part == "what":
                args.append(kind)
            changed = await tx.execute(
                f"UPDATE offers SET {sets}{kind_set}asking = ? WHERE id = ? AND participant_id = ?"
                " AND asking = ?",
                (*args, following, offer_id, participant_id, part),
            )
            return following if changed else None

    async def set_tag(self, offer_id: int, tag: str, participant_id: int | None = None) -> bool:
        """Tag an offer: its author at the end of "I could help" (participant_id given),
        or a facilitator at any time."""
        if participant_id is None:
            sql, args = "UPDATE offers SET tag = ? WHERE id = ?", (tag, offer_id)
        else:
            sql = (
                "UPDATE offers SET tag = ?, asking = NULL WHERE id = ? AND participant_id = ?"
                " AND asking = 'tag'"
            )
            args = (tag or None, offer_id, participant_id)  # type: ignore[assignment]
        return await self._db.execute(sql, args) > 0

    async def of_project(self, project_id: str, tag: str | None, limit: int) -> list[Offer]:
        """The project's offers (finished ones), newest first; only ``tag``'s if given."""
        where = (
            f"{_FROM} WHERE q.project_id = ? AND (o.asking IS NULL OR o.asking = 'tag')"
            " AND o.what IS NOT NULL"
        )
        args: list[Any] = [project_id]
        if tag is not None:
            where += " AND o.tag = ?"
            args.append(tag)
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS}{where} ORDER BY o.id DESC LIMIT ?", (*args, limit)
        )
        return [Offer(*r) for r in rows]

    async def of_participant(self, participant_id: int) -> list[Offer]:
        """A participant's offers, oldest first (for /mydata)."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS}{_FROM} WHERE o.participant_id = ? AND o.what IS NOT NULL"
            " ORDER BY o.id",
            (participant_id,),
        )
        return [Offer(*r) for r in rows]

    async def recipient(self, offer_id: int) -> Recipient | None:
        """The offer's author as the sender sees them; None if they cannot be reached."""
        row = await self._db.fetch_one(
            "SELECT q.id, p.telegram_id,"
            " (SELECT e.timezone FROM diary_enrolments e WHERE e.participant_id = q.id), "
            + spent_sql()
            + ", q.status = 'active' AND q.blocked_at IS NULL AND p.paused = 0"
            " FROM offers o JOIN participants q ON q.id = o.participant_id"
            " JOIN people p ON p.id = q.person_id WHERE o.id = :offer",
            {"offer": offer_id, "week_ago": week_ago(self._db.clock.timestamp())},
        )
        if row is None or not row[4]:
            return None
        return Recipient(int(row[0]), int(row[1]), row[2], int(row[3]))

    async def ask(
        self,
        offer_id: int,
        work: str,
        asked_by: int,
        recipient: Recipient,
        message: Any,
        due: float | None,
        capped: bool,
    ) -> int:
        """Record the ask and queue its message (``message(ask_id)``: the Bot API
        parameters); at the weekly cap the row records that it was left out."""
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            ask_id = await tx.insert(
                "INSERT INTO offer_asks (offer_id, work, asked_by, asked_at) VALUES (?, ?, ?, ?)",
                (offer_id, work, asked_by, now),
            )
            assert ask_id is not None
            params: Mapping[str, Any] = {} if capped else message(ask_id)
            row = OutboxRow(
                recipient.chat_id,
                ASK_KIND,
                "sendMessage",
                json.dumps(dict(params), ensure_ascii=False),
                recipient.participant_id,
                f"{ASK_KIND}:{ask_id}",
                status="skipped" if capped else "pending",
                error=SKIP_CAP if capped else None,
                not_before=due,
            )
            await queue(tx, [row], now)
        return ask_id

    async def answer(self, ask_id: int, telegram_id: int, yes: bool) -> Asked | None:
        """The resident's Yes or No (the first one counts); None if not theirs or answered."""
        now = self._db.clock.timestamp()
        changed = await self._db.execute(
            "UPDATE offer_asks SET answer = ?, answered_at = ? WHERE id = ? AND answer IS NULL"
            " AND offer_id IN (SELECT o.id FROM offers o JOIN participants q"
            " ON q.id = o.participant_id JOIN people p ON p.id = q.person_id"
            " WHERE p.telegram_id = ?)",
            ("yes" if yes else "no", now, ask_id, telegram_id),
        )
        if not changed:
            return None
        row = await self._db.fetch_one(
            "SELECT work, answer, offer_id, asked_by FROM offer_asks WHERE id = ?", (ask_id,)
        )
        assert row is not None
        offer = await self.offer(int(row[2]))
        assert offer is not None
        return Asked(str(row[0]), str(row[1]), offer, row[3])
