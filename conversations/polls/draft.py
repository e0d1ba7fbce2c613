"""Building a poll in chat: a short guided flow, one step at a time, pure and resumable.

The draft is stored between messages (a restart loses nothing). Each step either takes
text (question, options, the "why?" question) or a button; buttons carry an action and
one argument, and only the current step's buttons count. A project in several languages
then asks for the question, the options and the follow-up in each further language in
turn (each can be skipped: its readers get the default language's words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from conversations.i18n.words import Words
from conversations.polls.model import (
    MAX_OPTION,
    MAX_OPTIONS,
    MAX_QUESTION,
    MIN_OPTIONS,
    PollProblem,
    PollSpec,
    check_option,
    check_question,
    check_why,
)
from conversations.polls.targets import Target, parse_target
from conversations.texts_by_language import Text
from conversations.translating import language_name, missing_lines

HOUR = 3600.0


class Step(StrEnum):
    """Where a draft is."""

    QUESTION = "question"
    OPTIONS = "options"
    MULTIPLE = "multiple"
    TARGET = "target"
    WHY = "why"
    CLOSING = "closing"
    TRANSLATE = "translate"
    PREVIEW = "preview"


# Closing choices: (button argument, hours until closing or None, label key).
CLOSING_CHOICES: tuple[tuple[str, int | None, str], ...] = (
    ("1d", 24, "POLL_CLOSE_1D"),
    ("3d", 72, "POLL_CLOSE_3D"),
    ("1w", 168, "POLL_CLOSE_1W"),
    ("none", None, "POLL_CLOSE_NEVER"),
)
# Which step each button action belongs to: a button from an earlier step is stale.
ACTION_STEP = {
    "keepq": Step.QUESTION,
    "keepopts": Step.OPTIONS,
    "multi": Step.MULTIPLE,
    "target": Step.TARGET,
    "why": Step.WHY,
    "closing": Step.CLOSING,
    "same": Step.TRANSLATE,
    "skip": Step.TRANSLATE,
    "addlang": Step.PREVIEW,
}


@dataclass(frozen=True, slots=True)
class Cohort:
    """A group a poll can go to, and how many reachable people are in it now."""

    target: Target
    size: int
    label: str


@dataclass(frozen=True, slots=True)
class Prompt:
    """What to say for the current step: text and buttons (label, action, argument)."""

    text: str
    buttons: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Turn:
    """The draft after a message or button, and a problem to say instead of moving on."""

    draft: PollDraft
    problem: str | None = None
    note: str | None = None


class PollDraft(BaseModel):
    """A poll being built; stored as it stands after each step.

    ``question``, ``options`` and ``why`` are in the project's default language (the first
    of ``languages``); ``questions``, ``options_in`` and ``whys`` hold the other languages.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    project_id: str
    step: Step = Step.QUESTION
    question: str | None = None
    options: tuple[str, ...] = ()
    # Options came from an earlier version: the first option sent replaces them all.
    prefilled: bool = False
    multiple: bool = False
    target: str = "all"
    # Targets as offered on the buttons, in order: a button carries only its index.
    offered: tuple[str, ...] = ()
    why: str | None = None
    closes_in_hours: int | None = None
    parent_id: int | None = None
    version: int = 1
    languages: tuple[str, ...] = ()
    questions: dict[str, str] = {}
    options_in: dict[str, tuple[str, ...]] = {}
    whys: dict[str, str] = {}
    skipped: tuple[str, ...] = ()
    # While translating: the language and the part ("question", "options", "why") asked.
    lang: str | None = None
    part: str | None = None

    def spec(self) -> PollSpec:
        """The poll this draft makes (every language given); raises if a step was skipped."""
        if self.question is None:
            raise PollProblem("POLL_QUESTION_EMPTY")
        default = self.languages[0] if self.languages else None
        count = len(self.options)
        options = tuple(
            _text(default, option, {c: o[i] for c, o in self.options_in.items() if len(o) == count})
            for i, option in enumerate(self.options)
        )
        why = None if self.why is None else _text(default, self.why, self.whys)
        return PollSpec(
            question=_text(default, self.question, self.questions),
            options=options,
            multiple=self.multiple,
            why=why,
        )

    def missing(self) -> list[str]:
        """The project's further languages some part of the poll is not yet written in."""
        return [lang for lang in self.languages[1:] if _next_part(self, lang) is not None]


