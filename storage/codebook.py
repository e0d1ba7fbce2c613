"""The codebook (issue 16): a project's codes, which answers carry them, and staff decisions
on the themes the report suggests. Nothing is coded unless staff ask for it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from conversations.report.themes import lexicon, phrases
from storage.database import Database

NAME_MAX, DESCRIPTION_MAX = 80, 500


@dataclass(frozen=True, slots=True)
class Code:
    """A code and how many current answers carry it."""

    id: int
    name: str
    description: str
    colour: str | None  # "#rrggbb", checked before it is stored
    uses: int = 0

    @property
    def swatch(self) -> str | None:
        """The colour as a small square image (a data: URL: the pages allow no inline style)."""
        if not self.colour:
            return None
        square = (
            "<svg xmlns='http://www.w3.org/2000/svg' width='14' height='14'>"
            f"<rect width='14' height='14' rx='3' fill='{self.colour}'/></svg>"
        )
        return "data:image/svg+xml," + quote(square)


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the conversation (``probe``: its follow-up)."""

    step_id: str
    probe: int

    @property
    def ref(self) -> str:
        """How a URL names it: ``step:probe``."""
        return f"{self.step_id}:{self.probe}"


class CodebookRepository:
    """Reads and writes codes and codings, always within one project."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def codes(self, project_id: str) -> list[Code]:
        """The project's codes by name, each with its number of current answers."""
        rows = await self._db.fetch_all(
            "SELECT c.id, c.name, c.description, c.colour, (SELECT COUNT(*) FROM answer_codes x"
            " JOIN answers a ON a.id = x.answer_id WHERE x.code_id = c.id"
            " AND a.superseded_at IS NULL) FROM codes c WHERE c.project_id = ?"
            # lower() folds ASCII only on SQLite, as NOCASE did; both engines take it.
            " ORDER BY lower(c.name), c.name",
            (project_id,),
        )
        return [Code(*row) for row in rows]

    async def create(
        self, project_id: str, name: str, description: str, colour: str | None, now: float
    ) -> int | None:
        """A new code's id, or None when the project already has a code of that name."""
        async with self._db.transaction() as tx:
            return await tx.insert(
                "INSERT INTO codes (project_id, name, description, colour, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, name) DO NOTHING",
                (project_id, name, description, colour, now),
            )

    async def code_named(self, project_id: str, name: str) -> int | None:
        """The id of the project's code of this name."""
        row = await self._db.fetch_one(
            "SELECT id FROM codes WHERE project_id = ? AND name = ?", (project_id, name)
        )
        return int(row[0]) if row else None

    async def apply(
        self, project_id: str, code_id: int, answer_ids: Iterable[int], now: float
    ) -> int:
        """Put the code on these answers (only the project's own); how many newly carry it."""
        return await self._change(
            "INSERT INTO answer_codes (answer_id, code_id, coded_at) SELECT a.id, c.id, :now"
            " FROM answers a JOIN participants q ON q.id = a.participant_id, codes c"
            " WHERE a.id = :answer AND q.project_id = :project AND c.id = :code"
            " AND c.project_id = :project ON CONFLICT DO NOTHING",
            project_id,
            code_id,
            answer_ids,
            now,
        )

    async def remove(self, project_id: str, code_id: int, answer_ids: Iterable[int]) -> int:
        """Take the code off these answers; how many carried it."""
        return await self._change(
            "DELETE FROM answer_codes WHERE answer_id = :answer AND code_id = (SELECT id FROM"
            " codes WHERE id = :code AND project_id = :project)",
            project_id,
            code_id,
            answer_ids,
            None,
        )

    async def _change(
        self, sql: str, project_id: str, code_id: int, answer_ids: Iterable[int], now: float | None
    ) -> int:
        changed = 0
        async with self._db.transaction() as tx:
            for answer_id in dict.fromkeys(answer_ids):
                count = await tx.execute(
                    sql, {"answer": answer_id, "code": code_id, "project": project_id, "now": now}
                )
                changed += max(count, 0)
        return changed

    async def codes_of(self, answer_ids: Sequence[int]) -> dict[int, list[int]]:
        """Answer id -> the ids of the codes it carries."""
        found: dict[int, list[int]] = {}
        if not answer_ids:
            return found
        marks = ",".join("?" * len(answer_ids))
        rows = await self._db.fetch_all(
            f"SELECT answer_id, code_id FROM answer_codes WHERE answer_id IN ({marks})"
            " ORDER BY code_id",
            tuple(answer_ids),
        )
        for answer_id, code_id in rows:
            found.setdefault(answer_id, []).append(code_id)
        return found

    async def decided(self, project_id: str, question: Question) -> set[tuple[str, str]]:
        """The (language, theme key)s staff accepted or rejected for this question."""
        rows = await self._db.fetch_all(
            "SELECT lang, theme_key FROM theme_decisions WHERE project_id = ? AND step_id = ?"
            " AND probe = ?",
            (project_id, question.step_id, question.probe),
        )
        return {(row[0], row[1]) for row in rows}

    async def reject(
        self, project_id: str, question: Question, lang: str, key: str, now: float
    ) -> None:
        """Stop suggesting this theme for this question."""
        await self._decide(project_id, question, lang, key, "rejected", now)

    async def accept(
        self,
        project_id: str,
        script_id: str,
        question: Question,
        lang: str,
        key: str,
        label: str,
        now: float,
    ) -> tuple[int, int]:
        """Make the theme a code (or reuse the code of that name) and put it on the question's
        current written answers in ``lang`` that mention it: (code id, answers coded)."""
        code_id = await self.create(project_id, label, "", None, now)
        if code_id is None:
            code_id = await self.code_named(project_id, label)
            assert code_id is not None
        rows = await self._db.fetch_all(
            "SELECT a.id, a.value FROM answers a JOIN participants q ON q.id = a.participant_id"
            " WHERE q.project_id = ? AND q.language = ? AND a.script_id = ? AND a.step_id = ?"
            " AND a.probe = ? AND a.kind = 'text' AND a.superseded_at IS NULL",
            (project_id, lang, script_id, question.step_id, question.probe),
        )
        lex = lexicon(lang)
        matching = [row[0] for row in rows if key in phrases(row[1], lex)]
        coded = await self.apply(project_id, code_id, matching, now)
        await self._decide(project_id, question, lang, key, "accepted", now)
        return code_id, coded

    async def _decide(
        self, project_id: str, question: Question, lang: str, key: str, decision: str, now: float
    ) -> None:
        await self._db.execute(
            "INSERT INTO theme_decisions (project_id, step_id, probe, lang, theme_key, decision,"
            " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (project_id, step_id, probe, lang, theme_key) DO UPDATE SET"
            " decision = excluded.decision, decided_at = excluded.decided_at",
            (project_id, question.step_id, question.probe, lang, key, decision, now),
        )
