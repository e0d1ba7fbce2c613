"""Polls as pure data: Telegram's limits, the guided flow, targets, results and the chart."""

from __future__ import annotations

import io
from datetime import UTC, datetime, time

import pytest
from pydantic import ValidationError

from conversations.i18n.words import english
from conversations.polls import texts
from conversations.polls.asking import preview, prompt
from conversations.polls.chart import bar_notes, chart_notes, option_labels, results_png
from conversations.polls.draft import (
    Cohort,
    PollDraft,
    Step,
    new_draft,
    press,
    take_text,
    version_draft,
)
from conversations.polls.model import FollowUp, Poll, PollSpec
from conversations.polls.results import results_text, status_words, tally
from conversations.polls.targets import EVERYONE, Target, TargetError, parse_target
from conversations.polls.timing import closes_at, quiet_until


def spec(**kw: object) -> PollSpec:
    data: dict[str, object] = {"question": "Which bench?", "options": ("Wood", "Metal")}
    data.update(kw)
    return PollSpec.model_validate(data)


# Telegram's limits ----------------------------------------------------------------------


def test_a_poll_needs_two_to_ten_options() -> None:
    assert spec().options == ("Wood", "Metal")
    assert len(spec(options=tuple(f"Option {n}" for n in range(10))).options) == 10
    for options in (("Only one",), tuple(f"Option {n}" for n in range(11))):
        with pytest.raises(ValidationError, match="2 to 10 options"):
            spec(options=options)


def test_question_and_option_lengths_are_telegrams() -> None:
    assert spec(question="Q" * 300).question == "Q" * 300
    with pytest.raises(ValidationError, match="up to 300 characters; this one has 301"):
        spec(question="Q" * 301)
    with pytest.raises(ValidationError, match="empty"):
        spec(question="   ")
    assert spec(options=("A" * 100, "B")).options[0] == "A" * 100
    with pytest.raises(ValidationError, match="up to 100 characters; that one has 101"):
        spec(options=("A" * 101, "B"))


def test_options_are_tidied_and_repeats_refused() -> None:
    assert spec(options=("  Wood   bench ", "Metal")).options == ("Wood bench", "Metal")
    with pytest.raises(ValidationError, match="already an option"):
        spec(options=("Wood", "wood"))


def test_a_stored_poll_knows_when_it_is_open() -> None:
    poll = Poll(1, "p", "Q?", ("A", "B"), False, "all", None, 1, None, 7, 0.0, 100.0, None)
    assert poll.is_open(99.0) and not poll.is_open(100.0)
    assert not Poll(
        1, "p", "Q?", ("A", "B"), False, "all", None, 1, None, 7, 0.0, None, 5.0
    ).is_open(0.0)
    assert poll.spec.options == ("A", "B")


# Targets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("all", EVERYONE),
        ("Everyone", EVERYONE),
        ("tag:Carers", Target("tag", "carers")),
        ("joined:NORTHFIELD", Target("joined", "NORTHFIELD")),
        ("answer:involvement=workshop", Target("answer", "involvement", "workshop")),
    ],
)
def test_targets_parse_and_print_back(text: str, target: Target) -> None:
    parsed = parse_target(text)
    assert parsed == target
    assert parse_target(str(parsed)) == parsed


@pytest.mark.parametrize(
    "text", ["", "tag:", "tag:two words", "answer:involvement", "answer:=x", "town:here"]
)
def test_bad_targets_say_what_would_do(text: str) -> None:
    with pytest.raises(TargetError):
        parse_target(text)


# The guided flow -------------------------------------------------------------------------

EN = english()
COHORTS = [Cohort(EVERYONE, 12, "Everyone"), Cohort(Target("tag", "carers"), 3, "Tagged carers")]


def walk(draft: PollDraft, *steps: str | tuple[str, str]) -> PollDraft:
    """Feed texts and (action, arg) presses, re-prompting like the handler does."""
    for step in steps:
        turn = take_text(draft, step, EN) if isinstance(step, str) else press(draft, *step, EN)
        assert turn.problem is None, turn.problem
        draft, _ = prompt(turn.draft, EN, COHORTS)
    return draft