def _text(default: str | None, words: str, others: dict[str, str]) -> Text:
    if default is None or not others:
        return Text(words)
    return Text({default: words, **others})


def new_draft(project_id: str, languages: Sequence[str] = ()) -> PollDraft:
    """A fresh draft, asking for the question."""
    return PollDraft(project_id=project_id, languages=tuple(languages))


def version_draft(
    project_id: str,
    earlier: PollSpec,
    target: str,
    parent_id: int,
    version: int,
    languages: Sequence[str] = (),
) -> PollDraft:
    """A new version of an earlier poll: all pre-filled (each language), to keep or change."""
    others = tuple(languages[1:])

    def given(text: Text) -> dict[str, str]:
        return {lang: text.in_(lang) for lang in others if lang in text.languages}

    options_in: dict[str, tuple[str, ...]] = {}
    for lang in others:
        if all(lang in option.languages for option in earlier.options):
            options_in[lang] = tuple(option.in_(lang) for option in earlier.options)
    default = languages[0] if languages else None
    return PollDraft(
        project_id=project_id,
        question=earlier.question.in_(default),
        options=tuple(option.in_(default) for option in earlier.options),
        prefilled=True,
        multiple=earlier.multiple,
        target=target,
        why=None if earlier.why is None else earlier.why.in_(default),
        parent_id=parent_id,
        version=version,
        languages=tuple(languages),
        questions=given(earlier.question),
        options_in=options_in,
        whys={} if earlier.why is None else given(earlier.why),
    )


def take_text(draft: PollDraft, text: str, words: Words) -> Turn:
    """A message from the facilitator while building."""
    try:
        if draft.step is Step.QUESTION:
            question = check_question(text)
            update = {"question": question, "questions": {}, "step": Step.OPTIONS}
            return Turn(draft.model_copy(update=update))
        if draft.step is Step.OPTIONS:
            return _take_options(draft, text, words)
        if draft.step is Step.WHY:
            why = check_why(text)
            return Turn(draft.model_copy(update={"why": why, "whys": {}, "step": Step.CLOSING}))
        if draft.step is Step.TRANSLATE and draft.lang is not None:
            return Turn(_advance(_translated(draft, draft.lang, text, words)))
    except PollProblem as problem:
        return Turn(draft, problem.said(words))
    return Turn(draft, words.say("POLL_USE_BUTTONS"))


def _translated(draft: PollDraft, lang: str, text: str, words: Words) -> PollDraft:
    """The draft with this language's words for the part being asked."""
    if draft.part == "question":
        return draft.model_copy(
            update={"questions": {**draft.questions, lang: check_question(text)}}
        )
    if draft.part == "options":
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) != len(draft.options):
            name = language_name(lang, words.lang)
            raise PollProblem("POLL_OPTIONS_COUNT_IN", count=len(draft.options), language=name)
        options: list[str] = []
        for line in lines:
            options.append(check_option(line, options))
        return draft.model_copy(update={"options_in": {**draft.options_in, lang: tuple(options)}})
    return draft.model_copy(update={"whys": {**draft.whys, lang: check_why(text)}})


def _next_part(draft: PollDraft, lang: str) -> str | None:
    if lang not in draft.questions:
        return "question"
    if len(draft.options_in.get(lang, ())) != len(draft.options):
        return "options"
    if draft.why is not None and lang not in draft.whys:
        return "why"
    return None


def _advance(draft: PollDraft) -> PollDraft:
    """The next part some further language still lacks (not skipped), else the preview."""
    for lang in draft.languages[1:]:
        if lang in draft.skipped:
            continue
        part = _next_part(draft, lang)
        if part is not None:
            return draft.model_copy(update={"step": Step.TRANSLATE, "lang": lang, "part": part})
    return draft.model_copy(update={"step": Step.PREVIEW, "lang": None, "part": None})


