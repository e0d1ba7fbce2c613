"""Tandem's built-in words for one recipient, in their language, rendered when sent.

A key is the name of a constant in conversations/catalogue/ ("WELCOME", or "COMMANDS.start"
for an entry of a list or dict); an unknown key raises KeyError, and tests/test_words.py checks
every key the bot layer names. Whose language: the person's current participation's (as long
as its project still lists it), else, before they are in any project, their Telegram app's
language when Tandem has a catalogue for it, else English.
"""

from __future__ import annotations

from telegram import CallbackQuery, User

from bot.context import TandemContext
from conversations.i18n import SOURCE
from conversations.i18n.words import Words
from conversations.languages import from_telegram, spoken
from conversations.participation import Participant
from conversations.projects import Project


def project_words(
    context: TandemContext,
    project: Project,
    participant: Participant | None = None,
    language_code: str | None = None,
) -> Words:
    """Words for someone in (or joining) ``project``: their stored language while the project
    lists it; before they have one, the project's language nearest their Telegram app's."""
    if participant is not None:
        lang = spoken(participant.language, project.languages)
    else:
        lang = from_telegram(language_code, project.languages)
    catalogues = context.services.catalogues
    return Words(catalogues, catalogues.resolve(lang))


def words_in(context: TandemContext, lang: str | None) -> Words:
    """The built-in words in a language a project's texts are already being given in."""
    catalogues = context.services.catalogues
    return Words(catalogues, catalogues.resolve(lang))


async def words_for(context: TandemContext, user: User | int) -> Words:
    """Words for a person (a Telegram user, or a private chat's id, which is the user's id)."""
    participant = await context.services.people.current(user if isinstance(user, int) else user.id)
    return words_of(context, participant, user)


def words_of(context: TandemContext, participant: Participant | None, user: User | int) -> Words:
    """Words for a person whose current participation (or None) is already in hand."""
    services = context.services
    catalogues = services.catalogues
    project = services.projects.get(participant.project_id) if participant else None
    if participant is not None and project is not None:
        return project_words(context, project, participant)
    language_code = None if isinstance(user, int) else user.language_code
    return Words(catalogues, catalogues.resolve(language_code or SOURCE))


async def pop_up(context: TandemContext, query: CallbackQuery, key: str) -> None:
    """Answer a button press with a pop-up saying ``key``, in the presser's language."""
    words = await words_for(context, query.from_user)
    await query.answer(words.say(key))
