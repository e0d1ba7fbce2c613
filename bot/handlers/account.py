"""A resident's own controls: projects, pause, resume, leave, see and erase their data."""

from __future__ import annotations

from typing import Any

from telegram import InputFile, Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import current, participant_chat, resume
from bot.handlers.join import quote_buttons, store_quoting
from bot.replies import buttons, close_buttons
from conversations import catalogue
from conversations.mydata import QUOTE_ANSWERS, Said, quoting_words, render_mydata
from storage.mydata import everything_else


async def projects(update: Update, context: TandemContext) -> None:
    """/projects: list them, with a button to switch to each."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    services = context.services
    person = await services.people.person(user.id)
    active = [p for p in await services.people.participations(user.id) if p.active]
    if person is None or not active:
        await message.reply_text(catalogue.PROJECTS_NONE)
        return
    rows = []
    for p in active:
        project = services.projects.get(p.project_id)
        title = project.title if project else p.project_id
        star = "★ " if p.project_id == person.current_project else ""
        rows.append((f"{star}{title}"[:60], encode("proj", p.project_id)))
    await message.reply_text(catalogue.PROJECTS_LIST, reply_markup=buttons(rows))


async def on_switch(update: Update, context: TandemContext, project_id: str) -> None:
    """A /projects button: make that project current and pick up its dialogue."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    participant = await services.people.participant(user.id, project_id)
    project = services.projects.get(project_id)
    if participant is None or not participant.active or project is None:
        await query.answer(catalogue.STALE_BUTTON)
        return
    await query.answer()
    await services.people.set_current(user.id, project_id)
    chat_id = participant_chat(update)
    await context.bot.send_message(chat_id, catalogue.PROJECT_SWITCHED.format(title=project.title))
    await resume(context, chat_id, participant, project)


async def pause(update: Update, context: TandemContext) -> None:
    """/pause: no messages from Tandem until /resume."""
    await _set_paused(update, context, True)


async def resume_messages(update: Update, context: TandemContext) -> None:
    """/resume: messages again."""
    await _set_paused(update, context, False)


async def _set_paused(update: Update, context: TandemContext, paused: bool) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    if not await context.services.people.set_paused(user.id, paused):
        await message.reply_text(catalogue.NOT_KNOWN)
        return
    await message.reply_text(catalogue.PAUSED if paused else catalogue.RESUMED)


async def leave(update: Update, context: TandemContext) -> None:
    """/leave: leave the current project, after confirming."""
    message = update.effective_message
    if message is None:
        return
    found = await current(update, context)
    if found is None:
        await message.reply_text(catalogue.PROJECTS_NONE)
        return
    project = found.project
    await message.reply_text(
        catalogue.LEAVE_CONFIRM.format(title=project.title),
        reply_markup=buttons(
            [
                (catalogue.LEAVE_YES, encode("leave", project.id, "yes")),
                (catalogue.KEEP, encode("leave", project.id, "no")),
            ]
        ),
    )


async def on_leave(update: Update, context: TandemContext, project_id: str, answer: str) -> None:
    """The /leave buttons."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    participant = await services.people.participant(user.id, project_id)
    project = services.projects.get(project_id)
    if participant is None or project is None or answer not in {"yes", "no"}:
        await query.answer(catalogue.STALE_BUTTON)
        return
    await query.answer()
    message = query.message if hasattr(query.message, "text") else None
    if answer == "no":
        await close_buttons(message, catalogue.KEEP)  # type: ignore[arg-type]
        await context.bot.send_message(participant_chat(update), catalogue.KEPT)
        return
    await services.people.leave(participant.id)
    await close_buttons(message, catalogue.LEAVE_YES)  # type: ignore[arg-type]
    await context.bot.send_message(
        participant_chat(update), catalogue.LEFT.format(title=project.title)
    )


async def mydata(update: Update, context: TandemContext) -> None:
    """/mydata: a readable file of everything held about the person."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    services = context.services
    person = await services.people.person(user.id)
    if person is None:
        await message.reply_text(catalogue.NOT_KNOWN)
        return
    participations = await services.people.participations(user.id)
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
    named = await services.people.naming_choices(user.id)
    text = render_mydata(person, participations, said, services.projects, more, named)
    await message.reply_document(
        InputFile(text.encode("utf-8"), filename="tandem-my-data.txt"),
        caption=catalogue.MYDATA_CAPTION,
    )
    for p in participations:
        project = services.projects.get(p.project_id)
        if project is None:
            continue
        state = quoting_words(p.may_quote, named.get(p.id))
        await message.reply_text(
            catalogue.MYDATA_QUOTING.format(title=project.title, state=state),
            reply_markup=quote_buttons("myquote", project.id),
        )


async def on_quoting_changed(
    update: Update, context: TandemContext, project_id: str, answer: str
) -> None:
    """A /mydata button: change whether words may be quoted, and with the first name."""
    stored = await store_quoting(update, context, project_id, answer, joining=False)
    if stored is None:
        return
    _, project, answer = stored
    state = quoting_words(*QUOTE_ANSWERS[answer])
    await context.bot.send_message(
        participant_chat(update),
        catalogue.QUOTING_CHANGED.format(title=project.title, state=state),
    )


async def forget(update: Update, context: TandemContext) -> None:
    """/forget: erase everything, after confirming."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    services = context.services
    staff = bool(await services.project_rows.facilitated_by(user.id))
    if await services.people.person(user.id) is None and not staff:
        await message.reply_text(catalogue.NOT_KNOWN)
        return
    await message.reply_text(
        catalogue.FORGET_CONFIRM,
        reply_markup=buttons(
            [
                (catalogue.FORGET_YES, encode("forget", "yes")),
                (catalogue.KEEP, encode("forget", "no")),
            ]
        ),
    )


async def on_forget(update: Update, context: TandemContext, answer: str) -> None:
    """The /forget buttons."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    await query.answer()
    message = query.message if hasattr(query.message, "text") else None
    if answer != "yes":
        await close_buttons(message, catalogue.KEEP)  # type: ignore[arg-type]
        await context.bot.send_message(participant_chat(update), catalogue.KEPT)
        return
    await context.services.people.forget(user.id)
    await close_buttons(message, catalogue.FORGET_YES)  # type: ignore[arg-type]
    await context.bot.send_message(participant_chat(update), catalogue.FORGOTTEN)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the resident's own commands."""
    private = filters.ChatType.PRIVATE
    for name, handler in (
        ("projects", projects),
        ("pause", pause),
        ("resume", resume_messages),
        ("leave", leave),
        ("mydata", mydata),
        ("forget", forget),
    ):
        app.add_handler(CommandHandler(name, handler, filters=private))
