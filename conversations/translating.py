"""What staff read while giving their words in each of a project's languages."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from babel import Locale, UnknownLocaleError

from conversations.i18n.words import Words
from conversations.texts_by_language import Text


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


def in_languages(default: str | None, words: str, others: Mapping[str, str]) -> Text:
    """Words in the default language and any others given (plain when there are none)."""
    if default is None or not others:
        return Text(words)
    return Text({default: words, **others})


def next_to_ask(
    languages: Sequence[str], skipped: Sequence[str], part_of: Callable[[str], str | None]
) -> tuple[str, str] | None:
    """The first further language (not skipped) with a part still to write, and that part."""
    for lang in languages[1:]:
        part = None if lang in skipped else part_of(lang)
        if part is not None:
            return lang, part
    return None


def add_buttons(missing: Sequence[str], words: Words) -> tuple[tuple[str, str, str], ...]:
    """Under a preview: add each language still missing (label, action, argument)."""
    return tuple(
        (words.say("LANGUAGE_ADD", language=language_name(lang, words.lang)), "addlang", lang)
        for lang in missing
    )
