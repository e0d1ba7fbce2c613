"""Diary studies for journey mapping: the definition, and each entry as a short dialogue.

An entry is walked by the same engine as every other dialogue: the study's touchpoints
become a generated script (which service, what happened, how it felt, what would have
made it better), so skip, back, stale buttons and restarts behave the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from conversations.dialogue.engine import Answer
from conversations.dialogue.script import Script, parse_script
from conversations.i18n.catalogues import shipped_text
from conversations.texts_by_language import Text

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The diary's own words, in every language Tandem ships (conversations/catalogue/diary.py);
# a project file may override the words (not the faces or the two extra buttons).
FACES = {
    n: shipped_text(f"DIARY_FACES.{face}")
    for n, face in enumerate(("very_bad", "bad", "ok", "good", "very_good"), start=1)
}
OTHER, NOTHING = "other", "nothing"
OTHER_LABEL = shipped_text("DIARY_OTHER_LABEL")
ENTRY_TITLE = shipped_text("DIARY_ENTRY_TITLE")
NOTHING_LABEL = shipped_text("DIARY_NOTHING_LABEL")


def _default(word: str) -> Text:
    return shipped_text(f"DIARY_DEFAULT.{word}")


class DiaryWords(BaseModel):
    """What the diary says; every text can be overridden in the project file."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    prompt: Text = _default("prompt")
    which: Text = _default("which")
    other: Text = _default("other")
    happened: Text = _default("happened")
    feeling: Text = _default("feeling")
    better: Text = _default("better")
    thanks: Text = _default("thanks")
    nothing_thanks: Text = _default("nothing_thanks")
    nudge: Text = _default("nudge")


class DiaryStudy(BaseModel):
    """A diary study as declared in a project file (`diary:`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    days: int = Field(14, ge=1, le=60)
    prompt_times: tuple[time, ...] = (time(19, 0),)
    days_of_week: tuple[Weekday, ...] = WEEKDAYS
    touchpoints: tuple[Text, ...]
    nudge_after_minutes: int | None = Field(120, ge=15, le=720)
    words: DiaryWords = DiaryWords()

    @field_validator("touchpoints")
    @classmethod
    def _touchpoints(cls, value: tuple[Text, ...]) -> tuple[Text, ...]:
        names = tuple(v.each(_button) for v in value)
        if not 1 <= len(names) <= 10:
            raise ValueError('list 1 to 10 services or places ("Other" is added for you)')
        if len({n.casefold() for n in names}) != len(names):
            raise ValueError("touchpoints must not repeat")
        return names

    @field_validator("prompt_times")
    @classmethod
    def _times(cls, value: tuple[time, ...]) -> tuple[time, ...]:
        if not 1 <= len(value) <= 4:
            raise ValueError('give 1 to 4 prompt times, like ["12:30", "19:00"]')
        if len(set(value)) != len(value):
            raise ValueError("prompt times must not repeat")
        return tuple(sorted(t.replace(second=0, microsecond=0) for t in value))

    @field_validator("days_of_week")
    @classmethod
    def _days(cls, value: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        if not value:
            raise ValueError("name at least one day, e.g. [mon, wed, fri]")
        return tuple(d for d in WEEKDAYS if d in value)

    @model_validator(mode="after")
    def _fits_telegram(self) -> DiaryStudy:
        entry_script(self)  # a definition whose entry would not validate fails at load
        return self

    def texts(self) -> Iterator[tuple[str, Text | None]]:
        """Every text of the study a resident reads, with where it is (words: those set)."""
        for n, name in enumerate(self.touchpoints, 1):
            yield f"touchpoint {n} ('{name}')", name
        for field in sorted(self.words.model_fields_set):
            yield f"words {field}", getattr(self.words, field)

    def service_in(self, service: str, lang: str) -> str:
        """A diary entry's service (stored under the project's first-language name, or in
        any language the study names it in) in ``lang``; a service it does not list as typed."""
        for touchpoint in self.touchpoints:
            if service in (touchpoint.in_(code) for code in (*touchpoint.languages, None)):
                return touchpoint.in_(lang)
        return service

    def slot_names(self) -> tuple[str, ...]:
        """Slots are named by their default time, e.g. '19:00'."""
        return tuple(t.strftime("%H:%M") for t in self.prompt_times)

    def prompts_on(self, weekday: int) -> bool:
        """Whether prompts go out on this weekday (Monday is 0)."""
        return WEEKDAYS[weekday] in self.days_of_week


def _button(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 36:
        raise ValueError("each touchpoint must be 1 to 36 characters (it is a button)")
    return name


def entry_script(study: DiaryStudy) -> Script:
    """The entry dialogue generated from the study's touchpoints and words."""
    words = study.words
    options = [
        {"id": f"t{i}", "label": name, "next": "happened"}
        for i, name in enumerate(study.touchpoints, 1)
    ]
    options += [
        {"id": OTHER, "label": OTHER_LABEL, "next": "other"},
        {"id": NOTHING, "label": NOTHING_LABEL, "next": "nothing_end"},
    ]
    steps = [
        {
            "id": "which",
            "kind": "choice",
            "text": words.which,
            "options": options,
            "next": "happened",
        },
        {"id": "other", "kind": "ask", "text": words.other, "next": "happened"},
        {
            "id": "happened",
            "kind": "ask",
            "text": words.happened,
            "accepts": ["text", "voice", "photo"],
            "next": "feeling",
        },
        {
            "id": "feeling",
            "kind": "choice",
            "text": words.feeling,
            "next": "better",
            "options": [
                {"id": f"f{n}", "label": label, "next": "better"} for n, label in FACES.items()
            ],
        },
        {
            "id": "better",
            "kind": "ask",
            "text": words.better,
            "accepts": ["text", "voice"],
            "next": "thanks",
        },
        {"id": "thanks", "kind": "end", "text": words.thanks},
        {"id": "nothing_end", "kind": "end", "text": words.nothing_thanks},
    ]
    return parse_script(
        {"id": "diary_entry", "title": ENTRY_TITLE, "start": "which", "steps": steps}, "diary"
    )


def entry_fields(study: DiaryStudy, answers: tuple[Answer, ...]) -> dict[str, object]:
    """The diary_entries columns an engine step's answers set (skips set nothing)."""
    fields: dict[str, object] = {}
    for answer in answers:
        if answer.kind == "skipped":
            continue
        if answer.step_id == "which":
            if answer.value == NOTHING:
                fields["nothing_today"] = 1
            elif answer.value != OTHER:
                fields["touchpoint"] = study.touchpoints[int(answer.value[1:]) - 1]
        elif answer.step_id == "other":
            fields["touchpoint"] = answer.value.strip()[:80]
        elif answer.step_id == "happened":
            fields.update(
                happened_kind=answer.kind,
                happened_value=answer.value,
                happened_caption=answer.caption,
            )
        elif answer.step_id == "feeling":
            fields["feeling"] = int(answer.value[1:])
        elif answer.step_id == "better":
            fields["better"] = answer.value if answer.kind == "text" else f"[{answer.kind}]"
    return fields
