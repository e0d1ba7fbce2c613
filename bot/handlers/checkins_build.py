"""/newcheckin: a facilitator builds a recurring check-in in chat; Save schedules it at once."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from telegram import CallbackQuery, Message, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.cohorts import cohorts_of, staff_projects, target_label
from bot.permissions import requires
from bot.replies import buttons, close_buttons
from conversations.checkins import draft as words
from conversations.checkins.draft import (
    CheckInDraft,
    Step,
    back_to,
    new_draft,
    press,
    preview,
    problems,
    prompt,
    take_text,
    when_words,
)
from conversations.checkins.results import day_words
from conversations.diary_schedule import is_quiet
from conversations.participation import Role
from conversations.polls.targets import parse_target

MAX_TARGET_BUTTONS = 20


@requires(Role.FACILITATOR, "newcheckin")
async def newcheckin(update: Update, context: TandemContext) -> None:
    """/newcheckin: build a check-in step by step."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    services = context.services
    project_ids = await staff_projects(context, user.id)
    if not project_ids:
        await message.reply_text(words.NO_PROJECTS)
        return
    if len(project_ids) > 1:
        rows = []
        for project_id in project_ids:
            project = services.projects.get(project_id)
            rows.append(
                (project.title if project else project_id, encode("ckb", "proj", project_id))
            )
        await message.reply_text(words.PICK_PROJECT, reply_markup=buttons(rows))
        return
    await show_step(context, message.chat_id, user.id, new_draft(project_ids[0]))


async def show_step(
    context: TandemContext, chat_id: int, user_id: int, draft: CheckInDraft, note: str = ""
) -> None:
    """Store the draft and ask for its current step (the preview at the end)."""
    services = context.services
    project = services.projects.get(draft.project_id)
    if project is None:
        await services.checkin_defs.drop_draft(user_id)
        await context.bot.send_message(chat_id, words.DRAFT_GONE)
        return
    cohorts = await cohorts_of(context, project) if draft.step is Step.TARGET else []
    draft, asked = prompt(draft, project.quiet_window(), cohorts[:MAX_TARGET_BUTTONS])
    await services.checkin_defs.save_draft(user_id, draft)
    lead = f"{note}\n\n" if note else ""
    if draft.step is Step.PREVIEW:
        try:
            definition = draft.definition("c0")
        except ValidationError as error:
            problem = words.NOT_VALID.format(problems=problems(error.errors()))
            await show_step(context, chat_id, user_id, back_to(draft, error), problem)
            return
        target = parse_target(definition.target)
        size = await services.cohorts.size(project.id, target)
        text = preview(definition, when_words(draft), target_label(project, target), size)
        rows = [
            (words.SAVE, encode("ckb", "save", "1")),
            (words.CANCEL, encode("ckb", "cancel", "1")),
        ]
        await context.bot.send_message(chat_id, lead + text, reply_markup=buttons(rows))
        return
    rows = [(label, encode("ckb", action, arg)) for label, action, arg in asked.buttons]
    rows.append((words.CANCEL, encode("ckb", "cancel", "1")))
    await context.bot.send_message(chat_id, lead + asked.text, reply_markup=buttons(rows))


async def on_draft_text(update: Update, context: TandemContext) -> None:
    """A message from someone building a check-in is for the check-in, not any dialogue."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None or message.text is None:
        return
    services = context.services
    if not await services.checkin_defs.is_drafting(user.id):
        return  # everyone else's messages go on to the other handlers
    draft = await services.checkin_defs.draft(user.id)
    if draft is None:
        return
    turn = take_text(draft, message.text)
    if turn.problem:
        await message.reply_text(turn.problem)
    else:
        await show_step(context, message.chat_id, user.id, turn.draft)
    raise ApplicationHandlerStop


def pressed_label(query: CallbackQuery) -> str | None:
    """The text of the button that was pressed, to note it on the message."""
    markup = getattr(query.message, "reply_markup", None)
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == query.data:
                return str(button.text)
    return None


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """The buttons of /newcheckin: project, each step, Save and Cancel."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    chat_id = update.effective_chat.id if update.effective_chat else user.id
    message = query.message if isinstance(query.message, Message) else None
    project_ids = await staff_projects(context, user.id)
    if action == "proj":
        if arg not in project_ids:
            await query.answer(words.STALE_STEP)
            return
        await query.answer()
        await close_buttons(message, pressed_label(query))
        await show_step(context, chat_id, user.id, new_draft(arg))
        return
    draft = await services.checkin_defs.draft(user.id)
    if draft is None or draft.project_id not in project_ids:
        await query.answer(words.DRAFT_GONE)
        await close_buttons(message)
        return
    if action == "cancel":
        await services.checkin_defs.drop_draft(user.id)
        await query.answer()
        await close_buttons(message, words.CANCEL)
        await context.bot.send_message(chat_id, words.CANCELLED)
        return
    if action == "save":
        if draft.step is not Step.PREVIEW:
            await query.answer(words.STALE_STEP)
            return
        await query.answer()
        await close_buttons(message, words.SAVE)
        await save(context, chat_id, user.id, draft)
        return
    turn = press(draft, action, arg)
    if turn.problem:
        await query.answer(turn.problem)
        return
    await query.answer()
    await close_buttons(message, pressed_label(query))
    await show_step(context, chat_id, user.id, turn.draft)


async def save(context: TandemContext, chat_id: int, user_id: int, draft: CheckInDraft) -> None:
    """Validate the draft as a definition, store it and schedule it at once."""
    from bot.checkin_scheduler import next_firings

    services = context.services
    scheduler = services.checkin_scheduler
    project = services.projects.get(draft.project_id)
    if project is None:
        await services.checkin_defs.drop_draft(user_id)
        await context.bot.send_message(chat_id, words.DRAFT_GONE)
        return
    taken = {c.id for c in scheduler.checkins_of(project)}
    checkin_id = await services.checkin_defs.next_id(project.id, taken)
    try:
        definition = draft.definition(checkin_id)
    except ValidationError as error:
        problem = words.NOT_VALID.format(problems=problems(error.errors()))
        await show_step(context, chat_id, user_id, back_to(draft, error), problem)
        return
    if is_quiet(definition.at, project.quiet_window()):
        retry = draft.model_copy(update={"step": Step.TIME})
        await show_step(context, chat_id, user_id, retry, words.NO_TIMES)
        return
    await services.checkin_defs.save(project.id, definition, user_id)
    scheduler.add(project, definition, context.job_queue)
    upcoming = next_firings(definition, project.timezone, scheduler.now(), 1)
    when = day_words(upcoming[0].date()) if upcoming else "–"
    await context.bot.send_message(chat_id, words.SAVED.format(id=definition.id, next=when))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /newcheckin and the draft's message handler."""
    private_text = (
        filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    )
    # A group of its own ahead of the others (only the first matching handler of a group
    # runs): it stops the update only for someone building a check-in.
    app.add_handler(MessageHandler(private_text, on_draft_text), group=-3)
    app.add_handler(CommandHandler("newcheckin", newcheckin))  # type: ignore[arg-type]
