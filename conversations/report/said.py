"""What people said to one question, tallied as it streams past: kinds, choices, themes, quotes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from conversations.report.themes import Quote, QuotePool, Theme, ThemeTally, phrases

THEMES_SHOWN = 8
QUOTES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class SaidSummary:
    """Answers to one question: how many of each kind, the options chosen, themes and quotes."""

    answers: int
    written: int
    voice: int
    photo: int
    skipped: int
    choices: dict[str, int]
    themes: tuple[Theme, ...]
    quotes: tuple[Quote, ...]


class Said:
    """Tallies answers one at a time in bounded memory (see themes.py)."""

    def __init__(self, seed: str) -> None:
        self._kinds: Counter[str] = Counter()
        self._choices: Counter[str] = Counter()
        self._themes = ThemeTally()
        self._pool = QuotePool(seed)

    def add(self, kind: str, value: str | None, quotable_as: str | None = None) -> None:
        """One answer: ``quotable_as`` is the pseudonym if its author agreed to be quoted.

        Voice notes and photos are counted, never analysed or quoted; a choice counts
        towards its option.
        """
        self._kinds[kind] += 1
        if kind == "choice" and value is not None:
            self._choices[value] += 1
        if kind != "text" or not value:
            return
        found = phrases(value)
        self._themes.add(found.values())
        if quotable_as is not None:
            self._pool.offer(quotable_as, value, found.keys())

    def summary(self, themes: int = THEMES_SHOWN, quotes: int = QUOTES_SHOWN) -> SaidSummary:
        """The tally so far: the top themes, and quotes carrying them."""
        kinds = self._kinds
        top = self._themes.themes(themes)
        return SaidSummary(
            answers=sum(n for kind, n in kinds.items() if kind != "skipped"),
            written=kinds["text"],
            voice=kinds["voice"],
            photo=kinds["photo"],
            skipped=kinds["skipped"],
            choices=dict(self._choices),
            themes=tuple(top),
            quotes=tuple(self._pool.pick(top, quotes)),
        )
