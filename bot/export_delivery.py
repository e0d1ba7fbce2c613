"""Stored /export jobs, run to the end: make the file, send it, record it, say so.

bot/handlers/export.py stores a job before its "Preparing…" message goes out. ``run`` makes
the file in a worker thread (its own event loop and SQLite connections, so the bot keeps
answering everyone), sends it, marks the job finished the moment Telegram has accepted the
document, and then edits the progress message. At start ``resume`` finishes what an earlier
run left: it edits progress messages it had not yet edited, runs again every job a crash
cut short, and drops (saying so) a job more than a day old, one whose project is gone or
whose coordinator no longer is one, and one that has already been cut short three times.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot, InputFile
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot import exports
from bot.context import Services, TandemContext
from bot.exports import ExportAsk
from bot.permissions import role_of
from bot.words import words_for
from conversations.clock import Clock
from conversations.export.request import ExportError, ExportRequest
from conversations.i18n.words import Words
from conversations.participation import Role
from conversations.report.texts import decimal, long_day, number
from storage.export_jobs import ExportJob, ExportJobsRepository

log = logging.getLogger(__name__)

# Telegram's limit for a file a bot uploads is 50 MB; stay just under it.
UPLOAD_LIMIT = 50_000_000
# A job cut short longer ago than this is dropped at start rather than sent late.
STALE_SECONDS = 24 * 3600.0
# Runs a job may start: a job that keeps taking the bot down with it is given up.
MAX_ATTEMPTS = 3
# Finished jobs (who asked for what) are deleted this long after they ended.
KEEP_SECONDS = 7 * 24 * 3600.0
# Jobs running in this process, so that resuming at start never runs one twice.
RUNNING_KEY = "tandem.export_jobs_running"

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def label_of(asked: ExportAsk, words: Words) -> str:
    """The format's name in the coordinator's words."""
    return words.say(f"EXPORT_FORMAT_LABELS.{asked.format}")


def preparing(asked: ExportAsk, words: Words) -> str:
    """The progress message while a job runs."""
    return words.say("EXPORT_PREPARING", title=asked.project.title, label=label_of(asked, words))


async def show_progress(
    bot: Bot,
    jobs: ExportJobsRepository,
    job_id: int,
    chat_id: int,
    asked: ExportAsk,
    words: Words,
) -> None:
    """Send the "Preparing…" message and store it with the job, to edit when it ends."""
    progress = await bot.send_message(chat_id, preparing(asked, words))
    await jobs.set_progress(job_id, progress.message_id)


def launch(
    app: AnyApp,
    services: Services,
    job_id: int,
    asked: ExportAsk,
    words: Words,
    update: object = None,
) -> None:
    """Run the stored job in the background (graceful shutdown waits for it)."""
    running: set[int] = app.bot_data.setdefault(RUNNING_KEY, set())
    if job_id in running:
        return
    running.add(job_id)
    task = app.create_task(
        run(app.bot, services, job_id, asked, words), update=update, name="export"
    )
    task.add_done_callback(lambda _: running.discard(job_id))


async def run(bot: Bot, services: Services, job_id: int, asked: ExportAsk, words: Words) -> None:
    """Make the file in a temporary folder, send it, record and say how it went, clean up."""
    jobs = services.export_jobs
    if not await jobs.begin_attempt(job_id):
        return  # finished meanwhile, or dropped by /forget
    folder = Path(tempfile.mkdtemp(prefix="tandem-export-"))
    try:
        reply = await _make_and_send(bot, services, job_id, asked, folder, words)
    except ExportError as exc:
        problem = words.say("EXPORT_PROBLEM", reason=exc.said(words))
        reply = await _end(jobs, job_id, "problem", problem)
    except Exception:
        log.exception("export job %d failed", job_id)
        failed = words.say("EXPORT_FAILED", title=asked.project.title)
        reply = await _end(jobs, job_id, "failed", failed)
    finally:
        await asyncio.to_thread(shutil.rmtree, folder, True)
    job = await jobs.get(job_id)
    if reply is not None and job is not None:
        await tell(bot, jobs, job, reply)
    await jobs.prune(services.clock.timestamp() - KEEP_SECONDS)


async def _end(jobs: ExportJobsRepository, job_id: int, outcome: str, reply: str) -> str | None:
    """Record the outcome; the reply to show, or None if the job was gone or had ended."""
    return reply if await jobs.finish(job_id, outcome, reply) else None


async def _make_and_send(
    bot: Bot, services: Services, job_id: int, asked: ExportAsk, folder: Path, words: Words
) -> str | None:
    """Send the export as a document and record the job finished; what to tell, or None."""
    request = asked.request()
    title, label = asked.project.title, label_of(asked, words)
    day = services.clock.now().astimezone(ZoneInfo(asked.project.timezone)).date()
    path, counts = await asyncio.to_thread(
        make_file, services.settings.database_target, request, folder, day, services.clock
    )
    jobs = services.export_jobs
    job = await jobs.get(job_id)
    if job is None or job.finished_at is not None:
        return None  # the coordinator used /forget meanwhile: nothing is sent
    size = path.stat().st_size
    if size > UPLOAD_LIMIT:
        too_large = words.say(
            "EXPORT_TOO_LARGE", title=title, size=size_words(size, words), command=asked.command()
        )
        return await _end(jobs, job_id, "too_large", too_large)
    with path.open("rb") as data:
        await bot.send_document(
            job.chat_id,
            InputFile(data, filename=path.name),
            caption=caption(asked, counts, day, words),
            read_timeout=120,
            write_timeout=120,
        )
    # At once: from here on a restart must not send the file again. A crash after Telegram
    # took the upload and before this write commits is the one window for a second copy.
    done = words.say(
        "EXPORT_DONE", title=title, label=label, filename=path.name, size=size_words(size, words)
    )
    return await _end(jobs, job_id, "sent", done)


def make_file(
    database: str,
    request: ExportRequest,
    folder: Path,
    day: date,
    clock: Clock,
    counts: exports.RowCounts | None = None,
) -> tuple[Path, dict[str, int]]:
    """In a worker thread: produce the export and bundle it into one file; rows per table
    (``counts`` may watch the tables as they go: the dashboard shows them)."""
    counts = counts or exports.RowCounts()
    paths = asyncio.run(exports.produce(database, request, folder / "files", counts, clock))
    name = f"{request.project.id}-{day.isoformat()}.{exports.bundle_suffix(request.format)}"
    return exports.bundle(paths, folder / name), counts.rows


async def tell(bot: Bot, jobs: ExportJobsRepository, job: ExportJob, reply: str) -> None:
    """Edit the job's progress message to ``reply`` (or send it), then record it was told."""
    try:
        if job.progress_message_id is None:
            await bot.send_message(job.chat_id, reply)
        else:
            try:
                await bot.edit_message_text(reply, job.chat_id, job.progress_message_id)
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():  # else it says this already
                    await bot.send_message(job.chat_id, reply)  # the message is gone
    except Forbidden:
        pass  # the coordinator blocked the bot: there is no one to tell
    except TelegramError as exc:
        log.warning("export job %d: could not say how it ended (%s); next start will", job.id, exc)
        return
    await jobs.told(job.id)


