"""One event through a script: the project dialogue, a diary entry and a check-in answer
are walked the same way (replay check, advance, refusal, record, replies)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from telegram import CallbackQuery, Message

from bot.context import TandemContext
from bot.handlers.focus import answered, ask
from bot.replies import close_buttons, send_replies
from bot.words import pop_up, words_for, words_in
from conversations.dialogue import engine
from conversations.dialogue.engine import Button, DialogueState, Event, Skip, Transition
from conversations.dialogue.script import Script
from conversations.focus import Focus


class Walked(Protocol):
    """Someone's place in a script, as stored: the state and the update that last moved it."""

    @property
    def state(self) -> DialogueState: ...

    @property
    def last_update_id(self) -> int: ...


async def take_turn(
    context: TandemContext,
    chat_id: int,
    script: Script,
    walked: Walked,
    event: Event,
    update_id: int,
    data: Callable[[Button], str],
    record: Callable[[Transition], Awaitable[None]],
    quiet_refusal: bool = False,
    focus: Focus | None = None,
    lang: str | None = None,
) -> Transition | None:
    """Feed one event to the engine, ``record`` the result, send the replies.

    None when nothing new happened: the update was applied before a crash (the current
    question is asked again, as its replies may not have gone out), or it was refused
    with ``quiet_refusal`` (a button press is answered with a pop-up instead of messages).
    With ``focus``, the walk owns the person's next typed message while it asks, and gives
    it back when it finishes. ``lang``: the language of the script's texts.
    """
    if walked.last_update_id >= update_id:
        replies = engine.current_prompt(script, walked.state, lang)
        await send_replies(context.bot, chat_id, replies, data)
        if focus is not None and replies:
            await ask(context, chat_id, focus)
        return None
    words = words_in(context, lang) if lang else await words_for(context, chat_id)
    step = engine.advance(script, walked.state, event, lang, words)
    if step.refused and quiet_refusal:
        return None
    if not step.refused:
        await record(step)
        if isinstance(event, Skip):
            await context.bot.send_message(chat_id, words.say("SKIPPED"))
    await send_replies(context.bot, chat_id, step.replies, data)
    if focus is not None:
        if step.finished:
            await answered(context, chat_id, focus.kind)
        else:
            await ask(context, chat_id, focus)
    return step


def accepted(step: Transition | None) -> bool:
    """Whether the turn moved the person on."""
    return step is not None and not step.refused


def pressed_message(query: CallbackQuery) -> Message | None:
    """The message a button was on, when it can still be edited."""
    return query.message if isinstance(query.message, Message) else None


def option_label(
    script: Script, step_id: str, option_id: str, lang: str | None = None
) -> str | None:
    """The label of a choice step's option, to note the choice on its message."""
    if not script.has_step(step_id):
        return None
    options = script.step(step_id).options
    return next((o.label.in_(lang) for o in options if o.id == option_id), None)


async def settle_choice(
    context: TandemContext, query: CallbackQuery, taken: bool, note: str | None
) -> None:
    """Answer a choice button: a pop-up if it no longer counts, else close its buttons."""
    if not taken:
        await pop_up(context, query, "STALE_BUTTON")
        return
    await query.answer()
    await close_buttons(pressed_message(query), note)
