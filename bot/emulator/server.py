"""The aiohttp application: Bot API methods, file downloads and the control API."""

from __future__ import annotations

import copy
import inspect
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.emulator.control import EMULATOR_KEY, add_control_routes
from bot.emulator.errors import ApiError, bad_request
from bot.emulator.params import read_params
from bot.emulator.state import ApiCall

if TYPE_CHECKING:
    from bot.emulator.emulator import BotApiEmulator

log = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 60 * 1024 * 1024  # above Telegram's 50 MB so that its own limit governs


async def call_method(request: web.Request) -> web.Response:
    """POST/GET /bot<token>/<method>: answer as Telegram would and record the call."""
    emulator = request.app[EMULATOR_KEY]
    method = emulator.api.canonical(request.match_info["method"])
    # Recorded on arrival (status 0) so that a long poll in progress is already visible.
    call = ApiCall(method, {}, 0, None, emulator.clock())
    emulator.record(call)
    try:
        if request.match_info["token"] != emulator.token:
            raise ApiError(401, "Unauthorized")
        params = await read_params(request)
        call.params = params
        handler = emulator.api.handlers.get(method)
        if handler is None:
            # Telegram itself says 404, but python-telegram-bot reads 404 as a bad token.
            raise bad_request("method not found")
        emulator.faults.check(method, params)
        result = handler(params)
        if inspect.isawaitable(result):
            result = await result
    except ApiError as error:
        status, body = error.status, error.body()
        recorded: Any = body
        if error.html:
            emulator.answered(call, status, recorded)
            return web.Response(text=error.html_page(), status=status, content_type="text/html")
    except Exception:
        # An emulator bug must show as one, not as a plausible Telegram refusal.
        log.exception("emulated %s failed", method)
        failure = ApiError(500, "Internal Server Error: emulator bug, see its log")
        status, body = failure.status, failure.body()
        recorded = body
    else:
        status, body = 200, {"ok": True, "result": result}
        recorded = copy.deepcopy(result)
    emulator.answered(call, status, recorded)
    return web.json_response(body, status=status)


async def download_file(request: web.Request) -> web.Response:
    """GET /file/bot<token>/<file_path>: the hosted bytes."""
    emulator = request.app[EMULATOR_KEY]
    stored = emulator.state.file_by_path(request.match_info["file_path"])
    if request.match_info["token"] != emulator.token or stored is None:
        raise web.HTTPNotFound()
    return web.Response(body=stored.data, content_type="application/octet-stream")


def build_app(emulator: BotApiEmulator) -> web.Application:
    """The whole emulator as one aiohttp application."""
    app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
    app[EMULATOR_KEY] = emulator
    app.router.add_route("*", "/bot{token}/{method}", call_method)
    app.router.add_get("/file/bot{token}/{file_path:.+}", download_file)
    add_control_routes(app)
    return app
