"""The `tandem` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram.error import Conflict, NetworkError

from bot.cli_db import register as register_db
from bot.cli_translations import register as register_translations
from bot.cli_translations import report_languages
from bot.config import ConfigError, Settings, load_settings
from conversations.i18n import LOCALES
from storage.sql import DatabaseUnavailable

if TYPE_CHECKING:
    from conversations.clock import Clock
    from conversations.export.request import ExportRequest
from bot.logs import configure_logging

Command = Callable[[argparse.Namespace], int]


SANDBOX_FALLBACK = (
    "No TELEGRAM_BOT_TOKEN is set, so this starts the sandbox instead: the real bot, a local"
    " stand-in for Telegram and a chat page in your browser (put a token in .env to go live)."
)


def wants_sandbox(settings: Settings, args: argparse.Namespace) -> bool:
    """Whether `tandem run` should start the sandbox: no token set, and not a webhook."""
    token = settings.telegram_bot_token
    missing = token is None or not token.get_secret_value().strip()
    return missing and not args.webhook


def _run(args: argparse.Namespace) -> int:
    from bot.runtime import serve

    settings = load_settings()
    if wants_sandbox(settings, args):
        print(SANDBOX_FALLBACK, flush=True)
        return _start_sandbox(settings, port=8080, database=None)
    settings.token  # noqa: B018 - fail before any I/O when the token is malformed
    configure_logging(settings.log_level)
    try:
        asyncio.run(serve(settings, webhook=args.webhook))
    except Conflict:
        raise ConfigError(
            "Telegram says another copy of this bot is already fetching updates. Stop the other"
            " copy (or remove its webhook) and start again."
        ) from None
    except DatabaseUnavailable as exc:
        raise ConfigError(f"{exc}. Check DATABASE_URL and that the server is running.") from None
    except NetworkError as exc:
        raise ConfigError(
            f"Could not reach the Telegram Bot API at {settings.telegram_api_base_url}"
            f" ({type(exc).__name__}). Check the network or TELEGRAM_API_BASE_URL."
        ) from None
    return 0


def _sandbox(args: argparse.Namespace) -> int:
    return _start_sandbox(load_settings(), port=args.port, database=args.database)


def _start_sandbox(settings: Settings, *, port: int, database: Path | None) -> int:
    from bot.sandbox import SandboxOptions, run_sandbox

    configure_logging(settings.log_level)
    options = SandboxOptions(port=port, database=database)

    def announce(sandbox: Any) -> None:
        print(f"Tandem sandbox: open {sandbox.url} in your browser. Ctrl+C stops it.", flush=True)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_sandbox(settings, options, stop=stop, on_ready=announce)

    asyncio.run(main())
    return 0


def _validate(args: argparse.Namespace) -> int:
    from conversations.budget import project_budget
    from conversations.projects import check_paths

    paths = args.paths or [str(load_settings().projects_dir)]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise ConfigError(f"No such file or folder: {', '.join(missing)}")
    problems, projects = check_paths(paths)
    for problem in problems:
        print(problem, file=sys.stderr)
    # Each project's message budget; a schedule that cannot fit its cap warns, not fails.
    warnings = 0
    for project in projects:
        budget = project_budget(project)
        print(budget.line())
        warning = budget.warning()
        if warning:
            warnings += 1
            print(warning, file=sys.stderr)
    # The built-in strings: each shipped language's coverage; a broken translation is a problem.
    broken = report_languages(args.locales, paths)
    if problems or broken:
        print(f"{len(problems) + broken} problem(s) found.", file=sys.stderr)
        return 1
    if warnings:
        print(f"Valid, with {warnings} warning(s): {', '.join(paths)}")
        return 0
    print(f"All good: {', '.join(paths)}")
    return 0


def _diagram(args: argparse.Namespace) -> int:
    from conversations.dialogue.diagram import to_mermaid
    from conversations.dialogue.script import ScriptError, builtin_names, builtin_script
    from conversations.projects import ProjectError, load_project, load_script

    target = Path(args.script)
    try:
        if target.is_file():
            text = target.read_text(encoding="utf-8")
            is_project = "invite_code:" in text
            script = load_project(target).dialogue if is_project else load_script(target)
        elif args.script in builtin_names():
            script = builtin_script(args.script)
        else:
            raise ConfigError(
                f"{args.script} is neither a file nor a built-in script"
                f" ({', '.join(builtin_names())})."
            )
    except (ScriptError, ProjectError) as exc:
        raise ConfigError(str(exc)) from None
    print(to_mermaid(script), end="")
    return 0


def _export(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from conversations.export.request import (
        REPORTS,
        ExportError,
        ExportRequest,
        day_start,
        find_project,
        output_paths,
        parse_cohort,
        tables_named,
    )

    settings = load_settings()
    try:
        project = find_project(settings.projects_dir, args.project)
        zone = ZoneInfo(project.timezone)
        request = ExportRequest(
            project,
            tables_named(args.table),
            args.format,
            since=day_start(args.since, zone),
            until=day_start(args.until, zone, after=True),
            cohort=parse_cohort(args.cohort),
            identified=args.identified,
            language=args.language,
        )
        if args.language != "en" and args.format not in REPORTS:
            raise ExportError(LANGUAGE_TABLES)
        if args.identified and args.format in REPORTS:
            raise ExportError(IDENTIFIED_REPORT)
        targets = output_paths(project.id, request.tables, args.format, args.output)
    except ExportError as exc:
        raise ConfigError(str(exc)) from None
    if not settings.uses_postgres and not Path(settings.database_path).is_file():
        raise ConfigError(
            f"There is no database at {settings.database_path} (DATABASE_URL): nothing to export."
        )
    database = settings.database_target  # a SQLite file, or a PostgreSQL server's URL
    if args.format in REPORTS:
        path = next(iter(targets.values()))
        return _write_report(database, request, path, settings.make_clock())
    return _write_tables(database, request, targets)


def _say(line: str) -> None:
    """A progress line on standard error (standard output may carry the export itself)."""
    print(line, file=sys.stderr, flush=True)


LANGUAGE_TABLES = (
    "--language chooses the summary report's language (--format md or html); tables keep"
    " their column names, with each resident's language in a language column."
)
IDENTIFIED_REPORT = (
    "The summary report never names anyone (quotes appear under pseudonyms): leave out"
    " --identified, or export the participants table with it."
)


def _write_report(database: str, request: ExportRequest, path: Path | None, clock: Clock) -> int:
    from conversations.i18n.catalogues import shipped
    from storage.report import write_report

    assert path is not None  # a report always goes to a file (output_paths says so)
    if shipped().resolve(request.language) != request.language.replace("-", "_").split("_")[0]:
        print(
            f"No translation for {request.language!r}: the report is in English.", file=sys.stderr
        )
    asyncio.run(write_report(database, request, path, _say, clock))
    print(f"summary report -> {path}", file=sys.stderr)
    return 0


def _write_tables(database: str, request: ExportRequest, targets: dict[str, Path | None]) -> int:
    from conversations.export.progress import ExportProgress, Progress, ProgressBar
    from storage.export import export_to_files

    # A bar on a terminal; plain lines now and then in CI logs and pipes.
    progress: ExportProgress = ProgressBar(sys.stderr) if sys.stderr.isatty() else Progress(_say)
    counts = asyncio.run(
        export_to_files(database, request, targets, stdout=sys.stdout, progress=progress)
    )
    for table, path in targets.items():
        where = "standard output" if path is None else str(path)
        print(f"{table}: {counts[table]:,} rows -> {where}", file=sys.stderr)
    if request.identified:
        print(
            "participants.first_name holds first names only of residents who agreed to be"
            " named; share this file only inside the project team.",
            file=sys.stderr,
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="tandem",
        description="Tandem: a Telegram bot for co-designing public services with residents.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run",
        help="run the bot (the default)",
        description="Run the bot. Settings come from the environment or .env (see .env.example).",
    )
    run.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates by webhook at WEBHOOK_URL instead of polling",
    )
    run.set_defaults(handler=_run, webhook=False)
    sandbox = commands.add_parser(
        "sandbox",
        help="try Tandem in a browser, without Telegram",
        description="Run the real bot against a local stand-in for Telegram and serve a chat"
        " page (http://127.0.0.1:8080) where you play residents, a facilitator and a"
        " coordinator, and jump the clock to rehearse diary prompts. Nothing reaches"
        " Telegram; data go to a throwaway database unless --database is given.",
    )
    sandbox.add_argument("--port", type=int, default=8080, help="port of the page (default 8080)")
    sandbox.add_argument(
        "--database", type=Path, metavar="PATH", help="keep the data in this SQLite file"
    )
    sandbox.set_defaults(handler=_sandbox)
    validate = commands.add_parser(
        "validate",
        help="check project files without starting the bot",
        description="Check project YAML files (or folders of them) and report every problem"
        " with its file, field or step, and reason; then each language's share of the built-in"
        " strings, naming every broken translation, and of each project's texts, naming every"
        " missing one. Exit code 1 if any problem.",
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="project files or folders (default: PROJECTS_DIR)"
    )
    validate.add_argument(
        "--locales",
        type=Path,
        default=LOCALES,
        metavar="DIR",
        help="the translations folder (default: built in)",
    )
    validate.set_defaults(handler=_validate)
    diagram = commands.add_parser(
        "diagram",
        help="print a dialogue script as a Mermaid flowchart",
        description="Print a dialogue as a Mermaid flowchart (paste it into any Mermaid"
        " viewer). SCRIPT is a script file, a project file, or a built-in name.",
    )
    diagram.add_argument("script", metavar="SCRIPT")
    diagram.set_defaults(handler=_diagram)
    from conversations.export.request import FORMATS as EXPORT_FORMATS
    from conversations.export.request import TABLES as EXPORT_TABLES

    export = commands.add_parser(
        "export",
        help="export a project's data (CSV, JSON Lines, XLSX) or its summary report (md, html)",
        description="Export one project's data for the wider team: participants, dialogue"
        " answers, ideas, diary entries, poll votes (and their history) and follow-ups,"
        " check-in answers, and the updates sent with how many they reached. Residents"
        " appear only under their pseudonym (e.g. P-7F3K); erased residents are absent."
        " Cells a spreadsheet would run as formulas start with a quote (CSV, XLSX). XLSX is"
        " one workbook with a sheet per table. --format md or html writes the summary report"
        " instead: who took part, themes and quotes (only from residents who agreed to be"
        " quoted), journeys, polls, check-in trends and updates, readable by anyone. Reads"
        " the database directly; the bot may keep running.",
    )
    export.add_argument("project", metavar="PROJECT", help="the project id")
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="csv",
        help="csv (default), jsonl, xlsx, or the summary report as md or html",
    )
    export.add_argument(
        "--table",
        choices=(*EXPORT_TABLES, "all"),
        default="all",
        help="one table, or all (the default: one file each, or one sheet each in XLSX)",
    )
    export.add_argument("--since", metavar="DATE", help="from this day (YYYY-MM-DD, inclusive)")
    export.add_argument("--until", metavar="DATE", help="to this day (YYYY-MM-DD, inclusive)")
    export.add_argument(
        "--cohort", metavar="TARGET", help="only tag:NAME or joined:CODE participants"
    )
    export.add_argument(
        "--output",
        metavar="PATH",
        help="a file (one table, or the XLSX workbook), a folder, or - for standard output"
        " (default: this folder, PROJECT-TABLE.FORMAT or PROJECT.xlsx)",
    )
    export.add_argument(
        "--identified",
        action="store_true",
        help="add a first_name column to participants: names only of residents who chose"
        " 'use my first name too' (everyone else stays a pseudonym); not for reports",
    )
    export.add_argument(
        "--language",
        default="en",
        metavar="CODE",
        help="the language the summary report is written in, e.g. cy (default en); a language"
        " without a translation falls back to English word by word",
    )
    export.set_defaults(handler=_export)
    register_translations(commands)
    register_db(commands)
    parser.set_defaults(handler=_run, webhook=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, run, and turn configuration problems into one clear line."""
    args = build_parser().parse_args(argv)
    handler: Command = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        print(f"tandem: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
