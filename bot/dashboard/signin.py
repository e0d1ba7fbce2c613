"""Signing in with the link from /dashboard, and signing out."""

from __future__ import annotations

from aiohttp import web

from bot.dashboard.access import (
    BASE_KEY,
    COOKIE,
    Staff,
    refusal,
    services_of,
    staff_page,
)
from bot.permissions import role_in
from storage.dashboard import ABSOLUTE_SECONDS


async def sign_in(request: web.Request) -> web.StreamResponse:
    """Use the one-time link: set the session cookie, then go where the token is not."""
    services = services_of(request)
    token = request.query.get("t", "")
    redeemed = await services.dashboard.redeem(token) if 0 < len(token) <= 200 else None
    if redeemed is None:
        return refusal(request, 401, "DASHBOARD_LINK_USED")
    cookie, session = redeemed
    role = await role_in(services, session.telegram_id)
    await services.dashboard.audit(session.telegram_id, role.value, "sign_in")
    base = request.app[BASE_KEY]
    response = web.Response(status=303, headers={"Location": f"{base}/"})
    response.set_cookie(
        COOKIE,
        cookie,
        path=base or "/",
        max_age=ABSOLUTE_SECONDS,
        httponly=True,
        samesite="Lax",  # Strict would drop the cookie on the redirect from Telegram
        secure=services.settings.dashboard_secure,
    )
    return response


@staff_page()
async def sign_out(request: web.Request, staff: Staff) -> web.StreamResponse:
    """End the session on the server and forget the cookie."""
    await services_of(request).dashboard.end(staff.cookie)
    base = request.app[BASE_KEY]
    response = web.Response(status=303, headers={"Location": f"{base}/signed-out"})
    response.del_cookie(COOKIE, path=base or "/")
    return response


async def signed_out(request: web.Request) -> web.StreamResponse:
    """Where signing out lands: how to sign in again."""
    return refusal(request, 200, "DASHBOARD_SIGNED_OUT")
