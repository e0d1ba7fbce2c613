"""The `/_emulator/` control API: inject updates, read calls, switch faults, from any process."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.emulator.params import json_safe

if TYPE_CHECKING:
    from bot.emulator.emulator import BotApiEmulator

EMULATOR_KEY: web.AppKey[BotApiEmulator] = web.AppKey("tandem_emulator")
ControlHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _refusal(error: Exception) -> web.Response:
    return web.json_response({"error": f"{type(error).__name__}: {error}"}, status=400)


async def _json_body(request: web.Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="body must be JSON") from None


async def inject(request: web.Request) -> web.Response:
    """POST {"kind": ..., **kwargs} -> the injected update."""
    body = await _json_body(request)
    if not isinstance(body, dict):
        return _refusal(ValueError("expected a JSON object"))
    fields = dict(body)
    kind = fields.pop("kind", None)
    try:
        update = request.app[EMULATOR_KEY].inject(str(kind), **fields)
    except (KeyError, TypeError, ValueError) as error:
        return _refusal(error)
    return web.json_response(update)


async def inject_many(request: web.Request) -> web.Response:
    """POST [{"kind": ..., ...}, ...] -> {"count", "last_update_id"}."""
    body = await _json_body(request)
    if not isinstance(body, list):
        return _refusal(ValueError("expected a JSON list"))
    emulator = request.app[EMULATOR_KEY]
    try:
        updates = emulator.inject_many(body)
    except (KeyError, TypeError, ValueError) as error:
        return _refusal(error)
    return web.json_response(
        {"count": len(updates), "last_update_id": emulator.state.last_update_id}
    )


async def calls(request: web.Request) -> web.Response:
    """GET ?method=X&since=N -> recorded calls from index N on."""
    emulator = request.app[EMULATOR_KEY]
    method = request.query.get("method")
    try:
        since = max(0, int(request.query.get("since", "0")))
    except ValueError as error:
        return _refusal(error)
    listed = [
        {
            "index": index,
            "method": call.method,
            "params": json_safe(call.params),
            "status": call.status,
            "result": json_safe(call.result),
            "at": call.at,
        }
        for index, call in enumerate(emulator.calls[since:], start=since)
        if method is None or call.method == method
    ]
    return web.json_response(listed)


async def faults(request: web.Request) -> web.Response:
    """POST flood/per-chat limits, blocks, one-shot failures; absent keys change nothing."""
    body = await _json_body(request)
    if not isinstance(body, dict):
        return _refusal(ValueError("expected a JSON object"))
    emulator = request.app[EMULATOR_KEY]
    try:
        if "flood_per_second" in body:
            emulator.set_flood_limit(body["flood_per_second"], int(body.get("retry_after", 1)))
        if "per_chat_per_second" in body:
            emulator.set_per_chat_limit(body["per_chat_per_second"])
        for chat_id in body.get("block", []):
            emulator.block(int(chat_id))
        for chat_id in body.get("unblock", []):
            emulator.unblock(int(chat_id))
        for fault in body.get("fail", []):
            _fail(emulator, fault)
        if "fail_next" in body:
            failure = dict(body["fail_next"])
            emulator.fail_next(
                str(failure["method"]),
                int(failure.get("status", 500)),
                str(failure.get("description", "Internal Server Error")),
                int(failure.get("count", 1)),
            )
    except (KeyError, TypeError, ValueError) as error:
        return _refusal(error)
    return web.json_response({"ok": True, "blocked": sorted(emulator.faults.blocked)})


def _fail(emulator: BotApiEmulator, fault: Any) -> None:
    """{"method", "status", "description", then "count" (next calls) or "seconds" (an outage),
    optional "retry_after" and "html"}."""
    if not isinstance(fault, dict) or not isinstance(fault.get("method"), str):
        raise ValueError("each fail entry needs a method")
    method, status = fault["method"], int(fault.get("status", 500))
    description = str(fault.get("description", "Internal Server Error"))
    html = bool(fault.get("html", False))
    if "seconds" in fault:
        retry_after = fault.get("retry_after")
        emulator.fail_for(
            method,
            float(fault["seconds"]),
            status,
            description,
            retry_after=None if retry_after is None else int(retry_after),
            html=html,
        )
    else:
        emulator.fail_next(method, status, description, int(fault.get("count", 1)), html=html)


async def state(request: web.Request) -> web.Response:
    """GET -> counters a driving process polls."""
    emulator = request.app[EMULATOR_KEY]
    return web.json_response(
        {
            "pending_updates": emulator.pending_updates(),
            "confirmed_offset": emulator.confirmed_offset,
            "last_update_id": emulator.state.last_update_id,
            "calls": len(emulator.calls),
        }
    )


async def messages(request: web.Request) -> web.Response:
    """GET ?chat_id=N -> the bot's messages as they now stand."""
    raw = request.query.get("chat_id")
    try:
        chat_id = int(raw) if raw else None
    except ValueError as error:
        return _refusal(error)
    return web.json_response(request.app[EMULATOR_KEY].sent_messages(chat_id))


def add_control_routes(app: web.Application) -> None:
    """Mount the control API under /_emulator/."""
    app.router.add_post("/_emulator/inject", inject)
    app.router.add_post("/_emulator/inject_many", inject_many)
    app.router.add_get("/_emulator/calls", calls)
    app.router.add_post("/_emulator/faults", faults)
    app.router.add_get("/_emulator/state", state)
    app.router.add_get("/_emulator/messages", messages)
