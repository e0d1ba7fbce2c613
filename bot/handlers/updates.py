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
from bot.handlers.update_sending import (
    ask_language,
    draft_project,
    missing_languages,
    send,
    show_preview,
    with_language,
)
from bot.permissions import requires
from bot.replies import buttons, close_buttons
from bot.words import words_for
from conversations import loop
from conversations.dialogue.engine import Event, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.i18n.words import Words
from conversations.participation import Role
from conversations.texts_by_language import to_stored
from storage.update_drafts import Draft


@requires(Role.FACILITATOR, "update")
async def update_command(update: Update, context: TandemContext) -> None:
    """/update [PROJECT]: tell the people who took part in something what came of it."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    services = context.services
    words = await words_for(context, user)
    projects = await staff_projects(context, user.id)
    if not projects:
        await message.reply_text(words.say("UPDATE_NO_PROJECTS"))
        return
    wanted = (context.args or [""])[0].lower()
    if wanted and wanted not in projects:
        known = ", ".join(projects)
        await message.reply_text(
            words.say("UPDATE_UNKNOWN_PROJECT", project=wanted[:40], known=known)
        )
        return
    project_id = wanted or (projects[0] if len(projects) == 1 else None)
    draft = await services.updates.drafts.start(user.id, project_id)
    await ask(context, message.chat_id, Focus(FocusKind.UPDATE_BUILDER, project_id))
    if project_id is not None:
        await ask_kind(context, message.chat_id, draft, words)
        return
    rows = [
        (project_title(context, p, words.lang), encode("upd", "proj", draft.id, p))
        for p in projects
    ]
    await message.reply_text(
        words.say("UPDATE_ASK_PROJECT"), reply_markup=buttons([*rows, cancel_row(draft, words)])
    )


async def on_button(
    update: Update, context: TandemContext, action: str, draft_id: str, value: str
) -> None:
    """A button of the /update flow; only the person's latest draft counts."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    services = context.services
    words = await words_for(context, user)
    draft = await services.updates.drafts.of(user.id)
    if draft is None or str(draft.id) != draft_id:
        await query.answer(words.say("UPDATE_DRAFT_GONE"))
        return
    projects = await staff_projects(context, user.id)
    if draft.project_id is not None and draft.project_id not in projects:
        # The role was taken away mid-flow (or the project file is gone).
        await services.updates.drafts.drop(draft.id)
        await query.answer(words.say("NOT_ALLOWED.facilitator", command="/update"))
        return
    await query.answer()
    chat_id = participant_chat(update)
    pressed = query.message if isinstance(query.message, Message) else None
    if action == "stop":
        await services.updates.drafts.drop(draft.id)
        await close_buttons(pressed, words.say("UPDATE_CANCEL"))
        await context.bot.send_message(chat_id, words.say("UPDATE_CANCELLED"))
        await answered(context, chat_id, FocusKind.UPDATE_BUILDER)
    elif action == "proj" and value in projects:
        await services.updates.drafts.set_project(draft.id, value)
        await close_buttons(pressed, project_title(context, value, words.lang))
        await ask_kind(context, chat_id, await _reload(context, draft), words)
    elif draft.project_id is None:
        await context.bot.send_message(chat_id, words.say("UPDATE_DRAFT_GONE"))
    elif action == "again":
        await close_buttons(pressed, words.say("UPDATE_PICK_AGAIN"))
        await ask_kind(context, chat_id, draft, words)
    elif action == "kind" and (kind := loop.link_kind(value)) is not None:
        await close_buttons(pressed, words.say(f"UPDATE_KIND_BUTTONS.{kind}"))
        await show_choices(context, chat_id, draft, kind, words)
    elif action in {"skip", "addlang"} and draft.text is not None:
        await _language_button(context, chat_id, draft, action, value, pressed, words)
    elif (kind := loop.link_kind(action)) is not None:
        await choose(context, chat_id, draft, kind, value, pressed, words)
    elif action == "send":
        await send(context, chat_id, draft, pressed, words)
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
    words = await words_for(context, user)
    draft = await repo.drafts.awaiting_text(user.id, update.update_id)
    if draft is None:
        await message.reply_text(words.say("TAP_A_BUTTON"))
        return
    if not isinstance(event, TextAnswer):
        await message.reply_text(words.say("BUILDER_TEXT_ONLY"))
        return
    project = draft_project(context, draft)
    if draft.text_update_id != update.update_id:  # not a replay of the text already taken
        problem = loop.check_text(event.text, words)
        if problem is not None:
            await message.reply_text(problem)
            return
        # The default language first, then each further one still missing, in turn.
        missing = missing_languages(project, draft) if draft.text else []
        lang = missing[0] if missing else project.languages[0]
        text = with_language(project, draft, lang, event.text.strip())
        stage = "text" if text.missing(project.languages) else "preview"
        await repo.drafts.set_text(draft.id, to_stored(text), update.update_id, stage)
        draft = await _reload(context, draft)
    if draft.stage == "text":
        missing = missing_languages(project, draft)
        await ask_language(context, message.chat_id, draft, missing[0], words)
        return
    await show_preview(context, message.chat_id, draft, words)


async def _language_button(
    context: TandemContext,
    chat_id: int,
    draft: Draft,
    action: str,
    lang: str,
    pressed: Message | None,
    words: Words,
) -> None:
    """Skip the languages still missing (to the preview), or add them from the preview."""
    project = draft_project(context, draft)
    missing = missing_languages(project, draft)
    if lang not in missing or draft.stage != ("text" if action == "skip" else "preview"):
        await context.bot.send_message(chat_id, words.say("STALE_BUTTON"))
        return
    await close_buttons(pressed, None)
    if action == "skip":
        await context.services.updates.drafts.set_stage(draft.id, "preview")
        await show_preview(context, chat_id, await _reload(context, draft), words)
    else:
        await context.services.updates.drafts.set_stage(draft.id, "text")
        await ask_language(context, chat_id, draft, missing[0], words)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /update (its typed text comes through bot/handlers/typed.py)."""
    app.add_handler(CommandHandler("update", update_command))  # private chat only (requires)
