"""/export: a coordinator gets a project's data or summary report as a file in the chat.

Each ask is stored as a job before anything is said, and runs in the background
(bot/export_delivery.py), so the bot keeps answering everyone meanwhile and a crash loses
no export; one unfinished job at a time per coordinator (the table enforces it).
"""

from __future__ import annotations

from typing import Any

from telegram import Chat, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from bot import export_delivery as delivery
from bot import exports
from bot.callbacks import encode
from bot.context import TandemContext
from bot.exports import ExportAsk
from bot.handlers.join import query_message
from bot.leadership import leader_duty
from bot.permissions import requires, role_of
from bot.replies import buttons, close_buttons
from bot.words import pop_up, words_for
from conversations.directory import ProjectDirectory
from conversations.export.request import ExportError
from conversations.i18n.words import Words, english
from conversations.participation import Role
from conversations.projects import Project


def _usage_args(directory: ProjectDirectory) -> dict[str, str]:
    ids = directory.ids()
    return {
        "formats": ", ".join(exports.FORMATS),
        "example": ids[0] if ids else "PROJECT",
    }


def parse_words(
    words: list[str], directory: ProjectDirectory, said: Words | None = None
) -> ExportAsk | str:
    """``PROJECT FORMAT [since DAY] [until DAY] [cohort tag:X]``: the ask, or what is wrong
    (in ``said``'s language, English if None; a report is written in it too).

    Without FORMAT the ask's format is empty: the format buttons come next.
    """
    said = said or english()
    ids = directory.ids()
    if len(ids) == 1 and words[0].lower() in exports.FORMATS:
        words = [ids[0], *words]  # one project: it need not be named
    project = directory.get(words[0].lower())
    if project is None:
        if not ids:
            return said.say("UNKNOWN_PROJECT_NONE_YET", project=words[0][:40])
        return said.say("UNKNOWN_PROJECT", project=words[0][:40], known=", ".join(ids))
    if len(words) == 1:
        return ExportAsk(project, "", language=said.lang)
    formats = exports.FORMATS
    export_format = words[1].lower().lstrip(".")
    if export_format not in formats:
        return said.say("EXPORT_BAD_FORMAT", format=words[1][:20], formats=", ".join(formats))
    options: dict[str, str] = {}
    rest = words[2:]
    while rest:
        key = rest[0].lower().lstrip("-")
        if key not in ("since", "until", "cohort") or len(rest) < 2:
            return said.say("EXPORT_BAD_WORD", word=rest[0][:40], **_usage_args(directory))
        options[key] = rest[1]
        rest = rest[2:]
    return ExportAsk(project, export_format, **options, language=said.lang)


def format_buttons(project: Project, words: Words) -> Any:
    """One button per format this server can make."""
    return buttons(
        [
            (words.say(f"EXPORT_FORMAT_LABELS.{f}"), encode("export", project.id, f))
            for f in exports.FORMATS
        ]
    )


@requires(Role.COORDINATOR, "export")
async def export(update: Update, context: TandemContext) -> None:
    """/export, or /export PROJECT FORMAT [since DAY] [until DAY] [cohort tag:X]."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    directory = context.services.projects
    words = await words_for(context, user)
    if not context.args:
        projects = list(directory)
        if not projects:
            await message.reply_text(words.say("EXPORT_NO_PROJECTS"))
        elif len(projects) == 1:
            await message.reply_text(
                words.say("EXPORT_PICK_FORMAT", title=projects[0].title),
                reply_markup=format_buttons(projects[0], words),
            )
        else:
            rows = [(p.title[:60], encode("export", p.id, "pick")) for p in projects]
            await message.reply_text(words.say("EXPORT_PICK_PROJECT"), reply_markup=buttons(rows))
        return
    asked = parse_words(list(context.args), directory, words)
    if isinstance(asked, str):
        await message.reply_text(asked)
        return
    if not asked.format:
        await message.reply_text(
            words.say("EXPORT_PICK_FORMAT", title=asked.project.title),
            reply_markup=format_buttons(asked.project, words),
        )
        return
    await start(context, message.chat_id, user.id, asked, update, words)


async def on_button(
    update: Update, context: TandemContext, project_id: str, export_format: str
) -> None:
    """The project and format buttons of /export."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    words = await words_for(context, user)
    if await role_of(context, user.id) is not Role.COORDINATOR:
        await query.answer(words.say("NOT_ALLOWED.coordinator", command="/export"))
        return
    chat = update.effective_chat
    if chat is None or chat.type != Chat.PRIVATE:
        await query.answer(words.say("EXPORT_PRIVATE_ONLY"))
        return
    project = context.services.projects.get(project_id)
    chosen = export_format == "pick" or export_format in exports.FORMATS
    if project is None or not chosen:
        await pop_up(context, query, "STALE_BUTTON")
        return
    await query.answer()
    message = query_message(query)
    chat_id = chat.id
    if export_format == "pick":
        await close_buttons(message, project.title)
        await context.bot.send_message(
            chat_id,
            words.say("EXPORT_PICK_FORMAT", title=project.title),
            reply_markup=format_buttons(project, words),
        )
        return
    await close_buttons(message, words.say(f"EXPORT_FORMAT_LABELS.{export_format}"))
    asked = ExportAsk(project, export_format, language=words.lang)
    await start(context, chat_id, user.id, asked, update, words)


async def start(
    context: TandemContext,
    chat_id: int,
    user_id: int,
    asked: ExportAsk,
    update: Update,
    words: Words,
) -> None:
    """Check the ask, store it as a job, say it is being prepared, and run it."""
    try:
        asked.request()
    except ExportError as exc:
        await context.bot.send_message(chat_id, words.say("EXPORT_PROBLEM", reason=exc.said(words)))
        return
    jobs = context.services.export_jobs
    job = await jobs.open(user_id, chat_id, asked.record(), update.update_id)
    if job is None:
        # A replay of this very update after a crash: its job is resumed at start.
        if not await jobs.asked_by_update(update.update_id):
            await context.bot.send_message(chat_id, words.say("EXPORT_BUSY"))
        return
    try:
        await delivery.show_progress(context.bot, jobs, job.id, chat_id, asked, words)
    except TelegramError:
        await jobs.discard(job.id)
        raise
    delivery.launch(context.application, context.services, job.id, asked, words, update)


async def _resume(context: TandemContext) -> None:
    await delivery.resume(context)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /export (its buttons are routed by bot/handlers/buttons.py) and, once the
    application has started, resume the exports an earlier run left unfinished."""
    app.add_handler(CommandHandler("export", export))
    leader_duty(app, _resume, "exports-resume")  # by the leader, when it takes over
