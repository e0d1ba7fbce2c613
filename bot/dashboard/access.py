"""Who is asking: the session cookie, the staff member's role and projects, and CSRF.

Roles and project scope come from bot/permissions.py, asked afresh on every request, so a
facilitator removed from a project loses it on their next click, as in the chat.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.context import Services
from bot.permissions import projects_run_by, role_in
from conversations.i18n.words import Words
from conversations.participation import ROLE_RANK, Role
from conversations.report.texts import right_to_left

COOKIE = "tandem_dashboard"
CSRF_FIELD = "csrf"
SERVICES_KEY: web.AppKey[Services] = web.AppKey("tandem_dashboard_services")
BASE_KEY: web.AppKey[str] = web.AppKey("tandem_dashboard_base")

Page = Callable[[web.Request, "Staff"], Awaitable[web.StreamResponse]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Staff:
    """The signed-in staff member, as this request sees them."""

    telegram_id: int
    role: Role
    project_ids: list[str]
    words: Words
    csrf: str
    cookie: str

    def runs(self, project_id: str) -> bool:
        """Whether this project is in their scope."""
        return project_id in self.project_ids


def services_of(request: web.Request) -> Services:
    """The bot's services, which the dashboard shares."""
    return request.app[SERVICES_KEY]


def visitor_words(request: web.Request) -> Words:
    """Words for someone not signed in: the browser's first language Tandem speaks."""
    catalogues = services_of(request).catalogues
    wanted = request.headers.get("Accept-Language", "").split(",")[0].split(";")[0].strip()
    return Words(catalogues, catalogues.resolve(wanted or None))


def page_context(request: web.Request, words: Words, **more: Any) -> dict[str, Any]:
    """What every template reads: the words, the language and direction, the base path."""
    return {
        "say": words.say,
        "plural": words.plural,
        "lang": words.lang,
        "dir": "rtl" if right_to_left(words.lang) else "ltr",
        "base": request.app[BASE_KEY],
        "staff": None,
        **more,
    }


def refusal(
    request: web.Request, status: int, reason: str, words: Words | None = None
) -> web.Response:
    """A small page saying why nothing is shown (in the visitor's language if unknown)."""
    words = words or visitor_words(request)
    response = aiohttp_jinja2.render_template(
        "refused.html",
        request,
        page_context(request, words, reason=reason, status=status),
        status=status,
    )
    if status == 401:
        response.del_cookie(COOKIE, path=request.app[BASE_KEY] or "/")
    return response


async def signed_in(request: web.Request) -> Staff | web.Response:
    """The staff member behind the cookie, or the refusal to answer with."""
    services = services_of(request)
    cookie = request.cookies.get(COOKIE, "")
    session = await services.dashboard.session(cookie) if cookie else None
    if session is None:
        return refusal(request, 401, "DASHBOARD_SIGNED_OUT")
    catalogues = services.catalogues
    words = Words(catalogues, catalogues.resolve(session.language))
    role = await role_in(services, session.telegram_id)
    if ROLE_RANK[role] < ROLE_RANK[Role.FACILITATOR]:
        # No longer staff: the session ends here, as the chat stops offering staff commands.
        await services.dashboard.end_all(session.telegram_id)
        return refusal(request, 403, "DASHBOARD_NOT_STAFF", words)
    projects = await projects_run_by(services, session.telegram_id, role)
    return Staff(session.telegram_id, role, projects, words, session.csrf, cookie)


def staff_page(*, project: bool = False) -> Callable[[Page], Handler]:
    """Answer only a signed-in staff member; a project route only for a project they run;
    a POST only with the session's CSRF token."""

    def decorate(page: Page) -> Handler:
        @functools.wraps(page)
        async def guarded(request: web.Request) -> web.StreamResponse:
            staff = await signed_in(request)
            if isinstance(staff, web.Response):
                return staff
            if request.method == "POST":
                form = await request.post()
                given = str(form.get(CSRF_FIELD, ""))
                if not hmac.compare_digest(given.encode(), staff.csrf.encode()):
                    return refusal(request, 403, "DASHBOARD_FORM_EXPIRED", staff.words)
            project_id = request.match_info.get("project")
            if project and not staff.runs(project_id or ""):
                return refusal(request, 404, "DASHBOARD_NOT_FOUND", staff.words)
            response = await page(request, staff)
            await services_of(request).dashboard.audit(
                staff.telegram_id, staff.role.value, page.__name__, project_id
            )
            return response

        return guarded

    return decorate


def staff_context(request: web.Request, staff: Staff, **more: Any) -> dict[str, Any]:
    """The template context of a signed-in page."""
    return page_context(request, staff.words, staff=staff, csrf=staff.csrf, **more)
