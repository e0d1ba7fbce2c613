"""/checkin for staff (results, trend chart, changes); residents answer check-ins here too."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from telegram import InputFile, Update
from telegram.ext import Application, CommandHandler

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.asking import staff_asked, staff_projects
from bot.handlers.dialogue import current, participant_chat, spoken_in
from bot.handlers.focus import ask, nothing_open
from bot.handlers.suggestions import coassessment_lines, show_suggestions
from bot.handlers.turns import accepted, pressed_message, settle_choice, take_turn
from bot.left_out import left_out_of, who_markup
from bot.permissions import requires
from bot.replies import buttons, close_buttons, send_replies
from bot.words import pop_up, words_for, words_in
from conversations.budget import left_out_line
from conversations.checkins.chart import trend_png
from conversations.checkins.model import CheckInDefinition, answer_rows, answer_script
from conversations.checkins.results import day_words, results_text
from conversations.dialogue import engine
from conversations.dialogue.engine import Event
from conversations.focus import Focus, FocusKind
from conversations.i18n import late
from conversations.i18n.words import Words
from conversations.participation import Participant, Role
from conversations.projects import Project
from storage.diary import Outgoing

ACTIONS = frozenset({"results", "change", "suggestions"})


def _answer_data(button: engine.Button) -> str:
    return encode("cka", button.step_id, button.option_id)


@requires(Role.FACILITATOR, "checkin")
async def checkin(update: Update, context: TandemContext) -> None:
    """/checkin [results [ID] | change [ID] TEXT | suggestions [ID]]."""
    message, user, project_ids = await staff_asked(update, context)
    services = context.services
    words = await words_for(context, user)
    found = [
        (p, c)
        for p in (services.projects.get(i) for i in project_ids)
        if p
        for c in services.checkin_scheduler.checkins_of(p)
    ]
    if not found:
        await message.reply_text(words.say("CHECKIN_NONE"))
        return
    args = list(context.args or [])
    action = args.pop(0).lower() if args else ""
    named = None
    if args and any(c.id == args[0].lower() for _, c in found):
        named = args.pop(0).lower()
    chosen = [(p, c) for p, c in found if named in (None, c.id)]
    if action == "results" and len(chosen) == 1:
        await show_results(context, message.chat_id, *chosen[0], words)
    elif action == "suggestions" and len(chosen) == 1:
        await show_suggestions(context, message.chat_id, *chosen[0], words)
    elif action == "change" and len(chosen) == 1:
        await record_change(context, message.chat_id, *chosen[0], " ".join(args).strip(), words)
    elif action in ACTIONS and args and named is None and len(found) > 1:
        known = ", ".join(c.id for _, c in found)
        await message.reply_text(words.say("CHECKIN_UNKNOWN", id=args[0], known=known))
    else:
        listing = await _listing(context, found, words)
        await message.reply_text(listing + "\n\n" + words.say("CHECKIN_USAGE"))


async def _listing(
    context: TandemContext, found: list[tuple[Project, CheckInDefinition]], words: Words
) -> str:
    from bot.checkin_scheduler import next_firings

    lines = []
    now = context.services.checkin_scheduler.now()
    for project, definition in found:
        cycles = await context.services.checkins.results(project.id, definition.id)
        upcoming = next_firings(definition, project.timezone, now, 1)
        lines.append(
            words.plural(
                "CHECKIN_LIST_LINE",
                len(cycles),
                id=definition.id,
                title=definition.title.in_(words.lang),
                project=project.title.in_(words.lang),
                next=day_words(upcoming[0].date(), words.lang) if upcoming else "–",
            )
        )
    return "\n".join(lines)


async def show_results(
    context: TandemContext,
    chat_id: int,
    project: Project,
    definition: CheckInDefinition,
    words: Words,
) -> None:
    """The trend chart, then the latest cycle against the earlier ones."""
    services = context.services
    cycles = await services.checkins.results(project.id, definition.id)
    title = definition.title.in_(words.lang)
    if not cycles:
        await context.bot.send_message(chat_id, words.say("CHECKIN_NO_CYCLES", title=title))
        return
    changes = await services.checkins.changes(project.id, definition.id)
    png = await asyncio.to_thread(trend_png, definition, cycles, changes)
    await context.bot.send_photo(
        chat_id,
        InputFile(png, filename=f"checkin-{definition.id}.png"),
        caption=words.say("CHECKIN_CHART_CAPTION", title=title),
    )
    latest = await services.checkins.cycle(cycles[-1].cycle_id)
    assert latest is not None
    if latest.closed_at is None:
        until = datetime.fromtimestamp(latest.closes_at, UTC).astimezone(ZoneInfo(project.timezone))
        shown = format_datetime(until, "EEE d MMM H:mm", locale=words.lang)
        status = words.say("CHECKIN_STATUS_OPEN", until=shown)
    else:
        status = words.say("CHECKIN_STATUS_CLOSED")
    text = results_text(definition, cycles, changes, status, words)
    left = await left_out_of(services, "c", latest.id, project.timezone)  # the latest cycle's
    said = left_out_line(left, words)
    text = f"{text}\n\n{said}" if said else text
    heard = await coassessment_lines(context, project, definition, words)
    text = f"{text}\n\n{heard}" if heard else text
    await context.bot.send_message(chat_id, text, reply_markup=who_markup("c", latest.id, left))


async def record_change(
    context: TandemContext,
    chat_id: int,
    project: Project,
    definition: CheckInDefinition,
    text: str,
    words: Words,
) -> None:
    """Record a change to the service; offer to tell the check-in's respondents."""
    if not text:
        await context.bot.send_message(chat_id, words.say("CHECKIN_CHANGE_EMPTY"))
        return
    services = context.services
    now = services.checkin_scheduler.now()
    day = now.astimezone(ZoneInfo(project.timezone)).date()
    change_id = await services.checkins.add_change(
        project.id, definition.id, day, text[:500], now.timestamp()
    )
    count = await services.checkins.respondents(project.id, definition.id)
    title, said = definition.title.in_(words.lang), day_words(day, words.lang)
    if count == 0:  # no "Send to them" for nobody
        noted = words.say("CHECKIN_CHANGE_NOTED", title=title, day=said, text=text[:500])
        nobody = words.say("CHECKIN_CHANGE_NOBODY")
        await context.bot.send_message(chat_id, f"{noted}\n\n{nobody}")
        return
    tell = words.say("CHECKIN_CHANGE_TELL")
    await context.bot.send_message(
        chat_id,
        words.plural("CHECKIN_CHANGE_RECORDED", count, title=title, day=said, text=text[:500]),
        reply_markup=buttons([(tell, encode("checkin", "tell", change_id))]),
    )


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """The check-in buttons: start answering a cycle, or tell respondents about a change."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    if not arg.isdigit():
        await pop_up(context, query, "STALE_BUTTON")
        return
    if action == "tell":
        await _tell(update, context, int(arg))
    elif action == "start":
        await _start(update, context, int(arg))
    else:
        await pop_up(context, query, "STALE_BUTTON")


def _checkin(
    context: TandemContext, project_id: str, checkin_id: str, opened_at: float | None = None
) -> tuple[Project, CheckInDefinition] | None:
    """A check-in's project and definition (as a cycle opened at ``opened_at`` asks it),
    while both are still loaded."""
    project = context.services.projects.get(project_id)
    if project is None:
        return None
    scheduler = context.services.checkin_scheduler
    definition = scheduler.definition(project, checkin_id, opened_at)
    return (project, definition) if definition else None


async def _tell(update: Update, context: TandemContext, change_id: int) -> None:
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    services = context.services
    found = await services.checkins.change_of(change_id)
    allowed = await staff_projects(context, update.effective_user.id)
    checkin = _checkin(context, found[0], found[1]) if found else None
    if found is None or checkin is None or checkin[0].id not in allowed:
        await pop_up(context, query, "STALE_BUTTON")
        return
    await query.answer()
    project, definition = checkin
    change = found[2]
    # Each respondent reads it in their language when it is sent (conversations/i18n/late.py).
    said = late.say(
        "CHECKIN_YOU_SAID", title=late.text(definition.title), text=late.text(change.text)
    )
    params = {"text": said}
    queued = await services.checkins.tell_change(
        change_id,
        project.max_messages_per_week,
        services.checkin_scheduler.now().timestamp(),
        Outgoing("checkin_change", "sendMessage", json.dumps(params, ensure_ascii=False)),
    )
    services.wake_outbox()
    await close_buttons(pressed_message(query))
    words = await words_for(context, update.effective_user)
    told = words.plural("CHECKIN_CHANGE_TOLD", queued)
    await context.bot.send_message(participant_chat(update), told)


async def _start(update: Update, context: TandemContext, cycle_id: int) -> None:
    query = update.callback_query
    assert query is not None
    services = context.services
    position = await current(update, context)
    cycle = await services.checkins.cycle(cycle_id)
    checkin = (
        _checkin(context, cycle.project_id, cycle.checkin_id, cycle.opened_at) if cycle else None
    )
    if position is None or cycle is None or checkin is None:
        await pop_up(context, query, "STALE_BUTTON")
        return
    await query.answer()
    participant, chat_id = position.participant, participant_chat(update)
    lang = spoken_in(participant, checkin[0])
    words = words_in(context, lang)
    script = answer_script(checkin[1], words)
    now = services.checkin_scheduler.now().timestamp()
    if cycle.closed_at is not None or now >= cycle.closes_at:
        await context.bot.send_message(chat_id, words.say("CHECKIN_CLOSED"))
        return
    if not await services.checkins.was_invited(cycle.id, participant.id):
        await context.bot.send_message(chat_id, words.say("CHECKIN_NOT_INVITED"))
        return
    open_response = await services.checkins.open_response(participant.id)
    if open_response is not None and open_response.cycle_id == cycle.id:
        replies = engine.current_prompt(script, open_response.state, lang)
    else:
        step = engine.begin(script, lang)
        if not await services.checkins.start_response(
            cycle.id, participant.id, step.state, update.update_id
        ):
            await context.bot.send_message(chat_id, words.say("CHECKIN_ALREADY_DONE"))
            return
        replies = step.replies
    await send_replies(context.bot, chat_id, replies, _answer_data)
    await ask(context, chat_id, Focus(FocusKind.CHECKIN, cycle.project_id, str(cycle.id)))


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """Typed while a check-in is being answered: its next answer."""
    found = await current(update, context)
    chat_id = participant_chat(update)
    taken = (
        await response_event(context, chat_id, found.participant, event, update.update_id)
        if found is not None
        else None
    )
    if taken is None:  # nothing open any more (closed, or answered meanwhile)
        await context.services.focus.done(chat_id, FocusKind.CHECKIN)
        await nothing_open(update, context, event)


async def response_event(
    context: TandemContext,
    chat_id: int,
    participant: Participant,
    event: Event,
    update_id: int,
    quiet_refusal: bool = False,
) -> bool | None:
    """Feed an event to the open check-in answer: None if there is none, False if refused."""
    services = context.services
    response = await services.checkins.open_response(participant.id)
    if response is None:
        return None
    cycle = await services.checkins.cycle(response.cycle_id)
    checkin = (
        _checkin(context, cycle.project_id, cycle.checkin_id, cycle.opened_at) if cycle else None
    )
    if checkin is None:
        return None

    async def record(step: engine.Transition) -> None:
        rows = answer_rows(step.answers)
        await services.checkins.advance_response(
            response.id, step.state, rows, update_id, step.finished
        )

    lang = spoken_in(participant, checkin[0])
    script = answer_script(checkin[1], words_in(context, lang))
    focus = Focus(FocusKind.CHECKIN, cycle.project_id if cycle else None, str(response.cycle_id))
    step = await take_turn(
        context,
        chat_id,
        script,
        response,
        event,
        update_id,
        _answer_data,
        record,
        quiet_refusal,
        focus,
        lang,
    )
    return accepted(step)


async def on_answer_button(
    update: Update, context: TandemContext, step_id: str, option_id: str
) -> None:
    """A scale button inside a check-in."""
    query = update.callback_query
    assert query is not None
    found = await current(update, context)
    taken = found is not None and bool(
        await response_event(
            context,
            participant_chat(update),
            found.participant,
            engine.ChoiceAnswer(step_id, option_id),
            update.update_id,
            quiet_refusal=True,
        )
    )
    await settle_choice(context, query, taken, option_id[1:])


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /checkin."""
    app.add_handler(CommandHandler("checkin", checkin))
