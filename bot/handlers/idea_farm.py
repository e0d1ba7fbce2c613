"""The ideas farm for residents: share an idea, browse others' (/farm), back them, build on
them and offer to help. Every idea is shown under a pseudonym, never a name."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.asking import in_project
from bot.handlers.dialogue import participant_chat
from bot.handlers.focus import answered, ask, one_message_answer
from bot.replies import buttons, close_buttons
from bot.words import pop_up, project_words
from conversations.dialogue.engine import Event, MediaAnswer, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.i18n.words import Words
from conversations.ideas_farm import ORDERS, PAGE_SIZE, card, said
from conversations.participation import Participant
from conversations.projects import Project
from storage.idea_farm import FarmIdea


async def ask_to_share(
    context: TandemContext,
    chat_id: int,
    project: Project,
    participant: Participant,
    words: Words,
    update_id: int,
) -> bool:
    """In a farm project, thank the author and ask whether others may see the idea; False
    when the project runs no farm (or the idea is not waiting for that answer)."""
    if not project.ideas_farm:
        return False
    idea_id = await context.services.farm.ask_to_share(update_id)
    if idea_id is None:
        return False
    text = words.say(
        "FARM_SHARE_ASK", title=project.title.in_(words.lang), pseudonym=participant.pseudonym
    )
    rows = [
        (words.say("FARM_SHARE_YES"), encode("farm", "sy", idea_id)),
        (words.say("FARM_SHARE_NO"), encode("farm", "sn", idea_id)),
    ]
    await context.bot.send_message(chat_id, text, reply_markup=buttons(rows))
    return True


async def farm(update: Update, context: TandemContext) -> None:
    """/farm: the project's shared ideas, newest first, a few at a time."""
    here = await in_project(update, context, "FARM_NOT_IN_PROJECT")
    if here is None:
        return
    message, (participant, project, _) = here
    await show_page(context, message.chat_id, participant, project, "new", 0)


async def show_page(
    context: TandemContext,
    chat_id: int,
    participant: Participant,
    project: Project,
    order: str,
    offset: int,
) -> None:
    """One page of shared ideas: a heading, each idea with its buttons, then what's next."""
    words = project_words(context, project, participant)
    if not project.ideas_farm:
        await context.bot.send_message(chat_id, words.say("FARM_OFF"))
        return
    farm_ = context.services.farm
    ideas, total = await farm_.page(project.id, order == "top", offset, PAGE_SIZE)
    if not ideas:
        await context.bot.send_message(chat_id, words.say("FARM_EMPTY"))
        return
    heading = words.say(
        f"FARM_PAGE.{order}",
        title=project.title.in_(words.lang),
        first=offset + 1,
        last=offset + len(ideas),
        total=total,
    )
    await context.bot.send_message(chat_id, heading)
    backed = await farm_.backed_by(participant.id, [i.id for i in ideas])
    for idea in ideas:
        text, markup = await idea_card(context, idea, idea.id in backed, words)
        await context.bot.send_message(chat_id, text, reply_markup=markup)
    rows = []
    if offset + len(ideas) < total:
        rows.append((words.say("FARM_MORE"), encode("farm", "p", f"{order}.{offset + PAGE_SIZE}")))
    other = ORDERS[1 - ORDERS.index(order)]
    rows.append((words.say(f"FARM_SORT.{other}"), encode("farm", "p", f"{other}.0")))
    await context.bot.send_message(chat_id, words.say("FARM_NAV"), reply_markup=buttons(rows))


