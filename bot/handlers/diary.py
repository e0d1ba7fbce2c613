"""/diary: enrolment, settings, pause and stop; and diary entries, walked by the engine."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import Position, current, participant_chat
from bot.handlers.turns import accepted, option_label, pressed_message, settle_choice, take_turn
from bot.replies import buttons, close_buttons, send_replies
from conversations import catalogue
from conversations.dialogue import engine
from conversations.dialogue.engine import Event
from conversations.diary import entry_fields, entry_script
from conversations.diary_schedule import local_now, parse_zone, study_window, time_choices
from conversations.participation import Participant
from conversations.projects import Project
from storage.diary import SlotGroup


def _entry_data(button: engine.Button) -> str:
    return encode("entry", button.step_id, button.option_id)


async def diary(update: Update, context: TandemContext) -> None:
    """/diary [settings | pause DAYS | stop]; alone it enrols, or logs an entry."""
    message = update.effective_message
    found = await current(update, context)
    if message is None:
        return
    if found is None:
        await message.reply_text(catalogue.NO_PROJECT_YET)
        return
    participant, project, _ = found
    if project.diary is None:
        await message.reply_text(catalogue.DIARY_NONE)
        return
    args = [a.lower() for a in context.args or []]
    enrolment = await context.services.diary.enrolment(participant.id)
    if not args:
        if enrolment is None or enrolment.stopped:
            await enrol(context, participant_chat(update), participant, project)
        else:
            await start_entry(
                context, participant_chat(update), participant, project, update.update_id
            )
        return
    if enrolment is None:
        await message.reply_text(catalogue.DIARY_NOT_ENROLLED)
        return
    if args[0] == "settings":
        await show_settings(context, participant_chat(update), participant, project)
    elif args[0] == "pause":
        days = int(args[1]) if len(args) > 1 and args[1].isdigit() else 7
        await pause(context, participant_chat(update), participant, project, min(days, 60))
    elif args[0] == "stop":
        await context.services.diary.stop(participant.id)
        await message.reply_text(catalogue.DIARY_STOPPED)
    else:
        await message.reply_text(catalogue.DIARY_USAGE)


async def enrol(
    context: TandemContext, chat_id: int, participant: Participant, project: Project
) -> None:
    """Enrol with the project's defaults, then show them with buttons to change."""
    study = project.diary
    assert study is not None
    services = context.services
    zone = project.timezone
    now = _local(zone, project)
    starts, ends = study_window(now.date(), study.prompt_times[0], now.time(), study.days)
    slots = {name: name for name in study.slot_names()}
    await services.diary.enrol(participant.id, project.id, zone, slots, starts, ends)
    register_slots(context, project.id, zone, slots.values())
    await show_settings(context, chat_id, participant, project)


def register_slots(context: TandemContext, project_id: str, zone: str, times: Any) -> None:
    """Make sure the scheduler has a job for these local times in this zone."""
    for at in times:
        context.services.diary_scheduler.register(SlotGroup(project_id, zone, at))


async def show_settings(
    context: TandemContext, chat_id: int, participant: Participant, project: Project
) -> None:
    """The diary's settings, with buttons to confirm or change them."""
    enrolment = await context.services.diary.enrolment(participant.id)
    assert enrolment is not None and project.diary is not None
    if enrolment.stopped:
        state = catalogue.DIARY_STATE_STOPPED
    elif enrolment.paused_until and enrolment.paused_until > date.today():
        state = catalogue.DIARY_STATE_PAUSED.format(until=_day(enrolment.paused_until))
    else:
        state = catalogue.DIARY_STATE_ON
    text = catalogue.DIARY_SETTINGS.format(
        title=project.title,
        days=project.diary.days,
        start=_day(enrolment.starts_on),
        end=_day(enrolment.ends_on),
        times=", ".join(sorted(enrolment.slots.values())),
        zone=enrolment.timezone,
        state=state,
    )
    rows = [
        (catalogue.DIARY_OK, encode("diary", "ok", project.id)),
        (catalogue.DIARY_CHANGE_ZONE, encode("diary", "zone", project.id)),
        (catalogue.DIARY_PAUSE_WEEK, encode("diary", "pause", project.id)),
        (catalogue.DIARY_STOP, encode("diary", "stop", project.id)),
    ]
    if len(enrolment.slots) == 1:
        rows.insert(2, (catalogue.DIARY_CHANGE_TIME, encode("diary", "time", project.id)))
    await context.bot.send_message(chat_id, text, reply_markup=buttons(rows))


def _day(day: date) -> str:
    return day.strftime("%a %d %b").replace(" 0", " ")


async def pause(
    context: TandemContext, chat_id: int, participant: Participant, project: Project, days: int
) -> None:
    """No prompts for some days."""
    until = date.today() + timedelta(days=days)
    await context.services.diary.pause_until(participant.id, until)
    await context.bot.send_message(chat_id, catalogue.DIARY_PAUSED.format(until=_day(until)))


