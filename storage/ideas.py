"""Ideas and topics residents raise themselves."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database


@dataclass(frozen=True, slots=True)
class Idea:
    """An idea as stored."""

    id: int
    participant_id: int
    kind: str
    value: str
    caption: str | None
    created_at: float


class IdeasRepository:
    """Reads and writes ``ideas``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self, participant_id: int, kind: str, value: str, caption: str | None, update_id: int
    ) -> bool:
        """Store an idea once per update; False if this update was already stored."""
        changed = await self._db.execute(
            "INSERT INTO ideas (participant_id, kind, value, caption, source_update_id,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_update_id) DO NOTHING",
            (participant_id, kind, value, caption, update_id, self._db.clock.timestamp()),
        )
        return changed > 0

    async def of_participant(self, participant_id: int) -> list[Idea]:
        """A participant's ideas, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT id, participant_id, kind, value, caption, created_at FROM ideas"
            " WHERE participant_id = ? ORDER BY id",
            (participant_id,),
        )
        return [Idea(*r) for r in rows]
