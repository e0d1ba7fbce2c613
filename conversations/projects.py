"""Projects as validated data: why we ask, what happens with it, and which dialogue to run."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from conversations.checkins.model import CheckInDefinition
from conversations.dialogue.problems import DataFileError, describe
from conversations.dialogue.scenario import told_after
from conversations.dialogue.script import (
    Script,
    ScriptError,
    builtin_names,
    builtin_script,
    load_script,
    read_data_file,
)
from conversations.diary import DiaryStudy
from conversations.diary_schedule import is_quiet
from conversations.i18n.catalogues import shipped
from conversations.languages import check_languages
from conversations.texts_by_language import Text, uncovered

PROJECT_ID = re.compile(r"^[a-z0-9-]{2,16}$")
INVITE_CODE = re.compile(r"^[A-Za-z0-9_-]{4,32}$")
QUIET_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")

CAP_KEYS = {1: "once", 2: "twice"}


class ProjectError(DataFileError):
    """A project file that can't be used: `file: field — reason`, one line each."""


class Project(BaseModel):
    """One engagement project, loaded from a YAML file in the projects folder."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: Text
    invite_code: str
    purpose: Text
    use_of_input: Text
    who_sees: Text
    duration: Text
    contact: Text
    closes_on: date | None = None
    max_messages_per_week: int = 3
    quiet_hours: str = "21:00-08:00"
    timezone: str = "Europe/London"
    consent_version: int = 1
    # How many people the team invited outside the bot (letters, posters): the first step
    # of the summary report's participation funnel. Not shown to residents.
    invited: int | None = None
    # BCP 47 codes; the first is the default for anyone whose Telegram language isn't listed.
    languages: tuple[str, ...] = ("en",)
    dialogue: Script
    diary: DiaryStudy | None = None
    checkins: tuple[CheckInDefinition, ...] = ()
    # An ideas farm: residents may share their ideas (under pseudonyms, once a facilitator
    # approves) for others to back, build on and offer help with.
    ideas_farm: bool = False

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not PROJECT_ID.match(value):
            raise ValueError("must be 2-16 lowercase letters, digits or -")
        return value

    @field_validator("invite_code")
    @classmethod
    def _invite_code(cls, value: str) -> str:
        if not INVITE_CODE.match(value):
            raise ValueError("must be 4-32 letters, digits, - or _")
        return value

    @field_validator("title", "purpose", "use_of_input", "who_sees", "duration", "contact")
    @classmethod
    def _words(cls, value: Text) -> Text:
        return value.each(_not_empty)

    @field_validator("max_messages_per_week")
    @classmethod
    def _cap(cls, value: int) -> int:
        if not 1 <= value <= 21:
            raise ValueError(f"must be between 1 and 21 (found {value})")
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        match = QUIET_HOURS.match(value)
        if not match or value[:5] == value[6:]:
            raise ValueError(f"must be two different times like 21:00-08:00 (found {value!r})")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone name like Europe/London") from None
        return value

    @field_validator("consent_version")
    @classmethod
    def _consent_version(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be 1 or more")
        return value

    @field_validator("languages", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> tuple[str, ...]:
        return check_languages(value)

    @field_validator("invited")
    @classmethod
    def _invited(cls, value: int | None) -> int | None:
        if value is not None and value < 0:
            raise ValueError(f"must be 0 or more: how many people were invited (found {value})")
        return value

    @model_validator(mode="after")
    def _diary_outside_quiet_hours(self) -> Project:
        if self.diary is None:
            return self
        window = self.quiet_window()
        for prompt in self.diary.prompt_times:
            if is_quiet(prompt, window):
                raise ValueError(
                    f"diary prompt time {prompt:%H:%M} falls in quiet hours ({self.quiet_hours})"
                )
            if self.diary.nudge_after_minutes:
                nudge = (
                    datetime.combine(date(2000, 1, 1), prompt)
                    + timedelta(minutes=self.diary.nudge_after_minutes)
                ).time()
                if is_quiet(nudge, window):
                    raise ValueError(
                        f"the diary reminder ({self.diary.nudge_after_minutes} minutes after"
                        f" {prompt:%H:%M}, at {nudge:%H:%M}) falls in quiet hours"
                        f" ({self.quiet_hours}); prompt earlier or nudge sooner"
                    )
        return self

    @model_validator(mode="after")
    def _checkins_fit(self) -> Project:
        ids = [c.id for c in self.checkins]
        if len(set(ids)) != len(ids):
            raise ValueError("checkins: each check-in needs its own id")
        for checkin in self.checkins:
            if is_quiet(checkin.at, self.quiet_window()):
                raise ValueError(
                    f"check-in '{checkin.id}' at {checkin.at:%H:%M} falls in quiet hours"
                    f" ({self.quiet_hours})"
                )
        return self

    def checkin(self, checkin_id: str) -> CheckInDefinition | None:
        """One of the project's check-ins by id."""
        return next((c for c in self.checkins if c.id == checkin_id), None)

    def quiet_window(self) -> tuple[time, time]:
        """Quiet hours as (from, to) local times; the window may run past midnight."""
        start, end = self.quiet_hours.split("-")
        return time.fromisoformat(start), time.fromisoformat(end)

    def introduction(self, lang: str | None = None) -> str:
        """The plain-words, purpose-first introduction shown before asking for consent.

        In ``lang`` (the project's words and the catalogue's); the default language if None.
        """
        lang = lang or self.languages[0]
        words = {
            name: getattr(self, name).in_(lang, self.languages[0])
            for name in ("title", "purpose", "use_of_input", "who_sees", "duration", "contact")
        }
        quiet_from, quiet_to = self.quiet_hours.split("-")
        cap = self.max_messages_per_week
        cap_key = CAP_KEYS.get(cap, "times")
        catalogues = shipped()
        return catalogues.render(
            lang,
            "PROJECT_INTRODUCTION",
            **{**words, "contact": _sentence(words["contact"])},
            cap=catalogues.render(lang, f"INTRODUCTION_CAP.{cap_key}", count=cap),
            quiet_from=quiet_from,
            quiet_to=quiet_to,
        )

    def texts(self) -> Iterator[tuple[str, Text | None]]:
        """Every text of the project a resident reads, with where it is."""
        for name in ("title", "purpose", "use_of_input", "who_sees", "duration", "contact"):
            yield name, getattr(self, name)
        for where, text in self.dialogue.texts():
            yield f"dialogue {where}", text
        if self.diary is not None:
            for where, text in self.diary.texts():
                yield f"diary {where}", text
        for checkin in self.checkins:
            yield from checkin.texts()

    def is_open(self, today: date) -> bool:
        """Whether the invite code still works on this date (closes_on is the last day)."""
        return self.closes_on is None or today <= self.closes_on


