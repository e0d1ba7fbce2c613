"""Every shipped language covers every built-in string: none missing, broken or out of date.

Shipped means a PO file under conversations/locales/LANG/LC_MESSAGES/. When someone adds or
changes English in conversations/catalogue/, this fails per language and names the keys: export
it (`tandem translations export LANG`), translate them, import it back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from conversations.i18n import LOCALES, english_messages, po_path
from conversations.i18n.catalogues import sort_out
from conversations.i18n.po import Translation, build, read, translations_in, write

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
HOW = "fix with: tandem translations export {lang}, translate, tandem translations import"
SHIPPED = sorted(path.parent.parent.name for path in LOCALES.glob("*/LC_MESSAGES/tandem.po"))


def gaps(folder: Path, lang: str) -> dict[str, list[str]]:
    """Every built-in key the language's PO file does not translate usably, by what is wrong.

    Missing; broken (placeholders that differ from the English, a plural form left empty); or
    out of date (marked fuzzy, or made from English that has changed since).
    """
    english = english_messages()
    with po_path(folder, lang).open("rb") as file:
        found = translations_in(read(file))
    language = sort_out(lang, found, english)  # what Tandem itself would use, and why not
    missing = [key for key in english if key not in found or found[key].empty]
    return {"missing": missing, "broken": language.broken, "out of date": language.out_of_date}


def test_the_shipped_languages_include_welsh_and_arabic() -> None:
    assert {"cy", "ar"} <= set(SHIPPED)


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_built_in_string_has_a_current_translation(lang: str) -> None:
    empty: dict[str, list[str]] = {"missing": [], "broken": [], "out of date": []}
    assert gaps(LOCALES, lang) == empty, HOW.format(lang=lang)


def test_the_check_names_missing_mismatched_incomplete_and_out_of_date_translations(
    tmp_path: Path,
) -> None:
    # The shipped Welsh, with five entries spoiled the ways the check must catch.
    english = english_messages()
    with po_path(LOCALES, "cy").open("rb") as file:
        shipped = translations_in(read(file))
    spoiled = dict(shipped)
    del spoiled["STATS_NONE"]
    left = shipped["LEFT"]
    spoiled["LEFT"] = Translation("LEFT", left.source, ("Rydych chi wedi gadael {teitl}.",))
    skipped = shipped["SKIPPED"]
    spoiled["SKIPPED"] = Translation("SKIPPED", skipped.source, skipped.forms, fuzzy=True)
    scheduled = shipped["BUDGET_SCHEDULED"]
    spoiled["BUDGET_SCHEDULED"] = Translation(
        "BUDGET_SCHEDULED", scheduled.source, (*scheduled.forms[:2], "", *scheduled.forms[3:])
    )
    kept = shipped["KEPT"]
    spoiled["KEPT"] = Translation("KEPT", ("Good — nothing changed.",), kept.forms)
    path = po_path(tmp_path, "cy")
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write(build("cy", english, spoiled, now=NOW), file)

    assert gaps(tmp_path, "cy") == {
        "missing": ["STATS_NONE"],
        "broken": [
            "LEFT: placeholders {teitl} differ from the English's {title}",
            "BUDGET_SCHEDULED: plural form(s) two missing (cy has 6)",
        ],
        "out of date": ["KEPT", "SKIPPED"],
    }
