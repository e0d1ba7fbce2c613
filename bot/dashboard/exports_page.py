"""The exports page: a report (in a chosen language) or the data (XLSX, CSV or JSON Lines),
with days and a cohort, made by /export's own code (bot/exports.py, recorded as an export
job) in a worker thread, its progress shown, then downloaded in the browser.

Coordinators only, as /export in the chat. A file is kept for the session that asked for
it: downloaded once, then deleted; one not downloaded goes after KEEP_SECONDS.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp_jinja2
from aiohttp import web

from bot import exports
from bot.context import Services
from bot.dashboard.access import BASE_KEY, Staff, refusal, services_of, staff_context, staff_page
from bot.export_delivery import make_file, size_words
from bot.exports import FORMATS, ExportAsk
from conversations.export.request import ExportError
from conversations.participation import Role
from conversations.projects import Project
from conversations.report.texts import number
from conversations.translating import language_name

log = logging.getLogger(__name__)
KEEP_SECONDS = 30 * 60.0  # a file nobody downloaded is deleted after this
CHUNK = 256 * 1024
SECURITY = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class WatchedCounts(exports.RowCounts):
    """Row counts the page can read while the worker thread writes them."""

    def __init__(self) -> None:
        super().__init__()
        self.table: str | None = None
        self.so_far = 0

    def start(self, table: str, total: int | None = None) -> None:
        """A table begins."""
        self.table, self.so_far = table, 0

    def update(self, table: str, rows: int) -> None:
        """Rows so far."""
        self.table, self.so_far = table, rows


@dataclass
class Prepared:
    """One export made for one session."""

    job_id: int
    cookie: str
    project_id: str
    asked: ExportAsk
    created_at: float
    folder: Path
    counts: WatchedCounts = field(default_factory=WatchedCounts)
    path: Path | None = None
    problem: str | None = None
    gone: bool = False


class ExportShelf:
    """The exports being made or waiting to be downloaded, in this process only."""

    def __init__(self) -> None:
        self.items: dict[int, Prepared] = {}
        self.tasks: set[asyncio.Task[None]] = set()

    def mine(self, staff: Staff, project_id: str, job: str) -> Prepared | None:
        """The export if this session asked for it, for this project."""
        item = self.items.get(int(job)) if job.isdigit() else None
        if item is None or item.cookie != staff.cookie or item.project_id != project_id:
            return None
        return item

    def prune(self, now: float) -> None:
        """Delete files kept longer than KEEP_SECONDS."""
        for item in list(self.items.values()):
            if now - item.created_at > KEEP_SECONDS and item.path is not None:
                _remove(item)
            if now - item.created_at > 4 * KEEP_SECONDS:
                del self.items[item.job_id]

    async def close(self, app: web.Application) -> None:
        """At shutdown: stop what runs, delete every file."""
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for item in self.items.values():
            _remove(item)


SHELF_KEY: web.AppKey[ExportShelf] = web.AppKey("tandem_dashboard_exports", ExportShelf)


def attach_shelf(app: web.Application) -> None:
    """Give the dashboard app its shelf, emptied when the app stops."""
    shelf = ExportShelf()
    app[SHELF_KEY] = shelf
    app.on_cleanup.append(shelf.close)


def _remove(item: Prepared) -> None:
    shutil.rmtree(item.folder, ignore_errors=True)
    item.path, item.gone = None, True


def _project(request: web.Request) -> Project:
    project = services_of(request).projects.get(request.match_info["project"])
    if project is None:
        raise web.HTTPNotFound()
    return project


def _coordinator(request: web.Request, staff: Staff) -> web.Response | None:
    if staff.role is Role.COORDINATOR:
        return None
    return refusal(request, 403, "DASHBOARD_EXPORTS_ONLY_COORDINATORS", staff.words)


async def _page(
    request: web.Request,
    staff: Staff,
    project: Project,
    problem: str | None = None,
    status: int = 200,
    item: Prepared | None = None,
) -> web.StreamResponse:
    services, words = services_of(request), staff.words
    shelf = request.app[SHELF_KEY]
    shelf.prune(services.clock.timestamp())
    mine = [
        i for i in shelf.items.values() if i.cookie == staff.cookie and i.project_id == project.id
    ]
    languages = [(lang, language_name(lang, words.lang)) for lang in project.languages]
    context = staff_context(
        request,
        staff,
        page="exports",
        project=project,
        title=project.title.in_(words.lang),
        formats=[(f, words.say(f"EXPORT_FORMAT_LABELS.{f}")) for f in FORMATS],
        languages=languages,
        chosen=words.lang if words.lang in project.languages else project.languages[0],
        problem=problem,
        item=_view(item, words) if item else None,
        mine=[_view(i, words) for i in sorted(mine, key=lambda i: -i.job_id)],
    )
    template = "export_job.html" if item else "exports.html"
    return aiohttp_jinja2.render_template(template, request, context, status=status)


def _view(item: Prepared, words: Any) -> dict[str, Any]:
    """What the page says of one export."""
    label = words.say(f"EXPORT_FORMAT_LABELS.{item.asked.format}")
    done = [
        words.plural("EXPORT_TABLE_ROWS", n, table=t, number=number(n, words))
        for t, n in item.counts.rows.items()
    ]
    if item.problem is not None:
        state, said = "problem", item.problem
    elif item.gone:
        state, said = "gone", words.say("DASHBOARD_EXPORT_GONE")
    elif item.path is not None:
        shown = size_words(item.path.stat().st_size, words)
        state, said = "ready", words.say("DASHBOARD_EXPORT_READY", label=label, size=shown)
    else:
        state, said = "running", words.say("DASHBOARD_EXPORT_PREPARING", label=label)
        if item.counts.table and item.counts.table not in item.counts.rows:
            done.append(
                words.plural(
                    "DASHBOARD_EXPORT_TABLE_ROWS",
                    item.counts.so_far,
                    table=item.counts.table,
                    count=number(item.counts.so_far, words),
                )
            )
    return {
        "id": item.job_id,
        "state": state,
        "said": said,
        "tables": done,
        "filename": item.path.name if item.path else "",
        "dates": item.asked.dates(words) if item.asked.since or item.asked.until else "",
    }


@staff_page(project=True)
async def exports_page(request: web.Request, staff: Staff) -> web.StreamResponse:
    """The form, and this session's exports."""
    return _coordinator(request, staff) or await _page(request, staff, _project(request))


