"""Staff export words in the coordinator's language: captions with real plurals, Babel dates."""

from __future__ import annotations

from datetime import date

import pytest

from bot.export_delivery import caption
from bot.exports import ExportAsk
from conversations.i18n.catalogues import shipped
from conversations.i18n.words import Words
from conversations.projects import load_project
from tests.conftest import ROOT

NORTHFIELD = load_project(ROOT / "projects" / "example.yaml")
WELSH = Words(shipped(), "cy")


@pytest.mark.parametrize(
    ("rows", "said"), [(1, "answers 1 rhes"), (2, "answers 2 res"), (3, "answers 3 rhes")]
)
def test_the_caption_counts_rows_as_welsh_plurals(rows: int, said: str) -> None:
    asked = ExportAsk(NORTHFIELD, "csv", since="2025-03-02", language="cy")
    text = caption(asked, {"answers": rows}, date(2025, 3, 4), WELSH)
    assert f"Yn cynnwys: {said}." in text
    assert "ar 4 Maw 2025" in text and "Dyddiadau: o 2 Maw 2025" in text  # Babel's Welsh dates
    assert "row" not in text


def test_the_caption_in_english_keeps_thousands_and_plurals() -> None:
    english = Words(shipped(), "en")
    text = caption(
        ExportAsk(NORTHFIELD, "xlsx"), {"answers": 150_000, "ideas": 1}, date(2025, 3, 4), english
    )
    assert "answers 150,000 rows, ideas 1 row." in text and "exported 4 Mar 2025" in text
