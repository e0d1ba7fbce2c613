"""Themes, quotes and the journey tally of the summary report: right counts in bounded memory."""

from __future__ import annotations

from conversations.report.journey import MAX_SERVICES, JourneyTally
from conversations.report.markdown import escaped, wrapped
from conversations.report.said import Said
from conversations.report.stopwords import stop_words
from conversations.report.themes import (
    CAPACITY,
    POOL,
    QuotePool,
    ThemeTally,
    lexicon,
    phrases,
    stem,
)


def test_words_are_grouped_by_stem_and_phrases_never_span_a_stop_word() -> None:
    assert stem("buses") == stem("bus") and stem("crossings") == stem("crossing")
    found = phrases("The buses in the evening; evening buses, and more BUSES!")
    bus, evening = stem("buses"), stem("evening")
    assert found == {bus: "buses", evening: "evening", f"{evening} {bus}": "evening buses"}
    assert phrases("I don't know, 42 or 2025") == {}  # stop words, short words and numbers
    assert phrases("the council's office")[f"{stem('council')} {stem('office')}"]
    assert len(phrases("bus 42 stop")) == 2  # no "bus stop" across a number


def test_each_answer_counts_once_and_a_phrase_absorbs_its_words() -> None:
    said = Said("q")
    for text in (
        "Evening buses please",
        "evening buses, evening buses!",
        "More evening buses",
        "A later bus",
        "Safer crossings",
        "safer crossing by the school",
    ):
        said.add("text", text)
    summary = said.summary()
    # "evening buses" carries every "evening", so that word is not listed again; "bus"
    # recurs beyond the phrase ("a later bus"), so it stays. Ties are named alphabetically.
    assert [(t.label, t.count) for t in summary.themes] == [
        ("buses", 4),
        ("evening buses", 3),
        ("safer crossing", 2),
    ]
    assert summary.quotes == ()  # nobody agreed to be quoted


def test_counting_stays_bounded_and_keeps_the_frequent_themes() -> None:
    tally = ThemeTally()
    for n in range(60_000):
        tally.add([f"rare{n}", "bench"])
    assert len(tally._counts) <= CAPACITY
    [top] = tally.themes(5)
    assert (top.label, top.count) == ("bench", 60_000)


def test_quotes_are_a_bounded_reproducible_sample_carrying_top_themes() -> None:
    def pool() -> QuotePool:
        sample = QuotePool("q1")
        for n in range(5_000):
            words = f"The bench number {n} is too far from the stop"
            sample.offer(f"P-{n:04d}", words, phrases(words).keys())
        sample.offer("P-LONG", "bench " * 100, ["bench"])  # too long to read as a quote
        sample.offer("P-TINY", "bench", ["bench"])  # too short to say anything
        return sample

    first, second = pool(), pool()
    assert len(first.samples) == POOL
    assert [s.who for s in first.samples] == [s.who for s in second.samples]
    said = Said("x")
    for text in ("bench at the stop", "a bench at the stop", "bench at the stop"):
        said.add("text", text, "P-SAME")
    said.add("text", "bench please near the stop", "P-OTHER")
    # Longest near the ideal first; then someone new; never the same point twice.
    assert [(q.who, q.text) for q in said.summary().quotes] == [
        ("P-OTHER", "bench please near the stop"),
        ("P-SAME", "a bench at the stop"),
    ]


def test_media_and_choices_are_counted_never_quoted() -> None:
    said = Said("m")
    said.add("voice", "AwACAgQ-file", "P-AAAA")
    said.add("photo", "AgACAgQ-file", "P-AAAA")
    said.add("choice", "diary")
    said.add("skipped", "")
    summary = said.summary()
    assert (summary.answers, summary.voice, summary.photo, summary.skipped) == (3, 1, 1, 1)
    assert summary.choices == {"diary": 1} and summary.quotes == () and summary.written == 0


