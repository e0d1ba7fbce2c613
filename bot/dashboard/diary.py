"""Diary completion per pseudonym, sortable, with "Remind these": the same figures as /stats
and the same once-only reminder as /diary nudge (bot/handlers/diary_completion.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp_jinja2
from aiohttp import web

from bot.dashboard.access import Staff, services_of, staff_context, staff_page
from bot.handlers.diary_completion import completion_of, remind
from conversations.catalogue import LEFT_OUT_GROUPS
from conversations.diary_completion import Completion, PersonCompletion
from conversations.i18n.words import Words
from conversations.projects import Project
from conversations.report.texts import counted, long_day, number, percent
from storage.diary_completion import Reminder, reminders

# Column -> how rows sort by it (people without a figure last); rate first: who is behind.
SORTS = {
    "rate": lambda p: (p.rate is None, p.rate or 0, p.pseudonym),
    "pseudonym": lambda p: p.pseudonym,
    "entries": lambda p: (p.entries, p.pseudonym),
    "last": lambda p: (p.last_day is None, p.last_day or "", p.pseudonym),
}
COLUMNS = ("pseudonym", "rate", "answered", "entries", "last", "reminded")


@dataclass(frozen=True)
class Row:
    """One diarist's line."""

    pseudonym: str
    rate: str
    answered: str
    entries: str
    last: str
    reminded: str


def _reminder(found: Reminder | None, zone: ZoneInfo, words: Words) -> str:
    if found is None:
        return words.say("DASHBOARD_DIARY_NOT_REMINDED")
    day = long_day(datetime.fromtimestamp(found.at, zone).date(), words)
    if found.state == "skipped":
        reason = found.reason if found.reason in LEFT_OUT_GROUPS else None
        why = words.say(f"LEFT_OUT_GROUPS.{reason}" if reason else "LEFT_OUT_GROUP_OTHER")
        return words.say("DASHBOARD_DIARY_REMINDER_SKIPPED", day=day, reason=why)
    state = "held" if found.held_until is not None else found.state
    if state not in ("held", "sent", "failed"):
        state = "pending"
    return words.say(f"DASHBOARD_DIARY_REMINDER.{state}", day=day)


def rows(
    figures: Completion, sent: dict[int, Reminder], sort: str, zone: ZoneInfo, words: Words
) -> list[Row]:
    """The table, sorted by ``sort`` (one of SORTS)."""
    people = sorted(figures.people, key=SORTS[sort])  # type: ignore[arg-type]
    return [
        Row(
            p.pseudonym,
            percent(p.rate, words) if p.rate is not None else "–",
            words.say(
                "DASHBOARD_DIARY_ANSWERED",
                answered=number(p.answered, words),
                sent=number(p.sent, words),
            ),
            number(p.entries, words),
            long_day(p.last_day, words) if p.last_day else "–",
            _reminder(sent.get(p.participant_id), zone, words),
        )
        for p in people
    ]


def _project(request: web.Request) -> Project:
    project = services_of(request).projects.get(request.match_info["project"])
    if project is None:
        raise web.HTTPNotFound()
    return project


async def _render(
    request: web.Request, staff: Staff, project: Project, outcome: list[str] | None = None
) -> web.StreamResponse:
    services = services_of(request)
    words = staff.words
    sort = request.query.get("sort", "rate")
    sort = sort if sort in SORTS else "rate"
    context: dict[str, Any] = staff_context(
        request,
        staff,
        page="diary",
        project=project,
        title=project.title.in_(words.lang),
        has_diary=project.diary is not None,
        rows=[],
        summary=None,
        sort=sort,
        sorts=tuple(SORTS),
        columns=COLUMNS,
        outcome=outcome,
    )
    if project.diary is not None:
        figures = await completion_of(services, project)
        zone = ZoneInfo(project.timezone)
        context["rows"] = rows(figures, await reminders(services.db, project.id), sort, zone, words)
        if figures.sent:
            context["summary"] = words.say(
                "DIARY_COMPLETION_STATS",
                title=context["title"],
                answered=number(figures.answered, words),
                sent=number(figures.sent, words),
                rate=percent(figures.rate or 0, words),
                entries=counted(words, "DIARY_COMPLETION_ENTRIES", figures.entries),
                people=counted(words, "DIARY_COMPLETION_PEOPLE", len(figures.people)),
            )
    return aiohttp_jinja2.render_template("diary.html", request, context)


@staff_page(project=True)
async def diary_page(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Everyone keeping the project's diary, by pseudonym."""
    return await _render(request, staff, _project(request))


@staff_page(project=True)
async def remind_diarists(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Queue one reminder to each ticked person not reminded before, then say what happened."""
    services = services_of(request)
    project = _project(request)
    words = staff.words
    if project.diary is None:
        return await _render(request, staff, project)
    picked = set((await request.post()).getall("who", []))
    figures = await completion_of(services, project)
    chosen: list[PersonCompletion] = [p for p in figures.people if p.pseudonym in picked]
    if not chosen:
        return await _render(request, staff, project, [words.say("DASHBOARD_DIARY_PICK_NONE")])
    queued, already, stopped = await remind(services, project, chosen, 0)
    services.wake_outbox()
    outcome = []
    for key, names in (("DASHBOARD_DIARY_REMINDED", queued), ("DASHBOARD_DIARY_ALREADY", already)):
        if names:
            outcome.append(
                words.plural(
                    key, len(names), count=number(len(names), words), names=", ".join(names)
                )
            )
    if stopped:
        outcome.append(words.say("DASHBOARD_DIARY_STOPPED", names=", ".join(stopped)))
    outcome.append(words.say("DIARY_NUDGE_FREE"))
    return await _render(request, staff, project, outcome)
