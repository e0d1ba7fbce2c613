"""The languages a project runs in: BCP 47 codes, their own names, and who gets which."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from babel import Locale, UnknownLocaleError

# language[-Script][-REGION]: en, cy, en-GB, pt-BR, zh-Hant, es-419.
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$")


def check_language(code: str) -> str:
    """The code as given, if it is a BCP 47 language tag Babel knows; ValueError says why."""
    if not BCP47.match(code):
        raise ValueError(f"{code!r} is not a language code like en, cy or pt-BR")
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"{code!r} is not a language Tandem knows (try en, cy, pl)") from None
    return code


def check_languages(codes: Any) -> tuple[str, ...]:
    """A project's ``languages`` as read from YAML: a list of valid codes, none twice.

    The first is the default; left out or empty, the project runs in English.
    """
    if codes is None:
        return ("en",)
    if not isinstance(codes, list | tuple):
        raise ValueError("must be a list of language codes, like [en, cy]")
    if not codes:
        raise ValueError("list at least one language, like [en]; the first is the default")
    if any(isinstance(code, bool) for code in codes):
        # YAML reads a bare no (Norwegian) as false.
        raise ValueError('a code was read as yes/no: put quotes around it, like "no"')
    found = tuple(check_language(str(code)) for code in codes)
    twice = sorted({code for code in found if found.count(code) > 1})
    if twice:
        raise ValueError(f"{', '.join(twice)} is listed more than once")
    return found


def own_name(code: str) -> str:
    """The language's name in itself: Cymraeg, English, Polski."""
    locale = Locale.parse(code, sep="-")
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def from_telegram(language_code: str | None, languages: Sequence[str]) -> str:
    """The project language for a Telegram ``language_code`` (en-GB → en), else the default."""
    if language_code:
        wanted = language_code.replace("_", "-").lower()
        primary = wanted.split("-")[0]
        by_lower = {code.lower(): code for code in languages}
        if wanted in by_lower:
            return by_lower[wanted]
        if primary in by_lower:
            return by_lower[primary]
        for code in languages:
            if code.split("-")[0].lower() == primary:
                return code
    return languages[0]


def spoken(stored: str, languages: Sequence[str]) -> str:
    """The language to use: the stored one while the project still lists it, else the default."""
    return stored if stored in languages else languages[0]
