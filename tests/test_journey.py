"""Journey maps: the data rules, the plain-text versions and the pictures."""

from __future__ import annotations

import random
import struct
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conversations.i18n import dates
from conversations.journey import (
    FEELINGS,
    Journey,
    ServiceSummary,
    Touchpoint,
    journey_png,
    journey_text,
    project_png,
    project_text,
    project_view,
)
from conversations.journey.words import happened_words

LONDON = ZoneInfo("Europe/London")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ROOT = Path(__file__).resolve().parent.parent


def at(day: int, hour: int = 10, minute: int = 0, tz: ZoneInfo = LONDON) -> datetime:
    """A moment in March 2025, in the resident's own time."""
    return datetime(2025, 3, day, hour, minute, tzinfo=tz)


def tp(
    day: int,
    feeling: int,
    service: str = "GP surgery",
    happened: str = "It happened",
    hour: int = 10,
    better: str | None = None,
) -> Touchpoint:
    return Touchpoint(at(day, hour), service, feeling, happened, better)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def many(count: int, seed: int = 7) -> Journey:
    """A busy diary: count touchpoints spread over four weeks."""
    rng = random.Random(seed)
    services = [
        "GP surgery",
        "Pharmacy",
        "Bus or train",
        "Council offices",
        "Housing repairs line at the civic centre annex building",
        "Социальная служба",
    ]
    words = [
        "Waited 40 minutes on the phone and then got cut off, had to start again",
        "Friendly, sorted in five minutes",
        "[voice note]",
        "[photo]",
        "Cost me $5 😡",
    ]
    start = at(3, 8)
    touchpoints = tuple(
        Touchpoint(
            start + timedelta(minutes=rng.randrange(28 * 24 * 60)),
            rng.choice(services),
            rng.randint(1, 5),
            rng.choice(words),
            rng.choice([None, "A call back"]),
        )
        for _ in range(count)
    )
    return Journey("You", touchpoints, quiet_days=(date(2025, 3, 5), date(2025, 3, 9)))


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    # The first picture pays for importing matplotlib; timings below are for drawing only.
    journey_png(Journey("You", (tp(3, 3),)), "warm-up")


# The data


def test_touchpoints_are_validated() -> None:
    with pytest.raises(ValueError, match="aware"):
        Touchpoint(datetime(2025, 3, 3, 10), "GP surgery", 3, "x")
    for feeling in (0, 6):
        with pytest.raises(ValueError, match="1 to 5"):
            tp(3, feeling)
    with pytest.raises(ValueError, match="service"):
        tp(3, 3, service="  ")
    assert FEELINGS == {1: "Very bad", 2: "Bad", 3: "OK", 4: "Good", 5: "Very good"}


def test_a_journey_is_always_in_time_order() -> None:
    later, earlier = tp(5, 3), tp(3, 4)
    # The same instant in another zone sorts by the instant, not the wall clock.
    tokyo = Touchpoint(at(4, 18, tz=ZoneInfo("Asia/Tokyo")), "Bus", 2, "late")
    journey = Journey("You", (later, earlier, tokyo))
    assert journey.touchpoints == (earlier, tokyo, later)


def test_lowest_picks_the_worst_feelings_and_breaks_ties_by_the_earliest() -> None:
    first_bad, good, second_bad, very_bad, ok = (tp(3, 2), tp(4, 5), tp(5, 2), tp(6, 1), tp(7, 3))
    journey = Journey("You", (ok, second_bad, very_bad, good, first_bad))
    assert journey.lowest() == (very_bad, first_bad, second_bad)
    assert journey.lowest(1) == (very_bad,)
    assert good not in journey.lowest(10)  # only bad or very bad contacts are low moments
    assert journey.lowest(0) == ()
    assert Journey("You", ()).lowest() == ()


def bus(feeling: int, day: int = 3, spelling: str = "Bus") -> Touchpoint:
    return tp(day, feeling, service=spelling, happened=f"bus felt {feeling}")


