"""Polls with their versions side by side: the counts and shares per version, the results
chart /results sends (conversations/polls/chart.py) served behind the session check, and the
"why?" answers under pseudonyms. Counted by the same code as /results."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.dashboard.access import Staff, services_of, staff_context, staff_page
from bot.handlers.polls_results import count
from conversations.i18n.words import Words
from conversations.polls.chart import bar_notes, option_labels, results_png
from conversations.polls.model import Poll
from conversations.polls.results import PollResults, followup_line, status_words
from conversations.report.texts import percent

MAX_POLLS = 30  # the newest polls of a project; older ones are in the exports


@dataclass(frozen=True)
class Version:
    """One version's column: its poll id, its heading, how many answered, "why?" answers."""

    poll_id: int
    head: str
    rate: str
    why: str | None
    followups: list[str]


@dataclass(frozen=True)
class Family:
    """A poll and its versions: the question, each option's figures per version."""

    newest_id: int
    question: str
    versions: list[Version]
    rows: list[tuple[str, list[str]]]  # option, "count (share)" per version
    chart_alt: str


async def families(request: web.Request, project_id: str, words: Words) -> list[Family]:
    """The project's newest polls, each with every version of it (newest family first)."""
    services = services_of(request)
    project = services.projects.get(project_id)
    zone = project.timezone if project else services.settings.timezone
    now = services.clock.timestamp()
    seen: set[int] = set()
    found = []
    for poll in await services.polls.for_projects([project_id], MAX_POLLS):
        if poll.id in seen:
            continue
        family = await services.polls.family(poll.id)
        seen.update(p.id for p in family)
        counted = [await count(services, p, words.lang) for p in family]
        found.append(await _family(request, family, counted, zone, now, words))
    return found


async def _family(
    request: web.Request,
    polls: list[Poll],
    counted: list[PollResults],
    zone: str,
    now: float,
    words: Words,
) -> Family:
    services = services_of(request)
    versions = []
    for poll, results in zip(polls, counted, strict=True):
        status = status_words(poll.closes_at, poll.closed_at, zone, now, words)
        why = None if poll.why is None else poll.why.in_(words.lang)
        followups = await services.polls.followups(poll.id)
        versions.append(
            Version(
                poll.id,
                words.say("DASHBOARD_POLLS_VERSION", version=poll.version, status=status),
                words.say(
                    "POLL_RESULTS_RATE",
                    voters=results.voters,
                    reached=results.reached,
                    rate=percent(results.rate, words),
                ),
                why,
                [followup_line(f, words) for f in followups],
            )
        )
    notes = bar_notes(counted, words)
    labels = option_labels(counted)
    rows = [(label, [n[i] for n in notes]) for i, label in enumerate(labels)]
    question = counted[-1].question
    return Family(
        polls[-1].id,
        question,
        versions,
        rows,
        words.say("DASHBOARD_POLLS_CHART_ALT", question=question),
    )


@staff_page(project=True)
async def polls_page(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Every poll of the project, versions side by side."""
    project = services_of(request).projects.get(request.match_info["project"])
    if project is None:
        raise web.HTTPNotFound()
    words = staff.words
    context: dict[str, Any] = staff_context(
        request,
        staff,
        page="polls",
        project=project,
        title=project.title.in_(words.lang),
        families=await families(request, project.id, words),
    )
    return aiohttp_jinja2.render_template("polls.html", request, context)


@staff_page(project=True)
async def poll_chart(request: web.Request, staff: Staff) -> web.StreamResponse:
    """The results chart of a poll and its versions, as /results draws it (a PNG)."""
    services = services_of(request)
    poll_id = request.match_info.get("poll", "")
    poll = await services.polls.get(int(poll_id)) if poll_id.isdigit() else None
    if poll is None or poll.project_id != request.match_info["project"]:
        raise web.HTTPNotFound()
    family = await services.polls.family(poll.id)
    counted = [await count(services, p, staff.words.lang) for p in family]
    png = await asyncio.to_thread(results_png, counted, staff.words, counted[-1].question)
    return web.Response(body=png, content_type="image/png")
