"""The stored conversation focus: what each person was last asked (conversations/focus.py)."""

from __future__ import annotations

from conversations.focus import Focus, FocusKind
from storage.database import Database

# A dialogue interrupted longer ago than this is not asked again when the interruption
# ends (the person had left it): their next message then gets "send /resume" instead.
LIVE_SECONDS = 24 * 3600
# Setting the same focus again within this time writes nothing (each dialogue turn does).
_FRESH = 600.0
_DIALOGUE = f"'{FocusKind.DIALOGUE.value}'"
# In DO UPDATE, bare ``focus.`` columns are the row as it was, ``excluded.`` the new one.
_SET = (
    "INSERT INTO focus (telegram_id, kind, project_id, ref, set_at) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (telegram_id) DO UPDATE SET kind = excluded.kind,"
    " project_id = excluded.project_id, ref = excluded.ref, set_at = excluded.set_at,"
    + ",".join(
        f" under_{column} = CASE WHEN excluded.kind = {_DIALOGUE} THEN NULL"
        f" WHEN focus.kind = {_DIALOGUE} THEN focus.{now} ELSE focus.under_{column} END"
        for column, now in (
            ("kind", "kind"),
            ("project", "project_id"),
            ("ref", "ref"),
            ("set_at", "set_at"),
        )
    )
)


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
        """Make ``focus`` the owner of the next message (one group-committed statement).

        What stays under it: nothing under the dialogue; the dialogue under anything that
        interrupts it; and whatever was under the open focus when one short question
        follows another (conversations/focus.py).
        """
        now = self._db.clock.timestamp()
        row = await self._db.fetch_one(
            "SELECT kind, project_id, ref, set_at FROM focus WHERE telegram_id = ?",
            (telegram_id,),
        )
        if row is not None and _focus(row[0], row[1], row[2]) == focus and now - row[3] < _FRESH:
            return  # asked the same again just now: nothing to write (a read is cheaper)
        await self._db.write(
            [(_SET, (telegram_id, focus.kind.value, focus.project_id, focus.ref, now))]
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
        # One statement: another process can change the row between a read and a delete.
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "DELETE FROM focus WHERE telegram_id = ? AND kind = ?"
                " RETURNING under_kind, under_project, under_ref, under_set_at",
                (telegram_id, kind.value),
            )
        if row is None or row[3] is None or row[3] < self._db.clock.timestamp() - LIVE_SECONDS:
            return None
        return _focus(row[0], row[1], row[2])

    async def clear(self, telegram_id: int, project_id: str | None = None) -> None:
        """Nothing is open any more (for one project only, when given: they left it)."""
        if project_id is None:
            await self._db.execute("DELETE FROM focus WHERE telegram_id = ?", (telegram_id,))
            return
        await self._db.execute(
            "DELETE FROM focus WHERE telegram_id = ? AND (project_id = ? OR under_project = ?)",
            (telegram_id, project_id, project_id),
        )
