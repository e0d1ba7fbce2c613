"""The Bot API method table: updates, webhook, commands, chats and files."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot.emulator.changes import ChangeSignal, wait_changed
from bot.emulator.errors import ApiError, bad_request
from bot.emulator.messages import MessageMethods, require
from bot.emulator.state import EmulatorState
from bot.emulator.updates import JSON
from bot.emulator.webhook import WebhookPusher

Handler = Callable[[dict[str, Any]], Any | Awaitable[Any]]
COMMAND = re.compile(r"[a-z0-9_]{1,32}")
# BotCommandScope types and the fields each requires.
COMMAND_SCOPES: dict[str, tuple[str, ...]] = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}
CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class BotApi(MessageMethods):
    """Implements each emulated method on top of the shared state."""

    def __init__(self, state: EmulatorState, signal: ChangeSignal, webhook: WebhookPusher):
        self.state = state
        self.signal = signal
        self.webhook = webhook
        self.closing = False
        self._poll_generation = 0
        self.handlers: dict[str, Handler] = {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "sendMessage": self.send_message,
            "sendPoll": self.send_poll,
            "stopPoll": self.stop_poll,
            "sendDocument": self.send_document,
            "sendPhoto": self.send_photo,
            "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "answerCallbackQuery": self.answer_callback_query,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "sendChatAction": self.send_chat_action,
            "getChat": self.get_chat,
            "getFile": self.get_file,
            "close": self.always_true,
            "logOut": self.always_true,
        }
        # Telegram matches method names case-insensitively.
        self._by_lower = {name.lower(): name for name in self.handlers}

    def canonical(self, name: str) -> str:
        """The method's documented spelling, or `name` itself if unknown."""
        return self._by_lower.get(name.lower(), name)

    def get_me(self, params: dict[str, Any]) -> JSON:
        """getMe."""
        return {
            **self.state.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_updates(self, params: dict[str, Any]) -> list[JSON]:
        """getUpdates with offset confirmation and long polling."""
        if self.webhook.active:
            raise ApiError(409, WEBHOOK_CONFLICT)
        state = self.state
        offset, limit, timeout = (params.get(key) for key in ("offset", "limit", "timeout"))
        limit = min(100, max(1, limit)) if isinstance(limit, int) else 100
        timeout = max(0.0, float(timeout)) if isinstance(timeout, int | float) else 0.0
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            state.allowed_updates = [str(kind) for kind in allowed] or None
        if isinstance(offset, int) and offset != 0:
            state.confirm(offset)
        # A newer request ends an older one still waiting, as Telegram does.
        self._poll_generation += 1
        generation = self._poll_generation
        self.signal.fire()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            waiter = self.signal.waiter()
            batch = state.deliverable(limit)
            remaining = deadline - loop.time()
            if batch or self.closing or remaining <= 0:
                return batch
            await wait_changed(waiter, remaining)
            if generation != self._poll_generation:
                raise ApiError(409, POLL_CONFLICT)
            if self.webhook.active:
                raise ApiError(409, WEBHOOK_CONFLICT)

    def _command_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPES:
            raise bad_request("can't parse BotCommandScope JSON object")
        for field in COMMAND_SCOPES[scope["type"]]:
            if not isinstance(scope.get(field), int | str) or isinstance(scope[field], bool):
                raise bad_request(f"can't parse BotCommandScope JSON object: {field} is missing")
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def set_my_commands(self, params: dict[str, Any]) -> bool:
        """setMyCommands, stored per scope and language."""
        commands = require(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not COMMAND.fullmatch(command.get("command", "")):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._command_key(params)
        cleaned = [{"command": c["command"], "description": c["description"]} for c in commands]
        if cleaned:
            self.state.commands[key] = cleaned
        else:
            self.state.commands.pop(key, None)
        return True

    def get_my_commands(self, params: dict[str, Any]) -> list[JSON]:
        """getMyCommands."""
        return list(self.state.commands.get(self._command_key(params), []))

    def delete_my_commands(self, params: dict[str, Any]) -> bool:
        """deleteMyCommands."""
        self.state.commands.pop(self._command_key(params), None)
        return True

    async def set_webhook(self, params: dict[str, Any]) -> bool:
        """setWebhook; plain http is accepted because deliveries stay on loopback."""
        url = str(params.get("url") or "")
        if not url:
            return await self.delete_webhook(params)
        if not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates") is True:
            self.state.drop_pending()
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self.state.allowed_updates = [str(kind) for kind in allowed] or None
        if isinstance(params.get("max_connections"), int):
            self.webhook.max_connections = params["max_connections"]
        self.webhook.set(url, params.get("secret_token"))
        return True

    async def delete_webhook(self, params: dict[str, Any]) -> bool:
        """deleteWebhook, honouring drop_pending_updates."""
        if params.get("drop_pending_updates") is True:
            self.state.drop_pending()
        await self.webhook.delete()
        return True

    def get_webhook_info(self, params: dict[str, Any]) -> JSON:
        """getWebhookInfo."""
        info: JSON = {
            "url": self.webhook.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.updates),
        }
        if self.webhook.active:
            info["max_connections"] = self.webhook.max_connections
            if self.state.allowed_updates:
                info["allowed_updates"] = self.state.allowed_updates
            if self.webhook.last_error_date is not None:
                info["last_error_date"] = self.webhook.last_error_date
                info["last_error_message"] = self.webhook.last_error_message
        return info

    def send_chat_action(self, params: dict[str, Any]) -> bool:
        """sendChatAction."""
        self._chat_id(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def get_chat(self, params: dict[str, Any]) -> JSON:
        """getChat, answered as a ChatFullInfo."""
        chat = self.state.chat(self._chat_id(params))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    def get_file(self, params: dict[str, Any]) -> JSON:
        """getFile: a download path under /file/bot<token>/."""
        stored = self.state.stored_files.get(str(require(params, "file_id")))
        if stored is None:
            raise bad_request("invalid file_id")
        return stored.as_file()

    def always_true(self, params: dict[str, Any]) -> bool:
        """close and logOut have nothing to do in an emulator."""
        return True
