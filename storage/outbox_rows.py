"""The one writer of outbox rows: every ``INSERT INTO outbox`` in the project is built here.

Callers run what it returns inside their own transactions (so a row is queued atomically with
whatever caused it), either one statement for many rows (``insert``, run by ``executemany``)
or one set-based ``INSERT ... SELECT`` (``insert_select``) that queues thousands of rows at
once. The column list, the defaults (created_at is the caller's clock reading, a row is
'pending' unless it records who was left out) and the dedupe rule live here only
(tests/test_layers.py keeps it so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storage.sql import Tx

# Every column a queued row sets; the rest (attempts, message_id, result, sent_at) belong
# to the sender.
COLUMNS = (
    "chat_id",
    "participant_id",
    "kind",
    "method",
    "params",
    "dedupe_key",
    "broadcast_id",
    "status",
    "error",
    "created_at",
    "not_before",
)
_INTO = f"INSERT INTO outbox ({', '.join(COLUMNS)})"

# A row whose dedupe key is already queued is not queued again.
KEEP_FIRST = "ON CONFLICT (dedupe_key) DO NOTHING"
# ... unless that row only recorded that its recipient was left out (paused, say): then it
# becomes the message.
REVIVE_SKIPPED = (
    "ON CONFLICT (dedupe_key) DO UPDATE SET status = 'pending', error = NULL,"
    " params = excluded.params, created_at = excluded.created_at"
    " WHERE outbox.status = 'skipped'"
)

_ROW = f"({', '.join('?' * len(COLUMNS))})"
_INSERT_VALUES = f"{_INTO} VALUES {_ROW} {KEEP_FIRST}"
# Rows per multi-row INSERT in ``queue``: 90 x 11 parameters stays under SQLite's oldest
# limit of 999 (PostgreSQL takes 65535).
_CHUNK = 90


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One row to queue: a Bot API call (``params``: its JSON text, without ``chat_id``).

    A 'skipped' row sends nothing; it records that the recipient was left out, and why
    (``error``).
    """

    chat_id: int
    kind: str
    method: str
    params: str
    participant_id: int | None = None
    dedupe_key: str | None = None
    broadcast_id: int | None = None
    status: str = "pending"
    error: str | None = None
    not_before: float | None = None


def insert(rows: Iterable[OutboxRow], now: float) -> tuple[str, list[tuple[object, ...]]]:
    """The statement and its parameter rows queuing ``rows`` at ``now`` (for ``executemany``);
    a row whose dedupe key is known is left out."""
    return _INSERT_VALUES, [
        (
            r.chat_id,
            r.participant_id,
            r.kind,
            r.method,
            r.params,
            r.dedupe_key,
            r.broadcast_id,
            r.status,
            r.error,
            now,
            r.not_before,
        )
        for r in rows
    ]


async def queue(tx: Tx, rows: Iterable[OutboxRow], now: float) -> int:
    """Queue ``rows`` at ``now`` inside ``tx`` (as ``insert`` does); return how many are new.

    Multi-row INSERTs, so the count of new rows is each statement's row count on either
    engine (a batch run by ``execute_many`` reports none).
    """
    _, values = insert(rows, now)
    added = 0
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        added += await tx.execute(
            f"{_INTO} VALUES {', '.join([_ROW] * len(chunk))} {KEEP_FIRST}",
            [v for row in chunk for v in row],
        )
    return max(added, 0)


def insert_select(
    source: str,
    *,
    chat_id: str,
    kind: str,
    method: str,
    params: str,
    participant_id: str = "NULL",
    dedupe_key: str = "NULL",
    broadcast_id: str = "NULL",
    status: str = "'pending'",
    error: str = "NULL",
    not_before: str = "NULL",
    distinct: bool = False,
    on_conflict: str = KEEP_FIRST,
) -> str:
    """``INSERT INTO outbox (...) SELECT ...``: one row per row of ``source`` ("FROM ... WHERE
    ...", which must end in a WHERE clause), each column given as an SQL expression over it.

    Rows are stamped with the named parameter ``:now`` (the caller's clock reading).
    """
    values: tuple[str, ...] = (
        chat_id,
        participant_id,
        kind,
        method,
        params,
        dedupe_key,
        broadcast_id,
        status,
        error,
        ":now",
        not_before,
    )
    select = "SELECT"
    if distinct:
        # DISTINCT makes PostgreSQL settle untyped values (NULL, parameters) as text before
        # it sees the columns they go to: each value is cast to its column's type.
        select = "SELECT DISTINCT"
        values = tuple(f"CAST({v} AS {t})" for v, t in zip(values, _TYPES, strict=True))
    return f"{_INTO} {select} {', '.join(values)} {source} {on_conflict}"


# The outbox columns insert_select fills, in its order, with their types on both engines.
_TYPES = (
    ("BIGINT", "BIGINT") + ("TEXT",) * 4 + ("BIGINT", "TEXT", "TEXT") + ("DOUBLE PRECISION",) * 2
)


def key_sql(prefix: str, *parts: str) -> str:
    """An SQL expression for a dedupe key: ``prefix:part:part...`` (parts are expressions)."""
    return f"'{prefix}:' || " + " || ':' || ".join(parts)
