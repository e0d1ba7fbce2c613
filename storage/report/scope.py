"""What a report covers, as SQL: the participants in scope, the parameters, the date window.

Every report query starts from ``scope``: the project's participants in the request's cohort.
Erased people are gone from ``participants``, so from everything. A row carries a pseudonym
only when its author agreed to be quoted (``QUOTABLE``); nothing here reads ``people``
(Telegram ids, first names).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from conversations.export.request import ExportRequest
from storage.cohorts import COHORT_FILTERS
from storage.database import Database

BATCH = 5000
QUOTABLE = "CASE WHEN s.may_quote = 1 THEN s.pseudonym END"
# The language an answer is themed in: its author's language when the report is made (answers
# do not record the language they were written in; someone who switched is read as they now are).
SPOKEN = "s.language"
_SCOPE = (
    "WITH scope AS (SELECT q.id, q.pseudonym, q.may_quote, q.consented_at, q.language"
    " FROM participants q WHERE q.project_id = :project{cohort}) "
)


class Scope:
    """The request as SQL: the scope, the parameters, and the date window on a column."""

    def __init__(self, request: ExportRequest) -> None:
        cohort = request.cohort
        # The tag: and joined: filters broadcasts use (the tabular export repeats them).
        self.scope = _SCOPE.format(cohort=COHORT_FILTERS[cohort.kind] if cohort else "")
        self.params: dict[str, Any] = {
            "project": request.project.id,
            "since": request.since,
            "until": request.until,
            "key": cohort.key if cohort else None,
            "value": cohort.value if cohort else None,
        }
        self.filtered = cohort is not None or request.since is not None or request.until is not None
        self._since, self._until = request.since is not None, request.until is not None

    def window(self, column: str) -> str:
        """The date filter on the column that dates a row (``until`` is exclusive)."""
        return (f" AND {column} >= :since" if self._since else "") + (
            f" AND {column} < :until" if self._until else ""
        )

    def sql(self, body: str, dated_by: str | None = None, tail: str = "") -> str:
        """A statement over the scope, windowed on ``dated_by``."""
        return self.scope + body + (self.window(dated_by) if dated_by else "") + tail

    def with_params(self, **more: Any) -> dict[str, Any]:
        """The request's parameters and some more."""
        return {**self.params, **more}


async def fold(db: Database, sql: str, params: dict[str, Any], into: Callable[..., None]) -> None:
    """Stream a query's rows into ``into(*row)``, a batch at a time (memory stays flat).

    The next batch is read (in the database's thread, SQLite mostly without the GIL) while
    this one is folded in, so reading and tallying overlap: two batches in memory at most.
    """
    batches = db.iterate_batches(sql, params, batch=BATCH)  # an async generator: aclose()
    try:
        ahead = asyncio.ensure_future(anext(batches, None))
        while (rows := await ahead) is not None:
            ahead = asyncio.ensure_future(anext(batches, None))
            for row in rows:
                into(*row)
    finally:
        if not ahead.done():
            ahead.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                await ahead
        await batches.aclose()
