"""Check-in results, changes made to the service and telling respondents about them."""

from __future__ import annotations

from datetime import date

from conversations.checkins.results import Change, CycleResults, Words
from storage.checkin_cycles import ELIGIBLE, outbox_params
from storage.database import Database
from storage.diary import Outgoing
from storage.outbox_rows import insert_select, key_sql

# "You said, we did" to each respondent of the change's check-in who can be messaged.
_TELL_CHANGE = insert_select(
    "FROM checkin_changes g JOIN checkin_cycles c ON c.project_id = g.project_id"
    " AND c.checkin_id = g.checkin_id JOIN checkin_responses r ON r.cycle_id = c.id"
    " JOIN participants q ON q.id = r.participant_id"
    " JOIN people p ON p.id = q.person_id WHERE g.id = :change AND"
    + ELIGIBLE
    + " AND EXISTS (SELECT 1 FROM checkin_answers a WHERE a.response_id = r.id"
    " AND a.kind != 'skipped')",
    chat_id="p.telegram_id",
    participant_id="q.id",
    kind=":out_kind",
    method=":method",
    params=":params",
    # g.id, not :change: PostgreSQL types a parameter once, and || would make it text.
    dedupe_key=key_sql("checkin-change", "g.id", "q.id"),
    distinct=True,
)


class CheckInResults:
    """Results and changes: one part of the check-in repository."""

    _db: Database

    async def results(self, project_id: str, checkin_id: str) -> list[CycleResults]:
        """Every cycle of a check-in, oldest first, with its answers (pseudonyms only)."""
        key = (project_id, checkin_id)
        cycles = await self._db.fetch_all(
            "SELECT c.id, c.local_date, c.closed_at IS NOT NULL,"
            " (SELECT COUNT(*) FROM checkin_invites i WHERE i.cycle_id = c.id"
            "  AND i.kind = 'invite'),"
            " (SELECT COUNT(DISTINCT r.participant_id) FROM checkin_responses r"
            "  JOIN checkin_answers a ON a.response_id = r.id"
            "  WHERE r.cycle_id = c.id AND a.kind != 'skipped')"
            " FROM checkin_cycles c WHERE c.project_id = ? AND c.checkin_id = ?"
            " ORDER BY c.local_date",
            key,
        )
        answers = await self._db.fetch_all(
            "SELECT r.cycle_id, a.question_id, a.kind, a.score, a.value, q.pseudonym"
            " FROM checkin_answers a JOIN checkin_responses r ON r.id = a.response_id"
            " JOIN checkin_cycles c ON c.id = r.cycle_id"
            " JOIN participants q ON q.id = r.participant_id"
            " WHERE c.project_id = ? AND c.checkin_id = ? AND a.kind != 'skipped'"
            " ORDER BY r.completed_at IS NULL, r.completed_at, r.id",
            key,
        )
        found = {
            r[0]: CycleResults(r[0], date.fromisoformat(r[1]), bool(r[2]), r[3], r[4])
            for r in cycles
        }
        for cycle_id, question, kind, score, value, pseudonym in answers:
            cycle = found[cycle_id]
            if kind == "scale":
                cycle.scores.setdefault(question, []).append(int(score))
            else:
                cycle.words.setdefault(question, []).append(Words(pseudonym, kind, value))
        return list(found.values())

    async def add_change(
        self, project_id: str, checkin_id: str, day: date, text: str, now: float
    ) -> int:
        """Record a change made to the service; return its id."""
        async with self._db.transaction() as tx:
            change_id = await tx.insert(
                "INSERT INTO checkin_changes (project_id, checkin_id, local_date, text,"
                " created_at) VALUES (?, ?, ?, ?, ?)",
                (project_id, checkin_id, day.isoformat(), text, now),
            )
        assert change_id is not None
        return change_id

    async def changes(self, project_id: str, checkin_id: str) -> list[Change]:
        """The changes recorded for a check-in, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT id, local_date, text FROM checkin_changes WHERE project_id = ?"
            " AND checkin_id = ? ORDER BY local_date, id",
            (project_id, checkin_id),
        )
        return [Change(r[0], date.fromisoformat(r[1]), r[2]) for r in rows]

    async def change_of(self, change_id: int) -> tuple[str, str, Change] | None:
        """(project, check-in, change) for a change id."""
        row = await self._db.fetch_one(
            "SELECT project_id, checkin_id, id, local_date, text FROM checkin_changes WHERE id = ?",
            (change_id,),
        )
        return (row[0], row[1], Change(row[2], date.fromisoformat(row[3]), row[4])) if row else None

    async def respondents(self, project_id: str, checkin_id: str) -> int:
        """How many people have answered this check-in at least once."""
        row = await self._db.fetch_one(
            "SELECT COUNT(DISTINCT r.participant_id) FROM checkin_responses r"
            " JOIN checkin_cycles c ON c.id = r.cycle_id"
            " WHERE c.project_id = ? AND c.checkin_id = ? AND EXISTS (SELECT 1 FROM"
            " checkin_answers a WHERE a.response_id = r.id AND a.kind != 'skipped')",
            (project_id, checkin_id),
        )
        return int(row[0]) if row else 0

    async def tell_change(self, change_id: int, cap: int, now: float, message: Outgoing) -> int:
        """Queue "you said, we did" to the check-in's respondents, once per change and person."""
        params = outbox_params(now, cap, message, change=change_id)
        async with self._db.transaction() as tx:
            queued = await tx.execute(_TELL_CHANGE, params)
            await tx.execute("UPDATE checkin_changes SET told_at = :now WHERE id = :change", params)
        return max(queued, 0)
