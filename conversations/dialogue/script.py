"""Dialogue scripts as validated data: YAML in, a frozen Script out, or a clear error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from conversations.dialogue.graph import graph_problems
from conversations.dialogue.picture import checked_picture
from conversations.dialogue.problems import DataFileError, Problems, describe, read_mapping
from conversations.texts_by_language import Text

SLUG = re.compile(r"^[a-z0-9_]{1,20}$")
MAX_TEXT = 4096  # Telegram's limit for one message
MAX_CAPTION = 1024  # Telegram's limit for a photo's caption
MAX_LABEL = 40
MAX_CALLBACK_IDS = 40  # the bot adds a prefix; Telegram allows 64 bytes of callback data
Kind = Literal["say", "scenario", "ask", "choice", "end"]
MediaKind = Literal["text", "voice", "photo"]


class ScriptError(DataFileError):
    """A dialogue script that can't be used: `file: step 'x' — reason`, one line each."""


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"must be 1 to 20 lowercase letters, digits or _ (found {value!r})")
    return value


def _sized(value: Text, limit: int) -> Text:
    def check(words: str) -> str:
        if not 1 <= len(words) <= limit or not words.strip():
            raise ValueError(f"must be 1 to {limit} characters (this one has {len(words)})")
        return words

    return value.each(check)


class Option(BaseModel):
    """One button of a choice step."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: Text
    next: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _slug(value)

    @field_validator("label")
    @classmethod
    def _label(cls, value: Text) -> Text:
        return _sized(value, MAX_LABEL)


class Step(BaseModel):
    """One step of a script: something said, asked, offered as buttons, or the end.

    A scenario tells a story (with a picture, sent as a photo with the story as its caption)
    and passes on to its ``questions``, the steps whose answers the report groups under it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: Kind
    text: Text
    next: str | None = None
    accepts: frozenset[MediaKind] = frozenset({"text"})
    options: tuple[Option, ...] = ()
    probe: Text | None = None
    probe_theme: str | None = None
    theme: str | None = None
    picture: Path | None = None
    questions: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _slug(value)

    @field_validator("picture", mode="before")
    @classmethod
    def _picture(cls, value: Any, info: ValidationInfo) -> Path | None:
        if value is None:
            return None
        if not isinstance(value, str | Path):
            raise ValueError("must be the path of a PNG or JPEG file")
        context = info.context if isinstance(info.context, dict) else {}
        return checked_picture(str(value), context.get("folder"))

    @field_validator("text", "probe")
    @classmethod
    def _text(cls, value: Text | None) -> Text | None:
        return None if value is None else _sized(value, MAX_TEXT)

    @field_validator("theme", "probe_theme")
    @classmethod
    def _theme(cls, value: str | None) -> str | None:
        return None if value is None else _slug(value)

    @model_validator(mode="after")
    def _kind_rules(self) -> Step:
        problems = list(self._problems())
        if problems:
            raise Problems(problems)
        return self

    def _problems(self) -> Iterator[tuple[str, str]]:
        kind = self.kind
        if kind == "end" and self.next is not None:
            yield "", "an end step can't have a next"
        if kind != "choice" and self.options:
            yield "", f"only choice steps have options, not {kind} steps"
        if kind != "ask" and "accepts" in self.model_fields_set:
            yield "", f"only ask steps have accepts, not {kind} steps"
        if kind in ("say", "end") and (self.probe or self.probe_theme):
            yield "", f"only ask and choice steps can have a probe, not {kind} steps"
        if self.probe_theme and not self.probe:
            yield "", "probe_theme needs a probe"
        if kind == "ask" and not self.accepts:
            yield "", "accepts needs at least one of text, voice, photo"
        if kind != "scenario" and (self.picture or self.questions):
            yield "", f"only scenario steps have a picture or questions, not {kind} steps"
        if kind == "scenario":
            yield from self._scenario_problems()
        if kind in ("say", "scenario", "ask") and self.next is None:
            yield "", f"a {kind} step needs a next"
        if kind == "choice":
            yield from self._choice_problems()

    def _scenario_problems(self) -> Iterator[tuple[str, str]]:
        if not self.questions:
            yield "", "a scenario needs questions: the ids of the steps that ask about it"
        if self.picture is not None:
            for code in self.text.languages or ("",):
                # Telegram counts UTF-16 code units: an emoji can count twice.
                size = len(self.text.in_(code or None).encode("utf-16-le")) // 2
                if size > MAX_CAPTION:
                    yield (
                        f"text {code}".rstrip(),
                        f"a story sent with a picture is its caption: at most {MAX_CAPTION}"
                        f" characters (this one has {size})",
                    )

    def _choice_problems(self) -> Iterator[tuple[str, str]]:
        count = len(self.options)
        if not 2 <= count <= 10:
            yield "", f"a choice needs 2 to 10 options (this one has {count})"
        seen: set[str] = set()
        for option in self.options:
            if option.id in seen:
                yield f"option '{option.id}'", "the id is used more than once in this step"
            seen.add(option.id)
            size = len(f"{self.id}:{option.id}".encode())
            if size > MAX_CALLBACK_IDS:
                yield (
                    f"option '{option.id}'",
                    f"step and option ids together are too long for a button "
                    f"({size} bytes, at most {MAX_CALLBACK_IDS}): shorten one of them",
                )
        if self.probe and len({option.next or self.next for option in self.options}) > 1:
            # The state only says "probing this step", so the chosen branch would be lost.
            yield "", "a choice with a probe must send every option to the same next step"
        if self.next is None and any(option.next is None for option in self.options):
            yield "", "a choice needs a next, unless every option has its own next"

    def targets(self) -> tuple[str, ...]:
        """Every step id this step can lead to, in order."""
        found = [self.next] if self.next else []
        found += [option.next for option in self.options if option.next]
        return tuple(dict.fromkeys(found))


