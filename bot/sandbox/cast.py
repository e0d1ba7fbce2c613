"""Who can be played in the sandbox: a few residents (one Welsh-, one Arabic-speaking), a
facilitator and a coordinator."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a sandbox person is to the bot (the facilitator is appointed at start)."""

    RESIDENT = "resident"
    FACILITATOR = "facilitator"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class Person:
    """One pretend Telegram user whose phone the page can show."""

    user_id: int
    name: str
    role: Role
    colour: str  # the avatar colour, as Telegram gives each contact one
    language: str = "en"  # their Telegram app's language, sent with each update

    @property
    def key(self) -> str:
        """A short stable name for URLs (``#amira``)."""
        return self.name.lower()

    def as_json(self) -> dict[str, object]:
        """The fields the page shows."""
        return {
            "id": self.user_id,
            "key": self.key,
            "name": self.name,
            "role": self.role.value,
            "colour": self.colour,
            "language": self.language,
        }


# Ids far from the ones tests use, so a sandbox database never mixes with test fixtures.
DEFAULT_CAST: tuple[Person, ...] = (
    Person(710_001, "Amira", Role.RESIDENT, "#e17076"),
    Person(710_002, "Ben", Role.RESIDENT, "#7bc862"),
    Person(710_003, "Chloe", Role.RESIDENT, "#65aadd"),
    Person(710_004, "Gwen", Role.RESIDENT, "#a695e7", language="cy"),
    Person(710_005, "Yusuf", Role.RESIDENT, "#6ec9cb", language="ar"),
    Person(720_001, "Fatima", Role.FACILITATOR, "#ee7aae"),
    Person(730_001, "Colin", Role.COORDINATOR, "#faa774"),
)


def find(cast: tuple[Person, ...], user_id: int) -> Person | None:
    """The cast member with this Telegram user id."""
    return next((person for person in cast if person.user_id == user_id), None)
