"""One question's current answers for the dashboard, filtered and a page at a time.

Residents appear by pseudonym only: nothing here reads ``people``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conversations.report.themes import lexicon, phrases
from storage.codebook import CodebookRepository, Question
from storage.database import Database

PAGE_SIZE = 50
# Joins the facets' values in one column (a parameter: PostgreSQL has no char()).
_UNIT = "\x1f"


@dataclass(frozen=True, slots=True)
class AnswerFilter:
    """What the page's GET parameters ask for (None: no filter on it)."""

    tag: str | None = None
    since: float | None = None
    until: float | None = None  # exclusive
    language: str | None = None
    theme: tuple[str, str] | None = None  # (language, stemmed theme key)
    code: int | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True)
class ShownAnswer:
    """One answer as the page lists it."""

    id: int
    kind: str
    value: str
    caption: str | None
    created_at: float
    pseudonym: str
    language: str
    tags: tuple[str, ...] = ()
    codes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class AnswerPage:
    """A page of answers, and how many match in all."""

    answers: list[ShownAnswer]
    matching: int
    page: int
    pages: int
    total: int  # the question's current answers, before filters
    languages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def question_counts(db: Database, project_id: str, script_id: str) -> dict[str, int]:
    """``step:probe`` -> how many current answers (skips included) each question has."""
    rows = await db.fetch_all(
        "SELECT a.step_id, a.probe, COUNT(*) FROM answers a JOIN participants q"
        " ON q.id = a.participant_id WHERE q.project_id = ? AND a.script_id = ?"
        " AND a.superseded_at IS NULL GROUP BY a.step_id, a.probe",
        (project_id, script_id),
    )
    return {f"{row[0]}:{row[1]}": int(row[2]) for row in rows}


async def answer_page(
    db: Database,
    project_id: str,
    script_id: str,
    question: Question,
    wanted: AnswerFilter,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> AnswerPage:
    """The ``page``-th ``size`` answers (oldest first) that pass every filter."""
    where = [
        "q.project_id = :project",
        "a.script_id = :script",
        "a.step_id = :step",
        "a.probe = :probe",
        "a.superseded_at IS NULL",
    ]
    params: dict[str, Any] = {
        "project": project_id,
        "script": script_id,
        "step": question.step_id,
        "probe": question.probe,
    }
    base = " AND ".join(where)
    if wanted.language:
        where.append("q.language = :language")
        params["language"] = wanted.language
    if wanted.since is not None:
        where.append("a.created_at >= :since")
        params["since"] = wanted.since
    if wanted.until is not None:
        where.append("a.created_at < :until")
        params["until"] = wanted.until
    if wanted.tag:
        where.append(
            "EXISTS (SELECT 1 FROM participant_tags t WHERE t.participant_id = q.id"
            " AND t.tag = :tag)"
        )
        params["tag"] = wanted.tag
    if wanted.code is not None:
        where.append(
            "EXISTS (SELECT 1 FROM answer_codes x WHERE x.answer_id = a.id AND x.code_id = :code)"
        )
        params["code"] = wanted.code
    if wanted.search:
        where.append(
            # lower(): LIKE ignores (ASCII) case on SQLite only.
            "(lower(a.value) LIKE lower(:search) ESCAPE '\\'"
            " OR lower(a.caption) LIKE lower(:search) ESCAPE '\\')"
            " AND a.kind IN ('text', 'choice', 'photo', 'voice')"
        )
        params["search"] = _like(wanted.search)
    if wanted.theme is not None:
        where.append("q.language = :theme_lang AND a.kind = 'text'")
        params["theme_lang"] = wanted.theme[0]
    rows = await db.fetch_all(
        "SELECT a.id, a.kind, a.value, a.caption, a.created_at, q.pseudonym, q.language, q.id"
        " FROM answers a JOIN participants q ON q.id = a.participant_id WHERE "
        + " AND ".join(where)
        + " ORDER BY a.id",
        params,
    )
    if wanted.theme is not None:
        lang, key = wanted.theme
        lex = lexicon(lang)
        rows = [row for row in rows if key in phrases(row[2], lex)]
    pages = max(1, -(-len(rows) // size))
    page = min(max(page, 1), pages)
    shown = rows[(page - 1) * size : page * size]
    tags = await _tags_of(db, [row[7] for row in shown])
    codes = await CodebookRepository(db).codes_of([row[0] for row in shown])
    facets = await db.fetch_one(
        "SELECT COUNT(*), (SELECT group_concat(l, :unit) FROM (SELECT DISTINCT q.language AS l"
        " FROM answers a JOIN participants q ON q.id = a.participant_id WHERE "
        + base
        + ") langs), (SELECT group_concat(g, :unit) FROM (SELECT DISTINCT t.tag AS g"
        " FROM participant_tags t JOIN participants q ON q.id = t.participant_id"
        " WHERE q.project_id = :project) tags) FROM answers a JOIN participants q"
        " ON q.id = a.participant_id WHERE " + base,
        {"unit": _UNIT, **{k: params[k] for k in ("project", "script", "step", "probe")}},
    )
    assert facets is not None
    return AnswerPage(
        answers=[
            ShownAnswer(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                tags=tuple(tags.get(row[7], ())),
                codes=tuple(codes.get(row[0], ())),
            )
            for row in shown
        ],
        matching=len(rows),
        page=page,
        pages=pages,
        total=int(facets[0]),
        # Sorted here: neither engine promises the order an aggregate reads its rows in.
        languages=sorted(facets[1].split(_UNIT)) if facets[1] else [],
        tags=sorted(facets[2].split(_UNIT)) if facets[2] else [],
    )


async def _tags_of(db: Database, participant_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    participant_ids = list(dict.fromkeys(participant_ids))
    if participant_ids:
        marks = ",".join("?" * len(participant_ids))
        for pid, tag in await db.fetch_all(
            f"SELECT participant_id, tag FROM participant_tags WHERE participant_id IN ({marks})"
            " ORDER BY tag",
            tuple(participant_ids),
        ):
            found.setdefault(pid, []).append(tag)
    return found
