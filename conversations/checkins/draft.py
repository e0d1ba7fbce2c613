"""Building a check-in in chat (/newcheckin): a short guided flow, pure and resumable.

The draft is stored after each step (a restart loses nothing). Only the title and each
question's words are typed; everything else is a button carrying an action and one
argument, and only the current step's buttons count. What is saved is validated by the
same CheckInDefinition model as a project file's check-ins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from conversations.checkins.model import FULL_NAMES, WEEKDAYS, CheckInDefinition
from conversations.diary_schedule import is_quiet
from conversations.polls.draft import Cohort, Prompt  # one step's words, as polls ask them

MAX_QUESTIONS = 5
# The times offered (those in quiet hours are left out).
TIMES = (time(9), time(11), time(13), time(16), time(18), time(20))
FUNCTIONS = ("accountability", "improvement", "impact", "learning")

# Every word the flow says.
ASK_TITLE = (
    "Let's build a check-in: a few short questions asked again and again, so you can see"
    " change over time.\n\nFirst, its title (what residents see), e.g. “The Tuesday"
    " drop-in”. Up to 80 characters."
)
ASK_DAY = "Which day of the week does it go out?"
ASK_TIME = "At what time (the project's time zone)?"
NO_TIMES = "Every time I could offer falls in the project's quiet hours; change them first."
ASK_WEEKS = "How often?"
WEEKLY = "Every week"
FORTNIGHTLY = "Every 2 weeks"
ASK_TARGET = "Who is asked?"
ASK_FUNCTION = "Question {n}: what is it for?"
FUNCTION_LABELS = {
    "accountability": "Accountability (did we do what we said?)",
    "improvement": "Improvement (what should change?)",
    "impact": "Impact (is it making a difference?)",
    "learning": "Learning (what are we finding out?)",
}
ASK_KIND = "How is question {n} answered?"
SCALE = "Scale 1-5"
FREE_TEXT = "Free text"
ASK_TEXT = "Type question {n}, as residents will read it (up to 300 characters)."
ASK_MORE = "{count} of {high} questions so far. Add another?"
ADD_ANOTHER = "Add another"
DONE = "Done"
PREVIEW = (
    "Preview of the check-in:\n\n“{title}”\n{when}\nAsked: {audience} ({size} now)\n"
    "Answers open for {window} hours.\n\n{questions}\n\nSave it to start the schedule."
)
PREVIEW_QUESTION = "{n}. [{function}, {kind}] {text}"
SAVE = "Save"
CANCEL = "Cancel"
CANCELLED = "Cancelled; nothing was saved."
SAVED = "Saved as check-in {id}. The first one goes out {next}. See /checkin for results."
USE_BUTTONS = "Please use the buttons above (or /newcheckin to start again)."
STALE_STEP = "That button belongs to an earlier step."
DRAFT_GONE = "That check-in is no longer being built. Send /newcheckin to start one."
NO_PROJECTS = "You don't run any project yet, so there is nowhere to add a check-in."
PICK_PROJECT = "Which project is the check-in for?"
NOT_VALID = "That doesn't work: {problems}. Please try again."
FIELD_WORDS = {
    "title": "the title",
    "every": "the day",
    "at": "the time",
    "every_weeks": "how often",
    "target": "who is asked",
    "questions": "the questions",
    "text": "the question",
}


class Step(StrEnum):
    """Where a draft is."""

    TITLE = "title"
    DAY = "day"
    TIME = "time"
    WEEKS = "weeks"
    TARGET = "target"
    FUNCTION = "function"
    KIND = "kind"
    TEXT = "text"
    MORE = "more"
    PREVIEW = "preview"


ACTION_STEP = {
    "day": Step.DAY,
    "time": Step.TIME,
    "weeks": Step.WEEKS,
    "target": Step.TARGET,
    "fn": Step.FUNCTION,
    "kind": Step.KIND,
    "more": Step.MORE,
}
# Which step to ask again when the model rejects a field.
FIELD_STEP = {
    "title": Step.TITLE,
    "every": Step.DAY,
    "at": Step.TIME,
    "every_weeks": Step.WEEKS,
    "target": Step.TARGET,
    "questions": Step.FUNCTION,
}


class QuestionDraft(BaseModel):
    """One question as built."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    function: str
    kind: str
    text: str