def test_project_view_groups_spellings_and_keeps_the_most_common() -> None:
    a = Journey("P-AAAA", (tp(3, 2, "GP surgery"), tp(4, 3, "gp Surgery ")), may_quote=True)
    b = Journey("P-BBBB", (tp(5, 4, "  GP  surgery"), tp(6, 1, "Pharmacy")), may_quote=True)
    summaries = {s.service: s for s in project_view([a, b])}
    assert set(summaries) == {"GP surgery", "Pharmacy"}
    gp = summaries["GP surgery"]
    assert gp.count == 3
    assert gp.mean_feeling == pytest.approx(3.0)


def test_project_view_ranks_bad_and_frequent_first_as_documented() -> None:
    # Rank key: (mean with 2 imaginary "OK" contacts added, then count descending, then name).
    gp = [tp(3 + i, 2, "GP surgery") for i in range(6)]  # mean 2.0 -> (12+6)/8 = 2.25
    one_bus = [bus(1)]  # mean 1.0, but only once -> (1+6)/3 = 2.33
    park = [tp(3 + i, 3, "Park") for i in range(4)]  # 3.0 with 4 contacts
    library = [tp(3 + i, 3, "Library") for i in range(2)]  # 3.0 with 2 contacts
    pharmacy = [tp(3, 5, "Pharmacy"), tp(4, 5, "Pharmacy")]  # (10+6)/4 = 4.0
    journeys = [Journey("P-1", (*gp, *park)), Journey("P-2", (*one_bus, *library, *pharmacy))]
    ranked = project_view(journeys)
    assert [s.service for s in ranked] == ["GP surgery", "Bus", "Park", "Library", "Pharmacy"]
    assert [s.count for s in ranked] == [6, 1, 4, 2, 2]
    assert ranked[1].mean_feeling == 1.0  # the raw mean is what is reported
    assert ranked[0].rank_key() == (pytest.approx(2.25), -6, "gp surgery")


def test_lowest_moments_carry_the_pseudonym_and_their_words() -> None:
    worst = Touchpoint(at(4), "GP surgery", 1, "Cut off after 40 minutes", "A call back")
    journeys = [
        Journey("P-7F3K", (tp(3, 3), worst, tp(5, 2, happened="Rude")), may_quote=True),
        Journey("P-9QX2", (tp(3, 2, happened="Too early"), tp(6, 5)), may_quote=True),
    ]
    [gp] = project_view(journeys)
    assert [(m.who, m.touchpoint.happened) for m in gp.lowest] == [
        ("P-7F3K", "Cut off after 40 minutes"),
        ("P-9QX2", "Too early"),  # feeling 2 on the 3rd, before P-7F3K's 2 on the 5th
        ("P-7F3K", "Rude"),
    ]
    assert gp.lowest[0].touchpoint.better == "A call back"


def test_words_stay_out_of_the_project_view_without_consent_to_quote() -> None:
    secret = "Dr Jones shouted at me"
    [gp] = project_view([Journey("P-7F3K", (tp(3, 1, happened=secret, better="calm"),))])
    moment = gp.lowest[0]
    assert moment.who == "P-7F3K" and moment.touchpoint.feeling == 1
    assert moment.touchpoint.happened == "[words not quoted: no permission to quote]"
    assert moment.touchpoint.better is None
    assert secret not in project_text([gp])
    # Their own map always shows their own words.
    assert secret in journey_text(Journey("You", (tp(3, 1, happened=secret),)))


def test_mean_feeling_words_round_halves_down() -> None:
    means = (1.0, 2.5, 2.53, 2.56, 5.0)
    words = [ServiceSummary("x", 2, mean, ()).feeling_word for mean in means]
    assert words == ["Very bad", "Bad", "Bad", "OK", "Very good"]  # 2.53 is shown as 2.5


# The words


