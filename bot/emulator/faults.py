"""Faults Telegram imposes on a sending bot: flood control (429), blocked chats (403), and
failures for a while (429 or 5xx, with a JSON or an HTML body)."""

from __future__ import annotations

import math
from collections import deque
from typing import Any

from bot.emulator.errors import ApiError
from bot.emulator.state import Clock

# Methods that put something in a chat, so flood control and blocks apply to them.
SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendPoll",
        "sendPhoto",
        "sendDocument",
        "sendVoice",
        "sendAudio",
        "sendVideo",
        "sendSticker",
        "sendMediaGroup",
        "sendLocation",
        "sendContact",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "editMessageMedia",
        "stopPoll",
    }
)
# A blocked user also refuses chat actions, but these do not count against flood limits.
BLOCKABLE_METHODS = SENDING_METHODS | {"sendChatAction"}
PAID_BROADCAST_PER_SECOND = 1000.0


class RateWindow:
    """A sliding one-second window admitting at most `per_second` calls."""

    def __init__(self, per_second: float) -> None:
        # A limit below 1 admits nothing, which is how tests force a 429 on the next send.
        self.capacity = math.floor(per_second)
        self._times: deque[float] = deque()

    def admit(self, now: float) -> bool:
        """Count a call at `now` if there is room, else refuse it."""
        while self._times and self._times[0] <= now - 1.0:
            self._times.popleft()
        if len(self._times) >= self.capacity:
            return False
        self._times.append(now)
        return True


class FaultPlan:
    """The faults currently switched on; all off by default."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.retry_after = 1
        self.blocked: set[int] = set()
        self._flood: RateWindow | None = None
        self._paid: RateWindow | None = None
        self._per_chat_rate: float | None = None
        self._per_chat: dict[Any, RateWindow] = {}
        self._one_shots: dict[str, deque[ApiError]] = {}
        self._spells: dict[str, tuple[float, ApiError]] = {}

    def fail_next(
        self, method: str, status: int, description: str, count: int = 1, *, html: bool = False
    ) -> None:
        """Answer the next `count` calls of `method` with this error, then behave again."""
        queue = self._one_shots.setdefault(method, deque())
        queue.extend(ApiError(status, description, html=html) for _ in range(count))

    def fail_for(
        self,
        method: str,
        seconds: float,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        html: bool = False,
    ) -> None:
        """Answer every call of `method` with this error for `seconds` from now (an outage)."""
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        error = ApiError(status, description, parameters, html=html)
        self._spells[method] = (self.clock() + seconds, error)

    def set_flood_limit(self, per_second: float | None, retry_after: int = 1) -> None:
        """Limit sending calls across all chats (below 1 refuses all); None lifts the limit."""
        self.retry_after = retry_after
        if per_second is None:
            self._flood = self._paid = None
        else:
            self._flood = RateWindow(per_second)
            self._paid = RateWindow(PAID_BROADCAST_PER_SECOND)

    def set_per_chat_limit(self, per_second: float | None) -> None:
        """Limit sending calls per chat (Telegram allows about 1/s); None lifts it."""
        self._per_chat_rate = per_second
        self._per_chat.clear()

    def check(self, method: str, params: dict[str, Any]) -> None:
        """Raise the ApiError Telegram would answer this call with, if any."""
        if self._one_shots.get(method):
            raise self._one_shots[method].popleft()
        spell = self._spells.get(method)
        if spell is not None:
            if self.clock() < spell[0]:
                raise spell[1]
            del self._spells[method]
        if method not in BLOCKABLE_METHODS:
            return
        chat_id = params.get("chat_id")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if method not in SENDING_METHODS:
            return
        now = self.clock()
        paid = params.get("allow_paid_broadcast") is True
        window = self._paid if paid else self._flood
        if window is not None and not window.admit(now):
            raise self._too_many()
        if self._per_chat_rate is not None and chat_id is not None:
            chat_window = self._per_chat.setdefault(chat_id, RateWindow(self._per_chat_rate))
            if not chat_window.admit(now):
                raise self._too_many()

    def _too_many(self) -> ApiError:
        return ApiError(
            429,
            f"Too Many Requests: retry after {self.retry_after}",
            {"retry_after": self.retry_after},
        )