class CheckInDraft(BaseModel):
    """A check-in being built; stored as it stands after each step."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project_id: str
    step: Step = Step.TITLE
    title: str | None = None
    every: str | None = None
    at: str | None = None
    every_weeks: int = 1
    target: str = "all"
    # Targets as offered on the buttons, in order: a button carries only its index.
    offered: tuple[str, ...] = ()
    questions: tuple[QuestionDraft, ...] = ()
    function: str | None = None
    kind: str | None = None

    def definition(self, checkin_id: str) -> CheckInDefinition:
        """The check-in this draft makes; raises ValidationError if something is wrong."""
        return CheckInDefinition.model_validate(
            {
                "id": checkin_id,
                "title": self.title or "",
                "every": self.every,
                "at": self.at,
                "every_weeks": self.every_weeks,
                "target": self.target,
                "questions": [q.model_dump() for q in self.questions],
            }
        )


@dataclass(frozen=True, slots=True)
class Turn:
    """The draft after a message or button, and a problem to say instead of moving on."""

    draft: CheckInDraft
    problem: str | None = None


def new_draft(project_id: str) -> CheckInDraft:
    """A fresh draft, asking for the title."""
    return CheckInDraft(project_id=project_id)


def problems(errors: Sequence[ErrorDetails]) -> str:
    """A model's complaints in plain words."""
    said = []
    for item in errors:
        field = next((FIELD_WORDS[p] for p in item["loc"] if p in FIELD_WORDS), "the check-in")
        message = str(item["msg"]).removeprefix("Value error, ")
        said.append(f"{field}: {message[0].lower()}{message[1:]}")
    return "; ".join(said)


def _checked(draft: CheckInDraft, field: str) -> str | None:
    """Whether the model accepts this field as built so far (others get placeholders)."""
    sample = draft.model_copy(
        update={
            "title": draft.title or "t",
            "every": draft.every or "mon",
            "at": draft.at or "12:00",
            "questions": draft.questions
            or (QuestionDraft(function="impact", kind="text", text="q"),),
        }
    )
    try:
        sample.definition("c0")
    except ValidationError as error:
        mine = [e for e in error.errors() if e["loc"] and e["loc"][0] == field]
        if mine:
            return NOT_VALID.format(problems=problems(mine))
    return None


def take_text(draft: CheckInDraft, text: str) -> Turn:
    """A message from the facilitator while building."""
    words = text.strip()
    if draft.step is Step.TITLE:
        changed = draft.model_copy(update={"title": words})
        problem = _checked(changed, "title")
        return (
            Turn(draft, problem) if problem else Turn(changed.model_copy(update={"step": Step.DAY}))
        )
    if draft.step is Step.TEXT:
        question = QuestionDraft(function=draft.function or "", kind=draft.kind or "", text=words)
        changed = draft.model_copy(update={"questions": (*draft.questions, question)})
        problem = _checked(changed, "questions")
        if problem:
            return Turn(draft, problem)
        update: dict[str, object] = {"function": None, "kind": None, "step": Step.MORE}
        if len(changed.questions) >= MAX_QUESTIONS:
            update["step"] = Step.PREVIEW
        return Turn(changed.model_copy(update=update))
    return Turn(draft, USE_BUTTONS)


def press(draft: CheckInDraft, action: str, arg: str) -> Turn:
    """A button of the flow; one from another step leaves the draft as it is."""
    if ACTION_STEP.get(action) is not draft.step:
        return Turn(draft, STALE_STEP)
    if action == "day" and arg in WEEKDAYS:
        return Turn(draft.model_copy(update={"every": arg, "step": Step.TIME}))
    if action == "time" and arg.isdigit() and len(arg) == 4:
        return Turn(draft.model_copy(update={"at": f"{arg[:2]}:{arg[2:]}", "step": Step.WEEKS}))
    if action == "weeks" and arg in {"1", "2"}:
        return Turn(draft.model_copy(update={"every_weeks": int(arg), "step": Step.TARGET}))
    if action == "target" and arg.isdigit() and int(arg) < len(draft.offered):
        changed = draft.model_copy(update={"target": draft.offered[int(arg)]})
        problem = _checked(changed, "target")
        if problem:
            return Turn(draft, problem)
        return Turn(changed.model_copy(update={"step": Step.FUNCTION}))
    if action == "fn" and arg in FUNCTIONS:
        return Turn(draft.model_copy(update={"function": arg, "step": Step.KIND}))
    if action == "kind" and arg in {"scale", "text"}:
        return Turn(draft.model_copy(update={"kind": arg, "step": Step.TEXT}))
    if action == "more" and arg in {"add", "done"}:
        step = Step.FUNCTION if arg == "add" else Step.PREVIEW
        return Turn(draft.model_copy(update={"step": step}))
    return Turn(draft, STALE_STEP)


