"""Who may do what when several bot processes share one database.

- A chat lock: the process holding a chat's lock is the only one handling its updates,
  so a chat's updates are handled in order and once, whichever process received them.
- The leader lock: the process holding it alone drains the outbox and runs the schedules.

On PostgreSQL both are session advisory locks on a connection of the process's own: they
are the server's, they need no clock, and they go the moment the process dies (its
connection closes), so another takes over at once. On SQLite a file lock beside the
database chooses the leader; a SQLite database has one bot process, so its chats need no
lock across processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from typing import TYPE_CHECKING, Any, Protocol

from storage.private import ensure_private_file

if TYPE_CHECKING:
    from pathlib import Path

    from storage.postgres import PostgresBackend

# Keys far above any Telegram chat id (|id| < 2**53), which are the chat locks' keys.
LEADER_KEY = 0x7A4E_4400_0000_0001
NO_CHAT_KEY = 0x7A4E_4400_0000_0002


class ChatLocks(Protocol):
    """Per-chat ownership across processes."""

    # True when other processes may hold chats of this database (PostgreSQL).
    shared: bool

    async def try_lock(self, chat: int | None) -> bool: ...

    async def unlock(self, chat: int | None) -> None: ...

    async def close(self) -> None: ...


class LeaderLock(Protocol):
    """The one leader among the processes sharing a database."""

    async def try_acquire(self) -> bool: ...

    async def still_held(self) -> bool: ...

    async def close(self) -> None: ...


class LocalChatLocks:
    """SQLite: one process per database, so every chat is this process's."""

    shared = False

    async def try_lock(self, chat: int | None) -> bool:
        return True

    async def unlock(self, chat: int | None) -> None:
        return None

    async def close(self) -> None:
        return None


class FileLeaderLock:
    """SQLite: an exclusive lock on ``<database>-leader`` (released when the process ends)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    async def try_acquire(self) -> bool:
        if self._fd is not None:
            return True
        await asyncio.to_thread(ensure_private_file, self._path)
        fd = os.open(self._path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    async def still_held(self) -> bool:
        return self._fd is not None

    async def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None


class _Session:
    """One connection of this process's own, for session advisory locks; calls take turns."""

    def __init__(self, backend: PostgresBackend) -> None:
        self._backend = backend
        self._conn: Any = None
        self._turn = asyncio.Lock()

    async def ask(self, sql: str, *params: Any) -> Any:
        async with self._turn:
            if self._conn is None:
                self._conn = await self._backend.dedicated()
            cursor = await self._conn.execute(sql, params)
            row = await cursor.fetchone()
            return None if row is None else row[0]

    async def close(self) -> None:
        async with self._turn:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    await self._conn.close()
                self._conn = None


def _key(chat: int | None) -> int:
    return NO_CHAT_KEY if chat is None else int(chat)


class AdvisoryChatLocks:
    """PostgreSQL: a session advisory lock per chat, on this process's lock connection."""

    shared = True

    def __init__(self, backend: PostgresBackend) -> None:
        self._session = _Session(backend)

    async def try_lock(self, chat: int | None) -> bool:
        return bool(await self._session.ask("SELECT pg_try_advisory_lock(%s::bigint)", _key(chat)))

    async def unlock(self, chat: int | None) -> None:
        await self._session.ask("SELECT pg_advisory_unlock(%s::bigint)", _key(chat))

    async def close(self) -> None:
        await self._session.close()


class AdvisoryLeaderLock:
    """PostgreSQL: the leader holds one advisory lock on a connection of its own."""

    def __init__(self, backend: PostgresBackend) -> None:
        self._session = _Session(backend)
        self._held = False

    async def try_acquire(self) -> bool:
        if not self._held:
            self._held = bool(
                await self._session.ask("SELECT pg_try_advisory_lock(%s::bigint)", LEADER_KEY)
            )
        return self._held

    async def still_held(self) -> bool:
        """Whether the lock's connection still answers (if it broke, the lock is gone)."""
        if not self._held:
            return False
        try:
            await self._session.ask("SELECT 1")
        except Exception:
            self._held = False
        return self._held

    async def close(self) -> None:
        self._held = False
        await self._session.close()
