"""`tandem migrate` and `tandem db copy SRC DST`: the operator's database commands."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import ConfigError, load_settings
from storage.copy import CopyRefused, Outcome, copy_database, open_existing, shown, verify
from storage.database import Backend, open_engine
from storage.migrations import Migration, apply_migrations, current_version, load_migrations
from storage.sql import is_postgres_url

MIGRATE = (
    "Bring the database to the newest schema, printing each step applied and the version"
    " reached. The bot does this itself when it starts; run it first in a deploy to fail early"
    " and see what changed. Safe when several processes start at once: on PostgreSQL they take"
    " turns under a lock and each step is applied once. --check changes nothing and exits 1 if"
    " steps are pending (for deploy scripts)."
)
COPY = """Copy a whole Tandem database into an EMPTY one: SQLite to PostgreSQL, PostgreSQL to
SQLite, or to another server. SRC and DST are database URLs (sqlite:///data/tandem.sqlite3,
postgresql://user:password@host/name).

DST is migrated, then every table is copied in one transaction (all or nothing), parents before
children, in batches; PostgreSQL's id counters are moved past the copied ids. Then both sides are
compared table by table (row counts and checksums); exit 1 if anything differs, 2 if the copy was
refused (DST not empty, SRC not at the newest schema: `tandem migrate --database SRC` fixes that,
or updates received but not handled).

The copy is of ONE consistent moment of SRC: the bot may keep running while it copies, but what
it writes afterwards is not in DST. To move a running project:
  1. tandem db copy SRC DST            (a rehearsal while the bot runs; drop DST afterwards)
  2. stop the bot cleanly (SIGTERM, or systemctl stop): it finishes the updates in hand and
     empties the SQLite reply ledger (<database>-replies), which is not copied
  3. tandem db copy SRC DST            (into a fresh, empty DST)
  4. tandem db copy --verify-only SRC DST   (nothing was written since: every table matches)
  5. set DATABASE_URL to DST and start the bot.
Keep SRC untouched as the way back."""


def _migrate(args: argparse.Namespace) -> int:
    target = args.database or load_settings().database_target
    return asyncio.run(_migrate_on(target, check=args.check))


async def _migrate_on(target: str, *, check: bool) -> int:
    migrations = load_migrations()
    newest = migrations[-1].version
    if check:
        try:
            engine = await open_existing(target, "DATABASE_URL")
        except CopyRefused as exc:
            print(f"{exc} `tandem migrate` creates it at schema version {newest}.")
            return 1
    else:
        engine = await _open(target)
    try:
        version = await current_version(engine)
        if version > newest:
            raise ConfigError(
                f"{shown(target)} is at schema version {version}, newer than this Tandem"
                f" ({newest}): upgrade Tandem."
            )
        if check:
            pending = [m.name for m in migrations[version:]]
            if pending:
                print(
                    f"{shown(target)} is at schema version {version}; {len(pending)}"
                    f" migration(s) pending: {', '.join(pending)}. Run `tandem migrate`."
                )
                return 1
            print(f"{shown(target)} is at the newest schema version ({newest}).")
            return 0

        def applied(migration: Migration) -> None:
            print(f"applied {migration.name} (version {migration.version})", flush=True)

        reached = await apply_migrations(engine, on_applied=applied)
    finally:
        await engine.close()
    print(f"{shown(target)} is at schema version {reached} (the newest).")
    return 0


async def _open(target: str) -> Backend:
    try:
        return await open_engine(target)
    except Exception as exc:  # the driver's own error: a wrong host, name or password
        raise ConfigError(f"cannot open {shown(target)} ({exc}).") from None


def _copy(args: argparse.Namespace) -> int:
    for url in (args.src, args.dst):
        if not (is_postgres_url(url) or url.startswith("sqlite:///")):
            raise ConfigError(
                f"{url!r} is not a database URL: write sqlite:///path/to/file.sqlite3 or"
                " postgresql://user:password@host/name."
            )
    try:
        if args.verify_only:
            outcome = asyncio.run(verify(args.src, args.dst, batch=args.batch))
        else:
            outcome = asyncio.run(
                copy_database(args.src, args.dst, force=args.force, say=_progress, batch=args.batch)
            )
    except CopyRefused as exc:
        raise ConfigError(f"db copy refused: {exc}") from None
    return _summary(outcome, args)


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _summary(outcome: Outcome, args: argparse.Namespace) -> int:
    width = max((len(t.name) for t in outcome.tables), default=5)
    print(f"{'table':<{width}}  {'SRC rows':>12}  {'DST rows':>12}  checksum")
    for table in outcome.tables:
        left = "-" if table.source is None else f"{table.source.rows:,}"
        right = "-" if table.copy is None else f"{table.copy.rows:,}"
        if table.source is None or table.copy is None:
            verdict = "MISSING OR DIFFERENT COLUMNS"
        else:
            verdict = "same" if table.same else "DIFFERS"
        print(f"{table.name:<{width}}  {left:>12}  {right:>12}  {verdict}")
    src, dst = shown(args.src), shown(args.dst)
    differ = [t.name for t in outcome.tables if not t.same]
    if differ:
        why = (
            "something was written to SRC since the copy, or DST was changed"
            if args.verify_only
            else "the copy does not hold what SRC held"
        )
        print(f"{len(differ)} table(s) differ ({', '.join(differ)}): {why}.")
        return 1
    if args.verify_only:
        print(
            f"{src} and {dst} hold the same {outcome.rows:,} rows in {len(outcome.tables)} tables."
        )
    else:
        print(
            f"Copied {outcome.rows:,} rows in {len(outcome.tables)} tables from {src} to {dst};"
            f" {outcome.counters} id counter(s) continued. Every table matches."
        )
    return 0


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `migrate` and `db` to the command line."""
    migrate = commands.add_parser(
        "migrate", help="bring the database to the newest schema", description=MIGRATE
    )
    migrate.add_argument(
        "--database", metavar="URL", help="this database instead of DATABASE_URL's"
    )
    migrate.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 and name the pending steps if there are any",
    )
    migrate.set_defaults(handler=_migrate)
    db = commands.add_parser("db", help="copy a database to another engine, and check a copy")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    copy = actions.add_parser(
        "copy",
        help="copy every row into an empty database (SQLite <-> PostgreSQL)",
        description=COPY,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    copy.add_argument("src", metavar="SRC", help="the database to copy (a URL)")
    copy.add_argument("dst", metavar="DST", help="an empty database to copy into (a URL)")
    copy.add_argument(
        "--verify-only",
        action="store_true",
        help="copy nothing: compare every table of SRC and DST now (counts and checksums)",
    )
    copy.add_argument(
        "--force",
        action="store_true",
        help="copy even when SRC has updates received but not handled (stop the bot instead)",
    )
    copy.add_argument(
        "--batch", type=int, default=1000, metavar="ROWS", help="rows per batch (default 1000)"
    )
    copy.set_defaults(handler=_copy)