def back_to(draft: CheckInDraft, error: ValidationError) -> CheckInDraft:
    """The draft at the first step the model rejected (the questions start over)."""
    for item in error.errors():
        step = FIELD_STEP.get(str(item["loc"][0]) if item["loc"] else "")
        if step is Step.FUNCTION:
            return draft.model_copy(update={"step": step, "questions": ()})
        if step is not None:
            return draft.model_copy(update={"step": step})
    return draft.model_copy(update={"step": Step.TITLE})


def times_outside(quiet: tuple[time, time]) -> list[time]:
    """The times offered: those outside quiet hours."""
    return [t for t in TIMES if not is_quiet(t, quiet)]


def prompt(
    draft: CheckInDraft, quiet: tuple[time, time], cohorts: Sequence[Cohort] = ()
) -> tuple[CheckInDraft, Prompt]:
    """What to ask at the draft's step; the target step records the targets offered."""
    step, n = draft.step, len(draft.questions) + 1
    if step is Step.TITLE:
        return draft, Prompt(ASK_TITLE)
    if step is Step.DAY:
        days = tuple(
            (name.title(), "day", day) for day, name in zip(WEEKDAYS, FULL_NAMES, strict=True)
        )
        return draft, Prompt(ASK_DAY, days)
    if step is Step.TIME:
        hours = tuple((f"{t:%H:%M}", "time", f"{t:%H%M}") for t in times_outside(quiet))
        return draft, Prompt(ASK_TIME if hours else NO_TIMES, hours)
    if step is Step.WEEKS:
        return draft, Prompt(ASK_WEEKS, ((WEEKLY, "weeks", "1"), (FORTNIGHTLY, "weeks", "2")))
    if step is Step.TARGET:
        offered = tuple(str(c.target) for c in cohorts)
        buttons = tuple((f"{c.label} ({c.size})", "target", str(i)) for i, c in enumerate(cohorts))
        return draft.model_copy(update={"offered": offered}), Prompt(ASK_TARGET, buttons)
    if step is Step.FUNCTION:
        buttons = tuple((FUNCTION_LABELS[f], "fn", f) for f in FUNCTIONS)
        return draft, Prompt(ASK_FUNCTION.format(n=n), buttons)
    if step is Step.KIND:
        buttons = ((SCALE, "kind", "scale"), (FREE_TEXT, "kind", "text"))
        return draft, Prompt(ASK_KIND.format(n=n), buttons)
    if step is Step.TEXT:
        return draft, Prompt(ASK_TEXT.format(n=n))
    if step is Step.MORE:
        text = ASK_MORE.format(count=len(draft.questions), high=MAX_QUESTIONS)
        return draft, Prompt(text, ((ADD_ANOTHER, "more", "add"), (DONE, "more", "done")))
    return draft, Prompt("")


def when_words(draft: CheckInDraft) -> str:
    """The recurrence in words."""
    day = FULL_NAMES[WEEKDAYS.index(draft.every)].title() if draft.every else "?"
    often = WEEKLY if draft.every_weeks == 1 else FORTNIGHTLY
    return f"{often}, {day} at {draft.at}"


def preview(definition: CheckInDefinition, when: str, audience: str, size: int) -> str:
    """The whole check-in as it will go out, for a last look before Save."""
    questions = "\n".join(
        PREVIEW_QUESTION.format(
            n=n, function=q.function, kind=SCALE if q.kind == "scale" else FREE_TEXT, text=q.text
        )
        for n, q in enumerate(definition.questions, 1)
    )
    return PREVIEW.format(
        title=definition.title,
        when=when,
        audience=audience,
        size=size,
        window=definition.window_hours,
        questions=questions,
    )
