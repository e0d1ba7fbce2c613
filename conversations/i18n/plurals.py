"""CLDR plural forms, from Babel's locale data: which form a number takes in a language.

A PO file lists a plural message's forms in CLDR's order (zero, one, two, few, many, other),
keeping only the categories the language has; its Plural-Forms header is Babel's gettext
rendering of the same CLDR rule, so translators' tools and Tandem pick the same form.
"""

from __future__ import annotations

from functools import lru_cache

from babel.core import Locale, UnknownLocaleError
from babel.plural import PluralRule, to_gettext

ORDER = ("zero", "one", "two", "few", "many", "other")


class UnknownLanguage(ValueError):
    """A language code Babel has no locale data for."""


@lru_cache(maxsize=64)
def locale(lang: str) -> Locale:
    """Babel's locale for a code like cy, en, pt_BR or pt-BR (UnknownLanguage if none)."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise UnknownLanguage(f"“{lang}” is not a language code I know (like cy or en)") from None


def _rule(lang: str) -> PluralRule:
    return locale(lang).plural_form


@lru_cache(maxsize=64)
def plural_tags(lang: str) -> tuple[str, ...]:
    """The language's plural categories, in the order its PO forms are listed."""
    tags = _rule(lang).tags
    return tuple(tag for tag in ORDER if tag in tags or tag == "other")


def plural_forms_header(lang: str) -> str:
    """The PO Plural-Forms header for the language, e.g. "nplurals=2; plural=(...);"."""
    return to_gettext(_rule(lang))


def form_index(lang: str, n: int | float) -> int:
    """Which of the language's forms (0-based, in PO order) the number n takes."""
    return plural_tags(lang).index(_rule(lang)(n))
