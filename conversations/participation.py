"""Who takes part and how: people, their participation in projects, and roles."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum

# No 0/O or 1/I: pseudonyms get read aloud and typed into spreadsheets.
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class Role(StrEnum):
    """What someone may do; each role includes the ones before it."""

    RESIDENT = "resident"
    FACILITATOR = "facilitator"
    COORDINATOR = "coordinator"


ROLE_RANK = {Role.RESIDENT: 0, Role.FACILITATOR: 1, Role.COORDINATOR: 2}


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who consented to at least one project."""

    id: int
    telegram_id: int
    first_name: str | None
    current_project: str | None
    paused: bool


@dataclass(frozen=True, slots=True)
class Participant:
    """A person's place in one project."""

    id: int
    person_id: int
    project_id: str
    pseudonym: str
    joined_via: str
    consent_version: int
    consented_at: float
    may_quote: bool | None
    status: str
    language: str = "en"  # a BCP 47 code from the project's languages

    @property
    def active(self) -> bool:
        """Still taking part (has not left)."""
        return self.status == "active"


def new_pseudonym() -> str:
    """A short, stable-looking, unguessable label such as P-7F3K."""
    return "P-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(4))


def new_invite_code() -> str:
    """A one-time code for a staff invite link (fits Telegram's start parameter)."""
    return secrets.token_urlsafe(12).replace("-", "x").replace("_", "y")