def _not_empty(words: str) -> str:
    if not words.strip():
        raise ValueError("must not be empty: residents read this before agreeing")
    return words.strip()


def _sentence(words: str) -> str:
    return words if words.endswith((".", "!", "?")) else words + "."


def parse_project(data: dict[str, Any], source: str, folder: Path | None = None) -> Project:
    """Build a Project from parsed YAML; `folder` resolves a dialogue given as a path."""
    data = dict(data)
    dialogue = data.get("dialogue")
    if isinstance(dialogue, str):
        data["dialogue"] = _resolve_dialogue(dialogue, source, folder)
    if "scenario" in data:
        data["dialogue"] = _with_scenario(data["dialogue"], data.pop("scenario"), source, folder)
    try:
        # Every text's words in the project's default language are its plain-string value.
        context = {"languages": _languages(data), "folder": folder}
        project = Project.model_validate(data, context=context)
    except ValidationError as exc:
        raise ProjectError(describe(exc, data, source)) from None
    named = f"dialogue {dialogue}" if isinstance(dialogue, str) and dialogue.endswith("ml") else ""
    missing = [
        f"{source}: {_named(where, named)} — has no {code} text (give one per language:"
        f" {{{', '.join(f'{c}: ...' for c in project.languages)}}})"
        for where, code in uncovered(project.texts(), project.languages)
    ]
    if missing:
        raise ProjectError(missing)
    return project


