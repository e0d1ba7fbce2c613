"""The `tandem` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from telegram.error import Conflict, NetworkError

from bot.config import ConfigError, load_settings
from bot.logs import configure_logging

Command = Callable[[argparse.Namespace], int]


def _run(args: argparse.Namespace) -> int:
    from bot.runtime import serve

    settings = load_settings()
    settings.token  # noqa: B018 - fail before any I/O when the token is missing
    configure_logging(settings.log_level)
    try:
        asyncio.run(serve(settings, webhook=args.webhook))
    except Conflict:
        raise ConfigError(
            "Telegram says another copy of this bot is already fetching updates. Stop the other"
            " copy (or remove its webhook) and start again."
        ) from None
    except NetworkError as exc:
        raise ConfigError(
            f"Could not reach the Telegram Bot API at {settings.telegram_api_base_url}"
            f" ({type(exc).__name__}). Check the network or TELEGRAM_API_BASE_URL."
        ) from None
    return 0


def _validate(args: argparse.Namespace) -> int:
    from conversations.projects import validate_paths

    paths = args.paths or [str(load_settings().projects_dir)]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise ConfigError(f"No such file or folder: {', '.join(missing)}")
    problems = validate_paths(paths)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
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
    validate = commands.add_parser(
        "validate",
        help="check project files without starting the bot",
        description="Check project YAML files (or folders of them) and report every problem"
        " with its file, field or step, and reason. Exit code 1 if any.",
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="project files or folders (default: PROJECTS_DIR)"
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
