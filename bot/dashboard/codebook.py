"""The codebook page: a project's codes, how often each is used, and a form for a new one."""

from __future__ import annotations

import re

import aiohttp_jinja2
from aiohttp import web

from bot.dashboard.access import Staff, services_of, staff_context, staff_page
from bot.dashboard.answers import project_of
from conversations.report.texts import number
from storage.codebook import DESCRIPTION_MAX, NAME_MAX, CodebookRepository

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


async def _page(
    request: web.Request,
    staff: Staff,
    problem: str | None = None,
    status: int = 200,
    typed: dict[str, str] | None = None,
) -> web.StreamResponse:
    project = project_of(request)
    codes = await CodebookRepository(services_of(request).db).codes(project.id)
    context = staff_context(
        request,
        staff,
        project=project,
        codes=codes,
        problem=problem,
        typed={"name": "", "description": "", "colour": "#00528a", **(typed or {})},
        page="codebook",
        name_max=NAME_MAX,
        description_max=DESCRIPTION_MAX,
        number=lambda n: number(n, staff.words),
    )
    return aiohttp_jinja2.render_template("codebook.html", request, context, status=status)


@staff_page(project=True)
async def codebook(request: web.Request, staff: Staff) -> web.StreamResponse:
    """The project's codes."""
    return await _page(request, staff)


@staff_page(project=True)
async def create_code(request: web.Request, staff: Staff) -> web.StreamResponse:
    """Add a code; a clear answer (and the page again) when the name is missing or taken."""
    services = services_of(request)
    project = project_of(request)
    form = await request.post()
    name = " ".join(str(form.get("name", "")).split())[:NAME_MAX]
    description = str(form.get("description", "")).strip()[:DESCRIPTION_MAX]
    colour = str(form.get("colour", "")).strip()
    typed = {"name": name, "description": description, "colour": colour}
    if not name:
        return await _page(request, staff, "DASHBOARD_CODE_NAME_NEEDED", 400, typed)
    made = await CodebookRepository(services.db).create(
        project.id,
        name,
        description,
        colour if COLOUR.fullmatch(colour) else None,
        services.clock.timestamp(),
    )
    if made is None:
        return await _page(request, staff, "DASHBOARD_CODE_NAME_TAKEN", 409, typed)
    await services.dashboard.audit(
        staff.telegram_id, staff.role.value, "code_create", project.id, f"code={made}"
    )
    return web.Response(status=303, headers={"Location": request.rel_url.path})
