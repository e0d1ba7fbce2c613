"""What the /newcheckin flow says at each step, and the last look before Save."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from babel.dates import get_day_names

from conversations.checkins.draft import FUNCTIONS, MAX_QUESTIONS, TIMES, CheckInDraft, Step
from conversations.checkins.model import WEEKDAYS, CheckInDefinition
from conversations.diary_schedule import is_quiet
from conversations.i18n.words import Words
from conversations.polls.draft import Cohort, Prompt
from conversations.translating import add_buttons, language_name, missing_lines


def times_outside(quiet: tuple[time, time]) -> list[time]:
    """The times offered: those outside quiet hours."""
    return [t for t in TIMES if not is_quiet(t, quiet)]


def prompt(
    draft: CheckInDraft, quiet: tuple[time, time], words: Words, cohorts: Sequence[Cohort] = ()
) -> tuple[CheckInDraft, Prompt]:
    """What to ask at the draft's step; the target step records the targets offered."""
    say = words.say
    step, n = draft.step, len(draft.questions) + 1
    if step is Step.TITLE:
        return draft, Prompt(say("CHECKIN_ASK_TITLE"))
    if step is Step.DAY:
        names = get_day_names("wide", locale=words.lang)
        days = tuple((names[i].title(), "day", day) for i, day in enumerate(WEEKDAYS))
        return draft, Prompt(say("CHECKIN_ASK_DAY"), days)
    if step is Step.TIME:
        hours = tuple((f"{t:%H:%M}", "time", f"{t:%H%M}") for t in times_outside(quiet))
        return draft, Prompt(say("CHECKIN_ASK_TIME" if hours else "CHECKIN_NO_TIMES"), hours)
    if step is Step.WEEKS:
        often = ((say("CHECKIN_WEEKLY"), "weeks", "1"), (say("CHECKIN_FORTNIGHTLY"), "weeks", "2"))
        return draft, Prompt(say("CHECKIN_ASK_WEEKS"), often)
    if step is Step.TARGET:
        offered = tuple(str(c.target) for c in cohorts)
        buttons = tuple(
            (say("CHECKIN_TARGET_BUTTON", label=c.label, size=c.size), "target", str(i))
            for i, c in enumerate(cohorts)
        )
        asked = Prompt(say("CHECKIN_ASK_TARGET"), buttons)
        return draft.model_copy(update={"offered": offered}), asked
    if step is Step.FUNCTION:
        buttons = tuple((say(f"CHECKIN_FUNCTION_LABELS.{f}"), "fn", f) for f in FUNCTIONS)
        return draft, Prompt(say("CHECKIN_ASK_FUNCTION", n=n), buttons)
    if step is Step.KIND:
        buttons = (
            (say("CHECKIN_SCALE"), "kind", "scale"),
            (say("CHECKIN_FREE_TEXT"), "kind", "text"),
        )
        return draft, Prompt(say("CHECKIN_ASK_KIND", n=n), buttons)
    if step is Step.TEXT:
        return draft, Prompt(say("CHECKIN_ASK_TEXT", n=n))
    if step is Step.MORE:
        text = say("CHECKIN_ASK_MORE", count=len(draft.questions), high=MAX_QUESTIONS)
        more = ((say("CHECKIN_ADD_ANOTHER"), "more", "add"), (say("CHECKIN_DONE"), "more", "done"))
        return draft, Prompt(text, more)
    if step is Step.TRANSLATE and draft.lang is not None:
        name = language_name(draft.lang, words.lang)
        skip = ((say("LANGUAGE_SKIP", language=name), "skip", draft.lang),)
        if draft.part == "title":
            return draft, Prompt(say("CHECKIN_ASK_TITLE_IN", language=name), skip)
        index = int(draft.part or 0)
        text = draft.questions[index].text
        return draft, Prompt(
            say("CHECKIN_ASK_TEXT_IN", n=index + 1, language=name, text=text), skip
        )
    return draft, Prompt("")


def when_words(draft: CheckInDraft, words: Words) -> str:
    """The recurrence in words."""
    names = get_day_names("wide", locale=words.lang)
    day = names[WEEKDAYS.index(draft.every)].title() if draft.every else "?"
    return words.say(f"CHECKIN_WHEN.{min(draft.every_weeks, 2)}", day=day, time=draft.at)


def preview(
    definition: CheckInDefinition,
    draft: CheckInDraft,
    words: Words,
    when: str,
    audience: str,
    size: int,
) -> str:
    """The whole check-in as it will go out, for a last look before Save, and what is missing."""
    say = words.say
    questions = "\n".join(
        say(
            "CHECKIN_PREVIEW_QUESTION",
            n=n,
            function=say(f"CHECKIN_FUNCTIONS.{q.function}"),
            kind=say("CHECKIN_SCALE" if q.kind == "scale" else "CHECKIN_FREE_TEXT"),
            text=q.text,
        )
        for n, q in enumerate(definition.questions, 1)
    )
    text = say(
        "CHECKIN_PREVIEW",
        title=definition.title,
        when=when,
        audience=audience,
        size=size,
        window=definition.window_hours,
        questions=questions,
    )
    return "\n\n".join([text, *missing_lines(draft.missing(), draft.languages, words)])


def preview_buttons(draft: CheckInDraft, words: Words) -> tuple[tuple[str, str, str], ...]:
    """Under the preview: add each language still missing."""
    return add_buttons(draft.missing(), words)
