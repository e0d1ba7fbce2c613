"""What the emulated Telegram side remembers: users, chats, messages, updates, polls, files."""

from __future__ import annotations

import copy
import itertools
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.updates import (
    JSON,
    OPT_IN_UPDATE_KINDS,
    group_chat,
    private_chat,
    update_kind,
    user_dict,
)

Clock = Callable[[], float]


@dataclass
class ApiCall:
    """One Bot API request: status 0 while in flight; `result` is the error body if not 200."""

    method: str
    params: dict[str, Any]
    status: int
    result: Any
    at: float


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes

    def summary(self) -> JSON:
        """A JSON-safe stand-in for the upload."""
        return {"filename": self.filename, "size": len(self.data)}


@dataclass
class StoredFile:
    """A file Telegram would host: uploaded by the bot or attached to an injected update."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    uploaded: bool

    def as_file(self) -> JSON:
        """The `File` object getFile answers."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass
class PollRecord:
    """A poll the bot sent, with each voter's current choice."""

    chat_id: int
    message_id: int
    poll: JSON
    votes: dict[int, list[int]] = field(default_factory=dict)

    def tally(self) -> None:
        """Recount voter_count per option and total_voter_count from `votes`."""
        for option in self.poll["options"]:
            option["voter_count"] = 0
        for option_ids in self.votes.values():
            for option_id in option_ids:
                self.poll["options"][option_id]["voter_count"] += 1
        self.poll["total_voter_count"] = sum(1 for ids in self.votes.values() if ids)


class EmulatorState:
    """The in-memory store behind every emulated method and injection."""

    def __init__(self, clock: Clock, bot_id: int, bot_username: str) -> None:
        self.clock = clock
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_username.removesuffix("_bot").replace("_", " ").title(),
            "username": bot_username,
        }
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.sent: list[tuple[int, int]] = []
        self.updates: deque[JSON] = deque()
        self.last_update_id = 0
        self.confirmed_offset = 0
        self.allowed_updates: list[str] | None = None
        self.polls: dict[str, PollRecord] = {}
        self.stored_files: dict[str, StoredFile] = {}
        self.callback_queries: set[str] = set()
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.calls: list[ApiCall] = []
        self._message_ids: dict[int, int] = {}
        self._serial = itertools.count(1)

    def now(self) -> int:
        """Unix time for `date` fields."""
        return int(self.clock())

    def serial(self) -> int:
        """A fresh number for ids that only need to be unique."""
        return next(self._serial)

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> JSON:
        """The user with this id, created or renamed (or their app's language changed) as asked."""
        known = self.users.get(user_id)
        if known is None or first_name or username or language_code is not None:
            name = first_name or (known or {}).get("first_name") or f"Resident {user_id}"
            handle = username or (known or {}).get("username")
            if language_code is None:
                language_code = (known or {"language_code": "en"}).get("language_code", "")
            self.users[user_id] = user_dict(user_id, name, handle, language_code)
            if user_id in self.chats and self.chats[user_id]["type"] == "private":
                self.chats[user_id] = private_chat(self.users[user_id])
        return self.users[user_id]

    def chat(self, chat_id: int, user: JSON | None = None) -> JSON:
        """The chat with this id; unknown positive ids become private chats."""
        if chat_id not in self.chats:
            if chat_id > 0:
                self.chats[chat_id] = private_chat(user or self.user(chat_id))
            else:
                self.chats[chat_id] = group_chat(chat_id)
        return self.chats[chat_id]

    def next_message_id(self, chat_id: int) -> int:
        """Message ids count up per chat, shared by both sides as in private chats."""
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def store_message(self, msg: JSON, *, by_bot: bool) -> JSON:
        """Keep a message so it can be edited, called back or listed."""
        key = (msg["chat"]["id"], msg["message_id"])
        self.messages[key] = msg
        if by_bot:
            self.sent.append(key)
        return msg

    def latest_bot_message(self, chat_id: int) -> JSON | None:
        """The bot's most recent message in the chat."""
        for key in reversed(self.sent):
            if key[0] == chat_id:
                return self.messages[key]
        return None

    def add_update(self, kind: str, payload: JSON) -> JSON:
        """Queue an update with the next update_id."""
        self.last_update_id += 1
        # A copy: later edits of the stored message must not rewrite updates already queued.
        update = {"update_id": self.last_update_id, kind: copy.deepcopy(payload)}
        self.updates.append(update)
        return update

    def add_raw_update(self, body: JSON) -> JSON:
        """Queue an update exactly as given (any shape, for fuzzing) with the next update_id."""
        self.last_update_id += 1
        update = {"update_id": self.last_update_id, **copy.deepcopy(body)}
        self.updates.append(update)
        return update

    def confirm(self, offset: int) -> None:
        """Forget updates below `offset`; a negative offset keeps only the last -offset."""
        if offset < 0:
            while len(self.updates) > -offset:
                self.updates.popleft()
            first = self.updates[0]["update_id"] if self.updates else self.last_update_id + 1
            self.confirmed_offset = max(self.confirmed_offset, first)
            return
        while self.updates and self.updates[0]["update_id"] < offset:
            self.updates.popleft()
        self.confirmed_offset = max(self.confirmed_offset, offset)

    def deliverable(self, limit: int) -> list[JSON]:
        """The first `limit` pending updates; those the bot opted out of are dropped."""
        batch: list[JSON] = []
        unwanted: list[JSON] = []
        # Only the head is scanned (getUpdates' limit); the webhook pusher does its own scan.
        for update in self.updates:
            if len(batch) >= limit:
                break
            (batch if self.wants(update) else unwanted).append(update)
        if unwanted:
            dropped = {id(update) for update in unwanted}
            self.updates = deque(u for u in self.updates if id(u) not in dropped)
        return batch

    def wants(self, update: JSON) -> bool:
        """Whether the bot's allowed_updates let this update through."""
        kind = update_kind(update)
        if kind is None:
            return True
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in OPT_IN_UPDATE_KINDS

    def drop_pending(self) -> None:
        """Forget every pending update (drop_pending_updates)."""
        self.updates.clear()
        self.confirmed_offset = self.last_update_id + 1

    def add_file(self, data: bytes, folder: str, extension: str, *, uploaded: bool) -> StoredFile:
        """Host bytes under a new file_id and a download path."""
        number = self.serial()
        stored = StoredFile(
            file_id=f"{folder}-{number}-{secrets.token_hex(6)}",
            file_unique_id=f"u{number}",
            file_path=f"{folder}/file_{number}.{extension}",
            data=data,
            uploaded=uploaded,
        )
        self.stored_files[stored.file_id] = stored
        return stored

    def file_by_path(self, file_path: str) -> StoredFile | None:
        """The hosted file behind a download path."""
        for stored in self.stored_files.values():
            if stored.file_path == file_path:
                return stored
        return None
