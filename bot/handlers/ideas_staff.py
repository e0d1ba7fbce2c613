"""/ideas for facilitators: the moderation queue and the shared ideas with their backing;
shortlist one, and make a prototype poll of it with /newpoll's builder."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.broadcasts import when_due
from bot.callbacks import encode
from bot.context import Services, TandemContext
from bot.handlers.asking import staff_asked, staff_projects
from bot.permissions import requires
from bot.replies import buttons, close_buttons
from bot.words import words_for
from conversations.i18n import late
from conversations.i18n.words import Words
from conversations.ideas_farm import STAFF_LIST, clip, said, staff_item
from conversations.participation import Role
from conversations.projects import Project
from storage.cohorts import Recipient
from storage.idea_farm import FarmIdea


@requires(Role.FACILITATOR, "ideas")
async def ideas(update: Update, context: TandemContext) -> None:
    """/ideas: each farm project's queue and shared ideas (a button per project if several)."""
    asked = await staff_asked(update, context)
    words = await words_for(context, asked.user)
    farms = _farms(context, asked.project_ids)
    if not farms:
        await asked.message.reply_text(words.say("IDEAS_NO_PROJECTS"))
        return
    if len(farms) > 1:
        rows = [(p.title.in_(words.lang), encode("ideas", "proj", p.id)) for p in farms]
        await asked.message.reply_text(words.say("IDEAS_PICK_PROJECT"), reply_markup=buttons(rows))
        return
    await show(context, asked.message.chat_id, farms[0], words)


def _farms(context: TandemContext, project_ids: list[str]) -> list[Project]:
    found = (context.services.projects.get(i) for i in project_ids)
    return [p for p in found if p is not None and p.ideas_farm]


async def show(context: TandemContext, chat_id: int, project: Project, words: Words) -> None:
    """The queue (each with Approve / Don't share), then the shared ideas."""
    farm = context.services.farm
    title = project.title.in_(words.lang)
    waiting = await farm.queue(project.id, STAFF_LIST)
    if waiting:
        count = len(waiting)
        await context.bot.send_message(chat_id, words.plural("IDEAS_QUEUE", count, title=title))
    else:
        await context.bot.send_message(chat_id, words.say("IDEAS_QUEUE_EMPTY", title=title))
    for idea in waiting:
        rows = [
            (words.say("IDEAS_APPROVE"), encode("ideas", "a", idea.id)),
            (words.say("IDEAS_REJECT"), encode("ideas", "r", idea.id)),
        ]
        await context.bot.send_message(
            chat_id, await waiting_text(context.services, idea, words), reply_markup=buttons(rows)
        )
    shared = await farm.approved(project.id, STAFF_LIST)
    heading = "IDEAS_SHARED_HEADING" if shared else "IDEAS_SHARED_NONE"
    await context.bot.send_message(chat_id, words.say(heading, title=title))
    for idea in shared:
        state = "polled" if idea.poll_id else "shortlisted" if idea.shortlisted else "open"
        text = staff_item(
            idea.pseudonym,
            said(idea.kind, idea.value, idea.caption, words),
            idea.backers,
            idea.helpers,
            state,
            words,
        )
        if state == "open":
            row = (words.say("IDEAS_SHORTLIST"), encode("ideas", "s", idea.id))
        else:
            row = (words.say("IDEAS_MAKE_POLL"), encode("poll", "idea", idea.id))
        await context.bot.send_message(chat_id, text, reply_markup=buttons([row]))


async def waiting_text(services: Services, idea: FarmIdea, words: Words) -> str:
    """A waiting idea as staff read it (with what it builds on)."""
    text = said(idea.kind, idea.value, idea.caption, words)
    parent = await services.farm.idea(idea.parent_id) if idea.parent_id else None
    if parent is None:
        return words.say("IDEAS_WAITING", pseudonym=idea.pseudonym, idea=text)
    shown = said(parent.kind, parent.value, parent.caption, words)
    return words.say(
        "IDEAS_WAITING_BUILD", pseudonym=idea.pseudonym, idea=text, parent=clip(shown, 60)
    )


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """A project picked, Approve / Don't share, or Shortlist."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    words = await words_for(context, user)
    farms = {p.id: p for p in _farms(context, await staff_projects(context, user.id))}
    if action == "proj" and arg in farms:
        await query.answer()
        await close_buttons(query.message)  # type: ignore[arg-type]
        await show(context, user.id, farms[arg], words)
        return
    idea = await services.farm.idea(int(arg)) if arg.isdigit() else None
    project = farms.get(idea.project_id) if idea else None
    if idea is None or project is None or action not in ("a", "r", "s"):
        await query.answer(words.say("IDEAS_DONE.stale"))
        return
    if action == "s":
        done = await services.farm.shortlist(idea.id, project.id)
        await query.answer(words.say("IDEAS_DONE.shortlisted" if done else "IDEAS_DONE.stale"))
        if done:
            make = (words.say("IDEAS_MAKE_POLL"), encode("poll", "idea", idea.id))
            await query.edit_message_reply_markup(buttons([make]))
        return
    moderated = await moderate(services, project, idea, approve=action == "a")
    if moderated is None:
        await query.answer(words.say("IDEAS_DONE.stale"))
        return
    services.outbox.wake()
    outcome = words.say("IDEAS_DONE.approved" if action == "a" else "IDEAS_DONE.rejected")
    await query.answer()
    await close_buttons(query.message, outcome)  # type: ignore[arg-type]


async def moderate(
    services: Services, project: Project, idea: FarmIdea, *, approve: bool
) -> FarmIdea | None:
    """Approve or don't share a waiting idea, and queue the news for its author (the chat's
    buttons and the dashboard both); None if it was not waiting."""
    entry = ("build" if idea.parent_id else "idea") + ("_approved" if approve else "_rejected")
    news = {
        "text": late.say(
            f"FARM_NEWS.{entry}",
            title=late.text(project.title),
            # The author's own words; a voice note or photo named in the author's language.
            idea=clip(idea.value) if idea.kind == "text" else late.say(f"SAID_KINDS.{idea.kind}"),
        )
    }
    # Told at once unless it is night on the author's clock (quiet hours); it is a reply to
    # what they chose to share, so it does not spend the weekly cap.
    due = when_due([Recipient(idea.participant_id, 0, None, 0)], project, services.clock.now())
    return await services.farm.moderate(
        idea.id, project.id, approve, news, due.get(idea.participant_id)
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add /ideas."""
    app.add_handler(CommandHandler("ideas", ideas))
