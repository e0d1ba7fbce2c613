"""Residents' messages and button presses, walked through the project's dialogue."""

from __future__ import annotations

from typing import Any, NamedTuple

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.context import TandemContext
from bot.handlers.turns import accepted, option_label, settle_choice, take_turn
from bot.replies import dialogue_data, send_replies
from conversations import catalogue
from conversations.dialogue import engine
from conversations.dialogue.engine import Back, Event, MediaAnswer, Skip, TextAnswer
from conversations.participation import Participant
from conversations.projects import Project
from storage.dialogues import DialogueProgress


class Position(NamedTuple):
    """Where a person is: their current participation, its project, its dialogue."""

    participant: Participant
    project: Project
    progress: DialogueProgress | None


async def begin(
    context: TandemContext, chat_id: int, participant: Participant, project: Project, update_id: int
) -> None:
    """Start the project's dialogue for a participant who has not started it yet."""
    dialogues = context.services.dialogues
    if await dialogues.progress(participant.id) is not None:
        return
    step = engine.begin(project.dialogue)
    await dialogues.record(
        participant.id, project.dialogue.id, step.state, step.answers, update_id, step.finished
    )
    await send_replies(context.bot, chat_id, step.replies, dialogue_data(project.id))


async def resume(
    context: TandemContext, chat_id: int, participant: Participant, project: Project
) -> None:
    """Ask the current question again (after a restart, a rejoin or a replayed update)."""
    progress = await context.services.dialogues.progress(participant.id)
    if progress is None:
        return
    if progress.finished:
        await context.bot.send_message(chat_id, catalogue.DIALOGUE_DONE)
        return
    await send_replies(
        context.bot,
        chat_id,
        engine.current_prompt(project.dialogue, progress.state),
        dialogue_data(project.id),
    )


async def apply(
    update: Update,
    context: TandemContext,
    position: Position,
    event: Event,
    quiet_refusal: bool = False,
) -> bool:
    """Feed one event to the engine, store the result, send the replies; False if refused.

    With ``quiet_refusal`` a refused event sends nothing (a button press is answered with
    a pop-up instead of new messages in the chat).
    """
    services = context.services
    chat_id = participant_chat(update)
    participant, project, progress = position
    if progress is None:
        # Consented but not started: the quoting question is still open.
        await context.bot.send_message(chat_id, catalogue.QUOTE_PENDING)
        return False
    if progress.finished:
        await context.bot.send_message(chat_id, catalogue.DIALOGUE_DONE)
        return False
    script = project.dialogue
    replayed = progress.last_update_id >= update.update_id  # applied before a crash
    if not replayed and (
        progress.script_id != script.id or not _known_position(project, progress.state)
    ):
        await services.dialogues.reset(participant.id)
        await context.bot.send_message(chat_id, catalogue.DIALOGUE_CHANGED)
        await begin(context, chat_id, participant, project, update.update_id)
        return False

    async def record(step: engine.Transition) -> None:
        await services.dialogues.record(
            participant.id, script.id, step.state, step.answers, update.update_id, step.finished
        )

    data = dialogue_data(project.id)
    step = await take_turn(
        context, chat_id, script, progress, event, update.update_id, data, record, quiet_refusal
    )
    if (
        step is not None
        and project.diary is not None
        and any(a.kind == "choice" and a.value == "diary" for a in step.answers)
    ):
        from bot.handlers import diary_settings as diary

        await diary.enrol(context, chat_id, participant, project)
    return accepted(step)


def _known_position(project: Project, state: engine.DialogueState) -> bool:
    steps = [s for s in (state.step_id, *state.history) if s]
    return all(project.dialogue.has_step(s) for s in steps)


def participant_chat(update: Update) -> int:
    """The private chat to answer in."""
    # A press on an inline message carries no chat; a private chat's id is the person's.
    chat = update.effective_chat or update.effective_user
    if chat is None:
        raise ValueError("the update has neither a chat nor a sender")
    return chat.id


async def current(update: Update, context: TandemContext) -> Position | None:
    """The person's current participation, its project and dialogue, if any (one query)."""
    user = update.effective_user
    if user is None:
        return None
    found = await context.services.dialogues.position(user.id)
    if found is None:
        return None
    project = context.services.projects.get(found[0].project_id)
    return Position(found[0], project, found[1]) if project else None


