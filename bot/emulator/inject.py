"""Injecting what residents do: each call queues one update the bot will receive."""

from __future__ import annotations

from typing import Any

from bot.emulator.state import EmulatorState
from bot.emulator.updates import (
    JSON,
    message,
    my_chat_member,
    photo_sizes,
    sticker,
    text_content,
)

# Magic numbers first so that anything sniffing the downloads sees the right format.
FAKE_VOICE = b"OggS\x00\x02" + bytes(58)
FAKE_PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100) + b"\xff\xd9"
FAKE_STICKER = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(24)
INJECTABLE = frozenset(
    {
        "text",
        "command",
        "callback",
        "poll_answer",
        "voice",
        "photo",
        "sticker",
        "edited_text",
        "my_chat_member",
        "raw",
    }
)


class UpdateInjector:
    """The `inject_*` methods of the emulator; each returns the queued update dict."""

    state: EmulatorState

    def _publish(self, kind: str, payload: JSON) -> JSON:
        raise NotImplementedError

    def _publish_raw(self, body: JSON) -> JSON:
        raise NotImplementedError

    def _membership_changed(self, chat_id: int, status: str) -> None:
        raise NotImplementedError

    def _user_message(
        self,
        user_id: int,
        *,
        chat_id: int | None = None,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        **content: Any,
    ) -> JSON:
        state = self.state
        user = state.user(user_id, first_name, username, language_code)
        chat = state.chat(user_id if chat_id is None else chat_id, user)
        msg = message(state.next_message_id(chat["id"]), user, chat, state.now(), **content)
        state.store_message(msg, by_bot=False)
        return self._publish("message", msg)

    def inject_text(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str | None = None,
        username: str | None = None,
        chat_id: int | None = None,
        language_code: str | None = None,
    ) -> JSON:
        """A typed message; a leading /command gets its bot_command entity.

        ``language_code``: the language of the sender's Telegram app from now on ("": none).
        """
        return self._user_message(
            user_id,
            chat_id=chat_id,
            first_name=first_name,
            username=username,
            language_code=language_code,
            **text_content(text),
        )

    def inject_command(self, user_id: int, command: str, args: str = "", **kwargs: Any) -> JSON:
        """`/command args` typed by the user."""
        text = f"/{command.lstrip('/')}" + (f" {args}" if args else "")
        return self.inject_text(user_id, text, **kwargs)

    def inject_callback(self, user_id: int, data: str, *, message_id: int | None = None) -> JSON:
        """A press on an inline button of one of the bot's messages (its latest by default)."""
        state = self.state
        user = state.user(user_id)
        chat = state.chat(user_id, user)
        if message_id is None:
            pressed = state.latest_bot_message(user_id)
        else:
            pressed = state.messages.get((user_id, message_id))
        if pressed is None:
            pressed = {
                "message_id": message_id or 1,
                "from": state.bot_user,
                "chat": chat,
                "date": state.now(),
                "text": "",
            }
        query_id = str(4_000_000_000_000_000_000 + state.serial())
        state.callback_queries.add(query_id)
        payload = {
            "id": query_id,
            "from": user,
            "chat_instance": str(-7_000_000_000 - user_id),
            "message": pressed,
            "data": data,
        }
        return self._publish("callback_query", payload)

    def inject_poll_answer(self, user_id: int, poll_id: str, option_ids: list[int]) -> JSON:
        """A vote (an empty list retracts it) on a non-anonymous poll the bot sent."""
        record = self.state.polls.get(str(poll_id))
        if record is None:
            raise KeyError(f"the bot sent no poll with id {poll_id!r}")
        poll = record.poll
        if poll["is_anonymous"]:
            raise ValueError("Telegram sends no poll_answer updates for anonymous polls")
        if poll["is_closed"]:
            raise ValueError(f"poll {poll_id} is closed")
        chosen = [int(option_id) for option_id in option_ids]
        if any(not 0 <= option_id < len(poll["options"]) for option_id in chosen):
            raise ValueError(f"poll {poll_id} has no option among {chosen}")
        if len(chosen) > 1 and not poll["allows_multiple_answers"]:
            raise ValueError(f"poll {poll_id} allows one answer only")
        if chosen:
            record.votes[user_id] = chosen
        else:
            record.votes.pop(user_id, None)
        record.tally()
        payload = {
            "poll_id": poll["id"],
            "user": self.state.user(user_id),
            "option_ids": chosen,
            "option_persistent_ids": [poll["options"][i]["persistent_id"] for i in chosen],
        }
        return self._publish("poll_answer", payload)

    def inject_voice(self, user_id: int, *, duration: int = 3, caption: str | None = None) -> JSON:
        """A voice note whose (fake OGG) bytes the bot can download."""
        stored = self.state.add_file(FAKE_VOICE, "voice", "oga", uploaded=False)
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(stored.data),
        }
        return self._user_message(user_id, voice=voice, caption=caption)

    def inject_photo(self, user_id: int, *, caption: str | None = None) -> JSON:
        """A photo in two sizes whose (fake JPEG) bytes the bot can download."""
        ids = []
        for _ in range(2):
            stored = self.state.add_file(FAKE_PHOTO, "photos", "jpg", uploaded=False)
            ids.append((stored.file_id, stored.file_unique_id))
        sizes = photo_sizes(ids, len(FAKE_PHOTO), 1280, 960)
        return self._user_message(user_id, photo=sizes, caption=caption)

    def inject_sticker(self, user_id: int) -> JSON:
        """A static sticker."""
        stored = self.state.add_file(FAKE_STICKER, "stickers", "webp", uploaded=False)
        return self._user_message(
            user_id, sticker=sticker(stored.file_id, stored.file_unique_id, len(FAKE_STICKER))
        )

    def inject_edited_text(self, user_id: int, message_id: int, text: str) -> JSON:
        """The user edits an earlier message of theirs to `text`."""
        state = self.state
        user = state.user(user_id)
        msg = state.messages.get((user_id, message_id))
        if msg is None or msg["from"].get("is_bot"):
            msg = message(message_id, user, state.chat(user_id, user), state.now())
            state.store_message(msg, by_bot=False)
        msg.pop("entities", None)
        msg.update(text_content(text), edit_date=state.now())
        return self._publish("edited_message", msg)

    def inject_my_chat_member(self, user_id: int, status: str) -> JSON:
        """The user blocks ("kicked") or unblocks ("member") the bot; sending follows suit."""
        state = self.state
        user = state.user(user_id)
        chat = state.chat(user_id, user)
        payload = my_chat_member(chat, user, state.bot_user, status, state.now())
        self._membership_changed(chat["id"], status)
        return self._publish("my_chat_member", payload)

    def inject_raw(self, update: JSON) -> JSON:
        """An update of any shape, even one Telegram would never send (fuzzing, poison)."""
        if not isinstance(update, dict):
            raise ValueError("a raw update must be a JSON object")
        return self._publish_raw({k: v for k, v in update.items() if k != "update_id"})

    def inject(self, kind: str, **kwargs: Any) -> JSON:
        """Inject by kind name ("text", "command", "callback", ...), for the control API."""
        if kind not in INJECTABLE:
            raise ValueError(f"unknown kind {kind!r}; expected one of {sorted(INJECTABLE)}")
        injector = getattr(self, f"inject_{kind}")
        update: JSON = injector(**kwargs)
        return update

    def inject_many(self, items: list[dict[str, Any]]) -> list[JSON]:
        """Inject each `{"kind": ..., **kwargs}` in order."""
        updates = []
        for item in items:
            fields = dict(item)
            kind = fields.pop("kind", None)
            if not isinstance(kind, str):
                raise ValueError(f"item without a kind: {item!r}")
            updates.append(self.inject(kind, **fields))
        return updates
