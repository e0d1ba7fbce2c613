"""Run the emulator standalone: `python -m bot.emulator --port 8081`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from bot.emulator.emulator import DEFAULT_TOKEN, BotApiEmulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.emulator",
        description="Serve an emulated Telegram Bot API on loopback for Tandem tests and "
        "the sandbox. The first output line is EMULATOR_URL=<base url>.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    parser.add_argument("--port", type=int, default=8081, help="port; 0 picks a free one")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="bot token the emulator accepts")
    parser.add_argument("--bot-username", default="tandem_test_bot", help="the bot's @username")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Run until SIGINT or SIGTERM."""
    emulator = BotApiEmulator(token=args.token, bot_username=args.bot_username)
    url = await emulator.start(args.host, args.port)
    print(f"EMULATOR_URL={url}", flush=True)
    print(
        f"Telegram Bot API emulator for @{args.bot_username}: bots use base_url {url}/bot, "
        f"control API at {url}/_emulator/. Stop with Ctrl+C.",
        flush=True,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(serve(args))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
