"""/newpoll: a facilitator builds a poll in chat, previews it, and only Send queues it."""

from __future__ import annotations

import time
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.broadcasts import send_broadcast
from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.cohorts import cohorts_of, staff_projects, target_label
from bot.permissions import requires
from bot.replies import buttons, close_buttons
from conversations.participation import Role
from conversations.polls import texts
from conversations.polls.draft import (
    PollDraft,
    Step,
    new_draft,
    press,
    preview,
    prompt,
    take_text,
    version_draft,
)
from conversations.polls.model import Poll
from conversations.polls.targets import parse_target
from conversations.polls.timing import closes_at

MAX_TARGET_BUTTONS = 20
PICK_LIMIT = 10


def poll_params(poll: Poll) -> dict[str, Any]:
    """The sendPoll parameters: a native poll whose answers name the voter."""
    return {
        "question": poll.question,
        "options": [{"text": option} for option in poll.options],
        "is_anonymous": False,
        "allows_multiple_answers": poll.multiple,
    }


@requires(Role.FACILITATOR, "newpoll")
async def newpoll(update: Update, context: TandemContext) -> None:
    """/newpoll builds a poll; /newpoll version makes a new version of an earlier one."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    services = context.services
    project_ids = await staff_projects(context, user.id)
    if not project_ids:
        await message.reply_text(texts.NO_PROJECTS)
        return
    if (context.args or [""])[0].lower() == "version":
        earlier = await services.polls.for_projects(project_ids, PICK_LIMIT)
        if not earlier:
            await message.reply_text(texts.NO_POLLS)
            return
        rows = [(poll_button_label(p), encode("poll", "ver", p.id)) for p in earlier]
        await message.reply_text(texts.PICK_EARLIER, reply_markup=buttons(rows))
        return
    if len(project_ids) > 1:
        rows = []
        for project_id in project_ids:
            project = services.projects.get(project_id)
            rows.append(
                (project.title if project else project_id, encode("poll", "proj", project_id))
            )
        await message.reply_text(texts.PICK_PROJECT, reply_markup=buttons(rows))
        return
    await show_step(context, message.chat_id, user.id, new_draft(project_ids[0]))


def poll_button_label(poll: Poll) -> str:
    """A poll on a button: version and the start of its question."""
    state = "" if poll.closed_at is None else " (closed)"
    return f"v{poll.version} · {poll.question}"[:52] + state


async def show_step(context: TandemContext, chat_id: int, user_id: int, draft: PollDraft) -> None:
    """Store the draft and ask for its current step (the preview at the end)."""
    services = context.services
    project = services.projects.get(draft.project_id)
    if project is None:
        await services.polls.drop_draft(user_id)
        await context.bot.send_message(chat_id, texts.DRAFT_GONE)
        return
    cohorts = await cohorts_of(context, project) if draft.step is Step.TARGET else []
    draft, asked = prompt(draft, cohorts[:MAX_TARGET_BUTTONS])
    await services.polls.save_draft(user_id, draft)
    if draft.step is Step.PREVIEW:
        target = parse_target(draft.target)
        size = await services.cohorts.size(project.id, target)
        text = preview(draft, target_label(project, target), size)
        rows = [
            (texts.SEND, encode("poll", "send", "1")),
            (texts.CANCEL, encode("poll", "cancel", "1")),
        ]
        await context.bot.send_message(chat_id, text, reply_markup=buttons(rows))
        return
    rows = [(label, encode("poll", action, arg)) for label, action, arg in asked.buttons]
    rows.append((texts.CANCEL, encode("poll", "cancel", "1")))
    await context.bot.send_message(chat_id, asked.text, reply_markup=buttons(rows))


async def on_draft_text(update: Update, context: TandemContext) -> None:
    """A message from someone building a poll is for the poll, not for any dialogue."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None or message.text is None:
        return
    services = context.services
    if not await services.polls.is_drafting(user.id):
        return  # everyone else's messages go on to the other handlers
    draft = await services.polls.draft(user.id)
    if draft is None:
        return
    turn = take_text(draft, message.text)
    if turn.problem:
        await message.reply_text(turn.problem)
    elif turn.draft.step is draft.step:
        await services.polls.save_draft(user.id, turn.draft)
        if turn.note:
            await message.reply_text(turn.note)
    else:
        if turn.note:
            await message.reply_text(turn.note)
        await show_step(context, message.chat_id, user.id, turn.draft)
    raise ApplicationHandlerStop


