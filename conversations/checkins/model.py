"""Check-in definitions as validated data, and each answer as a short generated dialogue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time, timedelta
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from conversations.dialogue.engine import Answer
from conversations.dialogue.script import Script, parse_script
from conversations.i18n.words import Words, english
from conversations.polls.targets import Target, TargetError, parse_target
from conversations.texts_by_language import Text

Function = Literal["accountability", "improvement", "impact", "learning"]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Fortnightly (and longer) check-ins count weeks from this Monday unless `starts_on` is given.
ANCHOR = date(2024, 1, 1)
CHECKIN_ID = r"^[a-z0-9_-]{1,16}$"


def _sized(words: str, limit: int) -> str:
    if not words:
        raise ValueError("string should have at least 1 character")
    if len(words) > limit:
        raise ValueError(f"string should have at most {limit} characters")
    return words


class CheckInQuestion(BaseModel):
    """One question: what it is for, how it is answered, and its words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None = Field(None, pattern=r"^[a-z0-9_]{1,12}$")
    function: Function
    kind: Literal["scale", "text"]
    text: Text

    @field_validator("text")
    @classmethod
    def _text(cls, value: Text) -> Text:
        return value.each(partial(_sized, limit=300))


class AlertDrop(BaseModel):
    """When facilitators are told: a scale mean or the response rate fell this much."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mean: float | None = Field(None, gt=0, le=4)
    response_rate: float | None = Field(None, gt=0, le=100)  # percentage points


class CheckInDefinition(BaseModel):
    """A recurring check-in as declared in a project file (`checkins:`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=CHECKIN_ID)
    title: Text
    every: str | None = None
    at: time
    every_weeks: int = Field(1, ge=1, le=8)
    monthly_day: int | None = Field(None, ge=1, le=28)
    starts_on: date | None = None
    target: str = "all"
    window_hours: int = Field(48, ge=1, le=24 * 27)
    reminder_after_hours: int | None = Field(None, ge=1)
    alert_drop: AlertDrop | None = None
    questions: tuple[CheckInQuestion, ...]

    @field_validator("title")
    @classmethod
    def _title(cls, value: Text) -> Text:
        return value.each(partial(_sized, limit=80))

    @field_validator("every")
    @classmethod
    def _every(cls, value: str | None) -> str | None:
        if value is None:
            return None
        word = value.strip().lower()
        if word in FULL_NAMES:
            return WEEKDAYS[FULL_NAMES.index(word)]
        if word not in WEEKDAYS:
            raise ValueError(f"{value!r} is not a weekday like monday (or mon)")
        return word

    @field_validator("at")
    @classmethod
    def _at(cls, value: time) -> time:
        return value.replace(second=0, microsecond=0)

    @field_validator("target")
    @classmethod
    def _target(cls, value: str) -> str:
        try:
            return str(parse_target(value))
        except TargetError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("questions")
    @classmethod
    def _questions(cls, value: tuple[CheckInQuestion, ...]) -> tuple[CheckInQuestion, ...]:
        if not 1 <= len(value) <= 5:
            raise ValueError("give 1 to 5 questions: a check-in should take about a minute")
        named = tuple(
            q if q.id else q.model_copy(update={"id": f"q{n}"}) for n, q in enumerate(value, 1)
        )
        if len({q.id for q in named}) != len(named):
            raise ValueError("question ids must not repeat")
        return named

    @model_validator(mode="after")
    def _recurrence(self) -> CheckInDefinition:
        if (self.every is None) == (self.monthly_day is None):
            raise ValueError("give either every: (a weekday) or monthly_day: (1-28), not both")
        if self.monthly_day is not None and self.every_weeks != 1:
            raise ValueError("every_weeks goes with every:, not with monthly_day:")
        if self.reminder_after_hours is not None and self.reminder_after_hours >= self.window_hours:
            raise ValueError(
                f"reminder_after_hours ({self.reminder_after_hours}) must come before the"
                f" window closes (window_hours: {self.window_hours})"
            )
        answer_script(self)  # a definition whose dialogue would not validate fails at load
        return self

    def texts(self) -> Iterator[tuple[str, Text | None]]:
        """Every text a resident reads, with where it is."""
        yield f"check-in '{self.id}' title", self.title
        for question in self.questions:
            yield f"check-in '{self.id}' question '{question.id}'", question.text

    def target_cohort(self) -> Target:
        """Who is asked."""
        return parse_target(self.target)

    def is_due(self, day: date) -> bool:
        """Whether a cycle opens on this local date."""
        if self.starts_on is not None and day < self.starts_on:
            return False
        if self.monthly_day is not None:
            return day.day == self.monthly_day
        if WEEKDAYS[day.weekday()] != self.every:
            return False
        anchor = self.starts_on or ANCHOR
        anchor -= timedelta(days=anchor.weekday())
        return ((day - anchor).days // 7) % self.every_weeks == 0

    def scale_questions(self) -> tuple[CheckInQuestion, ...]:
        """The questions answered on 1-5."""
        return tuple(q for q in self.questions if q.kind == "scale")


def answer_script(definition: CheckInDefinition, words: Words | None = None) -> Script:
    """The answering dialogue: a scale question is five buttons, a text one takes words.

    Tandem's own words in it (the scale's hint, the thanks) are in ``words``' language
    (English if not given): walk it in that language.
    """
    words = words or english()
    hint = "\n\n" + words.say("CHECKIN_SCALE_HINT")
    steps: list[dict[str, object]] = []
    ids = [str(q.id) for q in definition.questions]
    for n, question in enumerate(definition.questions):
        following = ids[n + 1] if n + 1 < len(ids) else "thanks"
        if question.kind == "scale":
            steps.append(
                {
                    "id": question.id,
                    "kind": "choice",
                    "text": question.text.each(lambda said: said + hint),
                    "next": following,
                    "options": [
                        {"id": f"s{v}", "label": str(v), "next": following} for v in range(1, 6)
                    ],
                }
            )
        else:
            steps.append(
                {
                    "id": question.id,
                    "kind": "ask",
                    "text": question.text,
                    "accepts": ["text", "voice"],
                    "next": following,
                }
            )
    steps.append({"id": "thanks", "kind": "end", "text": words.say("CHECKIN_THANKS")})
    return parse_script(
        {
            "id": f"checkin_{definition.id}",
            "title": definition.title,
            "start": ids[0],
            "steps": steps,
        },
        f"checkin {definition.id}",
    )


def answer_rows(answers: tuple[Answer, ...]) -> list[tuple[str, str, int | None, str | None]]:
    """(question, kind, score, words) rows for the answers one engine step gave."""
    rows: list[tuple[str, str, int | None, str | None]] = []
    for answer in answers:
        if answer.probe:
            continue
        if answer.kind == "skipped":
            rows.append((answer.step_id, "skipped", None, None))
        elif answer.kind == "choice":
            rows.append((answer.step_id, "scale", int(answer.value[1:]), None))
        else:
            rows.append((answer.step_id, answer.kind, None, answer.value))
    return rows
