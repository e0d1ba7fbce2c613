"""The built-in words in one person's language: what code at every layer renders text with.

Engine and handler code never holds finished English: it takes a ``Words`` for the person
it is writing to and names message keys (constants of conversations/catalogue), so the same
code speaks every shipped language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conversations.i18n.catalogues import SOURCE, Catalogues, shipped


@dataclass(frozen=True)
class Words:
    """The built-in words in one language."""

    catalogues: Catalogues
    lang: str

    def say(self, key: str, **args: Any) -> str:
        """The message ``key`` in this language (English where it has no translation)."""
        return self.catalogues.render(self.lang, key, **args)

    def plural(self, key: str, n: int, **args: Any) -> str:
        """The form of the plural message ``key`` that the number n takes; {count} is n."""
        return self.catalogues.render_plural(self.lang, key, n, **args)


def english() -> Words:
    """The shipped catalogues' English (for the CLI, logs meant for operators, and tests)."""
    return Words(shipped(), SOURCE)