def test_the_flow_from_question_to_preview() -> None:
    draft, asked = prompt(new_draft("northfield"), EN)
    assert "What would you like to ask" in asked.text and not asked.buttons
    draft = walk(draft, "Which bench design?", "Wood", "Metal\nStone", "done")
    assert draft.step is Step.MULTIPLE and draft.options == ("Wood", "Metal", "Stone")
    draft = walk(draft, ("multi", "1"))
    _, asked = prompt(draft, EN, COHORTS)
    assert [b[0] for b in asked.buttons] == ["Everyone (12)", "Tagged carers (3)"]
    draft = walk(draft, ("target", "1"), ("why", "default"), ("closing", "3d"))
    assert draft.step is Step.PREVIEW
    assert (draft.target, draft.why, draft.closes_in_hours, draft.multiple) == (
        "tag:carers",
        texts.WHY_DEFAULT,
        72,
        True,
    )
    shown = preview(draft, EN, "Tagged carers", 3)
    assert "Which bench design?" in shown and "1. Wood\n2. Metal\n3. Stone" in shown
    assert "In 3 days" in shown and "(3 people now)" in shown and "Several answers" in shown


def test_the_flow_refuses_bad_input_and_stale_buttons() -> None:
    draft = new_draft("p")
    assert take_text(draft, "Q" * 301, EN).problem is not None
    draft = walk(draft, "Which bench?", "Wood")
    too_few = take_text(draft, "done", EN)
    assert too_few.problem == EN.say("POLL_OPTIONS_TOO_FEW", low=2)
    assert take_text(draft, "A" * 101, EN).problem is not None
    assert take_text(draft, "wood", EN).problem == EN.say("POLL_OPTION_REPEATED", option="wood")
    assert press(draft, "multi", "1", EN).problem == EN.say("POLL_STALE_STEP")
    draft = walk(draft, "Metal", "done")
    assert take_text(draft, "hello", EN).problem == EN.say("POLL_USE_BUTTONS")
    assert press(draft, "multi", "7", EN).problem == EN.say("POLL_STALE_STEP")


def test_ten_options_move_on_by_themselves() -> None:
    draft = walk(new_draft("p"), "Q?")
    turn = take_text(draft, "\n".join(f"Option {n}" for n in range(10)), EN)
    assert turn.draft.step is Step.MULTIPLE and len(turn.draft.options) == 10
    many = "\n".join("x" * n for n in range(1, 12))
    assert take_text(walk(new_draft("p"), "Q?"), many, EN).problem


def test_a_custom_why_question_and_no_follow_up() -> None:
    draft = walk(new_draft("p"), "Q?", "A", "B", "done", ("multi", "0"), ("target", "0"))
    assert walk(draft, "What would make it better?").why == "What would make it better?"
    assert walk(draft, ("why", "none")).why is None


def test_a_new_version_keeps_or_replaces_what_was_asked() -> None:
    earlier = spec(why="Why that one?")
    draft, asked = prompt(version_draft("p", earlier, "tag:carers", parent_id=4, version=2), EN)
    assert "Which bench?" in asked.text and asked.buttons[0][1] == "keepq"
    kept = walk(draft, ("keepq", "1"), ("keepopts", "1"))
    assert kept.options == ("Wood", "Metal") and kept.step is Step.MULTIPLE
    replaced = walk(draft, "Which bench, now?", "Wood with a back\nMetal\nStone", "done")
    assert replaced.question == "Which bench, now?"
    assert replaced.options == ("Wood with a back", "Metal", "Stone")
    _, asked = prompt(walk(replaced, ("multi", "0"), ("target", "0")), EN)
    assert asked.buttons[0][1:] == ("why", "keep")
    assert replaced.parent_id == 4 and replaced.version == 2


# Results ---------------------------------------------------------------------------------


def test_tally_counts_latest_votes_and_ignores_retractions() -> None:
    counted = tally("Q?", ["A", "B", "C"], [(0,), (0, 2), (), (1,), (7,)], reached=10)
    assert [(o.count, round(o.share, 2)) for o in counted.options] == [
        (2, 0.67),
        (1, 0.33),
        (1, 0.33),
    ]
    assert counted.voters == 3 and counted.rate == 0.3
    assert tally("Q?", ["A", "B"], [], reached=0).rate == 0.0
    # More voters than recorded sends (e.g. after a crash mid-send) never gives over 100%.
    assert tally("Q?", ["A", "B"], [(0,), (1,)], reached=1).rate == 1.0


