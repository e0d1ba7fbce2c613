"""Recurring themes in what people wrote, counted in bounded memory, and quotes that carry them.

A theme is a word or a two-word phrase that comes up in several answers, grouped by its
stem so "bus" and "buses" count together, in the answer's own language (lexicon.py). Each
answer counts once per theme. Counters are pruned when they grow (the rare phrases go), so
memory stays flat however many answers there are; the frequent themes a report shows are
never pruned. Quotes are drawn from a fixed-size, deterministic sample of quotable answers,
choosing those that carry the top themes.
"""

from __future__ import annotations

import random
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from conversations.report.lexicon import STEMS_CACHED, Lexicon, lexicon, stem

__all__ = ["Lexicon", "lexicon", "stem"]  # stem: a word's English theme key, for callers

# Punctuation at either end of a word breaks a phrase; dashes and slashes join two words.
EDGE = string.punctuation + "“”‘’«»…—–¿¡•"
_EDGES = frozenset(EDGE)
MIN_WORD = 3
CAPACITY = 4000  # distinct phrases kept per question before the rarest are pruned
POOL = 60  # quotable answers sampled per question to pick quotes from
QUOTE_MIN, QUOTE_MAX, QUOTE_IDEAL = 12, 240, 110  # characters
ABSORB = 0.9  # a phrase stands for its word when it carries nearly all of its mentions
RECURRING = 2  # a theme needs at least this many answers


@dataclass(frozen=True, slots=True)
class Theme:
    """A word or phrase and how many answers in ``lang`` mention it (``key``: its stemmed form)."""

    label: str
    count: int
    key: str
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class Quote:
    """Words of someone who agreed to be quoted, under their pseudonym only."""

    who: str
    text: str


@dataclass(frozen=True, slots=True)
class Sample:
    """A quotable answer kept as a candidate quote, with the (language, theme key)s it mentions."""

    who: str
    text: str
    keys: frozenset[tuple[str, str]]


def phrases(text: str, lex: Lexicon | None = None) -> dict[str, str]:
    """Stemmed key -> first wording of each word and adjacent two-word phrase (stop words cut).

    A phrase never spans a stop word, a number or punctuation, so "buses in the evening"
    gives no "bus evening". "Council's" counts as "council", "don't" as the stop word "don".
    Words are stemmed and stopped by the answer's language (``lex``, English if None).
    """
    if lex is None:
        lex = lexicon("en")
    # The hottest loop of a large report: str.split is several times faster than a regex
    # with Unicode classes here; what a token stands for is worked out once and remembered
    # (answers repeat their words), so most tokens cost one dictionary look-up.
    found: dict[str, str] = {}
    before = wording = ""
    tokens = lex.tokens
    for token in text.casefold().replace("-", " ").replace("—", " ").replace("/", " ").split():
        read = tokens.get(token, _UNREAD)
        if read is _UNREAD:
            read = _read(token, lex)
        if read is None:
            before = ""  # numbers and stop words break a phrase too
            continue
        key, word, opens, closes = read
        if opens:
            before = ""
        if key not in found:
            found[key] = word
        if before and before != key:
            found.setdefault(f"{before} {key}", f"{wording} {word}")
        before, wording = ("", "") if closes else (key, word)
    return found


_UNREAD = ("", "", False, False)


def _read(token: str, lex: Lexicon) -> tuple[str, str, bool, bool] | None:
    """(stemmed key, word, punctuation before, punctuation after), or None for no word."""
    word = token.strip(EDGE)
    if "'" in word or "’" in word:
        word = word.replace("’", "'").partition("'")[0]
    read = None
    if len(word) >= MIN_WORD and word not in lex.stop:
        if not word.isalpha():
            return None  # numbers, codes: mostly said once, so not remembered
        read = (lex.stem(word), word, token[0] in _EDGES, token[-1] in _EDGES)
    if len(lex.tokens) >= STEMS_CACHED:
        lex.tokens.clear()
    lex.tokens[token] = read
    return read


def key_of(wording: str, lex: Lexicon | None = None) -> str:
    """The stemmed key of a word or phrase as worded."""
    stem_of = (lex or lexicon("en")).stem
    return " ".join(stem_of(word) for word in wording.split(" "))


