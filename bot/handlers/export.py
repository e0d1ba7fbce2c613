"""/export: a coordinator gets a project's data or summary report as a file in the chat.

The export runs in the background (its own thread, event loop and SQLite connections), so
the bot keeps answering everyone meanwhile; one export at a time per coordinator.
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

from telegram import Chat, InputFile, Update
from telegram.ext import Application, CommandHandler

from bot import exports
from bot.callbacks import encode
from bot.context import TandemContext
from bot.exports import ExportAsk
from bot.handlers.join import query_message
from bot.permissions import requires, role_of
from bot.replies import buttons, close_buttons
from conversations import catalogue
from conversations.directory import ProjectDirectory
from conversations.export.request import ExportError, ExportRequest
from conversations.participation import Role
from conversations.projects import Project

log = logging.getLogger(__name__)

# Telegram's limit for a file a bot uploads is 50 MB; stay just under it.
UPLOAD_LIMIT = 50_000_000
RUNNING_KEY = "tandem.exports_running"


def _usage_words(directory: ProjectDirectory) -> dict[str, str]:
    ids = directory.ids()
    return {
        "formats": ", ".join(exports.FORMATS),
        "example": ids[0] if ids else "PROJECT",
    }


def parse_words(words: list[str], directory: ProjectDirectory) -> ExportAsk | str:
    """``PROJECT FORMAT [since DAY] [until DAY] [cohort tag:X]``: the ask, or what is wrong.

    Without FORMAT the ask's format is empty: the format buttons come next.
    """
    ids = directory.ids()
    if len(ids) == 1 and words[0].lower() in exports.FORMATS:
        words = [ids[0], *words]  # one project: it need not be named
    project = directory.get(words[0].lower())
    if project is None:
        known = ", ".join(directory.ids()) or "none yet"
        return catalogue.UNKNOWN_PROJECT.format(project=words[0][:40], known=known)
    if len(words) == 1:
        return ExportAsk(project, "")
    formats = exports.FORMATS
    export_format = words[1].lower().lstrip(".")
    if export_format not in formats:
        return catalogue.EXPORT_BAD_FORMAT.format(format=words[1][:20], formats=", ".join(formats))
    options: dict[str, str] = {}
    rest = words[2:]
    while rest:
        key = rest[0].lower().lstrip("-")
        if key not in ("since", "until", "cohort") or len(rest) < 2:
            return catalogue.EXPORT_BAD_WORD.format(word=rest[0][:40], **_usage_words(directory))
        options[key] = rest[1]
        rest = rest[2:]
    return ExportAsk(project, export_format, **options)


def format_buttons(project: Project) -> Any:
    """One button per format this server can make."""
    return buttons(
        [
            (catalogue.EXPORT_FORMAT_LABELS[f], encode("export", project.id, f))
            for f in exports.FORMATS
        ]
    )


@requires(Role.COORDINATOR, "export")
async def export(update: Update, context: TandemContext) -> None:
    """/export, or /export PROJECT FORMAT [since DAY] [until DAY] [cohort tag:X]."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    if update.effective_chat is None or update.effective_chat.type != Chat.PRIVATE:
        await message.reply_text(catalogue.EXPORT_PRIVATE_ONLY)
        return
    directory = context.services.projects
    if not context.args:
        projects = list(directory)
        if not projects:
            await message.reply_text(catalogue.EXPORT_NO_PROJECTS)
        elif len(projects) == 1:
            await message.reply_text(
                catalogue.EXPORT_PICK_FORMAT.format(title=projects[0].title),
                reply_markup=format_buttons(projects[0]),
            )
        else:
            rows = [(p.title[:60], encode("export", p.id, "pick")) for p in projects]
            await message.reply_text(catalogue.EXPORT_PICK_PROJECT, reply_markup=buttons(rows))
        return
    asked = parse_words(list(context.args), directory)
    if isinstance(asked, str):
        await message.reply_text(asked)
        return
    if not asked.format:
        await message.reply_text(
            catalogue.EXPORT_PICK_FORMAT.format(title=asked.project.title),
            reply_markup=format_buttons(asked.project),
        )
        return
    await start(context, message.chat_id, user.id, asked, update)