async def resume(context: TandemContext) -> int:
    """At start: finish what an earlier run left; return how many jobs run again."""
    services, bot = context.services, context.bot
    jobs = services.export_jobs
    running: set[int] = context.application.bot_data.setdefault(RUNNING_KEY, set())
    for job in await jobs.untold():
        if job.id not in running and job.reply is not None:
            await tell(bot, jobs, job, job.reply)
    now, resumed = services.clock.timestamp(), 0
    for job in await jobs.unfinished():
        if job.id in running:
            continue
        try:
            resumed += await _resume_one(context, job, now)
        except TelegramError as exc:  # left for the next start
            log.warning("export job %d: could not resume it (%s)", job.id, exc)
    pruned = await jobs.prune(now - KEEP_SECONDS)
    if resumed or pruned:
        log.info("exports: %d resumed after a restart, %d old record(s) deleted", resumed, pruned)
    return resumed


async def _resume_one(context: TandemContext, job: ExportJob, now: float) -> int:
    """Run a job again, or drop it saying why; 1 if it runs again."""
    services, bot = context.services, context.bot
    jobs = services.export_jobs
    project = services.projects.get(job.ask.project_id)
    words = await words_for(context, job.telegram_id)
    if project is None:
        gone = words.say("EXPORT_DROPPED_GONE", project=job.ask.project_id)
        await _drop(bot, jobs, job, "gone", gone)
        return 0
    asked = ExportAsk.from_record(job.ask, project, words.lang)
    dropped = await _why_dropped(context, job, asked, now, words)
    if dropped is not None:
        await _drop(bot, jobs, job, *dropped)
        return 0
    if job.progress_message_id is None:
        await show_progress(bot, jobs, job.id, job.chat_id, asked, words)
    launch(context.application, services, job.id, asked, words)
    return 1