class Script(BaseModel):
    """A whole dialogue: steps walked from `start` by the engine."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: Text
    start: str
    steps: tuple[Step, ...]

    _index: dict[str, Step] = PrivateAttr(default_factory=dict)

    @field_validator("id", "start")
    @classmethod
    def _ids(cls, value: str) -> str:
        return _slug(value)

    @field_validator("title")
    @classmethod
    def _title(cls, value: Text) -> Text:
        return _sized(value, 200)

    @model_validator(mode="after")
    def _graph_rules(self) -> Script:
        problems = graph_problems(self.start, self.steps)
        if problems:
            raise Problems(problems)
        self._index = {step.id: step for step in self.steps}
        return self

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if there is none)."""
        return self._index[step_id]

    def has_step(self, step_id: str) -> bool:
        """Whether the script has a step with this id."""
        return step_id in self._index

    def scenario_of(self, step_id: str) -> Step | None:
        """The scenario a question belongs to, if any."""
        return next((s for s in self.steps if step_id in s.questions), None)

    def texts(self) -> Iterator[tuple[str, Text | None]]:
        """Every text a resident reads (not the title), with where: `step 'x' option 'y'`."""
        for step in self.steps:
            yield f"step '{step.id}'", step.text
            yield f"step '{step.id}' probe", step.probe
            for option in step.options:
                yield f"step '{step.id}' option '{option.id}'", option.label


def parse_script(data: dict[str, Any], source: str, folder: Path | None = None) -> Script:
    """Build a Script from parsed YAML data; ScriptError names the source, step and reason.

    ``folder``: where a scenario's picture path starts (the script file's folder).
    """
    try:
        return Script.model_validate(data, context={"folder": folder})
    except ValidationError as exc:
        raise ScriptError(describe(exc, data, source)) from None


def read_data_file(path: str | Path, error: type[DataFileError]) -> dict[str, Any]:
    """Read a YAML file that must hold a mapping; raise ``error``, a line per problem, if not."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise error([f"{source}: can't be read ({exc.strerror or exc})"]) from exc
    try:
        return read_mapping(text, source)
    except DataFileError as exc:
        raise error(exc.problems) from None


def load_script(path: str | Path) -> Script:
    """Read and validate a script file."""
    return parse_script(read_data_file(path, ScriptError), str(path), Path(path).parent)


def builtin_names() -> tuple[str, ...]:
    """Names of the scripts shipped with Tandem."""
    folder = resources.files("conversations.dialogue").joinpath("scripts")
    names = (entry.name for entry in folder.iterdir() if entry.name.endswith(".yaml"))
    return tuple(sorted(name.removesuffix(".yaml") for name in names))


@lru_cache(maxsize=16)
def builtin_script(name: str) -> Script:
    """A script shipped with Tandem, by name (e.g. "outcome_first")."""
    if not SLUG.match(name) or name not in builtin_names():
        known = ", ".join(builtin_names())
        raise ScriptError([f"{name}: there is no built-in script by that name (known: {known})"])
    entry = resources.files("conversations.dialogue").joinpath("scripts", f"{name}.yaml")
    source = f"{name}.yaml"
    try:
        data = read_mapping(entry.read_text(encoding="utf-8"), source)
    except DataFileError as exc:
        raise ScriptError(exc.problems) from None
    return parse_script(data, source, Path(str(entry)).parent)
