"""Diary entries: one service contact at a time, walked by the engine."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import current, participant_chat, spoken_in
from bot.handlers.diary_settings import local_time
from bot.handlers.focus import ask, nothing_open
from bot.handlers.turns import accepted, option_label, settle_choice, take_turn
from bot.replies import send_replies
from bot.words import pop_up
from conversations.dialogue import engine
from conversations.dialogue.engine import Event
from conversations.diary import entry_fields, entry_script
from conversations.focus import Focus, FocusKind
from conversations.participation import Participant
from conversations.projects import Project


def _entry_data(button: engine.Button) -> str:
    return encode("entry", button.step_id, button.option_id)


async def start_entry(
    context: TandemContext, chat_id: int, participant: Participant, project: Project, update_id: int
) -> None:
    """Open a diary entry (or carry on with the open one) and ask its first question."""
    assert project.diary is not None
    open_entry = await context.services.diary.open_entry(participant.id)
    if open_entry is not None:
        script, lang = entry_script(project.diary), spoken_in(participant, project)
        replies = engine.current_prompt(script, open_entry.state, lang)
    else:
        replies = (await _new_entry(context, participant, project, update_id)).replies
    await send_replies(context.bot, chat_id, replies, _entry_data)
    await ask(context, chat_id, _focus(project))


def _focus(project: Project) -> Focus:
    return Focus(FocusKind.DIARY_ENTRY, project.id)


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """Typed while a diary entry is being written: its next answer."""
    found = await current(update, context)
    chat_id = participant_chat(update)
    if found is None or found.project.id != focus.project_id:
        await context.services.focus.clear(chat_id)
        await nothing_open(update, context, event)
        return
    taken = await entry_event(
        context, chat_id, found.participant, found.project, event, update.update_id
    )
    if taken is None:  # the entry was closed meanwhile (e.g. the diary ended)
        await context.services.focus.done(chat_id, FocusKind.DIARY_ENTRY)
        await nothing_open(update, context, event)


async def _new_entry(
    context: TandemContext, participant: Participant, project: Project, update_id: int
) -> engine.Transition:
    """Store a new entry at the start of the script; its first question is in the replies."""
    assert project.diary is not None
    services = context.services
    enrolment = await services.diary.enrolment(participant.id)
    now = local_time(services.clock, enrolment.timezone if enrolment else None, project)
    step = engine.begin(entry_script(project.diary), spoken_in(participant, project))
    day, at = now.date(), now.strftime("%H:%M")
    await services.diary.start_entry(participant.id, day, at, step.state, update_id)
    return step


async def nothing_today(
    context: TandemContext, chat_id: int, participant: Participant, project: Project, update_id: int
) -> None:
    """One tap: today had no service contact."""
    if await context.services.diary.open_entry(participant.id) is None:
        # Opened at update 0, so the tap that opened it is then applied as its answer.
        await _new_entry(context, participant, project, 0)
    await entry_event(
        context, chat_id, participant, project, engine.ChoiceAnswer("which", "nothing"), update_id
    )


async def entry_event(
    context: TandemContext,
    chat_id: int,
    participant: Participant,
    project: Project,
    event: Event,
    update_id: int,
    quiet_refusal: bool = False,
) -> bool | None:
    """Feed an event to the open entry: None if there is none, False if refused."""
    if project.diary is None:
        return None
    services = context.services
    entry = await services.diary.open_entry(participant.id)
    if entry is None:
        return None
    study = project.diary

    async def record(step: engine.Transition) -> None:
        fields = entry_fields(study, step.answers)
        await services.diary.advance_entry(entry.id, step.state, fields, update_id, step.finished)

    script = entry_script(study)
    step = await take_turn(
        context,
        chat_id,
        script,
        entry,
        event,
        update_id,
        _entry_data,
        record,
        quiet_refusal,
        _focus(project),
        spoken_in(participant, project),
    )
    return accepted(step)


async def on_entry_button(
    update: Update, context: TandemContext, step_id: str, option_id: str
) -> None:
    """A button inside a diary entry."""
    query = update.callback_query
    assert query is not None
    found = await current(update, context)
    if found is None or found.project.diary is None:
        await pop_up(context, query, "STALE_BUTTON")
        return
    participant, project, _ = found
    event = engine.ChoiceAnswer(step_id, option_id)
    chat_id = participant_chat(update)
    taken = bool(
        await entry_event(
            context, chat_id, participant, project, event, update.update_id, quiet_refusal=True
        )
    )
    script, lang = entry_script(found.project.diary), spoken_in(participant, project)
    label = option_label(script, step_id, option_id, lang) if taken else None
    await settle_choice(context, query, taken, label)