async def on_button(
    update: Update, context: TandemContext, project_id: str, export_format: str
) -> None:
    """The project and format buttons of /export."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    if await role_of(context, user.id) is not Role.COORDINATOR:
        await query.answer(catalogue.NOT_ALLOWED.format(command="/export", role="coordinator"))
        return
    chat = update.effective_chat
    if chat is None or chat.type != Chat.PRIVATE:
        await query.answer(catalogue.EXPORT_PRIVATE_ONLY)
        return
    project = context.services.projects.get(project_id)
    chosen = export_format == "pick" or export_format in exports.FORMATS
    if project is None or not chosen:
        await query.answer(catalogue.STALE_BUTTON)
        return
    await query.answer()
    message = query_message(query)
    chat_id = chat.id
    if export_format == "pick":
        await close_buttons(message, project.title)
        await context.bot.send_message(
            chat_id,
            catalogue.EXPORT_PICK_FORMAT.format(title=project.title),
            reply_markup=format_buttons(project),
        )
        return
    await close_buttons(message, catalogue.EXPORT_FORMAT_LABELS[export_format])
    await start(context, chat_id, user.id, ExportAsk(project, export_format), update)


async def start(
    context: TandemContext, chat_id: int, user_id: int, asked: ExportAsk, update: Update
) -> None:
    """Check the ask, say it is being prepared, and run it in the background."""
    try:
        request = asked.request()
    except ExportError as exc:
        await context.bot.send_message(chat_id, catalogue.EXPORT_PROBLEM.format(reason=exc))
        return
    running: set[int] = context.application.bot_data.setdefault(RUNNING_KEY, set())
    if user_id in running:
        await context.bot.send_message(chat_id, catalogue.EXPORT_BUSY)
        return
    running.add(user_id)
    try:
        label = catalogue.EXPORT_FORMAT_LABELS[asked.format]
        progress = await context.bot.send_message(
            chat_id, catalogue.EXPORT_PREPARING.format(title=asked.project.title, label=label)
        )
    except BaseException:
        running.discard(user_id)
        raise
    job = deliver(context, chat_id, progress.message_id, asked, request)
    task = context.application.create_task(job, update=update, name="export")
    task.add_done_callback(lambda _: running.discard(user_id))


async def deliver(
    context: TandemContext, chat_id: int, progress_id: int, asked: ExportAsk, request: ExportRequest
) -> None:
    """Make the file in a temporary folder, send it, say how it went, clean up."""
    folder = Path(tempfile.mkdtemp(prefix="tandem-export-"))
    try:
        outcome = await _make_and_send(context, chat_id, asked, request, folder)
    except ExportError as exc:
        outcome = catalogue.EXPORT_PROBLEM.format(reason=exc)
    except Exception:
        log.exception("an export failed")
        outcome = catalogue.EXPORT_FAILED.format(title=asked.project.title)
    finally:
        await asyncio.to_thread(shutil.rmtree, folder, True)
    await context.bot.edit_message_text(outcome, chat_id, progress_id)


async def _make_and_send(
    context: TandemContext, chat_id: int, asked: ExportAsk, request: ExportRequest, folder: Path
) -> str:
    """Send the export as a document; return what the progress message should say."""
    title, label = asked.project.title, catalogue.EXPORT_FORMAT_LABELS[asked.format]
    day = datetime.now(ZoneInfo(asked.project.timezone)).date()
    path, counts = await asyncio.to_thread(
        _make_file, context.services.db.path, request, folder, day
    )
    size = path.stat().st_size
    if size > UPLOAD_LIMIT:
        return catalogue.EXPORT_TOO_LARGE.format(
            title=title, size=_size(size), command=asked.command()
        )
    with path.open("rb") as data:
        await context.bot.send_document(
            chat_id,
            InputFile(data, filename=path.name),
            caption=caption(asked, counts, day),
            read_timeout=120,
            write_timeout=120,
        )
    return catalogue.EXPORT_DONE.format(
        title=title, label=label, filename=path.name, size=_size(size)
    )


def _make_file(
    database: str, request: ExportRequest, folder: Path, day: date
) -> tuple[Path, dict[str, int]]:
    """In a worker thread: produce the export and bundle it into one file; rows per table."""
    counts = exports.RowCounts()
    paths = asyncio.run(exports.produce(database, request, folder / "files", counts))
    name = f"{request.project.id}-{day.isoformat()}.{exports.bundle_suffix(request.format)}"
    return exports.bundle(paths, folder / name), counts.rows


def caption(asked: ExportAsk, counts: dict[str, int], day: date) -> str:
    """What the file holds, that it is pseudonymised, and which days and people."""
    tables = ", ".join(f"{t} {n:,} row{'' if n == 1 else 's'}" for t, n in counts.items())
    if asked.format in exports.REPORTS:
        holds = catalogue.EXPORT_HOLDS_REPORT
    elif asked.format == "xlsx":
        holds = catalogue.EXPORT_HOLDS_SHEETS.format(tables=tables)
    else:
        holds = catalogue.EXPORT_HOLDS_TABLES.format(tables=tables)
    return catalogue.EXPORT_CAPTION.format(
        title=asked.project.title,
        label=catalogue.EXPORT_FORMAT_LABELS[asked.format],
        day=day.isoformat(),
        holds=holds,
        dates=asked.dates(),
        people=asked.cohort or catalogue.EXPORT_EVERYONE,
    )


def _size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(size // 1000, 1)} kB"


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /export (its buttons are routed by bot/handlers/buttons.py)."""
    app.add_handler(CommandHandler("export", export))
