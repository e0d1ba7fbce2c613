"""Cells as exported: media placeholders, formulas defused, text a workbook can hold."""

from __future__ import annotations

import re

MEDIA = {"voice": "[voice note]", "photo": "[photo]"}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 (so XLSX) cannot hold; tab, line feed and carriage return it can.
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel's limit for one cell.
CELL_LIMIT = 32_767
# Text workbook_text could change, found in one scan (most text isn't, and is written as it is;
# its length is the one other check): a formula start, a carriage return, or unwritable.
MAY_NEED_CLEANING = re.compile(
    "^[" + "".join(map(re.escape, FORMULA_STARTS)) + "]|\r|" + UNWRITABLE.pattern
)


def neutralised(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with a single quote."""
    if isinstance(cell, str):
        return _defused(cell)
    return cell


def _defused(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def workbook_text(text: str) -> str:
    """Text as an XLSX cell holds it: control characters dropped, defused, within the limit.

    A line break is a line feed, as an XML reader makes of CR LF (XlsxWriter keeps a CR).
    """
    if UNWRITABLE.search(text):
        text = UNWRITABLE.sub("", text)
    text = _defused(text)
    if "\r" in text:  # a line break in a cell is a line feed (as XML reads CR LF, or a CR)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    return text
