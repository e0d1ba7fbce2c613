"""Where each of a project's own texts lives, for translators and for `tandem validate`.

A project's texts are in its YAML file and in the dialogue script it uses (a file beside it,
or one shipped with Tandem). Each text gets a stable, readable key naming the file and the
place, e.g. ``project:example.yaml:checkins.dropin.questions.q1`` or
``script:outcome_first.yaml:steps.outcome.options.bus``, and the YAML path that reaches it,
so an import can write a translation back where it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from conversations.dialogue.script import Script, Step, builtin_names
from conversations.projects import Project, ProjectError, load_project, project_files
from conversations.texts_by_language import Text

Place = tuple[str | int, ...]


@dataclass
class ProjectText:
    """One text a resident reads, where it is written, and who uses it."""

    key: str  # the PO msgctxt: "project:FILE:place" or "script:FILE:place"
    file: Path  # the YAML file to write a translation into
    place: Place  # the path to the text inside that file
    text: Text  # its words now (a built-in default if the file does not set it)
    default: str  # the language its msgid is in: the (first) project's first language
    about: str  # for the translator: which project, which step
    in_file: bool = True  # False: a default Tandem supplies, written into the file on import
    users: list[str] = field(default_factory=list)  # the projects using it

    def has(self, lang: str) -> bool:
        """Whether there are words in ``lang`` (a plain string is the default language's)."""
        return lang in self.text.languages or (not self.text.languages and lang == self.default)

    def words(self, lang: str) -> str | None:
        """The words in ``lang``, or None if there are none."""
        return self.text.in_(lang) if self.has(lang) else None

    @property
    def source(self) -> str:
        """The words in the default language: what the translator translates from."""
        return self.text.in_(self.default)

    @property
    def where(self) -> str:
        """`file place`, as `tandem validate` names it."""
        return self.key.split(":", 1)[1].replace(":", " ", 1)


Make = Callable[[str, Path, Place, Text, str], ProjectText]


@dataclass
class Collected:
    """Every text of the projects found, the projects, and the files that would not load."""

    texts: list[ProjectText]
    projects: list[tuple[Path, Project, list[ProjectText]]]
    problems: list[str]


def builtin_file(name: str) -> Path:
    """The shipped file of a built-in dialogue script (e.g. "outcome_first")."""
    return Path(str(resources.files("conversations.dialogue").joinpath("scripts", f"{name}.yaml")))


def project_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Project files given directly, or every project file in the folders given."""
    found: list[Path] = []
    for path in map(Path, paths):
        found += project_files(path) if path.is_dir() else [path] if path.is_file() else []
    return found


def collect(paths: Iterable[str | Path]) -> Collected:
    """The texts of every project in ``paths``; a text shared by projects is listed once."""
    by_key: dict[str, ProjectText] = {}
    projects: list[tuple[Path, Project, list[ProjectText]]] = []
    problems: list[str] = []
    for path in project_paths(paths):
        try:
            project = load_project(path)
        except ProjectError as exc:
            problems.append(str(exc))
            continue
        own: list[ProjectText] = []
        for text in _texts_of(path, project):
            known = by_key.setdefault(text.key, text)
            if known.file.resolve() != text.file.resolve():
                problems.append(f"{text.key}: given by {known.file} and {text.file}")
                continue
            if project.id not in known.users:
                known.users.append(project.id)
            own.append(known)
        projects.append((path, project, own))
    return Collected(list(by_key.values()), projects, problems)


def _texts_of(path: Path, project: Project) -> Iterator[ProjectText]:
    default = project.languages[0]
    name = f"project:{path.name}"
    who = f"Project {project.id} ({path.name})"

    def made(key: str, file: Path, place: Place, text: Text, about: str) -> ProjectText:
        return ProjectText(key, file, place, text, default, about)

    for field_name in ("title", "purpose", "use_of_input", "who_sees", "duration", "contact"):
        about = f"{who}: {field_name.replace('_', ' ')}, in the introduction before consent"
        yield made(f"{name}:{field_name}", path, (field_name,), getattr(project, field_name), about)
    yield from _dialogue(path, project, made)
    if project.diary is not None:
        diary = project.diary
        for n, touchpoint in enumerate(diary.touchpoints):
            about = f"{who}: diary, service button {n + 1}"
            yield made(
                f"{name}:diary.touchpoints.{n + 1}",
                path,
                ("diary", "touchpoints", n),
                touchpoint,
                about,
            )
        for word in type(diary.words).model_fields:
            about = f"{who}: diary, the {word.replace('_', ' ')} message"
            place = ("diary", "words", word)
            text = made(
                f"{name}:diary.words.{word}", path, place, getattr(diary.words, word), about
            )
            text.in_file = word in diary.words.model_fields_set
            yield text
    for n, checkin in enumerate(project.checkins):
        where = f"{name}:checkins.{checkin.id}"
        about = f"{who}: check-in '{checkin.id}'"
        yield made(f"{where}.title", path, ("checkins", n, "title"), checkin.title, about)
        for m, question in enumerate(checkin.questions):
            asked: Place = ("checkins", n, "questions", m, "text")
            yield made(
                f"{where}.questions.{question.id}",
                path,
                asked,
                question.text,
                f"{about}, question {m + 1} ({question.function})",
            )


def _dialogue(path: Path, project: Project, made: Make) -> Iterator[ProjectText]:
    """The dialogue's texts: in the project file, a script file beside it, or a built-in."""
    raw = _raw(path)
    value = raw.get("dialogue")
    script: Script = project.dialogue
    prefix: Place = ()
    if isinstance(value, str) and (value.endswith((".yaml", ".yml")) or "/" in value):
        file, name = path.parent / value, f"script:{value}"
    elif isinstance(value, str) and value in builtin_names():
        file, name = builtin_file(value), f"script:{value}.yaml"
    else:
        file, name, prefix = path, f"project:{path.name}", ("dialogue",)
    title = f"Dialogue {name.split(':', 1)[1]}" if not prefix else f"Project {project.id} dialogue"
    dotted = ".".join(str(part) for part in prefix)
    start = f"{name}:{dotted}." if dotted else f"{name}:"
    # A scenario the project tells inside the dialogue: its steps are in the project file.
    told = _scenario_ids(raw)
    for n, step in enumerate(script.steps):
        about = f"{title}, step '{step.id}' ({step.kind})"
        place: Place = (*prefix, "steps", n)
        file_, start_ = file, start
        if step.id in told:
            about = f"Project {project.id} scenario, step '{step.id}' ({step.kind})"
            place = ("scenario", "steps", told[step.id])
            file_, start_ = path, f"project:{path.name}:scenario."
        yield from _step_texts(step, about, place, file_, start_, made)


def _step_texts(
    step: Step, about: str, place: Place, file: Path, start: str, made: Make
) -> Iterator[ProjectText]:
    """The texts of one step: its words, its follow-up, its buttons."""
    yield made(f"{start}steps.{step.id}.text", file, (*place, "text"), step.text, about)
    if step.probe is not None:
        yield made(
            f"{start}steps.{step.id}.probe",
            file,
            (*place, "probe"),
            step.probe,
            f"{about}, the follow-up question",
        )
    for m, option in enumerate(step.options):
        yield made(
            f"{start}steps.{step.id}.options.{option.id}",
            file,
            (*place, "options", m, "label"),
            option.label,
            f"{about}, button '{option.id}' (at most 40 characters)",
        )


def _raw(path: Path) -> dict[str, Any]:
    from conversations.dialogue.script import read_data_file

    return read_data_file(path, ProjectError)


def _scenario_ids(raw: dict[str, Any]) -> dict[str, int]:
    block = raw.get("scenario")
    steps = block.get("steps") if isinstance(block, dict) else None
    if not isinstance(steps, list):
        return {}
    return {s["id"]: k for k, s in enumerate(steps) if isinstance(s, dict) and "id" in s}


def coverage(collected: Collected) -> list[str]:
    """Per project and language, how many texts have words, then each missing one by name."""
    lines: list[str] = []
    for path, project, texts in collected.projects:
        found = {code for text in texts for code in text.text.languages}
        languages = [*project.languages, *sorted(found - set(project.languages))]
        for lang in languages:
            missing = [text for text in texts if not text.has(lang)]
            listed = "" if lang in project.languages else " (not under languages: yet)"
            lines.append(
                f"{path}: {lang}: {len(texts) - len(missing)} of {len(texts)} texts{listed}"
            )
            lines += [f"  {text.where} — no {lang} text" for text in missing]
    return lines


def missing_language(
    projects: Sequence[tuple[Path, Project, list[ProjectText]]], lang: str
) -> list[Path]:
    """The project files whose `languages:` does not list ``lang``."""
    return [path for path, project, _ in projects if lang not in project.languages]
