"""Cells as exported: media as placeholders, formulas defused."""

from __future__ import annotations

MEDIA = {"voice": "[voice note]", "photo": "[photo]"}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def shown(kind: str | None, value: str | None) -> str | None:
    """What a resident sent, with voice notes and photos as placeholders (not file ids)."""
    return MEDIA.get(kind or "", value)


def neutralised(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with a single quote."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell
