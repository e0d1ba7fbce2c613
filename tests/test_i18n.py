"""Built-in strings in other languages: CLDR plurals, English fallback, broken strings named."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from conversations import catalogue
from conversations.i18n import LOCALES, Catalogues, english_messages, po_path
from conversations.i18n.po import Translation, build, read, translations_in, write

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def install(folder: Path, lang: str, done: dict[str, tuple[str, ...]]) -> Catalogues:
    """Write a PO file for `lang` with these translations, made from today's English."""
    english = english_messages()
    translations = {k: Translation(k, english[k].forms, forms) for k, forms in done.items()}
    path = po_path(folder, lang)
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write(build(lang, english, translations, now=NOW), file)
    return Catalogues.load(folder)


@pytest.mark.parametrize(
    ("n", "welsh"),
    [
        (0, "dim negeseuon"),  # zero
        (1, "un neges"),  # one
        (2, "dwy neges"),  # two
        (3, "tair neges"),  # few
        (6, "chwe neges"),  # many
        (7, "7 o negeseuon"),  # other
        (12, "12 o negeseuon"),
    ],
)
def test_welsh_plural_takes_the_cldr_form_for_each_number(n: int, welsh: str) -> None:
    catalogues = Catalogues.load()
    assert catalogues.render_plural("cy", "BUDGET_SCHEDULED", n) == welsh


@pytest.mark.parametrize(
    ("n", "arabic"),
    [
        (0, "لا رسائل (0)"),  # zero
        (1, "رسالة واحدة"),  # one
        (2, "رسالتان"),  # two
        (3, "3 رسائل"),  # few: 3-10
        (11, "11 رسالة"),  # many: 11-99
        (100, "100 رسالة"),  # other
    ],
)
def test_arabic_plural_takes_the_cldr_form_for_each_number(n: int, arabic: str) -> None:
    catalogues = Catalogues.load()
    assert catalogues.render_plural("ar", "BUDGET_SCHEDULED", n) == arabic


def test_arabic_plural_forms_differ_where_cldr_does() -> None:
    # 3 and 11 take different forms ("people" after 3-10, "person" after 11-99).
    catalogues = Catalogues.load()
    blocked = [catalogues.render_plural("ar", "LEFT_OUT_REASONS.blocked", n) for n in (3, 11, 103)]
    assert blocked == ["3 أشخاص حظروا البوت", "11 شخصًا حظروا البوت", "103 أشخاص حظروا البوت"]


def test_english_plural_has_one_and_other() -> None:
    catalogues = Catalogues.load()
    assert catalogues.render_plural("en", "BUDGET_SCHEDULED", 1) == "1 message"
    assert catalogues.render_plural("en", "BUDGET_SCHEDULED", 0) == "0 messages"
    assert catalogues.render_plural("en", "LEFT_OUT_REASONS.blocked", 2) == "2 have blocked the bot"


def test_a_missing_string_falls_back_to_english(tmp_path: Path) -> None:
    catalogues = Catalogues.load()
    assert catalogues.render("cy", "SKIPPED") == "Wedi'i hepgor — mae hynny'n iawn."
    assert catalogues.render("cy-GB", "CONSENT_THANKS", title="Y Bws") == (
        "Diolch am ymuno â “Y Bws”!"
    )
    # Languages Tandem doesn't ship; and a Welsh file that lacks a string.
    assert catalogues.render("fr", "SKIPPED") == catalogue.SKIPPED
    assert catalogues.render(None, "SKIPPED") == catalogue.SKIPPED
    assert catalogues.render_plural("pl", "BUDGET_SCHEDULED", 5) == "5 messages"
    partial = install(tmp_path, "cy", {"SKIPPED": ("Wedi'i hepgor.",)})
    assert partial.render("cy", "SKIPPED") == "Wedi'i hepgor."
    assert partial.render("cy", "STATS_NONE") == catalogue.STATS_NONE


