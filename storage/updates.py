"""Updates ("you said, we did"): who contributed to what, who was told, and their replies."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from conversations.loop import LinkKind
from conversations.participation import Participant
from conversations.texts_by_language import from_stored
from storage.budget import SKIP_CAP, WEEK, spent_sql
from storage.cohorts import Recipient
from storage.database import Database
from storage.outbox_rows import OutboxRow, queue
from storage.people import PARTICIPANT_COLUMNS, participant_from_row
from storage.update_drafts import Draft, UpdateDrafts
from storage.update_links import IdeaChoice as IdeaChoice
from storage.update_links import NoSuchPoll as NoSuchPoll
from storage.update_links import UpdateLinks, contributor_params

_UPDATE_COLUMNS = "u.id, u.project_id, u.link_kind, u.link_ref, u.text, u.created_at"
# Who a posted update is for (named parameter :update).
_RECIPIENTS_OF = "SELECT participant_id FROM update_recipients WHERE update_id = :update"

# When each reachable recipient may be messaged: participant id -> not before (None: now).
# Anyone the schedule leaves out is at their weekly cap and is not messaged.
Schedule = Callable[[Sequence[Recipient]], Mapping[int, float | None]]


def _recipients_sql(who: str) -> str:
    """The participants ``who`` selects, in id order: id, chat, diary time zone, messages
    this week that spend the cap (storage/budget.py) and whether the sender can reach them
    (active, not blocked, not paused)."""
    return (
        "SELECT q.id, p.telegram_id,"
        " (SELECT e.timezone FROM diary_enrolments e WHERE e.participant_id = q.id), "
        + spent_sql()
        + ", q.status = 'active' AND q.blocked_at IS NULL AND p.paused = 0"
        f" FROM participants q JOIN people p ON p.id = q.person_id WHERE q.id IN ({who})"
        " ORDER BY q.id"
    )


def _week(now: float) -> dict[str, float]:
    return {"week_ago": now - WEEK}


@dataclass(frozen=True, slots=True)
class StoredUpdate:
    """An update as stored; ``idea`` is the linked idea's (kind, value, caption) if any."""

    id: int
    project_id: str
    link_kind: LinkKind
    link_ref: str
    text: str
    created_at: float
    idea: tuple[str, str, str | None] | None = None


@dataclass(frozen=True, slots=True)
class Audience:
    """Contributors to a thing: those the sender can reach and those it will skip."""

    reachable: int
    unreachable: int

    @property
    def total(self) -> int:
        """Everyone who contributed."""
        return self.reachable + self.unreachable


@dataclass(frozen=True, slots=True)
class Posted:
    """An update just queued: its id, its broadcast and how many it was meant for."""

    update_id: int
    broadcast_id: int
    recipients: int


@dataclass(frozen=True, slots=True)
class StoredReply:
    """A resident's reply to an update, with their pseudonym (never their name)."""

    pseudonym: str
    project_id: str
    update_text: str
    kind: str
    value: str
    caption: str | None
    created_at: float


