"""The "you said, we did" composer: pick what the update answers, see whom it reaches, write
it in each of the project's languages, preview it as residents will read it, send it through
/update's own path (bot/update_queue.py), then watch it go out and see who was left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.dashboard.access import BASE_KEY, Staff, services_of, staff_context, staff_page
from bot.left_out import left_out_of
from bot.update_queue import first_out, link_for, post_update
from conversations import loop
from conversations.budget import left_out_list
from conversations.i18n import late
from conversations.i18n.words import Words
from conversations.loop import Link, LinkKind
from conversations.projects import Project
from conversations.texts_by_language import Text, from_stored, to_stored
from conversations.translating import language_name, missing_lines
from storage.dashboard_updates import sent_update, sent_updates
from storage.updates import NoSuchPoll

PICK_LIMIT = 20  # things offered per kind: a page has room for more than a chat's buttons


@dataclass(frozen=True)
class Choice:
    """Something an update can answer, with how many contributors it reaches."""

    value: str  # "kind:ref"
    label: str
    reachable: int
    unreachable: int


@dataclass(frozen=True)
class Field:
    """One language's text box."""

    lang: str
    label: str
    hint: str
    value: str


@dataclass(frozen=True)
class Rendered:
    """The update in one language, exactly as its readers get it."""

    lang: str
    name: str
    text: str


def _project(request: web.Request) -> Project:
    project = services_of(request).projects.get(request.match_info["project"])
    if project is None:
        raise web.HTTPNotFound()
    return project


def _parse(value: str) -> tuple[LinkKind, str] | None:
    kind, _, ref = value.partition(":")
    found = loop.link_kind(kind)
    return (found, ref) if found and ref and len(ref) <= 100 else None


async def _choices(request: web.Request, project: Project, words: Words) -> dict[str, list[Choice]]:
    """Per kind, what the update could answer, each with its reach (nothing nobody joined)."""
    services = services_of(request)
    repo, script = services.updates, project.dialogue.id
    found: dict[str, list[tuple[str, str]]] = {"poll": [], "idea": [], "question": []}
    for poll_id, question in await repo.recent_polls(project.id, PICK_LIMIT):
        found["poll"].append((poll_id, loop.excerpt(question.in_(words.lang), 80)))
    for idea in await repo.recent_ideas(project.id, PICK_LIMIT):
        said = loop.contribution_words(idea.kind, idea.value, idea.caption, words)
        found["idea"].append((str(idea.id), loop.idea_button(idea.pseudonym, said, words)))
    counts = await repo.answer_counts(project.id, script)
    for step in project.dialogue.steps:
        if step.kind in ("ask", "choice") and counts.get(step.id):
            found["question"].append((step.id, loop.excerpt(step.text.in_(words.lang), 80)))
    choices: dict[str, list[Choice]] = {}
    for kind, items in found.items():
        for ref, label in items:
            audience = await repo.audience(project.id, loop.link_kind(kind) or "poll", ref, script)
            if audience.total:
                value = f"{kind}:{ref}"
                choice = Choice(value, label, audience.reachable, audience.unreachable)
                choices.setdefault(kind, []).append(choice)
    return choices


def _fields(project: Project, text: Text, words: Words) -> list[Field]:
    default = language_name(project.languages[0], words.lang)
    fields = []
    for index, lang in enumerate(project.languages):
        name = language_name(lang, words.lang)
        hint = (
            words.say("COMPOSE_DEFAULT_HINT")
            if index == 0
            else words.say("COMPOSE_OTHER_HINT", default=default)
        )
        value = text.in_(lang) if lang in text.languages or index == 0 else ""
        fields.append(Field(lang, words.say("COMPOSE_TEXT_IN", language=name), hint, value))
    return fields


async def _compose_page(
    request: web.Request,
    staff: Staff,
    project: Project,
    picked: str = "",
    text: Text | None = None,
    problem: str | None = None,
    status: int = 200,
) -> web.StreamResponse:
    services = services_of(request)
    words = staff.words
    if text is None:  # a draft being previewed comes back to be changed
        draft = await services.updates.drafts.of(staff.telegram_id)
        if draft and draft.project_id == project.id and draft.link_kind and draft.text:
            picked, text = f"{draft.link_kind}:{draft.link_ref}", from_stored(draft.text)
    sent = []
    for update in await sent_updates(services.db, project.id):
        said = loop.excerpt(from_stored(update.text).in_(words.lang), 80)
        sent.append((update.id, loop.day(update.created_at, project.timezone, words.lang), said))
    context = staff_context(
        request,
        staff,
        page="compose",
        project=project,
        title=project.title.in_(words.lang),
        choices=await _choices(request, project, words),
        picked=picked,
        fields=_fields(project, text or Text(""), words),
        problem=problem,
        sent=sent,
    )
    return aiohttp_jinja2.render_template("compose.html", request, context, status=status)


@staff_page(project=True)
async def compose(request: web.Request, staff: Staff) -> web.StreamResponse:
    """The composer: what it answers, the text in each language, then Preview."""
    return await _compose_page(request, staff, _project(request))


def _typed(form: Any, project: Project) -> Text:
    given = {
        lang: str(form.get(f"text_{lang}", "")).strip()[: loop.MAX_UPDATE_TEXT + 1]
        for lang in project.languages
    }
    kept = {lang: value for lang, value in given.items() if value}
    if set(kept) <= {project.languages[0]}:
        return Text(given[project.languages[0]])
    return Text({project.languages[0]: given[project.languages[0]], **kept}).ordered(
        project.languages
    )