def test_a_broken_translation_is_named_and_english_used(tmp_path: Path) -> None:
    catalogues = install(
        tmp_path,
        "cy",
        {
            "CONSENT_THANKS": ("Diolch am ymuno â “{teitl}”!",),
            "SKIPPED": ("Wedi'i hepgor.",),
            "BUDGET_SCHEDULED": ("dim", "un neges", "", "", "", "{count} o negeseuon"),
        },
    )
    assert catalogues.broken() == [
        "cy: CONSENT_THANKS: placeholders {teitl} differ from the English's {title}",
        "cy: BUDGET_SCHEDULED: plural form(s) two, few, many missing (cy has 6)",
    ]
    assert catalogues.render("cy", "CONSENT_THANKS", title="X") == "Thank you for joining “X”!"
    assert catalogues.render_plural("cy", "BUDGET_SCHEDULED", 1) == "1 message"
    assert catalogues.render("cy", "SKIPPED") == "Wedi'i hepgor."
    total = len(english_messages())
    assert catalogues.coverage() == [f"cy: 1 of {total} strings (0%); 2 broken"]


def test_a_translation_of_old_english_is_kept_but_not_used(tmp_path: Path) -> None:
    english = english_messages()
    path = po_path(tmp_path, "cy")
    path.parent.mkdir(parents=True)
    old = Translation("SKIPPED", ("Skipped.",), ("Wedi'i hepgor.",))
    with path.open("wb") as file:
        write(build("cy", english, {"SKIPPED": old}, now=NOW), file)
    catalogues = Catalogues.load(tmp_path)
    assert catalogues.render("cy", "SKIPPED") == catalogue.SKIPPED
    assert catalogues.languages["cy"].out_of_date == ["SKIPPED"]
    with path.open("rb") as file:
        kept = translations_in(read(file))["SKIPPED"]
    assert kept.fuzzy and kept.forms == ("Wedi'i hepgor.",)


@pytest.mark.parametrize(("lang", "notice"), [("cy", "A WELSH"), ("ar", "AN ARABIC")])
def test_the_shipped_language_covers_every_string_and_says_it_awaits_review(
    lang: str, notice: str
) -> None:
    catalogues = Catalogues.load()
    assert catalogues.broken() == []
    usable = catalogues.languages[lang].usable
    assert set(usable) == set(english_messages())  # tests/test_i18n_coverage.py names any gap
    total = len(usable)
    assert f"{lang}: {total} of {total} strings (100%)" in catalogues.coverage()
    header = po_path(LOCALES, lang).read_text(encoding="utf-8").split('msgid ""')[0]
    assert f"MACHINE-DRAFTED, AWAITING {notice}-SPEAKING REVIEWER" in header


def test_the_shipped_template_is_the_catalogue_english() -> None:
    # `tandem translations template` regenerates it; this fails when someone forgot to.
    with (LOCALES / "tandem.pot").open("rb") as file:
        template = {m.context: m.id for m in read(file) if m.id}
    english = english_messages()
    assert template == {key: (m.forms if m.plural else m.text) for key, m in english.items()}, (
        "run: tandem translations template"
    )
    assert english["QUOTING_STATES.anon"].text == catalogue.QUOTING_STATES["anon"]
    assert english["COMMANDS.skip"].text == "Skip this question"


def test_a_bare_brace_or_bad_conversion_never_reaches_a_resident(tmp_path: Path) -> None:
    catalogues = install(
        tmp_path,
        "cy",
        {"CONSENT_THANKS": ("Diolch {}!",), "ALREADY_IN": ("Eisoes yn “{title!z}”.",)},
    )
    assert catalogues.broken() == [
        "cy: CONSENT_THANKS: placeholders {} differ from the English's {title}"
    ]
    assert catalogues.render("cy", "CONSENT_THANKS", title="X") == "Thank you for joining “X”!"
    assert catalogues.render("cy", "ALREADY_IN", title="X") == catalogue.ALREADY_IN.format(
        title="X"
    )
    with pytest.raises(KeyError):
        catalogues.render("cy", "BUDGET_SCHEDULED")


def test_a_key_written_in_two_catalogue_modules_is_refused() -> None:
    import types

    import pytest

    from conversations.i18n.source import english_messages

    first, second = types.ModuleType("first"), types.ModuleType("second")
    first.GREETING = "Hello"  # type: ignore[attr-defined]
    second.GREETING = "Hi"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="GREETING is in both first and second"):
        english_messages((first, second))