def _languages(data: dict[str, Any]) -> tuple[str, ...]:
    try:
        return check_languages(data.get("languages"))
    except ValueError:
        return ()  # validation says why


def _named(where: str, dialogue: str) -> str:
    # A dialogue from its own file is named by it: `dialogue talks/bus.yaml step 'ask'`.
    return (
        where.replace("dialogue", dialogue, 1)
        if dialogue and where.startswith("dialogue ")
        else where
    )


def _resolve_dialogue(value: str, source: str, folder: Path | None) -> Script:
    if not value.endswith((".yaml", ".yml")) and "/" not in value:
        if value not in builtin_names():
            known = ", ".join(builtin_names())
            reason = f"no built-in dialogue is called '{value}' (built-in: {known})"
            raise ProjectError([f"{source}: dialogue — {reason}; or give a path to a .yaml file"])
        return builtin_script(value)
    # Keep dialogue files in a subfolder: every YAML file beside projects is read as a project.
    path = (folder or Path.cwd()) / value
    try:
        return load_script(path)
    except ScriptError as exc:
        raise ProjectError([f"{source}: dialogue — {value} can't be used", *exc.problems]) from None


def _with_scenario(dialogue: Any, block: Any, source: str, folder: Path | None) -> Any:
    if not isinstance(dialogue, Script):
        try:  # a dialogue written in the project file
            dialogue = Script.model_validate(dialogue, context={"folder": folder})
        except ValidationError:
            return dialogue  # validating the project says what is wrong with it
    script, problems = told_after(dialogue, block, source, folder)
    if script is None:
        raise ProjectError(problems)
    return script


def load_project(path: str | Path) -> Project:
    """Read and validate one project file."""
    return parse_project(read_data_file(path, ProjectError), str(path), Path(path).parent)


def project_files(folder: str | Path) -> list[Path]:
    """The project files in a folder: every *.yaml and *.yml, in name order."""
    root = Path(folder)
    return sorted(p for p in root.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def load_projects(folder: str | Path) -> list[Project]:
    """Load every project in a folder; ProjectError lists every problem found."""
    if not Path(folder).is_dir():
        raise ProjectError([f"{folder}: is not a folder"])
    problems = validate_paths(project_files(folder))
    if problems:
        raise ProjectError([line for problem in problems for line in problem.splitlines()])
    return [load_project(path) for path in project_files(folder)]


def validate_paths(paths: Iterable[str | Path]) -> list[str]:
    """One error message per bad file (folders are expanded); empty when all is well."""
    return check_paths(paths)[0]


def check_paths(paths: Iterable[str | Path]) -> tuple[list[str], list[Project]]:
    """(one error message per bad file, the projects that loaded); folders are expanded."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(project_files(path) if path.is_dir() else [path])
    messages: list[str] = []
    loaded: list[tuple[Path, Project]] = []
    for path in files:
        try:
            loaded.append((path, load_project(path)))
        except ProjectError as exc:
            messages.append(str(exc))
    messages.extend(_duplicates(loaded))
    return messages, [project for _, project in loaded]


def _duplicates(loaded: list[tuple[Path, Project]]) -> list[str]:
    messages: list[str] = []
    ids: dict[str, Path] = {}
    codes: dict[str, Path] = {}
    for path, project in loaded:
        # Codes are compared ignoring case: people retype links, and NorthField looks the same.
        code = project.invite_code.lower()
        if project.id in ids:
            messages.append(f"{path}: id — '{project.id}' is already used by {ids[project.id]}")
        if code in codes:
            messages.append(
                f"{path}: invite_code — '{project.invite_code}' is already used by {codes[code]}"
            )
        ids.setdefault(project.id, path)
        codes.setdefault(code, path)
    return messages
