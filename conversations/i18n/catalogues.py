"""Every language's built-in strings, rendered by key: English from the catalogue, the rest
from the PO files shipped in conversations/locales (LANG/LC_MESSAGES/tandem.po)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from conversations.i18n.plurals import UnknownLanguage, form_index, locale
from conversations.i18n.po import DOMAIN, Translation, problems_with, read, translations_in
from conversations.i18n.source import SourceMessage, english_messages
from conversations.texts_by_language import Text

SOURCE = "en"
LOCALES = Path(__file__).resolve().parent.parent / "locales"


def po_path(folder: Path, lang: str) -> Path:
    """Where a language's PO file lives under a locales folder."""
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass
class Language:
    """One translated language: the translations it can use, and what is wrong with the rest."""

    code: str
    usable: dict[str, Translation] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    out_of_date: list[str] = field(default_factory=list)

    def coverage(self, total: int) -> str:
        """A line like "cy: 42 of 310 strings (14%)", with what is out of date or broken."""
        share = 100 * len(self.usable) // total if total else 0
        line = f"{self.code}: {len(self.usable)} of {total} strings ({share}%)"
        extra = [f"{len(v)} {k}" for k, v in (("out of date", self.out_of_date),) if v]
        extra += [f"{len(self.broken)} broken"] if self.broken else []
        return line + (f"; {', '.join(extra)}" if extra else "")


def sort_out(
    code: str, found: Mapping[str, Translation], english: Mapping[str, SourceMessage]
) -> Language:
    """Split a language's translations into usable, broken and out of date ones."""
    language = Language(code)
    for key, translation in found.items():
        source = english.get(key)
        if source is None or translation.empty:
            continue  # a string Tandem no longer has, or one not translated yet
        problems = problems_with(code, translation, source)
        if problems:
            language.broken += problems
        elif translation.fuzzy or translation.source != source.forms:
            language.out_of_date.append(key)
        else:
            language.usable[key] = translation
    return language


class Catalogues:
    """Built-in strings in every shipped language; English where a translation is missing."""

    def __init__(
        self, languages: Mapping[str, Language], english: Mapping[str, SourceMessage]
    ) -> None:
        self.english = dict(english)
        self.languages = dict(languages)

    @classmethod
    def load(cls, folder: Path = LOCALES) -> Catalogues:
        """Read every LANG/LC_MESSAGES/tandem.po under the folder (Babel's PO reader)."""
        english = english_messages()
        languages: dict[str, Language] = {}
        for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            code = path.parent.parent.name
            if code == SOURCE:
                continue
            try:
                locale(code)
            except UnknownLanguage as exc:
                languages[code] = Language(code, broken=[str(exc)])
                continue
            with path.open("rb") as file:
                languages[code] = sort_out(code, translations_in(read(file)), english)
        return cls(languages, english)

    def resolve(self, lang: str | None) -> str:
        """The shipped language to use for a code like cy, cy_GB or cy-GB (else English)."""
        if not lang:
            return SOURCE
        code = lang.replace("-", "_")
        for candidate in (code, code.split("_")[0].lower()):
            if candidate in self.languages:
                return candidate
        return SOURCE

    def _render(self, lang: str | None, key: str, n: int | None, args: dict[str, Any]) -> str:
        source = self.english[key]  # KeyError: no such built-in string (a programming error)
        if source.plural != (n is not None):
            raise KeyError(f"{key} is {'' if source.plural else 'not '}a plural message")
        code = self.resolve(lang)
        done = self.languages[code].usable.get(key) if code != SOURCE else None
        if done is not None:
            try:
                return done.forms[form_index(code, n) if n is not None else 0].format(**args)
            except (KeyError, ValueError, IndexError, AttributeError):
                pass  # a form the checks could not catch ({title!z}): English rather than a crash
        return source.forms[form_index(SOURCE, n) if n is not None else 0].format(**args)

    def render(self, lang: str | None, key: str, **args: Any) -> str:
        """The string in the language (English if it has no translation), formatted."""
        return self._render(lang, key, None, args)

    def render_plural(self, lang: str | None, key: str, n: int, **args: Any) -> str:
        """The form the number n takes in the language (CLDR rules); {count} is n."""
        return self._render(lang, key, n, {"count": n, **args})

    def coverage(self) -> list[str]:
        """One line per shipped language: how many strings it translates."""
        total = len(self.english)
        return [self.languages[code].coverage(total) for code in sorted(self.languages)]

    def broken(self) -> list[str]:
        """Every shipped translation that cannot be used, with why."""
        return [
            f"{code}: {p}" for code in sorted(self.languages) for p in self.languages[code].broken
        ]


@lru_cache(maxsize=1)
def shipped() -> Catalogues:
    """The catalogues shipped with Tandem, read once."""
    return Catalogues.load()


def shipped_text(key: str) -> Text:
    """A built-in message as a project's own ``Text``: English, then every shipped language
    that translates it (a default a project file may override, such as the diary's words)."""
    catalogues = shipped()
    texts = {SOURCE: catalogues.render(SOURCE, key)}
    for code in sorted(catalogues.languages):
        if key in catalogues.languages[code].usable:
            texts[code] = catalogues.render(code, key)
    return Text(texts)
