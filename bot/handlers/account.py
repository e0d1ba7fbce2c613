"""A resident's own controls: projects, pause, resume, leave, see and erase their data."""

from __future__ import annotations

from typing import Any

from telegram import InputFile, Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.asking import asked, in_project, known_person, pressed_participation
from bot.handlers.dialogue import participant_chat, resume
from bot.handlers.join import quote_buttons, store_quoting
from bot.handlers.language import offer_in_mydata
from bot.handlers.turns import pressed_message
from bot.permissions import Role, private_only, role_of
from bot.replies import buttons, close_buttons
from bot.words import project_words, words_for
from conversations.mydata import QUOTE_ANSWERS, Said, quoting_words, render_mydata
from storage.mydata import everything_else


async def projects(update: Update, context: TandemContext) -> None:
    """/projects: list them, with a button to switch to each."""
    known = await known_person(update, context, "PROJECTS_NONE")
    if known is None:
        return
    message, person = known
    services = context.services
    active = [p for p in await services.people.participations(person.telegram_id) if p.active]
    words = await words_for(context, person.telegram_id)
    if not active:
        await message.reply_text(words.say("PROJECTS_NONE"))
        return
    rows = []
    for p in active:
        project = services.projects.get(p.project_id)
        title = project.title.in_(words.lang) if project else p.project_id
        star = "★ " if p.project_id == person.current_project else ""
        rows.append((f"{star}{title}"[:60], encode("proj", p.project_id)))
    await message.reply_text(words.say("PROJECTS_LIST"), reply_markup=buttons(rows))


async def on_switch(update: Update, context: TandemContext, project_id: str) -> None:
    """A /projects button: make that project current and pick up its dialogue."""
    user = update.effective_user
    found = await pressed_participation(update, context, project_id, active_only=True)
    if found is None or user is None:
        return
    participant, project = found
    await context.services.people.set_current(user.id, project_id)
    chat_id = participant_chat(update)
    words = project_words(context, project, participant)
    switched = words.say("PROJECT_SWITCHED", title=project.title.in_(words.lang))
    await context.bot.send_message(chat_id, switched)
    await resume(context, chat_id, participant, project)


async def pause(update: Update, context: TandemContext) -> None:
    """/pause: no messages from Tandem until /resume."""
    await _set_paused(update, context, True)


async def resume_messages(update: Update, context: TandemContext) -> None:
    """/resume: messages again."""
    await _set_paused(update, context, False)


async def _set_paused(update: Update, context: TandemContext, paused: bool) -> None:
    who = asked(update)
    if who is None:
        return
    message, user = who
    services = context.services
    known = await services.people.set_paused(user.id, paused)
    words = await words_for(context, user)
    if not known:
        await message.reply_text(words.say("NOT_KNOWN"))
        return
    if paused:
        await message.reply_text(words.say("PAUSED"))
        return
    # /resume asks again whatever was open, so the question on screen is the one answered.
    found = await services.dialogues.position(user.id)
    project = services.projects.get(found[0].project_id) if found else None
    if found is None or project is None or found[1] is None or found[1].finished:
        await message.reply_text(words.say("NOTHING_TO_RESUME"))
        return
    await message.reply_text(words.say("RESUMED"))
    await resume(context, message.chat_id, found[0], project)


async def leave(update: Update, context: TandemContext) -> None:
    """/leave: leave the current project, after confirming."""
    here = await in_project(update, context, "PROJECTS_NONE")
    if here is None:
        return
    message, found = here
    project = found.project
    words = project_words(context, project, found.participant)
    await message.reply_text(
        words.say("LEAVE_CONFIRM", title=project.title.in_(words.lang)),
        reply_markup=buttons(
            [
                (words.say("LEAVE_YES"), encode("leave", project.id, "yes")),
                (words.say("KEEP"), encode("leave", project.id, "no")),
            ]
        ),
    )


async def on_leave(update: Update, context: TandemContext, project_id: str, answer: str) -> None:
    """The /leave buttons."""
    found = await pressed_participation(update, context, project_id, valid=answer in {"yes", "no"})
    if found is None:
        return
    participant, project = found
    words = project_words(context, project, participant)
    if answer == "no":
        await _settle(update, context, words.say("KEEP"), words.say("KEPT"))
        return
    await context.services.people.leave(participant.id)
    await context.services.focus.clear(participant_chat(update), project.id)
    left = words.say("LEFT", title=project.title.in_(words.lang))
    await _settle(update, context, words.say("LEAVE_YES"), left)


