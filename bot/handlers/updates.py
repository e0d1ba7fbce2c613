"""/update: a facilitator tells the people who took part in something what came of it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CommandHandler,
    JobQueue,
    MessageHandler,
    filters,
)

from bot.broadcasts import (
    ProgressWatch,
    held_until,
    post_progress,
    remember_progress,
    watch_progress,
    when_due,
)
from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import participant_chat
from bot.permissions import requires, role_of
from bot.replies import buttons, close_buttons
from conversations import catalogue, loop
from conversations.loop import LINK_KINDS, Link, LinkKind
from conversations.participation import Role
from conversations.projects import Project
from storage.update_drafts import Draft
from storage.updates import NoSuchPoll, Schedule


def utc_now() -> datetime:
    """The real clock (tests replace it to be in or out of quiet hours)."""
    return datetime.now(UTC)


def _schedule(project: Project, now: datetime) -> Schedule:
    """Polls' rule for updates: the weekly cap, and quiet hours on each recipient's clock."""
    return lambda recipients: when_due(recipients, project, now)


async def _held_until(
    context: TandemContext, project: Project, draft: Draft, now: datetime
) -> datetime | None:
    """When the update first goes out, if quiet hours hold back everyone it reaches now."""
    assert draft.link_kind is not None and draft.link_ref is not None
    recipients = await context.services.updates.reachable(
        project.id, draft.link_kind, draft.link_ref, project.dialogue.id
    )
    return held_until(when_due(recipients, project, now), project.timezone)


async def staff_projects(context: TandemContext, telegram_id: int) -> list[str]:
    """The loaded projects this person runs (coordinators run them all)."""
    services = context.services
    if await role_of(context, telegram_id) is Role.COORDINATOR:
        return services.projects.ids()
    ids = await services.project_rows.facilitated_by(telegram_id)
    return [i for i in ids if services.projects.get(i) is not None]


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
    if wanted or len(projects) == 1:
        draft = await services.updates.drafts.start(user.id, wanted or projects[0])
        await ask_kind(context, message.chat_id, draft)
        return
    draft = await services.updates.drafts.start(user.id, None)
    rows = [(_title(context, p), encode("upd", "proj", draft.id, p)) for p in projects]
    await message.reply_text(loop.ASK_PROJECT, reply_markup=buttons([*rows, _cancel(draft)]))


def _title(context: TandemContext, project_id: str) -> str:
    project = context.services.projects.get(project_id)
    return project.title if project else project_id


def _cancel(draft: Draft) -> tuple[str, str]:
    return loop.CANCEL, encode("upd", "stop", draft.id, "x")


async def ask_kind(context: TandemContext, chat_id: int, draft: Draft, note: str = "") -> None:
    """What is the update linked to? (a poll, an idea, a question)."""
    assert draft.project_id is not None
    title = _title(context, draft.project_id)
    text = loop.ASK_KIND.format(title=title)
    rows = [(loop.KIND_BUTTONS[k], encode("upd", "kind", draft.id, k)) for k in LINK_KINDS]
    await context.bot.send_message(
        chat_id,
        f"{note.format(title=title)}\n\n{text}" if note else text,
        reply_markup=buttons([*rows, _cancel(draft)]),
    )


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
        await query.answer(catalogue.NOT_ALLOWED.format(command="/update", role="facilitator"))
        return
    await query.answer()
    chat_id = participant_chat(update)
    pressed = query.message if isinstance(query.message, Message) else None
    if action == "stop":
        await services.updates.drafts.drop(draft.id)
        await close_buttons(pressed, loop.CANCEL)
        await context.bot.send_message(chat_id, loop.CANCELLED)
    elif action == "proj" and value in projects:
        await services.updates.drafts.set_project(draft.id, value)
        await close_buttons(pressed, _title(context, value))
        await ask_kind(context, chat_id, await _reload(context, draft))
    elif draft.project_id is None:
        await context.bot.send_message(chat_id, loop.DRAFT_GONE)
    elif action == "kind" and (kind := loop.link_kind(value)) is not None:
        await close_buttons(pressed, loop.KIND_BUTTONS[kind])
        await show_choices(context, chat_id, draft, kind)
    elif (kind := loop.link_kind(action)) is not None:
        await choose(context, chat_id, draft, kind, value, pressed)
    elif action == "send":
        await send(context, chat_id, draft, pressed)


async def _reload(context: TandemContext, draft: Draft) -> Draft:
    found = await context.services.updates.drafts.of(draft.telegram_id)
    assert found is not None
    return found


def _project(context: TandemContext, draft: Draft) -> Project:
    project = context.services.projects.get(draft.project_id or "")
    assert project is not None  # checked against the person's projects on every press
    return project


async def show_choices(context: TandemContext, chat_id: int, draft: Draft, kind: LinkKind) -> None:
    """Which poll, idea or question: the recent ones of the project, as buttons."""
    repo = context.services.updates
    project = _project(context, draft)
    rows: list[tuple[str, str]] = []
    if kind == "poll":
        for poll_id, question in await repo.recent_polls(project.id, loop.PICK_LIMIT):
            try:
                rows.append((loop.poll_button(question), encode("upd", "poll", draft.id, poll_id)))
            except ValueError:
                continue  # an id that cannot ride in a button (too long): leave it out
    elif kind == "idea":
        rows = [
            (
                loop.idea_button(i.pseudonym, loop.contribution_words(i.kind, i.value, i.caption)),
                encode("upd", "idea", draft.id, i.id),
            )
            for i in await repo.recent_ideas(project.id, loop.PICK_LIMIT)
        ]
    else:
        counts = await repo.answer_counts(project.id, project.dialogue.id)
        rows = [
            (loop.question_button(s.text, counts[s.id]), encode("upd", "question", draft.id, s.id))
            for s in project.dialogue.steps
            if s.kind in ("ask", "choice") and counts.get(s.id)
        ]
    if not rows:
        await ask_kind(context, chat_id, draft, loop.NOTHING_TO_PICK[kind])
        return
    await context.bot.send_message(
        chat_id, loop.ASK_PICK[kind], reply_markup=buttons([*rows, _cancel(draft)])
    )


async def link_of(
    context: TandemContext, project: Project, kind: LinkKind, ref: str
) -> Link | None:
    """The link in words, or None if the thing is not (or no longer) there."""
    repo = context.services.updates
    if kind == "idea":
        idea = await repo.idea(project.id, ref)
        if idea is None:
            return None
        return Link(kind, loop.contribution_words(idea.kind, idea.value, idea.caption))
    if kind == "question":
        if not project.dialogue.has_step(ref):
            return None
        return Link(kind, project.dialogue.step(ref).text)
    try:
        return Link(kind, await repo.poll_question(project.id, ref))
    except NoSuchPoll:
        return None


async def choose(
    context: TandemContext,
    chat_id: int,
    draft: Draft,
    kind: LinkKind,
    ref: str,
    pressed: Message | None,
) -> None:
    """A poll, idea or question was picked: check someone took part, then ask for the text."""
    repo = context.services.updates
    project = _project(context, draft)
    link = await link_of(context, project, kind, ref)
    if link is None:
        note = loop.NO_SUCH_POLL if kind == "poll" else loop.NOBODY_YET
        await ask_kind(context, chat_id, draft, note)
        return
    if (await repo.audience(project.id, kind, ref, project.dialogue.id)).total == 0:
        await ask_kind(context, chat_id, draft, loop.NOBODY_YET)
        return
    await repo.drafts.set_link(draft.id, kind, ref)
    await close_buttons(pressed, loop.excerpt(link.label, 60))
    await context.bot.send_message(
        chat_id,
        loop.ASK_TEXT.format(link=loop.staff_link(link)),
        reply_markup=buttons([_cancel(draft)]),
    )


async def on_draft_text(update: Update, context: TandemContext) -> None:
    """Staff text while a draft waits for it; anyone else's message goes on to the dialogue."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    repo = context.services.updates
    draft = await repo.drafts.awaiting_text(user.id, update.update_id)
    if draft is None:
        return
    if draft.text_update_id != update.update_id:  # not a replay of the text already taken
        problem = loop.check_text(message.text)
        if problem is not None:
            await message.reply_text(problem)
            raise ApplicationHandlerStop
        await repo.drafts.set_text(draft.id, message.text.strip(), update.update_id)
        draft = await _reload(context, draft)
    await show_preview(context, message.chat_id, draft)
    raise ApplicationHandlerStop