@staff_page(project=True)
async def export_start(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Check what was asked, record it as an export job, make it in the background."""
    if refused := _coordinator(request, staff):
        return refused
    services, words, project = services_of(request), staff.words, _project(request)
    form = await request.post()

    def typed(name: str) -> str | None:
        return str(form.get(name, "")).strip()[:100] or None

    chosen = typed("format") or ""
    language = typed("language") or ""
    asked = ExportAsk(
        project,
        chosen if chosen in FORMATS else "html",
        typed("since"),
        typed("until"),
        typed("cohort"),
        language if language in project.languages else project.languages[0],
    )
    try:
        request_ = asked.request()
    except ExportError as exc:
        problem = words.say("EXPORT_PROBLEM", reason=exc.said(words))
        return await _page(request, staff, project, problem, 400)
    job = await services.export_jobs.open(staff.telegram_id, staff.telegram_id, asked.record())
    if job is None:
        return await _page(request, staff, project, words.say("DASHBOARD_EXPORT_BUSY"), 409)
    folder = Path(tempfile.mkdtemp(prefix="tandem-dashboard-export-"))
    item = Prepared(job.id, staff.cookie, project.id, asked, services.clock.timestamp(), folder)
    shelf = request.app[SHELF_KEY]
    shelf.items[job.id] = item
    task = asyncio.create_task(_make(services, item, request_, words))
    shelf.tasks.add(task)
    task.add_done_callback(shelf.tasks.discard)
    base = request.app[BASE_KEY]
    raise web.HTTPSeeOther(f"{base}/projects/{project.id}/exports/{job.id}")


async def _make(services: Services, item: Prepared, request: Any, words: Any) -> None:
    """Make the file as /export does, then record the job finished (nothing is sent)."""
    jobs = services.export_jobs
    await jobs.begin_attempt(item.job_id)
    day = services.clock.now().astimezone(ZoneInfo(item.asked.project.timezone)).date()
    outcome = "sent"  # handed to the page for download (the table has no outcome of its own)
    try:
        path, _ = await asyncio.to_thread(
            make_file,
            services.settings.database_target,
            request,
            item.folder,
            day,
            services.clock,
            item.counts,
        )
        item.path = path
    except ExportError as exc:
        item.problem = words.say("DASHBOARD_EXPORT_FAILED", reason=exc.said(words))
        outcome = "problem"
    except Exception:
        log.exception("dashboard export job %d failed", item.job_id)
        item.problem = words.say("EXPORT_FAILED", title=item.asked.project.title)
        outcome = "failed"
    reply = item.problem or ""
    await jobs.finish(item.job_id, outcome, reply)
    await jobs.told(item.job_id)  # shown on the page: nothing to say in the chat


@staff_page(project=True)
async def export_job(request: web.Request, staff: Staff) -> web.StreamResponse:
    """One export's progress (the page reloads itself until it is done), then its link."""
    if refused := _coordinator(request, staff):
        return refused
    project = _project(request)
    item = request.app[SHELF_KEY].mine(staff, project.id, request.match_info["job"])
    if item is None:
        raise web.HTTPNotFound()
    return await _page(request, staff, project, item=item)


@staff_page(project=True)
async def export_file(request: web.Request, staff: Staff) -> web.StreamResponse:
    """The file, once, to the session that asked for it; then it is deleted."""
    if refused := _coordinator(request, staff):
        return refused
    project = _project(request)
    item = request.app[SHELF_KEY].mine(staff, project.id, request.match_info["job"])
    if item is None or item.path is None:
        raise web.HTTPNotFound()
    path = item.path
    response = web.StreamResponse(headers=SECURITY)
    response.headers["Content-Disposition"] = f'attachment; filename="{path.name}"'
    response.content_type = _TYPES.get(path.suffix, "application/octet-stream")
    response.content_length = path.stat().st_size
    await response.prepare(request)
    with path.open("rb") as data:
        while chunk := await asyncio.to_thread(data.read, CHUNK):
            await response.write(chunk)
    await response.write_eof()
    _remove(item)
    return response


_TYPES = {
    ".html": "text/html",
    ".md": "text/markdown",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}
