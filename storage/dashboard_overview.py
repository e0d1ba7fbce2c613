"""What the dashboard's overview shows per project: the report's funnel and this week's work."""

from __future__ import annotations

from dataclasses import dataclass

from conversations.export.request import ExportRequest
from conversations.i18n.words import Words
from conversations.projects import Project
from conversations.report.model import FunnelStep
from storage.database import Database
from storage.report import answers
from storage.report.scope import Scope


@dataclass(frozen=True, slots=True)
class WeekActivity:
    """Counts since the week began (Monday 00:00 in the project's time zone)."""

    answers: int
    diary_entries: int
    votes: int
    new_people: int


async def funnel(db: Database, project: Project, words: Words) -> list[FunnelStep]:
    """The live participation funnel, exactly as the summary report counts it."""
    steps, _ = await answers.funnel(db, Scope(ExportRequest(project, ())), project, words)
    return steps


async def week_activity(db: Database, project_id: str, since: float) -> WeekActivity:
    """Answers, completed diary entries, votes and people who agreed, since ``since``."""
    row = await db.fetch_one(
        "SELECT"
        " (SELECT COUNT(*) FROM answers a JOIN participants q ON q.id = a.participant_id"
        "  WHERE q.project_id = :p AND a.created_at >= :since),"
        " (SELECT COUNT(*) FROM diary_entries x JOIN participants q ON q.id = x.participant_id"
        "  WHERE q.project_id = :p AND x.status = 'complete' AND x.created_at >= :since),"
        " (SELECT COUNT(*) FROM poll_votes v JOIN polls p ON p.id = v.poll_id"
        "  WHERE p.project_id = :p AND v.updated_at >= :since),"
        " (SELECT COUNT(*) FROM participants q WHERE q.project_id = :p"
        "  AND q.consented_at >= :since)",
        {"p": project_id, "since": since},
    )
    assert row is not None
    return WeekActivity(*(int(n) for n in row))