def test_the_journey_tally_ranks_services_and_keeps_few_low_moments() -> None:
    journeys = JourneyTally()
    for n in range(10):
        journeys.add("GP  surgery", 1 + n % 2, "2025-03-03", f"09:{n:02d}", "Europe/London",
                     f"Waited {n}", "P-AAAA")  # fmt: skip
    journeys.add("gp surgery", 5, "2025-03-04", "09:00", "UTC", "Lovely", "P-BBBB")
    journeys.add("Library", 4, "2025-03-04", "09:00", "UTC", "Quiet", "P-CCCC")
    journeys.add("Library", 1, "2025-03-04", "10:00", "UTC", "Closed early", None)
    view = journeys.view(diarists=3)
    gp, library = view.services
    assert (gp.service, gp.count, view.feelings[gp.service]) == ("GP surgery", 11, (5, 5, 0, 0, 1))
    assert [m.touchpoint.happened for m in gp.lowest] == ["Waited 0", "Waited 2", "Waited 4"]
    assert library.lowest == ()  # the low one was not quotable; the quotable one was not low
    for n in range(MAX_SERVICES * 3):
        journeys.add(f"Service {n}", 3, "2025-03-04", "09:00", "UTC", None, None)
    assert len(journeys._services) <= MAX_SERVICES
    assert journeys.view().services[0].service == "GP surgery"  # the frequent one stays


def test_markdown_escaping_keeps_words_as_written() -> None:
    assert escaped("a | b\nc") == r"a \| b c"
    assert escaped("1. not a list") == r"1\. not a list" and escaped("- nor") == r"\- nor"
    lines = wrapped("word " * 30 + "- 2. x", "- ", "  ")
    assert all(len(line) <= 96 for line in lines)
    assert all(not line.strip().startswith(("- 2", "2.")) for line in lines[1:])


def test_themes_come_out_per_language_and_welsh_function_words_are_never_themes() -> None:
    said = Said("q")
    for text in ("Evening buses please", "More evening buses", "A later bus would help"):
        said.add("text", text, None, "en")
    welsh = (
        "Mae angen mwy o fysiau yn y nos",
        "Dydy'r bws ddim yn dod yn y nos",
        "Byddai bws hwyr yn help mawr i ni",
        "Mae'r bws yn rhy ddrud, a dydy e ddim yn dod",
    )
    for text in welsh:
        said.add("text", text, "P-7F3K", "cy")
    summary = said.summary()
    # Most written first; each language counted apart, with its own stop words and stems.
    assert [(g.lang, g.written) for g in summary.languages] == [("cy", 4), ("en", 3)]
    cy, en = summary.languages
    assert [(t.label, t.count) for t in cy.themes] == [("bws", 3), ("nos", 2)]
    assert [(t.label, t.count) for t in en.themes] == [("buses", 3), ("evening buses", 2)]
    # "mae", "ddim", "dod", "mwy", "dydy" recur in the Welsh answers yet are function words.
    welsh_words = {w for t in cy.themes for w in t.label.split()}
    assert welsh_words.isdisjoint(stop_words("cy")) and {"mae", "ddim", "dydy"} <= stop_words("cy")
    # Quotes carry the top themes of either language.
    assert summary.quotes and all(q.who == "P-7F3K" for q in summary.quotes)
    assert {t.lang for t in summary.themes} == {"cy", "en"}


def test_a_language_without_stemmer_or_stop_words_degrades_to_plain_words() -> None:
    assert lexicon("ar")._stemmer is not None and lexicon("cy")._stemmer is None
    assert phrases("الحافلات متأخرة", lexicon("ar"))  # Snowball's Arabic stemmer
    said = Said("q")
    for text in ("Trenau HWYR", "trenau hwyr eto", "42 !!"):
        said.add("text", text, None, "zz-Nowhere")
    [group] = said.summary().languages
    assert [(t.label, t.count) for t in group.themes] == [("trenau hwyr", 2)]
    assert lexicon("zz-Nowhere").stop == frozenset()
