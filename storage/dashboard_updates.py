"""The updates a project sent, as the dashboard's composer lists them (newest first)."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database


@dataclass(frozen=True, slots=True)
class SentUpdate:
    """An update a project sent, and the broadcast whose outbox rows carry it."""

    id: int
    link_kind: str
    link_ref: str
    text: str
    created_at: float
    broadcast_id: int | None


_COLUMNS = "id, link_kind, link_ref, text, created_at, broadcast_id"


async def sent_updates(db: Database, project_id: str, limit: int = 10) -> list[SentUpdate]:
    """The project's latest updates."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM updates WHERE project_id = ? ORDER BY id DESC LIMIT ?",
        (project_id, limit),
    )
    return [SentUpdate(*r) for r in rows]


async def sent_update(db: Database, project_id: str, update_id: int) -> SentUpdate | None:
    """One update of this project (None for another project's: it is not theirs to see)."""
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM updates WHERE project_id = ? AND id = ?", (project_id, update_id)
    )
    return SentUpdate(*row) if row else None