async def idea_card(
    context: TandemContext, idea: FarmIdea, backed: bool, words: Words
) -> tuple[str, InlineKeyboardMarkup]:
    """An idea's card and its buttons for one reader."""
    build_ons = [
        (b.pseudonym, said(b.kind, b.value, b.caption, words))
        for b in await context.services.farm.build_ons(idea.id)
    ]
    text = card(
        idea.pseudonym,
        said(idea.kind, idea.value, idea.caption, words),
        idea.backers,
        build_ons,
        words,
    )
    back = ("FARM_UNBACK", "u") if backed else ("FARM_BACK", "b")
    rows = [
        [InlineKeyboardButton(words.say(back[0]), callback_data=encode("farm", back[1], idea.id))],
        [InlineKeyboardButton(words.say("FARM_BUILD"), callback_data=encode("farm", "o", idea.id))],
        [InlineKeyboardButton(words.say("FARM_HELP"), callback_data=encode("farm", "h", idea.id))],
    ]
    return text, InlineKeyboardMarkup(rows)


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """Every "farm" button: sharing, a page, back/undo, build on, I could help."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    if action == "p":
        await _page_button(update, context, arg)
        return
    idea = await services.farm.idea(int(arg)) if arg.isdigit() else None
    participant = await services.people.participant(user.id, idea.project_id) if idea else None
    project = services.projects.get(idea.project_id) if idea else None
    if idea is None or participant is None or project is None or not participant.active:
        await pop_up(context, query, "STALE_BUTTON")
        return
    words = project_words(context, project, participant)
    if action in ("sy", "sn"):
        if idea.participant_id != participant.id or not await services.farm.answer_sharing(
            idea.id, participant.id, action == "sy"
        ):
            await pop_up(context, query, "FARM_ALREADY_ANSWERED")
            return
        await query.answer()
        chosen = "FARM_SHARE_YES" if action == "sy" else "FARM_SHARE_NO"
        await close_buttons(query.message, words.say(chosen))  # type: ignore[arg-type]
        done = "FARM_SHARED" if action == "sy" else "FARM_KEPT_PRIVATE"
        await context.bot.send_message(user.id, words.say(done))
        return
    if idea.sharing != "approved":
        await pop_up(context, query, "FARM_GONE")
        return
    if action in ("b", "u"):
        await services.farm.back(idea.id, participant.id, action == "b")
        await query.answer(words.say("FARM_BACKED" if action == "b" else "FARM_UNBACKED"))
        fresh = await services.farm.idea(idea.id)
        if fresh is not None and query.message is not None:
            text, markup = await idea_card(context, fresh, action == "b", words)
            with contextlib.suppress(BadRequest):  # pressed twice: the card already says so
                await query.edit_message_text(text, reply_markup=markup)
        return
    await query.answer()
    if action == "o":
        text = words.say("FARM_BUILD_ASK", idea=said(idea.kind, idea.value, idea.caption, words))
        await context.bot.send_message(user.id, text)
        await ask(context, user.id, Focus(FocusKind.FARM_BUILD, project.id, str(idea.id)))
    elif action == "h":
        from bot.handlers.offers_resident import start_offer

        await start_offer(context, user.id, participant, project, idea.id)


async def _page_button(update: Update, context: TandemContext, arg: str) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    order, _, offset = arg.partition(".")
    position = await context.services.dialogues.position(user.id)
    project = context.services.projects.get(position[0].project_id) if position else None
    if order not in ORDERS or not offset.isdigit() or position is None or project is None:
        await pop_up(context, query, "STALE_BUTTON")
        return
    await query.answer()
    await close_buttons(query.message)  # type: ignore[arg-type]
    await show_page(context, user.id, position[0], project, order, int(offset))


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """What a resident adds under an idea (asked by "Build on this"), or /skip."""

    async def store(participant: Participant, project: Project, added: Event) -> None:
        if isinstance(added, TextAnswer):
            kind, value, caption = "text", added.text, None
        elif isinstance(added, MediaAnswer):
            kind, value, caption = added.kind, added.file_id, added.caption
        else:
            return
        await context.services.farm.build_on(
            int(focus.ref or 0), participant.id, kind, value, caption, update.update_id
        )
        chat_id = participant_chat(update)
        words = project_words(context, project, participant)
        await context.bot.send_message(chat_id, words.say("FARM_BUILD_THANKS"))
        await answered(context, chat_id, FocusKind.FARM_BUILD)

    project = context.services.projects.get(focus.project_id or "")
    participant = await context.services.people.participant(
        participant_chat(update), focus.project_id or ""
    )
    skipped = (
        project_words(context, project, participant).say("FARM_BUILD_SKIPPED")
        if project is not None and participant is not None
        else ""
    )
    await one_message_answer(update, context, focus, event, skipped, store)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /farm."""
    app.add_handler(CommandHandler("farm", farm, filters=filters.ChatType.PRIVATE))