async def _settle(update: Update, context: TandemContext, chosen: str, reply: str) -> None:
    """A confirmation answered: its buttons give way to the choice, then say what happened."""
    query = update.callback_query
    assert query is not None
    await close_buttons(pressed_message(query), chosen)
    await context.bot.send_message(participant_chat(update), reply)


@private_only
async def mydata(update: Update, context: TandemContext) -> None:
    """/mydata: a readable file of everything held about the person."""
    known = await known_person(update, context, "NOT_KNOWN")
    if known is None:
        return
    message, person = known
    services = context.services
    participations = await services.people.participations(person.telegram_id)
    said: dict[int, list[Said]] = {}
    for p in participations:
        items = [
            Said(a.step_id, a.probe, a.kind, a.value, a.caption, a.created_at)
            for a in await services.dialogues.answers(p.id)
        ]
        items += [
            Said(None, False, i.kind, i.value, i.caption, i.created_at)
            for i in await services.ideas.of_participant(p.id)
        ]
        said[p.id] = sorted(items, key=lambda s: s.at)
    more = {p.id: await everything_else(services.db, p.id) for p in participations}
    named = await services.people.naming_choices(person.telegram_id)
    words = await words_for(context, person.telegram_id)
    text = render_mydata(person, participations, said, services.projects, words, more, named)
    await message.reply_document(
        InputFile(text.encode("utf-8"), filename="tandem-my-data.txt"),
        caption=words.say("MYDATA_CAPTION"),
    )
    for p in participations:
        project = services.projects.get(p.project_id)
        if project is None:
            continue
        await offer_in_mydata(context, message.chat_id, p, project)
        own = project_words(context, project, p)
        state = quoting_words(p.may_quote, named.get(p.id), own)
        await message.reply_text(
            own.say("MYDATA_QUOTING", title=project.title.in_(own.lang), state=state),
            reply_markup=quote_buttons("myquote", project.id, own),
        )


async def on_quoting_changed(
    update: Update, context: TandemContext, project_id: str, answer: str
) -> None:
    """A /mydata button: change whether words may be quoted, and with the first name."""
    stored = await store_quoting(update, context, project_id, answer, joining=False)
    if stored is None:
        return
    participant, project, answer = stored
    words = project_words(context, project, participant)
    state = quoting_words(*QUOTE_ANSWERS[answer], words)
    await context.bot.send_message(
        participant_chat(update),
        words.say("QUOTING_CHANGED", title=project.title.in_(words.lang), state=state),
    )


async def forget(update: Update, context: TandemContext) -> None:
    """/forget: erase everything, after confirming."""
    who = asked(update)
    if who is None:
        return
    message, user = who
    services = context.services
    # Staff leave traces without taking part (drafts, exports asked for): they may erase too.
    staff = await role_of(context, user.id) is not Role.RESIDENT
    words = await words_for(context, user)
    if await services.people.person(user.id) is None and not staff:
        await message.reply_text(words.say("NOT_KNOWN"))
        return
    await message.reply_text(
        words.say("FORGET_CONFIRM"),
        reply_markup=buttons(
            [
                (words.say("FORGET_YES"), encode("forget", "yes")),
                (words.say("KEEP"), encode("forget", "no")),
            ]
        ),
    )


async def on_forget(update: Update, context: TandemContext, answer: str) -> None:
    """The /forget buttons."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    await query.answer()
    # Worded before erasing: afterwards Tandem no longer knows their language.
    words = await words_for(context, user)
    if answer != "yes":
        await _settle(update, context, words.say("KEEP"), words.say("KEPT"))
        return
    await context.services.people.forget(user.id)
    await _settle(update, context, words.say("FORGET_YES"), words.say("FORGOTTEN"))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the resident's own commands."""
    private = filters.ChatType.PRIVATE
    for name, handler in (
        ("projects", projects),
        ("pause", pause),
        ("resume", resume_messages),
        ("leave", leave),
        ("forget", forget),
    ):
        app.add_handler(CommandHandler(name, handler, filters=private))
    # In a group /mydata answers with a pointer to the private chat (private_only).
    app.add_handler(CommandHandler("mydata", mydata))
