"""The English source of every built-in string, read from the modules of conversations/catalogue.

The catalogue modules' constants stay the one place the English is written: a string
constant is one message keyed by its name, a pair (one, other) is a plural message, a dict
gives one message per entry ("QUOTING_STATES.anon"), and the command lists give one per
command ("COMMANDS.start"). Nothing here copies the words.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from types import ModuleType

from conversations import catalogue


@dataclass(frozen=True)
class SourceMessage:
    """One English message: its stable key, and its text (one form, or the plural pair)."""

    key: str
    forms: tuple[str, ...]

    @property
    def plural(self) -> bool:
        """Whether the message changes with a number (English: one, other)."""
        return len(self.forms) == 2

    @property
    def text(self) -> str:
        """The singular (or only) English text."""
        return self.forms[0]

    def placeholders(self) -> frozenset[str]:
        """Every {name} the English uses, across its forms."""
        return frozenset().union(*(placeholders(form) for form in self.forms))


def placeholders(text: str) -> frozenset[str]:
    """The {name}s in a str.format template (ValueError if the braces are malformed).

    A bare {} counts too (as the empty name), so it never matches a source that has none.
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _is_plural(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)


def _entries(name: str, value: object) -> list[SourceMessage]:
    if isinstance(value, str):
        return [SourceMessage(name, (value,))]
    if _is_plural(value):
        return [SourceMessage(name, value)]  # type: ignore[arg-type]
    if isinstance(value, dict):
        found: list[SourceMessage] = []
        for sub, text in value.items():
            found += _entries(f"{name}.{sub}", text)
        return found
    if isinstance(value, tuple) and all(_is_plural(pair) for pair in value):
        # Command menus: (command, description); the command itself is not translated.
        return [SourceMessage(f"{name}.{command}", (text,)) for command, text in value]
    return []


def english_messages(
    modules: tuple[ModuleType, ...] = catalogue.MODULES,
) -> dict[str, SourceMessage]:
    """Every built-in English message, by key, module by module in the catalogue's own order.

    A constant name used in two modules is refused (ValueError): a key names one message.
    """
    found: dict[str, SourceMessage] = {}
    where: dict[str, str] = {}
    for module in modules:
        for name, value in vars(module).items():
            if not name.isupper() or name.startswith("_"):
                continue
            if name in where:
                raise ValueError(f"{name} is in both {where[name]} and {module.__name__}")
            where[name] = module.__name__
            for message in _entries(name, value):
                found[message.key] = message
    return found