async def _why_dropped(
    context: TandemContext, job: ExportJob, asked: ExportAsk, now: float, words: Words
) -> tuple[str, str] | None:
    """(outcome, reply) if a job cut short must not run again, else None."""
    title, label = asked.project.title, label_of(asked, words)
    if await role_of(context, job.telegram_id) is not Role.COORDINATOR:
        return "refused", words.say("NOT_ALLOWED.coordinator", command="/export")
    if now - job.created_at > STALE_SECONDS:
        zone = ZoneInfo(asked.project.timezone)
        day = long_day(datetime.fromtimestamp(job.created_at, zone).date(), words)
        stale = words.say(
            "EXPORT_DROPPED_STALE", title=title, label=label, day=day, command=asked.chat_command()
        )
        return "stale", stale
    if job.attempts >= MAX_ATTEMPTS:
        gave_up = words.say(
            "EXPORT_GAVE_UP", title=title, attempts=job.attempts, command=asked.command()
        )
        return "failed", gave_up
    return None


async def _drop(
    bot: Bot, jobs: ExportJobsRepository, job: ExportJob, outcome: str, reply: str
) -> None:
    if await jobs.finish(job.id, outcome, reply):
        log.info("export job %d dropped at start (%s)", job.id, outcome)
        await tell(bot, jobs, job, reply)


def caption(asked: ExportAsk, counts: dict[str, int], day: date, words: Words) -> str:
    """What the file holds, that it is pseudonymised, and which days and people."""
    tables = ", ".join(
        words.plural("EXPORT_TABLE_ROWS", n, table=t, number=number(n, words))
        for t, n in counts.items()
    )
    if asked.format in exports.REPORTS:
        holds = words.say("EXPORT_HOLDS_REPORT")
    elif asked.format == "xlsx":
        holds = words.say("EXPORT_HOLDS_SHEETS", tables=tables)
    else:
        holds = words.say("EXPORT_HOLDS_TABLES", tables=tables)
    return words.say(
        "EXPORT_CAPTION",
        title=asked.project.title,
        label=label_of(asked, words),
        day=long_day(day, words),
        holds=holds,
        dates=asked.dates(words),
        people=asked.cohort or words.say("EXPORT_EVERYONE"),
    )


def size_words(size: int, words: Words) -> str:
    """A file's size in kB or MB, in ``words``' language."""
    if size >= 1_000_000:
        return words.say("EXPORT_SIZE_MB", size=decimal(size / 1_000_000, words))
    return words.say("EXPORT_SIZE_KB", size=number(max(size // 1000, 1), words))
