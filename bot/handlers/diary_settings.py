"""/diary settings: enrolment, time zone, prompt time, pause."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from babel.lists import format_list
from telegram import Update

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.dialogue import participant_chat
from bot.handlers.focus import answered, ask
from bot.replies import buttons, close_buttons
from bot.words import project_words
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
from conversations.i18n.dates import clock_time, day, either
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
    words = project_words(context, project, participant)
    lang = words.lang
    today = local_time(context.services.clock, enrolment.timezone, project).date()
    if enrolment.stopped:
        state = words.say("DIARY_STATE_STOPPED")
    elif enrolment.paused_until and enrolment.paused_until > today:
        state = words.say("DIARY_STATE_PAUSED", until=day(enrolment.paused_until, lang))
    else:
        state = words.say("DIARY_STATE_ON")
    times = [clock_time(t, lang) for t in sorted(map(time.fromisoformat, enrolment.slots.values()))]
    text = words.plural(
        "DIARY_SETTINGS",
        project.diary.days,
        title=project.title.in_(lang),
        start=day(enrolment.starts_on, lang),
        end=day(enrolment.ends_on, lang),
        times=format_list(times, locale=lang if lang != "en" else "en_GB"),
        zone=enrolment.timezone,
        state=state,
    )
    rows = [
        (words.say("DIARY_OK"), encode("diary", "ok", project.id)),
        (words.say("DIARY_CHANGE_ZONE"), encode("diary", "zone", project.id)),
        (words.say("DIARY_PAUSE_WEEK"), encode("diary", "pause", project.id)),
        (words.say("DIARY_STOP"), encode("diary", "stop", project.id)),
    ]
    if len(enrolment.slots) == 1:
        rows.insert(2, (words.say("DIARY_CHANGE_TIME"), encode("diary", "time", project.id)))
    await context.bot.send_message(chat_id, text, reply_markup=buttons(rows))
    await ask(context, chat_id, Focus(FocusKind.DIARY_SETUP, project.id))


async def pause(
    context: TandemContext, chat_id: int, participant: Participant, project: Project, days: int
) -> None:
    """No prompts for some days."""
    today = local_time(context.services.clock, None, project).date()
    until = today + timedelta(days=days)
    await context.services.diary.pause_until(participant.id, until)
    words = project_words(context, project, participant)
    paused = words.say("DIARY_PAUSED", until=day(until, words.lang))
    await context.bot.send_message(chat_id, paused)


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
    words = project_words(context, project, participant)
    if wanted is None or enrolment is None or not allowed or len(enrolment.slots) != 1:
        await context.bot.send_message(chat_id, words.say("STALE_BUTTON"))
        return
    at = f"{hhmm[:2]}:{hhmm[2:]}"
    [slot] = enrolment.slots
    await context.services.diary.set_slot_time(participant.id, slot, at)
    register_slots(context, project.id, enrolment.timezone, [at])
    shown = clock_time(wanted, words.lang)
    await close_buttons(message, shown)
    await context.bot.send_message(chat_id, words.say("DIARY_TIME_SET", time=shown))


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
    words = project_words(context, project, participant)
    choices = time_choices(project.diary.prompt_times, project.quiet_window())
    if isinstance(event, Skip | Back):
        await context.bot.send_message(chat_id, words.say("DIARY_SETTINGS_KEPT"))
        await answered(context, chat_id, FocusKind.DIARY_SETUP)
        return
    text = event.text if isinstance(event, TextAnswer) else ""
    wanted = parse_clock_time(text)
    enrolment = await context.services.diary.enrolment(participant.id)
    if wanted is not None and enrolment is not None and len(enrolment.slots) == 1:
        if is_quiet(wanted, project.quiet_window()):
            offered = either([clock_time(t, words.lang) for t in choices], words.lang)
            await context.bot.send_message(
                chat_id,
                words.say("DIARY_TIME_QUIET", quiet=project.quiet_hours, choices=offered),
            )
            return
        await set_time(context, chat_id, participant, project, wanted.strftime("%H%M"), None)
        await answered(context, chat_id, FocusKind.DIARY_SETUP)
        return
    if text and parse_zone(text) is not None:
        await set_zone_from_text(context, chat_id, participant, project, text)
        await answered(context, chat_id, FocusKind.DIARY_SETUP)
        return
    example = clock_time(choices[0] if choices else time(18, 30), words.lang)
    await context.bot.send_message(chat_id, words.say("DIARY_SETUP_TAP", example=example))


async def on_zone_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """The time zone asked for after "Change time zone" (or /skip to keep it)."""
    chat_id = participant_chat(update)
    found = await _diary_of(context, chat_id, focus)
    if found is None:
        return
    participant, project = found
    words = project_words(context, project, participant)
    if isinstance(event, Skip | Back):
        await context.bot.send_message(chat_id, words.say("DIARY_ZONE_SKIPPED"))
        await answered(context, chat_id, FocusKind.DIARY_ZONE)
        return
    if not isinstance(event, TextAnswer):
        await context.bot.send_message(chat_id, words.say("DIARY_ASK_ZONE"))
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
    words = project_words(context, project, participant)
    if zone is None:
        near = similar_places(text)
        answer = (
            words.say("DIARY_ZONE_NEAR", text=text[:40], names=either(near, words.lang))
            if near
            else words.say("DIARY_BAD_ZONE", text=text[:40])
        )
        await context.bot.send_message(chat_id, answer)
        return False
    services = context.services
    await services.diary.set_timezone(participant.id, zone)
    enrolment = await services.diary.enrolment(participant.id)
    if enrolment is not None:
        register_slots(context, project.id, zone, enrolment.slots.values())
    await context.bot.send_message(chat_id, words.say("DIARY_ZONE_SET", zone=zone))
    return True


def local_time(clock: Clock, enrolment_zone: str | None, project: Project) -> datetime:
    """Now on the diary's clock: the enrolment's time zone, else the project's."""
    return local_now(clock.now(), enrolment_zone or project.timezone)
