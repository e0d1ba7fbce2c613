"""Dialogue progress and answers; one transaction per step, idempotent per update."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conversations.dialogue.engine import Answer, DialogueState
from conversations.participation import Participant
from storage.database import Database, Statement
from storage.people import PARTICIPANT_COLUMNS, PARTICIPANT_WIDTH, participant_from_row

_SESSION_COLUMNS = "script_id, step_id, history, probing, last_update_id, finished_at"


@dataclass(frozen=True, slots=True)
class DialogueProgress:
    """Where a participant is in their dialogue, and the last update applied to it."""

    script_id: str
    state: DialogueState
    last_update_id: int
    finished: bool


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """An answer as stored, for /mydata and summaries."""

    script_id: str
    step_id: str
    probe: bool
    kind: str
    value: str
    caption: str | None
    created_at: float


def _progress(row: tuple[object, ...]) -> DialogueProgress:
    history = tuple(h for h in str(row[2]).split(",") if h)
    state = DialogueState(step_id=row[1], history=history, probing=bool(row[3]))  # type: ignore[arg-type]
    return DialogueProgress(str(row[0]), state, int(row[4]), row[5] is not None)  # type: ignore[call-overload]


class DialogueRepository:
    """Reads and writes ``dialogue_sessions`` and ``answers``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def progress(self, participant_id: int) -> DialogueProgress | None:
        """The participant's dialogue position, or None if it never started."""
        row = await self._db.fetch_one(
            f"SELECT {_SESSION_COLUMNS} FROM dialogue_sessions WHERE participant_id = ?",
            (participant_id,),
        )
        return _progress(tuple(row)) if row else None

    async def position(
        self, telegram_id: int
    ) -> tuple[Participant, DialogueProgress | None] | None:
        """The person's current participation and its dialogue progress, in one query."""
        columns = ", ".join(f"q.{c.strip()}" for c in PARTICIPANT_COLUMNS.split(","))
        sessions = ", ".join(f"s.{c.strip()}" for c in _SESSION_COLUMNS.split(","))
        row = await self._db.fetch_one(
            f"SELECT {columns}, {sessions} FROM people p JOIN participants q"
            " ON q.person_id = p.id AND q.project_id = p.current_project"
            " AND q.status = 'active'"
            " LEFT JOIN dialogue_sessions s ON s.participant_id = q.id"
            " WHERE p.telegram_id = ?",
            (telegram_id,),
        )
        if row is None:
            return None
        values = tuple(row)
        session = values[PARTICIPANT_WIDTH:]
        return participant_from_row(values), _progress(session) if session[0] else None

    async def record(
        self,
        participant_id: int,
        script_id: str,
        state: DialogueState,
        answers: Sequence[Answer],
        update_id: int,
        finished: bool,
    ) -> None:
        """Store a step's answers and the new position together (group-committed).

        Both statements are idempotent: a replayed update (same update id) neither moves
        the position back nor stores an answer twice.
        """
        now = self._db.clock.timestamp()
        statements: list[Statement] = [
            (
                "INSERT INTO dialogue_sessions (participant_id, script_id, step_id, history,"
                " probing, last_update_id, started_at, finished_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (participant_id) DO UPDATE SET"
                " script_id = excluded.script_id, step_id = excluded.step_id,"
                " history = excluded.history, probing = excluded.probing,"
                " last_update_id = excluded.last_update_id, finished_at = excluded.finished_at"
                " WHERE excluded.last_update_id = 0"
                " OR dialogue_sessions.last_update_id < excluded.last_update_id",
                (
                    participant_id,
                    script_id,
                    state.step_id,
                    ",".join(state.history),
                    int(state.probing),
                    update_id,
                    now,
                    now if finished else None,
                ),
            )
        ]
        # An answer given again (after /back) replaces the earlier one in reports; a
        # replayed update (same source update) does not replace its own answer.
        statements += [
            (
                "UPDATE answers SET superseded_at = ? WHERE participant_id = ? AND script_id = ?"
                " AND step_id = ? AND probe = ? AND superseded_at IS NULL"
                " AND COALESCE(source_update_id, -1) <> ?",
                (now, participant_id, script_id, a.step_id, int(a.probe), update_id or -1),
            )
            for a in answers
        ]
        statements += [
            (
                "INSERT INTO answers (participant_id, script_id, step_id, probe, kind, value,"
                " caption, source_update_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (
                    participant_id,
                    script_id,
                    a.step_id,
                    int(a.probe),
                    a.kind,
                    a.value,
                    a.caption,
                    update_id or None,
                    now,
                ),
            )
            for a in answers
        ]
        await self._db.write(statements)

    async def reset(self, participant_id: int) -> None:
        """Forget the position (answers stay), so the dialogue starts again."""
        await self._db.execute(
            "DELETE FROM dialogue_sessions WHERE participant_id = ?", (participant_id,)
        )

    async def current_answer(
        self, participant_id: int, script_id: str, step_id: str
    ) -> StoredAnswer | None:
        """The answer that counts for a question (not one replaced since), if any."""
        row = await self._db.fetch_one(
            "SELECT script_id, step_id, probe, kind, value, caption, created_at FROM answers"
            " WHERE participant_id = ? AND script_id = ? AND step_id = ? AND probe = 0"
            " AND superseded_at IS NULL ORDER BY id DESC LIMIT 1",
            (participant_id, script_id, step_id),
        )
        return (
            StoredAnswer(row[0], row[1], bool(row[2]), row[3], row[4], row[5], row[6])
            if row
            else None
        )

    async def answers(self, participant_id: int) -> list[StoredAnswer]:
        """Every answer the participant gave, in order."""
        rows = await self._db.fetch_all(
            "SELECT script_id, step_id, probe, kind, value, caption, created_at FROM answers"
            " WHERE participant_id = ? ORDER BY id",
            (participant_id,),
        )
        return [StoredAnswer(r[0], r[1], bool(r[2]), r[3], r[4], r[5], r[6]) for r in rows]
