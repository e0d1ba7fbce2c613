"""Tandem's built-in strings in every language: catalogues, CLDR plurals, PO files."""

from conversations.i18n.catalogues import LOCALES, SOURCE, Catalogues, po_path
from conversations.i18n.source import SourceMessage, english_messages
from conversations.i18n.words import Words, english

__all__ = [
    "LOCALES",
    "SOURCE",
    "Catalogues",
    "SourceMessage",
    "Words",
    "english",
    "english_messages",
    "po_path",
]
