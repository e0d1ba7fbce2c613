"""Tandem's own update intake: store every update before confirming it, then handle it.

python-telegram-bot's polling confirms a batch to Telegram before handling it, so a crash
loses it. Here each ``getUpdates`` batch is written to the inbox in one transaction and
only then is the next ``getUpdates`` (which confirms the batch) issued. The worker handles
updates in order per chat, many chats at once, and marks them handled in group commits;
what the bot sent while handling one is recorded, so a replay does not send it again.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections import deque
from collections.abc import Iterable
from typing import Any

from telegram import Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from bot.reply_delivery import CURRENT_SCOPE, ReplyScope
from bot.send_limits import retry_after_seconds
from bot.update_shape import as_id, clean_text, shape_problem
from storage.inbox import InboxItem, InboxRepository
from storage.locks import ChatLocks, LocalChatLocks

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0  # seconds between getUpdates retries at most
LOCK_RETRY_SECONDS = 0.05  # a chat another process holds: look again after this
SWEEP_SECONDS = 3.0  # how often to look for updates a dead process left

_CHAT_PATHS = (
    ("message", "chat"),
    ("edited_message", "chat"),
    ("channel_post", "chat"),
    ("my_chat_member", "chat"),
    ("chat_member", "chat"),
    ("callback_query", "from"),
    ("poll_answer", "user"),
    ("inline_query", "from"),
    ("chat_join_request", "chat"),
)


def chat_key(update: dict[str, Any]) -> int | None:
    """The chat (or user) an update belongs to, so one person's updates stay in order."""
    for kind, who in _CHAT_PATHS:
        part = update.get(kind)
        if isinstance(part, dict) and isinstance(part.get(who), dict):
            return as_id(part[who].get("id"))
    return None


def as_items(updates: Iterable[dict[str, Any]]) -> list[InboxItem]:
    """Raw update dicts as inbox rows: text cleaned, broken shapes marked with their problem."""
    items = []
    for raw in updates:
        update = clean_text(raw)
        problem = shape_problem(update)
        items.append(InboxItem(update["update_id"], chat_key(update), update, problem=problem))
    return items


