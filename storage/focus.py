"""The stored conversation focus: what each person was last asked (conversations/focus.py)."""

from __future__ import annotations

from conversations.focus import Focus, FocusKind, stacked
from storage.database import Database

_COLUMNS = "kind, project_id, ref, under_kind, under_project, under_ref, under_set_at, set_at"
# A dialogue interrupted longer ago than this is not asked again when the interruption
# ends (the person had left it): their next message then gets "send /resume" instead.
LIVE_SECONDS = 24 * 3600


def _focus(kind: str | None, project_id: str | None, ref: str | None) -> Focus | None:
    if kind is None:
        return None
    try:
        return Focus(FocusKind(kind), project_id, ref)
    except ValueError:
        return None  # a kind from a newer Tandem: treat as nothing asked


class FocusRepository:
    """Reads and writes ``focus``: one row per person at most."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, telegram_id: int) -> Focus | None:
        """What the person was last asked, if anything is open."""
        row = await self._db.fetch_one(
            "SELECT kind, project_id, ref FROM focus WHERE telegram_id = ?", (telegram_id,)
        )
        return _focus(row[0], row[1], row[2]) if row else None

    async def set(self, telegram_id: int, focus: Focus) -> None:
        """Make ``focus`` the owner of the next message; an interrupted dialogue stays under."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                f"SELECT {_COLUMNS} FROM focus WHERE telegram_id = ?", (telegram_id,)
            ) as cursor:
                row = await cursor.fetchone()
            current = _focus(row[0], row[1], row[2]) if row else None
            under = stacked(current, _focus(row[3], row[4], row[5]) if row else None, focus)
            under_set_at = None
            if under is not None and row is not None:
                under_set_at = row[7] if under is current else row[6]
            await conn.execute(
                "INSERT INTO focus (telegram_id, kind, project_id, ref, under_kind,"
                " under_project, under_ref, under_set_at, set_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (telegram_id) DO UPDATE SET kind = excluded.kind,"
                " project_id = excluded.project_id, ref = excluded.ref,"
                " under_kind = excluded.under_kind, under_project = excluded.under_project,"
                " under_ref = excluded.under_ref, under_set_at = excluded.under_set_at,"
                " set_at = excluded.set_at",
                (
                    telegram_id,
                    focus.kind.value,
                    focus.project_id,
                    focus.ref,
                    under.kind.value if under else None,
                    under.project_id if under else None,
                    under.ref if under else None,
                    under_set_at,
                    self._db.clock.timestamp(),
                ),
            )

    async def offer(self, telegram_id: int, focus: Focus) -> bool:
        """Set ``focus`` unless something other than the dialogue is open (an idea being
        written, a diary entry, staff work): a question we start must not take over one
        the person started. False when it was not set."""
        current = await self.get(telegram_id)
        if current is not None and current.kind not in {FocusKind.DIALOGUE, focus.kind}:
            return False
        await self.set(telegram_id, focus)
        return True

    async def done(self, telegram_id: int, kind: FocusKind) -> Focus | None:
        """The ``kind`` question was answered: close it; return the dialogue under it, if
        that conversation was still live (asked within ``LIVE_SECONDS``).

        Nothing changes when the open focus is of another kind (a replayed update).
        """
        async with self._db.transaction() as conn:
            async with conn.execute(
                f"SELECT {_COLUMNS} FROM focus WHERE telegram_id = ?", (telegram_id,)
            ) as cursor:
                row = await cursor.fetchone()
            if row is None or row[0] != kind.value:
                return None
            await conn.execute("DELETE FROM focus WHERE telegram_id = ?", (telegram_id,))
        if row[6] is None or row[6] < self._db.clock.timestamp() - LIVE_SECONDS:
            return None
        return _focus(row[3], row[4], row[5])

    async def clear(self, telegram_id: int, project_id: str | None = None) -> None:
        """Nothing is open any more (for one project only, when given: they left it)."""
        if project_id is None:
            await self._db.execute("DELETE FROM focus WHERE telegram_id = ?", (telegram_id,))
            return
        await self._db.execute(
            "DELETE FROM focus WHERE telegram_id = ? AND (project_id = ? OR under_project = ?)",
            (telegram_id, project_id, project_id),
        )