def test_results_text_shows_counts_rate_and_pseudonymous_words() -> None:
    counted = tally("Which bench?", ["Wood", "Metal"], [(0,), (0,), (1,)], reached=4)
    followups = [FollowUp("P-7F3K", "text", "Warmer to sit on"), FollowUp("P-AB2C", "voice", "f")]
    text = results_text(counted, "open", "Why?", followups, EN)
    assert "3 of 4 people answered (75%)" in text
    assert "• Wood: 2 (67%)" in text and "• Metal: 1 (33%)" in text
    assert "P-7F3K: “Warmer to sit on”" in text and "P-AB2C: [voice note]" in text
    long = [FollowUp(f"P-{n:04d}", "text", "x" * 500) for n in range(40)]
    assert len(results_text(counted, "open", "Why?", long, EN)) <= 4000


def test_chart_is_a_png_with_versions_side_by_side() -> None:
    from PIL import Image

    first = tally("Which bench?", ["Wood", "Metal"], [(0,), (1,), (1,)], reached=5, version=1)
    second = tally(
        "Which bench, now?", ["Wood", "Metal", "Stone"], [(2,), (0,)], reached=4, version=2
    )
    assert option_labels([first, second]) == ["Wood", "Metal", "Stone"]
    png = results_png([first, second], EN)
    assert png.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(png)) as image:
        assert image.width == 1080 and 540 <= image.height <= 1350
    assert results_png([first], EN) == results_png([first], EN)  # same results, same bytes
    with pytest.raises(ValueError):
        results_png([], EN)


# Timing ----------------------------------------------------------------------------------


def test_quiet_hours_end_on_the_recipients_own_clock() -> None:
    window = (time(21, 0), time(8, 0))
    late = datetime(2025, 3, 10, 22, 30, tzinfo=UTC)  # 22:30 in London in March (GMT)
    assert quiet_until(late, "Europe/London", window) == datetime(
        2025, 3, 11, 8, 0, tzinfo=UTC
    ).astimezone(quiet_until(late, "Europe/London", window).tzinfo)  # type: ignore[union-attr]
    early = datetime(2025, 3, 11, 6, 0, tzinfo=UTC)
    assert quiet_until(early, "Europe/London", window).hour == 8  # type: ignore[union-attr]
    # 22:30 UTC is 07:30 in Tokyo the next morning: quiet until 08:00 there.
    tokyo = quiet_until(late, "Asia/Tokyo", window)
    assert tokyo is not None and (tokyo.hour, tokyo.minute) == (8, 0)
    assert (tokyo - late).total_seconds() == 30 * 60
    assert quiet_until(datetime(2025, 3, 10, 12, 0, tzinfo=UTC), "Europe/London", window) is None
    assert closes_at(100.0, 24) == 100.0 + 86400 and closes_at(100.0, None) is None


# Version charts --------------------------------------------------------------------------


def test_chart_marks_options_a_version_did_not_have() -> None:
    first = tally("Which bench?", ["Wood", "Metal", "Stone"], [(0,), (2,)], reached=5, version=1)
    second = tally("Which bench?", ["Wood", "Recycled"], [(1,)], reached=4, version=2)
    notes, gone = bar_notes([first, second], EN), EN.say("POLL_NOT_IN_VERSION")
    assert notes[0] == ["1 (50%)", "0 (0%)", "1 (50%)", gone]
    assert notes[1] == ["0 (0%)", gone, gone, "1 (100%)"]
    assert results_png([first, second], EN).startswith(b"\x89PNG")


def test_multiple_choice_shares_are_explained() -> None:
    several = tally("Which?", ["A", "B"], [(0, 1), (0, 1), (0,)], reached=3, multiple=True)
    assert sum(o.share for o in several.options) > 1
    assert chart_notes([several], EN) == [texts.SHARES_OF_VOTERS]
    assert texts.SHARES_OF_VOTERS in results_text(several, "open", None, [], EN)
    assert "more than 100%" in texts.SHARES_OF_VOTERS
    one = tally("Which?", ["A", "B"], [(0,), (1,)], reached=3)
    assert chart_notes([one], EN) == [] and texts.SHARES_OF_VOTERS not in results_text(
        one, "", None, [], EN
    )
    assert results_png([several], EN).startswith(b"\x89PNG")


def test_a_past_closing_time_reads_as_closed() -> None:
    closing = datetime(2026, 12, 6, 3, 39, tzinfo=UTC).timestamp()
    before, after = closing - 60, closing + 3600
    assert status_words(closing, None, "Europe/London", before, EN) == "open, closes Sun 6 Dec 3:39"
    assert status_words(closing, None, "Europe/London", after, EN) == "closed on Sun 6 Dec 3:39"
    assert status_words(closing, after, "Europe/London", after, EN) == "closed on Sun 6 Dec 4:39"
    assert status_words(None, None, "Europe/London", after, EN) == "open"
