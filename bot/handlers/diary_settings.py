"""/diary settings: enrolment, time zone, prompt time, pause."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from telegram import Update

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import Position, participant_chat
from bot.replies import buttons, close_buttons
from conversations import catalogue
from conversations.clock import Clock
from conversations.diary_schedule import local_now, parse_zone, study_window, time_choices
from conversations.participation import Participant
from conversations.projects import Project
from storage.diary import SlotGroup


async def enrol(
    context: TandemContext, chat_id: int, participant: Participant, project: Project
) -> None:
    """Enrol with the project's defaults, then show them with buttons to change."""
    study = project.diary
    assert study is not None
    services = context.services
    zone = project.timezone
    now = local_time(services.clock, zone, project)
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
    today = local_time(context.services.clock, enrolment.timezone, project).date()
    if enrolment.stopped:
        state = catalogue.DIARY_STATE_STOPPED
    elif enrolment.paused_until and enrolment.paused_until > today:
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
    today = local_time(context.services.clock, None, project).date()
    until = today + timedelta(days=days)
    await context.services.diary.pause_until(participant.id, until)
    await context.bot.send_message(chat_id, catalogue.DIARY_PAUSED.format(until=_day(until)))


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


def local_time(clock: Clock, enrolment_zone: str | None, project: Project) -> datetime:
    """Now on the diary's clock: the enrolment's time zone, else the project's."""
    return local_now(clock.now(), enrolment_zone or project.timezone)
