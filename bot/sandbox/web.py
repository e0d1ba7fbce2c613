"""The sandbox page and its small JSON API, served by aiohttp on loopback.

The page polls `/api/poll` twice a second; everything a person does is one POST that
injects an update into the emulator, exactly as Telegram would deliver it to the bot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.emulator import BotApiEmulator
from bot.sandbox.cast import Person, find
from bot.sandbox.chat import ChatBook, content_type
from bot.sandbox.clock import ScheduleRehearsal

STATIC_DIR = Path(str(files("bot.sandbox") / "static"))
MAX_TEXT = 4096
JUMPS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


@dataclass
class Stage:
    """Everything the page's API reaches: the emulator, the chats, the people, the clock."""

    emulator: BotApiEmulator
    book: ChatBook
    cast: tuple[Person, ...]
    rehearsal: ScheduleRehearsal
    timezone: str
    projects: list[dict[str, str]] = field(default_factory=list)

    @property
    def bot_username(self) -> str:
        """The emulated bot's @username, which deep links name."""
        return str(self.emulator.state.bot_user["username"])


STAGE_KEY: web.AppKey[Stage] = web.AppKey("tandem_sandbox_stage")


def _refusal(reason: str, status: int = 400) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def _error(kind: type[web.HTTPError], reason: str) -> web.HTTPError:
    """An HTTP error with a JSON body, as the page reads every answer as JSON."""
    return kind(text=json.dumps({"error": reason}), content_type="application/json")


async def _body(request: web.Request) -> dict[str, Any]:
    # Requiring a JSON content type means another web site cannot post here without a
    # CORS preflight, which this server never grants.
    if request.content_type != "application/json":
        raise _error(web.HTTPUnsupportedMediaType, "send application/json")
    try:
        body = await request.json()
    except ValueError:
        raise _error(web.HTTPBadRequest, "body must be JSON") from None
    if not isinstance(body, dict):
        raise _error(web.HTTPBadRequest, "body must be a JSON object")
    return body


def _person(request: web.Request) -> Person:
    stage = request.app[STAGE_KEY]
    try:
        person = find(stage.cast, int(request.match_info["person"]))
    except ValueError:
        person = None
    if person is None:
        raise _error(web.HTTPNotFound, "no such person in the sandbox")
    return person


def _clock(stage: Stage) -> dict[str, Any]:
    clock = stage.rehearsal.clock
    return {
        "now": clock.now().isoformat(),
        "timestamp": clock.timestamp(),
        "offset": clock.jumped,
        "zone": stage.timezone,
    }


async def index(request: web.Request) -> web.FileResponse:
    """The page itself."""
    return web.FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


async def info(request: web.Request) -> web.Response:
    """The bot, the cast, the projects to join and the menu of commands."""
    stage = request.app[STAGE_KEY]
    return web.json_response(
        {
            "bot": {
                "username": stage.bot_username,
                "name": stage.emulator.state.bot_user["first_name"],
            },
            "people": [person.as_json() for person in stage.cast],
            "projects": stage.projects,
            "commands": stage.emulator.commands(),
            # The menu each person's app shows: the one published in their language, if any.
            "menus": {
                str(person.user_id): stage.emulator.commands(language_code=person.language)
                or stage.emulator.commands()
                for person in stage.cast
            },
            "clock": _clock(stage),
        }
    )


async def poll(request: web.Request) -> web.Response:
    """One person's chat, everyone's unread counts and the clock; `seen=1` marks read."""
    stage = request.app[STAGE_KEY]
    person = _person(request)
    if request.query.get("seen") == "1":
        stage.book.mark_read(person.user_id)
    people = [
        {
            **member.as_json(),
            "unread": stage.book.unread(member.user_id),
            "preview": stage.book.preview(member.user_id),
        }
        for member in stage.cast
    ]
    return web.json_response(
        {
            "people": people,
            "chat": stage.book.snapshot(person.user_id),
            "clock": _clock(stage),
        }
    )


async def send_text(request: web.Request) -> web.Response:
    """The person types a message or a /command."""
    stage, person, body = request.app[STAGE_KEY], _person(request), await _body(request)
    text = str(body.get("text", "")).strip()
    if not text or len(text) > MAX_TEXT:
        return _refusal(f"text must be 1 to {MAX_TEXT} characters")
    update = stage.emulator.inject_text(
        person.user_id, text, first_name=person.name, language_code=person.language
    )
    return web.json_response({"update_id": update["update_id"]})