def test_journey_text_lists_every_touchpoint_in_order_with_feeling_words() -> None:
    journey = Journey(
        "You",
        (
            tp(5, 1, "Bus", "Bus never came", hour=8),
            tp(3, 4, "GP surgery", "Seen on time", better=None),
            tp(4, 2, "Pharmacy", "Out of stock", better="A text when it's in"),
        ),
        quiet_days=(date(2025, 3, 6),),
    )
    text = journey_text(journey)
    span = dates.days(date(2025, 3, 3), date(2025, 3, 5), "en")  # Babel: "Mon, 3 Mar – Wed, …"
    assert text.startswith(f"Your journey\n3 touchpoints, {span}; 1 day")
    entries = [line for line in text.splitlines() if line[:2] in {"1.", "2.", "3."}][:3]
    assert entries == [
        "1. Mon, 3 Mar 2025, 10:00 · GP surgery · Good (4 of 5)",
        "2. Tue, 4 Mar 2025, 10:00 · Pharmacy · Bad (2 of 5)",
        "3. Wed, 5 Mar 2025, 08:00 · Bus · Very bad (1 of 5)",
    ]
    assert "What happened: “Out of stock”" in text
    assert "What would have made it better: “A text when it's in”" in text
    assert "Days with nothing to report: Thu 6 Mar" in text
    assert text.split("Lowest moments:\n")[1].startswith("1. Wed 5 Mar, Bus, Very bad:")


def test_text_shows_the_residents_own_date_and_full_words() -> None:
    late = Touchpoint(at(3, 23, 30, tz=ZoneInfo("Asia/Tokyo")), "Clinic", 3, "[voice note]")
    long_words = "word " * 40
    text = journey_text(Journey("P-7F3K", (late, tp(4, 2, happened=long_words))))
    assert text.startswith("Journey of P-7F3K\n")
    assert "Mon, 3 Mar 2025, 23:30 · Clinic" in text  # not shifted to UTC
    assert "What happened: [voice note]" in text  # placeholders are not quoted
    assert long_words.strip() in text  # the text version never truncates


def test_media_answers_read_with_their_captions() -> None:
    assert happened_words("photo", "file-id", "the new ramp") == "[photo] the new ramp"
    assert happened_words("photo", "file-id", None) == "[photo]"
    assert happened_words("voice", "file-id", "  ") == "[voice note]"
    assert happened_words("text", "Rude", None) == "Rude"
    assert happened_words(None, None, None) == "[nothing said]"
    ramp = tp(3, 2, happened="[photo] the new ramp")
    text = journey_text(Journey("You", (ramp,)))
    assert "What happened: [photo] “the new ramp”" in text
    assert "Bad: [photo] “the new ramp”" in text


def test_empty_texts() -> None:
    assert journey_text(Journey("You", ())) == "Your journey\nNo diary entries yet.\n"
    quiet = journey_text(Journey("You", (), quiet_days=(date(2025, 3, 3),)))
    assert "1 day with nothing to report" in quiet
    assert project_text([]) == "No diary entries yet.\n"


def test_project_text_lists_services_worst_first_with_their_words() -> None:
    journeys = [
        Journey("P-7F3K", (tp(3, 1, "Bus", "Never came"), tp(4, 4)), may_quote=True),
        Journey("P-9QX2", (tp(3, 1, "bus ", "Driver drove past"),), may_quote=True),
    ]
    text = project_text(project_view(journeys))
    assert "1. Bus: 2 contacts, average 1.0 of 5 (Very bad)" in text
    assert "2. GP surgery: 1 contact, average 4.0 of 5 (Good)" in text
    assert "- P-7F3K, Mon 3 Mar, Bus, Very bad: “Never came”" in text
    assert "- P-9QX2, Mon 3 Mar, Bus, Very bad: “Driver drove past”" in text
    assert "Worst first" in text


# The pictures


def test_empty_journey_is_a_small_clear_picture() -> None:
    assert png_size(journey_png(Journey("You", ()), "Your diary")) == (1080, 540)
    quiet = Journey("You", (), quiet_days=(date(2025, 3, 3),))
    assert png_size(journey_png(quiet, "Your diary")) == (1080, 540)


def test_one_touchpoint() -> None:
    journey = Journey("You", (tp(3, 2, "Housing repairs " * 6, "Nobody came", better="A date"),))
    assert png_size(journey_png(journey, "Your journey so far")) == (1080, 1350)


