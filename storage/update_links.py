"""What a "you said, we did" update can be linked to (a poll, an idea, a dialogue question),
and the SQL for who contributed to each."""

from __future__ import annotations

from dataclasses import dataclass

from conversations.loop import LinkKind
from conversations.texts_by_language import Text, from_stored
from storage.database import Database


# Who contributed to each kind of thing, as participant ids (named parameters :project,
# :ref and, for questions, :script). A skipped question is not a contribution.
def _idea_people(ideas: str) -> str:
    """Everyone who contributed to the ideas ``ideas`` selects: their authors, backers,
    the authors of approved build-ons and whoever offered to help (the ideas farm)."""
    return (
        f"SELECT i.participant_id FROM ideas i WHERE i.id IN ({ideas})"
        f" UNION SELECT b.participant_id FROM idea_backers b WHERE b.idea_id IN ({ideas})"
        f" UNION SELECT c.participant_id FROM ideas c WHERE c.parent_id IN ({ideas})"
        " AND c.sharing = 'approved'"
        f" UNION SELECT o.participant_id FROM offers o WHERE o.idea_id IN ({ideas})"
        " AND o.what IS NOT NULL AND (o.asking IS NULL OR o.asking = 'tag')"
    )


_IDEAS_OF = "SELECT i.id FROM ideas i JOIN participants q ON q.id = i.participant_id"
CONTRIBUTORS: dict[str, str] = {
    "idea": _idea_people(_IDEAS_OF + " WHERE q.project_id = :project AND i.id = :ref"),
    "question": "SELECT DISTINCT a.participant_id FROM answers a"
    " JOIN participants q ON q.id = a.participant_id WHERE q.project_id = :project"
    " AND a.script_id = :script AND a.step_id = :ref AND a.kind != 'skipped'"
    " AND a.superseded_at IS NULL",
    "poll": "SELECT v.participant_id FROM poll_votes v JOIN polls p ON p.id = v.poll_id"
    " WHERE p.project_id = :project AND v.poll_id = :ref"
    " AND v.option_ids IS NOT NULL AND v.option_ids NOT IN ('', '[]')"
    # A prototype poll made from a farm idea reaches that idea's contributors too.
    " UNION " + _idea_people(_IDEAS_OF + " WHERE q.project_id = :project AND i.poll_id = :ref"),
}
# A "why?" answer after a vote is a contribution too.
POLL_FOLLOWUPS = (
    " UNION SELECT f.participant_id FROM poll_followups f JOIN polls p ON p.id = f.poll_id"
    " WHERE p.project_id = :project AND f.poll_id = :ref AND f.kind != 'skipped'"
)


class NoSuchPoll(LookupError):
    """The poll is not in the project."""


def row_id(ref: str) -> int | None:
    """A poll's or idea's id as the number it is stored as; None if ``ref`` is not one.

    PostgreSQL compares an id column with a number only (SQLite converts text itself).
    """
    try:
        return int(ref)
    except ValueError:
        return None


def contributor_params(
    project_id: str, kind: LinkKind, ref: str, script_id: str = ""
) -> dict[str, object]:
    """The named parameters of ``CONTRIBUTORS[kind]``: a question's ref is its step id,
    a poll's or idea's its row id."""
    return {
        "project": project_id,
        "ref": ref if kind == "question" else row_id(ref),
        "script": script_id,
    }


@dataclass(frozen=True, slots=True)
class IdeaChoice:
    """An idea a facilitator can link an update to."""

    id: int
    pseudonym: str
    kind: str
    value: str
    caption: str | None


class UpdateLinks:
    """Reads the polls, ideas and questions an update can be linked to."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def has_polls(self) -> bool:
        """Whether this database has poll tables: always, since migrations run at open."""
        return True

    async def recent_polls(self, project_id: str, limit: int) -> list[tuple[str, Text]]:
        """(poll id, question) of the project's latest polls, newest first."""
        rows = await self._db.fetch_all(
            "SELECT id, question FROM polls WHERE project_id = ? ORDER BY id DESC LIMIT ?",
            (project_id, limit),
        )
        return [(str(r[0]), from_stored(str(r[1]))) for r in rows]

    async def poll_question(self, project_id: str, poll_id: str) -> str:
        """The question of a poll of this project; NoSuchPoll if there is none."""
        row = await self._db.fetch_one(
            "SELECT question FROM polls WHERE project_id = ? AND id = ?",
            (project_id, row_id(poll_id)),
        )
        if row is None:
            raise NoSuchPoll(poll_id)
        return from_stored(str(row[0]))

    async def recent_ideas(self, project_id: str, limit: int) -> list[IdeaChoice]:
        """The project's latest ideas with their authors' pseudonyms, newest first."""
        rows = await self._db.fetch_all(
            "SELECT i.id, q.pseudonym, i.kind, i.value, i.caption FROM ideas i"
            " JOIN participants q ON q.id = i.participant_id WHERE q.project_id = ?"
            " ORDER BY i.id DESC LIMIT ?",
            (project_id, limit),
        )
        return [IdeaChoice(*r) for r in rows]

    async def idea(self, project_id: str, idea_id: str) -> IdeaChoice | None:
        """One idea of the project."""
        rows = await self._db.fetch_all(
            "SELECT i.id, q.pseudonym, i.kind, i.value, i.caption FROM ideas i"
            " JOIN participants q ON q.id = i.participant_id"
            " WHERE q.project_id = ? AND i.id = ?",
            (project_id, row_id(idea_id)),
        )
        return IdeaChoice(*rows[0]) if rows else None

    async def answer_counts(self, project_id: str, script_id: str) -> dict[str, int]:
        """How many people answered (not skipped) each step of the project's dialogue."""
        rows = await self._db.fetch_all(
            "SELECT a.step_id, COUNT(DISTINCT a.participant_id) FROM answers a"
            " JOIN participants q ON q.id = a.participant_id WHERE q.project_id = ?"
            " AND a.script_id = ? AND a.kind != 'skipped' AND a.superseded_at IS NULL"
            " GROUP BY a.step_id",
            (project_id, script_id),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    async def _contributors_sql(self, kind: LinkKind) -> str:
        return CONTRIBUTORS[kind] + (POLL_FOLLOWUPS if kind == "poll" else "")
