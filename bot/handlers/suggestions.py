"""Suggested check-in questions: residents suggest (/suggest, or the button under "what we
heard"); facilitators see them under /checkin suggestions and adopt one, asked from the next
cycle; the person who suggested it is told (through the outbox, in their language)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.asking import in_project, staff_projects
from bot.handlers.dialogue import current, participant_chat
from bot.handlers.focus import answered, ask, one_message_answer
from bot.handlers.turns import pressed_message
from bot.replies import buttons, close_buttons
from bot.words import pop_up, project_words, words_for
from conversations.checkins.model import CheckInDefinition
from conversations.checkins.results import day_words
from conversations.dialogue.engine import Event, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.i18n import late
from conversations.i18n.words import Words
from conversations.participation import Participant
from conversations.projects import Project
from storage.checkin_suggestions import tell_params

LONGEST = 300  # a check-in question's limit (conversations/checkins/model.py)
MOST_QUESTIONS = 5
ADOPTED_FUNCTION = "improvement"  # residents suggest what to look at next


async def suggest(update: Update, context: TandemContext) -> None:
    """/suggest TEXT keeps it at once; /suggest alone asks for it."""
    here = await in_project(update, context, "SUGGEST_NOT_IN_PROJECT")
    if here is None:
        return
    message, (participant, project, _) = here
    checkin_id = await _checkin_for(context, participant, project)
    words = project_words(context, project, participant)
    if checkin_id is None:
        await message.reply_text(
            words.say("SUGGEST_NO_CHECKIN", title=project.title.in_(words.lang))
        )
        return
    text = " ".join(context.args or []).strip()
    focus = Focus(FocusKind.SUGGESTION, project.id, checkin_id)
    if text:
        await _keep(update, context, participant, project, focus, TextAnswer(text))
        return
    await _ask(context, message.chat_id, project, checkin_id, words)


async def _checkin_for(
    context: TandemContext, participant: Participant, project: Project
) -> str | None:
    """The check-in a suggestion is for: the one they were last asked, else the project's first."""
    known = [c.id for c in context.services.checkin_scheduler.checkins_of(project)]
    last = await context.services.checkins.last_invited(participant.id)
    return last if last in known else (known[0] if known else None)


async def _ask(
    context: TandemContext, chat_id: int, project: Project, checkin_id: str, words: Words
) -> None:
    definition = context.services.checkin_scheduler.definition(project, checkin_id)
    title = definition.title.in_(words.lang) if definition else checkin_id
    await context.bot.send_message(chat_id, words.say("SUGGEST_ASK", title=title))
    await ask(context, chat_id, Focus(FocusKind.SUGGESTION, project.id, checkin_id))


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """The question asked for by /suggest or the button (or /skip: none after all)."""

    async def store(participant: Participant, project: Project, said: Event) -> None:
        await _keep(update, context, participant, project, focus, said)

    words = await words_for(context, participant_chat(update))
    await one_message_answer(update, context, focus, event, words.say("SUGGEST_SKIPPED"), store)


async def _keep(
    update: Update,
    context: TandemContext,
    participant: Participant,
    project: Project,
    focus: Focus,
    event: Event,
) -> None:
    """Keep a suggestion (typed, at most 300 characters) and thank the person."""
    chat_id = participant_chat(update)
    words = project_words(context, project, participant)
    if not isinstance(event, TextAnswer):
        await context.bot.send_message(chat_id, words.say("SUGGEST_TEXT_ONLY"))
        await ask(context, chat_id, focus)
        return
    text = " ".join(event.text.split())
    if len(text) > LONGEST:
        await context.bot.send_message(chat_id, words.say("SUGGEST_TOO_LONG", length=len(text)))
        await ask(context, chat_id, focus)  # kept open: nothing is lost, they shorten it
        return
    checkin_id = focus.ref or ""
    await context.services.checkins.suggest(
        participant.id, project.id, checkin_id, text, update.update_id
    )
    definition = context.services.checkin_scheduler.definition(project, checkin_id)
    title = definition.title.in_(words.lang) if definition else checkin_id
    await context.bot.send_message(chat_id, words.say("SUGGEST_THANKS", title=title))
    await answered(context, chat_id, FocusKind.SUGGESTION)


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """ "Suggest a question" under "what we heard", or a facilitator's "Adopt"."""
    query = update.callback_query
    assert query is not None
    if not arg.isdigit():
        await pop_up(context, query, "STALE_BUTTON")
    elif action == "ask":
        await _ask_button(update, context, int(arg))
    elif action == "adopt":
        await _adopt(update, context, int(arg))
    else:
        await pop_up(context, query, "STALE_BUTTON")


