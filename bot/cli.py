"""The `tandem` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence

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