async def on_button(update: Update, context: TandemContext, action: str, arg: str) -> None:
    """The diary's buttons: settings, prompt answers and times."""
    query = update.callback_query
    assert query is not None
    found = await current(update, context)
    wanted = arg if action not in {"at"} else (found.project.id if found else "")
    if found is None or found.project.id != wanted or found.project.diary is None:
        await query.answer(catalogue.STALE_BUTTON)
        return
    await query.answer()
    participant, project, _ = found
    chat_id = participant_chat(update)
    services = context.services
    message = pressed_message(query)
    if action == "log":
        await start_entry(context, chat_id, participant, project, update.update_id)
    elif action == "nothing":
        await nothing_today(context, chat_id, participant, project, update.update_id)
    elif action == "ok":
        await close_buttons(message, catalogue.DIARY_OK)
        await context.bot.send_message(chat_id, catalogue.DIARY_CONFIRMED)
    elif action == "zone":
        await services.people.set_pending_input(participant.id, "diary_zone")
        await context.bot.send_message(chat_id, catalogue.DIARY_ASK_ZONE)
    elif action == "time":
        choices = time_choices(found.project.diary.prompt_times, project.quiet_window())
        await context.bot.send_message(
            chat_id,
            catalogue.DIARY_PICK_TIME,
            reply_markup=buttons(
                [(t.strftime("%H:%M"), encode("diary", "at", t.strftime("%H%M"))) for t in choices]
            ),
        )
    elif action == "at":
        await set_time(context, chat_id, participant, project, arg, message)
    elif action == "pause":
        await pause(context, chat_id, participant, project, 7)
    elif action == "stop":
        await services.diary.stop(participant.id)
        await context.bot.send_message(chat_id, catalogue.DIARY_STOPPED)


async def set_time(
    context: TandemContext,
    chat_id: int,
    participant: Participant,
    project: Project,
    hhmm: str,
    message: Any,
) -> None:
    """A time button: move the (single) slot to that local time."""
    enrolment = await context.services.diary.enrolment(participant.id)
    assert project.diary is not None
    allowed = {
        t.strftime("%H%M") for t in time_choices(project.diary.prompt_times, project.quiet_window())
    }
    if enrolment is None or hhmm not in allowed or len(enrolment.slots) != 1:
        await context.bot.send_message(chat_id, catalogue.STALE_BUTTON)
        return
    at = f"{hhmm[:2]}:{hhmm[2:]}"
    [slot] = enrolment.slots
    await context.services.diary.set_slot_time(participant.id, slot, at)
    register_slots(context, project.id, enrolment.timezone, [at])
    await close_buttons(message, at)
    await context.bot.send_message(chat_id, catalogue.DIARY_TIME_SET.format(time=at))


async def set_zone_from_text(
    update: Update, context: TandemContext, position: Position, text: str
) -> None:
    """The person typed a time zone (after "Change time zone")."""
    participant, project, _ = position
    chat_id = participant_chat(update)
    zone = parse_zone(text)
    if zone is None:
        await context.bot.send_message(chat_id, catalogue.DIARY_BAD_ZONE.format(text=text[:40]))
        return
    services = context.services
    await services.diary.set_timezone(participant.id, zone)
    await services.people.set_pending_input(participant.id, None)
    enrolment = await services.diary.enrolment(participant.id)
    if enrolment is not None:
        register_slots(context, project.id, zone, enrolment.slots.values())
    await context.bot.send_message(chat_id, catalogue.DIARY_ZONE_SET.format(zone=zone))


def _local(enrolment_zone: str | None, project: Project) -> datetime:
    return local_now(datetime.now().astimezone(), enrolment_zone or project.timezone)


async def start_entry(
    context: TandemContext, chat_id: int, participant: Participant, project: Project, update_id: int
) -> None:
    """Open a diary entry (or carry on with the open one) and ask its first question."""
    assert project.diary is not None
    open_entry = await context.services.diary.open_entry(participant.id)
    if open_entry is not None:
        replies = engine.current_prompt(entry_script(project.diary), open_entry.state)
    else:
        replies = (await _new_entry(context, participant, project, update_id)).replies
    await send_replies(context.bot, chat_id, replies, _entry_data)


async def _new_entry(
    context: TandemContext, participant: Participant, project: Project, update_id: int
) -> engine.Transition:
    """Store a new entry at the start of the script; its first question is in the replies."""
    assert project.diary is not None
    services = context.services
    enrolment = await services.diary.enrolment(participant.id)
    now = _local(enrolment.timezone if enrolment else None, project)
    step = engine.begin(entry_script(project.diary))
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
        context, chat_id, script, entry, event, update_id, _entry_data, record, quiet_refusal
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
        await query.answer(catalogue.STALE_BUTTON)
        return
    participant, project, _ = found
    event = engine.ChoiceAnswer(step_id, option_id)
    chat_id = participant_chat(update)
    taken = bool(
        await entry_event(
            context, chat_id, participant, project, event, update.update_id, quiet_refusal=True
        )
    )
    label = option_label(entry_script(found.project.diary), step_id, option_id) if taken else None
    await settle_choice(query, taken, label)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /diary."""
    app.add_handler(CommandHandler("diary", diary, filters=filters.ChatType.PRIVATE))
