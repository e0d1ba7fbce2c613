"""Ideas and offers (issue 15): the moderation queue with Approve / Don't share, the shared
ideas with their backing and Shortlist, and the offers filtered by tag. The same storage and
the same moderation (news to the author through the outbox) as /ideas and /offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.dashboard.access import Staff, services_of, staff_context, staff_page
from bot.handlers.ideas_staff import moderate, waiting_text
from bot.handlers.offers_staff import card
from conversations.ideas_farm import OFFER_TAGS, said, staff_item
from conversations.projects import Project

LISTED = 100  # a page's worth; the exports hold every one


@dataclass(frozen=True)
class Item:
    """An idea or offer as staff read it, and what can be done with it."""

    id: int
    text: str
    can_shortlist: bool = False


def _project(request: web.Request) -> Project:
    project = services_of(request).projects.get(request.match_info["project"])
    if project is None:
        raise web.HTTPNotFound()
    return project


async def _render(
    request: web.Request, staff: Staff, project: Project, outcome: str | None = None
) -> web.StreamResponse:
    services = services_of(request)
    words = staff.words
    tag = request.query.get("tag")
    tag = tag if tag in OFFER_TAGS else None
    title = project.title.in_(words.lang)
    waiting = [
        Item(i.id, await waiting_text(services, i, words))
        for i in (await services.farm.queue(project.id, LISTED) if project.ideas_farm else [])
    ]
    shared = []
    for idea in await services.farm.approved(project.id, LISTED) if project.ideas_farm else []:
        state = "polled" if idea.poll_id else "shortlisted" if idea.shortlisted else "open"
        shown = said(idea.kind, idea.value, idea.caption, words)
        text = staff_item(idea.pseudonym, shown, idea.backers, idea.helpers, state, words)
        shared.append(Item(idea.id, text, state == "open"))
    offers = [
        Item(o.id, await card(services, o, words))
        for o in await services.offers.of_project(project.id, tag, LISTED)
    ]
    context: dict[str, Any] = staff_context(
        request,
        staff,
        page="ideas",
        project=project,
        title=title,
        farm=project.ideas_farm,
        waiting=waiting,
        shared=shared,
        offers=offers,
        tag=tag,
        tags=OFFER_TAGS,
        outcome=outcome,
    )
    return aiohttp_jinja2.render_template("ideas.html", request, context)


@staff_page(project=True)
async def ideas_page(request: web.Request, staff: Staff) -> web.StreamResponse:
    """The queue, the shared ideas and the offers (``?tag=`` filters the offers)."""
    return await _render(request, staff, _project(request))


async def _idea_of(request: web.Request, project: Project) -> Any:
    wanted = request.match_info.get("idea", "")
    idea = await services_of(request).farm.idea(int(wanted)) if wanted.isdigit() else None
    if idea is None or idea.project_id != project.id or not project.ideas_farm:
        raise web.HTTPNotFound()
    return idea


@staff_page(project=True)
async def moderate_idea(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Approve or don't share a waiting idea; its author is told through the outbox."""
    services = services_of(request)
    project = _project(request)
    idea = await _idea_of(request, project)
    decision = str((await request.post()).get("decision", ""))
    if decision not in ("approve", "reject"):
        raise web.HTTPBadRequest()
    approve = decision == "approve"
    done = await moderate(services, project, idea, approve=approve)
    if done is not None:
        services.outbox.wake()
    key = "stale" if done is None else "approved" if approve else "rejected"
    return await _render(request, staff, project, staff.words.say(f"IDEAS_DONE.{key}"))


@staff_page(project=True)
async def shortlist_idea(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Put a shared idea on the shortlist."""
    project = _project(request)
    idea = await _idea_of(request, project)
    done = await services_of(request).farm.shortlist(idea.id, project.id)
    key = "shortlisted" if done else "stale"
    return await _render(request, staff, project, staff.words.say(f"IDEAS_DONE.{key}"))
