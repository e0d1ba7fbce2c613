"""The answers page: one question at a time, filtered, coded by hand; suggested themes to
accept (a code on the matching answers) or reject (no longer suggested)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

import aiohttp_jinja2
from aiohttp import web

from bot.dashboard.access import Staff, services_of, staff_context, staff_page
from conversations.export.request import ExportRequest
from conversations.projects import Project
from conversations.report.texts import language_name, long_day, number
from conversations.report.themes import Theme
from storage.answer_browser import AnswerFilter, answer_page, question_counts
from storage.codebook import NAME_MAX, CodebookRepository, Question
from storage.report.answers import questions as question_reports
from storage.report.scope import Scope

FILTERS = ("q", "tag", "since", "until", "lang", "theme", "code", "search", "page")
SEARCH_MAX = 200
# What a form did, said on the page it returns to.
TOLD_PLURAL = {
    "coded": "DASHBOARD_TOLD_CODED",
    "uncoded": "DASHBOARD_TOLD_UNCODED",
    "accepted": "DASHBOARD_TOLD_ACCEPTED",
}
TOLD = {"none": "DASHBOARD_TOLD_NONE", "rejected": "DASHBOARD_TOLD_REJECTED"}


@dataclass(frozen=True)
class QuestionLink:
    """A question in the page's list: its ref, its words, its scenario and its count."""

    ref: str
    text: str
    probe: bool
    scenario: str | None
    count: int


def project_of(request: web.Request) -> Project:
    """The project the path names (in scope: the guard checked)."""
    project = services_of(request).projects.get(request.match_info["project"])
    if project is None:
        raise web.HTTPNotFound()
    return project


def question_links(project: Project, counts: dict[str, int], lang: str) -> list[QuestionLink]:
    """Every question of the conversation in order, a follow-up after its question."""
    script = project.dialogue
    found: list[QuestionLink] = []
    for step in script.steps:
        if step.kind not in ("ask", "choice"):
            continue
        owner = script.scenario_of(step.id)
        scenario = owner.text.in_(lang).split("\n")[0][:80] if owner else None
        ref = Question(step.id, 0).ref
        found.append(QuestionLink(ref, step.text.in_(lang), False, scenario, counts.get(ref, 0)))
        if step.probe:
            ref = Question(step.id, 1).ref
            text = step.probe.in_(lang)
            found.append(QuestionLink(ref, text, True, scenario, counts.get(ref, 0)))
    return found


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def read_filter(query: Any, zone: ZoneInfo) -> tuple[AnswerFilter, dict[str, str]]:
    """The filters in the GET parameters (malformed ones ignored), and the kept parameters."""
    kept = {k: str(query.get(k, "")).strip() for k in FILTERS if str(query.get(k, "")).strip()}
    since, until = _day(kept.get("since", "")), _day(kept.get("until", ""))
    theme = tuple(kept["theme"].split(":", 1)) if ":" in kept.get("theme", "") else None
    code = kept.get("code", "")
    wanted = AnswerFilter(
        tag=kept.get("tag") or None,
        since=datetime.combine(since, time(), zone).timestamp() if since else None,
        until=(datetime.combine(until, time(), zone) + timedelta(days=1)).timestamp()
        if until
        else None,
        language=kept.get("lang") or None,
        theme=(theme[0], theme[1]) if theme else None,
        code=int(code) if code.isdigit() else None,
        search=kept.get("search", "")[:SEARCH_MAX] or None,
    )
    return wanted, kept


def suggestions(
    project: Project, reports: Any, question: Question, decided: set[tuple[str, str]]
) -> list[Theme]:
    """The question's suggested themes in every language, less those staff decided on."""
    for report in reports:
        if report.step_id == question.step_id and int(report.probe) == question.probe:
            return [
                theme
                for group in report.said.languages
                for theme in group.themes
                if (theme.lang, theme.key) not in decided
            ]
    return []


