"""Check-in answers: the one being given, its steps and the answers stored at each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conversations.dialogue.engine import DialogueState
from storage.database import Database


@dataclass(frozen=True, slots=True)
class OpenResponse:
    """A check-in being answered, with the engine's position in it."""

    id: int
    cycle_id: int
    state: DialogueState
    last_update_id: int


class CheckInResponses:
    """Answers: one part of the check-in repository."""

    _db: Database

    async def open_response(self, participant_id: int) -> OpenResponse | None:
        """The check-in being answered, if any."""
        row = await self._db.fetch_one(
            "SELECT id, cycle_id, step_id, history, last_update_id FROM checkin_responses"
            " WHERE participant_id = ? AND status = 'open'",
            (participant_id,),
        )
        if row is None:
            return None
        history = tuple(h for h in row[3].split(",") if h)
        return OpenResponse(row[0], row[1], DialogueState(row[2], history), row[4])

    async def start_response(
        self, cycle_id: int, participant_id: int, state: DialogueState, update_id: int
    ) -> bool:
        """Open an answer to a cycle; False if this person already answered it."""
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "SELECT status FROM checkin_responses WHERE cycle_id = ? AND participant_id = ?",
                (cycle_id, participant_id),
            )
            if row is not None:
                return row[0] == "open"
            # One check-in at a time: an unfinished one from another cycle keeps its answers.
            await tx.execute(
                "UPDATE checkin_responses SET status = 'complete', completed_at = ?"
                " WHERE participant_id = ? AND status = 'open'",
                (self._db.clock.timestamp(), participant_id),
            )
            await tx.execute(
                "INSERT INTO checkin_responses (cycle_id, participant_id, step_id, history,"
                " last_update_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    cycle_id,
                    participant_id,
                    state.step_id,
                    ",".join(state.history),
                    update_id,
                    self._db.clock.timestamp(),
                ),
            )
        return True

    async def advance_response(
        self,
        response_id: int,
        state: DialogueState,
        rows: Sequence[tuple[str, str, int | None, str | None]],
        update_id: int,
        finished: bool,
    ) -> None:
        """Store a step of an answer; a replayed update changes nothing."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE checkin_responses SET step_id = ?, history = ?, last_update_id = ?,"
                " status = ?, completed_at = ? WHERE id = ? AND last_update_id < ?",
                (
                    state.step_id,
                    ",".join(state.history),
                    update_id,
                    "complete" if finished else "open",
                    self._db.clock.timestamp() if finished else None,
                    response_id,
                    update_id,
                ),
            )
            if changed != 1:
                return
            await tx.execute_many(
                "INSERT INTO checkin_answers (response_id, question_id, kind, score, value)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (response_id, question_id) DO UPDATE"
                " SET kind = excluded.kind,"
                " score = excluded.score, value = excluded.value",
                [(response_id, *row) for row in rows],
            )