async def show_preview(context: TandemContext, chat_id: int, draft: Draft) -> None:
    """How many it reaches and the message as they will see it; Send or Cancel."""
    project = _project(context, draft)
    assert draft.link_kind is not None and draft.link_ref is not None
    link = await link_of(context, project, draft.link_kind, draft.link_ref)
    if link is None:
        await ask_kind(context, chat_id, draft, loop.NOBODY_YET)
        return
    audience = await context.services.updates.audience(
        project.id, draft.link_kind, draft.link_ref, project.dialogue.id
    )
    text = loop.preview(
        audience.reachable,
        audience.unreachable,
        link,
        loop.update_message(project.title, link, draft.text or ""),
        await _held_until(context, project, draft, utc_now()),
    )
    rows = [(loop.SEND, encode("upd", "send", draft.id, "go")), _cancel(draft)]
    await context.bot.send_message(chat_id, text, reply_markup=buttons(rows))


async def send(context: TandemContext, chat_id: int, draft: Draft, pressed: Message | None) -> None:
    """Queue the update for everyone who took part, then watch it go out (as polls do)."""
    services = context.services
    project = _project(context, draft)
    if draft.stage != "preview" or draft.link_kind is None or draft.link_ref is None:
        await context.bot.send_message(chat_id, loop.DRAFT_GONE)
        return
    link = await link_of(context, project, draft.link_kind, draft.link_ref)
    if link is None:
        await ask_kind(context, chat_id, draft, loop.NOBODY_YET)
        return
    now = utc_now()
    audience = await services.updates.audience(
        project.id, draft.link_kind, draft.link_ref, project.dialogue.id
    )
    await close_buttons(pressed, loop.SEND)
    # The progress message goes first, as for polls: once rows are queued the sender may
    # fill the flood-control budget, and this reply refused with 429 would be lost.
    shown = loop.sending(audience.total, await _held_until(context, project, draft, now))
    progress_id = await post_progress(context.bot, chat_id, shown)
    text = loop.update_message(project.title, link, draft.text or "")
    try:
        posted = await services.updates.post(
            draft,
            project.dialogue.id,
            lambda update_id: _outgoing(text, update_id),
            _schedule(project, now),
        )
    except NoSuchPoll:  # the poll went between the check above and now
        await _withdraw(context, chat_id, progress_id, loop.CANCELLED)
        return
    if posted is None:  # pressed twice, or a replay: the first press sent it
        await _withdraw(context, chat_id, progress_id, loop.DRAFT_GONE)
        return
    services.outbox.wake()
    if progress_id is None:
        return
    watch = ProgressWatch(posted.broadcast_id, chat_id, progress_id, shown, kind="update")
    await remember_progress(services, watch)
    # The queue is typed for PTB's default context; its jobs do get a TandemContext.
    watch_progress(cast("JobQueue[Any]", context.job_queue), watch)


async def _withdraw(
    context: TandemContext, chat_id: int, progress_id: int | None, text: str
) -> None:
    """Nothing was queued: say so in place of "Sending…" (or anew if that is not there)."""
    if progress_id is not None:
        try:
            await context.bot.edit_message_text(text, chat_id=chat_id, message_id=progress_id)
            return
        except TelegramError:
            pass  # deleted or refused: say it in a new message instead
    await context.bot.send_message(chat_id, text)


def _outgoing(text: str, update_id: int) -> dict[str, Any]:
    """Bot API parameters of an update: its text and the Reply button."""
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(loop.REPLY_BUTTON, callback_data=encode("upreply", update_id))]]
    )
    return {"text": text, "reply_markup": markup.to_dict()}


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /update and, ahead of every other group, the draft's text."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("update", update_command, filters=private))
    # Group -1 runs before the dialogue (group 0): a facilitator's draft text must not be
    # taken as an answer; for everyone else the handler returns and group 0 goes on.
    texts = private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    app.add_handler(MessageHandler(texts, on_draft_text), group=-1)