async def _ask_button(update: Update, context: TandemContext, cycle_id: int) -> None:
    query = update.callback_query
    assert query is not None
    services = context.services
    cycle = await services.checkins.cycle(cycle_id)
    position = await current(update, context)
    project = services.projects.get(cycle.project_id) if cycle else None
    if cycle is None or project is None or position is None:
        await pop_up(context, query, "STALE_BUTTON")
        return
    participant = await services.people.participant(participant_chat(update), project.id)
    if participant is None or not participant.active:
        await pop_up(context, query, "STALE_BUTTON")
        return
    await query.answer()
    words = project_words(context, project, participant)
    await _ask(context, participant_chat(update), project, cycle.checkin_id, words)


async def show_suggestions(
    context: TandemContext,
    chat_id: int,
    project: Project,
    definition: CheckInDefinition,
    words: Words,
) -> None:
    """Waiting suggestions for a check-in, numbered, with an "Adopt" button each."""
    found = await context.services.checkins.suggestions(project.id, definition.id)
    waiting = [s for s in found if s.adopted_at is None]
    title = definition.title.in_(words.lang)
    if not waiting:
        await context.bot.send_message(chat_id, words.say("CHECKIN_SUGGESTIONS_NONE", title=title))
        return
    lines = [words.plural("CHECKIN_SUGGESTIONS_HEAD", len(waiting), title=title)]
    pressed: list[tuple[str, str]] = []
    for n, suggestion in enumerate(waiting, 1):
        lines.append(
            words.say(
                "CHECKIN_SUGGESTION_LINE", n=n, pseudonym=suggestion.pseudonym, text=suggestion.text
            )
        )
        label = words.say("CHECKIN_ADOPT_BUTTON", n=n)
        pressed.append((label, encode("sugg", "adopt", suggestion.id)))
    await context.bot.send_message(chat_id, "\n".join(lines), reply_markup=buttons(pressed))


async def _adopt(update: Update, context: TandemContext, suggestion_id: int) -> None:
    """Adopt a suggestion: within the 1-5 questions limit, once; the suggester is told."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    services = context.services
    scheduler = services.checkin_scheduler
    suggestion = await services.checkins.suggestion(suggestion_id)
    allowed = await staff_projects(context, user.id)
    project = services.projects.get(suggestion.project_id) if suggestion else None
    definition = (
        scheduler.definition(project, suggestion.checkin_id) if project and suggestion else None
    )
    if suggestion is None or project is None or definition is None or project.id not in allowed:
        await pop_up(context, query, "STALE_BUTTON")
        return
    await query.answer()
    words = await words_for(context, user)
    chat_id = update.effective_chat.id if update.effective_chat else user.id
    title = definition.title.in_(words.lang)
    if suggestion.adopted_at is not None:
        await context.bot.send_message(chat_id, words.say("CHECKIN_ADOPT_ALREADY"))
        return
    if len(definition.questions) >= MOST_QUESTIONS:
        count = len(definition.questions)
        await context.bot.send_message(
            chat_id, words.say("CHECKIN_ADOPT_FULL", title=title, count=count)
        )
        return
    tell = late.say(
        "SUGGEST_ADOPTED", title=late.text(definition.title), text=late.text(suggestion.text)
    )
    now = scheduler.now().timestamp()
    adopted = await services.checkins.adopt(
        suggestion_id, ADOPTED_FUNCTION, user.id, now, tell_params({"text": tell})
    )
    if adopted is None:
        await context.bot.send_message(chat_id, words.say("CHECKIN_ADOPT_ALREADY"))
        return
    scheduler.adopted(adopted)
    services.wake_outbox()
    await close_buttons(pressed_message(query))
    await context.bot.send_message(
        chat_id, words.say("CHECKIN_ADOPTED", title=title, text=suggestion.text)
    )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /suggest."""
    app.add_handler(CommandHandler("suggest", suggest, filters=filters.ChatType.PRIVATE))


async def coassessment_lines(
    context: TandemContext, project: Project, definition: CheckInDefinition, words: Words
) -> str:
    """For /checkin results: the latest "what we heard" reach, suggestions and adopted questions."""
    services = context.services
    lines: list[str] = []
    cycle_id = await services.checkins.last_heard(project.id, definition.id)
    if cycle_id is not None:
        sent, left = await services.checkins.heard_reach(cycle_id)
        lines.append(words.plural("CHECKIN_HEARD_REACH", sent))
        for reason, count in sorted(left.items()):
            group = words.say(f"LEFT_OUT_GROUPS.{reason}") if reason else reason
            lines.append(words.say("CHECKIN_HEARD_LEFT_OUT", group=group, count=count))
    found = await services.checkins.suggestions(project.id, definition.id)
    waiting = sum(1 for s in found if s.adopted_at is None)
    if waiting:
        lines.append(words.plural("CHECKIN_SUGGESTIONS_LINE", waiting, id=definition.id))
    for question in services.checkin_scheduler.adopted_of(project.id, definition.id):
        day = datetime.fromtimestamp(question.adopted_at, ZoneInfo(project.timezone)).date()
        said = day_words(day, words.lang)
        lines.append(words.say("CHECKIN_ADOPTED_LINE", day=said, text=question.text))
    return "\n".join(lines)
