"""A resident's language in a project: offered at joining, changed with /language or /mydata."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.asking import in_project, pressed_participation
from bot.handlers.dialogue import participant_chat
from bot.handlers.turns import pressed_message
from bot.replies import buttons, close_buttons
from bot.words import project_words
from conversations.languages import own_name, spoken
from conversations.participation import Participant
from conversations.projects import Project


def language_buttons(project: Project) -> Any:
    """One button per language of the project, each named in its own language."""
    rows = [(own_name(code), encode("lang", project.id, code)) for code in project.languages]
    return buttons(rows)


def current_name(participant: Participant, project: Project) -> str:
    """The participation's language, named in itself."""
    return own_name(spoken(participant.language, project.languages))


async def welcome(
    context: TandemContext, chat_id: int, participant: Participant, project: Project
) -> None:
    """The thanks for joining; with a choice of language when the project has more than one."""
    words = project_words(context, project, participant)
    thanks = words.say("CONSENT_THANKS", title=project.title.in_(words.lang))
    if len(project.languages) < 2:
        await context.bot.send_message(chat_id, thanks)
        return
    offer = words.say("LANGUAGE_OFFER", language=current_name(participant, project))
    await context.bot.send_message(
        chat_id, f"{thanks}\n\n{offer}", reply_markup=language_buttons(project)
    )


async def offer_in_mydata(
    context: TandemContext, chat_id: int, participant: Participant, project: Project
) -> None:
    """/mydata's line about the language, with buttons to change it (only if there is a choice)."""
    if len(project.languages) < 2:
        return
    words = project_words(context, project, participant)
    text = words.say(
        "MYDATA_LANGUAGE",
        title=project.title.in_(words.lang),
        language=current_name(participant, project),
    )
    await context.bot.send_message(chat_id, text, reply_markup=language_buttons(project))


async def language(update: Update, context: TandemContext) -> None:
    """/language: the current project's languages as buttons."""
    here = await in_project(update, context, "PROJECTS_NONE")
    if here is None:
        return
    message, (participant, project, _) = here
    name = current_name(participant, project)
    words = project_words(context, project, participant)
    if len(project.languages) < 2:
        await message.reply_text(
            words.say("LANGUAGE_ONLY_ONE", title=project.title.in_(words.lang), language=name)
        )
        return
    await message.reply_text(
        words.say("LANGUAGE_QUESTION", title=project.title.in_(words.lang), language=name),
        reply_markup=language_buttons(project),
    )


async def on_button(update: Update, context: TandemContext, project_id: str, code: str) -> None:
    """A language button: store the choice; a button for a language no longer listed is stale."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    known = services.projects.get(project_id)
    valid = known is not None and code in known.languages
    found = await pressed_participation(update, context, project_id, valid=valid)
    if found is None:
        return
    participant, project = found
    await services.people.set_language(participant.id, code)
    await close_buttons(pressed_message(query), own_name(code))
    # Said in the language just chosen.
    chosen = await services.people.participant(user.id, project_id)
    words = project_words(context, project, chosen)
    await context.bot.send_message(
        participant_chat(update),
        words.say("LANGUAGE_CHANGED", title=project.title.in_(words.lang), language=own_name(code)),
    )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /language (private chats: it is about one person)."""
    app.add_handler(CommandHandler("language", language, filters=filters.ChatType.PRIVATE))
