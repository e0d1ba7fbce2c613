"""The ideas farm: ideas shared under pseudonyms, moderated, backed, built on, shortlisted."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storage.database import Database
from storage.outbox_rows import OutboxRow, insert

# Sharing states of an idea (ideas.sharing): private to the team; asked whether to share;
# shared and waiting for a facilitator; approved (shown to residents); rejected.
PRIVATE, ASKED, PENDING, APPROVED, REJECTED = "private", "asked", "pending", "approved", "rejected"
# The kind of outbox row telling an author what became of their idea (a reply: free).
NEWS_KIND = "idea_news"

_BACKERS = "(SELECT COUNT(*) FROM idea_backers b WHERE b.idea_id = i.id)"
# Offers on an idea count once their what/when/where are given (the tag may follow).
_HELPERS = (
    "(SELECT COUNT(*) FROM offers o WHERE o.idea_id = i.id AND o.what IS NOT NULL"
    " AND (o.asking IS NULL OR o.asking = 'tag'))"
)
_COLUMNS = (
    "i.id, q.project_id, q.pseudonym, i.kind, i.value, i.caption, i.sharing, i.parent_id,"
    f" {_BACKERS}, {_HELPERS}, i.shortlisted_at IS NOT NULL, i.poll_id, i.created_at,"
    " i.participant_id"
)
_FROM = " FROM ideas i JOIN participants q ON q.id = i.participant_id"


@dataclass(frozen=True, slots=True)
class FarmIdea:
    """An idea (or a build-on: ``parent_id`` set) with its author's pseudonym and its backing."""

    id: int
    project_id: str
    pseudonym: str
    kind: str
    value: str
    caption: str | None
    sharing: str
    parent_id: int | None
    backers: int
    helpers: int
    shortlisted: bool
    poll_id: int | None
    created_at: float
    participant_id: int


