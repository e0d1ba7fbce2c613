"""The opening of every command: what message to answer, who sent it, and what they may see.

Residents' commands answer in the message's chat about the sender's current project; staff
commands (behind ``requires``) see the projects the sender runs.
"""

from __future__ import annotations

from typing import NamedTuple

from telegram import Message, Update, User

from bot.context import TandemContext
from bot.handlers.dialogue import Position, current
from bot.permissions import projects_run_by, role_in
from bot.words import pop_up, words_for
from conversations.participation import Participant, Person
from conversations.projects import Project


class Asked(NamedTuple):
    """A command's message and the person who sent it."""

    message: Message
    user: User


class StaffAsked(NamedTuple):
    """A staff command's message, who sent it, and the projects they run."""

    message: Message
    user: User
    project_ids: list[str]


def asked(update: Update) -> Asked | None:
    """The message and its sender; None for an update without both (nothing to answer)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    return Asked(message, user)


async def in_project(
    update: Update, context: TandemContext, refusal: str
) -> tuple[Message, Position] | None:
    """The message and the sender's current project; None, after saying ``refusal`` (a
    catalogue key), if none."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    found = await current(update, context)
    if found is None:
        words = await words_for(context, user)
        await message.reply_text(words.say(refusal))
        return None
    return message, found


async def known_person(
    update: Update, context: TandemContext, unknown: str
) -> tuple[Message, Person] | None:
    """The message and the person who sent it; None, after saying ``unknown`` (a catalogue
    key), if never joined."""
    who = asked(update)
    if who is None:
        return None
    person = await context.services.people.person(who.user.id)
    if person is None:
        words = await words_for(context, who.user)
        await who.message.reply_text(words.say(unknown))
        return None
    return who.message, person


async def staff_projects(context: TandemContext, telegram_id: int) -> list[str]:
    """The projects this person runs (a coordinator runs them all)."""
    services = context.services
    return await projects_run_by(services, telegram_id, await role_in(services, telegram_id))


async def staff_asked(update: Update, context: TandemContext) -> StaffAsked:
    """For a staff command: its message, who sent it and the projects they run."""
    message, user = update.effective_message, update.effective_user
    # Only called once the sender's role is checked (requires), so both are there.
    assert message is not None and user is not None
    return StaffAsked(message, user, await staff_projects(context, user.id))


async def pressed_participation(
    update: Update,
    context: TandemContext,
    project_id: str,
    active_only: bool = False,
    valid: bool = True,
) -> tuple[Participant, Project] | None:
    """The participation a button is about, the press answered; None (said stale) if gone."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    participant = await context.services.people.participant(user.id, project_id)
    project = context.services.projects.get(project_id)
    usable = valid and (participant is None or participant.active or not active_only)
    if participant is None or project is None or not usable:
        await pop_up(context, query, "STALE_BUTTON")
        return None
    await query.answer()
    return participant, project
