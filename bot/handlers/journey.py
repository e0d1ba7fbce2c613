"""/journey: a resident's diary as a journey map; staff see the project-wide view."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InputFile, Update
from telegram.ext import Application, CommandHandler

from bot.context import TandemContext
from bot.handlers.asking import asked, in_project, staff_asked
from bot.permissions import private_only, role_of
from bot.words import project_words, words_for
from conversations.i18n.words import Words
from conversations.journey import (
    Journey,
    Touchpoint,
    journey_png,
    journey_text,
    project_png,
    project_text,
    project_view,
)
from conversations.journey.words import happened_words
from conversations.participation import Role
from conversations.projects import Project
from storage.diary import StoredEntry, journey_entries

PSEUDONYM_PREFIX = "P-"


def services_in(project: Project | None, words: Words) -> Callable[[str], str]:
    """How a stored service name (the project's first-language name) reads in ``words``."""
    study = project.diary if project is not None else None
    if study is None:
        return str
    return lambda service: study.service_in(service, words.lang)


def as_journeys(
    entries: Sequence[StoredEntry],
    own: bool = False,
    service_name: Callable[[str], str] = str,
) -> list[Journey]:
    """Stored entries as one journey per pseudonym ("You" for a person's own), each service
    named by ``service_name`` (e.g. in the reader's language)."""
    by_who: dict[str, list[StoredEntry]] = {}
    for entry in entries:
        by_who.setdefault(entry.pseudonym, []).append(entry)
    journeys = []
    for who, items in by_who.items():
        touchpoints = tuple(
            Touchpoint(
                when=datetime.combine(
                    e.local_date, time.fromisoformat(e.local_time), tzinfo=ZoneInfo(e.timezone)
                ),
                service=service_name(e.touchpoint),
                feeling=e.feeling,
                happened=happened_words(e.happened_kind, e.happened_value, e.happened_caption),
                better=e.better,
            )
            for e in items
        )
        journeys.append(
            Journey("You" if own else who, touchpoints, may_quote=own or items[0].may_quote)
        )
    return journeys


async def _send_picture(update: Update, png: bytes, name: str, caption: str) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_photo(InputFile(png, filename=name), caption=caption[:1024])


@private_only
async def journey(update: Update, context: TandemContext) -> None:
    """/journey (yours), or for staff: /journey (project view) or /journey P-XXXX."""
    who = asked(update)
    if who is None:
        return
    arg = (context.args or [""])[0]
    if await role_of(context, who.user.id) is not Role.RESIDENT and arg.upper() != "ME":
        await _staff_view(update, context, arg.upper())
        return
    here = await in_project(update, context, "NO_PROJECT_YET")
    if here is None:
        return
    message, found = here
    words = project_words(context, found.project, found.participant)
    entries = await journey_entries(context.services.db, participant_id=found.participant.id)
    if not entries:
        await message.reply_text(words.say("JOURNEY_EMPTY"))
        return
    [mine] = as_journeys(entries, own=True, service_name=services_in(found.project, words))
    title = found.project.title.in_(words.lang)
    png = await asyncio.to_thread(journey_png, mine, title, words)
    await _send_picture(update, png, "my-journey.png", words.say("JOURNEY_CAPTION"))
    await message.reply_text(journey_text(mine, words)[:4000])


async def _staff_view(update: Update, context: TandemContext, arg: str) -> None:
    message, user, project_ids = await staff_asked(update, context)
    services = context.services
    words = await words_for(context, user)
    if arg.startswith(PSEUDONYM_PREFIX):
        for project_id in project_ids:
            entries = await journey_entries(services.db, project_id=project_id, pseudonym=arg)
            if entries:
                named = services_in(services.projects.get(project_id), words)
                [one] = as_journeys(entries, service_name=named)
                png = await asyncio.to_thread(journey_png, one, arg, words)
                text = journey_text(one, words)
                await _send_picture(update, png, f"journey-{arg}.png", text)
                return
        await message.reply_text(words.say("JOURNEY_NOBODY", who=arg[:12]))
        return
    if arg:
        await message.reply_text(words.say("JOURNEY_USAGE"))
        return
    for project_id in project_ids:
        project = services.projects.get(project_id)
        if project is None or project.diary is None:
            continue
        entries = await journey_entries(services.db, project_id=project_id)
        summaries = project_view(as_journeys(entries, service_name=services_in(project, words)))
        title = project.title.in_(words.lang)
        png = await asyncio.to_thread(project_png, summaries, title, words)
        text = project_text(summaries, words)
        await _send_picture(update, png, f"journeys-{project_id}.png", text)
        return
    await message.reply_text(words.say("STATS_NONE"))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /journey."""
    app.add_handler(CommandHandler("journey", journey))
