"""Building a poll in chat: a short guided flow, one step at a time, pure and resumable.

The draft is stored between messages (a restart loses nothing). Each step either takes
text (question, options, the "why?" question) or a button; buttons carry an action and
one argument, and only the current step's buttons count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from conversations.polls import texts
from conversations.polls.model import (
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

HOUR = 3600.0


class Step(StrEnum):
    """Where a draft is."""

    QUESTION = "question"
    OPTIONS = "options"
    MULTIPLE = "multiple"
    TARGET = "target"
    WHY = "why"
    CLOSING = "closing"
    PREVIEW = "preview"


# Closing choices: (button argument, hours until closing or None, label).
CLOSING_CHOICES: tuple[tuple[str, int | None, str], ...] = (
    ("1d", 24, texts.CLOSE_1D),
    ("3d", 72, texts.CLOSE_3D),
    ("1w", 168, texts.CLOSE_1W),
    ("none", None, texts.CLOSE_NEVER),
)
# Which step each button action belongs to: a button from an earlier step is stale.
ACTION_STEP = {
    "keepq": Step.QUESTION,
    "keepopts": Step.OPTIONS,
    "multi": Step.MULTIPLE,
    "target": Step.TARGET,
    "why": Step.WHY,
    "closing": Step.CLOSING,
}
DONE_WORDS = {"done", "finished", "that's all", "end"}


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
    """A poll being built; stored as it stands after each step."""

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

    def spec(self) -> PollSpec:
        """The poll this draft makes; raises if a step was skipped."""
        if self.question is None:
            raise PollProblem(texts.QUESTION_EMPTY)
        return PollSpec(
            question=self.question, options=self.options, multiple=self.multiple, why=self.why
        )


def new_draft(project_id: str) -> PollDraft:
    """A fresh draft, asking for the question."""
    return PollDraft(project_id=project_id)


def version_draft(
    project_id: str, earlier: PollSpec, target: str, parent_id: int, version: int
) -> PollDraft:
    """A new version of an earlier poll: everything pre-filled, to keep or change."""
    return PollDraft(
        project_id=project_id,
        question=earlier.question,
        options=earlier.options,
        prefilled=True,
        multiple=earlier.multiple,
        target=target,
        why=earlier.why,
        parent_id=parent_id,
        version=version,
    )


def take_text(draft: PollDraft, text: str) -> Turn:
    """A message from the facilitator while building."""
    try:
        if draft.step is Step.QUESTION:
            question = check_question(text)
            return Turn(draft.model_copy(update={"question": question, "step": Step.OPTIONS}))
        if draft.step is Step.OPTIONS:
            return _take_options(draft, text)
        if draft.step is Step.WHY:
            why = check_why(text)
            return Turn(draft.model_copy(update={"why": why, "step": Step.CLOSING}))
    except PollProblem as problem:
        return Turn(draft, str(problem))
    return Turn(draft, texts.USE_BUTTONS)


def _take_options(draft: PollDraft, text: str) -> Turn:
    if text.strip().casefold() in DONE_WORDS:
        if len(draft.options) < MIN_OPTIONS:
            return Turn(draft, texts.OPTIONS_TOO_FEW.format(low=MIN_OPTIONS))
        return Turn(draft.model_copy(update={"step": Step.MULTIPLE, "prefilled": False}))
    options = [] if draft.prefilled else list(draft.options)
    # Several lines in one message are several options (pasting a list is quicker).
    for line in (line for line in text.splitlines() if line.strip()):
        if len(options) >= MAX_OPTIONS:
            raise PollProblem(texts.OPTIONS_TOO_MANY.format(high=MAX_OPTIONS))
        options.append(check_option(line, options))
    update: dict[str, object] = {"options": tuple(options), "prefilled": False}
    if len(options) == MAX_OPTIONS:
        update["step"] = Step.MULTIPLE
        return Turn(
            draft.model_copy(update=update), note=texts.OPTIONS_FULL.format(high=MAX_OPTIONS)
        )
    note = texts.OPTION_ADDED.format(count=len(options), high=MAX_OPTIONS)
    return Turn(draft.model_copy(update=update), note=note)


def press(draft: PollDraft, action: str, arg: str) -> Turn:
    """A button of the flow; one from another step leaves the draft as it is."""
    if ACTION_STEP.get(action) is not draft.step:
        return Turn(draft, texts.STALE_STEP)
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
        why = {"default": texts.WHY_DEFAULT, "keep": draft.why, "none": None}[arg]
        return Turn(draft.model_copy(update={"why": why, "step": Step.CLOSING}))
    if action == "closing":
        for key, hours, _ in CLOSING_CHOICES:
            if key == arg:
                update = {"closes_in_hours": hours, "step": Step.PREVIEW}
                return Turn(draft.model_copy(update=update))
    return Turn(draft, texts.STALE_STEP)


def prompt(draft: PollDraft, cohorts: Sequence[Cohort] = ()) -> tuple[PollDraft, Prompt]:
    """What to ask at the draft's step; the target step records the targets offered."""
    step = draft.step
    if step is Step.QUESTION:
        if draft.question:
            text = texts.ASK_QUESTION_AGAIN.format(version=draft.version, question=draft.question)
            return draft, Prompt(text, ((texts.KEEP_QUESTION, "keepq", "1"),))
        return draft, Prompt(texts.ASK_QUESTION.format(limit=MAX_QUESTION))
    if step is Step.OPTIONS:
        if draft.prefilled:
            listed = numbered(draft.options)
            text = texts.ASK_OPTIONS_AGAIN.format(options=listed, high=MAX_OPTIONS)
            return draft, Prompt(text, ((texts.KEEP_OPTIONS, "keepopts", "1"),))
        return draft, Prompt(texts.ASK_OPTIONS.format(low=MIN_OPTIONS, high=MAX_OPTIONS))
    if step is Step.MULTIPLE:
        return draft, Prompt(
            texts.ASK_MULTIPLE,
            ((texts.ONE_ANSWER, "multi", "0"), (texts.SEVERAL_ANSWERS, "multi", "1")),
        )
    if step is Step.TARGET:
        offered = tuple(str(c.target) for c in cohorts)
        buttons = tuple((f"{c.label} ({c.size})", "target", str(i)) for i, c in enumerate(cohorts))
        return draft.model_copy(update={"offered": offered}), Prompt(texts.ASK_TARGET, buttons)
    if step is Step.WHY:
        choices = [(texts.WHY_USE_DEFAULT.format(why=texts.WHY_DEFAULT), "why", "default")]
        if draft.why and draft.why != texts.WHY_DEFAULT:
            choices.insert(0, (texts.WHY_KEEP.format(why=draft.why)[:60], "why", "keep"))
        choices.append((texts.WHY_NONE, "why", "none"))
        return draft, Prompt(texts.ASK_WHY, tuple(choices))
    if step is Step.CLOSING:
        buttons = tuple((label, "closing", key) for key, _, label in CLOSING_CHOICES)
        return draft, Prompt(texts.ASK_CLOSING, buttons)
    return draft, Prompt(texts.PREVIEW_READY)


def numbered(options: Sequence[str]) -> str:
    """Options as a numbered list."""
    return "\n".join(f"{n}. {option}" for n, option in enumerate(options, start=1))


def closing_label(hours: int | None) -> str:
    """The closing choice in words."""
    return next((label for _, h, label in CLOSING_CHOICES if h == hours), texts.CLOSE_NEVER)


def preview(draft: PollDraft, audience: str, size: int) -> str:
    """The whole poll as it will go out, for a last look before Send."""
    return texts.PREVIEW.format(
        version=f" (version {draft.version})" if draft.version > 1 else "",
        question=draft.question or "",
        options=numbered(draft.options),
        answers=texts.SEVERAL_ANSWERS if draft.multiple else texts.ONE_ANSWER,
        audience=audience,
        size=size,
        why=draft.why or texts.WHY_NONE,
        closing=closing_label(draft.closes_in_hours),
    )
