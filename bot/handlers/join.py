"""/start, /join, and consent: purpose first, nothing stored before "yes"."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers import dialogue, language
from bot.handlers.asking import pressed_participation
from bot.handlers.focus import answered, ask
from bot.replies import buttons, close_buttons
from bot.words import Words, pop_up, project_words, words_for
from conversations.dialogue.engine import Event, Skip
from conversations.diary_schedule import local_now
from conversations.focus import Focus, FocusKind
from conversations.languages import from_telegram
from conversations.mydata import QUOTE_ANSWERS
from conversations.participation import Participant
from conversations.projects import Project

STAFF_PREFIX = "staff_"


async def start(update: Update, context: TandemContext) -> None:
    """/start, or /start CODE from an invite link."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if context.args:
        code = context.args[0]
        if code.startswith(STAFF_PREFIX):
            from bot.handlers.staff import redeem

            await redeem(update, context, code.removeprefix(STAFF_PREFIX))
            return
        await offer(update, context, code)
        return
    found = await dialogue.current(update, context)
    if found is None:
        words = await words_for(context, user)
        await message.reply_text(words.say("WELCOME"))
        return
    participant, project, _ = found
    words = project_words(context, project, participant)
    await message.reply_text(words.say("WELCOME_BACK", title=project.title.in_(words.lang)))
    await dialogue.resume(context, message.chat_id, participant, project)


async def join(update: Update, context: TandemContext) -> None:
    """/join CODE, for people who were given a code rather than a link."""
    if update.effective_message is None or update.effective_user is None:
        return
    if not context.args:
        words = await words_for(context, update.effective_user)
        await update.effective_message.reply_text(words.say("JOIN_NEEDS_CODE"))
        return
    await offer(update, context, context.args[0])


async def offer(update: Update, context: TandemContext, code: str) -> None:
    """Introduce the project in plain words and ask for consent (stores nothing)."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    services = context.services
    project = services.projects.by_invite_code(code)
    if project is None:
        words = await words_for(context, user)
        await message.reply_text(words.say("UNKNOWN_CODE", code=code[:64]))
        return
    participant = await services.people.participant(user.id, project.id)
    # The language they have, or will have, in this project.
    words = project_words(context, project, participant, user.language_code)
    if not project.is_open(local_now(services.clock.now(), project.timezone).date()):
        await message.reply_text(words.say("PROJECT_CLOSED", title=project.title.in_(words.lang)))
        return
    if participant is not None and _already_agreed(participant, project):
        await services.people.set_current(user.id, project.id)
        await message.reply_text(words.say("ALREADY_IN", title=project.title.in_(words.lang)))
        progress = await services.dialogues.progress(participant.id)
        if progress is None:
            await ask_quote(context, message.chat_id, project, words)
        else:
            await dialogue.resume(context, message.chat_id, participant, project)
        return
    if participant and participant.active:
        await message.reply_text(words.say("CONSENT_RENEW", title=project.title.in_(words.lang)))
    else:
        # The funnel's first step: a bare count, nothing about who opened the invite.
        await services.project_rows.note_invite_opened(project.id)
    await message.reply_text(project.introduction(words.lang))
    await message.reply_text(
        words.say("CONSENT_QUESTION"), reply_markup=consent_buttons(project, words)
    )


def consent_buttons(project: Project, words: Words) -> Any:
    """Agree / tell me more / not now, tied to this version of the project's terms."""

    def data(answer: str) -> str:
        return encode("consent", project.id, project.consent_version, answer)

    return buttons(
        [
            (words.say("CONSENT_YES"), data("yes")),
            (words.say("CONSENT_MORE"), data("more")),
            (words.say("CONSENT_LATER"), data("no")),
        ]
    )


