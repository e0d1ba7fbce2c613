"""Updates as residents see them (/updates, the Reply button) and replies as staff do."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import TandemContext
from bot.handlers.dialogue import participant_chat
from bot.handlers.focus import answered, ask, one_message_answer
from bot.handlers.update_picking import link_of, staff_projects
from bot.permissions import private_only, requires
from bot.words import pop_up, project_words, words_for
from conversations import loop
from conversations.dialogue.engine import Event, MediaAnswer, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.loop import Link
from conversations.participation import Participant, Role
from conversations.projects import Project


async def on_reply_button(update: Update, context: TandemContext, update_id: str) -> None:
    """The Reply button under an update: the person's next message is their reply to it."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    services = context.services
    participant = (
        await services.updates.recipient(int(update_id), user.id) if update_id.isdigit() else None
    )
    project = services.projects.get(participant.project_id) if participant else None
    if participant is None or not participant.active or project is None:
        await pop_up(context, query, "STALE_BUTTON")
        return
    await query.answer()
    # Messages go to the current project, so the reply must be taken there.
    person = await services.people.person(user.id)
    if person is not None and person.current_project != project.id:
        await services.people.set_current(user.id, project.id)
    chat_id = participant_chat(update)
    words = project_words(context, project, participant)
    title = project.title.in_(words.lang)
    await context.bot.send_message(chat_id, words.say("UPDATE_REPLY_ASK", title=title))
    await ask(context, chat_id, Focus(FocusKind.UPDATE_REPLY, project.id, update_id))


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """The reply to an update (or /skip: no reply)."""

    async def store(participant: Participant, project: Project, reply: Event) -> None:
        await store_reply(update, context, participant, project, focus, reply)

    words = await words_for(context, participant_chat(update))
    skipped = words.say("UPDATE_REPLY_SKIPPED")
    await one_message_answer(update, context, focus, event, skipped, store)


async def store_reply(
    update: Update,
    context: TandemContext,
    participant: Participant,
    project: Project,
    focus: Focus,
    event: Event,
) -> None:
    """Keep the reply (text or voice) against the update and thank the person."""
    services = context.services
    chat_id = participant_chat(update)
    words = project_words(context, project, participant)
    if isinstance(event, TextAnswer):
        kind, value, caption = "text", event.text, None
    elif isinstance(event, MediaAnswer) and event.kind == "voice":
        kind, value, caption = "voice", event.file_id, event.caption
    else:
        await context.bot.send_message(chat_id, words.say("UPDATE_REPLY_MEDIA"))
        return
    if focus.ref and focus.ref.isdigit():
        await services.updates.add_reply(
            int(focus.ref), participant.id, kind, value, caption, update.update_id
        )
    title = project.title.in_(words.lang)
    await context.bot.send_message(chat_id, words.say("UPDATE_REPLY_THANKS", title=title))
    await answered(context, chat_id, FocusKind.UPDATE_REPLY)


@private_only
async def updates_command(update: Update, context: TandemContext) -> None:
    """/updates: every update linked to what the person said, newest first."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    words = await words_for(context, user)
    items = []
    for stored in await services.updates.received(user.id):
        project = services.projects.get(stored.project_id)
        if project is None:
            continue  # the project file is gone: nothing sensible to link to
        if stored.idea is not None:
            link: Link | None = Link("idea", loop.contribution_words(*stored.idea, words))
        else:
            link = await link_of(context, project, stored.link_kind, stored.link_ref, words)
        items.append(
            loop.UpdateItem(
                project.title,
                link or Link(stored.link_kind, ""),  # the poll or question is gone: no label
                stored.text,
                stored.created_at,
                project.timezone,
            )
        )
    for text in loop.updates_messages(items, words):
        await message.reply_text(text)


@requires(Role.FACILITATOR, "replies")
async def replies_command(update: Update, context: TandemContext) -> None:
    """/replies: the latest replies to the updates of the projects the person runs."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    services = context.services
    zone = services.settings.timezone
    stored = await services.updates.latest_replies(await staff_projects(context, user.id))
    items = []
    for r in stored:
        project = services.projects.get(r.project_id)
        items.append(
            loop.ReplyItem(
                r.pseudonym,
                r.update_text,
                r.kind,
                r.value,
                r.caption,
                r.created_at,
                project.timezone if project else zone,
            )
        )
    for text in loop.replies_messages(items, await words_for(context, user)):
        await message.reply_text(text)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /updates and /replies."""
    # Both answer in the private chat only (private_only, requires), pointing there from a group.
    app.add_handler(CommandHandler("updates", updates_command))
    app.add_handler(CommandHandler("replies", replies_command))
