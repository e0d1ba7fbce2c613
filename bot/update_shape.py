"""What the intake checks before an update reaches the handlers: its shape and its text.

Telegram's own updates always pass. Anything else (a broken proxy, a hand-made request,
a future field used in an old way) is caught here, at one place, instead of as an
AttributeError deep in a filter or a handler. Unknown fields and update kinds pass: only
the fields Tandem and python-telegram-bot's filters read are checked.
"""

from __future__ import annotations

import re
from typing import Any

# A Spec is a type, a nested dict spec, a one-element list (a list of that spec),
# or a Maybe wrapper around one of these.
Spec = Any


class Maybe:
    """The field may be absent or null."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec


_INT_LIMIT = 2**63  # SQLite's INTEGER; Telegram's ids use at most 52 bits
# Lone surrogates cannot be encoded, and PostgreSQL refuses NUL in text: both become U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff\x00]")

USER = {
    "id": int,
    "is_bot": bool,
    "first_name": str,
    "last_name": Maybe(str),
    "username": Maybe(str),
    "language_code": Maybe(str),
}
CHAT = {
    "id": int,
    "type": str,
    "title": Maybe(str),
    "username": Maybe(str),
    "first_name": Maybe(str),
    "last_name": Maybe(str),
}
ENTITY = {"type": str, "offset": int, "length": int, "url": Maybe(str)}
FILE = {"file_id": str, "file_unique_id": str, "file_size": Maybe(int)}
PHOTO_SIZE = {**FILE, "width": int, "height": int}
VOICE = {**FILE, "duration": int, "mime_type": Maybe(str)}
STICKER = {**FILE, "type": str, "width": int, "height": int, "is_animated": bool, "is_video": bool}
BUTTON = {"text": str, "callback_data": Maybe(str), "url": Maybe(str)}
MARKUP = {"inline_keyboard": [[BUTTON]]}
MESSAGE: dict[str, Spec] = {
    "message_id": int,
    "date": int,
    "chat": CHAT,
    "from": Maybe(USER),
    "edit_date": Maybe(int),
    "text": Maybe(str),
    "caption": Maybe(str),
    "entities": Maybe([ENTITY]),
    "caption_entities": Maybe([ENTITY]),
    "photo": Maybe([PHOTO_SIZE]),
    "voice": Maybe(VOICE),
    "sticker": Maybe(STICKER),
    "reply_markup": Maybe(MARKUP),
}
MESSAGE["reply_to_message"] = Maybe(MESSAGE)
MEMBER = {"status": str, "user": USER}
UPDATE_KINDS: dict[str, Spec] = {
    "message": MESSAGE,
    "edited_message": MESSAGE,
    "channel_post": MESSAGE,
    "edited_channel_post": MESSAGE,
    "callback_query": {
        "id": str,
        "from": USER,
        "chat_instance": Maybe(str),
        "message": Maybe(MESSAGE),
        "inline_message_id": Maybe(str),
        "data": Maybe(str),
    },
    "poll_answer": {
        "poll_id": str,
        "user": Maybe(USER),
        "voter_chat": Maybe(CHAT),
        "option_ids": [int],
    },
    "my_chat_member": {
        "chat": CHAT,
        "from": USER,
        "date": int,
        "old_chat_member": MEMBER,
        "new_chat_member": MEMBER,
    },
}
UPDATE_KINDS["chat_member"] = UPDATE_KINDS["my_chat_member"]
UPDATE_KINDS["inline_query"] = {"id": str, "from": USER, "query": str}
UPDATE_KINDS["chat_join_request"] = {"chat": CHAT, "from": USER, "date": int}


def clean_text(value: Any) -> Any:
    """The update with every lone surrogate and NUL replaced by U+FFFD (neither can be stored
    everywhere)."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value) if _LONE_SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {clean_text(k): clean_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_text(v) for v in value]
    return value


def as_id(value: Any) -> int | None:
    """The value as a storable Telegram id, or None if it is not one."""
    if isinstance(value, int) and not isinstance(value, bool) and -_INT_LIMIT <= value < _INT_LIMIT:
        return value
    return None


def shape_problem(update: dict[str, Any]) -> str | None:
    """Why this update cannot be handled (a field path, never its content), or None."""
    for kind, spec in UPDATE_KINDS.items():
        if kind in update:
            found = _problem(update[kind], spec)
            return None if found is None else kind + "".join(reversed(found))
    return None


def _problem(value: Any, spec: Spec) -> list[str] | None:
    """What is wrong, as the path's parts from the innermost outwards and the problem
    first, or None (the path is built only for a broken update: this runs on each one)."""
    if isinstance(spec, Maybe):
        return None if value is None else _problem(value, spec.spec)
    if value is None:
        return [" is missing"]
    if isinstance(spec, type):
        # bool is an int in Python, but an id of `true` is no id.
        if not isinstance(value, spec) or (spec is int and isinstance(value, bool)):
            return [f" is not {_NAMES[spec]}"]
        if spec is int and as_id(value) is None:
            return [" is out of range"]
        return None
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [" is not a list"]
        for index, item in enumerate(value):
            if found := _problem(item, spec[0]):
                found.append(f"[{index}]")
                return found
        return None
    if not isinstance(value, dict):
        return [" is not an object"]
    for key, inner in spec.items():
        if found := _problem(value.get(key), inner):
            found.append(f".{key}")
            return found
    return None


_NAMES = {int: "an integer", str: "a string", bool: "true or false"}
