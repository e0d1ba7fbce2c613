"""Setting and closing a person's focus, and the answer when nothing is open.

The routing table itself is in bot/handlers/typed.py; every owner of a focus calls
``ask`` when it asks something that wants typed input and ``answered`` when that is done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.context import TandemContext
from bot.words import project_words, words_of
from conversations.dialogue.engine import Back, Event, Skip
from conversations.focus import Focus, FocusKind
from conversations.participation import Participant
from conversations.projects import Project


async def ask(context: TandemContext, chat_id: int, focus: Focus) -> None:
    """``focus`` now owns the person's next typed message (private chat id = their id)."""
    await context.services.focus.set(chat_id, focus)


async def answered(context: TandemContext, chat_id: int, kind: FocusKind) -> None:
    """The ``kind`` question is done; if it interrupted the dialogue, ask that again."""
    under = await context.services.focus.done(chat_id, kind)
    if under is not None and under.kind is FocusKind.DIALOGUE and under.project_id:
        from bot.handlers.dialogue import reask

        await reask(context, chat_id, under.project_id)


async def nothing_open(update: Update, context: TandemContext, event: Event) -> None:
    """Nothing was asked (or it no longer applies): say so, store nothing."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    services = context.services
    found = await services.dialogues.position(user.id)
    words = words_of(context, found[0] if found else None, user)
    if isinstance(event, Skip):
        await message.reply_text(words.say("NOTHING_TO_SKIP"))
        return
    if isinstance(event, Back):
        await message.reply_text(words.say("NOTHING_TO_GO_BACK_TO"))
        return
    person = await services.people.person(user.id)
    if found is None:
        key = "NO_PROJECT_YET" if message.text else "NOT_UNDERSTOOD_MEDIA"
    elif person is not None and person.paused:
        key = "PAUSED_NOT_KEPT"
    elif found[1] is not None and not found[1].finished:
        key = "NOT_WAITING_RESUME"
    else:
        key = "NOT_WAITING"
    await message.reply_text(words.say(key))


Store = Callable[[Participant, Project, Event], Awaitable[None]]


async def one_message_answer(
    update: Update, context: TandemContext, focus: Focus, event: Event, skipped: str, store: Store
) -> None:
    """An answer that is one message (an idea, a reply to an update, a poll's "why?"):
    /back has nowhere to go, /skip says ``skipped`` and closes it, anything else is given
    to ``store`` (which closes it with ``answered`` once it is kept)."""
    chat_id = update.effective_chat.id if update.effective_chat else 0
    services = context.services
    project = services.projects.get(focus.project_id or "")
    participant = await services.people.participant(chat_id, focus.project_id or "")
    if participant is None or project is None:  # the project or their place in it is gone
        await services.focus.clear(chat_id)
        await nothing_open(update, context, event)
    elif isinstance(event, Back):
        words = project_words(context, project, participant)
        await context.bot.send_message(chat_id, words.say("CANNOT_GO_BACK"))
    elif isinstance(event, Skip):
        await context.bot.send_message(chat_id, skipped)
        await answered(context, chat_id, focus.kind)
    else:
        await store(participant, project, event)
