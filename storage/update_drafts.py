"""A facilitator's /update while it is being written: one row per person, between messages."""

from __future__ import annotations

from dataclasses import dataclass

from conversations.loop import LinkKind
from storage.database import Database

_DRAFT_COLUMNS = "id, telegram_id, project_id, stage, link_kind, link_ref, text, text_update_id"


@dataclass(frozen=True, slots=True)
class Draft:
    """A facilitator's /update being written."""

    id: int
    telegram_id: int
    project_id: str | None
    stage: str
    link_kind: LinkKind | None
    link_ref: str | None
    text: str | None
    text_update_id: int | None


class UpdateDrafts:
    """Reads and writes ``update_drafts``; a restart mid-flow loses nothing."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def start(self, telegram_id: int, project_id: str | None) -> Draft:
        """A new draft replacing any earlier one (whose buttons then go stale)."""
        stage = "kind" if project_id else "project"
        async with self._db.transaction() as tx:
            await tx.execute("DELETE FROM update_drafts WHERE telegram_id = ?", (telegram_id,))
            await tx.execute(
                "INSERT INTO update_drafts (telegram_id, project_id, stage, created_at)"
                " VALUES (?, ?, ?, ?)",
                (telegram_id, project_id, stage, self._db.clock.timestamp()),
            )
        found = await self.of(telegram_id)
        assert found is not None
        return found

    async def of(self, telegram_id: int) -> Draft | None:
        """This person's draft, if any."""
        row = await self._db.fetch_one(
            f"SELECT {_DRAFT_COLUMNS} FROM update_drafts WHERE telegram_id = ?", (telegram_id,)
        )
        return Draft(*row) if row else None

    async def awaiting_text(self, telegram_id: int, update_id: int) -> Draft | None:
        """The draft waiting for its text, or the one this very message already filled."""
        row = await self._db.fetch_one(
            f"SELECT {_DRAFT_COLUMNS} FROM update_drafts WHERE telegram_id = ?"
            " AND (stage = 'text' OR text_update_id = ?)",
            (telegram_id, update_id),
        )
        return Draft(*row) if row else None

    async def set_project(self, draft_id: int, project_id: str) -> None:
        """The project is chosen: next, what the update is linked to."""
        await self._db.execute(
            "UPDATE update_drafts SET project_id = ?, stage = 'kind' WHERE id = ?",
            (project_id, draft_id),
        )

    async def set_link(self, draft_id: int, kind: LinkKind, ref: str) -> None:
        """The link is chosen: next, the text."""
        await self._db.execute(
            "UPDATE update_drafts SET link_kind = ?, link_ref = ?, stage = 'text',"
            " text = NULL, text_update_id = NULL WHERE id = ?",
            (kind, ref, draft_id),
        )

    async def set_text(
        self, draft_id: int, text: str, update_id: int, stage: str = "preview"
    ) -> None:
        """The text is written (``to_stored``: every language so far): next, ``stage`` (the
        preview, or "text" again to ask for it in a language still missing)."""
        await self._db.execute(
            "UPDATE update_drafts SET text = ?, text_update_id = ?, stage = ? WHERE id = ?",
            (text, update_id, stage, draft_id),
        )

    async def set_stage(self, draft_id: int, stage: str) -> None:
        """Once there is a text: ask for it in a language still missing ("text"), or preview."""
        await self._db.execute(
            "UPDATE update_drafts SET stage = ? WHERE id = ? AND text IS NOT NULL",
            (stage, draft_id),
        )

    async def drop(self, draft_id: int) -> bool:
        """Cancel a draft; False if it was already gone."""
        return await self._db.execute("DELETE FROM update_drafts WHERE id = ?", (draft_id,)) > 0
