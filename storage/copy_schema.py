"""What a database holds, read from each engine's own catalogue (for `tandem db copy`).

The one place that branches on the dialect to discover tables, columns, primary keys,
foreign keys and identity counters; storage/copy.py does the rest in shared SQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storage.sql import Row, Tx

# Not copied: the schema's own version table (the destination is migrated instead) and the
# ledger of replies to updates in hand (emptied by a clean stop; PostgreSQL keeps it as a table).
SKIP = frozenset({"schema_version", "reply_ledger"})


def quoted(name: str) -> str:
    """An identifier, double-quoted (both engines read it so)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Table:
    """One table: its columns in order, its primary key, the tables its rows refer to."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    parents: frozenset[str]

    def select(self) -> str:
        """Every row, by primary key (parents before children in self-referring tables)."""
        order = ", ".join(quoted(c) for c in self.key or self.columns)
        names = ", ".join(quoted(c) for c in self.columns)
        return f"SELECT {names} FROM {quoted(self.name)} ORDER BY {order}"

    def insert(self) -> str:
        names = ", ".join(quoted(c) for c in self.columns)
        marks = ", ".join("?" * len(self.columns))
        return f"INSERT INTO {quoted(self.name)} ({names}) VALUES ({marks})"


async def table_names(tx: Tx) -> set[str]:
    """The name of every table (SKIP included; not the engine's own)."""
    if tx.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
    else:
        sql = (
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    return set(await _column(tx, sql))


async def tables(tx: Tx) -> list[Table]:
    """Every table of the schema (but SKIP), parents before the tables that refer to them."""
    names = sorted(await table_names(tx) - SKIP)
    return in_foreign_key_order([await _table(tx, name) for name in names])


async def _table(tx: Tx, name: str) -> Table:
    if tx.dialect == "sqlite":
        info = await tx.fetch_all("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", (name,))
        columns = tuple(str(r[0]) for r in info)
        key = tuple(str(r[0]) for r in sorted((r for r in info if r[1]), key=lambda r: r[1]))
        parents = await _column(
            tx, 'SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)', (name,)
        )
    else:
        columns = tuple(
            await _column(
                tx,
                "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                " current_schema() AND table_name = ? ORDER BY ordinal_position",
                (name,),
            )
        )
        key = tuple(
            await _column(
                tx,
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = CAST(? AS regclass)"
                " AND i.indisprimary ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)",
                (quoted(name),),
            )
        )
        parents = await _column(
            tx,
            "SELECT DISTINCT c.relname FROM pg_constraint f JOIN pg_class c ON c.oid = f.confrelid"
            " WHERE f.contype = 'f' AND f.conrelid = CAST(? AS regclass)",
            (quoted(name),),
        )
    return Table(name, columns, key, frozenset(parents) - {name})


def in_foreign_key_order(found: Sequence[Table]) -> list[Table]:
    """Tables so that each comes after every table it refers to (by name among equals)."""
    known = {t.name for t in found}
    placed: list[Table] = []
    done: set[str] = set()
    waiting = sorted(found, key=lambda t: t.name)
    while waiting:
        ready = [t for t in waiting if (t.parents & known) <= done]
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {[t.name for t in waiting]}")
        placed.extend(ready)
        done.update(t.name for t in ready)
        waiting = [t for t in waiting if t.name not in done]
    return placed


async def _column(tx: Tx, sql: str, params: Sequence[Any] = ()) -> list[str]:
    return [str(r[0]) for r in await tx.fetch_all(sql, params)]


async def identities(tx: Tx) -> dict[str, str]:
    """PostgreSQL: each table's column that takes its numbers from a sequence (identity)."""
    if tx.dialect == "sqlite":
        return {}
    rows = await tx.fetch_all(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND (is_identity = 'YES'"
        " OR column_default LIKE 'nextval(%')"
    )
    return {str(r[0]): str(r[1]) for r in rows if str(r[0]) not in SKIP}


async def used_ids(tx: Tx) -> dict[str, int]:
    """The highest number each table's counter ever handed out; it may be above MAX(id)
    when the newest rows were deleted, and a copy must not hand those numbers out again."""
    if tx.dialect == "sqlite":
        has = await tx.fetch_one("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if has is None:
            return {}
        return {
            str(r[0]): int(r[1])
            for r in await tx.fetch_all("SELECT name, seq FROM sqlite_sequence")
        }
    used = {}
    for table, column in (await identities(tx)).items():
        row = await tx.fetch_one(
            "SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence(?, ?) AS regclass))",
            (quoted(table), column),
        )
        if row is not None and row[0] is not None:
            used[table] = int(row[0])
    return used


async def continue_ids(tx: Tx, used: dict[str, int]) -> int:
    """Set each counter of the copy past both MAX(id) and what the original handed out;
    return how many counters were set. On SQLite the counter is sqlite_sequence
    (AUTOINCREMENT tables; it already follows the rows copied in)."""
    if tx.dialect == "sqlite":
        count = 0
        for table, seq in used.items():
            count += await tx.execute(
                "UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?", (seq, table, seq)
            )
        return count
    found = await identities(tx)
    for table, column in found.items():
        await tx.fetch_one(
            f"SELECT setval(pg_get_serial_sequence(?, ?), GREATEST(COALESCE(MAX({quoted(column)}),"
            f" 0), ?) + 1, false) FROM {quoted(table)}",
            (quoted(table), column, used.get(table, 0)),
        )
    return len(found)


@dataclass
class Tally:
    """Rows seen of a table and a checksum of them: the sum of each row's hash, so it does
    not depend on the order rows come in (the engines sort text keys by their own rules)."""

    rows: int = 0
    digest: int = 0

    def add(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.rows += 1
            self.digest = (self.digest + row_hash(row)) % (1 << 128)

    @property
    def checksum(self) -> str:
        return f"{self.digest:032x}"


def row_hash(row: Row | Sequence[Any]) -> int:
    """A row's hash over its values normalised the same way on both engines."""
    text = repr(tuple(_token(value) for value in row))
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return int.from_bytes(digest, "big")


def _token(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return f"int:{value}"
    if isinstance(value, float):
        return f"float:{value!r}"
    if isinstance(value, bytes | bytearray | memoryview):
        return "bytes:" + bytes(value).hex()
    return f"text:{value}"
