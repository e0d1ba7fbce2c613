"""/diary settings: enrolment, time zone, prompt time, pause."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from telegram import Update

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import participant_chat
from bot.handlers.focus import answered, ask
from bot.replies import buttons, close_buttons
from bot.words import words_for
from conversations import catalogue
from conversations.clock import Clock
from conversations.dialogue.engine import Back, Event, Skip, TextAnswer
from conversations.diary_schedule import (
    is_quiet,
    local_now,
    parse_clock_time,
    parse_zone,
    study_window,
    time_choices,
)
from conversations.focus import Focus, FocusKind
from conversations.participation import Participant
from conversations.projects import Project
from conversations.zones import similar_places
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
    await ask(context, chat_id, Focus(FocusKind.DIARY_SETUP, project.id))


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
    wanted = parse_clock_time(f"{hhmm[:2]}:{hhmm[2:]}") if len(hhmm) == 4 else None
    allowed = wanted is not None and not is_quiet(wanted, project.quiet_window())
    if enrolment is None or not allowed or len(enrolment.slots) != 1:
        words = await words_for(context, chat_id)
        await context.bot.send_message(chat_id, words.say("STALE_BUTTON"))
        return
    at = f"{hhmm[:2]}:{hhmm[2:]}"
    [slot] = enrolment.slots
    await context.services.diary.set_slot_time(participant.id, slot, at)
    register_slots(context, project.id, enrolment.timezone, [at])
    await close_buttons(message, at)
    await context.bot.send_message(chat_id, catalogue.DIARY_TIME_SET.format(time=at))


async def on_setup_typed(
    update: Update, context: TandemContext, focus: Focus, event: Event
) -> None:
    """Typed while the diary's settings are open: a prompt time ("17:30"), a time zone, or
    /skip to keep them as they are."""
    chat_id = participant_chat(update)
    found = await _diary_of(context, chat_id, focus)
    if found is None:
        return
    participant, project = found
    assert project.diary is not None
    choices = time_choices(project.diary.prompt_times, project.quiet_window())
    if isinstance(event, Skip | Back):
        await context.bot.send_message(chat_id, catalogue.DIARY_SETTINGS_KEPT)
        await answered(context, chat_id, FocusKind.DIARY_SETUP)
        return
    text = event.text if isinstance(event, TextAnswer) else ""
    wanted = parse_clock_time(text)
    enrolment = await context.services.diary.enrolment(participant.id)
    if wanted is not None and enrolment is not None and len(enrolment.slots) == 1:
        if is_quiet(wanted, project.quiet_window()):
            offered = ", ".join(t.strftime("%H:%M") for t in choices)
            await context.bot.send_message(
                chat_id,
                catalogue.DIARY_TIME_QUIET.format(quiet=project.quiet_hours, choices=offered),
            )
            return
        await set_time(context, chat_id, participant, project, wanted.strftime("%H%M"), None)
        await answered(context, chat_id, FocusKind.DIARY_SETUP)
        return
    if text and parse_zone(text) is not None:
        await set_zone_from_text(context, chat_id, participant, project, text)
        await answered(context, chat_id, FocusKind.DIARY_SETUP)
        return
    example = choices[0].strftime("%H:%M") if choices else "18:30"
    await context.bot.send_message(chat_id, catalogue.DIARY_SETUP_TAP.format(example=example))


async def on_zone_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """The time zone asked for after "Change time zone" (or /skip to keep it)."""
    chat_id = participant_chat(update)
    found = await _diary_of(context, chat_id, focus)
    if found is None:
        return
    participant, project = found
    if isinstance(event, Skip | Back):
        await context.bot.send_message(chat_id, catalogue.DIARY_ZONE_SKIPPED)
        await answered(context, chat_id, FocusKind.DIARY_ZONE)
        return
    if not isinstance(event, TextAnswer):
        await context.bot.send_message(chat_id, catalogue.DIARY_ASK_ZONE)
        return
    if await set_zone_from_text(context, chat_id, participant, project, event.text):
        await answered(context, chat_id, FocusKind.DIARY_ZONE)


async def _diary_of(
    context: TandemContext, chat_id: int, focus: Focus
) -> tuple[Participant, Project] | None:
    """The enrolment a diary focus is about; the focus is dropped when that is gone."""
    services = context.services
    project = services.projects.get(focus.project_id or "")
    participant = await services.people.participant(chat_id, focus.project_id or "")
    if project is None or project.diary is None or participant is None:
        await services.focus.clear(chat_id)
        return None
    return participant, project


async def set_zone_from_text(
    context: TandemContext, chat_id: int, participant: Participant, project: Project, text: str
) -> bool:
    """A typed time zone: set it, or say it was not understood (False)."""
    zone = parse_zone(text)
    if zone is None:
        near = similar_places(text)
        words = (
            catalogue.DIARY_ZONE_NEAR.format(text=text[:40], names=catalogue.either(near))
            if near
            else catalogue.DIARY_BAD_ZONE.format(text=text[:40])
        )
        await context.bot.send_message(chat_id, words)
        return False
    services = context.services
    await services.diary.set_timezone(participant.id, zone)
    enrolment = await services.diary.enrolment(participant.id)
    if enrolment is not None:
        register_slots(context, project.id, zone, enrolment.slots.values())
    await context.bot.send_message(chat_id, catalogue.DIARY_ZONE_SET.format(zone=zone))
    return True


def local_time(clock: Clock, enrolment_zone: str | None, project: Project) -> datetime:
    """Now on the diary's clock: the enrolment's time zone, else the project's."""
    return local_now(clock.now(), enrolment_zone or project.timezone)
