"""Handler modules; each registers itself on the application."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.handlers import (
    account,
    buttons,
    checkins,
    checkins_build,
    cohorts,
    dashboard,
    diary,
    errors,
    export,
    fallback,
    help_command,
    idea_farm,
    ideas,
    ideas_staff,
    join,
    journey,
    language,
    membership,
    offers_staff,
    polls,
    staff,
    suggestions,
    typed,
    update_replies,
    updates,
)


def register_all(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register every handler module; the catch-all fallback goes last."""
    for module in (
        join,
        help_command,
        ideas,
        idea_farm,
        ideas_staff,
        offers_staff,
        account,
        language,
        staff,
        dashboard,
        export,
        diary,
        journey,
        updates,
        update_replies,
        cohorts,
        checkins,
        checkins_build,
        suggestions,
        polls,
        typed,
        buttons,
        membership,
        errors,
    ):
        module.register(app)
    fallback.register(app)
