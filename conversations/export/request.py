"""What an export asks for: one project, some tables, a format, dates and a cohort."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from conversations.export.tables import COLUMNS, Column
from conversations.i18n.words import Words
from conversations.polls.targets import Target, TargetError, parse_target
from conversations.projects import Project, ProjectError, load_project, project_files

TABLES = tuple(COLUMNS)
FORMATS = ("csv", "jsonl", "xlsx", "md", "html")
# The summary report (storage/report): one file, never naming anyone.
REPORTS = ("md", "html")
# Formats that make one file, and what to call it in messages.
_SINGLE = {"xlsx": ("An XLSX workbook", "workbook"), "md": ("The summary report", "report")}
_SINGLE["html"] = _SINGLE["md"]
# With --identified, participants gain this column: a first name where its owner agreed.
FIRST_NAME = Column("first_name", "text")
# Columns never shown next to a name: left out of identified exports.
UNNAMED = frozenset({"language"})


class ExportError(ValueError):
    """An export that can't be made as asked; the message says why in one sentence.

    ``key`` and ``args`` name the same message in the catalogue, for a chat that renders it
    in the asker's language; the English message stays for the command line.
    """

    def __init__(self, message: str, key: str | None = None, **args: Any) -> None:
        super().__init__(message)
        self.key = key
        self.words_args = args

    def said(self, words: Words) -> str:
        """The reason in ``words``' language (the English message if it has no key)."""
        return words.say(self.key, **self.words_args) if self.key else str(self)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """The tables, format, time window (epoch seconds, until exclusive) and cohort.

    ``identified`` adds residents' first names to ``participants``, only for those who chose
    "use my first name too" (``participants.may_name``); everyone else stays a pseudonym.
    ``language`` is the one a summary report is written in (a code such as en or cy).
    """

    project: Project
    tables: tuple[str, ...]
    format: str = "csv"
    since: float | None = None
    until: float | None = None
    cohort: Target | None = None
    identified: bool = False
    language: str = "en"


def columns(table: str, request: ExportRequest) -> tuple[Column, ...]:
    """The columns of ``table`` in this export (first names only when identified).

    A first name comes without the language, in every table of an identified export (a
    pseudonym joins them): a name and a rarely spoken language together can point to one
    person.
    """
    if not request.identified:
        return COLUMNS[table]
    kept = tuple(c for c in COLUMNS[table] if c.name not in UNNAMED)
    return (*kept, FIRST_NAME) if table == "participants" else kept


def tables_named(name: str) -> tuple[str, ...]:
    """The tables ``--table`` names (``all`` is every one, in a fixed order)."""
    if name == "all":
        return TABLES
    if name not in TABLES:
        raise ExportError(f"There is no table {name!r}: use one of {', '.join(TABLES)} or all.")
    return (name,)


def parse_cohort(text: str | None) -> Target | None:
    """``tag:X`` or ``joined:CODE`` (or nothing: everyone)."""
    if text is None:
        return None
    try:
        target = parse_target(text)
    except TargetError as exc:
        raise ExportError(f"--cohort: {exc}.", "EXPORT_BAD_COHORT", cohort=text) from None
    if target.kind not in ("tag", "joined"):
        raise ExportError(
            f"--cohort must be tag:NAME or joined:CODE (not {text!r}).",
            "EXPORT_BAD_COHORT",
            cohort=text,
        )
    return target


def day_start(text: str | None, zone: ZoneInfo, *, after: bool = False) -> float | None:
    """The epoch second a YYYY-MM-DD day starts in ``zone`` (the next day's if ``after``)."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ExportError(
            f"{text!r} is not a date: write it as YYYY-MM-DD.", "EXPORT_NOT_A_DATE", day=text
        ) from None
    if after:
        day += timedelta(days=1)
    return datetime.combine(day, time(0), zone).timestamp()


def find_project(folder: Path, project_id: str) -> Project:
    """The project with this id among the project files in ``folder``."""
    if not folder.is_dir():
        raise ExportError(f"The projects folder {folder} does not exist (PROJECTS_DIR).")
    known: list[str] = []
    for path in project_files(folder):
        try:
            project = load_project(path)
        except ProjectError:
            continue  # `tandem validate` reports broken files; they can't be exported anyway
        if project.id == project_id:
            return project
        known.append(project.id)
    listed = ", ".join(sorted(known)) or "none"
    raise ExportError(f"There is no project {project_id!r} in {folder} (projects: {listed}).")


def output_paths(
    project_id: str, tables: tuple[str, ...], export_format: str, output: str | None
) -> dict[str, Path | None]:
    """Where each table goes: a file, or None for standard output (``--output -``).

    No ``--output``, an existing folder, a path ending in ``/``, or several tables: one
    file per table, named ``PROJECT-TABLE.FORMAT``, in that folder. XLSX is one workbook
    with a sheet per table: the file ``--output`` names (ending .xlsx), or ``PROJECT.xlsx``
    in the folder it names.
    """
    if export_format in _SINGLE:
        return dict.fromkeys(tables, single_file(project_id, export_format, output))
    if output == "-":
        if len(tables) > 1:
            raise ExportError("Only one table can go to standard output: add --table NAME.")
        return {tables[0]: None}
    folder = Path(output or ".")
    if output is None or folder.is_dir() or output.endswith("/") or len(tables) > 1:
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"{folder} is a file: --table all needs a folder for --output.")
        return {t: folder / f"{project_id}-{t}.{export_format}" for t in tables}
    return {tables[0]: folder}


def single_file(project_id: str, export_format: str, output: str | None) -> Path:
    """Where a one-file export goes (a workbook, a report): ``--output``, or in its folder."""
    what, noun = _SINGLE[export_format]
    if output == "-":
        raise ExportError(f"{what} can't go to standard output: give --output a file or a folder.")
    path = Path(output or ".")
    named = f"{project_id}.{export_format}"
    if path.is_dir() or output is None or output.endswith("/"):
        return path / named
    if path.suffix.lower() != f".{export_format}" and (path.suffix or path.exists()):
        raise ExportError(
            f"{output} is not a {noun} name: give --output a name ending .{export_format},"
            " or a folder."
        )
    return path if path.suffix else path / named
