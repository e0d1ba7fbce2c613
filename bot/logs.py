"""Logging set-up: tokens never reach a log line, tracebacks included."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{30,}")


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then blanks anything shaped like a bot token."""

    def format(self, record: logging.LogRecord) -> str:
        """Format the record with tokens replaced by [token]."""
        return _TOKEN.sub("[token]", super().format(record))


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr; quiet the HTTP client, whose request lines carry the token in the URL."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
