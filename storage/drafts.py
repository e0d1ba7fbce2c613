"""Something a facilitator is building in chat (a poll, a check-in), kept between messages.

A row per person, not memory, so a restart mid-flow loses nothing; a draft left longer than
DRAFT_HOURS is forgotten rather than resumed by surprise.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel

from storage.database import Database

DRAFT_HOURS = 24
# Table names cannot be SQL parameters: only these (telegram_id, draft, updated_at) tables.
DRAFT_TABLES = frozenset({"poll_drafts", "checkin_drafts"})
Draft = TypeVar("Draft", bound=BaseModel)


class DraftStore(Generic[Draft]):
    """One person's draft of one kind, as JSON of its pydantic model."""

    def __init__(self, db: Database, table: str, model: type[Draft]) -> None:
        if table not in DRAFT_TABLES:
            raise ValueError(f"not a draft table: {table}")
        self._db = db
        self._table = table
        self._model = model
        self._drafting: set[int] | None = None  # who has a draft: asked on every message

    async def is_drafting(self, telegram_id: int) -> bool:
        """Whether this person has a recent draft (kept in memory after one read)."""
        if self._drafting is None:
            rows = await self._db.fetch_all(
                f"SELECT telegram_id FROM {self._table} WHERE updated_at > ?",
                (_since(self._db.clock.timestamp()),),
            )
            self._drafting = {r[0] for r in rows}
        return telegram_id in self._drafting

    async def get(self, telegram_id: int) -> Draft | None:
        """The person's draft, unless it was left too long."""
        row = await self._db.fetch_one(
            f"SELECT draft FROM {self._table} WHERE telegram_id = ? AND updated_at > ?",
            (telegram_id, _since(self._db.clock.timestamp())),
        )
        return self._model.model_validate_json(row[0]) if row else None

    async def save(self, telegram_id: int, draft: Draft) -> None:
        """Keep the draft as it stands."""
        await self._db.execute(
            f"INSERT INTO {self._table} (telegram_id, draft, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (telegram_id) DO UPDATE SET draft = excluded.draft,"
            " updated_at = excluded.updated_at",
            (telegram_id, draft.model_dump_json(), self._db.clock.timestamp()),
        )
        if self._drafting is not None:
            self._drafting.add(telegram_id)

    async def drop(self, telegram_id: int) -> None:
        """Forget the draft (finished or cancelled)."""
        await self._db.execute(f"DELETE FROM {self._table} WHERE telegram_id = ?", (telegram_id,))
        self.forgotten(telegram_id)

    def forgotten(self, telegram_id: int) -> None:
        """The caller deleted the row in its own transaction (e.g. with what it saved)."""
        if self._drafting is not None:
            self._drafting.discard(telegram_id)


def _since(now: float) -> float:
    return now - DRAFT_HOURS * 3600
