"""Numbered SQL migrations, applied in order, each in its own transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered migration file."""

    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """Every migration shipped in this package, in version order."""
    found = []
    for entry in resources.files(__package__).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


async def current_version(conn: aiosqlite.Connection) -> int:
    """The schema version recorded in the file (0 for a new file)."""
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT"
        " NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
    )
    async with conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def apply_migrations(conn: aiosqlite.Connection, up_to: int | None = None) -> int:
    """Bring the schema up to ``up_to`` (default: the newest); return the version reached."""
    migrations = load_migrations()
    version = await current_version(conn)
    newest = migrations[-1].version if migrations else 0
    if version > newest:
        raise RuntimeError(
            f"the database is at schema version {version}, newer than this Tandem ({newest});"
            " upgrade Tandem or point DATABASE_URL at another file"
        )
    for migration in migrations:
        if migration.version <= version or (up_to is not None and migration.version > up_to):
            continue
        await conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(migration.sql):
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_version (version) VALUES (?)", (migration.version,)
            )
        except BaseException:
            await conn.rollback()
            raise
        await conn.commit()
        version = migration.version
    return version


def _statements(sql: str) -> list[str]:
    # executescript() would commit on its own; splitting keeps each migration in one
    # transaction. Migration files keep one statement per ';'-terminated block.
    return [s.strip() for s in sql.split(";\n") if s.strip() and not _only_comments(s)]


def _only_comments(chunk: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in chunk.splitlines())
