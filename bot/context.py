"""The typed handler context: every handler reaches Tandem's services through it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.config import Settings
from storage.database import Database

SERVICES_KEY = "tandem.services"


@dataclass
class Services:
    """What handlers need: settings and the database (repositories hang off it)."""

    settings: Settings
    db: Database


class TandemContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with ``services``."""

    @property
    def services(self) -> Services:
        """Tandem's services for this application."""
        return cast(Services, self.application.bot_data[SERVICES_KEY])


CONTEXT_TYPES = ContextTypes(context=TandemContext)


def attach_services(app: Application[Any, Any, Any, Any, Any, Any], services: Services) -> None:
    """Make the services reachable from every handler's context."""
    app.bot_data[SERVICES_KEY] = services