class ThemeTally:
    """Answers per wording in a counter pruned to its most frequent half when it fills up."""

    def __init__(self, capacity: int = CAPACITY, lex: Lexicon | None = None) -> None:
        self._capacity = capacity
        self._counts: dict[str, int] = {}
        self.lexicon = lex or lexicon("en")
        self.answers = 0

    def add(self, wordings: Iterable[str]) -> None:
        """Count one answer's distinct wordings (one per theme)."""
        self.answers += 1
        counts = self._counts
        for wording in wordings:
            counts[wording] = counts.get(wording, 0) + 1
        if len(counts) > self._capacity:
            self._counts = dict(Counter(counts).most_common(self._capacity // 2))

    def themes(self, limit: int) -> list[Theme]:
        """The top themes, wordings grouped by stem; a phrase absorbs a word it mostly carries."""
        grouped: dict[str, tuple[int, str, int]] = {}  # key -> (count, label, label count)
        lex = self.lexicon
        for wording, count in self._counts.items():
            key = key_of(wording, lex)
            total, label, best = grouped.get(key, (0, wording, 0))
            if count > best or (count == best and wording < label):
                label, best = wording, count
            grouped[key] = (total + count, label, best)
        ranked = sorted(
            (Theme(label, total, key, lex.lang) for key, (total, label, _) in grouped.items()),
            key=lambda t: (-t.count, -t.key.count(" "), t.label),
        )
        chosen: list[Theme] = []
        for theme in ranked:
            if theme.count < RECURRING or len(chosen) == limit:
                break
            words = theme.key.split(" ")
            if len(words) == 1 and any(
                theme.key in c.key.split(" ") and c.count >= ABSORB * theme.count for c in chosen
            ):
                continue
            if len(words) == 2:
                chosen = [
                    c for c in chosen if not (c.key in words and theme.count >= ABSORB * c.count)
                ]
            chosen.append(theme)
        return chosen


class QuotePool:
    """A fixed-size, reproducible random sample (reservoir) of quotable answers."""

    def __init__(self, seed: str, size: int = POOL) -> None:
        self._random = random.Random(seed)
        self._size = size
        self._seen = 0
        self.samples: list[Sample] = []

    def offer(self, who: str, text: str, keys: Iterable[str], lang: str = "en") -> None:
        """Consider an answer of readable length from someone who agreed to be quoted."""
        if not QUOTE_MIN <= len(text) <= QUOTE_MAX + 20:  # cheap first look, before tidying
            return
        self._seen += 1
        slot = len(self.samples)
        if slot >= self._size:
            slot = int(self._random.random() * self._seen)
            if slot >= self._size:
                return
        words = " ".join(text.split())
        if not QUOTE_MIN <= len(words) <= QUOTE_MAX:
            return
        sample = Sample(who, words, frozenset((lang, key) for key in keys))
        if slot < len(self.samples):
            self.samples[slot] = sample
        else:
            self.samples.append(sample)

    def pick(self, themes: Sequence[Theme], count: int) -> list[Quote]:
        """Up to ``count`` different quotes, each carrying a top theme where one can.

        Themes are served in order; among the quotes carrying one, prefer someone not yet
        quoted, then quotes carrying more of the top themes, then a length near the ideal.
        """
        top = {(t.lang, t.key) for t in themes}
        chosen: list[Sample] = []

        def score(sample: Sample) -> tuple[bool, int, int, str]:
            fresh = all(c.who != sample.who for c in chosen)
            return (
                fresh,
                len(sample.keys & top),
                -abs(len(sample.text) - QUOTE_IDEAL),
                sample.text,
            )

        def usable(sample: Sample) -> bool:
            # Not the same words again, nor the same points in other words.
            said = sample.text.casefold()
            return all(c.text.casefold() != said and c.keys != sample.keys for c in chosen)

        for theme in (*themes, None):
            if len(chosen) == count:
                break
            candidates = [
                s
                for s in self.samples
                if usable(s) and (theme is None or (theme.lang, theme.key) in s.keys)
            ]
            while candidates and len(chosen) < count:
                best = max(candidates, key=score)
                chosen.append(best)
                candidates = [s for s in candidates if usable(s)] if theme is None else []
        return [Quote(s.who, s.text) for s in chosen]