@staff_page(project=True)
async def compose_preview(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Check the choice and the text, keep them as the staff member's draft, show the
    update in each language as its readers will get it, with Send."""
    services, words, project = services_of(request), staff.words, _project(request)
    form = await request.post()
    picked = str(form.get("link", ""))
    text = _typed(form, project)
    parsed = _parse(picked)
    link = await link_for(services, project, *parsed, words) if parsed else None
    if parsed is None or link is None:
        problem = words.say("COMPOSE_PICK_FIRST")
        return await _compose_page(request, staff, project, picked, text, problem, 400)
    for lang in [project.languages[0], *text.languages]:
        if said := loop.check_text(text.in_(lang), words):
            name = language_name(lang, words.lang)
            problem = words.say("COMPOSE_TEXT_PROBLEM", language=name, problem=said)
            return await _compose_page(request, staff, project, picked, text, problem, 400)
    kind, ref = parsed
    audience = await services.updates.audience(project.id, kind, ref, project.dialogue.id)
    if audience.reachable == 0:
        problem = words.plural("UPDATE_NOBODY_WOULD_GET", audience.unreachable)
        return await _compose_page(request, staff, project, picked, text, problem, 400)
    drafts = services.updates.drafts
    draft = await drafts.start(staff.telegram_id, project.id)
    await drafts.set_link(draft.id, kind, ref)
    await drafts.set_text(draft.id, to_stored(text), 0)
    now = services.clock.now()
    after = await first_out(services, project, kind, ref, now)
    context = staff_context(
        request,
        staff,
        page="compose",
        project=project,
        title=project.title.in_(words.lang),
        draft_id=draft.id,
        reach=words.plural("UPDATE_PREVIEW", audience.reachable, link=loop.staff_link(link, words)),
        reachable=audience.reachable,
        unreachable=(
            words.plural("UPDATE_PREVIEW_MISSING", audience.unreachable)
            if audience.unreachable
            else ""
        ),
        later=loop.later(after, words) if after else "",
        rendered=_rendered(services.catalogues, project, link, to_stored(text), words),
        missing=missing_lines(text.missing(project.languages), project.languages, words),
    )
    return aiohttp_jinja2.render_template("compose_preview.html", request, context)


def _rendered(catalogues: Any, project: Project, link: Link, text: str, words: Words) -> list:
    """The message in each project language, through the sender's own rendering."""
    spec = {"text": loop.update_spec(project.title, link, text)}
    shown = []
    for lang in project.languages:
        reader = Words(catalogues, catalogues.resolve(lang))
        said = late.render(spec, reader, lang, project.languages[0])["text"]
        shown.append(Rendered(lang, language_name(lang, words.lang), str(said)))
    return shown


@staff_page(project=True)
async def compose_send(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Send the previewed draft (once), then show its progress."""
    services, words, project = services_of(request), staff.words, _project(request)
    form = await request.post()
    draft = await services.updates.drafts.of(staff.telegram_id)
    fresh = (
        draft is not None
        and str(draft.id) == str(form.get("draft", ""))
        and draft.project_id == project.id
        and draft.stage == "preview"
        and draft.link_kind is not None
        and draft.link_ref is not None
    )
    posted, problem = None, words.say("UPDATE_DRAFT_GONE")
    if fresh and draft and draft.link_kind and draft.link_ref:
        link = await link_for(services, project, draft.link_kind, draft.link_ref, words)
        audience = await services.updates.audience(
            project.id, draft.link_kind, draft.link_ref, project.dialogue.id
        )
        if audience.reachable == 0:  # everyone paused or left since the preview
            problem = words.plural("UPDATE_NOBODY_WOULD_GET", audience.unreachable)
        elif link is not None:
            try:
                posted = await post_update(services, project, draft, link, services.clock.now())
            except NoSuchPoll:
                posted = None
    if posted is None:
        return await _compose_page(request, staff, project, problem=problem, status=409)
    base = request.app[BASE_KEY]
    raise web.HTTPSeeOther(f"{base}/projects/{project.id}/updates/{posted.update_id}")


@staff_page(project=True)
async def update_progress(request: web.Request, staff: Staff) -> web.StreamResponse:
    """How far a sent update has got, and who was left out and why (by pseudonym)."""
    services, words, project = services_of(request), staff.words, _project(request)
    ref = request.match_info["update"]
    update = await sent_update(services.db, project.id, int(ref)) if ref.isdigit() else None
    if update is None or update.broadcast_id is None:
        raise web.HTTPNotFound()
    progress = await services.outbox.repo.progress(update.broadcast_id)
    left = await left_out_of(services, "b", update.broadcast_id, project.timezone)
    who = await services.cohorts.left_out_who("broadcast", update.broadcast_id)
    done = progress.done
    context = staff_context(
        request,
        staff,
        page="compose",
        project=project,
        title=project.title.in_(words.lang),
        text=from_stored(update.text).in_(words.lang),
        status_line=(
            loop.summary(progress.sent, progress.failed + progress.skipped, words)
            if done
            else loop.sending(progress.total, words, left.held_until if left.held else None)
        ),
        done=done,
        left_out=left_out_list("update", who, words) if who else "",
    )
    return aiohttp_jinja2.render_template("compose_sent.html", request, context)