@staff_page(project=True)
async def answers(request: web.Request, staff: Staff) -> web.StreamResponse:
    """One question's answers with the filters in the URL, 50 to a page."""
    services = services_of(request)
    project = project_of(request)
    words = staff.words
    zone = ZoneInfo(project.timezone)
    wanted, kept = read_filter(request.query, zone)
    counts = await question_counts(services.db, project.id, project.dialogue.id)
    links = question_links(project, counts, words.lang)
    refs = [link.ref for link in links]
    ref = kept.get("q") if kept.get("q") in refs else (refs[0] if refs else None)
    codebook = CodebookRepository(services.db)
    codes = await codebook.codes(project.id)
    context: dict[str, Any] = {
        "project": project,
        "links": links,
        "codes": codes,
        "page": "answers",
    }
    if ref is not None:
        kept["q"] = ref
        step_id, probe = ref.rsplit(":", 1)
        question = Question(step_id, int(probe))
        page_no = int(kept["page"]) if kept.get("page", "").isdigit() else 1
        found = await answer_page(
            services.db, project.id, project.dialogue.id, question, wanted, page_no
        )
        reports = await question_reports(
            services.db, Scope(ExportRequest(project, ())), project.dialogue
        )
        decided = await codebook.decided(project.id, question)
        context |= {
            "current": next(link for link in links if link.ref == ref),
            "found": found,
            "themes": suggestions(project, reports, question, decided),
            "shown_on": {
                a.id: long_day(datetime.fromtimestamp(a.created_at, zone).date(), words)
                for a in found.answers
            },
        }
    context |= {
        "form": {k: kept.get(k, "") for k in FILTERS},
        "told": told_of(request.query, words),
        "filtered": any(k not in ("q", "page") for k in kept),
        "back": urlencode(kept),
        "code_names": {c.id: c for c in codes},
        "language_name": lambda code: language_name(code, words),
        "number": lambda n: number(n, words),
        "with_params": lambda **more: _query(kept, more),
    }
    return aiohttp_jinja2.render_template(
        "answers.html", request, staff_context(request, staff, **context)
    )


def _query(kept: dict[str, str], more: dict[str, Any]) -> str:
    merged = {**kept, **{k: str(v) for k, v in more.items() if v is not None}}
    merged = {k: v for k, v in merged.items() if v and k in FILTERS}
    return urlencode(merged)


def back_to_answers(request: web.Request, back: str, told: str, n: int = 0) -> web.Response:
    """303 to the answers page with the filters the form came from (known ones only), and
    what happened (``told``, one of TOLD) for the page to say."""
    kept = {k: v for k, v in parse_qsl(back) if k in FILTERS}
    kept |= {"told": told, "n": str(n)}
    path = request.rel_url.path.rsplit("/", 1)[0]
    return web.Response(status=303, headers={"Location": f"{path}?{urlencode(kept)}"})


def told_of(query: Any, words: Any) -> str | None:
    """The sentence saying what the last form did, if the address says so."""
    told, n = str(query.get("told", "")), str(query.get("n", ""))
    count = int(n) if n.isdigit() else 0
    if told in TOLD_PLURAL:
        return str(words.plural(TOLD_PLURAL[told], count, count=count))
    return str(words.say(TOLD[told])) if told in TOLD else None


@staff_page(project=True)
async def code_answers(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Put a code on the ticked answers, or take it off them."""
    services = services_of(request)
    project = project_of(request)
    form = await request.post()
    back = str(form.get("back", ""))
    code = str(form.get("code", ""))
    chosen = [int(str(v)) for v in form.getall("answer", []) if str(v).isdigit()]
    if not (code.isdigit() and chosen):
        return back_to_answers(request, back, "none")
    codebook = CodebookRepository(services.db)
    removing = form.get("action") == "remove"
    if removing:
        changed = await codebook.remove(project.id, int(code), chosen)
    else:
        changed = await codebook.apply(project.id, int(code), chosen, services.clock.timestamp())
    await services.dashboard.audit(
        staff.telegram_id,
        staff.role.value,
        "code_remove" if removing else "code_apply",
        project.id,
        f"code={code} answers={len(chosen)} changed={changed}",
    )
    return back_to_answers(request, back, "uncoded" if removing else "coded", changed)


@staff_page(project=True)
async def decide_theme(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Accept a suggested theme (a code on its answers) or reject it (suggested no more)."""
    services = services_of(request)
    project = project_of(request)
    form = await request.post()
    back = str(form.get("back", ""))
    ref, lang, key = (str(form.get(k, "")) for k in ("q", "lang", "key"))
    label = " ".join(str(form.get("label", "")).split())[:NAME_MAX]
    step_id, _, probe = ref.rpartition(":")
    if not (step_id and probe in ("0", "1") and lang and key and label):
        return back_to_answers(request, back, "none")
    question = Question(step_id, int(probe))
    codebook = CodebookRepository(services.db)
    now = services.clock.timestamp()
    if form.get("decision") == "accept":
        code_id, coded = await codebook.accept(
            project.id, project.dialogue.id, question, lang, key, label, now
        )
        detail, told = f"accept {ref} {lang} code={code_id} answers={coded}", "accepted"
    else:
        await codebook.reject(project.id, question, lang, key, now)
        detail, told, coded = f"reject {ref} {lang}", "rejected", 0
    await services.dashboard.audit(staff.telegram_id, staff.role.value, "theme", project.id, detail)
    return back_to_answers(request, back, told, coded)