async def on_consent(
    update: Update, context: TandemContext, project_id: str, version: str, answer: str
) -> None:
    """The consent buttons."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    project = services.projects.get(project_id)
    if (
        project is None
        or version != str(project.consent_version)
        or answer not in {"yes", "more", "no"}
    ):
        await pop_up(context, query, "STALE_BUTTON")
        return
    chat_id = dialogue.participant_chat(update)
    earlier = await services.people.participant(user.id, project.id)
    words = project_words(context, project, earlier, user.language_code)
    if (
        answer == "yes"
        and _already_agreed(earlier, project)
        and await _asked_next(context, user.id, earlier, project)
    ):
        # A second tap on "Yes" (or on an older copy of the question): nothing new to do.
        await query.answer(words.say("ALREADY_AGREED"))
        await close_buttons(query_message(query))
        return
    await query.answer()
    if answer == "more":
        # Only one live copy of the question: the one sent with the longer explanation.
        await close_buttons(query_message(query), words.say("CONSENT_MORE"))
        text = words.say(
            "CONSENT_MORE_TEXT",
            pseudonym="P-7F3K",
            cap=project.max_messages_per_week,
            quiet=project.quiet_hours,
        )
        await context.bot.send_message(chat_id, text, reply_markup=consent_buttons(project, words))
        return
    if answer == "no":
        await close_buttons(query_message(query), words.say("CONSENT_LATER"))
        await context.bot.send_message(chat_id, words.say("CONSENT_DECLINED"))
        return
    participant = await services.people.consent(
        user.id,
        user.first_name,
        project.id,
        project.consent_version,
        project.invite_code,
        from_telegram(user.language_code, project.languages),
    )
    words = project_words(context, project, participant)
    await close_buttons(query_message(query), words.say("CONSENT_YES"))
    await language.welcome(context, chat_id, participant, project)
    if await services.dialogues.progress(participant.id) is None:
        await ask_quote(context, chat_id, project, words)
    else:
        # Back after leaving (or new terms): pick up the conversation where it was.
        await dialogue.resume(context, chat_id, participant, project)


def _already_agreed(participant: Participant | None, project: Project) -> bool:
    """Taking part, having consented to these terms."""
    return (
        participant is not None
        and participant.active
        and participant.consent_version >= project.consent_version
    )


async def _asked_next(
    context: TandemContext, telegram_id: int, participant: Participant | None, project: Project
) -> bool:
    """Already asked the next thing after consent (quoting, or the dialogue)."""
    services = context.services
    if participant is None:
        return False
    focus = await services.focus.get(telegram_id)
    asked_next = focus is not None and focus.project_id == project.id
    return asked_next or await services.dialogues.progress(participant.id) is not None


# Each answer about quoting: its button's label, and what is said once it is chosen (keys).
QUOTE_LABELS = {"anon": "QUOTE_YES", "name": "QUOTE_NAMED", "no": "QUOTE_NO"}
QUOTE_NOTED = {"anon": "QUOTE_NOTED_YES", "name": "QUOTE_NOTED_NAMED", "no": "QUOTE_NOTED_NO"}


def quote_buttons(kind: str, project_id: str, words: Words) -> Any:
    """The three answers about quoting: without my name, with my first name, not at all."""
    return buttons(
        [(words.say(label), encode(kind, project_id, a)) for a, label in QUOTE_LABELS.items()]
    )


async def ask_quote(context: TandemContext, chat_id: int, project: Project, words: Words) -> None:
    """Ask whether the person's words may be quoted, and whether with their first name."""
    await context.bot.send_message(
        chat_id, words.say("QUOTE_QUESTION"), reply_markup=quote_buttons("quote", project.id, words)
    )
    await ask(context, chat_id, Focus(FocusKind.QUOTE, project.id))


async def store_quoting(
    update: Update, context: TandemContext, project_id: str, answer: str, *, joining: bool
) -> tuple[Participant, Project, str] | None:
    """Store the answer a quoting button gives; None (and a pop-up) if it no longer applies.

    ``joining``: the question asked after consent, which only active participants answer.
    """
    query = update.callback_query
    assert query is not None
    services = context.services
    # Buttons sent before there were three answers said "yes" for "anon".
    answer = "anon" if answer == "yes" else answer
    found = await pressed_participation(
        update, context, project_id, active_only=joining, valid=answer in QUOTE_ANSWERS
    )
    if found is None:
        return None
    participant, project = found
    await services.people.set_may_quote(participant.id, *QUOTE_ANSWERS[answer])
    words = project_words(context, project, participant)
    await close_buttons(query_message(query), words.say(QUOTE_LABELS[answer]))
    return participant, project, answer


async def on_quote(update: Update, context: TandemContext, project_id: str, answer: str) -> None:
    """The quoting buttons after consent; then the dialogue begins."""
    stored = await store_quoting(update, context, project_id, answer, joining=True)
    if stored is None:
        return
    participant, project, answer = stored
    chat_id = dialogue.participant_chat(update)
    words = project_words(context, project, participant)
    await context.bot.send_message(chat_id, words.say(QUOTE_NOTED[answer]))
    await answered(context, chat_id, FocusKind.QUOTE)
    await dialogue.begin(context, chat_id, participant, project, update.update_id)


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """Typed while the quoting question is open: /skip means "don't quote me"."""
    services = context.services
    chat_id = dialogue.participant_chat(update)
    project = services.projects.get(focus.project_id or "")
    participant = (
        await services.people.participant(chat_id, project.id) if project is not None else None
    )
    if project is None or participant is None:
        await services.focus.clear(chat_id)
        return
    words = project_words(context, project, participant)
    if not isinstance(event, Skip):
        await context.bot.send_message(chat_id, words.say("QUOTE_PENDING"))
        return
    await services.people.set_may_quote(participant.id, False)
    await context.bot.send_message(chat_id, words.say("QUOTE_NOTED_NO"))
    await answered(context, chat_id, FocusKind.QUOTE)
    await dialogue.begin(context, chat_id, participant, project, update.update_id)


def query_message(query: Any) -> Any:
    """The message a button was on, if it is still a text message that can be edited."""
    message = query.message
    return message if message is not None and hasattr(message, "text") else None


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /start and /join."""
    app.add_handler(CommandHandler("start", start, filters=filters.ChatType.PRIVATE))
    app.add_handler(CommandHandler("join", join, filters=filters.ChatType.PRIVATE))
