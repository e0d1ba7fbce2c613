"""Turn a Bot API request (query, form, multipart or JSON) into typed parameters."""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from bot.emulator.errors import bad_request
from bot.emulator.state import Upload

# Only these are JSON-decoded: a message text that happens to look like JSON stays text.
JSON_KEYS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "options",
        "reply_parameters",
        "link_preview_options",
        "allowed_updates",
        "commands",
        "scope",
        "media",
        "question_entities",
        "explanation_entities",
        "correct_option_ids",
        "results",
        "permissions",
        "menu_button",
        "rights",
        "reaction",
        "message_ids",
        "description_entities",
        "country_codes",
    }
)
INT_KEYS = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "offset",
        "limit",
        "user_id",
        "reply_to_message_id",
        "message_thread_id",
        "duration",
        "width",
        "height",
        "correct_option_id",
        "open_period",
        "close_date",
        "max_connections",
        "cache_time",
        "until_date",
    }
)
FLOAT_KEYS = frozenset({"timeout", "latitude", "longitude"})
BOOL_PREFIXES = ("is_", "allow", "disable_", "has_", "show_", "protect_", "drop_", "can_")
BOOL_KEYS = frozenset({"allows_multiple_answers", "allows_revoting", "members_only"})
INTEGER = re.compile(r"-?\d+")


def _is_bool_key(key: str) -> bool:
    return key in BOOL_KEYS or key.startswith(BOOL_PREFIXES)


def coerce(key: str, value: Any) -> Any:
    """Type one parameter value the way the Bot API would read it."""
    if isinstance(value, Upload) or not isinstance(value, str):
        return value
    if key in JSON_KEYS:
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {key} JSON object") from None
    if key in INT_KEYS and INTEGER.fullmatch(value.strip()):
        return int(value)
    if key in FLOAT_KEYS:
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    if _is_bool_key(key) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    return value


async def read_params(request: web.Request) -> dict[str, Any]:
    """Every parameter of the request, from the query string and then the body."""
    raw: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON body must be an object")
            raw.update(body)
        elif request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            form = await request.post()
            for key, value in form.items():
                raw[key] = _upload(value) if isinstance(value, FileField) else value
    params = {key: coerce(key, value) for key, value in raw.items()}
    return _resolve_attachments(params)


def _upload(field: FileField) -> Upload:
    return Upload(
        filename=field.filename or field.name,
        content_type=field.content_type or "application/octet-stream",
        data=field.file.read(),
    )


def _resolve_attachments(params: dict[str, Any]) -> dict[str, Any]:
    """Replace `attach://name` values with the uploaded part they point to."""
    resolved = {}
    for key, value in params.items():
        if isinstance(value, str) and value.startswith("attach://"):
            target = params.get(value.removeprefix("attach://"))
            resolved[key] = target if isinstance(target, Upload) else value
        else:
            resolved[key] = value
    return resolved


def json_safe(value: Any) -> Any:
    """Parameters with uploads replaced by a filename and size."""
    if isinstance(value, Upload):
        return value.summary()
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value
