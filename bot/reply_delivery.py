"""Replies are durable too: every Bot API call a handler makes goes through here.

python-telegram-bot passes each call of the Application's bot through its rate limiter,
so this one layer serves every handler. Calls made while an update is handled (the inbox
worker opens a ``ReplyScope`` around each one) are

- retried on 429 (everyone pauses for ``retry_after``, see ``FloodGate``), on 5xx (also with
  an HTML body) and on a reset or timed-out connection, with a backoff, until they go or
  ``give_up_after`` seconds have passed (then one line is logged and the error raised);
- given up at once on 403 for a private chat, marking the person blocked as the outbox does;
- recorded once Telegram accepted them (update id, a fingerprint of method and parameters,
  Telegram's answer), so that when an update is replayed after a crash the calls already
  made are not made again: the handler gets the recorded answer back instead.

Calls outside any update (the outbox sender, schedules) go straight through.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from contextvars import ContextVar
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.send_limits import FloodGate, retry_after_seconds
from storage.reply_ledger import SentReply

log = logging.getLogger(__name__)

GIVE_UP_SECONDS = 900.0  # an outage longer than this: the reply is given up, with a log line
MAX_BACKOFF_SECONDS = 30.0
# Calls that put a new message in a chat, spaced per chat.
PACED_PREFIXES = ("send", "copyMessage", "forwardMessage")

JSON = bool | dict[str, Any] | list[dict[str, Any]]
Record = Callable[[int, SentReply], Awaitable[None]]


class ReplyScope:
    """The Bot API calls made while one update is handled: skipped if already made, recorded."""

    def __init__(self, update_id: int, sent: Sequence[SentReply], record: Record) -> None:
        self.update_id = update_id
        self._record = record
        self._earlier: dict[str, deque[Any]] = {}
        for reply in sent:
            self._earlier.setdefault(reply.fingerprint, deque()).append(reply.result)
        self._next_seq = max((r.seq for r in sent), default=-1) + 1
        self.open = True

    def already_sent(self, fingerprint: str) -> tuple[bool, Any]:
        """(True, Telegram's answer) if an earlier run made this very call for this update."""
        earlier = self._earlier.get(fingerprint)
        if not earlier:
            return False, None
        return True, earlier.popleft()

    async def sent(self, fingerprint: str, result: Any) -> None:
        """Record a call Telegram accepted (a failure to record only risks a repeat)."""
        seq, self._next_seq = self._next_seq, self._next_seq + 1
        try:
            await self._record(self.update_id, SentReply(seq, fingerprint, result))
        except Exception:
            log.exception("update %d: could not record a reply as sent", self.update_id)

    def close(self) -> None:
        """The update is handled: later calls (from tasks it started) are not recorded."""
        self.open = False

    @property
    def recorded(self) -> bool:
        """Whether the ledger may hold calls of this update (this run's or an earlier one's)."""
        return self._next_seq > 0


CURRENT_SCOPE: ContextVar[ReplyScope | None] = ContextVar("tandem_reply_scope", default=None)


def fingerprint(endpoint: str, data: dict[str, Any]) -> str:
    """Which call this is: the method and its parameters, as a short stable digest."""
    text = json.dumps([endpoint, data], sort_keys=True, default=_plain, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _plain(value: Any) -> Any:
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    return getattr(value, "filename", None) or type(value).__name__


class ReplyDelivery(BaseRateLimiter[None]):
    """The rate limiter of the Application's bot; see the module docstring."""

    def __init__(
        self,
        gate: FloodGate,
        on_blocked: Callable[[int], Awaitable[Any]] | None = None,
        give_up_after: float = GIVE_UP_SECONDS,
    ) -> None:
        self._gate = gate
        self._on_blocked = on_blocked
        self._give_up_after = give_up_after

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> JSON:
        """Make the call: skipped if made before a crash, retried, recorded."""
        scope = CURRENT_SCOPE.get()
        if scope is None:
            return await callback(*args, **kwargs)
        key = fingerprint(endpoint, data) if scope.open else ""
        if scope.open:
            done, result = scope.already_sent(key)
            if done:
                return result  # type: ignore[no-any-return]
        result = await self._deliver(scope.update_id, callback, args, kwargs, endpoint, data)
        if scope.open:
            await scope.sent(key, result)
        return result

    async def _deliver(
        self,
        update_id: int,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
    ) -> JSON:
        loop = asyncio.get_running_loop()
        started = loop.time()
        chat = data.get("chat_id") if endpoint.startswith(PACED_PREFIXES) else None
        backoff, tries = 0.5, 0
        while True:
            await self._wait_turn(chat if isinstance(chat, int) else None)
            tries += 1
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = retry_after_seconds(exc)
                if self._gate.pause(seconds):
                    log.warning("flood control: all sending paused for %.1f s (a reply)", seconds)
                error: TelegramError = exc
                wait = self._gate.pause_left()
            except Forbidden:
                if isinstance(chat, int) and chat > 0 and self._on_blocked is not None:
                    await self._on_blocked(chat)
                    log.info("update %d: the resident blocked the bot; marked", update_id)
                raise
            except BadRequest:
                if endpoint == "answerCallbackQuery" and tries > 1:
                    return True  # the button's spinner timed out meanwhile: nothing left to do
                raise
            except NetworkError as exc:  # 5xx (HTML bodies too), resets, timeouts
                error, wait = exc, backoff
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            elapsed = loop.time() - started
            if elapsed + wait > self._give_up_after:
                log.warning(
                    "update %d: %s given up after %.0f s and %d tries (%s)",
                    update_id,
                    endpoint,
                    elapsed,
                    tries,
                    type(error).__name__,
                )
                raise error
            await asyncio.sleep(wait)

    async def _wait_turn(self, chat: int | None) -> None:
        """Wait out a flood-control pause and, for a new message, the chat's spacing."""
        wait = self._gate.reserve(chat) if chat is not None else 0.0
        while (wait := max(wait, self._gate.pause_left())) > 0:
            await asyncio.sleep(wait)
            wait = 0.0
