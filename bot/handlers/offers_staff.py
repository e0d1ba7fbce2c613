"""/offers for facilitators: the offers register by pseudonym, filtered by tag; "Ask to join"
sends the resident an invitation through the outbox (within the weekly cap), with Yes/No."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.broadcasts import when_due
from bot.callbacks import encode
from bot.context import Services, TandemContext
from bot.handlers.asking import staff_asked, staff_projects
from bot.handlers.focus import answered, ask, nothing_open
from bot.permissions import requires
from bot.replies import buttons, close_buttons
from bot.words import words_for
from conversations.dialogue.engine import Back, Event, Skip, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.i18n import late
from conversations.i18n.words import Words
from conversations.ideas_farm import OFFER_TAGS, STAFF_LIST, clip, offer_card, said
from conversations.participation import Role
from conversations.projects import Project
from storage.offers import Offer

# The longest piece of work a facilitator names in an invitation.
WORK_LIMIT = 200


@requires(Role.FACILITATOR, "offers")
async def offers(update: Update, context: TandemContext) -> None:
    """/offers: the offers of the facilitator's project (a button per project if several)."""
    asked = await staff_asked(update, context)
    words = await words_for(context, asked.user)
    projects = [p for p in map(context.services.projects.get, asked.project_ids) if p]
    if not projects:
        await asked.message.reply_text(words.say("OFFERS_NO_PROJECTS"))
        return
    if len(projects) > 1:
        rows = [(p.title.in_(words.lang), encode("offer", "proj", p.id)) for p in projects]
        await asked.message.reply_text(words.say("OFFERS_PICK_PROJECT"), reply_markup=buttons(rows))
        return
    await show(context, asked.message.chat_id, projects[0], None, words)


async def show(
    context: TandemContext, chat_id: int, project: Project, tag: str | None, words: Words
) -> None:
    """The offers, newest first (only ``tag``'s if given), each with Ask to join; then the
    tags to filter by."""
    services = context.services
    title = project.title.in_(words.lang)
    found = await services.offers.of_project(project.id, tag, STAFF_LIST)
    if not found:
        await context.bot.send_message(chat_id, words.say("OFFERS_NONE", title=title))
    elif tag is None:
        await context.bot.send_message(chat_id, words.say("OFFERS_HEADING", title=title))
    else:
        shown = words.say(f"OFFER_TAGS.{tag}")
        await context.bot.send_message(
            chat_id, words.say("OFFERS_HEADING_TAG", title=title, tag=shown)
        )
    for offer in found:
        await context.bot.send_message(
            chat_id,
            await card(context.services, offer, words),
            reply_markup=buttons([(words.say("OFFER_ASK_BUTTON"), encode("offer", "k", offer.id))]),
        )
    rows = [(words.say("OFFERS_ALL"), encode("offer", "f", f"{project.id}.all"))]
    rows += [
        (words.say(f"OFFER_TAGS.{t}"), encode("offer", "f", f"{project.id}.{t}"))
        for t in OFFER_TAGS
    ]
    await context.bot.send_message(chat_id, words.say("OFFERS_FILTER"), reply_markup=buttons(rows))


async def card(services: Services, offer: Offer, words: Words) -> str:
    """An offer as staff read it (with the idea it helps with, and the latest ask)."""
    idea = await services.farm.idea(offer.idea_id) if offer.idea_id else None
    return offer_card(
        offer.pseudonym,
        said(offer.what_kind, offer.what, None, words),
        offer.when,
        offer.where,
        offer.tag,
        said(idea.kind, idea.value, idea.caption, words) if idea else None,
        (offer.asked_work, offer.answer) if offer.asked_work else None,
        words,
    )


async def on_staff_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """A project picked, a tag filter, or Ask to join (then the work is typed)."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    words = await words_for(context, user)
    mine = await staff_projects(context, user.id)
    if action in ("proj", "f"):
        project_id, _, tag = arg.partition(".")
        project = services.projects.get(project_id) if project_id in mine else None
        if project is None or (action == "f" and tag != "all" and tag not in OFFER_TAGS):
            await query.answer(words.say("STALE_BUTTON"))
            return
        await query.answer()
        await close_buttons(query.message)  # type: ignore[arg-type]
        await show(context, user.id, project, tag if tag in OFFER_TAGS else None, words)
        return
    offer = await services.offers.offer(int(arg)) if arg.isdigit() else None
    if action != "k" or offer is None or offer.project_id not in mine:
        await query.answer(words.say("STALE_BUTTON"))
        return
    await query.answer()
    await context.bot.send_message(user.id, words.say("OFFER_ASK_WORK", pseudonym=offer.pseudonym))
    await ask(context, user.id, Focus(FocusKind.OFFER_ASK, offer.project_id, str(offer.id)))


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """The piece of work a facilitator asks someone who offered to join (or /skip)."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None:
        return
    services = context.services
    words = await words_for(context, user)
    offer = await services.offers.offer(int(focus.ref or 0))
    project = services.projects.get(focus.project_id or "")
    if (
        offer is None
        or project is None
        or offer.project_id not in await staff_projects(context, user.id)
    ):
        await services.focus.done(user.id, FocusKind.OFFER_ASK)
        await nothing_open(update, context, event)
        return
    if isinstance(event, Skip | Back):
        await message.reply_text(words.say("OFFER_ASK_NOBODY"))
        await answered(context, user.id, FocusKind.OFFER_ASK)
        return
    if not isinstance(event, TextAnswer) or not event.text.strip():
        await message.reply_text(words.say("BUILDER_TEXT_ONLY"))
        return
    work = clip(event.text, WORK_LIMIT)
    await answered(context, user.id, FocusKind.OFFER_ASK)
    await message.reply_text(await invite(context, project, offer, work, user.id, words))


async def invite(
    context: TandemContext, project: Project, offer: Offer, work: str, asked_by: int, words: Words
) -> str:
    """Queue the invitation (within the weekly cap and quiet hours); what to tell staff."""
    services = context.services
    recipient = await services.offers.recipient(offer.id)
    if recipient is None:
        return words.say("OFFER_ASK_UNREACHABLE", pseudonym=offer.pseudonym)
    due = when_due([recipient], project, services.clock.now())
    capped = recipient.participant_id not in due

    def message(ask_id: int) -> dict[str, Any]:
        text = late.say(
            "OFFER_INVITE",
            title=late.text(project.title),
            work=work,
            what=clip(offer.what or "", 120)
            if offer.what_kind == "text"
            else late.say(f"SAID_KINDS.{offer.what_kind}"),
        )
        yes = {"text": late.say("OFFER_YES"), "callback_data": encode("offer", "y", ask_id)}
        no = {"text": late.say("OFFER_NO"), "callback_data": encode("offer", "n", ask_id)}
        return {"text": text, "reply_markup": {"inline_keyboard": [[yes], [no]]}}

    await services.offers.ask(
        offer.id, work, asked_by, recipient, message, due.get(recipient.participant_id), capped
    )
    if capped:
        return words.say("OFFER_ASK_CAPPED", pseudonym=offer.pseudonym)
    services.outbox.wake()
    return words.say("OFFER_ASK_QUEUED", pseudonym=offer.pseudonym, work=work)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add /offers."""
    app.add_handler(CommandHandler("offers", offers))
