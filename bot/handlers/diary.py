"""/diary and the diary's buttons: enrolment, settings, pause and stop, or a new entry.

The settings live in bot/handlers/diary_settings.py, the entries in diary_entries.py.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import current, participant_chat
from bot.handlers.diary_completion import nudge_command
from bot.handlers.diary_entries import nothing_today, start_entry
from bot.handlers.diary_settings import enrol, pause, set_time, show_settings
from bot.handlers.focus import answered, ask
from bot.handlers.turns import pressed_message
from bot.replies import buttons, close_buttons
from bot.words import pop_up, project_words, words_for
from conversations.diary_schedule import time_choices
from conversations.focus import Focus, FocusKind
from conversations.i18n.dates import clock_time


async def diary(update: Update, context: TandemContext) -> None:
    """/diary [settings | pause DAYS | stop]; alone it enrols, or logs an entry.

    Staff: /diary nudge N reminds diarists below N% (bot/handlers/diary_completion.py)."""
    if context.args and context.args[0].lower() == "nudge":
        await nudge_command(update, context, list(context.args[1:]))
        return
    message = update.effective_message
    found = await current(update, context)
    if message is None or update.effective_user is None:
        return
    if found is None:
        words = await words_for(context, update.effective_user)
        await message.reply_text(words.say("NO_PROJECT_YET"))
        return
    participant, project, _ = found
    words = project_words(context, project, participant)
    if project.diary is None:
        await message.reply_text(words.say("DIARY_NONE"))
        return
    args = [a.lower() for a in context.args or []]
    enrolment = await context.services.diary.enrolment(participant.id)
    if not args:
        if enrolment is None or enrolment.stopped:
            await enrol(context, participant_chat(update), participant, project)
        else:
            await start_entry(
                context, participant_chat(update), participant, project, update.update_id
            )
        return
    if enrolment is None:
        await message.reply_text(words.say("DIARY_NOT_ENROLLED"))
        return
    if args[0] == "settings":
        await show_settings(context, participant_chat(update), participant, project)
    elif args[0] == "pause":
        days = int(args[1]) if len(args) > 1 and args[1].isdigit() else 7
        await pause(context, participant_chat(update), participant, project, min(days, 60))
    elif args[0] == "stop":
        await context.services.diary.stop(participant.id)
        await message.reply_text(words.say("DIARY_STOPPED"))
    else:
        await message.reply_text(words.say("DIARY_USAGE"))


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """The diary's buttons: settings, prompt answers and times."""
    query = update.callback_query
    assert query is not None
    found = await current(update, context)
    wanted = arg if action not in {"at"} else (found.project.id if found else "")
    if found is None or found.project.id != wanted or found.project.diary is None:
        await pop_up(context, query, "STALE_BUTTON")
        return
    await query.answer()
    participant, project, _ = found
    words = project_words(context, project, participant)
    chat_id = participant_chat(update)
    services = context.services
    message = pressed_message(query)
    if action == "log":
        await start_entry(context, chat_id, participant, project, update.update_id)
    elif action == "nothing":
        await nothing_today(context, chat_id, participant, project, update.update_id)
    elif action == "ok":
        await close_buttons(message, words.say("DIARY_OK"))
        await context.bot.send_message(chat_id, words.say("DIARY_CONFIRMED"))
        await answered(context, chat_id, FocusKind.DIARY_SETUP)
    elif action == "zone":
        await context.bot.send_message(chat_id, words.say("DIARY_ASK_ZONE"))
        await ask(context, chat_id, Focus(FocusKind.DIARY_ZONE, project.id))
    elif action == "time":
        choices = time_choices(found.project.diary.prompt_times, project.quiet_window())
        await context.bot.send_message(
            chat_id,
            words.say("DIARY_PICK_TIME"),
            reply_markup=buttons(
                [
                    (clock_time(t, words.lang), encode("diary", "at", t.strftime("%H%M")))
                    for t in choices
                ]
            ),
        )
        await ask(context, chat_id, Focus(FocusKind.DIARY_SETUP, project.id))
    elif action == "at":
        await set_time(context, chat_id, participant, project, arg, message)
        await answered(context, chat_id, FocusKind.DIARY_SETUP)
    elif action == "pause":
        await pause(context, chat_id, participant, project, 7)
        await answered(context, chat_id, FocusKind.DIARY_SETUP)
    elif action == "stop":
        await services.diary.stop(participant.id)
        await context.bot.send_message(chat_id, words.say("DIARY_STOPPED"))
        await answered(context, chat_id, FocusKind.DIARY_SETUP)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /diary."""
    app.add_handler(CommandHandler("diary", diary, filters=filters.ChatType.PRIVATE))