async def press(request: web.Request) -> web.Response:
    """The person taps an inline button of one of the bot's messages."""
    stage, person, body = request.app[STAGE_KEY], _person(request), await _body(request)
    data, message_id = body.get("data"), body.get("message_id")
    if not isinstance(data, str) or not isinstance(message_id, int):
        return _refusal("need data (text) and message_id (number)")
    update = stage.emulator.inject_callback(person.user_id, data, message_id=message_id)
    stage.book.pressed(update)
    return web.json_response({"update_id": update["update_id"]})


async def vote(request: web.Request) -> web.Response:
    """The person votes in a poll (an empty list of options retracts the vote)."""
    stage, person, body = request.app[STAGE_KEY], _person(request), await _body(request)
    options = body.get("options")
    if not isinstance(options, list) or not all(isinstance(o, int) for o in options):
        return _refusal("options must be a list of option numbers")
    try:
        update = stage.emulator.inject_poll_answer(
            person.user_id, str(body.get("poll_id")), options
        )
    except (KeyError, ValueError) as error:
        return _refusal(str(error).strip("'\""))
    return web.json_response({"update_id": update["update_id"]})


async def send_voice(request: web.Request) -> web.Response:
    """The person records a (pretend) voice note."""
    stage, person = request.app[STAGE_KEY], _person(request)
    body = await _body(request)
    duration = body.get("duration", 4)
    update = stage.emulator.inject_voice(
        person.user_id, duration=duration if isinstance(duration, int) else 4
    )
    return web.json_response({"update_id": update["update_id"]})


async def send_photo(request: web.Request) -> web.Response:
    """The person sends a (pretend) photo, with an optional caption."""
    stage, person, body = request.app[STAGE_KEY], _person(request), await _body(request)
    caption = str(body.get("caption") or "").strip() or None
    update = stage.emulator.inject_photo(person.user_id, caption=caption)
    return web.json_response({"update_id": update["update_id"]})


async def jump(request: web.Request) -> web.Response:
    """Move the sandbox clock: to the next diary prompt, or by an hour or a day."""
    stage, body = request.app[STAGE_KEY], await _body(request)
    to = body.get("to")
    if to == "next_prompt":
        report = await stage.rehearsal.jump_to_next_prompt()
    elif to in JUMPS:
        report = await stage.rehearsal.jump_by(JUMPS[str(to)])
    else:
        return _refusal("to must be next_prompt, hour or day")
    return web.json_response({"jump": report.as_json() if report else None, "clock": _clock(stage)})


async def file_bytes(request: web.Request) -> web.Response:
    """The bytes of a photo or document in a chat, with their content type."""
    stage = request.app[STAGE_KEY]
    file_id = request.match_info["file_id"]
    stored = stage.emulator.state.stored_files.get(file_id)
    if stored is None:
        raise _error(web.HTTPNotFound, "no such file")
    name, declared = Path(stored.file_path).name, None
    for message in stage.emulator.state.messages.values():
        document = message.get("document")
        if document and document.get("file_id") == file_id:
            name, declared = document.get("file_name", name), document.get("mime_type")
    kind = content_type(stored, declared)
    charset = "utf-8" if kind.startswith("text/") else None
    safe_name = "".join(c for c in name if c.isalnum() or c in "._-") or "file"
    return web.Response(
        body=stored.data,
        content_type=kind,
        charset=charset,
        headers={
            # A file_id always names the same bytes, so the browser may keep them.
            "Cache-Control": "private, max-age=86400",
            "Content-Disposition": f'inline; filename="{safe_name}"',
        },
    )


def build_page_app(stage: Stage) -> web.Application:
    """The page, its assets and the JSON API as one aiohttp application."""
    app = web.Application(client_max_size=64 * 1024)
    app[STAGE_KEY] = stage
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC_DIR)
    app.router.add_get("/api/info", info)
    app.router.add_get("/api/poll/{person}", poll)
    app.router.add_post("/api/people/{person}/text", send_text)
    app.router.add_post("/api/people/{person}/press", press)
    app.router.add_post("/api/people/{person}/vote", vote)
    app.router.add_post("/api/people/{person}/voice", send_voice)
    app.router.add_post("/api/people/{person}/photo", send_photo)
    app.router.add_post("/api/clock", jump)
    app.router.add_get("/api/files/{file_id}", file_bytes)
    return app
