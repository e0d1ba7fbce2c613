"""Settings from the environment and `.env`; nothing is read at import time."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from conversations.clock import Clock, parse_moment
from storage.sql import is_postgres_url

TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
TELEGRAM_API = "https://api.telegram.org"
BOTFATHER_HINT = (
    "In Telegram, message @BotFather, send /newbot and follow the steps; it replies with a"
    " token like 123456789:AAE..."
)


class ConfigError(Exception):
    """A setting is missing or wrong; the message says what to set and where."""


class Settings(BaseSettings):
    """Tandem's settings (names are part of the interface contract in DESIGN.md)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API
    database_url: str = "sqlite:///data/tandem.sqlite3"
    coordinator_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Europe/London"
    projects_dir: Path = Path("projects")
    broadcast_rate: float = Field(default=25.0, gt=0, le=1000)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    log_level: str = "INFO"
    # The staff dashboard's public base URL (e.g. https://tandem.example.org/dashboard);
    # unset, there is no dashboard. In polling mode it listens on DASHBOARD_HOST:PORT.
    dashboard_url: str | None = None
    dashboard_host: str = "127.0.0.1"
    dashboard_port: int = Field(default=8081, ge=0, le=65535)
    # Rehearsals and tests only: the clock starts at this moment (or stands at it when
    # CLOCK_FROZEN); unset in production, where the clock is real time.
    clock_start: datetime | None = None
    clock_frozen: bool = False

    @field_validator("coordinator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(re.fullmatch(r"-?\d+", p) for p in parts):
                raise ValueError("must be Telegram user ids separated by commas, e.g. 1234,5678")
            return frozenset(int(p) for p in parts)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        if not re.match(r"^https?://", value):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("dashboard_url")
    @classmethod
    def _dashboard_base(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.match(r"^https?://[^/?#]+(/[^?#]*)?$", value.strip()):
            raise ValueError(
                "must be the dashboard's address, e.g. https://tandem.example.org/dashboard"
            )
        return value.strip().rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not a time zone name; use an IANA name such as Europe/London"
            ) from None
        return value

    @field_validator("clock_start", mode="before")
    @classmethod
    def _aware_moment(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_moment(value) if value.strip() else None
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not is_postgres_url(value):
            database_path(value)
        return value

    @property
    def token(self) -> str:
        """The bot token; raises ConfigError with set-up help when missing or malformed."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set. "
                + BOTFATHER_HINT
                + " Then put TELEGRAM_BOT_TOKEN=<token> in .env (copy .env.example) or the"
                " environment."
            )
        token = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_SHAPE.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then 30 or"
                " more letters, digits, - or _). Copy it again from @BotFather into .env."
            )
        return token

    @property
    def database_path(self) -> str:
        """The SQLite file path named by DATABASE_URL (ConfigError on PostgreSQL)."""
        if self.uses_postgres:
            raise ConfigError("DATABASE_URL names a PostgreSQL server, not a SQLite file")
        return database_path(self.database_url)

    @property
    def uses_postgres(self) -> bool:
        """Whether DATABASE_URL names a PostgreSQL server."""
        return is_postgres_url(self.database_url)

    @property
    def database_target(self) -> str:
        """What Database.open takes: the SQLite file's path, or the PostgreSQL URL."""
        return self.database_url if self.uses_postgres else self.database_path

    @property
    def zone(self) -> ZoneInfo:
        """The default time zone for projects and residents."""
        return ZoneInfo(self.timezone)

    @property
    def dashboard_path(self) -> str:
        """The path the dashboard is served under ("" at the root of its host)."""
        return urlsplit(self.dashboard_url or "").path.rstrip("/")

    @property
    def dashboard_secure(self) -> bool:
        """Whether the dashboard is reached over https (its cookie is then Secure)."""
        return (self.dashboard_url or "").startswith("https://")

    def make_clock(self) -> Clock:
        """The clock the bot runs on: real time unless CLOCK_START sets a moment."""
        if self.clock_start is None:
            return Clock()
        return Clock(self.clock_start, frozen=self.clock_frozen)

    def webhook_secret_token(self) -> str:
        """The secret Telegram sends with each webhook call (derived from the token if unset)."""
        if self.webhook_secret is not None and self.webhook_secret.get_secret_value():
            return self.webhook_secret.get_secret_value()
        return hashlib.sha256(("tandem-webhook:" + self.token).encode()).hexdigest()[:48]


def database_path(url: str) -> str:
    """Turn ``sqlite:///relative.db`` or ``sqlite:////absolute.db`` into a file path."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or len(url) == len(prefix):
        raise ValueError(
            "must be a SQLite URL such as sqlite:///data/tandem.sqlite3 (relative path) or"
            " sqlite:////var/lib/tandem/tandem.sqlite3 (absolute path), or a PostgreSQL URL"
            " such as postgresql://tandem:secret@db.example.org/tandem"
        )
    return url[len(prefix) :]


def load_settings(env_file: str | None = ".env", **overrides: object) -> Settings:
    """Read settings, turning validation errors into one clear ConfigError sentence each."""
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[arg-type, call-arg]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "a setting"
            reason = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{name} {reason}. Set it in .env or the environment.")
        raise ConfigError(" ".join(lines)) from None
