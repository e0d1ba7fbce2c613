"""Each sandbox person's chat, read out of the emulator's state in the shape the page draws.

The emulator already keeps every message both sides sent (edits applied, poll counts live),
so the page's view is derived on each request rather than copied and kept in step.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any

from bot.emulator import BotApiEmulator
from bot.emulator.state import StoredFile

JSON = dict[str, Any]
# How long after a sendChatAction the header says "typing…" (Telegram shows it about 5 s).
TYPING_SECONDS = 4.0
MAGIC_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"%PDF", "application/pdf"),
    (b"OggS", "audio/ogg"),
)


@dataclass(frozen=True)
class Notice:
    """The pop-up text of a button answer (answerCallbackQuery), numbered per person."""

    serial: int
    text: str


def render_poll(poll: JSON, my_votes: list[int]) -> JSON:
    """A poll with the viewer's own vote and the percentages Telegram shows after voting."""
    total = int(poll.get("total_voter_count", 0))
    return {
        "id": poll["id"],
        "question": poll["question"],
        "options": [
            {
                "text": option["text"],
                "votes": option.get("voter_count", 0),
                "percent": round(100 * option.get("voter_count", 0) / total) if total else 0,
            }
            for option in poll["options"]
        ],
        "total": total,
        "mine": my_votes,
        "closed": bool(poll.get("is_closed")),
        "multiple": bool(poll.get("allows_multiple_answers")),
        "anonymous": bool(poll.get("is_anonymous")),
        "quiz": poll.get("type") == "quiz",
    }


def render_buttons(msg: JSON) -> list[list[JSON]]:
    """Inline keyboard rows: label plus callback data or URL."""
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    return [
        [{"text": b["text"], "data": b.get("callback_data"), "url": b.get("url")} for b in row]
        for row in rows
    ]


def render_message(msg: JSON, viewer: int, emulator: BotApiEmulator) -> JSON:
    """One message as the page draws it."""
    mine = not msg["from"].get("is_bot", False)
    shown: JSON = {
        "id": msg["message_id"],
        "mine": mine,
        "date": msg["date"],
        "edited": "edit_date" in msg,
        "text": msg.get("text") or msg.get("caption") or "",
        "entities": msg.get("entities") or msg.get("caption_entities") or [],
        "buttons": render_buttons(msg),
    }
    if "photo" in msg:
        largest = msg["photo"][-1]
        shown["photo"] = {
            "url": f"/api/files/{largest['file_id']}",
            "width": largest.get("width"),
            "height": largest.get("height"),
            # A resident's photo is the emulator's placeholder bytes, not a real picture.
            "sample": mine,
        }
    if "document" in msg:
        document = msg["document"]
        shown["document"] = {
            "url": f"/api/files/{document['file_id']}",
            "name": document.get("file_name", "document"),
            "size": document.get("file_size", 0),
            "mime": document.get("mime_type"),
        }
    if "voice" in msg:
        shown["voice"] = {"duration": msg["voice"].get("duration", 0)}
    if "sticker" in msg:
        shown["sticker"] = {"emoji": msg["sticker"].get("emoji", "")}
    if "poll" in msg:
        record = emulator.state.polls.get(msg["poll"]["id"])
        votes = record.votes.get(viewer, []) if record is not None else []
        shown["poll"] = render_poll(msg["poll"], votes)
    replied = msg.get("reply_to_message")
    if replied:
        shown["reply_to"] = (replied.get("text") or replied.get("caption") or "")[:80]
    return shown


def content_type(stored: StoredFile, declared: str | None) -> str:
    """The declared type of a sent document, else the bytes' magic, else the file name's."""
    if declared:
        return declared
    for magic, kind in MAGIC_TYPES:
        if stored.data.startswith(magic):
            return kind
    guessed, _ = mimetypes.guess_type(stored.file_path)
    return guessed or "application/octet-stream"


class ChatBook:
    """Per-person chats, unread counts, button pop-ups and typing, over one emulator."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        self.read_up_to: dict[int, int] = {}
        self.notices: dict[int, Notice] = {}
        self._query_owner: dict[str, int] = {}
        self._last_action: dict[int, float] = {}
        self._scanned = 0
        self._serial = 0

    def messages(self, user_id: int) -> list[JSON]:
        """The whole chat, oldest first, as the page draws it."""
        state = self.emulator.state
        keys = sorted(key for key in state.messages if key[0] == user_id)
        return [render_message(state.messages[key], user_id, self.emulator) for key in keys]

    def _bot_message_ids(self, user_id: int) -> list[int]:
        return [message_id for chat, message_id in self.emulator.state.sent if chat == user_id]

    def unread(self, user_id: int) -> int:
        """Bot messages not yet seen on this person's phone."""
        seen = self.read_up_to.get(user_id, 0)
        return sum(1 for message_id in self._bot_message_ids(user_id) if message_id > seen)

    def mark_read(self, user_id: int) -> None:
        """Everything in the chat now counts as seen."""
        ids = self._bot_message_ids(user_id)
        if ids:
            self.read_up_to[user_id] = max(ids)

    def preview(self, user_id: int) -> str:
        """The latest message's text (or what it is), for the people list."""
        chat = self.messages(user_id)
        if not chat:
            return ""
        shown = chat[-1]
        for kind, label in (("poll", "📊 Poll"), ("photo", "🖼 Photo"), ("document", "📄 File")):
            if kind in shown:
                return f"{label}: {shown['text']}" if shown["text"] else label
        if "voice" in shown:
            return "🎤 Voice message"
        return str(shown["text"])

    def pressed(self, update: JSON) -> None:
        """Remember whose button press a callback query was, to route its pop-up."""
        query = update["callback_query"]
        self._query_owner[query["id"]] = query["from"]["id"]

    def _scan_calls(self) -> None:
        """Pick up button answers and chat actions from calls made since the last look."""
        calls = self.emulator.calls
        for call in calls[self._scanned :]:
            # A long poll stays in flight for seconds and never matters here; any other call
            # in flight is looked at again next time, once it has its answer.
            if call.status == 0 and call.method != "getUpdates":
                break
            self._scanned += 1
            if call.status != 200:
                continue
            if call.method == "answerCallbackQuery" and call.params.get("text"):
                owner = self._query_owner.get(str(call.params.get("callback_query_id")))
                if owner is not None:
                    self._serial += 1
                    self.notices[owner] = Notice(self._serial, str(call.params["text"]))
            elif call.method == "sendChatAction":
                chat_id = call.params.get("chat_id")
                if isinstance(chat_id, int):
                    self._last_action[chat_id] = call.at

    def snapshot(self, user_id: int) -> JSON:
        """The chat plus its header state: typing, the latest button pop-up."""
        self._scan_calls()
        notice = self.notices.get(user_id)
        typing = self.emulator.clock() - self._last_action.get(user_id, float("-inf"))
        return {
            "messages": self.messages(user_id),
            "typing": typing < TYPING_SECONDS,
            "notice": {"serial": notice.serial, "text": notice.text} if notice else None,
        }