class InboxWorker:
    """Feeds stored updates to ``Application.process_update`` and marks them handled.

    With one process per database (SQLite) a chat's lane is fed from memory. With several
    (PostgreSQL) the stored inbox is the queue: a process handles a chat only while it holds
    the chat's lock (storage/locks.py), and then takes every update of that chat still
    waiting, whichever process stored it, in update_id order.
    """

    def __init__(
        self,
        app: Application,
        repo: InboxRepository,
        concurrency: int = 32,
        locks: ChatLocks | None = None,
    ) -> None:
        self._app = app
        self._repo = repo
        self._locks = locks or LocalChatLocks()
        self._slots = asyncio.Semaphore(concurrency)
        self._lanes: dict[int | None, deque[InboxItem]] = {}
        # Shared lanes: chats to look at, and whether something arrived while they ran.
        self._poked: dict[int | None, bool] = {}
        self._sweeper: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._handled: list[int] = []
        # Handled updates whose calls were recorded in the reply ledger (rows to drop).
        self._recorded: list[int] = []
        # Resolved by the flush that takes the updates handled since the last one.
        self._flushed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._failed: list[int] = []
        self._wake_flusher = asyncio.Event()
        self._flusher: asyncio.Task[None] | None = None
        self._in_hand = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def start(self) -> int:
        """Start flushing, then replay what an earlier run left unhandled; return how many."""
        self._flusher = asyncio.create_task(self._flush_forever(), name="inbox-flusher")
        if self._locks.shared:
            waiting = await self._repo.waiting(count_attempt=True)
            if waiting:
                log.info("%d stored updates wait to be handled", len(waiting))
            for chat in set(waiting.values()):
                self._poke(chat)
            self._sweeper = asyncio.create_task(self._sweep_forever(), name="inbox-sweeper")
            return len(waiting)
        left_over = await self._repo.claim_unhandled()
        if left_over:
            log.info("replaying %d stored updates left unhandled by the last run", len(left_over))
        self.submit(left_over)
        return len(left_over)

    async def receive(self, updates: list[dict[str, Any]]) -> None:
        """Store a batch of raw updates, then queue what is new; broken ones stop here."""
        fresh = await self._repo.store(as_items(updates))
        for item in fresh:
            if item.problem is not None:
                log.warning("update %d not handled: %s", item.update_id, item.problem)
        self.submit(item for item in fresh if item.problem is None)

    def submit(self, items: Iterable[InboxItem]) -> None:
        """Queue stored updates; each chat's updates are handled one after another."""
        if self._locks.shared:
            for item in items:
                self._poke(item.chat_key)
            return
        for item in items:
            self._in_hand += 1
            self._idle.clear()
            lane = self._lanes.get(item.chat_key)
            if lane is not None:
                lane.append(item)
                continue
            self._lanes[item.chat_key] = deque([item])
            task = asyncio.create_task(self._run_lane(item.chat_key))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run_lane(self, key: int | None) -> None:
        lane = self._lanes[key]
        while lane:
            item = lane[0]
            async with self._slots:
                recorded = await self._handle(item)
            lane.popleft()
            if lane:
                # The chat's next update waits until this one is recorded as handled: else a
                # crash between the two would replay this one after the next had moved the
                # person on, and its replay would repeat the next one's question.
                await asyncio.gather(recorded, return_exceptions=True)
        del self._lanes[key]

    def _poke(self, chat: int | None) -> None:
        """A chat has (or may have) stored updates: look at it, or again once its lane ends."""
        if chat in self._poked:
            self._poked[chat] = True
            return
        self._poked[chat] = False
        self._idle.clear()
        task = asyncio.create_task(self._run_shared_lane(chat))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_shared_lane(self, chat: int | None) -> None:
        try:
            while True:
                self._poked[chat] = False
                if await self._locks.try_lock(chat):
                    try:
                        await self._handle_waiting(chat)
                    finally:
                        await self._locks.unlock(chat)
                    if not self._poked[chat]:
                        return
                else:
                    # Another process has the chat and takes what is stored. It may let go
                    # just before our update was stored: look again shortly.
                    await asyncio.sleep(LOCK_RETRY_SECONDS)
                    if not self._poked[chat] and not await self._repo.has_unhandled(chat):
                        return
        finally:
            del self._poked[chat]
            if not self._poked and self._in_hand == 0:
                self._idle.set()

    async def _handle_waiting(self, chat: int | None) -> None:
        """With the chat's lock held: handle its stored updates until none wait."""
        while items := await self._repo.unhandled_of(chat):
            for item in items:
                self._in_hand += 1
                async with self._slots:
                    recorded = await self._handle(item)
                # Recorded as handled before the next one, and before the lock goes.
                await asyncio.gather(recorded, return_exceptions=True)

    async def _sweep_forever(self) -> None:
        """Updates stored by a process that died before handling them: nobody's lane holds
        them. Those waiting at two sweeps in a row, in no lane of ours, get one."""
        before: set[int] = set()
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            try:
                waiting = await self._repo.waiting()
            except Exception:
                log.warning("inbox sweep failed; trying again", exc_info=True)
                continue
            for update_id in before & waiting.keys():
                if waiting[update_id] not in self._poked:
                    self._poke(waiting[update_id])
            before = set(waiting)

    async def _handle(self, item: InboxItem) -> asyncio.Future[None]:
        """Handle one update; return what resolves once it is recorded as handled."""
        # The bot's calls while handling are numbered and recorded against the update, so a
        # replay does not send again what an earlier run sent (bot/reply_delivery.py).
        try:
            update = Update.de_json(item.payload, self._app.bot)
        except Exception as exc:
            # A shape the intake's check let through: one line (no content), never a retry.
            log.warning(
                "update %d not handled: unreadable (%s)", item.update_id, type(exc).__name__
            )
            self._failed.append(item.update_id)
            self._wake_flusher.set()
            return self._flushed
        scope = ReplyScope(item.update_id, item.sent, self._repo.record_reply)
        token = CURRENT_SCOPE.set(scope)
        try:
            await self._app.process_update(update)
        except Exception:
            # Handler errors go to the error handler; this is PTB itself failing. Move on.
            log.exception("update %d could not be processed", item.update_id)
        finally:
            scope.close()
            CURRENT_SCOPE.reset(token)
        if scope.recorded:
            self._recorded.append(item.update_id)
        self._handled.append(item.update_id)
        self._wake_flusher.set()
        return self._flushed

    async def _flush_forever(self) -> None:
        while True:
            await self._wake_flusher.wait()
            await self._flush()

    async def _flush(self) -> None:
        # Group commit: everything handled while the previous write ran goes in one write.
        self._wake_flusher.clear()
        done, self._handled = self._handled, []
        failed, self._failed = self._failed, []
        recorded, self._recorded = self._recorded, []
        if not done and not failed:
            return
        flushed, self._flushed = self._flushed, asyncio.get_running_loop().create_future()
        try:
            await self._repo.mark_done(done, failed)
        finally:
            flushed.set_result(None)
        # The chats' next updates need not wait for this: should a crash come first, the
        # rows of handled updates go at the next start (InboxRepository.claim_unhandled).
        try:
            await self._repo.forget_replies(recorded)
        except Exception:
            log.warning("could not drop the reply ledger rows of handled updates", exc_info=True)
        self._in_hand -= len(done) + len(failed)
        if self._in_hand == 0 and not self._poked:
            self._idle.set()

    async def drain(self, timeout: float) -> bool:
        """Wait until everything in hand is handled and recorded; False if time ran out."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning(
                "shutting down with %d updates still in hand; they replay at start", self._in_hand
            )
            return False
        return True

    async def stop(self) -> None:
        """Stop handling; anything unfinished stays in the inbox for the next start."""
        if self._sweeper is not None:
            self._sweeper.cancel()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._flusher is not None:
            self._flusher.cancel()
            await asyncio.gather(self._flusher, return_exceptions=True)
        await self._flush()


class UpdatePoller:
    """Long-polls ``getUpdates``; a batch is confirmed only after it is stored."""

    def __init__(
        self, app: Application, repo: InboxRepository, worker: InboxWorker, poll_timeout: int = 30
    ) -> None:
        self._app = app
        self._repo = repo
        self._worker = worker
        self._poll_timeout = poll_timeout
        self._offset: int | None = None
        # We call getUpdates through do_api_request on purpose: the inbox stores the raw
        # JSON exactly as Telegram sent it, so PTB's hint to use get_updates() is noise.
        warnings.filterwarnings("ignore", message=".*Bot.getUpdates", category=PTBUserWarning)

    async def run(self, stop: asyncio.Event) -> None:
        """Fetch, store, hand over, until ``stop`` is set. A bad token or a ban propagates.

        Only the long poll itself is abandoned on stop; a batch already received is always
        stored and confirmed first, so stopping never leaves it half-taken.
        """
        await self._app.bot.delete_webhook()
        backoff = 1.0
        stopping = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set():
                fetch = asyncio.create_task(self._fetch())
                await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    fetch.cancel()
                    await asyncio.gather(fetch, return_exceptions=True)
                    break
                try:
                    batch = fetch.result()
                except RetryAfter as exc:
                    await _pause(stopping, retry_after_seconds(exc))
                    continue
                except (InvalidToken, Forbidden):
                    raise
                except Conflict:
                    # Someone else called getUpdates with this token (a second instance, a
                    # stray curl). Stopping for good would take production down; say so loudly.
                    log.warning(
                        "getUpdates: Conflict, another getUpdates call uses this bot's token"
                        " (a second Tandem or a stray request); retrying in %.0f s",
                        backoff,
                    )
                    await _pause(stopping, backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF)
                    continue
                except NetworkError as exc:
                    log.warning(
                        "getUpdates failed (%s); retrying in %.0f s", type(exc).__name__, backoff
                    )
                    await _pause(stopping, backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF)
                    continue
                backoff = 1.0
                if batch:
                    await self._worker.receive(batch)
                    self._offset = int(batch[-1]["update_id"]) + 1
        finally:
            stopping.cancel()
        await self._confirm()

    async def _fetch(self, timeout: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
        timeout = self._poll_timeout if timeout is None else timeout
        kwargs: dict[str, Any] = {
            "timeout": timeout,
            "limit": limit,
            "allowed_updates": list(Update.ALL_TYPES),
        }
        if self._offset is not None:
            kwargs["offset"] = self._offset
        result = await self._app.bot.do_api_request(
            "getUpdates", api_kwargs=kwargs, read_timeout=timeout + 10
        )
        return list(result or [])

    async def _confirm(self) -> None:
        """Confirm what is stored, so Telegram does not send it again after a clean stop."""
        if self._offset is None:
            return
        try:
            # Anything this returns is past the offset, so it stays unconfirmed and comes back.
            await self._fetch(timeout=0, limit=1)
        except (NetworkError, Conflict) as exc:
            log.info(
                "could not confirm the last batch (%s); it will be deduplicated", type(exc).__name__
            )


async def _pause(stopping: asyncio.Task[Any], seconds: float) -> None:
    """Wait, but no longer than until the stop signal."""
    await asyncio.wait({stopping}, timeout=seconds)