def pressed_label(query: CallbackQuery) -> str | None:
    """The text of the button that was pressed, to note it on the message."""
    message = query.message
    markup = getattr(message, "reply_markup", None)
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return None


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """The buttons of /newpoll: project, earlier poll, each step, Send and Cancel."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    chat_id = update.effective_chat.id if update.effective_chat else user.id
    message = query.message if isinstance(query.message, Message) else None
    project_ids = await staff_projects(context, user.id)
    if action == "proj":
        if arg not in project_ids:
            await query.answer(texts.STALE_STEP)
            return
        await query.answer()
        await close_buttons(message, pressed_label(query))
        await show_step(context, chat_id, user.id, new_draft(arg))
        return
    if action == "ver":
        earlier = await services.polls.get(int(arg)) if arg.isdigit() else None
        if earlier is None or earlier.project_id not in project_ids:
            await query.answer(texts.STALE_STEP)
            return
        await query.answer()
        await close_buttons(message, pressed_label(query))
        family = await services.polls.family(earlier.id)
        version = max(p.version for p in family) + 1
        draft = version_draft(earlier.project_id, earlier.spec, earlier.target, earlier.id, version)
        await show_step(context, chat_id, user.id, draft)
        return
    found = await services.polls.draft(user.id)
    if found is None or found.project_id not in project_ids:
        await query.answer(texts.DRAFT_GONE)
        await close_buttons(message)
        return
    draft = found
    if action == "cancel":
        await services.polls.drop_draft(user.id)
        await query.answer()
        await close_buttons(message, texts.CANCEL)
        await context.bot.send_message(chat_id, texts.CANCELLED)
        return
    if action == "send":
        if draft.step is not Step.PREVIEW:
            await query.answer(texts.STALE_STEP)
            return
        await query.answer()
        await close_buttons(message, texts.SEND)
        await send_draft(context, chat_id, user.id, draft)
        return
    turn = press(draft, action, arg)
    if turn.problem:
        await query.answer(turn.problem)
        return
    await query.answer()
    await close_buttons(message, pressed_label(query))
    await show_step(context, chat_id, user.id, turn.draft)


async def send_draft(context: TandemContext, chat_id: int, user_id: int, draft: PollDraft) -> None:
    """Store the poll, queue it for its cohort, and show the progress as it goes out."""
    from bot.handlers.polls_results import schedule_closing

    services = context.services
    project = services.projects.get(draft.project_id)
    assert project is not None
    target = parse_target(draft.target)
    broadcast_id = await services.outbox.repo.create_broadcast(
        "poll", project_id=project.id, created_by=user_id, progress_chat_id=chat_id
    )
    poll = await services.polls.create(
        project.id,
        draft.spec(),
        str(target),
        created_by=user_id,
        broadcast_id=broadcast_id,
        closes_at=closes_at(time.time(), draft.closes_in_hours),
        parent_id=draft.parent_id,
        version=draft.version,
        drop_draft_of=user_id,
    )
    plan = await send_broadcast(
        services,
        context.bot,
        context.job_queue,
        broadcast_id=broadcast_id,
        project=project,
        target=target,
        kind="poll",
        method="sendPoll",
        params=poll_params(poll),
        dedupe=f"poll:{poll.id}",
        progress_chat_id=chat_id,
    )
    if plan.total == 0:
        await context.bot.send_message(chat_id, texts.NOBODY_TO_SEND)
    schedule_closing(context.job_queue, poll)
