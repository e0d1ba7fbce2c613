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

from conversations.checkins.model import WEEKDAYS, CheckInDefinition
from conversations.i18n.words import Words
from conversations.translating import (
    in_languages,
    next_to_ask,
)

MAX_QUESTIONS = 5
# The times offered (those in quiet hours are left out).
TIMES = (time(9), time(11), time(13), time(16), time(18), time(20))
FUNCTIONS = ("accountability", "improvement", "impact", "learning")


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
    TRANSLATE = "translate"
    PREVIEW = "preview"


ACTION_STEP = {
    "day": Step.DAY,
    "time": Step.TIME,
    "weeks": Step.WEEKS,
    "target": Step.TARGET,
    "fn": Step.FUNCTION,
    "kind": Step.KIND,
    "more": Step.MORE,
    "skip": Step.TRANSLATE,
    "addlang": Step.PREVIEW,
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
    # The question in the project's further languages.
    texts: dict[str, str] = {}


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
    # The project's languages (the first is the default, the one ``title`` is in), the title
    # in the others, the languages the facilitator skipped, and while translating, the
    # language and the part asked ("title", or a question's index).
    languages: tuple[str, ...] = ()
    titles: dict[str, str] = {}
    skipped: tuple[str, ...] = ()
    lang: str | None = None
    part: str | None = None

    def definition(self, checkin_id: str) -> CheckInDefinition:
        """The check-in this draft makes; raises ValidationError if something is wrong."""
        default = self.languages[0] if self.languages else None
        return CheckInDefinition.model_validate(
            {
                "id": checkin_id,
                "title": in_languages(default, self.title or "", self.titles),
                "every": self.every,
                "at": self.at,
                "every_weeks": self.every_weeks,
                "target": self.target,
                "questions": [
                    {
                        "function": q.function,
                        "kind": q.kind,
                        "text": in_languages(default, q.text, q.texts),
                    }
                    for q in self.questions
                ],
            }
        )

    def missing(self) -> list[str]:
        """The project's further languages some part of the check-in is not yet written in."""
        return [lang for lang in self.languages[1:] if _next_part(self, lang) is not None]


def _next_part(draft: CheckInDraft, lang: str) -> str | None:
    if lang not in draft.titles:
        return "title"
    for n, question in enumerate(draft.questions):
        if lang not in question.texts:
            return str(n)
    return None


def _advance(draft: CheckInDraft) -> CheckInDraft:
    """The next part some further language still lacks (not skipped), else the preview."""
    found = next_to_ask(draft.languages, draft.skipped, lambda lang: _next_part(draft, lang))
    if found is None:
        return draft.model_copy(update={"step": Step.PREVIEW, "lang": None, "part": None})
    lang, part = found
    return draft.model_copy(update={"step": Step.TRANSLATE, "lang": lang, "part": part})


@dataclass(frozen=True, slots=True)
class Turn:
    """The draft after a message or button, and a problem to say instead of moving on."""

    draft: CheckInDraft
    problem: str | None = None


def new_draft(project_id: str, languages: Sequence[str] = ()) -> CheckInDraft:
    """A fresh draft, asking for the title."""
    return CheckInDraft(project_id=project_id, languages=tuple(languages))


FIELDS = ("title", "every", "at", "every_weeks", "target", "questions", "text")


def problems(errors: Sequence[ErrorDetails], words: Words) -> str:
    """A model's complaints, each under the field it is about in the reader's words."""
    said = []
    for item in errors:
        field = next((str(p) for p in item["loc"] if p in FIELDS), "checkin")
        message = str(item["msg"]).removeprefix("Value error, ")
        said.append(
            words.say(
                "CHECKIN_PROBLEM",
                field=words.say(f"CHECKIN_FIELDS.{field}"),
                problem=f"{message[0].lower()}{message[1:]}",
            )
        )
    return "; ".join(said)


def _checked(draft: CheckInDraft, field: str, words: Words) -> str | None:
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
            return words.say("CHECKIN_NOT_VALID", problems=problems(mine, words))
    return None


def take_text(draft: CheckInDraft, text: str, words: Words) -> Turn:
    """A message from the facilitator while building."""
    typed = text.strip()
    if draft.step is Step.TITLE:
        changed = draft.model_copy(update={"title": typed})
        problem = _checked(changed, "title", words)
        return (
            Turn(draft, problem) if problem else Turn(changed.model_copy(update={"step": Step.DAY}))
        )
    if draft.step is Step.TEXT:
        question = QuestionDraft(function=draft.function or "", kind=draft.kind or "", text=typed)
        changed = draft.model_copy(update={"questions": (*draft.questions, question)})
        problem = _checked(changed, "questions", words)
        if problem:
            return Turn(draft, problem)
        update: dict[str, object] = {"function": None, "kind": None, "step": Step.MORE}
        if len(changed.questions) >= MAX_QUESTIONS:
            return Turn(_advance(changed.model_copy(update=update)))
        return Turn(changed.model_copy(update=update))
    if draft.step is Step.TRANSLATE and draft.lang is not None:
        changed = _translated(draft, draft.lang, typed)
        problem = _checked(changed, "title" if draft.part == "title" else "questions", words)
        return Turn(draft, problem) if problem else Turn(_advance(changed))
    return Turn(draft, words.say("CHECKIN_USE_BUTTONS"))


def _translated(draft: CheckInDraft, lang: str, typed: str) -> CheckInDraft:
    if draft.part == "title":
        return draft.model_copy(update={"titles": {**draft.titles, lang: typed}})
    n = int(draft.part or 0)
    questions = list(draft.questions)
    questions[n] = questions[n].model_copy(update={"texts": {**questions[n].texts, lang: typed}})
    return draft.model_copy(update={"questions": tuple(questions)})


def press(draft: CheckInDraft, action: str, arg: str, words: Words) -> Turn:
    """A button of the flow; one from another step leaves the draft as it is."""
    stale = Turn(draft, words.say("CHECKIN_STALE_STEP"))
    if ACTION_STEP.get(action) is not draft.step:
        return stale
    if action == "day" and arg in WEEKDAYS:
        return Turn(draft.model_copy(update={"every": arg, "step": Step.TIME}))
    if action == "time" and arg.isdigit() and len(arg) == 4:
        return Turn(draft.model_copy(update={"at": f"{arg[:2]}:{arg[2:]}", "step": Step.WEEKS}))
    if action == "weeks" and arg in {"1", "2"}:
        return Turn(draft.model_copy(update={"every_weeks": int(arg), "step": Step.TARGET}))
    if action == "target" and arg.isdigit() and int(arg) < len(draft.offered):
        changed = draft.model_copy(update={"target": draft.offered[int(arg)]})
        problem = _checked(changed, "target", words)
        if problem:
            return Turn(draft, problem)
        return Turn(changed.model_copy(update={"step": Step.FUNCTION}))
    if action == "fn" and arg in FUNCTIONS:
        return Turn(draft.model_copy(update={"function": arg, "step": Step.KIND}))
    if action == "kind" and arg in {"scale", "text"}:
        return Turn(draft.model_copy(update={"kind": arg, "step": Step.TEXT}))
    if action == "more" and arg == "add":
        return Turn(draft.model_copy(update={"step": Step.FUNCTION}))
    if action == "more" and arg == "done":
        return Turn(_advance(draft))
    if action == "skip" and draft.lang is not None:
        return Turn(_advance(draft.model_copy(update={"skipped": (*draft.skipped, draft.lang)})))
    if action == "addlang" and arg in draft.missing():
        skipped = tuple(lang for lang in draft.skipped if lang != arg)
        return Turn(_advance(draft.model_copy(update={"skipped": skipped})))
    return stale


def back_to(draft: CheckInDraft, error: ValidationError) -> CheckInDraft:
    """The draft at the first step the model rejected (the questions start over)."""
    for item in error.errors():
        step = FIELD_STEP.get(str(item["loc"][0]) if item["loc"] else "")
        if step is Step.FUNCTION:
            return draft.model_copy(update={"step": step, "questions": ()})
        if step is not None:
            return draft.model_copy(update={"step": step})
    return draft.model_copy(update={"step": Step.TITLE})