@pytest.mark.filterwarnings("error")  # e.g. matplotlib's "Glyph missing from font"
def test_sixty_touchpoints_render_quickly_without_warnings() -> None:
    journey = many(60)
    started = time.perf_counter()
    data = journey_png(journey, "Health and transport: four weeks of diaries " * 2)
    elapsed = time.perf_counter() - started
    assert png_size(data) == (1080, 1350)
    assert elapsed < 2.0, f"took {elapsed:.2f} s"


@pytest.mark.filterwarnings("error")
def test_hostile_text_renders() -> None:
    # "$" would start mathtext; CJK and most emoji are not in DejaVu Sans.
    odd = ["Cost $5 and $10", "病院の予約が取れなかった", "👍🏽 ok", "a" * 300, "\\frac{1}{2} _x^"]
    journey = Journey("You", tuple(tp(3 + i, 1 + i % 5, s, s, better=s) for i, s in enumerate(odd)))
    assert png_size(journey_png(journey, odd[0] + odd[1])) == (1080, 1350)
    summaries = project_view([Journey("P-7F3K", journey.touchpoints, may_quote=True)])
    assert png_size(project_png(summaries, odd[1])) == (1080, 1350)


def test_project_png_renders() -> None:
    journeys = [many(15, seed=s) for s in range(8)]
    pseudonymous = [
        Journey(f"P-{i:04d}", j.touchpoints, may_quote=i % 2 == 0) for i, j in enumerate(journeys)
    ]
    summaries = project_view(pseudonymous)
    assert png_size(project_png(summaries, "Riverside diaries")) == (1080, 1350)
    assert png_size(project_png(summaries[:1], "Riverside diaries")) == (1080, 1350)
    assert png_size(project_png([], "Riverside diaries")) == (1080, 540)


def test_pictures_are_deterministic() -> None:
    journey = many(20)
    assert journey_png(journey, "Again") == journey_png(journey, "Again")
    summaries = project_view([Journey("P-1", journey.touchpoints, may_quote=True)])
    assert project_png(summaries, "Again") == project_png(summaries, "Again")


def test_pictures_can_be_drawn_from_several_threads_at_once() -> None:
    journeys = [many(30, seed=s) for s in range(4)]
    alone = [journey_png(j, "Threads") for j in journeys]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda j: journey_png(j, "Threads"), journeys * 2))
    assert together == alone * 2


def test_importing_journeys_does_not_import_matplotlib() -> None:
    code = "import sys, conversations.journey; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"


# Lowest moments are only the contacts that felt bad or very bad.


def test_lowest_moments_never_list_a_good_contact() -> None:
    good, ok, bad = tp(3, 5, happened="Lovely"), tp(4, 3), tp(5, 2, happened="Rude")
    journey = Journey("You", (good, ok, bad), may_quote=True)
    assert journey.lowest(10) == (bad,)
    low = journey_text(journey).split("Lowest moments:\n")[1]
    assert "Very good" not in low and "Lovely" not in low and "Rude" in low
    [gp] = project_view([journey])
    assert [m.touchpoint.happened for m in gp.lowest] == ["Rude"]


def test_no_low_moments_is_said_plainly() -> None:
    journey = Journey("You", (tp(3, 5, happened="Lovely"), tp(4, 4)), may_quote=True)
    assert journey.lowest() == ()
    low = journey_text(journey).split("Lowest moments:\n")[1]
    assert low.strip() == "None: no entry felt bad or very bad."
    summaries = project_view([journey])
    assert all(not s.lowest for s in summaries)
    text = project_text(summaries)
    assert "Very good" not in text.split("Lowest moments")[-1]
    assert "Lowest moments: none, no entry felt bad or very bad." in text
    # The pictures draw with nothing to call out.
    assert journey_png(journey, "Northfield")[:8] == PNG_SIGNATURE
    assert project_png(summaries, "Northfield")[:8] == PNG_SIGNATURE
