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
    MAX_OPTIONS,
    MIN_OPTIONS,
    PollProblem,
    PollSpec,
    check_option,
    check_question,
    check_why,
)
from conversations.polls.targets import Target, parse_target
from conversations.texts_by_language import Text
from conversations.translating import (
    in_languages,
    language_name,
    next_to_ask,
)

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
    # A poll made from a shared idea (the ideas farm): its contributors hear of the poll.
    idea_id: int | None = None
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
            in_languages(
                default, option, {c: o[i] for c, o in self.options_in.items() if len(o) == count}
            )
            for i, option in enumerate(self.options)
        )
        why = None if self.why is None else in_languages(default, self.why, self.whys)
        return PollSpec(
            question=in_languages(default, self.question, self.questions),
            options=options,
            multiple=self.multiple,
            why=why,
        )

    def missing(self) -> list[str]:
        """The project's further languages some part of the poll is not yet written in."""
        return [lang for lang in self.languages[1:] if _next_part(self, lang) is not None]


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
    found = next_to_ask(draft.languages, draft.skipped, lambda lang: _next_part(draft, lang))
    if found is None:
        return draft.model_copy(update={"step": Step.PREVIEW, "lang": None, "part": None})
    lang, part = found
    return draft.model_copy(update={"step": Step.TRANSLATE, "lang": lang, "part": part})


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
            said = {lang: in_language(words, (lang,)).say("POLL_WHY_DEFAULT") for lang in shipped}
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


def in_language(words: Words, lang: Sequence[str]) -> Words:
    """The same catalogues in another language (the first given, else the reader's)."""
    return Words(words.catalogues, words.catalogues.resolve(lang[0])) if lang else words


def _ships(words: Words, lang: str) -> bool:
    resolved = words.catalogues.resolve(lang)
    return resolved.split("_")[0] == lang.split("-")[0]
