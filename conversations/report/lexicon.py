"""Each language's way from a word to a theme key: its stop words and its stemmer.

Snowball stemmers serve the languages Snowball has (English, Arabic, ...); Welsh, which it
lacks, gets its shipped stop-word list and no stemming. Any other language degrades to
lower-cased words. The themes of each answer language are counted apart (said.py).
"""

from __future__ import annotations

import functools
from typing import Any

import snowballstemmer

from conversations.report.stopwords import stop_words

STEMS_CACHED = 100_000


# Plurals of words ending in -s that Porter 2 leaves apart from their singular ("buse").
_PLURALS_OF_S = {
    "buses": "bus",
    "busses": "bus",
    "minibuses": "minibus",
    "gases": "gas",
    "bonuses": "bonus",
    "viruses": "virus",
    "campuses": "campus",
    "lenses": "lens",
}


class Lexicon:
    """How one language's words become theme keys: its stop words and its stemmer, if any.

    Without a stemmer a word is its own key (Welsh: Snowball has none, and a guess at
    undoing initial mutations would merge different words), so themes are plain words.
    """

    def __init__(
        self,
        lang: str,
        stop: frozenset[str],
        stemmer: Any = None,
        exceptions: dict[str, str] | None = None,
    ) -> None:
        self.lang = lang
        self.stop = stop
        self._stemmer = stemmer
        self._exceptions = exceptions or {}
        self.stems: dict[str, str] = {}
        # A token as split from an answer -> what themes.phrases makes of it (bounded too).
        self.tokens: dict[str, tuple[str, str, bool, bool] | None] = {}

    def stem(self, word: str) -> str:
        """A word's stem, remembered (bounded)."""
        found = self.stems.get(word)
        if found is None:
            if len(self.stems) >= STEMS_CACHED:
                self.stems.clear()
            word_as = self._exceptions.get(word, word)
            found = str(self._stemmer.stemWord(word_as)) if self._stemmer else word_as
            self.stems[word] = found
        return found


def _snowball_name(base: str) -> str | None:
    """Snowball's name for a language code ("english" for en), if it has a stemmer."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(base).get_language_name("en")
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    name = (name or "").casefold()
    return name if name in snowballstemmer.algorithms() else None


@functools.cache
def lexicon(lang: str) -> Lexicon:
    """The lexicon of a language code (cy, cy_GB, ar); built on first use, not at import.

    A language Tandem knows nothing of degrades to lower-cased words: no stop words, no stem.
    """
    base = (lang or "en").replace("-", "_").split("_")[0].lower()
    name = _snowball_name(base)
    stemmer = snowballstemmer.stemmer(name) if name else None
    return Lexicon(base, stop_words(base), stemmer, _PLURALS_OF_S if base == "en" else None)


def stem(word: str) -> str:
    """An English word's stem (Porter 2), with "buses" grouped with "bus"."""
    return lexicon("en").stem(word)
