"""What people said to one question, tallied as it streams past: kinds, choices, themes, quotes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from conversations.report.themes import Quote, QuotePool, Theme, ThemeTally, lexicon, phrases

THEMES_SHOWN = 8
QUOTES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class LanguageThemes:
    """The written answers in one language: how many, and their top themes."""

    lang: str
    written: int
    themes: tuple[Theme, ...]


@dataclass(frozen=True, slots=True)
class SaidSummary:
    """Answers to one question: how many of each kind, the options chosen, themes and quotes.

    ``themes`` are every language's, most mentioned first; ``languages`` holds them per
    language (most written first), each counted apart with its own stop words and stems.
    """

    answers: int
    written: int
    voice: int
    photo: int
    skipped: int
    choices: dict[str, int]
    themes: tuple[Theme, ...]
    quotes: tuple[Quote, ...]
    languages: tuple[LanguageThemes, ...] = ()


class Said:
    """Tallies answers one at a time in bounded memory (see themes.py)."""

    def __init__(self, seed: str) -> None:
        self._kinds: Counter[str] = Counter()
        self._choices: Counter[str] = Counter()
        self._themes: dict[str, ThemeTally] = {}
        self._pool = QuotePool(seed)

    def add(
        self, kind: str, value: str | None, quotable_as: str | None = None, language: str = "en"
    ) -> None:
        """One answer: ``quotable_as`` is the pseudonym if its author agreed to be quoted.

        Voice notes and photos are counted, never analysed or quoted; a choice counts
        towards its option. Words are themed in the answer's ``language``.
        """
        self._kinds[kind] += 1
        if kind == "choice" and value is not None:
            self._choices[value] += 1
        if kind != "text" or not value:
            return
        tally = self._themes.get(language)
        if tally is None:
            tally = self._themes[language] = ThemeTally(lex=lexicon(language))
        found = phrases(value, tally.lexicon)
        tally.add(found.values())
        if quotable_as is not None:
            self._pool.offer(quotable_as, value, found.keys(), tally.lexicon.lang)

    def summary(self, themes: int = THEMES_SHOWN, quotes: int = QUOTES_SHOWN) -> SaidSummary:
        """The tally so far: the top themes, and quotes carrying them."""
        kinds = self._kinds
        languages = sorted(
            (
                LanguageThemes(lang, t.answers, tuple(t.themes(themes)))
                for lang, t in self._themes.items()
            ),
            key=lambda group: (-group.written, group.lang),
        )
        top = sorted((t for group in languages for t in group.themes), key=lambda t: -t.count)
        return SaidSummary(
            answers=sum(n for kind, n in kinds.items() if kind != "skipped"),
            written=kinds["text"],
            voice=kinds["voice"],
            photo=kinds["photo"],
            skipped=kinds["skipped"],
            choices=dict(self._choices),
            themes=tuple(top),
            quotes=tuple(self._pool.pick(top, quotes)),
            languages=tuple(languages),
        )
