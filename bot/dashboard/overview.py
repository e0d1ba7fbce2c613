"""The first page: each project in scope with its live funnel and this week's activity."""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp_jinja2
from aiohttp import web

from bot.dashboard.access import Staff, services_of, staff_context, staff_page
from conversations.i18n.words import Words
from conversations.projects import Project
from conversations.report.charts import funnel_chart
from conversations.report.tables import funnel_table
from conversations.report.texts import generated, long_day, number
from storage.dashboard_overview import funnel, week_activity

WEEK_ITEMS = ("answers", "diary", "votes", "people")


@dataclass(frozen=True)
class ProjectView:
    """One project's card on the overview."""

    id: str
    title: str
    funnel_head: tuple[str, ...]
    funnel_rows: list[tuple[str, ...]]
    chart: str | None  # a data: URL of the report's funnel chart
    chart_alt: str
    week_head: tuple[str, ...]
    week_since: str
    week_rows: list[tuple[str, str]]


def week_began(now: float, zone: ZoneInfo) -> datetime:
    """Monday 00:00 of the current week in the project's time zone."""
    local = datetime.fromtimestamp(now, zone)
    return (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )


async def project_view(request: web.Request, project: Project, words: Words) -> ProjectView:
    """The funnel (as the report counts and draws it) and the week's counts."""
    services = services_of(request)
    steps = await funnel(services.db, project, words)
    head, rows = funnel_table(steps, words)
    chart = await asyncio.to_thread(funnel_chart, steps, words)
    began = week_began(services.clock.timestamp(), ZoneInfo(project.timezone))
    week = await week_activity(services.db, project.id, began.timestamp())
    counts = (week.answers, week.diary_entries, week.votes, week.new_people)
    return ProjectView(
        id=project.id,
        title=project.title.in_(words.lang),
        funnel_head=head,
        funnel_rows=[tuple(row) for row in rows],
        chart=("data:image/png;base64," + base64.b64encode(chart.png).decode()) if chart else None,
        chart_alt=chart.alt if chart else "",
        week_head=(words.say("DASHBOARD_WEEK_TABLE.what"), words.say("DASHBOARD_WEEK_TABLE.count")),
        week_since=words.say("DASHBOARD_WEEK", day=long_day(began.date(), words)),
        week_rows=[
            (words.say(f"DASHBOARD_WEEK_ITEMS.{item}"), number(n, words))
            for item, n in zip(WEEK_ITEMS, counts, strict=True)
        ],
    )


def _as_of(request: web.Request, words: Words) -> str:
    services = services_of(request)
    return generated(services.clock.timestamp(), services.settings.zone, words)


@staff_page()
async def overview(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Every project the staff member runs."""
    services = services_of(request)
    projects = [p for p in (services.projects.get(i) for i in staff.project_ids) if p]
    views = [await project_view(request, p, staff.words) for p in projects]
    context: dict[str, Any] = staff_context(
        request, staff, views=views, as_of=_as_of(request, staff.words), page="overview"
    )
    return aiohttp_jinja2.render_template("overview.html", request, context)


@staff_page(project=True)
async def project_overview(request: web.Request, staff: Staff) -> web.StreamResponse:
    """One project's funnel and week, on a page of its own (a link others can share)."""
    project = services_of(request).projects.get(request.match_info["project"])
    if project is None:  # in scope but no longer loaded: nothing to show
        raise web.HTTPNotFound()
    views = [await project_view(request, project, staff.words)]
    context = staff_context(
        request, staff, views=views, as_of=_as_of(request, staff.words), page="project"
    )
    return aiohttp_jinja2.render_template("overview.html", request, context)