def event_from(update: Update) -> Event | None:
    """The dialogue event a message carries, or None for kinds the dialogue cannot take."""
    message = update.effective_message
    if message is None:
        return None
    if message.text is not None:
        return TextAnswer(message.text)
    if message.voice is not None:
        return MediaAnswer("voice", message.voice.file_id, message.caption)
    if message.photo:
        return MediaAnswer("photo", message.photo[-1].file_id, message.caption)
    return None


async def on_message(update: Update, context: TandemContext) -> None:
    """A resident's text, voice note or photo."""
    message = update.effective_message
    found = await current(update, context)
    event = event_from(update)
    if message is None or event is None:
        return
    if found is None:
        reply = catalogue.NO_PROJECT_YET if message.text else catalogue.NOT_UNDERSTOOD_MEDIA
        await message.reply_text(reply)
        return
    # What the message is for: an open question of ours first, then a diary entry being
    # written, then the project's dialogue.
    from bot.handlers import diary_settings as diary
    from bot.handlers import polls, update_replies
    from bot.handlers.ideas import store_idea

    pending = found.participant.pending_input
    if pending == "idea":
        await store_idea(update, context, found.participant, found.project, event)
    elif update_replies.is_reply_pending(pending):
        await update_replies.store_reply(update, context, found.participant, found.project, event)
    elif polls.awaits_followup(pending):
        await polls.store_followup(update, context, found.participant, event)
    elif pending == "diary_zone" and isinstance(event, TextAnswer):
        await diary.set_zone_from_text(update, context, found, event.text)
    elif await _entry_event(update, context, found, event) is None:
        await apply(update, context, found, event)


async def skip(update: Update, context: TandemContext) -> None:
    """/skip: skip the question (or the open idea, or the quoting question)."""
    found = await current(update, context)
    if found is None:
        await _not_in_project(update)
        return
    participant, project, progress = found
    if participant.pending_input == "idea":
        await context.services.people.set_pending_input(participant.id, None)
        await context.bot.send_message(participant_chat(update), catalogue.IDEA_SKIPPED)
        return
    from bot.handlers import polls, update_replies

    if update_replies.is_reply_pending(participant.pending_input):
        await update_replies.skip_reply(update, context, participant)
        return
    if polls.awaits_followup(participant.pending_input):
        await polls.skip_followup(update, context, participant)
        return
    if progress is None:
        await context.services.people.set_may_quote(participant.id, False)
        await context.bot.send_message(participant_chat(update), catalogue.QUOTE_NOTED_NO)
        await begin(context, participant_chat(update), participant, project, update.update_id)
        return
    if await _entry_event(update, context, found, Skip()) is None:
        await apply(update, context, found, Skip())


async def back(update: Update, context: TandemContext) -> None:
    """/back: revisit the previous question."""
    found = await current(update, context)
    if found is None:
        await _not_in_project(update)
        return
    if await _entry_event(update, context, found, Back()) is None:
        await apply(update, context, found, Back())


async def on_choice(
    update: Update, context: TandemContext, project_id: str, step_id: str, option_id: str
) -> None:
    """A dialogue button: only the current step of the current project counts."""
    query = update.callback_query
    found = await current(update, context)
    if query is None:
        return
    if found is None or found.project.id != project_id:
        await query.answer(catalogue.STALE_BUTTON)
        return
    taken = await apply(
        update, context, found, engine.ChoiceAnswer(step_id, option_id), quiet_refusal=True
    )
    label = option_label(found.project.dialogue, step_id, option_id) if taken else None
    await settle_choice(query, taken, label)


async def _entry_event(
    update: Update, context: TandemContext, found: Position, event: Event
) -> bool | None:
    """Give the event to an open diary entry, else an open check-in; None when neither."""
    from bot.handlers import checkins
    from bot.handlers import diary_entries as diary

    chat_id = participant_chat(update)
    taken = await diary.entry_event(
        context, chat_id, found.participant, found.project, event, update.update_id
    )
    if taken is None:
        taken = await checkins.response_event(
            context, chat_id, found.participant, event, update.update_id
        )
    return taken


async def _not_in_project(update: Update) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(catalogue.NO_PROJECT_YET)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /skip, /back and the message handler for answers."""
    app.add_handler(CommandHandler("skip", skip, filters=filters.ChatType.PRIVATE))
    app.add_handler(CommandHandler("back", back, filters=filters.ChatType.PRIVATE))
    answers = (filters.TEXT | filters.VOICE | filters.PHOTO) & ~filters.COMMAND
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & answers, on_message)
    )
