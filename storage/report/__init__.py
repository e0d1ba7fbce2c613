"""The summary report: one project's rows streamed into bounded tallies, rendered to a file.

Rows are read in batches and folded into the tallies of conversations/report as they pass,
so memory stays flat however many answers there are (see scope.py for what a report covers
and how quotability travels with a row).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from conversations.clock import Clock
from conversations.diary_completion import Completion, completion
from conversations.export.request import ExportError, ExportRequest
from conversations.i18n.catalogues import shipped
from conversations.i18n.words import Words
from conversations.projects import Project
from conversations.report import RENDERERS, texts
from conversations.report.model import Report
from conversations.report.scenarios import by_scenario
from storage.checkin_defs import CheckInDefinitionsRepository
from storage.database import Database
from storage.diary_completion import diarists
from storage.private import replacing_privately
from storage.report import answers, farm, services
from storage.report.scope import Scope

__all__ = ["build_report", "write_report"]


Say = Callable[[str], None]


def _silent(_: str) -> None:
    """No progress to show."""


async def build_report(
    db: Database, request: ExportRequest, now: float | None = None, say: Say = _silent
) -> Report:
    """Tally everything the report shows for the request's project, window and cohort.

    ``say`` hears a line as each stage begins (the answers take most of the time).
    """
    project, q = request.project, Scope(request)
    catalogues = shipped()
    words = Words(catalogues, catalogues.resolve(request.language))
    say("report: counting who took part and the diaries")
    zone = ZoneInfo(project.timezone)
    funnel, diarists = await answers.funnel(db, q, project, words)
    journeys = await answers.journeys(db, q, diarists)
    saved = (await CheckInDefinitionsRepository(db).by_project()).get(project.id, [])
    checkins = [await services.checkin(db, q, d) for d in (*project.checkins, *saved)]
    say("report: reading the answers for themes and quotes")
    questions, scenarios = by_scenario(
        project.dialogue, await answers.questions(db, q, project.dialogue), words.lang
    )
    say("report: ideas, polls and updates")
    return Report(
        title=project.title,
        purpose=project.purpose,
        use_of_input=project.use_of_input,
        who_sees=project.who_sees,
        covered=texts.covered(request.since, request.until, zone, words),
        cohort=texts.cohort_words(request.cohort, words),
        generated=texts.generated(db.clock.timestamp() if now is None else now, zone, words),
        funnel=tuple(funnel),
        questions=questions,
        ideas=await answers.ideas(db, q),
        # A project without a diary study says so, unless it once had entries.
        journey=journeys if project.diary is not None or journeys.services else None,
        polls=tuple(await services.polls(db, q, request.until)),
        checkins=tuple(checkins),
        updates=tuple(await services.updates(db, q, project, request.cohort is not None)),
        words=words,
        diary_completion=await _completion(db, project, zone),
        scenarios=scenarios,
        farm=await farm.farm(db, q),
    )


async def _completion(db: Database, project: Project, zone: ZoneInfo) -> Completion | None:
    """The project's diary completion to today (the whole project: every diarist)."""
    if project.diary is None:
        return None
    today = db.clock.now().astimezone(zone).date()
    return completion(await diarists(db, project.id), today)


async def write_report(
    database: str | Path,
    request: ExportRequest,
    path: Path,
    say: Say = _silent,
    clock: Clock | None = None,
) -> Path:
    """Write the summary report (``request.format`` md or html) to ``path``; return it.

    Written beside the final name and renamed when complete, so a report that stops
    half-way never leaves a file that looks whole. The bot may keep running (WAL).
    """
    render = RENDERERS.get(request.format)
    if render is None:
        raise ExportError(f"The summary report is md or html, not {request.format!r}.")
    db = await Database.open(database, clock)  # the report is dated by the bot's clock
    try:
        report = await build_report(db, request, say=say)
    finally:
        await db.close()
    say(f"report: writing {path.name}")
    # Drawing charts takes a moment of CPU: off the event loop, so the bot stays responsive.
    text = await asyncio.to_thread(render, report)
    with replacing_privately(path) as partial:
        partial.write_text(text, encoding="utf-8")
    return path
