"""Handler modules; each registers itself on the application."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.handlers import errors, fallback, start


def register_all(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register every handler module; the catch-all fallback goes last."""
    start.register(app)
    errors.register(app)
    fallback.register(app)
