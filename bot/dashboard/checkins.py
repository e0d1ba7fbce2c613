"""Check-in trends: per check-in, each cycle's response rate and scale means, the trend chart
/checkin results sends (conversations/checkins/chart.py) behind the session check, and the
change log. Read through the same storage as the chat (storage/checkin_results.py)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.dashboard.access import Staff, services_of, staff_context, staff_page
from conversations.checkins.chart import trend_png
from conversations.checkins.model import CheckInDefinition
from conversations.checkins.results import CycleResults, day_words
from conversations.i18n.words import Words
from conversations.projects import Project
from conversations.report.texts import decimal, number, percent


@dataclass(frozen=True)
class Trend:
    """One check-in's section."""

    id: str
    title: str
    questions: list[str]  # the scale questions, one column each
    cycles: list[tuple[str, str, list[str]]]  # day, answered, mean per scale question
    changes: list[tuple[str, str]]  # day, what changed
    chart_alt: str


def _cycle_row(
    cycle: CycleResults, definition: CheckInDefinition, words: Words
) -> tuple[str, str, list[str]]:
    day = day_words(cycle.local_date, words.lang)
    if not cycle.closed:
        day = words.say("DASHBOARD_CHECKINS_OPEN", day=day)
    answered = words.say(
        "DASHBOARD_CHECKINS_ANSWERED",
        answered=number(cycle.answered, words),
        invited=number(cycle.invited, words),
        rate=percent(cycle.rate, words) if cycle.rate is not None else "–",
    )
    means = []
    for question in definition.scale_questions():
        mean = cycle.mean(str(question.id))
        means.append(decimal(mean, words) if mean is not None else "–")
    return day, answered, means


async def trends(request: web.Request, project: Project, words: Words) -> list[Trend]:
    """Every check-in of the project, with its cycles and changes."""
    services = services_of(request)
    found = []
    for definition in services.checkin_scheduler.checkins_of(project):
        cycles = await services.checkins.results(project.id, definition.id)
        changes = await services.checkins.changes(project.id, definition.id)
        title = definition.title.in_(words.lang)
        found.append(
            Trend(
                definition.id,
                title,
                [q.text.in_(words.lang) for q in definition.scale_questions()],
                [_cycle_row(c, definition, words) for c in cycles],
                [(day_words(c.local_date, words.lang), c.text) for c in changes],
                words.say("DASHBOARD_CHECKINS_CHART_ALT", title=title),
            )
        )
    return found


def _project(request: web.Request) -> Project:
    project = services_of(request).projects.get(request.match_info["project"])
    if project is None:
        raise web.HTTPNotFound()
    return project


@staff_page(project=True)
async def checkins_page(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Every check-in's trend and change log."""
    project = _project(request)
    context: dict[str, Any] = staff_context(
        request,
        staff,
        page="checkins",
        project=project,
        title=project.title.in_(staff.words.lang),
        trends=await trends(request, project, staff.words),
    )
    return aiohttp_jinja2.render_template("checkins.html", request, context)


@staff_page(project=True)
async def checkin_chart(request: web.Request, staff: Staff) -> web.StreamResponse:
    """A check-in's trend chart (a PNG), as /checkin results draws it."""
    services = services_of(request)
    project = _project(request)
    wanted = request.match_info.get("checkin", "")
    definitions = services.checkin_scheduler.checkins_of(project)
    definition = next((d for d in definitions if d.id == wanted), None)
    if definition is None:
        raise web.HTTPNotFound()
    cycles = await services.checkins.results(project.id, definition.id)
    if not cycles:
        raise web.HTTPNotFound()
    changes = await services.checkins.changes(project.id, definition.id)
    png = await asyncio.to_thread(trend_png, definition, cycles, changes)
    return web.Response(body=png, content_type="image/png")
