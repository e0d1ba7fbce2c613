"""What the /newpoll flow says at each step, and the last look before Send."""

from __future__ import annotations

from collections.abc import Sequence

from conversations.i18n.words import Words
from conversations.polls.draft import (
    CLOSING_CHOICES,
    Cohort,
    PollDraft,
    Prompt,
    Step,
    in_language,
)
from conversations.polls.model import MAX_OPTION, MAX_OPTIONS, MAX_QUESTION, MIN_OPTIONS
from conversations.translating import add_buttons, language_name, missing_lines


def prompt(
    draft: PollDraft, words: Words, cohorts: Sequence[Cohort] = ()
) -> tuple[PollDraft, Prompt]:
    """What to ask at the draft's step; the target step records the targets offered."""
    say = words.say
    step = draft.step
    if step is Step.QUESTION:
        if draft.question and draft.idea_id is not None and draft.parent_id is None:
            text = say("POLL_ASK_QUESTION_FROM_IDEA", question=draft.question)
            return draft, Prompt(text, ((say("POLL_KEEP_QUESTION"), "keepq", "1"),))
        if draft.question:
            text = say("POLL_ASK_QUESTION_AGAIN", version=draft.version, question=draft.question)
            return draft, Prompt(text, ((say("POLL_KEEP_QUESTION"), "keepq", "1"),))
        return draft, Prompt(say("POLL_ASK_QUESTION", limit=MAX_QUESTION))
    if step is Step.OPTIONS:
        if draft.prefilled:
            listed = numbered(draft.options)
            text = say("POLL_ASK_OPTIONS_AGAIN", options=listed, high=MAX_OPTIONS)
            return draft, Prompt(text, ((say("POLL_KEEP_OPTIONS"), "keepopts", "1"),))
        return draft, Prompt(say("POLL_ASK_OPTIONS", low=MIN_OPTIONS, high=MAX_OPTIONS))
    if step is Step.MULTIPLE:
        return draft, Prompt(
            say("POLL_ASK_MULTIPLE"),
            ((say("POLL_ONE_ANSWER"), "multi", "0"), (say("POLL_SEVERAL_ANSWERS"), "multi", "1")),
        )
    if step is Step.TARGET:
        offered = tuple(str(c.target) for c in cohorts)
        buttons = tuple(
            (say("POLL_TARGET_BUTTON", label=c.label, size=c.size), "target", str(i))
            for i, c in enumerate(cohorts)
        )
        return draft.model_copy(update={"offered": offered}), Prompt(
            say("POLL_ASK_TARGET"), buttons
        )
    if step is Step.WHY:
        # The ready-made question in the reader's language when the project runs in it (it
        # goes out in each), else in the project's; "keep" only for a question of one's own.
        default = in_language(words, draft.languages[:1]).say("POLL_WHY_DEFAULT")
        runs_in = not draft.languages or words.lang in draft.languages
        shown = say("POLL_WHY_DEFAULT") if runs_in else default
        choices = [(say("POLL_WHY_USE_DEFAULT", why=shown), "why", "default")]
        if draft.why and draft.why != default:
            choices.insert(0, (say("POLL_WHY_KEEP", why=draft.why)[:60], "why", "keep"))
        choices.append((say("POLL_WHY_NONE"), "why", "none"))
        return draft, Prompt(say("POLL_ASK_WHY"), tuple(choices))
    if step is Step.CLOSING:
        buttons = tuple((say(label), "closing", key) for key, _, label in CLOSING_CHOICES)
        return draft, Prompt(say("POLL_ASK_CLOSING"), buttons)
    if step is Step.TRANSLATE and draft.lang is not None:
        return draft, _translate_prompt(draft, draft.lang, words)
    return draft, Prompt(say("POLL_PREVIEW_READY"))


def _translate_prompt(draft: PollDraft, lang: str, words: Words) -> Prompt:
    name = language_name(lang, words.lang)
    skip = (words.say("LANGUAGE_SKIP", language=name), "skip", lang)
    if draft.part == "question":
        text = words.say("POLL_ASK_QUESTION_IN", language=name, limit=MAX_QUESTION)
        return Prompt(text, (skip,))
    if draft.part == "options":
        text = words.say(
            "POLL_ASK_OPTIONS_IN",
            language=name,
            count=len(draft.options),
            options=numbered(draft.options),
            limit=MAX_OPTION,
        )
        return Prompt(text, ((words.say("POLL_SAME_OPTIONS"), "same", lang), skip))
    return Prompt(words.say("POLL_ASK_WHY_IN", language=name, why=draft.why or ""), (skip,))


def numbered(options: Sequence[str]) -> str:
    """Options as a numbered list."""
    return "\n".join(f"{n}. {option}" for n, option in enumerate(options, start=1))


def closing_label(hours: int | None, words: Words) -> str:
    """The closing choice in words."""
    key = next((label for _, h, label in CLOSING_CHOICES if h == hours), "POLL_CLOSE_NEVER")
    return words.say(key)


def preview(draft: PollDraft, words: Words, audience: str, size: int) -> str:
    """The whole poll as it will go out, for a last look before Send, and what is missing."""
    text = words.say(
        "POLL_PREVIEW_VERSION" if draft.version > 1 else "POLL_PREVIEW",
        version=draft.version,
        question=draft.question or "",
        options=numbered(draft.options),
        answers=words.say("POLL_SEVERAL_ANSWERS" if draft.multiple else "POLL_ONE_ANSWER"),
        audience=audience,
        size=size,
        why=draft.why or words.say("POLL_WHY_NONE"),
        closing=closing_label(draft.closes_in_hours, words),
    )
    return "\n\n".join([text, *missing_lines(draft.missing(), draft.languages, words)])


def preview_buttons(draft: PollDraft, words: Words) -> tuple[tuple[str, str, str], ...]:
    """Under the preview: add each language still missing."""
    return add_buttons(draft.missing(), words)
