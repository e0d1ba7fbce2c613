"""Check-in questions residents suggest, and those the team adopted (asked from the next cycle)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from conversations.checkins.model import CheckInDefinition, CheckInQuestion
from conversations.texts_by_language import from_stored
from storage.database import Database
from storage.outbox_rows import OutboxRow, insert

ADOPTED_KIND = "checkin_adopted"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A question a resident suggested for a check-in (shown to staff by pseudonym)."""

    id: int
    project_id: str
    checkin_id: str
    pseudonym: str
    text: str
    created_at: float
    adopted_at: float | None


@dataclass(frozen=True, slots=True)
class AdoptedQuestion:
    """A suggested question a check-in now asks, from cycles opened after ``adopted_at``."""

    id: int
    project_id: str
    checkin_id: str
    function: str
    kind: str
    text: str
    adopted_at: float


_SUGGESTION = (
    "SELECT s.id, s.project_id, s.checkin_id, q.pseudonym, s.text, s.created_at, s.adopted_at"
    " FROM checkin_suggestions s JOIN participants q ON q.id = s.participant_id"
)
_ADOPTED = (
    "SELECT id, project_id, checkin_id, function, kind, text, adopted_at"
    " FROM checkin_adopted_questions"
)


class CheckInSuggestions:
    """Suggestions and adopted questions: one part of the check-in repository."""

    _db: Database

    async def suggest(
        self, participant_id: int, project_id: str, checkin_id: str, text: str, update_id: int
    ) -> bool:
        """Keep a suggestion once per update; False if this update was kept already."""
        changed = await self._db.execute(
            "INSERT INTO checkin_suggestions (participant_id, project_id, checkin_id, text,"
            " source_update_id, created_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (source_update_id) DO NOTHING",
            (participant_id, project_id, checkin_id, text, update_id, self._db.clock.timestamp()),
        )
        return changed > 0

    async def suggestions(self, project_id: str, checkin_id: str) -> list[Suggestion]:
        """Every suggestion for a check-in, oldest first."""
        rows = await self._db.fetch_all(
            _SUGGESTION + " WHERE s.project_id = ? AND s.checkin_id = ? ORDER BY s.id",
            (project_id, checkin_id),
        )
        return [Suggestion(*r) for r in rows]

    async def suggestion(self, suggestion_id: int) -> Suggestion | None:
        """One suggestion."""
        row = await self._db.fetch_one(_SUGGESTION + " WHERE s.id = ?", (suggestion_id,))
        return Suggestion(*row) if row else None

    async def suggestions_of(self, participant_id: int) -> list[Suggestion]:
        """A participant's own suggestions, oldest first (for /mydata)."""
        rows = await self._db.fetch_all(
            _SUGGESTION + " WHERE s.participant_id = ? ORDER BY s.id", (participant_id,)
        )
        return [Suggestion(*r) for r in rows]

    async def last_invited(self, participant_id: int) -> str | None:
        """The check-in this participant was last asked to answer."""
        row = await self._db.fetch_one(
            "SELECT c.checkin_id FROM checkin_invites i JOIN checkin_cycles c ON c.id = i.cycle_id"
            " WHERE i.participant_id = ? ORDER BY c.opened_at DESC LIMIT 1",
            (participant_id,),
        )
        return str(row[0]) if row else None

    async def adopted_questions(self) -> list[AdoptedQuestion]:
        """Every adopted question, in the order adopted (loaded at start)."""
        rows = await self._db.fetch_all(_ADOPTED + " ORDER BY id")
        return [AdoptedQuestion(*r) for r in rows]

    async def adopt(
        self,
        suggestion_id: int,
        function: str,
        adopted_by: int,
        now: float,
        tell: str,
    ) -> AdoptedQuestion | None:
        """Adopt a suggestion as a free-text question and queue ``tell`` (sendMessage params)
        to its author, once; None if it was adopted already (or is gone)."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE checkin_suggestions SET adopted_at = ? WHERE id = ? AND adopted_at IS NULL",
                (now, suggestion_id),
            )
            if changed != 1:
                return None
            row = await tx.fetch_one(
                "SELECT s.project_id, s.checkin_id, s.text, s.participant_id, p.telegram_id"
                " FROM checkin_suggestions s JOIN participants q ON q.id = s.participant_id"
                " JOIN people p ON p.id = q.person_id WHERE s.id = ?",
                (suggestion_id,),
            )
            assert row is not None
            project_id, checkin_id, text, participant_id, chat = row
            question_id = await tx.insert(
                "INSERT INTO checkin_adopted_questions (project_id, checkin_id, suggestion_id,"
                " function, kind, text, adopted_by, adopted_at) VALUES (?, ?, ?, ?, 'text', ?,"
                " ?, ?)",
                (project_id, checkin_id, suggestion_id, function, text, adopted_by, now),
            )
            assert question_id is not None
            told = OutboxRow(
                int(chat),
                ADOPTED_KIND,
                "sendMessage",
                tell,
                participant_id=int(participant_id),
                dedupe_key=f"{ADOPTED_KIND}:{suggestion_id}",
            )
            await tx.execute_many(*insert([told], now))
        return AdoptedQuestion(question_id, project_id, checkin_id, function, "text", text, now)


def with_adopted(
    definition: CheckInDefinition,
    adopted: Sequence[AdoptedQuestion],
    opened_at: float | None = None,
) -> CheckInDefinition:
    """The check-in with the questions adopted for it before ``opened_at`` (all if None)
    after its own, each with the id "a" + its number."""
    extra = [
        CheckInQuestion.model_validate(
            {"id": f"a{q.id}", "function": q.function, "kind": q.kind, "text": from_stored(q.text)}
        )
        for q in adopted
        if q.checkin_id == definition.id and (opened_at is None or q.adopted_at < opened_at)
    ]
    if not extra:
        return definition
    return definition.model_copy(update={"questions": (*definition.questions, *extra)})


def tell_params(params: dict[str, object]) -> str:
    """sendMessage parameters as the JSON an outbox row keeps."""
    return json.dumps(params, ensure_ascii=False)
