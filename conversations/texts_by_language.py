"""A project's own words in one or more languages: a plain string, or {en: "...", cy: "..."}.

``Text`` is a ``str`` (the first language's words), so code that only shows staff the
default language reads it as before; ``.in_(lang)`` gives a resident their language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from conversations.languages import check_language

MUST_BE = 'must be words, or words per language like {en: "...", cy: "..."}'


class Text(str):
    """Words a resident reads: one text for every language, or one per language code."""

    _texts: dict[str, str]

    def __new__(cls, value: str | Mapping[str, str]) -> Text:
        texts = dict(value) if isinstance(value, Mapping) else {}
        first = next(iter(texts.values()), "") if texts else str(value)
        made = super().__new__(cls, first)
        made._texts = texts
        return made

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages given; empty for a plain string (one text for a one-language project)."""
        return tuple(self._texts)

    def in_(self, lang: str | None = None, default: str | None = None) -> str:
        """The words in ``lang``, else in ``default`` (the project's), else the first given."""
        if not self._texts:
            return str(self)
        for code in (lang, default):
            if code is not None and code in self._texts:
                return self._texts[code]
        return str(self)

    def missing(self, languages: Sequence[str]) -> list[str]:
        """The listed languages this text has no words for (a plain string counts as the first)."""
        if not self._texts:
            return list(languages[1:])
        return [code for code in languages if code not in self._texts]

    def each(self, check: Callable[[str], str]) -> Text:
        """The same text with ``check`` applied to every language's words (it may raise)."""
        if not self._texts:
            return Text(check(str(self)))
        return Text({code: check(words) for code, words in self._texts.items()})

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self._texts or str(self),))

    def ordered(self, languages: Sequence[str]) -> Text:
        """The same text with the listed languages first, in order: the first is the default."""
        if not self._texts:
            return self
        first = [code for code in languages if code in self._texts]
        return Text({code: self._texts[code] for code in [*first, *self._texts]})

    @classmethod
    def validate(cls, value: Any, info: core_schema.ValidationInfo) -> Text:
        """Parse, and put the project's languages first when validation is given them."""
        text = cls.parse(value)
        context = info.context if isinstance(info.context, Mapping) else {}
        languages = context.get("languages")
        return text.ordered(languages) if languages else text

    @classmethod
    def parse(cls, value: Any) -> Text:
        """A Text from YAML: a string, or a mapping of language codes to strings."""
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, bool):
            # YAML 1.1 reads Yes/No/On/Off as true/false, which surprises everyone once.
            raise ValueError(
                "must be text: put it in quotes (YAML reads Yes, No, On and Off as true/false)"
            )
        if not isinstance(value, Mapping) or not value:
            raise ValueError(MUST_BE)
        texts: dict[str, str] = {}
        for code, words in value.items():
            if not isinstance(code, str):
                raise ValueError(f"{code!r} is not a language code: put it in quotes, like 'no'")
            check_language(code)
            if not isinstance(words, str):
                raise ValueError(f"the {code} text must be words")
            texts[code] = words
        return cls(texts)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(
            cls.validate, serialization=core_schema.plain_serializer_function_ser_schema(_dump)
        )


def _dump(value: Text) -> str | dict[str, str]:
    return dict(value._texts) if value._texts else str(value)


# A stored Text with several languages is this prefix and its JSON object; any other stored
# string (every row written before languages, any one-language text) is the words themselves.
_STORED = "text/json:"


def to_stored(text: str) -> str:
    """A text as one database string: its words, or per-language words (``from_stored`` reads)."""
    if isinstance(text, Text) and text._texts:
        return _STORED + json.dumps(text._texts, ensure_ascii=False)
    return str(text)


def from_stored(value: str) -> Text:
    """The Text a ``to_stored`` string holds (a plain string is one text for every language)."""
    if value.startswith(_STORED):
        try:
            return Text.parse(json.loads(value[len(_STORED) :]))
        except ValueError:  # JSONDecodeError is one; a damaged row reads as its raw words
            pass
    return Text(value)


def uncovered(
    found: Iterable[tuple[str, Text | None]], languages: Sequence[str]
) -> Iterator[tuple[str, str]]:
    """(where, language) for every text below that lacks words in a listed language."""
    for where, text in found:
        if text is None:
            continue
        for code in text.missing(languages):
            yield where, code
