"""Offers from residents: "I could help with this" asks what, when and where (in their own
words) and a tag; a facilitator's invitation to join a piece of work is answered Yes or No."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import participant_chat
from bot.handlers.focus import answered, ask, nothing_open
from bot.replies import buttons, close_buttons
from bot.words import pop_up, project_words, words_for
from conversations.dialogue.engine import Back, Event, MediaAnswer, Skip, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.i18n.words import Words
from conversations.ideas_farm import OFFER_TAGS, clip
from conversations.participation import Participant
from conversations.projects import Project

# What is asked for each part of an offer.
ASKS = {"what": "OFFER_ASK_WHAT", "when": "OFFER_ASK_WHEN", "where": "OFFER_ASK_WHERE"}


async def start_offer(
    context: TandemContext, chat_id: int, participant: Participant, project: Project, idea_id: int
) -> None:
    """ "I could help with this": a new offer on the idea, its first part asked."""
    offer_id = await context.services.offers.start(participant.id, idea_id)
    words = project_words(context, project, participant)
    await _ask_part(context, chat_id, project, offer_id, "what", words)


async def _ask_part(
    context: TandemContext, chat_id: int, project: Project, offer_id: int, part: str, words: Words
) -> None:
    if part == "tag":
        rows = [
            (words.say(f"OFFER_TAGS.{tag}"), encode("offer", "t", f"{offer_id}.{tag}"))
            for tag in OFFER_TAGS
        ]
        await context.bot.send_message(
            chat_id, words.say("OFFER_ASK_TAG"), reply_markup=buttons(rows)
        )
    else:
        await context.bot.send_message(chat_id, words.say(ASKS[part]))
    await ask(context, chat_id, Focus(FocusKind.OFFER, project.id, str(offer_id)))


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """A part of an offer, typed (or /skip)."""
    services = context.services
    chat_id = participant_chat(update)
    project = services.projects.get(focus.project_id or "")
    participant = await services.people.participant(chat_id, focus.project_id or "")
    offer_id = int(focus.ref) if focus.ref and focus.ref.isdigit() else 0
    part = await services.offers.asking(offer_id, participant.id) if participant else None
    if project is None or participant is None or part is None:
        await services.focus.clear(chat_id)
        await nothing_open(update, context, event)
        return
    words = project_words(context, project, participant)
    if isinstance(event, Back):
        await context.bot.send_message(chat_id, words.say("CANNOT_GO_BACK"))
        return
    if part == "tag" and not isinstance(event, Skip):
        await context.bot.send_message(chat_id, words.say("OFFER_USE_BUTTONS"))
        return
    if part == "tag":  # skipped: the offer stands without a tag (staff may set one)
        await services.offers.set_tag(offer_id, "", participant.id)
        await context.bot.send_message(chat_id, words.say("OFFER_THANKS"))
        await answered(context, chat_id, FocusKind.OFFER)
        return
    kind, value = "text", None
    if isinstance(event, TextAnswer):
        value = event.text.strip()
    elif isinstance(event, MediaAnswer) and part == "what":
        kind, value = event.kind, event.file_id
    elif not isinstance(event, Skip):
        await context.bot.send_message(chat_id, words.say("OFFER_WORDS_PLEASE"))
        return
    following = await services.offers.take(offer_id, participant.id, part, kind, value)
    if following is None:
        await context.bot.send_message(chat_id, words.say("OFFER_WITHDRAWN"))
        await answered(context, chat_id, FocusKind.OFFER)
        return
    await _ask_part(context, chat_id, project, offer_id, following, words)


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """Every "offer" button: a resident's tag or answer, or a facilitator's."""
    if action in ("t", "y", "n"):
        await _resident_button(update, context, action, arg)
    else:
        from bot.handlers.offers_staff import on_staff_button

        await on_staff_button(update, context, action, arg)


async def _resident_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    words = await words_for(context, user)
    if action == "t":
        offer_id, _, tag = arg.partition(".")
        offer = await services.offers.offer(int(offer_id)) if offer_id.isdigit() else None
        participant = (
            await services.people.participant(user.id, offer.project_id) if offer else None
        )
        if (
            offer is None
            or participant is None
            or tag not in OFFER_TAGS
            or not await services.offers.set_tag(offer.id, tag, participant.id)
        ):
            await pop_up(context, query, "STALE_BUTTON")
            return
        await query.answer()
        await close_buttons(query.message, words.say(f"OFFER_TAGS.{tag}"))  # type: ignore[arg-type]
        await context.bot.send_message(user.id, words.say("OFFER_THANKS"))
        await answered(context, user.id, FocusKind.OFFER)
        return
    asked = (
        await services.offers.answer(int(arg), user.id, action == "y") if arg.isdigit() else None
    )
    if asked is None:
        await pop_up(context, query, "FARM_ALREADY_ANSWERED")
        return
    await query.answer()
    await close_buttons(query.message, words.say("OFFER_YES" if action == "y" else "OFFER_NO"))  # type: ignore[arg-type]
    await context.bot.send_message(user.id, words.say(f"OFFER_SAID.{asked.answer}"))
    if asked.asked_by is not None:  # the facilitator who asked hears the answer, in theirs
        staff = await words_for(context, asked.asked_by)
        notice = staff.say(
            f"OFFER_ANSWERED.{asked.answer}",
            pseudonym=asked.offer.pseudonym,
            work=clip(asked.work, 120),
        )
        await context.bot.send_message(asked.asked_by, notice)
