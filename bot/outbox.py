"""The outbox sender: drains queued messages under Telegram's limits and records each outcome.

Rows are claimed from the ``outbox`` table in id order and held in one lane per chat, so a
chat's messages go out in the order they were queued, one at a time, at least
``per_chat_interval`` apart (measured from when Telegram answered the previous one). Across
chats, starts are spaced evenly at ``rate_per_second`` and never more than that many fall
in any one second; several sends are in flight at once so latency does not cap throughput.
A 429 pauses everything (replies too: ``FloodGate``) for ``retry_after``; a 403 marks the
person blocked. A row that is being retried stays claimed ('sending'), so its chat's later rows
cannot overtake it; on stop whatever is not yet sent goes back to 'pending', and after a
crash ``recover()`` does that.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import math
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning, PTBUserWarning

from bot.outbox_words import LateWords
from bot.send_limits import FloodGate, retry_after_seconds
from conversations.i18n.catalogues import shipped
from storage.outbox import Delivery, OutboxRepository, OutgoingMessage, QueuedMessage

log = logging.getLogger(__name__)

OnSent = Callable[[QueuedMessage, Message | None], Awaitable[None]]
NETWORK_TRIES = 5  # tries in one run before a row goes back to the table for later
NETWORK_RELEASE_SECONDS = 30.0
WINDOW_SLACK = 0.025  # keeps "N per second" true where Telegram receives, despite jitter
IDLE_POLL_SECONDS = 2.0  # other processes (the CLI) queue rows without waking us


class Outbox:
    """Where handlers queue proactive messages: rows first, then the sender is woken."""

    def __init__(self, repo: OutboxRepository) -> None:
        self.repo = repo
        self._sender: OutboxSender | None = None

    def attach(self, sender: OutboxSender | None) -> None:
        """Wake this sender whenever rows are queued (None: nobody to wake)."""
        self._sender = sender

    async def enqueue(self, messages: Sequence[OutgoingMessage]) -> int:
        """Queue messages (known dedupe keys are ignored); returns how many were new."""
        added = await self.repo.enqueue(messages)
        if added:
            self.wake()
        return added

    def wake(self) -> None:
        """Rows were queued some other way (e.g. in a repository's own transaction)."""
        if self._sender is not None:
            self._sender.notify()


async def start_sender(
    bot: Bot,
    outbox: Outbox,
    rate_per_second: float,
    gate: FloodGate | None = None,
    words: LateWords | None = None,
) -> OutboxSender:
    """Put rows a crash left 'sending' back, start a sender and let ``outbox`` wake it."""
    recovered = await outbox.repo.recover()
    if recovered:
        log.info("outbox: %d row(s) left mid-send by the last run will be sent again", recovered)
    sender = OutboxSender(bot, outbox.repo, rate_per_second, gate=gate, words=words)
    await sender.start()
    outbox.attach(sender)
    return sender


class OutboxSender:
    """Sends claimed outbox rows at a bounded rate; see the module docstring."""

    def __init__(
        self,
        bot: Bot,
        repo: OutboxRepository,
        rate_per_second: float,
        per_chat_interval: float = 1.0,
        # Pacing measures intervals, so it keeps a monotonic clock; what is due (and any
        # stamp) follows the database's clock, which a rehearsal may move.
        clock: Callable[[], float] = time.monotonic,
        *,
        max_in_flight: int = 32,
        on_sent: OnSent | None = None,
        gate: FloodGate | None = None,
        words: LateWords | None = None,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self._bot = bot
        self._repo = repo
        self._clock = clock
        # Shared with replies, so a 429 met by either pauses both (same clock as the gate's).
        self._gate = gate or FloodGate(clock)
        self._interval = 1.0 / rate_per_second
        self._per_chat = per_chat_interval
        self._on_sent = on_sent
        # Rows say what to say; they are put into words per recipient just before sending.
        self._words = words or LateWords(shipped(), None)
        self._batch = max(50, math.ceil(rate_per_second))
        self._window: deque[float] = deque(maxlen=max(1, math.floor(rate_per_second)))
        self._slots = asyncio.Semaphore(max_in_flight)
        self._lanes: dict[int, deque[QueuedMessage]] = {}
        self._ready_at: dict[int, float] = {}
        self._waiting: list[tuple[float, int, int]] = []  # (ready at, head row id, chat)
        self._ready: list[tuple[int, int]] = []  # (head row id, chat): oldest first
        self._buffered = 0
        self._in_flight = 0
        self._tries: dict[int, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._next_start = 0.0
        self._want_claim = True
        self._next_poll = 0.0
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._idle = asyncio.Event()
        self._runner: asyncio.Task[None] | None = None
        # Rows hold raw Bot API parameters, so calls go through do_api_request on purpose.
        warnings.filterwarnings(
            "ignore", message=r".*instead of 'Bot\.do_api_request", category=PTBUserWarning
        )
        # PTB 22 warns about retry_after's future type whenever it builds a RetryAfter.
        warnings.filterwarnings(
            "ignore", message=r".*attribute `retry_after`", category=PTBDeprecationWarning
        )

    async def start(self) -> None:
        """Start draining the outbox (call the repository's recover() first)."""
        if self._runner is None:
            self._stopping.clear()
            self._want_claim = True
            self._runner = asyncio.create_task(self._run(), name="outbox-sender")

    def notify(self) -> None:
        """New rows were queued: claim them."""
        self._want_claim = True
        self._idle.clear()
        self._wake.set()

    async def stop(self) -> None:
        """Finish the sends in flight; everything not yet sent goes back to 'pending'."""
        if self._runner is None:
            return
        self._stopping.set()
        self._wake.set()
        await asyncio.gather(self._runner, return_exceptions=True)
        self._runner = None
        await asyncio.gather(*self._tasks, return_exceptions=True)
        left = [m.id for lane in self._lanes.values() for m in lane]
        if left:
            await self._repo.release_many(left)
        self._lanes.clear()
        self._waiting.clear()
        self._ready.clear()
        self._buffered = 0

    async def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing due is left to send; False if time ran out (for tests)."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    await self._idle.wait()
                    if not await self._repo.has_due():
                        return True
                    self.notify()
        except TimeoutError:
            return False

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self._step()
            except Exception:
                log.exception("outbox sender step failed; trying again in 1 s")
                await self._sleep(1.0)

    async def _step(self) -> None:
        self._wake.clear()
        now = self._clock()
        if not self._want_claim and now >= self._next_poll:
            self._next_poll = now + IDLE_POLL_SECONDS
            self._want_claim = await self._repo.has_due()
        if self._want_claim and (
            self._buffered < self._batch or (not self._ready and self._buffered < 10 * self._batch)
        ):
            await self._claim()
        now = self._clock()
        while self._waiting and self._waiting[0][0] <= now:
            _, head, chat = heapq.heappop(self._waiting)
            heapq.heappush(self._ready, (head, chat))
        if not self._ready:
            if self._want_claim and self._buffered < 10 * self._batch:
                return  # more rows are due (the last claim skipped some): claim again
            if self._want_claim or self._lanes or self._in_flight:
                self._idle.clear()
            else:
                self._idle.set()
            # While more rows are known to be waiting, only a lane coming free matters.
            poll_at = math.inf if self._want_claim else self._next_poll
            until = min(poll_at, self._waiting[0][0] if self._waiting else math.inf)
            await self._wait_wake(until - now)
            return
        self._idle.clear()
        await self._slots.acquire()
        if not await self._await_slot():
            self._slots.release()
            return
        _, chat = heapq.heappop(self._ready)
        message = self._lanes[chat].popleft()
        self._buffered -= 1
        self._in_flight += 1
        task = asyncio.create_task(self._deliver(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _claim(self) -> None:
        claimed = await self._repo.claim(self._batch)
        # A short batch may still leave rows behind, if some were skipped; a cheap read tells.
        self._want_claim = len(claimed) >= self._batch or await self._repo.has_due()
        for message in claimed:
            lane = self._lanes.get(message.chat_id)
            if lane is None:
                self._lanes[message.chat_id] = deque([message])
                self._schedule(message.chat_id, self._ready_at.get(message.chat_id, 0.0))
            else:
                lane.append(message)
        self._buffered += len(claimed)

    def _schedule(self, chat: int, ready_at: float) -> None:
        # A lane is in a heap only while it has rows and no send in flight.
        heapq.heappush(self._waiting, (ready_at, self._lanes[chat][0].id, chat))

    async def _await_slot(self) -> bool:
        """Wait for the next start allowed overall; False if stopping meanwhile."""
        while True:
            now = self._clock()
            start = max(self._next_start, self._gate.paused_until)
            if len(self._window) == self._window.maxlen:
                start = max(start, self._window[0] + 1.0 + WINDOW_SLACK)
            if start <= now:
                break
            if await self._sleep(start - now):
                return False
        self._next_start = max(now, self._next_start) + self._interval
        self._window.append(now)
        return not self._stopping.is_set()

    async def _deliver(self, message: QueuedMessage) -> None:
        retry_in: float | None = None
        try:
            retry_in = await self._send(message)
        except Exception:
            # Recording failed (the row stays 'sending' and is recovered at the next start).
            log.exception("outbox row %d: could not record the outcome", message.id)
        finally:
            self._slots.release()
            self._finish(message, retry_in)

    async def _send(self, message: QueuedMessage) -> float | None:
        """Send one row and record the outcome; returns seconds until a retry, or None."""
        params = self._words.params(message)
        params["chat_id"] = message.chat_id
        try:
            result = await self._bot.do_api_request(message.method, api_kwargs=params)
        except RetryAfter as exc:
            seconds = retry_after_seconds(exc)
            self._gate.pause(seconds)
            log.warning(
                "flood control: all sending paused for %.1f s (row %d)", seconds, message.id
            )
            return seconds
        except Forbidden as exc:
            log.info("outbox row %d: %s; marking the chat blocked", message.id, exc.message)
            await self._fail_blocked(message)
            return None
        except BadRequest as exc:
            log.warning("outbox row %d (%s) refused: %s", message.id, message.kind, exc.message)
            await self._repo.mark_failed(message.id, exc.message[:200])
            return None
        except NetworkError as exc:
            return await self._network_failed(message, exc)
        except TelegramError as exc:
            log.warning("outbox row %d failed: %s", message.id, type(exc).__name__)
            await self._repo.mark_failed(message.id, f"{type(exc).__name__}: {exc.message[:160]}")
            return None
        message_id, summary = _summarise(message.method, result)
        await self._repo.mark_sent(message.id, message_id, summary)
        self._tries.pop(message.id, None)
        if self._on_sent is not None:
            sent = Message.de_json(result, self._bot) if isinstance(result, dict) else None
            try:
                await self._on_sent(message, sent)
            except Exception:
                log.exception("on_sent hook failed for outbox row %d", message.id)
        return None

    async def _fail_blocked(self, message: QueuedMessage) -> None:
        lane = self._lanes.get(message.chat_id, deque())
        rest, self._buffered = list(lane), self._buffered - len(lane)
        lane.clear()
        await self._repo.record(
            [Delivery(message.id, "failed", error="blocked")]
            + [Delivery(m.id, "skipped", error="blocked") for m in rest]
        )
        await self._repo.mark_blocked(message.chat_id)

    async def _network_failed(self, message: QueuedMessage, exc: NetworkError) -> float | None:
        tries = self._tries.get(message.id, 0) + 1
        self._tries[message.id] = tries
        if tries < NETWORK_TRIES:
            backoff = 0.5 * 2 ** (tries - 1)
            log.warning(
                "outbox row %d: %s; retrying in %.1f s", message.id, type(exc).__name__, backoff
            )
            return backoff
        # Give the row (and, to keep its chat in order, the rows behind it) back for later.
        lane = self._lanes.get(message.chat_id, deque())
        ids = [message.id] + [m.id for m in lane]
        self._buffered -= len(lane)
        lane.clear()
        for row_id in ids:
            self._tries.pop(row_id, None)
        log.warning("outbox row %d: %s %d times; released for later", message.id, exc, tries)
        await self._repo.release_many(ids, self._repo.clock.timestamp() + NETWORK_RELEASE_SECONDS)
        return None

    def _finish(self, message: QueuedMessage, retry_in: float | None) -> None:
        """The chat's send is over: put the row back if it is to be retried, then go on."""
        chat = message.chat_id
        self._in_flight -= 1
        lane = self._lanes.setdefault(chat, deque())
        if retry_in is not None:
            lane.appendleft(message)
            self._buffered += 1
        now = self._clock()
        ready_at = now + (retry_in if retry_in is not None else self._per_chat)
        self._ready_at[chat] = ready_at
        if lane:
            self._schedule(chat, ready_at)
        else:
            del self._lanes[chat]
            if len(self._ready_at) > 10_000:
                self._ready_at = {c: t for c, t in self._ready_at.items() if t > now}
        self._wake.set()

    async def _sleep(self, seconds: float) -> bool:
        """Sleep unless stopping; True if stopping."""
        if seconds > 0 and not self._stopping.is_set():
            try:
                async with asyncio.timeout(seconds):
                    await self._stopping.wait()
            except TimeoutError:
                pass
        return self._stopping.is_set()

    async def _wait_wake(self, seconds: float) -> None:
        if seconds <= 0:
            return
        try:
            async with asyncio.timeout(None if math.isinf(seconds) else seconds):
                await self._wake.wait()
        except TimeoutError:
            pass


def _summarise(method: str, result: Any) -> tuple[int | None, dict[str, Any] | None]:
    """Telegram's message id and what else matters from an answer (the poll id)."""
    if isinstance(result, list):
        ids = [m.get("message_id") for m in result if isinstance(m, dict)]
        return (ids[0] if ids else None), {"message_ids": ids}
    if not isinstance(result, dict):
        return None, None
    poll = result.get("poll")
    summary = {"poll_id": poll["id"]} if method == "sendPoll" and isinstance(poll, dict) else None
    return result.get("message_id"), summary
