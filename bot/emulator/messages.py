"""Bot API methods that send, edit and answer messages in chats."""

from __future__ import annotations

import copy
import struct
from typing import Any

from bot.emulator.errors import bad_request
from bot.emulator.formatting import apply_parse_mode
from bot.emulator.state import EmulatorState, PollRecord, StoredFile, Upload
from bot.emulator.updates import JSON, message

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
OPTIONAL_POLL_FIELDS = (
    "correct_option_id",
    "correct_option_ids",
    "explanation",
    "description",
    "open_period",
    "close_date",
)
STALE_QUERY = "query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def require(params: dict[str, Any], key: str) -> Any:
    """A parameter Telegram insists on."""
    value = params.get(key)
    if value is None or value == "":
        raise bad_request(f"{key} is empty")
    return value


def inline_markup(markup: Any) -> JSON | None:
    """Validate reply_markup; only inline keyboards are echoed back in the message."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard markup JSON object")
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict) or not button.get("text"):
            raise bad_request("can't parse inline keyboard button: Text is empty")
        if "callback_data" in button:
            size = len(str(button["callback_data"]).encode())
            if not 1 <= size <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
    return {"inline_keyboard": rows}


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height read from a PNG header; a plausible default otherwise."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    return 1280, 720


class MessageMethods:
    """sendMessage, sendPoll, stopPoll, sendDocument, sendPhoto, edits and callback answers."""

    state: EmulatorState

    def _chat_id(self, params: dict[str, Any]) -> int:
        chat_id = require(params, "chat_id")
        if not isinstance(chat_id, int) or chat_id == 0:
            raise bad_request("chat not found")
        return chat_id

    def _send(self, params: dict[str, Any], **content: Any) -> JSON:
        """Store a new bot message in the chat and answer a copy of it."""
        chat_id = self._chat_id(params)
        markup = inline_markup(params.get("reply_markup"))
        state = self.state
        msg = message(
            state.next_message_id(chat_id),
            state.bot_user,
            state.chat(chat_id),
            state.now(),
            reply_to_message=self._replied_to(chat_id, params),
            reply_markup=markup,
            **content,
        )
        state.store_message(msg, by_bot=True)
        return copy.deepcopy(msg)

    def _replied_to(self, chat_id: int, params: dict[str, Any]) -> JSON | None:
        reply = params.get("reply_parameters") or {}
        message_id = reply.get("message_id") or params.get("reply_to_message_id")
        original = self.state.messages.get((chat_id, message_id)) if message_id else None
        if original is None:
            return None
        return {key: value for key, value in original.items() if key != "reply_to_message"}

    def _caption(self, params: dict[str, Any]) -> JSON:
        caption = params.get("caption")
        if not caption:
            return {}
        text, entities = apply_parse_mode(
            caption, params.get("parse_mode"), params.get("caption_entities")
        )
        if len(text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        return {"caption": text, "caption_entities": entities}

    def send_message(self, params: dict[str, Any]) -> JSON:
        """sendMessage."""
        raw = params.get("text")
        if not isinstance(raw, str) or not raw.strip():
            raise bad_request("message text is empty")
        text, entities = apply_parse_mode(raw, params.get("parse_mode"), params.get("entities"))
        if not text.strip():
            raise bad_request("message text is empty")
        if len(text) > MAX_TEXT:
            raise bad_request("message is too long")
        return self._send(params, text=text, entities=entities)

    def send_poll(self, params: dict[str, Any]) -> JSON:
        """sendPoll; options may be InputPollOption objects or plain strings."""
        question = params.get("question")
        if not isinstance(question, str) or not question.strip():
            raise bad_request("poll question must be non-empty")
        raw_options = params.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            raise bad_request("poll must have at least 2 option")
        if len(raw_options) > 12:
            raise bad_request("poll can't have more than 12 options")
        texts = [item.get("text") if isinstance(item, dict) else item for item in raw_options]
        if not all(isinstance(text, str) and 1 <= len(text) <= 100 for text in texts):
            raise bad_request("poll options length must not exceed 100")
        poll_id = str(5_000_000_000_000_000_000 + self.state.serial())
        poll_type = params.get("type") or "regular"
        poll: JSON = {
            "id": poll_id,
            "question": question,
            "options": [
                {"text": text, "voter_count": 0, "persistent_id": f"{poll_id}-{index}"}
                for index, text in enumerate(texts)
            ],
            "total_voter_count": 0,
            "is_closed": bool(params.get("is_closed", False)),
            "is_anonymous": params.get("is_anonymous", True) is not False,
            "type": poll_type,
            "allows_multiple_answers": params.get("allows_multiple_answers") is True,
            "allows_revoting": params.get("allows_revoting", poll_type == "regular") is True,
            "members_only": params.get("members_only") is True,
        }
        for key in OPTIONAL_POLL_FIELDS:
            if params.get(key) is not None:
                poll[key] = params[key]
        chat_id = self._chat_id(params)
        sent = self._send(params, poll=poll)
        record = PollRecord(chat_id, sent["message_id"], poll)
        # The stored message shares the poll dict so that votes show in sent_messages().
        self.state.messages[(chat_id, sent["message_id"])]["poll"] = poll
        self.state.polls[poll_id] = record
        return sent

    def stop_poll(self, params: dict[str, Any]) -> JSON:
        """stopPoll: close the poll and answer it with its final counts."""
        msg = self.state.messages.get((self._chat_id(params), require(params, "message_id")))
        if msg is None or "poll" not in msg:
            raise bad_request("message with poll to stop not found")
        if msg["poll"]["is_closed"]:
            raise bad_request("poll has already been closed")
        msg["poll"]["is_closed"] = True
        if "reply_markup" in params:
            msg["reply_markup"] = inline_markup(params["reply_markup"])
        return copy.deepcopy(msg["poll"])

    def _hosted(self, value: Any, folder: str, extension: str) -> StoredFile:
        """Store an upload, or find the file a file_id / URL string names."""
        state = self.state
        if isinstance(value, Upload):
            return state.add_file(value.data, folder, extension, uploaded=True)
        if isinstance(value, str) and value in state.stored_files:
            return state.stored_files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return state.add_file(b"", folder, extension, uploaded=False)
        raise bad_request("wrong file identifier/HTTP URL specified")

    def send_document(self, params: dict[str, Any]) -> JSON:
        """sendDocument."""
        value = require(params, "document")
        self._chat_id(params)
        name = value.filename if isinstance(value, Upload) else "document"
        extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
        stored = self._hosted(value, "documents", extension)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": name,
            "mime_type": value.content_type if isinstance(value, Upload) else None,
            "file_size": len(stored.data),
        }
        document = {key: item for key, item in document.items() if item is not None}
        return self._send(params, document=document, **self._caption(params))

    def send_photo(self, params: dict[str, Any]) -> JSON:
        """sendPhoto: the photo comes back as a thumbnail and a full size."""
        value = require(params, "photo")
        self._chat_id(params)
        full = self._hosted(value, "photos", "jpg")
        thumb = self.state.add_file(full.data, "photos", "jpg", uploaded=False)
        width, height = image_size(full.data)
        sizes: list[JSON] = [
            {"file_id": thumb.file_id, "file_unique_id": thumb.file_unique_id},
            {"file_id": full.file_id, "file_unique_id": full.file_unique_id},
        ]
        for size, scale in zip(sizes, (min(1.0, 90 / max(width, height)), 1.0), strict=True):
            size.update(
                width=max(1, round(width * scale)),
                height=max(1, round(height * scale)),
                file_size=len(full.data),
            )
        return self._send(params, photo=sizes, **self._caption(params))

    def _editable(self, params: dict[str, Any]) -> JSON:
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not emulated")
        msg = self.state.messages.get((self._chat_id(params), require(params, "message_id")))
        if msg is None:
            raise bad_request("message to edit not found")
        if not msg["from"].get("is_bot"):
            raise bad_request("message can't be edited")
        return msg

    def edit_message_text(self, params: dict[str, Any]) -> JSON:
        """editMessageText: refuse a no-op edit just as Telegram does."""
        msg = self._editable(params)
        if "text" not in msg:
            raise bad_request("there is no text in the message to edit")
        raw = params.get("text")
        if not isinstance(raw, str) or not raw.strip():
            raise bad_request("message text is empty")
        text, entities = apply_parse_mode(raw, params.get("parse_mode"), params.get("entities"))
        if len(text) > MAX_TEXT:
            raise bad_request("message is too long")
        markup = inline_markup(params.get("reply_markup"))
        current = (msg.get("text"), msg.get("entities"), msg.get("reply_markup"))
        if current == (text, entities, markup):
            raise bad_request(NOT_MODIFIED)
        return self._apply_edit(msg, text=text, entities=entities, reply_markup=markup)

    def edit_message_reply_markup(self, params: dict[str, Any]) -> JSON:
        """editMessageReplyMarkup."""
        msg = self._editable(params)
        markup = inline_markup(params.get("reply_markup"))
        if msg.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED)
        return self._apply_edit(msg, reply_markup=markup)

    def _apply_edit(self, msg: JSON, **changes: Any) -> JSON:
        for key, value in changes.items():
            if value is None:
                msg.pop(key, None)
            else:
                msg[key] = value
        msg["edit_date"] = self.state.now()
        return copy.deepcopy(msg)

    def answer_callback_query(self, params: dict[str, Any]) -> bool:
        """answerCallbackQuery: only queries the emulator issued can be answered."""
        query_id = str(require(params, "callback_query_id"))
        if query_id not in self.state.callback_queries:
            raise bad_request(STALE_QUERY)
        return True
