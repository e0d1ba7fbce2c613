"""From an export request to files: the one place that knows which code makes which format.

Used by ``/export`` in chat (and meant for ``tandem export``): tabular formats come from
``storage.export``, summary reports from ``storage.report``.
"""

from __future__ import annotations

import asyncio
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from conversations import catalogue
from conversations.clock import Clock
from conversations.export.progress import ExportProgress
from conversations.export.request import (
    REPORTS,
    TABLES,
    ExportError,
    ExportRequest,
    day_start,
    parse_cohort,
)
from conversations.i18n.words import Words
from conversations.projects import Project
from conversations.report.texts import long_day
from storage.export import export_to_folder
from storage.export_jobs import ExportAskRecord
from storage.private import create_private_file, make_private_folder

# Every format (conversations/export/request.FORMATS), in the order /export offers them.
FORMATS = ("html", "md", "xlsx", "csv", "jsonl")
TABULAR = tuple(f for f in FORMATS if f not in REPORTS)
# Formats that come out as several files, sent as one zip.
ZIPPED = ("csv", "jsonl")


@dataclass(frozen=True, slots=True)
class ExportAsk:
    """An export as a coordinator asked for it in the chat (days as typed).

    ``language`` is the coordinator's: a summary report is written in it. It is not stored
    with the job; a job resumed after a restart takes the coordinator's language then.
    """

    project: Project
    format: str
    since: str | None = None
    until: str | None = None
    cohort: str | None = None
    language: str = "en"

    def request(self) -> ExportRequest:
        """The request for bot.exports; raises ExportError for a bad day or cohort."""
        zone = ZoneInfo(self.project.timezone)
        since = day_start(self.since, zone)
        until = day_start(self.until, zone, after=True)
        if since is not None and until is not None and since >= until:
            raise ExportError(
                catalogue.EXPORT_DATES_REVERSED.format(since=self.since, until=self.until),
                "EXPORT_DATES_REVERSED",
                since=self.since,
                until=self.until,
            )
        cohort = parse_cohort(self.cohort)
        return ExportRequest(
            self.project,
            TABLES,
            self.format,
            since=since,
            until=until,
            cohort=cohort,
            language=self.language,
        )

    def command(self) -> str:
        """The same export as a `tandem export` command for the server."""
        words = ["tandem export", self.project.id, "--format", self.format, *self._options("--")]
        return " ".join([*words, "--output", "exports/"])

    def chat_command(self) -> str:
        """The same export as an /export command for the chat."""
        return " ".join(["/export", self.project.id, self.format, *self._options("")])

    def _options(self, prefix: str) -> list[str]:
        words: list[str] = []
        for name, value in (("since", self.since), ("until", self.until), ("cohort", self.cohort)):
            if value:
                words += [prefix + name, value]
        return words

    def record(self) -> ExportAskRecord:
        """The ask as it is stored with its job."""
        return ExportAskRecord(self.project.id, self.format, self.since, self.until, self.cohort)

    @classmethod
    def from_record(
        cls, record: ExportAskRecord, project: Project, language: str = "en"
    ) -> ExportAsk:
        """The ask a stored job holds, for ``project`` (loaded from the record's id)."""
        return cls(project, record.format, record.since, record.until, record.cohort, language)

    def dates(self, words: Words) -> str:
        """The time window in words, for the caption (days as Babel writes them)."""
        since = _day(self.since, words) if self.since else None
        until = _day(self.until, words) if self.until else None
        if since and until:
            return words.say("EXPORT_DATES_BETWEEN", since=since, until=until)
        if since:
            return words.say("EXPORT_DATES_FROM", since=since)
        if until:
            return words.say("EXPORT_DATES_UNTIL", until=until)
        return words.say("EXPORT_ALL_DATES")


def _day(typed: str, words: Words) -> str:
    """A day typed as YYYY-MM-DD, in the words' language ("2 Mar 2025"); as typed if not one."""
    try:
        return long_day(date.fromisoformat(typed), words)
    except ValueError:
        return typed


class RowCounts:
    """Export progress that keeps each table's final row count (for the chat's caption)."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}

    def start(self, table: str, total: int | None = None) -> None:
        """A table begins (nothing to keep yet)."""

    def update(self, table: str, rows: int) -> None:
        """Rows so far (only the final count is kept)."""

    def finish(self, table: str, rows: int) -> None:
        """The table is complete with ``rows`` rows."""
        self.rows[table] = rows


async def produce(
    database: str,
    request: ExportRequest,
    folder: Path,
    progress: ExportProgress | None = None,
    clock: Clock | None = None,
) -> list[Path]:
    """Write the export ``request`` asks for into ``folder``; return the files made.

    ``database`` is the SQLite file's path or the PostgreSQL server's URL: the export reads
    it on connections of its own (one snapshot), so the bot keeps writing meanwhile.
    ``progress`` hears of each table (tabular formats); ``clock`` dates a report (the
    bot's; real time if None).
    """
    if request.format in REPORTS:
        # Reports draw charts: their modules load only when one is asked for.
        from storage.report import write_report

        path = folder / f"{request.project.id}.{request.format}"
        await asyncio.to_thread(make_private_folder, folder)
        return [await write_report(database, request, path, clock=clock)]
    if request.format not in TABULAR:
        raise ExportError(
            f"There is no {request.format!r} export: use one of {', '.join(FORMATS)}."
        )
    return await export_to_folder(database, request, folder, progress=progress)


def bundle(paths: Sequence[Path], target: Path) -> Path:
    """One file to send: the only file renamed to ``target``, or several zipped into it."""
    if len(paths) == 1 and target.suffix != ".zip":
        return paths[0].replace(target)
    create_private_file(target)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, arcname=path.name)
    return target


def bundle_suffix(export_format: str) -> str:
    """The extension of the file sent for a format."""
    return "zip" if export_format in ZIPPED else export_format