class UpdatesRepository(UpdateLinks):
    """Reads and writes ``updates``, ``update_recipients`` and ``update_replies``."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.drafts = UpdateDrafts(db)

    def _now(self, now: float | None) -> float:
        return self._db.clock.timestamp() if now is None else now

    # Contributors, posting, reach

    async def contributors(
        self, project_id: str, kind: LinkKind, ref: str, script_id: str = ""
    ) -> list[int]:
        """Participant ids of everyone who contributed to the thing, in id order."""
        rows = await self._db.fetch_all(
            f"SELECT participant_id FROM ({await self._contributors_sql(kind)}) AS c"
            " ORDER BY participant_id",
            contributor_params(project_id, kind, ref, script_id),
        )
        return [int(r[0]) for r in rows]

    async def audience(
        self, project_id: str, kind: LinkKind, ref: str, script_id: str = ""
    ) -> Audience:
        """How many contributors the sender can reach (active, not paused or blocked)."""
        row = await self._db.fetch_one(
            "SELECT COALESCE(SUM(CASE WHEN q.status = 'active' AND q.blocked_at IS NULL"
            " AND p.paused = 0 THEN 1 ELSE 0 END), 0), COUNT(*) FROM participants q"
            " JOIN people p ON p.id = q.person_id"
            f" WHERE q.id IN ({await self._contributors_sql(kind)})",
            contributor_params(project_id, kind, ref, script_id),
        )
        reachable, total = (int(row[0]), int(row[1])) if row else (0, 0)
        return Audience(reachable, total - reachable)

    async def reachable(
        self,
        project_id: str,
        kind: LinkKind,
        ref: str,
        script_id: str = "",
        now: float | None = None,
    ) -> list[Recipient]:
        """Contributors the sender can reach, with what the weekly cap and quiet hours need."""
        rows = await self._db.fetch_all(
            _recipients_sql(await self._contributors_sql(kind)),
            {**contributor_params(project_id, kind, ref, script_id), **_week(self._now(now))},
        )
        return [Recipient(r[0], r[1], r[2], r[3]) for r in rows if r[4]]

    async def post(
        self,
        draft: Draft,
        script_id: str,
        message: Callable[[int], Mapping[str, Any]],
        schedule: Schedule | None = None,
    ) -> Posted | None:
        """Turn a previewed draft into an update, its recipients and their outbox rows.

        One transaction: the update, who it is for, a broadcast and one outbox row per
        recipient (deduplicated per update and participant), and the draft is gone; a
        second press of Send (or a replay) finds no draft and returns None. ``message``
        gives the Bot API parameters for the new update id; ``schedule`` says when each
        reachable recipient may be messaged (no schedule: all now, no cap). Someone it
        leaves out (at their weekly cap) stays a recipient: it is in their /updates.
        """
        if draft.project_id is None or draft.link_kind is None or draft.link_ref is None:
            raise ValueError("the draft is not ready to send")
        contributors = await self._contributors_sql(draft.link_kind)
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            if not await tx.execute(
                "DELETE FROM update_drafts WHERE id = ? AND stage = 'preview'", (draft.id,)
            ):
                return None
            broadcast_id = await tx.insert(
                "INSERT INTO broadcasts (project_id, kind, created_by, created_at,"
                " progress_chat_id) VALUES (?, 'update', ?, ?, ?)",
                (draft.project_id, draft.telegram_id, now, draft.telegram_id),
            )
            update_id = await tx.insert(
                "INSERT INTO updates (project_id, link_kind, link_ref, text, created_by,"
                " created_at, broadcast_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    draft.project_id,
                    draft.link_kind,
                    draft.link_ref,
                    draft.text or "",
                    draft.telegram_id,
                    now,
                    broadcast_id,
                ),
            )
            assert update_id is not None and broadcast_id is not None
            # DISTINCT in a subquery: PostgreSQL would type a parameter it must compare as text.
            recipients = await tx.execute(
                "INSERT INTO update_recipients (update_id, participant_id)"
                " SELECT :update, participant_id FROM"
                f" (SELECT DISTINCT participant_id FROM ({contributors}) AS c) AS d",
                {
                    **contributor_params(
                        draft.project_id, draft.link_kind, draft.link_ref, script_id
                    ),
                    "update": update_id,
                },
            )
            # Read on the writer: it sees the recipients just inserted, and nobody else
            # writes until this transaction ends.
            rows = await tx.fetch_all(
                _recipients_sql(_RECIPIENTS_OF), {"update": update_id, **_week(self._now(now))}
            )
            reachable = [Recipient(r[0], r[1], r[2], r[3]) for r in rows if r[4]]
            due = (
                schedule(reachable)
                if schedule
                else dict.fromkeys((r.participant_id for r in reachable), None)
            )
            params = json.dumps(dict(message(update_id)), ensure_ascii=False)
            # Paused, left and blocked people get a row too (due now): the sender skips and
            # counts them. Someone left out of ``due`` is at their cap: a skipped row says so.
            queued = [
                OutboxRow(
                    chat,
                    "update",
                    "sendMessage",
                    params,
                    pid,
                    f"update:{update_id}:{pid}",
                    broadcast_id,
                    not_before=due[pid] if ok else None,
                )
                for pid, chat, _, _, ok in rows
                if not ok or pid in due
            ]
            capped = [
                OutboxRow(
                    chat,
                    "update",
                    "sendMessage",
                    "{}",
                    pid,
                    f"update:{update_id}:{pid}",
                    broadcast_id,
                    status="skipped",
                    error=SKIP_CAP,
                )
                for pid, chat, _, _, ok in rows
                if ok and pid not in due
            ]
            await queue(tx, queued + capped, now)
        return Posted(update_id, broadcast_id, recipients)

    async def reach(self, update_id: int) -> tuple[int, int]:
        """(queued, sent): outbox rows queued for the update, and those Telegram accepted."""
        row = await self._db.fetch_one(
            "SELECT COUNT(o.id), COALESCE(SUM(CASE WHEN o.status = 'sent' THEN 1 ELSE 0 END), 0)"
            " FROM updates u"
            " JOIN outbox o ON o.broadcast_id = u.broadcast_id WHERE u.id = ?",
            (update_id,),
        )
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def recipients(self, update_id: int) -> list[int]:
        """Participant ids the update was meant for."""
        rows = await self._db.fetch_all(
            "SELECT participant_id FROM update_recipients WHERE update_id = ?"
            " ORDER BY participant_id",
            (update_id,),
        )
        return [int(r[0]) for r in rows]

    # Residents' side

    async def received(self, telegram_id: int, limit: int = 30) -> list[StoredUpdate]:
        """Updates linked to what this person said, in any of their projects, newest first."""
        rows = await self._db.fetch_all(
            f"SELECT {_UPDATE_COLUMNS}, i.kind, i.value, i.caption FROM people p"
            " JOIN participants q ON q.person_id = p.id"
            " JOIN update_recipients r ON r.participant_id = q.id"
            " JOIN updates u ON u.id = r.update_id"
            # link_ref is text; PostgreSQL compares an id with a number only (an idea's ref
            # is always its id; the CASE casts no other kind's ref).
            " LEFT JOIN ideas i ON i.id ="
            " CASE WHEN u.link_kind = 'idea' THEN CAST(u.link_ref AS BIGINT) END"
            " WHERE p.telegram_id = ? ORDER BY u.created_at DESC, u.id DESC LIMIT ?",
            (telegram_id, limit),
        )
        return [
            StoredUpdate(
                r[0],
                r[1],
                r[2],
                r[3],
                from_stored(r[4]),
                r[5],
                (r[6], r[7], r[8]) if r[6] is not None else None,
            )
            for r in rows
        ]

    async def recipient(self, update_id: int, telegram_id: int) -> Participant | None:
        """The person's participation the update was sent to, if it was sent to them."""
        columns = ", ".join(f"q.{c.strip()}" for c in PARTICIPANT_COLUMNS.split(","))
        row = await self._db.fetch_one(
            f"SELECT {columns} FROM update_recipients r"
            " JOIN participants q ON q.id = r.participant_id"
            " JOIN people p ON p.id = q.person_id WHERE r.update_id = ? AND p.telegram_id = ?",
            (update_id, telegram_id),
        )
        return participant_from_row(row) if row else None

    async def add_reply(
        self,
        update_id: int,
        participant_id: int,
        kind: str,
        value: str,
        caption: str | None,
        source_update_id: int,
    ) -> bool:
        """Store a reply once per Telegram update; False if this one was already stored."""
        changed = await self._db.execute(
            "INSERT INTO update_replies (update_id, participant_id, kind, value, caption,"
            " source_update_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (source_update_id) DO NOTHING",
            (
                update_id,
                participant_id,
                kind,
                value,
                caption,
                source_update_id,
                self._db.clock.timestamp(),
            ),
        )
        return changed > 0

    async def latest_replies(
        self, project_ids: Sequence[str], limit: int = 20
    ) -> list[StoredReply]:
        """The latest replies to updates of these projects, newest first."""
        if not project_ids:
            return []
        marks = ", ".join("?" for _ in project_ids)
        rows = await self._db.fetch_all(
            "SELECT q.pseudonym, u.project_id, u.text, x.kind, x.value, x.caption, x.created_at"
            " FROM update_replies x JOIN updates u ON u.id = x.update_id"
            " JOIN participants q ON q.id = x.participant_id"
            f" WHERE u.project_id IN ({marks}) ORDER BY x.created_at DESC, x.id DESC LIMIT ?",
            (*project_ids, limit),
        )
        return [StoredReply(r[0], r[1], from_stored(r[2]), *r[3:]) for r in rows]
