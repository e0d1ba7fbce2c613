"""The project's dialogue: typed answers (routed here by bot/handlers/typed.py when the
dialogue holds the person's focus) and button presses, walked by the engine."""

from __future__ import annotations

from typing import NamedTuple

from telegram import Update

from bot.context import TandemContext
from bot.handlers.focus import ask, nothing_open
from bot.handlers.turns import accepted, option_label, settle_choice, take_turn
from bot.replies import dialogue_data, send_replies
from bot.words import pop_up, project_words
from conversations import catalogue
from conversations.dialogue import engine
from conversations.dialogue.engine import Back, Event
from conversations.focus import Focus, FocusKind
from conversations.languages import spoken
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
    step = engine.begin(project.dialogue, spoken_in(participant, project))
    await dialogues.record(
        participant.id, project.dialogue.id, step.state, step.answers, update_id, step.finished
    )
    await send_replies(context.bot, chat_id, step.replies, dialogue_data(project.id))
    if not step.finished:
        await ask(context, chat_id, _focus(project))


def _focus(project: Project) -> Focus:
    return Focus(FocusKind.DIALOGUE, project.id)


async def resume(
    context: TandemContext, chat_id: int, participant: Participant, project: Project
) -> None:
    """Ask the current question again (after a restart, a rejoin or /resume)."""
    progress = await context.services.dialogues.progress(participant.id)
    if progress is None:
        return
    if progress.finished:
        words = project_words(context, project, participant)
        await context.bot.send_message(chat_id, words.say("DIALOGUE_DONE"))
        return
    await _ask_current(context, chat_id, project, progress, spoken_in(participant, project))


async def reask(context: TandemContext, chat_id: int, project_id: str) -> None:
    """After a short interruption (a "why?", an idea...), back to the dialogue's question."""
    services = context.services
    found = await services.dialogues.position(chat_id)
    person = await services.people.person(chat_id)
    if found is None or person is None or person.paused:
        return
    participant, progress = found
    project = services.projects.get(project_id)
    if project is None or participant.project_id != project_id:
        return
    if progress is None or progress.finished or progress.script_id != project.dialogue.id:
        return
    words = project_words(context, project, participant)
    await context.bot.send_message(chat_id, words.say("BACK_TO_CONVERSATION"))
    await _ask_current(context, chat_id, project, progress, spoken_in(participant, project))


def spoken_in(participant: Participant, project: Project) -> str:
    """The language the participant reads the project's own words in."""
    return spoken(participant.language, project.languages)


async def _ask_current(
    context: TandemContext,
    chat_id: int,
    project: Project,
    progress: DialogueProgress,
    lang: str,
) -> None:
    replies = engine.current_prompt(project.dialogue, progress.state, lang)
    await send_replies(context.bot, chat_id, replies, dialogue_data(project.id))
    if replies:
        await ask(context, chat_id, _focus(project))


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
    words = project_words(context, project, participant)
    if progress is None:
        # Consented but not started: the quoting question is still open.
        await context.bot.send_message(chat_id, words.say("QUOTE_PENDING"))
        return False
    if progress.finished:
        await context.bot.send_message(chat_id, words.say("DIALOGUE_DONE"))
        return False
    script = project.dialogue
    replayed = progress.last_update_id >= update.update_id  # applied before a crash
    if not replayed and (
        progress.script_id != script.id or not _known_position(project, progress.state)
    ):
        await services.dialogues.reset(participant.id)
        await context.bot.send_message(chat_id, words.say("DIALOGUE_CHANGED"))
        await begin(context, chat_id, participant, project, update.update_id)
        return False

    async def record(step: engine.Transition) -> None:
        await services.dialogues.record(
            participant.id, script.id, step.state, step.answers, update.update_id, step.finished
        )
        # What people could do or offer is kept in the offers register too (co-delivery).
        for answer in step.answers:
            asked = script.step(answer.step_id) if script.has_step(answer.step_id) else None
            theme = (asked.probe_theme if answer.probe else asked.theme) if asked else None
            if theme == "offer" and answer.kind != "skipped":
                await services.offers.from_answer(
                    participant.id, answer.kind, answer.value, update.update_id
                )

    data = dialogue_data(project.id)
    step = await take_turn(
        context,
        chat_id,
        script,
        progress,
        event,
        update.update_id,
        data,
        record,
        quiet_refusal,
        _focus(project),
        spoken_in(participant, project),
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


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """What the person typed while the dialogue's question was the one open."""
    found = await current(update, context)
    if found is None or found.project.id != focus.project_id:
        await context.services.focus.clear(participant_chat(update))
        await nothing_open(update, context, event)
        return
    taken = await apply(update, context, found, event)
    if taken and isinstance(event, Back):
        await _show_earlier_answer(update, context, found)


async def _show_earlier_answer(update: Update, context: TandemContext, found: Position) -> None:
    """After /back: what they said to the question they are back at, so they can change it."""
    progress = await context.services.dialogues.progress(found.participant.id)
    if progress is None or progress.state.step_id is None:
        return
    earlier = await context.services.dialogues.current_answer(
        found.participant.id, progress.script_id, progress.state.step_id
    )
    if earlier is None or earlier.kind == "skipped":
        return
    words = project_words(context, found.project, found.participant)
    if earlier.kind in {"text", "choice"}:
        shown = earlier.value
        if earlier.kind == "choice":
            lang = spoken_in(found.participant, found.project)
            label = option_label(found.project.dialogue, earlier.step_id, earlier.value, lang)
            shown = label or shown
        text = words.say("BACK_EARLIER_ANSWER", answer=shown[:300])
    elif earlier.kind in catalogue.BACK_EARLIER_MEDIA:
        text = words.say(f"BACK_EARLIER_MEDIA.{earlier.kind}")
    else:
        return
    await context.bot.send_message(participant_chat(update), text)


async def on_choice(
    update: Update, context: TandemContext, project_id: str, step_id: str, option_id: str
) -> None:
    """A dialogue button: only the current step of the current project counts."""
    query = update.callback_query
    found = await current(update, context)
    if query is None:
        return
    if found is None or found.project.id != project_id:
        await pop_up(context, query, "STALE_BUTTON")
        return
    taken = await apply(
        update, context, found, engine.ChoiceAnswer(step_id, option_id), quiet_refusal=True
    )
    lang = spoken_in(found.participant, found.project)
    label = option_label(found.project.dialogue, step_id, option_id, lang) if taken else None
    await settle_choice(context, query, taken, label)
