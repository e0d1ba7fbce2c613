"""Prototype polls as data: what is asked, Telegram's limits, and a poll as stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from conversations.i18n.words import Words, english
from conversations.texts_by_language import Text

# Telegram's limits for native polls (it allows 12 options; two fit a phone screen less).
MAX_QUESTION = 300
MAX_OPTION = 100
MIN_OPTIONS = 2
MAX_OPTIONS = 10
MAX_WHY = 300


class PollProblem(ValueError):
    """Something a facilitator typed that cannot go in a poll: a message key and its values."""

    def __init__(self, key: str, **args: Any) -> None:
        self.key = key
        self.args_ = args
        super().__init__(english().say(key, **args))

    def said(self, words: Words) -> str:
        """The problem in the facilitator's language."""
        return words.say(self.key, **self.args_)


def clean(text: str) -> str:
    """Text with runs of whitespace collapsed (Telegram shows polls on one line each)."""
    return " ".join(text.split())


def check_question(text: str) -> str:
    """A usable poll question, or PollProblem."""
    question = clean(text)
    if not question:
        raise PollProblem("POLL_QUESTION_EMPTY")
    if len(question) > MAX_QUESTION:
        raise PollProblem("POLL_QUESTION_TOO_LONG", limit=MAX_QUESTION, found=len(question))
    return question


def check_option(text: str, existing: tuple[str, ...] | list[str] = ()) -> str:
    """A usable option (not a repeat of one already given), or PollProblem."""
    option = clean(text)
    if not option:
        raise PollProblem("POLL_OPTION_EMPTY")
    if len(option) > MAX_OPTION:
        raise PollProblem("POLL_OPTION_TOO_LONG", limit=MAX_OPTION, found=len(option))
    if option.casefold() in {o.casefold() for o in existing}:
        raise PollProblem("POLL_OPTION_REPEATED", option=option)
    return option


def check_why(text: str) -> str:
    """A usable "why?" follow-up question, or PollProblem."""
    why = clean(text)
    if not why or len(why) > MAX_WHY:
        raise PollProblem("POLL_WHY_TOO_LONG", limit=MAX_WHY, found=len(why))
    return why


def each(text: str, check: Any) -> Text:
    """``check`` applied to every language's words of a text (Telegram's limits bind each)."""
    return Text.parse(text).each(check)


class PollSpec(BaseModel):
    """What a poll asks, each text in one or more languages, checked against Telegram's limits."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    question: Text
    options: tuple[Text, ...]
    multiple: bool = False
    why: Text | None = None

    @field_validator("question")
    @classmethod
    def _question(cls, value: Text) -> Text:
        return each(value, check_question)

    @field_validator("why")
    @classmethod
    def _why(cls, value: Text | None) -> Text | None:
        return None if value is None else each(value, check_why)

    @field_validator("options")
    @classmethod
    def _options(cls, value: tuple[Text, ...]) -> tuple[Text, ...]:
        if not MIN_OPTIONS <= len(value) <= MAX_OPTIONS:
            raise PollProblem(
                "POLL_OPTION_COUNT", low=MIN_OPTIONS, high=MAX_OPTIONS, found=len(value)
            )
        seen: list[str] = []
        for option in value:
            seen.append(check_option(option, seen))
        return tuple(each(option, check_option) for option in value)


@dataclass(frozen=True, slots=True)
class Poll:
    """A poll as stored; versions of one prototype share a root and count up from 1."""

    id: int
    project_id: str
    question: Text
    options: tuple[Text, ...]
    multiple: bool
    target: str
    why: Text | None
    version: int
    parent_id: int | None
    created_by: int | None
    created_at: float
    closes_at: float | None
    closed_at: float | None
    broadcast_id: int | None = None

    def is_open(self, now: float) -> bool:
        """Votes still count: not closed, and its closing time (if any) not reached."""
        return self.closed_at is None and (self.closes_at is None or now < self.closes_at)

    @property
    def spec(self) -> PollSpec:
        """What it asks."""
        return PollSpec(
            question=self.question, options=self.options, multiple=self.multiple, why=self.why
        )


@dataclass(frozen=True, slots=True)
class Vote:
    """A participant's latest vote (empty: they retracted it)."""

    participant_id: int
    option_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An answer to a poll's "why?" question, shown under a pseudonym only."""

    pseudonym: str
    kind: str
    value: str
