"""Translations as gettext PO files (Babel reads and writes them).

Each entry's msgctxt is the stable key, its msgid the English source (what a translator's
tool shows), its msgstr the translation: one form, or one per CLDR plural category of the
language. An entry whose msgid no longer matches the English is out of date: it is kept in
the file for the translator but not used, as gettext does with fuzzy entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from conversations.i18n.plurals import locale, plural_forms_header, plural_tags
from conversations.i18n.source import SourceMessage, placeholders

DOMAIN = "tandem"
HEADER = (
    "Tandem's built-in strings{language}.\n"
    "Source: English, from conversations/catalogue/. msgctxt is the stable key;\n"
    "msgid is the English; translate msgstr and keep every {{name}} as it is."
)


@dataclass(frozen=True)
class Translation:
    """One translated entry: its key, the English it was made from, and its forms."""

    key: str
    source: tuple[str, ...]
    forms: tuple[str, ...]
    fuzzy: bool = False

    @property
    def empty(self) -> bool:
        """Not translated at all."""
        return not any(self.forms)


# The placeholders that carry a plural message's number.
COUNT_NAMES = frozenset({"count", "number"})


def problems_with(lang: str, translation: Translation, english: SourceMessage) -> list[str]:
    """What is wrong with a translation of this English (empty if it can be used)."""
    key = translation.key
    if english.plural != (len(translation.source) == 2):
        return [f"{key}: the English is {'' if english.plural else 'not '}a plural message"]
    if english.plural:
        tags = plural_tags(lang)
        missing = [tag for tag, form in zip(tags, translation.forms, strict=False) if not form]
        missing += list(tags[len(translation.forms) :])
        if missing:
            return [f"{key}: plural form(s) {', '.join(missing)} missing ({lang} has {len(tags)})"]
    wanted = english.placeholders()
    found: list[str] = []
    for form in translation.forms:
        try:
            names = placeholders(form)
        except ValueError:
            found.append(f"{key}: a {{ or }} is unbalanced (write {{{{ or }}}} for a brace)")
            continue
        # A plural form may spell the number out ("one less", Arabic's "صفّان"), so the number
        # it is chosen by ({count}, or {number}: the count as formatted for the reader) may go
        # unused there.
        required = wanted - COUNT_NAMES if english.plural else wanted
        if not (required <= names <= wanted):
            said = ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"
            source = ", ".join(f"{{{n}}}" for n in sorted(wanted)) or "none"
            found.append(f"{key}: placeholders {said} differ from the English's {source}")
    return found[:1]


def translations_in(catalog: Catalog) -> dict[str, Translation]:
    """The translated entries of a PO catalogue, by key (entries without a key are skipped)."""
    found: dict[str, Translation] = {}
    for message in catalog:
        if not message.id or not message.context:
            continue
        source = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        string = message.string or ""
        forms = (string,) if isinstance(string, str) else tuple(string)
        found[message.context] = Translation(
            message.context, source, tuple(f or "" for f in forms), message.fuzzy
        )
    return found


def read(file: BinaryIO) -> Catalog:
    """A PO file as Babel's catalogue (ValueError-like errors from Babel if it is not one)."""
    return read_po(file, abort_invalid=True)


def language_of(catalog: Catalog) -> str | None:
    """The PO's Language header, or None."""
    return str(catalog.locale) if catalog.locale is not None else catalog.locale_identifier


def build(
    lang: str | None,
    english: Mapping[str, SourceMessage],
    translations: Mapping[str, Translation],
    *,
    now: datetime,
    like: Catalog | None = None,
) -> Catalog:
    """A PO catalogue with every English message and the translation of each, if any.

    `like` is the language's current file: its header comment and translator are kept.
    """
    name = f" in {locale(lang).english_name}" if lang else ""
    header = "\n".join(f"# {line}" for line in HEADER.format(language=name).split("\n"))
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="Tandem",
        version="1",
        header_comment=like.header_comment if like is not None else header,
        last_translator=like.last_translator if like is not None else None,
        language_team=like.language_team if like is not None else None,
        creation_date=now,
        revision_date=now,
        fuzzy=False,
    )
    if lang:
        catalog.mime_headers = [("Plural-Forms", plural_forms_header(lang))]
    count = len(plural_tags(lang)) if lang else 2
    for key, message in english.items():
        done = translations.get(key)
        current = done is not None and done.source == message.forms
        flags = {"python-brace-format"} if message.placeholders() else set()
        if done is not None and not done.empty and (done.fuzzy or not current):
            flags.add("fuzzy")
        if message.plural:
            strings = done.forms if done else ("",) * count
            strings = tuple(strings[:count]) + ("",) * (count - len(strings))
            order = f"Forms in order: {', '.join(plural_tags(lang) if lang else ('one', 'other'))}"
            catalog.add(message.forms, strings, context=key, flags=flags, auto_comments=[order])
        else:
            catalog.add(message.text, done.forms[0] if done else "", context=key, flags=flags)
    return catalog


def add_texts(catalog: Catalog, texts: Iterable[tuple[str, str, str, list[str]]]) -> None:
    """Add entries that are not built-in strings: (key, source, translation, comments) each."""
    for key, source, translation, comments in texts:
        try:
            flags = {"python-brace-format"} if placeholders(source) else set()
        except ValueError:
            flags = set()
        catalog.add(source, translation, context=key, flags=flags, auto_comments=comments)


def write(catalog: Catalog, file: BinaryIO) -> None:
    """Write a catalogue as a PO file."""
    write_po(file, catalog, width=100, ignore_obsolete=True)


def entries(catalog: Catalog) -> Iterable[Message]:
    """The catalogue's messages, without the header entry."""
    return (message for message in catalog if message.id)
