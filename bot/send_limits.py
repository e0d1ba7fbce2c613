"""Telegram's sending limits as this process sees them, shared by the outbox and replies.

A 429 answers for the whole bot, so whoever meets one pauses everyone (``pause``). Per chat
Telegram allows about one message a second, with short bursts tolerated: ``reserve`` spaces a
chat's messages that way (a burst of ``per_chat_burst`` at once, then one per interval).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from telegram.error import RetryAfter

# Replies answer the resident's own messages, so they come at the pace the resident types: one
# who pastes many messages at once gets every answer at once (Telegram tolerates short bursts
# in a private chat). Past this many in a row, a chat's replies are spaced at the interval.
REPLY_BURST = 30


class FloodGate:
    """One flood-control pause for every sender, and per-chat spacing for replies."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        per_chat_interval: float = 1.0,
        per_chat_burst: int = REPLY_BURST,
    ) -> None:
        self.clock = clock
        self.paused_until = 0.0
        self._interval = per_chat_interval
        self._tolerance = max(0, per_chat_burst - 1) * per_chat_interval
        self._due: dict[int, float] = {}  # per chat: when its allowance is spent (GCRA)

    def pause(self, seconds: float) -> bool:
        """Telegram said "retry after": nobody sends until then. True if this extended it."""
        until = self.clock() + seconds
        if until <= self.paused_until:
            return False
        self.paused_until = until
        return True

    def pause_left(self) -> float:
        """Seconds until sending may resume (0 when not paused)."""
        return max(0.0, self.paused_until - self.clock())

    def reserve(self, chat_id: int) -> float:
        """Take a place for one message to ``chat_id``; return the seconds to wait for it."""
        now = self.clock()
        due = max(self._due.get(chat_id, now), now)
        send_at = max(now, due - self._tolerance)
        self._due[chat_id] = due + self._interval
        if len(self._due) > 10_000:
            self._due = {chat: at for chat, at in self._due.items() if at > now}
        return send_at - now


def retry_after_seconds(exc: RetryAfter) -> float:
    """A 429's ``retry_after`` in seconds (an int today, a timedelta with PTB_TIMEDELTA set)."""
    value: Any = exc.retry_after
    seconds = getattr(value, "total_seconds", None)
    return float(seconds()) if callable(seconds) else float(value)
