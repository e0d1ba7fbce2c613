"""`tandem db copy SRC DST`: a whole Tandem database onto an empty one, either engine to
either, as it stood at one moment; and the check that two databases hold the same rows.

The source is read in one snapshot (a read transaction; REPEATABLE READ on PostgreSQL) and
streamed in batches; the destination is migrated, then written in ONE transaction, so a
failure leaves it as empty as it was. Then the destination is read back and each table's
row count and checksum compared with what was read from the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storage.copy_schema import (
    SKIP,
    Table,
    Tally,
    continue_ids,
    quoted,
    table_names,
    tables,
    used_ids,
)
from storage.database import Backend, Database, open_engine, sqlite_path
from storage.migrations import load_migrations
from storage.sql import Tx, is_postgres_url

Say = Callable[[str], None]
# A progress line at least this often within a big table (and at its end).
PROGRESS_EVERY = 100_000


class CopyRefused(Exception):
    """The copy (or check) cannot start; the message says why and what to do."""


@dataclass
class Compared:
    """One table on both sides."""

    name: str
    source: Tally | None
    copy: Tally | None

    @property
    def same(self) -> bool:
        return (
            self.source is not None
            and self.copy is not None
            and (self.source.rows, self.source.digest) == (self.copy.rows, self.copy.digest)
        )


@dataclass
class Outcome:
    """What a copy or a check found, table by table."""

    tables: list[Compared] = field(default_factory=list)
    counters: int = 0

    @property
    def same(self) -> bool:
        return all(t.same for t in self.tables)

    @property
    def rows(self) -> int:
        return sum(t.source.rows for t in self.tables if t.source is not None)


def shown(target: str) -> str:
    """A target for messages: a SQLite path, or a URL without its password."""
    if is_postgres_url(target):
        from storage.postgres import redacted

        return redacted(target)
    return sqlite_path(target)


def _is_file(target: str) -> bool:
    return Path(sqlite_path(target)).is_file()


def _same(src: str, dst: str) -> bool:
    if is_postgres_url(src) or is_postgres_url(dst):
        return shown(src) == shown(dst)
    return Path(sqlite_path(src)).resolve() == Path(sqlite_path(dst)).resolve()


async def open_existing(target: str, role: str) -> Backend:
    """Connect to a database that must already exist (a SQLite file is never created here)."""
    if not is_postgres_url(target) and not _is_file(target):
        raise CopyRefused(f"{role}: there is no SQLite database at {shown(target)}.")
    return await _open(target, role)


async def _open(target: str, role: str) -> Backend:
    try:
        return await open_engine(target)
    except Exception as exc:  # the driver's own error: a wrong host, name or password
        raise CopyRefused(f"{role}: cannot open {shown(target)} ({exc}).") from None


async def schema_version(tx: Tx, role: str) -> int:
    """The schema version a database records (refusing what is not a Tandem database)."""
    if "schema_version" not in await table_names(tx):
        raise CopyRefused(f"{role} is not a Tandem database (it has no schema_version table).")
    row = await tx.fetch_one("SELECT COALESCE(MAX(version), 0) FROM schema_version")
    return int(row[0]) if row else 0


async def copy_database(
    src: str, dst: str, *, force: bool = False, say: Say, batch: int = 1000
) -> Outcome:
    """Copy every row of SRC into DST (empty, migrated here); compare both afterwards."""
    if _same(src, dst):
        raise CopyRefused("SRC and DST are the same database.")
    source = await open_existing(src, "SRC")
    try:
        async with source.snapshot() as reader:
            found = await tables(reader)
            await _source_ready(reader, found, src, force)
            await _empty_destination(dst, {t.name for t in found})
            used = await used_ids(reader)
            target = await _migrated(dst)
            try:
                return await _copy(reader, found, used, target, say, batch)
            finally:
                await target.close()
    finally:
        await source.close()


async def _source_ready(reader: Tx, found: list[Table], src: str, force: bool) -> None:
    newest = load_migrations()[-1].version
    version = await schema_version(reader, "SRC")
    if version < newest:
        raise CopyRefused(
            f"SRC is at schema version {version}, not the newest ({newest}): run"
            f" `tandem migrate --database {shown(src)}` first (with the bot stopped, or let"
            " the bot's own start migrate it)."
        )
    if version > newest:
        raise CopyRefused(f"SRC is at schema version {version}, newer than this Tandem ({newest}).")
    row = await reader.fetch_one("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL")
    waiting = int(row[0]) if row else 0
    if waiting and not force:
        raise CopyRefused(
            f"SRC has {waiting} update(s) received but not yet handled. Stop the bot cleanly"
            " (SIGTERM: it finishes what it holds) and copy again; --force copies them as"
            " they are (their replies already sent are not carried over and may go twice)."
        )


async def _empty_destination(dst: str, schema: set[str]) -> None:
    """Refuse a destination holding anything but an empty Tandem schema."""
    engine = await _open(dst, "DST")
    try:
        async with engine.snapshot() as tx:
            present = await table_names(tx)
            strangers = sorted(present - schema - SKIP)
            if strangers:
                raise CopyRefused(
                    f"DST has tables that are not Tandem's ({', '.join(strangers)}): copy"
                    " into a new, empty database."
                )
            filled = []
            for name in sorted(present - {"schema_version"}):
                row = await tx.fetch_one(f"SELECT COUNT(*) FROM {quoted(name)}")
                if row and int(row[0]):
                    filled.append(f"{name} ({int(row[0]):,} rows)")
            if filled:
                raise CopyRefused(
                    f"DST is not empty: {', '.join(filled)}. Copy into a new, empty database"
                    " (or drop and recreate this one if it holds nothing you need)."
                )
    finally:
        await engine.close()


async def _migrated(dst: str) -> Database:
    try:
        return await Database.open(dst)
    except RuntimeError as exc:  # newer than this Tandem
        raise CopyRefused(f"DST: {exc}") from None


async def _copy(
    reader: Tx, found: list[Table], used: dict[str, int], target: Database, say: Say, batch: int
) -> Outcome:
    outcome = Outcome()
    async with target.transaction() as writer:
        present = {t.name: t for t in await tables(writer)}
        for table in found:
            theirs = present.get(table.name)
            if theirs is None or set(theirs.columns) != set(table.columns):
                raise CopyRefused(
                    f"DST's table {table.name} differs from SRC's after migrating: is SRC"
                    " from another version of Tandem?"
                )
        for table in found:
            tally = Tally()
            row = await reader.fetch_one(f"SELECT COUNT(*) FROM {quoted(table.name)}")
            total = int(row[0]) if row else 0
            shown_at = 0
            async for rows in reader.stream(table.select(), (), batch):
                await writer.execute_many(table.insert(), [tuple(r) for r in rows])
                tally.add(rows)
                if tally.rows - shown_at >= PROGRESS_EVERY:
                    shown_at = tally.rows
                    say(f"{table.name}: {tally.rows:,}/{total:,} rows")
            say(f"{table.name}: {tally.rows:,}/{total:,} rows")
            outcome.tables.append(Compared(table.name, tally, None))
        outcome.counters = await continue_ids(writer, used)
    # Read back what was committed, in a snapshot of its own.
    async with target.snapshot() as check:
        for compared in outcome.tables:
            compared.copy = await tally_of(
                check, next(t for t in found if t.name == compared.name), batch
            )
    return outcome


async def tally_of(tx: Tx, table: Table, batch: int = 1000) -> Tally:
    """A table's row count and checksum, streamed."""
    tally = Tally()
    async for rows in tx.stream(table.select(), (), batch):
        tally.add(rows)
    return tally


async def verify(src: str, dst: str, *, batch: int = 1000) -> Outcome:
    """Compare every table of two databases now: row counts and checksums."""
    outcome = Outcome()
    source = await open_existing(src, "SRC")
    try:
        copy = await open_existing(dst, "DST")
        try:
            async with source.snapshot() as left, copy.snapshot() as right:
                ours = {t.name: t for t in await tables(left)}
                theirs = {t.name: t for t in await tables(right)}
                for name in sorted(ours.keys() | theirs.keys()):
                    one, other = ours.get(name), theirs.get(name)
                    if one is None or other is None or set(one.columns) != set(other.columns):
                        outcome.tables.append(Compared(name, None, None))
                        continue
                    outcome.tables.append(
                        Compared(
                            name,
                            await tally_of(left, one, batch),
                            await tally_of(right, one, batch),
                        )
                    )
        finally:
            await copy.close()
    finally:
        await source.close()
    return outcome


__all__ = ["SKIP", "CopyRefused", "Outcome", "copy_database", "shown", "verify"]
