"""The export's own connection, in its worker thread: SQLite's sqlite3 or PostgreSQL's psycopg.

Each session opens one read snapshot for the whole export, fills the temporary tables of
question texts, and hands out a query's rows in batches of ``BATCH`` (PostgreSQL: from a
server-side cursor, so the server holds the result and this process one batch).
``interrupt`` may be called from another thread: it ends the statement running now.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from storage.database import sqlite_path
from storage.export_sql import (
    FILL_ADOPTED_QUESTIONS,
    FILL_CHECKIN_QUESTIONS,
    FILL_QUESTIONS,
    temp_tables,
)
from storage.sql import Dialect, Params, is_postgres_url

BATCH = 10_000


class ExportStopped(Exception):
    """The export was stopped before it finished (its files are not left behind)."""


class Session(Protocol):
    dialect: Dialect

    def begin(
        self, project_id: str, questions: Iterable[Params], checkin_questions: Iterable[Params]
    ) -> None: ...

    def count(self, sql: str, params: Params) -> int: ...

    def batches(self, sql: str, params: Params) -> Iterator[list[Any]]: ...

    def interrupt(self) -> None: ...

    def close(self) -> None: ...


def open_session(database: str, stopped: threading.Event) -> Session:
    """A session on the database a target names (a SQLite path or a postgresql:// URL)."""
    if is_postgres_url(database):
        return _Postgres(database, stopped)
    return _Sqlite(sqlite_path(database), stopped)


class _Stoppable:
    """What both engines' sessions share: an error while ``stop()`` is under way is the stop."""

    _stopped: threading.Event
    _errors: type[Exception] | tuple[type[Exception], ...]

    @contextlib.contextmanager
    def _stopping(self) -> Iterator[None]:
        try:
            yield
        except self._errors:
            if self._stopped.is_set():  # interrupted or cancelled by stop()
                raise ExportStopped from None
            raise


class _Sqlite(_Stoppable):
    dialect: Dialect = "sqlite"

    def __init__(self, path: str, stopped: threading.Event) -> None:
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._stopped = stopped
        self._errors = sqlite3.OperationalError

    def begin(
        self, project_id: str, questions: Iterable[Params], checkin_questions: Iterable[Params]
    ) -> None:
        conn = self._conn
        conn.execute("PRAGMA busy_timeout = 5000")
        for statement in temp_tables(self.dialect):
            conn.execute(statement)
        conn.executemany(FILL_QUESTIONS, questions)
        conn.executemany(FILL_CHECKIN_QUESTIONS, checkin_questions)
        conn.execute(FILL_ADOPTED_QUESTIONS, (project_id,))
        conn.execute("PRAGMA query_only = 1")
        conn.execute("BEGIN")  # one snapshot (WAL) for every table

    def count(self, sql: str, params: Params) -> int:
        with self._stopping():
            return int(self._conn.execute(sql, params).fetchone()[0])

    def batches(self, sql: str, params: Params) -> Iterator[list[Any]]:
        with self._stopping():
            cursor = self._conn.execute(sql, params)
            while rows := cursor.fetchmany(BATCH):
                yield rows

    def interrupt(self) -> None:
        with contextlib.suppress(sqlite3.ProgrammingError):  # already closed: done anyway
            self._conn.interrupt()

    def close(self) -> None:
        self._conn.close()


class _Postgres(_Stoppable):
    dialect: Dialect = "postgresql"

    def __init__(self, url: str, stopped: threading.Event) -> None:
        import psycopg

        from storage.postgres import register_types

        self._errors = psycopg.Error
        self._conn = psycopg.connect(url, autocommit=True, connect_timeout=30)
        register_types(self._conn.adapters)
        self._stopped = stopped
        self._cursors = 0

    def begin(
        self, project_id: str, questions: Iterable[Params], checkin_questions: Iterable[Params]
    ) -> None:
        from psycopg import IsolationLevel

        from storage.postgres import to_psycopg

        conn = self._conn
        # Temporary tables live as long as this connection; CREATE is refused read-only.
        for statement in temp_tables(self.dialect):
            conn.execute(statement)
        conn.autocommit = False
        conn.isolation_level = IsolationLevel.REPEATABLE_READ  # one snapshot for every table
        conn.read_only = True  # writing temporary tables is still allowed
        with conn.cursor() as cursor:
            cursor.executemany(to_psycopg(FILL_QUESTIONS), list(questions))
            cursor.executemany(to_psycopg(FILL_CHECKIN_QUESTIONS), list(checkin_questions))
            cursor.execute(to_psycopg(FILL_ADOPTED_QUESTIONS), (project_id,))

    def count(self, sql: str, params: Params) -> int:
        from storage.postgres import to_psycopg

        with self._stopping():
            row = self._conn.execute(to_psycopg(sql), params).fetchone()
        assert row is not None
        return int(row[0])

    def batches(self, sql: str, params: Params) -> Iterator[list[Any]]:
        from storage.postgres import to_psycopg

        self._cursors += 1
        # A named cursor is a server-side cursor: the server keeps the result.
        with self._stopping(), self._conn.cursor(f"export_{self._cursors}") as cursor:
            cursor.execute(to_psycopg(sql), params)
            while rows := cursor.fetchmany(BATCH):
                yield rows

    def interrupt(self) -> None:
        with contextlib.suppress(Exception):  # closed already, or the server gone: done anyway
            self._conn.cancel_safe(timeout=5)

    def close(self) -> None:
        self._conn.close()