def _idea(row: Any) -> FarmIdea:
    return FarmIdea(
        int(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        row[5],
        str(row[6]),
        row[7],
        int(row[8]),
        int(row[9]),
        bool(row[10]),
        row[11],
        float(row[12]),
        int(row[13]),
    )


class IdeaFarm:
    """Reads and writes the farm's side of ``ideas`` and ``idea_backers``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def idea(self, idea_id: int) -> FarmIdea | None:
        """One idea or build-on."""
        row = await self._db.fetch_one(f"SELECT {_COLUMNS}{_FROM} WHERE i.id = ?", (idea_id,))
        return _idea(row) if row else None

    async def ask_to_share(self, update_id: int) -> int | None:
        """The idea stored from this update now waits for its author's sharing answer."""
        await self._db.execute(
            "UPDATE ideas SET sharing = 'asked' WHERE source_update_id = ? AND sharing = 'private'"
            " AND parent_id IS NULL",
            (update_id,),
        )
        row = await self._db.fetch_one(
            "SELECT id FROM ideas WHERE source_update_id = ? AND sharing = 'asked'", (update_id,)
        )
        return int(row[0]) if row else None

    async def answer_sharing(self, idea_id: int, participant_id: int, share: bool) -> bool:
        """The author's answer: shared ideas wait for a facilitator. False if already answered."""
        changed = await self._db.execute(
            "UPDATE ideas SET sharing = ? WHERE id = ? AND participant_id = ?"
            " AND sharing = 'asked'",
            (PENDING if share else PRIVATE, idea_id, participant_id),
        )
        return changed > 0

    async def build_on(
        self,
        parent_id: int,
        participant_id: int,
        kind: str,
        value: str,
        caption: str | None,
        update_id: int,
    ) -> bool:
        """A resident's words under an idea, waiting for a facilitator like an idea."""
        changed = await self._db.execute(
            "INSERT INTO ideas (participant_id, kind, value, caption, source_update_id,"
            " created_at, parent_id, sharing) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')"
            " ON CONFLICT (source_update_id) DO NOTHING",
            (
                participant_id,
                kind,
                value,
                caption,
                update_id,
                self._db.clock.timestamp(),
                parent_id,
            ),
        )
        return changed > 0

    async def queue(self, project_id: str, limit: int) -> list[FarmIdea]:
        """Ideas and build-ons waiting for a facilitator, oldest first."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS}{_FROM} WHERE q.project_id = ? AND i.sharing = 'pending'"
            " ORDER BY i.id LIMIT ?",
            (project_id, limit),
        )
        return [_idea(r) for r in rows]

    async def moderate(
        self,
        idea_id: int,
        project_id: str,
        approve: bool,
        news: Mapping[str, Any] | None,
        not_before: float | None = None,
    ) -> FarmIdea | None:
        """Approve or reject a waiting idea and queue ``news`` for its author (one
        transaction); None if it was not waiting (already moderated, or another project's)."""
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE ideas SET sharing = ?, moderated_at = ? WHERE id = ? AND sharing ="
                " 'pending' AND participant_id IN (SELECT id FROM participants"
                " WHERE project_id = ?)",
                (APPROVED if approve else REJECTED, now, idea_id, project_id),
            )
            if changed == 0:
                return None
            rows = await tx.fetch_all(
                "SELECT i.participant_id, p.telegram_id FROM ideas i JOIN participants q"
                " ON q.id = i.participant_id JOIN people p ON p.id = q.person_id WHERE i.id = ?",
                (idea_id,),
            )
            if news is not None:
                queued = [
                    OutboxRow(
                        int(chat),
                        NEWS_KIND,
                        "sendMessage",
                        json.dumps(dict(news), ensure_ascii=False),
                        int(pid),
                        f"{NEWS_KIND}:{idea_id}",
                        not_before=not_before,
                    )
                    for pid, chat in rows
                ]
                await tx.execute_many(*insert(queued, now))
        return await self.idea(idea_id)

    async def page(
        self, project_id: str, most_backed: bool, offset: int, limit: int
    ) -> tuple[list[FarmIdea], int]:
        """Approved ideas (not build-ons) a page at a time, and how many there are."""
        order = f"{_BACKERS} DESC, i.id DESC" if most_backed else "i.id DESC"
        where = f"{_FROM} WHERE q.project_id = ? AND i.sharing = 'approved' AND i.parent_id IS NULL"
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS}{where} ORDER BY {order} LIMIT ? OFFSET ?",
            (project_id, limit, offset),
        )
        total = await self._db.fetch_one(f"SELECT COUNT(*){where}", (project_id,))
        return [_idea(r) for r in rows], int(total[0]) if total else 0

    async def build_ons(self, idea_id: int) -> list[FarmIdea]:
        """Approved build-ons of an idea, oldest first."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS}{_FROM} WHERE i.parent_id = ? AND i.sharing = 'approved'"
            " ORDER BY i.id",
            (idea_id,),
        )
        return [_idea(r) for r in rows]

    async def backed_by(self, participant_id: int, idea_ids: list[int]) -> set[int]:
        """Which of these ideas this participant backs."""
        if not idea_ids:
            return set()
        marks = ", ".join("?" for _ in idea_ids)
        rows = await self._db.fetch_all(
            f"SELECT idea_id FROM idea_backers WHERE participant_id = ? AND idea_id IN ({marks})",
            (participant_id, *idea_ids),
        )
        return {int(r[0]) for r in rows}

    async def back(self, idea_id: int, participant_id: int, on: bool) -> None:
        """Back an approved idea of the participant's project, or undo it (idempotent)."""
        if on:
            await self._db.execute(
                "INSERT INTO idea_backers (idea_id, participant_id, created_at)"
                " SELECT i.id, q.id, ? FROM ideas i JOIN participants a ON a.id = i.participant_id"
                " JOIN participants q ON q.project_id = a.project_id AND q.id = ?"
                " WHERE i.id = ? AND i.sharing = 'approved'"
                " ON CONFLICT (idea_id, participant_id) DO NOTHING",
                (self._db.clock.timestamp(), participant_id, idea_id),
            )
        else:
            await self._db.execute(
                "DELETE FROM idea_backers WHERE idea_id = ? AND participant_id = ?",
                (idea_id, participant_id),
            )

    async def approved(self, project_id: str, limit: int) -> list[FarmIdea]:
        """Approved ideas for staff: shortlisted first, then most backed."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS}{_FROM} WHERE q.project_id = ? AND i.sharing = 'approved'"
            f" AND i.parent_id IS NULL ORDER BY i.shortlisted_at IS NULL, {_BACKERS} DESC,"
            " i.id DESC LIMIT ?",
            (project_id, limit),
        )
        return [_idea(r) for r in rows]

    async def shortlist(self, idea_id: int, project_id: str) -> bool:
        """Put an approved idea on the shortlist; False if it is not one of the project's."""
        changed = await self._db.execute(
            "UPDATE ideas SET shortlisted_at = COALESCE(shortlisted_at, ?) WHERE id = ?"
            " AND sharing = 'approved' AND participant_id IN"
            " (SELECT id FROM participants WHERE project_id = ?)",
            (self._db.clock.timestamp(), idea_id, project_id),
        )
        return changed > 0

    async def poll_made(self, idea_id: int, poll_id: int) -> None:
        """The prototype poll made from this idea (its contributors are the poll's too)."""
        await self._db.execute("UPDATE ideas SET poll_id = ? WHERE id = ?", (poll_id, idea_id))
