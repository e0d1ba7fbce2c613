"""A translator's project texts back into the YAML files: checked, all or nothing.

Every translated entry is checked as a built-in string is (its {name}s as in the source);
the changed files are written beside the old ones, each affected project is loaded from the
new copies, and only if all of them load are the copies renamed over the files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conversations.dialogue.script import read_data_file
from conversations.i18n.po import Translation, problems_with
from conversations.i18n.project_texts import Collected, ProjectText, builtin_file
from conversations.i18n.project_yaml import Document, replace_all
from conversations.i18n.source import SourceMessage
from conversations.projects import ProjectError, parse_project

PREFIXES = ("project:", "script:")


def is_project_key(key: str) -> bool:
    """Whether a PO entry's key names a project text (not a built-in string)."""
    return key.startswith(PREFIXES)


@dataclass
class Outcome:
    """What an import did, or would not do."""

    written: list[Path] = field(default_factory=list)
    changed: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_texts(
    collected: Collected,
    found: Mapping[str, Translation],
    lang: str,
    *,
    add_language: bool = False,
) -> Outcome:
    """Write the ``lang`` translations in ``found`` into the projects' files, or nothing."""
    outcome = Outcome(problems=[f"can't read: {p}" for p in collected.problems])
    by_key = {text.key: text for text in collected.texts}
    edits: dict[Path, list[tuple[ProjectText, str]]] = {}
    unknown: list[str] = []
    for key, translation in found.items():
        if not is_project_key(key) or translation.empty:
            continue
        text = by_key.get(key)
        if text is None:
            unknown.append(key)
            continue
        if translation.source != (text.source,):
            outcome.notes.append(
                f"{key}: the {text.default} has changed since the export (ignored:"
                " export again and translate the new words)"
            )
            continue
        if translation.fuzzy:
            outcome.notes.append(f"{key}: marked fuzzy (needs work), so not installed")
            continue
        outcome.problems += _problems(lang, translation, text)
        words = translation.forms[0]
        if words != text.words(lang):
            edits.setdefault(text.file, []).append((text, words))
    if unknown:
        outcome.notes.append(
            f"ignored {len(unknown)} project text(s) not in these projects (import with the"
            f" --projects you exported from): {', '.join(unknown)}"
        )
    unlisted = [(path, project) for path, project, _ in collected.projects]
    unlisted = [(path, p) for path, p in unlisted if lang not in p.languages]
    if outcome.problems:
        return outcome
    documents: dict[Path, Document] = {}
    for file, changes in edits.items():
        documents[file] = document = Document(file)
        for text, words in changes:
            document.set_text(text.place, lang, words, text.default, text.text)
    for path, _ in unlisted:
        if add_language:
            documents.setdefault(path, Document(path)).add_language(lang)
        else:
            outcome.notes.append(
                f"{path}: {lang} is not under languages:, so residents are not offered it:"
                f" add {lang} there once `tandem validate` counts every {lang} text"
                " (or import with --add-language)"
            )
    new = {path: document.dump() for path, document in documents.items()}
    new = {path: text for path, text in new.items() if text != documents[path].original}
    outcome.problems = replace_all(new, lambda copies: _check(collected, copies))
    if not outcome.problems:
        outcome.written = sorted(new)
        outcome.changed = sum(len(changes) for changes in edits.values())
    return outcome


def _problems(lang: str, translation: Translation, text: ProjectText) -> list[str]:
    source = SourceMessage(translation.key, (text.source,))
    try:
        source.placeholders()
    except ValueError:
        return []  # the source's braces are not placeholders: any words will do
    return [f"{lang}: {problem}" for problem in problems_with(lang, translation, source)]


def _check(collected: Collected, copies: Mapping[Path, Path]) -> list[str]:
    """Load every project touched by the new copies, reading them instead of the old files."""
    resolved = {path.resolve(): copy for path, copy in copies.items()}
    problems: list[str] = []
    for path, _, texts in collected.projects:
        files = {path.resolve(), *(text.file.resolve() for text in texts)}
        if not files & set(resolved):
            continue
        try:
            data = read_data_file(resolved.get(path.resolve(), path), ProjectError)
            script = _script_copy(data.get("dialogue"), path, resolved)
            if script is not None:
                data["dialogue"] = script
            parse_project(data, str(path), path.parent)
        except ProjectError as exc:
            problems += exc.problems
    return problems


def _script_copy(value: object, path: Path, resolved: Mapping[Path, Path]) -> Any:
    if not isinstance(value, str):
        return None
    if value.endswith((".yaml", ".yml")) or "/" in value:
        file = (path.parent / value).resolve()
    else:
        file = builtin_file(value).resolve()
    copy = resolved.get(file)
    return read_data_file(copy, ProjectError) if copy is not None else None
