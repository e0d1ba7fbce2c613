"""/update: a facilitator tells the people who took part in something what came of it."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CommandHandler

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import participant_chat
from bot.handlers.focus import answered, ask, nothing_open
from bot.handlers.update_picking import (
    ask_kind,
    cancel_row,
    choose,
    project_title,
    show_choices,
    staff_projects,
)
from bot.handlers.update_sending import send, show_preview
from bot.permissions import requires
from bot.replies import buttons, close_buttons
from bot.words import words_for
from conversations import catalogue, loop
from conversations.dialogue.engine import Event, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.participation import Role
from storage.update_drafts import Draft


@requires(Role.FACILITATOR, "update")
async def update_command(update: Update, context: TandemContext) -> None:
    """/update [PROJECT]: tell the people who took part in something what came of it."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    services = context.services
    projects = await staff_projects(context, user.id)
    if not projects:
        await message.reply_text(loop.NO_PROJECTS)
        return
    wanted = (context.args or [""])[0].lower()
    if wanted and wanted not in projects:
        await message.reply_text(
            loop.UNKNOWN_PROJECT.format(project=wanted[:40], known=", ".join(projects))
        )
        return
    project_id = wanted or (projects[0] if len(projects) == 1 else None)
    draft = await services.updates.drafts.start(user.id, project_id)
    await ask(context, message.chat_id, Focus(FocusKind.UPDATE_BUILDER, project_id))
    if project_id is not None:
        await ask_kind(context, message.chat_id, draft)
        return
    rows = [(project_title(context, p), encode("upd", "proj", draft.id, p)) for p in projects]
    await message.reply_text(loop.ASK_PROJECT, reply_markup=buttons([*rows, cancel_row(draft)]))


async def on_button(
    update: Update, context: TandemContext, action: str, draft_id: str, value: str
) -> None:
    """A button of the /update flow; only the person's latest draft counts."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    services = context.services
    draft = await services.updates.drafts.of(user.id)
    if draft is None or str(draft.id) != draft_id:
        await query.answer(loop.DRAFT_GONE)
        return
    projects = await staff_projects(context, user.id)
    if draft.project_id is not None and draft.project_id not in projects:
        # The role was taken away mid-flow (or the project file is gone).
        await services.updates.drafts.drop(draft.id)
        await query.answer(catalogue.NOT_ALLOWED["facilitator"].format(command="/update"))
        return
    await query.answer()
    chat_id = participant_chat(update)
    pressed = query.message if isinstance(query.message, Message) else None
    if action == "stop":
        await services.updates.drafts.drop(draft.id)
        await close_buttons(pressed, loop.CANCEL)
        await context.bot.send_message(chat_id, loop.CANCELLED)
        await answered(context, chat_id, FocusKind.UPDATE_BUILDER)
    elif action == "proj" and value in projects:
        await services.updates.drafts.set_project(draft.id, value)
        await close_buttons(pressed, project_title(context, value))
        await ask_kind(context, chat_id, await _reload(context, draft))
    elif draft.project_id is None:
        await context.bot.send_message(chat_id, loop.DRAFT_GONE)
    elif action == "again":
        await close_buttons(pressed, loop.PICK_AGAIN)
        await ask_kind(context, chat_id, draft)
    elif action == "kind" and (kind := loop.link_kind(value)) is not None:
        await close_buttons(pressed, loop.KIND_BUTTONS[kind])
        await show_choices(context, chat_id, draft, kind)
    elif (kind := loop.link_kind(action)) is not None:
        await choose(context, chat_id, draft, kind, value, pressed)
    elif action == "send":
        await send(context, chat_id, draft, pressed)
        if await services.updates.drafts.of(user.id) is None:  # sent: the draft is gone
            await answered(context, chat_id, FocusKind.UPDATE_BUILDER)


async def _reload(context: TandemContext, draft: Draft) -> Draft:
    found = await context.services.updates.drafts.of(draft.telegram_id)
    assert found is not None
    return found


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """Typed while writing an update (routed by bot/handlers/typed.py): its text."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    repo = context.services.updates
    if await repo.drafts.of(user.id) is None:  # expired, sent or cancelled
        await context.services.focus.done(user.id, FocusKind.UPDATE_BUILDER)
        await nothing_open(update, context, event)
        return
    draft = await repo.drafts.awaiting_text(user.id, update.update_id)
    if draft is None:
        await message.reply_text((await words_for(context, message.chat_id)).say("TAP_A_BUTTON"))
        return
    if not isinstance(event, TextAnswer):
        await message.reply_text(catalogue.BUILDER_TEXT_ONLY)
        return
    if draft.text_update_id != update.update_id:  # not a replay of the text already taken
        problem = loop.check_text(event.text)
        if problem is not None:
            await message.reply_text(problem)
            return
        await repo.drafts.set_text(draft.id, event.text.strip(), update.update_id)
        draft = await _reload(context, draft)
    await show_preview(context, message.chat_id, draft)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /update (its typed text comes through bot/handlers/typed.py)."""
    app.add_handler(CommandHandler("update", update_command))  # private chat only (requires)
