"""What staff read while giving their words in each of a project's languages."""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale, UnknownLocaleError

from conversations.i18n.words import Words


def language_name(code: str, in_lang: str) -> str:
    """A language's name as a reader of ``in_lang`` says it: Welsh, Cymraeg, Saesneg."""
    try:
        name = Locale.parse(code, sep="-").get_display_name(Locale.parse(in_lang, sep="-"))
    except (UnknownLocaleError, ValueError):
        return code
    return (name or code)[:1].upper() + (name or code)[1:]


def missing_lines(missing: Sequence[str], languages: Sequence[str], words: Words) -> list[str]:
    """One line per language something is not written in: its readers get the default's."""
    if not missing:
        return []
    default = language_name(languages[0], words.lang)
    return [
        words.say("LANGUAGE_MISSING", language=name, default=default)
        for name in (language_name(lang, words.lang) for lang in missing)
    ]