def _take_options(draft: PollDraft, text: str, words: Words) -> Turn:
    done_words = {*words.say("POLL_DONE_WORDS").splitlines(), "done"}
    if text.strip().casefold() in {w.casefold() for w in done_words}:
        if len(draft.options) < MIN_OPTIONS:
            return Turn(draft, words.say("POLL_OPTIONS_TOO_FEW", low=MIN_OPTIONS))
        return Turn(draft.model_copy(update={"step": Step.MULTIPLE, "prefilled": False}))
    options = [] if draft.prefilled else list(draft.options)
    # Several lines in one message are several options (pasting a list is quicker).
    for line in (line for line in text.splitlines() if line.strip()):
        if len(options) >= MAX_OPTIONS:
            raise PollProblem("POLL_OPTIONS_TOO_MANY", high=MAX_OPTIONS)
        options.append(check_option(line, options))
    # New options: translations of the old ones no longer fit.
    update: dict[str, object] = {"options": tuple(options), "prefilled": False, "options_in": {}}
    if len(options) == MAX_OPTIONS:
        update["step"] = Step.MULTIPLE
        note = words.say("POLL_OPTIONS_FULL", high=MAX_OPTIONS)
        return Turn(draft.model_copy(update=update), note=note)
    note = words.say("POLL_OPTION_ADDED", count=len(options), high=MAX_OPTIONS)
    return Turn(draft.model_copy(update=update), note=note)


def press(draft: PollDraft, action: str, arg: str, words: Words) -> Turn:
    """A button of the flow; one from another step leaves the draft as it is."""
    stale = Turn(draft, words.say("POLL_STALE_STEP"))
    if ACTION_STEP.get(action) is not draft.step:
        return stale
    if action == "keepq" and draft.question:
        return Turn(draft.model_copy(update={"step": Step.OPTIONS}))
    if action == "keepopts" and len(draft.options) >= MIN_OPTIONS:
        return Turn(draft.model_copy(update={"step": Step.MULTIPLE, "prefilled": False}))
    if action == "multi" and arg in {"0", "1"}:
        return Turn(draft.model_copy(update={"multiple": arg == "1", "step": Step.TARGET}))
    if action == "target" and arg.isdigit() and int(arg) < len(draft.offered):
        target = str(parse_target(draft.offered[int(arg)]))
        return Turn(draft.model_copy(update={"target": target, "step": Step.WHY}))
    if action == "why" and arg in {"default", "keep", "none"}:
        if arg == "default":  # the ready-made question, in each of the project's languages
            langs = draft.languages or (words.lang,)
            # Languages Tandem has no words in are asked for, like a question of one's own.
            shipped = [lang for i, lang in enumerate(langs) if i == 0 or _ships(words, lang)]
            said = {lang: _in(words, (lang,)).say("POLL_WHY_DEFAULT") for lang in shipped}
            update: dict[str, object] = {
                "why": said[langs[0]],
                "whys": {k: v for k, v in said.items() if k != langs[0]},
            }
        elif arg == "keep":
            update = {}
        else:
            update = {"why": None, "whys": {}}
        return Turn(draft.model_copy(update={**update, "step": Step.CLOSING}))
    if action == "closing":
        for key, hours, _ in CLOSING_CHOICES:
            if key == arg:
                return Turn(_advance(draft.model_copy(update={"closes_in_hours": hours})))
    if action == "same" and draft.lang is not None and draft.part == "options":
        options_in = {**draft.options_in, draft.lang: draft.options}
        return Turn(_advance(draft.model_copy(update={"options_in": options_in})))
    if action == "skip" and draft.lang is not None:
        return Turn(_advance(draft.model_copy(update={"skipped": (*draft.skipped, draft.lang)})))
    if action == "addlang" and arg in draft.missing():
        skipped = tuple(lang for lang in draft.skipped if lang != arg)
        return Turn(_advance(draft.model_copy(update={"skipped": skipped})))
    return stale


def _in(words: Words, lang: Sequence[str]) -> Words:
    """The same catalogues in another language (the first given, else the reader's)."""
    return Words(words.catalogues, words.catalogues.resolve(lang[0])) if lang else words


def _ships(words: Words, lang: str) -> bool:
    resolved = words.catalogues.resolve(lang)
    return resolved.split("_")[0] == lang.split("-")[0]


def prompt(
    draft: PollDraft, words: Words, cohorts: Sequence[Cohort] = ()
) -> tuple[PollDraft, Prompt]:
    """What to ask at the draft's step; the target step records the targets offered."""
    say = words.say
    step = draft.step
    if step is Step.QUESTION:
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
        default = _in(words, draft.languages[:1]).say("POLL_WHY_DEFAULT")
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
    return tuple(
        (words.say("LANGUAGE_ADD", language=language_name(lang, words.lang)), "addlang", lang)
        for lang in draft.missing()
    )
